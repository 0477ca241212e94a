package wire

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

func sigv4(akid, service string) http.Header {
	return http.Header{"Authorization": {"AWS4-HMAC-SHA256 Credential=" + akid + "/20250314/us-east-1/" + service +
		"/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd"}}
}

// post sends a form (or, with the headers, any body) and returns the
// response with its body read into a buffer.
func post(t *testing.T, url, body string, h http.Header) *http.Response {
	t.Helper()
	return send(t, url+"/", []byte(body), h)
}

func send(t *testing.T, url string, body []byte, h http.Header) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp
}

// errorOf reads the code and message of an error response in any protocol.
func errorOf(t *testing.T, resp *http.Response) (code, msg string) {
	t.Helper()
	b, _ := io.ReadAll(resp.Body)
	switch resp.Header.Get("Content-Type") {
	case "text/xml":
		var e struct {
			Code    string `xml:"Error>Code"`
			Message string `xml:"Error>Message"`
			EC2     struct {
				Code    string `xml:"Error>Code"`
				Message string `xml:"Error>Message"`
			} `xml:"Errors"`
		}
		if err := xml.Unmarshal(b, &e); err != nil {
			t.Fatalf("error body %q: %v", b, err)
		}
		return e.Code + e.EC2.Code, e.Message + e.EC2.Message
	case "application/cbor":
		v, err := cbor.Decode(b)
		m, ok := v.(cbor.Map)
		if err != nil || !ok {
			t.Fatalf("error body %x: %v", b, err)
		}
		c, _ := m["__type"].(cbor.String)
		s, _ := m["message"].(cbor.String)
		return string(c), string(s)
	default:
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatalf("error body %q: %v", b, err)
		}
		return e.Type, e.Message
	}
}

func TestProtocolErrors(t *testing.T) {
	_, url := serve(t, Hooks{})
	json10 := func(op string) http.Header {
		return http.Header{"X-Amz-Target": {"GraniteServiceVersion20100801." + op}, "Content-Type": {"application/x-amz-json-1.0"}}
	}
	cborHeader := http.Header{"Smithy-Protocol": {"rpc-v2-cbor"}, "Content-Type": {"application/cbor"}}
	cborPath := url + "/service/GraniteServiceVersion20100801/operation/"
	gz := func(s string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		_, _ = w.Write([]byte(s))
		_ = w.Close()
		return b.Bytes()
	}
	for _, tc := range []struct {
		name, url string
		body      []byte
		h         http.Header
		status    int
		code, msg string // msg: a substring
	}{
		{"unknown action", url, []byte("Action=LaunchRockets&Version=2011-01-01"), sigv4("A", "autoscaling"), 400, "InvalidAction", `"LaunchRockets"`},
		{"unimplemented action", url, []byte("Action=DeleteAutoScalingGroup&Version=2011-01-01"), nil, 400, "InvalidAction", "autoscaling does not implement"},
		{"unknown ec2 action", url, []byte("Action=RunInstances&Version=2016-11-15"), sigv4("A", "ec2"), 400, "InvalidAction", "RunInstances"},
		{"unknown service", url, []byte("Action=ListBuckets&Version=2006-03-01"), sigv4("A", "s3"), 400, "InvalidAction", `"s3"`},
		{"no scope, unknown version", url, []byte("Action=ListBuckets&Version=2006-03-01"), nil, 400, "InvalidAction", `"2006-03-01"`},
		{"classic ELB", url, []byte("Action=DescribeLoadBalancers&Version=2012-06-01"), sigv4("A", "elasticloadbalancing"), 400, "NoSuchVersion", "2012-06-01"},
		{"no action", url, []byte("Version=2011-01-01"), nil, 400, "MissingAction", "Action"},
		{"bad form", url, []byte("Action=SetDesiredCapacity&%zz"), nil, 400, "MalformedQueryString", "not a form"},
		{"bad integer", url, []byte("Action=SetDesiredCapacity&Version=2011-01-01&DesiredCapacity=ten"), nil, 400, "InvalidParameterValue", "DesiredCapacity"},
		{"bad ec2 time", url, []byte("Action=DescribeSpotPriceHistory&Version=2016-11-15&StartTime=yesterday"), sigv4("A", "ec2"), 400, "InvalidParameterValue", "StartTime"},
		{"bad json", url, []byte(`{"MetricDataQueries": [`), json10("GetMetricData"), 400, "SerializationException", "not JSON"},
		{"json of the wrong shape", url, []byte(`{"MetricDataQueries": {"Id": 3}}`), json10("GetMetricData"), 400, "SerializationException", "MetricDataQueries"},
		{"json trailing data", url, []byte(`{} {}`), json10("DescribeAlarms"), 400, "SerializationException", "after"},
		{"json unknown op", url, []byte(`{}`), json10("Explode"), 400, "UnknownOperationException", "Explode"},
		{"json to a query service", url, []byte(`{}`), http.Header{"X-Amz-Target": {"AnyScale.DescribeAutoScalingGroups"}, "Authorization": sigv4("A", "autoscaling")["Authorization"]}, 400, "UnknownOperationException", "does not speak"},
		{"bad cbor", cborPath + "GetMetricData", []byte{0xbf, 0x61}, cborHeader, 400, "SerializationException", "not CBOR"},
		{"cbor unknown op", cborPath + "Explode", cbor.Encode(cbor.Map{}), cborHeader, 400, "UnknownOperationException", "Explode"},
		{"cbor bad path", url + "/service/x", nil, cborHeader, 400, "UnknownOperationException", "/service/x"},
		{"bad gzip", url, []byte("not gzip"), http.Header{"Content-Encoding": {"gzip"}}, 400, "InvalidParameterValue", "gzip"},
		{"gzip form", url, gz("Action=SetDesiredCapacity&Version=2011-01-01&DesiredCapacity=99"), http.Header{"Content-Encoding": {"gzip"}}, 400, "ValidationError", "99"},
		{"acm over cbor", url + "/service/CertificateManager/operation/ListCertificates", cbor.Encode(cbor.Map{}), cborHeader, 400, "UnknownOperationException", "acm does not speak rpcv2cbor"},
		{"acm over query", url, []byte("Action=ListCertificates&Version=2015-12-08"), sigv4("A", "acm"), 400, "InvalidAction", "acm does not speak awsquery"},
		{"json 1.1 unknown op", url, []byte(`{}`), http.Header{"X-Amz-Target": {"CertificateManager.Explode"}}, 400, "UnknownOperationException", "Explode"},
		{"handler panic", url, []byte("Action=DescribeLoadBalancers&Version=2015-12-01"), nil, 500, "InternalFailure", "unknown error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := send(t, tc.url, tc.body, tc.h)
			code, msg := errorOf(t, resp)
			if resp.StatusCode != tc.status || !strings.HasSuffix(code, tc.code) || !strings.Contains(msg, tc.msg) {
				t.Errorf("got %d %s %q, want %d %s ~%q", resp.StatusCode, code, msg, tc.status, tc.code, tc.msg)
			}
			if resp.Header.Get("X-Amzn-RequestId") == "" {
				t.Error("no request id")
			}
		})
	}
}

// awsJson 1.1 answers in its own content type, and names a modelled error's
// shape without the namespace.
func TestJSON11Answers(t *testing.T) {
	_, url := serve(t, Hooks{})
	h := http.Header{"X-Amz-Target": {"CertificateManager.DescribeCertificate"}, "Content-Type": {"application/x-amz-json-1.1"}}
	resp := send(t, url, []byte(`{"CertificateArn":"arn:aws:acm:us-east-1:000000000000:certificate/none"}`), h)
	if ct := resp.Header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
		t.Errorf("Content-Type %q", ct)
	}
	code, msg := errorOf(t, resp)
	if resp.StatusCode != 400 || code != "ResourceNotFoundException" || !strings.HasPrefix(msg, "Could not find certificate") {
		t.Errorf("got %d %s %q", resp.StatusCode, code, msg)
	}
	resp = send(t, url, []byte(`{"CertificateArn":"`+certARN+`"}`), h)
	var out struct{ Certificate struct{ NotAfter float64 } }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 || out.Certificate.NotAfter != float64(t0.Add(72*time.Hour).UnixMilli())/1e3 {
		t.Errorf("got %d %+v %v", resp.StatusCode, out, err)
	}
}
