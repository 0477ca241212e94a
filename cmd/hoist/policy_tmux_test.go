package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// The policies and scheduled actions screens through a real terminal
// (issue 12): a memory target tracking policy and a recurring scheduled
// action made through their forms, each landing once in the simulator
// and read back as the forms said; a memory policy on a group whose
// instances publish no memory is refused before anything is sent.
func TestConsolePolicyFormsInTmux(t *testing.T) {
	t.Parallel()
	url := simServe(t)
	_, env := isolatedEnv(t)
	tm := newTmux(t, 120, 40, env, "--endpoint-url", url)
	tm.waitScreen(20*time.Second, "the groups", func(s string) bool {
		return strings.Contains(s, "solemate-cache-pr") && strings.Contains(s, "SIMULATOR")
	})
	const cache = "solemate-cache-prod"

	// workers publish no memory: the form says so, and nothing is sent
	tm.selectGroup("solemate-workers-prod", "solemate-workers-pr")
	tm.keys("P")
	tm.waitText(10*time.Second, "solemate-workers-backlog-step-out")
	tm.keys("n")
	tm.waitText(5*time.Second, "Which kind of scaling policy?")
	tm.keys("m")
	tm.waitText(10*time.Second, "publishes no CWAgent mem_used_percent")
	tm.keys("Enter", "Enter", "Enter", "Enter", "Enter", "Enter") // past each field, then submit
	tm.waitScreen(5*time.Second, "the refusal on the status line", func(s string) bool {
		rows := strings.Split(strings.TrimRight(s, "\n"), "\n")
		return strings.Contains(rows[len(rows)-1], "solemate-workers-prod publishes no CWAgent")
	})
	tm.keys("Escape")
	tm.waitScreen(5*time.Second, "the form closed", func(s string) bool { return !strings.Contains(s, "New target tracking policy") })
	tm.keys("Escape")
	tm.waitText(5*time.Second, "Groups")
	tm.keys("Escape")
	tm.waitScreen(5*time.Second, "the filter cleared", func(s string) bool { return strings.Contains(s, "solemate-cache-pr") })

	// the cache publishes it: a policy at 60%
	tm.selectGroup(cache, "solemate-cache-pr")
	tm.keys("P")
	tm.waitText(10*time.Second, "solemate-cache-memory-target-tracking")
	tm.waitScreen(10*time.Second, "the detail read", func(s string) bool { return !strings.Contains(s, "reading the group's") })
	tm.keys("n")
	tm.waitText(5*time.Second, "Which kind of scaling policy?")
	tm.keys("m")
	tm.waitText(5*time.Second, "New target tracking policy for "+cache)
	tm.retype("cache-mem60")
	tm.keys("Tab", "Tab") // metric: memory, as chosen
	tm.retype("60")
	tm.keys("Enter", "Enter", "Enter", "Enter") // warm-up, scale-in, state, submit
	screen := tm.waitText(5*time.Second, "Confirm")
	for _, want := range []string{"AWS creates alarm TargetTracking-" + cache + "-AlarmHigh", "mem_used_percent", "> 60 for 3 of 3"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the confirm lacks %q:\n%s", want, screen)
		}
	}
	tm.waitText(5*time.Second, confirmReady)
	tm.keys("y")
	tm.waitScreen(15*time.Second, "the policy's result", func(s string) bool { return strings.Contains(line(s, "done:"), cache+"/cache-mem60") })
	puts := mutations(simStats(t, url), "PutScalingPolicy")
	if len(puts) != 1 || puts[0].Group != cache || puts[0].Values["policy"] != "cache-mem60" || puts[0].Values["type"] != model.PolicyTargetTracking {
		t.Fatalf("the simulator applied %+v, want one PutScalingPolicy of cache-mem60", puts)
	}
	checkPolicy(t, env, url, cache, "cache-mem60")

	// a recurring scheduled action, weekday evenings in New York
	tm.keys("Escape")
	tm.keys("c")
	tm.waitText(10*time.Second, "Scheduled actions of "+cache)
	tm.keys("n")
	tm.waitText(10*time.Second, "New scheduled action for "+cache)
	tm.retype("cache-evening")
	tm.keys("Tab", "Tab") // recurring, as it is
	tm.retype("30 18 * * MON-FRI")
	tm.keys("Tab", "Right")             // UTC → America/New_York
	tm.keys("Tab", "Tab", "Tab", "Tab") // from, until, min: blank
	tm.retype("5")                      // desired
	tm.keys("Tab", "Enter")             // max blank, submit
	screen = tm.waitText(5*time.Second, "Confirm")
	if !strings.Contains(screen, "next runs (America/New_York, and UTC):") || !strings.Contains(screen, "18:30 EST = ") {
		t.Errorf("the confirm does not show the next runs in the zone and in UTC:\n%s", screen)
	}
	tm.waitText(5*time.Second, confirmReady)
	tm.keys("y")
	tm.waitScreen(15*time.Second, "the action's result", func(s string) bool { return strings.Contains(line(s, "done:"), cache+"/cache-evening") })
	sched := mutations(simStats(t, url), "PutScheduledUpdateGroupAction")
	if len(sched) != 1 || sched[0].Group != cache || sched[0].Values["action"] != "cache-evening" {
		t.Fatalf("the simulator applied %+v, want one PutScheduledUpdateGroupAction of cache-evening", sched)
	}
	r := runBinary(t, env, "", "schedule", "list", cache, "--json", "--endpoint-url", url)
	mustSucceed(t, r, "schedule list --json")
	var list []struct {
		Name string             `json:"name"`
		Spec model.ScheduleSpec `json:"spec"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 1 || list[0].Spec.Recurrence != "30 18 * * MON-FRI" ||
		list[0].Spec.TimeZone != "America/New_York" || list[0].Spec.Desired == nil || *list[0].Spec.Desired != 5 {
		t.Errorf("schedule list --json: %v\n%s", err, r.stdout)
	}
	tm.keys("Escape")
	tm.waitText(5*time.Second, "Groups")
	tm.quit()
}

// checkPolicy reads policy back from the simulator: memory at 60.
func checkPolicy(t *testing.T, env []string, url, group, policy string) {
	t.Helper()
	r := runBinary(t, env, "", "policy", "list", group, "--json", "--endpoint-url", url)
	mustSucceed(t, r, "policy list --json")
	var list []struct {
		Name string           `json:"name"`
		Spec model.PolicySpec `json:"spec"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.Name != policy {
			continue
		}
		if tt := p.Spec.TargetTracking; tt == nil || !tt.Custom.IsMemory() || tt.Target != 60 {
			t.Errorf("%s reads back as %+v", policy, p.Spec)
		}
		return
	}
	t.Errorf("%s is not among %s's policies:\n%s", policy, group, r.stdout)
}

// retype replaces the text of the field with the cursor.
func (tm *tmux) retype(s string) {
	tm.keys("C-u")
	tm.typeText(s)
}
