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
	if !f.Throttled || !strings.Contains(f.Err, "throttling") {
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
