package insight

import (
	"math"
	"sort"
	"time"

	"github.com/solemate/hoist/model"
)

// DefaultCPUTarget is the CPU hoist judges a group against when no
// target-tracking policy says what the team wants: the middle of the
// 40-70% range AWS's guidance for target tracking on CPU suggests.
const DefaultCPUTarget = 60

// Reference metrics: what a group's need is measured in.
const (
	RefCPU      = "cpu"
	RefMemory   = "memory"
	RefRequests = "requests-per-target"
)

// Reference is what a group's capacity is judged against: the metric its
// target tracking follows and the target, or hoist's default.
type Reference struct {
	Metric string  `json:"metric"`
	Target float64 `json:"target"`
	Policy string  `json:"policy,omitempty"` // "" when it is hoist's default
}

// ReferenceOf is the group's reference: its first enabled target-tracking
// policy on CPU, memory or requests per target, else the CPU target of a
// predictive policy (what the team asked its forecast to hold), else CPU
// at DefaultCPUTarget.
func ReferenceOf(g *model.Group) Reference {
	for _, p := range g.Policies {
		if p.Type != model.PolicyTargetTracking || !p.Enabled || p.Target == nil || p.Target.Value <= 0 {
			continue
		}
		switch p.Target.Metric {
		case "ASGAverageCPUUtilization", "AWS/EC2/CPUUtilization":
			return Reference{RefCPU, p.Target.Value, p.Name}
		case "CWAgent/mem_used_percent":
			return Reference{RefMemory, p.Target.Value, p.Name}
		case "ALBRequestCountPerTarget":
			return Reference{RefRequests, p.Target.Value, p.Name}
		}
	}
	for _, p := range g.Policies {
		if pr := p.Predictive; p.Type == model.PolicyPredictive && p.Enabled && pr != nil && pr.Metric == "ASGCPUUtilization" && pr.TargetValue > 0 {
			return Reference{RefCPU, pr.TargetValue, p.Name}
		}
	}
	return Reference{Metric: RefCPU, Target: DefaultCPUTarget}
}

// sample is one period of a group: the capacity paid for, and the work
// it did in units of the reference metric times instances, so that the
// instances needed at a target are work / target.
type sample struct {
	t        time.Time
	dt       time.Duration
	n        float64 // instances paid for
	desired  float64
	cpu, mem float64
	hasCPU   bool
	hasMem   bool
	work     float64
	hasWork  bool
}

// need is the whole instances the period needed at target.
func (s sample) need(target float64) float64 {
	return math.Ceil(s.exactNeed(target) - 1e-9)
}

// exactNeed is the instances the period needed at target, unrounded: a
// floor with headroom is rounded once, on top of it.
func (s sample) exactNeed(target float64) float64 {
	if !s.hasWork || target <= 0 {
		return s.n
	}
	return s.work / target
}

// samplesOf aligns the group's series on one grid: the capacity series
// (Instances, else Desired, else CPU's periods at today's capacity).
func samplesOf(g *model.Group, s Series, w Window, ref Reference) []sample {
	grid := in(s.Instances, w)
	if len(grid) == 0 {
		grid = in(s.Desired, w)
	}
	if len(grid) == 0 {
		for _, p := range in(s.CPU, w) {
			grid = append(grid, model.Point{T: p.T, V: float64(len(g.Instances))})
		}
	}
	p := s.period(grid)
	pReq := s.period(s.Requests)
	desired, cpu, mem, reqs := newCursor(s.Desired, p), newCursor(s.CPU, p), newCursor(s.Memory, p), newCursor(s.Requests, pReq)
	out := make([]sample, 0, len(grid))
	for _, pt := range grid {
		x := sample{t: pt.T, dt: min(p, w.To.Sub(pt.T)), n: pt.V, desired: pt.V}
		if d, ok := desired.at(pt.T); ok {
			x.desired = d
		}
		x.cpu, x.hasCPU = cpu.at(pt.T)
		x.mem, x.hasMem = mem.at(pt.T)
		switch ref.Metric {
		case RefCPU:
			x.work, x.hasWork = x.n*x.cpu, x.hasCPU
		case RefMemory:
			x.work, x.hasWork = x.n*x.mem, x.hasMem
		case RefRequests:
			if r, ok := reqs.at(pt.T); ok {
				x.work, x.hasWork = r/(float64(pReq)/float64(time.Minute)), true
			}
		}
		out = append(out, x)
	}
	return out
}

// Utilisation is how much of a group's paid capacity did work.
type Utilisation struct {
	Group         string     `json:"group"`
	Tier          string     `json:"tier"`
	Reference     *Reference `json:"reference,omitempty"` // nil for a tier
	CPU           Dist       `json:"cpu_percent"`
	Memory        Dist       `json:"memory_percent"`
	Instances     float64    `json:"instances_mean"`
	InstanceHours float64    `json:"instance_hours"`
	// Cost is the instance-hours at today's price of the group's instances
	// (its on-demand and Spot mix), in USD; PerMonth the same rate over a
	// 730-hour month.
	Cost     float64 `json:"cost_usd"`
	PerMonth float64 `json:"cost_per_month_usd"`
	// Idle is the share of paid instance-hours above what the load needed
	// at the reference target.
	Idle float64 `json:"idle_share"`
}

// UtilisationOf measures one group over the window.
func UtilisationOf(g *model.Group, s Series, w Window, prices model.Prices) Utilisation {
	ref := ReferenceOf(g)
	u := Utilisation{Group: g.Name, Tier: g.TierOrUntiered(), Reference: &ref,
		CPU: distOf(values(in(s.CPU, w))), Memory: distOf(values(in(s.Memory, w)))}
	var hours, idle, span float64
	for _, x := range samplesOf(g, s, w, ref) {
		h := x.dt.Hours()
		hours += x.n * h
		span += h
		idle += math.Max(0, x.n-x.need(ref.Target)) * h
	}
	u.InstanceHours = hours
	if span > 0 {
		u.Instances = hours / span
	}
	if hours > 0 {
		u.Idle = idle / hours
	}
	u.Cost = hours * model.UnitPrice(g, prices)
	u.PerMonth = perMonth(u.Cost, w.Duration())
	return u
}

// TierUtilisation sums groups by tier, sorted by tier. CPU and memory are
// the groups' figures weighted by instance-hours (percentiles do not
// add); max is the highest.
func TierUtilisation(us []Utilisation) []Utilisation {
	by := map[string]*Utilisation{}
	for _, u := range us {
		t := by[u.Tier]
		if t == nil {
			t = &Utilisation{Group: u.Tier, Tier: u.Tier}
			by[u.Tier] = t
		}
		t.Instances += u.Instances
		t.Cost += u.Cost
		t.PerMonth += u.PerMonth
		t.Idle += u.Idle * u.InstanceHours
		weigh(&t.CPU, u.CPU, t.InstanceHours, u.InstanceHours)
		weigh(&t.Memory, u.Memory, t.InstanceHours, u.InstanceHours)
		t.InstanceHours += u.InstanceHours
	}
	out := make([]Utilisation, 0, len(by))
	for _, t := range by {
		if t.InstanceHours > 0 {
			t.Idle /= t.InstanceHours
		}
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Tier < out[j].Tier })
	return out
}

// weigh folds d (weight w) into acc (weight accW).
func weigh(acc *Dist, d Dist, accW, w float64) {
	if !d.Known || w <= 0 {
		return
	}
	if !acc.Known || accW <= 0 {
		*acc = d
		return
	}
	f := w / (accW + w)
	acc.P50 += (d.P50 - acc.P50) * f
	acc.P95 += (d.P95 - acc.P95) * f
	acc.Max = math.Max(acc.Max, d.Max)
}
