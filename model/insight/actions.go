package insight

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// Actions are the console's actions that make the changes cs on g as it is
// now: the group's min, max and desired as one SetLimits, a
// target-tracking target through EditPolicy, a predictive policy's mode
// or a new predictive policy through PutPolicy, a new scheduled action
// through PutScheduled. Each is absolute and carries what it saw (From),
// so it is re-checked against AWS before it is sent. now is the server's
// time (a scheduled action must run after it). A change the actions
// cannot make (an instance type, a Spot mix, a removal) is an error that
// says so in one sentence, and none of the changes is returned: a
// recommendation is applied whole or not at all.
func Actions(cs []Change, g *model.Group, now time.Time) ([]model.Action, error) {
	if g == nil {
		return nil, errors.New("the group is not in the current data")
	}
	var out []model.Action
	limits := g.Capacity
	for _, c := range cs {
		if c.Group != g.Name {
			return nil, fmt.Errorf("change %q is not to group %s", c.String(), g.Name)
		}
		switch {
		case c.Resource == ResGroup && c.Op == OpChange:
			if err := capacityOf(&limits, c.Fields); err != nil {
				return nil, err
			}
		case c.Resource == ResPolicy && c.Op == OpChange:
			a, err := policyAction(g, c)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		case c.Resource == ResPolicy && c.Op == OpAdd:
			a, err := newPredictive(g, c)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		case c.Resource == ResSchedule && c.Op == OpAdd:
			s, err := scheduleOf(c)
			if err != nil {
				return nil, err
			}
			out = append(out, model.PutScheduled{Group: g.Name, To: s, Now: now})
		case c.Resource == ResInstanceType:
			return nil, errors.New("an instance type changes through a new launch template version and an instance refresh: hoist resize makes it")
		default:
			return nil, fmt.Errorf("the console cannot make %q yet", c.String())
		}
	}
	if limits != g.Capacity {
		out = append([]model.Action{model.SetLimits{Group: g.Name, From: g.Capacity, To: limits}}, out...)
	}
	return out, nil
}

// capacityOf sets the min, max and desired fields into c; any other field
// of the group (a Spot mix) is refused.
func capacityOf(c *model.Capacity, fs []model.FieldChange) error {
	for _, f := range fs {
		n, err := strconv.Atoi(f.After)
		var at *int
		switch f.Field {
		case "min":
			at = &c.Min
		case "max":
			at = &c.Max
		case "desired":
			at = &c.Desired
		default:
			return fmt.Errorf("the console cannot change a group's %s yet (the Spot mix and instance types wait for vertical scaling)", f.Field)
		}
		if err != nil {
			return fmt.Errorf("%s %q is not a whole number", f.Field, f.After)
		}
		*at = n
	}
	return nil
}

// policyAction changes an existing policy: a target-tracking target
// (EditPolicy), a predictive policy's mode (PutPolicy, the whole policy).
func policyAction(g *model.Group, c Change) (model.Action, error) {
	p, ok := g.Policy(c.Name)
	if !ok {
		return nil, fmt.Errorf("policy %s is no longer on %s", c.Name, g.Name)
	}
	if len(c.Fields) != 1 {
		return nil, fmt.Errorf("the console cannot make %q yet", c.String())
	}
	f := c.Fields[0]
	switch {
	case f.Field == "target" && p.Target != nil:
		v, err := strconv.ParseFloat(f.After, 64)
		if err != nil {
			return nil, fmt.Errorf("target %q is not a number", f.After)
		}
		to := model.SettingsOf(p)
		to.TargetValue = v
		return model.EditPolicy{Group: g.Name, Policy: p.Name, Type: p.Type, Metric: p.Target.Metric, From: model.SettingsOf(p), To: to}, nil
	case f.Field == "mode" && p.Spec.Predictive != nil:
		from := p.Spec
		to := from
		pr := *from.Predictive
		pr.Mode = f.After
		to.Predictive = &pr
		return model.PutPolicy{Group: g.Name, From: &from, To: to}, nil
	}
	return nil, fmt.Errorf("the console cannot change %s of policy %s yet", f.Field, p.Name)
}

// newPredictive is a new predictive scaling policy, whole.
func newPredictive(g *model.Group, c Change) (model.Action, error) {
	pr := &model.PredictiveSpec{}
	for _, f := range c.Fields {
		switch f.Field {
		case "type":
			if f.After != model.PolicyPredictive {
				return nil, fmt.Errorf("the console cannot create a %s policy yet", f.After)
			}
		case "metric":
			pr.Metric = f.After
		case "mode":
			pr.Mode = f.After
		case "target":
			v, err := strconv.ParseFloat(f.After, 64)
			if err != nil {
				return nil, fmt.Errorf("target %q is not a number", f.After)
			}
			pr.Target = v
		case "resource_label":
			pr.ResourceLabel = f.After
			pr.TargetGroup = model.TargetGroupOfLabel(f.After)
		default:
			return nil, fmt.Errorf("the console cannot set %s of a new policy yet", f.Field)
		}
	}
	return model.PutPolicy{Group: g.Name, To: model.PolicySpec{Name: c.Name, Predictive: pr}}, nil
}

// scheduleOf is a new scheduled action, whole.
func scheduleOf(c Change) (model.ScheduleSpec, error) {
	s := model.ScheduleSpec{Name: c.Name}
	for _, f := range c.Fields {
		switch f.Field {
		case "recurrence":
			s.Recurrence = f.After
		case "time_zone":
			if f.After != "UTC" && f.After != "" {
				return s, fmt.Errorf("the console sends scheduled actions in UTC only; %s is in %s", c.Name, f.After)
			}
			s.TimeZone = f.After
		case "start":
			s.Start = f.After
		case "min", "max", "desired":
			n, err := strconv.Atoi(f.After)
			if err != nil {
				return s, fmt.Errorf("%s %q is not a whole number", f.Field, f.After)
			}
			switch f.Field {
			case "min":
				s.Min = &n
			case "max":
				s.Max = &n
			default:
				s.Desired = &n
			}
		default:
			return s, fmt.Errorf("the console cannot set %s of a scheduled action yet", strings.ReplaceAll(f.Field, "_", " "))
		}
	}
	return s, nil
}
