package sim

import (
	"math"
	"slices"
	"time"
)

// The ledger's account of scaling (see ledger.go): how the fleet served
// while its capacity changed, and how long each scale-out took to serve.
//
//   - A scaling minute is one in which a scale-out of the group was under
//     way or an instance was pending or terminating (draining from its
//     target groups included): its
//     requests, failures and p99 are counted apart as well as in the
//     minute's totals.
//   - A scale-out starts when the group's desired capacity rises (by a
//     policy, a scheduled action, predictive scaling or a call) and ends
//     when as many instances serve as it asked for: in service and, behind
//     a load balancer, healthy in every target group. A raise superseded
//     by a lower desired capacity before it served is dropped.

// scaleOut is a raise of desired capacity not yet serving.
type scaleOut struct {
	from time.Time
	want int
}

// scaleOutStarts notes a raise of the group's desired capacity to n.
func (s *Simulator) scaleOutStarts(g *group, n int) {
	if n > g.desired {
		g.scaleOuts = append(g.scaleOuts, scaleOut{from: s.now, want: n})
		return
	}
	g.scaleOuts = slices.DeleteFunc(g.scaleOuts, func(o scaleOut) bool { return o.want > n })
}

// ledgerScaling runs after each fine tick (s.mu held): it closes the
// scale-outs that now serve, into every book they began in, and notes
// groups whose capacity is changing this minute.
func (s *Simulator) ledgerScaling() {
	l := &s.ledger
	for _, name := range s.groupNames {
		g := s.groups[name]
		open := len(g.scaleOuts) > 0
		serving, changing := 0, open
		for _, in := range g.insts {
			if open && s.serving(in) {
				serving++
			}
			switch in.state {
			case lsPending, lsTerminating, lsTerminatingWait:
				changing = true
			}
		}
		g.changing = g.changing || changing
		if !open {
			continue
		}
		g.scaleOuts = slices.DeleteFunc(g.scaleOuts, func(o scaleOut) bool {
			if serving < o.want {
				return false
			}
			took := s.now.Sub(o.from).Seconds()
			l.books(func(b *ledgerBook) {
				if !o.from.Before(b.from) {
					e := b.entry(g)
					e.scaleOuts = append(e.scaleOuts, took)
				}
			})
			return true
		})
	}
}

// addMinute counts a minute of the group, apart as well when its
// capacity was changing.
func (e *LedgerEntry) addMinute(req, failed, p99 float64, hasP99, slow, scaling bool) {
	e.Requests += req
	e.Failed += failed
	if req > 0 {
		e.Minutes++
	}
	if slow {
		e.MinutesP99Over++
	}
	if hasP99 {
		e.P99WorstMS = math.Max(e.P99WorstMS, p99)
		e.p99Sum, e.p99N = e.p99Sum+p99, e.p99N+1
	}
	if !scaling {
		return
	}
	e.ScalingMinutes++
	e.ScalingRequests += req
	e.ScalingFailed += failed
	if slow {
		e.ScalingMinutesP99Over++
	}
	if hasP99 {
		e.ScalingP99WorstMS = math.Max(e.ScalingP99WorstMS, p99)
		e.scalingP99Sum, e.scalingP99N = e.scalingP99Sum+p99, e.scalingP99N+1
	}
}

// merge adds o's accounts to e (the total of the groups).
func (e *LedgerEntry) merge(o *LedgerEntry) {
	e.InstanceSeconds += o.InstanceSeconds
	e.SpotInstanceSeconds += o.SpotInstanceSeconds
	e.OnDemandUSD += o.OnDemandUSD
	e.SpotUSD += o.SpotUSD
	e.Requests += o.Requests
	e.Failed += o.Failed
	e.Minutes += o.Minutes
	e.MinutesP99Over += o.MinutesP99Over
	e.P99WorstMS = math.Max(e.P99WorstMS, o.P99WorstMS)
	e.p99Sum, e.p99N = e.p99Sum+o.p99Sum, e.p99N+o.p99N
	e.ScalingMinutes += o.ScalingMinutes
	e.ScalingRequests += o.ScalingRequests
	e.ScalingFailed += o.ScalingFailed
	e.ScalingMinutesP99Over += o.ScalingMinutesP99Over
	e.ScalingP99WorstMS = math.Max(e.ScalingP99WorstMS, o.ScalingP99WorstMS)
	e.scalingP99Sum, e.scalingP99N = e.scalingP99Sum+o.scalingP99Sum, e.scalingP99N+o.scalingP99N
	e.scaleOuts = append(e.scaleOuts, o.scaleOuts...)
}

// finish derives the shares, means and the scale-outs' figures.
func (e *LedgerEntry) finish() {
	e.CostUSD = e.OnDemandUSD + e.SpotUSD
	e.Availability = share(e.Failed, e.Requests)
	e.ScalingAvailability = share(e.ScalingFailed, e.ScalingRequests)
	if e.p99N > 0 {
		e.P99MeanMS = e.p99Sum / float64(e.p99N)
	}
	if e.scalingP99N > 0 {
		e.ScalingP99MeanMS = e.scalingP99Sum / float64(e.scalingP99N)
	}
	d := slices.Clone(e.scaleOuts)
	slices.Sort(d)
	e.ScaleOuts = len(d)
	e.ScaleOutsOver2m = 0
	for _, v := range d {
		if v > 120 {
			e.ScaleOutsOver2m++
		}
	}
	if len(d) > 0 {
		e.ScaleOutMedianS = d[(len(d)-1)/2]
		e.ScaleOutWorstS = d[len(d)-1]
	}
}

// share is 1 - failed/requests; 1 with no requests.
func share(failed, requests float64) float64 {
	if requests > 0 {
		return 1 - failed/requests
	}
	return 1
}
