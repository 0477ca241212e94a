package sim

import (
	"math"
	"time"
)

// Metric namespaces.
const (
	nsEC2     = "AWS/EC2"
	nsASG     = "AWS/AutoScaling"
	nsALB     = "AWS/ApplicationELB"
	nsNLB     = "AWS/NetworkELB"
	nsAgent   = "CWAgent"
	nsWorkers = "SoleMate/Workers"
)

// load is the group's offered load (requests or jobs per second) at t: a
// daily curve (US evening peak), a quieter weekend, smooth noise, and the
// scenario's multiplier. It is a pure function of (seed, group, t), so the
// backfilled history and the live run agree.
func (s *Simulator) load(g *group, t time.Time) float64 {
	return s.baseLoad(g, t) * s.scenarioMult(g, t)
}

func (s *Simulator) baseLoad(g *group, t time.Time) float64 {
	key := strHash(g.name)
	base, smooth := s.loadTrend(g, key, t)
	jitter := (s.unit(key, uint64(t.Unix()/60), 7) - 0.5) * 0.05
	return base * (1 + smooth + jitter)
}

// loadTrend is the group's load at t without the per-minute jitter: base
// (the daily and weekly curve) times 1+smooth (noise with knots every ten
// minutes). key is strHash(g.name).
func (s *Simulator) loadTrend(g *group, key uint64, t time.Time) (base, smooth float64) {
	h := float64(t.Unix()%86400)/3600 + g.role.phase
	diurnal := 0.6 + 0.4*math.Cos(2*math.Pi*(h-1)/24)
	weekly := 1.0
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		weekly = 0.85
	}
	m := t.Unix() / 60
	knot := m / 10
	f := float64(m%10) / 10
	n0 := s.unit(key, uint64(knot))
	n1 := s.unit(key, uint64(knot+1))
	smooth = (n0*(1-f) + n1*f - 0.5) * 0.16
	return g.role.peakRPS * diurnal * weekly, smooth
}

// capacityOf is what one instance serves at 100% CPU: its vCPUs at the
// role's work per vCPU, scaled by the type's speed (a newer generation does
// more per vCPU), so a new instance type moves CPU per request.
func (g *group) capacityOf(in *instance) float64 { return g.capacityOfType(in.itype) }

func (g *group) capacityOfType(itype string) float64 {
	t := typeInfo(itype)
	return float64(t.vcpu) * t.speed * g.role.rpsPerVCPU
}

// groupSeries caches a group's series pointers so the minute tick does no
// key building.
type groupSeries struct {
	cpu, mem, netIn, netOut                *series // mem: once an instance runs the CloudWatch agent
	desired, inService, pending, total     *series
	minSize, maxSize, standby, terminating *series
	backlog                                *series
}

func (s *Simulator) seriesOf(g *group) *groupSeries {
	if g.ser != nil {
		return g.ser
	}
	m := s.metrics
	gd := dim{"AutoScalingGroupName", g.name}
	gs := &groupSeries{
		cpu:         m.get(nsEC2, "CPUUtilization", true, gd),
		netIn:       m.get(nsEC2, "NetworkIn", true, gd),
		netOut:      m.get(nsEC2, "NetworkOut", true, gd),
		desired:     m.get(nsASG, "GroupDesiredCapacity", false, gd),
		inService:   m.get(nsASG, "GroupInServiceInstances", false, gd),
		pending:     m.get(nsASG, "GroupPendingInstances", false, gd),
		total:       m.get(nsASG, "GroupTotalInstances", false, gd),
		minSize:     m.get(nsASG, "GroupMinSize", false, gd),
		maxSize:     m.get(nsASG, "GroupMaxSize", false, gd),
		standby:     m.get(nsASG, "GroupStandbyInstances", false, gd),
		terminating: m.get(nsASG, "GroupTerminatingInstances", false, gd),
	}
	if g.queue != "" {
		gs.backlog = m.get(nsWorkers, "ApproximateQueueBacklog", false, dim{"QueueName", g.queue})
	}
	g.ser = gs
	return gs
}

// minuteTick publishes the minute that just ended and runs everything that
// acts on metrics: alarms, policies, predictive scaling, hourly history.
// Load balancers route first (offerTraffic), so each instance's CPU follows
// the requests its targets received; then the load balancers' metrics.
func (s *Simulator) minuteTick() {
	mi := minuteOf(s.now) - 1 // CloudWatch stamps a period with its start
	s.offerTraffic(mi)
	for _, name := range s.groupNames {
		g := s.groups[name]
		s.groupMinute(g, mi)
	}
	s.publishELB(mi)
	s.evaluateAlarms()
	s.runPredictive()
	if s.now.Minute() == 0 {
		s.metrics.gc(mi)
	}
}

// groupMinute moves one group through a minute: load against serving
// capacity gives CPU, memory, latency and errors; the results are published.
// Behind a load balancer each instance carries what its targets were sent.
func (s *Simulator) groupMinute(g *group, mi int64) {
	t := s.now.Add(-30 * time.Second)
	L := s.load(g, t)
	var capacity float64
	serving := 0
	for _, in := range g.insts {
		if s.serving(in) {
			capacity += g.capacityOf(in)
			serving++
		}
	}
	g.lastServing = serving
	routed := s.routedByELB(g)
	u := 0.0
	if g.role.kind == "worker" {
		// jobs arrive at L per second and wait in the queue
		processed := math.Min(capacity, L+g.backlog/60)
		g.backlog = math.Max(0, g.backlog+(L-processed)*60)
		if capacity > 0 {
			u = processed / capacity
		}
	} else if capacity > 0 {
		u = L / capacity
	} else if L > 0 {
		u = 2
	}
	ser := s.seriesOf(g)
	m := s.metrics
	share := 0.0 // work per serving instance
	if serving > 0 {
		share = L / float64(serving)
		if g.role.kind == "worker" {
			share = u * capacity / float64(serving)
		}
	}
	var cpu, mem, netIn, netOut minuteAgg
	for _, in := range g.insts {
		if in.ec2State != "running" {
			continue
		}
		work, cpuWork := share, share
		if routed { // what its targets were sent; a slow host spends more on each
			work = in.tr.rps
			cpuWork = work * s.slowness(in)
			s.targetUtil(g, in)
		}
		in.cpuSer = s.instanceMinute(g, in, cpuWork, mi)
		m.set(in.cpuSer, mi, in.cpu)
		cpu.add(in.cpu)
		if in.agent {
			mem.add(in.mem)
		}
		i, o := g.network(in, work)
		netIn.add(i)
		netOut.add(o)
	}
	cpu.publish(m, ser.cpu, mi)
	netIn.publish(m, ser.netIn, mi)
	netOut.publish(m, ser.netOut, mi)
	if mem.n > 0 {
		if ser.mem == nil {
			ser.mem = m.get(nsAgent, "mem_used_percent", true, dim{"AutoScalingGroupName", g.name})
		}
		mem.publish(m, ser.mem, mi)
	}
	m.set(ser.desired, mi, float64(g.desired))
	m.set(ser.inService, mi, float64(g.count(lsInService)))
	m.set(ser.pending, mi, float64(g.count(lsPending)))
	m.set(ser.standby, mi, float64(g.count(lsStandby)+g.count(lsEnteringStandby)))
	m.set(ser.terminating, mi, float64(g.count(lsTerminating)+g.count(lsTerminatingWait)))
	m.set(ser.total, mi, float64(len(g.insts)))
	m.set(ser.minSize, mi, float64(g.min))
	m.set(ser.maxSize, mi, float64(g.max))
	if ser.backlog != nil {
		m.set(ser.backlog, mi, g.backlog)
	}
	s.recordHour(g, L, float64(g.active()))
}

// serving: in service, not broken, and (behind a load balancer) healthy.
func (s *Simulator) serving(in *instance) bool {
	if in.state != lsInService || in.broken || in.ec2State != "running" {
		return false
	}
	if s.impairedAZ != "" && in.az == s.impairedAZ {
		return false
	}
	return s.targetHealthy(in)
}
