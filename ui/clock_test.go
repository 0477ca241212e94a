package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/fixture"
)

// A simulator run with --speed 10 is 55 minutes ahead of this machine
// after six. An instance and the activity that launched it still show the
// same time, and so does the alert an alarm raised: every time on screen
// is on the server's clock, as AWS's timestamps and the messages quoting
// them are.
func TestTimesOnTheServerClock(t *testing.T) {
	m, _ := newTest(t, 160, 50, Options{})
	snap := fixture.Snapshot(fixture.Now, 0)
	snap.Skew = 55 * time.Minute
	launched := fixture.Now.Add(snap.Skew).Add(-90 * time.Second).Truncate(time.Second)
	var id string
	for i := range snap.Groups {
		if g := &snap.Groups[i]; g.Name == "web-prod" {
			g.Instances[0].Launched = launched
			id = g.Instances[0].ID
		}
	}
	snap.Activities = append([]model.Activity{{ID: "a-6", Group: "web-prod", Status: model.ActivitySuccessful,
		Description: "Launching a new EC2 instance: " + id, Start: launched, End: launched.Add(40 * time.Second),
		Cause: "a monitor alarm triggered policy web-prod-cpu-tt"}}, snap.Activities...)
	m.Update(SnapshotMsg{Snapshot: snap})
	selectGroup(t, m, "web-prod")
	press(m, "enter")
	stamp := launched.Format("15:04:05")
	var instance, activity bool
	for _, row := range strings.Split(plain(m), "\n") {
		switch {
		case strings.Contains(row, "Launching a new EC2 instance: "+id):
			activity = strings.Contains(row, " "+stamp+" Successful")
		case strings.Contains(row, id):
			instance = strings.Contains(row, stamp)
		}
	}
	if !instance || !activity {
		t.Fatalf("launched at %s: the instance row shows it %v, its activity %v\n%s", stamp, instance, activity, plain(m))
	}
}
