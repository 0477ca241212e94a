package model

import (
	"math"
	"slices"
	"strings"
	"time"
)

// PutPolicy creates or replaces a scaling policy of any kind with
// PutScalingPolicy, which takes the whole policy: To is sent as it is,
// never merged into what AWS holds. It re-reads the group's policies
// (RefPolicy): the policy must be as the operator saw it (From), or still
// absent when From is nil.
type PutPolicy struct {
	Group string
	From  *PolicySpec // nil: the policy did not exist
	// To is the whole policy, resolved for the group
	// (PolicyContext.Resolve): its target group's resource label is set.
	To PolicySpec
}

func (a PutPolicy) Kind() Kind        { return KindPutPolicy }
func (a PutPolicy) GroupName() string { return a.Group }
func (a PutPolicy) Target() string    { return a.Group + "/" + a.To.Name }
func (a PutPolicy) Mutating() bool    { return true }
func (a PutPolicy) Precondition() Ref { return policyRef(a.Group, a.To.Name) }
func (a PutPolicy) After() string     { return a.To.Summary() }

func (a PutPolicy) Before() string {
	if a.From == nil {
		return "no policy " + a.To.Name
	}
	return a.From.Summary()
}

func (a PutPolicy) Changes() []FieldChange {
	var from []PolicyField
	if a.From != nil {
		from = a.From.Fields()
	}
	return fieldsChange(from, a.To.Fields())
}

// fieldsChange lists the fields that differ between two field lists,
// those of the first that the second lacks as removed.
func fieldsChange(from, to []PolicyField) []FieldChange {
	value := func(fs []PolicyField, name string) (string, bool) {
		for _, f := range fs {
			if f.Name == name {
				return f.Value, true
			}
		}
		return "", false
	}
	var cs []FieldChange
	for _, f := range to {
		before, _ := value(from, f.Name)
		cs = changed(cs, f.Name, before, f.Value)
	}
	for _, f := range from {
		if _, ok := value(to, f.Name); !ok {
			cs = append(cs, FieldChange{Field: f.Name, Before: f.Value})
		}
	}
	return cs
}

func (a PutPolicy) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	if a.To.Absent {
		return invalid("to delete policy %s, delete it (hoist policy delete)", a.To.Name)
	}
	if err := a.To.Validate(); err != nil {
		return err
	}
	if a.To.Opaque != "" {
		return invalid("policy %s uses %s, which hoist cannot send whole", a.To.Name, a.To.Opaque)
	}
	if a.From != nil {
		switch {
		case a.From.Name != a.To.Name:
			return invalid("a policy cannot be renamed (%s to %s): create the new one and delete the old", a.From.Name, a.To.Name)
		case a.From.Opaque != "":
			return invalid("policy %s uses %s, which hoist cannot edit without losing it: change it with the AWS console or CLI", a.From.Name, a.From.Opaque)
		}
	}
	if a.To.NeedsTargetGroup() && !a.resolved() {
		return invalid("pick the target group policy %s follows: its requests are counted per target group", a.To.Name)
	}
	if a.From != nil && a.From.Equal(a.To) {
		return ErrNoChange
	}
	return nil
}

// resolved reports whether every ALB metric of To has its resource label.
func (a PutPolicy) resolved() bool {
	if t := a.To.TargetTracking; t != nil {
		return t.ResourceLabel != ""
	}
	return a.To.Predictive == nil || a.To.Predictive.ResourceLabel != ""
}

func (a PutPolicy) check(cur Current) error {
	g, err := cur.group(a.Group)
	if err != nil {
		return err
	}
	now, ok := g.Policy(a.To.Name)
	switch {
	case ok && now.Spec.Equal(a.To):
		return ErrNoChange
	case a.From == nil && ok:
		return &ConflictError{What: "policy " + a.To.Name, Saw: "absent", Now: now.Spec.Summary()}
	case a.From != nil && !ok:
		return invalid("policy %q no longer exists on %s", a.To.Name, a.Group)
	case a.From != nil && !now.Spec.Equal(*a.From):
		return specConflict(a.To.Name, *a.From, now.Spec)
	}
	return nil
}

// specConflict names the first field of a policy that changed.
func specConflict(name string, saw, now PolicySpec) error {
	for _, c := range fieldsChange(saw.Fields(), now.Fields()) {
		return &ConflictError{What: "policy " + name + "'s " + c.Field, Saw: orNone(c.Before), Now: orNone(c.After)}
	}
	return &ConflictError{What: "policy " + name, Saw: saw.Summary(), Now: now.Summary()}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// AttachAlarm makes an alarm invoke a step or simple scaling policy when
// it goes to ALARM, with PutMetricAlarm: the chosen alarm (From) re-sent
// whole with the policy added to its actions, or a new one (New) created
// for it. It re-reads the alarm (RefAlarm).
type AttachAlarm struct {
	Group, Policy string
	PolicyARN     string // the policy's ARN, known once it exists
	Alarm         string // the alarm's name
	From          *Alarm // the alarm as the operator saw it; nil to create New
	New           *Alarm // the alarm to create: metric, statistic, threshold, comparison, period, evaluations
}

func (a AttachAlarm) Kind() Kind        { return KindAttachAlarm }
func (a AttachAlarm) GroupName() string { return a.Group }
func (a AttachAlarm) Target() string    { return a.Alarm }
func (a AttachAlarm) Mutating() bool    { return true }
func (a AttachAlarm) Precondition() Ref { return Ref{Kind: RefAlarm, Group: a.Group, Name: a.Alarm} }

func (a AttachAlarm) Before() string {
	if a.From == nil {
		return "no alarm " + a.Alarm
	}
	return "alarm " + a.Alarm + " runs " + actionsString(a.From.Actions)
}

func (a AttachAlarm) After() string {
	return "alarm " + a.Alarm + " runs " + actionsString(a.actionsAfter())
}

func (a AttachAlarm) actionsAfter() []string {
	var acts []string
	if a.From != nil {
		acts = slices.Clone(a.From.Actions)
	}
	if !slices.Contains(acts, a.PolicyARN) {
		acts = append(acts, a.PolicyARN)
	}
	return acts
}

// actionsString names alarm actions briefly: policies by name.
func actionsString(acts []string) string {
	if len(acts) == 0 {
		return "nothing"
	}
	out := make([]string, len(acts))
	for i, s := range acts {
		out[i] = s
		if _, p, ok := strings.Cut(s, ":policyName/"); ok {
			out[i] = "policy " + p
		}
	}
	return strings.Join(out, ", ")
}

func (a AttachAlarm) Changes() []FieldChange {
	if a.From == nil {
		n := a.New
		line := ""
		if n != nil {
			line = PreviewAlarms(PolicySpec{Name: a.Policy, Simple: &SimpleSpec{}}, a.Group, n)[0].String()
		}
		return []FieldChange{{Field: "alarm " + a.Alarm, After: line}}
	}
	return []FieldChange{{Field: "alarm " + a.Alarm + " actions", Before: actionsString(a.From.Actions), After: actionsString(a.actionsAfter())}}
}

func (a AttachAlarm) validate() error {
	for _, n := range []struct{ what, v string }{{"group", a.Group}, {"policy", a.Policy}, {"alarm", a.Alarm}} {
		if err := checkName(n.what, n.v); err != nil {
			return err
		}
	}
	switch {
	case !strings.Contains(a.PolicyARN, ":scalingPolicy:"):
		return invalid("policy %s has no ARN yet: create it before attaching an alarm", a.Policy)
	case a.From == nil && a.New == nil:
		return invalid("choose an alarm to run policy %s, or describe one to create", a.Policy)
	case a.From != nil && slices.Contains(a.From.Actions, a.PolicyARN):
		return ErrNoChange
	case a.From != nil && len(a.From.Actions) >= 5:
		return invalid("alarm %s already has 5 actions, the most an alarm state takes", a.Alarm)
	case a.From == nil:
		return checkNewAlarm(*a.New)
	}
	return nil
}

// checkNewAlarm refuses an alarm PutMetricAlarm would refuse.
func checkNewAlarm(n Alarm) error {
	switch {
	case strings.TrimSpace(n.Namespace) == "" || strings.TrimSpace(n.Metric) == "":
		return invalid("the new alarm needs a metric: a namespace and a name, such as AWS/EC2 CPUUtilization")
	case !slices.Contains(MetricStatistics, n.Statistic):
		return invalid("statistic %q is not one of %s", n.Statistic, strings.Join(MetricStatistics, ", "))
	case !slices.Contains(Comparisons, n.Comparison):
		return invalid("comparison %q is not one of %s", n.Comparison, strings.Join(Comparisons, ", "))
	case math.IsNaN(n.Threshold) || math.IsInf(n.Threshold, 0):
		return invalid("the alarm's threshold must be a number")
	}
	p := n.Period
	if p != 10*time.Second && p != 20*time.Second && p != 30*time.Second && (p < time.Minute || p%time.Minute != 0) {
		return invalid("an alarm's period %s must be 10s, 20s, 30s or a whole number of minutes", p)
	}
	limit := 24 * time.Hour
	if p >= time.Hour {
		limit = 7 * 24 * time.Hour
	}
	switch {
	case n.Evaluations < 1:
		return invalid("an alarm needs at least one evaluation period, not %d", n.Evaluations)
	case time.Duration(n.Evaluations)*p > limit:
		return invalid("%d periods of %s is longer than the %s an alarm may evaluate", n.Evaluations, p, limit)
	}
	return nil
}

func (a AttachAlarm) check(cur Current) error {
	now := cur.Alarm
	if now != nil && now.Name != a.Alarm {
		now = nil
	}
	switch {
	case now != nil && slices.Contains(now.Actions, a.PolicyARN):
		return ErrNoChange
	case a.From == nil && now != nil:
		return &ConflictError{What: "alarm " + a.Alarm, Saw: "absent", Now: "an alarm on " + now.Namespace + " " + now.Metric}
	case a.From != nil && now == nil:
		return invalid("alarm %q no longer exists", a.Alarm)
	case a.From != nil && !slices.Equal(now.Actions, a.From.Actions):
		return &ConflictError{What: "alarm " + a.Alarm + "'s actions", Saw: actionsString(a.From.Actions), Now: actionsString(now.Actions)}
	}
	return nil
}
