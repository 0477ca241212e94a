package wire

import (
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"

	smithy "github.com/aws/smithy-go"
)

// Call.Protocol values.
const (
	protoAWSQuery = "awsquery"
	protoEC2Query = "ec2query"
	protoJSON     = "json1.0"
	protoJSON11   = "json1.1"
	protoCBOR     = "rpcv2cbor"
	protoQuery    = "query" // CloudWatch's awsquery, as moto speaks it
)

// protocol is one wire protocol: where a request names its operation, how
// its input is read, and how results and errors are written back.
type protocol interface {
	name() string
	contentType() string
	// locate finds the operation, and a hint naming the service (a target
	// prefix or an API version) for requests without a credential scope.
	locate(r *http.Request, req *request) (hint, op string, err error)
	// accept checks that the routed service speaks this protocol and
	// settles the dialect (awsquery, ec2query or CloudWatch's query).
	accept(req *request) error
	decoder(req *request) (smithy.ShapeDeserializer, error)
	encodeResult(req *request, op *operation, out reflect.Value) []byte
	encodeError(req *request, e *wireError) []byte
	// malformed wraps an input that did not fit its shape.
	malformed(err error) error
}

// serviceMeta is what the SDK clients do not expose by reflection: the API
// version, XML namespace and JSON/CBOR service name of each service.
type serviceMeta struct {
	name            string // signing name
	version         string
	xmlns           string // "" if the service has no query protocol
	target          string // JSON/CBOR service name; "" if the service has neither protocol
	namespace       string // Smithy namespace, for "__type"
	json            string // awsJson version, "1.0" or "1.1", with target
	cbor            bool   // also speaks rpcv2-CBOR
	ec2             bool
	queryCompatible bool // errors also carry X-Amzn-Query-Error
}

var knownServices = map[string]serviceMeta{
	"autoscaling": {name: "autoscaling", version: "2011-01-01",
		xmlns: "http://autoscaling.amazonaws.com/doc/2011-01-01/"},
	"elasticloadbalancing": {name: "elasticloadbalancing", version: "2015-12-01",
		xmlns: "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"},
	"sts": {name: "sts", version: "2011-06-15",
		xmlns: "https://sts.amazonaws.com/doc/2011-06-15/"},
	"iam": {name: "iam", version: "2010-05-08",
		xmlns: "https://iam.amazonaws.com/doc/2010-05-08/"},
	"ec2": {name: "ec2", version: "2016-11-15", ec2: true,
		xmlns: "http://ec2.amazonaws.com/doc/2016-11-15/"},
	"monitoring": {name: "monitoring", version: "2010-08-01", queryCompatible: true,
		xmlns:     "http://monitoring.amazonaws.com/doc/2010-08-01/",
		target:    "GraniteServiceVersion20100801",
		namespace: "com.amazonaws.cloudwatch", json: "1.0", cbor: true},
	"acm": {name: "acm", version: "2015-12-08",
		target: "CertificateManager", namespace: "com.amazonaws.acm", json: "1.1"},
}

func knownNames() string {
	return strings.Join(slices.Sorted(maps.Keys(knownServices)), ", ")
}

// guessProtocol picks the protocol from the request's shape, before the
// service is known: a CBOR path or header, an X-Amz-Target header, or else a
// form.
func guessProtocol(r *http.Request) protocol {
	switch {
	case strings.HasPrefix(r.URL.Path, "/service/") || strings.EqualFold(r.Header.Get("Smithy-Protocol"), "rpc-v2-cbor"):
		return &rpcProtocol{cbor: true}
	case r.Header.Get("X-Amz-Target") != "":
		return &rpcProtocol{}
	default:
		return &queryProtocol{dialect: protoAWSQuery}
	}
}
