package overview

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/screen"
)

// upcomingEvents are the scheduled actions of env's region that run in
// the next 24 hours (the poller computes each one's runs in its time
// zone), one line per action at its next run, soonest first: the
// timeline's head, above what happened.
func upcomingEvents(env *screen.Env, want func(region, group string) bool) []screen.Event {
	if env.Snap == nil {
		return nil
	}
	now, region := env.ServerNow(), env.Region
	var out []screen.Event
	for _, g := range env.Snap.Groups {
		if !want(region, g.Name) {
			continue
		}
		for _, a := range g.Scheduled {
			var next time.Time
			runs := 0
			for _, t := range a.Upcoming {
				if t.After(now) {
					if runs == 0 {
						next = t
					}
					runs++
				}
			}
			if runs > 0 {
				out = append(out, screen.Event{T: next, Region: region, Group: g.Name, Kind: "next", Sev: model.SeverityInfo,
					Text: upcomingText(a, next.Sub(now), runs)})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].T.Before(out[j].T) })
	return out
}

// upcomingText: "scheduled action db-open sets min 4, desired 6 in 2h10m
// (3 runs in 24 h)".
func upcomingText(a model.ScheduledAction, in time.Duration, runs int) string {
	var sets []string
	for _, f := range []struct {
		name string
		v    *int
	}{{"min", a.Min}, {"desired", a.Desired}, {"max", a.Max}} {
		if f.v != nil {
			sets = append(sets, fmt.Sprintf("%s %d", f.name, *f.v))
		}
	}
	s := fmt.Sprintf("scheduled action %s sets %s in %s", a.Name, strings.Join(sets, ", "), model.ShortDuration(in))
	if runs > 1 {
		s += fmt.Sprintf(" (%d runs in 24 h)", runs)
	}
	return s
}
