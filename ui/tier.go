package ui

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
)

// tierRun is a tier action under way: one SetDesired per group, sent one
// after another, each re-read, journaled and sent once by Backend.Act. A
// group that does not end well stops the rest until the operator says
// (dialog.Stopped); without an answer nothing more is sent.
type tierRun struct {
	id     int
	region string // every group of a tier heading is of its region
	tier   string
	scale  *intent.Scale
	reason string
	queue  []model.Action // not yet sent
	done   []string       // what was sent and ended well
	bad    []string       // what was sent and did not
}

// scaleTier proposes sc on every group listed under the tier's heading, in
// region ("" for the focus region): one confirm listing each group's
// change and cost, and the groups left out with why. A tier heading is
// one region's, so a tier that exists in two regions is scaled region by
// region, each from its own heading, with a confirm that says where.
func (m *Model) scaleTier(region, tier string, groups []string, sc intent.Scale) tea.Cmd {
	if region == "" {
		region = m.focus()
	}
	if m.tier != nil {
		m.setStatus(intent.Warn, "tier %s is still being scaled; wait for it", Printable(m.tier.tier))
		return nil
	}
	rows, n := m.tierRows(region, groups, sc)
	if n == 0 {
		why := "no group"
		if len(rows) > 0 {
			why = rows[0].Group + ": " + rows[0].Skip
		}
		m.setStatus(intent.Info, "tier %s%s %s: nothing to send (%s)", Printable(tier), inRegion(m.regionWord(region)), sc, Printable(why))
		return nil
	}
	d := dialog.NewTierConfirm(tier, &sc, rows, m.where(region), m.now(), m.opts.ConfirmGuard)
	d.Region = region
	m.overlay.Push(d)
	return m.guardTick()
}

// tierRows are each group's change under sc in region, or why it is left
// out, and how many change.
func (m *Model) tierRows(region string, groups []string, sc intent.Scale) ([]dialog.TierRow, int) {
	var rows []dialog.TierRow
	n := 0
	rs := m.state(region)
	for _, name := range groups {
		if rs.snap == nil {
			break
		}
		g, ok := rs.snap.Group(name)
		if !ok {
			continue
		}
		r := dialog.TierRow{Group: name}
		a := model.SetDesired{Group: name, From: g.Capacity, Desired: sc.Desired(g.Desired)}
		var ve *model.ValidationError
		err := model.Validate(a, m.readOnly)
		_, busy := rs.inflight[name]
		switch {
		case busy:
			r.Skip = "an action is in flight"
		case errors.Is(err, model.ErrNoChange):
			r.Skip = fmt.Sprintf("desired is %d already", g.Desired)
		case errors.As(err, &ve):
			r.Skip = ve.Msg
		case err != nil:
			r.Skip = err.Error()
		default:
			r.Action, r.Delta = a, m.costDelta(region, a)
			n++
		}
		rows = append(rows, r)
	}
	return rows, n
}

// startTier starts a confirmed tier action: every group is marked as
// acting (nothing else can be proposed on it), then sent one by one.
func (m *Model) startTier(c dialog.ConfirmedAll) tea.Cmd {
	m.nextID++
	region := c.Region
	if region == "" {
		region = m.focus()
	}
	m.tier = &tierRun{id: m.nextID, region: region, tier: c.Tier, scale: c.Scale, reason: c.Reason, queue: c.Actions}
	for _, a := range c.Actions {
		m.state(region).inflight[inflightKey(a)] = "queued: " + model.Summary(a)
	}
	return m.tierNext()
}

// tierNext sends the next group of the tier action, or ends it.
func (m *Model) tierNext() tea.Cmd {
	t := m.tier
	if len(t.queue) == 0 {
		m.endTier()
		return nil
	}
	a := t.queue[0]
	t.queue = t.queue[1:]
	if err := model.Validate(a, m.readOnly); err != nil {
		delete(m.state(t.region).inflight, inflightKey(a))
		m.stopTier(fmt.Sprintf("%s: %v", model.Summary(a), err))
		return nil
	}
	return m.startAct(t.region, a, t.reason, t.scale, t.id)
}

// tierStep takes the result of one group of the tier action: on to the
// next when it ended well; otherwise stop, and ask whether to go on.
func (m *Model) tierStep(msg actionDoneMsg) tea.Cmd {
	t := m.tier
	if t == nil || msg.batch != t.id {
		return nil
	}
	if msg.err == nil {
		t.done = append(t.done, model.Summary(msg.action))
		return m.tierNext()
	}
	t.bad = append(t.bad, model.Summary(msg.action))
	var next *dialog.Confirm
	offer := ""
	if ce, a, ok := conflictOf(msg); ok {
		offer, next = m.wayOn(t.region, a, msg.scale, ce)
	}
	if (len(t.queue) == 0 && next == nil) || m.busyTyping() {
		m.stopTier(model.Summary(msg.action) + ": " + msg.err.Error())
		return nil
	}
	head := m.regionWord(t.region) + Printable(msg.action.Target()) + ": " + msg.err.Error()
	var rest []string
	for _, a := range t.queue {
		rest = append(rest, model.Summary(a))
	}
	m.overlay.Push(dialog.NewStopped(head, offer, next, m.now(), m.opts.ConfirmGuard).RebaseKey(m.keys.KeyOf("rebase")).InBatch(t.done, rest))
	return m.guardTick()
}

// resumeTier takes the operator's answer to a stopped tier action.
func (m *Model) resumeTier(r dialog.Resume) tea.Cmd {
	t := m.tier
	if t == nil {
		return nil
	}
	if !r.Go {
		m.stopTier("stopped by you")
		return nil
	}
	if r.Rebased != nil {
		if n := len(t.bad); n > 0 {
			t.bad = t.bad[:n-1] // the group that conflicted goes again, re-based
		}
		t.queue = append([]model.Action{r.Rebased}, t.queue...)
		m.state(t.region).inflight[inflightKey(r.Rebased)] = "queued: " + model.Summary(r.Rebased)
		if r.Reason != "" {
			t.reason = r.Reason
		}
	}
	return m.tierNext()
}

// stopTier ends the tier action without sending the rest, and says so on
// the status line and the timeline.
func (m *Model) stopTier(why string) {
	t := m.tier
	var rest []string
	for _, a := range t.queue {
		delete(m.state(t.region).inflight, inflightKey(a))
		rest = append(rest, a.Target())
	}
	t.queue = nil
	text := fmt.Sprintf("tier %s%s %s stopped (%s)", t.tier, inRegion(m.regionWord(t.region)), t.scale, why)
	if len(rest) > 0 {
		text += "; not sent: " + strings.Join(rest, ", ")
	}
	m.data.Local = append(m.data.Local, screen.Event{T: m.envIn(t.region).ServerTime(m.now()), Region: t.region, Kind: "hoist", Sev: model.SeverityWarning, Text: text})
	m.setStatus(intent.Warn, "%s", text)
	m.tier = nil
}

// endTier says how a tier action ended once every group was sent.
func (m *Model) endTier() {
	t := m.tier
	m.tier = nil
	if len(t.bad) > 0 {
		m.setStatus(intent.Warn, "tier %s%s %s: %d done, %d not: %s", Printable(t.tier), inRegion(m.regionWord(t.region)), t.scale, len(t.done), len(t.bad), Printable(strings.Join(t.bad, "; ")))
		return
	}
	m.setStatus(intent.OK, "tier %s%s %s done: %s", Printable(t.tier), inRegion(m.regionWord(t.region)), t.scale, Printable(strings.Join(t.done, "; ")))
}
