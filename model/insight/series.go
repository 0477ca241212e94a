package insight

import (
	"math"
	"slices"
	"sort"
	"time"

	"github.com/solemate/hoist/model"
)

// Window is a half-open span of time [From, To).
type Window struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Contains reports whether t is in the window.
func (w Window) Contains(t time.Time) bool { return !t.Before(w.From) && t.Before(w.To) }

// Overlaps reports whether [from, to) meets the window.
func (w Window) Overlaps(from, to time.Time) bool { return from.Before(w.To) && to.After(w.From) }

// Duration is the window's length.
func (w Window) Duration() time.Duration { return w.To.Sub(w.From) }

// Series is what CloudWatch holds for one group over a window, each series
// at Period (the start of the period stamps a point, as CloudWatch does).
// Any series may be missing: a measurement that needs it is then unknown,
// never zero.
type Series struct {
	Period time.Duration `json:"-"`
	// CPU and Memory are the group's average utilisation, percent
	// (AWS/EC2 CPUUtilization and CWAgent mem_used_percent by group).
	CPU    []model.Point `json:"-"`
	Memory []model.Point `json:"-"`
	// CPUMax is the busiest instance's CPU in each period (CPUUtilization
	// Maximum by group), read for groups that track a low CPU target.
	CPUMax []model.Point `json:"-"`
	// Instances is the capacity paid for (GroupTotalInstances, or
	// GroupInServiceInstances), Desired the desired capacity (Average).
	Instances []model.Point `json:"-"`
	Desired   []model.Point `json:"-"`
	// Requests, Target5xx and ELB5xx are sums per period: requests the
	// group's target group received, 5xx its targets answered, and 5xx the
	// load balancer answered itself for it (never counted in Requests).
	Requests  []model.Point `json:"-"`
	Target5xx []model.Point `json:"-"`
	ELB5xx    []model.Point `json:"-"`
	// P99 is the target response time's p99 per period, in milliseconds.
	P99 []model.Point `json:"-"`
	// Healthy is healthy targets observed over time, each point at the
	// moment it was true (a poll, or the end of a metric period).
	Healthy []model.Point `json:"-"`
}

// period is the series' period, or the median spacing of pts when unset.
func (s Series) period(pts []model.Point) time.Duration {
	if s.Period > 0 {
		return s.Period
	}
	if len(pts) < 2 {
		return time.Minute
	}
	gaps := make([]time.Duration, 0, len(pts)-1)
	for i := 1; i < len(pts); i++ {
		gaps = append(gaps, pts[i].T.Sub(pts[i-1].T))
	}
	slices.Sort(gaps)
	return gaps[len(gaps)/2]
}

// in returns the points of pts inside w.
func in(pts []model.Point, w Window) []model.Point {
	i := sort.Search(len(pts), func(i int) bool { return !pts[i].T.Before(w.From) })
	j := sort.Search(len(pts), func(i int) bool { return !pts[i].T.Before(w.To) })
	return pts[i:j]
}

// cursor reads a series at times that only move forward: the value of
// the point covering t (the latest at or before it, no older than
// period). It walks instead of searching, so aligning series of a
// fortnight costs one pass.
type cursor struct {
	pts    []model.Point
	i      int // the first point after the last time asked
	period time.Duration
}

func newCursor(pts []model.Point, period time.Duration) *cursor {
	return &cursor{pts: pts, period: period}
}

func (c *cursor) at(t time.Time) (float64, bool) {
	for c.i < len(c.pts) && !c.pts[c.i].T.After(t) {
		c.i++
	}
	if c.i == 0 || t.Sub(c.pts[c.i-1].T) >= c.period {
		return 0, false
	}
	return c.pts[c.i-1].V, true
}

// Dist is a distribution's summary: p50, p95 and max.
type Dist struct {
	P50   float64 `json:"p50"`
	P95   float64 `json:"p95"`
	Max   float64 `json:"max"`
	Known bool    `json:"known"` // false: no data
}

func distOf(vals []float64) Dist {
	if len(vals) == 0 {
		return Dist{}
	}
	v := slices.Clone(vals)
	slices.Sort(v)
	return Dist{P50: pct(v, 50), P95: pct(v, 95), Max: v[len(v)-1], Known: true}
}

// pct is the nearest-rank percentile of sorted values, CloudWatch's way.
func pct(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func values(pts []model.Point) []float64 {
	out := make([]float64, len(pts))
	for i, p := range pts {
		out[i] = p.V
	}
	return out
}

// median is the middle value (the mean of the middle two).
func median[T ~int64 | ~float64](vals []T) T {
	if len(vals) == 0 {
		return 0
	}
	s := slices.Clone(vals)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// perMonth scales an amount over a window to a 730-hour month.
func perMonth(amount float64, w time.Duration) float64 {
	if w <= 0 {
		return 0
	}
	return amount * (730 * float64(time.Hour)) / float64(w)
}

// HoursPerMonth is the month AWS prices by.
const HoursPerMonth = 730
