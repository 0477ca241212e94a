package report

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	md "github.com/solemate/hoist/report"
	"github.com/solemate/hoist/ui/chart"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// chartRows is the height of an incident's charts.
const chartRows = 6

// incidentDoc lays out `hoist report incident`: the summary, the merged
// timeline, each group involved with its capacity and p99 charts and its
// scale-outs, the cost against a week earlier, and the actions whose
// outcome is unknown.
func incidentDoc(env *screen.Env, d *screen.Doc, inc *insight.Incident) {
	incidentSummary(env, d, inc)
	timeline(env, d, inc)
	for _, g := range inc.Groups {
		incidentGroup(env, d, g, inc.Window)
	}
	incidentCost(env, d, inc)
	unknown(env, d, inc)
}

func incidentSummary(env *screen.Env, d *screen.Doc, inc *insight.Incident) {
	st := &env.St
	d.Section("SUMMARY")
	var names []string
	outs, slow := 0, 0
	for _, g := range inc.Groups {
		names = append(names, g.Group)
		for _, r := range g.Responses {
			outs++
			if r.Slow(inc.Window.To) {
				slow++
			}
		}
	}
	involved := "none"
	if len(names) > 0 {
		involved = strings.Join(names, ", ")
	}
	const kw = 16
	d.Pair("source", kw, st.Muted, source(inc.Source)+" · generated "+env.Clock(inc.Generated))
	d.Pair("groups involved", kw, st.Emph, involved)
	ink := st.Base
	if slow > 0 {
		ink = st.Warn
	}
	d.Pair("scale-outs", kw, ink, fmt.Sprintf("%d; %d over 2 minutes", outs, slow))
	d.Pair("cost", kw, st.Base, costAgainst(inc.Cost, inc.WeekAgo))
	ink = st.OK
	if len(inc.Unknown) > 0 {
		ink = st.Err
	}
	d.Pair("outcome unknown", kw, ink, fmt.Sprintf("%d of hoist's actions", len(inc.Unknown)))
}

// costAgainst is a window's cost and, when known, the same window's a
// week earlier and the change.
func costAgainst(cost float64, ago *float64) string {
	s := md.Money(cost) + " in the window"
	if ago != nil {
		s += "; " + md.Money(*ago) + " the same window a week earlier"
		if *ago > 0 {
			s += fmt.Sprintf(" (%+.0f%%)", (cost / *ago - 1)*100)
		}
	}
	return s
}

// timeline is the merged timeline, a line an event: its time and kind,
// then the group, what happened, and who sent it and why.
func timeline(env *screen.Env, d *screen.Doc, inc *insight.Incident) {
	st := &env.St
	d.Section("TIMELINE")
	if len(inc.Timeline) == 0 {
		d.Text(st.Muted, "Nothing was recorded in the window.")
		return
	}
	for _, e := range inc.Timeline {
		what := e.Text
		if e.Group != "" && !strings.Contains(what, e.Group) {
			what = e.Group + ": " + what
		}
		if e.Status != "" {
			what += " (" + e.Status + ")"
		}
		if e.Who != "" {
			what += "; by " + e.Who
		}
		if e.Reason != "" {
			what += ": " + e.Reason
		}
		lead := e.Time.In(env.Loc).Format("15:04:05") + "  " + text.Fit(e.Kind, 9, "") + " "
		d.Indented(eventInk(env, e), lead, env.Arrows(what))
	}
}

func eventInk(env *screen.Env, e insight.Event) look.Ink {
	st := &env.St
	switch {
	case e.Status == "unknown" || strings.Contains(e.Status, "unknown"):
		return st.Err
	case e.Kind == insight.EventAlarm && strings.Contains(e.Text, "→ ALARM"):
		return st.Warn
	case e.Kind == insight.EventScaleOut && strings.Contains(e.Text, "over 2m"):
		return st.Warn
	case e.Kind == insight.EventAction:
		return st.Info
	}
	return st.Base
}

// incidentGroup is one group involved: availability and p99 while it
// scaled, its cost, its capacity and p99 charts, its scale-outs.
func incidentGroup(env *screen.Env, d *screen.Doc, g insight.IncidentGroup, w insight.Window) {
	st := &env.St
	d.Section(g.Group + " (" + g.Tier + ")")
	a, l := g.Availability, g.Latency
	line := "Behind no load balancer: availability and p99 are not measured"
	if a.All.Known {
		line = fmt.Sprintf("Availability %s, %s while scaling", md.Served(a.All), md.Served(a.During))
	}
	if l.All.Periods > 0 {
		line += fmt.Sprintf(". p99 %s typical, %s while scaling", md.Latency(l.Outside), md.Latency(l.During))
		if x := l.Degradation(); x > 0 {
			line += fmt.Sprintf(" (%sx)", md.Number(x))
		}
	}
	d.Text(st.Base, line+". Cost "+costAgainst(g.Cost, g.WeekAgo)+".")
	var anns []chart.Annotation
	for _, r := range g.Responses {
		anns = append(anns, chart.Annotation{T: r.At, Label: fmt.Sprintf("%d%s%d", r.From, env.G.Arrow, r.To)})
	}
	spec := chart.Spec{From: w.From, To: w.To, Location: env.Loc, ASCII: env.ASCII, Inks: st.Chart, Sanitize: text.Printable}
	d.Text(st.Muted, "capacity (in service, desired dotted; "+env.G.Down+" a scale-out)")
	c := spec
	c.Series = []chart.Series{{Points: g.Series.Instances, Step: true}, {Points: g.Series.Desired, Step: true, Alt: true}}
	c.Annotations = anns
	d.Add(chart.Render(c, d.W, chartRows)...)
	if len(g.Series.P99) > 0 {
		d.Text(st.Muted, "p99 response time")
		c = spec
		ms, unit := screen.Millis([][]model.Point{g.Series.P99})
		c.Series, c.Unit = []chart.Series{{Points: ms[0]}}, unit
		d.Add(chart.Render(c, d.W, chartRows)...)
	}
	for _, r := range g.Responses {
		ink := st.Base
		if r.Slow(w.To) {
			ink = st.Warn
		}
		d.Indented(ink, "- ", env.Arrows(r.Line(env.Loc)))
	}
}

func incidentCost(env *screen.Env, d *screen.Doc, inc *insight.Incident) {
	st := &env.St
	d.Section("COST AGAINST A WEEK EARLIER")
	var rows [][]screen.Cell
	for _, g := range inc.Groups {
		ago, change := "–", "–"
		if g.WeekAgo != nil {
			ago = md.Money(*g.WeekAgo)
			if *g.WeekAgo > 0 {
				change = fmt.Sprintf("%+.0f%%", (g.Cost / *g.WeekAgo - 1)*100)
			}
		}
		rows = append(rows, []screen.Cell{{Ink: st.Emph, Text: g.Group}, {Ink: st.Base, Text: md.Money(g.Cost)}, {Ink: st.Base, Text: ago}, {Ink: st.Base, Text: change}})
	}
	d.Table([]screen.Column{{Head: "GROUP", Flex: true}, {Head: "WINDOW", Right: true}, {Head: "WEEK EARLIER", Right: true}, {Head: "CHANGE", Right: true}}, rows)
	d.Text(st.Muted, "the fleet: "+costAgainst(inc.Cost, inc.WeekAgo))
}

func unknown(env *screen.Env, d *screen.Doc, inc *insight.Incident) {
	st := &env.St
	d.Section("OUTCOME UNKNOWN")
	if len(inc.Unknown) == 0 {
		d.Text(st.OK, "None: every action hoist sent has a known outcome.")
		return
	}
	d.Text(st.Err, "Check AWS before acting on these again: hoist sent them and never learnt whether they applied.")
	for _, u := range inc.Unknown {
		s := fmt.Sprintf("%s: %s (%s)", u.Target, u.Change, u.Status)
		if u.Who != "" {
			s += "; by " + u.Who
		}
		if u.Reason != "" {
			s += ": " + u.Reason
		}
		d.Indented(st.Err, env.Clock(u.Time)+"  ", env.Arrows(s))
	}
}
