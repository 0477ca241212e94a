package aws

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"go.uber.org/goleak"

	"github.com/solemate/hoist/model"
)

// leakOpts ignores the HTTP keep-alive goroutines of the SDK's shared
// transport and of the test servers, which outlive a poller by design.
var leakOpts = []goleak.Option{
	goleak.IgnoreAnyFunction("net/http.(*persistConn).readLoop"),
	goleak.IgnoreAnyFunction("net/http.(*persistConn).writeLoop"),
	goleak.IgnoreAnyFunction("net/http.(*Server).Serve"),
	goleak.IgnoreAnyFunction("net/http.(*conn).serve"),
	goleak.IgnoreAnyFunction("net/http/httptest.(*Server).goServe.func1"),
}

func cadences(d time.Duration) map[model.Class]time.Duration {
	m := map[model.Class]time.Duration{}
	for _, c := range model.Classes {
		m[c] = d
	}
	return m
}

// runPoller starts p and returns a stop func that cancels it and checks it
// returned promptly.
func runPoller(t *testing.T, p *Poller) func() {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Run(ctx)
	}()
	return func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Fatal("poller did not stop within 15s of cancel")
		}
	}
}

// waitSnap reads snapshots until ok accepts one or the time runs out.
func waitSnap(t *testing.T, p *Poller, within time.Duration, what string, ok func(model.Snapshot) bool) model.Snapshot {
	t.Helper()
	deadline := time.After(within)
	var last model.Snapshot
	for {
		select {
		case s := <-p.Snapshots():
			last = s
			if ok(s) {
				return s
			}
		case <-deadline:
			t.Fatalf("no snapshot with %s within %s; last: gen %d fresh %+v", what, within, last.Generation, last.Fresh)
		}
	}
}

func allFetched(s model.Snapshot) bool {
	for _, c := range model.Classes {
		if s.Fresh[c].FetchedAt.IsZero() {
			return false
		}
	}
	return true
}

func TestPoller(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	base := goleak.IgnoreCurrent()

	// Cadences of an hour: after the first cycle only Refresh and Show
	// can make the poller call again.
	p := NewPoller(env.session, PollerOptions{
		Cadence: cadences(time.Hour), Session: 7,
		Visible: model.Visible{Groups: []string{"web", "api"}, Selected: "web", Range: 15 * time.Minute},
	})
	stop := runPoller(t, p)

	snap := waitSnap(t, p, 20*time.Second, "every class fetched", allFetched)
	if snap.Session != 7 || snap.Generation == 0 || len(snap.Groups) != 2 {
		t.Fatalf("snapshot: session %d gen %d groups %d", snap.Session, snap.Generation, len(snap.Groups))
	}
	for _, c := range model.Classes {
		if f := snap.Fresh[c]; f.Err != "" {
			t.Errorf("%s: %s", c, f.Err)
		}
	}
	if snap.Fresh[model.ClassGroups].Calls != 1 {
		t.Errorf("groups cycle made %d calls, want 1", snap.Fresh[model.ClassGroups].Calls)
	}
	// web's detail series (no target group: cpu, desired, in-service, min,
	// max) and api's CPU.
	if snap.MetricsPerCycle != 6 || snap.MetricsEvery != time.Hour {
		t.Errorf("metrics per cycle %d every %s", snap.MetricsPerCycle, snap.MetricsEvery)
	}

	// Show: only api on screen, selected: 5 series.
	p.Show(model.Visible{Groups: []string{"api"}, Selected: "api", Range: time.Hour})
	waitSnap(t, p, 10*time.Second, "metrics for api only", func(s model.Snapshot) bool { return s.MetricsPerCycle == 5 })

	// Refresh: a change made behind hoist's back shows up at once, read
	// with one targeted describe.
	r := newRaw(t)
	if _, err := r.asg.SetDesiredCapacity(context.Background(), &autoscaling.SetDesiredCapacityInput{
		AutoScalingGroupName: sdk.String("web"), DesiredCapacity: sdk.Int32(3),
	}); err != nil {
		t.Fatal(err)
	}
	before := env.proxy.count("autoscaling:DescribeAutoScalingGroups")
	old := snap
	oldWeb, _ := old.Group("web")
	oldDesired := oldWeb.Desired
	p.Refresh("web")
	snap = waitSnap(t, p, 10*time.Second, "web at desired 3", func(s model.Snapshot) bool {
		g, ok := s.Group("web")
		return ok && g.Desired == 3
	})
	if n := env.proxy.count("autoscaling:DescribeAutoScalingGroups") - before; n != 1 {
		t.Errorf("Refresh made %d DescribeAutoScalingGroups calls, want 1", n)
	}
	// Snapshots are immutable: the one published before still says 2.
	if g, _ := old.Group("web"); g.Desired != oldDesired || oldDesired != 2 {
		t.Errorf("an earlier snapshot changed under its reader: desired %d, was %d", g.Desired, oldDesired)
	}
	if !strings.Contains(env.proxy.requests("autoscaling:DescribeAutoScalingGroups")[before].Body, "AutoScalingGroupNames.member.1=web") {
		t.Error("Refresh did not describe web by name")
	}

	// Latest wins: a consumer that stops reading finds one snapshot, the
	// newest, not a backlog.
	gen := snap.Generation
	p.Refresh("")
	time.Sleep(1500 * time.Millisecond)
	if n := len(p.Snapshots()); n != 1 {
		t.Errorf("%d snapshots waiting, want 1", n)
	}
	last := <-p.Snapshots()
	if last.Generation <= gen+1 {
		t.Errorf("waiting snapshot is generation %d; want the newest of several after %d", last.Generation, gen)
	}
	select {
	case s := <-p.Snapshots():
		if s.Generation <= last.Generation {
			t.Errorf("older snapshot %d after %d", s.Generation, last.Generation)
		}
	default:
	}

	stop()
	goleak.VerifyNone(t, append(leakOpts, base)...)
}

// TestPollerActedGoesFast: after an action, groups are re-read at once
// and then at the fast cadence.
func TestPollerActedGoesFast(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	cad := cadences(time.Hour)
	p := NewPoller(env.session, PollerOptions{Cadence: cad, Fast: 200 * time.Millisecond, FastFor: 3 * time.Second,
		Visible: model.Visible{Groups: []string{"web"}}})
	stop := runPoller(t, p)
	defer stop()
	snap := waitSnap(t, p, 20*time.Second, "every class fetched", allFetched)
	g, _ := snap.Group("web")
	before := env.proxy.count("autoscaling:DescribeAutoScalingGroups")
	if err := env.session.Act(context.Background(), model.SetDesired{Group: "web", From: g.Capacity, Desired: 3}, "fast", nil); err != nil {
		t.Fatal(err)
	}
	waitSnap(t, p, 5*time.Second, "web at desired 3", func(s model.Snapshot) bool {
		g, ok := s.Group("web")
		return ok && g.Desired == 3
	})
	time.Sleep(1500 * time.Millisecond)
	// The act's own re-read, the nudge's, and fast cycles of 200ms.
	if n := env.proxy.count("autoscaling:DescribeAutoScalingGroups") - before; n < 4 {
		t.Errorf("%d group describes in 1.5s after an action; want the fast cadence", n)
	}
}

// TestPollerFaults drills throttling, 5xx, slow answers and a refused
// endpoint through the proxy: the poller keeps running with the error
// recorded, and recovers when the fault stops.
func TestPollerFaults(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, func(o *Options) { o.CallTimeout = 1500 * time.Millisecond })
	env.proxy.slow = 3 * time.Second
	base := goleak.IgnoreCurrent()
	p := NewPoller(env.session, PollerOptions{Cadence: cadences(300 * time.Millisecond), MaxBackoff: 400 * time.Millisecond,
		Visible: model.Visible{Groups: []string{"web"}, Selected: "web"}})
	stop := runPoller(t, p)
	waitSnap(t, p, 20*time.Second, "every class fetched", allFetched)

	drill := func(name, op string, f fault, class model.Class, check func(model.Freshness) bool) {
		t.Helper()
		env.proxy.setFault(func(o string, _ int, _ *http.Request) fault {
			if strings.HasPrefix(o, op) {
				return f
			}
			return faultNone
		})
		s := waitSnap(t, p, 15*time.Second, name+" recorded", func(s model.Snapshot) bool {
			fr := s.Fresh[class]
			return fr.Failures > 0 && check(fr)
		})
		if s.Fresh[model.ClassGroups].Err != "" && class != model.ClassGroups {
			t.Errorf("%s on %s made groups fail too: %s", name, op, s.Fresh[model.ClassGroups].Err)
		}
		env.proxy.setFault(nil)
		waitSnap(t, p, 15*time.Second, name+" recovered", func(s model.Snapshot) bool {
			fr := s.Fresh[class]
			return fr.Err == "" && fr.Failures == 0 && s.Taken.Sub(fr.FetchedAt) < time.Second
		})
	}
	drill("throttling", "autoscaling:DescribeAutoScalingGroups", faultThrottle, model.ClassGroups, func(f model.Freshness) bool {
		return f.Throttled && strings.Contains(f.Err, "throttled")
	})
	drill("elb throttling", "elasticloadbalancing:", faultThrottle, model.ClassLoadBalancers, func(f model.Freshness) bool {
		return f.Throttled
	})
	drill("cloudwatch throttling", "cloudwatch:DescribeAlarms", faultThrottle, model.ClassAlarms, func(f model.Freshness) bool {
		return f.Throttled
	})
	drill("ec2 throttling", "ec2:DescribeSpotPriceHistory", faultThrottle, model.ClassPrices, func(f model.Freshness) bool {
		return f.Throttled
	})
	drill("5xx", "cloudwatch:DescribeAlarms", fault5xx, model.ClassAlarms, func(f model.Freshness) bool {
		return !f.Throttled && strings.Contains(f.Err, "503")
	})
	drill("slow answers", "autoscaling:DescribeScalingActivities", faultSlow, model.ClassActivities, func(f model.Freshness) bool {
		return strings.Contains(f.Err, "no answer")
	})
	drill("dropped connections", "autoscaling:DescribePolicies", faultDrop, model.ClassPolicies, func(f model.Freshness) bool {
		return f.Err != ""
	})

	// The endpoint refuses every connection, then comes back.
	env.proxy.outage(true)
	s := waitSnap(t, p, 15*time.Second, "outage recorded", func(s model.Snapshot) bool {
		return strings.Contains(s.Fresh[model.ClassGroups].Err, "unreachable")
	})
	if len(s.Groups) != 2 {
		t.Errorf("the last data was dropped during the outage: %d groups", len(s.Groups))
	}
	env.proxy.outage(false)
	waitSnap(t, p, 15*time.Second, "recovery after the outage", func(s model.Snapshot) bool {
		for _, c := range model.Classes {
			if s.Fresh[c].Err != "" {
				return false
			}
		}
		return true
	})
	stop()
	goleak.VerifyNone(t, append(leakOpts, base)...)
}
