package sim

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

const (
	webGroup   = "solemate-web-prod"
	cacheGroup = "solemate-cache-prod"
	dbGroup    = "solemate-db-replica-prod"
)

var bg = context.Background()

func newSim(t testing.TB, opts Options) *Simulator {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// must unwraps a handler's answer; an unexpected error fails the test by
// panicking (the handler call sits inside the expression).
func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("unexpected error: %v", err))
	}
	return v
}

func asg(t testing.TB, s *Simulator, name string) astypes.AutoScalingGroup {
	t.Helper()
	out := must(autoScalingAPI{s}.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}}))
	if len(out.AutoScalingGroups) != 1 {
		t.Fatalf("group %s: got %d groups", name, len(out.AutoScalingGroups))
	}
	return out.AutoScalingGroups[0]
}

func suspend(t testing.TB, s *Simulator, group string, procs ...string) {
	t.Helper()
	must(autoScalingAPI{s}.SuspendProcesses(bg, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: aws.String(group), ScalingProcesses: procs}))
}

func setDesired(t testing.TB, s *Simulator, group string, n int32) {
	t.Helper()
	must(autoScalingAPI{s}.SetDesiredCapacity(bg, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: aws.String(group), DesiredCapacity: aws.Int32(n)}))
}

func health(t testing.TB, s *Simulator, tgARN string) *elb.DescribeTargetHealthOutput {
	t.Helper()
	return must(elbv2API{s}.DescribeTargetHealth(bg, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(tgARN)}))
}

func inService(g astypes.AutoScalingGroup) (n int) {
	for _, in := range g.Instances {
		if in.LifecycleState == astypes.LifecycleStateInService {
			n++
		}
	}
	return n
}

// groupCPU averages the group's CPUUtilization over the last minutes.
func groupCPU(t testing.TB, s *Simulator, group string, minutes int) float64 {
	t.Helper()
	now := s.Now()
	out := must(cloudWatchAPI{s}.GetMetricData(bg, &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(now.Add(-time.Duration(minutes) * time.Minute)), EndTime: aws.Time(now),
		MetricDataQueries: []cwtypes.MetricDataQuery{{Id: aws.String("cpu"), MetricStat: &cwtypes.MetricStat{
			Metric: &cwtypes.Metric{Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"),
				Dimensions: []cwtypes.Dimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(group)}}},
			Period: aws.Int32(int32(minutes * 60)), Stat: aws.String("Average")}}},
	}))
	if len(out.MetricDataResults[0].Values) == 0 {
		t.Fatalf("no CPU data for %s", group)
	}
	return out.MetricDataResults[0].Values[0]
}

func TestScaleOutFourToEightIsInServiceAndHealthy(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	suspend(t, s, webGroup, "AlarmNotification") // only the operator acts here
	setDesired(t, s, webGroup, 4)
	s.Advance(10 * time.Minute)
	g := asg(t, s, webGroup)
	if inService(g) != 4 {
		t.Fatalf("before: %d InService, want 4", inService(g))
	}
	setDesired(t, s, webGroup, 8)
	// boot (50-70 s) + healthy threshold (3) x interval (15 s), checked every 10 s
	tg := s.tgs[g.TargetGroupARNs[0]]
	budget := 70*time.Second + time.Duration(tg.healthyThresh+1)*time.Duration(tg.hcInterval)*time.Second + 10*time.Second
	s.Advance(budget)
	g = asg(t, s, webGroup)
	if got := inService(g); got != 8 {
		t.Fatalf("after %v: %d InService, want 8", budget, got)
	}
	healthy := 0
	for _, d := range health(t, s, g.TargetGroupARNs[0]).TargetHealthDescriptions {
		if d.TargetHealth.State == "healthy" {
			healthy++
		}
	}
	if healthy != 8 {
		t.Fatalf("after %v: %d healthy targets, want 8", budget, healthy)
	}
	acts := must(autoScalingAPI{s}.DescribeScalingActivities(bg, &autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: aws.String(webGroup)}))
	want := "a user request explicitly set group desired capacity changing the desired capacity from 4 to 8.  At "
	found := 0
	for _, a := range acts.Activities {
		if strings.Contains(aws.ToString(a.Cause), want) && strings.Contains(aws.ToString(a.Cause), "an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 4 to 8.") {
			found++
			if a.StatusCode != astypes.ScalingActivityStatusCodeSuccessful {
				t.Errorf("launch activity %s is %s, want Successful", aws.ToString(a.ActivityId), a.StatusCode)
			}
		}
	}
	if found != 4 {
		t.Errorf("%d launch activities with AWS's cause, want 4; first: %q", found, aws.ToString(acts.Activities[0].Cause))
	}
}

func TestTargetTrackingHoldsCPUUnderFlashSale(t *testing.T) {
	s := newSim(t, Options{Seed: 2})
	before := asg(t, s, webGroup)
	if err := s.SetScenario("flash-sale"); err != nil {
		t.Fatal(err)
	}
	s.Advance(10 * time.Minute)
	peakish := groupCPU(t, s, webGroup, 5)
	s.Advance(50 * time.Minute)
	after := asg(t, s, webGroup)
	cpu := groupCPU(t, s, webGroup, 15)
	t.Logf("desired %d -> %d, CPU during ramp %.1f, last 15 min %.1f", *before.DesiredCapacity, *after.DesiredCapacity, peakish, cpu)
	if *after.DesiredCapacity < 3**before.DesiredCapacity {
		t.Errorf("desired %d -> %d under 5x traffic, want at least 3x", *before.DesiredCapacity, *after.DesiredCapacity)
	}
	if cpu < 35 || cpu > 60 {
		t.Errorf("CPU %.1f after scaling, want near the 50%% target", cpu)
	}
}

func TestScheduledActionFiresAtItsTime(t *testing.T) {
	s := newSim(t, Options{Seed: 3})
	suspend(t, s, webGroup, "AlarmNotification")
	at := s.Now().Add(10 * time.Minute).Truncate(time.Minute)
	must(autoScalingAPI{s}.PutScheduledUpdateGroupAction(bg, &autoscaling.PutScheduledUpdateGroupActionInput{
		AutoScalingGroupName: aws.String(webGroup), ScheduledActionName: aws.String("pre-sale"),
		StartTime: aws.Time(at), MinSize: aws.Int32(6), DesiredCapacity: aws.Int32(9),
	}))
	s.Advance(at.Sub(s.Now()) - 20*time.Second)
	if g := asg(t, s, webGroup); *g.DesiredCapacity == 9 {
		t.Fatal("fired early")
	}
	s.Advance(30 * time.Second)
	g := asg(t, s, webGroup)
	if *g.DesiredCapacity != 9 || *g.MinSize != 6 {
		t.Fatalf("after its time: desired %d min %d, want 9 and 6", *g.DesiredCapacity, *g.MinSize)
	}
	acts := must(autoScalingAPI{s}.DescribeScalingActivities(bg, &autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: aws.String(webGroup), MaxRecords: aws.Int32(1)}))
	if c := aws.ToString(acts.Activities[0].Cause); !strings.Contains(c, "a scheduled action update of AutoScalingGroup constraints to min: 6, desired: 9 changing the desired capacity from") {
		t.Errorf("cause %q", c)
	}
	left := must(autoScalingAPI{s}.DescribeScheduledActions(bg, &autoscaling.DescribeScheduledActionsInput{AutoScalingGroupName: aws.String(webGroup)}))
	if len(left.ScheduledUpdateGroupActions) != 0 {
		t.Errorf("one-time action still listed after it ran")
	}
}

func TestRecurringScheduleInTimeZone(t *testing.T) {
	s := newSim(t, Options{Seed: 3}) // Friday 10:00 UTC = 05:00 in New York
	must(autoScalingAPI{s}.UpdateAutoScalingGroup(bg, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String(dbGroup), MinSize: aws.Int32(2), DesiredCapacity: aws.Int32(2)}))
	s.Advance(2*time.Hour + 50*time.Minute) // 12:50 UTC
	if g := asg(t, s, dbGroup); *g.DesiredCapacity != 2 {
		t.Fatalf("desired %d before 08:00 New York, want 2", *g.DesiredCapacity)
	}
	s.Advance(15 * time.Minute) // 13:05 UTC = 08:05 New York
	if g := asg(t, s, dbGroup); *g.DesiredCapacity != 4 || *g.MinSize != 4 {
		t.Fatalf("after 08:00 New York: desired %d min %d, want 4 and 4", *g.DesiredCapacity, *g.MinSize)
	}
}

func TestSuspendedAlarmNotificationStopsPolicies(t *testing.T) {
	s := newSim(t, Options{Seed: 4})
	suspend(t, s, webGroup, "AlarmNotification")
	before := *asg(t, s, webGroup).DesiredCapacity
	_ = s.SetScenario("flash-sale")
	s.Advance(20 * time.Minute)
	if got := *asg(t, s, webGroup).DesiredCapacity; got != before {
		t.Fatalf("desired moved %d -> %d with AlarmNotification suspended", before, got)
	}
	high := false
	for _, n := range s.alarmNames {
		if strings.HasPrefix(n, "TargetTracking-"+webGroup+"-AlarmHigh-") && s.alarms[n].m.StateValue == cwtypes.StateValueAlarm {
			high = true
		}
	}
	if !high {
		t.Fatal("the high alarm should be in ALARM (alarms keep evaluating)")
	}
	must(autoScalingAPI{s}.ResumeProcesses(bg, &autoscaling.ResumeProcessesInput{AutoScalingGroupName: aws.String(webGroup), ScalingProcesses: []string{"AlarmNotification"}}))
	s.Advance(2 * time.Minute)
	if got := *asg(t, s, webGroup).DesiredCapacity; got <= before {
		t.Fatalf("desired %d after resuming, want above %d", got, before)
	}
}

func TestAZOutageUnhealthyTargetsAndReplacements(t *testing.T) {
	s := newSim(t, Options{Seed: 5, Scenario: "steady"})
	suspend(t, s, webGroup, "AlarmNotification")
	setDesired(t, s, webGroup, 6)
	s.Advance(5 * time.Minute)
	g := asg(t, s, webGroup)
	inB := map[string]bool{}
	for _, in := range g.Instances {
		if aws.ToString(in.AvailabilityZone) == "us-east-1b" {
			inB[aws.ToString(in.InstanceId)] = true
		}
	}
	if len(inB) == 0 {
		t.Fatal("no web instance in us-east-1b to lose")
	}
	_ = s.SetScenario("az-outage")
	unhealthy := 0
	for step := 0; step < 9 && unhealthy == 0; step++ { // watch as a poller would
		s.Advance(10 * time.Second)
		for _, d := range health(t, s, g.TargetGroupARNs[0]).TargetHealthDescriptions {
			if inB[aws.ToString(d.Target.Id)] && d.TargetHealth.State == "unhealthy" {
				unhealthy++
				if d.TargetHealth.Reason != "Target.Timeout" {
					t.Errorf("reason %s, want Target.Timeout", d.TargetHealth.Reason)
				}
			}
		}
	}
	if unhealthy == 0 {
		t.Fatal("no unhealthy target in the failed AZ")
	}
	s.Advance(10 * time.Minute)
	g = asg(t, s, webGroup)
	healthyOutside := 0
	for _, in := range g.Instances {
		az := aws.ToString(in.AvailabilityZone)
		if in.LifecycleState == astypes.LifecycleStateInService && az != "us-east-1b" && aws.ToString(in.HealthStatus) == "Healthy" {
			healthyOutside++
		}
		if inB[aws.ToString(in.InstanceId)] && in.LifecycleState == astypes.LifecycleStateInService {
			t.Errorf("instance %s in the failed AZ still InService", aws.ToString(in.InstanceId))
		}
	}
	if healthyOutside != 6 {
		t.Errorf("%d healthy InService instances outside us-east-1b, want 6 (replacements)", healthyOutside)
	}
	acts := must(autoScalingAPI{s}.DescribeScalingActivities(bg, &autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: aws.String(webGroup)}))
	replaced := 0
	for _, a := range acts.Activities {
		if strings.Contains(aws.ToString(a.Cause), "an instance was taken out of service in response to an") {
			replaced++
		}
	}
	if replaced < len(inB) {
		t.Errorf("%d health-check terminations, want %d", replaced, len(inB))
	}
}

func TestBadDeployFailsHealthChecks(t *testing.T) {
	s := newSim(t, Options{Seed: 6})
	_ = s.SetScenario("bad-deploy")
	s.Advance(4 * time.Minute)
	g := asg(t, s, webGroup)
	mismatch := 0
	for _, d := range health(t, s, g.TargetGroupARNs[0]).TargetHealthDescriptions {
		if d.TargetHealth.Reason == "Target.ResponseCodeMismatch" {
			mismatch++
		}
	}
	if mismatch == 0 {
		t.Fatal("no target failing with Target.ResponseCodeMismatch after a bad deploy")
	}
	out := must(autoScalingAPI{s}.DescribeInstanceRefreshes(bg, &autoscaling.DescribeInstanceRefreshesInput{AutoScalingGroupName: aws.String(webGroup)}))
	if len(out.InstanceRefreshes) == 0 {
		t.Fatal("bad-deploy should roll out by instance refresh")
	}
}

func TestSlowLeakScalesCacheOut(t *testing.T) {
	s := newSim(t, Options{Seed: 7, Scenario: "slow-leak"})
	before := *asg(t, s, cacheGroup).DesiredCapacity
	s.Advance(90 * time.Minute)
	if after := *asg(t, s, cacheGroup).DesiredCapacity; after <= before {
		t.Fatalf("cache desired %d -> %d under a memory leak, want more", before, after)
	}
}

func TestPredictiveForecastCoversNext48Hours(t *testing.T) {
	s := newSim(t, Options{Seed: 8})
	now := s.Now()
	out := must(autoScalingAPI{s}.GetPredictiveScalingForecast(bg, &autoscaling.GetPredictiveScalingForecastInput{
		AutoScalingGroupName: aws.String(dbGroup), PolicyName: aws.String("solemate-db-predictive-cpu40"),
		StartTime: aws.Time(now), EndTime: aws.Time(now.Add(48 * time.Hour)),
	}))
	if n := len(out.CapacityForecast.Timestamps); n < 48 {
		t.Fatalf("capacity forecast has %d hourly points, want 48", n)
	}
	if len(out.LoadForecast) != 1 || len(out.LoadForecast[0].Values) < 48 {
		t.Fatalf("load forecast: %+v", out.LoadForecast)
	}
	last := out.CapacityForecast.Timestamps[len(out.CapacityForecast.Timestamps)-1]
	if last.Before(now.Add(47 * time.Hour)) {
		t.Errorf("forecast ends at %v, want about 48 h after %v", last, now)
	}
	lo, hi := 1e9, 0.0
	for _, v := range out.LoadForecast[0].Values {
		lo, hi = min(lo, v), max(hi, v)
	}
	if hi < 2*lo {
		t.Errorf("load forecast flat (%.0f..%.0f): the daily curve should show", lo, hi)
	}
}

func TestForecastAndScaleRaisesCapacityBeforeTheHour(t *testing.T) {
	s := newSim(t, Options{Seed: 9})
	must(autoScalingAPI{s}.PutScalingPolicy(bg, &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: aws.String(dbGroup), PolicyName: aws.String("solemate-db-predictive-cpu40"), PolicyType: aws.String("PredictiveScaling"),
		PredictiveScalingConfiguration: &astypes.PredictiveScalingConfiguration{Mode: astypes.PredictiveScalingModeForecastAndScale,
			MetricSpecifications: []astypes.PredictiveScalingMetricSpecification{{TargetValue: aws.Float64(10),
				PredefinedMetricPairSpecification: &astypes.PredictiveScalingPredefinedMetricPair{PredefinedMetricType: astypes.PredefinedMetricPairTypeASGCPUUtilization}}}},
	}))
	s.Advance(70 * time.Minute)
	g := asg(t, s, dbGroup)
	if g.PredictedCapacity == nil || *g.DesiredCapacity < *g.PredictedCapacity {
		t.Fatalf("predicted %v desired %d: ForecastAndScale should raise desired to the forecast", g.PredictedCapacity, *g.DesiredCapacity)
	}
}

func TestScaleInProtectionHonoured(t *testing.T) {
	s := newSim(t, Options{Seed: 10})
	suspend(t, s, webGroup, "AlarmNotification")
	setDesired(t, s, webGroup, 4)
	s.Advance(3 * time.Minute)
	g := asg(t, s, webGroup)
	var ids []string
	for _, in := range g.Instances {
		ids = append(ids, aws.ToString(in.InstanceId))
	}
	must(autoScalingAPI{s}.SetInstanceProtection(bg, &autoscaling.SetInstanceProtectionInput{AutoScalingGroupName: aws.String(webGroup), InstanceIds: ids, ProtectedFromScaleIn: aws.Bool(true)}))
	setDesired(t, s, webGroup, 2)
	s.Advance(5 * time.Minute)
	if n := inService(asg(t, s, webGroup)); n != 4 {
		t.Fatalf("%d InService after scale-in with all protected, want 4", n)
	}
}

func TestMuteRuleStopsAlarmActions(t *testing.T) {
	s := newSim(t, Options{Seed: 11})
	var high string
	for _, n := range s.alarmNames {
		if strings.HasPrefix(n, "TargetTracking-"+webGroup+"-AlarmHigh-") {
			high = n
		}
	}
	start := s.Now().Add(-time.Minute).UTC()
	must(cloudWatchAPI{s}.PutAlarmMuteRule(bg, &cloudwatch.PutAlarmMuteRuleInput{
		Name: aws.String("sale-prep"), MuteTargets: &cwtypes.MuteTargets{AlarmNames: []string{high}},
		Rule: &cwtypes.Rule{Schedule: &cwtypes.Schedule{Expression: aws.String("at(" + start.Format("2006-01-02T15:04") + ")"), Duration: aws.String("PT30M")}},
	}))
	before := *asg(t, s, webGroup).DesiredCapacity
	_ = s.SetScenario("flash-sale")
	s.Advance(20 * time.Minute)
	if got := *asg(t, s, webGroup).DesiredCapacity; got != before {
		t.Fatalf("desired %d -> %d while the high alarm is muted", before, got)
	}
	s.Advance(15 * time.Minute) // the window ends
	if got := *asg(t, s, webGroup).DesiredCapacity; got <= before {
		t.Fatalf("desired %d after the mute window, want above %d", got, before)
	}
}

func TestSameSeedSameRun(t *testing.T) {
	run := func() string {
		s := newSim(t, Options{Seed: 42})
		_ = s.SetScenario("flash-sale")
		s.Advance(30 * time.Minute)
		var b strings.Builder
		for _, n := range s.groupNames {
			g := s.groups[n]
			for _, in := range g.insts {
				b.WriteString(in.id + in.state + " ")
			}
		}
		b.WriteString(aws.ToString(s.alarms[s.alarmNames[0]].m.StateReason))
		return b.String()
	}
	if a, b := run(), run(); a != b {
		t.Fatal("two runs with the same seed differ")
	}
}

func TestLargeAndHostileFleetsBuild(t *testing.T) {
	s := newSim(t, Options{Seed: 1, Fleet: "large", Groups: 300})
	if len(s.groups) != 300 {
		t.Fatalf("%d groups", len(s.groups))
	}
	s.Advance(2 * time.Minute)
	h := newSim(t, Options{Seed: 1, Fleet: "hostile"})
	var huge *group
	long := false
	for _, n := range h.groupNames {
		if strings.HasPrefix(n, "evil-5000-targets") {
			huge = h.groups[n]
		}
		if len(n) == 255 {
			long = true
		}
	}
	if huge == nil || len(h.tgs[huge.tgARNs[0]].targets) != 5000 {
		t.Fatal("hostile fleet needs a group with 5,000 targets")
	}
	if !long {
		t.Error("hostile fleet needs a 255-character group name")
	}
	if !strings.Contains(strings.Join(h.groupNames, ""), "\x1b[") {
		t.Error("hostile names should carry escape sequences")
	}
	h.Advance(time.Minute)
}

// The forecast of an hour before the start is the same before and after
// the simulator has recorded its first live hour: the live history holds
// no hour it did not record, so older ones still come from the past.
func TestForecastOfThePastKeepsAfterTheFirstLiveHour(t *testing.T) {
	s := newSim(t, Options{Seed: 8})
	at := s.Now().Truncate(time.Hour).Add(-72 * time.Hour)
	past := func() float64 {
		out := must(autoScalingAPI{s}.GetPredictiveScalingForecast(bg, &autoscaling.GetPredictiveScalingForecastInput{
			AutoScalingGroupName: aws.String(dbGroup), PolicyName: aws.String("solemate-db-predictive-cpu40"),
			StartTime: aws.Time(at), EndTime: aws.Time(at.Add(time.Hour)),
		}))
		if len(out.LoadForecast) != 1 || len(out.LoadForecast[0].Values) != 1 {
			t.Fatalf("load forecast of %v: %+v", at, out.LoadForecast)
		}
		return out.LoadForecast[0].Values[0]
	}
	before := past()
	s.Advance(90 * time.Minute)
	if after := past(); math.Abs(after-before) > 1e-9*math.Max(1, before) {
		t.Errorf("the forecast of %v was %v, and %v once an hour was recorded live", at, before, after)
	}
}
