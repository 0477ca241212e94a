package overview

import (
	"fmt"
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

func (s *Screen) selectedAlert(env *screen.Env) (model.Alert, bool) {
	as := env.Visible
	if len(as) == 0 {
		return model.Alert{}, false
	}
	return as[max(0, min(s.alertCursor, len(as)-1))], true
}

// SelectedAlert is the alert under the alerts pane's cursor.
func (s *Screen) SelectedAlert(env *screen.Env) (model.Alert, bool) { return s.selectedAlert(env) }

// AckAction is the journal entry that acknowledges a.
func AckAction(a model.Alert) model.Acknowledge {
	return model.Acknowledge{Alert: a.ID, Group: a.Group, Since: a.Since, Text: a.Text}
}

func (s *Screen) ackSelected(env *screen.Env) tea.Msg {
	a, ok := s.selectedAlert(env)
	if !ok {
		return nil
	}
	if env.Acks[a.Key()] {
		return intent.Status{Kind: intent.Info, Text: "already acknowledged"}
	}
	return intent.Send{Actions: []model.Action{AckAction(a)}}
}

// ackAll acknowledges every unacknowledged visible alert, one journaled
// action each.
func (s *Screen) ackAll(env *screen.Env) tea.Msg {
	var as []model.Action
	for _, a := range env.Visible {
		if env.Acks[a.Key()] {
			continue
		}
		if _, busy := env.Inflight[AckAction(a).Target()]; busy {
			continue
		}
		as = append(as, AckAction(a))
	}
	if len(as) == 0 {
		return intent.Status{Kind: intent.Info, Text: "every visible alert is acknowledged"}
	}
	return intent.Send{Actions: as}
}

func (s *Screen) muteDialog(env *screen.Env) tea.Msg {
	a, _ := s.selectedAlert(env)
	var opts []dialog.Option
	for i, d := range []time.Duration{15 * time.Minute, time.Hour, 4 * time.Hour, 24 * time.Hour} {
		opts = append(opts, dialog.Option{Key: fmt.Sprint(i + 1), Label: "for " + model.ShortDuration(d),
			Then: intent.Propose{Action: model.MuteAlarm{Alarm: a.Alarm, For: d}}})
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
	as := env.Visible
	if len(as) == 0 {
		return []string{env.Styled(st.OK, "no alerts", w)}
	}
	cur := max(0, min(s.alertCursor, len(as)-1))
	start := max(0, cur-h+1)
	out := make([]string, 0, h)
	for i := start; i < len(as) && len(out) < h; i++ {
		a := as[i]
		acked := env.Acks[a.Key()]
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
		first, seen := env.FirstSeen[a.Key()]
		switch {
		case acked:
			ink, state = st.AlertAcked, "ack "
		case seen && env.Now.Sub(first) < newFor && a.Severity != model.SeverityInfo:
			ink, state = st.AlertNew, "NEW "
		}
		l.Add(ink, word+" ").Add(ink, state)
		l.Add(st.Muted, env.ClockShort(a.Since)+" ")
		t := text.Printable(a.Text)
		if acked || a.Severity == model.SeverityInfo {
			l.Add(st.AlertAcked, t)
		} else {
			l.Add(st.Base, t)
		}
		out = append(out, l.String())
	}
	return out
}
