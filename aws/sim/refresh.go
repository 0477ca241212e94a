package sim

import (
	"fmt"
	"math"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Instance refresh statuses.
const (
	rsPending           = "Pending"
	rsInProgress        = "InProgress"
	rsSuccessful        = "Successful"
	rsFailed            = "Failed"
	rsCancelling        = "Cancelling"
	rsCancelled         = "Cancelled"
	rsRollbackProgress  = "RollbackInProgress"
	rsRollbackFailed    = "RollbackFailed"
	rsRollbackSucceeded = "RollbackSuccessful"
)

// refreshStall fails a refresh (or its rollback) whose replacements have not
// become healthy for this long: a bad deploy.
const refreshStall = 20 * time.Minute

func (g *group) activeRefresh() *refresh {
	if n := len(g.refreshes); n > 0 {
		r := g.refreshes[n-1]
		switch r.status {
		case rsPending, rsInProgress, rsCancelling, rsRollbackProgress:
			return r
		}
	}
	return nil
}

func (r *refresh) rollingBack() bool { return r.rollback != nil }

// startRefresh begins replacing the group's instances; desired, when set,
// is the configuration replacements launch from, and becomes the group's
// when the refresh succeeds.
func (s *Simulator) startRefresh(g *group, prefs refreshPrefs, desired *launchSpec) *refresh {
	if r := g.activeRefresh(); r != nil {
		return nil
	}
	r := &refresh{id: s.uuid(), g: g, status: rsPending, start: s.now, minHealthy: prefs.minHealthy, warmup: prefs.warmup,
		total: g.active(), replaced: map[string]bool{}, cutoff: s.now, waitUntil: s.now, desired: desired, prefs: prefs.raw}
	g.refreshes = append(g.refreshes, r)
	if len(g.refreshes) > 20 {
		g.refreshes = g.refreshes[len(g.refreshes)-20:]
	}
	if aws.ToBool(prefs.raw.SkipMatching) {
		r.total = len(s.refreshTargets(g, r)) // now that the group launches from it
	}
	return r
}

// refreshTargets are the live instances the refresh still has to replace:
// those launched before it started or, with skip matching, those that do
// not match what it launches.
func (s *Simulator) refreshTargets(g *group, r *refresh) []*instance {
	skip := aws.ToBool(r.prefs.SkipMatching)
	want := g.launching()
	var out []*instance
	for _, in := range g.insts {
		if (in.state != lsPending && in.state != lsInService) || r.replaced[in.id] {
			continue
		}
		if skip && !want.matches(in) || !skip && in.launched.Before(r.cutoff) {
			out = append(out, in)
		}
	}
	return out
}

// rollbackTargets are the live instances a rollback still has to replace:
// those launched from the refresh's desired configuration.
func (r *refresh) rollbackTargets(g *group) []*instance {
	own := g.spec()
	var out []*instance
	for _, in := range g.insts {
		if in.state != lsPending && in.state != lsInService || r.rollback.replaced[in.id] {
			continue
		}
		if r.desired.matches(in) && !own.matches(in) {
			out = append(out, in)
		}
	}
	return out
}

// runRefresh replaces instances in batches, keeping MinHealthyPercentage of
// desired capacity healthy, pausing at checkpoints; it fails when
// replacements do not become healthy for a while (a bad deploy), and then
// rolls back if asked to.
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
	if r.rollingBack() {
		s.runRollback(g, r)
		return
	}
	if r.status == rsPending {
		r.status = rsInProgress
	}
	healthy := s.healthyForRefresh(g, r)
	targets := s.refreshTargets(g, r)
	if len(targets) == 0 {
		if healthy >= g.desired {
			s.refreshDone(g, r)
		}
		return
	}
	if s.now.Sub(r.waitUntil) > refreshStall {
		r.reason = "The instance refresh failed because replacement instances did not pass health checks."
		if aws.ToBool(r.prefs.AutoRollback) && r.desired != nil {
			s.startRollback(r, "Instance refresh failed: replacement instances did not pass health checks.")
			return
		}
		r.status, r.end = rsFailed, s.now
		return
	}
	if s.atCheckpoint(r) {
		return
	}
	s.replaceBatch(g, r, targets, healthy, r.replaced, "an instance refresh")
}

// refreshDone ends a refresh; its desired configuration becomes the group's.
func (s *Simulator) refreshDone(g *group, r *refresh) {
	r.status, r.end, r.reason = rsSuccessful, s.now, ""
	if d := r.desired; d != nil {
		g.lt, g.ltVersion = d.lt, d.version
		if r.mixedWant != nil {
			g.mixed = r.mixedWant
		}
	}
}

// atCheckpoint holds the refresh at each of CheckpointPercentages for
// CheckpointDelay (an hour by default).
func (s *Simulator) atCheckpoint(r *refresh) bool {
	cps := r.prefs.CheckpointPercentages
	if r.checkpoint >= len(cps) || r.percent() < cps[r.checkpoint] {
		return false
	}
	if r.pauseUntil.IsZero() {
		delay := time.Duration(aws.ToInt32(r.prefs.CheckpointDelay)) * time.Second
		if r.prefs.CheckpointDelay == nil {
			delay = time.Hour
		}
		r.pauseUntil = s.now.Add(delay)
		r.reason = fmt.Sprintf("Waiting for checkpoint %d%% to complete.", cps[r.checkpoint])
	}
	if s.now.Before(r.pauseUntil) {
		return true
	}
	r.checkpoint++
	r.pauseUntil, r.reason = time.Time{}, ""
	r.waitUntil = s.now
	return false
}

func (s *Simulator) healthyForRefresh(g *group, r *refresh) int {
	healthy := 0
	for _, in := range g.insts {
		if in.state == lsInService && s.serving(in) && s.now.Sub(in.inService) >= time.Duration(r.warmup)*time.Second {
			healthy++
		}
	}
	return healthy
}

// replaceBatch terminates as many targets as MinHealthyPercentage allows
// (one at a time when it allows none, once all launched so far are
// healthy); reconcile launches their replacements.
func (s *Simulator) replaceBatch(g *group, r *refresh, targets []*instance, healthy int, done map[string]bool, why string) {
	need := int(math.Ceil(float64(g.desired) * float64(r.minHealthy) / 100))
	allowed := healthy - need
	if allowed <= 0 {
		if healthy < g.active() {
			return
		}
		allowed = 1
	}
	for _, in := range targets[:min(allowed, len(targets))] {
		done[in.id] = true
		s.terminate(in, fmt.Sprintf("At %s an instance was taken out of service in response to %s.  At %s instance %s was selected for termination.",
			isoTime(s.now), why, isoTime(s.now), in.id))
		r.waitUntil = s.now
	}
}

// startRollback turns a refresh into its rollback: what it launched is
// replaced from the group's own configuration, which it never changed.
func (s *Simulator) startRollback(r *refresh, reason string) {
	r.rollback = &rollback{reason: reason, start: s.now, replaced: map[string]bool{}}
	r.rollback.total = len(r.rollbackTargets(r.g))
	r.status, r.reason = rsRollbackProgress, ""
	r.pauseUntil = time.Time{}
	r.waitUntil = s.now
}

func (s *Simulator) runRollback(g *group, r *refresh) {
	healthy := s.healthyForRefresh(g, r)
	targets := r.rollbackTargets(g)
	if len(targets) == 0 {
		if healthy >= g.desired {
			r.status, r.end = rsRollbackSucceeded, s.now
		}
		return
	}
	if s.now.Sub(r.waitUntil) > refreshStall {
		r.status, r.end = rsRollbackFailed, s.now
		r.reason = "The rollback failed because replacement instances did not pass health checks."
		return
	}
	s.replaceBatch(g, r, targets, healthy, r.rollback.replaced, "an instance refresh rollback")
}

func (r *refresh) percent() int32 {
	if r.total == 0 || r.status == rsSuccessful {
		return 100
	}
	return int32(min(100, len(r.replaced)*100/r.total))
}

func (r *refresh) instancesToUpdate() int32 { return int32(max(r.total-len(r.replaced), 0)) }

func (rb *rollback) percent() int32 {
	if rb.total == 0 {
		return 100
	}
	return int32(min(100, len(rb.replaced)*100/rb.total))
}
