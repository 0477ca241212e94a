package aws

import (
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/solemate/hoist/model"
)

// TestMaybeApplied: which failures of a mutating call are journaled as
// "outcome unknown" (verify in AWS) rather than "failed".
func TestMaybeApplied(t *testing.T) {
	dial := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	read := &net.OpError{Op: "read", Err: errors.New("connection reset")}
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"validation before sending", &model.ValidationError{Msg: "policy gone"}, false},
		{"refused by AWS", &Error{Kind: ErrAWS, Status: 400, Code: "ValidationError"}, false},
		{"no credentials", &Error{Kind: ErrNoCredentials}, false},
		{"connection refused", &Error{Kind: ErrUnreachable, cause: dial}, false},
		{"connection reset", &Error{Kind: ErrUnreachable, cause: read}, true},
		{"timeout", &Error{Kind: ErrTimeout}, true},
		{"gateway 504", &Error{Kind: ErrAWS, Status: 504}, true},
		{"500 InternalFailure", &Error{Kind: ErrServer, Status: 500, Code: "InternalFailure"}, true},
		{"503 ServiceUnavailable", &Error{Kind: ErrServer, Status: 503, Code: "ServiceUnavailable"}, true},
		{"502 from a gateway", &Error{Kind: ErrServer, Status: 502}, true},
		{"throttled (400)", &Error{Kind: ErrThrottled, Status: 400, Code: "Throttling"}, false},
		{"access denied (403)", &Error{Kind: ErrAccessDenied, Status: 403, Code: "AccessDenied"}, false},
		{"not found (404)", &Error{Kind: ErrAWS, Status: 404, Code: "TargetGroupNotFound"}, false},
		{"conflict (409)", &Error{Kind: ErrAWS, Status: 409, Code: "ResourceInUse"}, false},
		{"2xx the SDK could not read", &Error{Kind: ErrAWS, Status: 200}, true},
		{"an error hoist cannot place", errors.New("something else"), true},
	} {
		if got := maybeApplied(c.err); got != c.want {
			t.Errorf("%s: maybeApplied = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestClassifyRegionRefusal: a signature scoped to a region the endpoint
// does not serve is the region's fault, not the keys': the sentence says
// so, where SignatureDoesNotMatch alone reads as rejected credentials.
func TestClassifyRegionRefusal(t *testing.T) {
	for _, c := range []struct {
		code, msg, want string
		kind            error
	}{
		{"SignatureDoesNotMatch", "Credential should be scoped to a valid region, not 'us-east-7'.", "the endpoint does not serve this region", ErrNoRegion},
		{"InvalidSignatureException", "Credential should be scoped to a valid region, not 'us-east-7'.", "the endpoint does not serve this region", ErrNoRegion},
		{"SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.", "credentials rejected", ErrExpired},
	} {
		err := classify("autoscaling:DescribeAutoScalingGroups", &smithy.GenericAPIError{Code: c.code, Message: c.msg})
		if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: %v; want %q", c.code, c.msg, err, c.want)
		}
	}
}
