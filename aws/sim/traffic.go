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
	h := float64(t.Unix()%86400)/3600 + g.role.phase
	diurnal := 0.6 + 0.4*math.Cos(2*math.Pi*(h-1)/24)
	weekly := 1.0
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		weekly = 0.85
	}
	key := strHash(g.name)
	m := t.Unix() / 60
	knot := m / 10
	f := float64(m%10) / 10
	n0 := s.unit(key, uint64(knot))
	n1 := s.unit(key, uint64(knot+1))
	smooth := (n0*(1-f) + n1*f - 0.5) * 0.16
	jitter := (s.unit(key, uint64(m), 7) - 0.5) * 0.05
	return g.role.peakRPS * diurnal * weekly * (1 + smooth + jitter)
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
func (s *Simulator) minuteTick() {
	mi := minuteOf(s.now) - 1 // CloudWatch stamps a period with its start
	lbAgg := map[*loadBalancer]*lbMinute{}
	for _, name := range s.groupNames {
		g := s.groups[name]
		s.groupMinute(g, mi, lbAgg)
	}
	s.tgMinute(mi)
	for _, lb := range s.lbOrder {
		s.lbMinute(lb, mi, lbAgg[lb])
	}
	s.evaluateAlarms()
	s.runPredictive()
	if s.now.Minute() == 0 {
		s.metrics.gc(mi)
	}
}

type lbMinute struct {
	requests, errors, latencyW float64
	load                       float64
}

// groupMinute moves one group through a minute: load against serving
// capacity gives CPU, memory, latency and errors; the results are published.
func (s *Simulator) groupMinute(g *group, mi int64, lbAgg map[*loadBalancer]*lbMinute) {
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
		in.cpuSer = s.instanceMinute(g, in, share, mi)
		m.set(in.cpuSer, mi, in.cpu)
		cpu.add(in.cpu)
		if in.agent {
			mem.add(in.mem)
		}
		i, o := g.network(in, share)
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

	// what the load balancers in front see
	if len(g.tgARNs) > 0 {
		lat := g.role.latency / (1 - math.Min(u, 0.97))
		errFrac := 0.0005
		if u > 0.9 {
			errFrac += math.Min(0.9, (u-0.9)*0.8)
		}
		if serving == 0 {
			errFrac = 1
		}
		share := 1 / float64(len(g.tgARNs))
		for _, arn := range g.tgARNs {
			tg := s.tgs[arn]
			if tg == nil {
				continue
			}
			req := L * 60 * share
			tg.lastRequests += req
			tg.lastErrors += req * errFrac
			tg.lastLatencyW += lat * req
			tg.lastLoad += L * share
			for _, lb := range tg.lbs {
				a := lbAgg[lb]
				if a == nil {
					a = &lbMinute{}
					lbAgg[lb] = a
				}
				a.requests += req / float64(len(tg.lbs))
				a.errors += req * errFrac / float64(len(tg.lbs))
				a.latencyW += lat * req / float64(len(tg.lbs))
				a.load += L * share / float64(len(tg.lbs))
			}
		}
	}
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

func (s *Simulator) tgSeries(tg *targetGroup, lb *loadBalancer, name string) *series {
	if tg.ser == nil {
		tg.ser = map[string]*series{}
	}
	k := lb.arn + "\x00" + name
	if x, ok := tg.ser[k]; ok {
		return x
	}
	ns := nsALB
	if lb.typ == "network" {
		ns = nsNLB
	}
	var x *series
	if name == "RequestCountPerTarget1" {
		x = s.metrics.get(ns, "RequestCountPerTarget", false, dim{"TargetGroup", tg.dimension})
	} else {
		x = s.metrics.get(ns, name, false, dim{"LoadBalancer", lb.dimension}, dim{"TargetGroup", tg.dimension})
	}
	tg.ser[k] = x
	return x
}

func (s *Simulator) tgMinute(mi int64) {
	m := s.metrics
	for _, tg := range s.tgOrder {
		healthy, unhealthy := 0, 0
		for _, t := range tg.targets {
			switch t.state {
			case thHealthy:
				healthy++
			case thUnhealthy:
				unhealthy++
			}
		}
		tg.lastHealthy, tg.lastUnhealthy = healthy, unhealthy
		for _, lb := range tg.lbs {
			m.set(s.tgSeries(tg, lb, "HealthyHostCount"), mi, float64(healthy))
			m.set(s.tgSeries(tg, lb, "UnHealthyHostCount"), mi, float64(unhealthy))
			if lb.typ == "application" {
				req := tg.lastRequests / float64(len(tg.lbs))
				m.set(s.tgSeries(tg, lb, "RequestCount"), mi, math.Round(req))
				m.set(s.tgSeries(tg, lb, "HTTPCode_Target_5XX_Count"), mi, math.Round(tg.lastErrors/float64(len(tg.lbs))))
				if tg.lastRequests > 0 {
					m.set(s.tgSeries(tg, lb, "TargetResponseTime"), mi, tg.lastLatencyW/tg.lastRequests)
				}
				if healthy > 0 {
					rpt := tg.lastRequests / float64(healthy)
					m.set(s.tgSeries(tg, lb, "RequestCountPerTarget"), mi, rpt)
					m.set(s.tgSeries(tg, lb, "RequestCountPerTarget1"), mi, rpt)
				}
			}
		}
		tg.lastRequests, tg.lastErrors, tg.lastLatencyW, tg.lastLoad = 0, 0, 0, 0
	}
}

func (s *Simulator) lbMinute(lb *loadBalancer, mi int64, a *lbMinute) {
	if a == nil {
		a = &lbMinute{}
	}
	m := s.metrics
	d := dim{"LoadBalancer", lb.dimension}
	if lb.ser == nil {
		lb.ser = map[string]*series{}
		if lb.typ == "application" {
			for _, n := range []string{"RequestCount", "HTTPCode_Target_5XX_Count", "TargetResponseTime"} {
				lb.ser[n] = m.get(nsALB, n, false, d)
			}
		} else {
			for _, n := range []string{"ActiveFlowCount", "NewFlowCount"} {
				lb.ser[n] = m.get(nsNLB, n, false, d)
			}
		}
	}
	if lb.typ == "application" {
		m.set(lb.ser["RequestCount"], mi, math.Round(a.requests))
		m.set(lb.ser["HTTPCode_Target_5XX_Count"], mi, math.Round(a.errors))
		if a.requests > 0 {
			m.set(lb.ser["TargetResponseTime"], mi, a.latencyW/a.requests)
		}
		return
	}
	// an NLB sees connections: long-lived ones for cache and database clients
	m.set(lb.ser["ActiveFlowCount"], mi, math.Round(a.load*0.5+40))
	m.set(lb.ser["NewFlowCount"], mi, math.Round(a.load*60/200))
}
