package aws

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// Issue 12 through the adapter: policies of every kind, scheduled
// actions, instance refreshes and resizes, against the simulator and
// against moto (which implements PutScalingPolicy and scheduled actions,
// and no instance refresh).

// everyPolicyAction is one action of every issue-12 kind on g, for the
// registry and read-only tests.
func everyPolicyAction(g model.Group) []model.Action {
	lt := model.LaunchSpec{TemplateID: "lt-0gone", Version: "1"}
	running := model.InstanceRefresh{ID: "r-gone", Status: model.RefreshInProgress, Desired: &model.LaunchSpec{TemplateID: "lt-0gone", Version: "2"}}
	from := model.PolicySpec{Name: "web-cpu50", TargetTracking: &model.TargetTrackingSpec{Metric: model.MetricASGCPU, Target: 50}}
	return []model.Action{
		model.PutPolicy{Group: g.Name, From: &from, To: model.PolicySpec{Name: "web-cpu50", TargetTracking: &model.TargetTrackingSpec{Metric: model.MetricASGCPU, Target: 55}}},
		model.AttachAlarm{Group: g.Name, Policy: "web-scale-out", Alarm: "web-cpu-high", From: &model.Alarm{Name: "web-cpu-high"},
			PolicyARN: "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:0:autoScalingGroupName/" + g.Name + ":policyName/web-scale-out"},
		model.PutScheduled{Group: g.Name, To: model.ScheduleSpec{Name: "morning", Recurrence: "0 8 * * *", Desired: &g.Desired}, Now: time.Now()},
		model.DeleteScheduled{Group: g.Name, From: model.ScheduleSpec{Name: "gone", Recurrence: "0 8 * * *", Desired: &g.Desired}},
		model.StartRefresh{Group: g.Name, Launch: g.Launch},
		model.CancelRefresh{Group: g.Name, From: running},
		model.RollbackRefresh{Group: g.Name, From: running},
		model.CreateTemplateVersion{Group: g.Name, Template: lt, Source: 1, FromType: "m5.large", ToType: "m6i.large"},
		model.SetLaunch{Group: g.Name, From: lt, To: model.LaunchSpec{TemplateID: "lt-0gone", Version: "2"}},
	}
}

// refreshPrefs keep a refresh running through a test: it pauses at half
// way for an hour.
var pausing = model.RefreshPrefs{MinHealthy: ptrTo(50), Checkpoints: []int{50, 100}, CheckpointDelay: ptrTo(3600)}

func ptrTo[T any](v T) *T { return &v }

// nextResizeAction plans the resize of compat-web to m6i.large and
// returns the next action, which must be an A.
func nextResizeAction[A model.Action](r *actRecorder) A {
	r.t.Helper()
	ctx := context.Background()
	var st model.ResizeState
	var err error
	if r.b.sim != nil {
		st, err = r.s.ResizeState(ctx, "compat-web")
	} else { // moto 5.2.1 answers DescribeInstanceRefreshes with a 500
		g := current(r.t, r.s, "compat-web")
		st.Group = &g
		st.Template, err = r.s.describeTemplate(ctx, g.Launch.Ref())
	}
	if err != nil {
		r.t.Fatal(err)
	}
	plan, err := model.PlanResize(st, []string{"m6i.large"}, pausing)
	if err != nil {
		r.t.Fatalf("%s: plan: %v", r.b.name, err)
	}
	next, _ := plan.Next()
	a, ok := next.Action.(A)
	if !ok {
		r.t.Fatalf("%s: the next resize step is %q (%T)", r.b.name, next.Desc, next.Action)
	}
	return a
}

// activeRefresh is compat-web's running refresh.
func activeRefresh(r *actRecorder) model.InstanceRefresh {
	r.t.Helper()
	rs, err := r.s.describeRefreshes(context.Background(), "compat-web")
	if err != nil {
		r.t.Fatal(err)
	}
	a, ok := model.ActiveRefresh(rs)
	if !ok {
		r.t.Fatalf("%s: no refresh running: %+v", r.b.name, rs)
	}
	return a
}

// policyKindSteps are TestActEveryKind's steps for the issue-12 kinds, run
// after the others on compat-web. Instance refreshes run on the
// simulator only: moto 5.2.1 has none.
func policyKindSteps() []kindStep {
	simple := model.PolicySpec{Name: "compat-out", Simple: &model.SimpleSpec{AdjustmentType: "ChangeInCapacity", Adjustment: 1, CooldownSeconds: ptrTo(60)}}
	morning := model.ScheduleSpec{Name: "compat-morning", Recurrence: "0 8 * * *", Min: ptrTo(1), Desired: ptrTo(2)}
	return []kindStep{
		{kind: model.KindPutPolicy, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.PutPolicy{Group: g.Name, To: simple}
		}, check: func(r *actRecorder) {
			if p, ok := policyOf(r.t, r.s, "compat-web", "compat-out"); !ok || !p.Spec.Equal(simple) {
				r.t.Errorf("%s: compat-out read back as %+v", r.b.name, p.Spec)
			}
		}},
		{kind: model.KindAttachAlarm, build: func(r *actRecorder, g model.Group) model.Action {
			p, _ := g.Policy("compat-out")
			f, err := r.s.readAlarmWhole(context.Background(), model.Ref{Name: "compat-web-cpu-high"})
			if err != nil || f.cur.Alarm == nil {
				r.t.Fatalf("%s: the alarm: %v", r.b.name, err)
			}
			return model.AttachAlarm{Group: g.Name, Policy: p.Name, PolicyARN: p.ARN, Alarm: "compat-web-cpu-high", From: f.cur.Alarm}
		}, check: func(r *actRecorder) {
			p, _ := policyOf(r.t, r.s, "compat-web", "compat-out")
			f, _ := r.s.readAlarmWhole(context.Background(), model.Ref{Name: "compat-web-cpu-high"})
			if f.cur.Alarm == nil || !slices.Contains(f.cur.Alarm.Actions, p.ARN) || f.cur.Alarm.Threshold != 70 {
				r.t.Errorf("%s: the alarm after attaching: %+v", r.b.name, f.cur.Alarm)
			}
		}},
		{kind: model.KindPutScheduled, build: func(r *actRecorder, g model.Group) model.Action {
			return model.PutScheduled{Group: g.Name, To: morning, Now: r.s.Now()}
		}, check: func(r *actRecorder) {
			as, err := r.s.groupScheduled(context.Background(), "compat-web", r.s.Now())
			if err != nil || len(as) != 1 || !model.ScheduleSpecOf(as[0]).Equal(morning) || len(as[0].Upcoming) != 1 {
				r.t.Errorf("%s: scheduled actions read back: %+v %v", r.b.name, as, err)
			}
		}},
		{kind: model.KindDeleteScheduled, build: func(_ *actRecorder, g model.Group) model.Action {
			return model.DeleteScheduled{Group: g.Name, From: morning}
		}},
		{kind: model.KindCreateVersion, build: func(r *actRecorder, _ model.Group) model.Action {
			return nextResizeAction[model.CreateTemplateVersion](r)
		}},
		{kind: model.KindSetLaunch, build: func(r *actRecorder, _ model.Group) model.Action {
			return nextResizeAction[model.SetLaunch](r)
		}, check: func(r *actRecorder) {
			if l := current(r.t, r.s, "compat-web").Launch; l.Version != "2" {
				r.t.Errorf("%s: compat-web launches from %s after the resize's second step", r.b.name, l)
			}
		}},
		{kind: model.KindStartRefresh, simOnly: true, build: func(r *actRecorder, _ model.Group) model.Action {
			return nextResizeAction[model.StartRefresh](r)
		}},
		{kind: model.KindCancelRefresh, simOnly: true, build: func(r *actRecorder, g model.Group) model.Action {
			return model.CancelRefresh{Group: g.Name, From: activeRefresh(r)}
		}},
		// Back to version 1 with a desired configuration: one that can be
		// rolled back.
		{kind: model.KindStartRefresh, simOnly: true, build: func(_ *actRecorder, g model.Group) model.Action {
			back := g.Launch
			back.Version = "1"
			prefs := pausing
			prefs.AutoRollback = true
			return model.StartRefresh{Group: g.Name, Launch: g.Launch, Desired: &back, Prefs: prefs}
		}},
		{kind: model.KindRollbackRefresh, simOnly: true, build: func(r *actRecorder, g model.Group) model.Action {
			return model.RollbackRefresh{Group: g.Name, From: activeRefresh(r)}
		}, check: func(r *actRecorder) {
			rs, _ := r.s.describeRefreshes(context.Background(), "compat-web")
			if len(rs) == 0 || rs[0].Rollback == nil && !strings.HasPrefix(rs[0].Status, "Rollback") {
				r.t.Errorf("%s: after the rollback: %+v", r.b.name, rs)
			}
		}},
	}
}

// everyKindOfPolicy is a policy of every kind for compat-web.
func everyKindOfPolicy() []model.PolicySpec {
	f := func(v float64) *float64 { return &v }
	tt := func(name, metric string, target float64) model.PolicySpec {
		return model.PolicySpec{Name: name, WarmupSeconds: ptrTo(120), TargetTracking: &model.TargetTrackingSpec{Metric: metric, Target: target}}
	}
	return []model.PolicySpec{
		tt("cpu", model.MetricASGCPU, 55),
		tt("requests", model.MetricALBRequestCountPerTarget, 900),
		tt("net-in", model.MetricASGNetworkIn, 5e6),
		{Name: "net-out", TargetTracking: &model.TargetTrackingSpec{Metric: model.MetricASGNetworkOut, Target: 6e6, DisableScaleIn: true}},
		{Name: "memory", TargetTracking: &model.TargetTrackingSpec{Custom: model.MemoryMetricOf("compat-web"), Target: 70}},
		{Name: "backlog", TargetTracking: &model.TargetTrackingSpec{Target: 100, Custom: &model.CustomMetric{Namespace: "Shop/Orders",
			Metric: "Backlog", Statistic: "Maximum", Unit: "Count", Dimensions: map[string]string{"Queue": "orders"}}}},
		{Name: "step", WarmupSeconds: ptrTo(60), Step: &model.StepSpec{AdjustmentType: "ChangeInCapacity", MetricAggregation: "Maximum",
			Steps: []model.StepAdjustment{{Lower: f(0), Upper: f(20), Adjustment: 1}, {Lower: f(20), Adjustment: 3}}}},
		{Name: "simple-in", Enabled: ptrTo(false), Simple: &model.SimpleSpec{AdjustmentType: "PercentChangeInCapacity", Adjustment: -20,
			MinAdjustmentMagnitude: ptrTo(1), CooldownSeconds: ptrTo(600)}},
		{Name: "forecast", Predictive: &model.PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50, SchedulingBufferSeconds: ptrTo(600)}},
		{Name: "forecast-requests", Predictive: &model.PredictiveSpec{ScalingMetric: model.MetricALBRequestCountPerTarget,
			LoadMetric: model.MetricLoadALBRequestCount, Target: 1000, Mode: model.ForecastAndScale,
			MaxCapacityBreach: model.IncreaseMaxCapacity, MaxCapacityBuffer: ptrTo(10)}},
	}
}

// TestPoliciesEveryKind: a policy of every kind, resolved for compat-web
// (the request-count ones pick its target group), created through the
// adapter and read back whole from the simulator and from moto; then
// edited, which re-sends it whole; then a create of one that exists is
// "already so".
func TestPoliciesEveryKind(t *testing.T) {
	for _, mk := range []func(*testing.T) compatBackend{simCompat, motoCompat} {
		b := mk(t)
		seedCompat(t, b)
		r := newActRecorder(t, b)
		ctx := context.Background()
		snap, err := r.s.Fetch(ctx, model.Visible{})
		if err != nil {
			t.Fatal(err)
		}
		g, _ := snap.Group("compat-web")
		pc := model.PolicyContextOf(&snap, g, nil) // metrics not read: the memory policy is not refused
		for _, spec := range everyKindOfPolicy() {
			to, _, err := pc.Resolve(spec)
			if err != nil {
				t.Fatalf("%s: resolve %s: %v", b.name, spec.Name, err)
			}
			r.act(model.PutPolicy{Group: "compat-web", To: to})
			want := to
			if b.sim == nil {
				want.Enabled = nil // moto 5.2.1 does not keep Enabled: every policy reads back enabled
			}
			got, ok := policyOf(t, r.s, "compat-web", spec.Name)
			if !ok || !got.Spec.Equal(want) {
				t.Errorf("%s: %s read back differs:\n got %v\nwant %v", b.name, spec.Name, got.Spec.Fields(), want.Fields())
			}
			if err := r.s.Act(ctx, model.PutPolicy{Group: "compat-web", To: want}, "", nil); !errors.Is(err, model.ErrNoChange) {
				t.Errorf("%s: creating %s again: %v, want already so", b.name, spec.Name, err)
			}
		}
		p, _ := policyOf(t, r.s, "compat-web", "requests")
		edited := p.Spec
		edited.TargetTracking = ptrTo(*edited.TargetTracking)
		edited.TargetTracking.Target = 1200
		r.act(model.PutPolicy{Group: "compat-web", From: &p.Spec, To: edited})
		if got, _ := policyOf(t, r.s, "compat-web", "requests"); !got.Spec.Equal(edited) || got.Spec.TargetTracking.ResourceLabel == "" {
			t.Errorf("%s: the edited policy: %+v", b.name, got.Spec.TargetTracking)
		}
	}
}

// TestPolicyAlarmsOnTheSimulator: AWS creates a target tracking policy's
// alarms as the preview says (the simulator does; moto makes none).
func TestPolicyAlarmsOnTheSimulator(t *testing.T) {
	b := simCompat(t)
	seedCompat(t, b)
	r := newActRecorder(t, b)
	spec := model.PolicySpec{Name: "cpu-60", TargetTracking: &model.TargetTrackingSpec{Metric: model.MetricASGCPU, Target: 60}}
	r.act(model.PutPolicy{Group: "compat-web", To: spec})
	d, err := r.s.Detail(context.Background(), "compat-web")
	if err != nil {
		t.Fatal(err)
	}
	want := model.PreviewAlarms(spec, "compat-web", nil)
	p, _ := policyOf(t, r.s, "compat-web", "cpu-60")
	var got []string
	for _, a := range d.Alarms {
		if slices.Contains(p.Alarms, a.Name) {
			got = append(got, model.ComparisonSymbol(a.Comparison)+" "+formatF(a.Threshold)+" "+a.Metric)
		}
	}
	slices.Sort(got)
	var wants []string
	for _, w := range want {
		wants = append(wants, w.Comparison+" "+formatF(w.Threshold)+" CPUUtilization")
	}
	slices.Sort(wants)
	if !slices.Equal(got, wants) {
		t.Errorf("alarms %q, preview %q", got, wants)
	}
}

func formatF(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// TestMemoryPolicyRefused: on the simulator's workers group, whose launch
// template does not install the CloudWatch agent, the group publishes no
// memory metric, and a memory policy is refused in one sentence; on the
// web group it is accepted.
func TestMemoryPolicyRefused(t *testing.T) {
	env := openSim(t, nil)
	ctx := context.Background()
	snap, err := env.session.Fetch(ctx, model.Visible{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		group string
		want  string
	}{{"solemate-workers-prod", "publishes no CWAgent mem_used_percent"}, {"solemate-web-prod", ""}} {
		metrics, err := env.session.GroupMetrics(ctx, tc.group)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := snap.Group(tc.group)
		mem := model.PolicySpec{Name: "memory", TargetTracking: &model.TargetTrackingSpec{Custom: model.MemoryMetricOf(tc.group), Target: 70}}
		_, _, err = model.PolicyContextOf(&snap, g, metrics).Resolve(mem)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", tc.group, err, tc.want)
		}
	}
}

// TestScheduledActions: a recurring action in a time zone and a one-off,
// put through the adapter, read back from the simulator and moto with
// their next runs; moto keeps the time zone as sent and reports no start
// for a recurring action (the simulator reports the next run, as AWS).
func TestScheduledActions(t *testing.T) {
	ny, err := Zone("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	for _, mk := range []func(*testing.T) compatBackend{simCompat, motoCompat} {
		b := mk(t)
		seedCompat(t, b)
		r := newActRecorder(t, b)
		now := r.s.Now()
		open := model.ScheduleSpec{Name: "open", Recurrence: "0 8 * * 1-5", TimeZone: "America/New_York", Min: ptrTo(2), Desired: ptrTo(3)}
		once := model.ScheduleSpec{Name: "launch", Start: now.Add(6 * time.Hour).UTC().Truncate(time.Minute).Format(time.RFC3339), Max: ptrTo(8)}
		r.act(model.PutScheduled{Group: "compat-web", To: open, Zone: ny, Now: now})
		r.act(model.PutScheduled{Group: "compat-web", To: once, Now: now})
		as, err := r.s.groupScheduled(context.Background(), "compat-web", now)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]model.ScheduledAction{}
		for _, a := range as {
			byName[a.Name] = a
		}
		if got := model.ScheduleSpecOf(byName["open"]); !got.Equal(open) {
			t.Errorf("%s: open read back as %+v", b.name, got)
		}
		if got := model.ScheduleSpecOf(byName["launch"]); !got.Equal(once) || len(byName["launch"].Upcoming) != 1 {
			t.Errorf("%s: launch read back as %+v, upcoming %v", b.name, got, byName["launch"].Upcoming)
		}
		if n := len(byName["open"].Upcoming); n > 1 {
			t.Errorf("%s: a weekday 08:00 runs at most once in 24 hours, not %d", b.name, n)
		}
		changed := open
		changed.Desired = ptrTo(4)
		var ce *model.ConflictError
		if err := r.s.Act(context.Background(), model.PutScheduled{Group: "compat-web", To: changed, Zone: ny, Now: now}, "", nil); !errors.As(err, &ce) {
			t.Errorf("%s: creating one that exists otherwise: %v, want a conflict", b.name, err)
		}
		r.act(model.DeleteScheduled{Group: "compat-web", From: model.ScheduleSpecOf(byName["open"])})
	}
}

// TestDetailOnTheSimulator: the policies screen's read of the database
// group (a ForecastOnly policy, business-hours scheduled actions): whole
// policies, scheduled actions with upcoming runs, a 48-hour forecast
// scored against the load, refreshes, the template's versions and the
// group's metrics; and a second read within forecastTTL asks for no new
// forecast.
func TestDetailOnTheSimulator(t *testing.T) {
	env := openSim(t, nil)
	env.sim.Advance(3 * time.Hour) // hours of load to score the forecast against
	ctx := context.Background()
	const db = "solemate-db-replica-prod"
	d, err := env.session.Detail(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Errors) > 0 {
		t.Fatalf("errors: %v", d.Errors)
	}
	if len(d.Forecasts) != 1 {
		t.Fatalf("%d forecasts", len(d.Forecasts))
	}
	f := d.Forecasts[0]
	ahead := 0
	for _, p := range f.Load {
		if p.T.After(env.session.Now()) {
			ahead++
		}
	}
	if ahead < 40 || len(f.Capacity) != len(f.Load) || !f.Accuracy.Known() || f.Accuracy.Hours < 2 {
		t.Errorf("forecast: %d hours ahead of %d, %d capacity points, accuracy %+v", ahead, len(f.Load), len(f.Capacity), f.Accuracy)
	}
	upcoming := 0
	for _, a := range d.Scheduled {
		upcoming += len(a.Upcoming)
	}
	if len(d.Scheduled) == 0 || upcoming == 0 {
		t.Errorf("scheduled %+v", d.Scheduled)
	}
	if d.LaunchTemplate == nil || len(d.LaunchTemplate.Versions) < 2 || d.LaunchTemplate.Latest == 0 {
		t.Errorf("launch template %+v", d.LaunchTemplate)
	}
	if !model.PublishesMemory(d.Metrics, db) {
		t.Errorf("the database group's metrics lack memory: %+v", d.Metrics)
	}
	calls := func() int64 { return env.sim.Stats().Requests["autoscaling"]["GetPredictiveScalingForecast"] }
	before := calls()
	if _, err := env.session.Detail(ctx, db); err != nil {
		t.Fatal(err)
	}
	if calls() != before {
		t.Errorf("a second read asked for the forecast again")
	}
}

// TestForecastMotoWire: moto has no GetPredictiveScalingForecast; the
// adapter says so in one sentence of its own kind, and Detail reads the
// rest.
func TestForecastMotoWire(t *testing.T) {
	b := motoCompat(t)
	seedCompat(t, b)
	s := compatOpen(t, b)
	ctx := context.Background()
	spec := model.PolicySpec{Name: "forecast", Predictive: &model.PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50}}
	if _, err := b.raw.asg.PutScalingPolicy(ctx, PolicySpecInput("compat-web", spec)); err != nil {
		t.Fatal(err)
	}
	d, err := s.Detail(ctx, "compat-web")
	if err != nil {
		t.Fatal(err)
	}
	if d.Errors["forecast"] == "" || len(d.Policies) == 0 {
		t.Errorf("errors %v, policies %d", d.Errors, len(d.Policies))
	}
}

// TestBadDeploy: the bad-deploy scenario is answerable: the refresh that
// started it is seen (its desired configuration the new version), and it
// can be rolled back to the group's own version; a second group's refresh
// is cancelled.
func TestBadDeploy(t *testing.T) {
	env := openSim(t, nil)
	ctx := context.Background()
	if err := env.sim.SetScenario("bad-deploy"); err != nil {
		t.Fatal(err)
	}
	env.sim.Advance(3 * time.Minute)
	cases := []struct {
		group    string
		rollback bool
		seen     model.InstanceRefresh
		want     string
	}{{"solemate-app-prod", true, model.InstanceRefresh{}, model.RefreshRollbackSuccessful},
		{"solemate-web-prod", false, model.InstanceRefresh{}, model.RefreshCancelled}}
	for i, tc := range cases {
		d, err := env.session.Detail(ctx, tc.group)
		if err != nil {
			t.Fatal(err)
		}
		r, ok := model.ActiveRefresh(d.Refreshes)
		if !ok || r.Desired == nil {
			t.Fatalf("%s: no refresh with a desired configuration running: %+v", tc.group, d.Refreshes)
		}
		cases[i].seen = r
		var a model.Action = model.CancelRefresh{Group: tc.group, From: r}
		if tc.rollback {
			a = model.RollbackRefresh{Group: tc.group, From: r}
		}
		if err := env.session.Act(ctx, a, "bad deploy", nil); err != nil {
			t.Fatalf("%s: %s: %v", tc.group, a.Kind(), err)
		}
	}
	env.sim.Advance(30 * time.Minute)
	for _, tc := range cases {
		rs, err := env.session.describeRefreshes(ctx, tc.group)
		if err != nil {
			t.Fatal(err)
		}
		if rs[0].ID != tc.seen.ID || rs[0].Status != tc.want {
			t.Errorf("%s: the refresh is %s (%s), want %s", tc.group, rs[0].Status, rs[0].StatusReason, tc.want)
		}
	}
}

// TestResizeStoppedMidway: a resize whose second call fails says what was
// applied and what was not; run again, it finishes the rest without
// creating a second version, and the journal holds each call.
func TestResizeStoppedMidway(t *testing.T) {
	b := simCompat(t)
	seedCompat(t, b)
	fail := true
	p := newProxyTo(t, b.url)
	p.setFault(func(op string, _ int, _ *http.Request) fault {
		if fail && op == "autoscaling:UpdateAutoScalingGroup" {
			return fault4xx
		}
		return faultNone
	})
	s := openAt(t, p.URL())
	ctx := context.Background()
	applied, err := s.Resize(ctx, "compat-web", []string{"m6i.large"}, pausing, "bigger", nil)
	var re *model.ResizeError
	if !errors.As(err, &re) || len(applied) != 1 || len(re.Pending) != 2 || !strings.Contains(err.Error(), "Applied: create a version of compat-lt from v1") {
		t.Fatalf("applied %q, err %v", applied, err)
	}
	fail = false
	applied, err = s.Resize(ctx, "compat-web", []string{"m6i.large"}, pausing, "bigger", nil)
	if err != nil || len(applied) != 2 {
		t.Fatalf("rerun: applied %q, err %v", applied, err)
	}
	st, _ := s.ResizeState(ctx, "compat-web")
	if st.Template.Latest != 2 || st.Group.Launch.Version != "2" {
		t.Errorf("template latest %d, group at %s", st.Template.Latest, st.Group.Launch)
	}
	acts, _, _ := s.Journal().Actions(ctx, time.Time{})
	var kinds []string
	for _, a := range acts {
		kinds = append(kinds, string(a.Intent.Kind)+" "+string(a.Status()))
	}
	want := []string{"create-launch-template-version ok", "set-launch-template failed", "set-launch-template ok", "start-instance-refresh ok"}
	if !slices.Equal(kinds, want) {
		t.Errorf("journal %q, want %q", kinds, want)
	}
}

// policyOf is group's policy named name, as the adapter reads it now.
func policyOf(t testing.TB, s *Session, group, name string) (model.Policy, bool) {
	t.Helper()
	g := current(t.(*testing.T), s, group)
	return g.Policy(name)
}

// openAt opens a session at url with a journal of its own.
func openAt(t *testing.T, url string) *Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := Open(ctx, Options{Endpoint: url, JournalPath: filepath.Join(t.TempDir(), "journal.jsonl"), MaxBackoff: 20 * time.Millisecond,
		OnCall: func(op string) { opsSeen.Store(op, true) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestPolicyMotoWire: what moto does not keep is still sent. moto 5.2.1
// reads every policy back enabled; the PutScalingPolicy hoist sent for a
// disabled one says Enabled=false, carries only its own type's fields, and
// a scheduled action's time zone goes as given.
func TestPolicyMotoWire(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	ctx := context.Background()
	off := model.PolicySpec{Name: "in", Enabled: ptrTo(false), Simple: &model.SimpleSpec{AdjustmentType: "ChangeInCapacity", Adjustment: -1}}
	if err := env.session.Act(ctx, model.PutPolicy{Group: "web", To: off}, "", nil); err != nil {
		t.Fatal(err)
	}
	reqs := env.proxy.requests("autoscaling:PutScalingPolicy")
	if len(reqs) != 1 {
		t.Fatalf("%d PutScalingPolicy requests", len(reqs))
	}
	body := reqs[0].Body
	for _, want := range []string{"Enabled=false", "PolicyType=SimpleScaling", "ScalingAdjustment=-1", "AdjustmentType=ChangeInCapacity"} {
		if !strings.Contains(body, want) {
			t.Errorf("the request lacks %s: %s", want, body)
		}
	}
	for _, never := range []string{"TargetTrackingConfiguration", "PredictiveScalingConfiguration", "StepAdjustments", "EstimatedInstanceWarmup"} {
		if strings.Contains(body, never) {
			t.Errorf("the request carries %s: %s", never, body)
		}
	}
	if p, _ := policyOf(t, env.session, "web", "in"); !p.Enabled {
		t.Log("moto reads the disabled policy back disabled: its gap is closed, relax TestPoliciesEveryKind")
	}
	ny, _ := Zone("America/New_York")
	open := model.ScheduleSpec{Name: "open", Recurrence: "0 8 * * 1-5", TimeZone: "America/New_York", Desired: ptrTo(3)}
	if err := env.session.Act(ctx, model.PutScheduled{Group: "web", To: open, Zone: ny, Now: env.session.Now()}, "", nil); err != nil {
		t.Fatal(err)
	}
	if b := env.proxy.requests("autoscaling:PutScheduledUpdateGroupAction")[0].Body; !strings.Contains(b, "TimeZone=America%2FNew_York") ||
		!strings.Contains(b, "Recurrence=0+8+%2A+%2A+1-5") || strings.Contains(b, "StartTime") {
		t.Errorf("PutScheduledUpdateGroupAction: %s", b)
	}
}
