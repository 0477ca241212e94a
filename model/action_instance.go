package model

import (
	"fmt"
	"strings"
)

// Actions on one instance of a group. Each re-reads the group (RefGroup)
// and finds the instance in it.

// instanceOf is the instance as re-read; a group or instance that is gone
// is a ValidationError.
func instanceOf(cur Current, group, id string) (*Group, Instance, error) {
	g, err := cur.group(group)
	if err != nil {
		return nil, Instance{}, err
	}
	in, ok := g.Instance(id)
	if !ok {
		return nil, Instance{}, invalid("instance %s is no longer in %s", id, group)
	}
	return g, in, nil
}

// desiredChange is the row for desired capacity moving by delta, or none.
func desiredChange(cs []FieldChange, from, delta int) []FieldChange {
	return changed(cs, "desired", itoa(from), itoa(from+delta))
}

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
func (a SetInstanceHealth) Precondition() Ref { return groupRef(a.Group) }
func (a SetInstanceHealth) Before() string    { return strings.ToLower(a.From) }
func (a SetInstanceHealth) After() string     { return strings.ToLower(a.Health) }
func (a SetInstanceHealth) Changes() []FieldChange {
	return changed(nil, "health of "+a.Instance, a.Before(), a.After())
}
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
func (a SetInstanceHealth) check(cur Current) error {
	_, in, err := instanceOf(cur, a.Group, a.Instance)
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
func (a TerminateInstance) Precondition() Ref { return groupRef(a.Group) }
func (a TerminateInstance) Before() string {
	return fmt.Sprintf("running, desired %d", a.From.Desired)
}
func (a TerminateInstance) After() string {
	if a.Decrement {
		return fmt.Sprintf("terminated, desired %d", a.From.Desired-1)
	}
	return fmt.Sprintf("terminated and replaced, desired %d", a.From.Desired)
}
func (a TerminateInstance) Changes() []FieldChange {
	if a.Decrement {
		cs := []FieldChange{{Field: "instance " + a.Instance, Before: "running", After: "terminated"}}
		return desiredChange(cs, a.From.Desired, -1)
	}
	return []FieldChange{{Field: "instance " + a.Instance, Before: "running", After: "terminated and replaced"}}
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
func (a TerminateInstance) check(cur Current) error {
	g, in, err := instanceOf(cur, a.Group, a.Instance)
	if err != nil {
		return err
	}
	if strings.HasPrefix(in.Lifecycle, StateTerminating) {
		return &ConflictError{What: "state of " + a.Instance, Saw: "running", Now: in.Lifecycle}
	}
	if a.Decrement && g.Desired != a.From.Desired {
		return &ConflictError{What: "desired", Saw: itoa(a.From.Desired), Now: itoa(g.Desired)}
	}
	return nil
}

// costDelta: without decrement the instance is replaced and the cost
// stays; with it, the group loses this instance's price.
func (a TerminateInstance) costDelta(g *Group, unit float64, p Prices) float64 {
	if !a.Decrement {
		return 0
	}
	if in, ok := g.Instance(a.Instance); ok {
		if v, ok := p.InstancePrice(in); ok {
			return -v
		}
	}
	return -unit
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
func (a EnterStandby) Precondition() Ref { return groupRef(a.Group) }
func (a EnterStandby) Before() string    { return StateInService }
func (a EnterStandby) After() string {
	if a.Decrement {
		return fmt.Sprintf("%s, desired %d", StateStandby, a.From.Desired-1)
	}
	return StateStandby + ", replaced"
}
func (a EnterStandby) Changes() []FieldChange {
	if a.Decrement {
		cs := []FieldChange{{Field: "instance " + a.Instance, Before: StateInService, After: StateStandby}}
		return desiredChange(cs, a.From.Desired, -1)
	}
	return []FieldChange{{Field: "instance " + a.Instance, Before: StateInService, After: StateStandby + ", replaced"}}
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
func (a EnterStandby) check(cur Current) error {
	return checkLifecycle(cur, a.Group, a.Instance, StateInService)
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
func (a ExitStandby) Precondition() Ref { return groupRef(a.Group) }
func (a ExitStandby) Before() string    { return StateStandby }
func (a ExitStandby) After() string {
	return fmt.Sprintf("%s, desired %d", StateInService, a.From.Desired+1)
}
func (a ExitStandby) Changes() []FieldChange {
	cs := []FieldChange{{Field: "instance " + a.Instance, Before: StateStandby, After: StateInService}}
	return desiredChange(cs, a.From.Desired, 1)
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
func (a ExitStandby) check(cur Current) error {
	return checkLifecycle(cur, a.Group, a.Instance, StateStandby)
}

// checkLifecycle conflicts unless the instance is still in the state the
// operator saw.
func checkLifecycle(cur Current, group, id, saw string) error {
	_, in, err := instanceOf(cur, group, id)
	if err != nil {
		return err
	}
	if in.Lifecycle != saw {
		return &ConflictError{What: "state of " + id, Saw: saw, Now: in.Lifecycle}
	}
	return nil
}
