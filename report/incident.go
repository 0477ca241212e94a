package report

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model/insight"
	"github.com/solemate/hoist/ui/chart"
)

// chartRows is the height of an incident's charts.
const chartRows = 8

// Incident renders `hoist report incident` as Markdown for a ticket.
func Incident(inc insight.Incident, o Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Incident record, %s\n\n%s\n\n", o.windowLine(inc.Window), o.source(inc.Source, inc.Generated))
	incidentSummary(&b, inc, o)
	b.WriteString("## Timeline\n\n")
	if len(inc.Timeline) == 0 {
		b.WriteString("Nothing was recorded in the window.\n\n")
	} else {
		var rows [][]string
		for _, e := range inc.Timeline {
			what := o.cell(e.Text)
			if e.Kind == insight.EventScaleOut {
				what = o.code(e.Text)
			}
			if e.Status != "" {
				what += " (" + o.cell(e.Status) + ")"
			}
			rows = append(rows, []string{o.clock(e.Time), e.Kind, o.cell(e.Group), what, o.cell(e.Who), o.cell(e.Reason)})
		}
		table(&b, []string{"time", "kind", "group", "what", "who", "reason"}, "llllll", rows)
	}
	for _, g := range inc.Groups {
		incidentGroup(&b, g, inc.Window, o)
	}
	b.WriteString("## Outcome unknown\n\n")
	if len(inc.Unknown) == 0 {
		b.WriteString("None: every action hoist sent has a known outcome.\n")
	} else {
		b.WriteString("Check AWS before acting on these again: hoist sent them and never learnt whether they applied.\n\n")
		var rows [][]string
		for _, u := range inc.Unknown {
			rows = append(rows, []string{o.when(u.Time), o.cell(u.Target), o.cell(u.Change), o.cell(u.Who), o.cell(u.Reason), o.cell(u.Status)})
		}
		table(&b, []string{"sent", "target", "change", "who", "reason", "status"}, "llllll", rows)
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func incidentSummary(b *strings.Builder, inc insight.Incident, o Options) {
	var names []string
	outs, slow := 0, 0
	for _, g := range inc.Groups {
		names = append(names, o.cell(g.Group))
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
	cost := money(inc.Cost) + " in the window"
	if inc.WeekAgo != nil {
		cost += fmt.Sprintf("; %s the same window a week earlier", money(*inc.WeekAgo))
		if *inc.WeekAgo > 0 {
			cost += fmt.Sprintf(" (%+.0f%%)", (inc.Cost / *inc.WeekAgo - 1)*100)
		}
	}
	table(b, []string{"", ""}, "ll", [][]string{
		{"groups involved", involved},
		{"scale-outs", fmt.Sprintf("%d; %d over 2 minutes", outs, slow)},
		{"cost", cost},
		{"outcome unknown", fmt.Sprintf("%d of hoist's actions", len(inc.Unknown))},
	})
}

func incidentGroup(b *strings.Builder, g insight.IncidentGroup, w insight.Window, o Options) {
	fmt.Fprintf(b, "## %s (%s)\n\n", o.clean(g.Group), o.clean(g.Tier))
	a, l := g.Availability, g.Latency
	line := "Behind no load balancer: availability and p99 are not measured"
	if a.All.Known {
		line = fmt.Sprintf("Availability %s, %s while scaling", served(a.All), served(a.During))
	}
	if l.All.Periods > 0 {
		line += fmt.Sprintf(". p99 %s typical, %s while scaling", latency(l.Outside), latency(l.During))
		if d := l.Degradation(); d > 0 {
			line += fmt.Sprintf(" (%s×)", number(d))
		}
	}
	line += ". Cost " + money(g.Cost)
	if g.WeekAgo != nil {
		line += ", a week earlier " + money(*g.WeekAgo)
	}
	b.WriteString(line + ".\n\n")
	var anns []chart.Annotation
	for _, r := range g.Responses {
		anns = append(anns, chart.Annotation{T: r.At, Label: fmt.Sprintf("%d→%d", r.From, r.To)})
	}
	b.WriteString("Capacity (instances; ▼ marks a scale-out):\n\n```\n")
	for _, ln := range chart.Render(chart.Spec{From: w.From, To: w.To,
		Series:      []chart.Series{{Points: g.Series.Instances, Step: true}, {Points: g.Series.Desired, Step: true, Alt: true}},
		Annotations: anns, Location: o.loc(), Sanitize: o.Sanitize}, o.width(), chartRows) {
		b.WriteString(strings.TrimRight(ln, " ") + "\n")
	}
	b.WriteString("```\n\n")
	if len(g.Series.P99) > 0 {
		b.WriteString("p99 response time:\n\n```\n")
		for _, ln := range chart.Render(chart.Spec{From: w.From, To: w.To, Series: []chart.Series{{Points: g.Series.P99}},
			Unit: "ms", Location: o.loc(), Sanitize: o.Sanitize}, o.width(), chartRows) {
			b.WriteString(strings.TrimRight(ln, " ") + "\n")
		}
		b.WriteString("```\n\n")
	}
	for _, r := range g.Responses {
		b.WriteString("- " + o.code(r.Line(o.loc())) + "\n")
	}
	if len(g.Responses) > 0 {
		b.WriteByte('\n')
	}
}
