package overview

import (
	"fmt"
	"math"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// windowEnd is where the time window of the overview's charts and
// sparklines ends: the server's now, rounded up to a twelfth of the range
// (five minutes of the hour). An idle console's charts then move once a
// step, not with every snapshot (each move redraws a chart and its time
// axis: most of an idle console's bytes); the newest data fills the last
// step as it comes.
func (s *Screen) windowEnd(env *screen.Env) time.Time {
	step := s.Range() / 12
	return env.ServerNow().Truncate(step).Add(step)
}

// series returns the points of one series within the range shown.
func (s *Screen) series(env *screen.Env, group string, metric model.Metric) []model.Point {
	if env.Snap == nil {
		return nil
	}
	pts := env.Snap.Series[model.SeriesKey{Group: group, Metric: metric}]
	return model.Since(pts, s.windowEnd(env).Add(-s.Range()))
}

func cpuNow(env *screen.Env, group string) (float64, bool) {
	if env.Snap == nil {
		return 0, false
	}
	return model.Last(env.Snap.Series[model.SeriesKey{Group: group, Metric: model.MetricCPU}])
}

// sparkline draws pts over the range shown into n cells, one bucket of
// time per cell; cells above target are drawn in the over-target style so
// the policy target is visible in the line itself.
func (s *Screen) sparkline(env *screen.Env, l *look.Line, pts []model.Point, n int, lo, hi, target float64, hasTarget bool) {
	if n <= 0 {
		return
	}
	cells := s.sparkCells(env, pts, n)
	if hi <= lo {
		hi = lo + 1
	}
	glyphs := env.G.Spark
	var run []byte
	var runOver bool
	flush := func() {
		if len(run) == 0 {
			return
		}
		ink := env.St.Spark
		if runOver {
			ink = env.St.SparkOver
		}
		l.Add(ink, string(run))
		run = run[:0]
	}
	for _, v := range cells {
		g := " "
		over := false
		if !math.IsNaN(v) {
			f := (v - lo) / (hi - lo)
			i := int(math.Round(f * float64(len(glyphs)-1)))
			g = glyphs[max(0, min(len(glyphs)-1, i))]
			over = hasTarget && v > target
		}
		if over != runOver {
			flush()
			runOver = over
		}
		run = append(run, g...)
	}
	flush()
}

// sparkCells buckets points into n cells over the range ending now; an
// empty bucket is NaN (drawn blank).
func (s *Screen) sparkCells(env *screen.Env, pts []model.Point, n int) []float64 {
	cells := make([]float64, n)
	for i := range cells {
		cells[i] = math.NaN()
	}
	if len(pts) == 0 {
		return cells
	}
	end := s.windowEnd(env)
	start := end.Add(-s.Range())
	span := end.Sub(start)
	sums := make([]float64, n)
	counts := make([]int, n)
	for _, p := range pts {
		if p.T.Before(start) || p.T.After(end) {
			continue
		}
		i := int(float64(p.T.Sub(start)) / float64(span) * float64(n))
		i = max(0, min(n-1, i))
		sums[i] += p.V
		counts[i]++
	}
	// With fewer points than cells, carry the last value forward so the
	// line reads as a line rather than dots.
	last := math.NaN()
	seen := false
	for i := range cells {
		if counts[i] > 0 {
			cells[i] = sums[i] / float64(counts[i])
			last, seen = cells[i], true
		} else if seen && len(pts) < n {
			cells[i] = last
		}
	}
	return cells
}

func (s *Screen) metricsTitle(env *screen.Env) string {
	t := "Metrics " + screen.RangeName(s.Range())
	if s.selected != "" {
		t += " " + env.G.Sep + " " + text.Printable(s.selected) + screen.InRegion(env, s.selRegion)
	}
	return t
}

type metricRow struct {
	label  string
	metric model.Metric
	unit   string
	pct    bool
}

var metricRows = []metricRow{
	{"CPU", model.MetricCPU, "%", true},
	{"memory", model.MetricMemory, "%", true},
	{"req/tgt", model.MetricRequests, "", false},
	{"resp", model.MetricResponseTime, "ms", false},
	{"5xx", model.Metric5xx, "", false},
	{"healthy", model.MetricHealthy, "", false},
	{"unhealthy", model.MetricUnhealthy, "", false},
	{"desired", model.MetricDesired, "", false},
	{"in svc", model.MetricInService, "", false},
}

// metricsLines are the selected group's charts (the tracked metric and
// its capacity), then as many of its other metrics as fit, one sparkline
// row each, and the range keys.
func (s *Screen) metricsLines(env *screen.Env, w, h int) []string {
	st := &env.St
	g, ok := env.Group(s.selected)
	if !ok {
		return []string{env.Styled(st.Muted, "select a group", w)}
	}
	var out []string
	charted := map[model.Metric]bool{}
	if top, _ := chartRows(h); top > 0 {
		out = s.chartLines(env, g, w, h)
		charted[trackedOf(env, g).metric] = true
		for _, m := range []model.Metric{model.MetricDesired, model.MetricInService} {
			charted[m] = true
		}
	}
	tgt, hasTgt := screen.CPUTarget(g)
	for _, r := range s.metricRowsOf(env, g) {
		if len(out) >= h {
			break
		}
		if charted[r.metric] {
			continue
		}
		key := model.SeriesKey{Group: g.Name, Metric: r.metric}
		out = append(out, s.metricRow(env, key, r, env.Snap.Series[key], w, tgt, hasTgt))
	}
	if len(out) < h {
		out = append(out, env.Styled(st.Subtle, fmt.Sprintf("%s %s  %s", env.Keys.KeyOf("range-shorter"), env.Keys.KeyOf("range-longer"), "change range 15m 1h 3h 24h"), w))
	}
	return out
}

// metricRow is one metric: its label, its sparkline, its last value.
func (s *Screen) metricRow(env *screen.Env, key model.SeriesKey, r metricRow, all []model.Point, w int, tgt float64, hasTgt bool) string {
	st := &env.St
	labelW, valW := 10, 12
	sparkW := max(w-labelW-valW-2, 0)
	pts := model.Since(all, s.windowEnd(env).Add(-s.Range()))
	unit := r.unit
	if u, ok := env.Snap.Units[key]; ok && u != "" && u != "count" {
		unit = text.Printable(u)
	}
	l := env.NewLine(w)
	l.Col(st.Muted, r.label, labelW)
	lo, hi := 0.0, 100.0
	if !r.pct {
		hi = 0
		for _, p := range pts {
			hi = math.Max(hi, p.V)
		}
	}
	over := hasTgt && r.metric == model.MetricCPU
	s.sparkline(env, l, pts, sparkW, lo, hi, tgt, over)
	l.Add(st.Base, " ")
	v, ok := model.Last(pts)
	if !ok {
		return l.RCol(st.Subtle, "no data", valW).String()
	}
	ink := st.Emph
	if r.metric == model.MetricUnhealthy && v > 0 || r.metric == model.Metric5xx && v > 0 {
		ink = st.Err
	}
	val := screen.Compact(v) + unit
	if over {
		val = fmt.Sprintf("%s/%g%s", screen.Compact(v), tgt, unit)
		if v > tgt {
			ink = st.Warn
		}
	}
	return l.RCol(ink, val, valW).String()
}

// metricRowsOf are the rows the group has a source for (no agent, no
// memory; an NLB has no response time); CPU always.
func (s *Screen) metricRowsOf(env *screen.Env, g *model.Group) []metricRow {
	var out []metricRow
	for _, r := range metricRows {
		if _, present := env.Snap.Series[model.SeriesKey{Group: g.Name, Metric: r.metric}]; present || r.metric == model.MetricCPU {
			out = append(out, r)
		}
	}
	return out
}
