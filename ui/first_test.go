package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/fixture"
	"github.com/solemate/hoist/ui/screen/overview"
)

// At 120x40 the first screen answers the incident without a key press:
// the groups, what is firing, the selected group's chart (its target, its
// capacity in its min..max band, a time axis), its targets' health and
// its recent timeline.
func TestFirstScreenAnswersTheIncident(t *testing.T) {
	m, _ := newTest(t, 120, 40, Options{})
	selectGroup(t, m, "web-prod")
	out := plain(m)
	for what, want := range map[string]string{
		"groups":          "worker-orders     2/10/10",
		"a page":          "CRIT NEW 03:12 alarm api-public-5xx-high",
		"the chart":       "target 60%",
		"its time axis":   "03:10",
		"capacity":        "capacity desired 12 · in service 10 · min 4 max 24",
		"target health":   "10 healthy  2 unhealthy",
		"why unhealthy":   "Target.ResponseCodeMismatch",
		"the timeline":    "scaling Launching a new EC2 instance",
		"the data's age":  "live <15s",
		"the group's row": "▶ web-prod",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s (%q) on the first screen:\n%s", what, want, out)
		}
	}
	for _, p := range []overview.Pane{overview.PaneGroups, overview.PaneAlerts, overview.PaneMetrics, overview.PaneTargets, overview.PaneTimeline} {
		if r := overview.Layout(120, 38)[p]; r.H < 8 {
			t.Errorf("%s is %d rows at 120x40", p, r.H)
		}
	}
}

// scalingAlarms adds n scaling alarms in ALARM (INFO: a policy at work),
// one per group in turn, newer than every page.
func scalingAlarms(s *model.Snapshot, n int) {
	for i := range n {
		g := s.Groups[i%len(s.Groups)].Name
		s.Alarms = append(s.Alarms, model.Alarm{Name: fmt.Sprintf("TargetTracking-%s-AlarmLow-%02d", g, i), State: model.AlarmAlarm,
			StateReason: "Threshold Crossed: 15 datapoints were less than the threshold", StateUpdated: fixture.Now.Add(-time.Duration(i) * time.Second),
			Group: g, ActionsEnabled: true, Actions: []string{"arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x:autoScalingGroupName/" + g + ":policyName/tt"}})
	}
}

// Scaling alarms are folded into one line below the pages, so a CRIT is
// never pushed out of sight; i lists them, and folds them again.
func TestScalingAlarmsFold(t *testing.T) {
	for _, n := range []int{8, 40} {
		m, b := newTest(t, 120, 40, Options{})
		s := fixture.Snapshot(fixture.Now, 0)
		s.Generation = 2
		scalingAlarms(&s, n)
		m.Update(SnapshotMsg{Snapshot: s})
		w, h := paneSize(m, overview.PaneAlerts)
		pane := func() string { return plain2(m.overview.PaneBox(m.env(), overview.PaneAlerts, w, h)) }
		out := pane()
		if !strings.Contains(out, "api-public-5xx-high") || !strings.Contains(out, "CRIT") {
			t.Fatalf("%d scaling alarms pushed the page out:\n%s", n, out)
		}
		if got := strings.Count(out, "TargetTracking-"); got != 1 { // the page about web-prod's AlarmHigh
			t.Errorf("%d scaling alarms take %d lines, want one folded:\n%s", n, got, out)
		}
		if !strings.Contains(out, fmt.Sprintf("%d scaling alarms in ALARM", n)) {
			t.Errorf("no folded line for %d scaling alarms:\n%s", n, out)
		}
		if lines := strings.Split(out, "\n"); !strings.Contains(lines[1], "CRIT") {
			t.Errorf("the first line is not a page: %q", lines[1])
		}
		press(m, "i")
		if got := strings.Count(pane(), "INFO     03:14 scaling alarm TargetTracking-"); got != min(n, h-2-5) {
			t.Errorf("i listed %d scaling alarms:\n%s", got, pane())
		}
		// a on the folded line acknowledges every alarm in it
		press(m, "i")
		m.focusPane(overview.PaneAlerts)
		press(m, "G")
		exec(m, press(m, "a")...)
		if len(b.Acts) != n {
			t.Errorf("a on the folded line sent %d acknowledgements, want %d", len(b.Acts), n)
		}
	}
}

func plain2(lines []string) string { return ansi.Strip(strings.Join(lines, "\n")) }

// The first screen's times are on the server's clock too: with a
// simulator 55 minutes ahead, the console's own action reads at the
// server's now on the timeline, beside the activities AWS dated, and
// the chart marks it inside its window, at the present.
func TestFirstScreenOnTheServerClock(t *testing.T) {
	m, _ := newTest(t, 200, 60, Options{})
	snap := fixture.Snapshot(fixture.Now, 0)
	snap.Skew = 55 * time.Minute
	snap.Generation = 2
	m.Update(SnapshotMsg{Snapshot: snap})
	selectGroup(t, m, "web-prod")
	exec(m, press(m, "+", wait, "y")...)
	server := fixture.Now.Add(snap.Skew).Add(model.DefaultConfirmGuard).Format("15:04") // a narrow timeline says minutes
	out := plain(m)
	if !strings.Contains(out, server+"      hoist   web-prod: desired 12 → 13 done") {
		t.Errorf("the console's action is not at the server's now (%s) on the timeline:\n%s", server, out)
	}
	if !strings.Contains(out, "you acted here") {
		t.Errorf("the chart does not mark the action inside its window:\n%s", out)
	}
}
