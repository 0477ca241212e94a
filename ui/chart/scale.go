package chart

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// yscale maps values onto the y-axis: lo at the bottom edge, hi at the
// top. step is the spacing of its labelled values (0 when unlabelled).
type yscale struct {
	lo, hi, step float64
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// span is the data's low and high, over finite values only.
type span struct {
	lo, hi float64
	ok     bool
}

func (s *span) add(v float64) {
	if !finite(v) {
		return
	}
	if !s.ok {
		s.lo, s.hi, s.ok = v, v, true
		return
	}
	s.lo, s.hi = math.Min(s.lo, v), math.Max(s.hi, v)
}

// fitScale chooses the y-axis for data d under sc. With intervals > 0 the
// ends are rounded out to a multiple of a round step (1, 2, 2.5 or 5
// times a power of ten) that gives about that many intervals, so the
// labels are round numbers.
func fitScale(d span, sc Scale, intervals int) yscale {
	var s yscale
	fixed := sc.Fixed && finite(sc.Min) && finite(sc.Max) && sc.Min < sc.Max
	switch {
	case fixed:
		s = yscale{lo: sc.Min, hi: sc.Max}
	case !d.ok:
		s = yscale{lo: 0, hi: 1}
	default:
		s = yscale{lo: d.lo, hi: d.hi}
		if !sc.Tight {
			s.lo, s.hi = math.Min(s.lo, 0), math.Max(s.hi, 0)
		}
		if s.lo == s.hi {
			pad := math.Abs(s.lo) / 10
			if pad == 0 || !finite(s.lo-pad) || !finite(s.hi+pad) {
				pad = 1
			}
			s.lo, s.hi = s.lo-pad, s.hi+pad
			if !sc.Tight && d.lo >= 0 {
				s.lo = math.Max(s.lo, 0)
			}
		}
	}
	if intervals <= 0 {
		return s
	}
	step := niceStep((s.hi - s.lo) / float64(intervals))
	if !finite(step) || step <= 0 {
		return s
	}
	if !fixed {
		lo, hi := math.Floor(s.lo/step)*step, math.Ceil(s.hi/step)*step
		if finite(lo) && finite(hi) && lo < hi {
			s.lo, s.hi = lo, hi
		}
	}
	s.step = step
	return s
}

// niceStep is the smallest round number (1, 2, 2.5 or 5 times a power of
// ten) not below x.
func niceStep(x float64) float64 {
	if !finite(x) || x <= 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// frac is where v lies between lo (0) and hi (1); it stays finite when
// hi-lo overflows.
func (s yscale) frac(v float64) float64 {
	d := s.hi - s.lo
	if finite(d) {
		return (v - s.lo) / d
	}
	return (v/2 - s.lo/2) / (s.hi/2 - s.lo/2)
}

// level is v's step among n (0 at the bottom), clamped to the axis.
func (s yscale) level(v float64, n int) int {
	return clampIndex(s.frac(v)*float64(n), n)
}

// clampIndex is floor(f) within 0..n-1; NaN is 0. Float to int
// conversion of a value out of range is undefined in Go, so clamp first.
func clampIndex(f float64, n int) int {
	switch {
	case n <= 0 || !(f >= 0):
		return 0
	case f >= float64(n-1):
		return n - 1
	}
	return int(f)
}

// ticks are the labelled values of the axis: lo, the multiples of step
// between, and hi.
func (s yscale) ticks() []float64 {
	out := []float64{s.lo}
	first := math.Ceil(s.lo/s.step) * s.step
	n := math.Floor((s.hi - first) / s.step)
	if s.step > 0 && finite(first) && n >= 0 && n <= 100 {
		eps := s.step * 1e-6
		for i := 0.0; i <= n; i++ {
			if v := first + i*s.step; v > s.lo+eps && v < s.hi-eps {
				out = append(out, v)
			}
		}
	}
	return append(out, s.hi)
}

// si are the suffixes for large values, largest first.
var si = []struct {
	v float64
	s string
}{{1e18, "E"}, {1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}}

// formatValue writes v compactly (1.5k, 250, 0.25) with the decimals that
// step needs to tell neighbouring labels apart (at most three); step 0
// uses v's own decimals.
func formatValue(v, step float64) string {
	if !finite(v) {
		return "?"
	}
	a, div, suf := math.Abs(v), 1.0, ""
	for _, p := range si {
		if a >= p.v {
			div, suf = p.v, p.s
			break
		}
	}
	if a/div >= 1000 { // beyond E
		return strconv.FormatFloat(v, 'e', 1, 64)
	}
	prec := step
	if prec <= 0 || !finite(prec) {
		prec = a
	}
	s := strconv.FormatFloat(v/div, 'f', decimals(prec/div), 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s + suf
}

// decimals is how many decimals (0..3) write x without rounding it away.
func decimals(x float64) int {
	x = math.Abs(x)
	for d := 0; d < 3; d++ {
		if math.Abs(x-math.Round(x)) < 1e-9*math.Max(1, x) {
			return d
		}
		x *= 10
	}
	return 3
}

// withUnit joins a value and its unit: "50%", "250ms", "12 req".
func withUnit(v, unit string) string {
	switch {
	case unit == "":
		return v
	case utf8.RuneCountInString(unit) <= 2:
		return v + unit
	}
	return v + " " + unit
}
