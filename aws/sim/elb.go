package sim

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Target health states and reason codes, as ELBv2 spells them.
// elbHealthLag is how long Auto Scaling takes to act on an unhealthy target.
const elbHealthLag = 30 * time.Second

const (
	thInitial   = "initial"
	thHealthy   = "healthy"
	thUnhealthy = "unhealthy"
	thDraining  = "draining"
	thUnused    = "unused"
)

func (s *Simulator) lbARN(typ, name, id string) string {
	short := "app"
	if typ == "network" {
		short = "net"
	}
	return fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:loadbalancer/%s/%s/%s", s.region, Account, short, name, id)
}

func (s *Simulator) addLoadBalancer(name, typ, scheme string, tags []tag) *loadBalancer {
	id := s.hexID(16)
	short := "app"
	if typ == "network" {
		short = "net"
	}
	lb := &loadBalancer{
		arn: s.lbARN(typ, name, id), name: name, id: id, typ: typ, scheme: scheme,
		created: s.now, azs: s.azs, tags: tags,
		dimension: short + "/" + name + "/" + id,
	}
	prefix := ""
	if scheme == "internal" {
		prefix = "internal-"
	}
	lb.dns = fmt.Sprintf("%s%s-%d.%s.elb.amazonaws.com", prefix, trimName(name, 32), 100000000+s.rng.IntN(900000000), s.region)
	if typ == "network" {
		lb.dns = fmt.Sprintf("%s-%s.elb.%s.amazonaws.com", trimName(name, 32), s.hexID(16), s.region)
	}
	if typ == "application" {
		lb.sgs = []string{"sg-0" + s.hexID(16)}
	}
	s.lbs[lb.arn] = lb
	s.lbOrder = append(s.lbOrder, lb)
	return lb
}

func trimName(n string, max int) string {
	if len(n) > max {
		return n[:max]
	}
	return n
}

// addTargetGroup makes a target group with the health check defaults
// ELBv2 applies per protocol.
func (s *Simulator) addTargetGroup(name, protocol string, port int32, tags []tag) *targetGroup {
	id := s.hexID(16)
	tg := &targetGroup{
		arn:  fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s/%s", s.region, Account, name, id),
		name: name, id: id, protocol: protocol, port: port, vpc: s.vpc(),
		hcEnabled: true, targetType: "instance", byID: map[string]*target{}, tags: tags,
		dimension: "targetgroup/" + name + "/" + id,
		attrs:     map[string]string{},
	}
	// the fleet's health checks are tuned tighter than ELB's defaults
	// (defaultHC, which CreateTargetGroup applies)
	if isNetworkProtocol(protocol) {
		tg.hcProtocol, tg.hcPort, tg.hcInterval, tg.hcTimeout = "TCP", "traffic-port", 10, 10
		tg.healthyThresh, tg.unhealthyThr = 3, 3
		s.setAttrs(tg, [][2]string{
			{"deregistration_delay.timeout_seconds", "30"},
			{"stickiness.enabled", "false"},
			{"stickiness.type", "source_ip"},
			{"deregistration_delay.connection_termination.enabled", "false"},
			{"preserve_client_ip.enabled", "true"},
			{"proxy_protocol_v2.enabled", "false"},
			{"load_balancing.cross_zone.enabled", "use_load_balancer_configuration"},
			{"target_health_state.unhealthy.connection_termination.enabled", "true"},
			{"target_health_state.unhealthy.draining_interval_seconds", "0"},
		})
	} else {
		tg.hcProtocol, tg.hcPort, tg.hcPath, tg.hcInterval, tg.hcTimeout = protocol, "traffic-port", "/", 15, 5
		tg.healthyThresh, tg.unhealthyThr, tg.matcher = 3, 2, "200"
		s.setAttrs(tg, [][2]string{
			{"deregistration_delay.timeout_seconds", "60"},
			{"stickiness.enabled", "false"},
			{"stickiness.type", "lb_cookie"},
			{"stickiness.lb_cookie.duration_seconds", "86400"},
			{"stickiness.app_cookie.cookie_name", ""},
			{"stickiness.app_cookie.duration_seconds", "86400"},
			{"load_balancing.algorithm.type", "round_robin"},
			{"load_balancing.algorithm.anomaly_mitigation", "off"},
			{"load_balancing.cross_zone.enabled", "use_load_balancer_configuration"},
			{"slow_start.duration_seconds", "0"},
		})
	}
	s.setAttrs(tg, [][2]string{
		{"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1"},
		{"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off"},
		{"target_group_health.dns_failover.minimum_healthy_targets.count", "1"},
		{"target_group_health.dns_failover.minimum_healthy_targets.percentage", "off"},
	})
	s.tgs[tg.arn] = tg
	s.tgOrder = append(s.tgOrder, tg)
	return tg
}

func (s *Simulator) setAttrs(tg *targetGroup, kv [][2]string) {
	for _, p := range kv {
		if _, ok := tg.attrs[p[0]]; !ok {
			tg.attrOrder = append(tg.attrOrder, p[0])
		}
		tg.attrs[p[0]] = p[1]
	}
}

func (tg *targetGroup) dereg() time.Duration {
	n, err := strconv.Atoi(tg.attrs["deregistration_delay.timeout_seconds"])
	if err != nil {
		return 300 * time.Second
	}
	return time.Duration(n) * time.Second
}

func (tg *targetGroup) isNetwork() bool { return isNetworkProtocol(tg.protocol) }

// hasALB: an application load balancer routes to the target group.
func (tg *targetGroup) hasALB() bool {
	return slices.ContainsFunc(tg.lbs, func(lb *loadBalancer) bool { return lb.typ == "application" })
}

func (s *Simulator) addListener(lb *loadBalancer, port int32, protocol, sslPolicy string, certs []string, defaultTG *targetGroup) *listener {
	l := &listener{
		arn:  fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:listener/%s/%s", s.region, Account, lb.dimension, s.hexID(16)),
		lb:   lb,
		port: port, protocol: protocol, sslPol: sslPolicy, certs: certs,
	}
	if defaultTG != nil {
		l.defaultT = defaultTG.arn
		s.attach(defaultTG, lb)
	}
	lb.listeners = append(lb.listeners, l)
	s.listener[l.arn] = l
	return l
}

func (s *Simulator) addRule(l *listener, priority int, path string, tg *targetGroup) {
	r := &lbRule{
		arn:      fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:listener-rule/%s/%s/%s", s.region, Account, l.lb.dimension, l.arn[len(l.arn)-16:], s.hexID(16)),
		priority: strconv.Itoa(priority), path: path, tgARN: tg.arn,
	}
	l.rules = append(l.rules, r)
	s.attach(tg, l.lb)
}

func (s *Simulator) attach(tg *targetGroup, lb *loadBalancer) {
	for _, x := range tg.lbs {
		if x == lb {
			return
		}
	}
	tg.lbs = append(tg.lbs, lb)
}

// ---- registration ----

func (s *Simulator) register(tg *targetGroup, id string, port int32, in *instance) {
	if port == 0 {
		port = tg.port
	}
	if t, ok := tg.byID[id]; ok && t.port == port {
		if t.state == thDraining { // re-registering cancels the drain
			t.state, t.reason, t.desc = thInitial, "Elb.RegistrationInProgress", "Target registration is in progress"
			t.ok, t.fail = 0, 0
		}
		return
	}
	t := &target{id: id, port: port, inst: in,
		state: thInitial, reason: "Elb.RegistrationInProgress", desc: "Target registration is in progress",
		nextCheck: s.now.Add(time.Duration(tg.hcInterval) * time.Second),
	}
	if in != nil {
		t.az = in.az
	}
	if len(tg.lbs) == 0 {
		t.state, t.reason, t.desc = thUnused, "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer"
	}
	tg.targets = append(tg.targets, t)
	tg.byID[id] = t
	if in != nil {
		in.regs = append(in.regs, reg{tg, t})
	}
}

func (s *Simulator) registerAll(in *instance) {
	for _, arn := range in.g.tgARNs {
		if tg := s.tgs[arn]; tg != nil {
			s.register(tg, in.id, 0, in)
		}
	}
}

// deregister starts draining a target; it returns when the drain ends.
func (s *Simulator) deregister(tg *targetGroup, t *target) time.Time {
	if t.state == thDraining {
		return t.drainEnd
	}
	d := tg.dereg()
	if t.state == thUnused || t.state == thInitial && t.reason == "Elb.RegistrationInProgress" || idleDrain(t) {
		d = 0
	}
	s.leftHealthy(t)
	t.state, t.reason, t.desc = thDraining, "Target.DeregistrationInProgress", "Target deregistration is in progress"
	t.drainEnd = s.now.Add(d)
	return t.drainEnd
}

// deregisterAll drains an instance from every target group it is in.
func (s *Simulator) deregisterAll(in *instance) time.Time {
	end := s.now
	for _, r := range in.regs {
		if cur, ok := r.tg.byID[in.id]; ok && cur == r.t {
			if e := s.deregister(r.tg, r.t); e.After(end) {
				end = e
			}
		}
	}
	return end
}

func (s *Simulator) anyTargetUnhealthy(in *instance) bool {
	for _, r := range in.regs {
		// Auto Scaling picks up ELB health on its own cycle, a little after the load balancer
		if r.t.state == thUnhealthy && s.now.Sub(r.t.badSince) >= elbHealthLag && r.tg.byID[in.id] == r.t {
			return true
		}
	}
	return false
}

func (s *Simulator) targetHealthy(in *instance) bool {
	if len(in.g.tgARNs) == 0 {
		return true
	}
	for _, r := range in.regs {
		if r.t.state == thHealthy {
			return true
		}
	}
	return false
}

// checkTargets runs the health checks that are due (every interval, so a
// short interval runs several in one tick) and ends drains.
func (s *Simulator) checkTargets(tg *targetGroup) {
	removed := false
	for _, t := range tg.targets {
		if t.state == thDraining {
			if !s.now.Before(t.drainEnd) {
				removed = true
				s.lostFlows(tg, t, "deregistration_delay.connection_termination.enabled")
			}
			continue
		}
		if len(tg.lbs) == 0 {
			t.state, t.reason, t.desc = thUnused, "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer"
			continue
		}
		if t.state == thUnused {
			t.state, t.reason, t.desc = thInitial, "Elb.InitialHealthChecking", "Initial health checks in progress"
		}
		every := time.Duration(tg.hcInterval) * time.Second
		if t.nextCheck.Before(s.now.Add(-every)) {
			t.nextCheck = s.now // long overdue (the group was detached): check now
		}
		for !s.now.Before(t.nextCheck) {
			t.nextCheck = t.nextCheck.Add(every)
			s.checkTarget(tg, t)
		}
	}
	if removed {
		tg.targets = slices.DeleteFunc(tg.targets, func(t *target) bool {
			gone := t.state == thDraining && !s.now.Before(t.drainEnd)
			if gone {
				delete(tg.byID, t.id)
			}
			return gone
		})
	}
}

// checkTarget is one health check and the state it moves the target to.
func (s *Simulator) checkTarget(tg *targetGroup, t *target) {
	if !tg.hcEnabled {
		t.state, t.reason, t.desc = "unavailable", "Target.HealthCheckDisabled", "Health checks are disabled"
		return
	}
	pass, reason, desc := s.probe(tg, t)
	if pass {
		t.ok++
		t.fail = 0
	} else {
		t.fail++
		t.ok = 0
	}
	switch t.state {
	case thInitial, "unavailable":
		if pass && t.ok >= tg.healthyThresh {
			t.state, t.reason, t.desc = thHealthy, "", ""
			s.turnedHealthy(t)
		} else if !pass && t.fail >= tg.unhealthyThr {
			t.state, t.reason, t.desc, t.badSince = thUnhealthy, reason, desc, s.now
		} else {
			t.state, t.reason, t.desc = thInitial, "Elb.InitialHealthChecking", "Initial health checks in progress"
		}
	case thHealthy:
		if !pass && t.fail >= tg.unhealthyThr {
			s.leftHealthy(t)
			t.state, t.reason, t.desc, t.badSince = thUnhealthy, reason, desc, s.now
			s.lostFlows(tg, t, "target_health_state.unhealthy.connection_termination.enabled")
		}
	case thUnhealthy:
		if pass && t.ok >= tg.healthyThresh {
			t.state, t.reason, t.desc = thHealthy, "", ""
			s.turnedHealthy(t)
		} else if !pass {
			t.reason, t.desc = reason, desc
		}
	}
}

// probe is one health check of a target: the reason codes are the ones an
// ALB or NLB reports for that failure.
func (s *Simulator) probe(tg *targetGroup, t *target) (bool, string, string) {
	in := t.inst
	if in == nil {
		in = s.instances[t.id]
		t.inst = in
	}
	if in == nil || in.ec2State != "running" {
		return false, "Target.InvalidState", "Target is in the stopped or terminated state"
	}
	if s.impairedAZ != "" && in.az == s.impairedAZ {
		if tg.isNetwork() {
			return false, "Target.FailedHealthChecks", "Health checks failed"
		}
		return false, "Target.Timeout", "Request timed out"
	}
	if in.broken {
		if tg.isNetwork() {
			return false, "Target.FailedHealthChecks", "Health checks failed"
		}
		return false, "Target.ResponseCodeMismatch", "Health checks failed with these codes: [502]"
	}
	if s.failingTargets(tg) {
		return false, "Target.ResponseCodeMismatch", "Health checks failed with these codes: [503]"
	}
	if in.state == lsPending && s.now.Before(in.readyAt) {
		if tg.isNetwork() {
			return false, "Target.FailedHealthChecks", "Health checks failed"
		}
		return false, "Target.Timeout", "Request timed out"
	}
	// an HTTP check waits behind the requests a saturated target is serving
	if tg.hcProtocol != "TCP" && in.tr.latency > float64(tg.hcTimeout) {
		if tg.isNetwork() {
			return false, "Target.FailedHealthChecks", "Health checks failed"
		}
		return false, "Target.Timeout", "Request timed out"
	}
	return true, "", ""
}
