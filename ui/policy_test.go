package ui

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/internal/fixture"
)

// The policies, scheduled actions and instance refresh screens driven
// through Update: keys in, the action sent to the fake backend out.

// open selects group on the overview and presses keys, running the
// commands (the detail read among them).
func open(t *testing.T, m *Model, group string, keys ...string) {
	t.Helper()
	selectGroup(t, m, group)
	exec(m, press(m, keys...)...)
}

// setForm sets fields of the form in front.
func setForm(t *testing.T, m *Model, kvs ...string) {
	t.Helper()
	f, ok := m.front().(*form.Form)
	if !ok {
		t.Fatalf("no form in front: %T\n%s", m.front(), plain(m))
	}
	for _, kv := range kvs {
		k, v, _ := strings.Cut(kv, "=")
		if !f.Set(k, v) {
			t.Fatalf("the form has no field %q taking %q", k, v)
		}
	}
}

// submitForm presses enter until the form in front gives way.
func submitForm(t *testing.T, m *Model) {
	t.Helper()
	f := m.front()
	for i := 0; i < 30 && m.front() == f; i++ {
		exec(m, press(m, "enter")...)
	}
	if m.front() == f {
		t.Fatalf("the form did not submit: %q\n%s", m.status, plain(m))
	}
}

func TestPoliciesScreenReadsDetail(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	open(t, m, fixture.PredictiveGroup, "P")
	if len(b.Details) != 1 || b.Details[0] != fixture.PredictiveGroup {
		t.Fatalf("detail reads %v", b.Details)
	}
	exec(m, press(m, "j")...)
	out := plain(m)
	for _, want := range []string{"api-internal-forecast", "accuracy", "mean absolute error", "load ASGCPUUtilization", "capacity:", "▼ now"} {
		if !strings.Contains(out, want) {
			t.Fatalf("the forecast lacks %q:\n%s", want, out)
		}
	}
	// a snapshot soon after does not read it again; one after detailEvery does
	exec(m, m.onSnapshot(fixture.Snapshot(fixture.Now, 0)))
	later(m, detailEvery)
	exec(m, m.onSnapshot(fixture.Snapshot(fixture.Now, 0)))
	if len(b.Details) != 2 {
		t.Fatalf("detail reads %v", b.Details)
	}
	// off the screen, nothing is read
	exec(m, press(m, "esc")...)
	later(m, time.Hour)
	exec(m, m.onSnapshot(fixture.Snapshot(fixture.Now, 0)))
	if len(b.Details) != 2 {
		t.Fatalf("detail read off screen: %v", b.Details)
	}
}

// A memory target tracking policy through the form: the confirm shows the
// alarms AWS will create; y sends the whole policy.
func TestCreateMemoryPolicy(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	open(t, m, fixture.MemoryGroup, "P", "n", "m")
	setForm(t, m, "name=media-mem", "target=65")
	submitForm(t, m)
	d, ok := m.front().(*dialog.Confirm)
	if !ok {
		t.Fatalf("no confirm: %q", m.status)
	}
	out := plain(m)
	for _, want := range []string{"AWS creates alarm TargetTracking-worker-media-AlarmHigh", "mem_used_percent", "> 65 for 3 of 3"} {
		if !strings.Contains(out, want) {
			t.Fatalf("the confirm lacks %q:\n%s", want, out)
		}
	}
	exec(m, press(m, "y")...) // too soon: swallowed
	if len(b.Acts) != 0 {
		t.Fatal("y inside the guard sent the policy")
	}
	exec(m, press(m, wait, "y")...)
	a := lastAct(t, b).(model.PutPolicy)
	if a != d.Action() || !a.To.TargetTracking.Custom.IsMemory() || a.To.TargetTracking.Target != 65 || a.From != nil {
		t.Fatalf("%+v", a)
	}
}

// A step policy with a new alarm: the policy, then, once AWS lists it,
// a second confirm that creates the alarm to run it.
func TestCreateStepPolicyThenItsAlarm(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	open(t, m, "worker-orders", "P", "n", "s")
	setForm(t, m, "name=orders-out", "steps=0,10,+1;10,,+3", "threshold=800")
	submitForm(t, m)
	exec(m, press(m, wait, "y")...)
	if _, ok := lastAct(t, b).(model.PutPolicy); !ok {
		t.Fatalf("sent %T", lastAct(t, b))
	}
	if _, ok := m.front().(*dialog.Confirm); !ok {
		t.Fatalf("no second confirm for the alarm: %q\n%s", m.status, plain(m))
	}
	exec(m, press(m, wait, "y")...)
	a := lastAct(t, b).(model.AttachAlarm)
	if a.Policy != "orders-out" || !strings.HasSuffix(a.PolicyARN, "policyName/orders-out") || a.New == nil || a.New.Threshold != 800 {
		t.Fatalf("%+v", a)
	}
}

// Deleting a policy or a scheduled action needs its name typed back, and
// the guard.
func TestDeletesAskForTheName(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	open(t, m, "web-prod", "c", "D")
	if _, ok := m.front().(*dialog.TypeName); !ok {
		t.Fatalf("no name asked: %T", m.front())
	}
	exec(m, press(m, "morning-peak", "enter")...) // the name, but within the guard
	if len(b.Acts) != 0 || !strings.Contains(plain(m), "press enter again to send") {
		t.Fatalf("sent inside the guard, or did not say so:\n%s", plain(m))
	}
	exec(m, press(m, wait, "enter")...)
	if a := lastAct(t, b).(model.DeleteScheduled); a.From.Name != "morning-peak" {
		t.Fatalf("%+v", a)
	}
}

// A recurring scheduled action through the form: the confirm shows the
// next five runs in its zone and in UTC.
func TestCreateRecurringSchedule(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	open(t, m, "web-prod", "c", "n")
	if _, ok := m.front().(*form.Form); !ok {
		t.Fatalf("no form (zones not loaded?): %q", m.status)
	}
	setForm(t, m, "name=evening", "cron=0 18 * * *", "time zone=Europe/Paris", "desired=14", "max=30")
	submitForm(t, m)
	out := plain(m)
	for _, want := range []string{"next runs (Europe/Paris, and UTC):", "18:00 CET = ", "17:00 UTC"} {
		if !strings.Contains(out, want) {
			t.Fatalf("the confirm lacks %q:\n%s", want, out)
		}
	}
	exec(m, press(m, wait, "y")...)
	a := lastAct(t, b).(model.PutScheduled)
	if a.To.Recurrence != "0 18 * * *" || a.To.TimeZone != "Europe/Paris" || *a.To.Desired != 14 || *a.To.Max != 30 || a.To.Min != nil {
		t.Fatalf("%+v", a.To)
	}
}

// The bad deploy answered from the console: the refresh screen shows the
// refresh that rolls a version out; U rolls it back, C cancels it.
func TestRefreshRollbackAndCancel(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	open(t, m, "web-prod", "R")
	out := plain(m)
	for _, want := range []string{"instance refresh 08b91c2e", "InProgress 40% (7 to update)", "moving the group to web-prod-lt v8", "checkpoints 50% 100%"} {
		if !strings.Contains(out, want) {
			t.Fatalf("the refresh screen lacks %q:\n%s", want, out)
		}
	}
	exec(m, press(m, "U", wait, "y")...)
	if a := lastAct(t, b).(model.RollbackRefresh); a.From.ID != "08b91c2e-4c6d-4f3a-9d1e-3b5a7c9e1f20" {
		t.Fatalf("%+v", a)
	}
	exec(m, press(m, "C", wait, "y")...)
	if _, ok := lastAct(t, b).(model.CancelRefresh); !ok {
		t.Fatalf("%T", lastAct(t, b))
	}
	press(m, "n")
	if !strings.Contains(m.status, "is running") {
		t.Fatalf("a second refresh: %q", m.status)
	}
}

// A resize: the form's preview is PlanResize's steps and cost; the
// confirm shows the cost before and after; y runs Backend.Resize.
func TestResize(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	open(t, m, "api-internal", "R")
	exec(m, press(m, "Z")...)
	setForm(t, m, "instance type=c6i.2xlarge")
	submitForm(t, m)
	out := plain(m)
	if d, ok := m.front().(*dialog.Confirm); !ok || d.Action() != nil || !strings.Contains(out, "create a version of api-internal-lt from v7 with instance type c6i.2xlarge") ||
		!regexp.MustCompile(`per hour \$[0-9.]+ → \$[0-9.]+`).MatchString(out) {
		t.Fatalf("the resize confirm:\n%s", out)
	}
	exec(m, press(m, wait, "y")...)
	if len(b.Resizes) != 1 || b.Resizes[0] != "api-internal→c6i.2xlarge" {
		t.Fatalf("resizes %v", b.Resizes)
	}
	if !strings.Contains(m.status, "done: resize of api-internal to c6i.2xlarge") {
		t.Fatalf("status %q", m.status)
	}
	b.ResizeErr = errors.New("resize of api-internal stopped: AccessDenied. Applied: nothing")
	exec(m, press(m, "Z")...)
	setForm(t, m, "instance type=c6i.2xlarge")
	submitForm(t, m)
	exec(m, press(m, wait, "y")...)
	if !strings.Contains(m.status, "AccessDenied") {
		t.Fatalf("status %q", m.status)
	}
}

// A group without a predictive policy is offered one: F opens the form
// prefilled ForecastOnly.
func TestForecastOnlyOffer(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	open(t, m, "web-prod", "P")
	if !strings.Contains(plain(m), "no predictive policy: F creates a ForecastOnly one") {
		t.Fatalf("no offer:\n%s", plain(m))
	}
	exec(m, press(m, "F")...)
	submitForm(t, m)
	exec(m, press(m, wait, "y")...)
	pr := lastAct(t, b).(model.PutPolicy).To.Predictive
	if pr == nil || pr.Mode != model.ForecastOnly {
		t.Fatalf("%+v", lastAct(t, b))
	}
}

// The timeline shows the scheduled actions due in the next 24 hours
// above what happened.
func TestTimelineShowsUpcoming(t *testing.T) {
	m, _ := newTest(t, 200, 60, Options{})
	s := fixture.Snapshot(fixture.Now, 0)
	g, _ := s.Group("web-prod")
	g.Scheduled[0].Upcoming = []time.Time{fixture.Now.Add(3 * time.Hour), fixture.Now.Add(27 * time.Hour)}
	s.Generation = 2
	m.Update(SnapshotMsg{Snapshot: s})
	selectGroup(t, m, "web-prod")
	evs := m.overview.Events(m.env())
	if len(evs) == 0 || evs[0].Kind != "next" || !strings.Contains(evs[0].Text, "scheduled action morning-peak sets desired 16 in 3h") {
		t.Fatalf("first event %+v", evs[0])
	}
}
