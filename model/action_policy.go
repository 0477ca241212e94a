package model

import (
	"fmt"
	"strings"
)

// Actions on a group's scaling policies. Each re-reads the group with the
// policy (RefPolicy) before sending.

func policyRef(group, policy string) Ref { return Ref{Kind: RefPolicy, Group: group, Name: policy} }

// policyOf is the named policy as re-read; a policy or group that is gone
// is a ValidationError.
func policyOf(cur Current, group, policy string) (*Group, Policy, error) {
	g, err := cur.group(group)
	if err != nil {
		return nil, Policy{}, err
	}
	p, ok := g.Policy(policy)
	if !ok {
		return nil, Policy{}, invalid("policy %q no longer exists on %s", policy, group)
	}
	return g, p, nil
}

// PolicySettings are the parts of a policy an operator edits.
type PolicySettings struct {
	Enabled        bool
	TargetValue    float64 // target tracking only
	DisableScaleIn bool    // target tracking only
}

// SettingsOf returns the editable settings of p.
func SettingsOf(p Policy) PolicySettings {
	s := PolicySettings{Enabled: p.Enabled}
	if p.Target != nil {
		s.TargetValue = p.Target.Value
		s.DisableScaleIn = p.Target.DisableScaleIn
	}
	return s
}

// EditPolicy re-sends a policy with new settings (PutScalingPolicy carries
// the whole policy; the adapter starts from the policy as AWS holds it).
type EditPolicy struct {
	Group    string
	Policy   string
	Type     string
	Metric   string // target-tracking metric, for the range check
	From, To PolicySettings
}

func (a EditPolicy) Kind() Kind        { return KindEditPolicy }
func (a EditPolicy) GroupName() string { return a.Group }
func (a EditPolicy) Target() string    { return a.Group + "/" + a.Policy }
func (a EditPolicy) Mutating() bool    { return true }
func (a EditPolicy) Precondition() Ref { return policyRef(a.Group, a.Policy) }
func (a EditPolicy) Before() string    { return a.settingsString(a.From) }
func (a EditPolicy) After() string     { return a.settingsString(a.To) }

func (a EditPolicy) Changes() []FieldChange {
	cs := changed(nil, "state", enabledString(a.From.Enabled), enabledString(a.To.Enabled))
	if a.Type == PolicyTargetTracking {
		cs = changed(cs, "target value", formatFloat(a.From.TargetValue), formatFloat(a.To.TargetValue))
		cs = changed(cs, "scale-in", scaleInString(a.From.DisableScaleIn), scaleInString(a.To.DisableScaleIn))
	}
	return cs
}

func enabledString(on bool) string {
	if on {
		return "enabled"
	}
	return "disabled"
}

func scaleInString(disabled bool) string {
	if disabled {
		return "off"
	}
	return "on"
}

func (a EditPolicy) settingsString(s PolicySettings) string {
	parts := []string{enabledString(s.Enabled)}
	if a.Type == PolicyTargetTracking {
		parts = append(parts, "target "+formatFloat(s.TargetValue), "scale-in "+scaleInString(s.DisableScaleIn))
	}
	return strings.Join(parts, ", ")
}

func (a EditPolicy) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	if err := checkName("policy", a.Policy); err != nil {
		return err
	}
	if a.Type != PolicyTargetTracking && (a.To.TargetValue != a.From.TargetValue || a.To.DisableScaleIn != a.From.DisableScaleIn) {
		return invalid("only target-tracking policies have a target value and scale-in setting")
	}
	if a.Type == PolicyTargetTracking {
		v := a.To.TargetValue
		switch {
		case v <= 0:
			return invalid("target value %s must be above 0", formatFloat(v))
		case PercentMetric(a.Metric) && v > 100:
			return invalid("target value %s is above 100 for %s, a percentage", formatFloat(v), a.Metric)
		}
	}
	if a.To == a.From {
		return ErrNoChange
	}
	return nil
}

func (a EditPolicy) check(cur Current) error {
	_, p, err := policyOf(cur, a.Group, a.Policy)
	if err != nil {
		return err
	}
	if now := SettingsOf(p); now != a.From {
		return &ConflictError{What: "policy " + a.Policy, Saw: a.settingsString(a.From), Now: a.settingsString(now)}
	}
	return nil
}

// DeletePolicy deletes a scaling policy (and, for target tracking, the
// alarms AWS made for it).
type DeletePolicy struct {
	Group, Policy, Type string
}

func (a DeletePolicy) Kind() Kind        { return KindDeletePolicy }
func (a DeletePolicy) GroupName() string { return a.Group }
func (a DeletePolicy) Target() string    { return a.Group + "/" + a.Policy }
func (a DeletePolicy) Mutating() bool    { return true }
func (a DeletePolicy) Precondition() Ref { return policyRef(a.Group, a.Policy) }
func (a DeletePolicy) Before() string    { return "policy " + a.Policy + " (" + a.Type + ")" }
func (a DeletePolicy) After() string     { return "deleted" }
func (a DeletePolicy) Changes() []FieldChange {
	return []FieldChange{{Field: "policy " + a.Policy, Before: a.Type, After: "deleted"}}
}
func (a DeletePolicy) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	return checkName("policy", a.Policy)
}
func (a DeletePolicy) check(cur Current) error {
	_, _, err := policyOf(cur, a.Group, a.Policy)
	return err
}

// ExecutePolicy runs a simple or step scaling policy once. The policy's
// adjustment is relative, so the adapter never retries it: the conflict
// check on desired capacity and a single send are what keep it from being
// applied twice.
type ExecutePolicy struct {
	Group, Policy, Type string
	From                Capacity
	// MetricValue and Threshold are required by step scaling, to choose
	// the step.
	MetricValue, Threshold *float64
	HonorCooldown          bool
}

func (a ExecutePolicy) Kind() Kind        { return KindExecutePolicy }
func (a ExecutePolicy) GroupName() string { return a.Group }
func (a ExecutePolicy) Target() string    { return a.Group + "/" + a.Policy }
func (a ExecutePolicy) Mutating() bool    { return true }
func (a ExecutePolicy) Precondition() Ref { return policyRef(a.Group, a.Policy) }
func (a ExecutePolicy) Before() string    { return fmt.Sprintf("desired %d", a.From.Desired) }
func (a ExecutePolicy) After() string     { return "policy " + a.Policy + " executed once" }
func (a ExecutePolicy) Changes() []FieldChange {
	return []FieldChange{{Field: "desired", Before: itoa(a.From.Desired), After: "as policy " + a.Policy + " adjusts it, once"}}
}
func (a ExecutePolicy) validate() error {
	if err := checkName("group", a.Group); err != nil {
		return err
	}
	if err := checkName("policy", a.Policy); err != nil {
		return err
	}
	switch a.Type {
	case PolicySimple:
	case PolicyStep:
		if a.MetricValue == nil {
			return invalid("a step scaling policy needs a metric value to pick its step")
		}
	default:
		return invalid("only simple and step scaling policies can be executed; %s is %s", a.Policy, a.Type)
	}
	return nil
}
func (a ExecutePolicy) check(cur Current) error {
	g, _, err := policyOf(cur, a.Group, a.Policy)
	if err != nil {
		return err
	}
	if g.Desired != a.From.Desired {
		return &ConflictError{What: "desired", Saw: itoa(a.From.Desired), Now: itoa(g.Desired)}
	}
	return nil
}
