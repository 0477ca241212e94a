package model

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The load balancer view: every load balancer with its listeners,
// certificates, target groups and load, resolved from one snapshot. The
// console's load balancer screen and `hoist lb` show the same data.

// LBViewOptions say how to build the view.
type LBViewOptions struct {
	Now    time.Time       // the local clock; certificates' days left and windows are cut on it, shifted by the snapshot's Skew
	Window time.Duration   // the distribution window (the chart range); 0 for every point held
	Alerts AlertThresholds // when a certificate is flagged
}

// LBView is one load balancer as the screen shows it.
type LBView struct {
	LB           *LoadBalancer
	Listeners    []ListenerView
	TargetGroups []TGView
	// Detailed reports that the load balancer's details were read: its
	// target groups' attributes and target health, its listeners' whole
	// certificate lists and rules. The poller reads them only for the
	// load balancers on screen (Visible.LoadBalancers).
	Detailed     bool
	Distribution Distribution
	// Outage is the zone whose loss would leave one of its target groups
	// the fewest healthy targets.
	Outage ZoneOutage
}

// ListenerView is a listener with its default action in words, its
// security policy and its certificates.
type ListenerView struct {
	Listener     *Listener
	Name         string // "web-alb:443"
	Action       string // "forward to web-tg", "redirect to HTTPS:443 (HTTP_301)", "fixed-response 404"
	Policy       *SSLPolicy
	Certificates []CertView // the default first
}

// PolicyOutdated reports a security policy that still accepts TLS 1.0 or
// 1.1.
func (l ListenerView) PolicyOutdated() bool { return l.Policy != nil && l.Policy.Outdated() }

// CertView is one certificate of a listener, with its expiry.
type CertView struct {
	ARN     string
	Default bool
	Cert    *Certificate // nil when hoist could not read it
	// DaysLeft is valid when Cert's NotAfter is known; Expiry is
	// ExpiryOK, ExpirySoon or ExpiryUrgent.
	DaysLeft int
	Expiry   string
}

// Name is the certificate's domain, or its ARN's last part.
func (c CertView) Name() string {
	if c.Cert != nil {
		return c.Cert.CertName()
	}
	return lastPart(c.ARN)
}

// TGView is a target group with the attributes that matter during an
// incident, the Auto Scaling groups behind it and its targets by zone.
type TGView struct {
	TG       *TargetGroup
	Settings TGSettings
	Groups   []string // the Auto Scaling groups that register into it
	// Counts tallies its targets by state when TargetsRead; Zones the
	// healthy ones by zone and what the loss of each zone leaves.
	Counts      TargetCounts
	TargetsRead bool
	Zones       []ZoneHosts
}

// TGSettings are a target group's attributes in the operator's words.
type TGSettings struct {
	Read                bool   // the attributes were read
	Algorithm           string // round robin, least outstanding requests, weighted random; flow hash on an NLB
	Stickiness          bool
	StickinessType      string        // lb_cookie, app_cookie, source_ip
	StickinessDuration  time.Duration // the cookie's; 0 for source_ip
	DeregistrationDelay time.Duration
	SlowStart           time.Duration // 0: off
	CrossZone           string        // on, off, or "load balancer's (off unless it is on)"
}

// ZoneHosts is one zone's targets in a target group.
type ZoneHosts struct {
	Zone               string
	Healthy, Unhealthy int // unhealthy includes unavailable
	Other              int // initial, draining, unused
	// LeftIfLost is how many healthy targets the target group keeps if
	// this zone fails.
	LeftIfLost int
}

// ZoneOutage is the worst single zone failure for a load balancer: the
// target group that keeps the fewest healthy targets, and how many of how
// many.
type ZoneOutage struct {
	Zone, TargetGroup string
	Left, Of          int
	Known             bool
}

// LBViews builds the view of every load balancer in s, by name.
func LBViews(s *Snapshot, o LBViewOptions) []LBView {
	out := make([]LBView, 0, len(s.LoadBalancers))
	idx := newLBIndex(s)
	for i := range s.LoadBalancers {
		out = append(out, idx.view(&s.LoadBalancers[i], o))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].LB.Name < out[j].LB.Name })
	return out
}

// LBViewOf builds the view of one load balancer of s.
func LBViewOf(s *Snapshot, lb *LoadBalancer, o LBViewOptions) LBView {
	return newLBIndex(s).view(lb, o)
}

// lbIndex is what every view of one snapshot looks up.
type lbIndex struct {
	s          *Snapshot
	instanceAZ map[string]string   // instance id → zone, from the groups
	groupsOf   map[string][]string // target group ARN → Auto Scaling groups
}

func newLBIndex(s *Snapshot) *lbIndex {
	x := &lbIndex{s: s, instanceAZ: map[string]string{}, groupsOf: map[string][]string{}}
	for i := range s.Groups {
		g := &s.Groups[i]
		for _, in := range g.Instances {
			x.instanceAZ[in.ID] = in.AZ
		}
		for _, arn := range g.TargetGroupARNs {
			x.groupsOf[arn] = append(x.groupsOf[arn], g.Name)
		}
	}
	return x
}

func (x *lbIndex) view(lb *LoadBalancer, o LBViewOptions) LBView {
	o.Now = o.Now.Add(x.s.Skew) // the server's clock, as certificates and series are
	v := LBView{LB: lb}
	var tgs []*TargetGroup
	for i := range x.s.TargetGroups {
		tg := &x.s.TargetGroups[i]
		if slices.Contains(tg.LoadBalancerARNs, lb.ARN) {
			tgs = append(tgs, tg)
		}
	}
	sort.SliceStable(tgs, func(i, j int) bool { return tgs[i].Name < tgs[j].Name })
	v.Detailed = true
	for _, tg := range tgs {
		tv := x.tgView(tg, lb)
		v.Detailed = v.Detailed && tv.TargetsRead && tv.Settings.Read
		v.TargetGroups = append(v.TargetGroups, tv)
		v.Outage = worseOutage(v.Outage, tv)
	}
	for i := range lb.Listeners {
		l := &lb.Listeners[i]
		v.Detailed = v.Detailed && l.RulesRead && (l.CertificatesRead || !l.Secure())
		v.Listeners = append(v.Listeners, x.listenerView(lb, l, o))
	}
	v.Distribution = DistributionOf(x.s, lb, tgs, o.Window, o.Now)
	return v
}

func (x *lbIndex) listenerView(lb *LoadBalancer, l *Listener, o LBViewOptions) ListenerView {
	lv := ListenerView{Listener: l, Name: lb.Name + ":" + strconv.Itoa(l.Port), Action: x.action(l)}
	if p, ok := x.s.SSLPolicy(l.SSLPolicy); ok {
		lv.Policy = p
	}
	for i, arn := range l.Certificates {
		cv := CertView{ARN: arn, Default: i == 0}
		if c, ok := x.s.Certificate(arn); ok {
			cv.Cert = c
			cv.Expiry = certExpiry(c, o)
			if !c.NotAfter.IsZero() {
				cv.DaysLeft = c.DaysLeft(o.Now)
			}
		}
		lv.Certificates = append(lv.Certificates, cv)
	}
	return lv
}

// certExpiry is how loud c is at o.Now: by its days left, and urgent when
// ACM says it has expired.
func certExpiry(c *Certificate, o LBViewOptions) string {
	if c.Status == "EXPIRED" {
		return ExpiryUrgent
	}
	if c.NotAfter.IsZero() {
		return ExpiryOK
	}
	return o.Alerts.CertExpiry(c.DaysLeft(o.Now))
}

// action words a listener's default action.
func (x *lbIndex) action(l *Listener) string {
	switch l.DefaultAction {
	case "forward":
		names := make([]string, 0, len(l.DefaultTargetGroups))
		for _, arn := range l.DefaultTargetGroups {
			if tg, ok := x.s.TargetGroup(arn); ok {
				names = append(names, tg.Name)
			} else {
				names = append(names, TargetGroupDimension(arn))
			}
		}
		if l.DefaultDetail != "" {
			return "forward to " + strings.Join(names, ", ") + " (" + l.DefaultDetail + ")"
		}
		return "forward to " + strings.Join(names, ", ")
	case "redirect":
		return "redirect to " + l.DefaultDetail
	case "":
		return ""
	}
	return strings.TrimSpace(l.DefaultAction + " " + l.DefaultDetail)
}

func (x *lbIndex) tgView(tg *TargetGroup, lb *LoadBalancer) TGView {
	tv := TGView{TG: tg, Settings: SettingsOfTG(tg, lb), Groups: x.groupsOf[tg.ARN]}
	if tg.TargetsFetched.IsZero() {
		return tv
	}
	tv.TargetsRead = true
	tv.Counts = tg.Counts()
	byZone := map[string]*ZoneHosts{}
	var zones []string
	healthy := 0
	for _, t := range tg.Targets {
		z := t.AZ
		if z == "" {
			z = x.instanceAZ[t.ID]
		}
		zh := byZone[z]
		if zh == nil {
			zh = &ZoneHosts{Zone: z}
			byZone[z] = zh
			zones = append(zones, z)
		}
		switch t.State {
		case TargetHealthy:
			zh.Healthy++
			healthy++
		case TargetUnhealthy, TargetUnavailable:
			zh.Unhealthy++
		default:
			zh.Other++
		}
	}
	for _, z := range lb.AZs {
		if byZone[z] == nil {
			byZone[z] = &ZoneHosts{Zone: z}
			zones = append(zones, z)
		}
	}
	slices.Sort(zones)
	for _, z := range zones {
		zh := *byZone[z]
		zh.LeftIfLost = healthy - zh.Healthy
		tv.Zones = append(tv.Zones, zh)
	}
	return tv
}

// worseOutage keeps the worse of o and the worst zone loss of tv: fewest
// healthy targets left, as a share of those it has.
func worseOutage(o ZoneOutage, tv TGView) ZoneOutage {
	healthy := tv.Counts.Healthy
	for _, z := range tv.Zones {
		if z.Zone == "" || healthy == 0 {
			continue
		}
		c := ZoneOutage{Zone: z.Zone, TargetGroup: tv.TG.Name, Left: z.LeftIfLost, Of: healthy, Known: true}
		if !o.Known || c.Left*o.Of < o.Left*c.Of {
			o = c
		}
	}
	return o
}

// The algorithms' names, by attribute value.
var algorithms = map[string]string{
	"round_robin":                "round robin",
	"least_outstanding_requests": "least outstanding requests",
	"weighted_random":            "weighted random",
}

// SettingsOfTG reads a target group's attributes into the operator's
// words; lb is the load balancer it is seen from (for cross-zone).
func SettingsOfTG(tg *TargetGroup, lb *LoadBalancer) TGSettings {
	a := tg.Attributes
	st := TGSettings{Read: a != nil}
	if !st.Read {
		return st
	}
	secs := func(k string) time.Duration {
		n, _ := strconv.Atoi(a[k])
		return time.Duration(n) * time.Second
	}
	st.Algorithm = algorithms[a["load_balancing.algorithm.type"]]
	if st.Algorithm == "" && !isALBProtocol(tg.Protocol) {
		st.Algorithm = "flow hash"
	} else if st.Algorithm == "" {
		st.Algorithm = a["load_balancing.algorithm.type"]
	}
	st.Stickiness = a["stickiness.enabled"] == "true"
	st.StickinessType = a["stickiness.type"]
	switch st.StickinessType {
	case "lb_cookie":
		st.StickinessDuration = secs("stickiness.lb_cookie.duration_seconds")
	case "app_cookie":
		st.StickinessDuration = secs("stickiness.app_cookie.duration_seconds")
	}
	st.DeregistrationDelay = secs("deregistration_delay.timeout_seconds")
	st.SlowStart = secs("slow_start.duration_seconds")
	switch a["load_balancing.cross_zone.enabled"] {
	case "true":
		st.CrossZone = "on"
	case "false":
		st.CrossZone = "off"
	default:
		// An ALB always balances across zones at the load balancer; an
		// NLB does only when its own attribute says so (off by default).
		st.CrossZone = "on"
		if lb != nil && lb.Type == LBNetwork {
			st.CrossZone = "load balancer's (off unless it is on)"
		}
	}
	return st
}

// --- lookups by name or ARN, for the command line ---

// FindLoadBalancer finds a load balancer by name or ARN.
func (s *Snapshot) FindLoadBalancer(ref string) (*LoadBalancer, error) {
	for i := range s.LoadBalancers {
		if lb := &s.LoadBalancers[i]; lb.ARN == ref || lb.Name == ref {
			return lb, nil
		}
	}
	names := make([]string, 0, len(s.LoadBalancers))
	for _, lb := range s.LoadBalancers {
		names = append(names, lb.Name)
	}
	return nil, notFound("load balancer", ref, s.Region, names)
}

// FindTargetGroup finds a target group by name or ARN.
func (s *Snapshot) FindTargetGroup(ref string) (*TargetGroup, error) {
	for i := range s.TargetGroups {
		if tg := &s.TargetGroups[i]; tg.ARN == ref || tg.Name == ref {
			return tg, nil
		}
	}
	names := make([]string, 0, len(s.TargetGroups))
	for _, tg := range s.TargetGroups {
		names = append(names, tg.Name)
	}
	return nil, notFound("target group", ref, s.Region, names)
}

// FindListener finds a listener by ARN or as LOAD-BALANCER:PORT, with
// its load balancer.
func (s *Snapshot) FindListener(ref string) (*LoadBalancer, *Listener, error) {
	var names []string
	for i := range s.LoadBalancers {
		lb := &s.LoadBalancers[i]
		for j := range lb.Listeners {
			l := &lb.Listeners[j]
			name := lb.Name + ":" + strconv.Itoa(l.Port)
			if l.ARN == ref || name == ref {
				return lb, l, nil
			}
			names = append(names, name)
		}
	}
	if !strings.Contains(ref, ":") {
		return nil, nil, invalid("name a listener as LOAD-BALANCER:PORT (e.g. web-alb:443) or by its ARN, not %q", ref)
	}
	return nil, nil, notFound("listener", ref, s.Region, names)
}

// notFound says a name matched nothing, and lists the names there are
// when they are few.
func notFound(what, ref, region string, names []string) error {
	slices.Sort(names)
	msg := fmt.Sprintf("no %s %q in %s", what, ref, region)
	switch {
	case len(names) == 0:
		msg += ": there are none"
	case len(names) <= 12:
		msg += "; there are " + strings.Join(names, ", ")
	}
	return &ValidationError{Msg: msg}
}

// --- infrastructure-as-code ---

// DeleteLBCommand is the aws CLI line that would delete a load balancer:
// hoist leaves creating and deleting load balancers to
// infrastructure-as-code and shows the command instead.
func DeleteLBCommand(lb *LoadBalancer, region string) string {
	return "aws elbv2 delete-load-balancer --region " + ShellQuote(region) + " --load-balancer-arn " + ShellQuote(lb.ARN)
}

// CreateLBCommand is the aws CLI line that would create a load balancer.
func CreateLBCommand(name, typ, scheme string, subnets []string, region string) string {
	parts := []string{"aws elbv2 create-load-balancer --region", ShellQuote(region), "--name", ShellQuote(name),
		"--type", ShellQuote(typ), "--scheme", ShellQuote(scheme), "--subnets"}
	if len(subnets) == 0 {
		subnets = []string{"SUBNET-IN-ZONE-A", "SUBNET-IN-ZONE-B"}
	}
	for _, sn := range subnets {
		parts = append(parts, ShellQuote(sn))
	}
	return strings.Join(parts, " ")
}

// ShellQuote quotes s for a POSIX shell when it needs it.
func ShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@,+%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
