package model

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Vertical scaling: a group moves to another instance type in three
// calls, each an action of its own, journaled on its own: a new launch
// template version from the current one with only the instance type
// changed (or, for a mixed instances policy, new overrides), the group
// pointed at it, and an instance refresh that replaces what does not
// match. PlanResize derives the steps from the state as it is, so a resize
// stopped midway is finished by planning again: steps already applied
// come out done.

var instanceTypeRE = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9-]+$`)

// CheckInstanceType refuses what cannot be an instance type name.
func CheckInstanceType(t string) error {
	if !instanceTypeRE.MatchString(t) {
		return invalid("%q is not an instance type like m6i.xlarge", t)
	}
	return nil
}

// CreateTemplateVersion creates a launch template version from Source
// with only the instance type changed (CreateLaunchTemplateVersion with
// SourceVersion). It re-reads the template (RefLaunchTemplate); a version
// hoist already made for the same change counts as done.
type CreateTemplateVersion struct {
	Group    string
	Template LaunchSpec // the template (id or name)
	Source   int64
	FromType string // the source version's instance type, as seen
	ToType   string
}

func (a CreateTemplateVersion) Kind() Kind        { return KindCreateVersion }
func (a CreateTemplateVersion) GroupName() string { return a.Group }
func (a CreateTemplateVersion) Target() string    { return a.Template.Template() }
func (a CreateTemplateVersion) Mutating() bool    { return true }
func (a CreateTemplateVersion) Precondition() Ref {
	return Ref{Kind: RefLaunchTemplate, Group: a.Group, Name: a.Template.Ref()}
}
func (a CreateTemplateVersion) Before() string { return fmt.Sprintf("v%d: %s", a.Source, a.FromType) }
func (a CreateTemplateVersion) After() string {
	return fmt.Sprintf("new version from v%d: %s", a.Source, a.ToType)
}
func (a CreateTemplateVersion) Changes() []FieldChange {
	return []FieldChange{{Field: "launch template " + a.Template.Template(), Before: a.Before(), After: a.After()}}
}

// Description marks the version hoist creates, so that a rerun finds it.
func (a CreateTemplateVersion) Description() string {
	d := fmt.Sprintf("hoist resize of %s: v%d with instance type %s", a.Group, a.Source, a.ToType)
	if len(d) > 255 {
		d = d[:255]
	}
	return d
}

func (a CreateTemplateVersion) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	if a.Template.Ref() == "" || a.Source < 1 {
		return invalid("%s names no launch template version to start from", a.Group)
	}
	if err := CheckInstanceType(a.ToType); err != nil {
		return err
	}
	if a.FromType == a.ToType {
		return ErrNoChange
	}
	return nil
}

// made finds the version hoist made for this change, if any.
func (a CreateTemplateVersion) made(lt *LaunchTemplate) (LaunchTemplateVersion, bool) {
	for _, v := range lt.Versions {
		if v.Number > a.Source && v.Description == a.Description() && v.InstanceType == a.ToType {
			return v, true
		}
	}
	return LaunchTemplateVersion{}, false
}

func (a CreateTemplateVersion) check(cur Current) error {
	lt := cur.LaunchTemplate
	if lt == nil {
		return invalid("launch template %s no longer exists", a.Template.Template())
	}
	if _, ok := a.made(lt); ok {
		return ErrNoChange
	}
	v, ok := lt.Version(a.Source)
	switch {
	case !ok:
		return invalid("version %d of launch template %s no longer exists", a.Source, a.Template.Template())
	case v.InstanceType != a.FromType:
		return &ConflictError{What: fmt.Sprintf("the instance type of %s v%d", a.Template.Template(), a.Source), Saw: a.FromType, Now: v.InstanceType}
	}
	return nil
}

// SetLaunch points a group at another launch template version, or sets a
// mixed instances policy's overrides (UpdateAutoScalingGroup). It re-reads
// the group (RefLaunch).
type SetLaunch struct {
	Group    string
	From, To LaunchSpec
}

func (a SetLaunch) Kind() Kind        { return KindSetLaunch }
func (a SetLaunch) GroupName() string { return a.Group }
func (a SetLaunch) Target() string    { return a.Group }
func (a SetLaunch) Mutating() bool    { return true }
func (a SetLaunch) Precondition() Ref { return Ref{Kind: RefLaunch, Group: a.Group} }
func (a SetLaunch) Before() string    { return "launches from " + a.From.String() }
func (a SetLaunch) After() string     { return "launches from " + a.To.String() }
func (a SetLaunch) Changes() []FieldChange {
	cs := changed(nil, "launch template", a.From.Template()+" "+a.From.Version, a.To.Template()+" "+a.To.Version)
	return changed(cs, "instance types", strings.Join(a.From.Overrides, ", "), strings.Join(a.To.Overrides, ", "))
}

func sameLaunch(a, b LaunchSpec) bool {
	return a.Ref() == b.Ref() && a.Version == b.Version && a.Mixed == b.Mixed && slices.Equal(a.Overrides, b.Overrides)
}

func (a SetLaunch) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	switch {
	case a.To.Ref() == "":
		return invalid("name the launch template %s is to launch from", a.Group)
	case a.From.Mixed != a.To.Mixed:
		return invalid("hoist does not add or remove a mixed instances policy")
	case a.From.Complex != "":
		return invalid("the mixed instances policy of %s has %s, which hoist would lose", a.Group, a.From.Complex)
	case a.To.Mixed && len(a.To.Overrides) == 0 && len(a.From.Overrides) > 0:
		return invalid("a mixed instances policy with overrides needs at least one instance type")
	}
	for _, t := range a.To.Overrides {
		if err := CheckInstanceType(t); err != nil {
			return err
		}
	}
	if sameLaunch(a.From, a.To) {
		return ErrNoChange
	}
	return nil
}

func (a SetLaunch) check(cur Current) error {
	g, err := cur.group(a.Group)
	if err != nil {
		return err
	}
	switch {
	case sameLaunch(g.Launch, a.To):
		return ErrNoChange
	case !sameLaunch(g.Launch, a.From):
		return &ConflictError{What: "the launch template of " + a.Group, Saw: a.From.String(), Now: g.Launch.String()}
	}
	return nil
}

// ResizeState is what planning a resize needs, as the adapter read it.
type ResizeState struct {
	Group     *Group
	Template  *LaunchTemplate // the group's, with its versions
	Refreshes []InstanceRefresh
	Prices    Prices
}

// ResizeStep is one step of a resize: done already, or the action that
// does it (nil while it waits for an earlier step).
type ResizeStep struct {
	Desc   string
	Done   bool
	Action Action
}

// ResizePlan is a resize as it stands.
type ResizePlan struct {
	Group string
	Types []string // the instance types the group is to run
	Steps []ResizeStep
	// Before and After are the group's running instances per hour, now
	// and once all are the new type; Priced is false when a type's price
	// is not known.
	Before, After float64
	Priced        bool
}

// Next is the first step still to do, with its action.
func (p ResizePlan) Next() (ResizeStep, bool) {
	for _, s := range p.Steps {
		if !s.Done {
			return s, s.Action != nil
		}
	}
	return ResizeStep{}, false
}

// Done reports whether every step is done.
func (p ResizePlan) Done() bool {
	return !slices.ContainsFunc(p.Steps, func(s ResizeStep) bool { return !s.Done })
}

// Pending lists the steps not done, for a report of what was not applied.
func (p ResizePlan) Pending() []string {
	var out []string
	for _, s := range p.Steps {
		if !s.Done {
			out = append(out, s.Desc)
		}
	}
	return out
}

// PlanResize plans moving st.Group to the instance types to (one type, or
// a mixed instances policy's overrides), replacing instances with an
// instance refresh with prefs (skip matching on).
func PlanResize(st ResizeState, to []string, prefs RefreshPrefs) (ResizePlan, error) {
	g := st.Group
	if g == nil {
		return ResizePlan{}, invalid("no group to resize")
	}
	if len(to) == 0 {
		return ResizePlan{}, invalid("name the instance type to move %s to", g.Name)
	}
	for _, t := range to {
		if err := CheckInstanceType(t); err != nil {
			return ResizePlan{}, err
		}
	}
	prefs.SkipMatching = true
	if err := prefs.Validate(); err != nil {
		return ResizePlan{}, err
	}
	p := ResizePlan{Group: g.Name, Types: slices.Clone(to)}
	p.Before, p.After, p.Priced = ResizeCost(g, st.Prices, to[0])
	l := g.Launch
	var launchDone bool
	var err error
	switch {
	case l.Ref() == "":
		return p, invalid("%s launches from a launch configuration: hoist resizes groups with launch templates only", g.Name)
	case l.Complex != "":
		return p, invalid("the mixed instances policy of %s has %s, which hoist would lose: change its instance types with the AWS console or CLI", g.Name, l.Complex)
	case len(l.Overrides) > 0:
		launchDone = p.planOverrides(l, to)
	case len(to) > 1:
		return p, invalid("%s has no mixed instances policy, so it runs one instance type, not %d", g.Name, len(to))
	default:
		if launchDone, err = p.planVersion(st, to[0]); err != nil {
			return p, err
		}
	}
	p.planRefresh(st, to, prefs, launchDone)
	return p, nil
}

// planOverrides plans new mixed-instances overrides.
func (p *ResizePlan) planOverrides(l LaunchSpec, to []string) bool {
	want := l
	want.Overrides = slices.Clone(to)
	if slices.Equal(l.Overrides, to) {
		p.Steps = append(p.Steps, ResizeStep{Desc: p.Group + " already launches " + strings.Join(to, ", "), Done: true})
		return true
	}
	p.Steps = append(p.Steps, ResizeStep{Desc: "set the instance types of " + p.Group + " to " + strings.Join(to, ", "),
		Action: SetLaunch{Group: p.Group, From: l, To: want}})
	return false
}

// planVersion plans the new launch template version and pointing the
// group at it.
func (p *ResizePlan) planVersion(st ResizeState, to string) (bool, error) {
	g, lt, l := st.Group, st.Template, st.Group.Launch
	if lt == nil {
		return false, invalid("the launch template of %s (%s) was not read", g.Name, l.Template())
	}
	cur, ok := lt.Resolve(l.Version)
	v, found := lt.Version(cur)
	if !ok || !found {
		return false, invalid("version %s of launch template %s was not read", l.Version, l.Template())
	}
	if v.InstanceType == to && l.Pinned() {
		p.Steps = append(p.Steps, ResizeStep{Desc: fmt.Sprintf("%s v%d is already %s", l.Template(), cur, to), Done: true},
			ResizeStep{Desc: fmt.Sprintf("%s already launches from v%d", g.Name, cur), Done: true})
		return true, nil
	}
	create := CreateTemplateVersion{Group: g.Name, Template: l, Source: cur, FromType: v.InstanceType, ToType: to}
	made, exists := create.made(lt)
	if v.InstanceType == to {
		made, exists = v, true // $Latest or $Default already is the type: pin it
	}
	if !exists {
		p.Steps = append(p.Steps, ResizeStep{Desc: fmt.Sprintf("create a version of %s from v%d with instance type %s", l.Template(), cur, to), Action: create},
			ResizeStep{Desc: fmt.Sprintf("point %s at the new version", g.Name)})
		return false, nil
	}
	want := l
	want.Version = fmt.Sprint(made.Number)
	p.Steps = append(p.Steps, ResizeStep{Desc: fmt.Sprintf("%s v%d has instance type %s", l.Template(), made.Number, to), Done: true})
	if sameLaunch(l, want) {
		p.Steps = append(p.Steps, ResizeStep{Desc: fmt.Sprintf("%s launches from v%d", g.Name, made.Number), Done: true})
		return true, nil
	}
	p.Steps = append(p.Steps, ResizeStep{Desc: fmt.Sprintf("point %s at %s v%d", g.Name, l.Template(), made.Number),
		Action: SetLaunch{Group: g.Name, From: l, To: want}})
	return false, nil
}

// planRefresh plans the instance refresh that replaces what does not
// match: done when one runs, or every instance already is a new type.
func (p *ResizePlan) planRefresh(st ResizeState, to []string, prefs RefreshPrefs, launchDone bool) {
	g := st.Group
	if r, ok := ActiveRefresh(st.Refreshes); ok && launchDone && r.Status != RefreshCancelling && r.Rollback == nil && r.Status != RefreshRollbackInProgress {
		p.Steps = append(p.Steps, ResizeStep{Desc: "instance refresh " + r.ID + " is replacing instances: " + r.Summary(), Done: true})
		return
	}
	if launchDone && !slices.ContainsFunc(g.Instances, func(in Instance) bool {
		return in.Lifecycle != StateTerminated && !strings.HasPrefix(in.Lifecycle, StateTerminating) && !slices.Contains(to, in.Type)
	}) {
		p.Steps = append(p.Steps, ResizeStep{Desc: "every instance of " + g.Name + " is " + strings.Join(to, " or "), Done: true})
		return
	}
	step := ResizeStep{Desc: "start an instance refresh of " + g.Name + " (" + prefs.String() + ")"}
	if launchDone {
		step.Action = StartRefresh{Group: g.Name, Prefs: prefs, Launch: g.Launch}
	}
	p.Steps = append(p.Steps, step)
}

// ResizeCost is what the group's running instances cost per hour now and
// once each is of type to (a spot instance at to's spot price where it is
// known); ok is false when a price is missing.
func ResizeCost(g *Group, p Prices, to string) (before, after float64, ok bool) {
	c := CostOf(g, p)
	before, ok = c.Total(), c.Unpriced == 0
	for _, in := range g.Instances {
		if in.Lifecycle == StateTerminated {
			continue
		}
		in.Type = to
		v, priced := p.InstancePrice(in)
		if !priced {
			ok = false
		}
		after += v
	}
	return before, after, ok
}

// ResizeError is a resize stopped midway: which steps were applied before
// the one that failed, and which were not. Rerunning the resize plans
// again from AWS and does only the rest.
type ResizeError struct {
	Group   string
	Applied []string // steps this run applied
	Pending []string // steps not applied, the failed one first
	Err     error    // why the first pending step failed
}

func (e *ResizeError) Error() string {
	applied := "nothing"
	if len(e.Applied) > 0 {
		applied = strings.Join(e.Applied, "; ")
	}
	return fmt.Sprintf("resize of %s stopped: %v. Applied: %s. Not applied: %s. Run the same resize again to finish it",
		e.Group, e.Err, applied, strings.Join(e.Pending, "; "))
}

func (e *ResizeError) Unwrap() error { return e.Err }
