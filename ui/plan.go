package ui

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/spec"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen/plan"
)

// :apply FILE in the console (issue 13): the plan is made by a command
// (Options.Planner), shown on the plan screen, confirmed once (a guarded
// confirm listing every change) and applied action by action through
// Backend.Act, in the plan's order, stopping at the first failure. Each
// action is still re-read, checked, journaled and sent once by the
// adapter, under one apply id.

// planRun is one plan of :apply: its screen and, once confirmed, the
// actions being sent.
type planRun struct {
	screen *plan.Screen
	region string // where the plan was made, and where it is applied
	id     string // the apply's id in the journal
	reason string
	steps  []planStep
	next   int
}

// planStep is one action of the plan and the change it belongs to.
type planStep struct {
	change int
	action model.Action
}

type (
	planMadeMsg struct {
		path   string
		region string // the region it was asked for
		plan   *spec.Plan
		id     string
		err    error
	}
	planStepMsg struct {
		step int
		err  error
	}
)

// startApply is :apply PATH: refused under read-only, else the plan is
// made in a command, against the region the operator is looking at (the
// selected group's); it is applied there, whatever is selected by then.
func (m *Model) startApply(path string) tea.Cmd {
	switch {
	case m.readOnly:
		m.setStatus(intent.Warn, "read-only: :apply is disabled (%s)", m.readOnlyWhy)
		return nil
	case m.opts.Planner == nil:
		m.setStatus(intent.Err, ":apply needs hoist's configuration files support, which this console was started without")
		return nil
	case path == "":
		m.setStatus(intent.Err, ":apply needs a file or directory: :apply scaling/ or :apply incident-web.yml")
		return nil
	case m.plan != nil && m.plan.screen.Running():
		m.setStatus(intent.Warn, "a plan is being applied; :apply again when it has finished")
		return nil
	}
	region := m.focus()
	m.setStatus(intent.Info, "planning %s%s ...", path, inRegion(m.regionWord(region)))
	planner, newID, now := m.opts.Planner, m.applyID, m.now()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		p, err := planner(ctx, region, path)
		return planMadeMsg{path: path, region: region, plan: p, id: newID(now), err: err}
	}
}

// newApplyID names an apply in the journal, as hoist apply does.
func newApplyID(now time.Time) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b[:])
}

func (m *Model) onPlanMade(msg planMadeMsg) tea.Cmd {
	if msg.err != nil {
		m.setStatus(intent.Err, "%v", msg.err)
		return nil
	}
	region := msg.plan.Where.Region
	if region == "" {
		region = msg.region
	}
	m.plan = &planRun{screen: plan.New(msg.path, msg.plan), region: region, id: msg.id}
	if len(m.stack) > 1 && m.top().Name() == plan.Name {
		m.pop() // a plan made again replaces the one shown
	}
	add, change, del := msg.plan.Counts()
	m.setStatus(intent.Info, "plan of %s%s: %d to add, %d to change, %d to delete", msg.path, inRegion(m.regionWord(region)), add, change, del)
	return m.push(plan.Name, region, "")
}

// proposePlan opens the plan's one confirm.
func (m *Model) proposePlan(p intent.ProposePlan) tea.Cmd {
	if m.readOnly {
		m.setStatus(intent.Warn, "read-only: nothing sent (%s)", m.readOnlyWhy)
		return nil
	}
	if m.plan == nil {
		return nil
	}
	m.overlay.Push(dialog.NewPlanConfirm(p.Title, p.Changes, p.Delta, m.where(m.plan.region), m.now(), m.opts.ConfirmGuard))
	return m.guardTick()
}

// runPlan starts sending the confirmed plan, one action after another.
func (m *Model) runPlan(reason string) tea.Cmd {
	r := m.plan
	if r == nil || r.screen.Running() {
		return nil
	}
	if reason == "" {
		reason = ":apply " + r.screen.Path()
	}
	r.reason, r.steps, r.next = reason, nil, 0
	for i, c := range r.screen.Plan().Changes {
		for _, a := range c.Actions {
			r.steps = append(r.steps, planStep{change: i, action: a})
		}
	}
	if len(r.steps) == 0 {
		m.setStatus(intent.Info, "nothing to send")
		return nil
	}
	return m.sendStep()
}

// sendStep sends the next action of the plan.
func (m *Model) sendStep() tea.Cmd {
	r := m.plan
	i := r.next
	st := r.steps[i]
	m.progress(plan.Progress{Change: st.change, State: plan.Sending})
	m.state(r.region).inflight[inflightKey(st.action)] = model.Summary(st.action)
	m.setStatus(intent.Info, "applying %d of %d: %s%s ...", i+1, len(r.steps), m.regionWord(r.region), model.Summary(st.action))
	b, timeout, id, reason, region := m.backend, m.opts.ActTimeout, r.id, r.reason, r.region
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(model.WithApply(context.Background(), id), timeout)
		defer cancel()
		return planStepMsg{step: i, err: b.Act(ctx, region, st.action, reason, nil)}
	}
}

func (m *Model) progress(p plan.Progress) {
	m.plan.screen.Update(m.envIn(m.plan.region), p)
}

// onPlanStep records an action's end and sends the next, or stops at the
// first failure and says what was and was not applied.
func (m *Model) onPlanStep(msg planStepMsg) tea.Cmd {
	r := m.plan
	st := r.steps[msg.step]
	delete(m.state(r.region).inflight, inflightKey(st.action))
	if msg.err != nil && !errors.Is(msg.err, model.ErrNoChange) {
		return m.stopPlan(msg.step, msg.err)
	}
	r.next = msg.step + 1
	if r.next == len(r.steps) || r.steps[r.next].change != st.change {
		m.progress(plan.Progress{Change: st.change, State: plan.Done})
	}
	if r.next < len(r.steps) {
		return m.sendStep()
	}
	n := len(r.screen.Plan().Changes)
	m.finishPlan(fmt.Sprintf("Applied %d changes (journal: apply %s).", n, r.id), true)
	return m.refreshAll(r.region)
}

func (m *Model) stopPlan(step int, err error) tea.Cmd {
	r := m.plan
	st := r.steps[step]
	state := plan.Failed
	var u interface{ OutcomeUnknown() bool }
	if errors.As(err, &u) && u.OutcomeUnknown() {
		state = plan.Unknown
	}
	m.progress(plan.Progress{Change: st.change, State: state, Err: err.Error()})
	var left []string
	changes := r.screen.Plan().Changes
	for i := st.change + 1; i < len(changes); i++ {
		m.progress(plan.Progress{Change: i, State: plan.NotApplied})
		left = append(left, changes[i].Resource())
	}
	text := fmt.Sprintf("Stopped at %s: %d changes applied before it, %d not applied (journal: apply %s).",
		changes[st.change].Resource(), st.change, len(left), r.id)
	m.finishPlan(text, false)
	m.setStatus(intent.Err, "apply stopped at %s: %v", changes[st.change].Resource(), err)
	return m.refreshAll(r.region)
}

func (m *Model) finishPlan(text string, ok bool) {
	m.plan.screen.Update(m.envIn(m.plan.region), plan.Finished{Text: text, OK: ok})
	if ok {
		m.setStatus(intent.OK, "%s", strings.TrimSuffix(text, "."))
	}
}

// refreshAll refreshes everything of region after an apply there.
func (m *Model) refreshAll(region string) tea.Cmd {
	b := m.backend
	return func() tea.Msg { b.Refresh(region, ""); return nil }
}

// inRegion is " in us-west-2" of a region word ("us-west-2 "), "" of none.
func inRegion(word string) string {
	if word == "" {
		return ""
	}
	return " in " + strings.TrimSpace(word)
}
