// Package lineedit is the console's one-line text field: the reason of a
// confirm, the filter, the command line and every value a dialog or form
// asks for. Editing is bubbles' textinput (arrows, home and end, ctrl+w,
// ctrl+u, ctrl+k, a character limit); the field draws itself in the
// theme's inks with a steady cursor, so a frame depends only on the text
// and the cursor position and no blink timer runs. Everything typed or
// pasted goes through text.Printable.
package lineedit

import (
	"unicode/utf8"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
)

// Field is a one-line text field. The zero value is an empty field of up
// to 256 characters.
type Field struct {
	ti    textinput.Model
	limit int
	ready bool
}

// New is a field holding s, the cursor at its end, of at most limit
// characters (0 for 256).
func New(s string, limit int) Field {
	e := Field{limit: limit}
	e.init()
	e.ti.SetValue(text.Printable(s))
	e.ti.CursorEnd()
	return e
}

func (e *Field) init() {
	if e.ready {
		return
	}
	e.ti = textinput.New()
	e.ti.Prompt = ""
	e.ti.CharLimit = 256
	if e.limit > 0 {
		e.ti.CharLimit = e.limit
	}
	e.ti.SetVirtualCursor(false)
	// Paste arrives as a bracketed paste (Insert); ctrl+v would make
	// textinput read a clipboard, which a bastion over SSH does not have.
	e.ti.KeyMap.Paste.SetEnabled(false)
	// Up and down move in the list behind a filter, not through
	// suggestions, and tab belongs to the dialogs.
	e.ti.KeyMap.NextSuggestion.SetEnabled(false)
	e.ti.KeyMap.PrevSuggestion.SetEnabled(false)
	e.ti.KeyMap.AcceptSuggestion.SetEnabled(false)
	_ = e.ti.Focus() // the blink command of a virtual cursor we do not use
	e.ready = true
}

// Value is the text typed.
func (e *Field) Value() string {
	e.init()
	return e.ti.Value()
}

// Key applies k; it reports whether the text changed.
func (e *Field) Key(k tea.KeyPressMsg) bool {
	e.init()
	if k.String() == "space" {
		k.Text = " "
	}
	if k.Text != "" {
		if k.Mod&^tea.ModShift != 0 {
			return false // alt+x and the like are not text
		}
		k.Text = text.Printable(k.Text)
	}
	before := e.ti.Value()
	e.ti, _ = e.ti.Update(k) // no command without a virtual cursor
	return e.ti.Value() != before
}

// Insert pastes s at the cursor.
func (e *Field) Insert(s string) {
	e.init()
	e.ti, _ = e.ti.Update(tea.PasteMsg{Content: text.Printable(s)})
}

// Render draws prefix and the field in st, the cursor cell in cur, in
// exactly w cells. A text too long for w scrolls to keep the cursor in
// view, with an ellipsis where it is cut.
func (e *Field) Render(st, cur look.Ink, prefix string, w int, ellipsis string) string {
	e.init()
	rs := []rune(e.ti.Value())
	pos := min(max(e.ti.Position(), 0), len(rs))
	left, under, right := string(rs[:pos]), " ", ""
	if pos < len(rs) {
		under, right = string(rs[pos]), string(rs[pos+1:])
	}
	room := w - text.Width(prefix) - text.Width(under)
	if room < 0 {
		return look.Styled(st, prefix, w, ellipsis)
	}
	if text.Width(left) > room {
		// keep the end of what is before the cursor
		cut := ellipsis + ansi.TruncateLeft(left, text.Width(left)-room+text.Width(ellipsis), "")
		for text.Width(cut) > room {
			_, n := utf8.DecodeRuneInString(cut[len(ellipsis):])
			cut = ellipsis + cut[len(ellipsis)+n:]
		}
		left = cut
	}
	right = text.Fit(right, room-text.Width(left), ellipsis)
	return st.Render(prefix+left) + cur.Render(under) + st.Render(right)
}
