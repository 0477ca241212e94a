package sim

import (
	"errors"
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
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// wantErr checks an API error's code and, when given, a message fragment.
func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want %s, got %v", code, err)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("want code %s, got %s (%s)", code, ae.ErrorCode(), ae.ErrorMessage())
	}
	if msg != "" && !strings.Contains(ae.ErrorMessage(), msg) {
		t.Fatalf("message %q does not contain %q", ae.ErrorMessage(), msg)
	}
}

func TestAutoScalingGroupsPagingAndFilters(t *testing.T) {
	s := newSim(t, Options{Seed: 1, Fleet: "large", Groups: 250})
	api := autoScalingAPI{s}
	var names []string
	var tok *string
	pages := 0
	for {
		out := must(api.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(100), NextToken: tok}))
		pages++
		for _, g := range out.AutoScalingGroups {
			names = append(names, *g.AutoScalingGroupName)
		}
		if tok = out.NextToken; tok == nil {
			break
		}
	}
	if pages != 3 || len(names) != 250 {
		t.Fatalf("%d pages, %d groups; want 3 and 250", pages, len(names))
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Fatalf("groups not in name order at %d", i)
		}
	}
	def := must(api.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{}))
	if len(def.AutoScalingGroups) != 50 || def.NextToken == nil {
		t.Fatalf("default page: %d groups", len(def.AutoScalingGroups))
	}
	_, err := api.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(101)})
	wantErr(t, err, "ValidationError", "100")
	_, err = api.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{NextToken: aws.String("garbage")})
	wantErr(t, err, "InvalidNextToken", "")
	staging := must(api.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(100),
		Filters: []astypes.Filter{{Name: aws.String("tag:Env"), Values: []string{"staging"}}}}))
	if len(staging.AutoScalingGroups) != 50 {
		t.Fatalf("tag filter: %d staging groups, want 50", len(staging.AutoScalingGroups))
	}
	metrics, mpages := 0, 0
	tok = nil
	for {
		lm := must(cloudWatchAPI{s}.ListMetrics(bg, &cloudwatch.ListMetricsInput{NextToken: tok}))
		metrics += len(lm.Metrics)
		mpages++
		if tok = lm.NextToken; tok == nil {
			break
		}
		if len(lm.Metrics) != 500 {
			t.Fatalf("ListMetrics page of %d, want 500", len(lm.Metrics))
		}
	}
	if mpages < 2 || metrics != len(s.metrics.series) {
		t.Fatalf("ListMetrics: %d metrics in %d pages, store has %d", metrics, mpages, len(s.metrics.series))
	}
}

func TestAutoScalingValidationErrors(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := autoScalingAPI{s}
	_, err := api.SetDesiredCapacity(bg, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: aws.String(webGroup), DesiredCapacity: aws.Int32(45)})
	wantErr(t, err, "ValidationError", "New SetDesiredCapacity value 45 is above max value 40 for the AutoScalingGroup.")
	_, err = api.SetDesiredCapacity(bg, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: aws.String(webGroup), DesiredCapacity: aws.Int32(1)})
	wantErr(t, err, "ValidationError", "New SetDesiredCapacity value 1 is below min value 2 for the AutoScalingGroup.")
	_, err = api.SetDesiredCapacity(bg, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: aws.String("nope"), DesiredCapacity: aws.Int32(1)})
	wantErr(t, err, "ValidationError", "not found")
	_, err = api.UpdateAutoScalingGroup(bg, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String(webGroup), MinSize: aws.Int32(10), MaxSize: aws.Int32(5)})
	wantErr(t, err, "ValidationError", "Max bound, 5, must be greater than or equal to min bound, 10")
	_, err = api.CreateAutoScalingGroup(bg, &autoscaling.CreateAutoScalingGroupInput{AutoScalingGroupName: aws.String(webGroup), MinSize: aws.Int32(1), MaxSize: aws.Int32(2),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String("x")}, AvailabilityZones: []string{"us-east-1a"}})
	wantErr(t, err, "AlreadyExists", "A group with the name "+webGroup+" already exists")
	_, err = api.DeleteAutoScalingGroup(bg, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: aws.String(webGroup)})
	wantErr(t, err, "ResourceInUse", "")
	_, err = api.SuspendProcesses(bg, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: aws.String(webGroup), ScalingProcesses: []string{"Launch", "Dance"}})
	wantErr(t, err, "ValidationError", "Dance")
	_, err = api.TerminateInstanceInAutoScalingGroup(bg, &autoscaling.TerminateInstanceInAutoScalingGroupInput{InstanceId: aws.String("i-0000"), ShouldDecrementDesiredCapacity: aws.Bool(true)})
	wantErr(t, err, "ValidationError", "Instance Id not found")
	_, err = api.PutScheduledUpdateGroupAction(bg, &autoscaling.PutScheduledUpdateGroupActionInput{AutoScalingGroupName: aws.String(webGroup), ScheduledActionName: aws.String("x"), Recurrence: aws.String("not cron"), DesiredCapacity: aws.Int32(3)})
	wantErr(t, err, "ValidationError", "recurrence")
	_, err = api.CancelInstanceRefresh(bg, &autoscaling.CancelInstanceRefreshInput{AutoScalingGroupName: aws.String(webGroup)})
	wantErr(t, err, "ActiveInstanceRefreshNotFound", "")
}

func TestAutoScalingGroupLifecycleThroughTheAPI(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := autoScalingAPI{s}
	tg := s.tgOrder[0]
	must(ec2API{s}.CreateLaunchTemplate(bg, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("drill-lt"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String("ami-0123456789abcdef0"), InstanceType: ec2types.InstanceTypeM6iLarge}}))
	must(api.CreateAutoScalingGroup(bg, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String("drill"), MinSize: aws.Int32(1), MaxSize: aws.Int32(6), DesiredCapacity: aws.Int32(2),
		LaunchTemplate:    &astypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String("drill-lt"), Version: aws.String("$Latest")},
		VPCZoneIdentifier: aws.String("subnet-a,subnet-b"), TargetGroupARNs: []string{tg.arn}, HealthCheckType: aws.String("ELB"),
		Tags: []astypes.Tag{{Key: aws.String("Tier"), Value: aws.String("web")}},
	}))
	s.Advance(3 * time.Minute)
	g := asg(t, s, "drill")
	if inService(g) != 2 {
		t.Fatalf("%d InService after creation", inService(g))
	}
	must(api.UpdateAutoScalingGroup(bg, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String("drill"), MinSize: aws.Int32(3)}))
	if g = asg(t, s, "drill"); *g.DesiredCapacity != 3 {
		t.Fatalf("raising min to 3 should raise desired, got %d", *g.DesiredCapacity)
	}
	s.Advance(2 * time.Minute)
	id := aws.ToString(asg(t, s, "drill").Instances[0].InstanceId)
	must(api.EnterStandby(bg, &autoscaling.EnterStandbyInput{AutoScalingGroupName: aws.String("drill"), InstanceIds: []string{id}, ShouldDecrementDesiredCapacity: aws.Bool(false)}))
	s.Advance(2 * time.Minute)
	x := must(api.DescribeAutoScalingInstances(bg, &autoscaling.DescribeAutoScalingInstancesInput{InstanceIds: []string{id}}))
	if st := aws.ToString(x.AutoScalingInstances[0].LifecycleState); st != "Standby" {
		t.Fatalf("state %s after EnterStandby, want Standby", st)
	}
	must(api.ExitStandby(bg, &autoscaling.ExitStandbyInput{AutoScalingGroupName: aws.String("drill"), InstanceIds: []string{id}}))
	s.Advance(time.Minute)
	x = must(api.DescribeAutoScalingInstances(bg, &autoscaling.DescribeAutoScalingInstancesInput{InstanceIds: []string{id}}))
	if st := aws.ToString(x.AutoScalingInstances[0].LifecycleState); st != "InService" {
		t.Fatalf("state %s after ExitStandby, want InService", st)
	}
	must(api.SetInstanceHealth(bg, &autoscaling.SetInstanceHealthInput{InstanceId: aws.String(id), HealthStatus: aws.String("Unhealthy")}))
	s.Advance(20 * time.Second)
	acts := must(api.DescribeScalingActivities(bg, &autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: aws.String("drill")}))
	if !strings.Contains(aws.ToString(acts.Activities[0].Cause), "taken out of service") && !strings.Contains(aws.ToString(acts.Activities[1].Cause), "taken out of service") {
		t.Errorf("an unhealthy instance should be replaced; newest cause %q", aws.ToString(acts.Activities[0].Cause))
	}
	var victim *string
	for _, in := range asg(t, s, "drill").Instances {
		if in.LifecycleState == astypes.LifecycleStateInService {
			victim = in.InstanceId
		}
	}
	out := must(api.TerminateInstanceInAutoScalingGroup(bg, &autoscaling.TerminateInstanceInAutoScalingGroupInput{
		InstanceId: victim, ShouldDecrementDesiredCapacity: aws.Bool(false)}))
	if out.Activity == nil || !strings.HasPrefix(aws.ToString(out.Activity.Description), "Terminating EC2 instance") {
		t.Fatalf("terminate activity: %+v", out.Activity)
	}
	var err error
	ref := must(api.StartInstanceRefresh(bg, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: aws.String("drill"),
		Preferences: &astypes.RefreshPreferences{MinHealthyPercentage: aws.Int32(50), InstanceWarmup: aws.Int32(30)}}))
	_, err = api.StartInstanceRefresh(bg, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: aws.String("drill")})
	wantErr(t, err, "InstanceRefreshInProgress", "")
	s.Advance(30 * time.Minute)
	rs := must(api.DescribeInstanceRefreshes(bg, &autoscaling.DescribeInstanceRefreshesInput{AutoScalingGroupName: aws.String("drill")}))
	if aws.ToString(rs.InstanceRefreshes[0].InstanceRefreshId) != aws.ToString(ref.InstanceRefreshId) || rs.InstanceRefreshes[0].Status != astypes.InstanceRefreshStatusSuccessful {
		t.Fatalf("refresh: %+v", rs.InstanceRefreshes[0])
	}
	must(api.DeleteAutoScalingGroup(bg, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: aws.String("drill"), ForceDelete: aws.Bool(true)}))
	if g = asg(t, s, "drill"); aws.ToString(g.Status) != "Delete in progress" {
		t.Fatalf("status %q", aws.ToString(g.Status))
	}
	s.Advance(5 * time.Minute)
	left := must(api.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{"drill"}}))
	if len(left.AutoScalingGroups) != 0 {
		t.Fatal("group still there after force delete")
	}
	if n := len(must(api.DescribeLaunchConfigurations(bg, &autoscaling.DescribeLaunchConfigurationsInput{})).LaunchConfigurations); n != 0 {
		t.Fatalf("%d launch configurations", n)
	}
}

func TestPoliciesThroughTheAPI(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := autoScalingAPI{s}
	out := must(api.PutScalingPolicy(bg, &autoscaling.PutScalingPolicyInput{AutoScalingGroupName: aws.String(webGroup), PolicyName: aws.String("tt"),
		PolicyType: aws.String("TargetTrackingScaling"), TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{TargetValue: aws.Float64(40),
			DisableScaleIn: aws.Bool(true), PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization}}}))
	if len(out.Alarms) != 1 || !strings.HasPrefix(*out.Alarms[0].AlarmName, "TargetTracking-"+webGroup+"-AlarmHigh-") {
		t.Fatalf("DisableScaleIn target tracking should create the high alarm only: %+v", out.Alarms)
	}
	al := s.alarms[*out.Alarms[0].AlarmName].m
	if *al.EvaluationPeriods != 3 || *al.DatapointsToAlarm != 3 || *al.Period != 60 || *al.Threshold != 40 {
		t.Errorf("high alarm: %d of %d at %d s, threshold %v", *al.DatapointsToAlarm, *al.EvaluationPeriods, *al.Period, *al.Threshold)
	}
	must(api.PutScalingPolicy(bg, &autoscaling.PutScalingPolicyInput{AutoScalingGroupName: aws.String(webGroup), PolicyName: aws.String("simple"),
		AdjustmentType: aws.String("ChangeInCapacity"), ScalingAdjustment: aws.Int32(2), Cooldown: aws.Int32(600)}))
	before := *asg(t, s, webGroup).DesiredCapacity
	must(api.ExecutePolicy(bg, &autoscaling.ExecutePolicyInput{AutoScalingGroupName: aws.String(webGroup), PolicyName: aws.String("simple"), HonorCooldown: aws.Bool(true)}))
	if got := *asg(t, s, webGroup).DesiredCapacity; got != before+2 {
		t.Fatalf("simple scaling: %d -> %d", before, got)
	}
	_, err := api.ExecutePolicy(bg, &autoscaling.ExecutePolicyInput{AutoScalingGroupName: aws.String(webGroup), PolicyName: aws.String("simple"), HonorCooldown: aws.Bool(true)})
	wantErr(t, err, "ScalingActivityInProgress", "")
	_, err = api.ExecutePolicy(bg, &autoscaling.ExecutePolicyInput{AutoScalingGroupName: aws.String(webGroup), PolicyName: aws.String("tt")})
	wantErr(t, err, "ValidationError", "")
	pages, n := 0, 0
	var tok *string
	for {
		p := must(api.DescribePolicies(bg, &autoscaling.DescribePoliciesInput{MaxRecords: aws.Int32(4), NextToken: tok}))
		pages++
		n += len(p.ScalingPolicies)
		if tok = p.NextToken; tok == nil {
			break
		}
	}
	if n != 12 || pages != 3 {
		t.Fatalf("%d policies in %d pages, want 12 in 3", n, pages)
	}
	tts := must(api.DescribePolicies(bg, &autoscaling.DescribePoliciesInput{AutoScalingGroupName: aws.String("solemate-workers-prod")}))
	for _, p := range tts.ScalingPolicies {
		if len(p.Alarms) != 1 {
			t.Errorf("policy %s lists %d alarms, want 1", *p.PolicyName, len(p.Alarms))
		}
	}
	must(api.DeletePolicy(bg, &autoscaling.DeletePolicyInput{AutoScalingGroupName: aws.String(webGroup), PolicyName: aws.String("tt")}))
	if s.alarms[*out.Alarms[0].AlarmName] != nil {
		t.Error("deleting a target tracking policy deletes its alarms")
	}
	_, err = api.DeletePolicy(bg, &autoscaling.DeletePolicyInput{AutoScalingGroupName: aws.String(webGroup), PolicyName: aws.String("tt")})
	wantErr(t, err, "ValidationError", "")
	sa := must(api.DescribeScheduledActions(bg, &autoscaling.DescribeScheduledActionsInput{AutoScalingGroupName: aws.String(dbGroup)}))
	if len(sa.ScheduledUpdateGroupActions) != 2 || aws.ToString(sa.ScheduledUpdateGroupActions[0].TimeZone) != "America/New_York" {
		t.Fatalf("db schedules: %+v", sa.ScheduledUpdateGroupActions)
	}
	must(api.DeleteScheduledAction(bg, &autoscaling.DeleteScheduledActionInput{AutoScalingGroupName: aws.String(dbGroup), ScheduledActionName: sa.ScheduledUpdateGroupActions[0].ScheduledActionName}))
	_, err = api.DeleteScheduledAction(bg, &autoscaling.DeleteScheduledActionInput{AutoScalingGroupName: aws.String(dbGroup), ScheduledActionName: sa.ScheduledUpdateGroupActions[0].ScheduledActionName})
	wantErr(t, err, "ValidationError", "")
	_, err = api.GetPredictiveScalingForecast(bg, &autoscaling.GetPredictiveScalingForecastInput{AutoScalingGroupName: aws.String(dbGroup), PolicyName: aws.String("solemate-db-predictive-cpu40"),
		StartTime: aws.Time(s.Now()), EndTime: aws.Time(s.Now().Add(31 * 24 * time.Hour))})
	wantErr(t, err, "ValidationError", "30 days")
}

func TestSpotAndDescribeInstances(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := ec2API{s}
	spot, total := 0, 0
	var tok *string
	for {
		out := must(api.DescribeInstances(bg, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(5), NextToken: tok}))
		for _, r := range out.Reservations {
			for _, in := range r.Instances {
				total++
				if in.InstanceLifecycle == "spot" {
					spot++
				}
			}
		}
		if tok = out.NextToken; tok == nil {
			break
		}
	}
	if spot == 0 || spot == total {
		t.Fatalf("%d spot of %d: want a mix", spot, total)
	}
	_, err := api.DescribeInstances(bg, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(2000)})
	wantErr(t, err, "InvalidParameterValue", "")
	_, err = api.DescribeInstances(bg, &ec2.DescribeInstancesInput{InstanceIds: []string{"i-0nope"}})
	wantErr(t, err, "InvalidInstanceID.NotFound", "")
	filtered := must(api.DescribeInstances(bg, &ec2.DescribeInstancesInput{Filters: []ec2types.Filter{{Name: aws.String("tag:aws:autoscaling:groupName"), Values: []string{webGroup}}}}))
	if len(filtered.Reservations) != len(s.groups[webGroup].insts) {
		t.Fatalf("filter by group: %d reservations", len(filtered.Reservations))
	}
	types := must(api.DescribeInstanceTypes(bg, &ec2.DescribeInstanceTypesInput{InstanceTypes: []ec2types.InstanceType{"r6g.large"}}))
	if *types.InstanceTypes[0].VCpuInfo.DefaultVCpus != 2 || *types.InstanceTypes[0].MemoryInfo.SizeInMiB != 16384 {
		t.Fatalf("r6g.large: %+v", types.InstanceTypes[0])
	}
	sp := must(api.DescribeSpotPriceHistory(bg, &ec2.DescribeSpotPriceHistoryInput{InstanceTypes: []ec2types.InstanceType{"m6i.large"}, StartTime: aws.Time(s.Now().Add(-3 * time.Hour))}))
	if len(sp.SpotPriceHistory) < 9 {
		t.Fatalf("%d spot prices", len(sp.SpotPriceHistory))
	}
	azs := must(api.DescribeAvailabilityZones(bg, &ec2.DescribeAvailabilityZonesInput{}))
	if len(azs.AvailabilityZones) != 3 {
		t.Fatalf("%d AZs", len(azs.AvailabilityZones))
	}
	id := must(stsAPI{s}.GetCallerIdentity(bg, &sts.GetCallerIdentityInput{}))
	if !strings.Contains(*id.Arn, "/hoist-simulator/") || *id.Account != "000000000000" {
		t.Fatalf("caller identity %s", *id.Arn)
	}
}

func TestLoadBalancersThroughTheAPI(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := elbv2API{s}
	lbs := must(api.DescribeLoadBalancers(bg, &elb.DescribeLoadBalancersInput{PageSize: aws.Int32(2)}))
	if len(lbs.LoadBalancers) != 2 || lbs.NextMarker == nil {
		t.Fatalf("page of 2: %d, marker %v", len(lbs.LoadBalancers), lbs.NextMarker)
	}
	_, err := api.DescribeLoadBalancers(bg, &elb.DescribeLoadBalancersInput{LoadBalancerArns: []string{"arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/x/1"}})
	wantErr(t, err, "LoadBalancerNotFound", "")
	_, err = api.DescribeTargetHealth(bg, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String("arn:nope")})
	wantErr(t, err, "TargetGroupNotFound", "")
	web := s.groups[webGroup]
	tgARN := web.tgARNs[0]
	attrs := must(api.DescribeTargetGroupAttributes(bg, &elb.DescribeTargetGroupAttributesInput{TargetGroupArn: aws.String(tgARN)}))
	got := map[string]string{}
	for _, a := range attrs.Attributes {
		got[*a.Key] = *a.Value
	}
	if got["stickiness.enabled"] != "true" || got["deregistration_delay.timeout_seconds"] != "30" || got["load_balancing.algorithm.type"] != "round_robin" {
		t.Fatalf("web attributes: %v", got)
	}
	_, err = api.ModifyTargetGroupAttributes(bg, &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: aws.String(tgARN),
		Attributes: []elbtypes.TargetGroupAttribute{{Key: aws.String("stickiness.lb_cookie.duration_seconds"), Value: aws.String("0")}}})
	wantErr(t, err, "ValidationError", "")
	must(api.ModifyTargetGroupAttributes(bg, &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: aws.String(tgARN),
		Attributes: []elbtypes.TargetGroupAttribute{{Key: aws.String("deregistration_delay.timeout_seconds"), Value: aws.String("120")}}}))
	// deregistration delay: a deregistered target drains for the delay
	id := web.insts[0].id
	must(api.DeregisterTargets(bg, &elb.DeregisterTargetsInput{TargetGroupArn: aws.String(tgARN), Targets: []elbtypes.TargetDescription{{Id: aws.String(id)}}}))
	s.Advance(100 * time.Second)
	h := must(api.DescribeTargetHealth(bg, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(tgARN), Targets: []elbtypes.TargetDescription{{Id: aws.String(id)}}}))
	if h.TargetHealthDescriptions[0].TargetHealth.State != "draining" || h.TargetHealthDescriptions[0].TargetHealth.Reason != "Target.DeregistrationInProgress" {
		t.Fatalf("after 100 s of a 120 s delay: %+v", h.TargetHealthDescriptions[0].TargetHealth)
	}
	s.Advance(30 * time.Second)
	h = must(api.DescribeTargetHealth(bg, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(tgARN), Targets: []elbtypes.TargetDescription{{Id: aws.String(id)}}}))
	if h.TargetHealthDescriptions[0].TargetHealth.Reason != "Target.NotRegistered" {
		t.Fatalf("after the delay: %+v", h.TargetHealthDescriptions[0].TargetHealth)
	}
	must(api.RegisterTargets(bg, &elb.RegisterTargetsInput{TargetGroupArn: aws.String(tgARN), Targets: []elbtypes.TargetDescription{{Id: aws.String(id)}}}))
	_, err = api.RegisterTargets(bg, &elb.RegisterTargetsInput{TargetGroupArn: aws.String(tgARN), Targets: []elbtypes.TargetDescription{{Id: aws.String("i-0nothere")}}})
	wantErr(t, err, "InvalidTarget", "")
	// listeners, certificates, policies, rules, tags
	var webLB *loadBalancer
	for _, lb := range s.lbOrder {
		if lb.name == "solemate-web" {
			webLB = lb
		}
	}
	ls := must(api.DescribeListeners(bg, &elb.DescribeListenersInput{LoadBalancerArn: aws.String(webLB.arn)}))
	var https elbtypes.Listener
	for _, l := range ls.Listeners {
		if l.Protocol == "HTTPS" {
			https = l
		}
	}
	if aws.ToString(https.SslPolicy) != "ELBSecurityPolicy-TLS13-1-2-2021-06" {
		t.Fatalf("HTTPS listener: %+v", https)
	}
	certs := must(api.DescribeListenerCertificates(bg, &elb.DescribeListenerCertificatesInput{ListenerArn: https.ListenerArn}))
	if len(certs.Certificates) != 2 || !*certs.Certificates[0].IsDefault {
		t.Fatalf("certificates: %+v", certs.Certificates)
	}
	pols := must(api.DescribeSSLPolicies(bg, &elb.DescribeSSLPoliciesInput{Names: []string{"ELBSecurityPolicy-TLS13-1-2-2021-06"}}))
	if len(pols.SslPolicies[0].Ciphers) == 0 {
		t.Fatal("SSL policy without ciphers")
	}
	var svc *loadBalancer
	for _, lb := range s.lbOrder {
		if lb.name == "solemate-services" {
			svc = lb
		}
	}
	rules := must(api.DescribeRules(bg, &elb.DescribeRulesInput{ListenerArn: aws.String(svc.listeners[0].arn)}))
	if len(rules.Rules) != 5 {
		t.Fatalf("services listener: %d rules, want 4 path rules and the default", len(rules.Rules))
	}
	tags := must(api.DescribeTags(bg, &elb.DescribeTagsInput{ResourceArns: []string{webLB.arn, tgARN}}))
	if len(tags.TagDescriptions) != 2 || len(tags.TagDescriptions[0].Tags) == 0 {
		t.Fatalf("tags: %+v", tags.TagDescriptions)
	}
	many := make([]string, 21)
	for i := range many {
		many[i] = webLB.arn
	}
	_, err = api.DescribeTags(bg, &elb.DescribeTagsInput{ResourceArns: many})
	wantErr(t, err, "ValidationError", "20")
	// create, modify, delete
	lb := must(api.CreateLoadBalancer(bg, &elb.CreateLoadBalancerInput{Name: aws.String("drill-alb")}))
	_, err = api.CreateLoadBalancer(bg, &elb.CreateLoadBalancerInput{Name: aws.String("drill-alb")})
	wantErr(t, err, "DuplicateLoadBalancerName", "")
	tg := must(api.CreateTargetGroup(bg, &elb.CreateTargetGroupInput{Name: aws.String("drill-tg"), Protocol: "HTTP", Port: aws.Int32(80), HealthCheckPath: aws.String("/ping")}))
	must(api.ModifyTargetGroup(bg, &elb.ModifyTargetGroupInput{TargetGroupArn: tg.TargetGroups[0].TargetGroupArn, HealthCheckIntervalSeconds: aws.Int32(10)}))
	must(api.CreateListener(bg, &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Port: aws.Int32(80), Protocol: "HTTP",
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: tg.TargetGroups[0].TargetGroupArn}}}))
	_, err = api.DeleteTargetGroup(bg, &elb.DeleteTargetGroupInput{TargetGroupArn: tg.TargetGroups[0].TargetGroupArn})
	wantErr(t, err, "ResourceInUse", "")
	must(api.DeleteLoadBalancer(bg, &elb.DeleteLoadBalancerInput{LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn}))
	must(api.DeleteTargetGroup(bg, &elb.DeleteTargetGroupInput{TargetGroupArn: tg.TargetGroups[0].TargetGroupArn}))
	tgs := must(api.DescribeTargetGroups(bg, &elb.DescribeTargetGroupsInput{LoadBalancerArn: aws.String(webLB.arn)}))
	if len(tgs.TargetGroups) != 1 {
		t.Fatalf("web LB target groups: %d", len(tgs.TargetGroups))
	}
}

func TestMetricsThroughTheAPI(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	s.Advance(30 * time.Minute)
	api := cloudWatchAPI{s}
	now := s.Now()
	gd := []cwtypes.Dimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(webGroup)}}
	stat := func(id, ns, name, st string, d []cwtypes.Dimension) cwtypes.MetricDataQuery {
		return cwtypes.MetricDataQuery{Id: aws.String(id), MetricStat: &cwtypes.MetricStat{Metric: &cwtypes.Metric{Namespace: aws.String(ns), MetricName: aws.String(name), Dimensions: d},
			Period: aws.Int32(60), Stat: aws.String(st)}}
	}
	out := must(api.GetMetricData(bg, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(now.Add(-20 * time.Minute)), EndTime: aws.Time(now),
		ScanBy: cwtypes.ScanByTimestampAscending,
		MetricDataQueries: []cwtypes.MetricDataQuery{
			stat("cpu", "AWS/EC2", "CPUUtilization", "Average", gd),
			stat("n", "AWS/EC2", "CPUUtilization", "SampleCount", gd),
			stat("sum", "AWS/EC2", "CPUUtilization", "Sum", gd),
			stat("p99", "AWS/EC2", "CPUUtilization", "p99", gd),
			stat("des", "AWS/AutoScaling", "GroupDesiredCapacity", "Maximum", gd),
			{Id: aws.String("avg"), Expression: aws.String("sum/n"), Label: aws.String("computed")},
			{Id: aws.String("pct"), Expression: aws.String("cpu*100/100 + 0")},
			{Id: aws.String("total"), Expression: aws.String("SUM(METRICS())"), ReturnData: aws.Bool(false)},
		}}))
	res := map[string]cwtypes.MetricDataResult{}
	for _, r := range out.MetricDataResults {
		res[*r.Id] = r
	}
	if len(res) != 7 {
		t.Fatalf("%d results, want 7 (ReturnData false hides one)", len(res))
	}
	if n := len(res["cpu"].Values); n != 20 {
		t.Fatalf("%d CPU points over 20 minutes", n)
	}
	for i := range res["cpu"].Values {
		if d := res["cpu"].Values[i] - res["avg"].Values[i]; d > 0.01 || d < -0.01 {
			t.Fatalf("m1/m2 math: %v vs %v", res["cpu"].Values[i], res["avg"].Values[i])
		}
		if res["p99"].Values[i] < res["cpu"].Values[i] {
			t.Fatalf("p99 below average")
		}
	}
	if !res["cpu"].Timestamps[0].Before(res["cpu"].Timestamps[1]) || *res["avg"].Label != "computed" || *res["cpu"].Label != "CPUUtilization" {
		t.Fatal("ascending order and labels")
	}
	// MaxDatapoints pages across results
	var got int
	var tok *string
	for pages := 0; ; pages++ {
		p := must(api.GetMetricData(bg, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(now.Add(-20 * time.Minute)), EndTime: aws.Time(now), MaxDatapoints: aws.Int32(15), NextToken: tok,
			MetricDataQueries: []cwtypes.MetricDataQuery{stat("cpu", "AWS/EC2", "CPUUtilization", "Average", gd), stat("des", "AWS/AutoScaling", "GroupDesiredCapacity", "Average", gd)}}))
		for _, r := range p.MetricDataResults {
			got += len(r.Values)
		}
		if tok = p.NextToken; tok == nil {
			break
		}
		if pages > 10 {
			t.Fatal("paging does not end")
		}
	}
	if got != 40 {
		t.Fatalf("%d points over pages, want 40", got)
	}
	_, err := api.GetMetricData(bg, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now),
		MetricDataQueries: []cwtypes.MetricDataQuery{{Id: aws.String("bad"), Expression: aws.String("nope*2")}}})
	wantErr(t, err, "ValidationError", "nope")
	big := make([]cwtypes.MetricDataQuery, 501)
	for i := range big {
		big[i] = stat("m"+strings.Repeat("x", i%5)+string(rune('a'+i%26))+"_"+time.Duration(i).String(), "AWS/EC2", "CPUUtilization", "Average", gd)
	}
	_, err = api.GetMetricData(bg, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now), MetricDataQueries: big})
	wantErr(t, err, "ValidationError", "500")
	// the published namespaces
	for _, q := range []struct{ ns, name string }{
		{"AWS/EC2", "CPUUtilization"}, {"AWS/AutoScaling", "GroupInServiceInstances"}, {"AWS/ApplicationELB", "RequestCountPerTarget"},
		{"AWS/ApplicationELB", "TargetResponseTime"}, {"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"}, {"AWS/ApplicationELB", "UnHealthyHostCount"},
		{"AWS/NetworkELB", "ActiveFlowCount"}, {"AWS/NetworkELB", "HealthyHostCount"}, {"CWAgent", "mem_used_percent"}, {"SoleMate/Workers", "ApproximateQueueBacklog"},
	} {
		lm := must(api.ListMetrics(bg, &cloudwatch.ListMetricsInput{Namespace: aws.String(q.ns), MetricName: aws.String(q.name)}))
		if len(lm.Metrics) == 0 {
			t.Errorf("no %s %s", q.ns, q.name)
		}
	}
	all := must(api.ListMetrics(bg, &cloudwatch.ListMetricsInput{}))
	if len(all.Metrics) < 150 || all.NextToken != nil {
		t.Fatalf("ListMetrics: %d metrics, token %v", len(all.Metrics), all.NextToken)
	}
	gs := must(api.GetMetricStatistics(bg, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"), Dimensions: gd,
		StartTime: aws.Time(now.Add(-10 * time.Minute)), EndTime: aws.Time(now), Period: aws.Int32(300), Statistics: []cwtypes.Statistic{"Average", "Maximum"}, ExtendedStatistics: []string{"p90"}}))
	if len(gs.Datapoints) != 2 || gs.Datapoints[0].Unit != "Percent" || *gs.Datapoints[0].Maximum < *gs.Datapoints[0].Average {
		t.Fatalf("GetMetricStatistics: %+v", gs.Datapoints)
	}
	_, err = api.GetMetricStatistics(bg, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"),
		StartTime: aws.Time(now.Add(-48 * time.Hour)), EndTime: aws.Time(now), Period: aws.Int32(60), Statistics: []cwtypes.Statistic{"Average"}})
	wantErr(t, err, "InvalidParameterCombination", "1440")
	// PutMetricData adds to the store
	must(api.PutMetricData(bg, &cloudwatch.PutMetricDataInput{Namespace: aws.String("Drill"), MetricData: []cwtypes.MetricDatum{
		{MetricName: aws.String("Queue"), Value: aws.Float64(10)}, {MetricName: aws.String("Queue"), Value: aws.Float64(30)}}}))
	_, err = api.PutMetricData(bg, &cloudwatch.PutMetricDataInput{Namespace: aws.String("AWS/EC2"), MetricData: []cwtypes.MetricDatum{{MetricName: aws.String("x"), Value: aws.Float64(1)}}})
	wantErr(t, err, "InvalidParameterValue", "")
	q := must(api.GetMetricData(bg, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(now.Add(-time.Minute)), EndTime: aws.Time(now.Add(time.Minute)),
		MetricDataQueries: []cwtypes.MetricDataQuery{stat("q", "Drill", "Queue", "Average", nil), stat("c", "Drill", "Queue", "SampleCount", nil)}}))
	if q.MetricDataResults[0].Values[0] != 20 || q.MetricDataResults[1].Values[0] != 2 {
		t.Fatalf("custom metric: %+v", q.MetricDataResults)
	}
}

func TestAlarmsThroughTheAPI(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := cloudWatchAPI{s}
	gd := []cwtypes.Dimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(webGroup)}}
	must(api.PutMetricAlarm(bg, &cloudwatch.PutMetricAlarmInput{AlarmName: aws.String("web-cpu-low-test"), Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"),
		Dimensions: gd, Statistic: "Average", Period: aws.Int32(60), EvaluationPeriods: aws.Int32(2), Threshold: aws.Float64(99),
		ComparisonOperator: cwtypes.ComparisonOperatorLessThanThreshold, AlarmActions: []string{"arn:aws:sns:us-east-1:000000000000:t"}}))
	s.Advance(3 * time.Minute)
	al := must(api.DescribeAlarms(bg, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"web-cpu-low-test"}}))
	if al.MetricAlarms[0].StateValue != cwtypes.StateValueAlarm || !strings.HasPrefix(*al.MetricAlarms[0].StateReason, "Threshold Crossed: 2 out of the last 2 datapoints") {
		t.Fatalf("alarm: %s %s", al.MetricAlarms[0].StateValue, aws.ToString(al.MetricAlarms[0].StateReason))
	}
	h := must(api.DescribeAlarmHistory(bg, &cloudwatch.DescribeAlarmHistoryInput{AlarmName: aws.String("web-cpu-low-test"), HistoryItemType: cwtypes.HistoryItemTypeStateUpdate}))
	if len(h.AlarmHistoryItems) == 0 || !strings.Contains(*h.AlarmHistoryItems[0].HistorySummary, "to ALARM") {
		t.Fatalf("history: %+v", h.AlarmHistoryItems)
	}
	acts := must(api.DescribeAlarmHistory(bg, &cloudwatch.DescribeAlarmHistoryInput{AlarmName: aws.String("web-cpu-low-test"), HistoryItemType: cwtypes.HistoryItemTypeAction}))
	if len(acts.AlarmHistoryItems) != 1 {
		t.Fatalf("%d action records, want 1 (SNS actions fire on the transition)", len(acts.AlarmHistoryItems))
	}
	must(api.DisableAlarmActions(bg, &cloudwatch.DisableAlarmActionsInput{AlarmNames: []string{"web-cpu-low-test"}}))
	must(api.SetAlarmState(bg, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("web-cpu-low-test"), StateValue: "OK", StateReason: aws.String("drill")}))
	must(api.EnableAlarmActions(bg, &cloudwatch.EnableAlarmActionsInput{AlarmNames: []string{"web-cpu-low-test"}}))
	_, err := api.SetAlarmState(bg, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("nope"), StateValue: "OK", StateReason: aws.String("x")})
	wantErr(t, err, "ResourceNotFound", "")
	pages := 0
	var tok *string
	for {
		p := must(api.DescribeAlarms(bg, &cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(5), NextToken: tok}))
		pages++
		if tok = p.NextToken; tok == nil {
			break
		}
	}
	if pages != (len(s.alarmNames)+4)/5 {
		t.Fatalf("%d pages for %d alarms", pages, len(s.alarmNames))
	}
	tt := must(api.DescribeAlarms(bg, &cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("TargetTracking-" + webGroup + "-Alarm")}))
	if len(tt.MetricAlarms) != 2 {
		t.Fatalf("web target tracking alarms: %d", len(tt.MetricAlarms))
	}
	must(api.PutAlarmMuteRule(bg, &cloudwatch.PutAlarmMuteRuleInput{Name: aws.String("nightly"), MuteTargets: &cwtypes.MuteTargets{AlarmNames: []string{"web-cpu-low-test"}},
		Rule: &cwtypes.Rule{Schedule: &cwtypes.Schedule{Expression: aws.String("cron(0 2 * * *)"), Duration: aws.String("PT2H"), Timezone: aws.String("America/New_York")}}}))
	mr := must(api.GetAlarmMuteRule(bg, &cloudwatch.GetAlarmMuteRuleInput{AlarmMuteRuleName: aws.String("nightly")}))
	if mr.Status != cwtypes.AlarmMuteRuleStatusScheduled {
		t.Fatalf("mute rule status %s at 05:00 New York", mr.Status)
	}
	list := must(api.ListAlarmMuteRules(bg, &cloudwatch.ListAlarmMuteRulesInput{AlarmName: aws.String("web-cpu-low-test")}))
	if len(list.AlarmMuteRuleSummaries) != 1 {
		t.Fatal("mute rule not listed")
	}
	_, err = api.PutAlarmMuteRule(bg, &cloudwatch.PutAlarmMuteRuleInput{Name: aws.String("bad"), MuteTargets: &cwtypes.MuteTargets{AlarmNames: []string{"x"}},
		Rule: &cwtypes.Rule{Schedule: &cwtypes.Schedule{Expression: aws.String("every day"), Duration: aws.String("PT1H")}}})
	wantErr(t, err, "ValidationError", "")
	must(api.DeleteAlarmMuteRule(bg, &cloudwatch.DeleteAlarmMuteRuleInput{AlarmMuteRuleName: aws.String("nightly")}))
	must(api.DeleteAlarms(bg, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"web-cpu-low-test"}}))
	_, err = api.DeleteAlarms(bg, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"web-cpu-low-test"}})
	wantErr(t, err, "ResourceNotFound", "")
	must(api.PutDashboard(bg, &cloudwatch.PutDashboardInput{DashboardName: aws.String("oncall"), DashboardBody: aws.String(`{"widgets":[]}`)}))
	_, err = api.PutDashboard(bg, &cloudwatch.PutDashboardInput{DashboardName: aws.String("oncall"), DashboardBody: aws.String(`{`)})
	wantErr(t, err, "InvalidParameterInput", "")
}

func TestMutationsRecordEveryChange(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	setDesired(t, s, webGroup, 6)
	setDesired(t, s, webGroup, 6)
	_, _ = autoScalingAPI{s}.SetDesiredCapacity(bg, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: aws.String(webGroup), DesiredCapacity: aws.Int32(99)})
	var sets []Mutation
	for _, m := range s.Stats().Mutations {
		if m.Operation == "SetDesiredCapacity" {
			sets = append(sets, m)
		}
	}
	if len(sets) != 2 || sets[0].Group != webGroup || sets[0].Values["desired"] != 6 || sets[0].RequestID == sets[1].RequestID {
		t.Fatalf("mutations: %+v", sets)
	}
}
