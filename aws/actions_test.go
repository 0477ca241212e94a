package aws

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/solemate/hoist/model"
)

// readGroup reads a group straight from moto, not through the adapter.
func readGroup(t *testing.T, r rawClients, name string) *astypes.AutoScalingGroup {
	t.Helper()
	o, err := r.asg.DescribeAutoScalingGroups(context.Background(), &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}})
	if err != nil {
		t.Fatal(err)
	}
	if len(o.AutoScalingGroups) == 0 {
		return nil
	}
	return &o.AutoScalingGroups[0]
}

func readPolicy(t *testing.T, r rawClients, group, name string) *astypes.ScalingPolicy {
	t.Helper()
	o, err := r.asg.DescribePolicies(context.Background(), &autoscaling.DescribePoliciesInput{AutoScalingGroupName: sdk.String(group)})
	if err != nil {
		t.Fatal(err)
	}
	for i := range o.ScalingPolicies {
		if sdk.ToString(o.ScalingPolicies[i].PolicyName) == name {
			return &o.ScalingPolicies[i]
		}
	}
	return nil
}

func instanceState(g *astypes.AutoScalingGroup, id string) (lifecycle, health string, ok bool) {
	for _, in := range g.Instances {
		if sdk.ToString(in.InstanceId) == id {
			return string(in.LifecycleState), sdk.ToString(in.HealthStatus), true
		}
	}
	return "", "", false
}

// current is the group as the operator would see it: read through the adapter.
func current(t *testing.T, s *Session, name string) model.Group {
	t.Helper()
	gs, err := s.Groups(context.Background(), true, name)
	if err != nil {
		t.Fatal(err)
	}
	return gs[0]
}

// TestActions sends every action kind to moto and reads back what changed,
// through a client of its own. Each mutating action reaches moto exactly
// once, and the journal holds an intent and an ok outcome for each.
func TestActions(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	// moto 5.2.1 has no PutAlarmMuteRule: the proxy answers it, and the
	// test checks the request the adapter sent.
	env.proxy.stub("cloudwatch:PutAlarmMuteRule", `{}`)
	s, r, ctx := env.session, newRaw(t), context.Background()

	sent := 0
	act := func(a model.Action, op string) {
		t.Helper()
		sent++
		before := 0
		if op != "" {
			before = env.proxy.count(op)
		}
		total := env.proxy.total.Load()
		if err := s.Act(ctx, a, "test "+string(a.Kind()), nil); err != nil {
			t.Fatalf("%s: %v", model.Summary(a), err)
		}
		if op == "" {
			if n := env.proxy.total.Load(); n != total {
				t.Fatalf("%s sent %d requests, want none", a.Kind(), n-total)
			}
			return
		}
		if got := env.proxy.count(op) - before; got != 1 {
			t.Fatalf("%s: %s reached moto %d times, want once", a.Kind(), op, got)
		}
	}

	g := current(t, s, "web")
	if len(g.Instances) != 2 {
		t.Fatalf("web has %d instances", len(g.Instances))
	}
	i0, i1 := g.Instances[0].ID, g.Instances[1].ID

	act(model.SetInstanceHealth{Group: "web", Instance: i0, From: "Healthy", Health: "Unhealthy"}, "autoscaling:SetInstanceHealth")
	if _, h, _ := instanceState(readGroup(t, r, "web"), i0); h != "Unhealthy" {
		t.Errorf("health of %s = %s after SetInstanceHealth", i0, h)
	}

	g = current(t, s, "web")
	act(model.EnterStandby{Group: "web", Instance: i1, From: g.Capacity}, "autoscaling:EnterStandby")
	if lc, _, _ := instanceState(readGroup(t, r, "web"), i1); lc != "Standby" {
		t.Errorf("%s is %s after EnterStandby", i1, lc)
	}
	g = current(t, s, "web")
	if g.Max <= g.Desired {
		act(model.SetLimits{Group: "web", From: g.Capacity, To: model.Capacity{Min: g.Min, Desired: g.Desired, Max: g.Desired + 3}}, "autoscaling:UpdateAutoScalingGroup")
		g = current(t, s, "web")
	}
	act(model.ExitStandby{Group: "web", Instance: i1, From: g.Capacity}, "autoscaling:ExitStandby")
	if lc, _, _ := instanceState(readGroup(t, r, "web"), i1); lc != "InService" {
		t.Errorf("%s is %s after ExitStandby", i1, lc)
	}

	g = current(t, s, "web")
	act(model.TerminateInstance{Group: "web", Instance: i0, Decrement: true, From: g.Capacity}, "autoscaling:TerminateInstanceInAutoScalingGroup")
	rg := readGroup(t, r, "web")
	if _, _, ok := instanceState(rg, i0); ok {
		t.Errorf("%s still in web after terminate", i0)
	}
	if got := int(sdk.ToInt32(rg.DesiredCapacity)); got != g.Desired-1 {
		t.Errorf("desired after terminate with decrement = %d, want %d", got, g.Desired-1)
	}

	g = current(t, s, "web")
	act(model.SetDesired{Group: "web", From: g.Capacity, Desired: g.Desired + 1}, "autoscaling:SetDesiredCapacity")
	if got := int(sdk.ToInt32(readGroup(t, r, "web").DesiredCapacity)); got != g.Desired+1 {
		t.Errorf("desired = %d, want %d", got, g.Desired+1)
	}

	g = current(t, s, "web")
	act(model.SetDesired{Group: "web", From: g.Capacity, Desired: g.Max + 1, AdjustLimits: true}, "autoscaling:UpdateAutoScalingGroup")
	rg = readGroup(t, r, "web")
	if int(sdk.ToInt32(rg.MaxSize)) != g.Max+1 || int(sdk.ToInt32(rg.DesiredCapacity)) != g.Max+1 {
		t.Errorf("desired with limits: max %d desired %d, want both %d", sdk.ToInt32(rg.MaxSize), sdk.ToInt32(rg.DesiredCapacity), g.Max+1)
	}

	g = current(t, s, "web")
	to := model.Capacity{Min: 0, Desired: 2, Max: 9}
	act(model.SetLimits{Group: "web", From: g.Capacity, To: to}, "autoscaling:UpdateAutoScalingGroup")
	rg = readGroup(t, r, "web")
	if got := (model.Capacity{Min: int(*rg.MinSize), Desired: int(*rg.DesiredCapacity), Max: int(*rg.MaxSize)}); got != to {
		t.Errorf("limits = %+v, want %+v", got, to)
	}

	act(model.SuspendProcesses{Group: "web", Processes: model.FreezeScaling()}, "autoscaling:SuspendProcesses")
	if got := ConvertGroup(readGroup(t, r, "web")).Suspended; !slices.Equal(got, []string{"AlarmNotification", "ScheduledActions"}) {
		t.Errorf("suspended = %v", got)
	}
	act(model.ResumeProcesses{Group: "web", Processes: []string{"AlarmNotification"}, From: []string{"AlarmNotification", "ScheduledActions"}}, "autoscaling:ResumeProcesses")
	if got := ConvertGroup(readGroup(t, r, "web")).Suspended; !slices.Equal(got, []string{"ScheduledActions"}) {
		t.Errorf("suspended after resume = %v", got)
	}

	// Edit re-sends the whole policy: the warmup the edit does not touch
	// must survive.
	g = current(t, s, "web")
	tt, _ := g.Policy("web-cpu50")
	act(model.EditPolicy{Group: "web", Policy: "web-cpu50", Type: tt.Type, Metric: tt.Target.Metric,
		From: model.SettingsOf(tt), To: model.PolicySettings{Enabled: true, TargetValue: 60, DisableScaleIn: true}}, "autoscaling:PutScalingPolicy")
	pol := readPolicy(t, r, "web", "web-cpu50")
	if pol == nil || pol.TargetTrackingConfiguration == nil {
		t.Fatalf("policy after edit: %+v", pol)
	}
	if v := sdk.ToFloat64(pol.TargetTrackingConfiguration.TargetValue); v != 60 {
		t.Errorf("target value = %v, want 60", v)
	}
	if !sdk.ToBool(pol.TargetTrackingConfiguration.DisableScaleIn) {
		t.Error("scale-in not disabled")
	}
	if sdk.ToInt32(pol.EstimatedInstanceWarmup) != 180 || pol.TargetTrackingConfiguration.PredefinedMetricSpecification == nil {
		t.Errorf("edit lost fields: warmup %d, metric %+v", sdk.ToInt32(pol.EstimatedInstanceWarmup), pol.TargetTrackingConfiguration.PredefinedMetricSpecification)
	}
	body := env.proxy.requests("autoscaling:PutScalingPolicy")[0].Body
	for _, want := range []string{"EstimatedInstanceWarmup=180", "PredefinedMetricType=ASGAverageCPUUtilization", "TargetValue=60", "DisableScaleIn=true"} {
		if !strings.Contains(body, want) {
			t.Errorf("PutScalingPolicy body lacks %s: %s", want, body)
		}
	}

	// ExecutePolicy: moto applies a simple ChangeInCapacity policy.
	g = current(t, s, "web")
	act(model.ExecutePolicy{Group: "web", Policy: "web-scale-out", Type: model.PolicySimple, From: g.Capacity}, "autoscaling:ExecutePolicy")
	if got := int(sdk.ToInt32(readGroup(t, r, "web").DesiredCapacity)); got != g.Desired+1 {
		t.Errorf("desired after executing +1 policy = %d, want %d", got, g.Desired+1)
	}

	act(model.DeletePolicy{Group: "web", Policy: "web-scale-out", Type: model.PolicySimple}, "autoscaling:DeletePolicy")
	if readPolicy(t, r, "web", "web-scale-out") != nil {
		t.Error("policy still there after delete")
	}

	act(model.MuteAlarm{Alarm: "web-cpu-high", For: 90 * time.Minute}, "cloudwatch:PutAlarmMuteRule")
	mute := env.proxy.requests("cloudwatch:PutAlarmMuteRule")[0].Body
	for _, want := range []string{`"AlarmNames":["web-cpu-high"]`, `"Duration":"PT1H30M"`, `"Expression":"at(`, `"Name":"hoist-web-cpu-high-`, `"Description":"test mute-alarm"`} {
		if !strings.Contains(mute, want) {
			t.Errorf("PutAlarmMuteRule body lacks %s: %s", want, mute)
		}
	}

	act(model.Acknowledge{Alert: "web-cpu-high", Group: "web", Since: time.Now(), Text: "CPU high"}, "")

	acts, skipped, err := s.Journal().Actions(ctx, time.Time{})
	if err != nil || skipped != 0 {
		t.Fatalf("journal: %v, %d skipped", err, skipped)
	}
	if len(acts) != sent {
		t.Errorf("journal holds %d actions, want %d", len(acts), sent)
	}
	for _, a := range acts {
		if a.Outcome == nil || a.Status() != model.ResultOK {
			t.Errorf("journal: %s %s: %s", a.Intent.Kind, a.Intent.Target, a.Status())
		}
		if a.Intent.Caller == "" || a.Intent.Account == "" || a.Intent.Region != "us-east-1" || a.Intent.Reason == "" {
			t.Errorf("journal intent lacks who/where/why: %+v", a.Intent)
		}
		if a.Intent.Kind != model.KindAcknowledge && a.Outcome != nil && a.Outcome.RequestID == "" {
			t.Errorf("%s outcome has no request id", a.Intent.Kind)
		}
	}
}

// TestActConflict: a value that changed since the operator looked is a
// conflict; nothing is sent and nothing is journaled.
func TestActConflict(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	g := current(t, env.session, "web")
	stale := g.Capacity
	stale.Desired = 3 // someone else moved it to 2... the operator saw 3
	err := env.session.Act(context.Background(), model.SetDesired{Group: "web", From: stale, Desired: 4}, "stale", nil)
	var ce *model.ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a conflict", err)
	}
	if ce.Saw != "3" || ce.Now != "2" {
		t.Errorf("conflict = %+v", ce)
	}
	if n := env.proxy.count("autoscaling:SetDesiredCapacity"); n != 0 {
		t.Errorf("SetDesiredCapacity sent %d times on conflict", n)
	}
	if es, _, _ := env.session.Journal().Read(time.Time{}); len(es) != 0 {
		t.Errorf("journal has %d entries after a conflict", len(es))
	}
	// An unknown group is refused before anything is journaled too.
	err = env.session.Act(context.Background(), model.SetDesired{Group: "gone", From: stale, Desired: 4}, "", nil)
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("unknown group: err = %v", err)
	}
}

// TestActNoChange: asking for what already holds sends and journals nothing.
func TestActNoChange(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	g := current(t, env.session, "web")
	total := env.proxy.total.Load()
	err := env.session.Act(context.Background(), model.SetDesired{Group: "web", From: g.Capacity, Desired: g.Desired}, "", nil)
	if !errors.Is(err, model.ErrNoChange) {
		t.Fatalf("err = %v, want ErrNoChange", err)
	}
	err = env.session.Act(context.Background(), model.SuspendProcesses{Group: "web", Processes: []string{"Launch"}, From: []string{"Launch"}}, "", nil)
	if !errors.Is(err, model.ErrNoChange) {
		t.Fatalf("suspend again: err = %v, want ErrNoChange", err)
	}
	if n := env.proxy.total.Load() - total; n != 0 {
		t.Errorf("%d requests sent for no change", n)
	}
	if es, _, _ := env.session.Journal().Read(time.Time{}); len(es) != 0 {
		t.Errorf("journal has %d entries", len(es))
	}
}

// everyAction is one action of each kind against g.
// A listener and a certificate that do not exist, for everyAction.
const (
	goneListener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/gone/0123456789abcdef/0123456789abcdef"
	goneCert     = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
)

func everyAction(g model.Group) []model.Action {
	in := g.Instances[0].ID
	step := 1.0
	// A target group that does not exist: read-only refuses before any
	// read, and elsewhere the re-read finds it gone.
	tg := "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/0123456789abcdef"
	hc := model.HealthCheck{Protocol: "HTTP", Path: "/", Port: "traffic-port", Interval: 30 * time.Second,
		Timeout: 5 * time.Second, HealthyThreshold: 5, UnhealthyThreshold: 2, Matcher: "200"}
	fast := hc
	fast.Interval = 10 * time.Second
	cooldown := int(g.DefaultCooldown.Seconds()) + 60
	return append(append([]model.Action{
		model.SetDesired{Group: g.Name, From: g.Capacity, Desired: g.Desired + 1},
		model.SetLimits{Group: g.Name, From: g.Capacity, To: model.Capacity{Min: 0, Desired: g.Desired, Max: g.Max + 1}},
		model.SuspendProcesses{Group: g.Name, Processes: []string{"Launch"}},
		model.ResumeProcesses{Group: g.Name, Processes: []string{"Launch"}, From: []string{"Launch"}},
		model.EditPolicy{Group: g.Name, Policy: "web-cpu50", Type: model.PolicyTargetTracking, From: model.PolicySettings{Enabled: true, TargetValue: 50}, To: model.PolicySettings{Enabled: true, TargetValue: 55}},
		model.DeletePolicy{Group: g.Name, Policy: "web-scale-out", Type: model.PolicySimple},
		model.ExecutePolicy{Group: g.Name, Policy: "web-scale-out", Type: model.PolicyStep, From: g.Capacity, MetricValue: &step},
		model.SetInstanceHealth{Group: g.Name, Instance: in, From: "Healthy", Health: "Unhealthy"},
		model.TerminateInstance{Group: g.Name, Instance: in, From: g.Capacity},
		model.EnterStandby{Group: g.Name, Instance: in, From: g.Capacity},
		model.ExitStandby{Group: g.Name, Instance: in, From: g.Capacity},
		model.MuteAlarm{Alarm: "web-cpu-high", For: time.Hour},
		model.EditHealthCheck{TargetGroup: tg, Name: "gone", Protocol: "HTTP", From: hc, To: fast},
		model.EditAttributes{TargetGroup: tg, Name: "gone", Protocol: "HTTP",
			From: map[string]string{"slow_start.duration_seconds": "0"}, To: map[string]string{"slow_start.duration_seconds": "30"}},
		model.RegisterTargets{TargetGroup: tg, Name: "gone", Instances: []string{in}},
		model.DeregisterTargets{TargetGroup: tg, Name: "gone", Instances: []string{in}, From: []string{in}},
		model.EditListener{Listener: goneListener, Name: "gone:443", Protocol: "HTTPS",
			From: model.ListenerTLS{Policy: "ELBSecurityPolicy-2016-08", Certificate: goneCert},
			To:   model.ListenerTLS{Policy: "ELBSecurityPolicy-TLS13-1-2-2021-06", Certificate: goneCert}},
		model.AddListenerCertificates{Listener: goneListener, Name: "gone:443", Protocol: "HTTPS", Certificates: []string{goneCert + "2"}, From: []string{goneCert}},
		model.RemoveListenerCertificates{Listener: goneListener, Name: "gone:443", Protocol: "HTTPS", Certificates: []string{goneCert + "2"},
			From: []string{goneCert, goneCert + "2"}},
	}, everyPolicyAction(g)...),
		model.SetGroupSettings{Group: g.Name, From: model.GroupSettingsOf(&g), To: model.GroupSettings{DefaultCooldownSeconds: &cooldown}},
		model.PutAlarm{To: exampleAlarm("web-cpu-high-new")}, model.TagAlarm{Alarm: "web-cpu-high"},
		model.DeleteAlarm{From: exampleAlarm("web-cpu-high")},
		model.PutDashboard{Name: "hoist-web", To: `{"widgets":[]}`}, model.DeleteDashboard{Name: "hoist-gone", From: `{"widgets":[]}`},
		// Last: the one that sends nothing (TestReadOnlyAgainstSimulator).
		model.Acknowledge{Alert: "web-cpu-high", Group: g.Name, Since: time.Now()},
	)
}

// exampleAlarm is a CPU alarm on group web.
func exampleAlarm(name string) model.AlarmSpec {
	return model.AlarmSpec{Name: name, Namespace: "AWS/EC2", Metric: "CPUUtilization", Dimensions: map[string]string{"AutoScalingGroupName": "web"},
		Statistic: "Average", PeriodSeconds: 60, EvaluationPeriods: 3, Threshold: 80, Comparison: "GreaterThanThreshold"}
}

// TestReadOnly: a read-only session refuses every mutating kind in the
// adapter itself, before any request leaves; acknowledging still works.
func TestReadOnly(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, func(o *Options) { o.ReadOnly = true })
	g := current(t, env.session, "web")
	total := env.proxy.total.Load()
	kinds := map[model.Kind]bool{}
	for _, a := range everyAction(g) {
		kinds[a.Kind()] = true
		err := env.session.Act(context.Background(), a, "", nil)
		if a.Mutating() {
			if !errors.Is(err, model.ErrReadOnly) {
				t.Errorf("%s under read-only: err = %v", a.Kind(), err)
			}
		} else if err != nil {
			t.Errorf("%s under read-only: %v", a.Kind(), err)
		}
	}
	if len(kinds) != len(model.Kinds()) {
		t.Errorf("covered %d kinds, want all %d", len(kinds), len(model.Kinds()))
	}
	if n := env.proxy.total.Load() - total; n != 0 {
		t.Errorf("%d requests reached the server under read-only", n)
	}
	acts, _, _ := env.session.Journal().Actions(context.Background(), time.Time{})
	if len(acts) != 1 || acts[0].Intent.Kind != model.KindAcknowledge {
		t.Errorf("journal under read-only = %+v, want the acknowledgement only", acts)
	}
}
