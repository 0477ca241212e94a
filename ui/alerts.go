package ui

import (
	"fmt"
	"time"

	"github.com/solemate/hoist/model"
)

// newFor is how long a new alert stays highlighted.
const newFor = 2 * time.Minute

// verifyAlerts turns journal entries whose outcome is unknown into alerts:
// the operator must check AWS.
func (m *Model) verifyAlerts() []model.Alert {
	var out []model.Alert
	for _, j := range m.verify {
		e := j.Intent
		out = append(out, model.Alert{ID: "verify:" + e.ID, Group: e.Group(), Severity: model.SeverityCritical, Since: e.Time,
			Text: fmt.Sprintf("VERIFY IN AWS: %s %s %s (%s): hoist does not know if it applied", e.Kind, e.Target, model.Change(e.Before, e.After), j.Status())})
	}
	return out
}

// visibleAlerts are the alerts the pane lists: unacknowledged first.
func (m *Model) visibleAlerts() []model.Alert { return m.alertView }

// refreshAlerts recomputes the alert list after the alerts, the
// acknowledgements or the journal changed.
func (m *Model) refreshAlerts() {
	m.alertView = m.computeAlerts()
}

func (m *Model) computeAlerts() []model.Alert {
	all := append(m.verifyAlerts(), m.alerts...)
	out := make([]model.Alert, 0, len(all))
	for _, a := range all {
		if !m.acks[a.Key()] {
			out = append(out, a)
		}
	}
	for _, a := range all {
		if m.acks[a.Key()] {
			out = append(out, a)
		}
	}
	return out
}

// unackedCount counts the alerts that want a person: neither acknowledged
// nor informational (a scaling alarm doing its job).
func (m *Model) unackedCount() int {
	n := 0
	for _, a := range m.visibleAlerts() {
		if !m.acks[a.Key()] && a.Severity != model.SeverityInfo {
			n++
		}
	}
	return n
}

func (m *Model) selectedAlert() (model.Alert, bool) {
	as := m.visibleAlerts()
	if len(as) == 0 {
		return model.Alert{}, false
	}
	return as[max(0, min(m.alertCursor, len(as)-1))], true
}

// sevInk is the ink and the word (readable without colour) of a severity.
func (m *Model) sevInk(sev string) (Ink, string) {
	switch sev {
	case model.SeverityCritical:
		return m.st.Crit, "CRIT"
	case model.SeverityInfo:
		return m.st.AlertAcked, "INFO"
	}
	return m.st.Warn, "WARN"
}

func (m *Model) alertsTitle() string {
	n := m.unackedCount()
	if n == 0 {
		return "Alerts"
	}
	return fmt.Sprintf("Alerts %d", n)
}

func (m *Model) alertLines(w, h int) []string {
	st := &m.st
	as := m.visibleAlerts()
	if len(as) == 0 {
		return []string{styled(st.OK, "no alerts", w, m.g.Ellipsis)}
	}
	now := m.now()
	cur := max(0, min(m.alertCursor, len(as)-1))
	start := max(0, cur-h+1)
	out := make([]string, 0, h)
	for i := start; i < len(as) && len(out) < h; i++ {
		a := as[i]
		acked := m.acks[a.Key()]
		sel := i == cur && m.focus == paneAlerts
		l := m.newLine(w)
		l.bg = sel
		mark := "  "
		if sel {
			mark = m.g.Cursor + " "
		}
		l.add(st.Emph, mark)
		s, word := m.sevInk(a.Severity)
		state := "    "
		first, seen := m.firstSeen[a.Key()]
		switch {
		case acked:
			s, state = st.AlertAcked, "ack "
		case seen && now.Sub(first) < newFor && a.Severity != model.SeverityInfo:
			s, state = st.AlertNew, "NEW "
		}
		l.add(s, word+" ").add(s, state)
		l.add(st.Muted, m.clockShort(a.Since)+" ")
		text := Printable(a.Text)
		if acked || a.Severity == model.SeverityInfo {
			l.add(st.AlertAcked, text)
		} else {
			l.add(st.Base, text)
		}
		out = append(out, l.String())
	}
	return out
}
