package spec

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model"
)

// Reverting one apply (or one action) is a plan too: the actions that put
// back what it changed, newest first, each re-checked when sent, and what
// cannot be put back said as notes.

// RevertStep is one journaled action and what reverting it comes to.
type RevertStep struct {
	Intent   model.JournalEntry
	Reverted model.Reverted
	// Skip says why the action is not looked at again (it failed, or its
	// journal entry names no state to re-read).
	Skip string
}

// RevertPlan is the plan that reverts the steps of id, in their order.
func RevertPlan(where model.Where, id string, steps []RevertStep) *Plan {
	p := &Plan{Where: where, Files: []string{"the values before " + id}}
	for _, s := range steps {
		what := s.Intent.Target
		switch r := s.Reverted; {
		case s.Skip != "":
			p.Notes = append(p.Notes, fmt.Sprintf("%s is not reverted: %s", what, s.Skip))
		case r.Note != "":
			p.Notes = append(p.Notes, fmt.Sprintf("%s is not reverted: %s", what, r.Note))
		}
		for _, f := range s.Reverted.Refused {
			p.Notes = append(p.Notes, fmt.Sprintf("%s is not put back where it changed since the apply: %s", what, f))
		}
		if a := s.Reverted.Action; a != nil {
			p.add(ChangeOf(a))
		}
	}
	return p
}

// Refused reports whether the plan leaves out a field that changed since.
func (p *Plan) Refused() bool {
	for _, n := range p.Notes {
		if strings.Contains(n, "changed since the apply") {
			return true
		}
	}
	return false
}

// ChangeOf is one action as a change of a plan: its resource as plans
// name it, its field changes, and the action.
func ChangeOf(a model.Action) Change {
	c := Change{Op: Update, Fields: a.Changes(), Actions: []model.Action{a}}
	switch x := a.(type) {
	case model.EditPolicy:
		c.Kind, c.Group, c.Name = KindPolicy, x.Group, x.Policy
	case model.DeletePolicy:
		c.Op, c.Kind, c.Group, c.Name, c.Fields = Delete, KindPolicy, x.Group, x.Policy, nil
	case model.DeleteScheduled:
		c.Op, c.Kind, c.Group, c.Name, c.Fields = Delete, KindScheduled, x.Group, x.From.Name, nil
	case model.EditHealthCheck:
		c.Kind, c.Name = KindTargetGroup, x.Name
	case model.EditAttributes:
		c.Kind, c.Name = KindTargetGroup, x.Name
	case model.PutAlarm:
		c.Kind, c.Name = KindAlarm, x.To.Name
		if x.From == nil {
			c.Op = Create
		}
	case model.DeleteAlarm:
		c.Op, c.Kind, c.Name, c.Fields = Delete, KindAlarm, x.From.Name, nil
	case model.DeleteDashboard:
		c.Op, c.Kind, c.Name, c.Fields = Delete, KindDashboard, x.Name, nil
	case model.PutDashboard:
		c.Kind, c.Name = KindDashboard, x.Name
	default:
		c.Kind, c.Name = KindGroup, a.GroupName()
	}
	return c
}
