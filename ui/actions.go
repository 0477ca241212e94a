package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
	"github.com/solemate/hoist/ui/screen/policies"
)

// propose validates a and, if it passes, opens the confirm dialog showing
// exactly that action. A rule break never opens a dialog: it is a status
// line saying what to do instead.
func (m *Model) propose(a model.Action) tea.Cmd {
	if err := model.Validate(a, m.readOnly); err != nil {
		m.reportInvalid(a, err)
		return nil
	}
	if _, busy := m.data.Inflight[inflightKey(a)]; busy {
		m.setStatus(intent.Warn, "%s has an action in flight; wait for its result", inflightKey(a))
		return nil
	}
	delta := 0.0
	if g, ok := m.data.Group(a.GroupName()); ok {
		delta = model.CostDelta(a, g, m.data.Snap.Prices)
	}
	m.overlay.Push(dialog.NewConfirm(a, delta, m.where(), m.now(), m.opts.ConfirmGuard))
	return m.after(m.opts.ConfirmGuard, guardPassedMsg{})
}

// where is the account and region an action goes to, for the confirm.
func (m *Model) where() string {
	s := m.data.Snap
	if s == nil {
		return ""
	}
	w := s.Region
	if s.Identity.Account != "" {
		w = s.Identity.Account + " " + w
	}
	if s.Simulator {
		w += " (SIMULATOR)"
	}
	return w
}

func (m *Model) reportInvalid(a model.Action, err error) {
	var ve *model.ValidationError
	switch {
	case errors.Is(err, model.ErrNoChange):
		m.setStatus(intent.Info, "%s: nothing to change", a.Target())
	case errors.Is(err, model.ErrReadOnly):
		m.setStatus(intent.Warn, "read-only: nothing sent (%s)", m.readOnlyWhy)
	case errors.As(err, &ve):
		msg := ve.Msg
		if strings.HasSuffix(msg, "raise max first") || strings.HasSuffix(msg, "lower min first") {
			msg += " or press " + m.keys.KeyOf("edit-limits")
		}
		m.setStatus(intent.Err, "%s", msg)
	default:
		m.setStatus(intent.Err, "%v", err)
	}
}

// run sends a confirmed action. The command re-reads, journals and sends
// (Backend.Act); only the result message changes the model.
func (m *Model) run(a model.Action, reason string) tea.Cmd {
	if err := model.Validate(a, m.readOnly); err != nil {
		m.reportInvalid(a, err)
		return nil
	}
	m.nextID++
	id := m.nextID
	m.data.Inflight[inflightKey(a)] = model.Summary(a)
	m.setStatus(intent.Info, "sending %s ...", model.Summary(a))
	b, timeout, log := m.backend, m.opts.ActTimeout, m.log
	return func() tea.Msg {
		// Logged here, off the UI goroutine: a log line is a file write.
		log.Info("action sent", "kind", a.Kind(), "target", a.Target(), "change", model.Summary(a))
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		err := b.Act(ctx, a, reason, nil)
		log.Info("action result", "target", a.Target(), "err", err)
		return actionDoneMsg{id: id, action: a, reason: reason, err: err}
	}
}

// send sends acknowledgements, one journaled action each, one after
// another, without a confirm: they change nothing in AWS.
func (m *Model) send(as []model.Action) tea.Cmd {
	var cmds []tea.Cmd
	for _, a := range as {
		cmds = append(cmds, m.run(a, ""))
	}
	if len(cmds) > 1 {
		m.setStatus(intent.Info, "acknowledging %d alerts ...", len(cmds))
	}
	return tea.Sequence(cmds...)
}

func inflightKey(a model.Action) string {
	if g := a.GroupName(); g != "" {
		return g
	}
	return a.Target()
}

func (m *Model) onActionDone(msg actionDoneMsg) tea.Cmd {
	a := msg.action
	delete(m.data.Inflight, inflightKey(a))
	ev := screen.Event{T: m.data.ServerTime(m.now()), Group: a.GroupName(), Kind: "hoist", Sev: model.SeverityInfo, Text: model.Summary(a)}
	var ce *model.ConflictError
	switch {
	case msg.err == nil:
		ev.Text += " done"
		if a.Kind() == model.KindAcknowledge {
			m.data.Acks[a.Target()] = true
			m.refreshAlerts()
			m.setStatus(intent.OK, "acknowledged %s", a.Target())
		} else {
			m.setStatus(intent.OK, "done: %s", model.Summary(a))
		}
	case errors.As(msg.err, &ce):
		ev.Sev = model.SeverityWarning
		ev.Text += " CONFLICT: " + ce.Error()
		m.setStatus(intent.Err, "CONFLICT: %s", ce.Error())
	case errors.Is(msg.err, model.ErrNoChange):
		ev.Text += ": nothing to change"
		m.setStatus(intent.Info, "%s: nothing to change", a.Target())
	default:
		ev.Sev = model.SeverityCritical
		ev.Text += " FAILED: " + msg.err.Error()
		m.setStatus(intent.Err, "failed: %s: %v", model.Summary(a), msg.err)
	}
	if msg.reason != "" {
		ev.Text += " (reason: " + msg.reason + ")"
	}
	m.data.Local = append(m.data.Local, ev)
	if a.Mutating() {
		b, g := m.backend, a.GroupName()
		return func() tea.Msg { b.Refresh(g); return nil }
	}
	return nil
}

// --- the group context: scale, limits, suspend, policies ---

func (m *Model) group() *model.Group {
	name, _ := m.selectedGroup()
	g, _ := m.data.Group(name)
	return g
}

func (m *Model) scaleBy(sign int) tea.Cmd {
	g := m.group()
	n := max(m.count, 1)
	m.count = 0
	return m.propose(model.SetDesired{Group: g.Name, From: g.Capacity, Desired: g.Desired + sign*n})
}

func (m *Model) setDesired() tea.Cmd {
	g := m.group()
	name, from := g.Name, g.Capacity
	m.overlay.Push(dialog.NewInput("Set desired capacity",
		fmt.Sprintf("%s now min %d desired %d max %d. New desired:", name, from.Min, from.Desired, from.Max), "", 6,
		func(typed string) tea.Msg {
			n, err := strconv.Atoi(strings.TrimSpace(typed))
			if err != nil {
				return dialog.Close{Then: intent.Status{Kind: intent.Err, Text: fmt.Sprintf("desired %q is not a whole number", typed)}}
			}
			return dialog.Close{Then: intent.Propose{Action: model.SetDesired{Group: name, From: from, Desired: n}}}
		}))
	return nil
}

func (m *Model) suspend() tea.Cmd {
	g := m.group()
	name, from := g.Name, slices.Clone(g.Suspended)
	m.overlay.Push(dialog.NewChecklist("Suspend / resume processes of "+Printable(name), "checked = suspended",
		model.Processes(), from, []dialog.Preset{{Key: "f", Label: "freeze scaling", Items: model.FreezeScaling()}},
		func(on []string) tea.Msg { return suspendOrResume(name, from, on) }))
	return nil
}

// suspendOrResume is what the processes checklist asks for: suspend what
// was checked, or resume what was unchecked; both at once is two steps.
func suspendOrResume(group string, from, on []string) tea.Msg {
	var suspend, resume []string
	for _, p := range model.Processes() {
		was, now := slices.Contains(from, p), slices.Contains(on, p)
		switch {
		case now && !was:
			suspend = append(suspend, p)
		case !now && was:
			resume = append(resume, p)
		}
	}
	switch {
	case len(suspend) > 0 && len(resume) > 0:
		return intent.Status{Kind: intent.Warn, Text: fmt.Sprintf("suspend and resume in two steps: first suspend %s, then resume %s",
			strings.Join(suspend, ","), strings.Join(resume, ","))}
	case len(suspend) > 0:
		return dialog.Close{Then: intent.Propose{Action: model.SuspendProcesses{Group: group, Processes: suspend, From: from}}}
	case len(resume) > 0:
		return dialog.Close{Then: intent.Propose{Action: model.ResumeProcesses{Group: group, Processes: resume, From: from}}}
	}
	return dialog.Close{Then: intent.Status{Kind: intent.Info, Text: group + ": nothing to change"}}
}

func (m *Model) openPolicies() tea.Cmd {
	return m.push(policies.Name, m.group().Name)
}

// --- session ---

func (m *Model) refreshNow() tea.Cmd {
	b, g := m.backend, ""
	if _, onGroup := m.top().(screen.GroupScreen); onGroup && len(m.stack) > 1 {
		g, _ = m.selectedGroup()
	}
	m.setStatus(intent.Info, "refreshing ...")
	return func() tea.Msg { b.Refresh(g); return nil }
}

func (m *Model) quit() tea.Cmd {
	if len(m.data.Inflight) == 0 {
		return tea.Quit
	}
	m.overlay.Push(dialog.NewChoice("Quit?",
		fmt.Sprintf("%d action(s) in flight: %s. Quitting now leaves its outcome to the journal and AWS.", len(m.data.Inflight), m.inflightList()),
		dialog.Option{Key: "y", Label: "quit anyway", Then: intent.Quit{}},
		dialog.Option{Key: "n", Label: "stay"}))
	return nil
}

func (m *Model) inflightList() string {
	var s []string
	for _, v := range m.data.Inflight {
		s = append(s, v)
	}
	slices.Sort(s)
	return strings.Join(s, "; ")
}
