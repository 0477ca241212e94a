package model

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// When scheduled actions (spec.go) run: a one-off change at a start time,
// or a recurring one on a five-field cron in a time zone
// (docs/aws-facts.md: Scheduled actions). Time zones are resolved by the
// caller (loading the zone database is IO) and passed in as
// *time.Location.

// Fields lists the action's fields in a fixed order, as a change shows
// them and Equal compares them: the start only for a one-off.
func (a ScheduleSpec) Fields() []PolicyField {
	a = a.Normal()
	for _, t := range []*string{&a.Start, &a.End} {
		if v, err := time.Parse(time.RFC3339, *t); err == nil {
			*t = v.UTC().Format(time.RFC3339)
		}
	}
	when := "once at " + a.Start
	if a.Recurrence != "" {
		when = "cron " + a.Recurrence + " in " + a.TimeZone
	}
	fs := []PolicyField{{"when", when}}
	if a.Recurrence != "" && a.End != "" {
		fs = append(fs, PolicyField{"until", a.End})
	}
	for _, c := range []struct {
		name string
		v    *int
	}{{"min", a.Min}, {"desired", a.Desired}, {"max", a.Max}} {
		if c.v != nil { // what it leaves out it does not change
			fs = append(fs, PolicyField{c.name, itoa(*c.v)})
		}
	}
	return fs
}

// Equal reports whether a and b are the same action as AWS would hold it.
func (a ScheduleSpec) Equal(b ScheduleSpec) bool {
	af, bf := a.Fields(), b.Fields()
	if a.Name != b.Name || len(af) != len(bf) {
		return false
	}
	for i := range af {
		if af[i] != bf[i] {
			return false
		}
	}
	return true
}

// Summary is the action in one line: "cron 0 8 * * 1-5 in America/New_York: min 4, desired 6".
func (a ScheduleSpec) Summary() string {
	fs := a.Fields()
	var sets []string
	for _, f := range fs[1:] {
		if f.Name != "until" {
			sets = append(sets, f.Name+" "+f.Value)
		}
	}
	return fs[0].Value + ": " + strings.Join(sets, ", ")
}

// cronParser computes the runs of the five-field cron Auto Scaling takes
// (CheckCron, specvalidate.go, says what is wrong with one); no
// descriptors (@daily) and no time zone prefix (TimeZone holds the zone).
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// ParseCron checks a recurrence and returns its schedule.
func ParseCron(expr string) (cron.Schedule, error) {
	fields := strings.Fields(expr)
	switch {
	case strings.HasPrefix(expr, "@"), strings.Contains(expr, "TZ="):
		return nil, fmt.Errorf("use five fields (minute hour day-of-month month day-of-week) and the time zone field, not %q", expr)
	case len(fields) != 5:
		return nil, fmt.Errorf("a recurrence has 5 fields (minute hour day-of-month month day-of-week), not %d", len(fields))
	}
	return cronParser.Parse(expr)
}

// times parses Start and End (zero when unset).
func (a ScheduleSpec) times() (start, end time.Time, err error) {
	for _, f := range []struct {
		name, v string
		t       *time.Time
	}{{"start", a.Start, &start}, {"end", a.End, &end}} {
		if f.v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, f.v)
		if err != nil {
			return start, end, fieldErr(f.name, "%s %q is not a time like 2026-12-24T18:00:00Z", f.name, f.v)
		}
		*f.t = t
	}
	return start, end, nil
}

// ScheduleRun is one run of a scheduled action, in its time zone.
type ScheduleRun struct {
	Local time.Time // in the action's time zone
	UTC   time.Time
}

// Runs lists the action's next n runs after now: the start of a one-off,
// or the recurrence in loc (the action's time zone; nil for UTC), from
// its start and before its end. An action that will never run is
// refused: a one-off in the past, a cron that never fires (or not before
// the end).
func (a ScheduleSpec) Runs(loc *time.Location, now time.Time, n int) ([]ScheduleRun, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if loc == nil {
		loc = time.UTC
	}
	start, end, _ := a.times()
	if !end.IsZero() && !end.After(now) {
		return nil, fieldErr("end", "end %s is in the past", a.End)
	}
	if a.Recurrence == "" {
		if !start.After(now) {
			return nil, fieldErr("start", "start %s is in the past: a one-off action must be in the future", a.Start)
		}
		return []ScheduleRun{{Local: start.In(time.UTC), UTC: start.UTC()}}, nil
	}
	sched, err := ParseCron(a.Recurrence)
	if err != nil {
		return nil, fieldErr("recurrence", "recurrence %q: %v", a.Recurrence, err)
	}
	from := now
	if start.After(from) {
		from = start.Add(-time.Second)
	}
	var out []ScheduleRun
	for t := from.In(loc); len(out) < n; {
		t = sched.Next(t)
		if t.IsZero() || !end.IsZero() && t.After(end) {
			break
		}
		out = append(out, ScheduleRun{Local: t, UTC: t.UTC()})
	}
	if len(out) == 0 {
		why := "never fires"
		if !end.IsZero() {
			why = "does not fire before the end " + a.End
		}
		return nil, fieldErr("recurrence", "recurrence %q %s in %s", a.Recurrence, why, loc)
	}
	return out, nil
}

// ScheduleWarnings are the reasons an action, valid as it is, may not do
// what it says on group g: desired outside the limits the group will have
// when it runs, or a ForecastAndScale policy that sets capacity every
// hour.
func ScheduleWarnings(a ScheduleSpec, g *Group) []string {
	if g == nil {
		return nil
	}
	var out []string
	lo, hi := g.Min, g.Max
	if a.Min != nil {
		lo = *a.Min
	}
	if a.Max != nil {
		hi = *a.Max
	}
	if d := a.Desired; d != nil && (*d < lo || *d > hi) {
		out = append(out, fmt.Sprintf("desired %d is outside min %d and max %d as %s will have them then: AWS will not set it as asked", *d, lo, hi, g.Name))
	}
	for _, p := range g.Policies {
		if p.Enabled && p.Spec.Predictive != nil && p.Spec.Predictive.PredictiveMode() == ForecastAndScale {
			out = append(out, fmt.Sprintf("%s has ForecastAndScale policy %s, which sets capacity to its forecast every hour: "+
				"it will fight this action's capacity (a lower max caps the forecast, a desired is overridden)", g.Name, p.Name))
		}
	}
	return out
}

// UpcomingRuns lists an action's runs in [from, until), in UTC: the
// timeline's next 24 hours. loc is its time zone (nil for UTC).
func UpcomingRuns(a ScheduledAction, loc *time.Location, from, until time.Time) []time.Time {
	if a.Recurrence == "" {
		if !a.Start.Before(from) && a.Start.Before(until) {
			return []time.Time{a.Start.UTC()}
		}
		return nil
	}
	sched, err := ParseCron(a.Recurrence)
	if err != nil {
		return nil
	}
	if loc == nil {
		loc = time.UTC
	}
	var out []time.Time
	for t := from.Add(-time.Second).In(loc); ; {
		t = sched.Next(t)
		if t.IsZero() || !t.Before(until) || !a.End.IsZero() && t.After(a.End) {
			return out
		}
		out = append(out, t.UTC())
	}
}

// ScheduledAction returns the group's scheduled action with the given name.
func (g *Group) ScheduledAction(name string) (ScheduledAction, bool) {
	for _, a := range g.Scheduled {
		if a.Name == name {
			return a, true
		}
	}
	return ScheduledAction{}, false
}
