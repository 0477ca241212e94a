package ui

import (
	"fmt"
	"math"
	"time"

	"github.com/solemate/hoist/model"
)

func rangeName(r time.Duration) string {
	switch {
	case r >= time.Hour && r%time.Hour == 0:
		return fmt.Sprintf("%dh", int(r.Hours()))
	default:
		return fmt.Sprintf("%dm", int(r.Minutes()))
	}
}

// serverNow is now on the server's clock (the simulator's may run fast).
func (m *Model) serverNow() time.Time {
	if m.snap == nil {
		return m.now()
	}
	return m.now().Add(m.snap.Skew)
}

// series returns the points of one series within the range shown.
func (m *Model) series(group string, metric model.Metric) []model.Point {
	if m.snap == nil {
		return nil
	}
	pts := m.snap.Series[model.SeriesKey{Group: group, Metric: metric}]
	return model.Since(pts, m.serverNow().Add(-model.Ranges[m.rangeIdx]))
}

func (m *Model) cpuNow(group string) (float64, bool) {
	if m.snap == nil {
		return 0, false
	}
	return model.Last(m.snap.Series[model.SeriesKey{Group: group, Metric: model.MetricCPU}])
}

// sparkline draws pts over the range shown into n cells, one bucket of
// time per cell; cells above target are drawn in the over-target style so
// the policy target is visible in the line itself.
func (m *Model) sparkline(l *lineBuilder, pts []model.Point, n int, lo, hi, target float64, hasTarget bool) {
	if n <= 0 {
		return
	}
	cells := m.sparkCells(pts, n)
	if hi <= lo {
		hi = lo + 1
	}
	glyphs := m.g.Spark
	var run []byte
	var runOver bool
	var sb []string
	flush := func() {
		if len(sb) == 0 {
			return
		}
		s := m.st.Spark
		if runOver {
			s = m.st.SparkOver
		}
		l.add(s, string(run))
		run = run[:0]
		sb = sb[:0]
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
		sb = append(sb, g)
	}
	flush()
}

// sparkCells buckets points into n cells over the range ending now; an
// empty bucket is NaN (drawn blank).
func (m *Model) sparkCells(pts []model.Point, n int) []float64 {
	cells := make([]float64, n)
	for i := range cells {
		cells[i] = math.NaN()
	}
	if len(pts) == 0 {
		return cells
	}
	end := m.serverNow()
	start := end.Add(-model.Ranges[m.rangeIdx])
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

func (m *Model) metricsTitle() string {
	t := "Metrics " + rangeName(model.Ranges[m.rangeIdx])
	if m.selected != "" {
		t += " " + m.g.Sep + " " + Printable(m.selected)
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

func (m *Model) metricsLines(w, h int) []string {
	st := &m.st
	g, ok := m.selectedGroup()
	if !ok {
		return []string{styled(st.Muted, "select a group", w, m.g.Ellipsis)}
	}
	labelW, valW := 10, 12
	sparkW := max(w-labelW-valW-2, 0)
	var out []string
	tgt, hasTgt := cpuTarget(g)
	for _, r := range metricRows {
		key := model.SeriesKey{Group: g.Name, Metric: r.metric}
		all, present := m.snap.Series[key]
		if !present && r.metric != model.MetricCPU {
			continue // no source (no agent, an NLB has no response time): leave the row out
		}
		pts := model.Since(all, m.serverNow().Add(-model.Ranges[m.rangeIdx]))
		unit := r.unit
		if u, ok := m.snap.Units[key]; ok && u != "" && u != "count" {
			unit = Printable(u)
		}
		l := m.newLine(w)
		l.col(st.Muted, r.label, labelW)
		lo, hi := 0.0, 100.0
		if !r.pct {
			hi = 0
			for _, p := range pts {
				hi = math.Max(hi, p.V)
			}
		}
		over := hasTgt && r.metric == model.MetricCPU
		m.sparkline(l, pts, sparkW, lo, hi, tgt, over)
		l.add(st.Base, " ")
		if v, ok := model.Last(pts); ok {
			s := st.Emph
			if r.metric == model.MetricUnhealthy && v > 0 || r.metric == model.Metric5xx && v > 0 {
				s = st.Err
			}
			val := compact(v) + unit
			if over {
				val = fmt.Sprintf("%s/%g%s", compact(v), tgt, unit)
				if v > tgt {
					s = st.Warn
				}
			}
			l.rcol(s, val, valW)
		} else {
			l.rcol(st.Subtle, "no data", valW)
		}
		out = append(out, l.String())
		if len(out) >= h {
			break
		}
	}
	if hasTgt && len(out) < h {
		out = append(out, styled(st.Target, fmt.Sprintf("target-tracking CPU %g%%: cells above it drawn in the warning colour; value/target at right", tgt), w, m.g.Ellipsis))
	} else if p, ok := g.TargetTracking(); ok && len(out) < h {
		out = append(out, styled(st.Target, fmt.Sprintf("target-tracking %s = %s", Printable(p.Target.Metric), formatTarget(p.Target)), w, m.g.Ellipsis))
	}
	if len(out) < h {
		out = append(out, styled(st.Subtle, fmt.Sprintf("%s %s  %s", m.keys.keyOf("range-shorter"), m.keys.keyOf("range-longer"), "change range 15m 1h 3h 24h"), w, m.g.Ellipsis))
	}
	return out
}
