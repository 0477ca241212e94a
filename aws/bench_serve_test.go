package aws

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
	"golang.org/x/sync/errgroup"

	"github.com/solemate/hoist/model"
)

// BenchmarkServe is how many requests a second the simulator serves, one
// client at a time through the SDK over loopback HTTP, for the two largest
// answers the console asks for: a DescribeAutoScalingGroups page of 100
// groups (about 10 instances each) and a GetMetricData of 500 queries over
// an hour at one minute (in JSON 1.0, what hoist speaks to an endpoint
// that is not AWS). Client and server share the machine's cores. Beside
// it:
//
//   - need: what one console asks of that call at the default cadences
//     (every page of groups every 10 s; one GetMetricData a minute), so
//     the ratio is how many consoles the simulator could feed;
//   - moto: moto_server answering the same DescribeAutoScalingGroups page
//     of 100 groups of 10 instances, from an account of only those 100:
//     moto slows down so much as instances accumulate that seeding the
//     10,000 instances of a 1,000-group account took more than ten
//     minutes, longer than the whole report. So the moto figure sits
//     beside the 1,000-group simulator only. There is none for
//     GetMetricData: moto scans every stored point for every query, and
//     one 500-query call over 500 series of 60 points took 47 to 95 s
//     here, too slow to repeat five times.
func BenchmarkServe(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("op=DescribeAutoScalingGroups/groups=%d", n), func(b *testing.B) {
			ss := servedSim(b, n)
			describe := groupPager(autoscaling.NewFromConfig(simConfig(ss.url)))
			serveLoop(b, describe)
			b.ReportMetric(float64(pages(n, groupsPageSize))/DefaultCadences()[model.ClassGroups].Seconds(), "need-req/s")
			if n == 1000 {
				m := seededMoto(b)
				b.ReportMetric(callRate(b, groupPager(m.asg), 20), "moto-req/s")
			}
		})
	}
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("op=GetMetricData/groups=%d/queries=500", n), func(b *testing.B) {
			ss := servedSim(b, n)
			now := ss.s.Now()
			var qs []cwtypes.MetricDataQuery
			for i := 0; len(qs) < metricQueriesPerGet; i++ {
				g := ss.names[(i*7)%len(ss.names)]
				for _, m := range []string{"CPUUtilization", "GroupDesiredCapacity", "GroupInServiceInstances"} {
					ns := "AWS/AutoScaling"
					if m == "CPUUtilization" {
						ns = "AWS/EC2"
					}
					if len(qs) < metricQueriesPerGet {
						qs = append(qs, metricQuery(len(qs), ns, m, "AutoScalingGroupName", g))
					}
				}
			}
			serveLoop(b, metricGetter(jsonCloudWatch(ss.url), qs, now))
			b.ReportMetric(1/DefaultCadences()[model.ClassMetrics].Seconds(), "need-req/s")
		})
	}
}

// serveLoop times call for the bench time and reports requests per second.
func serveLoop(b *testing.B, call func() error) {
	b.Helper()
	if err := call(); err != nil { // connect and warm up
		b.Fatal(err)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() { // one call of the benchmark per -count: moto is timed once
		if err := call(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "req/s")
}

// callRate times n calls (after one to warm up) outside the benchmark's timer.
func callRate(b *testing.B, call func() error, n int) float64 {
	b.Helper()
	if err := call(); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for range n {
		if err := call(); err != nil {
			b.Fatal(err)
		}
	}
	return float64(n) / time.Since(start).Seconds()
}

// groupPager returns a call that reads the next page of 100 groups,
// starting over after the last.
func groupPager(c *autoscaling.Client) func() error {
	var tok *string
	return func() error {
		out, err := c.DescribeAutoScalingGroups(context.Background(), &autoscaling.DescribeAutoScalingGroupsInput{
			MaxRecords: sdk.Int32(groupsPageSize), NextToken: tok})
		if err != nil {
			return err
		}
		if len(out.AutoScalingGroups) == 0 {
			return fmt.Errorf("an empty page of groups")
		}
		tok = out.NextToken
		return nil
	}
}

func metricGetter(c *cloudwatch.Client, qs []cwtypes.MetricDataQuery, now time.Time) func() error {
	in := &cloudwatch.GetMetricDataInput{MetricDataQueries: qs, StartTime: sdk.Time(now.Add(-time.Hour)), EndTime: sdk.Time(now)}
	return func() error {
		out, err := c.GetMetricData(context.Background(), in)
		if err != nil {
			return err
		}
		if len(out.MetricDataResults) != len(qs) {
			return fmt.Errorf("%d results for %d queries", len(out.MetricDataResults), len(qs))
		}
		return nil
	}
}

func metricQuery(i int, ns, name, dim, value string) cwtypes.MetricDataQuery {
	return cwtypes.MetricDataQuery{Id: sdk.String(fmt.Sprintf("m%d", i)), MetricStat: &cwtypes.MetricStat{
		Metric: &cwtypes.Metric{Namespace: sdk.String(ns), MetricName: sdk.String(name),
			Dimensions: []cwtypes.Dimension{{Name: sdk.String(dim), Value: sdk.String(value)}}},
		Period: sdk.Int32(60), Stat: sdk.String("Average")}}
}

func jsonCloudWatch(url string) *cloudwatch.Client {
	return cloudwatch.NewFromConfig(simConfig(url), func(o *cloudwatch.Options) {
		o.Protocol = awsjson.New10(cwschemas.GraniteServiceVersion20100801)
	})
}

// motoServe is moto seeded for BenchmarkServe.
type motoServe struct {
	asg *autoscaling.Client
}

var (
	motoServeMu sync.Mutex
	motoServed  *motoServe
)

// seededMoto fills moto once per process with 100 groups of 10 instances.
// It resets moto first, so it must not run between another benchmark's
// seeding and its use (the -count runs of one benchmark run back to back,
// so it seeds once).
func seededMoto(b *testing.B) *motoServe {
	b.Helper()
	motoServeMu.Lock()
	defer motoServeMu.Unlock()
	if motoServed != nil {
		return motoServed
	}
	start := time.Now()
	resetMoto(b)
	r := newRaw(b)
	ctx := context.Background()
	imgs, err := r.ec2.DescribeImages(ctx, &ec2.DescribeImagesInput{})
	if err != nil || len(imgs.Images) == 0 {
		b.Fatalf("DescribeImages: %v", err)
	}
	lt, err := r.ec2.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: sdk.String("serve-lt"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: imgs.Images[0].ImageId, InstanceType: ec2types.InstanceTypeM6iLarge}})
	if err != nil {
		b.Fatal(err)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for i := range 100 {
		g.Go(func() error {
			_, err := r.asg.CreateAutoScalingGroup(gctx, &autoscaling.CreateAutoScalingGroupInput{
				AutoScalingGroupName: sdk.String(fmt.Sprintf("team%03d-web-%04d-prod", i/50, i)),
				MinSize:              sdk.Int32(1), MaxSize: sdk.Int32(100), DesiredCapacity: sdk.Int32(10),
				AvailabilityZones: []string{"us-east-1a", "us-east-1b", "us-east-1c"},
				LaunchTemplate:    &astypes.LaunchTemplateSpecification{LaunchTemplateId: lt.LaunchTemplate.LaunchTemplateId, Version: sdk.String("$Latest")},
				Tags: []astypes.Tag{
					{Key: sdk.String("Tier"), Value: sdk.String("web"), PropagateAtLaunch: sdk.Bool(true)},
					{Key: sdk.String("Service"), Value: sdk.String("web"), PropagateAtLaunch: sdk.Bool(true)},
					{Key: sdk.String("Env"), Value: sdk.String("prod"), PropagateAtLaunch: sdk.Bool(true)},
				},
			})
			return err
		})
	}
	if err := g.Wait(); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded moto with 100 groups of 10 instances in %s", time.Since(start).Round(time.Millisecond))
	motoServed = &motoServe{asg: r.asg}
	return motoServed
}
