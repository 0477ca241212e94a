package ui

import (
	"fmt"
	"sort"
	"time"

	"github.com/solemate/hoist/model"
)

// event is one line of the timeline.
type event struct {
	t     time.Time
	group string
	kind  string // scaling, alarm, alert, hoist
	sev   string
	text  string // untrusted parts not yet sanitised
}

func (m *Model) timelineTitle() string {
	if m.timelineAll || m.selected == "" {
		return "Timeline " + m.g.Sep + " all"
	}
	return "Timeline " + m.g.Sep + " " + Printable(m.selected)
}

// events merges scaling activities, alarm history, alerts, the journal and
// this session's actions, newest first, for the scope shown.
func (m *Model) events() []event {
	group := m.selected
	if m.timelineAll {
		group = ""
	}
	want := func(g string) bool { return group == "" || g == group }
	var out []event
	if m.snap != nil {
		now := m.serverNow()
		for _, a := range m.snap.Activities {
			if !want(a.Group) {
				continue
			}
			sev := a.Severity()
			// Successful is the usual end and goes unsaid; every other
			// status (InProgress, PreInService, Failed, ...) is news.
			text := fmt.Sprintf("%s (%s)", a.Description, model.ShortDuration(a.Duration(now)))
			if a.Status != model.ActivitySuccessful {
				text = a.Status + " " + text
			}
			if a.Status == model.ActivityFailed && a.StatusMessage != "" {
				text += ": " + a.StatusMessage
			}
			out = append(out, event{t: a.Start.Add(-m.snap.Skew), group: a.Group, kind: "scaling", sev: sev, text: text})
		}
		for _, e := range m.snap.AlarmHistory {
			if !want(e.Group) {
				continue
			}
			sev := model.SeverityInfo
			if e.NewState == model.AlarmAlarm {
				sev = model.SeverityWarning
			}
			out = append(out, event{t: e.Time.Add(-m.snap.Skew), group: e.Group, kind: "alarm", sev: sev, text: e.Alarm + ": " + e.Summary})
		}
	}
	for _, a := range m.alerts {
		if !want(a.Group) || a.Alarm != "" {
			continue
		}
		out = append(out, event{t: a.Since, group: a.Group, kind: "alert", sev: a.Severity, text: a.Text})
	}
	for _, j := range m.journal {
		e := j.Intent
		if !want(e.Group()) {
			continue
		}
		sev := model.SeverityInfo
		switch {
		case j.NeedsVerify():
			sev = model.SeverityCritical
		case j.Status() == model.ResultFailed:
			sev = model.SeverityWarning
		}
		out = append(out, event{t: e.Time, group: e.Group(), kind: "hoist", sev: sev,
			text: fmt.Sprintf("%s %s: %s [%s]", e.Kind, e.Target, model.Change(e.Before, e.After), j.Status())})
	}
	for _, e := range m.local {
		if want(e.group) {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].t.Equal(out[j].t) {
			return out[i].t.After(out[j].t)
		}
		return out[i].text < out[j].text
	})
	return out
}

func (m *Model) timelineLines(w, h int) []string {
	st := &m.st
	evs := m.events()
	if len(evs) == 0 {
		return []string{styled(st.Muted, "nothing yet", w, m.g.Ellipsis)}
	}
	showGroup := m.timelineAll || m.selected == ""
	out := make([]string, 0, h)
	for _, e := range evs {
		if len(out) >= h {
			break
		}
		s, sevWord := m.sevInk(e.sev)
		if e.sev == model.SeverityInfo {
			s, sevWord = st.Base, "" // the usual: no word, no colour
		}
		l := m.newLine(w)
		if w < 60 {
			l.add(st.Muted, m.clockShort(e.t)+" ")
		} else {
			l.add(st.Muted, m.clock(e.t)+" ")
		}
		l.col(s, sevWord, 5)
		l.col(st.Info, e.kind, 8)
		if showGroup && e.group != "" {
			l.add(st.Emph, Printable(e.group)+" ")
		}
		l.add(s, m.arrows(Printable(e.text)))
		out = append(out, l.String())
	}
	return out
}
