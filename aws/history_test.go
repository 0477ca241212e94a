package aws

import (
	"context"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
)

// The scaling response hoist reports from what AWS records (activities,
// alarm history, HealthyHostCount at one minute) against the simulator's
// own record of the same scale-outs, read every fine tick (10 s): in
// service exactly, and healthy within the metric's minute plus one tick.
func TestScalingResponseAgainstTheSimulator(t *testing.T) {
	env := openSim(t, nil)
	ctx := context.Background()
	const web = "solemate-web-prod"
	groups, err := env.session.Groups(ctx, false, web)
	if err != nil || len(groups) != 1 {
		t.Fatalf("groups: %v", err)
	}
	lbs, tgs, err := env.session.describeLoadBalancers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	snap := model.Snapshot{Groups: groups, LoadBalancers: lbs, TargetGroups: tgs}
	g := &snap.Groups[0]
	tg, lb := snap.FrontOf(g)
	from := env.sim.Now()
	if err := env.sim.SetScenario("flash-sale"); err != nil {
		t.Fatal(err)
	}
	// the truth, polled every fine tick: when healthy targets and
	// in-service instances reached each count
	healthyAt := map[int]time.Time{}
	const tick = 10 * time.Second
	for step := 0; step < 180; step++ {
		env.sim.Advance(tick)
		now := env.sim.Now()
		ts, err := env.session.describeTargetHealth(ctx, tg.ARN)
		if err != nil {
			t.Fatal(err)
		}
		n := (&model.TargetGroup{Targets: ts}).Counts().Healthy
		for k := 1; k <= n; k++ {
			if _, ok := healthyAt[k]; !ok {
				healthyAt[k] = now
			}
		}
	}
	to := env.sim.Now().Truncate(time.Minute)
	acts, err := env.session.ActivitiesBetween(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	alarms, err := env.session.AlarmHistoryBetween(ctx, from.Add(-5*time.Minute), to)
	if err != nil {
		t.Fatal(err)
	}
	spec, _ := insight.HealthySpec(g, insight.Front{TargetGroup: tg, LoadBalancer: lb})
	data, requested, err := env.session.MetricHistory(ctx, []model.MetricSpec{spec}, from.Truncate(time.Minute), to, time.Minute)
	if err != nil || requested != 1 {
		t.Fatalf("metric history: %v (%d requested)", err, requested)
	}
	series := insight.SeriesFrom(web, data, time.Minute, time.Minute)
	rs := insight.ScalingResponses(insight.ResponseInput{Group: web, Activities: acts, Alarms: alarms,
		Healthy: series.Healthy, HasTargets: true})
	if len(rs) == 0 {
		t.Fatal("a flash sale scaled the web tier out not once")
	}
	checked := 0
	for _, r := range rs {
		truth, ok := healthyAt[r.To]
		if r.Healthy.IsZero() || !ok || truth.Before(from) {
			continue // still under way when the window closed
		}
		checked++
		if r.Origin != insight.OriginBreach || r.Alarm == "" {
			t.Errorf("%s: a flash sale's scale-out comes from an alarm", r.Line(time.UTC))
		}
		if late := r.Healthy.Sub(truth); late < -tick || late > time.Minute+tick {
			t.Errorf("%s: healthy at %s, the simulator's targets at %s (%v apart)", r.Line(time.UTC),
				r.Healthy.Format("15:04:05"), truth.Format("15:04:05"), late)
		}
		if r.InService.Before(r.Launched) || r.Healthy.Before(r.InService.Add(-tick)) {
			t.Errorf("%s: steps out of order", r.Line(time.UTC))
		}
	}
	if checked == 0 {
		t.Fatalf("no complete scale-out to check among %d", len(rs))
	}
}

func TestHistoryReadsStopAtTheWindow(t *testing.T) {
	env := openSim(t, nil)
	ctx := context.Background()
	if err := env.sim.SetScenario("flash-sale"); err != nil {
		t.Fatal(err)
	}
	env.sim.Advance(40 * time.Minute)
	now := env.sim.Now()
	all, err := env.session.ActivitiesBetween(ctx, now.Add(-time.Hour), now)
	if err != nil || len(all) == 0 {
		t.Fatalf("activities: %d, %v", len(all), err)
	}
	from := now.Add(-10 * time.Minute)
	recent, err := env.session.ActivitiesBetween(ctx, from, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(recent) >= len(all) {
		t.Fatalf("the last 10 minutes hold %d of the hour's %d activities", len(recent), len(all))
	}
	for i, a := range recent {
		if a.Start.Before(from) || !a.Start.Before(now) || i > 0 && a.Start.After(recent[i-1].Start) {
			t.Fatalf("activity %d at %s: outside [%s, %s) or out of order", i, a.Start, from, now)
		}
	}
	// the alarms settle when the fleet has caught up with the sale, so the
	// window starts among the hour's transitions, wherever they fell
	hour, err := env.session.AlarmHistoryBetween(ctx, now.Add(-time.Hour), now)
	if err != nil || len(hour) < 2 {
		t.Fatalf("alarm history of the hour: %d, %v", len(hour), err)
	}
	from = hour[len(hour)/2].Time
	if !hour[0].Time.Before(from) {
		t.Fatalf("the hour's alarm history all at %s", from)
	}
	hist, err := env.session.AlarmHistoryBetween(ctx, from, now)
	if err != nil || len(hist) == 0 || len(hist) >= len(hour) {
		t.Fatalf("alarm history from %s: %d of the hour's %d, %v", from, len(hist), len(hour), err)
	}
	for i, e := range hist {
		if e.Time.Before(from) || e.Time.After(now) || i > 0 && e.Time.Before(hist[i-1].Time) {
			t.Fatalf("alarm event %d at %s outside the window or out of order", i, e.Time)
		}
	}
}
