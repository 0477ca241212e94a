package sim

import "math"

// The load balancers' CloudWatch metrics, in AWS/ApplicationELB and
// AWS/NetworkELB with AWS's dimensions. Request metrics with an
// AvailabilityZone dimension count what entered through that zone's node
// (with cross-zone routing, every zone alike); host counts by zone count
// that zone's targets. CloudWatch has no per-target request metric: a
// target's share shows in its instance's CPUUtilization.

// zoneStats is one zone's (or the whole group's) minute.
type zoneStats struct {
	reqs, errT, errE   float64 // requests, 5xx by targets, 5xx by the load balancer
	latW, latLo, latHi float64 // response time: request-weighted sum, fastest target, slowest tail
	healthy, unhealthy float64
	flows, tReset      float64 // NLB: active flows, resets sent by targets
	eReset             float64 // NLB: resets sent by the load balancer
}

func (z *zoneStats) add(o zoneStats) {
	if o.reqs > 0 {
		if z.reqs == 0 || o.latLo < z.latLo {
			z.latLo = o.latLo
		}
		z.latHi = math.Max(z.latHi, o.latHi)
	}
	z.reqs += o.reqs
	z.errT += o.errT
	z.errE += o.errE
	z.latW += o.latW
	z.healthy += o.healthy
	z.unhealthy += o.unhealthy
	z.flows += o.flows
	z.tReset += o.tReset
	z.eReset += o.eReset
}

func (z zoneStats) scaled(f float64) zoneStats {
	return zoneStats{reqs: z.reqs * f, errT: z.errT * f, errE: z.errE * f, latW: z.latW * f, latLo: z.latLo, latHi: z.latHi,
		healthy: z.healthy, unhealthy: z.unhealthy, flows: z.flows * f, tReset: z.tReset * f, eReset: z.eReset * f}
}

// zoneMetricGroups: beyond this many groups target groups' metrics by zone
// are not published, to keep 5,000 groups in memory (load balancers' are).
const zoneMetricGroups = 1000

// tailFactor is how far a target's slowest requests sit above its mean.
const tailFactor = 3

// poolFlows is the number of long-lived flows a kind of service's clients
// keep open through an NLB.
func poolFlows(kind string) float64 {
	switch kind {
	case "cache":
		return 320
	case "db":
		return 300
	}
	return 200
}

// tgStats sums a target group's minute by zone: requests by the node they
// entered through, hosts by the zone they are in.
func (s *Simulator) tgStats(tg *targetGroup) []zoneStats {
	zs := make([]zoneStats, len(s.azs))
	routed := 0.0
	for _, t := range tg.targets {
		routed += t.tr.rps
	}
	flows := 0.0
	if tg.isNetwork() && routed > 0 {
		flows = poolFlows(tgKind(tg)) + routed*0.02
	}
	for _, t := range tg.targets {
		if z := s.zoneOf(t.az); z >= 0 {
			switch t.state {
			case thHealthy:
				zs[z].healthy++
			case thUnhealthy:
				zs[z].unhealthy++
			}
		}
		if t.state == thDraining && tg.isNetwork() {
			// an NLB keeps a draining target's flows until their clients close them or the delay ends
			t.tr.flows *= 0.9
			if z := s.zoneOf(t.az); z >= 0 {
				zs[z].flows += t.tr.flows
			}
			continue
		}
		t.tr.flows = 0
		if t.tr.rps <= 0 || t.inst == nil {
			continue
		}
		in := t.inst
		s.answer(in)
		t.tr.flows = flows * t.tr.rps / routed
		own := s.zoneOf(t.az)
		for z := range zs {
			f := tg.tr.nodes[z] // with cross-zone routing a target's requests come through every node
			if !tg.tr.crossZone && own >= 0 {
				f = 0
				if z == own {
					f = 1
				}
			}
			if f <= 0 {
				continue
			}
			r := t.tr.rps * f
			zs[z].add(zoneStats{reqs: r * 60, errT: r * 60 * in.tr.errT, errE: r * 60 * in.tr.errE, latW: r * 60 * in.tr.latency,
				latLo: in.tr.latency, latHi: in.tr.latency * tailFactor, flows: t.tr.flows * f, tReset: t.tr.flows * f * targetResets(in)})
		}
	}
	for z := range zs {
		zs[z].errE += tg.tr.unrouted * 60 / float64(len(zs)) // no target: 503 from the load balancer
		zs[z].eReset += tg.tr.elbResets/float64(len(zs)) + zs[z].flows*0.002
	}
	tg.tr.elbResets = 0
	return zs
}

// targetResets is the share of an instance's flows it resets in a minute:
// when it is saturated, and when its process keeps crashing.
func targetResets(in *instance) float64 {
	r := 0.0
	if in.tr.util > 0.95 {
		r += math.Min(1, (in.tr.util-0.95)*4) * 0.2
	}
	if in.broken {
		r += 0.3
	}
	return r
}

func (s *Simulator) zoneOf(az string) int {
	for z, a := range s.azs {
		if a == az {
			return z
		}
	}
	return -1
}

// publishELB publishes every target group's and load balancer's minute.
func (s *Simulator) publishELB(mi int64) {
	perLB := map[*loadBalancer][]zoneStats{}
	for _, tg := range s.tgOrder {
		if len(tg.lbs) == 0 {
			continue
		}
		zs := s.tgStats(tg)
		var all zoneStats
		for _, z := range zs {
			all.add(z)
		}
		tg.tr.elb5xx = minuteCount{mi, math.Round(all.errE)}
		f := 1 / float64(len(tg.lbs)) // a group behind several load balancers splits its requests
		if !tg.isNetwork() && all.healthy > 0 {
			s.setM(tg, nil, mPerTarget, -1, all.reqs/all.healthy, mi)
		}
		byZone := len(s.groups) <= zoneMetricGroups
		for _, lb := range tg.lbs {
			s.publishTG(tg, lb, -1, all.scaled(f), mi)
			acc := perLB[lb]
			if acc == nil {
				acc = make([]zoneStats, len(zs))
				perLB[lb] = acc
			}
			for z, st := range zs {
				if byZone {
					s.publishTG(tg, lb, z, st.scaled(f), mi)
				}
				acc[z].add(st.scaled(f))
			}
		}
	}
	for _, lb := range s.lbOrder {
		zs := perLB[lb]
		if zs == nil {
			zs = make([]zoneStats, len(s.azs))
		}
		s.publishLB(lb, zs, mi)
	}
}

func (s *Simulator) publishTG(tg *targetGroup, lb *loadBalancer, z int, st zoneStats, mi int64) {
	s.setM(tg, lb, mHealthy, z, st.healthy, mi)
	s.setM(tg, lb, mUnhealthy, z, st.unhealthy, mi)
	if tg.isNetwork() {
		return
	}
	s.setM(tg, lb, mRequests, z, math.Round(st.reqs), mi)
	s.setM(tg, lb, mTarget5xx, z, math.Round(st.errT), mi)
	if st.healthy > 0 {
		s.setM(tg, lb, mPerTarget, z, st.reqs/st.healthy, mi)
	}
	if st.reqs >= 1 {
		s.addLatency(s.tgSer(tg, lb, mLatency, z), st, mi)
	}
}

// publishLB publishes a load balancer's own metrics, whole and by zone.
// An ALB scales to half as much again as last minute's requests at once; requests
// beyond that in a surge are turned away (RejectedConnectionCount).
func (s *Simulator) publishLB(lb *loadBalancer, zs []zoneStats, mi int64) {
	var all zoneStats
	for _, z := range zs {
		all.add(z)
	}
	capacity := math.Max(1.5*lb.tr.prevReqs, 6000)
	lb.tr.prevReqs = all.reqs
	rejected := math.Max(0, all.reqs-capacity) / 20
	for z := -1; z < len(zs); z++ {
		st, share := all, 1.0
		if z >= 0 {
			st = zs[z]
			if all.reqs > 0 {
				share = st.reqs / all.reqs
			}
		}
		if lb.typ == "network" {
			s.setLB(lb, mFlows, z, math.Round(st.flows), mi)
			s.setLB(lb, mNewFlows, z, math.Round(st.flows/10+st.tReset+st.eReset), mi)
			s.setLB(lb, mTargetResets, z, math.Round(st.tReset), mi)
			s.setLB(lb, mELBResets, z, math.Round(st.eReset), mi)
			continue
		}
		s.setLB(lb, mRequests, z, math.Round(st.reqs), mi)
		s.setLB(lb, mTarget5xx, z, math.Round(st.errT), mi)
		s.setLB(lb, mELB5xx, z, math.Round(st.errE), mi)
		s.setLB(lb, mRejected, z, math.Round(rejected*share), mi)
		s.setLB(lb, mNewConns, z, math.Round(st.reqs/20), mi)
		s.setLB(lb, mActiveConns, z, math.Round(st.reqs/12), mi)
		if st.reqs >= 1 {
			s.addLatency(s.lbSer(lb, mLatency, z), st, mi)
		}
	}
}

// addLatency records a minute of response times as a statistic set over
// its requests, so p50 and p99 come out between the mean and the slowest
// target's tail.
func (s *Simulator) addLatency(x *series, st zoneStats, mi int64) {
	n := math.Round(st.reqs)
	s.metrics.add(x, mi, st.latW*n/st.reqs, st.latLo, st.latHi, uint32(math.Min(n, math.MaxUint32)))
}

// elbMetric names a load balancer metric; serSet caches a target group's
// (or load balancer's) series by metric and zone (0: no zone, z+1: s.azs[z]).
type elbMetric int

const (
	mHealthy elbMetric = iota
	mUnhealthy
	mRequests
	mTarget5xx
	mPerTarget
	mLatency
	mELB5xx
	mRejected
	mNewConns
	mActiveConns
	mFlows
	mNewFlows
	mTargetResets
	mELBResets
	nELBMetrics
)

var elbMetricNames = [nELBMetrics]string{"HealthyHostCount", "UnHealthyHostCount", "RequestCount", "HTTPCode_Target_5XX_Count",
	"RequestCountPerTarget", "TargetResponseTime", "HTTPCode_ELB_5XX_Count", "RejectedConnectionCount", "NewConnectionCount",
	"ActiveConnectionCount", "ActiveFlowCount", "NewFlowCount", "TCP_Target_Reset_Count", "TCP_ELB_Reset_Count"}

const maxZones = 6

type serSet [nELBMetrics][maxZones + 1]*series

func (s *Simulator) setM(tg *targetGroup, lb *loadBalancer, m elbMetric, z int, v float64, mi int64) {
	s.metrics.set(s.tgSer(tg, lb, m, z), mi, v)
}

func (s *Simulator) setLB(lb *loadBalancer, m elbMetric, z int, v float64, mi int64) {
	s.metrics.set(s.lbSer(lb, m, z), mi, v)
}

func elbNamespace(lb *loadBalancer, tg *targetGroup) string {
	if lb != nil && lb.typ == "network" || lb == nil && tg != nil && tg.isNetwork() {
		return nsNLB
	}
	return nsALB
}

// zoneDims adds the AvailabilityZone dimension of zone z (-1: none).
func (s *Simulator) zoneDims(dims []dim, z int) []dim {
	if z >= 0 {
		dims = append(dims, dim{"AvailabilityZone", s.azs[z]})
	}
	return dims
}

// tgSer is a target group's series: by TargetGroup alone when lb is nil,
// else with LoadBalancer, and AvailabilityZone for zone z >= 0.
func (s *Simulator) tgSer(tg *targetGroup, lb *loadBalancer, m elbMetric, z int) *series {
	set := tg.tr.ser[lb]
	if set == nil {
		if tg.tr.ser == nil {
			tg.tr.ser = map[*loadBalancer]*serSet{}
		}
		set = &serSet{}
		tg.tr.ser[lb] = set
	}
	if x := set[m][z+1]; x != nil {
		return x
	}
	dims := []dim{{"TargetGroup", tg.dimension}}
	if lb != nil {
		dims = append(dims, dim{"LoadBalancer", lb.dimension})
	}
	x := s.metrics.get(elbNamespace(lb, tg), elbMetricNames[m], m == mLatency, s.zoneDims(dims, z)...)
	set[m][z+1] = x
	return x
}

func (s *Simulator) lbSer(lb *loadBalancer, m elbMetric, z int) *series {
	if lb.tr.ser == nil {
		lb.tr.ser = &serSet{}
	}
	if x := lb.tr.ser[m][z+1]; x != nil {
		return x
	}
	x := s.metrics.get(elbNamespace(lb, nil), elbMetricNames[m], m == mLatency, s.zoneDims([]dim{{"LoadBalancer", lb.dimension}}, z)...)
	lb.tr.ser[m][z+1] = x
	return x
}

// the fine-tick hooks: what health transitions do to flows and shares

// turnedHealthy starts a target's slow start and sticky ramp.
func (s *Simulator) turnedHealthy(t *target) { t.tr.healthySince = s.now }

// leftHealthy notes when a healthy target stopped taking requests.
func (s *Simulator) leftHealthy(t *target) {
	if t.state == thHealthy {
		t.tr.leftAt = s.now
	}
}

// lostFlows: an NLB resets the flows of a target that turned unhealthy or
// finished draining, when its connection termination attribute says so.
func (s *Simulator) lostFlows(tg *targetGroup, t *target, attr string) {
	if tg.isNetwork() && tg.attrs[attr] == "true" {
		tg.tr.elbResets += t.tr.flows
		t.tr.flows = 0
	}
}

// idleDrain: a target that was sent nothing last minute has nothing in
// flight, so its deregistration completes at once.
func idleDrain(t *target) bool { return t.tr.rps == 0 && t.tr.flows == 0 }
