package overview

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

func (s *Screen) timelineTitle(env *screen.Env) string {
	if s.timelineAll || s.selected == "" {
		return "Timeline " + env.G.Sep + " all"
	}
	return "Timeline " + env.G.Sep + " " + text.Printable(s.selected) + screen.InRegion(env, s.selRegion)
}

// TimelineAll reports whether the timeline shows every group.
func (s *Screen) TimelineAll() bool { return s.timelineAll }

// Events merges scaling activities, alarm history, alerts, the journal and
// this session's actions, newest first, for the scope shown (the selected
// group in its region, or every group of every region watched), under
// the scheduled actions due in the next 24 hours, soonest first.
func (s *Screen) Events(env *screen.Env) []screen.Event {
	group, region := s.selected, s.selRegion
	if s.timelineAll {
		group = ""
	}
	multi := env.Multi()
	want := func(r, g string) bool { return group == "" || g == group && (!multi || r == "" || r == region) }
	var out []screen.Event
	for _, r := range regionsOf(env) {
		out = append(out, snapshotEvents(env.In(r.Name), want)...)
	}
	for _, a := range env.Alerts {
		if !want(a.Region, a.Group) || a.Alarm != "" {
			continue
		}
		out = append(out, screen.Event{T: a.Since, Region: a.Region, Group: a.Group, Kind: "alert", Sev: a.Severity, Text: a.Text})
	}
	for _, j := range env.Journal {
		e := j.Intent
		if !want(e.Region, e.Group()) {
			continue
		}
		sev := model.SeverityInfo
		switch {
		case j.NeedsVerify():
			sev = model.SeverityCritical
		case j.Status() == model.ResultFailed:
			sev = model.SeverityWarning
		}
		out = append(out, screen.Event{T: env.In(e.Region).ServerTime(e.Time), Region: e.Region, Group: e.Group(), Kind: "hoist", Sev: sev,
			Text: fmt.Sprintf("%s %s: %s [%s]", e.Kind, e.Target, model.Change(e.Before, e.After), j.Status())})
	}
	for _, e := range env.Local {
		if want(e.Region, e.Group) {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].T.Equal(out[j].T) {
			return out[i].T.After(out[j].T)
		}
		return out[i].Text < out[j].Text
	})
	var next []screen.Event
	for _, r := range regionsOf(env) {
		next = append(next, upcomingEvents(env.In(r.Name), want)...)
	}
	sort.SliceStable(next, func(i, j int) bool { return next[i].T.Before(next[j].T) })
	return append(next, out...)
}

// snapshotEvents are the scaling activities and alarm changes of env's
// region.
func snapshotEvents(env *screen.Env, want func(region, group string) bool) []screen.Event {
	if env.Snap == nil {
		return nil
	}
	var out []screen.Event
	now, region := env.ServerNow(), env.Region
	for _, a := range env.Snap.Activities {
		if !want(region, a.Group) {
			continue
		}
		// Successful is the usual end and goes unsaid; every other
		// status (InProgress, PreInService, Failed, ...) is news.
		t := fmt.Sprintf("%s (%s)", a.Description, model.ShortDuration(a.Duration(now)))
		if a.Status != model.ActivitySuccessful {
			t = a.Status + " " + t
		}
		if a.Status == model.ActivityFailed && a.StatusMessage != "" {
			t += ": " + a.StatusMessage
		}
		out = append(out, screen.Event{T: a.Start, Region: region, Group: a.Group, Kind: "scaling", Sev: a.Severity(), Text: t})
	}
	for _, e := range env.Snap.AlarmHistory {
		if !want(region, e.Group) {
			continue
		}
		sev := model.SeverityInfo
		if e.NewState == model.AlarmAlarm {
			sev = model.SeverityWarning
		}
		out = append(out, screen.Event{T: e.Time, Region: region, Group: e.Group, Kind: "alarm", Sev: sev, Text: e.Alarm + ": " + e.Summary})
	}
	return out
}

// foldEvents folds a run of the same scaling activity on one group (a
// scale-out launches one instance per activity: thirteen lines of
// "Launching a new EC2 instance") into one line that counts them, so a
// scale-out does not push the rest of the timeline away.
func foldEvents(evs []screen.Event) []screen.Event {
	var out []screen.Event
	n := 0
	for i, e := range evs {
		if i > 0 && e.Kind == "scaling" && evs[i-1].Kind == "scaling" && e.Group == evs[i-1].Group && e.Region == evs[i-1].Region &&
			e.Sev == evs[i-1].Sev && activityKey(e.Text) == activityKey(evs[i-1].Text) {
			n++
			out[len(out)-1].Text = fmt.Sprintf("%dx %s", n, activityKey(e.Text))
			continue
		}
		n = 1
		out = append(out, e)
	}
	return out
}

// activityKey is an activity's line without its instance and duration:
// "PreInService Launching a new EC2 instance".
func activityKey(t string) string {
	return strings.TrimSpace(instanceRef.ReplaceAllString(durationTail.ReplaceAllString(t, ""), ""))
}

var (
	instanceRef  = regexp.MustCompile(`:? i-[0-9a-f]{8,17}\b`)
	durationTail = regexp.MustCompile(` \([0-9a-z]+\)$`)
)

func (s *Screen) timelineLines(env *screen.Env, w, h int) []string {
	st := &env.St
	evs := foldEvents(s.Events(env))
	if len(evs) == 0 {
		return []string{env.Styled(st.Muted, "nothing yet", w)}
	}
	showGroup := s.timelineAll || s.selected == ""
	out := make([]string, 0, h)
	for _, e := range evs {
		if len(out) >= h {
			break
		}
		ink, sevWord := env.SevInk(e.Sev)
		if e.Sev == model.SeverityInfo {
			ink, sevWord = st.Base, "" // the usual: no word, no colour
		}
		l := env.NewLine(w)
		if w < 60 {
			l.Add(st.Muted, env.ClockShort(e.T)+" ")
		} else {
			l.Add(st.Muted, env.Clock(e.T)+" ")
		}
		l.Col(ink, sevWord, 5)
		l.Col(st.Info, e.Kind, 8)
		if showGroup && env.Multi() && e.Region != "" {
			l.Add(st.Info, text.Printable(e.Region)+" ")
		}
		if showGroup && e.Group != "" {
			l.Add(st.Emph, text.Printable(e.Group)+" ")
		}
		l.Add(ink, env.Arrows(text.Printable(e.Text)))
		out = append(out, l.String())
	}
	return out
}
