package model

import (
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)

func TestRing(t *testing.T) {
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	tests := []struct {
		name string
		size int
		put  []Point
		want []int // minutes of the points held, oldest first
		vals []float64
	}{
		{"appends in order", 4, []Point{{at(0), 1}, {at(1), 2}, {at(2), 3}}, []int{0, 1, 2}, []float64{1, 2, 3}},
		{"drops the oldest when full", 3, []Point{{at(0), 1}, {at(1), 2}, {at(2), 3}, {at(3), 4}}, []int{1, 2, 3}, []float64{2, 3, 4}},
		{"same timestamp replaces", 3, []Point{{at(0), 1}, {at(1), 2}, {at(1), 9}}, []int{0, 1}, []float64{1, 9}},
		{"late point inserted in order", 4, []Point{{at(0), 1}, {at(2), 3}, {at(1), 2}}, []int{0, 1, 2}, []float64{1, 2, 3}},
		{"late point older than a full ring dropped", 2, []Point{{at(5), 1}, {at(6), 2}, {at(1), 9}}, []int{5, 6}, []float64{1, 2}},
		{"late point into full ring evicts oldest", 3, []Point{{at(0), 1}, {at(2), 3}, {at(3), 4}, {at(1), 2}}, []int{1, 2, 3}, []float64{2, 3, 4}},
		{"NaN ignored", 2, []Point{{at(0), 1}, {at(1), nan()}}, []int{0}, []float64{1}},
		{"refetched window overwrites", 5, []Point{{at(0), 1}, {at(1), 2}, {at(2), 3}, {at(1), 5}, {at(2), 6}, {at(3), 7}}, []int{0, 1, 2, 3}, []float64{1, 5, 6, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRing(tt.size)
			for _, p := range tt.put {
				r.Put(p)
			}
			got := r.Points()
			if len(got) != len(tt.want) {
				t.Fatalf("got %d points %v, want %d", len(got), got, len(tt.want))
			}
			for i, p := range got {
				if !p.T.Equal(at(tt.want[i])) || p.V != tt.vals[i] {
					t.Fatalf("point %d = %v@%v, want %v@%v", i, p.V, p.T.Sub(t0), tt.vals[i], tt.want[i])
				}
			}
			if last, ok := r.Last(); ok != (len(got) > 0) || (ok && last != got[len(got)-1]) {
				t.Fatalf("Last = %v %v", last, ok)
			}
		})
	}
}

func nan() float64 { var z float64; return z / z }

func TestCounts(t *testing.T) {
	g := Group{Instances: []Instance{
		{Lifecycle: "InService", Health: "Healthy"},
		{Lifecycle: "InService", Health: "Healthy", Spot: true},
		{Lifecycle: "InService", Health: "Unhealthy"},
		{Lifecycle: "Pending", Health: "Healthy"},
		{Lifecycle: "Pending:Wait", Health: "Healthy"},
		{Lifecycle: "Terminating", Health: "Unhealthy"},
		{Lifecycle: "Terminating:Proceed", Health: "Healthy"},
		{Lifecycle: "Standby", Health: "Healthy"},
	}}
	got := g.Counts()
	want := Counts{InService: 2, Pending: 2, Unhealthy: 2, Terminating: 1, Standby: 1, Spot: 1, Total: 8}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestTargetCountsAndOrder(t *testing.T) {
	tg := TargetGroup{Targets: []Target{
		{ID: "i-4", AZ: "b", State: TargetHealthy},
		{ID: "i-3", AZ: "a", State: TargetDraining},
		{ID: "i-2", AZ: "b", State: TargetUnhealthy, Reason: "Target.Timeout"},
		{ID: "i-1", AZ: "a", State: TargetUnhealthy, Reason: "Target.FailedHealthChecks"},
		{ID: "i-5", AZ: "a", State: TargetInitial},
	}}
	if got, want := tg.Counts(), (TargetCounts{Healthy: 1, Unhealthy: 2, Draining: 1, Initial: 1}); got != want {
		t.Fatalf("counts %+v, want %+v", got, want)
	}
	var ids []string
	for _, x := range tg.SortedTargets() {
		ids = append(ids, x.ID)
	}
	if got, want := ids, []string{"i-1", "i-2", "i-3", "i-5", "i-4"}; !equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCostOfFleet(t *testing.T) {
	p := Prices{
		OnDemand: map[string]float64{"m5.large": 0.096, "c5.large": 0.085},
		Spot:     map[string]float64{"c5.large/us-east-1a": 0.031, "c5.large": 0.029},
	}
	groups := []Group{
		{Name: "web", Tags: map[string]string{"Tier": "web"}, Tier: "web", Instances: []Instance{
			{Type: "m5.large", Lifecycle: "InService"}, {Type: "m5.large", Lifecycle: "Pending"},
			{Type: "m5.large", Lifecycle: StateTerminated},
		}},
		{Name: "workers", Tier: "worker", Instances: []Instance{
			{Type: "c5.large", Spot: true, AZ: "us-east-1a", Lifecycle: "InService"},
			{Type: "c5.large", Spot: true, AZ: "us-east-1b", Lifecycle: "InService"},
			{Type: "c5.large", Lifecycle: "InService"},
			{Type: "x9.huge", Lifecycle: "InService"},
		}},
		{Name: "lonely"},
	}
	cs := CostOfFleet(groups, p)
	if !near(cs.Total.OnDemand, 0.192+0.085) || !near(cs.Total.Spot, 0.031+0.029) || cs.Total.Unpriced != 1 {
		t.Fatalf("total %+v", cs.Total)
	}
	if !near(cs.Tiers["web"].Total(), 0.192) || !near(cs.Tiers["worker"].Total(), 0.145) || cs.Tiers[Untiered].Total() != 0 {
		t.Fatalf("tiers %+v", cs.Tiers)
	}
	if cs.Groups[0].Group != "web" || cs.Groups[1].Group != "workers" || cs.Groups[2].Group != "lonely" {
		t.Fatalf("groups not sorted by cost: %+v", cs.Groups)
	}
	if got := Projected24h(0.5); !near(got, 12) {
		t.Fatalf("24h %v", got)
	}
}

func TestCloudWatchSpend(t *testing.T) {
	tests := []struct {
		metrics int
		every   time.Duration
		want    float64
	}{
		{60, time.Minute, 0.036},      // docs/aws-facts.md: Prices: 20 groups x 3 metrics each minute ~ $26/month
		{8, 30 * time.Second, 0.0096}, // 8 metrics twice a minute
		{0, time.Minute, 0},
		{10, 0, 0},
	}
	for _, tt := range tests {
		if got := CloudWatchSpend(tt.metrics, tt.every); !near(got, tt.want) {
			t.Errorf("%d every %v: got %v, want %v", tt.metrics, tt.every, got, tt.want)
		}
	}
	if month := CloudWatchSpend(60, time.Minute) * 24 * 30; month < 25 || month > 27 {
		t.Errorf("the docs/aws-facts.md example should be about $26 a month, got %.2f", month)
	}
}

func TestBuiltinPrices(t *testing.T) {
	p := BuiltinPrices("us-east-1")
	if p.Estimated || p.OnDemand["m5.large"] != 0.096 || p.Date == "" {
		t.Fatalf("us-east-1: %+v", p)
	}
	p.OnDemand["m5.large"] = 1 // a copy: must not change the table
	if BuiltinPrices("us-east-1").OnDemand["m5.large"] != 0.096 {
		t.Fatal("BuiltinPrices shares its table")
	}
	if q := BuiltinPrices("ap-south-2"); !q.Estimated || q.OnDemand["m5.large"] == 0 {
		t.Fatalf("unknown region should be estimated from us-east-1: %+v", q)
	}
}

func TestTagsToLabels(t *testing.T) {
	g := Group{Tags: map[string]string{"tier": "web", "SERVICE": "storefront", "Environment": "prod"}}
	g.TagsToLabels()
	if g.Tier != "web" || g.Service != "storefront" || g.Env != "prod" {
		t.Fatalf("%+v", g)
	}
	var none Group
	none.TagsToLabels()
	if none.TierOrUntiered() != Untiered {
		t.Fatal("untagged group should be untiered")
	}
}

func TestFreshness(t *testing.T) {
	now := t0
	s := Snapshot{Fresh: map[Class]Freshness{
		ClassGroups:     {FetchedAt: now.Add(-3 * time.Second)},
		ClassActivities: {FetchedAt: now.Add(-5 * time.Second)},
		ClassAlarms:     {FetchedAt: now.Add(-2 * time.Second)},
	}}
	age, problem := s.DataAge(now)
	if age != 5*time.Second || problem != "" {
		t.Fatalf("age %v problem %q", age, problem)
	}
	if got := FreshnessLine(age, problem, 30*time.Second); got != "live 5s" {
		t.Fatalf("got %q", got)
	}
	s.Fresh[ClassGroups] = Freshness{FetchedAt: now.Add(-72 * time.Second), Err: "Rate exceeded", Throttled: true}
	age, problem = s.DataAge(now)
	if got := FreshnessLine(age, problem, 30*time.Second); got != "stale 1m12s, throttled" {
		t.Fatalf("got %q", got)
	}
	for d, want := range map[time.Duration]string{
		0: "0s", 59 * time.Second: "59s", 61 * time.Second: "1m01s", 2*time.Hour + 5*time.Minute: "2h05m",
		50 * time.Hour: "2d02h", -time.Second: "0s",
	} {
		if got := ShortDuration(d); got != want {
			t.Errorf("ShortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestMetricSpecs(t *testing.T) {
	g := &Group{Name: "web"}
	tg := &TargetGroup{ARN: "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/abc"}
	alb := &LoadBalancer{ARN: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/front/123", Type: LBApplication}
	nlb := &LoadBalancer{ARN: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/cache/456", Type: LBNetwork}

	specs := MetricSpecs(g, tg, alb, DetailMetrics)
	if len(specs) != len(DetailMetrics) {
		t.Fatalf("ALB group: %d specs, want %d", len(specs), len(DetailMetrics))
	}
	byMetric := map[Metric]MetricSpec{}
	for _, s := range specs {
		byMetric[s.Key.Metric] = s
	}
	if s := byMetric[MetricHealthy]; s.Namespace != "AWS/ApplicationELB" || s.Dimensions[0].Value != "targetgroup/web/abc" || s.Dimensions[1].Value != "app/front/123" {
		t.Fatalf("healthy hosts: %+v", s)
	}
	if s := byMetric[MetricCPU]; s.Namespace != "AWS/EC2" || s.Dimensions[0] != (Dimension{"AutoScalingGroupName", "web"}) {
		t.Fatalf("cpu: %+v", s)
	}
	if s := byMetric[MetricResponseTime]; s.Scale != 1000 || s.Unit != "ms" {
		t.Fatalf("response time should be shown in ms: %+v", s)
	}

	nspecs := MetricSpecs(g, tg, nlb, DetailMetrics)
	for _, s := range nspecs {
		if s.Key.Metric == MetricRequests || s.Key.Metric == MetricResponseTime || s.Key.Metric == Metric5xx {
			t.Fatalf("NLB has no %s", s.Key.Metric)
		}
		if s.Key.Metric == MetricHealthy && s.Namespace != "AWS/NetworkELB" {
			t.Fatalf("NLB namespace: %+v", s)
		}
	}
	if got := len(MetricSpecs(g, nil, nil, DetailMetrics)); got != 5 {
		t.Fatalf("group without a load balancer: %d specs, want 5 (cpu, desired, in service, min, max)", got)
	}
}

func TestPairJournal(t *testing.T) {
	e := func(id, phase, result string, sec int) JournalEntry {
		return JournalEntry{ID: id, Phase: phase, Result: result, Time: t0.Add(time.Duration(sec) * time.Second), Target: "web/i-1"}
	}
	got := PairJournal([]JournalEntry{
		e("a", PhaseIntent, "", 0), e("b", PhaseIntent, "", 1), e("a", PhaseOutcome, ResultOK, 2),
		e("c", PhaseIntent, "", 3), e("c", PhaseOutcome, ResultUnknown, 4), e("z", PhaseOutcome, ResultFailed, -1),
	})
	if len(got) != 4 {
		t.Fatalf("got %d actions", len(got))
	}
	status := map[string]string{}
	verify := map[string]bool{}
	for _, a := range got {
		status[a.Intent.ID] = a.Status()
		verify[a.Intent.ID] = a.NeedsVerify()
	}
	if status["a"] != "ok" || status["b"] != "outcome unknown" || status["c"] != "unknown" || status["z"] != "failed" {
		t.Fatalf("statuses %v", status)
	}
	if verify["a"] || !verify["b"] || !verify["c"] || verify["z"] {
		t.Fatalf("verify %v", verify)
	}
	if got[0].Intent.ID != "z" || got[0].Intent.Group() != "web" {
		t.Fatalf("not oldest first: %+v", got[0])
	}
}

func TestPeriodFor(t *testing.T) {
	for r, want := range map[time.Duration]time.Duration{
		15 * time.Minute: time.Minute, time.Hour: time.Minute, 3 * time.Hour: time.Minute,
		24 * time.Hour: 5 * time.Minute,
	} {
		if got := PeriodFor(r); got != want {
			t.Errorf("PeriodFor(%v) = %v, want %v", r, got, want)
		}
	}
}

func TestAckTarget(t *testing.T) {
	a := Acknowledge{Alert: "at-max", Group: "web", Since: t0}
	if got := a.Target(); got != "web/at-max@2026-11-27T03:00:00Z" {
		t.Fatalf("got %q", got)
	}
	if (JournalEntry{Target: a.Target()}).Group() != "web" {
		t.Fatal("an acknowledgement's journal entry must name its group")
	}
}

func TestJournalIn(t *testing.T) {
	act := func(account, region string, sim bool) JournalAction {
		return JournalAction{Intent: JournalEntry{ID: account + region, Account: account, Region: region, Simulator: sim}}
	}
	all := []JournalAction{
		act("111111111111", "us-east-1", false),
		act("111111111111", "eu-west-1", false),
		act("222222222222", "us-east-1", false),
		act("000000000000", "us-east-1", true),  // a drill on the simulator
		act("000000000000", "us-east-1", false), // LocalStack's default account: not the simulator
		act("", "", false),                      // provenance unknown
		// Marked by the old rule (a role named hoist-simulator in a
		// real account): production's change, shown with production's.
		{Intent: JournalEntry{ID: "old-rule", Account: "222222222222", Region: "us-east-1", Simulator: true}},
	}
	for _, c := range []struct {
		account, region string
		sim             bool
		want            []string
	}{
		{"111111111111", "us-east-1", false, []string{"111111111111us-east-1"}},
		{"111111111111", "eu-west-1", false, []string{"111111111111eu-west-1"}},
		{"000000000000", "us-east-1", true, []string{"000000000000us-east-1"}},
		{"000000000000", "us-east-1", false, []string{"000000000000us-east-1"}},
		{"222222222222", "us-east-1", false, []string{"222222222222us-east-1", "old-rule"}},
		{"222222222222", "us-east-1", true, nil},
		{"333333333333", "us-east-1", false, nil},
	} {
		var got []string
		for _, a := range JournalIn(all, c.account, c.region, c.sim) {
			if a.Intent.OnSimulator() != c.sim {
				t.Errorf("%+v: got an action with simulator=%v", c, a.Intent.OnSimulator())
			}
			got = append(got, a.Intent.ID)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("JournalIn(%s, %s, sim=%v) = %v, want %v", c.account, c.region, c.sim, got, c.want)
		}
	}
	for _, c := range []struct {
		e    JournalEntry
		want string
	}{
		{JournalEntry{Account: "111111111111", Region: "eu-west-1"}, "111111111111 eu-west-1"},
		{JournalEntry{Account: "000000000000", Region: "us-east-1", Simulator: true}, "simulator 000000000000 us-east-1"},
		{JournalEntry{Account: "222222222222", Region: "us-east-1", Simulator: true}, "222222222222 us-east-1"},
		{JournalEntry{}, ""},
	} {
		if got := c.e.Where(); got != c.want {
			t.Errorf("Where(%+v) = %q, want %q", c.e, got, c.want)
		}
	}
}

func TestScalingFrozen(t *testing.T) {
	for _, c := range []struct {
		suspended []string
		want      bool
	}{
		{nil, false},
		{[]string{"AlarmNotification"}, false},
		{[]string{"ScheduledActions", "AlarmNotification"}, true},
		{[]string{"Launch", "AlarmNotification", "ScheduledActions"}, true},
		{[]string{"Launch", "Terminate"}, false},
	} {
		g := Group{Suspended: c.suspended}
		if got := g.ScalingFrozen(); got != c.want {
			t.Errorf("ScalingFrozen(%v) = %v, want %v", c.suspended, got, c.want)
		}
	}
}

// TestRecognizeSimulator is issue 15's rule: SIMULATOR needs an endpoint
// that is not AWS's, the simulator's exact identity and its proof header,
// all three.
func TestRecognizeSimulator(t *testing.T) {
	sim := Identity{Account: SimulatorAccount, ARN: SimulatorARN}
	realRole := Identity{Account: "123456789012", ARN: "arn:aws:sts::123456789012:assumed-role/hoist-simulator/ci"}
	moto := Identity{Account: "123456789012", ARN: "arn:aws:sts::123456789012:user/moto"}
	localstack := Identity{Account: SimulatorAccount, ARN: "arn:aws:iam::000000000000:root"}
	for _, c := range []struct {
		name     string
		endpoint string
		id       Identity
		proof    string
		want     bool
	}{
		{"role named hoist-simulator on AWS's own endpoints", "", realRole, "", false},
		{"role named hoist-simulator on an explicit AWS endpoint", "https://sts.us-east-1.amazonaws.com", realRole, "", false},
		{"role named hoist-simulator on loopback", "http://127.0.0.1:5000", realRole, "", false},
		{"role named hoist-simulator on loopback, with the header", "http://127.0.0.1:5000", realRole, SimulatorAccount, false},
		{"the simulator on loopback", "http://127.0.0.1:4566", sim, SimulatorAccount, true},
		{"the simulator on localhost", "http://localhost:4566", sim, SimulatorAccount, true},
		{"the simulator on a host the user named", "http://sim.drills.internal:4566", sim, SimulatorAccount, true},
		{"the simulator without its header (a proxy stripped it)", "http://127.0.0.1:4566", sim, "", false},
		{"the simulator with a wrong header value", "http://127.0.0.1:4566", sim, "1", false},
		{"moto on loopback", "http://127.0.0.1:5000", moto, "", false},
		{"LocalStack's 000000000000 on loopback", "http://localhost:4566", localstack, "", false},
		{"the simulator's ARN on AWS's own endpoints", "", sim, SimulatorAccount, false},
		{"the simulator's ARN on an AWS endpoint", "https://sts.amazonaws.com", sim, SimulatorAccount, false},
		{"the simulator's ARN on a FIPS endpoint", "https://sts-fips.us-east-1.amazonaws.com", sim, SimulatorAccount, false},
		{"the simulator's ARN on a dual-stack endpoint", "https://sts.us-east-1.api.aws", sim, SimulatorAccount, false},
		{"the simulator's ARN in China", "https://sts.cn-north-1.amazonaws.com.cn", sim, SimulatorAccount, false},
		{"the simulator's ARN in GovCloud, upper case", "https://STS.US-GOV-WEST-1.AMAZONAWS.COM/", sim, SimulatorAccount, false},
		{"the simulator's ARN on a VPC endpoint", "https://vpce-0abc-xyz.sts.us-east-1.vpce.amazonaws.com", sim, SimulatorAccount, false},
		{"the simulator's ARN on a host ending in a dot", "https://sts.amazonaws.com.", sim, SimulatorAccount, false},
		{"an endpoint that is not a URL", "://nope", sim, SimulatorAccount, false},
		{"a look-alike host is not AWS", "http://notamazonaws.com:4566", sim, SimulatorAccount, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := RecognizeSimulator(c.endpoint, c.id, c.proof); got != c.want {
				t.Errorf("RecognizeSimulator(%q, %s, %q) = %v, want %v", c.endpoint, c.id.ARN, c.proof, got, c.want)
			}
		})
	}
}
