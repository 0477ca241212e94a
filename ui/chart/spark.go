package chart

// spark draws the one-row chart: the first actual series as block levels,
// one time bucket per cell; where it has no data, the first forecast
// series in its own glyphs. Cells above the target take the over ink;
// gaps stay blank, so a zero (the lowest block) never reads as missing.
func (r *renderer) spark() {
	w, ok := newWindow(r.spec.From, r.spec.To, r.g.w)
	if !ok {
		return
	}
	var actual, fc []column
	for _, s := range r.spec.Series {
		switch {
		case s.Forecast && fc == nil:
			fc = make([]column, w.n)
			sample(s.Points, s.Step, s.Gap, w, fc)
		case !s.Forecast && actual == nil:
			actual = make([]column, w.n)
			sample(s.Points, s.Step, s.Gap, w, actual)
		}
	}
	var d span
	for _, cols := range [][]column{actual, fc} {
		for i := range cols {
			if cols[i].has {
				d.add(cols[i].value())
			}
		}
	}
	sc := fitScale(d, r.spec.Scale, 0)
	tgt, hasTgt := r.target()
	for x := range w.n {
		switch {
		case actual != nil && actual[x].has:
			v := actual[x].value()
			k := inkLine
			if hasTgt && v > tgt {
				k = inkOver
			}
			r.g.set(x, 0, r.gl.spark[sc.level(v, len(r.gl.spark))], k)
		case fc != nil && fc[x].has:
			v := fc[x].value()
			r.g.set(x, 0, r.gl.sparkFc[sc.level(v, len(r.gl.sparkFc))], inkForecast)
		}
	}
	for _, a := range r.annotations(w) {
		c := r.g.at(a.col, 0)
		if c.s == " " {
			c.s = r.gl.annot
		}
		c.ink = inkAnnotation
	}
}
