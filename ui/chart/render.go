package chart

import (
	"time"
)

// Render draws s into exactly h lines of exactly w cells. One row is a
// sparkline; more rows are a chart with a y-axis, a time axis from three
// rows, and an annotation row from six rows when there are annotations
// in the window. It never fails: data it cannot draw (NaN, infinities,
// points outside the window, an empty or reversed window) is left out.
func Render(s Spec, w, h int) []string {
	if h <= 0 {
		return []string{}
	}
	if w <= 0 {
		return make([]string, h)
	}
	r := &renderer{spec: s, g: newGrid(w, h), gl: &unicodeGlyphs, loc: s.Location}
	if s.ASCII {
		r.gl = &asciiGlyphs
	}
	if r.loc == nil {
		r.loc = time.UTC
	}
	if h == 1 {
		r.spark()
	} else {
		r.chart()
	}
	p := compile(s.Inks)
	return r.g.lines(&p)
}

// renderer is one call of Render.
type renderer struct {
	spec Spec
	g    *grid
	gl   *glyphs
	loc  *time.Location
}

// target is the target's value, if it is set and finite.
func (r *renderer) target() (float64, bool) {
	if t := r.spec.Target; t != nil && finite(t.Value) {
		return t.Value, true
	}
	return 0, false
}

// annotations are the cleaned annotations inside the window, newest first
// (the newest is the one most likely to matter), with their columns in w.
func (r *renderer) annotations(w window) []placed {
	var out []placed
	for _, a := range r.spec.Annotations {
		f := w.pos(a.T)
		if f >= 0 && f < float64(w.n) {
			out = append(out, placed{col: int(f), t: a.T, label: r.clean(a.Label)})
		}
	}
	// Insertion sort: a chart has a handful of annotations.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].t.After(out[j-1].t); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

type placed struct {
	col   int
	t     time.Time
	label string
}
