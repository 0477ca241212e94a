package model

import (
	"fmt"
	"slices"
	"strings"
)

// Actions on a group's capacity and processes. Each re-reads the group
// (RefGroup) before sending.

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

func groupRef(group string) Ref { return Ref{Kind: RefGroup, Group: group} }

// capacityChanges lists the limits and desired that move from one
// capacity to another.
func capacityChanges(from, to Capacity) []FieldChange {
	cs := changed(nil, "min", itoa(from.Min), itoa(to.Min))
	cs = changed(cs, "desired", itoa(from.Desired), itoa(to.Desired))
	return changed(cs, "max", itoa(from.Max), itoa(to.Max))
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

func (a SetDesired) Kind() Kind             { return KindSetDesired }
func (a SetDesired) GroupName() string      { return a.Group }
func (a SetDesired) Target() string         { return a.Group }
func (a SetDesired) Mutating() bool         { return true }
func (a SetDesired) Precondition() Ref      { return groupRef(a.Group) }
func (a SetDesired) Changes() []FieldChange { return capacityChanges(a.From, a.To()) }

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

func (a SetDesired) check(cur Current) error {
	now, err := cur.group(a.Group)
	if err != nil {
		return err
	}
	if now.Capacity != a.From {
		c := now.Capacity
		if now.Min == a.From.Min && now.Max == a.From.Max {
			return &ConflictError{What: "desired", Saw: itoa(a.From.Desired), Now: itoa(now.Desired), Capacity: &c}
		}
		return &ConflictError{What: "min/desired/max", Saw: capacityString(a.From), Now: capacityString(now.Capacity), Capacity: &c}
	}
	return nil
}

func (a SetDesired) costDelta(_ *Group, unit float64, _ Prices) float64 {
	return float64(a.To().Desired-a.From.Desired) * unit
}

// SetLimits sets min, desired and max together.
type SetLimits struct {
	Group    string
	From, To Capacity
}

func (a SetLimits) Kind() Kind             { return KindSetLimits }
func (a SetLimits) GroupName() string      { return a.Group }
func (a SetLimits) Target() string         { return a.Group }
func (a SetLimits) Mutating() bool         { return true }
func (a SetLimits) Precondition() Ref      { return groupRef(a.Group) }
func (a SetLimits) Changes() []FieldChange { return capacityChanges(a.From, a.To) }
func (a SetLimits) Before() string         { return capacityString(a.From) }
func (a SetLimits) After() string          { return capacityString(a.To) }

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

func (a SetLimits) check(cur Current) error {
	now, err := cur.group(a.Group)
	if err != nil {
		return err
	}
	if now.Capacity != a.From {
		return &ConflictError{What: "min/desired/max", Saw: capacityString(a.From), Now: capacityString(now.Capacity)}
	}
	return nil
}

func (a SetLimits) costDelta(_ *Group, unit float64, _ Prices) float64 {
	return float64(a.To.Desired-a.From.Desired) * unit
}

func capacityString(c Capacity) string {
	return fmt.Sprintf("min %d desired %d max %d", c.Min, c.Desired, c.Max)
}

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
func (a SuspendProcesses) Precondition() Ref { return groupRef(a.Group) }
func (a SuspendProcesses) Before() string    { return processesString(a.From) }
func (a SuspendProcesses) After() string {
	return processesString(union(a.From, a.Processes))
}
func (a SuspendProcesses) Changes() []FieldChange {
	return processChanges(a.Processes, a.From, union(a.From, a.Processes))
}
func (a SuspendProcesses) validate() error {
	return validateProcesses(a.Group, a.Processes, a.From, true)
}
func (a SuspendProcesses) check(cur Current) error {
	return checkProcesses(cur, a.Group, a.Processes, a.From)
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
func (a ResumeProcesses) Precondition() Ref { return groupRef(a.Group) }
func (a ResumeProcesses) Before() string    { return processesString(a.From) }
func (a ResumeProcesses) After() string     { return processesString(a.left()) }
func (a ResumeProcesses) Changes() []FieldChange {
	return processChanges(a.Processes, a.From, a.left())
}

// left is what stays suspended.
func (a ResumeProcesses) left() []string {
	var left []string
	for _, p := range a.From {
		if !slices.Contains(a.Processes, p) {
			left = append(left, p)
		}
	}
	return left
}

func (a ResumeProcesses) validate() error {
	return validateProcesses(a.Group, a.Processes, a.From, false)
}
func (a ResumeProcesses) check(cur Current) error {
	return checkProcesses(cur, a.Group, a.Processes, a.From)
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
func checkProcesses(cur Current, group string, named, saw []string) error {
	g, err := cur.group(group)
	if err != nil {
		return err
	}
	for _, p := range named {
		if slices.Contains(saw, p) != slices.Contains(g.Suspended, p) {
			return &ConflictError{What: "suspended processes", Saw: processesString(saw), Now: processesString(g.Suspended)}
		}
	}
	return nil
}

// processChanges is one row per named process whose state moves.
func processChanges(named, from, to []string) []FieldChange {
	state := func(set []string, p string) string {
		if slices.Contains(set, p) {
			return "suspended"
		}
		return "running"
	}
	var cs []FieldChange
	for _, p := range named {
		cs = changed(cs, "process "+p, state(from, p), state(to, p))
	}
	return cs
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
