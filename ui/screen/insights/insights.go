// Package insights is the Insights screen (I, :insights): what `hoist
// recommend` finds over a window (14 days by default) — each
// recommendation with its evidence, its saving a month and its risk in a
// sentence, and the cleanup findings — and capacity planning: "what if
// load grows by 30%" or "a flash sale at 3x for 2 hours" for a group or a
// tier, through a form (c), answered with the capacity needed at the
// policy's target, whether max allows it, the spread over zones, the cost
// and the change that raises max ahead of it.
//
// a applies the selected recommendation or capacity plan: its changes
// become the console's absolute actions (insight.Actions: limits, a
// target, a predictive policy, a scheduled action), listed in one guarded
// confirm and sent in order, each re-read and journaled. What the console
// cannot send (an instance type, a Spot mix) says so, and cleanup is
// reported only.
package insights

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	md "github.com/solemate/hoist/report"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Name is the screen's name in the registry.
const Name = "insights"

// Context is the key context of the insights bindings.
const Context = "insights"

// Reach says how an operator gets to this screen's keys.
const Reach = "open the insights (I, or :insights) first"

const section = "Insights"

// Bindings are the keys of the insights context.
var Bindings = []keymap.Spec{
	{Action: "insights-next", Keys: []string{"tab"}, Help: "next section: recommendations, cleanup, capacity plans", Section: section, Context: Context},
	{Action: "insights-prev", Keys: []string{"shift+tab"}, Help: "previous section", Section: section, Context: Context},
	{Action: "insights-apply", Keys: []string{"a"}, Help: "apply the selected recommendation or capacity plan (one confirm for all its changes)", Section: section, Context: Context, Mutating: true},
	{Action: "insights-plan", Keys: []string{"c"}, Help: "capacity planning: what a growth or a surge needs", Section: section, Context: Context},
	{Action: "insights-write", Keys: []string{"w"}, Help: "write the recommendations' Markdown to a file (says where)", Section: section, Context: Context},
}

// Contexts are the screen's key contexts.
var Contexts = []string{Context}

// DefaultSince is hoist recommend's window.
const DefaultSince = 14 * 24 * time.Hour

var table = screen.Moves((*Screen).move, (*Screen).page).With(screen.Table[*Screen]{
	"back":           {Run: func(*Screen, *screen.Env) tea.Msg { return intent.Pop{} }},
	"refresh":        {Run: func(s *Screen, _ *screen.Env) tea.Msg { return s.Load() }},
	"insights-next":  {Run: func(s *Screen, _ *screen.Env) tea.Msg { return s.jump(1) }},
	"insights-prev":  {Run: func(s *Screen, _ *screen.Env) tea.Msg { return s.jump(-1) }},
	"insights-apply": {Run: (*Screen).apply, Disabled: (*Screen).whyNotApply},
	"insights-plan":  {Run: (*Screen).planForm, Disabled: needReport},
	"insights-write": {Run: (*Screen).write, Disabled: needReport},
})

// kind is what a row of the list is.
type kind int

const (
	kindRec kind = iota
	kindFinding
	kindPlan
)

// item is one row of the list: a recommendation, a cleanup finding or a
// capacity plan, by its index.
type item struct {
	kind kind
	i    int
}

// Screen is the insights of one report and the capacity plans made here.
type Screen struct {
	region  string // the region the report is of
	since   time.Duration
	reading bool
	err     error
	rep     *insight.FleetReport
	plans   []insight.CapacityPlan
	items   []item
	cursor  int
	w, h    int
}

// New is the insights of region over the window arg ("14d"; "" for
// hoist recommend's), not read yet: Load asks for it.
func New(region, arg string) *Screen {
	since := DefaultSince
	if d, err := model.ParseSpan(strings.TrimSpace(arg)); err == nil {
		since = d
	}
	return &Screen{region: region, since: since, w: 80, h: 22}
}

// Region is the region the insights are of: the screen reads its data,
// and what it proposes goes there.
func (s *Screen) Region() string { return s.region }

// Parse reads :insights's argument, a window.
func Parse(args []string) (string, error) {
	if len(args) == 0 {
		return model.SpanString(DefaultSince), nil
	}
	if _, err := model.ParseSpan(args[0]); err != nil || len(args) > 1 {
		return "", fmt.Errorf(":insights takes a window such as 7d or 14d (the evidence's), not %q", strings.Join(args, " "))
	}
	return args[0], nil
}

// Since is the window the evidence comes from.
func (s *Screen) Since() time.Duration { return s.since }

// Name is the screen's name in the registry.
func (s *Screen) Name() string { return Name }

// Contexts: the insights bindings.
func (s *Screen) Contexts() []string { return Contexts }

// Handles reports whether the screen runs action.
func (s *Screen) Handles(action string) bool { return table.Handles(action) }

// Disabled is why action cannot run now.
func (s *Screen) Disabled(env *screen.Env, action string) string {
	return table.Disabled(s, env, action)
}

// Load asks the root to read the report the insights come from.
func (s *Screen) Load() tea.Msg {
	if s.reading {
		return intent.Status{Kind: intent.Info, Text: "still reading the insights ..."}
	}
	s.reading = true
	return s.query()
}

func (s *Screen) query() screen.ReadReport {
	return screen.ReadReport{Region: s.region, Since: s.since}
}

// Update runs an action, takes its size, the report it asked for, or the
// capacity plans its form made.
func (s *Screen) Update(env *screen.Env, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case screen.Action:
		return table.Run(s, env, msg.Name)
	case screen.Resized:
		s.w, s.h = msg.W, msg.H
	case screen.ReportRead:
		if msg.ReadReport != s.query() || !s.reading {
			return nil
		}
		s.reading, s.err = false, msg.Err
		if msg.Err == nil {
			s.rep = msg.Fleet
			s.rebuild()
		}
	case planned:
		s.plans = append(msg.plans, s.plans...)
		s.rebuild()
		s.cursor = s.indexOf(item{kindPlan, 0})
		return intent.Status{Kind: intent.OK, Text: "capacity plan: " + env.Plain(msg.what)}
	}
	return nil
}

// rebuild lists the rows: recommendations, cleanup, capacity plans.
func (s *Screen) rebuild() {
	was := s.selected()
	s.items = nil
	if s.rep != nil {
		for i := range s.rep.Recommendations {
			s.items = append(s.items, item{kindRec, i})
		}
		for i := range s.rep.Cleanup {
			s.items = append(s.items, item{kindFinding, i})
		}
	}
	for i := range s.plans {
		s.items = append(s.items, item{kindPlan, i})
	}
	s.cursor = max(0, min(s.indexOf(was), len(s.items)-1))
}

func (s *Screen) indexOf(it item) int {
	for i, x := range s.items {
		if x == it {
			return i
		}
	}
	return s.cursor
}

func (s *Screen) selected() item {
	if s.cursor < 0 || s.cursor >= len(s.items) {
		return item{kind: -1}
	}
	return s.items[s.cursor]
}

func (s *Screen) page() int { return max(s.h/3, 1) }

func (s *Screen) move(_ *screen.Env, d int) tea.Msg {
	s.cursor = max(0, min(len(s.items)-1, s.cursor+d))
	return nil
}

// jump moves to the first row of the next (or previous) kind.
func (s *Screen) jump(d int) tea.Msg {
	if len(s.items) == 0 {
		return nil
	}
	k := s.selected().kind
	for i := s.cursor + d; i >= 0 && i < len(s.items); i += d {
		if s.items[i].kind != k && (d > 0 || i == 0 || s.items[i-1].kind != s.items[i].kind) {
			s.cursor = i
			return nil
		}
	}
	return nil
}

func needReport(s *Screen, _ *screen.Env) string {
	if s.rep == nil {
		return "the insights have not been read yet"
	}
	return ""
}

// write asks the root to write what `hoist recommend` prints.
func (s *Screen) write(*screen.Env) tea.Msg {
	r := *s.rep
	return screen.SaveReport{Name: "recommendations-" + model.SpanString(s.since) + "-" + r.Generated.UTC().Format("20060102-1504"),
		Render: func(loc *time.Location) string {
			return md.Recommendations(r, md.Options{Location: loc, Sanitize: text.Printable})
		}}
}

// Hints are the screen's keys.
func (s *Screen) Hints(env *screen.Env) string {
	k := env.Keys.KeyOf
	return " " + k("insights-apply") + " apply  " + k("insights-plan") + " plan  " + k("insights-write") + " write  " +
		k("insights-next") + " next  " + k("back") + " back "
}
