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

// Confirmed answers a confirm: close every dialog and send Action to
// Region. Scale, when set, is how the operator asked for a SetDesired
// (2+, 50%+, =10): a conflict re-bases the same intent on the group's new
// value.
type Confirmed struct {
	Action model.Action
	Reason string
	Region string
	Scale  *intent.Scale
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
	Early  bool   // a confirming key came too soon and was swallowed
	Key    string // the key the warning names; "" is y
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
		k := g.Key
		if k == "" {
			k = "y"
		}
		warn = look.WrapStyled(c.St.Warn, "too soon after it opened: nothing sent; press "+k+" again to send", w)
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
	// Region is where the action goes; the answer carries it, so what is
	// sent goes where the dialog said (where names it too). A plan's
	// confirm leaves it empty: the plan knows its region.
	Region string
	action model.Action // nil for a plan's
	scale  *intent.Scale
	title  string
	items  []item
	answer func(reason string) tea.Msg
	delta  float64 // cost per hour the change adds
	where  string  // account, region, SIMULATOR
	reasoned
	guard Guard
	notes []string // what the change does beyond its fields
}

// item is one change the confirm lists: what it changes, and its fields.
type item struct {
	head string
	rows []ChangeRow
}

// reasoned is the optional reason for the journal that a confirm takes,
// typed after tab.
type reasoned struct {
	reason lineedit.Field
	typing bool // the reason field has the keyboard
}

func newReasoned() reasoned { return reasoned{reason: lineedit.New("", 200)} }

// Field is the reason while it is being typed.
func (r *reasoned) Field() *lineedit.Field {
	if r.typing {
		return &r.reason
	}
	return nil
}

// line is the reason's line: the field while it is typed.
func (r *reasoned) line(c *Ctx, w int) string {
	if r.typing {
		return r.reason.Render(c.St.Base, c.St.Cursor, "reason: ", w, c.G.Ellipsis)
	}
	return look.Styled(c.St.Base, "reason (tab to type, optional): "+r.reason.Value(), w, c.G.Ellipsis)
}

// text is the reason as the journal takes it.
func (r *reasoned) text() string { return strings.TrimSpace(r.reason.Value()) }

// confirmHint is a confirm's keys; soon says y will count in a moment.
func confirmHint(soon string, typing bool) string {
	if typing {
		return "enter confirm" + soon + "   tab stop typing   esc cancel"
	}
	return "y/enter confirm" + soon + "   n/esc cancel   tab reason"
}

// NewConfirm opens a confirm of a at now, guarded for guard.
func NewConfirm(a model.Action, delta float64, where string, now time.Time, guard time.Duration) *Confirm {
	d := newConfirm("Confirm", []item{{head: a.Target(), rows: changeRows(a)}}, delta, where, now, guard)
	d.action = a
	d.answer = func(reason string) tea.Msg {
		return Confirmed{Action: a, Reason: reason, Region: d.Region, Scale: d.scale}
	}
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
	return &Confirm{title: title, items: items, delta: delta, where: where, reasoned: newReasoned(),
		guard: Guard{Opened: now, For: guard}}
}

// Scaled records how the operator asked for the action (2+, 50%+, =10);
// Confirmed carries it.
func (d *Confirm) Scaled(s *intent.Scale) *Confirm {
	d.scale = s
	return d
}

// Noted adds lines that explain the change under its fields: the alarms
// a policy makes, what its target costs, a schedule's next runs, a
// resize's steps.
func (d *Confirm) Noted(lines ...string) *Confirm {
	d.notes = append(d.notes, lines...)
	return d
}

// Action is the action the dialog would send; nil for a plan's.
func (d *Confirm) Action() model.Action { return d.action }

// Delta is the cost per hour the action adds.
func (d *Confirm) Delta() float64 { return d.delta }

// Title is the box's title.
func (d *Confirm) Title() string { return d.title }

// View draws the change (never cut: long rows wrap), the cost, where it
// goes, the reason and the keys.
func (d *Confirm) View(c *Ctx, w int) []string {
	out := d.body(c, w, &d.reasoned)
	out = append(out, "")
	warn, soon := d.guard.Lines(c, w)
	out = append(out, warn...)
	return append(out, look.Styled(c.St.KeyHint, confirmHint(soon, d.typing), w, c.G.Ellipsis))
}

// body is the changes (never cut: long rows wrap), their cost, where they
// go and the reason (typed into r). A plan whose changes do not fit in
// c.H lists those that do and counts the rest.
func (d *Confirm) body(c *Ctx, w int, r *reasoned) []string {
	st := &c.St
	tail := d.tail(c, w, r)
	var out []string
	for i, it := range d.items {
		lines := look.WrapStyled(st.Emph, text.Printable(it.head), w) // what it changes is never cut
		lines = append(lines, changeLines(c, it.rows, w)...)
		if left := len(d.items) - i; c.H > 0 && len(d.items) > 1 && len(out)+len(lines)+len(tail)+3 > c.H {
			out = append(out, look.Styled(st.Muted, fmt.Sprintf("and %d more changes (the plan lists them)", left), w, c.G.Ellipsis))
			break
		}
		out = append(out, lines...)
	}
	out = append(out, noteLines(c, d.notes, w)...)
	return append(out, tail...)
}

// tail is what follows the changes: cost, where and the reason.
func (d *Confirm) tail(c *Ctx, w int, r *reasoned) []string {
	st := &c.St
	out := []string{""}
	if d.action == nil || d.action.Mutating() {
		out = append(out, look.Styled(st.Base, "cost   "+CostText(d.delta), w, c.G.Ellipsis))
	}
	if d.where != "" {
		out = append(out, look.Styled(st.Muted, "where  "+text.Printable(d.where), w, c.G.Ellipsis))
	}
	return append(out, r.line(c, w))
}

// CostText is a change's cost per hour and per day: "+$0.1920/h  (+$4.61
// a day)", or "no change in cost".
func CostText(delta float64) string {
	switch {
	case delta > 0.00005:
		return fmt.Sprintf("+$%.4f/h  (+$%.2f a day)", delta, delta*24)
	case delta < -0.00005:
		return fmt.Sprintf("-$%.4f/h  (-$%.2f a day)", -delta, -delta*24)
	}
	return "no change in cost"
}

// Update: y or enter confirm once the guard allows, n or esc cancel at
// once, tab types the reason.
func (d *Confirm) Update(c *Ctx, k tea.KeyPressMsg) tea.Msg {
	switch d.confirmKey(c, &d.guard, k) {
	case keyCancel:
		return cancelledNothingSent
	case keyConfirm:
		return d.answer(d.text())
	}
	return nil
}

// cancelledNothingSent is how a confirm closes on esc or n.
var cancelledNothingSent = Close{Then: intent.Status{Kind: intent.Info, Text: "cancelled: nothing sent"}}

// keyIs is what a key did to a confirm.
type keyIs int

const (
	keyOther   keyIs = iota // not a confirm's key: the dialog's own, if any
	keyCancel               // esc, or n while not typing
	keyConfirm              // y or enter, once the guard allows
	keyUsed                 // tab, a swallowed y, a key typed into the reason
)

// confirmKey takes the keys every confirm shares: y and enter confirm
// once the guard allows (issue 16), n and esc cancel at once, tab types
// the reason.
func (r *reasoned) confirmKey(c *Ctx, g *Guard, k tea.KeyPressMsg) keyIs {
	s := k.String()
	switch {
	case s == "esc", s == "n" && !r.typing:
		return keyCancel
	case s == "tab":
		r.typing = !r.typing
	case s == "enter", s == "y" && !r.typing:
		if g.Try(c.Now) {
			return keyConfirm
		}
	case r.typing:
		r.reason.Key(k)
	default:
		return keyOther
	}
	return keyUsed
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

// noteLines draw a confirm's notes under a blank line, wrapped, a
// warning in its ink.
func noteLines(c *Ctx, notes []string, w int) []string {
	if len(notes) == 0 {
		return nil
	}
	out := []string{""}
	for _, n := range notes {
		ink := c.St.Info
		if strings.HasPrefix(n, "warning:") {
			ink = c.St.Warn
		}
		out = append(out, look.WrapStyled(ink, c.Arrows(text.Printable(n)), w)...)
	}
	return out
}
