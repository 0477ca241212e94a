// Package help is the help screen: every binding of every screen, by
// section, generated from the key map (so it always says what the keys
// do, overrides included), then counts, commands and the group flags. It
// scrolls; esc (or any key that is not a move) closes it.
package help

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/screen"
)

// Name is the screen's name in the registry.
const Name = "help"

// Screen is the help and how far it is scrolled.
type Screen struct {
	scroll int
	h      int // the height of its area
}

// New is the help, at its top.
func New() *Screen { return &Screen{h: 22} }

// Name is the screen's name in the registry.
func (s *Screen) Name() string { return Name }

// Title says which lines are shown.
func (s *Screen) Title(env *screen.Env) string {
	n := len(Lines(env, 40))
	inner := max(s.h-2, 1)
	if n <= inner {
		return "Help"
	}
	top := s.clamp(env, s.scroll)
	return fmt.Sprintf("Help  lines %d-%d of %d", top+1, min(top+inner, n), n)
}

// Contexts: none of its own; it takes its keys raw.
func (s *Screen) Contexts() []string { return nil }

// Handles: nothing; every key is its own (Captures).
func (s *Screen) Handles(string) bool { return false }

// Disabled: nothing is.
func (s *Screen) Disabled(*screen.Env, string) string { return "" }

// Hints are the help's keys.
func (s *Screen) Hints(env *screen.Env) string {
	return " " + env.Keys.KeyOf("back") + " close " + env.Keys.ShortKey("down") + "/" + env.Keys.ShortKey("up") + " scroll "
}

// Captures every key: moves scroll, anything else closes the help.
func (s *Screen) Captures(tea.KeyPressMsg) bool { return true }

// Update scrolls on a move key (by the key map's moves) and closes on any
// other.
func (s *Screen) Update(env *screen.Env, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case screen.Resized:
		s.h = msg.H
		s.scroll = s.clamp(env, s.scroll)
	case tea.KeyPressMsg:
		page := max(s.h-3, 1)
		spec, ok := env.Keys.Lookup(msg.String(), keymap.Global)
		if !ok {
			return intent.Pop{}
		}
		switch spec.Action {
		case "up":
			s.scroll = s.clamp(env, s.scroll-1)
		case "down":
			s.scroll = s.clamp(env, s.scroll+1)
		case "page-up":
			s.scroll = s.clamp(env, s.scroll-page)
		case "page-down":
			s.scroll = s.clamp(env, s.scroll+page)
		case "top":
			s.scroll = 0
		case "bottom":
			s.scroll = s.clamp(env, 1<<20)
		default:
			return intent.Pop{}
		}
	}
	return nil
}

// clamp keeps the scroll within the help's lines.
func (s *Screen) clamp(env *screen.Env, v int) int {
	return max(0, min(v, len(Lines(env, 40))-max(s.h-2, 1)))
}

// View frames the lines shown.
func (s *Screen) View(env *screen.Env, w, h int) []string {
	all := Lines(env, w-2)
	top := s.clamp(env, s.scroll)
	end := min(len(all), top+h-2)
	return env.Box(s.Title(env), true, w, h, all[top:end])
}

// Lines is the whole help at width w: the bindings by section, then the
// counts, commands and flags.
func Lines(env *screen.Env, w int) []string {
	st := &env.St
	var all []string
	for _, sec := range Sections(env.Keys.Specs) {
		if len(all) > 0 {
			all = append(all, "")
		}
		all = append(all, look.Styled(st.TierHeading, sec.Name, w, ""))
		for _, b := range sec.Specs {
			l := env.NewLine(w)
			l.Col(st.KeyHint, "  "+strings.Join(b.Keys, " "), 16)
			l.Add(st.Base, b.Help)
			if b.Mutating {
				l.Add(st.Warn, " [changes AWS, confirmed]")
			}
			if b.Mutating && env.ReadOnly {
				l.Add(st.Subtle, " (disabled: read-only)")
			}
			all = append(all, l.String())
		}
	}
	for _, l := range notes {
		switch {
		case l == "":
			all = append(all, "")
		case !strings.HasPrefix(l, " "):
			all = append(all, look.Styled(st.TierHeading, l, w, ""))
		default:
			all = append(all, env.Styled(st.Base, l, w))
		}
	}
	return append(all, "", look.Styled(st.Muted, "esc closes this help; j/k, pgup/pgdown, g/G scroll", w, ""))
}

// notes follow the bindings: headings, and lines indented by two.
var notes = []string{
	"", "Counts and commands",
	"  a number before + or - scales by that many: 5+ adds five",
	"  :region NAME  :profile NAME  :tier NAME (none: all)  :theme NAME  :readonly (on only)  :errors",
	"  dialogs: y or enter confirm once the dialog has been on screen a moment, n or esc cancel, tab types a reason",
	"  forms: enter or tab to the next field, enter on the last submits",
	"", "Group flags",
	"  ACTING   an action of yours is in flight",
	"  MAX      desired is at max: it cannot scale out",
	"  SCALING  an activity is in progress, or in service differs from desired",
	"  FROZEN   AlarmNotification and ScheduledActions suspended (+n: more processes)",
	"  SUSPn    n processes suspended (S shows which)",
}

// Section is a help heading and its bindings.
type Section struct {
	Name  string
	Specs []keymap.Spec
}

// Sections groups specs by their section, sections in the order they
// first appear, bindings in their order.
func Sections(specs []keymap.Spec) []Section {
	var out []Section
	at := map[string]int{}
	for _, b := range specs {
		i, ok := at[b.Section]
		if !ok {
			i = len(out)
			at[b.Section] = i
			out = append(out, Section{Name: b.Section})
		}
		out[i].Specs = append(out[i].Specs, b)
	}
	return out
}
