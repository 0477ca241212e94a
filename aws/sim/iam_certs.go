package sim

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// ListServerCertificates lists the account's IAM server certificates, the
// certificates listeners served before ACM. The simulated account has
// none (its listeners serve ACM certificates), so the list is empty; the
// path prefix and paging are checked as IAM checks them.
func (iamAPI) ListServerCertificates(ctx context.Context, in *iam.ListServerCertificatesInput) (*iam.ListServerCertificatesOutput, error) {
	if p := aws.ToString(in.PathPrefix); in.PathPrefix != nil && (p == "" || len(p) > 512 || !strings.HasPrefix(p, "/")) {
		return nil, apiErr("ValidationError", "1 validation error detected: Value '%s' at 'pathPrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*", p)
	}
	off, size, err := iamPage("iamcerts", in.MaxItems, in.Marker)
	if err != nil {
		return nil, err
	}
	page, next := pageOf("iamcerts", []iamtypes.ServerCertificateMetadata{}, off, size)
	return &iam.ListServerCertificatesOutput{ServerCertificateMetadataList: page, IsTruncated: next != nil, Marker: next}, nil
}
