package insight

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// Timeline event kinds.
const (
	EventAlarm     = "alarm"
	EventScaleOut  = "scale-out"
	EventScaleIn   = "scale-in"
	EventActivity  = "activity"
	EventAction    = "action"
	EventScheduled = "scheduled"
)

// Event is one line of an incident's timeline. Text is untrusted where
// it quotes AWS (names, messages): renderers sanitise it.
type Event struct {
	Time   time.Time `json:"time"`
	Kind   string    `json:"kind"`
	Group  string    `json:"group,omitempty"`
	Text   string    `json:"text"`
	Who    string    `json:"who,omitempty"`
	Reason string    `json:"reason,omitempty"`
	Status string    `json:"status,omitempty"`
}

// IncidentInput is what `hoist report incident` is built from. WeekAgo
// holds each group's series for the same window a week earlier (only its
// Instances are used), by group name.
type IncidentInput struct {
	Source     Source
	Window     Window
	Generated  time.Time
	Groups     []GroupData
	WeekAgo    map[string]Series
	Activities []model.Activity
	Alarms     []model.AlarmEvent
	Journal    []model.JournalAction
	Prices     model.Prices
	// Location is the zone the timeline's lines are written in.
	Location *time.Location
}

// Incident is the post-incident record. Its JSON is documented in
// docs/report-json.md.
type Incident struct {
	Source    Source          `json:"source"`
	Window    Window          `json:"window"`
	Generated time.Time       `json:"generated"`
	Timeline  []Event         `json:"timeline"`
	Groups    []IncidentGroup `json:"groups"`
	// Cost is the window's instance cost; WeekAgo the same window a week
	// earlier (null when that week's capacity was not read).
	Cost    float64  `json:"cost_usd"`
	WeekAgo *float64 `json:"cost_week_ago_usd"`
	// Unknown are hoist's actions whose outcome is unknown: check AWS
	// before acting on them again.
	Unknown []UnknownAction `json:"outcome_unknown"`
}

// IncidentGroup is one group's part of an incident: the groups that
// scaled, alarmed or were acted on in the window.
type IncidentGroup struct {
	Group        string       `json:"group"`
	Tier         string       `json:"tier"`
	Responses    []Response   `json:"responses"`
	Availability Availability `json:"availability"`
	Latency      Latency      `json:"latency"`
	Cost         float64      `json:"cost_usd"`
	WeekAgo      *float64     `json:"cost_week_ago_usd"`
	Series       Series       `json:"-"`
	Scaling      []Window     `json:"-"`
}

// UnknownAction is an action sent whose outcome was never known.
type UnknownAction struct {
	Time   time.Time `json:"time"`
	Target string    `json:"target"`
	Change string    `json:"change"`
	Who    string    `json:"who,omitempty"`
	Reason string    `json:"reason,omitempty"`
	Status string    `json:"status"`
}

// BuildIncident computes the incident record.
func BuildIncident(in IncidentInput) Incident {
	loc := in.Location
	if loc == nil {
		loc = time.UTC
	}
	inc := Incident{Source: in.Source, Window: in.Window, Generated: in.Generated}
	prepare(in.Groups, in.Activities, in.Alarms, in.Journal, in.Window.To)
	involved := involvedGroups(in)
	var weekAgo float64
	weekKnown := len(in.Groups) > 0
	for i := range in.Groups {
		d := &in.Groups[i]
		cost := windowCost(d, d.Series, in.Window, in.Prices)
		inc.Cost += cost
		var ago *float64
		if s, ok := in.WeekAgo[d.Group.Name]; ok {
			w := Window{in.Window.From.Add(-7 * 24 * time.Hour), in.Window.To.Add(-7 * 24 * time.Hour)}
			c := windowCost(d, s, w, in.Prices)
			ago = &c
			weekAgo += c
		} else {
			weekKnown = false
		}
		if !involved[d.Group.Name] {
			continue
		}
		ig := IncidentGroup{Group: d.Group.Name, Tier: d.Group.TierOrUntiered(), Cost: cost, WeekAgo: ago,
			Availability: AvailabilityOf(d.Series, d.Scaling, in.Window), Latency: LatencyOf(d.Series, d.Scaling, in.Window),
			Series: d.Series, Scaling: d.Scaling, Responses: []Response{}}
		for _, r := range d.Responses {
			if in.Window.Contains(r.At) {
				ig.Responses = append(ig.Responses, r)
			}
		}
		inc.Groups = append(inc.Groups, ig)
	}
	if weekKnown {
		inc.WeekAgo = &weekAgo
	}
	inc.Timeline = timeline(in, loc)
	inc.Unknown = unknownActions(in.Journal)
	if inc.Groups == nil {
		inc.Groups = []IncidentGroup{}
	}
	return inc
}

// windowCost is the group's instance-hours in w at today's unit price.
func windowCost(d *GroupData, s Series, w Window, p model.Prices) float64 {
	var hours float64
	for _, x := range samplesOf(&d.Group, s, w, ReferenceOf(&d.Group)) {
		hours += x.n * x.dt.Hours()
	}
	return hours * model.UnitPrice(&d.Group, p)
}

// involvedGroups are the groups that scaled, alarmed or were acted on in
// the window.
func involvedGroups(in IncidentInput) map[string]bool {
	out := map[string]bool{}
	for _, a := range in.Activities {
		if in.Window.Overlaps(a.Start, maxTime(a.End, a.Start.Add(time.Second))) {
			out[a.Group] = true
		}
	}
	for _, e := range in.Alarms {
		if e.Group != "" && in.Window.Contains(e.Time) {
			out[e.Group] = true
		}
	}
	for _, a := range in.Journal {
		if in.Window.Contains(a.Intent.Time) {
			out[a.Intent.Group()] = true
		}
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// timeline merges the window's alarm transitions, scaling (one line per
// scale-out or scale-in, with its response), other activities, hoist's
// actions and scheduled actions due, oldest first.
func timeline(in IncidentInput, loc *time.Location) []Event {
	var ev []Event
	for _, e := range in.Alarms {
		if e.Type == "StateUpdate" && in.Window.Contains(e.Time) {
			ev = append(ev, Event{Time: e.Time, Kind: EventAlarm, Group: e.Group,
				Text: fmt.Sprintf("alarm %s → %s: %s", e.Alarm, orNone(e.NewState), e.Summary)})
		}
	}
	for _, d := range in.Groups {
		for _, r := range d.Responses {
			if in.Window.Contains(r.At) {
				ev = append(ev, Event{Time: r.At, Kind: EventScaleOut, Group: r.Group, Text: r.Line(loc), Who: r.Who, Reason: r.Reason})
			}
		}
	}
	ev = append(ev, otherActivities(in)...)
	for _, a := range in.Journal {
		e := a.Intent
		if !in.Window.Contains(e.Time) {
			continue
		}
		ev = append(ev, Event{Time: e.Time, Kind: EventAction, Group: e.Group(),
			Text: fmt.Sprintf("%s %s: %s", e.Kind, e.Target, changeText(e)),
			Who:  Caller(e.Caller), Reason: e.Reason, Status: a.Status()})
	}
	for _, d := range in.Groups {
		for _, s := range d.Group.Scheduled {
			if in.Window.Contains(s.Start) {
				ev = append(ev, Event{Time: s.Start, Kind: EventScheduled, Group: d.Group.Name,
					Text: fmt.Sprintf("scheduled action %s: %s", s.Name, scheduleValues(s))})
			}
		}
	}
	slices.SortStableFunc(ev, func(a, b Event) int { return a.Time.Compare(b.Time) })
	return ev
}

// otherActivities are the window's activities that are not scale-out
// launches: scale-ins folded by their desired change, the rest one by one.
func otherActivities(in IncidentInput) []Event {
	var ev []Event
	type key struct {
		group string
		t     trigger
	}
	scaleIns := map[key]int{}
	var order []key
	for _, a := range in.Activities {
		if !in.Window.Contains(a.Start) {
			continue
		}
		t, ok := parseTrigger(a.Cause)
		switch {
		case ok && t.to > t.from && strings.HasPrefix(a.Description, "Launching"):
			continue // a scale-out: its response is on the timeline
		case ok && t.to < t.from && strings.HasPrefix(a.Description, "Terminating"):
			k := key{a.Group, t}
			if scaleIns[k] == 0 {
				order = append(order, k)
			}
			scaleIns[k]++
			continue
		}
		ev = append(ev, Event{Time: a.Start, Kind: EventActivity, Group: a.Group, Text: a.Description, Status: a.Status})
	}
	for _, k := range order {
		ev = append(ev, Event{Time: k.t.at, Kind: EventScaleIn, Group: k.group,
			Text: fmt.Sprintf("scale-in %d → %d: %s terminated (%s)", k.t.from, k.t.to, plural(scaleIns[k], "instance"), k.t.text)})
	}
	return ev
}

func scheduleValues(s model.ScheduledAction) string {
	var parts []string
	for _, f := range []struct {
		name string
		v    *int
	}{{"min", s.Min}, {"desired", s.Desired}, {"max", s.Max}} {
		if f.v != nil {
			parts = append(parts, fmt.Sprintf("%s %d", f.name, *f.v))
		}
	}
	if len(parts) == 0 {
		return "no capacity change"
	}
	return strings.Join(parts, ", ")
}

// unknownActions are the journal's actions that need checking.
func unknownActions(j []model.JournalAction) []UnknownAction {
	out := []UnknownAction{}
	for _, a := range j {
		if !a.NeedsVerify() {
			continue
		}
		e := a.Intent
		out = append(out, UnknownAction{Time: e.Time, Target: e.Target, Change: changeText(e),
			Who: Caller(e.Caller), Reason: e.Reason, Status: a.Status()})
	}
	return out
}

// changeText is an action's change as a line: its fields that changed
// ("max 2 → 4"), or before → after for entries that carry no fields.
func changeText(e model.JournalEntry) string {
	if len(e.Changes) == 0 {
		return model.Change(e.Before, e.After)
	}
	parts := make([]string, len(e.Changes))
	for i, c := range e.Changes {
		parts[i] = c.Field + " " + orNone(c.Before) + " → " + orNone(c.After)
	}
	return strings.Join(parts, ", ")
}
