package overview

import (
	"fmt"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// newFor is how long a new alert stays highlighted.
const newFor = 2 * time.Minute

// alertRow is one line of the alerts pane: an alert, or the scaling
// alarms folded into one line.
type alertRow struct {
	alerts []model.Alert // one, or the folded scaling alarms
	folded bool
}

// sevRank orders severities for the pane: pages first.
func sevRank(sev string) int {
	switch sev {
	case model.SeverityCritical:
		return 0
	case model.SeverityWarning:
		return 1
	}
	return 2
}

// alertRows are the alerts pane's lines: what wants a person first (CRIT,
// then WARN), then the scaling alarms (INFO: policies at work, eight of
// nine rows on a quiet fleet) folded into one line unless the operator
// lists them; the unacknowledged before the acknowledged. A page is
// never pushed below a scaling alarm.
func (s *Screen) alertRows(env *screen.Env) []alertRow {
	var out []alertRow
	for _, acked := range []bool{false, true} {
		var part []model.Alert
		for _, a := range env.Visible {
			if env.Acked(a) == acked {
				part = append(part, a)
			}
		}
		sort.SliceStable(part, func(i, j int) bool { return sevRank(part[i].Severity) < sevRank(part[j].Severity) })
		fold := -1 // the folded line's row
		for _, a := range part {
			switch {
			case a.Severity != model.SeverityInfo || s.showInfo:
				out = append(out, alertRow{alerts: []model.Alert{a}})
			case fold >= 0:
				out[fold].alerts = append(out[fold].alerts, a)
				out[fold].folded = true
			default:
				fold = len(out)
				out = append(out, alertRow{alerts: []model.Alert{a}})
			}
		}
	}
	return out
}

func (s *Screen) selectedRow(env *screen.Env) (alertRow, bool) {
	rows := s.alertRows(env)
	if len(rows) == 0 {
		return alertRow{}, false
	}
	return rows[max(0, min(s.alertCursor, len(rows)-1))], true
}

func (s *Screen) selectedAlert(env *screen.Env) (model.Alert, bool) {
	r, ok := s.selectedRow(env)
	if !ok {
		return model.Alert{}, false
	}
	return r.alerts[0], true
}

// SelectedAlert is the alert under the alerts pane's cursor.
func (s *Screen) SelectedAlert(env *screen.Env) (model.Alert, bool) { return s.selectedAlert(env) }

// AckAction is the journal entry that acknowledges a.
func AckAction(a model.Alert) model.Acknowledge {
	return model.Acknowledge{Alert: a.ID, Group: a.Group, Since: a.Since, Text: a.Text}
}

// ackSelected acknowledges the selected alert, or every alarm of a
// folded line.
func (s *Screen) ackSelected(env *screen.Env) tea.Msg {
	r, ok := s.selectedRow(env)
	if !ok {
		return nil
	}
	var as []model.Action
	var regions []string
	for _, a := range r.alerts {
		if !env.Acked(a) {
			as, regions = append(as, AckAction(a)), append(regions, a.Region)
		}
	}
	if len(as) == 0 {
		return intent.Status{Kind: intent.Info, Text: "already acknowledged"}
	}
	return intent.Send{Actions: as, Regions: regions}
}

// toggleInfo folds the scaling alarms into one line, or lists them one
// by one.
func (s *Screen) toggleInfo(*screen.Env) tea.Msg {
	s.showInfo = !s.showInfo
	if s.showInfo {
		return intent.Status{Kind: intent.Info, Text: "scaling alarms listed one by one"}
	}
	return intent.Status{Kind: intent.Info, Text: "scaling alarms folded into one line"}
}

// ackAll acknowledges every unacknowledged visible alert, one journaled
// action each.
func (s *Screen) ackAll(env *screen.Env) tea.Msg {
	var as []model.Action
	var regions []string
	for _, a := range env.Visible {
		if env.Acked(a) {
			continue
		}
		if _, busy := env.In(a.Region).Inflight[AckAction(a).Target()]; busy {
			continue
		}
		as, regions = append(as, AckAction(a)), append(regions, a.Region)
	}
	if len(as) == 0 {
		return intent.Status{Kind: intent.Info, Text: "every visible alert is acknowledged"}
	}
	return intent.Send{Actions: as, Regions: regions}
}

func (s *Screen) muteDialog(env *screen.Env) tea.Msg {
	a, _ := s.selectedAlert(env)
	var opts []dialog.Option
	for i, d := range []time.Duration{15 * time.Minute, time.Hour, 4 * time.Hour, 24 * time.Hour} {
		opts = append(opts, dialog.Option{Key: fmt.Sprint(i + 1), Label: "for " + model.ShortDuration(d),
			Then: intent.Propose{Action: model.MuteAlarm{Alarm: a.Alarm, For: d}, Region: a.Region}})
	}
	return screen.Open{Dialog: dialog.NewChoice("Mute alarm actions", "Mute the actions of "+a.Alarm+" (it keeps evaluating):", opts...)}
}

func (s *Screen) alertsTitle(env *screen.Env) string {
	n := env.UnackedCount()
	if n == 0 {
		return "Alerts"
	}
	return fmt.Sprintf("Alerts %d", n)
}

func (s *Screen) alertLines(env *screen.Env, w, h int) []string {
	st := &env.St
	rows := s.alertRows(env)
	if len(rows) == 0 {
		return []string{env.Styled(st.OK, "no alerts", w)}
	}
	cur := max(0, min(s.alertCursor, len(rows)-1))
	start := max(0, cur-h+1)
	out := make([]string, 0, h)
	for i := start; i < len(rows) && len(out) < h; i++ {
		a := rows[i].alerts[0]
		acked := env.Acked(a)
		sel := i == cur && s.focus == PaneAlerts
		l := env.NewLine(w)
		l.BG = sel
		mark := "  "
		if sel {
			mark = env.G.Cursor + " "
		}
		l.Add(st.Emph, mark)
		ink, word := env.SevInk(a.Severity)
		state := "    "
		first, seen := env.FirstSeen[screen.AlertKey(a)]
		switch {
		case acked:
			ink, state = st.AlertAcked, "ack "
		case seen && env.Now.Sub(first) < newFor && a.Severity != model.SeverityInfo:
			ink, state = st.AlertNew, "NEW "
		}
		l.Add(ink, word+" ").Add(ink, state)
		l.Add(st.Muted, env.ClockShort(a.Since)+" ")
		if env.Multi() && a.Region != "" && !rows[i].folded {
			l.Add(st.Info, text.Printable(a.Region)+" ")
		}
		t := text.Printable(a.Text)
		if rows[i].folded {
			t = foldText(env, rows[i].alerts)
		}
		if acked || a.Severity == model.SeverityInfo {
			l.Add(st.AlertAcked, t)
		} else {
			l.Add(st.Base, t)
		}
		out = append(out, l.String())
	}
	return out
}

// foldText is the folded line: "8 scaling alarms in ALARM, policies at
// work: app-prod, cart-prod, ... (i lists them)", the groups by name;
// with several regions each group is named with its region, since names
// repeat across regions.
func foldText(env *screen.Env, as []model.Alert) string {
	var groups []string
	seen := map[string]bool{}
	for _, a := range as {
		g := text.Printable(a.Group)
		if g != "" && env.Multi() && a.Region != "" {
			g = text.Printable(a.Region) + " " + g
		}
		if g != "" && !seen[g] {
			seen[g] = true
			groups = append(groups, g)
		}
	}
	return fmt.Sprintf("%d scaling alarms in ALARM, policies at work (%s lists them): %s",
		len(as), env.Keys.KeyOf("alerts-info"), strings.Join(groups, ", "))
}
