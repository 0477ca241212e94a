package sim

import (
	"fmt"
	"math"
	"time"
)

// Instance refresh statuses.
const (
	rsPending    = "Pending"
	rsInProgress = "InProgress"
	rsSuccessful = "Successful"
	rsFailed     = "Failed"
	rsCancelling = "Cancelling"
	rsCancelled  = "Cancelled"
)

const refreshStall = 20 * time.Minute

func (g *group) activeRefresh() *refresh {
	if n := len(g.refreshes); n > 0 {
		r := g.refreshes[n-1]
		if r.status == rsPending || r.status == rsInProgress || r.status == rsCancelling {
			return r
		}
	}
	return nil
}

func (s *Simulator) startRefresh(g *group, minHealthy, warmup int32) *refresh {
	if r := g.activeRefresh(); r != nil {
		return nil
	}
	r := &refresh{id: s.uuid(), g: g, status: rsPending, start: s.now, minHealthy: minHealthy, warmup: warmup,
		total: g.active(), replaced: map[string]bool{}, cutoff: s.now, waitUntil: s.now}
	g.refreshes = append(g.refreshes, r)
	if len(g.refreshes) > 20 {
		g.refreshes = g.refreshes[len(g.refreshes)-20:]
	}
	return r
}

// runRefresh replaces instances launched before the refresh in batches,
// keeping MinHealthyPercentage of desired capacity healthy; it fails when
// replacements do not become healthy for a while (a bad deploy).
func (s *Simulator) runRefresh(g *group) {
	r := g.activeRefresh()
	if r == nil {
		return
	}
	if r.status == rsCancelling {
		r.status, r.end, r.reason = rsCancelled, s.now, "Cancelled by user request."
		return
	}
	if g.isSuspended("InstanceRefresh") {
		return
	}
	if r.status == rsPending {
		r.status = rsInProgress
	}
	var old []*instance
	healthy := 0
	for _, in := range g.insts {
		if in.state != lsPending && in.state != lsInService {
			continue
		}
		if in.launched.Before(r.cutoff) {
			old = append(old, in)
		}
		if in.state == lsInService && s.serving(in) && s.now.Sub(in.inService) >= time.Duration(r.warmup)*time.Second {
			healthy++
		}
	}
	if len(old) == 0 {
		if healthy >= g.desired {
			r.status, r.end, r.reason = rsSuccessful, s.now, ""
		}
		return
	}
	if s.now.Sub(r.waitUntil) > refreshStall {
		r.status, r.end = rsFailed, s.now
		r.reason = "The instance refresh failed because replacement instances did not pass health checks."
		return
	}
	need := int(math.Ceil(float64(g.desired) * float64(r.minHealthy) / 100))
	allowed := healthy - need
	if allowed <= 0 {
		// at least one at a time, once everything launched so far is healthy
		if healthy < g.active() {
			return
		}
		allowed = 1
	}
	for _, in := range old[:min(allowed, len(old))] {
		if r.replaced[in.id] {
			continue
		}
		r.replaced[in.id] = true
		s.terminate(in, fmt.Sprintf("At %s an instance was taken out of service in response to an instance refresh.  At %s instance %s was selected for termination.",
			isoTime(s.now), isoTime(s.now), in.id))
		r.waitUntil = s.now
	}
}

func (r *refresh) percent() int32 {
	if r.total == 0 {
		return 100
	}
	if r.status == rsSuccessful {
		return 100
	}
	return int32(min(100, len(r.replaced)*100/r.total))
}
