package sim

import (
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Load balancer dynamics on the stepped clock: how health check settings,
// algorithms, stickiness, slow start and zones change what targets get.

func setAttrs(t testing.TB, s *Simulator, tg *targetGroup, kv ...string) {
	t.Helper()
	var attrs []elbtypes.TargetGroupAttribute
	for i := 0; i < len(kv); i += 2 {
		attrs = append(attrs, elbtypes.TargetGroupAttribute{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	must(elbv2API{s}.ModifyTargetGroupAttributes(bg, &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: aws.String(tg.arn), Attributes: attrs}))
}

// shares are the targets' parts of the target group's requests last minute.
func shares(tg *targetGroup) map[*target]float64 {
	tot := 0.0
	for _, t := range tg.targets {
		tot += t.tr.rps
	}
	out := map[*target]float64{}
	for _, t := range tg.targets {
		if tot > 0 {
			out[t] = t.tr.rps / tot
		}
	}
	return out
}

// evenness is the busiest target's share against an even share.
func evenness(tg *targetGroup) float64 {
	sh := shares(tg)
	hi := 0.0
	for _, v := range sh {
		hi = max(hi, v)
	}
	return hi * float64(len(sh))
}

func state(t testing.TB, s *Simulator, tg *targetGroup, id string) string {
	t.Helper()
	out := must(elbv2API{s}.DescribeTargetHealth(bg, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg.arn), Targets: []elbtypes.TargetDescription{{Id: aws.String(id)}}}))
	h := out.TargetHealthDescriptions[0].TargetHealth
	if h.Reason == elbtypes.TargetHealthReasonEnumNotRegistered {
		return "gone"
	}
	return string(h.State)
}

// until steps the clock 10 s at a time until the target reaches want, and
// returns how long that took (or fails after limit).
func until(t testing.TB, s *Simulator, tg *targetGroup, id, want string, limit time.Duration) time.Duration {
	t.Helper()
	start := s.Now()
	for state(t, s, tg, id) != want {
		if s.Now().Sub(start) > limit {
			t.Fatalf("%s not %s after %s (it is %s)", id, want, limit, state(t, s, tg, id))
		}
		s.Advance(10 * time.Second)
	}
	return s.Now().Sub(start)
}

func TestHealthCheckSettingsSetTheTimeToUnhealthy(t *testing.T) {
	took := map[int32]time.Duration{}
	for _, tc := range []struct{ interval, timeout, unhealthy, healthy int32 }{{10, 5, 2, 2}, {30, 5, 5, 5}} {
		s := newSim(t, Options{Seed: 1})
		suspend(t, s, "solemate-catalog-prod", "ReplaceUnhealthy", "AlarmNotification")
		tg := tgNamed(t, s, "solemate-catalog-tg")
		must(elbv2API{s}.ModifyTargetGroup(bg, &elb.ModifyTargetGroupInput{TargetGroupArn: aws.String(tg.arn),
			HealthCheckIntervalSeconds: aws.Int32(tc.interval), HealthCheckTimeoutSeconds: aws.Int32(tc.timeout),
			UnhealthyThresholdCount: aws.Int32(tc.unhealthy), HealthyThresholdCount: aws.Int32(tc.healthy)}))
		s.Advance(time.Duration(tc.interval) * time.Second) // checks settle on the new interval
		victim := tg.targets[0]
		victim.inst.broken = true
		down := until(t, s, tg, victim.id, "unhealthy", 10*time.Minute)
		want := time.Duration(tc.interval*tc.unhealthy) * time.Second
		if down < want-time.Duration(tc.interval)*time.Second || down > want+10*time.Second {
			t.Errorf("interval %d x %d failures: unhealthy after %s, want about %s", tc.interval, tc.unhealthy, down, want)
		}
		victim.inst.broken = false
		up := until(t, s, tg, victim.id, "healthy", 10*time.Minute)
		want = time.Duration(tc.interval*tc.healthy) * time.Second
		if up < want-time.Duration(tc.interval)*time.Second || up > want+10*time.Second {
			t.Errorf("interval %d x %d passes: healthy after %s, want about %s", tc.interval, tc.healthy, up, want)
		}
		took[tc.interval] = down
	}
	if took[10] >= took[30] {
		t.Errorf("a 10 s check with 2 failures (%s) is not faster than a 30 s one with 5 (%s)", took[10], took[30])
	}
}

func TestStickinessWithHeavyClientsSkewsTheSpread(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	suspend(t, s, webGroup, "AlarmNotification")
	setDesired(t, s, webGroup, 6)
	s.Advance(15 * time.Minute)
	tg := tgNamed(t, s, "solemate-web-tg")
	if len(tg.targets) != 6 || s.countState(tg, thHealthy) != 6 {
		t.Fatalf("%d web targets, %d healthy", len(tg.targets), s.countState(tg, thHealthy))
	}
	sticky := evenness(tg)
	hot, cold := busiest(tg)
	setAttrs(t, s, tg, "stickiness.enabled", "false")
	s.Advance(2 * time.Minute)
	even := evenness(tg)
	if sticky < 1.3 || even > 1.05 {
		t.Fatalf("busiest target at %.2fx an even share with stickiness, %.2fx without", sticky, even)
	}
	// what CloudWatch shows of it: the hot target's instance ran hotter
	s.Advance(time.Minute)
	cpu := func(id string, back int) float64 {
		now := s.Now().Truncate(time.Minute)
		out := must(cloudWatchAPI{s}.GetMetricStatistics(bg, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"),
			Dimensions: []cwtypes.Dimension{{Name: aws.String("InstanceId"), Value: aws.String(id)}}, Statistics: []cwtypes.Statistic{cwtypes.StatisticAverage},
			StartTime: aws.Time(now.Add(-time.Duration(back) * time.Minute)), EndTime: aws.Time(now.Add(-time.Duration(back-1) * time.Minute)), Period: aws.Int32(60)}))
		if len(out.Datapoints) != 1 {
			t.Fatalf("CPU of %s %d minutes back: %+v", id, back, out.Datapoints)
		}
		return *out.Datapoints[0].Average
	}
	if then, now := cpu(hot.id, 5)-cpu(cold.id, 5), cpu(hot.id, 1)-cpu(cold.id, 1); then < 10 || now > then/2 {
		t.Errorf("busiest minus quietest target's CPU: %.1f points with stickiness, %.1f without", then, now)
	}
}

func (s *Simulator) countState(tg *targetGroup, state string) (n int) {
	for _, t := range tg.targets {
		if t.state == state {
			n++
		}
	}
	return n
}

func busiest(tg *targetGroup) (hot, cold *target) {
	for _, t := range tg.targets {
		if hot == nil || t.tr.rps > hot.tr.rps {
			hot = t
		}
		if cold == nil || t.tr.rps < cold.tr.rps {
			cold = t
		}
	}
	return hot, cold
}

func TestLeastOutstandingRequestsEvensASlowTarget(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	suspend(t, s, "solemate-catalog-prod", "AlarmNotification")
	setDesired(t, s, "solemate-catalog-prod", 4)
	s.Advance(10 * time.Minute)
	tg := tgNamed(t, s, "solemate-catalog-tg")
	slow, peer := tg.targets[0], tg.targets[1]
	slow.inst.tr.slowness, peer.inst.tr.slowness = 2, 1
	s.Advance(2 * time.Minute)
	rrUtil, rrShare, rrLat := slow.inst.tr.util/peer.inst.tr.util, shares(tg)[slow]/shares(tg)[peer], slow.inst.tr.latency
	setAttrs(t, s, tg, "load_balancing.algorithm.type", "least_outstanding_requests")
	s.Advance(2 * time.Minute)
	lorShare, lorLat := shares(tg)[slow]/shares(tg)[peer], slow.inst.tr.latency
	if rrShare < 0.99 || rrUtil < 1.9 {
		t.Errorf("round robin: the slow target got %.2fx a peer's requests at %.2fx its utilisation", rrShare, rrUtil)
	}
	if lorShare > 0.5 || lorLat >= rrLat {
		t.Errorf("least outstanding requests: the slow target got %.2fx a peer's requests, latency %.0f ms (round robin %.0f ms)", lorShare, lorLat*1000, rrLat*1000)
	}
}

func TestAnomalyMitigationStarvesAnAnomalousTarget(t *testing.T) {
	starved := map[string]float64{}
	for _, mitigation := range []string{"on", "off"} {
		s := newSim(t, Options{Seed: 1})
		suspend(t, s, "solemate-search-prod", "AlarmNotification")
		setDesired(t, s, "solemate-search-prod", 4)
		s.Advance(10 * time.Minute)
		tg := tgNamed(t, s, "solemate-search-tg")
		setAttrs(t, s, tg, "load_balancing.algorithm.anomaly_mitigation", mitigation)
		bad := tg.targets[0]
		bad.inst.tr.slowness = 3
		s.Advance(time.Minute) // mitigation reads the minute before
		var sum float64
		for range 4 {
			s.Advance(time.Minute)
			sum += shares(tg)[bad]
		}
		starved[mitigation] = sum / 4 * float64(len(tg.targets))
	}
	if starved["on"] > 0.3 || starved["off"] < 0.7 {
		t.Errorf("a target answering 3x slower got %.2fx an even share with anomaly mitigation, %.2fx without", starved["on"], starved["off"])
	}
}

func TestSlowStartRampsANewTarget(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	suspend(t, s, "solemate-catalog-prod", "AlarmNotification")
	tg := tgNamed(t, s, "solemate-catalog-tg")
	setAttrs(t, s, tg, "slow_start.duration_seconds", "600")
	old := append([]*target(nil), tg.targets...)
	setDesired(t, s, "solemate-catalog-prod", int32(len(old)+1))
	var fresh *target
	for start := s.Now(); fresh == nil || fresh.state != thHealthy; s.Advance(10 * time.Second) {
		if s.Now().Sub(start) > 10*time.Minute {
			t.Fatal("the new target never turned healthy")
		}
		for _, x := range tg.targets {
			if !slices.Contains(old, x) {
				fresh = x
			}
		}
	}
	ratio := func() float64 { return shares(tg)[fresh] / shares(tg)[old[0]] }
	s.Advance(2 * time.Minute)
	early := ratio()
	s.Advance(4 * time.Minute)
	mid := ratio()
	s.Advance(6 * time.Minute)
	done := ratio()
	if early > 0.35 || mid < early+0.2 || mid > 0.85 || done < 0.99 || done > 1.01 {
		t.Errorf("new target's share against an old one's: %.2f at 2 min, %.2f at 6 min, %.2f after the 10 min ramp", early, mid, done)
	}
}

func TestDrainingAndNLBConnectionTermination(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := elbv2API{s}
	suspend(t, s, cacheGroup, "AlarmNotification", "ReplaceUnhealthy")
	tg := tgNamed(t, s, "solemate-cache-tg")
	setAttrs(t, s, tg, "deregistration_delay.timeout_seconds", "120", "deregistration_delay.connection_termination.enabled", "true")
	victim := tg.targets[0]
	if victim.tr.flows <= 0 {
		t.Fatal("a cache target carries no flows")
	}
	must(api.DeregisterTargets(bg, &elb.DeregisterTargetsInput{TargetGroupArn: aws.String(tg.arn), Targets: []elbtypes.TargetDescription{{Id: aws.String(victim.id)}}}))
	s.Advance(100 * time.Second)
	if st := state(t, s, tg, victim.id); st != "draining" || victim.tr.rps != 0 || victim.tr.flows < 10 {
		t.Fatalf("100 s into a 120 s delay: %s, %.0f rps, %.0f flows", st, victim.tr.rps, victim.tr.flows)
	}
	if until(t, s, tg, victim.id, "gone", time.Minute) > 30*time.Second {
		t.Fatal("the drain outlasted its delay")
	}
	s.Advance(time.Minute)
	cache := lbNamed(t, s, "solemate-cache")
	if v := lastValue(t, s, nsNLB, "TCP_ELB_Reset_Count", 3, dim{"LoadBalancer", cache.dimension}); v < 10 {
		t.Errorf("flows reset by the load balancer when the drain ended: %v", v)
	}
	// an idle target has nothing in flight: its deregistration completes at once
	idle := tgNamed(t, s, "solemate-web-tg").targets[0]
	web := tgNamed(t, s, "solemate-web-tg")
	suspend(t, s, webGroup, "ReplaceUnhealthy", "AlarmNotification")
	idle.inst.broken = true
	until(t, s, web, idle.id, "unhealthy", 2*time.Minute)
	s.Advance(2 * time.Minute) // a minute with no requests for it
	must(api.DeregisterTargets(bg, &elb.DeregisterTargetsInput{TargetGroupArn: aws.String(web.arn), Targets: []elbtypes.TargetDescription{{Id: aws.String(idle.id)}}}))
	if took := until(t, s, web, idle.id, "gone", time.Minute); took > 10*time.Second {
		t.Errorf("an idle target drained for %s", took)
	}
}

// lastValue is the sum of a metric over the last minutes.
func lastValue(t testing.TB, s *Simulator, ns, name string, minutes int, dims ...dim) float64 {
	t.Helper()
	var cd []cwtypes.Dimension
	for _, d := range dims {
		cd = append(cd, cwtypes.Dimension{Name: aws.String(d.name), Value: aws.String(d.value)})
	}
	now := s.Now().Truncate(time.Minute)
	out := must(cloudWatchAPI{s}.GetMetricStatistics(bg, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String(ns), MetricName: aws.String(name), Dimensions: cd,
		Statistics: []cwtypes.Statistic{cwtypes.StatisticSum}, StartTime: aws.Time(now.Add(-time.Duration(minutes) * time.Minute)), EndTime: aws.Time(now),
		Period: aws.Int32(int32(60 * minutes))}))
	if len(out.Datapoints) == 0 {
		t.Fatalf("no %s %s data for %v", ns, name, dims)
	}
	return *out.Datapoints[0].Sum
}

func TestNLBWithoutCrossZoneFollowsZones(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	tg := tgNamed(t, s, "solemate-db-tg")
	byZone := map[string]int{}
	for _, x := range tg.targets {
		byZone[x.az]++
	}
	if len(byZone) != 3 || len(tg.targets) != 4 {
		t.Fatalf("db targets by zone %v", byZone)
	}
	s.Advance(time.Minute)
	for _, x := range tg.targets {
		want := 1 / 3.0 / float64(byZone[x.az]) // each zone's node takes a third of the clients
		if got := shares(tg)[x]; got < want*0.85 || got > want*1.15 {
			t.Errorf("target in %s (%d there) got %.2f of the flows, want about %.2f", x.az, byZone[x.az], got, want)
		}
	}
	setAttrs(t, s, tg, "load_balancing.cross_zone.enabled", "true")
	s.Advance(time.Minute)
	if e := evenness(tg); e > 1.15 {
		t.Errorf("with cross-zone routing the busiest db target takes %.2fx an even share", e)
	}
}

func TestLoadBalancerMetricsAsAWSPublishesThem(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	s.Advance(10 * time.Minute)
	web, webTG := lbNamed(t, s, "solemate-web"), tgNamed(t, s, "solemate-web-tg")
	lbd, tgd := dim{"LoadBalancer", web.dimension}, dim{"TargetGroup", webTG.dimension}
	total := lastValue(t, s, nsALB, "RequestCount", 5, lbd, tgd)
	byZone, healthy := 0.0, 0.0
	for _, az := range s.azs {
		z := dim{"AvailabilityZone", az}
		byZone += lastValue(t, s, nsALB, "RequestCount", 5, lbd, tgd, z)
		healthy += lastValue(t, s, nsALB, "HealthyHostCount", 1, lbd, tgd, z)
	}
	if total < 1000 || byZone < total-3 || byZone > total+3 {
		t.Errorf("web RequestCount %v in all, %v summed over zones", total, byZone)
	}
	if whole := lastValue(t, s, nsALB, "HealthyHostCount", 1, lbd, tgd); healthy != whole || whole != float64(s.countState(webTG, thHealthy)) {
		t.Errorf("HealthyHostCount %v, by zone %v, %d healthy", whole, healthy, s.countState(webTG, thHealthy))
	}
	if lb := lastValue(t, s, nsALB, "RequestCount", 5, lbd); lb != total {
		t.Errorf("the load balancer counted %v requests, its only target group %v", lb, total)
	}
	perTarget := lastValue(t, s, nsALB, "RequestCountPerTarget", 1, tgd)
	if last := lastValue(t, s, nsALB, "RequestCount", 1, lbd, tgd); perTarget < last/healthy-1 || perTarget > last/healthy+1 {
		t.Errorf("RequestCountPerTarget %v, RequestCount %v over %v healthy", perTarget, last, healthy)
	}
	// response time percentiles over requests, not over minutes
	now := s.Now().Truncate(time.Minute)
	rt := must(cloudWatchAPI{s}.GetMetricStatistics(bg, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String(nsALB), MetricName: aws.String("TargetResponseTime"),
		Dimensions: []cwtypes.Dimension{{Name: aws.String("LoadBalancer"), Value: aws.String(web.dimension)}}, ExtendedStatistics: []string{"p50", "p99"},
		Statistics: []cwtypes.Statistic{cwtypes.StatisticSampleCount}, StartTime: aws.Time(now.Add(-time.Minute)), EndTime: aws.Time(now), Period: aws.Int32(60)}))
	p := rt.Datapoints[0]
	if p50, p99 := p.ExtendedStatistics["p50"], p.ExtendedStatistics["p99"]; p50 <= 0 || p99 < 2*p50 || *p.SampleCount < 1000 {
		t.Errorf("TargetResponseTime p50 %v, p99 %v over %v requests", p50, p99, *p.SampleCount)
	}
	cache := lbNamed(t, s, "solemate-cache")
	flows := lastValue(t, s, nsNLB, "ActiveFlowCount", 1, dim{"LoadBalancer", cache.dimension})
	zoneFlows := 0.0
	for _, az := range s.azs {
		zoneFlows += lastValue(t, s, nsNLB, "ActiveFlowCount", 1, dim{"LoadBalancer", cache.dimension}, dim{"AvailabilityZone", az})
	}
	if flows < 300 || zoneFlows < flows-3 || zoneFlows > flows+3 {
		t.Errorf("cache ActiveFlowCount %v, by zone %v", flows, zoneFlows)
	}
	if quiet := lastValue(t, s, nsALB, "HTTPCode_ELB_5XX_Count", 5, lbd) + lastValue(t, s, nsALB, "RejectedConnectionCount", 5, lbd); quiet != 0 {
		t.Errorf("a steady morning: %v load balancer errors and rejections", quiet)
	}
}

func TestLoadBalancerErrorsRejectionsAndResets(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := elbv2API{s}
	// a flash sale's first minute comes faster than the ALB scales
	must(0, s.SetScenario("flash-sale"))
	s.Advance(3 * time.Minute)
	web := lbNamed(t, s, "solemate-web")
	if r := lastValue(t, s, nsALB, "RejectedConnectionCount", 3, dim{"LoadBalancer", web.dimension}); r <= 0 {
		t.Errorf("no connections rejected at the flash sale's start: %v", r)
	}
	// a target group left without targets: the load balancer answers 503
	catalog := tgNamed(t, s, "solemate-catalog-tg")
	var all []elbtypes.TargetDescription
	for _, x := range catalog.targets {
		all = append(all, elbtypes.TargetDescription{Id: aws.String(x.id)})
	}
	must(api.DeregisterTargets(bg, &elb.DeregisterTargetsInput{TargetGroupArn: aws.String(catalog.arn), Targets: all}))
	s.Advance(3 * time.Minute)
	svc := lbNamed(t, s, "solemate-services")
	if e := lastValue(t, s, nsALB, "HTTPCode_ELB_5XX_Count", 1, dim{"LoadBalancer", svc.dimension}); e < 100 {
		t.Errorf("catalog without targets: %v 5xx from the load balancer", e)
	}
	if n := lastValue(t, s, nsALB, "RequestCount", 1, dim{"LoadBalancer", svc.dimension}, dim{"TargetGroup", catalog.dimension}); n != 0 {
		t.Errorf("catalog without targets still counted %v requests", n)
	}
	// a cache node whose process keeps crashing resets its flows, then the NLB resets the rest
	cacheTG := tgNamed(t, s, "solemate-cache-tg")
	suspend(t, s, cacheGroup, "ReplaceUnhealthy")
	cacheTG.targets[0].inst.broken = true
	s.Advance(time.Minute)
	cache := dim{"LoadBalancer", lbNamed(t, s, "solemate-cache").dimension}
	if r := lastValue(t, s, nsNLB, "TCP_Target_Reset_Count", 1, cache); r < 10 {
		t.Errorf("flows reset by a crashing target: %v", r)
	}
	until(t, s, cacheTG, cacheTG.targets[0].id, "unhealthy", 2*time.Minute)
	s.Advance(time.Minute)
	if r := lastValue(t, s, nsNLB, "TCP_ELB_Reset_Count", 2, cache); r < 10 {
		t.Errorf("flows the NLB reset when the target turned unhealthy: %v", r)
	}
}

func TestAZOutageEmptiesAZone(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	must(0, s.SetScenario("az-outage"))
	s.Advance(3 * time.Minute)
	web, webTG := lbNamed(t, s, "solemate-web"), tgNamed(t, s, "solemate-web-tg")
	lbd, tgd := dim{"LoadBalancer", web.dimension}, dim{"TargetGroup", webTG.dimension}
	if h := lastValue(t, s, nsALB, "HealthyHostCount", 1, lbd, tgd, dim{"AvailabilityZone", s.azs[1]}); h != 0 {
		t.Errorf("%v healthy web targets left in the impaired zone", h)
	}
	if h := lastValue(t, s, nsALB, "HealthyHostCount", 1, lbd, tgd, dim{"AvailabilityZone", s.azs[0]}); h == 0 {
		t.Error("no healthy web targets in a zone that is fine")
	}
	if e := lastValue(t, s, nsALB, "HTTPCode_ELB_5XX_Count", 3, lbd); e == 0 {
		t.Error("requests sent to the impaired zone before its targets failed their checks did not time out")
	}
}

func TestLoadBalancerAttributesAndCrossZone(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := elbv2API{s}
	attrs := func(lb *loadBalancer) map[string]string {
		out := map[string]string{}
		for _, a := range must(api.DescribeLoadBalancerAttributes(bg, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerArn: aws.String(lb.arn)})).Attributes {
			out[*a.Key] = *a.Value
		}
		return out
	}
	web, db := lbNamed(t, s, "solemate-web"), lbNamed(t, s, "solemate-db-replicas")
	if a := attrs(web); a["load_balancing.cross_zone.enabled"] != "true" || a["idle_timeout.timeout_seconds"] != "60" || a["routing.http2.enabled"] != "true" {
		t.Errorf("ALB defaults %v", a)
	}
	if a := attrs(db); a["load_balancing.cross_zone.enabled"] != "false" || a["idle_timeout.timeout_seconds"] != "" || a["ipv6.deny_all_igw_traffic"] != "true" {
		t.Errorf("internal NLB defaults %v", a)
	}
	mod := func(lb *loadBalancer, k, v string) error {
		_, err := api.ModifyLoadBalancerAttributes(bg, &elb.ModifyLoadBalancerAttributesInput{LoadBalancerArn: aws.String(lb.arn),
			Attributes: []elbtypes.LoadBalancerAttribute{{Key: aws.String(k), Value: aws.String(v)}}})
		return err
	}
	wantErr(t, mod(web, "load_balancing.cross_zone.enabled", "false"), "InvalidConfigurationRequest", "Application Load Balancers")
	wantErr(t, mod(web, "idle_timeout.timeout_seconds", "4001"), "ValidationError", "'1-4000'")
	wantErr(t, mod(db, "idle_timeout.timeout_seconds", "60"), "ValidationError", "is not recognized")
	wantErr(t, mod(db, "deletion_protection.enabled", "yes"), "ValidationError", "[true, false]")
	// the db NLB routes by zone until cross-zone is turned on for the whole load balancer
	tg := tgNamed(t, s, "solemate-db-tg")
	s.Advance(time.Minute)
	before := evenness(tg)
	if err := mod(db, "load_balancing.cross_zone.enabled", "true"); err != nil {
		t.Fatal(err)
	}
	s.Advance(time.Minute)
	if after := evenness(tg); before < 1.2 || after > 1.15 {
		t.Errorf("busiest db target at %.2fx an even share by zone, %.2fx with cross-zone", before, after)
	}
}
