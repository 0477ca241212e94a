package model

// Actions on a group's instance refreshes. Each re-reads the group and its
// refreshes (RefRefresh) before sending.

func refreshRef(group string) Ref { return Ref{Kind: RefRefresh, Group: group} }

// StartRefresh starts an instance refresh: every instance replaced (or,
// with skip matching, those that do not match what the group launches),
// keeping MinHealthy percent of desired capacity in service. With Desired
// the group moves to that launch template version when the refresh
// succeeds, and the refresh can be rolled back.
type StartRefresh struct {
	Group   string
	Prefs   RefreshPrefs
	Desired *LaunchSpec
	// Launch is what the group launches from, as the operator saw it.
	Launch LaunchSpec
}

func (a StartRefresh) Kind() Kind        { return KindStartRefresh }
func (a StartRefresh) GroupName() string { return a.Group }
func (a StartRefresh) Target() string    { return a.Group }
func (a StartRefresh) Mutating() bool    { return true }
func (a StartRefresh) Precondition() Ref { return refreshRef(a.Group) }
func (a StartRefresh) Before() string    { return "no instance refresh running" }
func (a StartRefresh) After() string     { return "instance refresh: " + a.plan() }

func (a StartRefresh) plan() string {
	s := a.Prefs.String()
	if a.Desired != nil {
		s = "to " + a.Desired.String() + ", " + s
	}
	return s
}

func (a StartRefresh) Changes() []FieldChange {
	return []FieldChange{{Field: "instance refresh", Before: "none running", After: "started: " + a.plan()}}
}

func (a StartRefresh) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	if err := a.Prefs.Validate(); err != nil {
		return err
	}
	if a.Desired != nil && a.Desired.Ref() == "" {
		return invalid("name the launch template the refresh moves %s to", a.Group)
	}
	if a.Prefs.AutoRollback {
		return rollbackPossible(a.Group, a.Desired != nil, a.Launch)
	}
	return nil
}

// rollbackPossible says why AWS could not roll a refresh back: it needs a
// desired configuration, and a group that names a version number.
func rollbackPossible(group string, desired bool, launch LaunchSpec) error {
	if !desired {
		return invalid("a rollback needs a refresh started with a desired configuration (a launch template version to move %s to); "+
			"without one, start a refresh back to the previous version instead", group)
	}
	if !launch.Pinned() {
		return invalid("%s launches from %s: AWS rolls back only a group that names a launch template version number, not $Latest or $Default",
			group, launch)
	}
	return nil
}

func (a StartRefresh) check(cur Current) error {
	g, err := cur.group(a.Group)
	if err != nil {
		return err
	}
	if r, ok := ActiveRefresh(cur.Refreshes); ok {
		return invalid("an instance refresh of %s is already running (%s, started %s): cancel it or let it finish first",
			a.Group, r.Summary(), r.Start.UTC().Format("15:04 UTC"))
	}
	if a.Prefs.AutoRollback {
		return rollbackPossible(a.Group, a.Desired != nil, g.Launch)
	}
	return nil
}

// CancelRefresh cancels the running instance refresh the operator saw:
// instances already replaced stay replaced.
type CancelRefresh struct {
	Group string
	From  InstanceRefresh // the running refresh as seen
}

func (a CancelRefresh) Kind() Kind        { return KindCancelRefresh }
func (a CancelRefresh) GroupName() string { return a.Group }
func (a CancelRefresh) Target() string    { return a.Group }
func (a CancelRefresh) Mutating() bool    { return true }
func (a CancelRefresh) Precondition() Ref { return refreshRef(a.Group) }
func (a CancelRefresh) Before() string    { return "instance refresh " + a.From.Summary() }
func (a CancelRefresh) After() string     { return "instance refresh cancelled" }
func (a CancelRefresh) Changes() []FieldChange {
	return []FieldChange{{Field: "instance refresh " + a.From.ID, Before: a.From.Summary(), After: "cancelled (replaced instances stay)"}}
}

func (a CancelRefresh) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	if a.From.ID == "" || !a.From.Active() {
		return invalid("no instance refresh of %s is running, so there is nothing to cancel", a.Group)
	}
	if a.From.Status == RefreshCancelling {
		return ErrNoChange
	}
	return nil
}

func (a CancelRefresh) check(cur Current) error {
	_, err := runningRefresh(cur, a.Group, a.From)
	if err == nil && a.From.Status != RefreshCancelling {
		if r, _ := ActiveRefresh(cur.Refreshes); r.Status == RefreshCancelling {
			return ErrNoChange
		}
	}
	return err
}

// runningRefresh is the refresh running now, which must be the one the
// operator saw.
func runningRefresh(cur Current, group string, saw InstanceRefresh) (InstanceRefresh, error) {
	if _, err := cur.group(group); err != nil {
		return InstanceRefresh{}, err
	}
	r, ok := ActiveRefresh(cur.Refreshes)
	switch {
	case !ok:
		return r, invalid("no instance refresh of %s is running any more (the one you saw is %s)", group, finalStatus(cur.Refreshes, saw.ID))
	case r.ID != saw.ID:
		return r, &ConflictError{What: "the running instance refresh of " + group, Saw: saw.ID, Now: r.ID}
	}
	return r, nil
}

func finalStatus(rs []InstanceRefresh, id string) string {
	for _, r := range rs {
		if r.ID == id {
			return r.Status
		}
	}
	return "gone"
}

// RollbackRefresh rolls back the running instance refresh the operator
// saw: the instances it replaced are replaced again from the group's own
// launch template version (RollbackInstanceRefresh).
type RollbackRefresh struct {
	Group string
	From  InstanceRefresh
}

func (a RollbackRefresh) Kind() Kind        { return KindRollbackRefresh }
func (a RollbackRefresh) GroupName() string { return a.Group }
func (a RollbackRefresh) Target() string    { return a.Group }
func (a RollbackRefresh) Mutating() bool    { return true }
func (a RollbackRefresh) Precondition() Ref { return refreshRef(a.Group) }
func (a RollbackRefresh) Before() string    { return "instance refresh " + a.From.Summary() }
func (a RollbackRefresh) After() string     { return "instance refresh rolled back" }
func (a RollbackRefresh) Changes() []FieldChange {
	to := "rolled back"
	if a.From.Desired != nil {
		to = "rolled back: instances from " + a.From.Desired.String() + " replaced again"
	}
	return []FieldChange{{Field: "instance refresh " + a.From.ID, Before: a.From.Summary(), After: to}}
}

func (a RollbackRefresh) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	switch {
	case a.From.ID == "" || !a.From.Active():
		return invalid("no instance refresh of %s is running, so there is nothing to roll back", a.Group)
	case a.From.Rollback != nil || a.From.Status == RefreshRollbackInProgress:
		return ErrNoChange
	case a.From.Status == RefreshCancelling:
		return invalid("the instance refresh of %s is being cancelled; it can no longer be rolled back", a.Group)
	}
	return rollbackPossible(a.Group, a.From.Desired != nil, LaunchSpec{Version: "1"})
}

func (a RollbackRefresh) check(cur Current) error {
	r, err := runningRefresh(cur, a.Group, a.From)
	switch {
	case err != nil:
		return err
	case r.Rollback != nil || r.Status == RefreshRollbackInProgress:
		return ErrNoChange
	}
	return rollbackPossible(a.Group, r.Desired != nil, cur.Group.Launch)
}
