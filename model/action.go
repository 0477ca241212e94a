package model

import (
	"errors"
	"fmt"
	"strings"
)

// Kind names an action in the journal and in key bindings.
type Kind string

// The actions an operator can take. Each kind is one type in this package
// (action_*.go by family) and one row in the adapter's registry
// (aws/registry.go); nothing else switches on kinds.
const (
	KindSetDesired      Kind = "set-desired"
	KindSetLimits       Kind = "set-limits"
	KindSuspend         Kind = "suspend-processes"
	KindResume          Kind = "resume-processes"
	KindEditPolicy      Kind = "put-policy"
	KindDeletePolicy    Kind = "delete-policy"
	KindExecutePolicy   Kind = "execute-policy"
	KindSetHealth       Kind = "set-instance-health"
	KindTerminate       Kind = "terminate-instance"
	KindEnterStandby    Kind = "enter-standby"
	KindExitStandby     Kind = "exit-standby"
	KindAcknowledge     Kind = "acknowledge-alert"
	KindMuteAlarm       Kind = "mute-alarm"
	KindEditHealthCheck Kind = "modify-health-check"
	KindEditAttributes  Kind = "modify-target-group-attributes"
	KindRegister        Kind = "register-targets"
	KindDeregister      Kind = "deregister-targets"
	KindEditListener    Kind = "modify-listener"
	KindAddCerts        Kind = "add-listener-certificates"
	KindRemoveCerts     Kind = "remove-listener-certificates"

	KindPutPolicy       Kind = "put-scaling-policy"
	KindAttachAlarm     Kind = "attach-alarm"
	KindPutScheduled    Kind = "put-scheduled-action"
	KindDeleteScheduled Kind = "delete-scheduled-action"
	KindStartRefresh    Kind = "start-instance-refresh"
	KindCancelRefresh   Kind = "cancel-instance-refresh"
	KindRollbackRefresh Kind = "rollback-instance-refresh"
	KindCreateVersion   Kind = "create-launch-template-version"
	KindSetLaunch       Kind = "set-launch-template"
	// What configuration files manage (action_config.go).
	KindSetGroupSettings Kind = "update-group-settings"
	KindPutAlarm         Kind = "put-metric-alarm"
	KindTagAlarm         Kind = "tag-alarm"
	KindDeleteAlarm      Kind = "delete-alarm"
	KindPutDashboard     Kind = "put-dashboard"
	KindDeleteDashboard  Kind = "delete-dashboard"
)

// Kinds lists every action kind, for the tests that prove each one is
// wired (the adapter's registry, read-only refusal).
func Kinds() []Kind {
	return []Kind{KindSetDesired, KindSetLimits, KindSuspend, KindResume, KindEditPolicy,
		KindDeletePolicy, KindExecutePolicy, KindSetHealth, KindTerminate, KindEnterStandby,
		KindExitStandby, KindAcknowledge, KindMuteAlarm, KindEditHealthCheck, KindEditAttributes,
		KindRegister, KindDeregister, KindEditListener, KindAddCerts, KindRemoveCerts,
		KindPutPolicy, KindAttachAlarm, KindPutScheduled, KindDeleteScheduled,
		KindStartRefresh, KindCancelRefresh, KindRollbackRefresh, KindCreateVersion, KindSetLaunch,
		KindSetGroupSettings, KindPutAlarm, KindTagAlarm, KindDeleteAlarm, KindPutDashboard, KindDeleteDashboard}
}

// Action is one change an operator asked for. Every action is absolute: it
// names the state it wants ("desired 12"), never a step ("+2"), and carries
// the state the operator saw so that a concurrent change is caught before
// anything is sent.
//
// The adapter carries out any action the same way: Validate (read-only
// first), re-read what Precondition names into a Current, CheckCurrent,
// journal the intent, send once, journal the outcome.
type Action interface {
	Kind() Kind
	// GroupName is the Auto Scaling group the action concerns; "" for
	// actions on alarms and load balancers.
	GroupName() string
	// Target names what changes: a group, "group/instance",
	// "group/policy", an alarm or a target group.
	Target() string
	// Mutating reports whether the action changes AWS. Acknowledging an
	// alert only writes the journal.
	Mutating() bool
	// Precondition names the state the adapter must re-read just before
	// sending; the zero Ref for none.
	Precondition() Ref
	// Changes lists the change field by field, as the operator saw the
	// fields and as the action will leave them.
	Changes() []FieldChange
	// Before and After describe the state seen and the state asked for in
	// one line each, e.g. "desired 4" and "desired 5" (the journal keeps
	// them).
	Before() string
	After() string

	// validate applies the rules that need no current state.
	validate() error
	// check compares what the operator saw with cur, the state the
	// adapter re-read for Precondition.
	check(cur Current) error
}

// FieldChange is one field of an action's change: "desired", "4", "5".
// Before is "" for a field the action creates, After "" for one it removes.
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// RefKind names a kind of state an action re-reads before sending. The
// adapter has one reader per kind; each reader fills one part of Current.
type RefKind string

// The kinds of state the adapter can re-read. A new resource (a listener,
// a scheduled action, a dashboard, an instance refresh, a launch template
// version) adds a kind here, a field to Current and a reader in the
// adapter; the actions on it then check that field.
const (
	RefNone        RefKind = ""             // nothing: the action needs no re-read
	RefGroup       RefKind = "group"        // Current.Group: capacity, instances, processes
	RefPolicy      RefKind = "policy"       // Current.Group, its Policies holding the named policy if it exists
	RefAlarm       RefKind = "alarm"        // Current.Alarm
	RefTargetGroup RefKind = "target-group" // Current.TargetGroup: its health check
	// RefTargetGroupAttributes: Current.TargetGroup with its Attributes.
	RefTargetGroupAttributes RefKind = "target-group-attributes"
	// RefTargets: Current.TargetGroup with its Targets and their health.
	RefTargets RefKind = "targets"
	// RefListener: Current.Listener with its whole certificate list.
	RefListener RefKind = "listener"
	// RefScheduled: Current.Group, its Scheduled holding the named
	// scheduled action if it exists.
	RefScheduled RefKind = "scheduled-action"
	// RefRefresh: Current.Group and Current.Refreshes, its instance
	// refreshes, newest first.
	RefRefresh RefKind = "instance-refresh"
	// RefLaunchTemplate: Current.LaunchTemplate with its versions (Name is
	// the template's id, or "name:" and its name).
	RefLaunchTemplate RefKind = "launch-template"
	// RefLaunch: Current.Group with its launch template and
	// mixed-instances overrides, as UpdateAutoScalingGroup would change.
	RefLaunch RefKind = "launch"
	// RefAlarmConfig: Current.AlarmConfig, the alarm whole with its tags.
	RefAlarmConfig RefKind = "alarm-config"
	// RefDashboard: Current.Dashboard, the body of the named dashboard.
	RefDashboard RefKind = "dashboard"
)

// Ref names the state an action depends on: a kind and the resource's
// identity.
type Ref struct {
	Kind  RefKind `json:"kind,omitempty"`
	Group string  `json:"group,omitempty"` // the Auto Scaling group, for the group's resources
	Name  string  `json:"name,omitempty"`  // the policy, alarm or dashboard name, or the target group's or listener's ARN
}

// Current is the state the adapter re-read for an action's Ref just before
// sending. Only the part the Ref's kind names is filled; nil there means
// the resource no longer exists.
type Current struct {
	Group          *Group
	Alarm          *Alarm
	TargetGroup    *TargetGroup
	Listener       *Listener
	Refreshes      []InstanceRefresh
	LaunchTemplate *LaunchTemplate
	AlarmConfig    *LiveAlarm
	Dashboard      *string
}

func (c Current) group(name string) (*Group, error) {
	if c.Group == nil || c.Group.Name != name {
		return nil, invalid("group %q no longer exists", name)
	}
	return c.Group, nil
}

func (c Current) alarm(name string) (*Alarm, error) {
	if c.Alarm == nil || c.Alarm.Name != name {
		return nil, invalid("alarm %q no longer exists", name)
	}
	return c.Alarm, nil
}

func (c Current) targetGroup(arn, name string) (*TargetGroup, error) {
	if c.TargetGroup == nil || c.TargetGroup.ARN != arn {
		return nil, invalid("target group %s no longer exists", name)
	}
	return c.TargetGroup, nil
}

// ErrReadOnly is returned for any mutating action in read-only mode.
var ErrReadOnly = errors.New("read-only mode: no change was sent (hoist was started with --read-only)")

// ErrNoChange is returned when an action asks for the state that already
// holds. Callers treat it as success with nothing to do.
var ErrNoChange = errors.New("nothing to change")

// ValidationError is an action that breaks a rule, with a sentence saying
// which and how to fix it. Field, when set, is the field at fault in the
// configuration files' naming ("target_tracking.target").
type ValidationError struct {
	Msg   string
	Field string
}

func (e *ValidationError) Error() string { return e.Msg }

func invalid(format string, args ...any) error {
	return &ValidationError{Msg: fmt.Sprintf(format, args...)}
}

// ConflictError says the state changed between the operator's look and the
// moment of sending; nothing was sent.
type ConflictError struct {
	What     string // "desired", "min/desired/max", "health of i-0abc", ...
	Saw, Now string
	// Capacity is the group's capacity now, when the conflict is about
	// it: what a console re-bases the operator's intent on.
	Capacity *Capacity
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

// CheckCurrent compares the state the operator saw, carried in a, with cur
// as just re-read for a.Precondition(). A *ConflictError means someone or
// something else changed it; a resource that no longer exists is a
// *ValidationError.
func CheckCurrent(a Action, cur Current) error {
	return a.check(cur)
}

// Summary is the one-line change a confirm dialog and the journal show,
// e.g. "web-prod: desired 4 → 5".
func Summary(a Action) string {
	return a.Target() + ": " + Change(a.Before(), a.After())
}

// Change renders before → after, folding the words they share when only
// the last differs: "desired 4" and "desired 5" become "desired 4 → 5",
// "health check interval 30s" and "... 10s" "health check interval 30s → 10s".
func Change(before, after string) string {
	i, j := strings.LastIndex(before, " "), strings.LastIndex(after, " ")
	if i > 0 && j > 0 && before[:i] == after[:j] {
		return before + " → " + after[j+1:]
	}
	return before + " → " + after
}

// costed is an action that changes what a group costs.
type costed interface {
	costDelta(g *Group, unit float64, p Prices) float64
}

// CostDelta is the change in hourly cost the action causes once it has
// taken effect, at the group's current unit price; 0 for actions that do
// not change what runs.
func CostDelta(a Action, g *Group, p Prices) float64 {
	c, ok := a.(costed)
	if !ok || g == nil {
		return 0
	}
	return c.costDelta(g, UnitPrice(g, p), p)
}

// changed appends field's change to cs when before and after differ.
func changed(cs []FieldChange, field, before, after string) []FieldChange {
	if before == after {
		return cs
	}
	return append(cs, FieldChange{Field: field, Before: before, After: after})
}

// sideOf renders one side of cs in a line: "interval 30s, path /".
func sideOf(cs []FieldChange, after bool) string {
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		v := c.Before
		if after {
			v = c.After
		}
		parts = append(parts, c.Field+" "+v)
	}
	return strings.Join(parts, ", ")
}

func checkName(what, name string) error {
	if strings.TrimSpace(name) == "" {
		return invalid("no %s named", what)
	}
	return nil
}

func itoa(n int) string { return fmt.Sprint(n) }

func formatFloat(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}
