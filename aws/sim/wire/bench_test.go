package wire

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwt "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// Benchmarks of the server's own cost (routing, decoding, encoding) for the
// two largest answers the console asks for. The handlers return prebuilt
// outputs.

type benchASG struct {
	out *autoscaling.DescribeAutoScalingGroupsOutput
}

func (b benchASG) DescribeAutoScalingGroups(context.Context, *autoscaling.DescribeAutoScalingGroupsInput) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	return b.out, nil
}

type benchCW struct {
	out *cloudwatch.GetMetricDataOutput
}

func (b benchCW) GetMetricData(_ context.Context, in *cloudwatch.GetMetricDataInput) (*cloudwatch.GetMetricDataOutput, error) {
	if len(in.MetricDataQueries) != 500 {
		return nil, fmt.Errorf("got %d queries", len(in.MetricDataQueries))
	}
	return b.out, nil
}

// BenchmarkDescribeAutoScalingGroups: a full page, 100 groups of 10 instances.
func BenchmarkDescribeAutoScalingGroups(b *testing.B) {
	out := &autoscaling.DescribeAutoScalingGroupsOutput{NextToken: aws.String("next")}
	for i := range 100 {
		out.AutoScalingGroups = append(out.AutoScalingGroups, asgFixture(i, 10))
	}
	h, err := NewServer(Hooks{}, Service{Name: "autoscaling", Client: (*autoscaling.Client)(nil), Impl: benchASG{out}})
	if err != nil {
		b.Fatal(err)
	}
	runBench(b, h, "/", []byte("Action=DescribeAutoScalingGroups&Version=2011-01-01&MaxRecords=100"), sigv4("A", "autoscaling"))
}

// BenchmarkGetMetricData: 500 queries in, 500 results of 60 points out, in
// each protocol CloudWatch speaks.
func BenchmarkGetMetricData(b *testing.B) {
	h, err := NewServer(Hooks{}, Service{Name: "monitoring", Client: (*cloudwatch.Client)(nil), Impl: benchCW{metricDataFixture(500, 60)}})
	if err != nil {
		b.Fatal(err)
	}
	in := &cloudwatch.GetMetricDataInput{StartTime: aws.Time(t0.Add(-time.Hour)), EndTime: aws.Time(t0)}
	var form strings.Builder
	form.WriteString("Action=GetMetricData&Version=2010-08-01&StartTime=2025-03-14T14%3A09%3A26Z&EndTime=2025-03-14T15%3A09%3A26Z")
	for i := range 500 {
		q := cwt.MetricDataQuery{Id: aws.String(fmt.Sprintf("m%d", i)), MetricStat: &cwt.MetricStat{Period: aws.Int32(60), Stat: aws.String("Average"),
			Metric: &cwt.Metric{Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"),
				Dimensions: []cwt.Dimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(fmt.Sprintf("web-%d", i))}}}}}
		in.MetricDataQueries = append(in.MetricDataQueries, q)
		p := fmt.Sprintf("&MetricDataQueries.member.%d.", i+1)
		fmt.Fprintf(&form, "%sId=m%d%sMetricStat.Period=60%sMetricStat.Stat=Average%sMetricStat.Metric.Namespace=AWS%%2FEC2%sMetricStat.Metric.MetricName=CPUUtilization"+
			"%sMetricStat.Metric.Dimensions.member.1.Name=AutoScalingGroupName%sMetricStat.Metric.Dimensions.member.1.Value=web-%d", p, i, p, p, p, p, p, p, i)
	}
	doc := &docSerializer{}
	in.Serialize(doc)

	b.Run(protoCBOR, func(b *testing.B) {
		runBench(b, h, "/service/GraniteServiceVersion20100801/operation/GetMetricData", doc.Bytes(),
			http.Header{"Smithy-Protocol": {"rpc-v2-cbor"}, "Content-Type": {"application/cbor"}})
	})
	b.Run(protoJSON, func(b *testing.B) {
		runBench(b, h, "/", doc.JSON(), http.Header{"X-Amz-Target": {"GraniteServiceVersion20100801.GetMetricData"}})
	})
	b.Run(protoQuery, func(b *testing.B) {
		runBench(b, h, "/", []byte(form.String()), sigv4("A", "monitoring"))
	})
}

func runBench(b *testing.B, h http.Handler, path string, body []byte, hdr http.Header) {
	b.ReportAllocs()
	var n int
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(string(body)))
		for k, v := range hdr {
			req.Header[k] = v
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
		n = rec.Body.Len()
	}
	b.ReportMetric(float64(len(body)), "req-bytes")
	b.ReportMetric(float64(n), "resp-bytes")
}
