package ui

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/screen"
)

// Minimum terminal size; below it the console draws one line saying so.
const (
	MinWidth  = 60
	MinHeight = 15
)

// render draws the whole screen: header, the screen on top with the
// dialogs over it, status bar. Every line is exactly m.width cells wide.
func (m *Model) render() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < MinWidth || h < MinHeight {
		return m.tooSmall(w, h)
	}
	env := m.env()
	body := m.top().View(env, w, h-2)
	if m.overlay.Len() > 0 {
		body = m.overlay.View(m.dctx(), body, w, h-2)
	}
	lines := make([]string, 0, h)
	lines = append(lines, m.headerLine(w))
	lines = append(lines, body...)
	lines = append(lines, m.statusLine(env, w))
	return strings.Join(lines, "\n")
}

// tooSmall says the terminal is too small in as few cells as possible,
// longest first, so the whole sentence fits whatever the width.
func (m *Model) tooSmall(w, h int) string {
	msg := fmt.Sprintf("terminal too small: %dx%d, hoist needs at least %dx%d", w, h, MinWidth, MinHeight)
	for _, shorter := range []string{
		fmt.Sprintf("terminal too small: %dx%d, need %dx%d", w, h, MinWidth, MinHeight),
		fmt.Sprintf("too small: need %dx%d", MinWidth, MinHeight),
		fmt.Sprintf("need %dx%d", MinWidth, MinHeight),
	} {
		if width(msg) <= w {
			break
		}
		msg = shorter
	}
	lines := look.Blank(w, h)
	lines[0] = fit(msg, w, m.look.G.Ellipsis)
	return strings.Join(lines, "\n")
}

// statusLine is the bottom line: the command line or the screen's own
// (the filter being typed), else the last status message, with key hints
// on the right.
func (m *Model) statusLine(env *screen.Env, w int) string {
	st := &m.look.St
	if m.command != nil {
		return st.StatusWarn.Render(":") + m.command.Render(st.Status, st.Cursor, "", w-1, m.look.G.Ellipsis)
	}
	if sl, ok := m.top().(screen.StatusLiner); ok {
		if line, ok := sl.StatusLine(env, w); ok {
			return line
		}
	}
	l := m.look.NewLine(w)
	msg := m.status
	hint := ""
	if h, ok := m.top().(screen.Hinter); ok {
		hint = h.Hints(env)
	}
	msgW := w - width(hint)
	if msgW < 20 || (msg != "" && 1+width(msg) > msgW) {
		// A message outranks the key hints, which ? repeats.
		hint, msgW = "", w
	}
	ink := map[intent.Kind]look.Ink{intent.Info: st.Status, intent.OK: st.StatusOK, intent.Warn: st.StatusWarn, intent.Err: st.StatusErr}[m.statusKind]
	if n := m.inflightCount(); n > 0 && msg == "" {
		msg = fmt.Sprintf("%d action(s) in flight", n)
	}
	if m.count > 0 {
		prefix := fmt.Sprint(m.count)
		if m.percent {
			prefix += "%"
		}
		l.Add(st.StatusWarn, prefix+" ")
		msgW -= len(prefix) + 1
	}
	l.Col(ink, " "+m.look.Arrows(msg), max(msgW, 0))
	l.Add(st.KeyHint, hint)
	if l.W < w {
		l.Add(st.Status, strings.Repeat(" ", w-l.W))
	}
	return l.String()
}
