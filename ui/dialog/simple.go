package dialog

import (
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/lineedit"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
)

// cancelled is how a dialog closes on esc.
var cancelled = Close{Then: intent.Status{Kind: intent.Info, Text: "cancelled"}}

// Input asks for one line of text. Enter hands the text to Submit, whose
// answer is the dialog's (usually Close{Then: intent.Propose{...}}).
type Input struct {
	head, prompt string
	field        lineedit.Field
	submit       func(text string) tea.Msg
}

// NewInput asks prompt under head, the field holding value, at most
// limit characters.
func NewInput(head, prompt, value string, limit int, submit func(string) tea.Msg) *Input {
	return &Input{head: head, prompt: prompt, field: lineedit.New(value, limit), submit: submit}
}

// Title is the box's title.
func (d *Input) Title() string { return d.head }

// Field is the text field.
func (d *Input) Field() *lineedit.Field { return &d.field }

// View draws the prompt, the field and the keys.
func (d *Input) View(c *Ctx, w int) []string {
	st := &c.St
	out := look.WrapStyled(st.Base, text.Printable(d.prompt), w)
	return append(out, "", d.field.Render(st.Emph, st.Cursor, "> ", w, c.G.Ellipsis), "",
		look.Styled(st.KeyHint, "enter ok   esc cancel   ctrl+u clear", w, c.G.Ellipsis))
}

// Update: enter submits, esc cancels, the rest edits.
func (d *Input) Update(_ *Ctx, k tea.KeyPressMsg) tea.Msg {
	switch k.String() {
	case "esc":
		return cancelled
	case "enter":
		return d.submit(d.field.Value())
	}
	d.field.Key(k)
	return nil
}

// Option is one lettered choice and what choosing it asks for.
type Option struct {
	Key, Label string
	Then       tea.Msg
}

// Choice offers a few lettered options.
type Choice struct {
	head, prompt string
	options      []Option
}

// NewChoice offers options under head.
func NewChoice(head, prompt string, options ...Option) *Choice {
	return &Choice{head: head, prompt: prompt, options: options}
}

// Title is the box's title.
func (d *Choice) Title() string { return d.head }

// Field is nil: nothing is typed.
func (d *Choice) Field() *lineedit.Field { return nil }

// View draws the prompt and the options.
func (d *Choice) View(c *Ctx, w int) []string {
	st := &c.St
	out := look.WrapStyled(st.Base, text.Printable(d.prompt), w)
	out = append(out, "")
	for _, o := range d.options {
		out = append(out, look.Styled(st.KeyHint, o.Key+"  ", 3, "")+look.Styled(st.Base, o.Label, w-3, c.G.Ellipsis))
	}
	return append(out, "", look.Styled(st.KeyHint, "esc cancel", w, c.G.Ellipsis))
}

// Update: an option's key chooses it, esc cancels.
func (d *Choice) Update(_ *Ctx, k tea.KeyPressMsg) tea.Msg {
	s := k.String()
	if s == "esc" {
		return cancelled
	}
	for _, o := range d.options {
		if o.Key == s {
			return Close{Then: o.Then}
		}
	}
	return nil
}

// Preset is a key that checks a set of items at once ("f" freezes scaling).
type Preset struct {
	Key, Label string
	Items      []string
}

// Checklist toggles items; enter hands the checked ones to Submit.
type Checklist struct {
	head, note string
	from       []string // checked when it opened
	items      []string
	checked    []bool
	cursor     int
	presets    []Preset
	submit     func(checked []string) tea.Msg
}

// NewChecklist lists items, those in from checked.
func NewChecklist(head, note string, items, from []string, presets []Preset, submit func([]string) tea.Msg) *Checklist {
	d := &Checklist{head: head, note: note, from: slices.Clone(from), items: items, presets: presets, submit: submit}
	d.checked = make([]bool, len(items))
	for i, it := range items {
		d.checked[i] = slices.Contains(from, it)
	}
	return d
}

// Title is the box's title.
func (d *Checklist) Title() string { return d.head }

// Field is nil: nothing is typed.
func (d *Checklist) Field() *lineedit.Field { return nil }

// View draws the items, marking those changed since it opened.
func (d *Checklist) View(c *Ctx, w int) []string {
	st := &c.St
	out := []string{look.Styled(st.Muted, d.note, w, c.G.Ellipsis)}
	for i, p := range d.items {
		box := c.G.Uncheck
		if d.checked[i] {
			box = c.G.Check
		}
		was := ""
		if slices.Contains(d.from, p) != d.checked[i] {
			was = "  (changed)"
		}
		s, mark := st.Base, "  "
		if i == d.cursor {
			s, mark = st.Selected(st.Base), c.G.Cursor+" "
		}
		out = append(out, look.Styled(st.Base, mark, 2, "")+look.Styled(s, fmt.Sprintf("%s %s%s", box, p, was), w-2, c.G.Ellipsis))
	}
	hint := "space toggle"
	for _, p := range d.presets {
		hint += "  " + p.Key + " " + p.Label
	}
	return append(out, "", look.Styled(st.KeyHint, hint+"  enter apply  esc cancel", w, c.G.Ellipsis))
}

// Update: move, toggle, a preset, enter applies, esc cancels.
func (d *Checklist) Update(_ *Ctx, k tea.KeyPressMsg) tea.Msg {
	switch s := k.String(); s {
	case "esc", "q":
		return cancelled
	case "up", "k":
		d.cursor = max(0, d.cursor-1)
	case "down", "j":
		d.cursor = min(len(d.items)-1, d.cursor+1)
	case "space", "x":
		d.checked[d.cursor] = !d.checked[d.cursor]
	case "enter":
		var on []string
		for i, it := range d.items {
			if d.checked[i] {
				on = append(on, it)
			}
		}
		return d.submit(on)
	default:
		for _, p := range d.presets {
			if p.Key != s {
				continue
			}
			for i, it := range d.items {
				if slices.Contains(p.Items, it) {
					d.checked[i] = true
				}
			}
		}
	}
	return nil
}

// Note shows a few paragraphs (a command to copy, an explanation) until
// esc, q or enter closes it. Nothing in it is sent anywhere.
type Note struct {
	head  string
	paras []string
}

// NewNote shows paras under head, each wrapped, never cut.
func NewNote(head string, paras ...string) *Note { return &Note{head: head, paras: paras} }

// Title is the box's title.
func (d *Note) Title() string { return d.head }

// Field is nil: nothing is typed.
func (d *Note) Field() *lineedit.Field { return nil }

// View draws the paragraphs, a blank line between them, and the keys.
func (d *Note) View(c *Ctx, w int) []string {
	var out []string
	for i, p := range d.paras {
		if i > 0 {
			out = append(out, "")
		}
		out = append(out, look.WrapStyled(c.St.Base, text.Printable(p), w)...)
	}
	return append(out, "", look.Styled(c.St.KeyHint, "esc/enter close", w, c.G.Ellipsis))
}

// Update: esc, q or enter close it.
func (d *Note) Update(_ *Ctx, k tea.KeyPressMsg) tea.Msg {
	switch k.String() {
	case "esc", "q", "enter":
		return Close{}
	}
	return nil
}
