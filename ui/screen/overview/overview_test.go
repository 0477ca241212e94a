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

// TestLayoutCoversTheArea: at every width the panes drawn side by side
// fill the area exactly, and the groups pane is where the rows' height is
// taken from.
func TestLayoutCoversTheArea(t *testing.T) {
	for w := 60; w <= 240; w += 7 {
		for _, h := range []int{13, 22, 38, 58} {
			r := Layout(w, h)
			switch Arrange(w) {
			case Three:
				if r[PaneGroups].W+r[PaneMetrics].W+r[PaneTimeline].W != w || r[PaneGroups].H+r[PaneAlerts].H != h {
					t.Fatalf("%dx%d: %+v", w, h, r)
				}
			case Two:
				if r[PaneGroups].W+r[PaneMetrics].W != w || r[PaneMetrics].H+1 != h {
					t.Fatalf("%dx%d: %+v", w, h, r)
				}
			default:
				if r[PaneGroups] != (Rect{0, 1, w, h - 1}) {
					t.Fatalf("%dx%d: %+v", w, h, r)
				}
			}
		}
	}
}
