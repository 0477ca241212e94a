package chart

import (
	"math"
	"slices"
	"time"

	"github.com/solemate/hoist/model"
)

// column is what one series covers in one column of the plot: the range
// of values to draw (its points and the lines joining them) and the mean
// of the points that fall inside it. A column with has false is a gap.
type column struct {
	lo, hi float64
	sum    float64
	n      int
	has    bool
}

// extend widens the column to v, which is finite (so plain comparisons
// do: math.Min's care for NaN and -0 costs a third of a render).
func (c *column) extend(v float64) {
	switch {
	case !c.has:
		c.lo, c.hi, c.has = v, v, true
	case v < c.lo:
		c.lo = v
	case v > c.hi:
		c.hi = v
	}
}

// value is the column's one value: the mean of its points, or where the
// line only passes through, the middle of what it covers.
func (c *column) value() float64 {
	if c.n > 0 {
		return c.sum / float64(c.n)
	}
	return c.lo/2 + c.hi/2
}

// window maps times onto n columns.
type window struct {
	from, to time.Time
	dur      float64 // nanoseconds per column
	n        int
}

func newWindow(from, to time.Time, n int) (window, bool) {
	d := to.Sub(from)
	if d <= 0 || n <= 0 {
		return window{}, false
	}
	return window{from: from, to: to, dur: float64(d) / float64(n), n: n}, true
}

// pos is t in columns from the left edge (fractional, unclamped).
func (w window) pos(t time.Time) float64 { return float64(t.Sub(w.from)) / w.dur }

// clean returns the finite points of pts in time order, copying only when
// it must drop or reorder.
func clean(pts []model.Point) []model.Point {
	ok := true
	for i, p := range pts {
		if !finite(p.V) || i > 0 && p.T.Before(pts[i-1].T) {
			ok = false
			break
		}
	}
	if ok {
		return pts
	}
	out := make([]model.Point, 0, len(pts))
	for _, p := range pts {
		if finite(p.V) {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b model.Point) int { return a.T.Compare(b.T) })
	return out
}

// gapLimit is the longest spacing still joined, in columns: the series'
// own Gap, or 2.5 times the median spacing of up to 64 sampled pairs;
// never less than one column, since a shorter gap cannot be drawn.
func gapLimit(pts []model.Point, gap time.Duration, w window) float64 {
	g := float64(gap)
	if gap <= 0 && len(pts) > 1 {
		pairs := len(pts) - 1
		k := min(pairs, 64)
		ds := make([]time.Duration, 0, k)
		for i := range k {
			j := i * pairs / k
			ds = append(ds, pts[j+1].T.Sub(pts[j].T))
		}
		slices.Sort(ds)
		g = float64(ds[len(ds)/2]) * 2.5
	}
	return math.Max(g/w.dur, 1)
}

// sample lays a series onto cols (len w.n): every point into its column,
// and every pair of neighbours no further apart than the gap limit joined
// across the columns between them, by a straight line or, with step, by
// holding the first value until the second.
func sample(pts []model.Point, step bool, gap time.Duration, w window, cols []column) {
	pts = clean(pts)
	if len(pts) == 0 {
		return
	}
	limit := gapLimit(pts, gap, w)
	n := float64(w.n)
	prev := w.pos(pts[0].T)
	for i, p := range pts {
		f := prev
		if i+1 < len(pts) {
			prev = w.pos(pts[i+1].T)
		}
		if f >= 0 && f < n {
			c := &cols[int(f)]
			c.extend(p.V)
			c.sum += p.V
			c.n++
		}
		if i+1 < len(pts) && prev-f <= limit {
			join(f, p.V, prev, pts[i+1].V, step, cols)
		}
	}
}

// join draws the line from (fa, va) to (fb, vb) into the columns it
// crosses.
func join(fa, va, fb, vb float64, step bool, cols []column) {
	n := float64(len(cols))
	if fb < 0 || fa >= n {
		return
	}
	first, last := clampIndex(fa, len(cols)), clampIndex(fb, len(cols))
	at := func(f float64) float64 {
		if fb <= fa {
			return vb
		}
		return va + (vb-va)*((f-fa)/(fb-fa))
	}
	for x := first; x <= last; x++ {
		a, b := math.Max(fa, float64(x)), math.Min(fb, float64(x+1))
		switch {
		case step:
			if a < fb {
				cols[x].extend(va)
			}
			if b >= fb {
				cols[x].extend(vb)
			}
		default:
			cols[x].extend(at(a))
			cols[x].extend(at(b))
		}
	}
}

// hold lays a step series whose values hold until the next point, and the
// last until the end of the window, onto vals (NaN before the first). A
// value that begins inside a column holds from that column on.
func hold(pts []model.Point, w window, vals []float64) {
	for i := range vals {
		vals[i] = math.NaN()
	}
	pts = clean(pts)
	startCol := func(t time.Time) int {
		f := w.pos(t)
		if !(f >= 0) {
			return 0
		}
		return int(math.Min(f, float64(w.n)))
	}
	for i, p := range pts {
		end := w.n
		if i+1 < len(pts) {
			end = startCol(pts[i+1].T)
		}
		for x := startCol(p.T); x < end; x++ {
			vals[x] = p.V
		}
	}
}
