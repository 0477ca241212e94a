// Package plan is the :apply screen: the plan of configuration files as
// hoist plan prints it (each change per resource and field, in the order
// apply makes it, the cost before and after, what hoist cannot send yet),
// one key to apply it after one confirm that lists every change, and the
// progress of each change while it is applied. The root model makes the
// plan (a tea.Cmd), opens the confirm and sends each action; this screen
// draws the plan and what became of each change.
package plan

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model/spec"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Name is the screen's name in the registry.
const Name = "plan"

// Context is the key context of the plan's bindings.
const Context = "plan"

// Reach says how an operator gets to this screen's keys.
const Reach = "open a plan with :apply FILE first"

// Bindings are the keys of the plan context.
var Bindings = []keymap.Spec{
	{Action: "apply-plan", Keys: []string{"a"}, Help: "apply the plan shown (one confirm lists every change)", Section: "Plan", Context: Context, Mutating: true},
}

// Contexts are the screen's key contexts.
var Contexts = []string{Context}

// State is what became of one change of the plan.
type State int

// The states of a change, in the order they happen.
const (
	Waiting State = iota
	Sending
	Done
	Failed
	Unknown    // sent, and no answer says whether it applied
	NotApplied // the apply stopped before it
)

func (s State) word() string {
	return [...]string{"", "sending", "done", "FAILED", "OUTCOME UNKNOWN", "not applied"}[s]
}

// Progress says what became of change Change (its index in the plan).
type Progress struct {
	Change int
	State  State
	Err    string
}

// Finished says the apply is over, in one sentence.
type Finished struct {
	Text string
	OK   bool
}

var table = screen.Moves(func(s *Screen, _ *screen.Env, d int) tea.Msg {
	s.scroll = max(0, min(s.scroll+d, 1<<20))
	s.follow = false
	return nil
}, func(*Screen) int { return 10 }).With(screen.Table[*Screen]{
	"apply-plan": {Run: (*Screen).propose, Disabled: (*Screen).cannotApply},
	"back":       {Run: (*Screen).back},
	"quit":       {Run: (*Screen).back},
})

// Screen is one plan, its file and what became of each change.
type Screen struct {
	path     string
	plan     *spec.Plan
	states   []State
	errs     []string
	scroll   int
	follow   bool // keep the change being sent in view
	running  bool
	finished *Finished
}

// New is the screen of plan p, made from path.
func New(path string, p *spec.Plan) *Screen {
	return &Screen{path: path, plan: p, states: make([]State, len(p.Changes)), errs: make([]string, len(p.Changes))}
}

// Path is the file or directory the plan was made from.
func (s *Screen) Path() string { return s.path }

// Plan is the plan shown.
func (s *Screen) Plan() *spec.Plan { return s.plan }

// Region is the region the plan was made for (model.Where): the header
// and the screens below read that region while the plan is on top, and
// the plan is applied there.
func (s *Screen) Region() string { return s.plan.Where.Region }

// Name is the screen's name in the registry.
func (s *Screen) Name() string { return Name }

// Title names the file.
func (s *Screen) Title(*screen.Env) string { return "Plan of " + text.Printable(s.path) }

// Contexts: the plan's bindings.
func (s *Screen) Contexts() []string { return Contexts }

// Handles reports whether the screen runs action.
func (s *Screen) Handles(action string) bool { return table.Handles(action) }

// Disabled is why action cannot run now.
func (s *Screen) Disabled(env *screen.Env, action string) string {
	return table.Disabled(s, env, action)
}

// Running reports whether the plan is being applied.
func (s *Screen) Running() bool { return s.running }

// Update runs an action or takes the progress of the apply.
func (s *Screen) Update(env *screen.Env, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case screen.Action:
		return table.Run(s, env, msg.Name)
	case Progress:
		s.running = true
		s.states[msg.Change], s.errs[msg.Change] = msg.State, msg.Err
		s.follow = true
	case Finished:
		s.running, s.finished = false, &msg
	}
	return nil
}

func (s *Screen) back(*screen.Env) tea.Msg {
	if s.running {
		return intent.Status{Kind: intent.Warn, Text: "the plan is being applied: it stops at the first failure; wait for it to finish"}
	}
	return intent.Pop{}
}

func (s *Screen) cannotApply(*screen.Env) string {
	switch {
	case s.running:
		return "the plan is being applied"
	case s.finished != nil:
		return "this plan was applied: :apply " + text.Printable(s.path) + " plans it again against what runs now"
	case s.plan.Empty():
		return "nothing to change: the files match what runs"
	case len(s.plan.Pending()) > 0:
		return spec.PendingSentence(s.plan.Pending())
	}
	return ""
}

// propose asks for the one confirm of the whole plan.
func (s *Screen) propose(*screen.Env) tea.Msg {
	p := s.plan
	changes := make([]intent.PlanChange, len(p.Changes))
	for i, c := range p.Changes {
		changes[i] = intent.PlanChange{Head: string(c.Op) + " " + c.Resource(), Fields: c.Fields}
		if c.Op == spec.Create || c.Op == spec.Delete {
			changes[i].Fields = nil // what a create makes is on the screen; the confirm names it
		}
	}
	add, change, del := p.Counts()
	return intent.ProposePlan{Title: fmt.Sprintf("Apply %d to add, %d to change, %d to delete", add, change, del),
		Changes: changes, Delta: p.Cost.After - p.Cost.Before}
}

// Hints are the screen's keys.
func (s *Screen) Hints(env *screen.Env) string {
	k := env.Keys.KeyOf
	return " " + k("apply-plan") + " apply  " + k("back") + " back " + k("help") + " help "
}

// View frames the plan.
func (s *Screen) View(env *screen.Env, w, h int) []string {
	all, at := s.lines(env, w-2)
	rows := max(h-2, 0)
	if s.follow {
		s.scroll = max(0, at-rows/3)
	}
	top := max(0, min(s.scroll, len(all)-rows))
	s.scroll = top
	return env.Box(s.Title(env), true, w, h, all[top:min(len(all), top+rows)])
}

// lines are the plan's lines, long ones wrapped, with each change's state
// after its resource; at is the line of the change being sent.
func (s *Screen) lines(env *screen.Env, w int) ([]string, int) {
	st := &env.St
	var out []string
	at := 0
	add := func(ink look.Ink, l string) {
		for _, part := range wrapIndented(env.Arrows(text.Printable(l)), w) {
			out = append(out, look.Styled(ink, part, w, env.G.Ellipsis))
		}
	}
	for _, l := range spec.RenderHead(s.plan) {
		add(st.Base, l)
	}
	for i, c := range s.plan.Changes {
		if s.states[i] != Waiting {
			at = len(out) // the newest change applied, or being sent
		}
		out = append(out, s.head(env, i, c, w))
		for _, l := range spec.RenderChange(c)[1:] {
			add(st.Base, l)
		}
		if e := s.errs[i]; e != "" {
			add(st.Err, "      "+e)
		}
	}
	foot := spec.RenderFoot(s.plan)
	if s.plan.Empty() {
		foot = append([]string{""}, spec.RenderNotes(s.plan)...)
	}
	for _, l := range foot {
		add(st.Muted, l)
	}
	if f := s.finished; f != nil {
		ink := st.OK
		if !f.OK {
			ink = st.Err
		}
		out = append(out, "")
		add(ink, f.Text)
	}
	return out, at
}

// head is a change's first line and its state.
func (s *Screen) head(env *screen.Env, i int, c spec.Change, w int) string {
	st := &env.St
	l := env.NewLine(w)
	l.Add(st.Emph, text.Printable(strings.TrimRight(spec.RenderChange(c)[0], " ")))
	ink := map[State]look.Ink{Sending: st.Warn, Done: st.OK, Failed: st.Err, Unknown: st.Err, NotApplied: st.Muted}[s.states[i]]
	if word := s.states[i].word(); word != "" {
		l.Add(st.Base, "  ").Add(ink, word)
	}
	return l.String()
}

// wrapIndented keeps a line that fits as it is (its columns aligned) and
// wraps a longer one under its own indent, one step further in.
func wrapIndented(l string, w int) []string {
	if text.Width(l) <= w {
		return []string{l}
	}
	body := strings.TrimLeft(l, " ")
	indent := strings.Repeat(" ", min(len(l)-len(body), max(w/2, 0)))
	var out []string
	for i, part := range text.Wrap(body, max(w-len(indent)-2, 1)) {
		if i == 0 {
			out = append(out, indent+part)
		} else {
			out = append(out, indent+"  "+part)
		}
	}
	return out
}
