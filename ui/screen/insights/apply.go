package insights

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
)

// applicable is what applying the selected row would send: its title, the
// reason the journal gets, and the actions; or why it cannot be applied.
type applicable struct {
	title, reason string
	actions       []model.Action
	why           string
}

// toApply turns the selected row into the console's actions on the group
// as the current snapshot has it (so each carries what the operator saw
// and is re-checked against AWS before it goes).
func (s *Screen) toApply(env *screen.Env) applicable {
	var title, reason, group string
	var cs []insight.Change
	switch it := s.selected(); it.kind {
	case kindRec:
		r := s.rep.Recommendations[it.i]
		if r.HeldBack != "" {
			return applicable{why: "held back: " + r.HeldBack}
		}
		title, reason, group, cs = r.Title, "hoist recommendation "+r.ID, r.Group, r.Changes
	case kindPlan:
		p := s.plans[it.i]
		if len(p.Changes) == 0 {
			if p.Note != "" {
				return applicable{why: p.Group + ": " + p.Note}
			}
			return applicable{why: fmt.Sprintf("%s: max %d allows %d: nothing to change", p.Group, p.Max, p.Needed)}
		}
		title = "capacity for " + p.Scenario + " on " + p.Group
		reason, group, cs = "hoist capacity plan: "+strings.ReplaceAll(p.Scenario, "×", "x"), p.Group, p.Changes
	case kindFinding:
		return applicable{why: "cleanup is reported only: nothing is deleted from the console"}
	default:
		return applicable{why: "nothing selected"}
	}
	g, ok := env.Group(group)
	if !ok {
		return applicable{why: "group " + group + " is not in the current data"}
	}
	as, err := insight.Actions(cs, g, env.ServerNow())
	if err != nil {
		return applicable{why: err.Error()}
	}
	return applicable{title: env.Plain(title), reason: reason, actions: as}
}

func (s *Screen) whyNotApply(env *screen.Env) string { return s.toApply(env).why }

// apply proposes the selected row's actions as one list, confirmed once.
func (s *Screen) apply(env *screen.Env) tea.Msg {
	a := s.toApply(env)
	if a.why != "" {
		return intent.Status{Kind: intent.Warn, Text: a.why}
	}
	return intent.ProposeList{Title: a.title, Actions: a.actions, Region: s.region, Reason: a.reason}
}
