package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
)

// regionState is what the console keeps of one region: its newest
// snapshot and session, its alert rules' state, its actions in flight.
type regionState struct {
	snap     *model.Snapshot
	session  uint64 // the newest session seen
	floor    uint64 // snapshots of sessions below are of a region watched before
	tracker  model.AlertTracker
	alerts   []model.Alert
	inflight map[string]string // group (or target) -> summary
	costs    model.Costs
	details  map[string]*screen.DetailState // group -> its detail, read for the screens about it
}

// state is region's state, made on first use.
func (m *Model) state(region string) *regionState {
	rs := m.byRegion[region]
	if rs == nil {
		rs = &regionState{inflight: map[string]string{}, details: map[string]*screen.DetailState{}, floor: m.floors[region]}
		m.byRegion[region] = rs
	}
	return rs
}

func (m *Model) watching(region string) bool { return slices.Contains(m.regions, region) }

// accept says whether s is news: a region watched (the first snapshot
// names the region of a console told none), a session not older than the
// region's newest, a generation not older than its session's newest.
func (m *Model) accept(s *model.Snapshot) bool {
	if len(m.regions) == 0 {
		m.regions = []string{s.Region}
	}
	if !m.watching(s.Region) {
		if m.switching {
			// The new region's poller may be quicker than the switch's
			// answer: its snapshot waits for it.
			m.early = append(m.early, *s)
		}
		return false
	}
	rs := m.state(s.Region)
	switch {
	case s.Session < rs.floor, s.Session < rs.session:
		return false
	case rs.snap != nil && s.Session == rs.session && s.Generation < rs.snap.Generation:
		return false
	}
	return true
}

// onSnapshot takes a new snapshot of one region: drop stale sessions and
// generations, evaluate its alerts, and let every screen rebuild what it
// derives from the data.
func (m *Model) onSnapshot(s model.Snapshot) tea.Cmd {
	if !m.accept(&s) {
		return nil
	}
	rs := m.state(s.Region)
	switched := rs.snap != nil && s.Session > rs.session
	rs.session, rs.snap, rs.costs = s.Session, &s, s.Costs()
	now := m.now()
	if switched {
		m.setStatus(intent.OK, "now on %s %s: %d groups", Printable(s.Identity.Account), Printable(s.Region), len(s.Groups))
		m.data.CostHist = nil // "1h ago" compares this account with itself
		clear(rs.details)     // and a group's detail is of this account's group
	}
	// A profile the config makes read-only gives a read-only session; the
	// keys follow what the adapter enforces.
	if !m.readOnlyPinned && m.readOnly != s.ReadOnly {
		m.readOnly = s.ReadOnly
		m.readOnlyWhy = fmt.Sprintf("profile %s is read-only in the config", Printable(s.Profile))
	}
	bell := m.trackAlerts(rs, now)
	m.syncRegions()
	m.refreshAlerts()
	m.recordCost(now)
	m.refreshScreens()
	var cmds []tea.Cmd
	if bell && m.opts.Bell {
		cmds = append(cmds, tea.Raw("\a"))
	}
	cmds = append(cmds, m.showCmd(), m.detailDue())
	return tea.Batch(cmds...)
}

// refreshScreens lets every screen rebuild what it derives from the data,
// each with the Env of its own region.
func (m *Model) refreshScreens() {
	for _, sc := range m.stack {
		env := m.env()
		if r, ok := sc.(screen.Regional); ok && r.Region() != "" {
			env = m.envIn(r.Region())
		}
		sc.Update(env, screen.Refreshed{})
	}
}

// syncRegions rebuilds what the screens read of every region: the regions
// shown (those watched with data; while none of them has any yet, after a
// switch, the ones shown before), their alerts and their cost.
func (m *Model) syncRegions() {
	var shown []string
	for _, r := range m.regions {
		if rs := m.byRegion[r]; rs != nil && rs.snap != nil {
			shown = append(shown, r)
		}
	}
	if len(shown) == 0 {
		shown = m.shown
	}
	for r, rs := range m.byRegion {
		if !m.watching(r) && !slices.Contains(shown, r) {
			m.forget(r, rs)
		}
	}
	m.shown = shown
	d := &m.data
	d.Regions, d.Alerts = nil, nil
	var costs []model.Costs
	for _, r := range shown {
		rs := m.byRegion[r]
		d.Regions = append(d.Regions, screen.Region{Name: r, Snap: rs.snap, Inflight: rs.inflight, Details: rs.details, Costs: rs.costs})
		d.Alerts = append(d.Alerts, rs.alerts...)
		costs = append(costs, rs.costs)
	}
	model.SortAlerts(d.Alerts)
	d.Costs = mergeCosts(shown, costs)
}

// forget drops a region no longer watched; a snapshot of its old sessions
// arriving late is dropped too, should it be watched again.
func (m *Model) forget(region string, rs *regionState) {
	delete(m.byRegion, region)
	m.floors[region] = rs.session + 1
}

// mergeCosts adds the regions' costs up; with several regions a group is
// named with its region ("us-west-2 web-prod"), since names repeat across
// regions.
func mergeCosts(regions []string, cs []model.Costs) model.Costs {
	if len(cs) == 1 {
		return cs[0]
	}
	out := model.Costs{Tiers: map[string]model.GroupCost{}, Total: model.GroupCost{Group: "total"}}
	for i, c := range cs {
		for _, g := range c.Groups {
			g.Group = regions[i] + " " + g.Group
			out.Groups = append(out.Groups, g)
		}
		for k, t := range c.Tiers {
			o := out.Tiers[k]
			o.Group, o.Tier = t.Group, t.Tier
			o.OnDemand += t.OnDemand
			o.Spot += t.Spot
			o.Unpriced += t.Unpriced
			out.Tiers[k] = o
		}
		out.Total.OnDemand += c.Total.OnDemand
		out.Total.Spot += c.Total.Spot
		out.Total.Unpriced += c.Total.Unpriced
	}
	slices.SortStableFunc(out.Groups, func(a, b model.GroupCost) int {
		switch {
		case a.Total() > b.Total():
			return -1
		case a.Total() < b.Total():
			return 1
		}
		return strings.Compare(a.Group, b.Group)
	})
	return out
}

// trackAlerts evaluates the alert rules on the region's snapshot; it
// reports whether a new alert that wants a person fired.
func (m *Model) trackAlerts(rs *regionState, now time.Time) bool {
	d := &m.data
	region := rs.snap.Region
	alerts := rs.tracker.Observe(rs.snap, now, m.opts.Alerts)
	bell := false
	seen := map[string]bool{}
	for i := range alerts {
		alerts[i].Region = region
		k := screen.AlertKey(alerts[i])
		seen[k] = true
		if _, ok := d.FirstSeen[k]; !ok {
			d.FirstSeen[k] = now
			if !d.Acks[k] && alerts[i].Severity != model.SeverityInfo {
				bell = true
			}
		}
	}
	for k := range d.FirstSeen {
		if strings.HasPrefix(k, region+"|") && !seen[k] {
			delete(d.FirstSeen, k)
		}
	}
	rs.alerts = alerts
	return bell
}

func (m *Model) onJournal(msg journalLoadedMsg) {
	if msg.err != nil {
		m.setStatus(intent.Warn, "journal not read: %v", msg.err)
		return
	}
	m.data.Journal = msg.actions
	m.verify = nil
	for _, a := range msg.actions {
		if a.Intent.Kind == model.KindAcknowledge && a.Status() == model.ResultOK {
			m.data.Acks[a.Intent.Region+"|"+a.Intent.Target] = true
		}
		if a.NeedsVerify() && a.Intent.Kind != model.KindAcknowledge {
			m.verify = append(m.verify, a)
		}
	}
	m.refreshAlerts()
	if n := len(m.verify); n > 0 {
		a := m.verify[n-1]
		more := ""
		if n > 1 {
			more = fmt.Sprintf(" (and %d more in Alerts)", n-1)
		}
		m.setStatus(intent.Err, "VERIFY IN AWS: %s%s %s %s (%s at %s) may or may not have applied%s",
			m.regionWord(a.Intent.Region), Printable(a.Intent.Target), a.Intent.Kind, Printable(model.Change(a.Intent.Before, a.Intent.After)),
			a.Status(), m.env().Clock(m.envIn(a.Intent.Region).ServerTime(a.Intent.Time)), more)
	}
}

// regionWord is "us-west-2 " when the console watches several regions, ""
// when it watches one: a name alone is ambiguous only across regions.
func (m *Model) regionWord(region string) string {
	if len(m.regions) < 2 || region == "" {
		return ""
	}
	return Printable(region) + " "
}

// verifyAlerts turns journal entries whose outcome is unknown into alerts:
// the operator must check AWS.
func (m *Model) verifyAlerts() []model.Alert {
	var out []model.Alert
	for _, j := range m.verify {
		e := j.Intent
		out = append(out, model.Alert{ID: "verify:" + e.ID, Group: e.Group(), Severity: model.SeverityCritical, Since: m.envIn(e.Region).ServerTime(e.Time), Region: e.Region,
			Text: fmt.Sprintf("VERIFY IN AWS: %s%s %s %s (%s): hoist does not know if it applied", m.regionWord(e.Region), e.Kind, e.Target, model.Change(e.Before, e.After), j.Status())})
	}
	return out
}

// refreshAlerts recomputes the alerts pane's list after the alerts, the
// acknowledgements or the journal changed: unacknowledged first.
func (m *Model) refreshAlerts() {
	d := &m.data
	all := append(m.verifyAlerts(), d.Alerts...)
	out := make([]model.Alert, 0, len(all))
	for _, a := range all {
		if !d.Acked(a) {
			out = append(out, a)
		}
	}
	for _, a := range all {
		if d.Acked(a) {
			out = append(out, a)
		}
	}
	d.Visible = out
}

// recordCost keeps a little over an hour of the fleet's cost (every
// region's), at most one point per 10 s, for "1h ago".
func (m *Model) recordCost(now time.Time) {
	d := &m.data
	d.CostHist = append(d.CostHist, screen.CostPoint{T: now, Total: d.Costs.Total.Total()})
	cut := 0
	for cut < len(d.CostHist)-1 && now.Sub(d.CostHist[cut+1].T) > 65*time.Minute {
		cut++
	}
	d.CostHist = d.CostHist[cut:]
	if n := len(d.CostHist); n > 2 && d.CostHist[n-2].T.Sub(d.CostHist[n-3].T) < 10*time.Second {
		d.CostHist = append(d.CostHist[:n-2], d.CostHist[n-1])
	}
}
