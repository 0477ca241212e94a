package overview

import (
	"fmt"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/chart"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// The selected group's charts, right under the groups list: what its
// scaling answers to (the metric its target-tracking policy tracks, with
// the target as a line) and whether capacity keeps up (desired and in
// service inside the min..max band). Each has a line above it with the
// values now, a time axis, and the pane's whole width.

// tracked is the series the group's scaling answers to, and its target.
type tracked struct {
	label  string
	metric model.Metric
	unit   string
	pct    bool
	target *model.TargetTracking // nil: no target drawn, why says why
	why    string
}

// trackedOf is the target-tracking policy's metric when the console has
// its series (CPU, or requests per target), else CPU without a target.
func trackedOf(env *screen.Env, g *model.Group) tracked {
	t := tracked{label: "CPU", metric: model.MetricCPU, unit: "%", pct: true, why: "no target-tracking policy on it"}
	p, ok := g.TargetTracking()
	if !ok {
		return t
	}
	switch p.Target.Metric {
	case "ASGAverageCPUUtilization":
		t.target, t.why = p.Target, ""
	case "ALBRequestCountPerTarget":
		k := model.SeriesKey{Group: g.Name, Metric: model.MetricRequests}
		if _, ok := env.Snap.Series[k]; ok {
			t = tracked{label: "requests/target", metric: model.MetricRequests, target: p.Target}
		} else {
			t.why = "its policy tracks requests per target, not read yet"
		}
	default:
		t.why = "its policy tracks " + text.Printable(p.Target.Metric)
	}
	return t
}

// chartRows shares h rows between the tracked chart and the capacity
// chart, a label line above each: the charts come before the metric rows,
// up to 12 and 9 rows. Short of 16 rows there is only the tracked chart,
// its label above and the capacity's below.
func chartRows(h int) (top, capacity int) {
	switch {
	case h >= 16:
		top = min((h-1)*55/100, 12)
		return top, min(h-2-top, 9)
	case h >= 7:
		return h - 2, 0
	}
	return 0, 0
}

// chartLines are the charts in h rows (chartRows says how many).
func (s *Screen) chartLines(env *screen.Env, g *model.Group, w, h int) []string {
	top, capH := chartRows(h)
	t := trackedOf(env, g)
	out := []string{s.trackedLabel(env, g, t, w)}
	out = append(out, s.trackedChart(env, g, t, w, top)...)
	out = append(out, capacityLabel(env, g, w))
	if capH > 0 {
		out = append(out, s.capacityChart(env, g, w, capH)...)
	}
	return out
}

func (s *Screen) spec(env *screen.Env) chart.Spec {
	end := s.windowEnd(env)
	return chart.Spec{From: end.Add(-s.Range()), To: end, Location: env.Loc, ASCII: env.ASCII,
		Inks: env.St.Chart, Sanitize: text.Printable}
}

// trackedChart is the tracked metric over the range shown, its target a
// line, and the console's own actions on the group marked ("you acted
// here"). Every time on it is on the server's clock, the console's own
// actions' too (Data.ServerTime).
func (s *Screen) trackedChart(env *screen.Env, g *model.Group, t tracked, w, h int) []string {
	spec := s.spec(env)
	spec.Series = []chart.Series{{Points: env.Snap.Series[model.SeriesKey{Group: g.Name, Metric: t.metric}]}}
	spec.Unit = t.unit
	if t.pct {
		spec.Scale = chart.Scale{Fixed: true, Min: 0, Max: 100}
	}
	if t.target != nil {
		spec.Target = &chart.Target{Value: t.target.Value, Label: "target " + screen.FormatTarget(t.target)}
	}
	for _, e := range env.Local {
		if e.Group == g.Name && (e.Region == "" || e.Region == env.Region) {
			spec.Annotations = append(spec.Annotations, chart.Annotation{T: e.T, Label: "you acted here"})
		}
	}
	return chart.Render(spec, w, h)
}

// capacityChart is desired and in service, stepped, inside the min..max
// band, as CloudWatch has them minute by minute; the label above says the
// values of the last describe. The lines end at their last minute rather
// than at now: drawn to now they grew a dot every half minute, the one
// change an idle screen made. Where CloudWatch has no group metrics
// (collection is off) the band is the limits now, and there are no lines.
func (s *Screen) capacityChart(env *screen.Env, g *model.Group, w, h int) []string {
	spec := s.spec(env)
	series := func(m model.Metric) []model.Point {
		return env.Snap.Series[model.SeriesKey{Group: g.Name, Metric: m}]
	}
	limit := func(m model.Metric, now int) []model.Point {
		if pts := series(m); len(pts) > 0 {
			return pts
		}
		return []model.Point{{T: spec.From, V: float64(now)}}
	}
	spec.Series = []chart.Series{
		{Points: series(model.MetricDesired), Step: true},
		{Points: series(model.MetricInService), Step: true, Alt: true},
	}
	spec.Band = chart.Band{Lo: limit(model.MetricMinSize, g.Min), Hi: limit(model.MetricMaxSize, g.Max)}
	return chart.Render(spec, w, h)
}

// trackedLabel is "CPU 71% · target 60%" above the tracked chart.
func (s *Screen) trackedLabel(env *screen.Env, g *model.Group, t tracked, w int) string {
	st := &env.St
	l := env.NewLine(w)
	l.Add(st.Emph, t.label+" ")
	v, ok := model.Last(env.Snap.Series[model.SeriesKey{Group: g.Name, Metric: t.metric}])
	val := "no data"
	ink := st.Subtle
	if ok {
		val, ink = screen.Compact(v)+t.unit, st.Base
		if t.target != nil && v > t.target.Value {
			ink = st.Warn
		}
	}
	l.Add(ink, val)
	if t.target != nil {
		l.Add(st.Muted, " · target ").Add(st.Target, screen.FormatTarget(t.target))
	} else {
		l.Add(st.Subtle, " · "+t.why)
	}
	return l.String()
}

// capacityLabel is "capacity desired 12 · in service 10 · 2 pending · min
// 4 max 24": the group's values now, from its last describe.
func capacityLabel(env *screen.Env, g *model.Group, w int) string {
	st := &env.St
	c := g.Counts()
	l := env.NewLine(w)
	l.Add(st.Emph, "capacity ").Add(st.Muted, "desired ").Add(st.Base, fmt.Sprint(g.Desired))
	ink := st.Base
	if c.InService < g.Desired {
		ink = st.Warn
	}
	l.Add(st.Muted, " · in service ").Add(ink, fmt.Sprint(c.InService))
	if c.Pending > 0 {
		l.Add(st.Muted, " · ").Add(st.Info, fmt.Sprintf("%d pending", c.Pending))
	}
	capInk := st.Base
	if g.AtMax() {
		capInk = st.Warn
	}
	return l.Add(st.Muted, " · min ").Add(capInk, fmt.Sprint(g.Min)).Add(st.Muted, " max ").Add(capInk, fmt.Sprint(g.Max)).String()
}
