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

// ConfirmedList answers a list confirm: close every dialog and send the
// actions in order, each re-read, journaled and sent once, the first
// failure stopping the rest. Region is where they go.
type ConfirmedList struct {
	Actions []model.Action
	Region  string
	Reason  string
}

// ConfirmList shows several absolute actions that belong together (a
// recommendation, a capacity plan), each field by field, their cost and
// where they go, for one answer that sends them all. It is guarded as a
// single action's confirm is (issue 16): y and enter count only after
// the guard time.
type ConfirmList struct {
	// Region is where the actions go; the answer carries it, as
	// Confirm's does.
	Region  string
	title   string
	actions []model.Action
	delta   float64 // cost per hour the actions add together
	where   string
	reason  lineedit.Field
	typing  bool
	guard   Guard
}

// NewConfirmList opens the confirm of actions at now, guarded for guard,
// its reason field holding reason (the journal says why).
func NewConfirmList(title string, actions []model.Action, delta float64, where, reason string, now time.Time, guard time.Duration) *ConfirmList {
	return &ConfirmList{title: title, actions: actions, delta: delta, where: where, reason: lineedit.New(reason, 200),
		guard: Guard{Opened: now, For: guard}}
}

// Actions are what the dialog would send, in order.
func (d *ConfirmList) Actions() []model.Action { return d.actions }

// Title is the box's title.
func (d *ConfirmList) Title() string { return "Confirm: " + text.Printable(d.title) }

// Width asks for room: the changes are long lines.
func (d *ConfirmList) Width() int { return 100 }

// Field is the reason while it is being typed.
func (d *ConfirmList) Field() *lineedit.Field {
	if d.typing {
		return &d.reason
	}
	return nil
}

// View draws each action's target and changes (never cut), the total
// cost, where they go, the reason and the keys.
func (d *ConfirmList) View(c *Ctx, w int) []string {
	st := &c.St
	n := len(d.actions)
	head := fmt.Sprintf("%d changes, sent in this order:", n)
	if n == 1 {
		head = "1 change:"
	}
	out := look.WrapStyled(st.Base, head, w)
	for i, a := range d.actions {
		out = append(out, look.WrapStyled(st.Emph, fmt.Sprintf("%d. %s", i+1, text.Printable(a.Target())), w)...)
		out = append(out, changeLines(c, changeRows(a), w)...)
	}
	cost := "no change in cost"
	switch {
	case d.delta > 0.00005:
		cost = fmt.Sprintf("+$%.4f/h  (+$%.2f a day)", d.delta, d.delta*24)
	case d.delta < -0.00005:
		cost = fmt.Sprintf("-$%.4f/h  (-$%.2f a day)", -d.delta, -d.delta*24)
	}
	out = append(out, "", look.Styled(st.Base, "cost   "+cost+" at today's capacity", w, c.G.Ellipsis))
	if d.where != "" {
		out = append(out, look.Styled(st.Muted, "where  "+text.Printable(d.where), w, c.G.Ellipsis))
	}
	if d.typing {
		out = append(out, d.reason.Render(st.Base, st.Cursor, "reason: ", w, c.G.Ellipsis))
	} else {
		out = append(out, look.Styled(st.Base, "reason (tab to edit): "+d.reason.Value(), w, c.G.Ellipsis))
	}
	out = append(out, "")
	out = append(out, look.WrapStyled(st.Muted, "each is re-read, journaled and sent on its own; the first that fails or finds its resource changed stops the rest", w)...)
	warn, soon := d.guard.Lines(c, w)
	out = append(out, warn...)
	hint := "y/enter send all" + soon + "   n/esc cancel   tab reason"
	if d.typing {
		hint = "enter send all" + soon + "   tab stop typing   esc cancel"
	}
	return append(out, look.Styled(st.KeyHint, hint, w, c.G.Ellipsis))
}

// Update: y or enter send once the guard allows, n or esc cancel at once,
// tab edits the reason.
func (d *ConfirmList) Update(c *Ctx, k tea.KeyPressMsg) tea.Msg {
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
		return ConfirmedList{Actions: d.actions, Region: d.Region, Reason: strings.TrimSpace(d.reason.Value())}
	}
	if d.typing {
		d.reason.Key(k)
	}
	return nil
}
