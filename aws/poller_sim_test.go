package aws

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// TestPollerThrottledReadsNotRetried: a throttled describe in a poller
// cycle goes out once (the poller's backed-off next cycle is its retry)
// and shows as throttled, while a one-shot read (hoist status, the re-read
// before an action) keeps the SDK's retries.
func TestPollerThrottledReadsNotRetried(t *testing.T) {
	env := openSim(t, nil)
	env.sim.SetFaults(sim.Faults{Throttle: map[string]float64{"autoscaling": 1}})
	const op = "autoscaling:DescribeAutoScalingGroups"

	p := NewPoller(env.session, PollerOptions{Cadence: cadences(time.Hour)})
	stop := runPoller(t, p)
	snap := waitSnap(t, p, 20*time.Second, "groups throttled", func(s model.Snapshot) bool {
		return s.Fresh[model.ClassGroups].Failures > 0
	})
	stop()
	f := snap.Fresh[model.ClassGroups]
	if !f.Throttled || !strings.Contains(f.Err, "throttled") {
		t.Errorf("groups freshness = %+v, want throttled", f)
	}
	reqs, _ := simRequests(env.sim)
	if n := reqs[op]; n != 1 {
		t.Errorf("the poller's groups cycle sent DescribeAutoScalingGroups %d times, want once", n)
	}

	_, err := env.session.Groups(context.Background(), false)
	if !IsThrottled(err) {
		t.Fatalf("one-shot read: err = %v, want throttled", err)
	}
	after, _ := simRequests(env.sim)
	if n := after[op] - reqs[op]; n != 3 {
		t.Errorf("a one-shot read sent DescribeAutoScalingGroups %d times, want 3 (the SDK's attempts)", n)
	}
}

// TestPollerRecoversInOneRound: after an outage every class has backed
// off, each by its own amount. The first class whose backoff ends finds
// the endpoint answering, and the other failed classes refresh in the
// same round, with the clock standing still, instead of each waiting out
// its own backoff.
func TestPollerRecoversInOneRound(t *testing.T) {
	clock := newFakeClock()
	env := openSim(t, func(o *Options) { o.Clock = clock })
	p := NewPoller(env.session, PollerOptions{Visible: model.Visible{
		Groups: []string{"solemate-web-prod", "solemate-app-prod"}, Selected: "solemate-web-prod", Range: time.Hour}})
	stop := runPoller(t, p)
	defer stop()
	var last model.Snapshot
	drain := func(within time.Duration, ok func(model.Snapshot) bool) bool {
		deadline := time.After(within)
		for {
			select {
			case last = <-p.Snapshots():
				if ok(last) {
					return true
				}
			case <-deadline:
				return false
			}
		}
	}
	if !drain(20*time.Second, allFetched) {
		t.Fatalf("first cycle incomplete: %+v", last.Fresh)
	}

	env.sim.SetFaults(sim.Faults{OutageFor: time.Hour})
	for i := 0; i < 12; i++ {
		clock.Advance(10 * time.Second)
		drain(100*time.Millisecond, func(model.Snapshot) bool { return false })
	}
	env.sim.SetFaults(sim.Faults{})
	back := clock.Now()
	failed := map[model.Class]int{}
	for c, f := range last.Fresh {
		if f.Failures > 0 {
			failed[c] = f.Failures
		}
	}
	if failed[model.ClassGroups] < 2 || len(failed) < 4 {
		t.Fatalf("the outage did not make the classes back off: %v", failed)
	}

	refreshed := func(s model.Snapshot, c model.Class) bool { return s.Fresh[c].FetchedAt.After(back) }
	any := func(s model.Snapshot) bool {
		for c := range failed {
			if refreshed(s, c) {
				return true
			}
		}
		return false
	}
	for i := 0; i < 300 && !any(last); i++ {
		clock.Advance(time.Second)
		drain(30*time.Millisecond, any)
	}
	at := clock.Now()
	if !drain(5*time.Second, func(s model.Snapshot) bool {
		for c := range failed {
			if !refreshed(s, c) || s.Fresh[c].Err != "" {
				return false
			}
		}
		return true
	}) {
		t.Fatalf("%s after the outage, with the clock standing still, not every failed class refreshed (failures were %v): %+v",
			at.Sub(back), failed, last.Fresh)
	}
	t.Logf("failures at the end of the outage %v; all refreshed %s after it, in one round", failed, at.Sub(back))
}
