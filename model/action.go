package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Kind names an action in the journal and in key bindings.
type Kind string

// The actions an operator can take.
const (
	KindSetDesired    Kind = "set-desired"
	KindSetLimits     Kind = "set-limits"
	KindSuspend       Kind = "suspend-processes"
	KindResume        Kind = "resume-processes"
	KindEditPolicy    Kind = "put-policy"
	KindDeletePolicy  Kind = "delete-policy"
	KindExecutePolicy Kind = "execute-policy"
	KindSetHealth     Kind = "set-instance-health"
	KindTerminate     Kind = "terminate-instance"
	KindEnterStandby  Kind = "enter-standby"
	KindExitStandby   Kind = "exit-standby"
	KindAcknowledge   Kind = "acknowledge-alert"
	KindMuteAlarm     Kind = "mute-alarm"
)

// Action is one change an operator asked for. Every action is absolute: it
// names the state it wants ("desired 12"), never a step ("+2"), and carries
// the state the operator saw so that a concurrent change is caught before
// anything is sent.
type Action interface {
	Kind() Kind
	// GroupName is the group the action concerns; "" for alarm actions.
	GroupName() string
	// Target names what changes: a group, "group/instance", "group/policy"
	// or an alarm.
	Target() string
	// Mutating reports whether the action changes AWS. Acknowledging an
	// alert only writes the journal.
	Mutating() bool
	// Before and After describe the state seen and the state asked for,
	// e.g. "desired 4" and "desired 5".
	Before() string
	After() string

	// validate applies the rules that need no current state.
	validate() error
	// check compares what the operator saw with the group as it is now.
	check(now *Group) error
}

// ErrReadOnly is returned for any mutating action in read-only mode.
var ErrReadOnly = errors.New("read-only mode: no change was sent (hoist was started with --read-only)")

// ErrNoChange is returned when an action asks for the state that already
// holds. Callers treat it as success with nothing to do.
var ErrNoChange = errors.New("nothing to change")

// ValidationError is an action that breaks a rule, with a sentence saying
// which and how to fix it.
type ValidationError struct{ Msg string }

func (e *ValidationError) Error() string { return e.Msg }

func invalid(format string, args ...any) error {
	return &ValidationError{Msg: fmt.Sprintf(format, args...)}
}

// ConflictError says the state changed between the operator's look and the
// moment of sending; nothing was sent.
type ConflictError struct {
	What     string // "desired", "min/desired/max", "health of i-0abc", ...
	Saw, Now string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s changed from %s to %s since you looked; nothing was sent: review and try again",
		e.What, e.Saw, e.Now)
}

// Validate applies the rules of a: read-only forbids every mutating action,
// and each action's own bounds. It needs no IO.
func Validate(a Action, readOnly bool) error {
	if readOnly && a.Mutating() {
		return ErrReadOnly
	}
	return a.validate()
}

// CheckCurrent compares the state the operator saw, carried in a, with the
// group as just re-read. A *ConflictError means someone or something else
// changed it; an unknown instance or policy is a ValidationError.
func CheckCurrent(a Action, now *Group) error {
	if a.GroupName() != "" && now == nil {
		return invalid("group %q no longer exists", a.GroupName())
	}
	return a.check(now)
}

// Summary is the one-line change a confirm dialog and the journal show,
// e.g. "web-prod: desired 4 → 5".
func Summary(a Action) string {
	return a.Target() + ": " + Change(a.Before(), a.After())
}

// Change renders before → after, folding a shared leading word:
// "desired 4" and "desired 5" become "desired 4 → 5".
func Change(before, after string) string {
	bw, bv, bok := strings.Cut(before, " ")
	aw, av, aok := strings.Cut(after, " ")
	if bok && aok && bw == aw && !strings.Contains(bv, " ") && !strings.Contains(av, " ") {
		return before + " → " + av
	}
	return before + " → " + after
}

// CostDelta is the change in hourly cost the action causes once it has
// taken effect, at the group's current unit price.
func CostDelta(a Action, g *Group, p Prices) float64 {
	if g == nil {
		return 0
	}
	unit := UnitPrice(g, p)
	switch a := a.(type) {
	case SetDesired:
		return float64(a.To().Desired-a.From.Desired) * unit
	case SetLimits:
		return float64(a.To.Desired-a.From.Desired) * unit
	case TerminateInstance:
		if a.Decrement {
			if in, ok := g.Instance(a.Instance); ok {
				if v, ok := p.InstancePrice(in); ok {
					return -v
				}
			}
			return -unit
		}
	}
	return 0
}

// --- capacity ---

// MaxCapacity bounds every capacity hoist sends. The API takes 32-bit
// integers; a fat-fingered value must be refused, never wrapped.
const MaxCapacity = 100_000

// CheckCapacity refuses a capacity below zero or above MaxCapacity; what
// names it in the sentence ("desired -1 is negative").
func CheckCapacity(what string, n int) error {
	switch {
	case n < 0:
		return invalid("%s %d is negative", what, n)
	case n > MaxCapacity:
		return invalid("%s %d is above %d, the most hoist will send", what, n, MaxCapacity)
	}
	return nil
}

// SetDesired sets a group's desired capacity to an absolute value. With
// AdjustLimits, a value outside [min, max] moves the nearer limit too.
type SetDesired struct {
	Group         string
	From          Capacity // as the operator saw it
	Desired       int
	AdjustLimits  bool
	HonorCooldown bool
}

func (a SetDesired) Kind() Kind        { return KindSetDesired }
func (a SetDesired) GroupName() string { return a.Group }
func (a SetDesired) Target() string    { return a.Group }
func (a SetDesired) Mutating() bool    { return true }

// To is the capacity the group will have.
func (a SetDesired) To() Capacity {
	c := a.From
	c.Desired = a.Desired
	if a.AdjustLimits {
		c.Max = max(c.Max, a.Desired)
		c.Min = min(c.Min, a.Desired)
	}
	return c
}

// ChangesLimits reports whether the action moves min or max as well.
func (a SetDesired) ChangesLimits() bool {
	to := a.To()
	return to.Min != a.From.Min || to.Max != a.From.Max
}

func (a SetDesired) Before() string {
	if a.ChangesLimits() {
		return capacityString(a.From)
	}
	return fmt.Sprintf("desired %d", a.From.Desired)
}

func (a SetDesired) After() string {
	if a.ChangesLimits() {
		return capacityString(a.To())
	}
	return fmt.Sprintf("desired %d", a.Desired)
}

func (a SetDesired) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	if err := CheckCapacity("desired", a.Desired); err != nil {
		return err
	}
	switch {
	case a.Desired > a.From.Max && !a.AdjustLimits:
		return invalid("desired %d is above max %d: raise max first", a.Desired, a.From.Max)
	case a.Desired < a.From.Min && !a.AdjustLimits:
		return invalid("desired %d is below min %d: lower min first", a.Desired, a.From.Min)
	case a.To() == a.From:
		return ErrNoChange
	}
	return nil
}

func (a SetDesired) check(now *Group) error {
	if now.Capacity != a.From {
		if now.Min == a.From.Min && now.Max == a.From.Max {
			return &ConflictError{What: "desired", Saw: itoa(a.From.Desired), Now: itoa(now.Desired)}
		}
		return &ConflictError{What: "min/desired/max", Saw: capacityString(a.From), Now: capacityString(now.Capacity)}
	}
	return nil
}

// SetLimits sets min, desired and max together.
type SetLimits struct {
	Group    string
	From, To Capacity
}

func (a SetLimits) Kind() Kind        { return KindSetLimits }
func (a SetLimits) GroupName() string { return a.Group }
func (a SetLimits) Target() string    { return a.Group }
func (a SetLimits) Mutating() bool    { return true }
func (a SetLimits) Before() string    { return capacityString(a.From) }
func (a SetLimits) After() string     { return capacityString(a.To) }

func (a SetLimits) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	t := a.To
	for _, c := range []struct {
		what string
		n    int
	}{{"min", t.Min}, {"desired", t.Desired}, {"max", t.Max}} {
		if err := CheckCapacity(c.what, c.n); err != nil {
			return err
		}
	}
	switch {
	case t.Min > t.Max:
		return invalid("min %d is above max %d", t.Min, t.Max)
	case t.Desired > t.Max:
		return invalid("desired %d is above max %d", t.Desired, t.Max)
	case t.Desired < t.Min:
		return invalid("desired %d is below min %d", t.Desired, t.Min)
	case t == a.From:
		return ErrNoChange
	}
	return nil
}

func (a SetLimits) check(now *Group) error {
	if now.Capacity != a.From {
		return &ConflictError{What: "min/desired/max", Saw: capacityString(a.From), Now: capacityString(now.Capacity)}
	}
	return nil
}

func capacityString(c Capacity) string {
	return fmt.Sprintf("min %d desired %d max %d", c.Min, c.Desired, c.Max)
}

func itoa(n int) string { return fmt.Sprint(n) }

// --- processes ---

// SuspendProcesses suspends Auto Scaling processes on a group.
type SuspendProcesses struct {
	Group     string
	Processes []string
	From      []string // suspended as the operator saw it
}

func (a SuspendProcesses) Kind() Kind        { return KindSuspend }
func (a SuspendProcesses) GroupName() string { return a.Group }
func (a SuspendProcesses) Target() string    { return a.Group }
func (a SuspendProcesses) Mutating() bool    { return true }
func (a SuspendProcesses) Before() string    { return processesString(a.From) }
func (a SuspendProcesses) After() string {
	return processesString(union(a.From, a.Processes))
}
func (a SuspendProcesses) validate() error {
	return validateProcesses(a.Group, a.Processes, a.From, true)
}
func (a SuspendProcesses) check(now *Group) error {
	return checkProcesses(a.Processes, a.From, now.Suspended)
}

// ResumeProcesses resumes suspended Auto Scaling processes on a group.
type ResumeProcesses struct {
	Group     string
	Processes []string
	From      []string
}

func (a ResumeProcesses) Kind() Kind        { return KindResume }
func (a ResumeProcesses) GroupName() string { return a.Group }
func (a ResumeProcesses) Target() string    { return a.Group }
func (a ResumeProcesses) Mutating() bool    { return true }
func (a ResumeProcesses) Before() string    { return processesString(a.From) }
func (a ResumeProcesses) After() string {
	var left []string
	for _, p := range a.From {
		if !slices.Contains(a.Processes, p) {
			left = append(left, p)
		}
	}
	return processesString(left)
}
func (a ResumeProcesses) validate() error {
	return validateProcesses(a.Group, a.Processes, a.From, false)
}
func (a ResumeProcesses) check(now *Group) error {
	return checkProcesses(a.Processes, a.From, now.Suspended)
}

func validateProcesses(group string, ps, from []string, suspend bool) error {
	if err := checkName("group", group); err != nil {
		return err
	}
	if len(ps) == 0 {
		return invalid("name at least one process")
	}
	changes := false
	for _, p := range ps {
		if !IsProcess(p) {
			return invalid("unknown process %q: the processes are %s", p, strings.Join(processes, ", "))
		}
		if slices.Contains(from, p) != suspend {
			changes = true
		}
	}
	if !changes {
		return ErrNoChange
	}
	return nil
}

// checkProcesses conflicts only when one of the named processes changed
// state: other processes are not the operator's concern here.
func checkProcesses(named, saw, now []string) error {
	for _, p := range named {
		if slices.Contains(saw, p) != slices.Contains(now, p) {
			return &ConflictError{What: "suspended processes", Saw: processesString(saw), Now: processesString(now)}
		}
	}
	return nil
}

func processesString(ps []string) string {
	if len(ps) == 0 {
		return "none suspended"
	}
	s := slices.Clone(ps)
	slices.Sort(s)
	return "suspended " + strings.Join(s, ",")
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// --- policies ---

// PolicySettings are the parts of a policy an operator edits.
type PolicySettings struct {
	Enabled        bool
	TargetValue    float64 // target tracking only
	DisableScaleIn bool    // target tracking only
}

// SettingsOf returns the editable settings of p.
func SettingsOf(p Policy) PolicySettings {
	s := PolicySettings{Enabled: p.Enabled}
	if p.Target != nil {
		s.TargetValue = p.Target.Value
		s.DisableScaleIn = p.Target.DisableScaleIn
	}
	return s
}

// EditPolicy re-sends a policy with new settings (PutScalingPolicy carries
// the whole policy; the adapter starts from the policy as AWS holds it).
type EditPolicy struct {
	Group    string
	Policy   string
	Type     string
	Metric   string // target-tracking metric, for the range check
	From, To PolicySettings
}

func (a EditPolicy) Kind() Kind        { return KindEditPolicy }
func (a EditPolicy) GroupName() string { return a.Group }
func (a EditPolicy) Target() string    { return a.Group + "/" + a.Policy }
func (a EditPolicy) Mutating() bool    { return true }
func (a EditPolicy) Before() string    { return a.settingsString(a.From) }
func (a EditPolicy) After() string     { return a.settingsString(a.To) }

func (a EditPolicy) settingsString(s PolicySettings) string {
	parts := []string{"disabled"}
	if s.Enabled {
		parts[0] = "enabled"
	}
	if a.Type == PolicyTargetTracking {
		parts = append(parts, "target "+formatFloat(s.TargetValue))
		if s.DisableScaleIn {
			parts = append(parts, "scale-in off")
		} else {
			parts = append(parts, "scale-in on")
		}
	}
	return strings.Join(parts, ", ")
}

func (a EditPolicy) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	if err := checkName("policy", a.Policy); err != nil {
		return err
	}
	if a.Type != PolicyTargetTracking && (a.To.TargetValue != a.From.TargetValue || a.To.DisableScaleIn != a.From.DisableScaleIn) {
		return invalid("only target-tracking policies have a target value and scale-in setting")
	}
	if a.Type == PolicyTargetTracking {
		v := a.To.TargetValue
		switch {
		case v <= 0:
			return invalid("target value %s must be above 0", formatFloat(v))
		case PercentMetric(a.Metric) && v > 100:
			return invalid("target value %s is above 100 for %s, a percentage", formatFloat(v), a.Metric)
		}
	}
	if a.To == a.From {
		return ErrNoChange
	}
	return nil
}

func (a EditPolicy) check(now *Group) error {
	p, ok := now.Policy(a.Policy)
	if !ok {
		return invalid("policy %q no longer exists on %s", a.Policy, a.Group)
	}
	if cur := SettingsOf(p); cur != a.From {
		return &ConflictError{What: "policy " + a.Policy, Saw: a.settingsString(a.From), Now: a.settingsString(cur)}
	}
	return nil
}

// DeletePolicy deletes a scaling policy (and, for target tracking, the
// alarms AWS made for it).
type DeletePolicy struct {
	Group, Policy, Type string
}

func (a DeletePolicy) Kind() Kind        { return KindDeletePolicy }
func (a DeletePolicy) GroupName() string { return a.Group }
func (a DeletePolicy) Target() string    { return a.Group + "/" + a.Policy }
func (a DeletePolicy) Mutating() bool    { return true }
func (a DeletePolicy) Before() string    { return "policy " + a.Policy + " (" + a.Type + ")" }
func (a DeletePolicy) After() string     { return "deleted" }
func (a DeletePolicy) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	return checkName("policy", a.Policy)
}
func (a DeletePolicy) check(now *Group) error {
	if _, ok := now.Policy(a.Policy); !ok {
		return invalid("policy %q no longer exists on %s", a.Policy, a.Group)
	}
	return nil
}

// ExecutePolicy runs a simple or step scaling policy once. The policy's
// adjustment is relative, so the adapter never retries it: the conflict
// check on desired capacity and a single send are what keep it from being
// applied twice.
type ExecutePolicy struct {
	Group, Policy, Type string
	From                Capacity
	// MetricValue and Threshold are required by step scaling, to choose
	// the step.
	MetricValue, Threshold *float64
	HonorCooldown          bool
}

func (a ExecutePolicy) Kind() Kind        { return KindExecutePolicy }
func (a ExecutePolicy) GroupName() string { return a.Group }
func (a ExecutePolicy) Target() string    { return a.Group + "/" + a.Policy }
func (a ExecutePolicy) Mutating() bool    { return true }
func (a ExecutePolicy) Before() string    { return fmt.Sprintf("desired %d", a.From.Desired) }
func (a ExecutePolicy) After() string     { return "policy " + a.Policy + " executed once" }
func (a ExecutePolicy) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	if err := checkName("policy", a.Policy); err != nil {
		return err
	}
	switch a.Type {
	case PolicySimple:
	case PolicyStep:
		if a.MetricValue == nil {
			return invalid("a step scaling policy needs a metric value to pick its step")
		}
	default:
		return invalid("only simple and step scaling policies can be executed; %s is %s", a.Policy, a.Type)
	}
	return nil
}
func (a ExecutePolicy) check(now *Group) error {
	if _, ok := now.Policy(a.Policy); !ok {
		return invalid("policy %q no longer exists on %s", a.Policy, a.Group)
	}
	if now.Desired != a.From.Desired {
		return &ConflictError{What: "desired", Saw: itoa(a.From.Desired), Now: itoa(now.Desired)}
	}
	return nil
}

// --- instances ---

// SetInstanceHealth marks an instance Healthy or Unhealthy.
type SetInstanceHealth struct {
	Group, Instance string
	From, Health    string // Healthy or Unhealthy
	RespectGrace    bool
}

func (a SetInstanceHealth) Kind() Kind        { return KindSetHealth }
func (a SetInstanceHealth) GroupName() string { return a.Group }
func (a SetInstanceHealth) Target() string    { return a.Group + "/" + a.Instance }
func (a SetInstanceHealth) Mutating() bool    { return true }
func (a SetInstanceHealth) Before() string    { return strings.ToLower(a.From) }
func (a SetInstanceHealth) After() string     { return strings.ToLower(a.Health) }
func (a SetInstanceHealth) validate() error {
	if err := checkName("instance", a.Instance); err != nil {
		return err
	}
	if a.Health != "Healthy" && a.Health != HealthUnhealthy {
		return invalid("health must be Healthy or Unhealthy, not %q", a.Health)
	}
	if a.Health == a.From {
		return ErrNoChange
	}
	return nil
}
func (a SetInstanceHealth) check(now *Group) error {
	in, err := instanceOf(now, a.Instance)
	if err != nil {
		return err
	}
	if in.Health != a.From {
		return &ConflictError{What: "health of " + a.Instance, Saw: a.From, Now: in.Health}
	}
	return nil
}

// TerminateInstance terminates one instance, optionally lowering desired
// capacity so that it is not replaced.
type TerminateInstance struct {
	Group, Instance string
	Decrement       bool
	From            Capacity
}

func (a TerminateInstance) Kind() Kind        { return KindTerminate }
func (a TerminateInstance) GroupName() string { return a.Group }
func (a TerminateInstance) Target() string    { return a.Group + "/" + a.Instance }
func (a TerminateInstance) Mutating() bool    { return true }
func (a TerminateInstance) Before() string {
	return fmt.Sprintf("running, desired %d", a.From.Desired)
}
func (a TerminateInstance) After() string {
	if a.Decrement {
		return fmt.Sprintf("terminated, desired %d", a.From.Desired-1)
	}
	return fmt.Sprintf("terminated and replaced, desired %d", a.From.Desired)
}
func (a TerminateInstance) validate() error {
	if err := checkName("instance", a.Instance); err != nil {
		return err
	}
	if a.Decrement && a.From.Desired-1 < a.From.Min {
		return invalid("terminating %s and lowering desired would take it below min %d: terminate without decrement, or lower min first",
			a.Instance, a.From.Min)
	}
	return nil
}
func (a TerminateInstance) check(now *Group) error {
	in, err := instanceOf(now, a.Instance)
	if err != nil {
		return err
	}
	if strings.HasPrefix(in.Lifecycle, StateTerminating) {
		return &ConflictError{What: "state of " + a.Instance, Saw: "running", Now: in.Lifecycle}
	}
	if a.Decrement && now.Desired != a.From.Desired {
		return &ConflictError{What: "desired", Saw: itoa(a.From.Desired), Now: itoa(now.Desired)}
	}
	return nil
}

// EnterStandby moves an InService instance to Standby.
type EnterStandby struct {
	Group, Instance string
	Decrement       bool
	From            Capacity
}

func (a EnterStandby) Kind() Kind        { return KindEnterStandby }
func (a EnterStandby) GroupName() string { return a.Group }
func (a EnterStandby) Target() string    { return a.Group + "/" + a.Instance }
func (a EnterStandby) Mutating() bool    { return true }
func (a EnterStandby) Before() string    { return StateInService }
func (a EnterStandby) After() string {
	if a.Decrement {
		return fmt.Sprintf("%s, desired %d", StateStandby, a.From.Desired-1)
	}
	return StateStandby + ", replaced"
}
func (a EnterStandby) validate() error {
	if err := checkName("instance", a.Instance); err != nil {
		return err
	}
	if a.Decrement && a.From.Desired-1 < a.From.Min {
		return invalid("standby with decrement would take desired below min %d", a.From.Min)
	}
	return nil
}
func (a EnterStandby) check(now *Group) error {
	in, err := instanceOf(now, a.Instance)
	if err != nil {
		return err
	}
	if in.Lifecycle != StateInService {
		return &ConflictError{What: "state of " + a.Instance, Saw: StateInService, Now: in.Lifecycle}
	}
	return nil
}

// ExitStandby returns a Standby instance to service; AWS raises desired by
// one, so the group must have room under max.
type ExitStandby struct {
	Group, Instance string
	From            Capacity
}

func (a ExitStandby) Kind() Kind        { return KindExitStandby }
func (a ExitStandby) GroupName() string { return a.Group }
func (a ExitStandby) Target() string    { return a.Group + "/" + a.Instance }
func (a ExitStandby) Mutating() bool    { return true }
func (a ExitStandby) Before() string    { return StateStandby }
func (a ExitStandby) After() string {
	return fmt.Sprintf("%s, desired %d", StateInService, a.From.Desired+1)
}
func (a ExitStandby) validate() error {
	if err := checkName("instance", a.Instance); err != nil {
		return err
	}
	if a.From.Desired+1 > a.From.Max {
		return invalid("leaving standby raises desired to %d, above max %d: raise max first", a.From.Desired+1, a.From.Max)
	}
	return nil
}
func (a ExitStandby) check(now *Group) error {
	in, err := instanceOf(now, a.Instance)
	if err != nil {
		return err
	}
	if in.Lifecycle != StateStandby {
		return &ConflictError{What: "state of " + a.Instance, Saw: StateStandby, Now: in.Lifecycle}
	}
	return nil
}

func instanceOf(g *Group, id string) (Instance, error) {
	in, ok := g.Instance(id)
	if !ok {
		return Instance{}, invalid("instance %s is no longer in %s", id, g.Name)
	}
	return in, nil
}

// --- alerts ---

// Acknowledge records that an operator has seen an alert. It changes
// nothing in AWS (CloudWatch has no acknowledgement), so read-only allows it.
// It names one firing: if the alert clears and fires again, the new firing
// (a new Since) is not acknowledged.
type Acknowledge struct {
	Alert string    // alert id
	Group string    // "" for an account-wide alert
	Since time.Time // when this firing began
	Text  string
}

// AckTarget is the journal target of an acknowledgement of one firing:
// "group/alert@since". The console matches it to know what is acknowledged.
func AckTarget(group, alert string, since time.Time) string {
	t := alert + "@" + since.UTC().Format(time.RFC3339)
	if group != "" {
		t = group + "/" + t
	}
	return t
}

func (a Acknowledge) Kind() Kind { return KindAcknowledge }

// GroupName is "": an acknowledgement needs no re-read of the group.
func (a Acknowledge) GroupName() string      { return "" }
func (a Acknowledge) Target() string         { return AckTarget(a.Group, a.Alert, a.Since) }
func (a Acknowledge) Mutating() bool         { return false }
func (a Acknowledge) Before() string         { return "firing" }
func (a Acknowledge) After() string          { return "acknowledged" }
func (a Acknowledge) validate() error        { return checkName("alert", a.Alert) }
func (a Acknowledge) check(now *Group) error { return nil }

// MuteAlarm mutes an alarm's actions for a window (PutAlarmMuteRule). The
// alarm keeps evaluating; only its actions are held.
type MuteAlarm struct {
	Alarm string
	For   time.Duration
}

// MaxMute is the longest mute the console offers.
const MaxMute = 7 * 24 * time.Hour

func (a MuteAlarm) Kind() Kind             { return KindMuteAlarm }
func (a MuteAlarm) GroupName() string      { return "" }
func (a MuteAlarm) Target() string         { return a.Alarm }
func (a MuteAlarm) Mutating() bool         { return true }
func (a MuteAlarm) Before() string         { return "actions on" }
func (a MuteAlarm) After() string          { return "actions muted for " + ShortDuration(a.For) }
func (a MuteAlarm) check(now *Group) error { return nil }
func (a MuteAlarm) validate() error {
	if err := checkName("alarm", a.Alarm); err != nil {
		return err
	}
	if a.For < time.Minute || a.For > MaxMute {
		return invalid("mute for between 1 minute and %s, not %s", ShortDuration(MaxMute), ShortDuration(a.For))
	}
	return nil
}

func checkName(what, name string) error {
	if strings.TrimSpace(name) == "" {
		return invalid("no %s named", what)
	}
	return nil
}

func formatFloat(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}
