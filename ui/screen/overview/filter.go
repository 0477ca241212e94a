package overview

import (
	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/ui/internal/lineedit"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

func (s *Screen) startFilter(*screen.Env) tea.Msg {
	s.filtering = true
	s.filterEdit = lineedit.New(s.filter, 64)
	s.focus = PaneGroups
	return nil
}

// filterKey takes a key while the filter is typed: esc clears it, enter
// keeps it, up and down move in the list, the rest edits.
func (s *Screen) filterKey(env *screen.Env, k tea.KeyPressMsg) tea.Msg {
	switch k.String() {
	case "esc":
		s.filtering = false
		s.filter = ""
		s.rebuildRows(env)
	case "enter":
		s.filtering = false
		s.selectFirstGroup()
	case "up":
		s.setCursor(s.cursor - 1)
	case "down":
		s.setCursor(s.cursor + 1)
	default:
		if s.filterEdit.Key(k) {
			s.filter = s.filterEdit.Value()
			s.rebuildRows(env)
			s.selectFirstGroup()
		}
	}
	return nil
}

// StatusLine is the filter being typed, on the status line.
func (s *Screen) StatusLine(env *screen.Env, w int) (string, bool) {
	if !s.filtering {
		return "", false
	}
	st := &env.St
	hint := "  (enter keep, esc clear)"
	if w-1-text.Width(hint) < 10 {
		hint = ""
	}
	return st.StatusWarn.Render("/") + s.filterEdit.Render(st.Status, st.Cursor, "", w-1-text.Width(hint), env.G.Ellipsis) + st.Status.Render(hint), true
}
