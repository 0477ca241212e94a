package aws

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

func TestFetchFleet(t *testing.T) {
	resetMoto(t)
	const n = 250
	f := seedFleet(t, n)
	t.Logf("seeded %d groups, %d alarms, %d target groups in %s", n, f.Alarms, len(f.TGs), f.Seeded.Round(time.Millisecond))

	env := openTest(t, nil)
	env.proxy.resetCounts()
	sel := groupName(0)
	v := model.Visible{Groups: f.Groups[:20], Selected: sel, Range: time.Hour}
	snap, err := env.session.Fetch(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("calls: %s", env.proxy.summary())

	if len(snap.Groups) != n {
		t.Fatalf("Fetch returned %d groups, want %d", len(snap.Groups), n)
	}
	// 250 groups at 100 a page is 3 pages: pagination proven.
	if got := env.proxy.count("autoscaling:DescribeAutoScalingGroups"); got != 3 {
		t.Errorf("DescribeAutoScalingGroups calls = %d, want 3 pages", got)
	}
	// moto answers DescribeAlarms in one page whatever MaxRecords says, so
	// assert the page size hoist asked for instead of the page count.
	for _, r := range env.proxy.requests("cloudwatch:DescribeAlarms") {
		if !strings.Contains(r.Body, `"MaxRecords":100`) {
			t.Errorf("DescribeAlarms without MaxRecords 100: %s", r.Body)
		}
	}
	if !slices.IsSortedFunc(snap.Groups, func(a, b model.Group) int { return cmpString(a.Name, b.Name) }) {
		t.Error("groups not sorted by name")
	}
	tiersSeen := map[string]int{}
	for _, g := range snap.Groups {
		tiersSeen[g.Tier]++
	}
	for _, tier := range tiers {
		if tiersSeen[tier] < n/3 {
			t.Errorf("tier %s has %d groups", tier, tiersSeen[tier])
		}
	}

	g0, ok := snap.Group(sel)
	if !ok {
		t.Fatalf("group %s missing", sel)
	}
	if g0.Capacity != (model.Capacity{Min: 0, Desired: 1, Max: 10}) {
		t.Errorf("capacity = %+v", g0.Capacity)
	}
	if g0.Tier != "web" || g0.Service != "svc00" || g0.Env != "prod" {
		t.Errorf("labels = %q %q %q", g0.Tier, g0.Service, g0.Env)
	}
	if len(g0.TargetGroupARNs) != 1 || g0.TargetGroupARNs[0] != f.TGs[0] {
		t.Errorf("target groups = %v", g0.TargetGroupARNs)
	}
	if len(g0.Instances) != 1 {
		t.Fatalf("instances = %+v", g0.Instances)
	}
	in := g0.Instances[0]
	if in.Type != "t3.micro" || in.Lifecycle != model.StateInService || in.AZ == "" || in.Launched.IsZero() {
		t.Errorf("instance = %+v (launch time from DescribeInstances)", in)
	}
	if len(g0.Policies) != 1 || g0.Policies[0].Type != model.PolicySimple || g0.Policies[0].ScalingAdjustment != 1 {
		t.Errorf("policies = %+v", g0.Policies)
	}
	if !slices.Equal(g0.InstanceTypes, []string{"t3.micro"}) {
		t.Errorf("instance types = %v", g0.InstanceTypes)
	}

	mixed, _ := snap.Group(groupName(1))
	if mixed.OnDemandBase != 1 || mixed.OnDemandPercent != 25 || !slices.Equal(mixed.InstanceTypes, []string{"t3.micro", "t3.small"}) {
		t.Errorf("mixed instances policy: base %d percent %d types %v", mixed.OnDemandBase, mixed.OnDemandPercent, mixed.InstanceTypes)
	}
	susp, _ := snap.Group(groupName(2))
	if !slices.Equal(susp.Suspended, []string{"AZRebalance", "AlarmNotification"}) {
		t.Errorf("suspended = %v", susp.Suspended)
	}
	// A group with no instances is priced from its launch template's type.
	empty, _ := snap.Group(groupName(3))
	if len(empty.Instances) != 0 || !slices.Equal(empty.InstanceTypes, []string{"t3.micro"}) {
		t.Errorf("empty group: instances %d, types %v (from the launch template)", len(empty.Instances), empty.InstanceTypes)
	}

	if len(snap.Alarms) != f.Alarms {
		t.Errorf("alarms = %d, want %d", len(snap.Alarms), f.Alarms)
	}
	byGroup := 0
	viaPolicy := 0
	for _, a := range snap.Alarms {
		if a.Group == "" {
			t.Errorf("alarm %s has no group", a.Name)
		}
		if a.Namespace == "Custom" && a.Group != "" {
			viaPolicy++
		} else {
			byGroup++
		}
	}
	if viaPolicy != len(f.Policies) {
		t.Errorf("%d alarms mapped through a policy ARN, want %d", viaPolicy, len(f.Policies))
	}

	if len(snap.LoadBalancers) != 1 || snap.LoadBalancers[0].Type != model.LBApplication {
		t.Fatalf("load balancers = %+v", snap.LoadBalancers)
	}
	if len(snap.TargetGroups) != services {
		t.Errorf("target groups = %d", len(snap.TargetGroups))
	}
	tg, lb := snap.FrontOf(g0)
	if tg == nil || lb == nil {
		t.Fatalf("front of %s: %v %v", sel, tg, lb)
	}
	if tg.TargetsFetched.IsZero() || tg.HealthCheck.Path != "/health" {
		t.Errorf("selected group's target group not detailed: %+v", tg)
	}
	if len(tg.Attributes) == 0 {
		t.Errorf("target group attributes not read")
	}
	if len(lb.Listeners) != services {
		t.Errorf("listeners = %d, want %d (read for the selected group's load balancer)", len(lb.Listeners), services)
	}
	// Target health only for the selected group's one target group.
	if got := env.proxy.count("elasticloadbalancing:DescribeTargetHealth"); got != 1 {
		t.Errorf("DescribeTargetHealth calls = %d, want 1", got)
	}
	// 20 rows x CPU + the selected group's detail series, in one call.
	if got := env.proxy.count("cloudwatch:GetMetricData"); got != 1 {
		t.Errorf("GetMetricData calls = %d, want 1", got)
	}
	if snap.Fresh[model.ClassMetrics].Err != "" {
		t.Errorf("metrics: %s", snap.Fresh[model.ClassMetrics].Err)
	}
	for _, c := range []model.Class{model.ClassGroups, model.ClassAlarms, model.ClassLoadBalancers, model.ClassPolicies, model.ClassInstances} {
		fr := snap.Fresh[c]
		if fr.Err != "" || fr.FetchedAt.IsZero() || fr.Calls == 0 {
			t.Errorf("freshness of %s = %+v", c, fr)
		}
	}
	if snap.Prices.OnDemand["t3.micro"] == 0 {
		t.Error("no on-demand price for t3.micro")
	}
	if c := snap.Costs(); c.Total.Total() <= 0 {
		t.Errorf("fleet cost = %+v", c.Total)
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestGroupsUnknown(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	_, err := env.session.Groups(context.Background(), false, "nope")
	if !isKind(err, ErrUnknownGroup) {
		t.Fatalf("err = %v, want unknown group", err)
	}
	gs, err := env.session.Groups(context.Background(), true, "web")
	if err != nil || len(gs) != 1 || len(gs[0].Policies) != 2 {
		t.Fatalf("Groups(web) = %+v, %v", gs, err)
	}
}
