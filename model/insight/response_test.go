package insight

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

var day = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func at(hms string) time.Time {
	t, err := time.Parse("15:04:05", hms)
	if err != nil {
		panic(err)
	}
	return day.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second)
}

func iso(hms string) string { return at(hms).Format(time.RFC3339) }

// launches are n launch activities of one scale-out, as AWS words them.
func launches(group, trigger, hms string, from, to int, start string, ends ...string) []model.Activity {
	cause := "At " + iso(hms) + " " + trigger + " changing the desired capacity from " + itoa(from) + " to " + itoa(to) + ".  At " +
		iso(start) + " an instance was started in response to a difference between desired and actual capacity, increasing the capacity from " + itoa(from) + " to " + itoa(to) + "."
	var out []model.Activity
	for i, e := range ends {
		a := model.Activity{ID: group + hms + itoa(i), Group: group, Cause: cause, Description: "Launching a new EC2 instance: i-" + itoa(i), Start: at(start)}
		switch e {
		case "":
			a.Status = "InProgress"
		case "failed":
			a.Status, a.End = model.ActivityFailed, at(start)
		default:
			a.Status, a.End = model.ActivitySuccessful, at(e)
		}
		out = append(out, a)
	}
	return out
}

func healthy(pts ...any) []model.Point {
	var out []model.Point
	for i := 0; i+1 < len(pts); i += 2 {
		out = append(out, model.Point{T: at(pts[i].(string)), V: float64(pts[i+1].(int))})
	}
	return out
}

func TestScalingResponses(t *testing.T) {
	alarm := "a monitor alarm web-cpu-high in state ALARM triggered policy web-cpu"
	user := "a user request explicitly set group desired capacity"
	hist := []model.AlarmEvent{
		{Alarm: "web-cpu-high", Time: at("13:34:00"), Type: "StateUpdate", NewState: model.AlarmAlarm},
		{Alarm: "web-cpu-high", Time: at("12:00:00"), Type: "StateUpdate", NewState: model.AlarmAlarm},
		{Alarm: "web-cpu-high", Time: at("13:34:00"), Type: "StateUpdate", NewState: model.AlarmOK, Group: "other"},
	}
	journal := []model.JournalAction{
		{Intent: model.JournalEntry{ID: "1", Time: at("14:59:58"), Phase: model.PhaseIntent, Kind: model.KindSetDesired, Target: "web",
			Caller: "arn:aws:sts::1:assumed-role/oncall/alice", Reason: "flash sale"},
			Outcome: &model.JournalEntry{ID: "1", Phase: model.PhaseOutcome, Result: model.ResultOK}},
		{Intent: model.JournalEntry{ID: "2", Time: at("14:59:59"), Phase: model.PhaseIntent, Kind: model.KindSetDesired, Target: "web",
			Caller: "arn:aws:sts::1:assumed-role/oncall/bob"},
			Outcome: &model.JournalEntry{ID: "2", Phase: model.PhaseOutcome, Result: model.ResultFailed}},
	}
	var acts []model.Activity
	acts = append(acts, launches("web", alarm, "13:34:00", 4, 8, "13:34:25", "13:35:20", "13:35:35", "13:35:30", "13:35:10")...)
	acts = append(acts, launches("web", alarm, "13:50:00", 8, 9, "13:50:10", "13:51:00")...) // in ALARM for long: no fresh breach
	acts = append(acts, launches("web", user, "15:00:00", 9, 12, "15:00:05", "15:01:05", "15:01:00", "")...)
	acts = append(acts, launches("web", "a scheduled action update of AutoScalingGroup constraints to min: 6, desired: 9", "16:00:00", 2, 3, "16:00:05", "failed")...)
	acts = append(acts, launches("other", alarm, "13:34:00", 1, 2, "13:34:05", "13:35:00")...)
	// step scaling adds a second step on the same breach: it starts when it ran
	acts = append(acts, launches("web", alarm, "13:37:00", 8, 10, "13:37:02", "13:38:00", "13:38:01")...)
	acts = append(acts, model.Activity{Group: "web", Description: "Launching a new EC2 instance: i-9", Status: model.ActivitySuccessful, Start: at("17:00:00"), End: at("17:01:00"),
		Cause: "At " + iso("17:00:00") + " an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 11 to 12."})
	acts = append(acts, model.Activity{Group: "web", Description: "Terminating EC2 instance: i-1", Status: model.ActivitySuccessful, Start: at("18:00:00"), End: at("18:02:00"),
		Cause: "At " + iso("18:00:00") + " a monitor alarm web-cpu-low in state ALARM triggered policy web-cpu changing the desired capacity from 12 to 11.  At ..."})
	slices.Reverse(acts) // AWS lists activities newest first
	rs := ScalingResponses(ResponseInput{Group: "web", Activities: acts, Alarms: hist, Journal: journal, HasTargets: true,
		Healthy: healthy("13:35:00", 4, "13:36:00", 6, "13:36:10", 8, "13:38:30", 10, "13:51:20", 9, "15:02:00", 11)})
	var lines []string
	for _, r := range rs {
		lines = append(lines, r.Line(time.UTC))
	}
	want := []string{
		"scale-out 4 → 8: breach 13:34:00, launched +25s, in service +1m35s, healthy +2m10s (over 2m: boot took 1m10s)",
		"scale-out 8 → 10: breach 13:37:00, launched +2s, in service +1m01s, healthy +1m30s",
		"scale-out 8 → 9: breach 13:50:00, launched +10s, in service +1m00s, healthy +1m20s",
		"scale-out 9 → 12: action 14:59:58 by alice, launched +7s, in service not yet",
		"scale-out 2 → 3: scheduled 16:00:00, launched +5s, in service not yet, 1 of 1 launches failed",
	}
	if got := strings.Join(lines, "\n"); got != strings.Join(want, "\n") {
		t.Fatalf("timeline:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if rs[0].Alarm != "web-cpu-high" || rs[3].Reason != "flash sale" || rs[0].Slowest().Step != StepBoot {
		t.Fatalf("origin details: %+v", rs[0])
	}

	s := Summarise("web", rs, Window{day, day.Add(24 * time.Hour)})
	if s.Count != 5 || s.Complete != 3 || s.Incomplete != 2 || s.Worst != 130*time.Second || s.Median != 90*time.Second || s.OverLimit != 3 {
		t.Fatalf("summary %+v", s)
	}
	if s := Summarise("web", rs, Window{at("14:00:00"), at("15:30:00")}); s.Count != 1 || s.Complete != 0 {
		t.Fatalf("a window keeps its own: %+v", s)
	}
}

// A group behind no load balancer is done when its instances are in
// service, and the healthy step is not shown.
func TestResponseWithoutTargets(t *testing.T) {
	acts := launches("workers", "a monitor alarm backlog in state ALARM triggered policy out", "10:00:00", 2, 4, "10:00:20", "10:01:10", "10:01:20")
	rs := ScalingResponses(ResponseInput{Group: "workers", Activities: acts})
	if len(rs) != 1 {
		t.Fatalf("%d responses", len(rs))
	}
	if d, ok := rs[0].Total(); !ok || d != 80*time.Second {
		t.Fatalf("total %v %v", d, ok)
	}
	if got := rs[0].Line(time.UTC); got != "scale-out 2 → 4: breach 10:00:00, launched +20s, in service +1m20s" {
		t.Fatal(got)
	}
}

func TestCaller(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:sts::000000000000:assumed-role/hoist-simulator/oncall": "oncall",
		"arn:aws:iam::1:user/bob": "bob", "": "", "root": "root",
	} {
		if got := Caller(in); got != want {
			t.Errorf("Caller(%q) = %q, want %q", in, got, want)
		}
	}
}
