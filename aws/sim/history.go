package sim

import (
	"math"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// The simulator's past. A real account holds 15 days of 1-minute data, 63
// of 5-minute and 455 of hourly; the simulator answers every minute before
// it began running live from its traffic model instead of storing it: the
// load is a pure function of seed, group and time (loadTrend, baseLoad), and
// the model below turns it into what each published series showed, with the
// formulas the live minute uses (servingCPU, memAt, response, nlbFlows).
// Nothing is computed until a query or an alarm asks, so start-up costs
// nothing per minute of history and memory stays flat at any fleet size.
//
// The model of a group: a group with a dynamic policy (target tracking,
// step or simple scaling) held the capacity that kept its utilisation at
// the policy's target, scaling out at once and in only after its load had
// stayed lower for holdMinutes (as target tracking's low alarm waits); a
// group without one held the size it was built with. New instances were
// pending for a minute and leaving ones terminating for a minute; every
// instance in service was healthy. Per-instance series cover the instances
// the simulator started with, from their launch; those gone before the
// start have no series.

// holdMinutes is how long a group's load stays lower before the model
// scales it in.
const holdMinutes = 15

// history is the model's view of the fleet as it was built. It never
// changes after New: updates made live (a new maximum, a deleted group)
// do not rewrite the past.
type history struct {
	s      *Simulator
	end    int64 // the first live minute
	groups map[string]*histGroup
	queues map[string]*histGroup
	tgs    map[string]*histTG // by CloudWatch dimension
	lbs    map[string]*histLB // by CloudWatch dimension

	// scratch, used under the simulator's lock
	bases, smooth []float64
	trend, peak   []float64
	queue         []int
	mins          []histMinute
	zones         []zoneStats
	seen          []bool
}

type histGroup struct {
	g        *group
	key      uint64 // strHash(name)
	born     int64  // minute the group was created
	per      float64
	min, max int
	fixed    int     // > 0: held this size (no dynamic policy)
	util     float64 // utilisation its policies hold
	worker   bool
	agent    bool // its instances run the CloudWatch agent (mem_used_percent)
	routed   bool // its requests come through its target groups
	// slowness of its instances (slow hosts answer slower and work
	// harder): mean, least and most
	slow, slowLo, slowHi float64
	itype                *instanceType // the type it launches: its response times
}

type histInst struct {
	key             uint64 // strHash(id)
	launched, ready int64  // minutes
	g               *histGroup
	work            float64 // its utilisation over the group's: its slowness, and its type against the group's mean
}

// histSrc is the history of one series.
type histSrc struct {
	h    *history
	name string
	g    *histGroup
	inst *histInst
	elb  *histELB
}

// histMinute is the model's group in one minute.
type histMinute struct {
	ok            bool
	load, u       float64
	desired, prev int // desired capacity this minute and the one before
}

func (x *histMinute) serving() int     { return min(x.desired, x.prev) }
func (x *histMinute) pending() int     { return x.desired - x.serving() }
func (x *histMinute) terminating() int { return x.prev - x.serving() }
func (x *histMinute) running() int     { return max(x.desired, x.prev) }

// minuteMid is the instant the live minute tick reads the load of minute m at.
func minuteMid(m int64) time.Time { return time.Unix(m*60+30, 0).UTC() }

// buildHistory snapshots the fleet for the model, backdates the built load
// balancers to their oldest group, creates every series the engine
// publishes so that alarms and ListMetrics see them from the start, and
// replays the alarms over the recent past.
func (s *Simulator) buildHistory() {
	h := &history{s: s, end: minuteOf(s.now), groups: map[string]*histGroup{}, queues: map[string]*histGroup{},
		tgs: map[string]*histTG{}, lbs: map[string]*histLB{}}
	s.hist = h
	s.metrics.histEnd = h.end
	for _, name := range s.groupNames {
		g := s.groups[name]
		hg := s.histGroupOf(g)
		h.groups[name] = hg
		if g.queue != "" {
			h.queues[g.queue] = hg
		}
	}
	h.buildELB()
	s.metrics.attach = h.attach
	s.declareSeries()
	s.replayAlarms(replayWindow(len(s.groups)))
}

// histGroupOf snapshots a group for the model.
func (s *Simulator) histGroupOf(g *group) *histGroup {
	util, dynamic := heldUtil(g)
	hg := &histGroup{g: g, key: strHash(g.name), born: minuteOf(g.created), per: g.perInstance(),
		min: g.min, max: g.max, util: util, worker: g.role.kind == "worker", routed: s.routedByELB(g), slow: 1, slowLo: 1, slowHi: 1}
	_, types := g.launching().resolve()
	hg.itype = typeInfo(types[0])
	if len(g.insts) > 0 { // what its instances serve, on average
		hg.per, hg.slow = 0, 0
		for _, in := range g.insts {
			sl := 1.0
			if hg.routed {
				sl = s.slowness(in)
			}
			hg.per += g.capacityOf(in) / float64(len(g.insts))
			hg.slow += sl / float64(len(g.insts))
			hg.slowLo, hg.slowHi = math.Min(hg.slowLo, sl), math.Max(hg.slowHi, sl)
			hg.agent = hg.agent || in.agent
		}
	}
	if !dynamic {
		hg.fixed = max(g.desired, 1)
	}
	return hg
}

// heldUtil is the utilisation a group's policies hold it at, and whether
// it has a dynamic policy at all.
func heldUtil(g *group) (float64, bool) {
	dynamic := false
	for _, p := range g.policies {
		if !p.enabled {
			continue
		}
		switch p.typ {
		case ptStep, ptSimple:
			dynamic = true
		case ptTarget:
			return clampf(ttUtil(g, p.tt), 0.1, 0.95), true
		}
	}
	return 0.5, dynamic
}

// ttUtil is the utilisation at which a target tracking policy's metric
// sits at its target.
func ttUtil(g *group, tt *astypes.TargetTrackingConfiguration) float64 {
	target := aws.ToFloat64(tt.TargetValue)
	if p := tt.PredefinedMetricSpecification; p != nil {
		switch p.PredefinedMetricType {
		case astypes.MetricTypeASGAverageCPUUtilization:
			return target / 100
		case astypes.MetricTypeALBRequestCountPerTarget:
			return target / 60 / g.perInstance()
		}
	}
	if c := tt.CustomizedMetricSpecification; c != nil && aws.ToString(c.MetricName) == "mem_used_percent" && g.role.memLoad > 0 {
		return (target - g.role.memBase) / g.role.memLoad
	}
	return 0.5
}

// declareSeries creates every series the minute tick publishes, through
// the engine's own constructors, so they exist (with their history) before
// the first tick.
func (s *Simulator) declareSeries() {
	m := s.metrics
	for _, name := range s.groupNames {
		g := s.groups[name]
		ser := s.seriesOf(g)
		if hg := s.hist.groups[name]; hg.agent && ser.mem == nil {
			ser.mem = m.get(nsAgent, "mem_used_percent", true, dim{"AutoScalingGroupName", g.name})
		}
		for _, in := range g.insts {
			if in.ec2State == "running" && in.cpuSer == nil {
				in.cpuSer = m.get(nsEC2, "CPUUtilization", false, dim{"InstanceId", in.id})
			}
		}
	}
	s.declareELBSeries()
}

// groupMetrics are the per-group series the model answers.
var groupMetrics = map[string]string{
	"CPUUtilization": nsEC2, "NetworkIn": nsEC2, "NetworkOut": nsEC2, "mem_used_percent": nsAgent,
	"GroupDesiredCapacity": nsASG, "GroupInServiceInstances": nsASG, "GroupPendingInstances": nsASG,
	"GroupTotalInstances": nsASG, "GroupMinSize": nsASG, "GroupMaxSize": nsASG,
	"GroupStandbyInstances": nsASG, "GroupTerminatingInstances": nsASG,
}

// attach gives a new series its history source when it is one the model
// knows: the engine's series for the groups, instances, target groups and
// load balancers the simulator started with.
func (h *history) attach(x *series) {
	src := &histSrc{h: h, name: x.name}
	switch {
	case len(x.dims) == 1 && x.dims[0].name == "AutoScalingGroupName":
		if src.g = h.groups[x.dims[0].value]; src.g == nil || groupMetrics[x.name] != x.ns || x.ns == nsAgent && !src.g.agent {
			return
		}
	case len(x.dims) == 1 && x.dims[0].name == "InstanceId":
		in := h.s.instances[x.dims[0].value]
		if in == nil || x.ns != nsEC2 || x.name != "CPUUtilization" || minuteOf(in.launched) >= h.end || h.groups[in.g.name] == nil {
			return
		}
		hg := h.groups[in.g.name]
		src.inst = &histInst{key: strHash(in.id), launched: minuteOf(in.launched), ready: minuteOf(in.readyAt), g: hg, work: 1}
		if c := in.g.capacityOf(in); c > 0 {
			src.inst.work = hg.per / c
		}
		if hg.routed {
			src.inst.work *= h.s.slowness(in)
		}
	case len(x.dims) == 1 && x.dims[0].name == "QueueName":
		if src.g = h.queues[x.dims[0].value]; src.g == nil || x.ns != nsWorkers || x.name != "ApproximateQueueBacklog" {
			return
		}
		src.name = "backlog"
	case x.ns == nsALB || x.ns == nsNLB:
		if src.elb = h.elbSource(x); src.elb == nil {
			return
		}
	default:
		return
	}
	x.hist = src
}

// span is the model's group over the minutes [from, from+n), in h.mins.
func (h *history) span(hg *histGroup, from int64, n int) []histMinute {
	s := h.s
	k := n + holdMinutes
	h.bases, h.smooth, h.trend, h.peak = fit(h.bases, k), fit(h.smooth, k), fit(h.trend, k), fit(h.peak, k)
	h.mins = fit(h.mins, n)
	// the load's trend over [from-holdMinutes, from+n), and its running
	// maximum over the holdMinutes up to each minute (a monotonic queue)
	q, head := h.queue[:0], 0
	for i := range k {
		h.bases[i], h.smooth[i] = s.loadTrend(hg.g, hg.key, minuteMid(from-holdMinutes+int64(i)))
		h.trend[i] = h.bases[i] * (1 + h.smooth[i])
		for len(q) > head && h.trend[q[len(q)-1]] <= h.trend[i] {
			q = q[:len(q)-1]
		}
		q = append(q, i)
		if q[head] <= i-holdMinutes {
			head++
		}
		h.peak[i] = h.trend[q[head]]
	}
	h.queue = q[:0]
	desired := func(i int) int { // minute from-holdMinutes+i
		if hg.fixed > 0 {
			return hg.fixed
		}
		return clampi(int(math.Ceil(h.peak[i]/(hg.per*hg.util)-1e-9)), hg.min, hg.max)
	}
	prev := desired(holdMinutes - 1)
	for i := range n {
		m := from + int64(i)
		j := i + holdMinutes
		x := histMinute{ok: m >= hg.born, desired: desired(j), prev: prev}
		prev = x.desired
		if !x.ok {
			x.prev = x.desired
			h.mins[i] = x
			continue
		}
		jitter := (s.unit(hg.key, uint64(m), 7) - 0.5) * 0.05
		x.load = h.bases[j] * (1 + h.smooth[j] + jitter) // baseLoad, as the live minute reads it
		capacity := float64(x.serving()) * hg.per
		switch {
		case hg.worker && capacity > 0:
			x.u = math.Min(capacity, x.load) / capacity
		case capacity > 0:
			x.u = x.load / capacity
		case x.load > 0:
			x.u = 2
		}
		h.mins[i] = x
	}
	return h.mins[:n]
}

func fit[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// first is the first minute the model has data for.
func (src *histSrc) first() int64 {
	switch {
	case src.inst != nil:
		return src.inst.launched
	case src.g != nil:
		return src.g.born
	}
	return src.elb.first(src.h.end)
}

// fill writes the model's minutes [from, from+len(out)) of the series.
func (src *histSrc) fill(from int64, out []aggPt) {
	h := src.h
	switch {
	case src.inst != nil:
		h.fillInstance(src.inst, from, out)
	case src.elb != nil:
		h.fillELB(src.elb, from, out)
	case src.g != nil:
		h.fillGroup(src.g, src.name, from, out)
	}
}

func one(v float64) aggPt { return aggPt{sum: float32(v), min: float32(v), max: float32(v), n: 1} }

func (h *history) fillGroup(hg *histGroup, name string, from int64, out []aggPt) {
	for i, x := range h.span(hg, from, len(out)) {
		if !x.ok {
			continue
		}
		switch name {
		case "CPUUtilization":
			out[i] = hg.modelCPU(&x)
		case "mem_used_percent":
			out[i] = modelMem(hg.g.role, &x)
		case "NetworkIn", "NetworkOut":
			out[i] = hg.modelNetwork(&x, name == "NetworkOut")
		case "GroupDesiredCapacity":
			out[i] = one(float64(x.desired))
		case "GroupInServiceInstances":
			out[i] = one(float64(x.serving()))
		case "GroupPendingInstances":
			out[i] = one(float64(x.pending()))
		case "GroupTerminatingInstances":
			out[i] = one(float64(x.terminating()))
		case "GroupTotalInstances":
			out[i] = one(float64(x.running()))
		case "GroupMinSize":
			out[i] = one(float64(hg.min))
		case "GroupMaxSize":
			out[i] = one(float64(hg.max))
		case "GroupStandbyInstances":
			out[i] = one(0)
		case "backlog":
			out[i] = one(math.Max(0, x.load-float64(x.serving())*hg.per) * 60)
		}
	}
}

// statSet builds a minute's statistic set from groups of instances that
// report alike: n of them around avg, within [lo, hi].
type statSet struct {
	p      aggPt
	lo, hi float64
}

func (st *statSet) add(n int, avg, lo, hi float64) {
	if n == 0 {
		return
	}
	if st.p.n == 0 {
		st.lo, st.hi = lo, hi
	}
	st.p.sum += float32(avg * float64(n))
	st.p.n += uint32(n)
	st.lo, st.hi = math.Min(st.lo, lo), math.Max(st.hi, hi)
	st.p.min, st.p.max = float32(st.lo), float32(st.hi)
}

// modelCPU is the statistic set of a group's instances in a minute:
// serving ones at the utilisation (spread by their skew and, behind a
// load balancer, their hosts' slowness), booting ones and leaving ones
// near idle.
func (hg *histGroup) modelCPU(x *histMinute) aggPt {
	var st statSet
	st.add(x.serving(), servingCPU(x.u*hg.slow, 1), servingCPU(x.u*hg.slowLo, 0.92), servingCPU(x.u*hg.slowHi, 1.08))
	st.add(x.pending(), bootCPU(0.5), bootCPU(0), bootCPU(1))
	st.add(x.terminating(), 3.5, 2, 5)
	return st.p
}

// modelMem is the group's agent memory: serving instances at the
// utilisation, the others idle, each within its skew and noise.
func modelMem(r *role, x *histMinute) aggPt {
	var st statSet
	mem := func(n int, u float64) {
		st.add(n, clampf(r.memAt(u, 1), 1, 99.5), clampf(r.memAt(u, 0.92)-1, 1, 99.5), clampf(r.memAt(u, 1.08)+1, 1, 99.5))
	}
	mem(x.serving(), x.u)
	mem(x.running()-x.serving(), 0)
	return st.p
}

// modelNetwork is the group's NetworkIn (or Out) in a minute, by the live
// formula (group.network): serving instances share the work, booting ones
// download, leaving ones idle.
func (hg *histGroup) modelNetwork(x *histMinute, out bool) aggPt {
	pick := func(i, o float64) float64 {
		if out {
			return o
		}
		return i
	}
	share := 0.0
	if n := x.serving(); n > 0 {
		share = math.Min(x.load, float64(n)*hg.per) / float64(n)
		if !hg.worker {
			share = x.load / float64(n)
		}
	}
	var st statSet
	for _, k := range []struct {
		n     int
		state string
	}{{x.serving(), lsInService}, {x.pending(), lsPending}, {x.terminating(), lsTerminating}} {
		v := pick(hg.g.network(&instance{state: k.state}, share))
		st.add(k.n, v, v, v)
	}
	return st.p
}

func (h *history) fillInstance(in *histInst, from int64, out []aggPt) {
	s := h.s
	for i, x := range h.span(in.g, from, len(out)) {
		m := from + int64(i)
		switch {
		case !x.ok || m < in.launched:
		case m < in.ready:
			out[i] = one(bootCPU(s.unit(in.key, uint64(m))))
		default:
			skew := 0.92 + 0.16*s.unit(in.key, uint64(m/15))
			out[i] = one(servingCPU(x.u*in.work, skew))
		}
	}
}

// hourLoad is the group's mean load over an hour: recorded live, or the
// traffic model's for the hours before the simulator began running.
func (s *Simulator) hourLoad(g *group, hour int64) (float64, bool) {
	if l, _, ok := g.hourly.get(hour); ok {
		return l, true
	}
	return s.pastLoad(g, hour)
}

// loadHours is how many hours of load history the group has: those
// recorded live, and the model's before the start for a group the
// simulator started with.
func (s *Simulator) loadHours(g *group) int {
	n := g.hourly.historyHours()
	if h := s.hist; h != nil {
		if hg := h.groups[g.name]; hg != nil && hg.g == g {
			n += int((h.end - hg.born) / 60)
		}
	}
	return n
}

// pastLoad is a group's mean load over an hour before the simulator began
// running live, for predictive scaling: the mean of the minutes its
// metrics show for that hour.
func (s *Simulator) pastLoad(g *group, hour int64) (float64, bool) {
	h := s.hist
	if h == nil {
		return 0, false
	}
	hg := h.groups[g.name]
	from := hour * 60
	if hg == nil || hg.g != g || from < hg.born || from+60 > h.end {
		return 0, false
	}
	var sum float64
	for m := from; m < from+60; m++ {
		sum += s.baseLoad(g, minuteMid(m))
	}
	return sum / 60, true
}
