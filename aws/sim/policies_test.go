package sim

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

const (
	workersGroup  = "solemate-workers-prod"
	checkoutGroup = "solemate-checkout-prod"
	searchGroup   = "solemate-search-prod"
	appGroup      = "solemate-app-prod"
)

func ttPolicy(name string, target float64, p *astypes.PredefinedMetricSpecification, c *astypes.CustomizedMetricSpecification) *autoscaling.PutScalingPolicyInput {
	return &autoscaling.PutScalingPolicyInput{PolicyName: aws.String(name), PolicyType: aws.String(ptTarget),
		TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{TargetValue: aws.Float64(target),
			PredefinedMetricSpecification: p, CustomizedMetricSpecification: c}}
}

func predictive(name string, m astypes.PredictiveScalingMetricSpecification) *autoscaling.PutScalingPolicyInput {
	return &autoscaling.PutScalingPolicyInput{PolicyName: aws.String(name), PolicyType: aws.String(ptPredictive),
		PredictiveScalingConfiguration: &astypes.PredictiveScalingConfiguration{MetricSpecifications: []astypes.PredictiveScalingMetricSpecification{m}}}
}

// albLabel is the resource label of the app group's target group.
func albLabel(s *Simulator, group string) string {
	tg := s.tgs[s.groups[group].tgARNs[0]]
	return tg.lbs[0].dimension + "/" + tg.dimension
}

func put(s *Simulator, group string, in *autoscaling.PutScalingPolicyInput) (*autoscaling.PutScalingPolicyOutput, error) {
	in.AutoScalingGroupName = aws.String(group)
	return autoScalingAPI{s}.PutScalingPolicy(bg, in)
}

// Policies of every kind are accepted and read back with their type; the
// target tracking ones get their alarms, and each alarm finds data (the
// metric it watches is published).
func TestPoliciesOfEveryKind(t *testing.T) {
	s := newSim(t, Options{Seed: 4})
	mem := &astypes.CustomizedMetricSpecification{Namespace: aws.String("CWAgent"), MetricName: aws.String("mem_used_percent"), Statistic: astypes.MetricStatisticAverage,
		Dimensions: []astypes.MetricDimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(appGroup)}}}
	math := &astypes.CustomizedMetricSpecification{Metrics: []astypes.TargetTrackingMetricDataQuery{
		{Id: aws.String("backlog"), ReturnData: aws.Bool(false), MetricStat: &astypes.TargetTrackingMetricStat{Stat: aws.String("Average"),
			Metric: &astypes.Metric{Namespace: aws.String(nsWorkers), MetricName: aws.String("ApproximateQueueBacklog"),
				Dimensions: []astypes.MetricDimension{{Name: aws.String("QueueName"), Value: aws.String("solemate-orders")}}}}},
		{Id: aws.String("perInstance"), Expression: aws.String("backlog / 2"), ReturnData: aws.Bool(true)}}}
	label := albLabel(s, appGroup)
	cases := []struct {
		group  string
		in     *autoscaling.PutScalingPolicyInput
		alarms int
	}{
		{appGroup, ttPolicy("cpu", 60, &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization}, nil), 2},
		{appGroup, ttPolicy("alb", 5000, &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeALBRequestCountPerTarget, ResourceLabel: aws.String(label)}, nil), 2},
		{appGroup, ttPolicy("net-in", 5e6, &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageNetworkIn}, nil), 2},
		{appGroup, ttPolicy("net-out", 2e7, &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageNetworkOut}, nil), 2},
		{appGroup, ttPolicy("memory", 70, nil, mem), 2},
		{workersGroup, ttPolicy("backlog-math", 500, nil, math), 2},
		{appGroup, &autoscaling.PutScalingPolicyInput{PolicyName: aws.String("step"), PolicyType: aws.String(ptStep), AdjustmentType: aws.String("PercentChangeInCapacity"),
			MinAdjustmentMagnitude: aws.Int32(2), MetricAggregationType: aws.String("Maximum"), EstimatedInstanceWarmup: aws.Int32(60),
			StepAdjustments: []astypes.StepAdjustment{
				{MetricIntervalUpperBound: aws.Float64(0), ScalingAdjustment: aws.Int32(-10)},
				{MetricIntervalLowerBound: aws.Float64(0), MetricIntervalUpperBound: aws.Float64(20), ScalingAdjustment: aws.Int32(10)},
				{MetricIntervalLowerBound: aws.Float64(20), ScalingAdjustment: aws.Int32(30)}}}, 0},
		{appGroup, &autoscaling.PutScalingPolicyInput{PolicyName: aws.String("simple"), AdjustmentType: aws.String("ExactCapacity"), ScalingAdjustment: aws.Int32(6), Cooldown: aws.Int32(120)}, 0},
		{appGroup, predictive("pred-pair", astypes.PredictiveScalingMetricSpecification{TargetValue: aws.Float64(1000),
			PredefinedMetricPairSpecification: &astypes.PredictiveScalingPredefinedMetricPair{PredefinedMetricType: astypes.PredefinedMetricPairTypeALBRequestCount, ResourceLabel: aws.String(label)}}), 0},
		{appGroup, predictive("pred-metrics", astypes.PredictiveScalingMetricSpecification{TargetValue: aws.Float64(40),
			PredefinedScalingMetricSpecification: &astypes.PredictiveScalingPredefinedScalingMetric{PredefinedMetricType: astypes.PredefinedScalingMetricTypeASGAverageCPUUtilization},
			PredefinedLoadMetricSpecification:    &astypes.PredictiveScalingPredefinedLoadMetric{PredefinedMetricType: astypes.PredefinedLoadMetricTypeASGTotalCPUUtilization}}), 0},
	}
	scale := predictive("pred-scale", astypes.PredictiveScalingMetricSpecification{TargetValue: aws.Float64(5e6),
		PredefinedMetricPairSpecification: &astypes.PredictiveScalingPredefinedMetricPair{PredefinedMetricType: astypes.PredefinedMetricPairTypeASGNetworkIn}})
	c := scale.PredictiveScalingConfiguration
	c.Mode, c.SchedulingBufferTime = astypes.PredictiveScalingModeForecastAndScale, aws.Int32(600)
	c.MaxCapacityBreachBehavior, c.MaxCapacityBuffer = astypes.PredictiveScalingMaxCapacityBreachBehaviorIncreaseMaxCapacity, aws.Int32(10)
	cases = append(cases, struct {
		group  string
		in     *autoscaling.PutScalingPolicyInput
		alarms int
	}{appGroup, scale, 0})
	suspend(t, s, appGroup, "AlarmNotification")
	suspend(t, s, workersGroup, "AlarmNotification")
	for _, c := range cases {
		out, err := put(s, c.group, c.in)
		if err != nil {
			t.Fatalf("%s: %v", aws.ToString(c.in.PolicyName), err)
		}
		if len(out.Alarms) != c.alarms {
			t.Errorf("%s: %d alarms, want %d", aws.ToString(c.in.PolicyName), len(out.Alarms), c.alarms)
		}
	}
	s.Advance(5 * time.Minute)
	for _, c := range cases {
		pols := must(autoScalingAPI{s}.DescribePolicies(bg, &autoscaling.DescribePoliciesInput{AutoScalingGroupName: aws.String(c.group), PolicyNames: []string{*c.in.PolicyName}}))
		p := pols.ScalingPolicies[0]
		want := aws.ToString(c.in.PolicyType)
		if want == "" {
			want = ptSimple
		}
		if aws.ToString(p.PolicyType) != want {
			t.Errorf("%s read back as %s", *c.in.PolicyName, aws.ToString(p.PolicyType))
		}
		for _, a := range p.Alarms {
			if st := s.alarms[*a.AlarmName].m.StateValue; st == cwtypes.StateValueInsufficientData {
				t.Errorf("%s: alarm %s has no data after 5 minutes", *c.in.PolicyName, *a.AlarmName)
			}
		}
	}
}

func TestPutScalingPolicyRefusals(t *testing.T) {
	s := newSim(t, Options{Seed: 4})
	cpu := &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization}
	otherLabel := albLabel(s, webGroup) // a target group of another group
	tt := func(p *astypes.PredefinedMetricSpecification) *autoscaling.PutScalingPolicyInput {
		return ttPolicy("p", 50, p, nil)
	}
	step := func(steps ...astypes.StepAdjustment) *autoscaling.PutScalingPolicyInput {
		return &autoscaling.PutScalingPolicyInput{PolicyName: aws.String("p"), PolicyType: aws.String(ptStep), AdjustmentType: aws.String("ChangeInCapacity"), StepAdjustments: steps}
	}
	b := func(lo, hi *float64, adj int32) astypes.StepAdjustment {
		return astypes.StepAdjustment{MetricIntervalLowerBound: lo, MetricIntervalUpperBound: hi, ScalingAdjustment: aws.Int32(adj)}
	}
	f := aws.Float64
	withCooldown := tt(cpu)
	withCooldown.Cooldown = aws.Int32(60)
	noBuffer := predictive("p", astypes.PredictiveScalingMetricSpecification{TargetValue: f(40),
		PredefinedMetricPairSpecification: &astypes.PredictiveScalingPredefinedMetricPair{PredefinedMetricType: astypes.PredefinedMetricPairTypeASGCPUUtilization}})
	noBuffer.PredictiveScalingConfiguration.MaxCapacityBreachBehavior = astypes.PredictiveScalingMaxCapacityBreachBehaviorIncreaseMaxCapacity
	for _, c := range []struct {
		in  *autoscaling.PutScalingPolicyInput
		msg string
	}{
		{&autoscaling.PutScalingPolicyInput{PolicyName: aws.String("p"), AdjustmentType: aws.String("ChangeInCapacity")}, "Scaling increment must be specified for a SimpleScaling policy"},
		{&autoscaling.PutScalingPolicyInput{PolicyName: aws.String("p"), ScalingAdjustment: aws.Int32(1)}, "AdjustmentType is required"},
		{&autoscaling.PutScalingPolicyInput{PolicyName: aws.String("p"), PolicyType: aws.String("Sideways")}, "Invalid policy type Sideways"},
		{withCooldown, "Cooldown is not supported for policy type TargetTrackingScaling."},
		{tt(nil), "Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification"},
		{tt(&astypes.PredefinedMetricSpecification{PredefinedMetricType: "ASGCPUUtilization"}), "Member must satisfy enum value set"},
		{tt(&astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeALBRequestCountPerTarget}), "ResourceLabel must be specified"},
		{tt(&astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeALBRequestCountPerTarget, ResourceLabel: aws.String(otherLabel)}), "is not attached to the Auto Scaling group"},
		{tt(&astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization, ResourceLabel: aws.String(otherLabel)}), "ResourceLabel is not supported"},
		{ttPolicy("p", 0, cpu, nil), "TargetValue must be greater than 0"},
		{ttPolicy("p", 50, nil, &astypes.CustomizedMetricSpecification{Namespace: aws.String("X"), MetricName: aws.String("Y"), Statistic: "Median"}), "Member must satisfy enum value set"},
		{step(b(f(0), f(10), 1), b(f(5), nil, 2)), "must not overlap"},
		{step(b(f(0), f(10), 1), b(f(20), nil, 2)), "must not have gaps"},
		{step(b(nil, nil, 1)), "can't be null in the same step adjustment"},
		{step(b(f(0), f(10), 1)), "needs a step adjustment with a null upper bound"},
		{step(), "StepAdjustments must be specified"},
		{predictive("p", astypes.PredictiveScalingMetricSpecification{TargetValue: f(40)}), "Specify a metric pair"},
		{predictive("p", astypes.PredictiveScalingMetricSpecification{TargetValue: f(40),
			PredefinedMetricPairSpecification: &astypes.PredictiveScalingPredefinedMetricPair{PredefinedMetricType: astypes.PredefinedMetricPairTypeALBRequestCount}}), "ResourceLabel must be specified"},
		{noBuffer, "MaxCapacityBuffer is required"},
	} {
		_, err := put(s, appGroup, c.in)
		wantErr(t, err, "ValidationError", c.msg)
	}
	var many []astypes.StepAdjustment
	for i := range 21 {
		lo := float64(i * 10)
		st := b(aws.Float64(lo), aws.Float64(lo+10), 1)
		if i == 20 {
			st.MetricIntervalUpperBound = nil
		}
		many = append(many, st)
	}
	_, err := put(s, appGroup, step(many...))
	wantErr(t, err, "LimitExceeded", "20 step adjustments")
	if n := len(s.groups[appGroup].policies); n != 1 {
		t.Fatalf("refused policies were stored: %d policies", n)
	}
}

// A memory policy acts where the CloudWatch agent runs, and finds nothing
// to act on where it does not.
func TestMemoryPolicyNeedsTheAgent(t *testing.T) {
	s := newSim(t, Options{Seed: 5})
	mem := func(group string) *autoscaling.PutScalingPolicyInput {
		return ttPolicy("memory-30", 30, nil, &astypes.CustomizedMetricSpecification{Namespace: aws.String("CWAgent"), MetricName: aws.String("mem_used_percent"),
			Statistic: astypes.MetricStatisticAverage, Dimensions: []astypes.MetricDimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(group)}}})
	}
	// search's own CPU policy would fight the memory one
	off := ttPolicy("solemate-search-cpu-target-tracking", 55, &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization}, nil)
	off.Enabled = aws.Bool(false)
	must(put(s, searchGroup, off))
	must(put(s, searchGroup, mem(searchGroup)))
	wout := must(put(s, workersGroup, mem(workersGroup)))
	before := *asg(t, s, searchGroup).DesiredCapacity
	s.Advance(10 * time.Minute)
	if after := *asg(t, s, searchGroup).DesiredCapacity; after <= before {
		t.Fatalf("search desired %d -> %d with memory above a 30%% target, want more", before, after)
	}
	for _, a := range wout.Alarms {
		if st := s.alarms[*a.AlarmName].m.StateValue; st != cwtypes.StateValueInsufficientData {
			t.Fatalf("workers (no agent) memory alarm %s is %s", *a.AlarmName, st)
		}
	}
	lm := must(cloudWatchAPI{s}.ListMetrics(bg, &cloudwatch.ListMetricsInput{Namespace: aws.String("CWAgent")}))
	for _, m := range lm.Metrics {
		if aws.ToString(m.Dimensions[0].Value) == workersGroup {
			t.Fatal("the workers group publishes CWAgent metrics without the agent")
		}
	}
	if len(lm.Metrics) == 0 {
		t.Fatal("no CWAgent metrics at all")
	}
}

// Vertical scaling: a launch template version with a larger type, the
// group set to it, an instance refresh; CPU per request falls with it.
func TestVerticalScalingMovesCPU(t *testing.T) {
	s := newSim(t, Options{Seed: 5})
	api, e := autoScalingAPI{s}, ec2API{s}
	suspend(t, s, checkoutGroup, "AlarmNotification", "ScheduledActions")
	before := groupCPU(t, s, checkoutGroup, 10)
	id := aws.String(s.ltNames[checkoutGroup+"-lt"].id)
	v := must(e.CreateLaunchTemplateVersion(bg, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: id, SourceVersion: aws.String("$Latest"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{InstanceType: ec2types.InstanceTypeC6i2xlarge}})).LaunchTemplateVersion
	must(api.UpdateAutoScalingGroup(bg, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String(checkoutGroup),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateId: id, Version: aws.String(strconv.FormatInt(*v.VersionNumber, 10))}}))
	must(api.StartInstanceRefresh(bg, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: aws.String(checkoutGroup),
		Preferences: &astypes.RefreshPreferences{MinHealthyPercentage: aws.Int32(50), InstanceWarmup: aws.Int32(0)}}))
	if !advanceUntil(s, time.Hour, func() bool { return lastRefresh(t, s, checkoutGroup).Status == astypes.InstanceRefreshStatusSuccessful }) {
		t.Fatalf("refresh: %+v", lastRefresh(t, s, checkoutGroup))
	}
	s.Advance(10 * time.Minute)
	after := groupCPU(t, s, checkoutGroup, 10)
	for _, in := range asg(t, s, checkoutGroup).Instances {
		if in.LifecycleState == astypes.LifecycleStateInService && *in.InstanceType != "c6i.2xlarge" {
			t.Fatalf("%s still runs %s", *in.InstanceId, *in.InstanceType)
		}
	}
	t.Logf("CPU %.1f%% before, %.1f%% after (%s)", before, after, s.Now())
	// four times the vCPUs for the same requests
	if after > before/2 {
		t.Fatalf("CPU %.1f%% before, %.1f%% on c6i.2xlarge: want well under half", before, after)
	}
}

// A group created now has no history: its forecast is empty (the lists
// present, as the API requires) until a day has passed.
func TestPredictiveNeedsADayOfHistory(t *testing.T) {
	s, srv := served(t, Options{Seed: 5})
	api := autoScalingAPI{s}
	must(ec2API{s}.CreateLaunchTemplate(bg, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("new-lt"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{InstanceType: ec2types.InstanceTypeM6iLarge, ImageId: aws.String("ami-0123456789abcdef0")}}))
	must(api.CreateAutoScalingGroup(bg, &autoscaling.CreateAutoScalingGroupInput{AutoScalingGroupName: aws.String("new"), MinSize: aws.Int32(1), MaxSize: aws.Int32(4),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String("new-lt")}, AvailabilityZones: []string{"us-east-1a"}}))
	must(put(s, "new", predictive("forecast", astypes.PredictiveScalingMetricSpecification{TargetValue: aws.Float64(40),
		PredefinedMetricPairSpecification: &astypes.PredictiveScalingPredefinedMetricPair{PredefinedMetricType: astypes.PredefinedMetricPairTypeASGCPUUtilization}})))
	points := func() int {
		now := s.Now()
		out := must(api.GetPredictiveScalingForecast(bg, &autoscaling.GetPredictiveScalingForecastInput{AutoScalingGroupName: aws.String("new"),
			PolicyName: aws.String("forecast"), StartTime: aws.Time(now), EndTime: aws.Time(now.Add(24 * time.Hour))}))
		if out.LoadForecast[0].Timestamps == nil || out.LoadForecast[0].Values == nil || out.CapacityForecast.Timestamps == nil {
			t.Fatal("a forecast without Timestamps or Values")
		}
		return len(out.CapacityForecast.Values)
	}
	if n := points(); n != 0 {
		t.Fatalf("a group created now has %d forecast points", n)
	}
	// on the wire the empty lists are there (a boto3 client crashed without them)
	now := s.Now()
	form := url.Values{"Action": {"GetPredictiveScalingForecast"}, "Version": {"2011-01-01"}, "AutoScalingGroupName": {"new"}, "PolicyName": {"forecast"},
		"StartTime": {now.Format(time.RFC3339)}, "EndTime": {now.Add(time.Hour).Format(time.RFC3339)}}
	resp, err := http.PostForm(srv.URL, form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, el := range []string{"<Timestamps", "<Values", "<CapacityForecast>"} {
		if !strings.Contains(string(body), el) {
			t.Fatalf("the answer has no %s element: %s", el, body)
		}
	}
	s.Advance(25 * time.Hour)
	if n := points(); n < 20 {
		t.Fatalf("after a day of history, %d forecast points for the next 24 h", n)
	}
}
