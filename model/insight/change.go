package insight

import (
	"strings"

	"github.com/solemate/hoist/model"
)

// Change operations, as a plan prints them.
const (
	OpChange = "~"
	OpAdd    = "+"
	OpRemove = "-"
)

// Resources a change is to.
const (
	ResGroup          = "group"           // min, max, desired, mixed instances
	ResPolicy         = "policy"          // a scaling policy of the group
	ResSchedule       = "schedule"        // a scheduled action of the group
	ResInstanceType   = "instance-type"   // vertical scaling: a new launch template version and a refresh
	ResTargetGroup    = "target-group"    // cleanup
	ResLoadBalancer   = "load-balancer"   // cleanup
	ResAlarm          = "alarm"           // cleanup
	ResLaunchTemplate = "launch-template" // cleanup: a version
)

// Change is one desired-state change a recommendation implies, at the
// level of the configuration files: a resource (a group, or one of its
// policies or scheduled actions), created, changed or removed, field by
// field. It is deliberately small, so it maps onto the plan's files.
type Change struct {
	Op       string              `json:"op"`
	Resource string              `json:"resource"`
	Group    string              `json:"group,omitempty"`
	Name     string              `json:"name,omitempty"` // the policy, schedule, alarm, ...; "" for the group itself
	Fields   []model.FieldChange `json:"fields,omitempty"`
}

// String renders the change as a plan line:
// "~ group web min 6 → 2", "+ schedule web night: recurrence 0 20 * * *, min 2".
func (c Change) String() string {
	var b strings.Builder
	b.WriteString(c.Op + " " + c.Resource)
	if c.Group != "" {
		b.WriteString(" " + c.Group)
	}
	if c.Name != "" {
		b.WriteString(" " + c.Name)
	}
	for i, f := range c.Fields {
		sep := ", "
		if i == 0 {
			sep = " "
			if c.Op != OpChange {
				sep = ": "
			}
		}
		b.WriteString(sep + f.Field)
		switch {
		case c.Op == OpChange:
			b.WriteString(" " + model.Change(orNone(f.Before), orNone(f.After)))
		case f.After != "":
			b.WriteString(" " + f.After)
		}
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func field(name, before, after string) model.FieldChange {
	return model.FieldChange{Field: name, Before: before, After: after}
}

func set(name, after string) model.FieldChange { return model.FieldChange{Field: name, After: after} }
