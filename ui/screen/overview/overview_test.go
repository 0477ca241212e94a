package overview

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/themes"
	"github.com/solemate/hoist/ui/internal/fixture"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/screen"
)

// testEnv is an Env over snapshot s, as the root model would build it.
func testEnv(s *model.Snapshot) *screen.Env {
	th, _ := themes.Builtin("dark")
	lk := look.New(look.NewStyles(th, colorprofile.TrueColor), false)
	km := keymap.New(Bindings, nil, nil)
	data := &screen.Data{Snap: s, Acks: map[string]bool{}, FirstSeen: map[string]time.Time{}, Inflight: map[string]string{},
		Thresholds: model.DefaultAlertThresholds(), Stale: 30 * time.Second, Costs: s.Costs()}
	return &screen.Env{Look: &lk, Keys: &km, Data: data, Now: fixture.Now, Loc: time.UTC}
}

func TestSuspendedFlag(t *testing.T) {
	for _, c := range []struct {
		suspended []string
		want      string
	}{
		{[]string{"AlarmNotification", "ScheduledActions"}, "FROZEN"},
		{[]string{"Launch", "AlarmNotification", "ScheduledActions"}, "FROZEN+1"},
		{[]string{"AZRebalance"}, "SUSP1"},
	} {
		s := fixture.Snapshot(fixture.Now, 0)
		s.Groups[0].Suspended = c.suspended
		env := testEnv(&s)
		o := New(time.Hour)
		o.Update(env, screen.Refreshed{})
		g := s.Groups[0]
		row := ansi.Strip(o.groupRow(env, &g, false, groupColumns(120, o.nameW, o.capsW, o.countW), 120))
		if !regexp.MustCompile(`\s` + regexp.QuoteMeta(c.want) + `(\s|$)`).MatchString(row) {
			t.Errorf("suspended %v: row %q lacks %s", c.suspended, row, c.want)
		}
	}
}

// TestTargetCountsFitNarrowPanes: in a narrow targets pane the counts line
// keeps healthy and unhealthy whole and drops draining and initial while
// they are zero, instead of cutting "0 i…".
func TestTargetCountsFitNarrowPanes(t *testing.T) {
	s := fixture.Snapshot(fixture.Now, 0)
	env := testEnv(&s)
	o := New(time.Hour)
	o.Update(env, screen.Refreshed{})
	o.selected = "web-prod"
	for _, w := range []int{36, 40, 60} {
		lines := o.targetLines(env, w, 20)
		counts := ansi.Strip(lines[1])
		if !regexp.MustCompile(`^  \d+ healthy  \d+ unhealthy`).MatchString(counts) || strings.Contains(counts, env.G.Ellipsis) {
			t.Errorf("w=%d: counts line %q", w, counts)
		}
		if w >= 60 && !strings.Contains(counts, "initial") {
			t.Errorf("w=%d: room for every count, but %q", w, counts)
		}
	}
}

// TestLayoutCoversTheArea: at every size the panes drawn side by side
// fill the area exactly, each column top to bottom, and the panes that
// take turns share one rectangle.
func TestLayoutCoversTheArea(t *testing.T) {
	for w := 60; w <= 240; w += 7 {
		for _, h := range []int{13, 22, 38, 58} {
			r := Layout(w, h)
			var cols [][]Pane
			switch Arrange(w) {
			case Three:
				// the alerts span the right, over targets | timeline and cost
				a, tg, tl := r[PaneAlerts], r[PaneTargets], r[PaneTimeline]
				if a.W != tg.W+tl.W || tg.Y != a.H || tl.Y != a.H || tg.X != a.X || tl.X != tg.X+tg.W {
					t.Fatalf("%dx%d: alerts %+v over targets %+v and timeline %+v", w, h, a, tg, tl)
				}
				cols = [][]Pane{{PaneGroups, PaneMetrics}, {PaneAlerts, PaneTargets}}
				if tl.H+r[PaneCost].H+a.H != h || r[PaneCost].X != tl.X {
					t.Fatalf("%dx%d: timeline %+v, cost %+v", w, h, tl, r[PaneCost])
				}
			case Two:
				cols = [][]Pane{{PaneGroups, PaneMetrics}, {PaneAlerts, PaneTargets, PaneTimeline}}
				if r[PaneCost] != r[PaneTimeline] {
					t.Fatalf("%dx%d: the cost does not take the timeline's place: %+v", w, h, r)
				}
			default:
				cols = [][]Pane{{PaneGroups, PaneAlerts}}
				for _, p := range []Pane{PaneMetrics, PaneTargets, PaneTimeline, PaneCost} {
					if r[p] != (Rect{0, 1, w, h - 1}) {
						t.Fatalf("%dx%d: %s tab %+v", w, h, p, r[p])
					}
				}
			}
			x := 0
			for _, col := range cols {
				y := r[col[0]].Y
				for _, p := range col {
					if r[p].X != x || r[p].Y != y || r[p].H < 3 && h >= 22 {
						t.Fatalf("%dx%d: %s at %+v", w, h, p, r[p])
					}
					y += r[p].H
				}
				if y != h {
					t.Fatalf("%dx%d: column %v ends at %d", w, h, col, y)
				}
				x += r[col[0]].W
			}
			if x != w {
				t.Fatalf("%dx%d: columns end at %d", w, h, x)
			}
		}
	}
}

// A scale-out's launches, one activity per instance, read as one line.
func TestTimelineFoldsLaunches(t *testing.T) {
	ev := func(g, text string) screen.Event {
		return screen.Event{Group: g, Kind: "scaling", Sev: "info", Text: text}
	}
	got := foldEvents([]screen.Event{
		ev("web", "PreInService Launching a new EC2 instance: i-0a1b2c3d4e5f60718 (12s)"),
		ev("web", "PreInService Launching a new EC2 instance: i-0a1b2c3d4e5f60719 (14s)"),
		ev("web", "PreInService Launching a new EC2 instance: i-0a1b2c3d4e5f6071a (1m02s)"),
		ev("app", "PreInService Launching a new EC2 instance: i-0a1b2c3d4e5f6071b (3s)"),
		ev("app", "Launching a new EC2 instance: i-0a1b2c3d4e5f6071c (2m)"),
		{Group: "app", Kind: "alarm", Text: "x: Alarm updated from OK to ALARM"},
		{Group: "app", Kind: "alarm", Text: "x: Alarm updated from OK to ALARM"},
	})
	var texts []string
	for _, e := range got {
		texts = append(texts, e.Group+" "+e.Text)
	}
	want := []string{
		"web 3x PreInService Launching a new EC2 instance",
		"app PreInService Launching a new EC2 instance: i-0a1b2c3d4e5f6071b (3s)",
		"app Launching a new EC2 instance: i-0a1b2c3d4e5f6071c (2m)",
		"app x: Alarm updated from OK to ALARM",
		"app x: Alarm updated from OK to ALARM",
	}
	if strings.Join(texts, "\n") != strings.Join(want, "\n") {
		t.Fatalf("folded:\n%s\nwant:\n%s", strings.Join(texts, "\n"), strings.Join(want, "\n"))
	}
}

// The line above the tracked chart says why no target is drawn: no
// policy, a policy whose series has not been read yet, or a policy on a
// metric the chart does not draw. "No policy" was said for all three.
func TestTrackedSaysWhyNoTarget(t *testing.T) {
	tt := func(metric string) []model.Policy {
		return []model.Policy{{Name: "p", Type: model.PolicyTargetTracking, Enabled: true,
			Target: &model.TargetTracking{Metric: metric, Value: 50}}}
	}
	for _, c := range []struct {
		name     string
		policies []model.Policy
		want     string
		target   bool
	}{
		{"none", nil, "no target-tracking policy on it", false},
		{"cpu", tt("ASGAverageCPUUtilization"), "", true},
		{"requests not read", tt("ALBRequestCountPerTarget"), "its policy tracks requests per target, not read yet", false},
		{"memory", tt("CWAgent/mem_used_percent\x1b[2J"), "its policy tracks CWAgent/mem_used_percent", false},
	} {
		s := fixture.Snapshot(fixture.Now, 0)
		g := s.Groups[0]
		g.Policies = c.policies
		delete(s.Series, model.SeriesKey{Group: g.Name, Metric: model.MetricRequests})
		got := trackedOf(testEnv(&s), &g)
		if (got.target != nil) != c.target || !strings.HasPrefix(got.why, c.want) || (c.want == "" && got.why != "") {
			t.Errorf("%s: target %v, why %q; want target %v, why %q", c.name, got.target != nil, got.why, c.target, c.want)
		}
		if strings.ContainsRune(got.why, 0x1b) {
			t.Errorf("%s: an escape reached the line: %q", c.name, got.why)
		}
	}
}
