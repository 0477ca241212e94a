package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/encoding/cbor"
)

// rpcProtocol is awsJson 1.0 or 1.1 (X-Amz-Target: Service.Op; the version
// is the service's) or, with cbor set, rpcv2-CBOR (POST
// /service/Service/operation/Op).
type rpcProtocol struct {
	cbor    bool
	version string // awsJson version once the service is known; "" reads as 1.0
}

func (p *rpcProtocol) name() string {
	switch {
	case p.cbor:
		return protoCBOR
	case p.version == "1.1":
		return protoJSON11
	}
	return protoJSON
}

func (p *rpcProtocol) contentType() string {
	switch {
	case p.cbor:
		return "application/cbor"
	case p.version == "1.1":
		return "application/x-amz-json-1.1"
	}
	return "application/x-amz-json-1.0"
}

func (p *rpcProtocol) locate(r *http.Request, _ *request) (string, string, error) {
	if !p.cbor {
		svc, op, _ := strings.Cut(r.Header.Get("X-Amz-Target"), ".")
		return svc, op, nil
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/service/")
	svc, op, ok2 := strings.Cut(rest, "/operation/")
	if !ok || !ok2 || strings.Contains(op, "/") {
		return "", "", unknownOperation(p, fmt.Sprintf("path %q is not /service/{service}/operation/{operation}", r.URL.Path))
	}
	return svc, op, nil
}

func (p *rpcProtocol) accept(req *request) error {
	if req.svc.target == "" || (p.cbor && !req.svc.cbor) {
		return unknownOperation(p, fmt.Sprintf("%s does not speak %s", req.svc.name, p.name()))
	}
	if !p.cbor {
		p.version = req.svc.json
	}
	return nil
}

func (p *rpcProtocol) decoder(req *request) (smithy.ShapeDeserializer, error) {
	root, err := p.parse(req.body)
	if err != nil {
		return nil, p.malformed(err)
	}
	return newTreeDecoder(docDialect, root), nil
}

func (p *rpcProtocol) parse(body []byte) (cbor.Value, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return cbor.Map{}, nil
	}
	if p.cbor {
		v, err := cbor.Decode(body)
		if err != nil {
			return nil, fmt.Errorf("body is not CBOR: %w", err)
		}
		return v, nil
	}
	return parseJSON(body)
}

func (p *rpcProtocol) malformed(err error) error {
	return clientError("SerializationException", err)
}

// parseJSON reads a JSON document into the same tree CBOR decodes to.
func parseJSON(body []byte) (cbor.Value, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("body is not JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("body is not JSON: data after the document")
	}
	return fromJSON(v), nil
}

func fromJSON(v any) cbor.Value {
	switch x := v.(type) {
	case map[string]any:
		m := make(cbor.Map, len(x))
		for k, e := range x {
			m[k] = fromJSON(e)
		}
		return m
	case []any:
		l := make(cbor.List, len(x))
		for i, e := range x {
			l[i] = fromJSON(e)
		}
		return l
	case string:
		return cbor.String(x)
	case bool:
		return cbor.Bool(x)
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return intValue(n)
		}
		f, _ := x.Float64() // out of range reads as ±Inf, which fits no member
		return cbor.Float64(f)
	}
	return &cbor.Nil{}
}

func (p *rpcProtocol) encodeResult(_ *request, op *operation, out reflect.Value) []byte {
	s := &docSerializer{json: !p.cbor}
	op.serialize(s, out)
	if p.cbor {
		return s.Bytes()
	}
	return s.JSON()
}

// encodeError writes {"__type": ..., "message": ...}; CloudWatch's query
// code travels in the X-Amzn-Query-Error header the server adds. awsJson 1.1
// names the shape without its namespace, as those services answer.
func (p *rpcProtocol) encodeError(_ *request, e *wireError) []byte {
	typ := e.typ
	if p.version == "1.1" {
		if _, name, ok := strings.Cut(typ, "#"); ok {
			typ = name
		}
	}
	s := &docSerializer{json: !p.cbor, root: cbor.Map{
		"__type":  cbor.String(typ),
		"message": cbor.String(e.message),
	}}
	if p.cbor {
		return s.Bytes()
	}
	return s.JSON()
}
