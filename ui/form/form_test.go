package form

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/themes"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/look"
)

func ctx() *dialog.Ctx {
	th, _ := themes.Builtin("dark")
	lk := look.New(look.NewStyles(th, colorprofile.TrueColor), false)
	return &dialog.Ctx{Look: &lk, Now: time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)}
}

func keys(s string) []tea.KeyPressMsg {
	switch s {
	case "enter":
		return []tea.KeyPressMsg{{Code: tea.KeyEnter}}
	case "tab":
		return []tea.KeyPressMsg{{Code: tea.KeyTab}}
	case "shift+tab":
		return []tea.KeyPressMsg{{Code: tea.KeyTab, Mod: tea.ModShift}}
	case "esc":
		return []tea.KeyPressMsg{{Code: tea.KeyEscape}}
	case "ctrl+u":
		return []tea.KeyPressMsg{{Code: 'u', Mod: tea.ModCtrl}}
	}
	var ks []tea.KeyPressMsg
	for _, r := range s {
		ks = append(ks, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return ks
}

type submitted struct{ vs Values }

// limits is a form like the console's: three whole numbers, each at least
// zero, min <= desired <= max together.
func limits() *Form {
	nonNeg := func(v Value) error {
		if v.Int < 0 {
			return errors.New("is negative")
		}
		return nil
	}
	return New("limits",
		[]Field{{Label: "min", Kind: Int, Value: "2", Check: nonNeg}, {Label: "desired", Kind: Int, Value: "4", Check: nonNeg},
			{Label: "max", Kind: Int, Value: "10", Check: nonNeg}},
		func(vs Values) ([]string, error) {
			return []string{"max " + vs[2].Text}, nil
		},
		func(vs Values) (tea.Msg, error) {
			if vs[0].Int > vs[2].Int {
				return nil, errors.New("min is above max")
			}
			return submitted{vs}, nil
		})
}

func TestFormValidation(t *testing.T) {
	for _, c := range []struct {
		name   string
		keys   []string
		result string // "submitted", or the status text's part
		field  int    // the field focused at the end
	}{
		{"values as they are", []string{"enter", "enter", "enter"}, "submitted", 2},
		{"a field is validated as it is left", []string{"ctrl+u", "x", "tab"}, "", 1},
		{"submit goes back to the bad field", []string{"ctrl+u", "-1", "tab", "tab", "enter"}, "min: is negative", 0},
		{"not a number", []string{"tab", "ctrl+u", "4.5", "tab", "enter"}, `desired: "4.5" is not a whole number`, 1},
		{"empty", []string{"tab", "tab", "ctrl+u", "enter"}, "max: an empty field is not a whole number", 2},
		{"a rule across fields", []string{"ctrl+u", "11", "tab", "tab", "enter"}, "min is above max", 2},
		{"shift+tab goes back", []string{"tab", "tab", "shift+tab"}, "", 1},
	} {
		f := limits()
		var last tea.Msg
		for _, k := range c.keys {
			for _, km := range keys(k) {
				if m := f.Update(ctx(), km); m != nil {
					last = m
				}
			}
		}
		switch got := last.(type) {
		case submitted:
			if c.result != "submitted" {
				t.Errorf("%s: submitted %+v", c.name, got.vs)
			}
		case intent.Status:
			if c.result == "" || !strings.Contains(got.Text, c.result) || got.Kind != intent.Err {
				t.Errorf("%s: status %+v, want %q", c.name, got, c.result)
			}
		case nil:
			if c.result != "" {
				t.Errorf("%s: no answer, want %q", c.name, c.result)
			}
		default:
			t.Errorf("%s: answered %T", c.name, last)
		}
		if f.Focus() != c.field {
			t.Errorf("%s: focus on field %d, want %d", c.name, f.Focus(), c.field)
		}
	}
}

func TestFormShowsErrorsAndPreview(t *testing.T) {
	f := limits()
	for _, k := range []string{"ctrl+u", "x", "tab"} {
		for _, km := range keys(k) {
			f.Update(ctx(), km)
		}
	}
	out := ansi.Strip(strings.Join(f.View(ctx(), 50), "\n"))
	if !strings.Contains(out, `"x" is not a whole number`) || !strings.Contains(out, "preview when every field is valid") {
		t.Errorf("the field's error is not on the form:\n%s", out)
	}
	for _, k := range []string{"shift+tab", "ctrl+u", "3"} {
		for _, km := range keys(k) {
			f.Update(ctx(), km)
		}
	}
	out = ansi.Strip(strings.Join(f.View(ctx(), 50), "\n"))
	if strings.Contains(out, "not a whole number") || !strings.Contains(out, "max 10") {
		t.Errorf("a fixed field keeps its error, or no preview:\n%s", out)
	}
	for _, l := range f.View(ctx(), 50) {
		if w := ansi.StringWidth(l); w != 50 && l != "" {
			t.Errorf("a line %d wide, want 50: %q", w, ansi.Strip(l))
		}
	}
	if _, ok := f.Update(ctx(), keys("esc")[0]).(dialog.Close); !ok {
		t.Error("esc does not cancel at once")
	}
}

// A Choice field steps through its options with left and right (space
// too), takes no typing, and lists its options with their notes and its
// help only while it has the cursor.
func TestChoiceField(t *testing.T) {
	f := New("attributes", []Field{
		{Label: "algorithm", Kind: Choice, Value: "lor", Help: "how a target is picked", Options: []Option{
			{Value: "rr", Label: "round robin", Note: "each in turn"}, {Value: "lor", Label: "least outstanding"}, {Value: "wr"}}},
		{Label: "delay", Kind: Int, Value: "300", Help: "seconds a target drains"},
	}, nil, func(vs Values) (tea.Msg, error) { return submitted{vs}, nil })
	out := ansi.Strip(strings.Join(f.View(ctx(), 60), "\n"))
	for _, want := range []string{"▶ algorithm  least outstanding", "how a target is picked", "round robin  each in turn", "▶ least outstanding"} {
		if !strings.Contains(out, want) {
			t.Errorf("the focused choice lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "seconds a target drains") {
		t.Errorf("an unfocused field's help is drawn:\n%s", out)
	}
	if f.Field() != nil {
		t.Error("a Choice offers a text field to paste into")
	}
	var last tea.Msg
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyRight}, {Code: tea.KeyRight}, {Code: 'x', Text: "x"}, {Code: tea.KeyLeft}, {Code: tea.KeySpace, Text: " "}, {Code: tea.KeyEnter}, {Code: tea.KeyEnter}} {
		last = f.Update(ctx(), k)
	}
	got, ok := last.(submitted)
	if !ok || got.vs[0].Text != "rr" || got.vs[1].Int != 300 { // lor, wr, rr (round), x nothing, wr, rr
		t.Fatalf("submitted %+v, want rr and 300", last)
	}
}

// A form may ask the overlay for more width than its default.
func TestFormWidth(t *testing.T) {
	f := limits()
	if f.Width() != 0 || f.Wide(84).Width() != 84 {
		t.Fatalf("widths %d", f.Width())
	}
	var _ dialog.Wider = f
}
