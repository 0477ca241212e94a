package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/solemate/hoist/model"
)

// Kinds of failure an operator can act on. Test with errors.Is.
var (
	ErrNoCredentials = errors.New("no credentials")
	ErrUnreachable   = errors.New("endpoint unreachable")
	ErrThrottled     = errors.New("throttled")
	ErrAccessDenied  = errors.New("access denied")
	ErrExpired       = errors.New("credentials expired")
	ErrUnknownGroup  = errors.New("unknown group")
	ErrTimeout       = errors.New("no answer in time")
	ErrServer        = errors.New("AWS server error")
	ErrAWS           = errors.New("AWS refused the request")
	ErrUnsupported   = errors.New("operation not supported by the endpoint")
)

// Error is a failed call, worded for a human. Kind is one of the Err*
// values above; Code and RequestID are AWS's, when it answered.
type Error struct {
	Kind      error
	Op        string // "autoscaling:SetDesiredCapacity"
	Code      string
	RequestID string
	Status    int // HTTP status, 0 when no answer came
	Msg       string
	cause     error
}

func (e *Error) Error() string   { return e.Msg }
func (e *Error) Unwrap() error   { return e.cause }
func (e *Error) Is(t error) bool { return t == e.Kind }

// OutcomeUnknown reports whether the call may or may not have applied:
// the console asks this of an error without importing the adapter.
func (e *Error) OutcomeUnknown() bool { return e.Kind == ErrOutcomeUnknown }

var (
	throttleCodes = map[string]bool{
		"Throttling": true, "ThrottlingException": true, "ThrottledException": true,
		"RequestThrottledException": true, "TooManyRequestsException": true,
		"RequestLimitExceeded": true, "RequestThrottled": true, "SlowDown": true,
		"EC2ThrottledException": true, "PriorRequestNotComplete": true,
	}
	deniedCodes = map[string]bool{
		"AccessDenied": true, "AccessDeniedException": true, "UnauthorizedOperation": true,
		"UnauthorizedAccess": true, "AuthorizationError": true,
	}
	expiredCodes = map[string]bool{
		"ExpiredToken": true, "ExpiredTokenException": true, "TokenRefreshRequired": true,
	}
	badCredsCodes = map[string]bool{
		"InvalidClientTokenId": true, "UnrecognizedClientException": true,
		"SignatureDoesNotMatch": true, "AuthFailure": true, "InvalidAccessKeyId": true,
	}
	unsupportedCodes = map[string]bool{
		"InvalidAction": true, "UnknownOperationException": true, "NotImplemented": true,
		"UnsupportedOperation": true,
	}
)

const expiredMsg = "credentials expired: refresh them (aws sso login / new keys); hoist will pick them up"

func isExpired(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && (expiredCodes[ae.ErrorCode()] || badCredsCodes[ae.ErrorCode()])
}

// IsThrottled reports whether err is AWS throttling hoist.
func IsThrottled(err error) bool { return errors.Is(err, ErrThrottled) }

// classify turns an SDK error into an *Error with a plain sentence. op is
// the IAM action name, used in the sentence. Errors already classified,
// and context cancellation by the caller, pass through.
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	var he *Error
	if errors.As(err, &he) {
		return err
	}
	e := &Error{Op: op, cause: err}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		e.RequestID = re.ServiceRequestID()
		e.Status = re.HTTPStatusCode()
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		e.Code = ae.ErrorCode()
	}
	msg := apiMessage(err)
	var oe *net.OpError
	switch {
	case expiredCodes[e.Code]:
		e.Kind, e.Msg = ErrExpired, expiredMsg
	case strings.Contains(msg, "scoped to a valid region"):
		// AWS's answer to a signature for a region the endpoint does not
		// serve: the region is the problem, not the keys.
		e.Kind, e.Msg = ErrNoRegion, fmt.Sprintf("the endpoint does not serve this region (%s: %s)", e.Code, msg)
	case badCredsCodes[e.Code]:
		e.Kind, e.Msg = ErrExpired, "credentials rejected ("+e.Code+"): refresh them (aws sso login / new keys); hoist will pick them up"
	case throttleCodes[e.Code]:
		e.Kind, e.Msg = ErrThrottled, fmt.Sprintf("AWS throttled %s (%s); the account's API rate is shared by every tool, so wait a little", op, e.Code)
	case deniedCodes[e.Code]:
		e.Kind, e.Msg = ErrAccessDenied, fmt.Sprintf("access denied for %s: the role needs that permission (see docs/iam/)", op)
	case unsupportedCodes[e.Code] || (e.Status == 404 && e.Code != "" && !strings.Contains(e.Code, "NotFound")):
		e.Kind, e.Msg = ErrUnsupported, fmt.Sprintf("%s is not supported by this endpoint (%s)", op, e.Code)
	case errors.As(err, &oe) && oe.Op == "dial":
		e.Kind, e.Msg = ErrUnreachable, fmt.Sprintf("endpoint unreachable (%s): check --endpoint-url, the network or a proxy", dialTarget(oe))
	case isNoCredentials(err) && strings.Contains(strings.ToLower(err.Error()), "expired"):
		// An SSO session or cached role credentials that ran out.
		e.Kind, e.Msg = ErrExpired, expiredMsg
	case isNoCredentials(err):
		e.Kind, e.Msg = ErrNoCredentials, "no AWS credentials found: set AWS_PROFILE or --profile, run aws sso login, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
	case errors.Is(err, context.Canceled):
		e.Kind, e.Msg = ErrTimeout, fmt.Sprintf("%s was cancelled before AWS answered", op)
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		e.Kind, e.Msg = ErrTimeout, fmt.Sprintf("no answer from AWS to %s in time", op)
	case e.Status >= 500:
		e.Kind = ErrServer
		e.Msg = fmt.Sprintf("AWS answered %d to %s", e.Status, op)
		if e.Code != "" {
			e.Msg += " (" + e.Code + ")"
		}
	case e.Code != "":
		e.Kind, e.Msg = ErrAWS, fmt.Sprintf("%s refused: %s: %s", op, e.Code, msg)
	case isConnectionLost(err):
		e.Kind, e.Msg = ErrUnreachable, fmt.Sprintf("connection to AWS lost during %s", op)
	default:
		e.Kind, e.Msg = ErrAWS, fmt.Sprintf("%s failed: %v", op, err)
	}
	return e
}

// apiMessage is AWS's own message, without the SDK's wrapping.
func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorMessage() != "" {
		return ae.ErrorMessage()
	}
	return err.Error()
}

func isNoCredentials(err error) bool {
	s := err.Error()
	return strings.Contains(s, "retrieve credentials") || strings.Contains(s, "no credential provider") ||
		strings.Contains(s, "static credentials are empty") || strings.Contains(s, "no EC2 IMDS role found") ||
		strings.Contains(s, "failed to refresh cached credentials")
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isConnectionLost(err error) bool {
	s := err.Error()
	return strings.Contains(s, "EOF") || strings.Contains(s, "connection reset") ||
		strings.Contains(s, "broken pipe") || strings.Contains(s, "server closed")
}

func dialTarget(oe *net.OpError) string {
	if oe.Addr != nil {
		return oe.Addr.String()
	}
	return oe.Err.Error()
}

// maybeApplied reports whether a failed mutating call may have been applied
// anyway: it was written to the wire and no AWS answer came back (timeout,
// dropped connection), AWS or a gateway in between answered with a server
// error (5xx: the change may have applied before the failure), or AWS
// answered success in a body the SDK could not read. A 4xx is AWS refusing
// the request, which applies nothing. An error hoist raised itself before
// sending (a ValidationError) applied nothing; any other error it cannot
// place may have.
func maybeApplied(err error) bool {
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		return false
	}
	var e *Error
	if !errors.As(err, &e) {
		return true
	}
	switch {
	case e.Status >= 200 && e.Status < 300:
		return true
	case errors.Is(e, ErrNoCredentials), errors.Is(e, ErrExpired):
		return false // never signed, or refused before applying
	case e.Kind == ErrUnreachable:
		var oe *net.OpError
		return !(errors.As(e.cause, &oe) && oe.Op == "dial") // refused connections sent nothing
	case e.Kind == ErrTimeout:
		return true
	case e.Status >= 500:
		return true
	}
	return false
}
