package model

import "time"

// Actions on a group's scheduled actions. Each re-reads the group with its
// scheduled actions (RefScheduled) before sending.

func scheduledRef(group, name string) Ref { return Ref{Kind: RefScheduled, Group: group, Name: name} }

// PutScheduled creates or replaces a scheduled action
// (PutScheduledUpdateGroupAction, which takes the whole action): it must be
// as the operator saw it (From), or still absent when From is nil.
type PutScheduled struct {
	Group string
	From  *ScheduleSpec
	To    ScheduleSpec
	// Zone is To's time zone, resolved by the caller (nil for UTC), and
	// Now the time the operator looked: a one-off must be after it and a
	// recurrence must fire after it.
	Zone *time.Location
	Now  time.Time
}

func (a PutScheduled) Kind() Kind        { return KindPutScheduled }
func (a PutScheduled) GroupName() string { return a.Group }
func (a PutScheduled) Target() string    { return a.Group + "/" + a.To.Name }
func (a PutScheduled) Mutating() bool    { return true }
func (a PutScheduled) Precondition() Ref { return scheduledRef(a.Group, a.To.Name) }
func (a PutScheduled) After() string     { return a.To.Summary() }

func (a PutScheduled) Before() string {
	if a.From == nil {
		return "no scheduled action " + a.To.Name
	}
	return a.From.Summary()
}

func (a PutScheduled) Changes() []FieldChange {
	var from []PolicyField
	if a.From != nil {
		from = a.From.Fields()
	}
	return fieldsChange(from, a.To.Fields())
}

func (a PutScheduled) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	if a.To.Absent {
		return invalid("to delete scheduled action %s, delete it (hoist schedule delete)", a.To.Name)
	}
	if a.To.Recurrence != "" && a.To.TimeZone != "" && a.To.TimeZone != "UTC" && a.Zone == nil {
		return invalid("time zone %q was not looked up: hoist cannot tell when %s runs", a.To.TimeZone, a.To.Name)
	}
	if _, err := a.To.Runs(a.Zone, a.Now, 1); err != nil {
		return err
	}
	if a.From != nil && a.From.Name != a.To.Name {
		return invalid("a scheduled action cannot be renamed (%s to %s): create the new one and delete the old", a.From.Name, a.To.Name)
	}
	if a.From != nil && a.From.Equal(a.To) {
		return ErrNoChange
	}
	return nil
}

func (a PutScheduled) check(cur Current) error {
	g, err := cur.group(a.Group)
	if err != nil {
		return err
	}
	act, ok := g.ScheduledAction(a.To.Name)
	now := ScheduleSpecOf(act)
	switch {
	case ok && now.Equal(a.To):
		return ErrNoChange
	case a.From == nil && ok:
		return &ConflictError{What: "scheduled action " + a.To.Name, Saw: "absent", Now: now.Summary()}
	case a.From != nil && !ok:
		return invalid("scheduled action %q no longer exists on %s", a.To.Name, a.Group)
	case a.From != nil && !now.Equal(*a.From):
		return &ConflictError{What: "scheduled action " + a.To.Name, Saw: a.From.Summary(), Now: now.Summary()}
	}
	return nil
}

// DeleteScheduled deletes a scheduled action the operator saw.
type DeleteScheduled struct {
	Group string
	From  ScheduleSpec
}

func (a DeleteScheduled) Kind() Kind        { return KindDeleteScheduled }
func (a DeleteScheduled) GroupName() string { return a.Group }
func (a DeleteScheduled) Target() string    { return a.Group + "/" + a.From.Name }
func (a DeleteScheduled) Mutating() bool    { return true }
func (a DeleteScheduled) Precondition() Ref { return scheduledRef(a.Group, a.From.Name) }
func (a DeleteScheduled) Before() string    { return a.From.Summary() }
func (a DeleteScheduled) After() string     { return "deleted" }
func (a DeleteScheduled) Changes() []FieldChange {
	return []FieldChange{{Field: "scheduled action " + a.From.Name, Before: a.From.Summary(), After: "deleted"}}
}

func (a DeleteScheduled) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	return checkName("scheduled action", a.From.Name)
}

func (a DeleteScheduled) check(cur Current) error {
	g, err := cur.group(a.Group)
	if err != nil {
		return err
	}
	act, ok := g.ScheduledAction(a.From.Name)
	now := ScheduleSpecOf(act)
	switch {
	case !ok:
		return invalid("scheduled action %q no longer exists on %s", a.From.Name, a.Group)
	case !now.Equal(a.From):
		return &ConflictError{What: "scheduled action " + a.From.Name, Saw: a.From.Summary(), Now: now.Summary()}
	}
	return nil
}
