package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
)

// The reads and runs of the screens about one group (policies, scheduled
// actions, instance refreshes, the group's own): its detail, kept read
// while such a screen is on top; time zones for the scheduled action
// form; a resize's state and the resize itself. Each blocks, so each is a
// command; its result comes back as a detailMsg, which applies itself.

// Detail is read again this long after the last read while a screen
// shows it, and sooner while an instance refresh runs (its percentage
// moves); a failed read is tried again after detailRetry.
const (
	detailEvery   = 30 * time.Second
	detailRefresh = 10 * time.Second
	detailRetry   = 30 * time.Second
	detailTimeout = 30 * time.Second
)

// detailMsg is a result of one of this file's commands.
type detailMsg interface{ applyTo(m *Model) tea.Cmd }

type (
	detailReadMsg struct {
		region, group string
		d             model.GroupDetail
		err           error
	}
	zonesReadMsg struct {
		zones map[string]*time.Location // nil for a name that failed
		then  func(map[string]*time.Location) tea.Msg
	}
	resizeStateMsg struct {
		st   model.ResizeState
		err  error
		then func(model.ResizeState) tea.Msg
	}
	resizeDoneMsg struct {
		region  string
		plan    model.ResizePlan
		applied []string
		err     error
	}
	// resizeConfirmed answers a resize's confirm.
	resizeConfirmed struct {
		region string
		plan   model.ResizePlan
		prefs  model.RefreshPrefs
		reason string
	}
)

// detailGroup is the group whose detail the screen on top draws, and
// its region.
func (m *Model) detailGroup() (region, group string, ok bool) {
	if u, ok := m.top().(screen.DetailUser); ok && u.DetailGroup() != "" {
		return m.focus(), u.DetailGroup(), true
	}
	return "", "", false
}

// detailDue reads the detail of the screen on top when it is due.
func (m *Model) detailDue() tea.Cmd {
	r, g, ok := m.detailGroup()
	if !ok {
		return nil
	}
	st := m.state(r).details[g]
	if st != nil {
		every := detailEvery
		if _, running := model.ActiveRefresh(st.Detail.Refreshes); running {
			every = detailRefresh
		}
		if st.Err != "" {
			every = detailRetry
		}
		if st.Loading || m.now().Sub(st.At) < every {
			return nil
		}
	}
	return m.loadDetail(r, g)
}

// loadDetail reads the detail of group in region now, unless a read is
// in flight.
func (m *Model) loadDetail(region, group string) tea.Cmd {
	details := m.state(region).details
	st := details[group]
	if st == nil {
		st = &screen.DetailState{}
		details[group] = st
	}
	if st.Loading {
		return nil
	}
	st.Loading = true
	b := m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), detailTimeout)
		defer cancel()
		d, err := b.Detail(ctx, region, group)
		return detailReadMsg{region: region, group: group, d: d, err: err}
	}
}

func (msg detailReadMsg) applyTo(m *Model) tea.Cmd {
	var st *screen.DetailState
	if rs := m.byRegion[msg.region]; rs != nil {
		st = rs.details[msg.group]
	}
	if st == nil {
		return nil // a session switch dropped it
	}
	st.Loading, st.At = false, m.now()
	if msg.err != nil {
		st.Err = msg.err.Error()
		if st.Again {
			st.Again = false
			return m.loadDetail(msg.region, msg.group)
		}
		return nil
	}
	st.Detail, st.Read, st.Err = msg.d, true, ""
	m.refreshScreens()
	if st.Again {
		st.Again = false
		return m.loadDetail(msg.region, msg.group)
	}
	var zones []string
	for _, a := range msg.d.Scheduled {
		zones = append(zones, a.TimeZone)
	}
	return tea.Batch(m.zonesFor(intent.Zones{Names: zones}), m.followDetail(msg.region, msg.group, &st.Detail))
}

// policyRequest carries out a request of the screens about a group.
func (m *Model) policyRequest(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case intent.LoadDetail:
		return m.loadDetail(m.orFocus(msg.Region), msg.Group)
	case intent.Zones:
		return m.zonesFor(msg)
	case intent.ResizeState:
		b, region, group, then := m.backend, m.orFocus(msg.Region), msg.Group, msg.Then
		m.setStatus(intent.Info, "reading the launch template of %s%s ...", m.regionWord(region), group)
		return func() tea.Msg {
			ctx, cancel := context.WithTimeout(context.Background(), detailTimeout)
			defer cancel()
			st, err := b.ResizeState(ctx, region, group)
			return resizeStateMsg{st: st, err: err, then: then}
		}
	case intent.ProposeResize:
		return m.proposeResize(msg)
	}
	return nil
}

// zonesFor answers the time zones asked for: at once from those loaded
// before, else after a command loads the rest.
func (m *Model) zonesFor(z intent.Zones) tea.Cmd {
	var missing []string
	for _, n := range z.Names {
		if _, ok := m.data.Zones[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		if z.Then == nil {
			return nil
		}
		return m.apply(z.Then(m.knownZones(z.Names)))
	}
	names := append([]string(nil), z.Names...)
	return func() tea.Msg {
		out := map[string]*time.Location{}
		for _, n := range names {
			out[n] = loadZone(n)
		}
		return zonesReadMsg{zones: out, then: z.Then}
	}
}

// loadZone loads one IANA time zone (it reads the zone database); nil
// when Go does not know it.
func loadZone(name string) *time.Location {
	if name == "" || name == "UTC" {
		return time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}

func (m *Model) knownZones(names []string) map[string]*time.Location {
	out := map[string]*time.Location{}
	for _, n := range names {
		if loc := m.data.Zones[n]; loc != nil {
			out[n] = loc
		}
	}
	return out
}

func (msg zonesReadMsg) applyTo(m *Model) tea.Cmd {
	if m.data.Zones == nil {
		m.data.Zones = map[string]*time.Location{}
	}
	names := make([]string, 0, len(msg.zones))
	for n, loc := range msg.zones {
		m.data.Zones[n] = loc
		names = append(names, n)
	}
	if msg.then == nil || m.overlay.Front() != nil {
		return nil // zones for a screen, or the operator moved on to another dialog
	}
	return m.apply(msg.then(m.knownZones(names)))
}

func (msg resizeStateMsg) applyTo(m *Model) tea.Cmd {
	if msg.err != nil {
		m.setStatus(intent.Err, "resize: %v", msg.err)
		return nil
	}
	m.setStatus(intent.Info, "")
	if m.overlay.Front() != nil {
		return nil
	}
	return m.apply(msg.then(msg.st))
}

// proposeResize opens a resize's confirm: its steps, the cost per hour
// before and after.
func (m *Model) proposeResize(r intent.ProposeResize) tea.Cmd {
	p, region := r.Plan, m.orFocus(r.Region)
	if m.readOnly {
		m.setStatus(intent.Warn, "read-only: nothing sent (%s)", m.readOnlyWhy)
		return nil
	}
	if _, busy := m.state(region).inflight[p.Group]; busy {
		m.setStatus(intent.Warn, "%s%s has an action in flight; wait for its result", m.regionWord(region), p.Group)
		return nil
	}
	steps := make([]dialog.Step, len(p.Steps))
	for i, s := range p.Steps {
		steps[i] = dialog.Step{Desc: s.Desc, Done: s.Done}
	}
	head := fmt.Sprintf("%s: resize to %s", p.Group, strings.Join(p.Types, ", "))
	m.overlay.Push(dialog.NewSteps("Confirm resize", head, steps, p.Before, p.After, p.Priced, m.where(region), m.now(), m.opts.ConfirmGuard,
		func(reason string) tea.Msg {
			return resizeConfirmed{region: region, plan: p, prefs: r.Prefs, reason: reason}
		}))
	return m.after(m.opts.ConfirmGuard, guardPassedMsg{})
}

// applyTo runs a confirmed resize: Backend.Resize sends each step
// through Act (re-read, journal, sent once) and plans again after each.
func (msg resizeConfirmed) applyTo(m *Model) tea.Cmd {
	m.overlay.Clear()
	p := msg.plan
	if m.readOnly {
		m.setStatus(intent.Warn, "read-only: nothing sent (%s)", m.readOnlyWhy)
		return nil
	}
	region := msg.region
	m.state(region).inflight[p.Group] = "resize to " + strings.Join(p.Types, ", ")
	m.setStatus(intent.Info, "resizing %s%s to %s ...", m.regionWord(region), p.Group, strings.Join(p.Types, ", "))
	b, timeout, log, reason, prefs := m.backend, m.opts.ActTimeout, m.log, msg.reason, msg.prefs
	return func() tea.Msg {
		log.Info("resize sent", "region", region, "group", p.Group, "types", p.Types)
		ctx, cancel := context.WithTimeout(context.Background(), 3*timeout)
		defer cancel()
		applied, err := b.Resize(ctx, region, p.Group, p.Types, prefs, reason, nil)
		log.Info("resize result", "region", region, "group", p.Group, "applied", len(applied), "err", err)
		return resizeDoneMsg{region: region, plan: p, applied: applied, err: err}
	}
}

func (msg resizeDoneMsg) applyTo(m *Model) tea.Cmd {
	p, region := msg.plan, msg.region
	delete(m.state(region).inflight, p.Group)
	text := fmt.Sprintf("resize of %s%s to %s", m.regionWord(region), p.Group, strings.Join(p.Types, ", "))
	ev := screen.Event{T: m.envIn(region).ServerTime(m.now()), Region: region, Group: p.Group, Kind: "hoist", Sev: model.SeverityInfo}
	if msg.err != nil {
		ev.Sev, ev.Text = model.SeverityCritical, text+" FAILED: "+msg.err.Error()
		m.setStatus(intent.Err, "%s", msg.err.Error())
	} else {
		ev.Text = fmt.Sprintf("%s done (%d calls)", text, len(msg.applied))
		m.setStatus(intent.OK, "done: %s (%d calls)", text, len(msg.applied))
	}
	m.data.Local = append(m.data.Local, ev)
	b, g := m.backend, p.Group
	return tea.Batch(func() tea.Msg { b.Refresh(region, g); return nil }, m.loadDetail(region, g))
}

// followUp is what a proposal asks for once its action succeeded (the
// alarm that runs a new step policy): asked of each read of the group's
// detail until it answers.
type followUp struct {
	target string // the action's target
	region string // and its region
	group  string
	armed  bool // the action succeeded
	after  func(d *model.GroupDetail) (tea.Msg, bool)
}

// reloadDetail reads the detail of g in region again after a change to
// it, when a screen or a follow-up reads it.
func (m *Model) reloadDetail(region, g string) tea.Cmd {
	st, shown := m.state(region).details[g]
	if !shown && (m.follow == nil || m.follow.group != g || m.follow.region != region) {
		return nil
	}
	if shown && st.Loading {
		st.Again = true
		return nil
	}
	return m.loadDetail(region, g)
}

// then arms the follow-up of the action that ended, or drops it when the
// action did not succeed.
func (m *Model) then(done actionDoneMsg) tea.Cmd {
	f := m.follow
	if f == nil || f.target != done.action.Target() || f.region != done.region {
		return nil
	}
	if done.err != nil {
		m.follow = nil
		return nil
	}
	f.armed = true
	return nil
}

// followDetail applies an armed follow-up to a fresh read of its group.
func (m *Model) followDetail(region, group string, d *model.GroupDetail) tea.Cmd {
	f := m.follow
	if f == nil || !f.armed || f.group != group || f.region != region || m.overlay.Front() != nil {
		return nil
	}
	msg, ok := f.after(d)
	if !ok {
		return nil
	}
	m.follow = nil
	if p, ok := msg.(intent.Propose); ok && p.Region == "" {
		p.Region = region // the follow-up goes where its action went
		msg = p
	}
	return m.apply(msg)
}
