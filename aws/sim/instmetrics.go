package sim

import (
	"math"
)

// instanceMinute sets an instance's CPU and memory for the minute and
// returns its CPU series. A serving instance takes an equal share of the
// group's work (what a round-robin load balancer gives it), so its CPU is
// that share over what its type serves: a larger or newer instance type
// shows less CPU for the same requests.
func (s *Simulator) instanceMinute(g *group, in *instance, share float64, mi int64) *series {
	skew := 0.92 + 0.16*s.unit(strHash(in.id), uint64(mi/15))
	u := 0.0
	switch {
	case s.serving(in):
		if c := g.capacityOf(in); c > 0 {
			u = share / c
		}
		in.cpu = servingCPU(u, skew)
	case in.state == lsPending:
		in.cpu = bootCPU(s.unit(strHash(in.id), uint64(mi)))
	default:
		in.cpu = 2 + 3*s.unit(strHash(in.id), uint64(mi))
	}
	in.mem = g.role.memAt(u, skew)
	if g.role.kind == "cache" && s.scenario == "slow-leak" {
		from := in.launched
		if s.scenarioStart.After(from) {
			from = s.scenarioStart
		}
		in.mem += 0.35 * s.now.Sub(from).Minutes()
	}
	in.mem = clampf(in.mem+(s.unit(strHash(in.id), uint64(mi), 3)-0.5)*2, 1, 99.5)
	if in.cpuSer == nil {
		in.cpuSer = s.metrics.get(nsEC2, "CPUUtilization", false, dim{"InstanceId", in.id})
	}
	return in.cpuSer
}

// The formulas the live minute and the history model share.

// servingCPU is an instance's CPU at utilisation u; skew spreads the
// instances of a group (0.92 to 1.08).
func servingCPU(u, skew float64) float64 { return clampf(3+95*u*skew, 0, 100) }

// bootCPU is a booting instance's CPU for a draw r in [0,1).
func bootCPU(r float64) float64 { return 25 + 20*r }

// memAt is an instance's memory at utilisation u, before its noise.
func (r *role) memAt(u, skew float64) float64 { return r.memBase + r.memLoad*math.Min(u, 1.2)*skew }

// bytesPerRequest is what one request (or job) moves in and out, per kind
// of workload.
var bytesPerRequest = map[string][2]float64{
	"web": {1500, 40000}, "app": {2000, 8000}, "service": {1000, 6000}, "worker": {20000, 4000},
	"cache": {300, 1200}, "db": {500, 4000}, "generic": {2000, 10000},
}

// network is an instance's NetworkIn and NetworkOut bytes for a minute:
// its share of requests, a booting instance's downloads, and a floor of
// background traffic.
func (g *group) network(in *instance, share float64) (float64, float64) {
	const floor = 60e3
	switch {
	case in.state == lsPending:
		return 40e6 + floor, 2e6 + floor
	case in.state != lsInService:
		return floor, floor
	}
	b, ok := bytesPerRequest[g.role.kind]
	if !ok {
		b = bytesPerRequest["generic"]
	}
	return share*60*b[0] + floor, share*60*b[1] + floor
}

// minuteAgg gathers one minute of a metric that each instance reports into
// a group-level statistic set.
type minuteAgg struct {
	sum, lo, hi float64
	n           uint32
}

func (a *minuteAgg) add(v float64) {
	if a.n == 0 {
		a.lo, a.hi = v, v
	}
	a.sum += v
	a.lo, a.hi = math.Min(a.lo, v), math.Max(a.hi, v)
	a.n++
}

func (a *minuteAgg) publish(m *metricStore, ser *series, mi int64) {
	if a.n > 0 {
		m.add(ser, mi, a.sum, a.lo, a.hi, a.n)
	}
}
