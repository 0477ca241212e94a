package spec

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// Op is what a change does to its resource.
type Op string

// The three ops, shown as Terraform shows them.
const (
	Create Op = "+"
	Update Op = "~"
	Delete Op = "-"
)

// Resource kinds, as the plan names them.
const (
	KindGroup       = "group"
	KindPolicy      = "policy"
	KindScheduled   = "scheduled action"
	KindTargetGroup = "target group"
	KindAlarm       = "alarm"
	KindDashboard   = "dashboard"
)

// Change is one resource a plan changes.
type Change struct {
	Op   Op     `json:"op"`
	Kind string `json:"kind"`
	// Group is the group a policy or scheduled action belongs to.
	Group  string              `json:"group,omitempty"`
	Name   string              `json:"name"`
	Fields []model.FieldChange `json:"fields,omitempty"`
	// Cost is the group's cost per hour before and after, when its
	// desired capacity changes.
	Cost *CostChange `json:"cost,omitempty"`
	// Pos is the file and line that ask for the change (none for a prune).
	Pos Pos `json:"-"`
	// Actions are what apply sends, in order, each re-checked against
	// the live value before it goes.
	Actions []model.Action `json:"-"`
	// Pending names the AWS calls this change needs that hoist cannot
	// send (none today: every kind of change has its action); apply
	// refuses a plan that has any.
	Pending []string `json:"pending,omitempty"`

	phase int
}

// Resource is the change's resource as the plan shows it: "group web",
// "policy web/cpu".
func (c Change) Resource() string {
	if c.Group != "" {
		return c.Kind + " " + c.Group + "/" + c.Name
	}
	return c.Kind + " " + c.Name
}

// CostChange is a cost per hour before and after a change.
type CostChange struct {
	Before float64 `json:"before"`
	After  float64 `json:"after"`
}

// Plan is the difference between the files and the live configuration,
// in the order apply makes it.
type Plan struct {
	// Where the live configuration was read: a plan is refused anywhere
	// else.
	Where   model.Where `json:"where"`
	Files   []string    `json:"files"`
	Changes []Change    `json:"changes"`
	// Cost is the fleet's cost per hour now and once the plan is applied.
	Cost CostChange `json:"cost"`
	// Notes are what the plan leaves alone and why, one sentence each.
	Notes []string `json:"notes,omitempty"`
}

// Empty reports whether nothing would change.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 }

// Counts tallies the changes by op.
func (p *Plan) Counts() (add, change, del int) {
	for _, c := range p.Changes {
		switch c.Op {
		case Create:
			add++
		case Update:
			change++
		case Delete:
			del++
		}
	}
	return
}

// Pending lists the action kinds the plan needs that hoist cannot send yet.
func (p *Plan) Pending() []string {
	var out []string
	for _, c := range p.Changes {
		for _, k := range c.Pending {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// Check refuses a plan made somewhere other than now: a plan made on the
// simulator is never applied to AWS, nor one account's to another's.
func (p *Plan) Check(now model.Where) error {
	if p.Where != now {
		return fmt.Errorf("this plan was made against %s, not %s: make the plan again where it is to be applied", p.Where, now)
	}
	return nil
}

// PlanOptions tune Compute.
type PlanOptions struct {
	// Prune deletes the alarms hoist manages and the dashboards it wrote
	// that no file declares; without it they are only noted.
	Prune bool
	// Now is when the plan is made (the server's clock), and Zone looks a
	// scheduled action's time zone up (nil: every zone but UTC is
	// unknown, and a plan that puts a scheduled action in one cannot be
	// applied): a scheduled action must run after now.
	Now  time.Time
	Zone func(name string) *time.Location
}

// zone is name's location, nil when it is not known.
func (o PlanOptions) zone(name string) *time.Location {
	if name == "" || name == "UTC" {
		return time.UTC
	}
	if o.Zone == nil {
		return nil
	}
	return o.Zone(name)
}

// Apply phases: capacity goes up before anything else and comes down
// last; processes are suspended first and resumed last; deletions follow
// the puts that may replace what they delete.
const (
	phaseRaise = iota
	phaseSuspend
	phaseSettings
	phaseTargetGroups
	phasePolicies
	phaseAlarms
	phaseDeletes
	phaseLower
	phaseResume
)

// Compute is the plan that takes live to what d asks for. It is pure: the
// same files and live configuration give the same plan.
func Compute(d *Desired, live *model.LiveConfig, o PlanOptions) *Plan {
	p := &Plan{Where: live.Where, Files: d.Files}
	fleet := model.CostOfFleet(live.Groups, live.Prices).Total.Total()
	p.Cost = CostChange{Before: fleet, After: fleet}
	for _, name := range slices.Sorted(maps.Keys(d.Groups)) {
		w := d.Groups[name]
		g, _ := live.Group(name)
		p.add(groupChanges(w, g, live)...)
		p.add(policyChanges(w, live.Policies[name])...)
		p.add(scheduledChanges(w, live.Scheduled[name], o)...)
	}
	for _, name := range slices.Sorted(maps.Keys(d.TargetGroups)) {
		tg, _ := live.TargetGroup(name)
		p.add(targetGroupChanges(d.TargetGroups[name], tg)...)
	}
	p.alarmChanges(d, live, o)
	p.dashboardChanges(d, live, o)
	for _, c := range p.Changes {
		if c.Cost != nil {
			p.Cost.After += c.Cost.After - c.Cost.Before
		}
	}
	sort.SliceStable(p.Changes, func(i, j int) bool { return p.Changes[i].phase < p.Changes[j].phase })
	return p
}

func (p *Plan) add(cs ...Change) { p.Changes = append(p.Changes, cs...) }

// groupChanges are a group's capacity, settings and processes.
func groupChanges(w *GroupWant, g *model.Group, live *model.LiveConfig) []Change {
	var out []Change
	if c, ok := capacityChange(w, g, live); ok {
		out = append(out, c)
	}
	if c, ok := settingsChange(w, g); ok {
		out = append(out, c)
	}
	return append(out, processChanges(w, g)...)
}

// capacityChange sets min, desired and max in one call, so AWS never sees
// desired outside the limits; desired left out of the files stays as it
// is unless new limits leave it outside them.
func capacityChange(w *GroupWant, g *model.Group, live *model.LiveConfig) (Change, bool) {
	s := w.Settings
	from := g.Capacity
	to := model.Capacity{Min: valueOr(s.Min, from.Min), Max: valueOr(s.Max, from.Max), Desired: valueOr(s.Desired, from.Desired)}
	to.Desired = min(max(to.Desired, to.Min), to.Max)
	if to == from {
		return Change{}, false
	}
	c := Change{Op: Update, Kind: KindGroup, Name: g.Name, Pos: firstPos(w.Pos, "max", "min", "desired")}
	for _, f := range []struct {
		name     string
		old, new int
	}{{"min", from.Min, to.Min}, {"max", from.Max, to.Max}, {"desired", from.Desired, to.Desired}} {
		if f.old != f.new {
			c.Fields = append(c.Fields, model.FieldChange{Field: f.name, Before: fmt.Sprint(f.old), After: fmt.Sprint(f.new)})
		}
	}
	if to.Min == from.Min && to.Max == from.Max {
		c.Actions = []model.Action{model.SetDesired{Group: g.Name, From: from, Desired: to.Desired}}
	} else {
		c.Actions = []model.Action{model.SetLimits{Group: g.Name, From: from, To: to}}
	}
	if to.Desired != from.Desired {
		before := model.CostOf(g, live.Prices).Total()
		after := before + float64(to.Desired-from.Desired)*model.UnitPrice(g, live.Prices)
		c.Cost = &CostChange{Before: before, After: after}
	}
	c.phase = phaseLower
	if to.Desired > from.Desired || (to.Desired == from.Desired && to.Max >= from.Max) {
		c.phase = phaseRaise
	}
	return c, true
}

func firstPos(m map[string]Pos, fields ...string) Pos {
	for _, f := range fields {
		if p, ok := m[f]; ok {
			return p
		}
	}
	return Pos{}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// settingsChange is the group fields UpdateAutoScalingGroup sets besides
// capacity.
func settingsChange(w *GroupWant, g *model.Group) (Change, bool) {
	a := model.SetGroupSettings{Group: g.Name, From: model.GroupSettingsOf(g), To: model.GroupSettings{
		HealthCheckType: w.Settings.HealthCheckType, HealthCheckGraceSeconds: w.Settings.HealthCheckGraceSeconds,
		DefaultCooldownSeconds: w.Settings.DefaultCooldownSeconds, TerminationPolicies: w.Settings.TerminationPolicies}}
	fields := a.Changes()
	if len(fields) == 0 {
		return Change{}, false
	}
	return Change{Op: Update, Kind: KindGroup, Name: g.Name, Fields: fields, phase: phaseSettings,
		Pos:     firstPos(w.Pos, "health_check_type", "health_check_grace_seconds", "default_cooldown_seconds", "termination_policies"),
		Actions: []model.Action{a}}, true
}

// processChanges suspends what the files want suspended first and resumes
// what they want resumed last.
func processChanges(w *GroupWant, g *model.Group) []Change {
	s := w.Settings
	if s.SuspendedProcesses == nil && s.Suspend == nil {
		return nil
	}
	var suspend, resume []string
	for _, p := range append(slices.Clone(s.SuspendedProcesses), s.Suspend...) {
		if !g.IsSuspended(p) && !slices.Contains(suspend, p) {
			suspend = append(suspend, p)
		}
	}
	if s.SuspendedProcesses != nil {
		for _, p := range g.Suspended {
			if !slices.Contains(s.SuspendedProcesses, p) {
				resume = append(resume, p)
			}
		}
	}
	before := sortedSet(orEmpty(g.Suspended))
	var out []Change
	if len(suspend) > 0 {
		after := sortedSet(append(slices.Clone(before), suspend...))
		out = append(out, Change{Op: Update, Kind: KindGroup, Name: g.Name, phase: phaseSuspend,
			Pos:     firstPos(w.Pos, "suspend", "suspended_processes"),
			Fields:  []model.FieldChange{{Field: "suspended_processes", Before: listValue(before), After: listValue(after)}},
			Actions: []model.Action{model.SuspendProcesses{Group: g.Name, Processes: suspend, From: g.Suspended}}})
		before = after
	}
	if len(resume) > 0 {
		after := slices.DeleteFunc(slices.Clone(before), func(p string) bool { return slices.Contains(resume, p) })
		out = append(out, Change{Op: Update, Kind: KindGroup, Name: g.Name, phase: phaseResume,
			Pos:     firstPos(w.Pos, "suspended_processes"),
			Fields:  []model.FieldChange{{Field: "suspended_processes", Before: listValue(before), After: listValue(after)}},
			Actions: []model.Action{model.ResumeProcesses{Group: g.Name, Processes: resume, From: g.Suspended}}})
	}
	return out
}

func policyChanges(w *GroupWant, live []model.PolicySpec) []Change {
	var out []Change
	for _, name := range slices.Sorted(maps.Keys(w.Policies)) {
		want := w.Policies[name]
		i := slices.IndexFunc(live, func(p model.PolicySpec) bool { return p.Name == name })
		c := Change{Kind: KindPolicy, Group: w.Name, Name: name, Pos: want.Pos}
		switch {
		case want.Spec.Absent && i < 0:
			continue
		case want.Spec.Absent:
			c.Op, c.phase = Delete, phaseDeletes
			c.Actions = []model.Action{model.DeletePolicy{Group: w.Name, Policy: name, Type: live[i].Type()}}
		case i < 0:
			c.Op, c.phase = Create, phasePolicies
			c.Fields = created(flatten(want.Spec))
			c.Actions = []model.Action{model.PutPolicy{Group: w.Name, To: want.Spec}}
		default:
			cur := live[i].Normal()
			c.Fields = diff(flatten(cur), flatten(want.Spec))
			c.Fields = append(c.Fields, labelChanges(cur, want.Spec)...)
			if len(c.Fields) == 0 {
				continue
			}
			c.Op, c.phase = Update, phasePolicies
			from := live[i]
			c.Actions = []model.Action{model.PutPolicy{Group: w.Name, From: &from, To: want.Spec}}
			if a, ok := editPolicy(w.Name, cur, want.Spec, c.Fields); ok {
				c.Actions = []model.Action{a} // the console's edit re-sends the policy AWS holds: nothing else of it moves
			}
		}
		out = append(out, c)
	}
	return out
}

// labelChanges notes a resource label that moved though the target group
// name did not (the target group now sits behind another load balancer).
func labelChanges(cur, want model.PolicySpec) []model.FieldChange {
	var out []model.FieldChange
	if a, b := cur.TargetTracking, want.TargetTracking; a != nil && b != nil && a.ResourceLabel != b.ResourceLabel && a.TargetGroup == b.TargetGroup {
		out = append(out, model.FieldChange{Field: "target_tracking.resource_label", Before: a.ResourceLabel, After: b.ResourceLabel})
	}
	if a, b := cur.Predictive, want.Predictive; a != nil && b != nil && a.ResourceLabel != b.ResourceLabel && a.TargetGroup == b.TargetGroup {
		out = append(out, model.FieldChange{Field: "predictive.resource_label", Before: a.ResourceLabel, After: b.ResourceLabel})
	}
	return out
}

// editPolicy is the console's policy edit, when it covers the change:
// enabled, and a target tracking policy's target and scale-in.
func editPolicy(group string, cur, want model.PolicySpec, fields []model.FieldChange) (model.Action, bool) {
	for _, f := range fields {
		switch f.Field {
		case "enabled", "target_tracking.target", "target_tracking.disable_scale_in":
		default:
			return nil, false
		}
	}
	settings := func(p model.PolicySpec) model.PolicySettings {
		s := model.PolicySettings{Enabled: *p.Enabled}
		if t := p.TargetTracking; t != nil {
			s.TargetValue, s.DisableScaleIn = t.Target, t.DisableScaleIn
		}
		return s
	}
	metric := ""
	if t := want.TargetTracking; t != nil {
		metric = t.Metric
		if t.Custom != nil {
			metric = t.Custom.Namespace + "/" + t.Custom.Metric
		}
	}
	return model.EditPolicy{Group: group, Policy: want.Name, Type: want.Type(), Metric: metric,
		From: settings(cur), To: settings(want)}, true
}

func scheduledChanges(w *GroupWant, live []model.ScheduleSpec, o PlanOptions) []Change {
	var out []Change
	for _, name := range slices.Sorted(maps.Keys(w.Scheduled)) {
		want := w.Scheduled[name]
		i := slices.IndexFunc(live, func(a model.ScheduleSpec) bool { return a.Name == name })
		c := Change{Kind: KindScheduled, Group: w.Name, Name: name, Pos: want.Pos}
		put := model.PutScheduled{Group: w.Name, To: want.Spec, Zone: o.zone(want.Spec.TimeZone), Now: o.Now}
		switch {
		case want.Spec.Absent && i < 0:
			continue
		case want.Spec.Absent:
			c.Op, c.phase = Delete, phaseDeletes
			c.Actions = []model.Action{model.DeleteScheduled{Group: w.Name, From: live[i]}}
		case i < 0:
			c.Op, c.phase, c.Actions = Create, phasePolicies, []model.Action{put}
			c.Fields = created(flatten(want.Spec))
		default:
			cur, spec := live[i].Normal(), want.Spec
			if spec.Recurrence != "" && spec.Start == "" {
				spec.Start = cur.Start // AWS reports the next run as the start
			}
			c.Fields = diff(flatten(cur), flatten(spec))
			if len(c.Fields) == 0 {
				continue
			}
			from := live[i]
			put.From = &from
			c.Op, c.phase, c.Actions = Update, phasePolicies, []model.Action{put}
		}
		out = append(out, c)
	}
	return out
}

func targetGroupChanges(w *TargetGroupWant, tg *model.TargetGroup) []Change {
	c := Change{Op: Update, Kind: KindTargetGroup, Name: w.Name, phase: phaseTargetGroups}
	if want := flatten(w.HealthCheck); len(want) > 0 {
		if f := diff(only(flatten(model.HealthCheckSpecOf(tg.HealthCheck)), want), want); len(f) > 0 {
			for i := range f {
				f[i].Field = "health_check." + f[i].Field
			}
			c.Fields = append(c.Fields, f...)
			c.Actions = append(c.Actions, model.EditHealthCheck{TargetGroup: tg.ARN, Name: tg.Name, Protocol: tg.Protocol,
				From: tg.HealthCheck, To: w.HealthCheck.Over(tg.HealthCheck)})
		}
	}
	from, to := map[string]string{}, map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(w.Attributes)) {
		cur, ok := tg.Attributes[k]
		if ok && cur == w.Attributes[k] {
			continue
		}
		from[k], to[k] = cur, w.Attributes[k]
		if !ok {
			cur = Unset
		}
		c.Fields = append(c.Fields, model.FieldChange{Field: "attributes." + k, Before: cur, After: w.Attributes[k]})
	}
	if len(to) > 0 {
		c.Actions = append(c.Actions, model.EditAttributes{TargetGroup: tg.ARN, Name: tg.Name, Protocol: tg.Protocol, From: from, To: to})
	}
	if len(c.Fields) == 0 {
		return nil
	}
	c.Pos = w.Pos[c.Fields[0].Field]
	return []Change{c}
}

func (p *Plan) alarmChanges(d *Desired, live *model.LiveConfig, o PlanOptions) {
	for _, name := range slices.Sorted(maps.Keys(d.Alarms)) {
		want := d.Alarms[name]
		cur, exists := live.Alarm(name)
		c := Change{Kind: KindAlarm, Name: name, Pos: want.Pos}
		switch {
		case want.Spec.Absent && !exists:
			continue
		case want.Spec.Absent:
			c.Op, c.phase = Delete, phaseDeletes
			c.Actions = []model.Action{model.DeleteAlarm{From: cur.AlarmSpec}}
		case !exists:
			put := model.PutAlarm{To: want.Spec}
			c.Op, c.phase, c.Fields, c.Actions = Create, phaseAlarms, put.Changes(), []model.Action{put}
		default:
			if !cur.Managed() {
				tag := model.TagAlarm{Alarm: name}
				c.Fields, c.Actions = tag.Changes(), []model.Action{tag}
			}
			from := cur.AlarmSpec
			if put := (model.PutAlarm{From: &from, To: want.Spec}); len(put.Changes()) > 0 {
				c.Fields, c.Actions = append(put.Changes(), c.Fields...), append(c.Actions, put)
			}
			if len(c.Fields) == 0 {
				continue
			}
			c.Op, c.phase = Update, phaseAlarms
		}
		p.add(c)
	}
	var undeclared []string
	for _, a := range live.Alarms {
		if _, declared := d.Alarms[a.Name]; declared || !a.Managed() {
			continue
		}
		if o.Prune {
			p.add(Change{Op: Delete, Kind: KindAlarm, Name: a.Name, phase: phaseDeletes, Actions: []model.Action{model.DeleteAlarm{From: a.AlarmSpec}}})
			continue
		}
		undeclared = append(undeclared, a.Name)
	}
	p.noteUndeclared("alarm", "alarms", "hoist manages", undeclared)
}

// noteUndeclared notes what hoist made that no file declares: one note,
// however many there are.
func (p *Plan) noteUndeclared(one, many, made string, names []string) {
	switch len(names) {
	case 0:
	case 1:
		p.Notes = append(p.Notes, fmt.Sprintf("%s %s, which %s, is in no file: hoist plan --prune would delete it", one, names[0], made))
	default:
		shown := names
		if len(names) > 6 {
			shown = append(slices.Clone(names[:5]), fmt.Sprintf("%d more", len(names)-5))
		}
		p.Notes = append(p.Notes, fmt.Sprintf("%d %s %s are in no file (%s): hoist plan --prune would delete them",
			len(names), many, made, strings.Join(shown, ", ")))
	}
}

func (p *Plan) dashboardChanges(d *Desired, live *model.LiveConfig, o PlanOptions) {
	for _, name := range slices.Sorted(maps.Keys(d.Dashboards)) {
		want := d.Dashboards[name]
		body, exists := live.Dashboards[name]
		if want.Spec.Absent {
			if exists {
				p.add(dashboardDelete(name, body, want.Pos))
			}
			continue
		}
		if c, ok := DashboardChange(name, want.Spec.Tier, live); ok {
			c.Pos = want.Pos
			p.add(c)
		}
	}
	var undeclared []string
	for _, name := range slices.Sorted(maps.Keys(live.Dashboards)) {
		if _, declared := d.Dashboards[name]; declared || !strings.HasPrefix(name, model.DashboardPrefix) {
			continue
		}
		if o.Prune {
			p.add(dashboardDelete(name, live.Dashboards[name], Pos{}))
			continue
		}
		undeclared = append(undeclared, name)
	}
	p.noteUndeclared("dashboard", "dashboards", "hoist wrote", undeclared)
}

// DashboardChange writes hoist's dashboard of tier as name, unless it
// holds that body already.
func DashboardChange(name, tier string, live *model.LiveConfig) (Change, bool) {
	body, exists := live.Dashboards[name]
	put := model.PutDashboard{Name: name, To: DashboardBody(tier, live)}
	op := Create
	if exists {
		if model.SameJSON(body, put.To) {
			return Change{}, false
		}
		put.From, op = &body, Update
	}
	return Change{Op: op, Kind: KindDashboard, Name: name, phase: phaseAlarms, Fields: put.Changes(), Actions: []model.Action{put}}, true
}

func dashboardDelete(name, body string, at Pos) Change {
	return Change{Op: Delete, Kind: KindDashboard, Name: name, phase: phaseDeletes, Pos: at,
		Actions: []model.Action{model.DeleteDashboard{Name: name, From: body}}}
}

// Saved is a plan as hoist plan --out writes it: the plan, with where it
// was made, and the files it was made from. hoist apply PLAN makes the plan
// again from those files and applies it only where it was made, and only
// if it comes out the same.
type Saved struct {
	Plan  *Plan       `json:"plan"`
	Prune bool        `json:"prune,omitempty"`
	Files []SavedFile `json:"files"`
}

// SavedFile is one file a saved plan was made from.
type SavedFile struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

// SameChanges reports whether two plans make the same changes, field for
// field (their cost estimates may differ as prices move).
func SameChanges(a, b *Plan) bool {
	if len(a.Changes) != len(b.Changes) {
		return false
	}
	for i := range a.Changes {
		x, y := a.Changes[i], b.Changes[i]
		if x.Op != y.Op || x.Kind != y.Kind || x.Group != y.Group || x.Name != y.Name || !slices.Equal(x.Fields, y.Fields) {
			return false
		}
	}
	return true
}
