package overview

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Pane is one of the overview's panes.
type Pane int

// The panes, in tab order.
const (
	PaneGroups Pane = iota
	PaneAlerts
	PaneMetrics
	PaneTargets
	PaneTimeline
	PaneCost
	paneCount
)

// pane is what the overview knows of each pane: its name on a tab, its
// title and body, and the data classes it draws (its title says when they
// are stale). One table, so a pane is one line here and a file of its own.
type pane struct {
	name    string
	title   func(s *Screen, env *screen.Env) string
	body    func(s *Screen, env *screen.Env, w, h int) []string
	classes []model.Class
}

var panes = [paneCount]pane{
	PaneGroups:   {"Groups", (*Screen).groupsTitle, (*Screen).groupsLines, nil},
	PaneAlerts:   {"Alerts", (*Screen).alertsTitle, (*Screen).alertLines, []model.Class{model.ClassAlarms}},
	PaneMetrics:  {"Metrics", (*Screen).metricsTitle, (*Screen).metricsLines, []model.Class{model.ClassMetrics}},
	PaneTargets:  {"Targets", (*Screen).targetsTitle, (*Screen).targetLines, []model.Class{model.ClassTargetHealth}},
	PaneTimeline: {"Timeline", (*Screen).timelineTitle, (*Screen).timelineLines, []model.Class{model.ClassActivities}},
	PaneCost:     {"Cost", func(*Screen, *screen.Env) string { return "Cost" }, (*Screen).costLines, []model.Class{model.ClassPrices}},
}

// String is the pane's name.
func (p Pane) String() string { return panes[p].name }

// Rect is where a pane is drawn, in cells of the overview's area.
type Rect struct{ X, Y, W, H int }

// Arrangement is how the panes share the width.
type Arrangement int

// Arrangements, by terminal width.
const (
	Tabs  Arrangement = iota // < 100 columns: groups and alerts, the other panes behind tabs
	Two                      // 100-159: groups and chart left; alerts, targets, timeline right
	Three                    // >= 160: everything at once, alerts across the right
)

// Arrange is the arrangement at width w.
func Arrange(w int) Arrangement {
	switch {
	case w >= 160:
		return Three
	case w >= 100:
		return Two
	}
	return Tabs
}

// Layout is where each pane is drawn in an area of w x h: the one
// function the view and the tests size panes by. Panes that take turns
// (behind tabs, or the cost in the timeline's place) share a rectangle.
//
// The layout answers the first five minutes of an incident without a
// key: which groups are in trouble and what is firing, then, for the
// selected group, whether capacity keeps up (its chart right under the
// list), whether its targets are healthy and what happened lately. The
// cost is in the header; its pane waits its turn until the screen is
// wide enough for six panes.
func Layout(w, h int) [paneCount]Rect {
	var r [paneCount]Rect
	switch Arrange(w) {
	case Three:
		// Alerts across the right, wide enough to read what fires; targets
		// and timeline (the cost under it) side by side below.
		w1 := w * 46 / 100
		w2 := (w - w1) / 2
		w3 := w - w1 - w2
		gh, ah := h*52/100, h*30/100
		th := (h - ah) * 60 / 100
		r[PaneGroups], r[PaneMetrics] = Rect{0, 0, w1, gh}, Rect{0, gh, w1, h - gh}
		r[PaneAlerts] = Rect{w1, 0, w - w1, ah}
		r[PaneTargets] = Rect{w1, ah, w2, h - ah}
		r[PaneTimeline], r[PaneCost] = Rect{w1 + w2, ah, w3, th}, Rect{w1 + w2, ah + th, w3, h - ah - th}
	case Two:
		w1 := w * 56 / 100
		gh, ah, th := h*54/100, h*30/100, h*30/100
		r[PaneGroups], r[PaneMetrics] = Rect{0, 0, w1, gh}, Rect{0, gh, w1, h - gh}
		r[PaneAlerts], r[PaneTargets] = Rect{w1, 0, w - w1, ah}, Rect{w1, ah, w - w1, th}
		r[PaneTimeline] = Rect{w1, ah + th, w - w1, h - ah - th}
		r[PaneCost] = r[PaneTimeline]
	default:
		gh := (h - 1) * 62 / 100
		for p := range paneCount {
			r[p] = Rect{0, 1, w, h - 1}
		}
		r[PaneGroups], r[PaneAlerts] = Rect{0, 1, w, gh}, Rect{0, 1 + gh, w, h - 1 - gh}
	}
	return r
}

// View draws the panes in w x h.
func (s *Screen) View(env *screen.Env, w, h int) []string {
	if env.Snap == nil {
		lines := look.Blank(w, h)
		msg := "waiting for the first snapshot ..."
		lines[h/2] = text.Fit(strings.Repeat(" ", max((w-len(msg))/2, 0))+msg, w, "")
		return lines
	}
	r := Layout(w, h)
	box := func(p Pane) []string { return s.PaneBox(env, p, r[p].W, r[p].H) }
	stack := func(ps ...Pane) []string {
		var out []string
		for _, p := range ps {
			out = append(out, box(p)...)
		}
		return out
	}
	switch Arrange(w) {
	case Three:
		right := append(box(PaneAlerts), look.HJoin(box(PaneTargets), stack(PaneTimeline, PaneCost))...)
		return look.HJoin(stack(PaneGroups, PaneMetrics), right)
	case Two:
		bottom := PaneTimeline
		if s.focus == PaneCost {
			bottom = PaneCost // the cost takes the timeline's place while it has the focus
		}
		return look.HJoin(stack(PaneGroups, PaneMetrics), stack(PaneAlerts, PaneTargets, bottom))
	}
	all := []Pane{PaneGroups, PaneAlerts, PaneMetrics, PaneTargets, PaneTimeline, PaneCost}
	if s.focus <= PaneAlerts {
		return append([]string{s.tabBar(env, all, w)}, stack(PaneGroups, PaneAlerts)...)
	}
	return append([]string{s.tabBar(env, all, w)}, box(s.focus)...)
}

// PaneBox draws pane p framed in w x h, as the layout draws it.
func (s *Screen) PaneBox(env *screen.Env, p Pane, w, h int) []string {
	d := panes[p]
	title := d.title(s, env) + env.StaleMark(d.classes...)
	return env.Box(title, s.focus == p, w, h, d.body(s, env, w-2, h-2))
}

// tabBar names the panes of the narrow layout, the ones shown in
// brackets: groups and alerts share the first view.
func (s *Screen) tabBar(env *screen.Env, ps []Pane, w int) string {
	l := env.NewLine(w)
	for _, p := range ps {
		name := panes[p].name
		if n := env.UnackedCount(); p == PaneAlerts && n > 0 {
			name += fmt.Sprintf(" %d", n)
		}
		if p == s.focus || s.focus <= PaneAlerts && p <= PaneAlerts {
			l.Add(env.St.TabActive, "["+name+"]")
		} else {
			l.Add(env.St.TabIdle, " "+name+" ")
		}
		l.Add(env.St.Base, " ")
	}
	return l.String()
}
