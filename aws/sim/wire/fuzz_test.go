package wire

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

// FuzzRequest feeds arbitrary bodies to the request decoders of every
// dialect, over inputs with generated Deserialize methods (Auto Scaling),
// reflection (CloudWatch) and generated ec2 schemas, and then through the
// whole server. Nothing may panic.
func FuzzRequest(f *testing.F) {
	ops := map[string]*operation{}
	for _, svc := range services(&fakes{asg: &fakeASG{}, elb: &fakeELB{}, cw: &fakeCW{}, ec2: &fakeEC2{}, acm: &fakeACM{}}) {
		found, err := discover(knownServices[svc.Name], svc.Client, svc.Impl)
		if err != nil {
			f.Fatal(err)
		}
		for name, op := range found {
			ops[name] = op
		}
	}
	gmd := `{"MetricDataQueries":[{"Id":"a","ReturnData":true,"MetricStat":{"Metric":{"Dimensions":[{"Name":"n","Value":"v"}]},"Period":60}}],"StartTime":1.5,"EndTime":"NaN"}`
	v, _ := parseJSON([]byte(gmd))
	for kind, seed := range []string{
		"AutoScalingGroupNames.member.1=a&AutoScalingGroupNames.member.2=b&Filters.member.1.Values.member.1=x&MaxRecords=5&IncludeInstances=true",
		"TargetTrackingConfiguration.CustomizedMetricSpecification.Dimensions.member.1.Name=x&StepAdjustments=&Namespace=CWAgent&EntityMetricData.member.1.Entity.KeyAttributes.entry.1.key=Type&EntityMetricData.member.1.Entity.KeyAttributes.entry.1.value=Service",
		gmd,
		string(cbor.Encode(v)),
		"Filter.1.Name=x&Filter.1.Value.1=y&InstanceId.1=i&MaxResults=5&StartTime=2025-03-14T15:09:26Z",
	} {
		f.Add(uint8(kind), []byte(seed))
	}
	f.Add(uint8(3), []byte{0xbf, 0x61, 0x41, 0x9f, 0xc1, 0xfb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0, 0xff, 0xff})

	h := fuzzServer(f)
	f.Fuzz(func(t *testing.T, kind uint8, body []byte) {
		root, d := fuzzTree(kind, body)
		if root != nil {
			for _, op := range ops {
				_, _ = op.decode(newTreeDecoder(d, root))
			}
		}
		fuzzServe(t, h, kind, body)
	})
}

// fuzzTree parses body the way protocol number kind would.
func fuzzTree(kind uint8, body []byte) (cbor.Value, dialect) {
	switch kind % 5 {
	case 0, 1:
		form, _ := url.ParseQuery(string(body))
		return formTree(form), queryDialect
	case 2:
		v, _ := parseJSON(body)
		return v, docDialect
	case 3:
		v, _ := cbor.Decode(body)
		return v, docDialect
	default:
		form, _ := url.ParseQuery(string(body))
		return formTree(form), ec2Dialect
	}
}

func fuzzServer(f *testing.F) http.Handler {
	h, err := NewServer(Hooks{Observe: func(c Call, err error, _ time.Duration) {
		if cause := errors.Unwrap(err); cause != nil && strings.Contains(cause.Error(), "panicked") &&
			!strings.Contains(cause.Error(), "a handler with a bug") {
			panic(cause) // the server recovered a panic of its own
		}
	}}, services(&fakes{asg: &fakeASG{}, elb: &fakeELB{}, cw: &fakeCW{}, ec2: &fakeEC2{}, acm: &fakeACM{}})...)
	if err != nil {
		f.Fatal(err)
	}
	return h
}

func fuzzServe(t *testing.T, h http.Handler, kind uint8, body []byte) {
	paths := []string{"/", "/", "/", "/service/GraniteServiceVersion20100801/operation/GetMetricData", "/"}
	req := httptest.NewRequest(http.MethodPost, paths[kind%5], strings.NewReader(string(body)))
	switch kind % 5 {
	case 0:
		req.Header["Authorization"] = sigv4("A", "autoscaling")["Authorization"]
		req.URL.RawQuery = "Action=PutScalingPolicy&Version=2011-01-01"
	case 1:
		req.URL.RawQuery = "Action=PutMetricData&Version=2010-08-01"
	case 2:
		req.Header.Set("X-Amz-Target", "GraniteServiceVersion20100801.GetMetricData")
	case 3:
		req.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
	default:
		req.URL.RawQuery = "Action=DescribeSpotPriceHistory&Version=2016-11-15"
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code == 0 || rec.Header().Get("X-Amzn-RequestId") == "" {
		t.Fatalf("no answer: %d", rec.Code)
	}
}
