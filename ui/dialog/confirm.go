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

// Confirmed answers a confirm: close every dialog and send Action.
type Confirmed struct {
	Action model.Action
	Reason string
}

// Guard is the rule of issue 16: a confirming key counts only once the
// dialog has been on screen for a while, so an enter or a y typed ahead
// (a double enter, a key pressed before the dialog was drawn) is swallowed
// instead of sending. Opened is when the Update that opened the dialog
// ran, on the console's clock; keys are judged by that clock too, so tests
// move a fixed clock instead of sleeping.
type Guard struct {
	Opened time.Time
	For    time.Duration
	Early  bool // a confirming key came too soon and was swallowed
}

// Ready reports whether a confirming key counts at now.
func (g *Guard) Ready(now time.Time) bool { return now.Sub(g.Opened) >= g.For }

// Try is a confirming key at now: true if it counts; otherwise it
// remembers that one was swallowed.
func (g *Guard) Try(now time.Time) bool {
	if g.Ready(now) {
		return true
	}
	g.Early = true
	return false
}

// Lines are what the dialog says about the guard: a warning once a key
// was swallowed, and "(in a moment)" after the confirming keys' hint
// until they count.
func (g *Guard) Lines(c *Ctx, w int) (warn []string, soon string) {
	if g.Early {
		warn = look.WrapStyled(c.St.Warn, "too soon after it opened: nothing sent; press y again to send", w)
	}
	if !g.Ready(c.Now) {
		soon = " (in a moment)"
	}
	return warn, soon
}

// Confirm shows one absolute action, field by field, its cost and where
// it goes, before it is sent; it takes an optional reason for the journal.
// A plan's confirm (NewPlanConfirm) lists every change of the plan the
// same way, for one answer that sends them all.
type Confirm struct {
	action model.Action // nil for a plan's
	title  string
	items  []item
	answer func(reason string) tea.Msg
	delta  float64 // cost per hour the change adds
	where  string  // account, region, SIMULATOR
	reason lineedit.Field
	typing bool // the reason field has the keyboard
	guard  Guard
}

// item is one change the confirm lists: what it changes, and its fields.
type item struct {
	head string
	rows []ChangeRow
}

// NewConfirm opens a confirm of a at now, guarded for guard.
func NewConfirm(a model.Action, delta float64, where string, now time.Time, guard time.Duration) *Confirm {
	d := newConfirm("Confirm", []item{{head: a.Target(), rows: changeRows(a)}}, delta, where, now, guard)
	d.action = a
	d.answer = func(reason string) tea.Msg { return Confirmed{Action: a, Reason: reason} }
	return d
}

// PlanConfirmed answers a plan's confirm: close every dialog and apply
// the plan behind it.
type PlanConfirmed struct{ Reason string }

// NewPlanConfirm opens the one confirm of a whole plan (issue 13): every
// change with its fields, the plan's cost per hour and where it goes,
// guarded as a single action's confirm is (issue 16).
func NewPlanConfirm(title string, changes []intent.PlanChange, delta float64, where string, now time.Time, guard time.Duration) *Confirm {
	items := make([]item, len(changes))
	for i, c := range changes {
		items[i] = item{head: c.Head, rows: c.Fields}
	}
	d := newConfirm(title, items, delta, where, now, guard)
	d.answer = func(reason string) tea.Msg { return PlanConfirmed{Reason: reason} }
	return d
}

func newConfirm(title string, items []item, delta float64, where string, now time.Time, guard time.Duration) *Confirm {
	return &Confirm{title: title, items: items, delta: delta, where: where, reason: lineedit.New("", 200),
		guard: Guard{Opened: now, For: guard}}
}

// Action is the action the dialog would send; nil for a plan's.
func (d *Confirm) Action() model.Action { return d.action }

// Delta is the cost per hour the action adds.
func (d *Confirm) Delta() float64 { return d.delta }

// Title is the box's title.
func (d *Confirm) Title() string { return d.title }

// Field is the reason while it is being typed.
func (d *Confirm) Field() *lineedit.Field {
	if d.typing {
		return &d.reason
	}
	return nil
}

// View draws the changes (never cut: long rows wrap), the cost, where
// they go, the reason and the keys. A plan whose changes do not fit in
// c.H lists those that do and counts the rest.
func (d *Confirm) View(c *Ctx, w int) []string {
	st := &c.St
	tail := d.tail(c, w)
	var out []string
	for i, it := range d.items {
		lines := look.WrapStyled(st.Emph, text.Printable(it.head), w) // what it changes is never cut
		lines = append(lines, changeLines(c, it.rows, w)...)
		if left := len(d.items) - i; c.H > 0 && len(d.items) > 1 && len(out)+len(lines)+len(tail)+1 > c.H {
			out = append(out, look.Styled(st.Muted, fmt.Sprintf("and %d more changes (the plan lists them)", left), w, c.G.Ellipsis))
			break
		}
		out = append(out, lines...)
	}
	return append(out, tail...)
}

// tail is what follows the changes: cost, where, reason and the keys.
func (d *Confirm) tail(c *Ctx, w int) []string {
	st := &c.St
	out := []string{""}
	if d.action == nil || d.action.Mutating() {
		delta := "no change in cost"
		switch {
		case d.delta > 0.00005:
			delta = fmt.Sprintf("+$%.4f/h  (+$%.2f a day)", d.delta, d.delta*24)
		case d.delta < -0.00005:
			delta = fmt.Sprintf("-$%.4f/h  (-$%.2f a day)", -d.delta, -d.delta*24)
		}
		out = append(out, look.Styled(st.Base, "cost   "+delta, w, c.G.Ellipsis))
	}
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
	hint := "y/enter confirm" + soon + "   n/esc cancel   tab reason"
	if d.typing {
		hint = "enter confirm" + soon + "   tab stop typing   esc cancel"
	}
	return append(out, look.Styled(st.KeyHint, hint, w, c.G.Ellipsis))
}

// Update: y or enter confirm once the guard allows, n or esc cancel at
// once, tab types the reason.
func (d *Confirm) Update(c *Ctx, k tea.KeyPressMsg) tea.Msg {
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

// ChangeRow is one field of a change: "desired", "12", "17".
type ChangeRow = model.FieldChange

// changeRows are the fields an action changes, for the confirm's diff:
// the action's own Changes (contract C2), or its Before and After as one
// row for an action that lists none.
func changeRows(a model.Action) []ChangeRow {
	if cs := a.Changes(); len(cs) > 0 {
		return cs
	}
	bw, bv, bok := strings.Cut(a.Before(), " ")
	aw, av, aok := strings.Cut(a.After(), " ")
	if bok && aok && bw == aw {
		return []ChangeRow{{Field: bw, Before: bv, After: av}}
	}
	return []ChangeRow{{Before: a.Before(), After: a.After()}}
}

// changeLines draws the rows under "change": a changed field as
// "before → after" in emphasis, an unchanged one muted. A value too long
// for the width wraps onto the next lines, under itself; it is never cut.
func changeLines(c *Ctx, rows []ChangeRow, w int) []string {
	st := &c.St
	fieldW := 0
	if len(rows) > 1 {
		for _, r := range rows {
			fieldW = max(fieldW, text.Width(text.Printable(r.Field)))
		}
	}
	var out []string
	for i, r := range rows {
		lead := "       "
		if i == 0 {
			lead = "change "
		}
		prefix := lead
		f := text.Printable(r.Field)
		if f != "" {
			prefix += text.Fit(f, max(fieldW, text.Width(f)), "") + " "
		}
		ink, value := st.Emph, c.Arrows(listed(r.Before)+" → "+listed(r.After))
		if r.Before == r.After {
			ink, value = st.Muted, listed(r.Before)+" (unchanged)"
		}
		indent := strings.Repeat(" ", text.Width(prefix))
		if text.Width(prefix) > w/2 { // a long field name: on lines of its own, the value under it
			for j, l := range text.Wrap(f, max(w-len(lead), 1)) {
				if j > 0 {
					lead = "       "
				}
				out = append(out, look.Styled(ink, lead+l, w, ""))
			}
			prefix, indent = "         ", "         "
		}
		for j, l := range text.Wrap(value, max(w-text.Width(prefix), 1)) {
			if j > 0 {
				prefix = indent
			}
			out = append(out, look.Styled(ink, prefix+l, w, ""))
		}
	}
	return out
}

// listed is a value as the confirm shows it: sanitised, a list
// ("Launch,Terminate") spaced after its commas so it wraps between items.
func listed(v string) string {
	return strings.ReplaceAll(text.Printable(v), ",", ", ")
}
