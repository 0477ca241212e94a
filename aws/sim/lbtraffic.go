package sim

import (
	"math"
	"slices"
	"strconv"
	"time"
)

// How load balancers spread requests over targets, minute by minute.
//
// A group's offered load arrives at its target groups. Each target group
// routes to its healthy targets (all registered ones when none is healthy:
// ELB fails open) through one load balancer node per Availability Zone:
// with cross-zone load balancing (ALB's default) every node reaches every
// target, without it (NLB's default) a node reaches only its zone's
// targets and DNS stops sending clients to a zone with none. Within a
// node's reach the algorithm decides: round robin sends each target the
// same share; least outstanding requests favours targets that answer
// faster (a slow host gets little); weighted random draws weights each
// minute and, with anomaly mitigation, starves a target whose errors or
// latency stand out. Slow start ramps a newly healthy target's share over
// its duration. A few heavy clients carry a good part of the traffic: with
// stickiness each is pinned to one target for the cookie's duration, so
// the spread skews, and a new target only picks up new sessions.

// tgTraffic is a target group's routing state.
type tgTraffic struct {
	offered   float64                   // requests per second offered this minute
	unrouted  float64                   // of which no target could take (ELB answers 503)
	nodes     []float64                 // each zone's node's part of the clients, in s.azs order
	crossZone bool                      // this minute's routing: every node reaches every target
	pins      []pin                     // heavy clients' sticky targets
	elbResets float64                   // flows the NLB reset this minute (unhealthy or drained targets)
	elb5xx    minuteCount               // what the load balancer answered 5xx itself for this target group's requests
	ser       map[*loadBalancer]*serSet // nil key: by TargetGroup alone
}

// minuteCount is a count for one minute.
type minuteCount struct {
	minute int64
	n      float64
}

// pin is a heavy client's sticky target.
type pin struct {
	id    string
	until time.Time
}

// targetTraffic is what one target was sent this minute.
type targetTraffic struct {
	rps          float64   // requests (NLB: flows' requests) per second
	flows        float64   // NLB: active flows
	healthySince time.Time // zero for targets healthy since before the fleet was built
	mitigated    time.Time // anomaly mitigation starves the target until then
	leftAt       time.Time // when it stopped being healthy (failed checks, or deregistered)
}

// instTraffic is an instance's load and answers this minute.
type instTraffic struct {
	rps        float64 // over all its targets
	util       float64 // rps against its capacity
	latency    float64 // seconds, mean response time
	errT, errE float64 // fractions answered 5xx by the target and by the load balancer
	slowness   float64 // how much slower than its peers it answers: drawn from its id on first use
}

// lbTraffic is a load balancer's state across minutes.
type lbTraffic struct {
	prevReqs float64 // requests last minute: the capacity it has scaled to
	ser      *serSet
}

// clientMix is the share of a target group's requests that each heavy
// client sends, by the kind of service behind it: partner integrations and
// crawlers on the storefront, connection pools of app servers on caches
// and databases.
func clientMix(kind string) []float64 {
	switch kind {
	case "web":
		return []float64{0.03, 0.02, 0.01}
	case "app":
		return []float64{0.10, 0.06, 0.04}
	case "cache":
		return evenClients(24) // the app and service instances' connection pools
	case "db":
		return []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}
	}
	return []float64{0.08, 0.05}
}

// evenClients is n clients with an equal part each.
func evenClients(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 1 / float64(n)
	}
	return out
}

// slowness is how much slower than its peers an instance answers: about
// one in twelve sits on a noisy host.
func (s *Simulator) slowness(in *instance) float64 {
	if in.tr.slowness == 0 {
		in.tr.slowness = 1
		if s.unit(strHash(in.id), 0x510) < 0.08 {
			in.tr.slowness = 1.25
		}
	}
	return in.tr.slowness
}

// routedByELB: the group's requests arrive only through its target groups.
func (s *Simulator) routedByELB(g *group) bool { return len(g.tgARNs) > 0 && g.role.kind != "worker" }

// targetUtil is an instance's utilisation from the requests it was sent,
// against its capacity on its host.
func (s *Simulator) targetUtil(g *group, in *instance) float64 {
	in.tr.util = in.tr.rps * s.slowness(in) / g.capacityOf(in)
	return in.tr.util
}

func (tg *targetGroup) sticky() bool { return tg.attrs["stickiness.enabled"] == "true" }

// routing is a target group's routing settings, read once a minute.
type routing struct {
	crossZone, sticky, mitigate bool
	stickyFor, slowStart        time.Duration
	alg                         string
}

func routingOf(tg *targetGroup) routing {
	r := routing{crossZone: tg.crossZone(), sticky: tg.sticky(), alg: tg.attrs["load_balancing.algorithm.type"]}
	r.mitigate = r.alg == "weighted_random" && tg.attrs["load_balancing.algorithm.anomaly_mitigation"] == "on"
	if r.sticky {
		r.stickyFor = tg.stickyFor()
	}
	if n, err := strconv.Atoi(tg.attrs["slow_start.duration_seconds"]); err == nil && n > 0 && !tg.isNetwork() {
		r.slowStart = time.Duration(n) * time.Second
	}
	return r
}

// stickyFor is how long a sticky client stays with its target.
func (tg *targetGroup) stickyFor() time.Duration {
	key := "stickiness.lb_cookie.duration_seconds"
	switch tg.attrs["stickiness.type"] {
	case "app_cookie":
		key = "stickiness.app_cookie.duration_seconds"
	case "source_ip":
		return time.Hour // as long as the client keeps its flows
	}
	n, err := strconv.Atoi(tg.attrs[key])
	if err != nil || n <= 0 {
		return 24 * time.Hour
	}
	return time.Duration(n) * time.Second
}

// crossZone: the target group's setting, or its load balancer's (ALB
// always on, NLB off unless changed).
func (tg *targetGroup) crossZone() bool {
	switch tg.attrs["load_balancing.cross_zone.enabled"] {
	case "true":
		return true
	case "false":
		return false
	}
	if len(tg.lbs) > 0 {
		return tg.lbs[0].crossZone()
	}
	return !tg.isNetwork()
}

// offerTraffic routes every group's load through its target groups.
func (s *Simulator) offerTraffic(mi int64) {
	t := s.now.Add(-30 * time.Second)
	for _, name := range s.groupNames {
		g := s.groups[name]
		if !s.routedByELB(g) {
			continue
		}
		L := s.load(g, t) / float64(len(g.tgARNs))
		for _, arn := range g.tgARNs {
			if tg := s.tgs[arn]; tg != nil {
				tg.tr.offered += L
			}
		}
	}
	for _, tg := range s.tgOrder {
		for _, t := range tg.targets {
			if t.inst != nil {
				t.inst.tr.rps = 0
			}
		}
	}
	for _, tg := range s.tgOrder {
		s.spread(tg, mi)
	}
}

// routable are the targets a target group sends requests to: healthy ones,
// or every registered one not draining when none is healthy (ELB fails
// open). A target that failed its checks during the minute was sent
// requests until then: part is the share of the minute each one was in.
func (s *Simulator) routable(tg *targetGroup) (pool []*target, part []float64) {
	var open []*target
	for _, t := range tg.targets {
		switch t.state {
		case thHealthy:
			pool, part = append(pool, t), append(part, 1)
		case thUnhealthy, thDraining:
			if ago := s.now.Sub(t.tr.leftAt); ago < time.Minute {
				pool, part = append(pool, t), append(part, 1-ago.Seconds()/60)
			}
			if t.state == thUnhealthy {
				open = append(open, t)
			}
		case thInitial, "unavailable":
			open = append(open, t)
		}
	}
	if len(pool) > 0 && slices.Contains(part, 1) {
		return pool, part
	}
	part = part[:0]
	for range open {
		part = append(part, 1)
	}
	return open, part
}

// spread divides a target group's offered load among its targets.
func (s *Simulator) spread(tg *targetGroup, mi int64) {
	offered := tg.tr.offered
	tg.tr.offered, tg.tr.unrouted = 0, 0
	for _, t := range tg.targets {
		t.tr.rps = 0
	}
	if len(tg.lbs) == 0 || offered <= 0 {
		return
	}
	pool, part := s.routable(tg)
	if len(pool) == 0 {
		tg.tr.unrouted = offered
		return
	}
	r := routingOf(tg)
	w := s.weights(tg, r, pool, mi)
	old := make([]float64, len(w)) // sessions already under way: a new target gets only new ones
	for i := range w {
		w[i] *= part[i]
		old[i] = w[i] * s.stickyRamp(r, pool[i])
	}
	nodes := s.nodeShares(r, pool)
	tg.tr.nodes, tg.tr.crossZone = nodes, r.crossZone
	mix := clientMix(tgKind(tg))
	light := 1.0
	if r.sticky {
		for _, h := range mix {
			light -= h
		}
	}
	for z, share := range nodes {
		if share > 0 {
			s.route(tg, r, pool, old, z, offered*light*share)
		}
	}
	if r.sticky {
		s.routeSticky(tg, r, pool, w, nodes, mix, offered)
	}
	for _, t := range pool {
		if t.inst != nil {
			t.inst.tr.rps += t.tr.rps
		}
	}
}

func tgKind(tg *targetGroup) string {
	for _, t := range tg.targets {
		if t.inst != nil && t.inst.g != nil {
			return t.inst.g.role.kind
		}
	}
	return ""
}

// nodeShares is the part of the clients each zone's node receives: all
// zones alike, except that without cross-zone routing DNS leaves out a
// zone with no target to route to.
func (s *Simulator) nodeShares(r routing, pool []*target) []float64 {
	out := make([]float64, len(s.azs))
	for z, az := range s.azs {
		if r.crossZone || slices.ContainsFunc(pool, func(t *target) bool { return t.az == az }) {
			out[z] = 1
		}
	}
	sum := 0.0
	for _, v := range out {
		sum += v
	}
	if sum == 0 { // targets outside the load balancer's zones: route anyway
		for z := range out {
			out[z] = 1
		}
		sum = float64(len(out))
	}
	for z := range out {
		out[z] /= sum
	}
	return out
}

// reach reports whether zone z's node routes to t.
func (s *Simulator) reach(r routing, z int, t *target) bool {
	return r.crossZone || t.az == s.azs[z] || s.zoneOf(t.az) < 0
}

// route sends rps through zone z's node, in proportion to the weights.
func (s *Simulator) route(tg *targetGroup, r routing, pool []*target, w []float64, z int, rps float64) {
	sum := 0.0
	for i, t := range pool {
		if s.reach(r, z, t) {
			sum += w[i]
		}
	}
	if sum == 0 {
		tg.tr.unrouted += rps
		return
	}
	for i, t := range pool {
		if s.reach(r, z, t) {
			t.tr.rps += rps * w[i] / sum
		}
	}
}

// routeSticky sends each heavy client to its pinned target, pinning it
// anew when the pin expired or its target left the pool: its new session's
// first request goes where the algorithm sends it (w, without the sticky
// ramp of sessions already under way).
func (s *Simulator) routeSticky(tg *targetGroup, r routing, pool []*target, w []float64, nodes []float64, mix []float64, offered float64) {
	if len(tg.tr.pins) != len(mix) {
		tg.tr.pins = make([]pin, len(mix))
	}
	var zones []int
	for z, share := range nodes {
		if share > 0 {
			zones = append(zones, z)
		}
	}
	key := strHash(tg.arn)
	for c, h := range mix {
		z := zones[c%len(zones)]
		p := &tg.tr.pins[c]
		i := slices.IndexFunc(pool, func(t *target) bool { return t.id == p.id })
		if i < 0 || !s.now.Before(p.until) || !s.reach(r, z, pool[i]) {
			i = s.pick(r, pool, w, z, s.unit(key, uint64(c), uint64(s.now.Unix())))
			if i < 0 {
				tg.tr.unrouted += offered * h
				continue
			}
			*p = pin{id: pool[i].id, until: s.now.Add(r.stickyFor)}
		}
		pool[i].tr.rps += offered * h
	}
}

// pick draws a target reachable from zone z in proportion to the weights.
func (s *Simulator) pick(r routing, pool []*target, w []float64, z int, draw float64) int {
	sum := 0.0
	for i, t := range pool {
		if s.reach(r, z, t) {
			sum += w[i]
		}
	}
	x, last := draw*sum, -1
	for i, t := range pool {
		if !s.reach(r, z, t) {
			continue
		}
		last = i
		if x < w[i] {
			return i
		}
		x -= w[i]
	}
	return last
}

// weights are the routing weights of the pool under the target group's
// algorithm and slow start, for a new session.
func (s *Simulator) weights(tg *targetGroup, r routing, pool []*target, mi int64) []float64 {
	w := make([]float64, len(pool))
	if r.mitigate {
		s.detectAnomalies(pool)
	}
	key := strHash(tg.arn)
	for i, t := range pool {
		w[i] = s.slowStart(r, t, len(pool))
		in := t.inst
		if in == nil {
			continue
		}
		switch {
		case tg.isNetwork(): // flows hash over targets: even, with the noise of a finite number of flows
			w[i] *= 0.9 + 0.2*s.unit(key, strHash(t.id), uint64(mi/5))
		case r.alg == "least_outstanding_requests": // a target answering slower holds its requests longer
			sl := s.slowness(in)
			w[i] *= float64(typeInfo(in.itype).vcpu) / (sl * sl)
		case r.alg == "weighted_random": // equal weights, drawn request by request: a minute's shares are within a few percent
			w[i] *= 0.95 + 0.1*s.unit(key, strHash(t.id), uint64(mi))
			if r.mitigate && s.now.Before(t.tr.mitigated) {
				w[i] *= 0.1
			}
		}
	}
	return w
}

// detectAnomalies marks the targets whose errors or latency last minute
// stood out from their peers' for mitigation (five minutes, then let back
// in). As on AWS, detection needs at least three healthy targets, and the
// load balancer never starves most of the pool: when more than half stand
// out, the trouble is not one target's, and none is newly mitigated.
func (s *Simulator) detectAnomalies(pool []*target) {
	healthy := 0
	for _, t := range pool {
		if t.state == thHealthy {
			healthy++
		}
	}
	if healthy < 3 {
		return
	}
	medErr, medLat := poolMedians(pool)
	var odd []*target
	for _, t := range pool {
		if t.inst != nil && anomalous(t.inst, medErr, medLat) {
			odd = append(odd, t)
		}
	}
	if 2*len(odd) > len(pool) {
		return
	}
	for _, t := range odd {
		t.tr.mitigated = s.now.Add(5 * time.Minute)
	}
}

// slowStart ramps a newly healthy target's share linearly over the slow
// start duration; the only target, and targets healthy before it was set,
// take their full share.
func (s *Simulator) slowStart(r routing, t *target, poolSize int) float64 {
	if r.slowStart == 0 || t.tr.healthySince.IsZero() || poolSize < 2 || t.state != thHealthy {
		return 1
	}
	return clampf(s.now.Sub(t.tr.healthySince).Seconds()/r.slowStart.Seconds(), 0.02, 1)
}

// stickyRamp: under stickiness a new target only gets new sessions, so its
// share grows as old sessions end (about twenty minutes, or the cookie's
// duration if shorter).
func (s *Simulator) stickyRamp(r routing, t *target) float64 {
	if !r.sticky || t.tr.healthySince.IsZero() {
		return 1
	}
	span := min(r.stickyFor, 20*time.Minute)
	return clampf(s.now.Sub(t.tr.healthySince).Seconds()/span.Seconds(), 0.05, 1)
}

func poolMedians(pool []*target) (errFrac, latency float64) {
	var es, ls []float64
	for _, t := range pool {
		if t.inst != nil {
			es = append(es, t.inst.tr.errT+t.inst.tr.errE)
			ls = append(ls, t.inst.tr.latency)
		}
	}
	if len(es) == 0 {
		return 0, 0
	}
	slices.Sort(es)
	slices.Sort(ls)
	return es[(len(es)-1)/2], ls[(len(ls)-1)/2]
}

// anomalous: a target whose errors or latency last minute stood out from
// its peers', as anomaly mitigation sees it.
func anomalous(in *instance, medErr, medLat float64) bool {
	e := in.tr.errT + in.tr.errE
	return e > 0.05 && e > 3*medErr || medLat > 0 && in.tr.latency > 2*medLat
}

// baseErrors is the share of requests a healthy target answers 5xx at any
// load: the odd failed dependency call, one in ten thousand.
const baseErrors = 0.0001

// answerAt is a healthy instance's mean response time and the fractions
// of requests answered 5xx by it and by the load balancer at utilisation
// u, on a host slowness times slower than its peers, of type t: latency
// grows as it saturates (responseTime), and past 90% it sheds requests
// (its own 503s, and timeouts the load balancer answers 504).
func (r *role) answerAt(u, slowness float64, t *instanceType) (latency, errT, errE float64) {
	over := 0.0
	if u > 0.9 {
		over = math.Min(0.9, (u-0.9)*0.8)
	}
	return r.responseTime(u, slowness, t), baseErrors + 0.6*over, 0.4 * over
}

// answer works out an instance's response time and errors from its
// utilisation: latency grows as it saturates, and past 90% it sheds
// requests (its own 503s, and timeouts the load balancer answers 504).
func (s *Simulator) answer(in *instance) {
	tr := &in.tr
	tr.latency, tr.errT, tr.errE = in.g.role.answerAt(tr.util, s.slowness(in), typeInfo(in.itype))
	switch {
	case in.ec2State != "running" || s.impairedAZ != "" && in.az == s.impairedAZ:
		tr.errT, tr.errE, tr.latency = 0, 1, 10 // no answer: the load balancer times out
	case in.broken:
		tr.errT, tr.errE = 1, 0 // the bad build answers 502
	}
}

// responseTime is the mean response time at utilisation u on a host
// slowness times slower than its peers, of type t. A request spends the
// role's latency at rest; only its CPU time (a vCPU for 1/(work per vCPU x
// the type's speed), longer on a slow host) queues for the instance's
// vCPUs as they fill (M/M/c: Erlang C), the rest (calls to dependencies,
// I/O) does not. Past 97% the queue outgrows the minute: two seconds more
// per unit of overload, up to three times capacity.
func (r *role) responseTime(u, slowness float64, t *instanceType) float64 {
	cpu := 1 / (r.rpsPerVCPU * t.speed) * slowness
	rest := math.Max(0, r.latency-1/r.rpsPerVCPU)
	rho := clampf(u, 0, 0.97)
	c := max(t.vcpu, 1)
	w := rest + cpu*(1+erlangC(c, rho)/(float64(c)*(1-rho)))
	if u > 0.97 {
		w += 2 * (math.Min(u, 3) - 0.97)
	}
	return w
}

// erlangC is the chance a request waits for one of c servers busy rho of
// the time (from Erlang B by recurrence).
func erlangC(c int, rho float64) float64 {
	if rho <= 0 {
		return 0
	}
	a, b := float64(c)*rho, 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return b / (1 - rho*(1-b))
}
