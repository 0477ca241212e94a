package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
)

// Scaling by hand: a step (+, 2+), a share (50%+), a value (=); on one
// group, or on every group of a tier from its heading. Every change the
// console sends is still an absolute value, re-checked before it goes;
// the intent travels beside it so that a conflict can re-base it.

// typedScale is the count typed before + or - as a Scale, and clears it.
func (m *Model) typedScale(sign int) intent.Scale {
	sc := intent.Scale{Sign: sign, By: max(m.count, 1), Percent: m.percent && m.count > 0}
	m.count, m.percent = 0, false
	return sc
}

func (m *Model) scaleBy(sign int) tea.Cmd {
	sc := m.typedScale(sign)
	region := m.focus()
	if tier, groups, ok := m.selectedTier(); ok {
		return m.scaleTier(region, tier, groups, sc)
	}
	g := m.group()
	return m.propose(model.SetDesired{Group: g.Name, From: g.Capacity, Desired: sc.Desired(g.Desired)}, region, &sc)
}

func (m *Model) setDesired() tea.Cmd {
	region := m.focus()
	if tier, groups, ok := m.selectedTier(); ok {
		m.overlay.Push(dialog.NewInput("Set desired capacity of a tier",
			fmt.Sprintf("Every group of tier %s%s (%d). New desired of each:", Printable(tier), inRegion(m.regionWord(region)), len(groups)), "", 6,
			func(typed string) tea.Msg {
				n, err := strconv.Atoi(strings.TrimSpace(typed))
				if err != nil {
					return dialog.Close{Then: intent.Status{Kind: intent.Err, Text: fmt.Sprintf("desired %q is not a whole number", typed)}}
				}
				return dialog.Close{Then: intent.ScaleTier{Region: region, Tier: tier, Groups: groups, Scale: intent.Scale{To: n}}}
			}))
		return nil
	}
	g := m.group()
	name, from := g.Name, g.Capacity
	m.overlay.Push(dialog.NewInput("Set desired capacity",
		fmt.Sprintf("%s now min %d desired %d max %d. New desired:", name, from.Min, from.Desired, from.Max), "", 6,
		func(typed string) tea.Msg {
			n, err := strconv.Atoi(strings.TrimSpace(typed))
			if err != nil {
				return dialog.Close{Then: intent.Status{Kind: intent.Err, Text: fmt.Sprintf("desired %q is not a whole number", typed)}}
			}
			return dialog.Close{Then: intent.Propose{Action: model.SetDesired{Group: name, From: from, Desired: n}, Region: region, Scale: &intent.Scale{To: n}}}
		}))
	return nil
}

// selectedTier is the tier whose heading the screen on top has selected,
// and the groups listed under it: all of the focus region, since a tier's
// heading is one region's.
func (m *Model) selectedTier() (string, []string, bool) {
	if t, ok := m.top().(screen.TierScreen); ok {
		return t.SelectedTier(m.env())
	}
	return "", nil, false
}

// rebase is a's intent re-based on the group's capacity now: a step or a
// share moves from the new desired; a value stays the value and is
// checked again. The error says why there is no way on: nothing left to
// change, or a limit in the way.
func (m *Model) rebase(a model.SetDesired, sc *intent.Scale, now model.Capacity) (model.SetDesired, error) {
	next := a
	next.From = now
	if sc != nil && sc.Relative() {
		next.Desired = sc.Desired(now.Desired)
	}
	return next, model.Validate(next, m.readOnly)
}

// conflictOf is the conflict a SetDesired ended in, with the group's
// capacity now; nil for any other ending.
func conflictOf(msg actionDoneMsg) (*model.ConflictError, model.SetDesired, bool) {
	var ce *model.ConflictError
	a, ok := msg.action.(model.SetDesired)
	if !ok || !errors.As(msg.err, &ce) || ce.Capacity == nil {
		return nil, model.SetDesired{}, false
	}
	return ce, a, true
}

// wayOn is what the console offers after a SetDesired conflict in region:
// the same intent re-based on the new value, in one key, or why there is
// none. The offer reads "desired is now 8; press r for 8 → 10, or esc".
func (m *Model) wayOn(region string, a model.SetDesired, sc *intent.Scale, ce *model.ConflictError) (string, *dialog.Confirm) {
	now := *ce.Capacity
	is := fmt.Sprintf("desired is now %d", now.Desired)
	if now.Min != a.From.Min || now.Max != a.From.Max {
		is = fmt.Sprintf("min/desired/max is now %d/%d/%d", now.Min, now.Desired, now.Max)
	}
	how := "="
	if sc != nil {
		how = sc.String()
	} else {
		how += strconv.Itoa(a.Desired)
	}
	next, err := m.rebase(a, sc, now)
	var ve *model.ValidationError
	switch {
	case errors.Is(err, model.ErrNoChange):
		return fmt.Sprintf("%s: %s has nothing left to change; esc", is, how), nil
	case errors.As(err, &ve):
		return fmt.Sprintf("%s: %s: %s; esc", is, how, ve.Msg), nil
	case err != nil:
		return fmt.Sprintf("%s: %v; esc", is, err), nil
	}
	offer := fmt.Sprintf("%s; press %s for %d → %d (%s again), or esc", is, m.keys.KeyOf("rebase"), now.Desired, next.Desired, how)
	d := dialog.NewConfirm(next, m.costDelta(region, next), m.where(region), m.now(), m.opts.ConfirmGuard).Scaled(sc)
	d.Region = region
	return offer, d
}

// offerRebase opens the way on after a conflict, when the operator is not
// in the middle of something else: a dialog that appeared under their
// typing could take a key meant for another field. Otherwise the status
// line and the timeline say what happened, as for any conflict.
func (m *Model) offerRebase(msg actionDoneMsg) tea.Cmd {
	ce, a, ok := conflictOf(msg)
	if !ok || m.busyTyping() {
		return nil
	}
	offer, next := m.wayOn(msg.region, a, msg.scale, ce)
	m.overlay.Push(dialog.NewStopped(m.regionWord(msg.region)+Printable(a.Target())+": "+ce.Error(), offer, next, m.now(), m.opts.ConfirmGuard).
		RebaseKey(m.keys.KeyOf("rebase")))
	return m.guardTick()
}

// busyTyping reports whether a dialog, the command line or a screen's
// own field has the keyboard.
func (m *Model) busyTyping() bool {
	if m.overlay.Len() > 0 || m.command != nil {
		return true
	}
	c, ok := m.top().(screen.Capturer)
	return ok && c.Captures(tea.KeyPressMsg{})
}
