package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/spec"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/screen/plan"
)

// testPlan is a plan of three changes on the fixture: raise web-prod's
// max, create an alarm, suspend AZRebalance on api-public.
func testPlan() *spec.Plan {
	alarm := model.AlarmSpec{Name: "web-prod-cpu-high", Namespace: "AWS/EC2", Metric: "CPUUtilization",
		Dimensions: map[string]string{"AutoScalingGroupName": "web-prod"}, Statistic: "Average", PeriodSeconds: 60,
		EvaluationPeriods: 5, Threshold: 85, Comparison: "GreaterThanThreshold"}
	p := &spec.Plan{Where: model.Where{Account: "123456789012", Region: "us-east-1"}, Files: []string{"incident.yml"}}
	for _, a := range []model.Action{
		model.SetLimits{Group: "web-prod", From: model.Capacity{Min: 2, Desired: 6, Max: 12}, To: model.Capacity{Min: 2, Desired: 6, Max: 20}},
		model.SuspendProcesses{Group: "api-public", Processes: []string{"AZRebalance"}},
		model.PutAlarm{To: alarm},
	} {
		p.Changes = append(p.Changes, spec.ChangeOf(a))
	}
	return p
}

// planner answers :apply with p, or err; it counts its calls.
func planner(p *spec.Plan, err error, calls *int) func(context.Context, string, string) (*spec.Plan, error) {
	return func(context.Context, string, string) (*spec.Plan, error) {
		*calls++
		return p, err
	}
}

// TestApplyCommand: :apply FILE shows the plan on its screen; a applies
// it after one guarded confirm that lists every change; each action is
// sent in the plan's order under one apply id, and the screen says each
// change is done.
func TestApplyCommand(t *testing.T) {
	calls := 0
	m, b := newTest(t, 120, 40, Options{Planner: planner(testPlan(), nil, &calls)})
	exec(m, press(m, ":", "apply incident.yml", "enter")...)
	if !m.onScreen(plan.Name) || calls != 1 {
		t.Fatalf("after :apply: screen %s, %d plans\n%s", m.top().Name(), calls, plain(m))
	}
	for _, want := range []string{"Plan of incident.yml", "~ group web-prod", "max  12 → 20", "+ alarm web-prod-cpu-high", "Plan: 1 to add, 2 to change, 0 to delete."} {
		if !strings.Contains(plain(m), want) {
			t.Errorf("the plan screen lacks %q:\n%s", want, plain(m))
		}
	}
	press(m, "a")
	d, ok := m.front().(*dialog.Confirm)
	if !ok || d.Title() != "Apply 1 to add, 2 to change, 0 to delete" {
		t.Fatalf("a opened %T", m.front())
	}
	for _, want := range []string{"~ group web-prod", "max 12 → 20", "~ group api-public", "+ alarm web-prod-cpu-high", "where  123456789012 us-east-1"} {
		if !strings.Contains(plain(m), want) {
			t.Errorf("the confirm lacks %q:\n%s", want, plain(m))
		}
	}
	exec(m, press(m, "y", "enter")...) // typed ahead: swallowed
	if len(b.Acts) != 0 || m.front() == nil {
		t.Fatalf("a key typed ahead sent %d actions", len(b.Acts))
	}
	exec(m, press(m, wait, "y")...)
	if len(b.Acts) != 3 || b.Acts[0].Action.Kind() != model.KindSetLimits || b.Acts[2].Action.Kind() != model.KindPutAlarm {
		t.Fatalf("sent %+v", b.Acts)
	}
	if id := b.Acts[0].Apply; id == "" || b.Acts[1].Apply != id || b.Acts[2].Apply != id {
		t.Errorf("apply ids %q %q %q", b.Acts[0].Apply, b.Acts[1].Apply, b.Acts[2].Apply)
	}
	if n := strings.Count(plain(m), " done"); n != 3 || !strings.Contains(plain(m), "Applied 3 changes") {
		t.Errorf("%d changes say done:\n%s", n, plain(m))
	}
	if why := m.top().Disabled(m.env(), "apply-plan"); !strings.Contains(why, "was applied") {
		t.Errorf("a plan applied once: %q", why)
	}
}

// TestApplyStopsAtFirstFailure: the change that fails says so with the
// error, the ones after it say not applied, nothing after it is sent,
// and the status line says where it stopped.
func TestApplyStopsAtFirstFailure(t *testing.T) {
	calls := 0
	m, b := newTest(t, 120, 40, Options{Planner: planner(testPlan(), nil, &calls)})
	b.Fail = func(a model.Action) error {
		if a.Kind() == model.KindSuspend {
			return errors.New("autoscaling:SuspendProcesses refused: ValidationError: injected")
		}
		return nil
	}
	exec(m, press(m, ":", "apply incident.yml", "enter")...)
	exec(m, press(m, "a", wait, "y")...)
	if len(b.Acts) != 2 {
		t.Fatalf("sent %d actions, want 2", len(b.Acts))
	}
	out := plain(m)
	for _, want := range []string{"~ group web-prod  done", "~ group api-public  FAILED", "injected", "+ alarm web-prod-cpu-high  not applied",
		"Stopped at group api-public: 1 changes applied before it, 1 not applied"} {
		if !strings.Contains(out, want) {
			t.Errorf("the screen lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(m.status, "apply stopped at group api-public") {
		t.Errorf("status %q", m.status)
	}
}

// TestApplyRefused: :apply under read-only says why and plans nothing; a
// file refused is its one sentence on the status line; a plan hoist
// cannot send whole cannot be confirmed, and says why.
func TestApplyRefused(t *testing.T) {
	calls := 0
	m, _ := newTest(t, 120, 40, Options{ReadOnly: true, Planner: planner(testPlan(), nil, &calls)})
	exec(m, press(m, ":", "apply incident.yml", "enter")...)
	if calls != 0 || !strings.Contains(m.status, "read-only: :apply is disabled (hoist was started with --read-only)") {
		t.Errorf("under read-only: %d plans, status %q", calls, m.status)
	}
	m, _ = newTest(t, 120, 40, Options{Planner: planner(nil, errors.New(`incident.yml:3: unknown field "maxx" in an entry of groups`), &calls)})
	exec(m, press(m, ":", "apply incident.yml", "enter")...)
	if m.onScreen(plan.Name) || !strings.Contains(m.status, `incident.yml:3: unknown field "maxx"`) {
		t.Errorf("a bad file: screen %s, status %q", m.top().Name(), m.status)
	}
	p := testPlan()
	p.Changes[0].Pending = []string{"PutScalingPolicy (a whole policy)"}
	m, b := newTest(t, 120, 40, Options{Planner: planner(p, nil, &calls)})
	exec(m, press(m, ":", "apply incident.yml", "enter")...)
	exec(m, press(m, "a", wait, "y")...)
	if m.front() != nil || len(b.Acts) != 0 || !strings.Contains(m.status, "cannot yet send PutScalingPolicy") {
		t.Errorf("a plan with pending calls: %T, %d sent, status %q", m.front(), len(b.Acts), m.status)
	}
}

// TestPlanScreenFits: the plan screen and its confirm fit 80x24 and
// 120x40, the confirm shortening its list to the screen.
func TestPlanScreenFits(t *testing.T) {
	p := testPlan()
	for i := 0; i < 30; i++ {
		p.Changes = append(p.Changes, p.Changes[0])
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		calls := 0
		m, _ := newTest(t, size[0], size[1], Options{Planner: planner(p, nil, &calls)})
		exec(m, press(m, ":", "apply incident.yml", "enter")...)
		checkFrame(t, view(m), size[0], size[1])
		press(m, "a")
		out := view(m)
		checkFrame(t, out, size[0], size[1])
		if !strings.Contains(plain(m), "more changes (the plan lists them)") || !strings.Contains(plain(m), "y/enter confirm") {
			t.Errorf("%dx%d: the confirm does not fit:\n%s", size[0], size[1], plain(m))
		}
	}
}

// TestGoldenPlan: the plan screen, its confirm, and the screen after an
// apply stopped half way, at 80x24 and 120x40.
func TestGoldenPlan(t *testing.T) {
	for _, c := range []struct {
		name string
		w, h int
		keys []string
		fail bool
	}{
		{"plan_80x24", 80, 24, nil, false},
		{"plan_120x40", 120, 40, nil, false},
		{"plan_confirm_80x24", 80, 24, []string{"a"}, false},
		{"plan_stopped_120x40", 120, 40, []string{"a", wait, "y"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			calls := 0
			m, b := newTest(t, c.w, c.h, Options{Planner: planner(testPlan(), nil, &calls)})
			if c.fail {
				b.Fail = func(a model.Action) error {
					if a.Kind() == model.KindPutAlarm {
						return unknownErr{}
					}
					return nil
				}
			}
			exec(m, press(m, ":", "apply incident.yml", "enter")...)
			exec(m, press(m, c.keys...)...)
			out := view(m)
			checkFrame(t, out, c.w, c.h)
			golden(t, c.name, out)
		})
	}
}

// unknownErr is a call that may or may not have applied, as the adapter
// reports one.
type unknownErr struct{}

func (unknownErr) Error() string {
	return "cloudwatch:PutMetricAlarm: AWS answered 500 (InternalFailure): it may or may not have applied"
}
func (unknownErr) OutcomeUnknown() bool { return true }
