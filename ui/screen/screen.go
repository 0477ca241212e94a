// Package screen is what every screen of the console shares: the Screen
// interface, the Env a screen reads (the look, the key map, the data the
// root model owns, the clock), binding tables, and the formatting of
// domain values more than one screen draws. Each screen is a package
// below this one (overview, group, policies, schedule, refresh, lb, help,
// errors) and is registered in one place, ui/screens.go.
//
// A screen is a room: its own state (a cursor, a scroll), its key
// contexts, Update and View(w, h). It changes only its own state; for
// anything else (open a dialog, propose an action, open another screen,
// go back, say something) it returns a request from package intent, or
// Open, which the root model applies. It never does IO and never calls
// another screen.
//
// screen imports model, intent, dialog, form and ui/internal packages.
package screen

import (
	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
)

// Global is the key context every screen has last: help, the command
// line, refresh, quit, back, and the moves each screen answers its way.
const Global = "global"

// GroupContext is the context of the bindings that act on a group (scale,
// limits, suspend, policies): a GroupScreen lists it among its contexts
// and the root model runs them on the screen's group.
const GroupContext = "group"

// Screen is one room of the console.
type Screen interface {
	// Name is the screen's name in the registry.
	Name() string
	// Title is the screen's title, drawn on its frame.
	Title(env *Env) string
	// Contexts are the screen's key contexts, most specific first;
	// Global follows them.
	Contexts() []string
	// Handles reports whether the screen runs action itself.
	Handles(action string) bool
	// Disabled is why action cannot run now, "" when it can.
	Disabled(env *Env, action string) string
	// Update takes a message: an Action it Handles, a tea.KeyPressMsg
	// when it Captures keys, a tea.PasteMsg, Resized or Refreshed. It
	// answers with a request (intent, Open) or nil.
	Update(env *Env, msg tea.Msg) tea.Msg
	// View draws the screen in exactly w x h cells.
	View(env *Env, w, h int) []string
}

// Action asks a screen to run one of its bindings' actions.
type Action struct{ Name string }

// Resized gives a screen the size of its area.
type Resized struct{ W, H int }

// Refreshed says the data changed (a new snapshot, acknowledgements, the
// journal): a screen that derives rows from it rebuilds them.
type Refreshed struct{}

// Open asks the root to open a dialog (or form) over the screens.
type Open struct{ Dialog dialog.Dialog }

// Capturer is a screen that takes raw keys before the key map while it
// says so: a filter being typed, a help page that closes on any key.
type Capturer interface {
	Captures(k tea.KeyPressMsg) bool
}

// StatusLiner is a screen that draws the status line itself while it
// says so (the filter being typed).
type StatusLiner interface {
	StatusLine(env *Env, w int) (string, bool)
}

// Hinter is a screen with key hints for the status line.
type Hinter interface {
	Hints(env *Env) string
}

// Shower is a screen that asks the poller for data of its own: it adds to
// what the overview shows (the load balancer on screen, its range).
type Shower interface {
	Show(v *model.Visible)
}

// GroupScreen is a screen about one group: the group context's bindings
// (scale, limits, suspend, policies) act on it.
type GroupScreen interface {
	SelectedGroup(env *Env) (string, bool)
}

// TierScreen is a screen whose cursor can rest on a tier's heading: the
// scale bindings then act on every group listed under it. A tier heading
// is one region's (a console of several regions lists groups by region,
// then tier), so its groups are all of the screen's Region.
type TierScreen interface {
	SelectedTier(env *Env) (tier string, groups []string, ok bool)
}

// Regional is a screen about one region's data: a group's screen (its
// group's region) or the overview (its selected group's). The root gives
// it that region's Env, and sends what it proposes to that region; ""
// leaves the choice to the screen below.
type Regional interface {
	Region() string
}

// Binding is how a screen runs one action of its key contexts, and why it
// cannot: the handler half of a keymap.Spec, which is the key half.
type Binding[S any] struct {
	Run      func(s S, env *Env) tea.Msg
	Disabled func(s S, env *Env) string
}

// Table is a screen's bindings by action name.
type Table[S any] map[string]Binding[S]

// Handles reports whether the table has action.
func (t Table[S]) Handles(action string) bool {
	_, ok := t[action]
	return ok
}

// Disabled is why action cannot run on s now.
func (t Table[S]) Disabled(s S, env *Env, action string) string {
	if b, ok := t[action]; ok && b.Disabled != nil {
		return b.Disabled(s, env)
	}
	return ""
}

// Run runs action on s.
func (t Table[S]) Run(s S, env *Env, action string) tea.Msg {
	if b, ok := t[action]; ok && b.Run != nil {
		return b.Run(s, env)
	}
	return nil
}

// Moves are the move bindings (up, down, page-up, page-down, top,
// bottom) of a screen whose moves step a cursor by d: one, a page of
// page(s), or to either end. Merge them into a screen's table with With.
func Moves[S any](move func(s S, env *Env, d int) tea.Msg, page func(s S) int) Table[S] {
	step := func(d func(S) int) Binding[S] {
		return Binding[S]{Run: func(s S, env *Env) tea.Msg { return move(s, env, d(s)) }}
	}
	return Table[S]{
		"up":        step(func(S) int { return -1 }),
		"down":      step(func(S) int { return 1 }),
		"page-up":   step(func(s S) int { return -max(page(s), 1) }),
		"page-down": step(func(s S) int { return max(page(s), 1) }),
		"top":       step(func(S) int { return -1 << 20 }),
		"bottom":    step(func(S) int { return 1 << 20 }),
	}
}

// With is t with u's bindings added.
func (t Table[S]) With(u Table[S]) Table[S] {
	out := Table[S]{}
	for k, v := range t {
		out[k] = v
	}
	for k, v := range u {
		out[k] = v
	}
	return out
}
