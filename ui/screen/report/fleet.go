package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	md "github.com/solemate/hoist/report"
	"github.com/solemate/hoist/ui/chart"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// fleetDoc lays out `hoist report`: the summary, each group's scaling
// response (those over 2 minutes flagged with their slowest step),
// availability and p99 while scaling against outside it, utilisation and
// cost by tier and by group with the spread over zones, each group's
// charts, the recommendations and the cleanup.
func fleetDoc(env *screen.Env, d *screen.Doc, r *insight.FleetReport) {
	st := &env.St
	fleetSummary(env, d, r)
	scalingResponse(env, d, r)
	availability(env, d, r)
	d.Section("UTILISATION AND COST BY TIER")
	var rows [][]screen.Cell
	for _, t := range r.Tiers {
		rows = append(rows, []screen.Cell{{Ink: st.Emph, Text: t.Tier}, num(st, t.Instances), {Ink: st.Base, Text: md.Dist(t.CPU)},
			{Ink: st.Base, Text: md.Dist(t.Memory)}, num(st, t.InstanceHours), {Ink: st.Base, Text: md.Money(t.Cost)},
			{Ink: st.Base, Text: md.Money(t.PerMonth)}, idle(env, t.Idle)})
	}
	d.Table([]screen.Column{{Head: "TIER", Flex: true}, {Head: "INST", Right: true}, {Head: "CPU p50/p95/max", Right: true},
		{Head: "MEM p50/p95/max", Right: true, Optional: true}, {Head: "INST-H", Right: true, Optional: true}, {Head: "COST", Right: true},
		{Head: "A MONTH", Right: true}, {Head: "IDLE", Right: true}}, rows)
	groupsTable(env, d, r)
	groupCharts(env, d, r)
	d.Section("RECOMMENDATIONS")
	if len(r.Recommendations) == 0 {
		d.Text(st.Muted, "None: no group showed waste its metrics could prove.")
	}
	for i, x := range r.Recommendations {
		if i > 0 {
			d.Blank()
		}
		d.Recommendation(i+1, x)
	}
	d.Section("CLEANUP")
	d.Cleanup(r.Cleanup)
}

func num(st *look.Styles, v float64) screen.Cell {
	return screen.Cell{Ink: st.Base, Text: md.Number(v)}
}

// idle is the share of paid capacity that was idle, warned from a fifth.
func idle(env *screen.Env, share float64) screen.Cell {
	ink := env.St.Base
	if share >= 0.2 {
		ink = env.St.Warn
	}
	return screen.Cell{Ink: ink, Text: insight.Percent(share)}
}

func fleetSummary(env *screen.Env, d *screen.Doc, r *insight.FleetReport) {
	st := &env.St
	t, a := r.Total, r.Total.Availability
	d.Section("SUMMARY")
	const kw = 15
	d.Pair("source", kw, st.Muted, source(r.Source)+" · generated "+env.Clock(r.Generated))
	d.Pair("cost", kw, st.Base, fmt.Sprintf("%s in the window, %s a month at this rate", md.Money(t.Cost), md.Money(t.PerMonth)))
	d.Pair("idle capacity", kw, idle(env, t.Idle).Ink, insight.Percent(t.Idle)+" of instance-hours above what the load needed at each group's target")
	availInk := st.OK
	if a.All.Known && a.All.Requests > 0 && a.All.Share < insight.DefaultGuard().Availability {
		availInk = st.Err
	}
	d.Pair("availability", kw, availInk, fmt.Sprintf("%s; %s while scaling, %s otherwise", md.Served(a.All), md.Served(a.During), md.Served(a.Outside)))
	outInk := st.Base
	if t.OverLimit > 0 {
		outInk = st.Warn
	}
	d.Pair("scale-outs", kw, outInk, fmt.Sprintf("%d; %d over 2 minutes", t.ScaleOuts, t.OverLimit))
	recs := fmt.Sprintf("%d, saving %s a month (%s of the cost)", len(r.Recommendations)-t.HeldBack, md.Money(t.Saving), insight.Percent(t.SavingShare))
	if t.HeldBack > 0 {
		recs += fmt.Sprintf("; %d held back by the guard rails", t.HeldBack)
	}
	d.Pair("recommendations", kw, st.Base, recs+"; "+env.Keys.KeyOf("insights")+" opens them to apply")
}

func source(s insight.Source) string {
	where := strings.TrimSpace(s.Account + " " + s.Region)
	if s.Simulator {
		where = "SIMULATOR " + where
	}
	return where
}

// scalingResponse is each group's scale-outs over the window: how many,
// median and worst, how many over 2 minutes, and those lines in full.
func scalingResponse(env *screen.Env, d *screen.Doc, r *insight.FleetReport) {
	st := &env.St
	d.Section("SCALING RESPONSE")
	var rows [][]screen.Cell
	var slow []insight.Response
	for _, g := range r.Groups {
		s := g.Scaling
		if s.Count == 0 {
			continue
		}
		median, worst := "–", "–"
		if s.Complete > 0 {
			median, worst = md.Duration(s.Median), md.Duration(s.Worst)
		}
		over := screen.Cell{Ink: st.OK, Text: "0"}
		if s.OverLimit > 0 {
			over = screen.Cell{Ink: st.Warn, Text: fmt.Sprint(s.OverLimit)}
		}
		rows = append(rows, []screen.Cell{{Ink: st.Emph, Text: g.Utilisation.Group}, {Ink: st.Base, Text: fmt.Sprint(s.Count)},
			{Ink: st.Base, Text: median}, {Ink: st.Base, Text: worst}, over})
		slow = append(slow, s.Slow...)
	}
	if len(rows) == 0 {
		d.Text(st.Muted, "No scale-out in the window.")
		return
	}
	d.Table([]screen.Column{{Head: "GROUP", Flex: true}, {Head: "SCALE-OUTS", Right: true}, {Head: "MEDIAN", Right: true},
		{Head: "WORST", Right: true}, {Head: "OVER 2M", Right: true}}, rows)
	if len(slow) > 0 {
		d.Blank()
		d.Text(st.Muted, "Over 2 minutes, with the step that took longest:")
	}
	for _, x := range slow {
		d.Indented(st.Warn, "! ", x.Group+": "+env.Arrows(x.Line(env.Loc)))
	}
}

// availability is each group's share of requests answered without a 5xx
// and its p99, while scaling against outside it.
func availability(env *screen.Env, d *screen.Doc, r *insight.FleetReport) {
	st := &env.St
	d.Section("AVAILABILITY AND PERFORMANCE DURING SCALING")
	var rows [][]screen.Cell
	for _, g := range r.Groups {
		a, l := g.Availability, g.Latency
		if !a.All.Known && l.All.Periods == 0 {
			continue
		}
		ink := st.Base
		if a.During.Known && a.During.Requests > 0 && a.During.Share < insight.DefaultGuard().Availability {
			ink = st.Err
		}
		deg := screen.Cell{Ink: st.Base, Text: "–"}
		if x := l.Degradation(); x > 0 {
			deg = screen.Cell{Ink: st.Base, Text: md.Number(x) + "x"}
			if x >= 2 {
				deg.Ink = st.Warn
			}
		}
		rows = append(rows, []screen.Cell{{Ink: st.Emph, Text: g.Utilisation.Group}, {Ink: st.Base, Text: md.Served(a.All)},
			{Ink: ink, Text: md.Served(a.During)}, {Ink: st.Base, Text: md.Served(a.Outside)},
			{Ink: st.Base, Text: md.Latency(l.Outside)}, {Ink: st.Base, Text: md.Latency(l.During)}, deg})
	}
	if len(rows) == 0 {
		d.Text(st.Muted, "No group behind a load balancer: availability and p99 are not measured.")
		return
	}
	d.Table([]screen.Column{{Head: "GROUP", Flex: true}, {Head: "AVAILABLE", Right: true}, {Head: "SCALING", Right: true},
		{Head: "OTHERWISE", Right: true}, {Head: "P99", Right: true}, {Head: "P99 SCALING", Right: true}, {Head: "×", Right: true}}, rows)
}

// groupsTable is each group's utilisation, cost and spread over zones.
func groupsTable(env *screen.Env, d *screen.Doc, r *insight.FleetReport) {
	st := &env.St
	d.Section("GROUPS: UTILISATION, COST AND DISTRIBUTION")
	var rows [][]screen.Cell
	for _, g := range r.Groups {
		u := g.Utilisation
		zones := screen.Cell{Ink: st.Base, Text: md.Zones(g.Distribution)}
		if !g.Distribution.Even {
			zones.Ink = st.Warn
		}
		rows = append(rows, []screen.Cell{{Ink: st.Emph, Text: u.Group}, {Ink: st.Muted, Text: u.Tier}, num(st, u.Instances),
			{Ink: st.Base, Text: md.Dist(u.CPU)}, idle(env, u.Idle), {Ink: st.Base, Text: md.Money(u.PerMonth)}, zones})
	}
	d.Table([]screen.Column{{Head: "GROUP", Flex: true}, {Head: "TIER", Optional: true}, {Head: "INST", Right: true},
		{Head: "CPU p50/p95/max", Right: true}, {Head: "IDLE", Right: true}, {Head: "A MONTH", Right: true}, {Head: "PER ZONE", Flex: true}}, rows)
}

// groupCharts are each group's capacity, CPU, memory and p99 over the
// window, a sparkline each with the range it spans.
func groupCharts(env *screen.Env, d *screen.Doc, r *insight.FleetReport) {
	st := &env.St
	d.Section("CHARTS")
	d.Text(st.Muted, fmt.Sprintf("Each line spans the window, %s at the left to %s at the right.", env.ClockShort(r.Window.From), env.ClockShort(r.Window.To)))
	for _, g := range r.Groups {
		d.Blank()
		d.Text(st.Emph, g.Utilisation.Group+" ("+g.Utilisation.Tier+")")
		sr := g.Series
		d.Add(spark(env, "capacity", sr.Instances, r.Window, "", true, d.W))
		d.Add(spark(env, "CPU", sr.CPU, r.Window, "%", false, d.W))
		if len(sr.Memory) > 0 {
			d.Add(spark(env, "memory", sr.Memory, r.Window, "%", false, d.W))
		}
		if len(sr.P99) > 0 {
			d.Add(spark(env, "p99", sr.P99, r.Window, " ms", false, d.W))
		}
	}
}

// spark is one series as a labelled sparkline in width cells, with the
// range it spans right-aligned after it when there is room.
func spark(env *screen.Env, label string, pts []model.Point, w insight.Window, unit string, step bool, width int) string {
	st := &env.St
	lo, hi, ok := math.Inf(1), math.Inf(-1), false
	for _, p := range pts {
		if w.Contains(p.T) && !math.IsNaN(p.V) && !math.IsInf(p.V, 0) {
			lo, hi, ok = math.Min(lo, p.V), math.Max(hi, p.V), true
		}
	}
	rng := "no data"
	if ok {
		rng = md.Number(lo) + "–" + md.Number(hi) + unit
	}
	const labelW, rngW = 11, 17
	cw, tail := width-labelW-rngW, st.Muted.Render(text.FitRight(env.Plain(rng), rngW, env.G.Ellipsis))
	if cw < 12 {
		cw, tail = width-labelW, ""
	}
	if cw < 1 {
		return env.Styled(st.Muted, "  "+label, width)
	}
	return env.Styled(st.Muted, "  "+label, labelW) + sparkLine(env, pts, w, step, cw) + tail
}

func sparkLine(env *screen.Env, pts []model.Point, w insight.Window, step bool, cw int) string {
	return chart.Render(chart.Spec{From: w.From, To: w.To, Series: []chart.Series{{Points: pts, Step: step}},
		Scale: chart.Scale{Tight: true}, Location: env.Loc, ASCII: env.ASCII, Inks: env.St.Chart, Sanitize: text.Printable}, cw, 1)[0]
}
