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
	Tabs  Arrangement = iota // < 100 columns: one pane at a time, tabs on top
	Two                      // 100-159: groups and alerts left, a tabbed pane right
	Three                    // >= 160: everything at once
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
// function the view and the tests size panes by. Tabbed panes share one
// rectangle, below their tab bar.
func Layout(w, h int) [paneCount]Rect {
	var r [paneCount]Rect
	switch Arrange(w) {
	case Three:
		w1 := w * 48 / 100
		w2 := (w - w1) / 2
		w3 := w - w1 - w2
		gh, mh, th := h*62/100, h*55/100, h*58/100
		r[PaneGroups], r[PaneAlerts] = Rect{0, 0, w1, gh}, Rect{0, gh, w1, h - gh}
		r[PaneMetrics], r[PaneTargets] = Rect{w1, 0, w2, mh}, Rect{w1, mh, w2, h - mh}
		r[PaneTimeline], r[PaneCost] = Rect{w1 + w2, 0, w3, th}, Rect{w1 + w2, th, w3, h - th}
	case Two:
		w1 := w * 57 / 100
		gh := h * 65 / 100
		r[PaneGroups], r[PaneAlerts] = Rect{0, 0, w1, gh}, Rect{0, gh, w1, h - gh}
		for _, p := range []Pane{PaneMetrics, PaneTargets, PaneTimeline, PaneCost} {
			r[p] = Rect{w1, 1, w - w1, h - 1}
		}
	default:
		for p := range paneCount {
			r[p] = Rect{0, 1, w, h - 1}
		}
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
	switch Arrange(w) {
	case Three:
		return look.HJoin(append(box(PaneGroups), box(PaneAlerts)...),
			append(box(PaneMetrics), box(PaneTargets)...),
			append(box(PaneTimeline), box(PaneCost)...))
	case Two:
		right := s.rightTab()
		tabs := s.tabBar(env, []Pane{PaneMetrics, PaneTargets, PaneTimeline, PaneCost}, right, r[right].W)
		return look.HJoin(append(box(PaneGroups), box(PaneAlerts)...), append([]string{tabs}, box(right)...))
	}
	all := []Pane{PaneGroups, PaneAlerts, PaneMetrics, PaneTargets, PaneTimeline, PaneCost}
	return append([]string{s.tabBar(env, all, s.focus, w)}, box(s.focus)...)
}

// PaneBox draws pane p framed in w x h, as the layout draws it.
func (s *Screen) PaneBox(env *screen.Env, p Pane, w, h int) []string {
	d := panes[p]
	title := d.title(s, env) + env.StaleMark(d.classes...)
	return env.Box(title, s.focus == p, w, h, d.body(s, env, w-2, h-2))
}

// rightTab is the pane shown on the right in the two-column layout: the
// focused one if it lives there, else the last one shown.
func (s *Screen) rightTab() Pane {
	if s.focus >= PaneMetrics {
		return s.focus
	}
	return s.lastRight
}

func (s *Screen) tabBar(env *screen.Env, ps []Pane, active Pane, w int) string {
	l := env.NewLine(w)
	for _, p := range ps {
		name := panes[p].name
		if n := env.UnackedCount(); p == PaneAlerts && n > 0 {
			name += fmt.Sprintf(" %d", n)
		}
		if p == active {
			l.Add(env.St.TabActive, "["+name+"]")
		} else {
			l.Add(env.St.TabIdle, " "+name+" ")
		}
		l.Add(env.St.Base, " ")
	}
	return l.String()
}
