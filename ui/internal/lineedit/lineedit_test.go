package lineedit

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/themes"
	"github.com/solemate/hoist/ui/internal/look"
)

func typeInto(e *Field, keys ...tea.KeyPressMsg) {
	for _, k := range keys {
		e.Key(k)
	}
}

func typed(s string) []tea.KeyPressMsg {
	var ks []tea.KeyPressMsg
	for _, r := range s {
		ks = append(ks, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return ks
}

var (
	left      = tea.KeyPressMsg{Code: tea.KeyLeft}
	home      = tea.KeyPressMsg{Code: tea.KeyHome}
	end       = tea.KeyPressMsg{Code: tea.KeyEnd}
	backspace = tea.KeyPressMsg{Code: tea.KeyBackspace}
	ctrlW     = tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl}
	ctrlU     = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	ctrlK     = tea.KeyPressMsg{Code: 'k', Mod: tea.ModCtrl}
	altX      = tea.KeyPressMsg{Code: 'x', Mod: tea.ModAlt, Text: "x"}
)

// TestLineEditEditing: the reason, filter and value fields edit the way a
// shell line does, so a typo early in a reason is fixed without retyping it.
func TestLineEditEditing(t *testing.T) {
	for _, c := range []struct {
		name string
		keys []tea.KeyPressMsg
		want string
	}{
		{"type", typed("scale for sale"), "scale for sale"},
		{"insert mid-text", append(typed("helo"), left, tea.KeyPressMsg{Code: 'l', Text: "l"}), "hello"},
		{"home then type", append(typed("world"), append([]tea.KeyPressMsg{home}, typed("hello ")...)...), "hello world"},
		{"backspace", append(typed("abc"), backspace), "ab"},
		{"ctrl+w deletes a word", append(typed("rollback bad deploy"), ctrlW), "rollback bad "},
		{"ctrl+u clears before the cursor", append(typed("abc def"), left, left, left, ctrlU), "def"},
		{"ctrl+k clears after the cursor", append(typed("abc def"), home, tea.KeyPressMsg{Code: tea.KeyRight}, ctrlK), "a"},
		{"alt+x is not text", append(typed("ab"), altX), "ab"},
		{"end after home", append(typed("ab"), home, end, tea.KeyPressMsg{Code: 'c', Text: "c"}), "abc"},
		{"control text is dropped", []tea.KeyPressMsg{{Code: 'a', Text: "a\x1b]52;c;AAAA\x07b"}}, "ab"},
	} {
		e := New("", 0)
		typeInto(&e, c.keys...)
		if got := e.Value(); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestLineEditLimitAndPaste(t *testing.T) {
	e := New("", 6)
	typeInto(&e, typed("12345678")...)
	if got := e.Value(); got != "123456" {
		t.Errorf("limit 6 let %q through", got)
	}
	e = New("a", 10)
	e.Insert("b\x1b[31mc\td\ne\u202ef")
	if got := e.Value(); got != "abc d ef" { // at the cursor, sanitised
		t.Errorf("paste: %q", got)
	}
	if strings.ContainsAny(e.Value(), "\x1b\t\n\u202e") {
		t.Errorf("a paste kept a control character: %q", e.Value())
	}
	var zero Field // a dialog's field before anything is typed
	if zero.Value() != "" || !zero.Key(tea.KeyPressMsg{Code: 'x', Text: "x"}) || zero.Value() != "x" {
		t.Errorf("the zero field does not work: %q", zero.Value())
	}
}

// TestLineEditRender: the field is drawn in exactly the width given, the
// cursor cell always on screen, however long the text and wherever the
// cursor is.
func TestLineEditRender(t *testing.T) {
	th, _ := themes.Builtin("dark")
	st := look.NewStyles(th, colorprofile.TrueColor)
	long := strings.Repeat("incident 4711 rollback ", 10)
	for _, w := range []int{4, 10, 30, 80} {
		for _, moves := range []int{0, 5, 40, 400} {
			e := New(long, 400)
			for range moves {
				e.Key(left)
			}
			out := e.Render(st.Base, st.Cursor, "reason: ", w, "…")
			if got := ansi.StringWidth(out); got != w {
				t.Errorf("w=%d moves=%d: width %d: %q", w, moves, got, ansi.Strip(out))
			}
			if w > len("reason: ") && !strings.Contains(out, st.Cursor.Open()) {
				t.Errorf("w=%d moves=%d: the cursor is off screen: %q", w, moves, ansi.Strip(out))
			}
		}
	}
	e := New("abc", 0)
	e.Key(left)
	if got := ansi.Strip(e.Render(st.Base, st.Cursor, "> ", 10, "…")); got != "> abc     " {
		t.Errorf("short text: %q", got)
	}
}
