// Package policies is the screen of one group's scaling policies: each
// policy with its type, state and settings, and the policy context's
// bindings (edit a target, toggle scale-in, enable or disable, execute,
// delete). Every change goes through the confirm dialog; after it the
// operator is back in this list.
package policies

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/look"
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
	{Action: "policy-target", Keys: []string{"e"}, Help: "edit the target value", Section: "Policies", Context: Context, Mutating: true},
	{Action: "policy-scale-in", Keys: []string{"s"}, Help: "toggle disable-scale-in", Section: "Policies", Context: Context, Mutating: true},
	{Action: "policy-enable", Keys: []string{"d"}, Help: "enable or disable", Section: "Policies", Context: Context, Mutating: true},
	{Action: "policy-execute", Keys: []string{"x"}, Help: "execute a simple or step policy", Section: "Policies", Context: Context, Mutating: true},
	{Action: "policy-delete", Keys: []string{"D"}, Help: "delete the policy", Section: "Policies", Context: Context, Mutating: true},
}

var table = screen.Moves((*Screen).move, func(*Screen) int { return 5 }).With(screen.Table[*Screen]{
	"quit":            {Run: func(*Screen, *screen.Env) tea.Msg { return intent.Pop{} }}, // q closes the list, as it always has
	"policy-target":   {Run: (*Screen).target, Disabled: needPolicy},
	"policy-scale-in": {Run: (*Screen).scaleIn, Disabled: needPolicy},
	"policy-enable":   {Run: (*Screen).enable, Disabled: needPolicy},
	"policy-execute":  {Run: (*Screen).execute, Disabled: needPolicy},
	"policy-delete":   {Run: (*Screen).delete, Disabled: needPolicy},
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

func (s *Screen) policies(env *screen.Env) []model.Policy {
	g, ok := env.Group(s.group)
	if !ok {
		return nil
	}
	return g.Policies
}

// Selected is the policy under the cursor.
func (s *Screen) Selected(env *screen.Env) (model.Policy, bool) {
	ps := s.policies(env)
	if len(ps) == 0 {
		return model.Policy{}, false
	}
	return ps[max(0, min(s.cursor, len(ps)-1))], true
}

func (s *Screen) move(env *screen.Env, d int) tea.Msg {
	s.cursor = max(0, min(len(s.policies(env))-1, s.cursor+d))
	return nil
}

func needPolicy(s *Screen, env *screen.Env) string {
	if _, ok := s.Selected(env); !ok {
		return "no policy selected"
	}
	return ""
}

// Sources are the data the screen draws: its group, and the policies
// (read every few minutes: they count only when they fail).
func (s *Screen) Sources() []model.Class {
	return []model.Class{model.ClassGroups, model.ClassPolicies}
}

// Hints are the screen's key hints.
func (s *Screen) Hints(env *screen.Env) string {
	return " " + env.Keys.KeyOf("back") + " back " + env.Keys.KeyOf("help") + " help "
}

// View frames the list.
func (s *Screen) View(env *screen.Env, w, h int) []string {
	return env.Box(s.Title(env), true, w, h, s.lines(env, w-2, h-2))
}

func (s *Screen) lines(env *screen.Env, w, h int) []string {
	st := &env.St
	ps := s.policies(env)
	k := env.Keys.KeyOf
	hint := look.Styled(st.KeyHint, fmt.Sprintf("%s target  %s scale-in  %s enable/disable  %s execute  %s delete  %s back",
		k("policy-target"), k("policy-scale-in"), k("policy-enable"), k("policy-execute"), k("policy-delete"), k("back")), w, env.G.Ellipsis)
	if len(ps) == 0 {
		return []string{env.Styled(st.Muted, "no scaling policies", w), "", hint}
	}
	var out []string
	cur := max(0, min(s.cursor, len(ps)-1))
	n := max((h-2)/2, 1) // policies that fit, two lines each
	start := max(0, min(cur-n/2, len(ps)-n))
	for i := start; i < len(ps) && i < start+n; i++ {
		p := ps[i]
		line := fmt.Sprintf("%s  %s  %s", text.Printable(p.Name), screen.ShortPolicyType(p.Type), screen.PolicyState(p))
		mark, ink := "  ", st.Base
		if i == cur {
			mark, ink = env.G.Cursor+" ", st.Selected(st.Emph)
		}
		out = append(out, look.Styled(st.Base, mark, 2, "")+env.Styled(ink, line, w-2))
		out = append(out, env.Styled(st.Muted, "    "+strings.Join(screen.PolicyDetails(p), ", "), w))
	}
	return append(out, "", hint)
}
