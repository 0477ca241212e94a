package spec

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// Desired is what a set of files asks for, resolved against the live
// configuration: selectors expanded to groups, placeholders filled, target
// groups turned into resource labels, every value checked.
type Desired struct {
	Files        []string
	Groups       map[string]*GroupWant
	TargetGroups map[string]*TargetGroupWant
	Alarms       map[string]Want[model.AlarmSpec]
	Dashboards   map[string]Want[model.DashboardSpec]
}

// Want is one resource the files ask for and where they ask for it.
type Want[T any] struct {
	Spec T
	Pos  Pos
}

// GroupWant is what the files set on one group.
type GroupWant struct {
	Name      string
	Settings  model.GroupSettings
	Pos       map[string]Pos // by field: the file and line that set it
	Policies  map[string]Want[model.PolicySpec]
	Scheduled map[string]Want[model.ScheduleSpec]
}

// TargetGroupWant is what the files set on one target group.
type TargetGroupWant struct {
	Name        string
	HealthCheck model.HealthCheckSpec
	Attributes  map[string]string
	Pos         map[string]Pos
}

// Options tune Resolve.
type Options struct {
	// ValidZone reports whether AWS knows a time zone (an IANA name such
	// as Europe/London); nil takes any name.
	ValidZone func(string) bool
}

// resolver carries one Resolve call.
type resolver struct {
	live *model.LiveConfig
	opts Options
	out  *Desired
}

// Resolve merges the files and checks them against the live
// configuration. Its errors are one sentence naming a file and line: a
// value out of AWS's range, a selector that matches no group, two files
// (or blocks) that set the same field differently.
func Resolve(docs []*Doc, live *model.LiveConfig, o Options) (*Desired, error) {
	r := &resolver{live: live, opts: o, out: &Desired{
		Groups: map[string]*GroupWant{}, TargetGroups: map[string]*TargetGroupWant{},
		Alarms: map[string]Want[model.AlarmSpec]{}, Dashboards: map[string]Want[model.DashboardSpec]{},
	}}
	for _, d := range docs {
		r.out.Files = append(r.out.Files, d.Name)
		if err := r.doc(d); err != nil {
			return nil, err
		}
	}
	if err := r.checkCapacities(); err != nil {
		return nil, err
	}
	return r.out, nil
}

func (r *resolver) doc(d *Doc) error {
	for i := range d.File.Groups {
		if err := r.groupBlock(d, i); err != nil {
			return err
		}
	}
	for i := range d.File.TargetGroups {
		if err := r.targetGroupBlock(d, i); err != nil {
			return err
		}
	}
	for i, a := range d.File.Alerts {
		p := fmt.Sprintf("alerts[%d]", i)
		if err := r.alarm(d, p, a, nil); err != nil {
			return err
		}
	}
	for i, ds := range d.File.Dashboards {
		p := fmt.Sprintf("dashboards[%d]", i)
		if err := r.dashboard(d, p, ds); err != nil {
			return err
		}
	}
	return nil
}

// fieldError places a model.FieldError at its field under base.
func fieldError(d *Doc, base string, err error) error {
	var fe *model.FieldError
	if errors.As(err, &fe) {
		return &Error{Pos: d.Pos(join(base, fe.Field)), Msg: fe.Msg}
	}
	return &Error{Pos: d.Pos(base), Msg: err.Error()}
}

// match returns the live groups a selector chooses, sorted by name.
func (r *resolver) match(d *Doc, base string, s Selector) ([]*model.Group, error) {
	at := d.Pos(join(base, "select"))
	if s.Name == "" && s.Pattern == "" && len(s.Tags) == 0 {
		return nil, errorAt(at, "select needs a name, a pattern or tags to choose groups by")
	}
	if s.Pattern != "" {
		if _, err := path.Match(s.Pattern, ""); err != nil {
			return nil, errorAt(d.Pos(join(base, "select.pattern")), "pattern %q is not a valid pattern (use * and ? as in a shell)", s.Pattern)
		}
	}
	var out []*model.Group
	for i := range r.live.Groups {
		g := &r.live.Groups[i]
		if s.Name != "" && g.Name != s.Name {
			continue
		}
		if ok, _ := path.Match(s.Pattern, g.Name); s.Pattern != "" && !ok {
			continue
		}
		if !tagsMatch(g.Tags, s.Tags) {
			continue
		}
		out = append(out, g)
	}
	if len(out) == 0 {
		return nil, errorAt(at, "select %s matches no group in %s", describeSelector(s), r.live.Where)
	}
	return out, nil
}

func tagsMatch(have, want map[string]string) bool {
	for k, v := range want {
		if got, ok := have[k]; !ok || got != v {
			return false
		}
	}
	return true
}

func describeSelector(s Selector) string {
	var parts []string
	if s.Name != "" {
		parts = append(parts, "name "+s.Name)
	}
	if s.Pattern != "" {
		parts = append(parts, "pattern "+s.Pattern)
	}
	for _, k := range slices.Sorted(maps.Keys(s.Tags)) {
		parts = append(parts, "tag "+k+": "+s.Tags[k])
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func (r *resolver) groupWant(name string) *GroupWant {
	w := r.out.Groups[name]
	if w == nil {
		w = &GroupWant{Name: name, Pos: map[string]Pos{},
			Policies: map[string]Want[model.PolicySpec]{}, Scheduled: map[string]Want[model.ScheduleSpec]{}}
		r.out.Groups[name] = w
	}
	return w
}

func (r *resolver) groupBlock(d *Doc, i int) error {
	b := d.File.Groups[i]
	base := fmt.Sprintf("groups[%d]", i)
	groups, err := r.match(d, base, b.Select)
	if err != nil {
		return err
	}
	settings := b.GroupSettings
	settings.SuspendedProcesses = sortedSet(settings.SuspendedProcesses)
	settings.Suspend = sortedSet(settings.Suspend)
	if err := settings.Validate(); err != nil {
		return fieldError(d, base, err)
	}
	for _, g := range groups {
		w := r.groupWant(g.Name)
		if err := mergeFields(&w.Settings, &settings, w.Pos, func(f string) Pos { return d.Pos(join(base, f)) }, g.Name); err != nil {
			return err
		}
		if err := r.groupItems(d, base, b, g, len(groups)); err != nil {
			return err
		}
	}
	return nil
}

func (r *resolver) groupItems(d *Doc, base string, b GroupBlock, g *model.Group, matched int) error {
	w := r.out.Groups[g.Name]
	for j, p := range b.Policies {
		pp := fmt.Sprintf("%s.policies[%d]", base, j)
		spec, err := r.policy(d, pp, p, g)
		if err != nil {
			return err
		}
		if err := addWant(w.Policies, p.Name, spec, d.Pos(pp), "policy "+p.Name+" of "+g.Name); err != nil {
			return err
		}
	}
	for j, a := range b.ScheduledActions {
		ap := fmt.Sprintf("%s.scheduled_actions[%d]", base, j)
		spec, err := r.scheduled(d, ap, a)
		if err != nil {
			return err
		}
		if err := addWant(w.Scheduled, a.Name, spec, d.Pos(ap), "scheduled action "+a.Name+" of "+g.Name); err != nil {
			return err
		}
	}
	for j, a := range b.Alerts {
		ap := fmt.Sprintf("%s.alerts[%d]", base, j)
		if matched > 1 && !strings.Contains(a.Name, "{group}") {
			return errorAt(d.Pos(join(ap, "name")), "alarm name %q would be the same for the %d groups the block selects: put {group} in it", a.Name, matched)
		}
		if err := r.alarm(d, ap, a, r.groupVars(g)); err != nil {
			return err
		}
	}
	return nil
}

// addWant adds an item by name, refusing one set differently elsewhere.
func addWant[T any](m map[string]Want[T], name string, spec T, at Pos, what string) error {
	if prev, ok := m[name]; ok && !reflect.DeepEqual(prev.Spec, spec) {
		return errorAt(at, "%s is also set at %s, differently: files may add to each other but not contradict", what, prev.Pos)
	}
	if _, ok := m[name]; !ok {
		m[name] = Want[T]{Spec: spec, Pos: at}
	}
	return nil
}

// mergeFields copies the set (non-nil) fields of src into dst, both
// pointers to structs of pointer and slice fields, refusing a field that
// is already set to something else. set records where each field was set.
func mergeFields(dst, src any, set map[string]Pos, at func(field string) Pos, of string) error {
	dv, sv := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem()
	for i := 0; i < sv.NumField(); i++ {
		f := sv.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		v := sv.Field(i)
		if v.IsNil() {
			continue
		}
		cur := dv.Field(i)
		if !cur.IsNil() && !reflect.DeepEqual(cur.Interface(), v.Interface()) {
			return errorAt(at(name), "%s of %s is set to %s here but to %s at %s: files may add to each other but not contradict",
				name, of, showValue(v), showValue(cur), set[name])
		}
		if cur.IsNil() {
			cur.Set(v)
			set[name] = at(name)
		}
	}
	return nil
}

func showValue(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() == reflect.Slice {
		if v.Len() == 0 {
			return "(none)"
		}
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = fmt.Sprint(v.Index(i).Interface())
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v.Interface())
}

func sortedSet(s []string) []string {
	if s == nil {
		return nil
	}
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// policy checks a policy and resolves it for group g: placeholders in a
// custom metric's dimensions and the resource label of a target group.
func (r *resolver) policy(d *Doc, base string, p model.PolicySpec, g *model.Group) (model.PolicySpec, error) {
	if err := p.Validate(); err != nil {
		return p, fieldError(d, base, err)
	}
	if p.Absent {
		return model.PolicySpec{Name: p.Name, Absent: true}, nil
	}
	p = p.Normal()
	vars := r.groupVars(g)
	if t := p.TargetTracking; t != nil {
		if t.Custom != nil {
			for k, v := range t.Custom.Dimensions {
				filled, err := fill(v, vars)
				if err != nil {
					return p, errorAt(d.Pos(join(base, "target_tracking.custom.dimensions."+k)), "%v", err)
				}
				t.Custom.Dimensions[k] = filled
			}
		}
		if t.Metric == model.MetricALBRequestCountPerTarget {
			name, label, err := r.label(g, t.TargetGroup)
			if err != nil {
				return p, errorAt(d.Pos(join(base, "target_tracking")), "%v", err)
			}
			t.TargetGroup, t.ResourceLabel = name, label
		}
	}
	if pr := p.Predictive; pr != nil && pr.Metric == model.MetricPairALBRequestCount {
		name, label, err := r.label(g, pr.TargetGroup)
		if err != nil {
			return p, errorAt(d.Pos(join(base, "predictive")), "%v", err)
		}
		pr.TargetGroup, pr.ResourceLabel = name, label
	}
	return p, nil
}

// label finds the target group a request-count policy follows (the one
// named, or the group's only one) and builds its resource label.
func (r *resolver) label(g *model.Group, name string) (string, string, error) {
	var tg *model.TargetGroup
	if name == "" {
		if len(g.TargetGroupARNs) != 1 {
			return "", "", fmt.Errorf("%s has %d target groups: name the one to follow with target_group", g.Name, len(g.TargetGroupARNs))
		}
		t, ok := r.live.TargetGroupByARN(g.TargetGroupARNs[0])
		if !ok {
			return "", "", fmt.Errorf("the target group of %s is not in %s", g.Name, r.live.Where)
		}
		tg = t
	} else {
		t, ok := r.live.TargetGroup(name)
		if !ok {
			return "", "", fmt.Errorf("no target group named %s in %s", name, r.live.Where)
		}
		if !slices.Contains(g.TargetGroupARNs, t.ARN) {
			return "", "", fmt.Errorf("target group %s is not attached to %s", name, g.Name)
		}
		tg = t
	}
	if len(tg.LoadBalancerARNs) == 0 {
		return "", "", fmt.Errorf("target group %s is behind no load balancer, so it has no requests per target", tg.Name)
	}
	return tg.Name, model.ResourceLabelOf(tg.LoadBalancerARNs[0], tg.ARN), nil
}

// scheduled checks a scheduled action and writes its times in UTC.
func (r *resolver) scheduled(d *Doc, base string, a model.ScheduleSpec) (model.ScheduleSpec, error) {
	if err := a.Validate(); err != nil {
		return a, fieldError(d, base, err)
	}
	if a.Absent {
		return model.ScheduleSpec{Name: a.Name, Absent: true}, nil
	}
	if a.TimeZone != "" && r.opts.ValidZone != nil && !r.opts.ValidZone(a.TimeZone) {
		return a, errorAt(d.Pos(join(base, "time_zone")), "time zone %q is not one AWS knows: use an IANA name such as Europe/London or America/New_York", a.TimeZone)
	}
	for _, t := range []*string{&a.Start, &a.End} {
		if *t != "" {
			v, _ := time.Parse(time.RFC3339, *t) // Validate parsed it
			*t = v.UTC().Format(time.RFC3339)
		}
	}
	return a.Normal(), nil
}

// groupVars are the placeholders of group g's alerts.
func (r *resolver) groupVars(g *model.Group) map[string]string {
	vars := map[string]string{"group": g.Name}
	if len(g.TargetGroupARNs) == 0 {
		return vars
	}
	vars["target_group"] = model.ARNDimension(g.TargetGroupARNs[0])
	if tg, ok := r.live.TargetGroupByARN(g.TargetGroupARNs[0]); ok && len(tg.LoadBalancerARNs) > 0 {
		vars["load_balancer"] = model.ARNDimension(tg.LoadBalancerARNs[0])
	}
	return vars
}

// placeholders are the names fill knows.
var placeholders = []string{"group", "target_group", "load_balancer"}

// fill replaces {group}, {target_group} and {load_balancer} in s.
func fill(s string, vars map[string]string) (string, error) {
	var b strings.Builder
	for {
		i := strings.Index(s, "{")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		j := strings.Index(s[i:], "}")
		if j < 0 {
			return "", fmt.Errorf("%q has a { without its }", s)
		}
		name := s[i+1 : i+j]
		v, ok := vars[name]
		switch {
		case !slices.Contains(placeholders, name):
			return "", fmt.Errorf("unknown placeholder {%s}: the placeholders are {group}, {target_group} and {load_balancer}", name)
		case !ok && vars == nil:
			return "", fmt.Errorf("{%s} has nothing to stand for here: placeholders work in the alerts of groups and target groups", name)
		case !ok:
			return "", fmt.Errorf("{%s} has nothing to stand for: %s has no %s", name, vars["group"], strings.ReplaceAll(name, "_", " "))
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+j+1:]
	}
}

// alarm fills an alert's placeholders, checks it and adds it.
func (r *resolver) alarm(d *Doc, base string, a model.AlarmSpec, vars map[string]string) error {
	var err error
	if a.Name, err = fill(a.Name, vars); err != nil {
		return errorAt(d.Pos(join(base, "name")), "%v", err)
	}
	if a.Description, err = fill(a.Description, vars); err != nil {
		return errorAt(d.Pos(join(base, "description")), "%v", err)
	}
	if a.Dimensions, err = fillDims(d, join(base, "dimensions"), a.Dimensions, vars); err != nil {
		return err
	}
	if a.Metrics != nil {
		qs := slices.Clone(a.Metrics)
		for i := range qs {
			if qs[i].Dimensions, err = fillDims(d, fmt.Sprintf("%s.metrics[%d].dimensions", base, i), qs[i].Dimensions, vars); err != nil {
				return err
			}
		}
		a.Metrics = qs
	}
	if err := a.Validate(); err != nil {
		return fieldError(d, base, err)
	}
	if a.Absent {
		if cur, ok := r.live.Alarm(a.Name); ok && !cur.Managed() {
			return errorAt(d.Pos(join(base, "absent")), "alarm %s was not made by hoist (it has no %s tag), and hoist deletes only its own alarms", a.Name, model.ManagedTag)
		}
		a = model.AlarmSpec{Name: a.Name, Absent: true}
	} else {
		a = a.Normal()
	}
	return addWant(r.out.Alarms, a.Name, a, d.Pos(base), "alarm "+a.Name)
}

// fillDims fills the placeholders of a dimensions map, in a copy.
func fillDims(d *Doc, at string, dims map[string]string, vars map[string]string) (map[string]string, error) {
	if len(dims) == 0 {
		return dims, nil
	}
	out := make(map[string]string, len(dims))
	for k, v := range dims {
		f, err := fill(v, vars)
		if err != nil {
			return nil, errorAt(d.Pos(at+"."+k), "%v", err)
		}
		out[k] = f
	}
	return out, nil
}

func (r *resolver) targetGroupBlock(d *Doc, i int) error {
	b := d.File.TargetGroups[i]
	base := fmt.Sprintf("target_groups[%d]", i)
	tg, ok := r.live.TargetGroup(b.Name)
	if !ok {
		return errorAt(d.Pos(join(base, "name")), "no target group named %q in %s", b.Name, r.live.Where)
	}
	w := r.out.TargetGroups[tg.Name]
	if w == nil {
		w = &TargetGroupWant{Name: tg.Name, Pos: map[string]Pos{}}
		r.out.TargetGroups[tg.Name] = w
	}
	if hc := b.HealthCheck; hc != nil {
		if err := r.healthCheck(d, base, tg, w, *hc); err != nil {
			return err
		}
	}
	if err := r.attributes(d, base, tg, w, b.Attributes); err != nil {
		return err
	}
	vars := map[string]string{"target_group": model.ARNDimension(tg.ARN)}
	if len(tg.LoadBalancerARNs) > 0 {
		vars["load_balancer"] = model.ARNDimension(tg.LoadBalancerARNs[0])
	}
	for j, a := range b.Alerts {
		if err := r.alarm(d, fmt.Sprintf("%s.alerts[%d]", base, j), a, vars); err != nil {
			return err
		}
	}
	return nil
}

// healthCheck merges a health check block and checks the result, the
// live values filling what the files leave out, by the console's rules.
func (r *resolver) healthCheck(d *Doc, base string, tg *model.TargetGroup, w *TargetGroupWant, hc model.HealthCheckSpec) error {
	at := func(f string) Pos { return d.Pos(join(base, "health_check."+f)) }
	set := map[string]Pos{}
	if err := mergeFields(&w.HealthCheck, &hc, set, at, tg.Name+"'s health check"); err != nil {
		return err
	}
	for k, p := range set {
		w.Pos["health_check."+k] = p
	}
	// What AWS holds already is not refused: only a change is checked.
	a := model.EditHealthCheck{TargetGroup: tg.ARN, Name: tg.Name, Protocol: tg.Protocol, From: tg.HealthCheck, To: w.HealthCheck.Over(tg.HealthCheck)}
	if a.To == a.From {
		return nil
	}
	if err := model.Validate(a, false); err != nil && !errors.Is(err, model.ErrNoChange) {
		return errorAt(d.Pos(join(base, "health_check")), "%v", err)
	}
	return nil
}

// checkAttribute checks one attribute by the console's rules for the
// target group's protocol.
func checkAttribute(tg *model.TargetGroup, k, v string) error {
	a := model.EditAttributes{TargetGroup: tg.ARN, Name: tg.Name, Protocol: tg.Protocol,
		From: map[string]string{k: tg.Attributes[k]}, To: map[string]string{k: v}}
	if err := model.Validate(a, false); err != nil && !errors.Is(err, model.ErrNoChange) {
		return err
	}
	return nil
}

// attributes merges an attributes block, each value checked by the
// console's rules for the target group's protocol.
func (r *resolver) attributes(d *Doc, base string, tg *model.TargetGroup, w *TargetGroupWant, attrs map[string]string) error {
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		v := attrs[k]
		at := d.Pos(join(base, "attributes."+k))
		if cur, ok := tg.Attributes[k]; !ok || cur != v { // what AWS holds already is not refused
			if err := checkAttribute(tg, k, v); err != nil {
				return errorAt(at, "%v", err)
			}
		}
		if prev, ok := w.Attributes[k]; ok && prev != v {
			return errorAt(at, "attribute %s of %s is set to %s here but to %s at %s: files may add to each other but not contradict",
				k, tg.Name, v, prev, w.Pos["attributes."+k])
		}
		if w.Attributes == nil {
			w.Attributes = map[string]string{}
		}
		w.Attributes[k] = v
		w.Pos["attributes."+k] = at
	}
	return nil
}

func (r *resolver) dashboard(d *Doc, base string, ds model.DashboardSpec) error {
	if err := ds.Validate(); err != nil {
		return fieldError(d, base, err)
	}
	if !ds.Absent && !slices.ContainsFunc(r.live.Groups, func(g model.Group) bool { return g.Tier == ds.Tier }) {
		return errorAt(d.Pos(join(base, "tier")), "no group has tier %q in %s, so its dashboard would be empty", ds.Tier, r.live.Where)
	}
	ds.Name = ds.DashboardName()
	return addWant(r.out.Dashboards, ds.Name, ds, d.Pos(base), "dashboard "+ds.Name)
}

// checkCapacities refuses limits that cannot hold once the live values
// fill what the files leave out.
func (r *resolver) checkCapacities() error {
	for _, name := range slices.Sorted(maps.Keys(r.out.Groups)) {
		w := r.out.Groups[name]
		g, _ := r.live.Group(name)
		s := w.Settings
		lo, hi := valueOr(s.Min, g.Min), valueOr(s.Max, g.Max)
		if lo > hi {
			f := "min"
			if s.Max != nil {
				f = "max"
			}
			return errorAt(w.Pos[f], "%s of %s would be min %d above max %d", f, name, lo, hi)
		}
		if s.Desired != nil && (*s.Desired < lo || *s.Desired > hi) {
			return errorAt(w.Pos["desired"], "desired %d of %s is outside min %d and max %d", *s.Desired, name, lo, hi)
		}
		if s.SuspendedProcesses != nil {
			for _, p := range s.Suspend {
				if !slices.Contains(s.SuspendedProcesses, p) {
					return errorAt(w.Pos["suspend"], "suspend names %s for %s, which suspended_processes at %s leaves out", p, name, w.Pos["suspended_processes"])
				}
			}
		}
	}
	return nil
}

func valueOr(p *int, v int) int {
	if p == nil {
		return v
	}
	return *p
}
