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
// one confirm of them all. Like propose, a rule break is a status line.
func (m *Model) proposeList(p intent.ProposeList) tea.Cmd {
	if len(p.Actions) == 0 {
		m.setStatus(intent.Info, "%s: nothing to change", p.Title)
		return nil
	}
	delta := 0.0
	for _, a := range p.Actions {
		if err := model.Validate(a, m.readOnly); err != nil {
			m.reportInvalid(a, err)
			return nil
		}
		if _, busy := m.data.Inflight[inflightKey(a)]; busy {
			m.setStatus(intent.Warn, "%s has an action in flight; wait for its result", inflightKey(a))
			return nil
		}
		if g, ok := m.data.Group(a.GroupName()); ok {
			delta += model.CostDelta(a, g, m.data.Snap.Prices)
		}
	}
	m.overlay.Push(dialog.NewConfirmList(p.Title, p.Actions, delta, m.where(), p.Reason, m.now(), m.opts.ConfirmGuard))
	return m.after(m.opts.ConfirmGuard, guardPassedMsg{})
}

// runList sends a confirmed list in order, in one command: each action
// is re-read, journaled and sent once by Backend.Act, and the first that
// fails (or finds its resource changed) stops the rest.
func (m *Model) runList(as []model.Action, reason string) tea.Cmd {
	for _, a := range as {
		if err := model.Validate(a, m.readOnly); err != nil {
			m.reportInvalid(a, err)
			return nil
		}
	}
	for _, a := range as {
		m.data.Inflight[inflightKey(a)] = fmt.Sprintf("%d changes", len(as))
	}
	m.setStatus(intent.Info, "sending %d changes ...", len(as))
	b, timeout, log := m.backend, m.opts.ActTimeout, m.log
	return func() tea.Msg {
		for i, a := range as {
			log.Info("action sent", "kind", a.Kind(), "target", a.Target(), "change", model.Summary(a), "of", len(as))
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			err := b.Act(ctx, a, reason, nil)
			cancel()
			log.Info("action result", "target", a.Target(), "err", err)
			if err != nil {
				return listDoneMsg{actions: as, reason: reason, done: i, err: err}
			}
		}
		return listDoneMsg{actions: as, reason: reason, done: len(as)}
	}
}

// onListDone records each action's result as a single action's would be
// (timeline, status, refresh), then says how the list ended.
func (m *Model) onListDone(msg listDoneMsg) tea.Cmd {
	var cmds []tea.Cmd
	for i, a := range msg.actions {
		switch {
		case i < msg.done:
			cmds = append(cmds, m.onActionDone(actionDoneMsg{action: a, reason: msg.reason}))
		case i == msg.done && msg.err != nil:
			cmds = append(cmds, m.onActionDone(actionDoneMsg{action: a, reason: msg.reason, err: msg.err}))
		default:
			delete(m.data.Inflight, inflightKey(a))
		}
	}
	n := len(msg.actions)
	if msg.err == nil {
		m.setStatus(intent.OK, "done: %d change%s: %s", n, plural(n), summaries(msg.actions))
		return tea.Batch(cmds...)
	}
	failed := msg.actions[msg.done]
	m.setStatus(intent.Err, "stopped at %d of %d: %s: %v; %d sent before it, %d not sent",
		msg.done+1, n, model.Summary(failed), msg.err, msg.done, n-msg.done-1)
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
