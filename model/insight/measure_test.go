package insight

import (
	"math"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

func pts(from time.Time, step time.Duration, vals ...float64) []model.Point {
	out := make([]model.Point, len(vals))
	for i, v := range vals {
		out[i] = model.Point{T: from.Add(time.Duration(i) * step), V: v}
	}
	return out
}

func TestScalingWindowsMerge(t *testing.T) {
	acts := []model.Activity{
		{Group: "web", Start: at("10:00:00"), End: at("10:02:00")},
		{Group: "web", Start: at("10:01:00"), End: at("10:03:00")},
		{Group: "web", Start: at("11:00:00")}, // still running
		{Group: "db", Start: at("09:00:00"), End: at("09:30:00")},
	}
	rs := []Response{{At: at("09:58:00"), InService: at("10:01:00")}}
	got := ScalingWindows("web", acts, rs, at("11:05:00"))
	want := []Window{{at("09:58:00"), at("10:03:00")}, {at("11:00:00"), at("11:05:00")}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("windows %v, want %v", got, want)
	}
}

func TestAvailabilityAndLatencyDuringScaling(t *testing.T) {
	from := at("10:00:00")
	s := Series{Period: time.Minute,
		Requests:  pts(from, time.Minute, 1000, 1000, 1000, 1000, 0),
		Target5xx: pts(from, time.Minute, 0, 10, 0, 0, 0),
		ELB5xx:    pts(from, time.Minute, 0, 0, 0, 0, 50), // no target at all: the load balancer answered
		P99:       pts(from, time.Minute, 100, 400, 120, 110, 90),
	}
	scaling := []Window{{at("10:01:30"), at("10:02:10")}}
	w := Window{from, from.Add(5 * time.Minute)}
	a := AvailabilityOf(s, scaling, w)
	if a.All.Requests != 4050 || a.All.Failed != 60 || math.Abs(a.All.Share-(1-60.0/4050)) > 1e-12 {
		t.Fatalf("all %+v", a.All)
	}
	if a.During.Requests != 2000 || a.During.Failed != 10 || a.Outside.Requests != 2050 || a.Outside.Failed != 50 {
		t.Fatalf("during %+v outside %+v", a.During, a.Outside)
	}
	if empty := AvailabilityOf(Series{}, nil, w); empty.All.Known || empty.All.Share != 1 {
		t.Fatalf("no metrics is unknown, not a failure: %+v", empty.All)
	}
	l := LatencyOf(s, scaling, w)
	if l.During.Periods != 2 || l.During.Median != 260 || l.During.Worst != 400 || l.Outside.Median != 100 || l.All.Worst != 400 {
		t.Fatalf("latency %+v", l)
	}
	if d := l.Degradation(); d != 2.6 {
		t.Fatalf("degradation %v", d)
	}
}

func TestUtilisation(t *testing.T) {
	w := days(1)
	g := group("web", "web", "m6i.large", 2, 20, ttPolicy("cpu", 50))
	// 4 instances all day; the load needs 2 at 50% for the first half, 4 after
	s := Series{Period: time.Hour,
		Instances: gen(w, time.Hour, func(time.Time) float64 { return 4 }),
		CPU: gen(w, time.Hour, func(t time.Time) float64 {
			if t.Hour() < 12 {
				return 25
			}
			return 50
		}),
	}
	u := UtilisationOf(&g, s, w, prices())
	if u.InstanceHours != 96 || u.Instances != 4 || math.Abs(u.Cost-96*0.096) > 1e-9 || math.Abs(u.PerMonth-96*0.096*730/24) > 1e-6 {
		t.Fatalf("hours and cost %+v", u)
	}
	if u.Idle != 0.25 || u.Reference.Policy != "cpu" || u.Reference.Target != 50 {
		t.Fatalf("idle %v against %+v", u.Idle, u.Reference)
	}
	if u.CPU.P50 != 25 || u.CPU.P95 != 50 || u.CPU.Max != 50 || u.Memory.Known {
		t.Fatalf("cpu %+v memory %+v", u.CPU, u.Memory)
	}
	g2 := group("api", "web", "m6i.large", 2, 20)
	u2 := UtilisationOf(&g2, s, w, prices())
	if u2.Reference.Target != DefaultCPUTarget || u2.Reference.Policy != "" || u2.Idle != 0.25 {
		t.Fatalf("no policy is judged at %v%%: %+v", DefaultCPUTarget, u2)
	}
	tiers := TierUtilisation([]Utilisation{u, u2})
	if len(tiers) != 1 || tiers[0].InstanceHours != 192 || tiers[0].Idle != 0.25 || tiers[0].CPU.P95 != 50 {
		t.Fatalf("tier %+v", tiers)
	}
}

func TestReferenceOf(t *testing.T) {
	mk := func(metric string, v float64, enabled bool) model.Group {
		return model.Group{Policies: []model.Policy{{Name: "p", Type: model.PolicyTargetTracking, Enabled: enabled,
			Target: &model.TargetTracking{Metric: metric, Value: v}}}}
	}
	for _, c := range []struct {
		g    model.Group
		want Reference
	}{
		{mk("ASGAverageCPUUtilization", 40, true), Reference{RefCPU, 40, "p"}},
		{mk("CWAgent/mem_used_percent", 70, true), Reference{RefMemory, 70, "p"}},
		{mk("ALBRequestCountPerTarget", 1000, true), Reference{RefRequests, 1000, "p"}},
		{mk("ASGAverageCPUUtilization", 40, false), Reference{RefCPU, DefaultCPUTarget, ""}},
		{mk("SoleMate/Workers/Backlog", 10, true), Reference{RefCPU, DefaultCPUTarget, ""}},
		{model.Group{Policies: []model.Policy{{Name: "fc", Type: model.PolicyPredictive, Enabled: true,
			Predictive: &model.Predictive{Mode: "ForecastOnly", Metric: "ASGCPUUtilization", TargetValue: 40}}}}, Reference{RefCPU, 40, "fc"}},
		{model.Group{Policies: []model.Policy{{Name: "fc", Type: model.PolicyPredictive, Enabled: true,
			Predictive: &model.Predictive{Mode: "ForecastOnly", Metric: "ALBRequestCount", TargetValue: 1000}}}}, Reference{RefCPU, DefaultCPUTarget, ""}},
	} {
		if got := ReferenceOf(&c.g); got != c.want {
			t.Errorf("%+v: %+v, want %+v", c.g.Policies[0], got, c.want)
		}
	}
}

func TestCleanup(t *testing.T) {
	w := days(14)
	fetched := w.To
	in := CleanupInput{
		Window: w,
		TargetGroups: []model.TargetGroup{
			{Name: "empty", TargetsFetched: fetched},
			{Name: "used", TargetsFetched: fetched, Targets: []model.Target{{ID: "i-1"}}},
			{Name: "unread"},
		},
		LoadBalancers: []model.LoadBalancer{{ARN: "lb1", Name: "dead-alb"}, {ARN: "lb2", Name: "live-alb"}, {ARN: "lb3", Name: "unread"}},
		Healthy: map[string][]model.Point{
			"lb1": gen(w, time.Hour, func(time.Time) float64 { return 0 }),
			"lb2": gen(w, time.Hour, func(t time.Time) float64 { return float64(t.Day() % 2) }),
		},
		Groups: []GroupData{
			{Group: model.Group{Name: "zero", Capacity: model.Capacity{Max: 4}}, Series: Series{Desired: gen(w, time.Hour, func(time.Time) float64 { return 0 })}},
			{Group: model.Group{Name: "zero-lately", Capacity: model.Capacity{Max: 4}}, Series: Series{Desired: gen(w, time.Hour, func(t time.Time) float64 {
				if t.Before(w.To.Add(-time.Hour * 24)) {
					return 2
				}
				return 0
			})}},
			{Group: model.Group{Name: "old-no-metrics", Created: w.From.Add(-time.Hour)}},
			{Group: model.Group{Name: "running", Capacity: model.Capacity{Desired: 2, Max: 4}}},
		},
		Alarms: []model.Alarm{
			{Name: "orphan", Namespace: "SoleMate/Old", Metric: "QueueDepth", Dimensions: []model.Dimension{{Name: "Queue", Value: "q"}}},
			{Name: "fine", Namespace: "AWS/EC2", Metric: "CPUUtilization", Dimensions: []model.Dimension{{Name: "AutoScalingGroupName", Value: "web"}}},
			{Name: "math"},
		},
		Reporting: map[string]bool{MetricID("AWS/EC2", "CPUUtilization", []model.Dimension{{Name: "AutoScalingGroupName", Value: "web"}}): true},
		Templates: []TemplateVersion{{"web-lt", 1, false, false}, {"web-lt", 2, false, false}, {"web-lt", 3, true, false}, {"web-lt", 4, false, true}, {"db-lt", 1, true, true},
			{"app-lt", 1, false, false}, {"app-lt", 2, false, false}, {"app-lt", 3, false, false}, {"app-lt", 5, false, false}, {"app-lt", 6, true, true}},
		InUse: []TemplateRef{{"web-lt", "2"}, {"db-lt", "$Latest"}, {"app-lt", "$Default"}},
	}
	var got []string
	var saving float64
	for _, f := range Cleanup(in) {
		got = append(got, f.Kind+" "+f.Resource+": "+f.Change.String())
		saving += f.SavingPerMonth
	}
	want := []string{
		"empty-target-group empty: - target-group empty",
		"idle-load-balancer dead-alb: - load-balancer dead-alb",
		"group-at-zero zero: - group zero",
		"group-at-zero old-no-metrics: - group old-no-metrics",
		"alarm-without-metric orphan: - alarm orphan",
		"unused-launch-template-version web-lt version 1: - launch-template web-lt: versions",
		"unused-launch-template-version app-lt versions 1-3, 5: - launch-template app-lt: versions",
	}
	if len(got) != len(want) {
		t.Fatalf("findings:\n%v\nwant\n%v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d: %q, want %q", i, got[i], want[i])
		}
	}
	if math.Abs(saving-(LoadBalancerPerMonth+AlarmPerMonth)) > 1e-9 {
		t.Errorf("saving %v", saving)
	}
	in.Window = days(7)
	in.Reporting = nil
	for _, f := range Cleanup(in) {
		if f.Kind == FindIdleLoadBalancer || f.Kind == FindGroupAtZero || f.Kind == FindAlarmNoMetric {
			t.Errorf("reported on a week's evidence or without ListMetrics: %+v", f)
		}
	}
}

func TestCapacityPlanning(t *testing.T) {
	w := days(14)
	g := group("web", "web", "m6i.large", 2, 12, ttPolicy("cpu", 50))
	s := world{min: 2, max: 100, target: 50, work: diurnal(100, 400), mem: 50}.series(w) // 8 at the 20:00 peak
	cases := []struct {
		sc          Scenario
		now, needed int
		allows      bool
		perAZ, loss int
		changes     []string
		cost        float64
	}{
		{Scenario{Factor: 1.3}, 8, 11, true, 4, 18, nil, 3 * 0.096 * HoursPerMonth},
		{Scenario{Factor: 3, For: 2 * time.Hour}, 8, 24, false, 8, 36, []string{"~ group web max 12 → 24"}, 16 * 0.096 * 2},
		{Scenario{Factor: 3, For: 2 * time.Hour, At: time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)}, 3, 7, true, 3, 12, nil, (7 - 35.0/12) * 0.096 * 2}, // 08:00 runs 2 or 3, 35/12 on average
		{Scenario{Factor: 4, For: time.Hour, At: time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC)}, 8, 32, false, 11, 48, []string{
			"+ schedule web surge-raise-max: start 2026-11-27T19:30:00Z, max 33",
			"+ schedule web surge-restore-max: start 2026-11-27T21:30:00Z, max 12",
		}, 24 * 0.096},
	}
	for _, c := range cases {
		p := PlanCapacity(GroupData{Group: g, Series: s}, prices(), c.sc, w)
		var cs []string
		for _, ch := range p.Changes {
			cs = append(cs, ch.String())
		}
		if p.Now != c.now || p.Needed != c.needed || p.MaxAllows != c.allows || p.PerAZ != c.perAZ || p.AZLoss != c.loss || len(cs) != len(c.changes) {
			t.Fatalf("%s: %+v %v", c.sc, p, cs)
		}
		for i := range cs {
			if cs[i] != c.changes[i] {
				t.Errorf("%s: change %q, want %q", c.sc, cs[i], c.changes[i])
			}
		}
		if math.Abs(p.Cost-c.cost) > 1e-6 {
			t.Errorf("%s: cost %v, want %v", c.sc, p.Cost, c.cost)
		}
	}
	if p := PlanCapacity(GroupData{Group: g}, prices(), Scenario{Factor: 2}, w); p.Note == "" || p.Needed != 0 {
		t.Fatalf("no data: %+v", p)
	}
}
