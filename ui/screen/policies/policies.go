// Package policies is the screen of one group's scaling policies: each
// policy whole (its kind, state and settings), the selected one's alarms
// or, for a predictive policy, its forecast drawn over the load and
// capacity as they were, with how accurate it has been. Its bindings
// create a policy of any kind through a form (target tracking on CPU,
// requests per target, network, memory or a custom metric; step; simple;
// predictive), edit one whole or just its target, toggle scale-in, enable
// or disable, execute and delete (the name typed back); a group without a
// predictive policy is offered a ForecastOnly one. Every change goes
// through the confirm dialog; after it the operator is back in this list.
package policies

import (
	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Name is the screen's name in the registry.
const Name = "policies"

// Context is the key context of the policy bindings.
const Context = "policies"

// Reach says how an operator gets to this screen's keys.
const Reach = "open the policies (P) first"

// Bindings are the keys of the policy context.
var Bindings = []keymap.Spec{
	{Action: "policy-new", Keys: []string{"n"}, Help: "create a policy: target tracking, step, simple or predictive (a form)", Section: "Policies", Context: Context, Mutating: true},
	{Action: "policy-edit", Keys: []string{"E"}, Help: "edit the whole policy (a form)", Section: "Policies", Context: Context, Mutating: true},
	{Action: "policy-target", Keys: []string{"e"}, Help: "edit the target value", Section: "Policies", Context: Context, Mutating: true},
	{Action: "policy-scale-in", Keys: []string{"s"}, Help: "toggle disable-scale-in", Section: "Policies", Context: Context, Mutating: true},
	{Action: "policy-enable", Keys: []string{"d"}, Help: "enable or disable", Section: "Policies", Context: Context, Mutating: true},
	{Action: "policy-execute", Keys: []string{"x"}, Help: "execute a simple or step policy", Section: "Policies", Context: Context, Mutating: true},
	{Action: "policy-delete", Keys: []string{"D"}, Help: "delete the policy (its name typed back)", Section: "Policies", Context: Context, Mutating: true},
	{Action: "policy-forecast-only", Keys: []string{"F"}, Help: "a ForecastOnly predictive policy: see what prediction would do, never scaling", Section: "Policies", Context: Context, Mutating: true},
}

var table = screen.Moves((*Screen).move, func(*Screen) int { return 5 }).With(screen.Table[*Screen]{
	"quit":                 {Run: func(*Screen, *screen.Env) tea.Msg { return intent.Pop{} }}, // q closes the list, as it always has
	"policy-new":           {Run: (*Screen).create, Disabled: needGroup},
	"policy-edit":          {Run: (*Screen).editWhole, Disabled: needPolicy},
	"policy-target":        {Run: (*Screen).target, Disabled: needPolicy},
	"policy-scale-in":      {Run: (*Screen).scaleIn, Disabled: needPolicy},
	"policy-enable":        {Run: (*Screen).enable, Disabled: needPolicy},
	"policy-execute":       {Run: (*Screen).execute, Disabled: needPolicy},
	"policy-delete":        {Run: (*Screen).delete, Disabled: needPolicy},
	"policy-forecast-only": {Run: (*Screen).forecastOnly, Disabled: needGroup},
})

// Screen is the policies of one group.
type Screen struct {
	region string // the group's region
	group  string
	cursor int
}

// New is the policies screen of group, in region.
func New(region, group string) *Screen { return &Screen{region: region, group: group} }

// Region is the group's region: the screen reads its data, and what it
// proposes goes there.
func (s *Screen) Region() string { return s.region }

// Name is the screen's name in the registry.
func (s *Screen) Name() string { return Name }

// Title names the group.
func (s *Screen) Title(env *screen.Env) string {
	return "Policies of " + text.Printable(s.group) + screen.InRegion(env, s.region)
}

// Contexts: the policy bindings.
func (s *Screen) Contexts() []string { return Contexts }

// Contexts are the screen's key contexts.
var Contexts = []string{Context}

// DetailGroup is the group whose detail the screen draws.
func (s *Screen) DetailGroup() string { return s.group }

// Handles reports whether the screen runs action.
func (s *Screen) Handles(action string) bool { return table.Handles(action) }

// Disabled is why action cannot run now.
func (s *Screen) Disabled(env *screen.Env, action string) string {
	return table.Disabled(s, env, action)
}

// Update runs an action.
func (s *Screen) Update(env *screen.Env, msg tea.Msg) tea.Msg {
	if a, ok := msg.(screen.Action); ok {
		return table.Run(s, env, a.Name)
	}
	return nil
}

// policies are the group's policies: the detail's when read, which is
// fresher than the snapshot's.
func (s *Screen) policies(env *screen.Env) []model.Policy { return env.PoliciesOf(s.group) }

// Selected is the policy under the cursor.
func (s *Screen) Selected(env *screen.Env) (model.Policy, bool) {
	return screen.Pick(s.policies(env), s.cursor)
}

func (s *Screen) move(env *screen.Env, d int) tea.Msg {
	s.cursor = screen.Step(s.cursor, d, len(s.policies(env)))
	return nil
}

func needPolicy(s *Screen, env *screen.Env) string {
	if _, ok := s.Selected(env); !ok {
		return "no policy selected"
	}
	return ""
}

func needGroup(s *Screen, env *screen.Env) string { return screen.NeedGroup(env, s.group) }

// Sources are the data the screen draws: its group, and the policies
// (read every few minutes: they count only when they fail).
func (s *Screen) Sources() []model.Class {
	return []model.Class{model.ClassGroups, model.ClassPolicies}
}

// Hints are the screen's key hints.
func (s *Screen) Hints(env *screen.Env) string {
	return " " + env.Keys.KeyOf("back") + " back " + env.Keys.KeyOf("help") + " help "
}
