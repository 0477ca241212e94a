package aws

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// TestRegistry: every model.Kind has an entry; the entry re-reads what
// the action's precondition names; only the action that changes nothing
// in AWS has no send; and every call a send may make is one of the narrow
// client interfaces' methods, granted by docs/iam/operator.json.
func TestRegistry(t *testing.T) {
	g := model.Group{Name: "web", Capacity: model.Capacity{Min: 1, Desired: 2, Max: 4}, Instances: []model.Instance{{ID: "i-1"}}}
	examples := map[model.Kind]model.Action{}
	for _, a := range everyAction(g) {
		examples[a.Kind()] = a
	}
	api := apiActions()
	op := policyActions(t, "operator.json")
	for _, k := range model.Kinds() {
		spec, ok := registry[k]
		a := examples[k]
		switch {
		case !ok:
			t.Errorf("%s: not in the registry", k)
			continue
		case a == nil:
			t.Errorf("%s: everyAction has no example", k)
			continue
		}
		if spec.read.ref != a.Precondition().Kind || spec.read.read == nil {
			t.Errorf("%s: the registry re-reads %q, the action needs %q", k, spec.read.ref, a.Precondition().Kind)
		}
		if _, err := specOf(a); err != nil {
			t.Errorf("%s: %v", k, err)
		}
		if a.Mutating() != (spec.send != nil) || a.Mutating() != (len(spec.ops) > 0) {
			t.Errorf("%s: mutating %v, send %v, ops %v", k, a.Mutating(), spec.send != nil, spec.ops)
		}
		for _, o := range spec.ops {
			if !slices.Contains(api, o) || isRead(o) || !op[o] {
				t.Errorf("%s: %s is not a mutating call of the client interfaces granted by operator.json", k, o)
			}
		}
	}
	if len(registry) != len(model.Kinds()) {
		t.Errorf("the registry has %d entries for %d kinds", len(registry), len(model.Kinds()))
	}
	// A kind the registry does not know is refused before anything is read.
	if _, err := specOf(unknownAction{}); err == nil || !strings.Contains(err.Error(), "no entry") {
		t.Errorf("an unregistered kind: %v", err)
	}
}

type unknownAction struct{ model.Acknowledge }

func (unknownAction) Kind() model.Kind { return "make-coffee" }

// actRecorder opens a session on b that records every call it makes, and
// runs actions through Act with a sending hook that checks what has
// happened when it is called.
type actRecorder struct {
	t *testing.T
	b compatBackend
	s *Session

	mu    sync.Mutex
	calls []string
}

func newActRecorder(t *testing.T, b compatBackend) *actRecorder {
	r := &actRecorder{t: t, b: b}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := Open(ctx, Options{Endpoint: b.url, JournalPath: t.TempDir() + "/journal.jsonl", MaxBackoff: 20 * time.Millisecond,
		OnCall: func(op string) {
			opsSeen.Store(op, true)
			r.mu.Lock()
			r.calls = append(r.calls, op)
			r.mu.Unlock()
		}})
	if err != nil {
		t.Fatalf("%s: Open: %v", b.name, err)
	}
	t.Cleanup(func() { s.Close() })
	r.s = s
	return r
}

func (r *actRecorder) since(n int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls[n:])
}

func (r *actRecorder) mark() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

// act runs a through the registry and checks the path every action takes:
// sending is called once, after the intent is in the journal and before
// any mutating call; exactly one of the entry's calls goes out, once; the
// journal ends with an ok outcome.
func (r *actRecorder) act(a model.Action) {
	t, ctx := r.t, context.Background()
	t.Helper()
	spec := registry[a.Kind()]
	start := r.mark()
	var atSending []string
	var intentSeen bool
	sent := 0
	err := r.s.Act(ctx, a, "registry "+string(a.Kind()), func() {
		sent++
		atSending = r.since(start)
		es, _, _ := r.s.Journal().Read(time.Time{})
		last := es[len(es)-1]
		intentSeen = last.Phase == model.PhaseIntent && last.Kind == a.Kind() && len(last.Changes) > 0
	})
	if err != nil {
		t.Fatalf("%s: %s: %v", r.b.name, model.Summary(a), err)
	}
	calls := r.since(start)
	var muts []string
	for _, c := range calls {
		if !isRead(c) {
			muts = append(muts, c)
		}
	}
	if !a.Mutating() {
		if sent != 0 || len(calls) != 0 {
			t.Errorf("%s: %s: sending called %d times, calls %v; want none", r.b.name, a.Kind(), sent, calls)
		}
		return
	}
	switch {
	case sent != 1:
		t.Errorf("%s: %s: sending called %d times, want once", r.b.name, a.Kind(), sent)
	case !intentSeen:
		t.Errorf("%s: %s: at sending, the journal's last record is not this action's intent", r.b.name, a.Kind())
	case slices.ContainsFunc(atSending, func(c string) bool { return !isRead(c) }):
		t.Errorf("%s: %s: a mutating call went out before sending: %v", r.b.name, a.Kind(), atSending)
	}
	if len(muts) != 1 || !slices.Contains(spec.ops, muts[0]) {
		t.Errorf("%s: %s: mutating calls %v, want one of %v once", r.b.name, a.Kind(), muts, spec.ops)
	}
	acts, _, _ := r.s.Journal().Actions(ctx, time.Time{})
	if last := acts[len(acts)-1]; last.Intent.Kind != a.Kind() || last.Status() != model.ResultOK || last.Outcome.RequestID == "" {
		t.Errorf("%s: %s: journal ends %s %s, request id %q", r.b.name, a.Kind(), last.Intent.Kind, last.Status(), last.Outcome.RequestID)
	}
}

// tg is the compat target group as the adapter reads it, with attributes
// and targets.
func (r *actRecorder) tg() *model.TargetGroup {
	r.t.Helper()
	ctx := context.Background()
	o, err := r.b.raw.elb.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{Names: []string{"compat-tg"}})
	if err != nil || len(o.TargetGroups) != 1 {
		r.t.Fatalf("%s: compat-tg: %v", r.b.name, err)
	}
	ref := model.Ref{Name: sdk.ToString(o.TargetGroups[0].TargetGroupArn)}
	f, err := r.s.readTargets(ctx, ref)
	if err != nil {
		r.t.Fatal(err)
	}
	tg := f.cur.TargetGroup
	if tg.Attributes, err = r.s.describeTargetGroupAttributes(ctx, ref.Name); err != nil {
		r.t.Fatal(err)
	}
	return tg
}

// alarm re-reads an alarm whole with its tags, nil when it does not exist.
func (r *actRecorder) alarm(name string) *model.LiveAlarm {
	r.t.Helper()
	f, err := r.s.readAlarmConfig(context.Background(), model.Ref{Kind: model.RefAlarmConfig, Name: name})
	if err != nil {
		r.t.Fatal(err)
	}
	return f.cur.AlarmConfig
}

// dashboard re-reads a dashboard's body, nil when it does not exist.
func (r *actRecorder) dashboard(name string) *string {
	r.t.Helper()
	f, err := r.s.readDashboard(context.Background(), model.Ref{Kind: model.RefDashboard, Name: name})
	if err != nil {
		r.t.Fatal(err)
	}
	return f.cur.Dashboard
}

const compatBody = `{"widgets":[{"type":"text","x":0,"y":0,"width":24,"height":2,"properties":{"markdown":"hoist"}}]}`

// atMaxAlarm is the console's at-max rule for group as metric math:
// desired minus max at 0 or more for five minutes.
func atMaxAlarm(group string) model.AlarmSpec {
	q := func(id, metric string) model.MetricQuery {
		return model.MetricQuery{ID: id, Namespace: "AWS/AutoScaling", Metric: metric, Dimensions: map[string]string{"AutoScalingGroupName": group},
			Statistic: "Maximum", PeriodSeconds: 60}
	}
	return model.AlarmSpec{Name: group + "-at-max", Description: "desired at max", Metrics: []model.MetricQuery{q("m1", "GroupDesiredCapacity"),
		q("m2", "GroupMaxSize"), {ID: "e1", Expression: "m1 - m2", Label: "headroom", ReturnData: true}},
		EvaluationPeriods: 5, Threshold: 0, Comparison: "GreaterThanOrEqualToThreshold", TreatMissingData: "notBreaching",
		Channels: []string{"arn:aws:sns:us-east-1:123456789012:oncall"}}
}

func ip(n int) *int { return &n }

func registered(tg *model.TargetGroup) []string {
	var out []string
	for _, t := range tg.Targets {
		if model.Registered(t) {
			out = append(out, t.ID)
		}
	}
	slices.Sort(out)
	return out
}

// TestActEveryKind: every action kind, through Session.Act and the
// registry, against the simulator and against moto (the mute on the
// simulator only: moto 5.2.1 lacks PutAlarmMuteRule). What each changes is
// read back for the target group actions; TestCompatActions reads back the
// group actions.
func TestActEveryKind(t *testing.T) {
	for _, mk := range []func(*testing.T) compatBackend{simCompat, motoCompat} {
		b := mk(t)
		seedCompat(t, b)
		r := newActRecorder(t, b)
		done := map[model.Kind]bool{}
		for _, step := range everyKindSteps() {
			if step.simOnly && b.sim == nil {
				done[step.kind] = true
				continue
			}
			a := step.build(r, current(t, r.s, "compat-web"))
			done[a.Kind()] = true
			r.act(a)
			b.settle()
			if step.check != nil {
				step.check(r)
			}
		}
		for _, k := range model.Kinds() {
			if !done[k] {
				t.Errorf("%s: %s was not tried", b.name, k)
			}
		}
	}
}

type kindStep struct {
	kind    model.Kind
	simOnly bool
	build   func(r *actRecorder, g model.Group) model.Action
	check   func(r *actRecorder) // read back, for the target group actions
}

// instanceWhere is the first instance of g (by id) in lifecycle state
// that ok accepts (nil: any), "" for none.
func instanceWhere(g model.Group, state string, ok func(id string) bool) string {
	var ids []string
	for _, in := range g.Instances {
		if in.Lifecycle == state && (ok == nil || ok(in.ID)) {
			ids = append(ids, in.ID)
		}
	}
	slices.Sort(ids)
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

func everyKindSteps() []kindStep {
	inService := func(g model.Group) string { return inState(g, model.StateInService) }
	count := new(int) // registered targets before the step, for its check
	return append(append(targetGroupSteps(inService, count), listenerSteps()...), policyKindSteps()...)
}

// listenerSteps change compat-alb's HTTPS listener: a new security policy
// and default certificate, then the old default added to its list and
// taken off again. Each reads the listener as the adapter does first.
func listenerSteps() []kindStep {
	var certs [2]string
	var arn string
	listener := func(r *actRecorder) *model.Listener {
		if arn == "" {
			certs[0], certs[1] = issuedCerts(r.t, r.b)
			arn = httpsListener(r.t, r.b, certs)
		}
		f, err := r.s.readListener(context.Background(), model.Ref{Kind: model.RefListener, Name: arn})
		if err != nil || f.cur.Listener == nil {
			r.t.Fatalf("%s: read the HTTPS listener: %v", r.b.name, err)
		}
		return f.cur.Listener
	}
	want := func(r *actRecorder, policy string, list ...string) {
		p, got := listenerTLS(r.t, r.b, arn)
		if p != policy || !slices.Equal(got, list) {
			r.t.Errorf("%s: listener after the action: %s %v, want %s %v", r.b.name, p, got, policy, list)
		}
	}
	const newPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	return []kindStep{
		{kind: model.KindEditListener, build: func(r *actRecorder, _ model.Group) model.Action {
			l := listener(r)
			return model.EditListener{Listener: l.ARN, Name: "compat-alb:443", Protocol: l.Protocol,
				From: model.ListenerTLS{Policy: l.SSLPolicy, Certificate: l.DefaultCertificate()},
				To:   model.ListenerTLS{Policy: newPolicy, Certificate: certs[1]}}
		}, check: func(r *actRecorder) { want(r, newPolicy, certs[1]) }},
		{kind: model.KindAddCerts, build: func(r *actRecorder, _ model.Group) model.Action {
			l := listener(r)
			return model.AddListenerCertificates{Listener: l.ARN, Name: "compat-alb:443", Protocol: l.Protocol,
				Certificates: []string{certs[0]}, From: l.Certificates}
		}, check: func(r *actRecorder) { want(r, newPolicy, certs[1], certs[0]) }},
		{kind: model.KindRemoveCerts, build: func(r *actRecorder, _ model.Group) model.Action {
			l := listener(r)
			return model.RemoveListenerCertificates{Listener: l.ARN, Name: "compat-alb:443", Protocol: l.Protocol,
				Certificates: []string{certs[0]}, From: l.Certificates}
		}, check: func(r *actRecorder) { want(r, newPolicy, certs[1]) }},
	}
}

// targetGroupSteps are the steps of the group, alarm and target group
// kinds.
func targetGroupSteps(inService func(model.Group) string, count *int) []kindStep {
	return []kindStep{
		{kind: model.KindSetDesired, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.SetDesired{Group: g.Name, From: g.Capacity, Desired: 3}
		}},
		{kind: model.KindSetLimits, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.SetLimits{Group: g.Name, From: g.Capacity, To: model.Capacity{Min: 0, Desired: 3, Max: 8}}
		}},
		{kind: model.KindSuspend, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.SuspendProcesses{Group: g.Name, Processes: []string{"AZRebalance"}, From: g.Suspended}
		}},
		{kind: model.KindResume, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.ResumeProcesses{Group: g.Name, Processes: []string{"AZRebalance"}, From: g.Suspended}
		}},
		{kind: model.KindEditPolicy, build: func(_ *actRecorder, g model.Group) model.Action {
			p, _ := g.Policy("web-cpu50")
			return model.EditPolicy{Group: g.Name, Policy: p.Name, Type: p.Type, Metric: p.Target.Metric, From: model.SettingsOf(p),
				To: model.PolicySettings{Enabled: true, TargetValue: 55}}
		}},
		{kind: model.KindExecutePolicy, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.ExecutePolicy{Group: g.Name, Policy: "web-scale-out", Type: model.PolicySimple, From: g.Capacity}
		}},
		{kind: model.KindEnterStandby, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.EnterStandby{Group: g.Name, Instance: inService(g), From: g.Capacity}
		}},
		{kind: model.KindExitStandby, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.ExitStandby{Group: g.Name, Instance: inState(g, model.StateStandby), From: g.Capacity}
		}},
		{kind: model.KindTerminate, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.TerminateInstance{Group: g.Name, Instance: inService(g), Decrement: true, From: g.Capacity}
		}},
		{kind: model.KindSetHealth, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.SetInstanceHealth{Group: g.Name, Instance: inService(g), From: "Healthy", Health: model.HealthUnhealthy}
		}},
		{kind: model.KindDeletePolicy, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.DeletePolicy{Group: g.Name, Policy: "web-scale-out", Type: model.PolicySimple}
		}},
		{kind: model.KindMuteAlarm, simOnly: true, build: func(*actRecorder, model.Group) model.Action {
			return model.MuteAlarm{Alarm: "compat-web-cpu-high", For: time.Hour}
		}},
		{kind: model.KindAcknowledge, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.Acknowledge{Alert: "compat-web-cpu-high", Group: g.Name, Since: time.Now()}
		}},
		{kind: model.KindEditHealthCheck, build: func(r *actRecorder, _ model.Group) model.Action {
			tg := r.tg()
			to := tg.HealthCheck
			to.Path, to.Interval, to.Timeout, to.HealthyThreshold, to.Matcher = "/healthz", 10*time.Second, 4*time.Second, 3, "200-299"
			return model.EditHealthCheck{TargetGroup: tg.ARN, Name: tg.Name, Protocol: tg.Protocol, From: tg.HealthCheck, To: to}
		}, check: func(r *actRecorder) {
			h := r.tg().HealthCheck
			if got := fmt.Sprintf("%s %s %s %d %s", h.Path, h.Interval, h.Timeout, h.HealthyThreshold, h.Matcher); got != "/healthz 10s 4s 3 200-299" {
				r.t.Errorf("%s: health check after the edit: %s", r.b.name, got)
			}
		}},
		{kind: model.KindEditAttributes, build: func(r *actRecorder, _ model.Group) model.Action {
			tg := r.tg()
			keys := []string{"deregistration_delay.timeout_seconds", "stickiness.enabled", "stickiness.type"}
			from := map[string]string{}
			for _, k := range keys {
				from[k] = tg.Attributes[k]
			}
			return model.EditAttributes{TargetGroup: tg.ARN, Name: tg.Name, Protocol: tg.Protocol, From: from,
				To: map[string]string{keys[0]: "30", keys[1]: "true", keys[2]: "lb_cookie"}}
		}, check: func(r *actRecorder) {
			a := r.tg().Attributes
			if got := a["deregistration_delay.timeout_seconds"] + " " + a["stickiness.enabled"] + " " + a["stickiness.type"]; got != "30 true lb_cookie" {
				r.t.Errorf("%s: attributes after the edit: %s", r.b.name, got)
			}
		}},
		{kind: model.KindDeregister, build: func(r *actRecorder, g model.Group) model.Action {
			tg := r.tg()
			on := registered(tg)
			*count = len(on)
			id := instanceWhere(g, model.StateInService, func(id string) bool { return slices.Contains(on, id) })
			return model.DeregisterTargets{TargetGroup: tg.ARN, Name: tg.Name, Instances: []string{id}, From: on, Delay: 30 * time.Second}
		}, check: func(r *actRecorder) {
			if n := len(registered(r.tg())); n != *count-1 {
				r.t.Errorf("%s: %d targets registered after deregistering one of %d", r.b.name, n, *count)
			}
		}},
		{kind: model.KindSetGroupSettings, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.SetGroupSettings{Group: g.Name, From: model.GroupSettingsOf(&g), To: model.GroupSettings{
				HealthCheckGraceSeconds: ip(90), DefaultCooldownSeconds: ip(120), TerminationPolicies: []string{"OldestInstance", "Default"}}}
		}, check: func(r *actRecorder) {
			g := current(r.t, r.s, "compat-web")
			got, want := fmt.Sprint(g.HealthCheckGrace, g.DefaultCooldown, g.TerminationPolicies), "1m30s 2m0s [OldestInstance Default]"
			if r.b.sim == nil { // moto 5.2.1's UpdateAutoScalingGroup ignores DefaultCooldown and TerminationPolicies
				got, want = g.HealthCheckGrace.String(), "1m30s"
			}
			if got != want {
				r.t.Errorf("%s: settings after the update: %s", r.b.name, got)
			}
		}},
		{kind: model.KindPutAlarm, build: func(*actRecorder, model.Group) model.Action {
			return model.PutAlarm{To: atMaxAlarm("compat-web")}
		}, check: func(r *actRecorder) {
			if a := r.alarm("compat-web-at-max"); a == nil || !a.Managed() || !model.SameAlarm(a.AlarmSpec, atMaxAlarm("compat-web")) {
				r.t.Errorf("%s: the metric math alarm as read back: %+v", r.b.name, a)
			}
		}},
		{kind: model.KindTagAlarm, build: func(*actRecorder, model.Group) model.Action {
			return model.TagAlarm{Alarm: "compat-web-cpu-high"}
		}, check: func(r *actRecorder) {
			if a := r.alarm("compat-web-cpu-high"); a == nil || !a.Managed() {
				r.t.Errorf("%s: the adopted alarm: %+v", r.b.name, a)
			}
		}},
		{kind: model.KindDeleteAlarm, build: func(r *actRecorder, _ model.Group) model.Action {
			return model.DeleteAlarm{From: r.alarm("compat-web-at-max").AlarmSpec}
		}, check: func(r *actRecorder) {
			if a := r.alarm("compat-web-at-max"); a != nil {
				r.t.Errorf("%s: the alarm is still there", r.b.name)
			}
		}},
		{kind: model.KindPutDashboard, build: func(*actRecorder, model.Group) model.Action {
			return model.PutDashboard{Name: "hoist-compat", To: compatBody}
		}, check: func(r *actRecorder) {
			if d := r.dashboard("hoist-compat"); d == nil || !model.SameJSON(*d, compatBody) {
				r.t.Errorf("%s: the dashboard as read back: %v", r.b.name, d)
			}
		}},
		{kind: model.KindDeleteDashboard, build: func(*actRecorder, model.Group) model.Action {
			return model.DeleteDashboard{Name: "hoist-compat", From: compatBody}
		}, check: func(r *actRecorder) {
			if d := r.dashboard("hoist-compat"); d != nil {
				r.t.Errorf("%s: the dashboard is still there", r.b.name)
			}
		}},
		{kind: model.KindRegister, build: func(r *actRecorder, g model.Group) model.Action {
			tg := r.tg()
			on := registered(tg)
			*count = len(on)
			id := instanceWhere(g, model.StateInService, func(id string) bool { return !slices.Contains(on, id) })
			return model.RegisterTargets{TargetGroup: tg.ARN, Name: tg.Name, Instances: []string{id}, From: on}
		}, check: func(r *actRecorder) {
			if n := len(registered(r.tg())); n != *count+1 {
				r.t.Errorf("%s: %d targets registered after registering one to %d", r.b.name, n, *count)
			}
		}},
	}
}

// TestActHealthCheckConflict: a health check changed since the operator
// looked is a conflict with both sides in it; nothing is journaled or
// sent, and sending is never called. A target group deleted meanwhile is
// refused the same way.
func TestActHealthCheckConflict(t *testing.T) {
	b := simCompat(t)
	seedCompat(t, b)
	r := newActRecorder(t, b)
	tg := r.tg()
	seen := tg.HealthCheck
	seen.Interval += 5 * time.Second // the operator saw another interval
	to := seen
	to.Interval = 10 * time.Second
	ctx := context.Background()
	start := r.mark()
	called := false
	err := r.s.Act(ctx, model.EditHealthCheck{TargetGroup: tg.ARN, Name: tg.Name, Protocol: tg.Protocol, From: seen, To: to}, "stale",
		func() { called = true })
	var ce *model.ConflictError
	saw, now := fmt.Sprintf("every %ds", int(seen.Interval.Seconds())), fmt.Sprintf("every %ds", int(tg.HealthCheck.Interval.Seconds()))
	if !errors.As(err, &ce) || !strings.Contains(ce.Saw, saw) || !strings.Contains(ce.Now, now) {
		t.Fatalf("err = %v, want a conflict from %s to %s", err, saw, now)
	}
	gone := model.EditHealthCheck{TargetGroup: strings.Replace(tg.ARN, "compat-tg", "gone-tg", 1), Name: "gone-tg", Protocol: "HTTP", From: tg.HealthCheck, To: to}
	var ve *model.ValidationError
	if err := r.s.Act(ctx, gone, "", func() { called = true }); !errors.As(err, &ve) || !strings.Contains(err.Error(), "no longer exists") {
		t.Fatalf("a target group that is gone: err = %v", err)
	}
	if called {
		t.Error("sending was called for an action that was not sent")
	}
	if calls := r.since(start); slices.ContainsFunc(calls, func(c string) bool { return !isRead(c) }) {
		t.Errorf("calls after a conflict: %v", calls)
	}
	if es, _, _ := r.s.Journal().Read(time.Time{}); len(es) != 0 {
		t.Errorf("journal has %d records after a conflict", len(es))
	}
	if m := b.sim.Stats().Mutations; slices.ContainsFunc(m, func(x sim.Mutation) bool { return x.Operation == "ModifyTargetGroup" }) {
		t.Errorf("the simulator applied a ModifyTargetGroup")
	}
}

// TestDeleteAlarmOnlyManaged: an alarm without hoist's tag is never
// deleted, on the simulator or on moto: the re-read finds no tag, nothing
// is journaled and no DeleteAlarms goes out; once adopted (TagAlarm) it
// may be.
func TestDeleteAlarmOnlyManaged(t *testing.T) {
	for _, mk := range []func(*testing.T) compatBackend{simCompat, motoCompat} {
		b := mk(t)
		seedCompat(t, b)
		r := newActRecorder(t, b)
		theirs := r.alarm("compat-web-cpu-high")
		start := r.mark()
		err := r.s.Act(context.Background(), model.DeleteAlarm{From: theirs.AlarmSpec}, "", func() { t.Errorf("%s: sending called", b.name) })
		var ve *model.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), "hoist deletes only the alarms it manages") {
			t.Fatalf("%s: deleting an alarm hoist does not manage: %v", b.name, err)
		}
		if calls := r.since(start); slices.Contains(calls, "cloudwatch:DeleteAlarms") {
			t.Errorf("%s: calls %v", b.name, calls)
		}
		if es, _, _ := r.s.Journal().Read(time.Time{}); len(es) != 0 || r.alarm("compat-web-cpu-high") == nil {
			t.Errorf("%s: %d journal records; the alarm is gone: %v", b.name, len(es), r.alarm("compat-web-cpu-high") == nil)
		}
		r.act(model.TagAlarm{Alarm: theirs.Name})
		r.act(model.DeleteAlarm{From: theirs.AlarmSpec})
		if r.alarm("compat-web-cpu-high") != nil {
			t.Errorf("%s: the adopted alarm was not deleted", b.name)
		}
	}
}
