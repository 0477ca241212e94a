package chart

import (
	"math"
	"slices"
	"testing"
)

func TestFitScale(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		name      string
		data      []float64
		sc        Scale
		intervals int
		lo, hi    float64
		step      float64
	}{
		{"positive data starts at zero, rounded up", []float64{12, 37}, Scale{}, 4, 0, 40, 10},
		{"negative data ends at zero", []float64{-3, -17}, Scale{}, 2, -20, 0, 10},
		{"mixed signs keep both", []float64{-4, 9}, Scale{}, 2, -10, 10, 10},
		{"tight fits the data", []float64{121, 138}, Scale{Tight: true}, 2, 120, 140, 10},
		{"fixed is kept whatever the data", []float64{250}, Scale{Fixed: true, Min: 0, Max: 100}, 4, 0, 100, 25},
		{"fixed is not rounded", []float64{1}, Scale{Fixed: true, Min: 0, Max: 90}, 2, 0, 90, 50},
		{"fixed needs min below max", []float64{3}, Scale{Fixed: true, Min: 5, Max: 5}, 1, 0, 5, 5},
		{"fixed ignores infinities", []float64{3}, Scale{Fixed: true, Min: 0, Max: inf}, 1, 0, 5, 5},
		{"all zero", []float64{0, 0}, Scale{}, 1, 0, 1, 1},
		{"one value, tight, is padded", []float64{50}, Scale{Tight: true}, 1, 40, 60, 10},
		{"no data", nil, Scale{}, 2, 0, 1, 0.5},
		{"NaN and infinities are ignored", []float64{math.NaN(), inf, -inf, 8}, Scale{}, 2, 0, 10, 5},
		{"unlabelled: the data's own high", []float64{7.3}, Scale{}, 0, 0, 7.3, 0},
		{"huge values stay finite", []float64{-1e308, 1e308}, Scale{}, 2, -1e308, 1e308, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			var d span
			for _, v := range c.data {
				d.add(v)
			}
			s := fitScale(d, c.sc, c.intervals)
			if !close(s.lo, c.lo) || !close(s.hi, c.hi) || !close(s.step, c.step) {
				t.Errorf("fitScale(%v, %+v, %d) = %g..%g step %g, want %g..%g step %g",
					c.data, c.sc, c.intervals, s.lo, s.hi, s.step, c.lo, c.hi, c.step)
			}
			if f := s.frac(c.hi); !finite(f) {
				t.Errorf("frac(hi) = %g, want finite", f)
			}
		})
	}
}

func close(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

func TestNiceStep(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{
		{1, 1}, {1.2, 2}, {2.2, 2.5}, {3, 5}, {7, 10}, {0.03, 0.05}, {250, 250}, {4000, 5000},
		{0, 0}, {-1, 0}, {math.NaN(), 0}, {math.Inf(1), 0},
	} {
		if got := niceStep(c.in); !close(got, c.want) {
			t.Errorf("niceStep(%g) = %g, want %g", c.in, got, c.want)
		}
	}
}

func TestLevel(t *testing.T) {
	s := yscale{lo: 0, hi: 100}
	for _, c := range []struct {
		v    float64
		n    int
		want int
	}{
		{0, 8, 0}, {100, 8, 7}, {50, 8, 4}, {49.9, 8, 3}, {-5, 8, 0}, {1e300, 8, 7},
		{math.NaN(), 8, 0}, {math.Inf(1), 8, 7}, {math.Inf(-1), 8, 0}, {50, 0, 0},
	} {
		if got := s.level(c.v, c.n); got != c.want {
			t.Errorf("level(%g, %d) = %d, want %d", c.v, c.n, got, c.want)
		}
	}
}

func TestTicks(t *testing.T) {
	for _, c := range []struct {
		s    yscale
		want []float64
	}{
		{yscale{0, 100, 25}, []float64{0, 25, 50, 75, 100}},
		{yscale{0, 90, 25}, []float64{0, 25, 50, 75, 90}},
		{yscale{-5, 5, 5}, []float64{-5, 0, 5}},
		{yscale{0, 1, 0}, []float64{0, 1}},
		{yscale{-1e308, 1e308, 0}, []float64{-1e308, 1e308}},
	} {
		if got := c.s.ticks(); !slices.Equal(got, c.want) {
			t.Errorf("%+v.ticks() = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestFormatValue(t *testing.T) {
	for _, c := range []struct {
		v, step float64
		want    string
	}{
		{0, 25, "0"}, {75, 25, "75"}, {0.25, 0.25, "0.25"}, {0.5, 0.25, "0.5"},
		{1500, 500, "1.5k"}, {1000, 500, "1k"}, {2.5e6, 5e5, "2.5M"}, {12e9, 1e9, "12G"},
		{-40, 20, "-40"}, {62.5, 0, "62.5"}, {60, 0, "60"}, {1.0 / 3, 0, "0.333"},
		{1e300, 0, "1.0e+300"}, {math.NaN(), 0, "?"}, {-0.0001, 1, "0"},
	} {
		if got := formatValue(c.v, c.step); got != c.want {
			t.Errorf("formatValue(%g, %g) = %q, want %q", c.v, c.step, got, c.want)
		}
	}
}

func TestWithUnit(t *testing.T) {
	for _, c := range []struct{ v, unit, want string }{
		{"50", "%", "50%"}, {"250", "ms", "250ms"}, {"12", "req", "12 req"}, {"3", "", "3"}, {"4", "µs", "4µs"},
	} {
		if got := withUnit(c.v, c.unit); got != c.want {
			t.Errorf("withUnit(%q, %q) = %q, want %q", c.v, c.unit, got, c.want)
		}
	}
}
