// Package form is a multi-field form for the overlay: typed fields, each
// validated as it is left and again on submit, and a preview of what the
// values would do, recomputed as they are typed. A form is a dialog
// (dialog.Dialog): enter moves to the next field and on the last one
// submits; tab and shift+tab (or down and up) move between fields; esc
// cancels at once. A field may explain itself (Help, drawn under it while
// it has the cursor); a Choice field takes one of its Options, stepped
// with left and right (or space), the options listed with a word on each
// while it has the cursor. A field may hide itself while the values of
// the others make it moot (Hidden: the target group of a metric that has
// none); a Table field is a small table of rows (a step policy's steps),
// edited cell by cell. A form taller than the screen scrolls to keep the
// field with the cursor in view.
//
// Why not charm.land/huh/v2: huh v2.0.3 fits the module graph (it needs
// bubbles v2.0.0 or later), but not the console. Its fields move and
// submit through messages returned as commands (nextFieldMsg,
// nextGroupMsg), so Update alone cannot drive it and the console's tests,
// which drive Update directly, would have to run its commands; it is a
// nested tea.Model, against this package's rule of one model; its inputs
// blink a virtual cursor, so a frame depends on a timer and an idle form
// redraws twice a second; it draws with its own themes (catppuccin and
// lipgloss styles) and box characters, where every screen here draws with
// the theme's Inks, in exact widths, with ASCII and NO_COLOR modes. The
// form hoist needs (a few numbers, validated, previewed, confirmed) is
// this package's few hundred lines over the same line editor the other
// dialogs use.
//
// form imports model, dialog and ui/internal packages only.
package form

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/lineedit"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
)

// Kind is what a field holds.
type Kind int

// Field kinds.
const (
	Text   Kind = iota
	Int         // a whole number
	Number      // a finite decimal number
	Choice      // one of Options; Value.Text is the option's Value
	Table       // rows of Columns cells; Value.Rows
)

// Field is one labelled value.
type Field struct {
	Label string
	Kind  Kind
	Value string // the initial value
	Limit int    // at most this many characters (0: 24)
	// Check validates the parsed value; nil accepts any value of the kind.
	Check func(v Value) error
	// Help says what the field is and what AWS takes, under the field
	// while it has the cursor.
	Help string
	// Options are a Choice field's values, in order; Value names the one
	// chosen at first (the first when it names none).
	Options []Option
	// Hidden, when it holds for the form's values as typed, leaves the
	// field out: not drawn, not visited, not checked.
	Hidden func(vs Values) bool
	// Columns name a Table field's cells; Rows are its rows at first (at
	// least one is shown) and MaxRows the most it takes (0: 20).
	Columns []string
	Rows    [][]string
	MaxRows int
}

// Option is one value of a Choice field.
type Option struct {
	Value string // the field's value when chosen
	Label string // how it reads; "" is Value
	Note  string // a word on it, beside it in the list
}

func (o Option) label() string {
	if o.Label != "" {
		return o.Label
	}
	return o.Value
}

// Value is a field's value, parsed by its kind.
type Value struct {
	Text   string
	Int    int
	Number float64
	Rows   [][]string // a Table's cells, trimmed
}

// Values are the form's values in field order.
type Values []Value

// Form is the dialog. Build it with New.
type Form struct {
	head    string
	specs   []Field
	fields  []lineedit.Field
	chosen  []int // a Choice field's option
	tables  map[int]*table
	errs    []string
	focus   int
	err     string // the submit's answer: a rule the values break together
	preview func(Values) (lines []string, err error)
	submit  func(Values) (tea.Msg, error)
	width   int // the width it asks for; 0: the overlay's default
}

// New is a form titled head. preview (may be nil) describes what the
// values would do, or the rule they break; submit turns valid values into
// the form's answer (usually dialog.Close{Then: intent.Propose{...}}, or
// an intent.Propose that keeps the form open under its confirm) or says
// why it cannot.
func New(head string, fields []Field, preview func(Values) ([]string, error), submit func(Values) (tea.Msg, error)) *Form {
	f := &Form{head: head, specs: fields, preview: preview, submit: submit, errs: make([]string, len(fields)), chosen: make([]int, len(fields)),
		tables: map[int]*table{}}
	for i, s := range fields {
		if s.Kind == Table {
			f.tables[i] = newTable(s)
		}
		limit := s.Limit
		if limit == 0 {
			limit = 24
		}
		f.fields = append(f.fields, lineedit.New(s.Value, limit))
		for j, o := range s.Options {
			if o.Value == s.Value {
				f.chosen[i] = j
			}
		}
	}
	if f.hidden(0) {
		f.focus = f.next(0, 1)
	}
	return f
}

// Title is the box's title.
func (f *Form) Title() string { return f.head }

// Wide asks for a box up to n cells wide (the screen allows), for forms
// whose values are long names.
func (f *Form) Wide(n int) *Form {
	f.width = n
	return f
}

// Width is the width the form asks for (dialog.Wider); 0 for the default.
func (f *Form) Width() int { return f.width }

// Field is the field with the cursor; nil on a Choice field, where
// nothing is typed.
func (f *Form) Field() *lineedit.Field {
	switch f.specs[f.focus].Kind {
	case Choice:
		return nil
	case Table:
		return f.tables[f.focus].cell()
	}
	return &f.fields[f.focus]
}

// Focus is the index of the field with the cursor.
func (f *Form) Focus() int { return f.focus }

// Errors are the fields' messages, "" for a valid field, and the
// form's own.
func (f *Form) Errors() ([]string, string) { return f.errs, f.err }

// parse reads field i by its kind and checks it.
func (f *Form) parse(i int) (Value, error) {
	s := strings.TrimSpace(f.fields[i].Value())
	if opts := f.specs[i].Options; f.specs[i].Kind == Choice && len(opts) > 0 {
		s = opts[f.chosen[i]].Value
	}
	v := Value{Text: s}
	var err error
	switch f.specs[i].Kind {
	case Table:
		v.Rows = f.tables[i].rows()
	case Int:
		v.Int, err = strconv.Atoi(s)
		if err != nil {
			return v, errors.New(quoteOrEmpty(s) + " is not a whole number")
		}
	case Number:
		v.Number, err = strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v.Number) || math.IsInf(v.Number, 0) {
			return v, errors.New(quoteOrEmpty(s) + " is not a number")
		}
	}
	if c := f.specs[i].Check; c != nil {
		if err := c(v); err != nil {
			return v, err
		}
	}
	return v, nil
}

func quoteOrEmpty(s string) string {
	if s == "" {
		return "an empty field"
	}
	return strconv.Quote(s)
}

// values parses every field, noting each one's error.
func (f *Form) values() (Values, bool) {
	vs := make(Values, len(f.fields))
	ok := true
	for i := range f.fields {
		v, err := f.parse(i)
		vs[i] = v
		f.errs[i] = ""
		if err != nil && !f.hidden(i) {
			f.errs[i] = err.Error()
			ok = false
		}
	}
	return vs, ok
}

// Update: typing edits the focused field; enter, tab and the arrows move;
// enter on the last field submits; esc cancels. In a Table, tab and the
// arrows move between its cells first.
func (f *Form) Update(_ *dialog.Ctx, k tea.KeyPressMsg) tea.Msg {
	if t, ok := f.tables[f.focus]; ok {
		switch d := t.key(k); d {
		case keyEdited:
			f.errs[f.focus], f.err = "", ""
			return nil
		case keyMoved:
			return nil
		case keyLeaveBack:
			f.move(-1)
			return nil
		case keyLeaveNext:
			f.move(1)
			return nil
		}
	}
	switch k.String() {
	case "esc":
		return dialog.Close{Then: intent.Status{Kind: intent.Info, Text: "cancelled"}}
	case "tab", "down":
		f.move(1)
	case "shift+tab", "up":
		f.move(-1)
	case "enter":
		if f.next(f.focus, 1) > f.focus {
			f.move(1)
			return nil
		}
		return f.trySubmit()
	default:
		if f.key(k) {
			f.errs[f.focus], f.err = "", ""
		}
	}
	return nil
}

// key edits the focused field: typing, or stepping a Choice; it reports
// whether the value changed.
func (f *Form) key(k tea.KeyPressMsg) bool {
	i := f.focus
	n := len(f.specs[i].Options)
	if f.specs[i].Kind != Choice {
		return f.fields[i].Key(k)
	}
	if n == 0 {
		return false
	}
	switch k.String() {
	case "right", "space", "l":
		f.chosen[i] = (f.chosen[i] + 1) % n
	case "left", "h":
		f.chosen[i] = (f.chosen[i] - 1 + n) % n
	default:
		return false
	}
	return true
}

// raw is every field's value as typed, unchecked: what Hidden reads.
func (f *Form) raw() Values {
	vs := make(Values, len(f.fields))
	for i := range f.fields {
		vs[i], _ = f.parse(i)
	}
	return vs
}

// hidden reports whether field i is left out for the values as typed.
func (f *Form) hidden(i int) bool {
	h := f.specs[i].Hidden
	return h != nil && h(f.raw())
}

// next is the visible field d away from i (wrapping), or i when no other
// field is visible.
func (f *Form) next(i, d int) int {
	n := len(f.fields)
	for j := 1; j < n; j++ {
		if k := ((i+d*j)%n + n) % n; !f.hidden(k) {
			return k
		}
	}
	return i
}

// move leaves the focused field, validating it, for the visible one d
// away.
func (f *Form) move(d int) {
	if _, err := f.parse(f.focus); err != nil {
		f.errs[f.focus] = err.Error()
	} else {
		f.errs[f.focus] = ""
	}
	f.focus = f.next(f.focus, d)
	if t, ok := f.tables[f.focus]; ok {
		t.enter(d)
	}
}

// trySubmit validates every visible field and hands the values to
// submit; an error stays on the form (and on the status line) and
// nothing is sent.
func (f *Form) trySubmit() tea.Msg {
	vs, ok := f.values()
	if !ok {
		for i, e := range f.errs {
			if e != "" {
				f.focus = i
				return intent.Status{Kind: intent.Err, Text: f.specs[i].Label + ": " + e}
			}
		}
	}
	msg, err := f.submit(vs)
	if err != nil {
		f.err = err.Error()
		return intent.Status{Kind: intent.Err, Text: f.err}
	}
	f.err = ""
	return msg
}

// View draws each visible field with its label and error (the focused
// one with its help and options), the preview and the keys; in c.H lines
// when the screen is short, the focused field kept in view.
func (f *Form) View(c *dialog.Ctx, w int) []string {
	st := &c.St
	labelW := 0
	for i, s := range f.specs {
		if !f.hidden(i) {
			labelW = max(labelW, text.Width(s.Label))
		}
	}
	indent := strings.Repeat(" ", labelW+4)
	var out []string
	from, to := 0, 0 // the focused field's lines
	for i := range f.specs {
		if f.hidden(i) {
			continue
		}
		if i == f.focus {
			from = len(out)
		}
		out = append(out, f.fieldLines(c, i, labelW, w)...)
		if f.errs[i] != "" {
			out = append(out, look.WrapStyled(st.Err, indent+f.errs[i], w)...)
		}
		if i == f.focus {
			out = append(out, f.focusLines(c, i, "    ", w)...)
			to = len(out)
		}
	}
	tail := append([]string{""}, f.previewLines(c, w)...)
	hint := "enter next / submit   tab move   esc cancel"
	switch f.specs[f.focus].Kind {
	case Choice:
		hint = "←/→ choose  enter next/submit  esc cancel"
		if c.ASCII {
			hint = "left/right choose  enter next/submit  esc cancel"
		}
	case Table:
		hint = tableHint
	}
	tail = append(tail, "", look.Styled(st.KeyHint, c.Arrows(hint), w, c.G.Ellipsis))
	return fit(c, out, from, to, tail, w)
}

// fieldLines are field i's own lines: its label and value, or a table.
func (f *Form) fieldLines(c *dialog.Ctx, i, labelW, w int) []string {
	st := &c.St
	s := f.specs[i]
	prefix := text.Fit(s.Label, labelW, "") + "  "
	switch {
	case s.Kind == Table:
		return f.tables[i].lines(c, i == f.focus, prefix, w)
	case i == f.focus && s.Kind == Choice:
		return []string{look.Styled(st.Emph, c.G.Cursor+" "+prefix+f.shown(i), w, c.G.Ellipsis)}
	case i == f.focus:
		return []string{f.fields[i].Render(st.Emph, st.Cursor, c.G.Cursor+" "+prefix, w, c.G.Ellipsis)}
	}
	return []string{look.Styled(st.Base, "  "+prefix+f.shown(i), w, c.G.Ellipsis)}
}

// fit puts the fields' lines and the tail in c.H lines when there are
// more: the tail's preview shortened to a third of them at most, and the
// fields scrolled so that lines [from, to) (the focused field) show.
func fit(c *dialog.Ctx, fields []string, from, to int, tail []string, w int) []string {
	if c.H <= 0 || len(fields)+len(tail) <= c.H {
		return append(fields, tail...)
	}
	if most := max(c.H/3, 3); len(tail) > most {
		cut := append([]string(nil), tail[:most-2]...)
		cut = append(cut, look.Styled(c.St.Subtle, c.G.Ellipsis+" (the preview goes on)", w, c.G.Ellipsis))
		tail = append(cut, tail[len(tail)-1])
	}
	room := max(c.H-len(tail), 1)
	if len(fields) <= room {
		return append(fields, tail...)
	}
	start := max(0, min(from, len(fields)-room))
	if to-start > room {
		start = from
	} else if to > start+room {
		start = to - room
	}
	return append(append([]string(nil), fields[start:min(start+room, len(fields))]...), tail...)
}

// shown is field i's value as typed or chosen.
func (f *Form) shown(i int) string {
	if f.specs[i].Kind == Choice {
		if opts := f.specs[i].Options; len(opts) > 0 {
			return text.Printable(opts[f.chosen[i]].label())
		}
		return ""
	}
	return f.fields[i].Value()
}

// choiceRows is how many options a focused Choice lists at most.
const choiceRows = 5

// focusLines are the focused field's help and, for a Choice with more
// than one option, the options around the one chosen with their notes.
func (f *Form) focusLines(c *dialog.Ctx, i int, indent string, w int) []string {
	st := &c.St
	var out []string
	if h := f.specs[i].Help; h != "" {
		for _, l := range text.Wrap(h, max(w-len(indent), 10)) {
			out = append(out, look.Styled(st.Muted, indent+l, w, c.G.Ellipsis))
		}
	}
	opts := f.specs[i].Options
	if f.specs[i].Kind != Choice || len(opts) < 2 {
		return out
	}
	cur := f.chosen[i]
	start := max(0, min(cur-choiceRows/2, len(opts)-choiceRows))
	for j := start; j < len(opts) && j < start+choiceRows; j++ {
		mark, ink := "  ", st.Base
		if j == cur {
			mark, ink = c.G.Cursor+" ", st.Emph
		}
		l := c.NewLine(w)
		l.Add(st.Base, indent)
		l.Add(ink, mark+text.Printable(opts[j].label()))
		if opts[j].Note != "" {
			l.Add(st.Muted, "  "+text.Printable(opts[j].Note))
		}
		out = append(out, l.String())
	}
	if len(opts) > choiceRows {
		out = append(out, look.Styled(st.Subtle, indent+fmt.Sprintf("%d of %d", cur+1, len(opts)), w, c.G.Ellipsis))
	}
	return out
}

// previewLines say what the values would do, or which rule they break.
func (f *Form) previewLines(c *dialog.Ctx, w int) []string {
	st := &c.St
	if f.err != "" {
		return look.WrapStyled(st.Err, f.err, w)
	}
	if f.preview == nil {
		return nil
	}
	vs := make(Values, len(f.fields))
	for i := range f.fields {
		v, err := f.parse(i)
		if err != nil && !f.hidden(i) {
			return []string{look.Styled(st.Muted, "preview when every field is valid", w, c.G.Ellipsis)}
		}
		vs[i] = v
	}
	lines, err := f.preview(vs)
	if err != nil {
		return look.WrapStyled(st.Warn, err.Error(), w)
	}
	var out []string
	for _, l := range lines {
		out = append(out, look.WrapStyled(st.Info, c.Arrows(text.Printable(l)), w)...)
	}
	return out
}

// Label is the label of the field with the cursor.
func (f *Form) Label() string { return f.specs[f.focus].Label }

// Set sets the field labelled label: the text typed, the option chosen
// by its value, or a table's rows as "a,b,c;d,e,f". It reports whether
// the form has such a field and value.
func (f *Form) Set(label, value string) bool {
	for i, s := range f.specs {
		if s.Label != label {
			continue
		}
		switch s.Kind {
		case Choice:
			for j, o := range s.Options {
				if o.Value == value {
					f.chosen[i] = j
					return true
				}
			}
			return false
		case Table:
			var rows [][]string
			for _, r := range strings.Split(value, ";") {
				rows = append(rows, strings.Split(r, ","))
			}
			s.Rows = rows
			f.tables[i] = newTable(s)
			return true
		}
		limit := s.Limit
		if limit == 0 {
			limit = 24
		}
		f.fields[i] = lineedit.New(value, limit)
		return true
	}
	return false
}
