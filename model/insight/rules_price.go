package insight

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model"
)

// gravitonAllowed reports whether the group's tags say its AMI and code
// run on arm64: a "graviton" or "arm64" tag with a yes, or an
// "architecture" tag that lists arm64.
func gravitonAllowed(g *model.Group) bool {
	for k, v := range g.Tags {
		switch strings.ToLower(k) {
		case "graviton", "hoist:graviton", "arm64", "hoist:arm64":
			if truthy(v) {
				return true
			}
		case "arch", "architecture", "architectures", "hoist:arch":
			if strings.Contains(strings.ToLower(v), "arm64") {
				return true
			}
		}
	}
	return false
}

// typeChange: a newer, smaller or Graviton instance type that serves the
// same load for less. A size down needs CPU and memory p95 low (and
// memory published: without it the risk is unknown).
func typeChange(st *state) (Recommendation, config, bool) {
	cur, ok := parseType(st.cfg.itype)
	od, priced := st.prices.OnDemand[st.cfg.itype]
	if !ok || !priced || cur.burstable() || vcpus(cur.size) == 0 {
		return Recommendation{}, config{}, false
	}
	cpu, mem := st.cpu, st.mem
	down := cpu.Known && cpu.P95 <= RightsizeCPU && mem.Known && mem.P95 <= RightsizeMemory
	var best config
	bestSaving := 0.0
	for _, name := range candidates(cur, gravitonAllowed(st.g), down) {
		p, ok := st.prices.OnDemand[name]
		nt, _ := parseType(name)
		if !ok || vcpus(nt.size) == 0 {
			continue
		}
		next := st.cfg
		next.itype = name
		next.factor = st.cfg.factor * float64(vcpus(nt.size)) / float64(vcpus(cur.size))
		next.unit = st.cfg.unit * p / od
		if saving := st.cost - st.monthly(next); saving > bestSaving {
			best, bestSaving = next, saving
		}
	}
	if best.itype == "" {
		return Recommendation{}, config{}, false
	}
	nt, _ := parseType(best.itype)
	kind, risk := KindRightsize, "The instance refresh replaces every instance; the AMI must support the new type (sixth-generation types need ENA and NVMe drivers)."
	if nt.arm() && !cur.arm() {
		kind, risk = KindGraviton, "Everything on the instance must run on arm64 (the AMI, agents, native libraries); the group's tags say it does, and the instance refresh replaces every instance."
	}
	if best.factor < st.cfg.factor {
		risk = fmt.Sprintf("Each instance has %s the vCPUs and memory, so a burst saturates one sooner; ", fraction(best.factor/st.cfg.factor)) + lowerFirst(risk)
	}
	memFinding := "not published: the CloudWatch agent reports no memory for this group"
	if mem.Known {
		memFinding = fmt.Sprintf("p95 %s%%, max %s%%", num(mem.P95), num(mem.Max))
	}
	return st.rec(kind,
		fmt.Sprintf("Move %s from %s to %s", st.g.Name, cur.name, best.itype),
		risk,
		[]Evidence{
			st.evidence("CPUUtilization", "p95 %s%%, max %s%%", num(cpu.P95), num(cpu.Max)),
			st.evidence("mem_used_percent", "%s", memFinding),
			st.evidence("price", "%s $%s/h on demand, %s $%s/h", cur.name, num3(od), best.itype, num3(st.prices.OnDemand[best.itype])),
		},
		Change{Op: OpChange, Resource: ResInstanceType, Group: st.g.Name,
			Fields: []model.FieldChange{field("instance_type", cur.name, best.itype)}},
	), best, true
}

func fraction(f float64) string {
	if f == 0.5 {
		return "half"
	}
	return Percent(f) + " of"
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func num3(v float64) string { return trimZeros(fmt.Sprintf("%.4f", v)) }

// Stateless tiers run Spot safely: an instance reclaimed at two minutes'
// notice loses nothing another cannot serve.
var statelessTiers = map[string]bool{"web": true, "app": true, "api": true, "frontend": true, "front-end": true,
	"service": true, "services": true, "worker": true, "workers": true, "batch": true, "stateless": true}

// stateful tiers never get Spot, whatever else their tags say.
var statefulTiers = map[string]bool{"db": true, "data": true, "database": true, "cache": true, "stateful": true, "storage": true}

// stateless reports whether the group's tags say it keeps no state: a
// Stateless tag, else its tier.
func stateless(g *model.Group) bool {
	for k, v := range g.Tags {
		if strings.EqualFold(k, "stateless") || strings.EqualFold(k, "hoist:stateless") {
			return truthy(v)
		}
	}
	t := strings.ToLower(g.Tier)
	return statelessTiers[t] && !statefulTiers[t]
}

// spotMixRule: a stateless group running all on demand, where Spot
// prices are known.
func spotMixRule(st *state) (Recommendation, config, bool) {
	g := st.g
	if !stateless(g) || g.OnDemandPercent < 100 || g.Counts().Spot > 0 {
		return Recommendation{}, config{}, false
	}
	t := st.cfg.itype
	spotP, estimated, ok := spotPrice(st.prices, t, primaryType(g))
	odP := st.prices.OnDemand[t]
	if !ok || spotP >= odP {
		return Recommendation{}, config{}, false
	}
	base := max(1, st.cfg.min)
	next := st.cfg
	next.spot = &spotMix{Base: base, OnDemand: SpotOnDemandPercent / 100.0, ODPrice: odP, SpotPrice: spotP}
	pools := []string{t}
	if cur, ok := parseType(t); ok {
		pools = nil
		for _, s := range siblings(cur) {
			if _, priced := st.prices.OnDemand[s]; priced {
				pools = append(pools, s)
			}
		}
	}
	return st.rec(KindSpot,
		fmt.Sprintf("Run the capacity of %s above %d on Spot, %d%% of it on demand", g.Name, base, SpotOnDemandPercent),
		fmt.Sprintf("Spot instances can be reclaimed at two minutes' notice; the %s of the base stay whatever happens, and Auto Scaling replaces reclaimed ones from the other pools.", plural(base, "on-demand instance")),
		[]Evidence{
			st.evidence("tags", "tier %q keeps no state", g.TierOrUntiered()),
			st.evidence("spot price", "%s $%s/h on Spot (%s) against $%s/h on demand", t, num3(spotP), estimated, num3(odP)),
		},
		Change{Op: OpChange, Resource: ResGroup, Group: g.Name, Fields: []model.FieldChange{
			field("on_demand_base_capacity", itoa(g.OnDemandBase), itoa(base)),
			field("on_demand_percentage_above_base", itoa(g.OnDemandPercent), itoa(SpotOnDemandPercent)),
			field("spot_allocation_strategy", "", "price-capacity-optimized"),
			field("instance_types", strings.Join(g.InstanceTypes, ","), strings.Join(pools, ",")),
		}},
	), next, true
}

// spotPrice is the Spot price of t (the lowest over AZs), or, for a type
// the group does not run yet, one estimated at the discount its current
// type gets; how says which.
func spotPrice(p model.Prices, t, current string) (price float64, how string, ok bool) {
	od, ok := p.OnDemand[t]
	if !ok || od <= 0 {
		return 0, "", false
	}
	if v, ok := p.Spot[t]; ok && v > 0 {
		return v, "the lowest AZ", true
	}
	cs, ok1 := p.Spot[current]
	co, ok2 := p.OnDemand[current]
	if !ok1 || !ok2 || cs <= 0 || co <= 0 {
		return 0, "", false
	}
	return od * cs / co, "estimated at " + current + "'s discount", true
}
