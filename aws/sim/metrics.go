package sim

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// dim is one metric dimension.
type dim struct{ name, value string }

// aggPt is one minute of a metric that several sources report into (group
// CPU from each instance, PutMetricData calls): a statistic set.
type aggPt struct {
	sum, min, max float32
	n             uint32
}

// series is one metric (namespace, name, dimensions) at 1-minute
// resolution in a ring of at most window minutes. Single-source series
// store one float32 per minute (NaN = no data); aggregated ones a
// statistic set. Rings grow as data arrives, so short-lived instances cost
// only what they used. A series the simulator publishes has a history
// source: the traffic model answers the minutes before the simulator began
// running live and those that have left the ring (see history.go).
type series struct {
	ns, name string
	dims     []dim
	key      string
	agg      bool
	first    int64 // minute index of the first slot ever written
	last     int64 // newest minute written
	v        []float32
	a        []aggPt
	win      int      // ring length in minutes; 0 = the store's window
	hist     *histSrc // nil: no history before the live data
}

type metricStore struct {
	window  int
	series  map[string]*series
	sorted  []*series
	dirty   bool
	histEnd int64         // the first live minute: history answers those before it
	attach  func(*series) // gives a new series its history source, if any
	scratch []aggPt       // statSeries' buffer, reused under the simulator's lock
}

// win is the series' ring length in minutes.
func (m *metricStore) win(s *series) int {
	if s.win > 0 {
		return s.win
	}
	return m.window
}

func newMetricStore(window int) *metricStore {
	return &metricStore{window: window, series: map[string]*series{}}
}

func minuteOf(t time.Time) int64 { return t.Unix() / 60 }

func seriesKey(ns, name string, dims []dim) string {
	var b strings.Builder
	b.WriteString(ns)
	b.WriteByte(0)
	b.WriteString(name)
	for _, d := range dims {
		b.WriteByte(0)
		b.WriteString(d.name)
		b.WriteByte(1)
		b.WriteString(d.value)
	}
	return b.String()
}

func sortDims(d []dim) []dim {
	sort.Slice(d, func(i, j int) bool { return d[i].name < d[j].name })
	return d
}

// get returns the series, creating it (with dims sorted) when asked.
func (m *metricStore) get(ns, name string, agg bool, dims ...dim) *series {
	dims = sortDims(append([]dim(nil), dims...))
	key := seriesKey(ns, name, dims)
	if s, ok := m.series[key]; ok {
		return s
	}
	s := &series{ns: ns, name: name, dims: dims, key: key, agg: agg, first: -1, last: -1}
	m.series[key] = s
	m.dirty = true
	if m.attach != nil {
		m.attach(s)
	}
	return s
}

func (m *metricStore) lookup(key string) *series { return m.series[key] }

func (m *metricStore) list() []*series {
	if m.dirty {
		m.sorted = m.sorted[:0]
		for _, s := range m.series {
			m.sorted = append(m.sorted, s)
		}
		sort.Slice(m.sorted, func(i, j int) bool { return m.sorted[i].key < m.sorted[j].key })
		m.dirty = false
	}
	return m.sorted
}

// slot finds (growing if needed) the ring slot of minute mi, or -1 when the
// minute is older than the window.
func (m *metricStore) slot(s *series, mi int64) int {
	if s.first < 0 {
		s.first, s.last = mi, mi-1
	}
	window := m.win(s)
	w := int64(window)
	if mi < s.first || mi <= s.last-w {
		return -1
	}
	idx := int((mi - s.first) % w)
	need := int(min(mi-s.first+1, w))
	if s.agg {
		if len(s.a) < need {
			s.a = grow(s.a, need, window, aggPt{})
		}
	} else if len(s.v) < need {
		s.v = grow(s.v, need, window, float32(math.NaN()))
	}
	if mi > s.last {
		// clear the slots skipped since the last write (they wrap round)
		for k := s.last + 1; k < mi && k > mi-w; k++ {
			j := int((k - s.first) % w)
			if s.agg {
				if j < len(s.a) {
					s.a[j] = aggPt{}
				}
			} else if j < len(s.v) {
				s.v[j] = float32(math.NaN())
			}
		}
		if s.agg {
			s.a[idx] = aggPt{}
		} else {
			s.v[idx] = float32(math.NaN())
		}
		s.last = mi
	}
	return idx
}

// grow extends a ring to need slots, reallocating to exactly the window (or
// doubling, for long windows) so rings do not carry append's slack.
func grow[T any](buf []T, need, window int, fill T) []T {
	if need > cap(buf) {
		c := window
		if window > 1440 {
			c = min(window, max(need, 2*cap(buf), 64))
		}
		nb := make([]T, len(buf), c)
		copy(nb, buf)
		buf = nb
	}
	for len(buf) < need {
		buf = append(buf, fill)
	}
	return buf
}

// set records a single-source value for a minute.
func (m *metricStore) set(s *series, mi int64, v float64) {
	if i := m.slot(s, mi); i >= 0 {
		if s.agg {
			s.a[i] = aggPt{sum: float32(v), min: float32(v), max: float32(v), n: 1}
		} else {
			s.v[i] = float32(v)
		}
	}
}

// add merges samples into an aggregated minute.
func (m *metricStore) add(s *series, mi int64, sum, lo, hi float64, n uint32) {
	if n == 0 {
		return
	}
	i := m.slot(s, mi)
	if i < 0 {
		return
	}
	if !s.agg {
		s.v[i] = float32(sum / float64(n))
		return
	}
	p := &s.a[i]
	if p.n == 0 {
		*p = aggPt{sum: float32(sum), min: float32(lo), max: float32(hi), n: n}
		return
	}
	p.sum += float32(sum)
	p.min = min(p.min, float32(lo))
	p.max = max(p.max, float32(hi))
	p.n += n
}

// point reads one live minute from the ring as a statistic set.
func (m *metricStore) point(s *series, mi int64) (aggPt, bool) {
	w := int64(m.win(s))
	if s.first < 0 || mi < s.first || mi > s.last || mi <= s.last-w {
		return aggPt{}, false
	}
	idx := int((mi - s.first) % w)
	if s.agg {
		if idx >= len(s.a) || s.a[idx].n == 0 {
			return aggPt{}, false
		}
		return s.a[idx], true
	}
	if idx >= len(s.v) {
		return aggPt{}, false
	}
	v := s.v[idx]
	if v != v {
		return aggPt{}, false
	}
	return aggPt{sum: v, min: v, max: v, n: 1}, true
}

// read fills out with the minutes [from, from+len(out)) of s (n == 0 is
// no data): the history model's for the minutes before the live data began
// and for those that have left the ring, the ring's for the rest.
func (m *metricStore) read(s *series, from int64, out []aggPt) {
	clear(out)
	end := from + int64(len(out))
	live := from
	if s.hist != nil {
		lim := m.histEnd
		if s.last >= 0 {
			lim = max(lim, s.last-int64(m.win(s))+1)
		}
		if live = min(end, max(from, lim)); live > from {
			s.hist.fill(from, out[:live-from])
		}
	}
	if s.first < 0 {
		return
	}
	for mi := max(live, s.first); mi < end && mi <= s.last; mi++ {
		if p, ok := m.point(s, mi); ok {
			out[mi-from] = p
		}
	}
}

// lastMinute is the newest minute the series has data for, live or from
// its history.
func (m *metricStore) lastMinute(s *series) int64 {
	if s.hist != nil {
		return max(s.last, m.histEnd-1)
	}
	return s.last
}

// statistic computes one statistic over the minutes [from, from+n).
func (m *metricStore) statistic(s *series, from int64, n int, stat string) (float64, bool) {
	var buf [64]aggPt
	pts := sized(buf[:], int64(n))
	m.read(s, from, pts)
	return statOf(pts, s.agg, stat)
}

// sized is buf cut to n, or a new slice when buf is too short.
func sized(buf []aggPt, n int64) []aggPt {
	if n <= int64(len(buf)) {
		return buf[:n]
	}
	return make([]aggPt, n)
}

// statOf computes one statistic over minute statistic sets. Percentiles
// are approximated from them: exact for single-source series (the minute
// values are the samples), interpolated between average and extremes for
// aggregated ones.
func statOf(pts []aggPt, agg bool, stat string) (float64, bool) {
	var sum, cnt float64
	lo, hi := math.Inf(1), math.Inf(-1)
	var vals []float64
	pct, isPct := parsePercentile(stat)
	seen := false
	for _, p := range pts {
		if p.n == 0 {
			continue
		}
		seen = true
		sum += float64(p.sum)
		cnt += float64(p.n)
		lo = math.Min(lo, float64(p.min))
		hi = math.Max(hi, float64(p.max))
		if isPct && !agg {
			vals = append(vals, float64(p.sum))
		}
	}
	if !seen {
		return 0, false
	}
	switch stat {
	case "Average", "avg", "AVG":
		return sum / cnt, true
	case "Sum", "sum":
		return sum, true
	case "Minimum", "min":
		return lo, true
	case "Maximum", "max":
		return hi, true
	case "SampleCount", "n":
		return cnt, true
	}
	if isPct {
		if !agg && len(vals) > 0 {
			sort.Float64s(vals)
			i := int(math.Ceil(pct/100*float64(len(vals)))) - 1
			return vals[clampi(i, 0, len(vals)-1)], true
		}
		avg := sum / cnt
		if pct >= 50 {
			return avg + (hi-avg)*(pct-50)/50, true
		}
		return lo + (avg-lo)*pct/50, true
	}
	return sum / cnt, true
}

func parsePercentile(stat string) (float64, bool) {
	if len(stat) < 2 || (stat[0] != 'p' && stat[0] != 'P') {
		return 0, false
	}
	v, err := strconv.ParseFloat(stat[1:], 64)
	if err != nil || v < 0 || v > 100 {
		return 0, false
	}
	return v, true
}

func validStat(stat string) bool {
	switch stat {
	case "Average", "Sum", "Minimum", "Maximum", "SampleCount":
		return true
	}
	_, ok := parsePercentile(stat)
	return ok
}

// gc forgets every series whose data has all aged out of the window (an
// instance's metrics, once it is gone).
func (m *metricStore) gc(nowMin int64) {
	for k, s := range m.series {
		if s.last >= 0 && s.last <= nowMin-int64(m.win(s)) && s.ns != "" && s.dims != nil {
			delete(m.series, k)
			m.dirty = true
		}
	}
}
