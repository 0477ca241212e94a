package sim

import (
	"math"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// The standby: SoleMate's platform in a second region (a Cloud's us-west-2)
// at the same tiers, kept small until a failover sends it the traffic. Its
// groups see standbyShare of the primary's traffic (synthetic checks and
// the few clients that resolve to it) and take the rest as it shifts.
const standbyShare = 0.08

// The region-failover scenario, from its start: the primary loses an AZ
// at once, the targets of its internet-facing load balancer fail their
// health checks from failoverTargetsAt, and from failoverShiftAt DNS
// failover moves the traffic to the standby over failoverRamp (a record's
// TTL and clients' caches).
const (
	failoverTargetsAt = 3 * time.Minute
	failoverShiftAt   = 5 * time.Minute
	failoverRamp      = 5 * time.Minute
)

// buildStandbyFleet is the standby platform: every tier of the default
// fleet at low desired capacity, one internet-facing load balancer in front
// of the web tier, and read replicas of the data tier.
func (s *Simulator) buildStandbyFleet() {
	const env = "standby"
	envTags := []tag{{"Env", env, false}, {"Project", "SoleMate", false}, {"Role", "failover-standby", false}}
	r := roles()
	for _, x := range r {
		x.peakRPS *= standbyShare
	}
	lb := s.addLoadBalancer("solemate-standby-web", "application", "internet-facing", envTags)
	tg := s.addTargetGroup("solemate-standby-web-tg", "HTTP", 80, envTags)
	tg.hcPath = "/healthz"
	s.setAttrs(tg, [][2]string{{"deregistration_delay.timeout_seconds", "30"}})
	s.addListener(lb, 80, "HTTP", "", nil, tg)

	n := func(x string) string { return "solemate-" + x + "-" + env }
	pol := func(x string) string { return "solemate-standby-" + x } // policy names
	add := func(sp groupSpec) *group {
		sp.env, sp.grace, sp.warmup = env, 60, 120
		return s.addGroup(sp)
	}
	web := add(groupSpec{name: n("web"), role: r["web"], itypes: []string{"m6i.large"}, min: 1, max: 40, desired: 1,
		tier: "web", service: "storefront", tgs: []*targetGroup{tg}})
	s.mustPolicy(web, cpuTT(pol("web-cpu50-target-tracking"), 50))
	app := add(groupSpec{name: n("app"), role: r["app"], itypes: []string{"c6i.xlarge"}, min: 1, max: 30, desired: 1, tier: "app", service: "api"})
	s.mustPolicy(app, cpuTT(pol("app-cpu50-target-tracking"), 50))
	for _, svc := range []string{"catalog", "cart", "checkout", "search"} {
		it := map[string]string{"catalog": "t3.medium", "cart": "t3.medium", "checkout": "c6i.large", "search": "r6g.large"}[svc]
		g := add(groupSpec{name: n(svc), role: r[svc], itypes: []string{it}, min: 1, max: 20, desired: 1, tier: "services", service: svc})
		s.mustPolicy(g, cpuTT(pol(svc+"-cpu-target-tracking"), 55))
	}
	workers := add(groupSpec{name: n("workers"), role: r["workers"], itypes: []string{"c6i.large"}, min: 1, max: 20, desired: 1,
		tier: "worker", service: "fulfilment", noAgent: true})
	s.mustPolicy(workers, cpuTT(pol("workers-cpu60-target-tracking"), 60))
	cache := add(groupSpec{name: n("cache"), role: r["cache"], itypes: []string{"r6g.xlarge"}, min: 1, max: 12, desired: 1,
		tier: "cache", service: "session-cache"})
	s.mustPolicy(cache, &autoscaling.PutScalingPolicyInput{
		PolicyName: aws.String(pol("cache-memory-target-tracking")), PolicyType: aws.String(ptTarget),
		TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{
			TargetValue: aws.Float64(70),
			CustomizedMetricSpecification: &astypes.CustomizedMetricSpecification{
				Namespace: aws.String(nsAgent), MetricName: aws.String("mem_used_percent"), Statistic: astypes.MetricStatisticAverage,
				Dimensions: []astypes.MetricDimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(cache.name)}},
			},
		},
	})
	// cross-region read replicas of the catalog database
	db := add(groupSpec{name: n("db-replica"), role: r["db"], itypes: []string{"r6g.2xlarge"}, min: 2, max: 8, desired: 2,
		tier: "data", service: "catalog-db-read", hcType: "EC2"})
	s.mustPolicy(db, cpuTT(pol("db-replica-cpu40-target-tracking"), 40))
}

// failoverShift is the share of the primary's traffic the standby has
// taken at t: none until failoverShiftAt, all after the ramp.
func (s *Simulator) failoverShift(t time.Time) float64 {
	since := t.Sub(s.scenarioStart) - failoverShiftAt
	if since <= 0 {
		return 0
	}
	return math.Min(1, float64(since)/float64(failoverRamp))
}

// failoverMult is region-failover's traffic multiplier: the primary keeps
// a twentieth of its traffic (clients that cache DNS past its TTL), the
// standby adds the primary's, which is its own over standbyShare. A region
// with no part in the failover is untouched.
func (s *Simulator) failoverMult(t time.Time) float64 {
	shift := s.failoverShift(t)
	switch {
	case s.standby:
		return 1 + shift/standbyShare
	case len(s.groups) > 0:
		return 1 - 0.95*shift
	}
	return 1
}

// failingTargets reports whether tg's targets fail health checks because
// the primary region is failing: the target groups behind its
// internet-facing load balancers, from failoverTargetsAt into
// region-failover (a regional dependency is gone; /healthz answers 503).
func (s *Simulator) failingTargets(tg *targetGroup) bool {
	if s.scenario != "region-failover" || s.standby || s.now.Sub(s.scenarioStart) < failoverTargetsAt {
		return false
	}
	for _, lb := range tg.lbs {
		if lb.scheme == "internet-facing" {
			return true
		}
	}
	return false
}
