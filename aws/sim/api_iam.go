package sim

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// iamAPI answers the one IAM call hoist makes: the account alias, the name
// an engineer recognises an account by.
type iamAPI struct{ s *Simulator }

// AccountAlias is the simulated account's alias.
const AccountAlias = "hoist-simulator"

func (iamAPI) ListAccountAliases(ctx context.Context, in *iam.ListAccountAliasesInput) (*iam.ListAccountAliasesOutput, error) {
	off, size, err := iamPage("iamalias", in.MaxItems, in.Marker)
	if err != nil {
		return nil, err
	}
	page, next := pageOf("iamalias", []string{AccountAlias}, off, size)
	return &iam.ListAccountAliasesOutput{AccountAliases: page, IsTruncated: next != nil, Marker: next}, nil
}

// iamPage reads an IAM list call's MaxItems (1-1000, default 100) and
// Marker.
func iamPage(op string, maxItems *int32, marker *string) (off, size int, err error) {
	size = 100
	if n := maxItems; n != nil {
		if *n < 1 || *n > 1000 {
			return 0, 0, apiErr("ValidationError", "1 validation error detected: Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000", *n)
		}
		size = int(*n)
	}
	off, ok := parseToken(op, marker)
	if !ok {
		return 0, 0, apiErr("ValidationError", "Invalid Marker: %s", aws.ToString(marker))
	}
	return off, size, nil
}
