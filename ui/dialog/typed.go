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
	// Region is where the action goes; the answer carries it, as
	// Confirm's does.
	Region string
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
		return Confirmed{Action: d.action, Region: d.Region}
	}
	if d.field.Key(k) {
		d.wrong = false
	}
	return nil
}

// Step is one step of a change made of several actions, as NewSteps
// lists it.
type Step struct {
	Desc string
	Done bool
}

// NewSteps confirms a change made of several actions in order (a resize:
// a template version, the group on it, an instance refresh), guarded as
// any confirm: head, each step done or to do, and the cost per hour
// before and after (priced false: a price is missing, the figures are
// partial). Its answer is the caller's, with the reason typed.
func NewSteps(title, head string, steps []Step, before, after float64, priced bool, where string,
	now time.Time, guard time.Duration, answer func(reason string) tea.Msg) *Confirm {
	d := newConfirm(title, []item{{head: head}}, after-before, where, now, guard)
	d.answer = answer
	for i, s := range steps {
		state := "to do"
		if s.Done {
			state = "done"
		}
		d.notes = append(d.notes, fmt.Sprintf("%d. %s (%s)", i+1, s.Desc, state))
	}
	cost := fmt.Sprintf("per hour $%.4f → $%.4f", before, after)
	if !priced {
		cost += ", as far as priced: a type is not in hoist's price table"
	}
	d.notes = append(d.notes, cost)
	return d
}
