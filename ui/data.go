package ui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
)

// onSnapshot takes a new snapshot: drop stale sessions and generations,
// evaluate alerts, and let every screen rebuild what it derives from it.
func (m *Model) onSnapshot(s model.Snapshot) tea.Cmd {
	d := &m.data
	if s.Session < m.session {
		return nil
	}
	if d.Snap != nil && s.Session == m.session && s.Generation < d.Snap.Generation {
		return nil
	}
	switched := d.Snap != nil && s.Session > m.session
	m.session = s.Session
	d.Snap = &s
	now := m.now()
	if switched {
		m.setStatus(intent.OK, "now on %s %s: %d groups", Printable(s.Identity.Account), Printable(s.Region), len(s.Groups))
		d.CostHist = nil // "1h ago" compares this account with itself
		d.Details = nil  // and a group's detail is of this account's group
	}
	// A profile the config makes read-only gives a read-only session; the
	// keys follow what the adapter enforces.
	if !m.readOnlyPinned && m.readOnly != s.ReadOnly {
		m.readOnly = s.ReadOnly
		m.readOnlyWhy = fmt.Sprintf("profile %s is read-only in the config", Printable(s.Profile))
	}
	bell := m.trackAlerts(now)
	d.Costs = d.Snap.Costs()
	m.refreshAlerts()
	m.recordCost(now)
	env := m.env()
	for _, sc := range m.stack {
		sc.Update(env, screen.Refreshed{})
	}
	var cmds []tea.Cmd
	if bell && m.opts.Bell {
		cmds = append(cmds, tea.Raw("\a"))
	}
	cmds = append(cmds, m.showCmd(), m.detailDue())
	return tea.Batch(cmds...)
}

// trackAlerts evaluates the alert rules on the snapshot; it reports
// whether a new alert that wants a person fired.
func (m *Model) trackAlerts(now time.Time) bool {
	d := &m.data
	alerts := m.tracker.Observe(d.Snap, now, m.opts.Alerts)
	bell := false
	seen := map[string]bool{}
	for _, a := range alerts {
		k := a.Key()
		seen[k] = true
		if _, ok := d.FirstSeen[k]; !ok {
			d.FirstSeen[k] = now
			if !d.Acks[k] && a.Severity != model.SeverityInfo {
				bell = true
			}
		}
	}
	for k := range d.FirstSeen {
		if !seen[k] {
			delete(d.FirstSeen, k)
		}
	}
	d.Alerts = alerts
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
			m.data.Acks[a.Intent.Target] = true
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
		m.setStatus(intent.Err, "VERIFY IN AWS: %s %s %s (%s at %s) may or may not have applied%s",
			Printable(a.Intent.Target), a.Intent.Kind, Printable(model.Change(a.Intent.Before, a.Intent.After)),
			a.Status(), m.env().Clock(m.data.ServerTime(a.Intent.Time)), more)
	}
}

// verifyAlerts turns journal entries whose outcome is unknown into alerts:
// the operator must check AWS.
func (m *Model) verifyAlerts() []model.Alert {
	var out []model.Alert
	for _, j := range m.verify {
		e := j.Intent
		out = append(out, model.Alert{ID: "verify:" + e.ID, Group: e.Group(), Severity: model.SeverityCritical, Since: m.data.ServerTime(e.Time),
			Text: fmt.Sprintf("VERIFY IN AWS: %s %s %s (%s): hoist does not know if it applied", e.Kind, e.Target, model.Change(e.Before, e.After), j.Status())})
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
		if !d.Acks[a.Key()] {
			out = append(out, a)
		}
	}
	for _, a := range all {
		if d.Acks[a.Key()] {
			out = append(out, a)
		}
	}
	d.Visible = out
}

// recordCost keeps a little over an hour of the fleet's cost, at most one
// point per 10 s, for "1h ago".
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
