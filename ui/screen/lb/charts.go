package lb

import (
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/chart"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// The charts of a load balancer (model.LBCharts): requests, target
// response time p50 and p99, 5xx from the targets and from the load
// balancer, rejected connections; active flows and TCP resets for an NLB.
// Each is a title with its series' last values, then the chart.

// chartRows is a chart's height in the detail, below its title.
const chartRows = 6

// chartGrid lays v's charts out in the detail: two a row from 100
// columns, one a row below.
func chartGrid(env *screen.Env, v *model.LBView, rng time.Duration, w int) []string {
	charts := model.LBCharts(v.LB)
	per := 1
	if w >= 100 {
		per = 2
	}
	var out []string
	for i := 0; i < len(charts); i += per {
		n := min(per, len(charts)-i) // a last row of one takes the whole width
		var cols [][]string
		left := w - 2*(n-1)
		for j := range n {
			cw := (w - 2*(n-1)) / n
			if j == n-1 {
				cw = left // the last column takes what division left over
			} else {
				left -= cw
			}
			if j > 0 {
				cols = append(cols, look.Blank(2, chartRows+1))
			}
			cols = append(cols, chartBlock(env, charts[i+j], rng, cw, chartRows))
		}
		out = append(out, look.HJoin(cols...)...)
	}
	return out
}

// chartColumn stacks v's charts in w x h, each as tall as the column
// allows (at most 14 rows).
func chartColumn(env *screen.Env, v *model.LBView, rng time.Duration, w, h int) []string {
	charts := model.LBCharts(v.LB)
	out := []string{heading(env, "CHARTS", w)}
	each := (h - 1) / max(len(charts), 1)
	rows := min(max(each-1, 2), 14)
	for _, c := range charts {
		if len(out)+rows+1 > h {
			break
		}
		out = append(out, chartBlock(env, c, rng, w, rows)...)
	}
	return out
}

// summed reports whether a chart's series are sums over each period
// (requests, errors, resets), which its title says.
func summed(m model.Metric) bool {
	switch m {
	case model.MetricLBRequests, model.MetricLBTarget5xx, model.MetricLBELB5xx, model.MetricLBRejected, model.MetricLBTargetResets, model.MetricLBResets:
		return true
	}
	return false
}

// withUnit is a value with its unit: "120ms", "8.9k req".
func withUnit(v, unit string) string {
	switch unit {
	case "":
		return v
	case "ms", "s", "%":
		return v + unit
	}
	return v + " " + unit
}

// chartBlock is one chart in w cells: its title and series' last values
// on a line, then h rows of chart over the range ending now.
func chartBlock(env *screen.Env, c model.LBChart, rng time.Duration, w, h int) []string {
	st := &env.St
	now := env.ServerNow()
	inks := st.Chart
	spec := chart.Spec{From: now.Add(-rng), To: now, Unit: c.Unit, Location: env.Loc, ASCII: env.ASCII, Inks: inks, Sanitize: text.Printable}
	series := make([][]model.Point, len(c.Series))
	for i, sr := range c.Series {
		series[i] = model.Since(env.Snap.Series[sr.Key], spec.From)
	}
	if c.Unit == "ms" {
		series, spec.Unit = screen.Millis(series)
	}
	title := env.NewLine(w).Add(st.Emph, c.Title)
	if len(c.Series) > 0 && summed(c.Series[0].Key.Metric) {
		title.Add(st.Muted, " per "+screen.RangeName(model.PeriodFor(rng)))
	}
	for i, sr := range c.Series {
		pts := series[i]
		spec.Series = append(spec.Series, chart.Series{Points: pts, Alt: i > 0})
		ink := st.Spark
		if i > 0 {
			ink = st.Info
		}
		title.Add(st.Base, "  ")
		if len(c.Series) > 1 {
			title.Add(ink, sr.Label+" ")
		}
		if v, ok := model.Last(pts); ok {
			title.Add(st.Base, withUnit(screen.Compact(v), spec.Unit))
		} else {
			title.Add(st.Subtle, "no data")
		}
	}
	return append([]string{title.String()}, chart.Render(spec, w, h)...)
}
