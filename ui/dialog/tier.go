package dialog

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
)

// TierRow is one group of a tier action: its change and what it costs,
// or why it is left out.
type TierRow struct {
	Group  string
	Action model.Action // nil when the group is left out
	Delta  float64      // cost per hour the change adds
	Skip   string       // why it is left out
}

// ConfirmedAll answers a tier confirm: send each action, one group after
// another (each re-read, journaled and sent once).
type ConfirmedAll struct {
	Region  string // where every group of the tier is
	Tier    string
	Actions []model.Action
	Scale   *intent.Scale
	Reason  string
}

// TierConfirm shows a tier action before it is sent: every group's
// change and cost (or why it is left out), the total, where it goes, an
// optional reason; y and enter count only after the guard (issue 16).
type TierConfirm struct {
	// Region is where the tier's groups are; the answer carries it (where
	// names it too).
	Region string
	tier   string
	scale  *intent.Scale
	rows   []TierRow
	where  string
	reasoned
	scroll int
	guard  Guard
}

// NewTierConfirm opens the confirm of a tier action at now.
func NewTierConfirm(tier string, sc *intent.Scale, rows []TierRow, where string, now time.Time, guard time.Duration) *TierConfirm {
	return &TierConfirm{tier: tier, scale: sc, rows: rows, where: where, reasoned: newReasoned(),
		guard: Guard{Opened: now, For: guard}}
}

// Actions are what the dialog would send, in order.
func (d *TierConfirm) Actions() []model.Action {
	var out []model.Action
	for _, r := range d.rows {
		if r.Action != nil {
			out = append(out, r.Action)
		}
	}
	return out
}

// Delta is the cost per hour the whole action adds.
func (d *TierConfirm) Delta() float64 {
	t := 0.0
	for _, r := range d.rows {
		if r.Action != nil {
			t += r.Delta
		}
	}
	return t
}

// Title is the box's title.
func (d *TierConfirm) Title() string { return "Confirm: tier " + text.Printable(d.tier) }

// View: what is asked, each group's change (scrolled when the screen is
// short), the total, where, the reason and the keys.
func (d *TierConfirm) View(c *Ctx, w int) []string {
	st := &c.St
	n := len(d.Actions())
	head := fmt.Sprintf("tier %s: %s on each of its %d groups", text.Printable(d.tier), d.scale, len(d.rows))
	out := look.WrapStyled(st.Emph, head, w)
	tail := []string{"",
		look.Styled(st.Base, fmt.Sprintf("total  %s, %d group%s", CostText(d.Delta()), n, plural(n)), w, c.G.Ellipsis)}
	if d.where != "" {
		tail = append(tail, look.Styled(st.Muted, "where  "+text.Printable(d.where), w, c.G.Ellipsis))
	}
	tail = append(tail, d.line(c, w), "")
	tail = append(tail, look.WrapStyled(st.Muted, "each group is re-read, journaled and sent on its own; if one has changed, the rest wait for you", w)...)
	warn, soon := d.guard.Lines(c, w)
	tail = append(tail, warn...)
	tail = append(tail, look.Styled(st.KeyHint, confirmHint(soon, d.typing), w, c.G.Ellipsis))
	room := len(d.rows)
	if c.H > 0 {
		room = max(c.H-len(out)-len(tail), 2)
	}
	out = append(out, d.rowLines(c, w, room)...)
	return append(out, tail...)
}

// rowLines are the groups' lines, at most room of them: one line a group
// when the names fit beside their changes, else the change under the name
// (a name is never cut); a window of them, with j/k, when there are more.
func (d *TierConfirm) rowLines(c *Ctx, w, room int) []string {
	st := &c.St
	nameW, chW := 0, 0
	for _, r := range d.rows {
		nameW = max(nameW, text.Width(text.Printable(r.Group)))
		chW = max(chW, text.Width(c.Arrows(d.change(r))))
	}
	one := 2+nameW+2+chW+2+12 <= w
	var all []string
	for _, r := range d.rows {
		ink := st.Emph
		if r.Action == nil {
			ink = st.Warn
		}
		name, change := text.Printable(r.Group), c.Arrows(d.change(r))
		cost := ""
		if r.Action != nil {
			cost = fmt.Sprintf("+$%.4f/h", r.Delta)
			if r.Delta < 0 {
				cost = fmt.Sprintf("-$%.4f/h", -r.Delta)
			}
		}
		if one {
			l := c.NewLine(w).Add(st.Base, "  ").Col(st.Base, name, nameW).Add(st.Base, "  ").Col(ink, change, chW).Add(st.Base, "  ").Add(st.Muted, cost)
			all = append(all, l.String())
			continue
		}
		for _, nl := range text.Wrap(name, max(w-2, 1)) {
			all = append(all, look.Styled(st.Base, "  "+nl, w, ""))
		}
		for _, cl := range text.Wrap(change+"  "+cost, max(w-4, 1)) {
			all = append(all, look.Styled(ink, "    "+cl, w, ""))
		}
	}
	if len(all) <= room {
		return all
	}
	room = max(room-1, 1)
	top := max(0, min(d.scroll, len(all)-room))
	more := look.Styled(st.KeyHint, fmt.Sprintf("  lines %d-%d of %d: j/k scroll", top+1, top+room, len(all)), w, c.G.Ellipsis)
	return append(all[top:top+room:top+room], more)
}

// change is a row's change, or why it is left out.
func (d *TierConfirm) change(r TierRow) string {
	if r.Action == nil {
		return "left out: " + r.Skip
	}
	return model.Change(r.Action.Before(), r.Action.After())
}

// Update: y or enter confirm once the guard allows, n or esc cancel at
// once, tab types the reason, j/k scroll a long list.
func (d *TierConfirm) Update(c *Ctx, k tea.KeyPressMsg) tea.Msg {
	switch d.confirmKey(c, &d.guard, k) {
	case keyCancel:
		return cancelledNothingSent
	case keyConfirm:
		return ConfirmedAll{Region: d.Region, Tier: d.tier, Actions: d.Actions(), Scale: d.scale, Reason: d.text()}
	case keyOther:
		switch k.String() {
		case "j", "down":
			d.scroll = min(d.scroll+1, 2*len(d.rows)) // View keeps the window on the list
		case "k", "up":
			d.scroll = max(d.scroll-1, 0)
		}
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
