package aws

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// A view change while that class is being fetched for the old view is not
// lost: the new view is fetched as soon as the old fetch returns, not a
// cadence (or a backoff) later. In the console: select a group while its
// neighbour's target health is in flight, and see the right targets.
func TestPollerShowDuringFetch(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	var slowed atomic.Bool
	env.proxy.setFault(func(op string, _ int, _ *http.Request) fault {
		if op == "cloudwatch:GetMetricData" && slowed.CompareAndSwap(false, true) {
			return faultSlow // the first metrics fetch takes proxy.slow
		}
		return faultNone
	})
	p := NewPoller(env.session, PollerOptions{
		Cadence: cadences(time.Hour),
		Visible: model.Visible{Groups: []string{"web", "api"}, Selected: "web", Range: 15 * time.Minute},
	})
	stop := runPoller(t, p)
	defer stop()

	deadline := time.Now().Add(20 * time.Second)
	for env.proxy.count("cloudwatch:GetMetricData") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no metrics fetch started")
		}
		time.Sleep(10 * time.Millisecond)
	}
	p.Show(model.Visible{Groups: []string{"api"}, Selected: "api", Range: time.Hour})
	waitSnap(t, p, 10*time.Second, "metrics for the new view (api only)", func(s model.Snapshot) bool {
		return s.MetricsPerCycle == 5 // api selected, no target group: cpu, desired, in service, min, max
	})
}
