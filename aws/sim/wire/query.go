package wire

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/encoding/cbor"
)

// queryProtocol is awsquery, ec2query and CloudWatch's query: a form with
// Action and Version in, XML out.
type queryProtocol struct {
	dialect string // protoAWSQuery, protoEC2Query or protoQuery
}

func (p *queryProtocol) name() string        { return p.dialect }
func (p *queryProtocol) contentType() string { return "text/xml" }

// locate reads the form (body and URL query) for Action and Version.
func (p *queryProtocol) locate(r *http.Request, req *request) (string, string, error) {
	form, err := url.ParseQuery(string(req.body))
	if err != nil {
		return "", "", clientError("MalformedQueryString", fmt.Errorf("request body is not a form: %w", err))
	}
	for k, v := range r.URL.Query() {
		form[k] = append(form[k], v...)
	}
	req.form = form
	op := form.Get("Action")
	if op == "" {
		return "", "", clientError("MissingAction", fmt.Errorf("no Action parameter"))
	}
	return form.Get("Version"), op, nil
}

// accept refuses other API versions (classic ELB shares elbv2's signing
// name) and settles the dialect.
func (p *queryProtocol) accept(req *request) error {
	if req.svc.xmlns == "" {
		return unknownOperation(p, fmt.Sprintf("%s does not speak %s", req.svc.name, p.name()))
	}
	if v := req.form.Get("Version"); v != "" && v != req.svc.version {
		return clientError("NoSuchVersion", fmt.Errorf("%s API version %s is not served, only %s", req.svc.name, v, req.svc.version))
	}
	switch {
	case req.svc.ec2:
		p.dialect = protoEC2Query
	case req.svc.target != "":
		p.dialect = protoQuery
	}
	return nil
}

func (p *queryProtocol) decoder(req *request) (smithy.ShapeDeserializer, error) {
	d := queryDialect
	if p.dialect == protoEC2Query {
		d = ec2Dialect
	}
	return newTreeDecoder(d, formTree(req.form)), nil
}

func (p *queryProtocol) malformed(err error) error {
	return clientError("InvalidParameterValue", err)
}

// formTree splits form keys on "." into nested maps: A.member.1.B=x becomes
// {A: {member: {1: {B: x}}}}. An empty "A=" next to A.member.1 is dropped:
// it only says the list may be empty.
func formTree(form url.Values) cbor.Map {
	root := cbor.Map{}
	for key, vals := range form {
		if key == "Action" || key == "Version" || len(vals) == 0 {
			continue
		}
		node, parts := root, strings.Split(key, ".")
		for _, part := range parts[:len(parts)-1] {
			child, ok := node[part].(cbor.Map)
			if !ok {
				child = cbor.Map{}
				node[part] = child
			}
			node = child
		}
		last := parts[len(parts)-1]
		if _, isMap := node[last].(cbor.Map); !isMap {
			node[last] = cbor.String(vals[0])
		}
	}
	return root
}

// encodeResult writes
//
//	<OpResponse xmlns=...><OpResult>...</OpResult><ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></OpResponse>
//
// or for ec2query
//
//	<OpResponse xmlns=...><requestId>id</requestId>...</OpResponse>
func (p *queryProtocol) encodeResult(req *request, op *operation, out reflect.Value) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	fmt.Fprintf(&buf, `<%sResponse xmlns="%s">`, op.name, req.svc.xmlns)
	s := newXMLSerializer(&buf)
	switch {
	case p.dialect == protoEC2Query:
		s.element("requestId", req.call.RequestID)
		op.serialize(s, out)
	case op.outSchema != nil:
		s.start(op.name + "Result")
		op.serialize(s, out)
		s.end(op.name + "Result")
	}
	if p.dialect != protoEC2Query {
		s.start("ResponseMetadata")
		s.element("RequestId", req.call.RequestID)
		s.end("ResponseMetadata")
	}
	s.end(op.name + "Response")
	return buf.Bytes()
}

// encodeError writes the awsquery ErrorResponse, or ec2query's Response.
func (p *queryProtocol) encodeError(req *request, e *wireError) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	s := newXMLSerializer(&buf)
	if p.dialect == protoEC2Query {
		s.start("Response")
		s.start("Errors")
		s.start("Error")
		s.element("Code", e.code)
		s.element("Message", e.message)
		s.end("Error")
		s.end("Errors")
		s.element("RequestID", req.call.RequestID)
		s.end("Response")
		return buf.Bytes()
	}
	if req.svc != nil {
		fmt.Fprintf(&buf, `<ErrorResponse xmlns="%s">`, req.svc.xmlns)
	} else {
		s.start("ErrorResponse")
	}
	s.start("Error")
	s.element("Type", e.faultName())
	s.element("Code", e.code)
	s.element("Message", e.message)
	s.end("Error")
	s.element("RequestId", req.call.RequestID)
	s.end("ErrorResponse")
	return buf.Bytes()
}
