package dialog

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
)

// Stopped offers the way on after an action stopped: a conflict (the
// group changed between the operator's look and the send; nothing was
// sent), or, in a tier action, any group that did not end well. It says
// what happened and offers, each behind the confirm's guard:
//
//   - r (the rebase binding): the same intent re-based on the group's new value ("desired is
//     now 8; press r for 8 → 10, or esc"), when there is one;
//   - y: send the rest of a tier action, when some is left;
//   - esc or n: stop; nothing more is sent.
//
// Alone (no rest), r answers Confirmed and esc closes. In a tier action
// every answer is a Resume, so the root knows whether to go on.
type Stopped struct {
	head  string   // what happened, one sentence
	offer string   // how r re-bases it, or why it cannot
	next  *Confirm // the re-based action; nil when there is none
	sent  []string // a tier action's groups already sent
	rest  []string // a tier action's groups not yet sent
	batch bool
	rkey  string // the re-base key, r unless the config binds another
	reasoned
	guard Guard
}

// Resume answers a Stopped tier action: Go sends the rest, Rebased first
// when the operator took the re-based action; otherwise nothing more is
// sent.
type Resume struct {
	Go      bool
	Rebased model.Action
	Scale   *intent.Scale
	Reason  string
}

// NewStopped says head and offers next (nil: offer says why there is no
// way on), opened at now with the confirm's guard.
func NewStopped(head, offer string, next *Confirm, now time.Time, guard time.Duration) *Stopped {
	return &Stopped{head: head, offer: offer, next: next, reasoned: newReasoned(), rkey: "r",
		guard: Guard{Opened: now, For: guard, Key: "r"}}
}

// RebaseKey makes k the key that re-bases (the config may bind another
// than r to the rebase action).
func (d *Stopped) RebaseKey(k string) *Stopped {
	if k != "" && k != "?" {
		d.rkey = k
		if d.guard.Key == "r" {
			d.guard.Key = k
		}
	}
	return d
}

// InBatch makes it the stop of a tier action: sent and rest name the
// groups done and not yet sent.
func (d *Stopped) InBatch(sent, rest []string) *Stopped {
	d.batch, d.sent, d.rest = true, sent, rest
	if d.next == nil {
		d.guard.Key = "y"
	}
	return d
}

// Next is the re-based action, if there is one.
func (d *Stopped) Next() model.Action {
	if d.next == nil {
		return nil
	}
	return d.next.action
}

// Title is the box's title.
func (d *Stopped) Title() string {
	if d.batch {
		return "Tier action stopped"
	}
	return "Conflict: nothing was sent"
}

// View: what happened, the offer and the re-based change, the rest of a
// tier action, the keys.
func (d *Stopped) View(c *Ctx, w int) []string {
	st := &c.St
	out := look.WrapStyled(st.Warn, text.Printable(d.head), w)
	if len(d.sent) > 0 {
		out = append(out, look.WrapStyled(st.Muted, "sent: "+c.Arrows(text.Printable(strings.Join(d.sent, "; "))), w)...)
	}
	if len(d.rest) > 0 {
		out = append(out, look.WrapStyled(st.Base, "not sent yet: "+c.Arrows(text.Printable(strings.Join(d.rest, "; "))), w)...)
	}
	out = append(out, "")
	out = append(out, look.WrapStyled(st.Emph, c.Arrows(text.Printable(d.offer)), w)...)
	if d.next != nil {
		out = append(out, "")
		out = append(out, d.next.body(c, w, &d.reasoned)...)
	}
	out = append(out, "")
	warn, soon := d.guard.Lines(c, w)
	out = append(out, warn...)
	return append(out, look.Styled(st.KeyHint, d.hint(soon), w, c.G.Ellipsis))
}

func (d *Stopped) hint(soon string) string {
	var keys []string
	if d.next != nil {
		keys = append(keys, d.rkey+" re-base, send"+soon)
	}
	if len(d.rest) > 0 {
		rest := "y send the rest"
		if d.next != nil {
			rest = "y the rest without it"
		}
		keys = append(keys, rest+soon)
	}
	switch {
	case d.batch:
		keys = append(keys, "esc stop")
	case d.next != nil:
		keys = append(keys, "esc cancel")
	default:
		keys = append(keys, "esc close")
	}
	if d.next != nil {
		keys = append(keys, "tab reason")
	}
	return strings.Join(keys, "   ")
}

// Update: r re-bases, y sends the rest (each once the guard allows), esc
// and n stop at once, tab types the reason.
func (d *Stopped) Update(c *Ctx, k tea.KeyPressMsg) tea.Msg {
	s := k.String()
	switch {
	case s == "esc", s == "n" && !d.typing:
		if d.batch {
			return Resume{}
		}
		return Close{Then: intent.Status{Kind: intent.Info, Text: "not re-based: nothing sent"}}
	case s == "tab" && d.next != nil:
		d.typing = !d.typing
	case d.typing && s == "enter":
		d.typing = false
	case d.typing:
		d.reason.Key(k)
	case s == d.rkey && d.next != nil:
		if d.guard.Try(c.Now) {
			return d.rebased()
		}
	case s == "y" && len(d.rest) > 0:
		if d.guard.Try(c.Now) {
			return Resume{Go: true}
		}
	}
	return nil
}

func (d *Stopped) rebased() tea.Msg {
	reason := d.text()
	if d.batch {
		return Resume{Go: true, Rebased: d.next.action, Scale: d.next.scale, Reason: reason}
	}
	return Confirmed{Action: d.next.action, Reason: reason, Region: d.next.Region, Scale: d.next.scale}
}
