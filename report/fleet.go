package report

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model/insight"
)

// Fleet renders `hoist report` as Markdown.
func Fleet(r insight.FleetReport, o Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Fleet report, %s\n\n%s\n\n", o.windowLine(r.Window), o.source(r.Source, r.Generated))
	summary(&b, r)
	tiers(&b, r, o)
	groups(&b, r, o)
	for _, g := range r.Groups {
		groupDetail(&b, g, r.Window, o)
	}
	recommendations(&b, r.Recommendations, o)
	cleanup(&b, r.Cleanup, o)
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// Recommendations renders `hoist recommend`: the recommendations and the
// cleanup findings, with one line of what they add up to.
func Recommendations(r insight.FleetReport, o Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Recommendations from %s\n\n%s\n\n", o.windowLine(r.Window), o.source(r.Source, r.Generated))
	t := r.Total
	fmt.Fprintf(&b, "Together they save %s a month, %s of the %s the fleet costs a month at this rate.",
		money(t.Saving), pct(t.SavingShare), money(t.PerMonth))
	if t.HeldBack > 0 {
		fmt.Fprintf(&b, " %s held back by the guard rails.", plural(t.HeldBack, "recommendation"))
	}
	b.WriteString("\n\n")
	recommendations(&b, r.Recommendations, o)
	cleanup(&b, r.Cleanup, o)
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func summary(b *strings.Builder, r insight.FleetReport) {
	t := r.Total
	a := t.Availability
	recs := fmt.Sprintf("%d, saving %s a month (%s of the cost)", len(r.Recommendations)-t.HeldBack, money(t.Saving), pct(t.SavingShare))
	if t.HeldBack > 0 {
		recs += fmt.Sprintf("; %d held back by the guard rails", t.HeldBack)
	}
	table(b, []string{"", ""}, "ll", [][]string{
		{"cost", fmt.Sprintf("%s in the window, %s a month at this rate", money(t.Cost), money(t.PerMonth))},
		{"idle capacity", pct(t.Idle) + " of instance-hours above what the load needed at each group's target"},
		{"availability", fmt.Sprintf("%s; %s while scaling, %s otherwise", served(a.All), served(a.During), served(a.Outside))},
		{"scale-outs", fmt.Sprintf("%d; %d over 2 minutes", t.ScaleOuts, t.OverLimit)},
		{"recommendations", recs},
	})
}

func tiers(b *strings.Builder, r insight.FleetReport, o Options) {
	b.WriteString("## Utilisation and cost by tier\n\n")
	var rows [][]string
	for _, t := range r.Tiers {
		rows = append(rows, []string{o.cell(t.Tier), number(t.Instances), dist(t.CPU), dist(t.Memory),
			number(t.InstanceHours), money(t.Cost), money(t.PerMonth), pct(t.Idle)})
	}
	table(b, []string{"tier", "instances", "CPU p50 / p95 / max", "memory p50 / p95 / max", "instance-hours", "cost", "a month", "idle"}, "lrrrrrrr", rows)
}

func groups(b *strings.Builder, r insight.FleetReport, o Options) {
	b.WriteString("## Groups\n\n")
	var rows [][]string
	for _, g := range r.Groups {
		u := g.Utilisation
		s := g.Scaling
		median, worst := "–", "–"
		if s.Complete > 0 {
			median, worst = dur(s.Median), dur(s.Worst)
		}
		rows = append(rows, []string{o.cell(u.Group), o.cell(u.Tier), number(u.Instances), dist(u.CPU), pct(u.Idle), money(u.PerMonth),
			served(g.Availability.All), served(g.Availability.During),
			latency(g.Latency.Outside) + " / " + latency(g.Latency.During),
			fmt.Sprint(s.Count), median, worst, zones(g.Distribution)})
	}
	table(b, []string{"group", "tier", "instances", "CPU p50 / p95 / max", "idle", "a month", "availability", "while scaling",
		"p99 typical / scaling", "scale-outs", "median", "worst", "per zone"}, "llrrrrrrrrrrl", rows)
}

func zones(d insight.Distribution) string {
	var n []string
	for _, z := range d.Zones {
		n = append(n, fmt.Sprint(z.Instances))
	}
	s := strings.Join(n, "/")
	if !d.Even {
		s += " uneven"
	}
	return s
}

func groupDetail(b *strings.Builder, g insight.GroupReport, w insight.Window, o Options) {
	u := g.Utilisation
	fmt.Fprintf(b, "### %s (%s)\n\n", o.clean(u.Group), o.clean(u.Tier))
	ref := ""
	if r := u.Reference; r != nil {
		ref = fmt.Sprintf("judged at %s %s", number(r.Target), r.Metric)
		if r.Metric != insight.RefRequests {
			ref = fmt.Sprintf("judged at %s%% %s", number(r.Target), r.Metric)
		}
		if r.Policy != "" {
			ref += ", the target of policy " + o.code(r.Policy)
		} else {
			ref += " (hoist's default: no target-tracking policy)"
		}
	}
	fmt.Fprintf(b, "%s instances on average, %s idle %s; %s in the window.\n\n", number(u.Instances), pct(u.Idle), ref, money(u.Cost))
	b.WriteString("```\n")
	b.WriteString(o.spark("capacity", g.Series.Instances, w, "", true) + "\n")
	b.WriteString(o.spark("CPU", g.Series.CPU, w, "%", false) + "\n")
	if len(g.Series.Memory) > 0 {
		b.WriteString(o.spark("memory", g.Series.Memory, w, "%", false) + "\n")
	}
	if len(g.Series.P99) > 0 {
		b.WriteString(o.spark("p99", g.Series.P99, w, " ms", false) + "\n")
	}
	b.WriteString(o.axisLine(w) + "\n```\n\n")
	if s := g.Scaling; s.Count > 0 {
		fmt.Fprintf(b, "%s, median %s, worst %s; %d over 2 minutes.\n\n", plural(s.Count, "scale-out"), dur(s.Median), dur(s.Worst), s.OverLimit)
		for _, r := range s.Slow {
			b.WriteString("- " + o.code(r.Line(o.loc())) + "\n")
		}
		if len(s.Slow) > 0 {
			b.WriteByte('\n')
		}
	}
}

func recommendations(b *strings.Builder, rs []insight.Recommendation, o Options) {
	b.WriteString("## Recommendations\n\n")
	if len(rs) == 0 {
		b.WriteString("None: no group showed waste its metrics could prove.\n\n")
		return
	}
	for i, r := range rs {
		head := fmt.Sprintf("### %d. %s", i+1, o.clean(r.Title))
		switch {
		case r.SavingPerMonth > 0:
			head += fmt.Sprintf(": saves %s a month", money(r.SavingPerMonth))
		case r.Benefit != "":
			head += ": for speed, not cost"
		}
		b.WriteString(head + "\n\n")
		if r.HeldBack != "" {
			fmt.Fprintf(b, "**Held back:** %s.\n\n", o.clean(r.HeldBack))
		}
		for _, e := range r.Evidence {
			fmt.Fprintf(b, "- %s: %s\n", o.clean(e.Metric), o.clean(e.Finding))
		}
		if r.Benefit != "" {
			fmt.Fprintf(b, "- benefit: %s\n", o.clean(r.Benefit))
		}
		fmt.Fprintf(b, "- risk: %s\n\n```\n", o.clean(r.Risk))
		for _, c := range r.Changes {
			b.WriteString(o.clean(c.String()) + "\n")
		}
		b.WriteString("```\n\n")
	}
}

func cleanup(b *strings.Builder, fs []insight.Finding, o Options) {
	b.WriteString("## Cleanup\n\nReported only: nothing is deleted without a plan.\n\n")
	if len(fs) == 0 {
		b.WriteString("Nothing unused found.\n")
		return
	}
	var rows [][]string
	for _, f := range fs {
		saving := "–"
		if f.SavingPerMonth > 0 {
			saving = money(f.SavingPerMonth)
		}
		rows = append(rows, []string{f.Kind, o.cell(f.Resource), o.cell(f.Evidence), saving, o.code(f.Change.String())})
	}
	table(b, []string{"finding", "resource", "evidence", "a month", "change"}, "lllrl", rows)
}
