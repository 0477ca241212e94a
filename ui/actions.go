package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
	"github.com/solemate/hoist/ui/screen/policies"
)

// propose validates a and, if it passes, opens the confirm dialog showing
// exactly that action and where it goes: region, or "" for the region of
// the screen on top. A rule break never opens a dialog: it is a status
// line saying what to do instead. sc is how the operator asked for a
// SetDesired (2+, 50%+, =10), nil for any other action.
func (m *Model) propose(a model.Action, region string, sc *intent.Scale) tea.Cmd {
	return m.proposeWith(intent.Propose{Action: a, Region: region, Scale: sc})
}

// proposeWith is propose with the confirm's notes, the name a
// deletion's confirm asks to be typed back, and what to do once the
// action succeeded.
func (m *Model) proposeWith(p intent.Propose) tea.Cmd {
	a, region := p.Action, p.Region
	if region == "" {
		region = m.focus()
	}
	if err := model.Validate(a, m.readOnly); err != nil {
		m.reportInvalid(a, err)
		return nil
	}
	rs := m.state(region)
	if _, busy := rs.inflight[inflightKey(a)]; busy {
		m.setStatus(intent.Warn, "%s%s has an action in flight; wait for its result", m.regionWord(region), inflightKey(a))
		return nil
	}
	if m.follow != nil && !m.follow.armed {
		m.follow = nil // its action was never confirmed
	}
	if p.After != nil {
		m.follow = &followUp{target: a.Target(), region: region, group: a.GroupName(), after: p.After}
	}
	if p.TypeName != "" {
		d := dialog.NewTypeName(a, p.TypeName, m.where(region), m.now(), m.opts.ConfirmGuard, p.Notes...)
		d.Region = region
		m.overlay.Push(d)
	} else {
		d := dialog.NewConfirm(a, m.costDelta(region, a), m.where(region), m.now(), m.opts.ConfirmGuard).Scaled(p.Scale).Noted(p.Notes...)
		d.Region = region
		m.overlay.Push(d)
	}
	return m.guardTick()
}

// guardTick redraws a confirm once its guard time is up, so that it says
// it is ready: the one tick the confirm's guard needs, only while one is
// open.
func (m *Model) guardTick() tea.Cmd { return m.after(m.opts.ConfirmGuard, guardPassedMsg{}) }

// costDelta is what a adds to its group's cost per hour, in region.
func (m *Model) costDelta(region string, a model.Action) float64 {
	rs := m.byRegion[region]
	if rs == nil || rs.snap == nil {
		return 0
	}
	if g, ok := rs.snap.Group(a.GroupName()); ok {
		return model.CostDelta(a, g, rs.snap.Prices)
	}
	return 0
}

// where is the account and region an action goes to, for the confirm.
func (m *Model) where(region string) string {
	w := region
	rs := m.byRegion[region]
	if rs == nil || rs.snap == nil {
		return w
	}
	if acct := rs.snap.Identity.Account; acct != "" {
		w = acct + " " + w
	}
	if rs.snap.Simulator {
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

// run sends a confirmed action to region. The command re-reads, journals
// and sends (Backend.Act); only its messages change the model.
func (m *Model) run(a model.Action, region, reason string, sc *intent.Scale) tea.Cmd {
	if err := model.Validate(a, m.readOnly); err != nil {
		m.reportInvalid(a, err)
		return nil
	}
	if region == "" {
		region = m.focus()
	}
	return m.startAct(region, a, reason, sc, 0)
}

// startAct starts one validated action in region (of the tier action
// batch, 0 for none). The status says "checking" while the adapter
// re-reads the group and journals the intent, and "sending" once the call
// goes out: Act calls its sending func then, which closes a channel the
// second command waits on. That command ends when the action does, sent
// or not, so nothing is left waiting when the checks stop it.
func (m *Model) startAct(region string, a model.Action, reason string, sc *intent.Scale, batch int) tea.Cmd {
	m.nextID++
	id := m.nextID
	m.acting[id] = true
	m.state(region).inflight[inflightKey(a)] = model.Summary(a)
	if a.Mutating() {
		m.setStatus(intent.Info, "checking %s%s ...", m.regionWord(region), model.Summary(a))
	} else {
		m.setStatus(intent.Info, "recording %s%s ...", m.regionWord(region), model.Summary(a))
	}
	b, timeout, log := m.backend, m.opts.ActTimeout, m.log
	sent, done := make(chan struct{}), make(chan struct{})
	act := func() tea.Msg {
		defer close(done)
		// Logged here, off the UI goroutine: a log line is a file write.
		log.Info("action sent", "kind", a.Kind(), "region", region, "target", a.Target(), "change", model.Summary(a))
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		var once sync.Once
		err := b.Act(ctx, region, a, reason, func() { once.Do(func() { close(sent) }) })
		log.Info("action result", "region", region, "target", a.Target(), "err", err)
		return actionDoneMsg{id: id, action: a, region: region, reason: reason, scale: sc, batch: batch, err: err}
	}
	return tea.Batch(act, awaitSending(id, region, a, sent, done))
}

// awaitSending is the command that learns when an action's call goes
// out: sent closes then; done closes when the action has ended, sent or
// not (a result that comes first makes the late message a no-op).
func awaitSending(id int, region string, a model.Action, sent, done <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-sent:
		case <-done:
			select {
			case <-sent:
			default:
				return nil // stopped before sending
			}
		}
		return sendingMsg{id: id, region: region, action: a}
	}
}

// onSending: the intent is journaled and the call is going out.
func (m *Model) onSending(msg sendingMsg) {
	if !m.acting[msg.id] {
		return // the result came first
	}
	m.setStatus(intent.Info, "sending %s%s ...", m.regionWord(msg.region), model.Summary(msg.action))
}

// send sends acknowledgements, one journaled action each, one after
// another, without a confirm: they change nothing in AWS. regions[i] is
// where as[i] goes.
func (m *Model) send(as []model.Action, regions []string) tea.Cmd {
	var cmds []tea.Cmd
	for i, a := range as {
		region := ""
		if i < len(regions) {
			region = regions[i]
		}
		cmds = append(cmds, m.run(a, region, "", nil))
	}
	if len(cmds) > 1 {
		m.setStatus(intent.Info, "acknowledging %d alerts ...", len(cmds))
	}
	return tea.Sequence(cmds...)
}

// inflightCount is how many actions are in flight, in every region.
func (m *Model) inflightCount() int {
	n := 0
	for _, rs := range m.byRegion {
		n += len(rs.inflight)
	}
	return n
}

func inflightKey(a model.Action) string {
	if g := a.GroupName(); g != "" {
		return g
	}
	return a.Target()
}

func (m *Model) onActionDone(msg actionDoneMsg) tea.Cmd {
	a := msg.action
	delete(m.acting, msg.id)
	delete(m.state(msg.region).inflight, inflightKey(a))
	m.recordResult(msg)
	var cmds []tea.Cmd
	if a.Mutating() {
		b, g, r := m.backend, a.GroupName(), msg.region
		cmds = append(cmds, func() tea.Msg { b.Refresh(r, g); return nil }, m.reloadDetail(r, g), m.then(msg))
	}
	if msg.batch != 0 {
		cmds = append(cmds, m.tierStep(msg))
	} else {
		cmds = append(cmds, m.offerRebase(msg))
	}
	return tea.Batch(cmds...)
}

// recordResult says how an action ended, on the status line and the
// timeline.
func (m *Model) recordResult(msg actionDoneMsg) {
	a, where := msg.action, m.regionWord(msg.region)
	ev := screen.Event{T: m.envIn(msg.region).ServerTime(m.now()), Region: msg.region, Group: a.GroupName(), Kind: "hoist", Sev: model.SeverityInfo, Text: model.Summary(a)}
	var ce *model.ConflictError
	switch {
	case msg.err == nil:
		ev.Text += " done"
		if a.Kind() == model.KindAcknowledge {
			m.data.Acks[msg.region+"|"+a.Target()] = true
			m.refreshAlerts()
			m.setStatus(intent.OK, "acknowledged %s%s", where, a.Target())
		} else {
			m.setStatus(intent.OK, "done: %s%s", where, model.Summary(a))
		}
	case errors.As(msg.err, &ce):
		ev.Sev = model.SeverityWarning
		ev.Text += " CONFLICT: " + ce.Error()
		m.setStatus(intent.Err, "CONFLICT: %s%s", where, ce.Error())
	case errors.Is(msg.err, model.ErrNoChange):
		ev.Text += ": nothing to change"
		m.setStatus(intent.Info, "%s%s: nothing to change", where, a.Target())
	default:
		ev.Sev = model.SeverityCritical
		ev.Text += " FAILED: " + msg.err.Error()
		m.setStatus(intent.Err, "failed: %s%s: %v", where, model.Summary(a), msg.err)
	}
	if msg.reason != "" {
		ev.Text += " (reason: " + msg.reason + ")"
	}
	m.data.Local = append(m.data.Local, ev)
}

// --- the group context: scale, limits, suspend, policies ---

// group is the group the screen on top is about, in its region.
func (m *Model) group() *model.Group {
	name, _ := m.selectedGroup()
	if s := m.snap(); s != nil {
		g, _ := s.Group(name)
		return g
	}
	return nil
}

func (m *Model) suspend() tea.Cmd {
	g := m.group()
	name, from, region := g.Name, slices.Clone(g.Suspended), m.focus()
	m.overlay.Push(dialog.NewChecklist("Suspend / resume processes of "+Printable(name), "checked = suspended",
		model.Processes(), from, []dialog.Preset{{Key: "f", Label: "freeze scaling", Items: model.FreezeScaling()}},
		func(on []string) tea.Msg { return suspendOrResume(region, name, from, on) }))
	return nil
}

// suspendOrResume is what the processes checklist asks for: suspend what
// was checked, or resume what was unchecked; both at once is two steps.
func suspendOrResume(region, group string, from, on []string) tea.Msg {
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
		return dialog.Close{Then: intent.Propose{Action: model.SuspendProcesses{Group: group, Processes: suspend, From: from}, Region: region}}
	case len(resume) > 0:
		return dialog.Close{Then: intent.Propose{Action: model.ResumeProcesses{Group: group, Processes: resume, From: from}, Region: region}}
	}
	return dialog.Close{Then: intent.Status{Kind: intent.Info, Text: group + ": nothing to change"}}
}

func (m *Model) openPolicies() tea.Cmd {
	return m.push(policies.Name, m.focus(), m.group().Name)
}

// --- session ---

func (m *Model) refreshNow() tea.Cmd {
	b, g, r := m.backend, "", ""
	if _, onGroup := m.top().(screen.GroupScreen); onGroup && len(m.stack) > 1 {
		g, _ = m.selectedGroup()
		r = m.focus()
	}
	m.setStatus(intent.Info, "refreshing ...")
	return func() tea.Msg { b.Refresh(r, g); return nil }
}

func (m *Model) quit() tea.Cmd {
	if m.inflightCount() == 0 {
		return tea.Quit
	}
	m.overlay.Push(dialog.NewChoice("Quit?",
		fmt.Sprintf("%d action(s) in flight: %s. Quitting now leaves its outcome to the journal and AWS.", m.inflightCount(), m.inflightList()),
		dialog.Option{Key: "y", Label: "quit anyway", Then: intent.Quit{}},
		dialog.Option{Key: "n", Label: "stay"}))
	return nil
}

func (m *Model) inflightList() string {
	var s []string
	for r, rs := range m.byRegion {
		for _, v := range rs.inflight {
			s = append(s, m.regionWord(r)+v)
		}
	}
	slices.Sort(s)
	return strings.Join(s, "; ")
}
