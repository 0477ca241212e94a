package aws

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/solemate/hoist/model"
)

// BenchmarkPollCycle counts, at the proxy, the API calls of one cycle of
// every class for fleets of 10, 250 and 1,000 groups, with 20 rows and one
// selected group on screen, beside the smallest possible count (the pages
// that fleet needs), and the calls per hour at the default cadences.
//
// Alarm history is left out of both figures: moto does not implement it,
// so after the warm-up the poller pauses asking (on AWS it is one call).
func BenchmarkPollCycle(b *testing.B) {
	for _, n := range []int{10, 250, 1000} {
		b.Run(fmt.Sprintf("groups=%d", n), func(b *testing.B) {
			resetMoto(b)
			f := seedFleet(b, n)
			b.Logf("seeded %d groups and %d alarms in %s", n, f.Alarms, f.Seeded.Round(time.Millisecond))
			env := openTest(b, func(o *Options) { o.CallTimeout = time.Minute })
			s := env.session
			rows := f.Groups[:min(20, n)]
			v := model.Visible{Groups: rows, Selected: f.Groups[0], Range: time.Hour}
			p := NewPoller(s, PollerOptions{Visible: v})
			w := newWorld(s)
			ctx := context.Background()
			runClass := func(c model.Class) int {
				var calls atomic.Int64
				apply, err := p.job(c, w, v)(withCallCounter(ctx, &calls))
				if err != nil {
					b.Fatalf("%s: %v", c, err)
				}
				if apply != nil {
					apply(w)
				}
				return int(calls.Load())
			}
			// Warm up: the first cycle reads full metric ranges, every
			// instance and launch template, and learns that moto has no
			// alarm history.
			for _, c := range fetchOrder {
				runClass(c)
			}
			perClass := map[model.Class]int{}
			b.ResetTimer()
			for b.Loop() {
				for _, c := range fetchOrder {
					perClass[c] += runClass(c)
				}
			}
			b.StopTimer()
			cad := DefaultCadences()
			total, perHour := 0.0, 0.0
			for c, calls := range perClass {
				avg := float64(calls) / float64(b.N)
				total += avg
				perHour += avg * float64(time.Hour) / float64(cad[c])
			}
			specs := len(w.metricSpecs(v))
			// moto returns every alarm in one page whatever MaxRecords
			// says; on AWS both figures gain ceil(alarms/100)-1 pages.
			alarmPages := 1
			minimum := pages(n, 100) + // groups
				1 + 1 + // activities: the account's latest page, the selected group's
				alarmPages + // alarms
				pages(specs, 500) + // metrics
				1 + // target health of the selected group's target group
				pages(1, 400) + pages(len(f.TGs), 400) + // load balancers, target groups
				pages(len(f.Policies), 100) + 1 + // policies, scheduled actions
				1 // spot prices
			b.ReportMetric(total, "calls/cycle")
			b.ReportMetric(float64(minimum), "min-calls/cycle")
			b.ReportMetric(perHour, "calls/hour")
			b.ReportMetric(float64(specs), "metrics/cycle")
			avg := map[model.Class]float64{}
			for c, n := range perClass {
				avg[c] = float64(n) / float64(b.N)
			}
			b.Logf("calls per class per cycle: %v", avg)
		})
	}
}

func pages(items, size int) int { return max(1, (items+size-1)/size) }

// sdkFleet builds n groups of k instances as the SDK returns them.
func sdkFleet(n, k int) []astypes.AutoScalingGroup {
	now := time.Now()
	out := make([]astypes.AutoScalingGroup, n)
	for i := range out {
		name := groupName(i)
		ins := make([]astypes.Instance, k)
		for j := range ins {
			ins[j] = astypes.Instance{
				InstanceId:       sdk.String(fmt.Sprintf("i-%08x%08x", i, j)),
				AvailabilityZone: sdk.String("us-east-1a"), InstanceType: sdk.String("m5.large"),
				LifecycleState: astypes.LifecycleStateInService, HealthStatus: sdk.String("Healthy"),
				ProtectedFromScaleIn: sdk.Bool(false),
			}
		}
		out[i] = astypes.AutoScalingGroup{
			AutoScalingGroupName: sdk.String(name),
			AutoScalingGroupARN:  sdk.String("arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/" + name),
			MinSize:              sdk.Int32(1), MaxSize: sdk.Int32(30), DesiredCapacity: sdk.Int32(int32(k)),
			DefaultCooldown: sdk.Int32(300), HealthCheckType: sdk.String("ELB"), HealthCheckGracePeriod: sdk.Int32(90),
			AvailabilityZones: []string{"us-east-1a", "us-east-1b"}, CreatedTime: &now,
			TargetGroupARNs: []string{"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/abc"},
			Instances:       ins,
			Tags: []astypes.TagDescription{
				{Key: sdk.String("Tier"), Value: sdk.String(tiers[i%3])},
				{Key: sdk.String("Service"), Value: sdk.String("svc")},
				{Key: sdk.String("Env"), Value: sdk.String("prod")},
			},
			SuspendedProcesses: []astypes.SuspendedProcess{{ProcessName: sdk.String("AZRebalance")}},
		}
	}
	return out
}

// BenchmarkConvert1000Groups converts 1,000 groups / 10,000 instances from
// SDK structs built in memory, and assembles them into a snapshot.
func BenchmarkConvert1000Groups(b *testing.B) {
	raw := sdkFleet(1000, 10)
	s := NewSessionFromClients(Options{JournalPath: b.TempDir() + "/j"}, "us-east-1", nil, nil, nil, nil, model.Identity{})
	b.ReportAllocs()
	for b.Loop() {
		res := groupsResult{lt: map[string]ltRef{}}
		for i := range raw {
			res.groups = append(res.groups, ConvertGroup(&raw[i]))
		}
		w := newWorld(s)
		w.setGroups(res)
		snap := w.snapshot(1, nil, time.Minute)
		if len(snap.Groups) != 1000 {
			b.Fatal(len(snap.Groups))
		}
	}
}
