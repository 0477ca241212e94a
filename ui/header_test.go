package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/fixture"
)

// However long the error behind a failing source, the header still says
// how old the data the screen draws is, at every width the console draws.
// The overview draws groups: their age is the header's; target health
// failing is "1 failing", in full on :errors.
func TestHeaderKeepsDataAgeBesideALongError(t *testing.T) {
	for _, ro := range []bool{false, true} {
		for _, w := range []int{60, 80, 120, 160, 200} {
			m, _ := newTest(t, w, 40, Options{ReadOnly: ro})
			s := fixture.Snapshot(fixture.Now, 0)
			f := s.Fresh[model.ClassTargetHealth]
			f.Err = "elasticloadbalancing:DescribeTargetHealth refused: TargetGroupNotFound: One or more target groups not found"
			f.Failures = 2
			s.Fresh[model.ClassTargetHealth] = f
			m.Update(SnapshotMsg{Snapshot: s})
			head := ansi.Strip(strings.Split(view(m), "\n")[0])
			if !strings.Contains(head, "live <15s") {
				t.Errorf("read-only %v, %d columns: no data age in %q", ro, w, head)
			}
			if got := ansi.StringWidth(head); got != w {
				t.Errorf("read-only %v, %d columns: header %d wide", ro, w, got)
			}
			if w >= 120 && !strings.Contains(head, "/h") {
				t.Errorf("read-only %v, %d columns: cost dropped: %q", ro, w, head)
			}
			if w >= 80 && !strings.Contains(head, "1 failing (:errors)") {
				t.Errorf("read-only %v, %d columns: the failing source is not mentioned: %q", ro, w, head)
			}
		}
	}
}

// The issue 9 case: activities throttled while the groups refresh. The
// header gives the groups' age ("live"), the timeline pane says its own
// data is stale, the header still says AWS is throttling, and :errors
// gives the whole reason, uncut.
func TestHeaderAgeIsTheScreensOwn(t *testing.T) {
	m, _ := newTest(t, 200, 60, Options{})
	s := fixture.Snapshot(fixture.Now, 0)
	f := s.Fresh[model.ClassActivities]
	f.FetchedAt = fixture.Now.Add(-103 * time.Second)
	f.Err, f.Throttled, f.Failures = "AWS throttled autoscaling:DescribeScalingActivities (Throttling); the account's API rate is shared by every tool, so wait a little before asking again", true, 4
	s.Fresh[model.ClassActivities] = f
	m.Update(SnapshotMsg{Snapshot: s})
	out := plain(m)
	head := strings.Split(out, "\n")[0]
	if !strings.Contains(head, "live <15s, throttled (:errors)") {
		t.Errorf("header %q", head)
	}
	if !strings.Contains(out, "Timeline │ all stale 1m43s, throttled") && !strings.Contains(out, "stale 1m43s, throttled") {
		t.Errorf("the timeline does not say its data is stale:\n%s", out)
	}
	press(m, ":", "errors", "enter")
	out = strings.Join(strings.Fields(plain(m)), " ")
	if !strings.Contains(out, "activities FAILING") || !strings.Contains(out, "wait a little before asking again") {
		t.Errorf(":errors does not give the whole reason:\n%s", plain(m))
	}
	press(m, "esc")
	if !m.onScreen("overview") {
		t.Fatalf("esc from :errors went to %s", m.top().Name())
	}
	// On the group's screen, activities are its own data: stale.
	press(m, "enter")
	if head := strings.Split(plain(m), "\n")[0]; !strings.Contains(head, "stale 1m43s, throttled") {
		t.Errorf("group screen header %q", head)
	}
}

// "throttled", the short reason, stays beside the data age from 80
// columns up, even when the identity has to give way for it.
func TestHeaderKeepsThrottled(t *testing.T) {
	for _, w := range []int{80, 120, 160, 200} {
		m, _ := newTest(t, w, 40, Options{ReadOnly: true})
		s := fixture.Snapshot(fixture.Now, 0)
		f := s.Fresh[model.ClassGroups]
		f.Err, f.Throttled, f.Failures = "AWS throttled autoscaling:DescribeAutoScalingGroups (Throttling); the account's API rate is shared by every tool, so wait a little", true, 1
		s.Fresh[model.ClassGroups] = f
		m.Update(SnapshotMsg{Snapshot: s})
		if head := ansi.Strip(strings.Split(view(m), "\n")[0]); !strings.Contains(head, "stale 3s, throttled │") {
			t.Errorf("%d columns: %q", w, head)
		}
	}
}

// TestClockSaysTheDay: a time from another day carries its day, so an
// instance launched last week or an unknown outcome from yesterday is never
// read as this morning. fixture.Now is Friday 2026-11-27 03:14:15 UTC.
func TestClockSaysTheDay(t *testing.T) {
	m, _ := newTest(t, 120, 40, Options{})
	for _, c := range []struct {
		t           time.Time
		full, short string
	}{
		{time.Time{}, "--:--:--", "--:--"},
		{fixture.Now.Add(-time.Hour), "02:14:15", "02:14"},
		{fixture.Now.Add(time.Minute), "03:15:15", "03:15"}, // server clock ahead
		{fixture.Now.Add(-4 * time.Hour), "Thu 23:14", "Thu 23:14"},
		{fixture.Now.Add(-5 * 24 * time.Hour), "Sun 03:14", "Sun 03:14"},
		{fixture.Now.Add(-8 * 24 * time.Hour), "Nov 19 03:14", "Nov 19 03:14"},
		{fixture.Now.Add(24 * time.Hour), "Nov 28 03:14", "Nov 28 03:14"},
	} {
		if got := m.env().Clock(c.t); got != c.full {
			t.Errorf("clock(%v) = %q, want %q", c.t, got, c.full)
		}
		if got := m.env().ClockShort(c.t); got != c.short {
			t.Errorf("clockShort(%v) = %q, want %q", c.t, got, c.short)
		}
	}
}

// TestStatusMessageOutranksKeyHints: a message that does not fit beside the
// key hints takes the whole line: "disabled (hoist was started wi…" hid
// the reason an engineer needed.
func TestStatusMessageOutranksKeyHints(t *testing.T) {
	m, _ := newTest(t, 100, 30, Options{ReadOnly: true})
	press(m, "+")
	lines := strings.Split(plain(m), "\n")
	last := lines[len(lines)-1]
	if !strings.Contains(last, m.readOnlyWhy+")") {
		t.Errorf("status line %q cuts the reason %q", last, m.readOnlyWhy)
	}
	m.status = ""
	lines = strings.Split(plain(m), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "help") {
		t.Errorf("with no message the hints are back: %q", last)
	}
}

// The header's heartbeat: while the data is fresh its age reads in coarse
// steps, so an idle screen does not change from second to second; stale,
// it counts by the second.
func TestHeartbeatIsCoarseWhileFresh(t *testing.T) {
	m, _ := newTest(t, 120, 40, Options{})
	selectGroup(t, m, "web-prod")
	if d := m.heartbeat(); d != 12*time.Second { // the fixture's data is 3 s old; "<15s" holds 12 s more
		t.Errorf("heartbeat %s at 3 s, want 12s", d)
	}
	first := view(m)
	for range 11 {
		later(m, time.Second)
		if view(m) != first {
			t.Fatalf("the idle screen changed within the step:\n%s", plain(m))
		}
	}
	later(m, time.Second) // 15 s old
	if head := strings.Split(plain(m), "\n")[0]; !strings.Contains(head, "live <30s") {
		t.Errorf("at 15 s the header reads %q", head)
	}
	if d := m.heartbeat(); d != 15*time.Second {
		t.Errorf("heartbeat %s at 15 s, want 15s (until stale)", d)
	}
	later(m, 16*time.Second) // 31 s old: stale
	if head := strings.Split(plain(m), "\n")[0]; !strings.Contains(head, "stale 31s") {
		t.Errorf("at 31 s the header reads %q", head)
	}
	if d := m.heartbeat(); d != time.Second {
		t.Errorf("heartbeat %s when stale, want 1s", d)
	}
}
