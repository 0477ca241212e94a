package chart

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// minutes builds points at the given minutes after t0 with value v, or
// the values vs when given one per minute.
func minutes(t0 time.Time, v float64, ms ...int) []model.Point {
	var pts []model.Point
	for _, m := range ms {
		pts = append(pts, model.Point{T: t0.Add(time.Duration(m) * time.Minute), V: v})
	}
	return pts
}

func span0(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// drawn is "x" for a column with data and "." for a gap.
func drawn(cols []column) string {
	var b strings.Builder
	for _, c := range cols {
		if c.has {
			b.WriteByte('x')
		} else {
			b.WriteByte('.')
		}
	}
	return b.String()
}

func TestSampleGaps(t *testing.T) {
	t0 := now
	hole := append(span0(10), 20, 21, 22, 23, 24, 25, 26, 27, 28, 29)
	for _, c := range []struct {
		name string
		pts  []model.Point
		gap  time.Duration
		cols int
		want string
	}{
		{"every minute fills every column", minutes(t0, 5, span0(30)...), 0, 30, strings.Repeat("x", 30)},
		{"a ten-minute hole is a gap", minutes(t0, 5, hole...), 0, 30, strings.Repeat("x", 10) + strings.Repeat(".", 10) + strings.Repeat("x", 10)},
		{"the caller's gap joins it", minutes(t0, 5, hole...), 11 * time.Minute, 30, strings.Repeat("x", 30)},
		{"sparse points are joined across empty columns", minutes(t0, 5, 0, 5, 10, 15, 20, 25, 29), 0, 30, strings.Repeat("x", 30)},
		{"a gap narrower than a column is not drawn", minutes(t0, 5, hole...), 0, 2, "xx"},
		{"a gap wider than a column is drawn", minutes(t0, 5, hole...), 0, 3, "x.x"},
		{"no data before the first point or after the last", minutes(t0, 5, 10, 11, 12), 0, 30, strings.Repeat(".", 10) + "xxx" + strings.Repeat(".", 17)},
		{"one point is one column", minutes(t0, 5, 15), 0, 30, strings.Repeat(".", 15) + "x" + strings.Repeat(".", 14)},
		{"points outside the window join into it", minutes(t0, 5, -5, 35), time.Hour, 30, strings.Repeat("x", 30)},
		{"NaN and infinities are dropped, not zero",
			[]model.Point{{T: t0, V: 1}, {T: t0.Add(time.Minute), V: math.NaN()}, {T: t0.Add(20 * time.Minute), V: math.Inf(1)}}, 0, 30,
			"x" + strings.Repeat(".", 29)},
		{"unsorted points are sorted", minutes(t0, 5, 2, 1, 0), 0, 30, "xxx" + strings.Repeat(".", 27)},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, _ := newWindow(t0, t0.Add(30*time.Minute), c.cols)
			cols := make([]column, c.cols)
			sample(c.pts, false, c.gap, w, cols)
			if got := drawn(cols); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestSampleValues(t *testing.T) {
	w, _ := newWindow(now, now.Add(4*time.Minute), 4)
	pts := []model.Point{{T: now, V: 0}, {T: now.Add(2 * time.Minute), V: 8}, {T: now.Add(3 * time.Minute), V: 2}}
	for _, c := range []struct {
		name     string
		step     bool
		lo, hi   []float64
		hasFinal bool
	}{
		// A line crosses each column from its start value to its end value.
		{"linear", false, []float64{0, 4, 2, 2}, []float64{4, 8, 8, 2}, true},
		// A step holds the value until the next point, then jumps.
		{"step", true, []float64{0, 0, 2, 2}, []float64{0, 8, 8, 2}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cols := make([]column, 4)
			sample(pts, c.step, time.Hour, w, cols)
			for x := range cols {
				if !cols[x].has || cols[x].lo != c.lo[x] || cols[x].hi != c.hi[x] {
					t.Errorf("column %d = %+v, want %g..%g", x, cols[x], c.lo[x], c.hi[x])
				}
			}
		})
	}
}

func TestHold(t *testing.T) {
	w, _ := newWindow(now, now.Add(6*time.Minute), 6)
	vals := make([]float64, 6)
	hold([]model.Point{{T: now.Add(-time.Hour), V: 2}, {T: now.Add(3 * time.Minute), V: 5}}, w, vals)
	want := []float64{2, 2, 2, 5, 5, 5}
	for i := range want {
		if vals[i] != want[i] {
			t.Fatalf("hold = %v, want %v", vals, want)
		}
	}
	hold([]model.Point{{T: now.Add(2 * time.Minute), V: 7}}, w, vals)
	if !math.IsNaN(vals[0]) || !math.IsNaN(vals[1]) || vals[2] != 7 || vals[5] != 7 {
		t.Fatalf("a band starting inside the window: %v", vals)
	}
}

// TestGapsAreNotZeros checks the drawn charts: a series of zeros draws the
// lowest level, a gap draws nothing.
func TestGapsAreNotZeros(t *testing.T) {
	pts := minutes(now, 0, append(span0(10), 20, 21, 22, 23, 24, 25, 26, 27, 28, 29)...)
	spec := Spec{From: now, To: now.Add(30 * time.Minute), Series: []Series{{Points: pts}}, Scale: Scale{Fixed: true, Min: 0, Max: 10}}
	line := Render(spec, 30, 1)[0]
	if want := strings.Repeat("▁", 10) + strings.Repeat(" ", 10) + strings.Repeat("▁", 10); line != want {
		t.Errorf("sparkline\ngot  %q\nwant %q", line, want)
	}
	spec.ASCII = true
	if line := Render(spec, 30, 1)[0]; line != "__________          __________" {
		t.Errorf("ascii sparkline %q", line)
	}
	spec.ASCII = false
	lines := Render(spec, 30, 4)
	plot := lines[2][strings.Index(lines[2], "┤")+len("┤"):]
	rs := []rune(plot)
	gap := string(rs[len(rs)*10/30+1 : len(rs)*20/30-1])
	if strings.TrimSpace(gap) != "" {
		t.Errorf("the gap is drawn: %q in %q", gap, plot)
	}
	if !strings.ContainsRune(plot, '⣀') {
		t.Errorf("zeros are not drawn on the bottom row: %q", plot)
	}
}
