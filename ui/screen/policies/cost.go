package policies

import (
	"fmt"
	"math"
	"strconv"

	"github.com/solemate/hoist/model"
)

// What a target tracking policy's target costs at today's load, as `hoist
// policy put` says it: the metric's last minutes from the snapshot (CPU,
// or requests per target on the group's first target group, the series
// the console reads), the instances each target needs, and the hourly
// difference at the group's unit price.

// metricNow is the mean of the last five minutes of the metric spec's
// target tracking follows, when the snapshot has that series.
func (c *polCtx) metricNow(spec model.PolicySpec) (float64, bool) {
	t := spec.TargetTracking
	if t == nil || c.snap == nil {
		return 0, false
	}
	var m model.Metric
	switch t.Metric {
	case model.MetricASGCPU:
		m = model.MetricCPU
	case model.MetricALBRequestCountPerTarget:
		tg, _ := c.snap.FrontOf(&c.group)
		if tg == nil || model.TargetGroupOfLabel(t.ResourceLabel) != tg.Name {
			return 0, false // the console reads the first target group's only
		}
		m = model.MetricRequests
	default:
		return 0, false
	}
	pts := c.snap.Series[model.SeriesKey{Group: c.group.Name, Metric: m}]
	if len(pts) > 5 {
		pts = pts[len(pts)-5:]
	}
	if len(pts) == 0 {
		return 0, false
	}
	var sum float64
	for _, p := range pts {
		sum += p.V
	}
	return sum / float64(len(pts)), true
}

// costLine says what the target costs at today's load: against the old
// target when the policy had one on the same metric, else against the
// group as it is ("target 50 → 70 at today's ASGAverageCPUUtilization of
// 46.9: it needs 3 fewer instances (10 → 7): -0.288 $/h").
func (c *polCtx) costLine(to model.PolicySpec) (string, bool) {
	t := to.TargetTracking
	now, ok := c.metricNow(to)
	if !ok {
		return "", false
	}
	f := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
	fromTarget, what := now, "target "+f(t.Target)
	if from := c.fromSpec(); from != nil && from.TargetTracking != nil && from.TargetTracking.MetricName() == t.MetricName() {
		fromTarget = from.TargetTracking.Target
		if fromTarget != t.Target {
			what = "target " + f(fromTarget) + " → " + f(t.Target)
		}
	}
	cost, ok := model.EstimateTargetCost(&c.group, now, fromTarget, t.Target, c.snap.Prices)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%s at today's %s of %s: %s", what, t.MetricName(), f(now), cost), true
}
