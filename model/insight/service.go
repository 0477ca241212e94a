package insight

import (
	"slices"
	"time"

	"github.com/solemate/hoist/model"
)

// ScalingWindows are the spans in which the group was scaling: each
// activity from its start to its end, and each scale-out from its origin
// until it delivered, merged where they meet; open ones end at now.
func ScalingWindows(group string, acts []model.Activity, rs []Response, now time.Time) []Window {
	var ws []Window
	for _, a := range acts {
		if a.Group != group {
			continue
		}
		end := a.End
		if end.IsZero() {
			end = now
		}
		ws = append(ws, Window{a.Start, end})
	}
	for _, r := range rs {
		end := r.Done()
		if end.IsZero() {
			end = now
		}
		ws = append(ws, Window{r.At, end})
	}
	slices.SortFunc(ws, func(a, b Window) int { return a.From.Compare(b.From) })
	var out []Window
	for _, w := range ws {
		if !w.To.After(w.From) {
			w.To = w.From.Add(time.Second) // an instant still marks its period
		}
		if n := len(out); n > 0 && !w.From.After(out[n-1].To) {
			if w.To.After(out[n-1].To) {
				out[n-1].To = w.To
			}
			continue
		}
		out = append(out, w)
	}
	return out
}

// during reports whether the period [t, t+p) meets any window.
func during(ws []Window, t time.Time, p time.Duration) bool {
	for _, w := range ws {
		if w.Overlaps(t, t.Add(p)) {
			return true
		}
	}
	return false
}

// Served is requests and failures over some span.
type Served struct {
	Requests float64 `json:"requests"`
	Failed   float64 `json:"failed"`
	// Share is the share answered without a 5xx; 1 with no requests.
	Share float64 `json:"availability"`
	Known bool    `json:"known"` // false: no request metrics
}

func (s *Served) add(req, failed float64) {
	s.Requests += req
	s.Failed += failed
	s.Known = true
}

func (s *Served) finish() {
	s.Share = 1
	if s.Requests > 0 {
		s.Share = 1 - s.Failed/s.Requests
	}
}

// Availability is the share of requests answered without a 5xx from the
// load balancer or the targets, over the window and during and outside
// its scaling windows.
type Availability struct {
	All     Served `json:"all"`
	During  Served `json:"during_scaling"`
	Outside Served `json:"outside_scaling"`
}

// AvailabilityOf measures the group's availability. A request the load
// balancer answered with a 5xx itself is in ELB5xx and not in Requests
// (ALB's RequestCount counts only requests that reached a target), so it
// is added to both.
func AvailabilityOf(s Series, scaling []Window, w Window) Availability {
	var a Availability
	p := s.period(s.Requests)
	t5, e5 := newCursor(in(s.Target5xx, w), p), newCursor(in(s.ELB5xx, w), p)
	add := func(t time.Time, req, failed float64) {
		a.All.add(req, failed)
		if during(scaling, t, p) {
			a.During.add(req, failed)
		} else {
			a.Outside.add(req, failed)
		}
	}
	reqs := in(s.Requests, w)
	for _, pt := range reqs {
		t, _ := t5.at(pt.T)
		e, _ := e5.at(pt.T)
		add(pt.T, pt.V+e, t+e)
	}
	// periods with no request at any target: the load balancer answered
	// them all
	j := 0
	for _, pt := range in(s.ELB5xx, w) {
		for j < len(reqs) && reqs[j].T.Before(pt.T) {
			j++
		}
		if pt.V > 0 && (j == len(reqs) || !reqs[j].T.Equal(pt.T)) {
			add(pt.T, pt.V, pt.V)
		}
	}
	a.All.finish()
	a.During.finish()
	a.Outside.finish()
	return a
}

// LatencyStats summarises per-period p99 response times, in milliseconds:
// the typical period (median) and the worst.
type LatencyStats struct {
	Periods int     `json:"periods"`
	Median  float64 `json:"median_ms"`
	Worst   float64 `json:"worst_ms"`
}

func latencyOf(vals []float64) LatencyStats {
	if len(vals) == 0 {
		return LatencyStats{}
	}
	return LatencyStats{Periods: len(vals), Median: median(vals), Worst: slices.Max(vals)}
}

// Latency compares p99 response time during scaling with outside it.
type Latency struct {
	All     LatencyStats `json:"all"`
	During  LatencyStats `json:"during_scaling"`
	Outside LatencyStats `json:"outside_scaling"`
}

// Degradation is how much slower the typical period is while scaling:
// during / outside (1 = no degradation; 0 when either side has no data).
func (l Latency) Degradation() float64 {
	if l.During.Periods == 0 || l.Outside.Periods == 0 || l.Outside.Median <= 0 {
		return 0
	}
	return l.During.Median / l.Outside.Median
}

// LatencyOf measures p99 response time during and outside scaling.
func LatencyOf(s Series, scaling []Window, w Window) Latency {
	p := s.period(s.P99)
	var all, dur, out []float64
	for _, pt := range in(s.P99, w) {
		all = append(all, pt.V)
		if during(scaling, pt.T, p) {
			dur = append(dur, pt.V)
		} else {
			out = append(out, pt.V)
		}
	}
	return Latency{All: latencyOf(all), During: latencyOf(dur), Outside: latencyOf(out)}
}
