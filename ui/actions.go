package ui

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
)

// propose validates a and, if it passes, opens the confirm dialog showing
// exactly that action. A rule break never opens a dialog: it is a status
// line saying what to do instead.
func (m *Model) propose(a model.Action) tea.Cmd {
	if err := model.Validate(a, m.readOnly); err != nil {
		m.reportInvalid(a, err)
		return nil
	}
	if a.GroupName() != "" {
		if _, busy := m.inflight[a.GroupName()]; busy {
			m.setStatus(statusWarn, "%s has an action in flight; wait for its result", a.GroupName())
			return nil
		}
	}
	d := &confirmDialog{action: a, reason: newLineEdit("", 200), opened: m.now(), guard: m.opts.ConfirmGuard}
	if g, ok := m.group(a.GroupName()); ok && m.snap != nil {
		d.delta = model.CostDelta(a, g, m.snap.Prices)
	}
	m.dialog = d
	return m.after(d.guard, guardPassedMsg{})
}

func (m *Model) reportInvalid(a model.Action, err error) {
	var ve *model.ValidationError
	switch {
	case errors.Is(err, model.ErrNoChange):
		m.setStatus(statusInfo, "%s: nothing to change", a.Target())
	case errors.Is(err, model.ErrReadOnly):
		m.setStatus(statusWarn, "read-only: nothing sent (%s)", m.readOnlyWhy)
	case errors.As(err, &ve):
		msg := ve.Msg
		if strings.HasSuffix(msg, "raise max first") || strings.HasSuffix(msg, "lower min first") {
			msg += " or press " + m.keys.keyOf("edit-limits")
		}
		m.setStatus(statusErr, "%s", msg)
	default:
		m.setStatus(statusErr, "%v", err)
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
	key := inflightKey(a)
	m.inflight[key] = model.Summary(a)
	m.setStatus(statusInfo, "sending %s ...", model.Summary(a))
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

func inflightKey(a model.Action) string {
	if g := a.GroupName(); g != "" {
		return g
	}
	return a.Target()
}

func (m *Model) onActionDone(msg actionDoneMsg) tea.Cmd {
	a := msg.action
	delete(m.inflight, inflightKey(a))
	ev := event{t: m.now(), group: a.GroupName(), kind: "hoist", sev: model.SeverityInfo,
		text: model.Summary(a)}
	var ce *model.ConflictError
	switch {
	case msg.err == nil:
		ev.text += " done"
		if a.Kind() == model.KindAcknowledge {
			m.acks[a.Target()] = true
			m.refreshAlerts()
			m.setStatus(statusOK, "acknowledged %s", a.Target())
		} else {
			m.setStatus(statusOK, "done: %s", model.Summary(a))
		}
	case errors.As(msg.err, &ce):
		ev.sev = model.SeverityWarning
		ev.text += " CONFLICT: " + ce.Error()
		m.setStatus(statusErr, "CONFLICT: %s", ce.Error())
	case errors.Is(msg.err, model.ErrNoChange):
		ev.text += ": nothing to change"
		m.setStatus(statusInfo, "%s: nothing to change", a.Target())
	default:
		ev.sev = model.SeverityCritical
		ev.text += " FAILED: " + msg.err.Error()
		m.setStatus(statusErr, "failed: %s: %v", model.Summary(a), msg.err)
	}
	if msg.reason != "" {
		ev.text += " (reason: " + msg.reason + ")"
	}
	m.local = append(m.local, ev)
	if a.Mutating() {
		b, g := m.backend, a.GroupName()
		return func() tea.Msg { b.Refresh(g); return nil }
	}
	return nil
}

// --- capacity ---

func (m *Model) scaleBy(sign int) tea.Cmd {
	g, _ := m.selectedGroup()
	n := max(m.count, 1)
	m.count = 0
	return m.propose(model.SetDesired{Group: g.Name, From: g.Capacity, Desired: g.Desired + sign*n})
}

func (m *Model) scaleOut() tea.Cmd { return m.scaleBy(1) }
func (m *Model) scaleIn() tea.Cmd  { return m.scaleBy(-1) }

func (m *Model) setDesiredDialog() tea.Cmd {
	g, _ := m.selectedGroup()
	from := g.Capacity
	name := g.Name
	m.dialog = &inputDialog{
		head:   "Set desired capacity",
		prompt: fmt.Sprintf("%s now min %d desired %d max %d. New desired:", name, from.Min, from.Desired, from.Max),
		field:  newLineEdit("", 6),
		submit: func(m *Model, text string) tea.Cmd {
			n, err := atoi(text)
			if err != nil {
				m.setStatus(statusErr, "desired %q is not a whole number", text)
				return nil
			}
			return m.propose(model.SetDesired{Group: name, From: from, Desired: n})
		},
	}
	return nil
}

func (m *Model) limitsDialog() tea.Cmd {
	g, _ := m.selectedGroup()
	from := g.Capacity
	name := g.Name
	m.dialog = &inputDialog{
		head:   "Edit min / desired / max",
		prompt: name + ": type min desired max, separated by spaces:",
		field:  newLineEdit(fmt.Sprintf("%d %d %d", from.Min, from.Desired, from.Max), 24),
		submit: func(m *Model, text string) tea.Cmd {
			f := strings.Fields(strings.NewReplacer("/", " ", ",", " ").Replace(text))
			if len(f) != 3 {
				m.setStatus(statusErr, "give three numbers: min desired max (got %q)", text)
				return nil
			}
			var v [3]int
			for i, s := range f {
				n, err := atoi(s)
				if err != nil {
					m.setStatus(statusErr, "%q is not a whole number", s)
					return nil
				}
				v[i] = n
			}
			return m.propose(model.SetLimits{Group: name, From: from, To: model.Capacity{Min: v[0], Desired: v[1], Max: v[2]}})
		},
	}
	return nil
}

// atoi reads a whole number typed into a field; the model's rules then
// judge its range.
func atoi(s string) (int, error) { return strconv.Atoi(strings.TrimSpace(s)) }

// parseNumber reads a finite decimal number typed into a field: "5O",
// "7.5x", NaN and Inf are not numbers.
func parseNumber(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New("not a number")
	}
	return v, nil
}

// --- processes ---

func (m *Model) suspendDialog() tea.Cmd {
	g, _ := m.selectedGroup()
	d := &checklistDialog{group: g.Name, from: append([]string(nil), g.Suspended...), items: model.Processes()}
	d.checked = make([]bool, len(d.items))
	for i, p := range d.items {
		d.checked[i] = g.IsSuspended(p)
	}
	m.dialog = d
	return nil
}

// --- instances ---

func (m *Model) markUnhealthy() tea.Cmd {
	g, _ := m.selectedGroup()
	in, _ := m.selectedInstance()
	return m.propose(model.SetInstanceHealth{Group: g.Name, Instance: in.ID, From: healthOf(in), Health: model.HealthUnhealthy, RespectGrace: false})
}

func healthOf(in model.Instance) string {
	if in.Health == "" {
		return "Healthy"
	}
	return in.Health
}

func (m *Model) terminateDialog() tea.Cmd {
	g, _ := m.selectedGroup()
	in, _ := m.selectedInstance()
	name, from, id := g.Name, g.Capacity, in.ID
	m.dialog = &choiceDialog{
		head:   "Terminate " + id,
		prompt: "Terminate " + id + " of " + name + ":",
		choices: []choice{
			{"r", "terminate and let the group replace it", func(m *Model) tea.Cmd {
				return m.propose(model.TerminateInstance{Group: name, Instance: id, From: from})
			}},
			{"d", "terminate and decrement desired", func(m *Model) tea.Cmd {
				return m.propose(model.TerminateInstance{Group: name, Instance: id, From: from, Decrement: true})
			}},
		},
	}
	return nil
}

func (m *Model) standbyDialog() tea.Cmd {
	g, _ := m.selectedGroup()
	in, _ := m.selectedInstance()
	name, from, id := g.Name, g.Capacity, in.ID
	if in.Lifecycle == model.StateStandby {
		return m.propose(model.ExitStandby{Group: name, Instance: id, From: from})
	}
	m.dialog = &choiceDialog{
		head:   "Standby " + id,
		prompt: "Move " + id + " of " + name + " to standby:",
		choices: []choice{
			{"r", "and launch a replacement", func(m *Model) tea.Cmd {
				return m.propose(model.EnterStandby{Group: name, Instance: id, From: from})
			}},
			{"d", "and decrement desired", func(m *Model) tea.Cmd {
				return m.propose(model.EnterStandby{Group: name, Instance: id, From: from, Decrement: true})
			}},
		},
	}
	return nil
}

// --- policies ---

func (m *Model) policiesDialog() tea.Cmd {
	g, _ := m.selectedGroup()
	m.dialog = &policiesDialog{group: g.Name}
	return nil
}

func (m *Model) policyAction(edit func(p model.Policy, s *model.PolicySettings)) tea.Cmd {
	g, _ := m.selectedGroup()
	p, _ := m.selectedPolicy()
	from := model.SettingsOf(p)
	to := from
	edit(p, &to)
	metric := ""
	if p.Target != nil {
		metric = p.Target.Metric
	}
	return m.propose(model.EditPolicy{Group: g.Name, Policy: p.Name, Type: p.Type, Metric: metric, From: from, To: to})
}

func (m *Model) policyScaleIn() tea.Cmd {
	return m.policyAction(func(_ model.Policy, s *model.PolicySettings) { s.DisableScaleIn = !s.DisableScaleIn })
}

func (m *Model) policyEnable() tea.Cmd {
	return m.policyAction(func(_ model.Policy, s *model.PolicySettings) { s.Enabled = !s.Enabled })
}

func (m *Model) policyTarget() tea.Cmd {
	g, _ := m.selectedGroup()
	p, _ := m.selectedPolicy()
	if p.Type != model.PolicyTargetTracking {
		m.setStatus(statusWarn, "%s is %s: only target-tracking policies have a target value", p.Name, p.Type)
		return nil
	}
	name, pol := g.Name, p
	m.dialog = &inputDialog{
		head:   "Target value of " + p.Name,
		prompt: fmt.Sprintf("%s now targets %s = %g. New target:", p.Name, p.Target.Metric, p.Target.Value),
		field:  newLineEdit("", 12),
		submit: func(m *Model, text string) tea.Cmd {
			v, err := parseNumber(text)
			if err != nil {
				m.setStatus(statusErr, "target %q is not a number", text)
				return nil
			}
			from := model.SettingsOf(pol)
			to := from
			to.TargetValue = v
			return m.propose(model.EditPolicy{Group: name, Policy: pol.Name, Type: pol.Type, Metric: pol.Target.Metric, From: from, To: to})
		},
	}
	return nil
}

func (m *Model) policyExecute() tea.Cmd {
	g, _ := m.selectedGroup()
	p, _ := m.selectedPolicy()
	a := model.ExecutePolicy{Group: g.Name, Policy: p.Name, Type: p.Type, From: g.Capacity}
	if p.Type != model.PolicyStep {
		return m.propose(a)
	}
	m.dialog = &inputDialog{
		head:   "Execute " + p.Name,
		prompt: "A step policy picks its step from a metric value. Metric value:",
		field:  newLineEdit("", 12),
		submit: func(m *Model, text string) tea.Cmd {
			v, err := parseNumber(text)
			if err != nil {
				m.setStatus(statusErr, "metric value %q is not a number", text)
				return nil
			}
			a.MetricValue = &v
			return m.propose(a)
		},
	}
	return nil
}

func (m *Model) policyDelete() tea.Cmd {
	g, _ := m.selectedGroup()
	p, _ := m.selectedPolicy()
	return m.propose(model.DeletePolicy{Group: g.Name, Policy: p.Name, Type: p.Type})
}

// --- alerts ---

func (m *Model) ackSelected() tea.Cmd {
	a, ok := m.selectedAlert()
	if !ok {
		return nil
	}
	if m.acks[a.Key()] {
		m.setStatus(statusInfo, "already acknowledged")
		return nil
	}
	return m.run(ackAction(a), "")
}

func ackAction(a model.Alert) model.Acknowledge {
	return model.Acknowledge{Alert: a.ID, Group: a.Group, Since: a.Since, Text: a.Text}
}

// ackAll acknowledges every unacknowledged visible alert, one journaled
// action each, sent one after another by one command.
func (m *Model) ackAll() tea.Cmd {
	var cmds []tea.Cmd
	for _, a := range m.visibleAlerts() {
		if m.acks[a.Key()] {
			continue
		}
		if _, busy := m.inflight[ackAction(a).Target()]; busy {
			continue
		}
		cmds = append(cmds, m.run(ackAction(a), ""))
	}
	if len(cmds) == 0 {
		m.setStatus(statusInfo, "every visible alert is acknowledged")
		return nil
	}
	m.setStatus(statusInfo, "acknowledging %d alerts ...", len(cmds))
	return tea.Sequence(cmds...)
}

func (m *Model) muteDialog() tea.Cmd {
	a, _ := m.selectedAlert()
	alarm := a.Alarm
	var cs []choice
	for i, d := range []time.Duration{15 * time.Minute, time.Hour, 4 * time.Hour, 24 * time.Hour} {
		d := d
		cs = append(cs, choice{fmt.Sprint(i + 1), "for " + model.ShortDuration(d), func(m *Model) tea.Cmd {
			return m.propose(model.MuteAlarm{Alarm: alarm, For: d})
		}})
	}
	m.dialog = &choiceDialog{head: "Mute alarm actions", prompt: "Mute the actions of " + alarm + " (it keeps evaluating):", choices: cs}
	return nil
}

// --- session ---

func (m *Model) refreshNow() tea.Cmd {
	b, g := m.backend, ""
	if m.detail {
		g = m.selected
	}
	m.setStatus(statusInfo, "refreshing ...")
	return func() tea.Msg { b.Refresh(g); return nil }
}

func (m *Model) switchTo(profile, region, what string) tea.Cmd {
	switch {
	case what == "region" && !model.ValidRegion(region):
		m.setStatus(statusErr, ":region needs a region name like us-west-2")
		return nil
	case what == "profile" && !model.ValidProfile(profile):
		m.setStatus(statusErr, ":profile needs a profile name")
		return nil
	case len(m.inflight) > 0:
		m.setStatus(statusWarn, "an action is in flight; switch when it has finished")
		return nil
	}
	m.setStatus(statusInfo, "switching to %s %s ...", profile, region)
	b := m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return switchedMsg{profile: profile, region: region, err: b.Switch(ctx, profile, region)}
	}
}

func (m *Model) onSwitched(msg switchedMsg) tea.Cmd {
	where := switchTarget(msg.profile, msg.region)
	if msg.err != nil {
		m.setStatus(statusErr, "could not switch to %s: %v; still showing the previous account", where, msg.err)
		return nil
	}
	// Keep showing the old data until the new session's first snapshot;
	// its higher Session replaces everything. The journal is the new
	// account's: its acknowledgements and unknown outcomes, not the old's.
	m.setStatus(statusOK, "switched to %s; waiting for data", where)
	// If the new journal cannot be read, nothing of the old one stays.
	m.local, m.acks, m.journal, m.verify = nil, map[string]bool{}, nil, nil
	m.refreshAlerts()
	return m.readJournal()
}

// switchTarget names where a switch goes: "profile prod in eu-west-1".
func switchTarget(profile, region string) string {
	var parts []string
	if profile != "" {
		parts = append(parts, "profile "+Printable(profile))
	}
	if region != "" {
		if len(parts) > 0 {
			parts = append(parts, "in")
		}
		parts = append(parts, Printable(region))
	}
	if len(parts) == 0 {
		return "the default profile"
	}
	return strings.Join(parts, " ")
}

func (m *Model) quit() tea.Cmd {
	if len(m.inflight) == 0 {
		return tea.Quit
	}
	m.dialog = &choiceDialog{
		head:   "Quit?",
		prompt: fmt.Sprintf("%d action(s) in flight: %s. Quitting now leaves its outcome to the journal and AWS.", len(m.inflight), m.inflightList()),
		choices: []choice{
			{"y", "quit anyway", func(*Model) tea.Cmd { return tea.Quit }},
			{"n", "stay", func(*Model) tea.Cmd { return nil }},
		},
	}
	return nil
}

func (m *Model) inflightList() string {
	var s []string
	for _, v := range m.inflight {
		s = append(s, v)
	}
	sortStrings(s)
	return strings.Join(s, "; ")
}
