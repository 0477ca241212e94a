package chart

import (
	"time"
)

// tstep is a spacing of time-axis ticks: a fixed duration below a day,
// else a number of days or months on the local calendar.
type tstep struct {
	d      time.Duration
	days   int
	months int
	width  int // the widest label it writes
}

var tsteps = func() []tstep {
	var s []tstep
	for _, d := range []time.Duration{1, 5, 10, 15, 30} {
		s = append(s, tstep{d: d * time.Second, width: 8})
	}
	for _, d := range []time.Duration{1, 5, 10, 15, 30} {
		s = append(s, tstep{d: d * time.Minute, width: 5})
	}
	for _, d := range []time.Duration{1, 2, 3, 6, 12} {
		s = append(s, tstep{d: d * time.Hour, width: 5}) // "Jan 2" at midnight: see labelWidth
	}
	for _, n := range []int{1, 2, 7, 14} {
		s = append(s, tstep{days: n, width: 6})
	}
	for _, n := range []int{1, 3, 6, 12} {
		s = append(s, tstep{months: n, width: 8})
	}
	return s
}()

// tick is one labelled time on the axis.
type tick struct {
	col   int
	label string
}

// timeTicks chooses the closest tick spacing whose labels fit the n
// columns of w, and returns the ticks within the window.
func timeTicks(w window, loc *time.Location) []tick {
	for _, st := range tsteps {
		if st.approx()/w.dur < float64(st.labelWidth(w, loc)+3) { // a label and some air
			continue
		}
		var out []tick
		t := st.first(w.from, loc)
		for range w.n + 1 {
			f := w.pos(t)
			if !(f < float64(w.n)) {
				break
			}
			out = append(out, tick{col: clampIndex(f, w.n), label: st.format(t.In(loc))})
			next := st.next(t, loc)
			if !next.After(t) { // a wall-clock time that does not exist
				next = t.Add(time.Duration(st.approx()))
			}
			t = next
		}
		return out
	}
	return nil
}

// labelWidth is the widest label st writes in w: an hour step writes the
// date ("Mar 14") at a midnight, if the window has one.
func (st tstep) labelWidth(w window, loc *time.Location) int {
	if st.d < time.Hour {
		return st.width
	}
	y, m, d := w.from.In(loc).Date()
	y2, m2, d2 := w.to.In(loc).Date()
	if y == y2 && m == m2 && d == d2 {
		return st.width
	}
	return max(st.width, 6)
}

// approx is the step's length in nanoseconds, months at 30 days.
func (st tstep) approx() float64 {
	return float64(st.d) + float64(st.days)*24*float64(time.Hour) + float64(st.months)*30*24*float64(time.Hour)
}

// first is the first tick at or after t, aligned on the local clock and
// calendar: hours on the hour, days at midnight, months on the first.
func (st tstep) first(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	y, m, d := l.Date()
	switch {
	case st.months > 0:
		k := int(m) - 1
		k = (k + st.months - 1) / st.months * st.months
		c := time.Date(y, time.Month(k+1), 1, 0, 0, 0, 0, loc)
		if c.Before(t) {
			c = st.next(c, loc)
		}
		return c
	case st.days > 0:
		c := time.Date(y, m, d, 0, 0, 0, 0, loc)
		// Align on days since a Monday (the epoch was a Thursday), so
		// every window puts multi-day ticks on the same dates and weeks
		// start on Mondays.
		day := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400) + 3
		if r := ((day % st.days) + st.days) % st.days; r != 0 {
			c = time.Date(y, m, d+st.days-r, 0, 0, 0, 0, loc)
		}
		if c.Before(t) {
			c = st.next(c, loc)
		}
		return c
	}
	secs := l.Hour()*3600 + l.Minute()*60 + l.Second()
	s := int(st.d / time.Second)
	k := (secs + s - 1) / s * s
	c := time.Date(y, m, d, 0, 0, k, 0, loc)
	if c.Before(t) {
		c = time.Date(y, m, d, 0, 0, k+s, 0, loc)
	}
	return c
}

// next is the tick after tick t.
func (st tstep) next(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	y, m, d := l.Date()
	switch {
	case st.months > 0:
		return time.Date(y, m+time.Month(st.months), 1, 0, 0, 0, 0, loc)
	case st.days > 0:
		return time.Date(y, m, d+st.days, 0, 0, 0, 0, loc)
	}
	return st.first(t.Add(time.Second), loc)
}

// format labels a tick (t is local): the time of day, the date at
// midnight for hour steps and above, the month for month steps.
func (st tstep) format(t time.Time) string {
	midnight := t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0
	switch {
	case st.months > 0:
		return t.Format("Jan 2006")
	case st.days > 0 || st.d >= time.Hour && midnight:
		return t.Format("Jan 2")
	case st.d < time.Minute:
		return t.Format("15:04:05")
	}
	return t.Format("15:04")
}
