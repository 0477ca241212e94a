package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
)

// proposeList validates every action of a list and, if all pass, opens
// one confirm of them all, every one going to the list's region. Like
// propose, a rule break is a status line.
func (m *Model) proposeList(p intent.ProposeList) tea.Cmd {
	if len(p.Actions) == 0 {
		m.setStatus(intent.Info, "%s: nothing to change", p.Title)
		return nil
	}
	region := m.orFocus(p.Region)
	rs := m.state(region)
	delta := 0.0
	for _, a := range p.Actions {
		if err := model.Validate(a, m.readOnly); err != nil {
			m.reportInvalid(a, err)
			return nil
		}
		if _, busy := rs.inflight[inflightKey(a)]; busy {
			m.setStatus(intent.Warn, "%s%s has an action in flight; wait for its result", m.regionWord(region), inflightKey(a))
			return nil
		}
		delta += m.costDelta(region, a)
	}
	d := dialog.NewConfirmList(p.Title, p.Actions, delta, m.where(region), p.Reason, m.now(), m.opts.ConfirmGuard)
	d.Region = region
	m.overlay.Push(d)
	return m.after(m.opts.ConfirmGuard, guardPassedMsg{})
}

// runList sends a confirmed list in order to region, in one command:
// each action is re-read, journaled and sent once by Backend.Act, and the
// first that fails (or finds its resource changed) stops the rest.
func (m *Model) runList(as []model.Action, region, reason string) tea.Cmd {
	region = m.orFocus(region)
	for _, a := range as {
		if err := model.Validate(a, m.readOnly); err != nil {
			m.reportInvalid(a, err)
			return nil
		}
	}
	inflight := m.state(region).inflight
	for _, a := range as {
		inflight[inflightKey(a)] = fmt.Sprintf("%d changes", len(as))
	}
	to := ""
	if w := m.regionWord(region); w != "" {
		to = " to " + strings.TrimSpace(w)
	}
	m.setStatus(intent.Info, "sending %d changes%s ...", len(as), to)
	b, timeout, log := m.backend, m.opts.ActTimeout, m.log
	return func() tea.Msg {
		for i, a := range as {
			log.Info("action sent", "kind", a.Kind(), "region", region, "target", a.Target(), "change", model.Summary(a), "of", len(as))
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			err := b.Act(ctx, region, a, reason, nil)
			cancel()
			log.Info("action result", "region", region, "target", a.Target(), "err", err)
			if err != nil {
				return listDoneMsg{actions: as, region: region, reason: reason, done: i, err: err}
			}
		}
		return listDoneMsg{actions: as, region: region, reason: reason, done: len(as)}
	}
}

// onListDone records each action's result as a single action's would be
// (timeline, status, refresh), then says how the list ended.
func (m *Model) onListDone(msg listDoneMsg) tea.Cmd {
	var cmds []tea.Cmd
	for i, a := range msg.actions {
		switch {
		case i < msg.done:
			cmds = append(cmds, m.onActionDone(actionDoneMsg{action: a, region: msg.region, reason: msg.reason}))
		case i == msg.done && msg.err != nil:
			cmds = append(cmds, m.onActionDone(actionDoneMsg{action: a, region: msg.region, reason: msg.reason, err: msg.err}))
		default:
			delete(m.state(msg.region).inflight, inflightKey(a))
		}
	}
	n := len(msg.actions)
	if msg.err == nil {
		m.setStatus(intent.OK, "done: %d change%s: %s%s", n, plural(n), m.regionWord(msg.region), summaries(msg.actions))
		return tea.Batch(cmds...)
	}
	failed := msg.actions[msg.done]
	m.setStatus(intent.Err, "stopped at %d of %d: %s%s: %v; %d sent before it, %d not sent",
		msg.done+1, n, m.regionWord(msg.region), model.Summary(failed), msg.err, msg.done, n-msg.done-1)
	return tea.Batch(cmds...)
}

func summaries(as []model.Action) string {
	var s []string
	for _, a := range as {
		s = append(s, model.Summary(a))
	}
	return strings.Join(s, "; ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
