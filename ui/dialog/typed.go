package dialog

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/lineedit"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
)

// Two more confirms, guarded like Confirm (issue 16): one that asks for
// the name of what it deletes to be typed back, and one that confirms a
// sequence of steps (a resize) with its cost per hour before and after.

// TypeName confirms a deletion: the change is shown, and enter sends it
// only once the name typed matches (and the guard allows). A name typed
// back cannot be typed ahead by habit, as y or a second enter can.
type TypeName struct {
	action model.Action
	name   string
	where  string
	field  lineedit.Field
	guard  Guard
	wrong  bool // enter was pressed on a name that does not match
	notes  []string
}

// NewTypeName asks for name to be typed before a is sent.
func NewTypeName(a model.Action, name, where string, now time.Time, guard time.Duration, notes ...string) *TypeName {
	return &TypeName{action: a, name: name, where: where, field: lineedit.New("", 255),
		guard: Guard{Opened: now, For: guard, Key: "enter"}, notes: notes}
}

// Title is the box's title.
func (d *TypeName) Title() string { return "Confirm deletion" }

// Action is the action the dialog would send.
func (d *TypeName) Action() model.Action { return d.action }

// Field is where the name is typed.
func (d *TypeName) Field() *lineedit.Field { return &d.field }

// View draws the change, where it goes, the field and the keys.
func (d *TypeName) View(c *Ctx, w int) []string {
	st := &c.St
	out := look.WrapStyled(st.Emph, text.Printable(d.action.Target()), w)
	out = append(out, changeLines(c, changeRows(d.action), w)...)
	out = append(out, noteLines(c, d.notes, w)...)
	out = append(out, "")
	if d.where != "" {
		out = append(out, look.Styled(st.Muted, "where  "+text.Printable(d.where), w, c.G.Ellipsis))
	}
	out = append(out, look.WrapStyled(st.Base, "Type "+text.Printable(d.name)+" to delete it:", w)...)
	out = append(out, d.field.Render(st.Emph, st.Cursor, "> ", w, c.G.Ellipsis))
	if d.wrong {
		out = append(out, look.WrapStyled(st.Err, "that is not the name: nothing sent", w)...)
	}
	warn, soon := d.guard.Lines(c, w)
	out = append(out, "")
	out = append(out, warn...)
	return append(out, look.Styled(st.KeyHint, "enter delete"+soon+"   esc cancel", w, c.G.Ellipsis))
}

// Update: enter sends once the name matches and the guard allows; esc
// cancels at once; the rest types.
func (d *TypeName) Update(c *Ctx, k tea.KeyPressMsg) tea.Msg {
	switch k.String() {
	case "esc":
		return Close{Then: intent.Status{Kind: intent.Info, Text: "cancelled: nothing sent"}}
	case "enter":
		if strings.TrimSpace(d.field.Value()) != text.Printable(d.name) {
			d.wrong = true
			return nil
		}
		if !d.guard.Try(c.Now) {
			return nil
		}
		return Confirmed{Action: d.action}
	}
	if d.field.Key(k) {
		d.wrong = false
	}
	return nil
}

// Steps confirms a change made of several actions in order (a resize:
// a template version, the group on it, an instance refresh): each step,
// done or to do, and the cost per hour before and after. Its answer is
// the caller's, with the reason typed.
type Steps struct {
	title, head   string
	steps         []Step
	before, after float64
	priced        bool
	where         string
	reason        lineedit.Field
	typing        bool
	guard         Guard
	answer        func(reason string) tea.Msg
}

// Step is one step as Steps lists it.
type Step struct {
	Desc string
	Done bool
}

// NewSteps confirms steps under head; before and after are the cost per
// hour (priced false: a price is missing, the figures are partial).
func NewSteps(title, head string, steps []Step, before, after float64, priced bool, where string,
	now time.Time, guard time.Duration, answer func(reason string) tea.Msg) *Steps {
	return &Steps{title: title, head: head, steps: steps, before: before, after: after, priced: priced, where: where,
		reason: lineedit.New("", 200), guard: Guard{Opened: now, For: guard}, answer: answer}
}

// Title is the box's title.
func (d *Steps) Title() string { return d.title }

// Field is the reason while it is typed.
func (d *Steps) Field() *lineedit.Field {
	if d.typing {
		return &d.reason
	}
	return nil
}

// View draws the steps, the cost before and after, where, the reason and
// the keys.
func (d *Steps) View(c *Ctx, w int) []string {
	st := &c.St
	out := look.WrapStyled(st.Emph, text.Printable(d.head), w)
	for i, s := range d.steps {
		state, ink := "to do", st.Emph
		if s.Done {
			state, ink = "done", st.Muted
		}
		out = append(out, look.WrapStyled(ink, fmt.Sprintf("%d. %s (%s)", i+1, text.Printable(s.Desc), state), w)...)
	}
	out = append(out, "")
	cost := fmt.Sprintf("cost   $%.4f/h → $%.4f/h  (%s)", d.before, d.after, CostText(d.after-d.before))
	if !d.priced {
		cost += "  as far as priced: a type is not in hoist's price table"
	}
	out = append(out, look.WrapStyled(st.Base, c.Arrows(cost), w)...)
	if d.where != "" {
		out = append(out, look.Styled(st.Muted, "where  "+text.Printable(d.where), w, c.G.Ellipsis))
	}
	if d.typing {
		out = append(out, d.reason.Render(st.Base, st.Cursor, "reason: ", w, c.G.Ellipsis))
	} else {
		out = append(out, look.Styled(st.Base, "reason (tab to type, optional): "+d.reason.Value(), w, c.G.Ellipsis))
	}
	out = append(out, "")
	warn, soon := d.guard.Lines(c, w)
	out = append(out, warn...)
	return append(out, look.Styled(st.KeyHint, "y/enter confirm"+soon+"   n/esc cancel   tab reason", w, c.G.Ellipsis))
}

// Update: y or enter confirm once the guard allows, n or esc cancel at
// once, tab types the reason.
func (d *Steps) Update(c *Ctx, k tea.KeyPressMsg) tea.Msg {
	s := k.String()
	switch {
	case s == "esc", s == "n" && !d.typing:
		return Close{Then: intent.Status{Kind: intent.Info, Text: "cancelled: nothing sent"}}
	case s == "tab":
		d.typing = !d.typing
		return nil
	case s == "enter", s == "y" && !d.typing:
		if !d.guard.Try(c.Now) {
			return nil
		}
		return d.answer(strings.TrimSpace(d.reason.Value()))
	}
	if d.typing {
		d.reason.Key(k)
	}
	return nil
}
