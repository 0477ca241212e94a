package sim

import "math"

// The past of the load balancers' metrics: the live minute's zoneStats
// (lbmetrics.go), built from the model's groups instead of routed targets.
// Each group's load reaches its target groups as live (offerTraffic); its
// serving instances are spread evenly over the zones and each is sent an
// equal share, answering at the group's utilisation (answerAt) on hosts of
// the group's mean slowness. Requests enter through the zones' nodes as
// live: every node alike with cross-zone routing, else the nodes of zones
// with targets.

// histTG is a target group as it was built, with load balancers in front.
type histTG struct {
	groups    []histShare // the routed groups sending it load
	lbs       int         // a group behind several load balancers splits its requests
	network   bool
	crossZone bool
	flows     float64 // NLB: its clients' pooled flows
}

// histShare is a group's part of a target group's load (1/its target
// groups), or a target group's of a load balancer's (1/its load balancers).
type histShare struct {
	g      *histGroup
	weight float64
}

type histLB struct {
	network bool
	tgs     []*histTG
}

// histELB is the history of one load balancer series.
type histELB struct {
	tg     *histTG // nil for a load balancer's own series
	lb     *histLB // nil for a target group's series by TargetGroup alone
	metric elbMetric
	zone   int // -1: every zone
}

// buildELB snapshots the target groups and load balancers, and dates the
// built load balancers with their oldest group.
func (h *history) buildELB() {
	s := h.s
	h.tgs, h.lbs = map[string]*histTG{}, map[string]*histLB{}
	for _, tg := range s.tgOrder {
		if len(tg.lbs) == 0 {
			continue
		}
		ht := &histTG{lbs: len(tg.lbs), network: tg.isNetwork(), crossZone: tg.crossZone(), flows: poolFlows(tgKind(tg))}
		h.tgs[tg.dimension] = ht
		for _, lb := range tg.lbs {
			hl := h.lbs[lb.dimension]
			if hl == nil {
				hl = &histLB{network: lb.typ == "network"}
				h.lbs[lb.dimension] = hl
			}
			hl.tgs = append(hl.tgs, ht)
		}
	}
	for _, name := range s.groupNames {
		g := s.groups[name]
		if !s.routedByELB(g) {
			continue
		}
		for _, arn := range g.tgARNs {
			tg := s.tgs[arn]
			if tg == nil || h.tgs[tg.dimension] == nil {
				continue
			}
			ht := h.tgs[tg.dimension]
			ht.groups = append(ht.groups, histShare{h.groups[name], 1 / float64(len(g.tgARNs))})
			for _, lb := range tg.lbs {
				if g.created.Before(lb.created) {
					lb.created = g.created
				}
			}
		}
	}
}

// declareELBSeries creates the series publishELB writes, as tgSer and
// lbSer name them.
func (s *Simulator) declareELBSeries() {
	zones := []int{-1}
	for z := range s.azs {
		zones = append(zones, z)
	}
	tgMetrics := func(tg *targetGroup) []elbMetric {
		if tg.isNetwork() {
			return []elbMetric{mHealthy, mUnhealthy}
		}
		return []elbMetric{mHealthy, mUnhealthy, mRequests, mTarget5xx, mPerTarget, mLatency}
	}
	for _, tg := range s.tgOrder {
		if len(tg.lbs) == 0 {
			continue
		}
		if !tg.isNetwork() {
			s.tgSer(tg, nil, mPerTarget, -1)
		}
		for _, lb := range tg.lbs {
			for _, z := range zones {
				if z >= 0 && len(s.groups) > zoneMetricGroups {
					break
				}
				for _, m := range tgMetrics(tg) {
					s.tgSer(tg, lb, m, z)
				}
			}
		}
	}
	for _, lb := range s.lbOrder {
		ms := []elbMetric{mRequests, mTarget5xx, mELB5xx, mRejected, mNewConns, mActiveConns, mLatency}
		if lb.typ == "network" {
			ms = []elbMetric{mFlows, mNewFlows, mTargetResets, mELBResets}
		}
		for _, z := range zones {
			for _, m := range ms {
				s.lbSer(lb, m, z)
			}
		}
	}
}

// elbSource maps a load balancer series to its history: by its
// dimensions (TargetGroup, LoadBalancer, AvailabilityZone) and metric.
func (h *history) elbSource(x *series) *histELB {
	src := &histELB{metric: -1, zone: -1}
	for m, name := range elbMetricNames {
		if name == x.name {
			src.metric = elbMetric(m)
		}
	}
	for _, d := range x.dims {
		switch d.name {
		case "TargetGroup":
			if src.tg = h.tgs[d.value]; src.tg == nil {
				return nil
			}
		case "LoadBalancer":
			if src.lb = h.lbs[d.value]; src.lb == nil {
				return nil
			}
		case "AvailabilityZone":
			if src.zone = h.s.zoneOf(d.value); src.zone < 0 {
				return nil
			}
		default:
			return nil
		}
	}
	if src.metric < 0 || src.tg == nil && src.lb == nil {
		return nil
	}
	return src
}

// first is the first minute of the oldest group behind the series.
func (e *histELB) first(end int64) int64 {
	tgs := []*histTG{e.tg}
	if e.tg == nil {
		tgs = e.lb.tgs
	}
	first := end
	for _, tg := range tgs {
		for _, p := range tg.groups {
			first = min(first, p.g.born)
		}
	}
	return first
}

// fillELB writes the model's minutes of a load balancer series.
func (h *history) fillELB(e *histELB, from int64, out []aggPt) {
	nz := len(h.s.azs)
	h.zones, h.seen = fit(h.zones, len(out)*nz), fit(h.seen, len(out))
	clear(h.zones)
	clear(h.seen)
	switch {
	case e.lb == nil: // a target group's own RequestCountPerTarget
		h.addTG(e.tg, from, len(out), 1)
	case e.tg != nil:
		h.addTG(e.tg, from, len(out), 1/float64(e.tg.lbs))
	default:
		for _, tg := range e.lb.tgs {
			h.addTG(tg, from, len(out), 1/float64(tg.lbs))
		}
	}
	network := e.lb != nil && e.lb.network || e.lb == nil && e.tg.network
	for i := range out {
		zs := h.zones[i*nz : (i+1)*nz]
		var st zoneStats
		if e.zone >= 0 {
			st = zs[e.zone]
		} else {
			for _, z := range zs {
				st.add(z)
			}
		}
		if !h.seen[i] {
			continue // no group behind it yet
		}
		if e.tg != nil {
			out[i], _ = tgHistValue(network, e.metric, st)
		} else {
			out[i], _ = lbHistValue(network, e.metric, st)
		}
	}
}

// addTG adds a target group's zones, scaled by f (a load balancer's part),
// to h.zones for the minutes [from, from+n).
func (h *history) addTG(tg *histTG, from int64, n int, f float64) {
	nz := len(h.s.azs)
	for _, p := range tg.groups {
		hg := p.g
		for i, x := range h.span(hg, from, n) {
			if !x.ok {
				continue
			}
			h.seen[i] = true
			zs := h.zones[i*nz : (i+1)*nz]
			serving, offered := x.serving(), x.load*p.weight
			if serving == 0 {
				for z := range zs { // no target: 503 from the load balancer
					zs[z].errE += offered * 60 / float64(nz) * f
				}
				continue
			}
			lat, errT, errE := hg.g.role.answerAt(x.u, hg.slow, hg.itype)
			latLo, _, _ := hg.g.role.answerAt(x.u, hg.slowLo, hg.itype)
			latHi, _, _ := hg.g.role.answerAt(x.u, hg.slowHi, hg.itype)
			flows := 0.0
			if tg.network && offered > 0 {
				flows = tg.flows + offered*0.02
			}
			reached := nz
			if !tg.crossZone {
				reached = min(serving, nz)
			}
			for z := range zs {
				healthy := float64(serving / nz)
				if z < serving%nz {
					healthy++
				}
				st := zoneStats{healthy: healthy}
				if z < reached { // the zones' nodes, all alike (or those with targets)
					r := offered / float64(reached)
					st.reqs, st.errT, st.errE, st.latW = r*60, r*60*errT, r*60*errE, r*60*lat
					st.latLo, st.latHi = latLo, latHi*tailFactor
					st.flows = flows / float64(reached)
					st.eReset = st.flows * 0.002
				}
				zs[z].add(st.scaled(f))
			}
		}
	}
}

// tgHistValue is a target group series from its minute, as publishTG
// writes it.
func tgHistValue(network bool, m elbMetric, st zoneStats) (aggPt, bool) {
	switch {
	case m == mHealthy:
		return one(st.healthy), true
	case m == mUnhealthy:
		return one(st.unhealthy), true
	case network:
	case m == mRequests:
		return one(math.Round(st.reqs)), true
	case m == mTarget5xx:
		return one(math.Round(st.errT)), true
	case m == mPerTarget && st.healthy > 0:
		return one(st.reqs / st.healthy), true
	case m == mLatency && st.reqs >= 1:
		return latencyPt(st), true
	}
	return aggPt{}, false
}

// lbHistValue is a load balancer series from its minute, as publishLB
// writes it (an ALB the model never overloads rejects nothing).
func lbHistValue(network bool, m elbMetric, st zoneStats) (aggPt, bool) {
	if network {
		switch m {
		case mFlows:
			return one(math.Round(st.flows)), true
		case mNewFlows:
			return one(math.Round(st.flows/10 + st.tReset + st.eReset)), true
		case mTargetResets:
			return one(math.Round(st.tReset)), true
		case mELBResets:
			return one(math.Round(st.eReset)), true
		}
		return aggPt{}, false
	}
	switch {
	case m == mRequests:
		return one(math.Round(st.reqs)), true
	case m == mTarget5xx:
		return one(math.Round(st.errT)), true
	case m == mELB5xx:
		return one(math.Round(st.errE)), true
	case m == mRejected:
		return one(0), true
	case m == mNewConns:
		return one(math.Round(st.reqs / 20)), true
	case m == mActiveConns:
		return one(math.Round(st.reqs / 12)), true
	case m == mLatency && st.reqs >= 1:
		return latencyPt(st), true
	}
	return aggPt{}, false
}

// latencyPt is a minute of response times as addLatency records it.
func latencyPt(st zoneStats) aggPt {
	n := math.Round(st.reqs)
	return aggPt{sum: float32(st.latW * n / st.reqs), min: float32(st.latLo), max: float32(st.latHi), n: uint32(math.Min(n, math.MaxUint32))}
}
