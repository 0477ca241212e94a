package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// Actions on what configuration files manage beyond capacity, processes
// and policies: a group's settings (UpdateAutoScalingGroup), CloudWatch
// alarms (PutMetricAlarm, TagResource, DeleteAlarms) and hoist's
// dashboards (PutDashboard, DeleteDashboards). Their field changes carry
// the files' field names, so that the plan, the journal and a revert read
// the same.

// --- group settings ---

// GroupSettingsOf is g's health check type, grace period, cooldown and
// termination policies as the files name them.
func GroupSettingsOf(g *Group) GroupSettings {
	tp := g.TerminationPolicies
	if tp == nil {
		tp = []string{}
	}
	return GroupSettings{
		HealthCheckType:         specPtr(g.HealthCheckType),
		HealthCheckGraceSeconds: specPtr(int(g.HealthCheckGrace.Seconds())),
		DefaultCooldownSeconds:  specPtr(int(g.DefaultCooldown.Seconds())),
		TerminationPolicies:     tp,
	}
}

// SetGroupSettings sets a group's health check type, health check grace
// period, default cooldown and termination policies
// (UpdateAutoScalingGroup). To names the fields to set (nil: left as they
// are), each absolute; From is the group's settings as the operator saw
// them, and the fields To sets must still hold them.
type SetGroupSettings struct {
	Group    string
	From, To GroupSettings
}

func (a SetGroupSettings) Kind() Kind        { return KindSetGroupSettings }
func (a SetGroupSettings) GroupName() string { return a.Group }
func (a SetGroupSettings) Target() string    { return a.Group }
func (a SetGroupSettings) Mutating() bool    { return true }
func (a SetGroupSettings) Precondition() Ref { return groupRef(a.Group) }
func (a SetGroupSettings) Before() string    { return sideOf(a.Changes(), false) }
func (a SetGroupSettings) After() string     { return sideOf(a.Changes(), true) }

// Changes are the fields To sets whose values move.
func (a SetGroupSettings) Changes() []FieldChange {
	to := Leaves(a.To)
	return DiffLeaves(OnlyLeaves(Leaves(a.From), to), to)
}

// settingsOnly is s without capacity and processes: what this action sets.
func settingsOnly(s GroupSettings) GroupSettings {
	return GroupSettings{HealthCheckType: s.HealthCheckType, HealthCheckGraceSeconds: s.HealthCheckGraceSeconds,
		DefaultCooldownSeconds: s.DefaultCooldownSeconds, TerminationPolicies: s.TerminationPolicies}
}

func (a SetGroupSettings) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	if !reflect.DeepEqual(settingsOnly(a.To), a.To) {
		return invalid("group settings are the health check type and grace period, the default cooldown and the termination policies; capacity and processes have their own actions")
	}
	if err := a.To.Validate(); err != nil {
		return invalid("%s", err.Error())
	}
	if len(a.Changes()) == 0 {
		return ErrNoChange
	}
	return nil
}

func (a SetGroupSettings) check(cur Current) error {
	g, err := cur.group(a.Group)
	if err != nil {
		return err
	}
	to := Leaves(a.To)
	saw, now := OnlyLeaves(Leaves(a.From), to), OnlyLeaves(Leaves(GroupSettingsOf(g)), to)
	if cs := DiffLeaves(saw, now); len(cs) > 0 {
		return &ConflictError{What: "the settings of " + a.Group, Saw: sideOf(cs, false), Now: sideOf(cs, true)}
	}
	return nil
}

// --- alarms ---

func alarmConfigRef(name string) Ref { return Ref{Kind: RefAlarmConfig, Name: name} }

// alarmNow is the alarm cur holds, nil when it does not exist.
func alarmNow(cur Current, name string) *LiveAlarm {
	if cur.AlarmConfig == nil || cur.AlarmConfig.Name != name {
		return nil
	}
	return cur.AlarmConfig
}

// SameAlarm reports whether two alarms are the same once AWS's defaults
// are filled in.
func SameAlarm(a, b AlarmSpec) bool {
	return len(DiffLeaves(Leaves(a.Normal()), Leaves(b.Normal()))) == 0
}

// PutAlarm creates or updates a CloudWatch metric alarm (PutMetricAlarm,
// which takes the whole alarm). A new alarm is created carrying
// ManagedTag; an update keeps the tags the alarm has (AWS ignores tags on
// an update: adopting an alarm is TagAlarm). From is the alarm as the
// operator saw it, nil when it did not exist.
type PutAlarm struct {
	From *AlarmSpec
	To   AlarmSpec
}

func (a PutAlarm) Kind() Kind        { return KindPutAlarm }
func (a PutAlarm) GroupName() string { return "" }
func (a PutAlarm) Target() string    { return "alarm/" + a.To.Name }
func (a PutAlarm) Mutating() bool    { return true }
func (a PutAlarm) Precondition() Ref { return alarmConfigRef(a.To.Name) }

func (a PutAlarm) Before() string {
	if a.From == nil {
		return "absent"
	}
	return sideOf(a.Changes(), false)
}

func (a PutAlarm) After() string {
	if a.From == nil {
		return "created, tagged " + ManagedTag
	}
	return sideOf(a.Changes(), true)
}

// Changes: every field of a new alarm (and its tag); the fields that move
// on an update.
func (a PutAlarm) Changes() []FieldChange {
	to := Leaves(a.To.Normal())
	if a.From == nil {
		return append(CreatedLeaves(to), FieldChange{Field: "tags." + ManagedTag, Before: Unset, After: "true"})
	}
	return DiffLeaves(Leaves(a.From.Normal()), to)
}

func (a PutAlarm) validate() error {
	if a.To.Absent {
		return invalid("to delete alarm %s, delete it", a.To.Name)
	}
	if err := a.To.Validate(); err != nil {
		return invalid("alarm %s: %s", a.To.Name, err.Error())
	}
	if a.From != nil && a.From.Name != a.To.Name {
		return invalid("an alarm cannot be renamed (%s to %s): create the new one and delete the old", a.From.Name, a.To.Name)
	}
	if a.From != nil && SameAlarm(*a.From, a.To) {
		return ErrNoChange
	}
	return nil
}

func (a PutAlarm) check(cur Current) error {
	now := alarmNow(cur, a.To.Name)
	switch {
	case now != nil && SameAlarm(now.AlarmSpec, a.To):
		return ErrNoChange
	case a.From == nil && now != nil:
		return &ConflictError{What: "alarm " + a.To.Name, Saw: "absent", Now: "created by someone else"}
	case a.From != nil && now == nil:
		return invalid("alarm %s no longer exists", a.To.Name)
	case a.From != nil:
		if cs := DiffLeaves(Leaves(a.From.Normal()), Leaves(now.AlarmSpec.Normal())); len(cs) > 0 {
			return &ConflictError{What: "alarm " + a.To.Name, Saw: sideOf(cs, false), Now: sideOf(cs, true)}
		}
	}
	return nil
}

// TagAlarm adopts an alarm hoist did not create: it tags it ManagedTag
// (TagResource), so that a plan may later update or delete it.
type TagAlarm struct {
	Alarm string
}

func (a TagAlarm) Kind() Kind        { return KindTagAlarm }
func (a TagAlarm) GroupName() string { return "" }
func (a TagAlarm) Target() string    { return "alarm/" + a.Alarm }
func (a TagAlarm) Mutating() bool    { return true }
func (a TagAlarm) Precondition() Ref { return alarmConfigRef(a.Alarm) }
func (a TagAlarm) Before() string    { return "not managed by hoist" }
func (a TagAlarm) After() string     { return "tagged " + ManagedTag }
func (a TagAlarm) Changes() []FieldChange {
	return []FieldChange{{Field: "tags." + ManagedTag, Before: Unset, After: "true"}}
}
func (a TagAlarm) validate() error { return checkName("alarm", a.Alarm) }

func (a TagAlarm) check(cur Current) error {
	now := alarmNow(cur, a.Alarm)
	switch {
	case now == nil:
		return invalid("alarm %s no longer exists", a.Alarm)
	case now.Managed():
		return ErrNoChange
	}
	return nil
}

// DeleteAlarm deletes an alarm hoist manages (DeleteAlarms). An alarm
// without ManagedTag is never deleted, whatever asks: the check refuses
// it on the alarm as just re-read. From is the alarm as the operator saw
// it; the journal keeps every field, so a revert can put it back.
type DeleteAlarm struct {
	From AlarmSpec
}

func (a DeleteAlarm) Kind() Kind        { return KindDeleteAlarm }
func (a DeleteAlarm) GroupName() string { return "" }
func (a DeleteAlarm) Target() string    { return "alarm/" + a.From.Name }
func (a DeleteAlarm) Mutating() bool    { return true }
func (a DeleteAlarm) Precondition() Ref { return alarmConfigRef(a.From.Name) }
func (a DeleteAlarm) Before() string    { return "managed by hoist" }
func (a DeleteAlarm) After() string     { return "deleted" }

// Changes are every field of the alarm, going.
func (a DeleteAlarm) Changes() []FieldChange {
	return DiffLeaves(Leaves(a.From.Normal()), nil)
}

func (a DeleteAlarm) validate() error { return checkName("alarm", a.From.Name) }

func (a DeleteAlarm) check(cur Current) error {
	now := alarmNow(cur, a.From.Name)
	switch {
	case now == nil:
		return ErrNoChange
	case !now.Managed():
		return invalid("alarm %s has no %s tag: hoist deletes only the alarms it manages", a.From.Name, ManagedTag)
	}
	if cs := DiffLeaves(Leaves(a.From.Normal()), Leaves(now.AlarmSpec.Normal())); len(cs) > 0 {
		return &ConflictError{What: "alarm " + a.From.Name, Saw: sideOf(cs, false), Now: sideOf(cs, true)}
	}
	return nil
}

// --- dashboards ---

func dashboardRef(name string) Ref { return Ref{Kind: RefDashboard, Name: name} }

// SameJSON compares two JSON documents by value: CloudWatch may return a
// dashboard body with other spacing or key order than it was given.
func SameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return a == b
	}
	return reflect.DeepEqual(x, y)
}

// DescribeBody sums a dashboard body up: "6 widgets, sha256 1a2b3c4d",
// the digest of its JSON by value, so that the journal tells one body
// from another without holding it.
func DescribeBody(body string) string {
	var doc struct {
		Widgets []json.RawMessage `json:"widgets"`
	}
	if json.Unmarshal([]byte(body), &doc) != nil {
		return "not JSON"
	}
	var v any
	_ = json.Unmarshal([]byte(body), &v)
	canon, _ := json.Marshal(v) // map keys sorted: the same value, the same bytes
	sum := sha256.Sum256(canon)
	return fmt.Sprintf("%d widgets, sha256 %s", len(doc.Widgets), hex.EncodeToString(sum[:4]))
}

// maxDashboardBody is the largest dashboard body CloudWatch takes.
const maxDashboardBody = 1 << 20

// checkDashboard refuses a name hoist does not write and a body that is
// not a dashboard.
func checkDashboard(name, body string) error {
	if !dashboardNameRE.MatchString(name) || !strings.HasPrefix(name, DashboardPrefix) {
		return invalid("dashboard name %q must start with %s and use only letters, digits, - and _: hoist writes no other", name, DashboardPrefix)
	}
	if body == "" {
		return nil
	}
	var doc struct {
		Widgets []json.RawMessage `json:"widgets"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || doc.Widgets == nil {
		return invalid("the body of dashboard %s is not a dashboard (a JSON object with widgets)", name)
	}
	if len(body) > maxDashboardBody {
		return invalid("the body of dashboard %s is %d bytes, more than the %d CloudWatch takes", name, len(body), maxDashboardBody)
	}
	return nil
}

// PutDashboard writes one of hoist's dashboards (PutDashboard, which
// takes the whole body). From is the body the operator saw, nil when the
// dashboard did not exist.
type PutDashboard struct {
	Name string
	From *string
	To   string
}

func (a PutDashboard) Kind() Kind        { return KindPutDashboard }
func (a PutDashboard) GroupName() string { return "" }
func (a PutDashboard) Target() string    { return "dashboard/" + a.Name }
func (a PutDashboard) Mutating() bool    { return true }
func (a PutDashboard) Precondition() Ref { return dashboardRef(a.Name) }
func (a PutDashboard) Before() string    { return a.Changes()[0].Before }
func (a PutDashboard) After() string     { return a.Changes()[0].After }

func (a PutDashboard) Changes() []FieldChange {
	before := Unset
	if a.From != nil {
		before = DescribeBody(*a.From)
	}
	return []FieldChange{{Field: "body", Before: before, After: DescribeBody(a.To)}}
}

func (a PutDashboard) validate() error {
	if a.To == "" {
		return invalid("dashboard %s needs a body", a.Name)
	}
	if err := checkDashboard(a.Name, a.To); err != nil {
		return err
	}
	if a.From != nil && SameJSON(*a.From, a.To) {
		return ErrNoChange
	}
	return nil
}

func (a PutDashboard) check(cur Current) error {
	now := cur.Dashboard
	switch {
	case now != nil && SameJSON(*now, a.To):
		return ErrNoChange
	case a.From == nil && now != nil:
		return &ConflictError{What: "dashboard " + a.Name, Saw: "absent", Now: DescribeBody(*now)}
	case a.From != nil && now == nil:
		return invalid("dashboard %s no longer exists", a.Name)
	case a.From != nil && !SameJSON(*a.From, *now):
		return &ConflictError{What: "dashboard " + a.Name, Saw: DescribeBody(*a.From), Now: DescribeBody(*now)}
	}
	return nil
}

// DeleteDashboard deletes one of hoist's dashboards (DeleteDashboards).
// From is the body the operator saw.
type DeleteDashboard struct {
	Name string
	From string
}

func (a DeleteDashboard) Kind() Kind        { return KindDeleteDashboard }
func (a DeleteDashboard) GroupName() string { return "" }
func (a DeleteDashboard) Target() string    { return "dashboard/" + a.Name }
func (a DeleteDashboard) Mutating() bool    { return true }
func (a DeleteDashboard) Precondition() Ref { return dashboardRef(a.Name) }
func (a DeleteDashboard) Before() string    { return DescribeBody(a.From) }
func (a DeleteDashboard) After() string     { return "deleted" }
func (a DeleteDashboard) Changes() []FieldChange {
	return []FieldChange{{Field: "body", Before: DescribeBody(a.From), After: Unset}}
}
func (a DeleteDashboard) validate() error { return checkDashboard(a.Name, "") }

func (a DeleteDashboard) check(cur Current) error {
	switch now := cur.Dashboard; {
	case now == nil:
		return ErrNoChange
	case !SameJSON(a.From, *now):
		return &ConflictError{What: "dashboard " + a.Name, Saw: DescribeBody(a.From), Now: DescribeBody(*now)}
	}
	return nil
}
