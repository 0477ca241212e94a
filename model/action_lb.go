package model

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Actions on load balancer target groups. A target group is named by its
// ARN (what is re-read and sent) and its name (what the operator reads).
// The ranges are AWS's, from its ModifyTargetGroup and
// ModifyTargetGroupAttributes references.

func tgTarget(name string) string { return "targetgroup/" + name }

// isALBProtocol reports whether a target group protocol is an Application
// Load Balancer's; TCP, TLS, UDP and TCP_UDP are a Network Load
// Balancer's.
func isALBProtocol(p string) bool { return p == "HTTP" || p == "HTTPS" }

// --- health check ---

// Health check bounds AWS enforces.
const (
	MinHealthInterval  = 5 * time.Second
	MaxHealthInterval  = 300 * time.Second
	MinHealthTimeout   = 2 * time.Second
	MaxHealthTimeout   = 120 * time.Second
	MinHealthThreshold = 2
	MaxHealthThreshold = 10
	maxHealthPath      = 1024
)

// EditHealthCheck sets a target group's health check (ModifyTargetGroup).
// It is absolute: every field of To is sent, and the whole health check as
// the operator saw it (From) must still hold.
type EditHealthCheck struct {
	TargetGroup string // ARN
	Name        string
	Protocol    string // the target group's own protocol: HTTP or HTTPS for an ALB's
	From, To    HealthCheck
}

func (a EditHealthCheck) Kind() Kind        { return KindEditHealthCheck }
func (a EditHealthCheck) GroupName() string { return "" }
func (a EditHealthCheck) Target() string    { return tgTarget(a.Name) }
func (a EditHealthCheck) Mutating() bool    { return true }
func (a EditHealthCheck) Precondition() Ref {
	return Ref{Kind: RefTargetGroup, Name: a.TargetGroup}
}
func (a EditHealthCheck) Before() string { return sideOf(a.Changes(), false) }
func (a EditHealthCheck) After() string  { return sideOf(a.Changes(), true) }

func (a EditHealthCheck) Changes() []FieldChange {
	f, t := a.From, a.To
	cs := changed(nil, "health check path", f.Path, t.Path)
	cs = changed(cs, "health check port", f.Port, t.Port)
	cs = changed(cs, "health check interval", seconds(f.Interval), seconds(t.Interval))
	cs = changed(cs, "health check timeout", seconds(f.Timeout), seconds(t.Timeout))
	cs = changed(cs, "healthy threshold", itoa(f.HealthyThreshold), itoa(t.HealthyThreshold))
	cs = changed(cs, "unhealthy threshold", itoa(f.UnhealthyThreshold), itoa(t.UnhealthyThreshold))
	return changed(cs, "success codes", f.Matcher, t.Matcher)
}

// HTTPHealthCheck reports whether h checks over HTTP(S), so it has a path
// and success codes.
func HTTPHealthCheck(h HealthCheck) bool { return isALBProtocol(h.Protocol) }

func (a EditHealthCheck) validate() error {
	if err := checkName("target group", a.TargetGroup); err != nil {
		return err
	}
	t := a.To
	if t.Protocol != a.From.Protocol {
		return invalid("hoist does not change a health check's protocol (%s to %s)", a.From.Protocol, t.Protocol)
	}
	if err := checkHealthTiming(t); err != nil {
		return err
	}
	for _, th := range []struct {
		what string
		n    int
	}{{"healthy", t.HealthyThreshold}, {"unhealthy", t.UnhealthyThreshold}} {
		if err := CheckHealthThreshold(th.what, th.n); err != nil {
			return err
		}
	}
	if err := CheckHealthPort(t.Port); err != nil {
		return err
	}
	if err := a.checkHTTPFields(); err != nil {
		return err
	}
	if t == a.From {
		return ErrNoChange
	}
	return nil
}

func checkHealthTiming(t HealthCheck) error {
	iv, to := t.Interval, t.Timeout
	if iv%time.Second != 0 || to%time.Second != 0 {
		return invalid("the health check interval and timeout are whole seconds")
	}
	if err := CheckHealthInterval(iv); err != nil {
		return err
	}
	if err := CheckHealthTimeout(to); err != nil {
		return err
	}
	switch {
	case HTTPHealthCheck(t) && to >= iv:
		return invalid("the health check timeout (%s) must be less than the interval (%s)", seconds(to), seconds(iv))
	case to > iv:
		// A TCP check may time out at its interval, as a Network Load
		// Balancer's did before custom timeouts (docs/aws-facts.md).
		return invalid("the health check timeout (%s) must not be longer than the interval (%s)", seconds(to), seconds(iv))
	}
	return nil
}

// One health check field on its own, as a form checks a field when it is
// left: AWS's range, in the words Validate uses. Validate checks the rule
// between fields (the timeout less than the interval) and the whole.

// CheckHealthInterval checks the seconds between health checks.
func CheckHealthInterval(iv time.Duration) error {
	if iv < MinHealthInterval || iv > MaxHealthInterval {
		return invalid("the health check interval must be %s to %s, not %s", seconds(MinHealthInterval), seconds(MaxHealthInterval), seconds(iv))
	}
	return nil
}

// CheckHealthTimeout checks how long a health check waits for an answer.
func CheckHealthTimeout(to time.Duration) error {
	if to < MinHealthTimeout || to > MaxHealthTimeout {
		return invalid("the health check timeout must be %s to %s, not %s", seconds(MinHealthTimeout), seconds(MaxHealthTimeout), seconds(to))
	}
	return nil
}

// CheckHealthThreshold checks the healthy or unhealthy (what) threshold.
func CheckHealthThreshold(what string, n int) error {
	if n < MinHealthThreshold || n > MaxHealthThreshold {
		return invalid("the %s threshold must be %d to %d checks, not %d", what, MinHealthThreshold, MaxHealthThreshold, n)
	}
	return nil
}

// CheckHealthPort checks the port a health check goes to.
func CheckHealthPort(p string) error {
	if p == "" || p == "traffic-port" {
		return nil
	}
	if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
		return invalid("the health check port must be traffic-port or 1 to 65535, not %q", p)
	}
	return nil
}

// CheckHealthPath checks an HTTP(S) health check's path.
func CheckHealthPath(p string) error {
	switch {
	case !strings.HasPrefix(p, "/"):
		return invalid("the health check path must start with /, not %q", p)
	case len(p) > maxHealthPath:
		return invalid("the health check path is %d characters, more than the %d AWS allows", len(p), maxHealthPath)
	}
	return nil
}

// CheckSuccessCodes checks the HTTP codes an HTTP(S) health check of a
// target group of protocol takes for healthy.
func CheckSuccessCodes(codes, protocol string) error {
	lo, hi, lb := 200, 499, "an application load balancer"
	if !isALBProtocol(protocol) {
		hi, lb = 599, "a network load balancer"
	}
	return checkMatcher(codes, lo, hi, lb)
}

// checkHTTPFields: the path and the success codes belong to HTTP(S)
// health checks only, within the codes the load balancer accepts.
func (a EditHealthCheck) checkHTTPFields() error {
	t := a.To
	if !HTTPHealthCheck(t) {
		if t.Path != a.From.Path || t.Matcher != a.From.Matcher {
			return invalid("a %s health check has no path or success codes", t.Protocol)
		}
		return nil
	}
	if err := CheckHealthPath(t.Path); err != nil {
		return err
	}
	if t.Matcher == "" && a.From.Matcher == "" {
		return nil // gRPC codes, which hoist neither reads nor sends
	}
	return CheckSuccessCodes(t.Matcher, a.Protocol)
}

// checkMatcher accepts HTTP codes like 200, 200-399 or 200,302, each
// within lo..hi.
func checkMatcher(m string, lo, hi int, lb string) error {
	bad := invalid("success codes %q are not valid: give codes like 200, 200-399 or 200,302", m)
	if m == "" {
		return bad
	}
	for _, part := range strings.Split(m, ",") {
		a, b, isRange := strings.Cut(part, "-")
		from, err1 := strconv.Atoi(a)
		to, err2 := from, error(nil)
		if isRange {
			to, err2 = strconv.Atoi(b)
		}
		if err1 != nil || err2 != nil || len(a) != 3 || isRange && (len(b) != 3 || to <= from) {
			return bad
		}
		if from < lo || to > hi {
			return invalid("success codes %q are outside %d-%d, what %s accepts", m, lo, hi, lb)
		}
	}
	return nil
}

func (a EditHealthCheck) check(cur Current) error {
	tg, err := cur.targetGroup(a.TargetGroup, a.Name)
	if err != nil {
		return err
	}
	if tg.HealthCheck != a.From {
		return &ConflictError{What: "the health check of " + a.Name, Saw: healthString(a.From), Now: healthString(tg.HealthCheck)}
	}
	return nil
}

// healthString is a health check in one line, for a conflict.
func healthString(h HealthCheck) string {
	s := fmt.Sprintf("%s port %s every %s, timeout %s, healthy %d, unhealthy %d",
		h.Protocol, h.Port, seconds(h.Interval), seconds(h.Timeout), h.HealthyThreshold, h.UnhealthyThreshold)
	if HTTPHealthCheck(h) {
		s += fmt.Sprintf(", path %s, codes %s", h.Path, h.Matcher)
	}
	return s
}

func seconds(d time.Duration) string { return fmt.Sprintf("%ds", int(d/time.Second)) }

// --- attributes ---

// attrRule is how hoist checks one target group attribute it changes.
type attrRule struct {
	alb, nlb bool     // which load balancers' target groups have it
	values   []string // the accepted values, or
	lo, hi   int      // an integer range when values is nil
	zero     bool     // 0 is accepted below lo (slow start: off)
}

// attrRules are the attributes the console changes: algorithm, stickiness,
// deregistration delay and slow start. Others are refused.
var attrRules = map[string]attrRule{
	"deregistration_delay.timeout_seconds":   {alb: true, nlb: true, lo: 0, hi: 3600},
	"stickiness.enabled":                     {alb: true, nlb: true, values: []string{"true", "false"}},
	"stickiness.type":                        {alb: true, nlb: true, values: []string{"lb_cookie", "app_cookie"}},
	"stickiness.lb_cookie.duration_seconds":  {alb: true, lo: 1, hi: 604800},
	"stickiness.app_cookie.duration_seconds": {alb: true, lo: 1, hi: 604800},
	"load_balancing.algorithm.type":          {alb: true, values: []string{"round_robin", "least_outstanding_requests", "weighted_random"}},
	"slow_start.duration_seconds":            {alb: true, lo: 30, hi: 900, zero: true},
}

// nlbStickiness is the one stickiness type a network load balancer has.
const nlbStickiness = "source_ip"

// EditAttributes sets target group attributes (ModifyTargetGroupAttributes)
// to absolute values. Only the keys in To are sent, and only those are
// compared with what AWS holds.
type EditAttributes struct {
	TargetGroup string // ARN
	Name        string
	Protocol    string            // the target group's protocol
	From, To    map[string]string // From: To's keys as the operator saw them
}

func (a EditAttributes) Kind() Kind        { return KindEditAttributes }
func (a EditAttributes) GroupName() string { return "" }
func (a EditAttributes) Target() string    { return tgTarget(a.Name) }
func (a EditAttributes) Mutating() bool    { return true }
func (a EditAttributes) Precondition() Ref {
	return Ref{Kind: RefTargetGroupAttributes, Name: a.TargetGroup}
}
func (a EditAttributes) Before() string { return sideOf(a.Changes(), false) }
func (a EditAttributes) After() string  { return sideOf(a.Changes(), true) }

func (a EditAttributes) Changes() []FieldChange {
	var cs []FieldChange
	for _, k := range slices.Sorted(maps.Keys(a.To)) {
		cs = changed(cs, k, a.From[k], a.To[k])
	}
	return cs
}

func (a EditAttributes) validate() error {
	if err := checkName("target group", a.TargetGroup); err != nil {
		return err
	}
	if len(a.To) == 0 {
		return invalid("name at least one attribute")
	}
	for _, k := range slices.Sorted(maps.Keys(a.To)) {
		if err := checkAttr(a.Protocol, k, a.To[k]); err != nil {
			return err
		}
	}
	if len(a.Changes()) == 0 {
		return ErrNoChange
	}
	return nil
}

// CheckAttribute checks one target group attribute hoist changes, on a
// target group of protocol: a key it changes there, and a value AWS takes.
func CheckAttribute(protocol, key, value string) error { return checkAttr(protocol, key, value) }

// CheckAttributeSet checks the rules AWS enforces between a target
// group's attributes, on all of them as a change would leave them (cur
// with to over it): stickiness and the weighted random algorithm exclude
// each other, and app_cookie stickiness needs a cookie name, which hoist
// does not set.
func CheckAttributeSet(cur, to map[string]string) error {
	next := maps.Clone(cur)
	if next == nil {
		next = map[string]string{}
	}
	maps.Copy(next, to)
	sticky := next["stickiness.enabled"] == "true"
	switch {
	case sticky && next["load_balancing.algorithm.type"] == "weighted_random":
		return invalid("stickiness and the weighted random algorithm cannot both be on: AWS refuses the pair; turn stickiness off or choose another algorithm")
	case sticky && next["stickiness.type"] == "app_cookie" && next["stickiness.app_cookie.cookie_name"] == "":
		return invalid("app_cookie stickiness needs the application's cookie name, which hoist does not set: use lb_cookie, or name the cookie with the aws CLI first")
	}
	return nil
}

func checkAttr(protocol, k, v string) error {
	r, ok := attrRules[k]
	alb := isALBProtocol(protocol)
	if !ok || alb && !r.alb || !alb && !r.nlb {
		return invalid("hoist does not change %q on a %s target group; it changes %s", k, protocol, strings.Join(attrKeys(alb), ", "))
	}
	if k == "stickiness.type" && !alb {
		r.values = []string{nlbStickiness}
	}
	if r.values != nil {
		if !slices.Contains(r.values, v) {
			return invalid("%s must be %s, not %q", k, strings.Join(r.values, " or "), v)
		}
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || (n < r.lo || n > r.hi) && !(r.zero && n == 0) {
		off := ""
		if r.zero {
			off = " (0 turns it off)"
		}
		return invalid("%s must be a whole number from %d to %d%s, not %q", k, r.lo, r.hi, off, v)
	}
	return nil
}

// AttributeKeys lists the target group attributes hoist changes, for an
// application load balancer's target groups (alb) or a network one's.
func AttributeKeys(alb bool) []string { return attrKeys(alb) }

func attrKeys(alb bool) []string {
	var out []string
	for k, r := range attrRules {
		if alb && r.alb || !alb && r.nlb {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func (a EditAttributes) check(cur Current) error {
	tg, err := cur.targetGroup(a.TargetGroup, a.Name)
	if err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(a.To)) {
		if now := tg.Attributes[k]; now != a.From[k] {
			return &ConflictError{What: k + " of " + a.Name, Saw: a.From[k], Now: now}
		}
	}
	return nil
}

// --- targets ---

// RegisterTargets registers instances with a target group.
type RegisterTargets struct {
	TargetGroup string // ARN
	Name        string
	Instances   []string
	Port        int      // 0: the target group's port
	From        []string // of Instances, those registered when the operator looked
}

func (a RegisterTargets) Kind() Kind        { return KindRegister }
func (a RegisterTargets) GroupName() string { return "" }
func (a RegisterTargets) Target() string    { return tgTarget(a.Name) }
func (a RegisterTargets) Mutating() bool    { return true }
func (a RegisterTargets) Precondition() Ref {
	return Ref{Kind: RefTargets, Name: a.TargetGroup}
}
func (a RegisterTargets) Before() string { return sideOf(a.Changes(), false) }
func (a RegisterTargets) After() string  { return sideOf(a.Changes(), true) }
func (a RegisterTargets) Changes() []FieldChange {
	var cs []FieldChange
	for _, id := range a.Send() {
		cs = append(cs, FieldChange{Field: "target " + id, Before: "not registered", After: "registered"})
	}
	return cs
}

// Send is the instances to register: those not registered already.
func (a RegisterTargets) Send() []string {
	return slices.DeleteFunc(slices.Clone(a.Instances), func(id string) bool { return slices.Contains(a.From, id) })
}

func (a RegisterTargets) validate() error {
	if err := validateTargets(a.TargetGroup, a.Instances, a.Port); err != nil {
		return err
	}
	if len(a.Send()) == 0 {
		return ErrNoChange
	}
	return nil
}

func (a RegisterTargets) check(cur Current) error {
	return checkRegistered(cur, a.TargetGroup, a.Name, a.Instances, a.From)
}

// DeregisterTargets takes instances out of a target group; each drains for
// the target group's deregistration delay first.
type DeregisterTargets struct {
	TargetGroup string // ARN
	Name        string
	Instances   []string
	From        []string      // of Instances, those registered when the operator looked
	Delay       time.Duration // the deregistration delay, as seen
}

func (a DeregisterTargets) Kind() Kind        { return KindDeregister }
func (a DeregisterTargets) GroupName() string { return "" }
func (a DeregisterTargets) Target() string    { return tgTarget(a.Name) }
func (a DeregisterTargets) Mutating() bool    { return true }
func (a DeregisterTargets) Precondition() Ref {
	return Ref{Kind: RefTargets, Name: a.TargetGroup}
}
func (a DeregisterTargets) Before() string { return sideOf(a.Changes(), false) }
func (a DeregisterTargets) After() string  { return sideOf(a.Changes(), true) }
func (a DeregisterTargets) Changes() []FieldChange {
	var cs []FieldChange
	for _, id := range a.Send() {
		cs = append(cs, FieldChange{Field: "target " + id, Before: "registered",
			After: "deregistered after draining up to " + ShortDuration(a.Delay)})
	}
	return cs
}

// Send is the instances to deregister: those registered.
func (a DeregisterTargets) Send() []string {
	return slices.DeleteFunc(slices.Clone(a.Instances), func(id string) bool { return !slices.Contains(a.From, id) })
}

func (a DeregisterTargets) validate() error {
	if err := validateTargets(a.TargetGroup, a.Instances, 0); err != nil {
		return err
	}
	if len(a.Send()) == 0 {
		return ErrNoChange
	}
	return nil
}

func (a DeregisterTargets) check(cur Current) error {
	return checkRegistered(cur, a.TargetGroup, a.Name, a.Instances, a.From)
}

func validateTargets(tg string, ids []string, port int) error {
	if err := checkName("target group", tg); err != nil {
		return err
	}
	if len(ids) == 0 {
		return invalid("name at least one instance")
	}
	for _, id := range ids {
		if err := checkName("instance", id); err != nil {
			return err
		}
	}
	if port < 0 || port > 65535 {
		return invalid("port %d is not a port (1 to 65535)", port)
	}
	return nil
}

// Registered reports whether a target counts as registered: present and
// not on its way out.
func Registered(t Target) bool {
	return t.State != TargetDraining && t.State != TargetUnhealthyDraining
}

// checkRegistered conflicts when one of the named instances was
// registered or deregistered since the operator looked.
func checkRegistered(cur Current, arn, name string, ids, saw []string) error {
	tg, err := cur.targetGroup(arn, name)
	if err != nil {
		return err
	}
	for _, id := range ids {
		now := slices.ContainsFunc(tg.Targets, func(t Target) bool { return t.ID == id && Registered(t) })
		if was := slices.Contains(saw, id); was != now {
			return &ConflictError{What: "registration of " + id + " in " + name, Saw: registeredString(was), Now: registeredString(now)}
		}
	}
	return nil
}

func registeredString(on bool) string {
	if on {
		return "registered"
	}
	return "not registered"
}
