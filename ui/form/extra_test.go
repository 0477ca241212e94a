package form

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/ui/intent"
)

func press(f *Form, ks ...string) tea.Msg {
	var last tea.Msg
	for _, k := range ks {
		for _, km := range keysOf(k) {
			if m := f.Update(ctx(), km); m != nil {
				last = m
			}
		}
	}
	return last
}

func keysOf(s string) []tea.KeyPressMsg {
	switch s {
	case "ctrl+n":
		return []tea.KeyPressMsg{{Code: 'n', Mod: tea.ModCtrl}}
	case "ctrl+x":
		return []tea.KeyPressMsg{{Code: 'x', Mod: tea.ModCtrl}}
	case "right":
		return []tea.KeyPressMsg{{Code: tea.KeyRight}}
	case "down":
		return []tea.KeyPressMsg{{Code: tea.KeyDown}}
	case "up":
		return []tea.KeyPressMsg{{Code: tea.KeyUp}}
	}
	return keys(s)
}

// kinds is a form whose second field shows only for kind "b", and a
// table of two columns.
func kinds() *Form {
	var fs []Field
	fs = append(fs, Field{Label: "kind", Kind: Choice, Options: []Option{{Value: "a"}, {Value: "b"}}})
	fs = append(fs, Field{Label: "only b", Kind: Int, Value: "x", Hidden: func(vs Values) bool { return vs[0].Text != "b" }})
	fs = append(fs, Field{Label: "rows", Kind: Table, Columns: []string{"lo", "hi"}, Rows: [][]string{{"1", "2"}},
		Check: func(v Value) error {
			for _, r := range v.Rows {
				if r[0] == "" {
					return errors.New("a row needs its lo")
				}
			}
			return nil
		}})
	return New("kinds", fs, nil, func(vs Values) (tea.Msg, error) { return submitted{vs}, nil })
}

// A hidden field is not visited, not drawn and not checked; shown, it is
// all three.
func TestHiddenFields(t *testing.T) {
	f := kinds()
	if _, ok := press(f, "tab", "tab", "enter").(submitted); !ok {
		t.Fatal("the hidden field's bad value stopped the submit")
	}
	if out := ansi.Strip(strings.Join(f.View(ctx(), 60), "\n")); strings.Contains(out, "only b") {
		t.Fatalf("a hidden field is drawn:\n%s", out)
	}
	f = kinds()
	press(f, "right", "tab")
	if f.Label() != "only b" {
		t.Fatalf("shown, the field is not visited: focus on %q", f.Label())
	}
	st, ok := press(f, "tab", "enter").(intent.Status)
	if !ok || !strings.Contains(st.Text, `only b: "x" is not a whole number`) {
		t.Fatalf("the shown field's bad value: %#v", st)
	}
}

// A table: tab steps through cells, ctrl+n adds a row, ctrl+x removes
// one, rows left empty are dropped, and its check sees every row.
func TestTableField(t *testing.T) {
	f := kinds()
	press(f, "tab") // the hidden field is skipped: the table
	if f.Label() != "rows" {
		t.Fatalf("focus on %q", f.Label())
	}
	press(f, "ctrl+u", "5", "tab", "ctrl+u", "9", "ctrl+n", "10", "tab", "20")
	msg := press(f, "enter")
	got, ok := msg.(submitted)
	if !ok {
		t.Fatalf("answered %#v", msg)
	}
	if rows := got.vs[2].Rows; len(rows) != 2 || rows[0][0] != "5" || rows[0][1] != "9" || rows[1][0] != "10" || rows[1][1] != "20" {
		t.Fatalf("rows %v", rows)
	}
	f = kinds()
	press(f, "tab", "ctrl+n", "tab", "7")
	if _, ok := press(f, "enter").(submitted); ok {
		t.Fatal("a row without its lo passed the check")
	}
	f.Set("rows", "1,2")
	if _, ok := press(f, "enter", "enter", "enter").(submitted); !ok {
		t.Fatal("the table set whole does not submit")
	}
	for _, l := range f.View(ctx(), 50) {
		if w := ansi.StringWidth(l); l != "" && w != 50 {
			t.Fatalf("a line %d wide: %q", w, ansi.Strip(l))
		}
	}
}

// A form taller than the screen keeps the field with the cursor in view
// and its keys at the bottom.
func TestFormScrolls(t *testing.T) {
	var fs []Field
	for i := 0; i < 30; i++ {
		fs = append(fs, Field{Label: "f" + string(rune('a'+i%26)) + string(rune('0'+i/26)), Kind: Text})
	}
	f := New("long", fs, func(Values) ([]string, error) { return []string{"preview"}, nil }, nil)
	c := ctx()
	c.H = 12
	for i := 0; i < 25; i++ {
		press(f, "tab")
	}
	out := f.View(c, 40)
	if len(out) > 12 {
		t.Fatalf("%d lines in 12", len(out))
	}
	all := ansi.Strip(strings.Join(out, "\n"))
	if !strings.Contains(all, "▶ "+f.Label()) || !strings.Contains(all, "enter next") {
		t.Fatalf("the focused field or the keys are out of view:\n%s", all)
	}
}
