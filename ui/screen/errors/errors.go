// Package errors is the :errors screen: for each kind of data the poller
// reads, when it last succeeded, when it last tried, how many attempts in
// a row failed, and the last error in full, wrapped, never cut. The
// header gives the age of what the screen draws and a word of the reason;
// this screen gives the rest.
package errors

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Name is the screen's name in the registry.
const Name = "errors"

var table = screen.Moves(func(s *Screen, _ *screen.Env, d int) tea.Msg {
	s.scroll = max(0, min(s.scroll+d, 1<<20))
	return nil
}, func(*Screen) int { return 10 })

// Screen is the list and its scroll.
type Screen struct{ scroll int }

// New is the errors screen.
func New() *Screen { return &Screen{} }

// Name is the screen's name in the registry.
func (s *Screen) Name() string { return Name }

// Title counts the failing sources (of every region watched).
func (s *Screen) Title(env *screen.Env) string {
	if env.Snap == nil {
		return "Data sources"
	}
	n := len(screen.Failing(env.Snap))
	if env.Multi() {
		n = 0
		for _, r := range env.Regions {
			n += len(screen.Failing(r.Snap))
		}
	}
	return fmt.Sprintf("Data sources  %d failing", n)
}

// Contexts: none of its own; the moves scroll it.
func (s *Screen) Contexts() []string { return nil }

// Handles reports whether the screen runs action.
func (s *Screen) Handles(action string) bool { return table.Handles(action) }

// Disabled: nothing is.
func (s *Screen) Disabled(*screen.Env, string) string { return "" }

// Update runs a move.
func (s *Screen) Update(env *screen.Env, msg tea.Msg) tea.Msg {
	if a, ok := msg.(screen.Action); ok {
		return table.Run(s, env, a.Name)
	}
	return nil
}

// Hints are the screen's keys.
func (s *Screen) Hints(env *screen.Env) string {
	return " " + env.Keys.KeyOf("back") + " back " + env.Keys.KeyOf("help") + " help "
}

// View frames the lines shown.
func (s *Screen) View(env *screen.Env, w, h int) []string {
	all := Lines(env, w-2)
	top := max(0, min(s.scroll, len(all)-(h-2)))
	return env.Box(s.Title(env), true, w, h, all[top:min(len(all), top+h-2)])
}

// Lines are each class's state, its error in full: of each region under
// its name when the console watches several.
func Lines(env *screen.Env, w int) []string {
	st := &env.St
	if env.Snap == nil {
		return []string{env.Styled(st.Muted, "no data yet", w)}
	}
	if !env.Multi() {
		return classLines(env, w)
	}
	var out []string
	for _, r := range env.Regions {
		out = append(out, env.Styled(st.TierHeading, env.G.Down+" "+text.Printable(r.Name), w))
		out = append(out, classLines(env.In(r.Name), w)...)
	}
	return out
}

// classLines are the classes of env's region.
func classLines(env *screen.Env, w int) []string {
	st := &env.St
	if env.Snap == nil {
		return []string{env.Styled(st.Muted, "no data yet", w)}
	}
	var out []string
	for _, c := range model.Classes {
		f, ok := env.Snap.Fresh[c]
		if !ok {
			continue
		}
		l := env.NewLine(w)
		l.Col(st.Emph, string(c), 16)
		ok = f.Err == "" && !f.Throttled
		switch {
		case f.FetchedAt.IsZero():
			l.Add(st.Warn, "never read")
		case ok:
			l.Add(st.OK, "ok ").Add(st.Muted, "read "+model.ShortDuration(env.Now.Sub(f.FetchedAt))+" ago")
		default:
			l.Add(st.Err, "FAILING ").Add(st.Muted, fmt.Sprintf("last read %s ago, %d attempt(s) failed since, last tried %s ago",
				model.ShortDuration(env.Now.Sub(f.FetchedAt)), f.Failures, model.ShortDuration(env.Now.Sub(f.AttemptedAt))))
		}
		out = append(out, l.String())
		if !ok {
			why := f.Err
			if why == "" {
				why = "throttled"
			}
			for _, l := range text.Wrap(text.Printable(why), max(w-4, 1)) {
				out = append(out, look.Styled(st.Err, "    "+l, w, ""))
			}
		}
	}
	return out
}
