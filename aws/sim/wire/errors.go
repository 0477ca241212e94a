package wire

import (
	"errors"
	"fmt"
	"net/http"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/traits"
)

// Errorf returns a client-fault API error with an AWS error code, for
// handlers to return: wire.Errorf("ValidationError", "max %d < min %d", max, min).
func Errorf(code string, format string, args ...any) *smithy.GenericAPIError {
	return &smithy.GenericAPIError{Code: code, Message: fmt.Sprintf(format, args...), Fault: smithy.FaultClient}
}

// wireError is an error as answered on the wire. It is what Hooks.Observe
// sees; Unwrap gives the handler's own error, if any.
type wireError struct {
	code    string
	message string
	fault   smithy.ErrorFault
	status  int
	typ     string // "__type" in JSON and CBOR: a Smithy shape id, or the code
	cause   error
}

func (e *wireError) Error() string                 { return e.code + ": " + e.message }
func (e *wireError) ErrorCode() string             { return e.code }
func (e *wireError) ErrorMessage() string          { return e.message }
func (e *wireError) ErrorFault() smithy.ErrorFault { return e.fault }
func (e *wireError) Unwrap() error                 { return e.cause }

func (e *wireError) faultName() string {
	if e.fault == smithy.FaultServer {
		return "Receiver"
	}
	return "Sender"
}

// statusByCode holds the AWS error codes whose HTTP status is not the
// default: 400 for client faults, 500 for server faults.
var statusByCode = map[string]int{
	"AccessDenied":                403,
	"AccessDeniedException":       403,
	"AuthFailure":                 403,
	"UnauthorizedOperation":       403,
	"InvalidClientTokenId":        403,
	"SignatureDoesNotMatch":       403,
	"InvalidSignatureException":   403,
	"ResourceNotFound":            404,
	"ResourceNotFoundException":   404,
	"RequestLimitExceeded":        503,
	"ServiceUnavailable":          503,
	"ServiceUnavailableException": 503,
	"Unavailable":                 503,
	"InternalFailure":             500,
	"InternalError":               500,
	"InternalServiceError":        500,
}

func statusFor(code string, fault smithy.ErrorFault) int {
	if s, ok := statusByCode[code]; ok {
		return s
	}
	if fault == smithy.FaultServer {
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// toWireError maps a handler's (or a hook's) error to what is answered. API
// errors keep their code and message; the SDK's modelled errors also their
// awsQueryError code, status and shape id. Anything else is an internal
// failure whose details stay on the server.
func toWireError(err error) *wireError {
	var we *wireError
	if errors.As(err, &we) {
		return we
	}
	var api smithy.APIError
	if !errors.As(err, &api) {
		return &wireError{code: "InternalFailure", fault: smithy.FaultServer, typ: "InternalFailure",
			status: http.StatusInternalServerError, cause: err,
			message: "The request processing has failed because of an unknown error, exception or failure."}
	}
	e := &wireError{code: api.ErrorCode(), message: api.ErrorMessage(), fault: api.ErrorFault(),
		typ: api.ErrorCode(), cause: err}
	if ser, ok := api.(smithy.Serializable); ok {
		e.modelled(recordSchema(ser))
	}
	if e.status == 0 {
		e.status = statusFor(e.code, e.fault)
	}
	return e
}

// modelled takes the shape id, the HTTP status (httpError, else the
// fault's default), and the query code and status unless the code was
// overridden, from a modelled error's schema.
func (e *wireError) modelled(s *smithy.Schema) {
	if s == nil {
		return
	}
	e.typ = s.ID().String()
	e.status = http.StatusBadRequest
	if e.fault == smithy.FaultServer {
		e.status = http.StatusInternalServerError
	}
	if t, ok := smithy.SchemaTrait[*traits.HTTPError](s); ok {
		e.status = t.Code
	}
	if t, ok := smithy.SchemaTrait[*traits.AWSQueryError](s); ok && e.code == s.ID().Name {
		e.code, e.status = t.ErrorCode, t.StatusCode
	}
}

// unknownOperation is the protocol's answer to an operation (or service)
// the server does not serve.
func unknownOperation(p protocol, msg string) *wireError {
	code := "InvalidAction"
	if _, ok := p.(*rpcProtocol); ok {
		code = "UnknownOperationException"
	}
	return &wireError{code: code, typ: code, message: msg, fault: smithy.FaultClient, status: http.StatusBadRequest}
}

func clientError(code string, err error) *wireError {
	return &wireError{code: code, typ: code, message: err.Error(), fault: smithy.FaultClient,
		status: http.StatusBadRequest, cause: err}
}
