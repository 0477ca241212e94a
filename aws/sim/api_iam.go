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
	size := 100
	if n := in.MaxItems; n != nil {
		if *n < 1 || *n > 1000 {
			return nil, apiErr("ValidationError", "1 validation error detected: Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000", *n)
		}
		size = int(*n)
	}
	off, ok := parseToken("iamalias", in.Marker)
	if !ok {
		return nil, apiErr("ValidationError", "Invalid Marker: %s", aws.ToString(in.Marker))
	}
	page, next := pageOf("iamalias", []string{AccountAlias}, off, size)
	return &iam.ListAccountAliasesOutput{AccountAliases: page, IsTruncated: next != nil, Marker: next}, nil
}
