package screen

import (
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// The header and the panes give the age of the data they draw: the first
// class's, or the failing one's, with the reason of the failing class
// tried most recently.
func TestFreshness(t *testing.T) {
	now := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	s := &model.Snapshot{Fresh: map[model.Class]model.Freshness{
		model.ClassGroups:     {FetchedAt: ago(3 * time.Second), AttemptedAt: ago(3 * time.Second)},
		model.ClassActivities: {FetchedAt: ago(103 * time.Second), AttemptedAt: ago(2 * time.Second), Err: "Throttling: Rate exceeded", Throttled: true},
		model.ClassAlarms:     {FetchedAt: ago(5 * time.Minute), AttemptedAt: ago(4 * time.Minute), Err: "AWS answered 503"},
		model.ClassPolicies:   {FetchedAt: ago(4 * time.Minute), AttemptedAt: ago(4 * time.Minute)},
	}}
	for _, c := range []struct {
		name    string
		classes []model.Class
		age     time.Duration
		short   string
		stale   bool
	}{
		{"groups alone: fresh, whatever else fails", []model.Class{model.ClassGroups}, 3 * time.Second, "", false},
		{"a slow class that works does not make a screen stale", []model.Class{model.ClassGroups, model.ClassPolicies}, 3 * time.Second, "", false},
		{"a failing class gives its own age and reason", []model.Class{model.ClassGroups, model.ClassActivities}, 103 * time.Second, "throttled", true},
		{"the reason is the failure tried last", []model.Class{model.ClassAlarms, model.ClassActivities}, 103 * time.Second, "throttled", true},
		{"an error that is not throttling is said in full", []model.Class{model.ClassAlarms}, 5 * time.Minute, "AWS answered 503", true},
		{"a class not read yet", []model.Class{model.ClassPrices}, 0, "", false},
	} {
		f := Freshness(s, now, c.classes...)
		if f.Age != c.age || f.Short() != c.short || f.Stale(30*time.Second) != c.stale {
			t.Errorf("%s: age %s short %q stale %v; want %s %q %v", c.name, f.Age, f.Short(), f.Stale(30*time.Second), c.age, c.short, c.stale)
		}
	}
	if got := Failing(s); len(got) != 2 || got[0] != model.ClassActivities || got[1] != model.ClassAlarms {
		t.Errorf("Failing = %v", got)
	}
}
