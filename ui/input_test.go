package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func typeInto(e *lineEdit, keys ...tea.KeyPressMsg) {
	for _, k := range keys {
		e.key(k)
	}
}

func text(s string) []tea.KeyPressMsg {
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
		{"type", text("scale for sale"), "scale for sale"},
		{"insert mid-text", append(text("helo"), left, tea.KeyPressMsg{Code: 'l', Text: "l"}), "hello"},
		{"home then type", append(text("world"), append([]tea.KeyPressMsg{home}, text("hello ")...)...), "hello world"},
		{"backspace", append(text("abc"), backspace), "ab"},
		{"ctrl+w deletes a word", append(text("rollback bad deploy"), ctrlW), "rollback bad "},
		{"ctrl+u clears before the cursor", append(text("abc def"), left, left, left, ctrlU), "def"},
		{"ctrl+k clears after the cursor", append(text("abc def"), home, tea.KeyPressMsg{Code: tea.KeyRight}, ctrlK), "a"},
		{"alt+x is not text", append(text("ab"), altX), "ab"},
		{"end after home", append(text("ab"), home, end, tea.KeyPressMsg{Code: 'c', Text: "c"}), "abc"},
		{"control text is dropped", []tea.KeyPressMsg{{Code: 'a', Text: "a\x1b]52;c;AAAA\x07b"}}, "ab"},
	} {
		e := newLineEdit("", 0)
		typeInto(&e, c.keys...)
		if got := e.Value(); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestLineEditLimitAndPaste(t *testing.T) {
	e := newLineEdit("", 6)
	typeInto(&e, text("12345678")...)
	if got := e.Value(); got != "123456" {
		t.Errorf("limit 6 let %q through", got)
	}
	e = newLineEdit("a", 10)
	e.insert("b\x1b[31mc\td\ne\u202ef")
	if got := e.Value(); got != "abc d ef" { // at the cursor, sanitised
		t.Errorf("paste: %q", got)
	}
	if strings.ContainsAny(e.Value(), "\x1b\t\n\u202e") {
		t.Errorf("a paste kept a control character: %q", e.Value())
	}
	var zero lineEdit // a dialog's field before anything is typed
	if zero.Value() != "" || !zero.key(tea.KeyPressMsg{Code: 'x', Text: "x"}) || zero.Value() != "x" {
		t.Errorf("the zero field does not work: %q", zero.Value())
	}
}

// TestLineEditRender: the field is drawn in exactly the width given, the
// cursor cell always on screen, however long the text and wherever the
// cursor is.
func TestLineEditRender(t *testing.T) {
	m, _ := newTest(t, 120, 40, Options{})
	st := m.st
	long := strings.Repeat("incident 4711 rollback ", 10)
	for _, w := range []int{4, 10, 30, 80} {
		for _, moves := range []int{0, 5, 40, 400} {
			e := newLineEdit(long, 400)
			for range moves {
				e.key(left)
			}
			out := e.render(st.Base, st.Cursor, "reason: ", w, "…")
			if got := ansi.StringWidth(out); got != w {
				t.Errorf("w=%d moves=%d: width %d: %q", w, moves, got, ansi.Strip(out))
			}
			if w > len("reason: ") && !strings.Contains(out, st.Cursor.pre) {
				t.Errorf("w=%d moves=%d: the cursor is off screen: %q", w, moves, ansi.Strip(out))
			}
		}
	}
	e := newLineEdit("abc", 0)
	e.key(left)
	if got := ansi.Strip(e.render(st.Base, st.Cursor, "> ", 10, "…")); got != "> abc     " {
		t.Errorf("short text: %q", got)
	}
}

func TestParseNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"60", 60, true}, {" 7.5 ", 7.5, true}, {"-2", -2, true}, {"1e3", 1000, true},
		{"5O", 0, false}, {"7.5x", 0, false}, {"NaN", 0, false}, {"Inf", 0, false}, {"", 0, false},
	} {
		v, err := parseNumber(c.in)
		if (err == nil) != c.ok || (c.ok && v != c.want) {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, ok %v", c.in, v, err, c.want, c.ok)
		}
	}
	for _, s := range []string{"12", " 3 ", "-1"} {
		if _, err := atoi(s); err != nil {
			t.Errorf("atoi(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "1.5", "ten", "99999999999999999999"} {
		if _, err := atoi(s); err == nil {
			t.Errorf("atoi(%q) accepted", s)
		}
	}
}
