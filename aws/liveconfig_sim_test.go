package aws

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/spec"
)

// TestReadConfigSimulator reads the simulator's default fleet whole: a
// policy of every kind, scheduled actions, target groups, alarms; its
// export plans nothing; and the example files resolve against it.
func TestReadConfigSimulator(t *testing.T) {
	env := openSim(t, nil)
	live, err := env.session.ReadConfig(context.Background(), []string{"solemate-web-tg", "solemate-cache-tg"})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, ps := range live.Policies {
		for _, p := range ps {
			kind := p.Type()
			if t := p.TargetTracking; t != nil && t.Custom != nil {
				kind += "/custom"
			}
			if t := p.TargetTracking; t != nil && t.Metric == model.MetricALBRequestCountPerTarget {
				kind += "/" + t.TargetGroup
			}
			kinds[kind] = true
		}
	}
	for _, k := range []string{"TargetTrackingScaling", "TargetTrackingScaling/custom", "TargetTrackingScaling/solemate-app-tg",
		"StepScaling", "SimpleScaling", "PredictiveScaling"} {
		if !kinds[k] {
			t.Errorf("no %s policy read; read %v", k, kinds)
		}
	}
	if len(live.Scheduled["solemate-db-replica-prod"]) != 2 || len(live.Alarms) == 0 || !live.Where.Simulator {
		t.Errorf("scheduled %v, %d alarms, where %v", live.Scheduled, len(live.Alarms), live.Where)
	}
	if tg, _ := live.TargetGroup("solemate-web-tg"); tg.Attributes["stickiness.enabled"] != "true" || tg.HealthCheck.Matcher == "" {
		t.Errorf("web target group: %+v", tg)
	}
	checkRoundTrip(t, &live)

	var docs []*spec.Doc
	for _, name := range []string{"scaling.yml", "policies/cpu-scaling.yml", "policies/request-scaling.yml", "policies/memory-scaling.yml",
		"policies/queue-scaling.yml", "policies/predictive-scaling.yml", "alerts/scaling.yml", "alerts/loadbalancer.yml", "loadbalancer.yml"} {
		docs = append(docs, parseExample(t, "../docs/examples/scaling/"+name))
	}
	if _, err := spec.Resolve(docs, &live, spec.Options{}); err != nil {
		t.Errorf("the examples do not fit the simulator's fleet: %v", err)
	}
}

// TestPlanApplyRoundTrip, on the simulator and on moto: export, change
// one value of each kind apply can send, plan (exactly those), apply each
// action through Act, plan again (nothing).
func TestPlanApplyRoundTrip(t *testing.T) {
	t.Run("simulator", func(t *testing.T) {
		env := openSim(t, nil)
		roundTrip(t, env.session, "solemate-web-prod", "solemate-web-tg")
	})
	t.Run("moto", func(t *testing.T) {
		resetMoto(t)
		seedConfig(t)
		seedTargetGroup(t, "web", "web-tg")
		roundTrip(t, openTest(t, nil).session, "web", "web-tg")
	})
}

func roundTrip(t *testing.T, s *Session, group, tg string) {
	t.Helper()
	ctx := context.Background()
	live, err := s.ReadConfig(ctx, []string{tg})
	if err != nil {
		t.Fatal(err)
	}
	outs, err := spec.Export(&live, spec.ExportFilter{Group: group})
	if err != nil {
		t.Fatal(err)
	}
	f := spec.Merge(outs)
	g, _ := live.Group(group)
	f.Dashboards = []model.DashboardSpec{{Tier: g.Tier}}
	b := &f.Groups[0]
	max := *b.Max + 5
	b.Max = &max
	grace := *b.HealthCheckGraceSeconds + 30
	b.HealthCheckGraceSeconds = &grace
	b.SuspendedProcesses = append(b.SuspendedProcesses, "AZRebalance")
	for i := range b.Policies {
		if tt := b.Policies[i].TargetTracking; tt != nil && tt.Custom == nil {
			tt.Target += 5
		}
	}
	// A whole new policy and scheduled action.
	b.Policies = append(b.Policies, model.PolicySpec{Name: "rt-simple-out",
		Simple: &model.SimpleSpec{AdjustmentType: "ChangeInCapacity", Adjustment: 2, CooldownSeconds: ip(120)}})
	b.ScheduledActions = append(b.ScheduledActions, model.ScheduleSpec{Name: "rt-nightly", Recurrence: "0 2 * * *", Min: ip(1)})
	tgb := &f.TargetGroups[slices.IndexFunc(f.TargetGroups, func(x spec.TargetGroupBlock) bool { return x.Name == tg })]
	interval := *tgb.HealthCheck.IntervalSeconds + 5
	tgb.HealthCheck.IntervalSeconds = &interval
	tgb.Attributes = map[string]string{"deregistration_delay.timeout_seconds": "17"}
	// An alarm of the account's with a new threshold (adopted when hoist
	// did not make it) and a new metric math alarm.
	i := slices.IndexFunc(live.Alarms, func(a model.LiveAlarm) bool { return !strings.HasPrefix(a.Name, model.TargetTrackingAlarmPrefix) })
	edited := live.Alarms[i].AlarmSpec
	edited.Threshold++
	f.Alerts = append(f.Alerts, edited, atMaxAlarm(group))
	data, err := spec.Marshal(f, live.Where)
	if err != nil {
		t.Fatal(err)
	}
	plan := func() *spec.Plan {
		live, err := s.ReadConfig(ctx, []string{tg})
		if err != nil {
			t.Fatal(err)
		}
		d, err := spec.Parse("edited.yml", data)
		if err == nil {
			var want *spec.Desired
			if want, err = spec.Resolve([]*spec.Doc{d}, &live, spec.Options{}); err == nil {
				return spec.Compute(want, &live, spec.PlanOptions{})
			}
		}
		t.Fatalf("%v\n%s", err, data)
		return nil
	}
	p := plan()
	var fields []string
	for _, c := range p.Changes {
		for _, f := range c.Fields {
			if c.Op != spec.Create {
				fields = append(fields, f.Field)
			}
		}
	}
	want := []string{"max", "suspended_processes", "health_check_grace_seconds", "health_check.interval_seconds",
		"attributes.deregistration_delay.timeout_seconds", "target_tracking.target", "threshold"}
	if _, ok := live.Dashboards[model.DashboardPrefix+g.Tier]; ok {
		want = append(want, "body")
	}
	if !live.Alarms[i].Managed() {
		want = append(want, "tags."+model.ManagedTag)
	}
	slices.Sort(fields)
	slices.Sort(want)
	created := func(name string) bool {
		return slices.ContainsFunc(p.Changes, func(c spec.Change) bool { return c.Op == spec.Create && c.Name == name })
	}
	if !slices.Equal(slices.Compact(fields), want) || len(p.Pending()) > 0 || !created(group+"-at-max") || !created("rt-simple-out") || !created("rt-nightly") {
		t.Fatalf("plan of the edit:\n%s", strings.Join(spec.Render(p), "\n"))
	}
	for _, c := range p.Changes {
		for _, a := range c.Actions {
			if err := s.Act(ctx, a, "round trip", nil); err != nil {
				t.Fatalf("%s: %v", model.Summary(a), err)
			}
		}
	}
	if p := plan(); !p.Empty() {
		t.Errorf("plan after apply:\n%s", strings.Join(spec.Render(p), "\n"))
	}
}

// seedTargetGroup puts group behind a new target group of an ALB in moto.
func seedTargetGroup(t *testing.T, group, name string) {
	t.Helper()
	ctx, r := context.Background(), newRaw(t)
	vpcs, err := r.ec2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil || len(vpcs.Vpcs) == 0 {
		t.Fatalf("DescribeVpcs: %v", err)
	}
	vpc := vpcs.Vpcs[0].VpcId
	subs, err := r.ec2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{{Name: sdk.String("vpc-id"), Values: []string{*vpc}}}})
	if err != nil || len(subs.Subnets) < 2 {
		t.Fatalf("DescribeSubnets: %v", err)
	}
	lb, err := r.elb.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: sdk.String(name + "-alb"),
		Subnets: []string{sdk.ToString(subs.Subnets[0].SubnetId), sdk.ToString(subs.Subnets[1].SubnetId)}})
	if err != nil {
		t.Fatalf("CreateLoadBalancer: %v", err)
	}
	tg, err := r.elb.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: sdk.String(name), Protocol: elbtypes.ProtocolEnumHttp,
		Port: sdk.Int32(80), VpcId: vpc, HealthCheckPath: sdk.String("/health")})
	if err != nil {
		t.Fatalf("CreateTargetGroup: %v", err)
	}
	arn := tg.TargetGroups[0].TargetGroupArn
	if _, err := r.elb.CreateListener(ctx, &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn,
		Port: sdk.Int32(80), Protocol: elbtypes.ProtocolEnumHttp,
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: arn}}}); err != nil {
		t.Fatalf("CreateListener: %v", err)
	}
	if _, err := r.asg.AttachLoadBalancerTargetGroups(ctx, &autoscaling.AttachLoadBalancerTargetGroupsInput{
		AutoScalingGroupName: sdk.String(group), TargetGroupARNs: []string{*arn}}); err != nil {
		t.Fatalf("AttachLoadBalancerTargetGroups: %v", err)
	}
}

func parseExample(t *testing.T, path string) *spec.Doc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := spec.Parse(path, b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
