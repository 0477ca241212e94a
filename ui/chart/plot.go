package chart

import (
	"math"
)

// layer collects what the series put into each plot cell before it
// becomes a glyph: braille dots (or an ASCII glyph), the ink, and which
// series set that ink.
type layer struct {
	p     area
	dots  []uint8  // braille
	glyph []string // ASCII
	ink   []ink
	owner []int32
}

func newLayer(p area, braille bool) *layer {
	n := p.w * p.h
	l := &layer{p: p, ink: make([]ink, n), owner: make([]int32, n)}
	if braille {
		l.dots = make([]uint8, n)
	} else {
		l.glyph = make([]string, n)
	}
	for i := range l.owner {
		l.owner[i] = -1
	}
	return l
}

// mark gives cell (x, y from the bottom) to series si in ink k. Series are
// marked from last to first, so an earlier one takes a shared cell; within
// one series, over-target wins.
func (l *layer) mark(x, y, si int, k ink) int {
	i := (l.p.h-1-y)*l.p.w + x
	if l.owner[i] != int32(si) {
		l.owner[i], l.ink[i] = int32(si), k
	} else if k == inkOver {
		l.ink[i] = k
	}
	return i
}

// plotSeries draws every series: forecasts first, then actual series, each
// list from last to first, so actual lies over forecast and earlier over
// later. Braille has two columns and four rows of dots per cell; ASCII
// one glyph per cell.
func (r *renderer) plotSeries(p area, sc yscale) {
	per := 2
	if !r.gl.braille {
		per = 1
	}
	w, _ := newWindow(r.spec.From, r.spec.To, p.w*per)
	l := newLayer(p, r.gl.braille)
	cols := make([]column, w.n)
	tgt, hasTgt := r.target()
	tSub := sc.level(tgt, 4*p.h)
	for _, fc := range []bool{true, false} {
		for si := len(r.spec.Series) - 1; si >= 0; si-- {
			s := r.spec.Series[si]
			if s.Forecast != fc {
				continue
			}
			clear(cols)
			sample(s.Points, s.Step, s.Gap, w, cols)
			k := inkLine
			switch {
			case s.Forecast:
				k = inkForecast
			case s.Alt:
				k = inkAlt
			}
			over := hasTgt && !s.Forecast
			for x := range cols {
				if !cols[x].has {
					continue
				}
				if r.gl.braille {
					l.braille(x, si, k, &cols[x], sc, over, tSub)
				} else {
					l.ascii(x, si, k, &cols[x], sc, r.gl, over, tSub/4)
				}
			}
		}
	}
	for i, k := range l.ink {
		switch {
		case l.dots != nil && l.dots[i] != 0:
			r.g.set(p.x0+i%p.w, p.y0+i/p.w, brailleCell[l.dots[i]], k)
		case l.glyph != nil && l.glyph[i] != "":
			r.g.set(p.x0+i%p.w, p.y0+i/p.w, l.glyph[i], k)
		}
	}
}

// braille sets the dots of sub-column x from the column's low to its
// high. A forecast is one dot per cell, in its left sub-column at its
// value: a dotted line, which reads apart from the solid actual line
// without colour.
func (l *layer) braille(x, si int, k ink, c *column, sc yscale, over bool, tSub int) {
	n := 4 * l.p.h
	lo, hi := sc.level(c.lo, n), sc.level(c.hi, n)
	if k == inkForecast {
		if x%2 == 1 {
			return
		}
		lo = sc.level(c.value(), n)
		hi = lo
	}
	for y := lo; y <= hi; y++ {
		kk := k
		if over && y > tSub {
			kk = inkOver
		}
		i := l.mark(x/2, y/4, si, kk)
		l.dots[i] |= brailleDot[x%2][y%4]
	}
}

// ascii draws column x: a forecast as one glyph at its value, an actual
// series as a point at each end of its range and a joint between.
func (l *layer) ascii(x, si int, k ink, c *column, sc yscale, gl *glyphs, over bool, tRow int) {
	if k == inkForecast {
		i := l.mark(x, sc.level(c.value(), l.p.h), si, k)
		l.glyph[i] = gl.forecast
		return
	}
	y0, y1 := sc.level(c.lo, l.p.h), sc.level(c.hi, l.p.h)
	for y := y0; y <= y1; y++ {
		kk := k
		if over && y > tRow {
			kk = inkOver
		}
		i := l.mark(x, y, si, kk)
		l.glyph[i] = gl.point
		if y != y0 && y != y1 {
			l.glyph[i] = gl.joint
		}
	}
}

// plotTarget draws the target line through the plot's empty cells of its
// row, at the bottom, middle or top of the cells as the value falls (so
// a line of dots at the target sits on it), with the caller's label in
// the rightmost stretch of the row that is empty.
func (r *renderer) plotTarget(p area, sc yscale) {
	tgt, ok := r.target()
	if !ok {
		return
	}
	sub := sc.level(tgt, 4*p.h)
	y := p.y0 + p.h - 1 - sub/4
	if label := r.clean(r.spec.Target.Label); label != "" {
		text, n := cut(" "+label+" ", p.w/2, r.gl.ellipsis+" ")
		for x := p.x0 + p.w - n; n > 2 && x >= p.x0; x-- {
			if r.g.free(x, y, n) {
				r.g.text(x, y, text, n, inkTarget)
				break
			}
		}
	}
	for x := p.x0; x < p.x0+p.w; x++ {
		if r.g.blank(x, y) {
			r.g.set(x, y, r.gl.target[sub%4], inkTarget)
		}
	}
}

// plotAnnotations draws each annotation's time down the plot's empty cells.
func (r *renderer) plotAnnotations(p area, anns []placed) {
	for _, a := range anns {
		for y := p.y0; y < p.y0+p.h; y++ {
			if r.g.blank(p.x0+a.col, y) {
				r.g.set(p.x0+a.col, y, r.gl.annot, inkAnnotation)
			}
		}
	}
}

// plotBand fills the plot's empty cells between the band's low and high.
func (r *renderer) plotBand(p area, sc yscale, w window) {
	if len(r.spec.Band.Lo) == 0 && len(r.spec.Band.Hi) == 0 {
		return
	}
	lo, hi := make([]float64, p.w), make([]float64, p.w)
	hold(r.spec.Band.Lo, w, lo)
	hold(r.spec.Band.Hi, w, hi)
	n := 4 * p.h
	for x := range p.w {
		a, b := lo[x], hi[x]
		switch {
		case math.IsNaN(a) && math.IsNaN(b):
			continue
		case math.IsNaN(a):
			a = sc.lo
		case math.IsNaN(b):
			b = sc.hi
		}
		for y := sc.level(a, n) / 4; y <= sc.level(b, n)/4; y++ {
			if yy := p.y0 + p.h - 1 - y; r.g.blank(p.x0+x, yy) {
				r.g.set(p.x0+x, yy, r.gl.band, inkBand)
			}
		}
	}
}

// annotationRow writes each annotation's marker above its time and its
// label beside it, newest first: right of the marker, else left of it,
// else cut to the room on the right, else the marker alone.
func (r *renderer) annotationRow(p area, anns []placed) {
	if p.y0 == 0 {
		return
	}
	y := p.y0 - 1
	for _, a := range anns {
		x := p.x0 + a.col
		if !r.g.free(x, y, 1) {
			continue
		}
		text, n := cut(a.label, r.g.w, r.gl.ellipsis)
		room := 0 // free cells right of the marker, one kept as a gap
		for room < n+2 && x+1+room < r.g.w && r.g.free(x+1+room, y, 1) {
			room++
		}
		r.g.set(x, y, r.gl.marker, inkAnnotation)
		switch {
		case n == 0:
		case room >= n+2 || room == n+1 && x+1+room == r.g.w:
			r.g.text(x+2, y, text, n, inkAnnotation)
		case x-n-1 >= 0 && r.g.free(max(0, x-n-2), y, x-max(0, x-n-2)):
			r.g.text(x-n-1, y, text, n, inkAnnotation)
		case room >= 4:
			text, n = cut(text, room-2, r.gl.ellipsis)
			r.g.text(x+2, y, text, n, inkAnnotation)
		}
	}
}
