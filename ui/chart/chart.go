package chart

import (
	"math"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/model"
)

// area is the plot's place in the grid.
type area struct{ x0, y0, w, h int }

// chart draws the multi-row chart. Rows, top to bottom: the annotation
// row (six rows or more, with annotations in the window), the plot, the
// time axis's rule (ten rows or more) and its labels (three or more).
func (r *renderer) chart() {
	top, timeRows := 0, 0
	if r.g.h >= 6 && r.anyAnnotation() {
		top = 1
	}
	switch {
	case r.g.h >= 10:
		timeRows = 2
	case r.g.h >= 3:
		timeRows = 1
	}
	rows := r.g.h - top - timeRows
	d := r.dataSpan()
	sc := fitScale(d, r.spec.Scale, max(1, (rows-1)/2))
	var labels []ylabel
	lw := 0
	if d.ok || r.spec.Scale.Fixed { // an empty chart gets no made-up scale
		labels, lw = r.yLabels(sc, rows)
	}
	yw := lw + 1
	if lw == 0 || r.g.w-yw < 4 {
		yw = 0
	}
	p := area{x0: yw, y0: top, w: r.g.w - yw, h: rows}
	w, ok := newWindow(r.spec.From, r.spec.To, p.w)
	if ok {
		r.plotSeries(p, sc)
		r.plotTarget(p, sc)
		anns := r.annotations(w)
		r.plotAnnotations(p, anns)
		r.plotBand(p, sc, w)
		r.annotationRow(p, anns)
		r.timeAxis(p, w, timeRows)
	}
	if yw > 0 {
		r.yAxis(p, labels)
	}
}

func (r *renderer) anyAnnotation() bool {
	for _, a := range r.spec.Annotations {
		if inWindow(a.T, r.spec.From, r.spec.To) {
			return true
		}
	}
	return false
}

// dataSpan is the range the y-axis must show: the finite values inside
// the window, the target, and the band's values in force.
func (r *renderer) dataSpan() span {
	var d span
	from, to := r.spec.From, r.spec.To
	for _, s := range r.spec.Series {
		for _, p := range s.Points {
			if !p.T.Before(from) && !p.T.After(to) {
				d.add(p.V)
			}
		}
	}
	if v, ok := r.target(); ok {
		d.add(v)
	}
	for _, pts := range [][]model.Point{r.spec.Band.Lo, r.spec.Band.Hi} {
		last := math.NaN()
		for _, p := range pts {
			switch {
			case p.T.Before(from):
				if finite(p.V) {
					last = p.V
				}
			case !p.T.After(to):
				d.add(p.V)
			}
		}
		d.add(last)
	}
	return d
}

// ylabel is one label of the y-axis: a row of the plot (0 at the top).
type ylabel struct {
	row  int
	text string
	ink  ink
	w    int
}

// yLabels places the scale's ticks and the target's value on the rows
// they fall in (the first to claim a row keeps it; the target always
// does), and returns them with the widest label's width. A number is
// never cut: if a label is wider than a third of the chart, there are no
// labels (and no y-axis).
func (r *renderer) yLabels(sc yscale, rows int) ([]ylabel, int) {
	maxW := r.g.w/3 - 1
	unit := r.clean(r.spec.Unit)
	rowOf := func(v float64) int { return rows - 1 - sc.level(v, 4*rows)/4 }
	var out []ylabel
	taken := make([]bool, rows)
	lw := 0
	add := func(v, step float64, k ink) {
		row := rowOf(v)
		if taken[row] {
			return
		}
		taken[row] = true
		text := withUnit(formatValue(v, step), unit)
		w := ansi.StringWidth(text)
		lw = max(lw, w)
		out = append(out, ylabel{row: row, text: text, ink: k, w: w})
	}
	if v, ok := r.target(); ok {
		add(v, 0, inkTarget)
	}
	ticks := sc.ticks()
	add(ticks[0], sc.step, inkMuted)
	add(ticks[len(ticks)-1], sc.step, inkMuted)
	for _, v := range ticks[1 : len(ticks)-1] {
		add(v, sc.step, inkMuted)
	}
	if lw > maxW {
		return nil, 0
	}
	return out, lw
}

// yAxis draws the labels right-aligned left of the plot, and the axis.
func (r *renderer) yAxis(p area, labels []ylabel) {
	x := p.x0 - 1
	for y := range p.h {
		r.g.set(x, p.y0+y, r.gl.axisV, inkAxis)
	}
	for _, l := range labels {
		r.g.set(x, p.y0+l.row, r.gl.axisTick, inkAxis)
		r.g.text(x-l.w, p.y0+l.row, l.text, l.w, l.ink)
	}
}

// timeAxis draws the rule with its ticks (rows == 2) and the labels,
// each centred on its tick where it fits, else starting or ending there;
// a label that would touch its neighbour is left out.
func (r *renderer) timeAxis(p area, w window, rows int) {
	if rows == 0 {
		return
	}
	ticks := timeTicks(w, r.loc)
	y := r.g.h - 1
	if rows == 2 {
		if p.x0 > 0 {
			r.g.set(p.x0-1, y-1, r.gl.corner, inkAxis)
		}
		for x := range p.w {
			r.g.set(p.x0+x, y-1, r.gl.rule, inkAxis)
		}
		for _, t := range ticks {
			r.g.set(p.x0+t.col, y-1, r.gl.tick, inkAxis)
		}
	}
	next := 0 // the first column a label may use
	for _, t := range ticks {
		text, n := t.label, ansi.StringWidth(t.label)
		at := p.x0 + t.col
		for _, x := range []int{at - n/2, at, at - n + 1} {
			if x >= next && x+n <= r.g.w {
				r.g.text(x, y, text, n, inkMuted)
				next = x + n + 1
				break
			}
		}
	}
}

// inWindow reports whether t is in [from, to).
func inWindow(t, from, to time.Time) bool { return !t.Before(from) && t.Before(to) }
