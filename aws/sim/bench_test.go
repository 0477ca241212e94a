package sim

import (
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// Large simulators are built once per size: building 5,000 groups takes
// seconds and the benchmarks only read (or step) them.
var (
	largeMu  sync.Mutex
	largeSim = map[int]*Simulator{}
)

func large(b *testing.B, groups int) *Simulator {
	largeMu.Lock()
	defer largeMu.Unlock()
	if s, ok := largeSim[groups]; ok {
		return s
	}
	s := newSim(b, Options{Seed: 1, Fleet: "large", Groups: groups})
	largeSim[groups] = s
	return s
}

func BenchmarkDescribeAutoScalingGroups(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("groups=%d/page=100", n), func(b *testing.B) {
			s := large(b, n)
			api := autoScalingAPI{s}
			in := &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(100)}
			b.ReportAllocs()
			var tok *string
			for b.Loop() {
				in.NextToken = tok
				out, err := api.DescribeAutoScalingGroups(bg, in)
				if err != nil {
					b.Fatal(err)
				}
				tok = out.NextToken
			}
		})
	}
}

// 500 queries: CPU, desired and in-service for 166 groups plus two of
// request count, one hour at one minute.
func metricQueries(s *Simulator) []cwtypes.MetricDataQuery {
	var qs []cwtypes.MetricDataQuery
	add := func(ns, name, dn, dv, stat string) {
		qs = append(qs, cwtypes.MetricDataQuery{Id: aws.String(fmt.Sprintf("m%d", len(qs))), MetricStat: &cwtypes.MetricStat{
			Metric: &cwtypes.Metric{Namespace: aws.String(ns), MetricName: aws.String(name), Dimensions: []cwtypes.Dimension{{Name: aws.String(dn), Value: aws.String(dv)}}},
			Period: aws.Int32(60), Stat: aws.String(stat)}})
	}
	for i := 0; len(qs) < 498; i++ {
		g := s.groupNames[(i*7)%len(s.groupNames)]
		add("AWS/EC2", "CPUUtilization", "AutoScalingGroupName", g, "Average")
		add("AWS/AutoScaling", "GroupDesiredCapacity", "AutoScalingGroupName", g, "Maximum")
		add("AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", g, "Average")
	}
	add("AWS/ApplicationELB", "RequestCountPerTarget", "TargetGroup", s.tgOrder[0].dimension, "Sum")
	add("AWS/ApplicationELB", "RequestCountPerTarget", "TargetGroup", s.tgOrder[1].dimension, "Sum")
	return qs
}

func BenchmarkGetMetricData(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("groups=%d/queries=500", n), func(b *testing.B) {
			s := large(b, n)
			api := cloudWatchAPI{s}
			now := s.Now()
			in := &cloudwatch.GetMetricDataInput{MetricDataQueries: metricQueries(s), StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now)}
			b.ReportAllocs()
			for b.Loop() {
				out, err := api.GetMetricData(bg, in)
				if err != nil {
					b.Fatal(err)
				}
				if len(out.MetricDataResults) != 500 {
					b.Fatalf("%d results", len(out.MetricDataResults))
				}
			}
		})
	}
}

func BenchmarkAdvanceMinute(b *testing.B) {
	b.Run("groups=5000", func(b *testing.B) {
		s := newSim(b, Options{Seed: 2, Fleet: "large", Groups: 5000})
		b.ReportAllocs()
		for b.Loop() {
			s.Advance(time.Minute)
		}
	})
}

// The same two calls through Handler, the real SDK clients and loopback
// HTTP: what a console pays per call against a large simulated account.
func BenchmarkWireDescribeAutoScalingGroups(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("groups=%d/page=100", n), func(b *testing.B) {
			s := large(b, n)
			srv := httptest.NewServer(s.Handler())
			defer srv.Close()
			c := benchClients(srv.URL)
			in := &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(100)}
			b.ReportAllocs()
			var tok *string
			for b.Loop() {
				in.NextToken = tok
				out, err := c.asg.DescribeAutoScalingGroups(bg, in)
				if err != nil {
					b.Fatal(err)
				}
				tok = out.NextToken
			}
		})
	}
}

func BenchmarkWireGetMetricData(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("groups=%d/queries=500/cbor", n), func(b *testing.B) {
			s := large(b, n)
			srv := httptest.NewServer(s.Handler())
			defer srv.Close()
			c := benchClients(srv.URL)
			now := s.Now()
			in := &cloudwatch.GetMetricDataInput{MetricDataQueries: metricQueries(s), StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now)}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.cw.GetMetricData(bg, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchClients are the SDK's clients for the simulator at url, through
// reqbody like every client (sdkConfig): these benchmarks run without
// retries, and without it about one GetMetricData in a few hundred failed
// with "use of closed network connection".
func benchClients(url string) clients {
	cfg := sdkConfig("AKIDBENCH")
	return clients{
		asg: autoscaling.NewFromConfig(cfg, func(o *autoscaling.Options) { o.BaseEndpoint = aws.String(url) }),
		cw:  cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) { o.BaseEndpoint = aws.String(url) }),
	}
}
