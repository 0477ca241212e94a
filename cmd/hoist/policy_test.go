package main

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// hoist policy, schedule, forecast, refresh and resize end to end: on
// moto for what it implements (policies, scheduled actions), on the
// simulator for refreshes, resizes and forecasts.

func motoPolicies(t *testing.T, group string) []string {
	t.Helper()
	out, err := autoscaling.NewFromConfig(motoConfig(t)).DescribePolicies(context.Background(),
		&autoscaling.DescribePoliciesInput{AutoScalingGroupName: sdk.String(group)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range out.ScalingPolicies {
		if sdk.ToString(p.AutoScalingGroupName) == group {
			names = append(names, sdk.ToString(p.PolicyName)+" "+sdk.ToString(p.PolicyType))
		}
	}
	return names
}

func TestCLIPolicy(t *testing.T) {
	t.Parallel()
	_, names := seedGroups(t, groupSeed{"web", 1, 2, 6})
	g := names[0]
	state, env := isolatedEnv(t)

	r := onMoto(t, env, "policy", "put", g, "cpu", "--metric", "cpu", "--target", "60", "--warmup", "120s", "--yes", "--reason", "issue 12")
	mustSucceed(t, r, "policy put cpu")
	for _, want := range []string{g + "/cpu:\n", "\ndone\n", "- → 60\n", "- → 2m0s\n", "- → ASGAverageCPUUtilization\n",
		"AlarmHigh-<id>: AWS/EC2 CPUUtilization Average (AutoScalingGroupName=" + g + ") > 60 for 3 of 3", "< 54 for 15 of 15"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	r = onMoto(t, env, "policy", "put", g, "out", "--step", "0:20:+1", "--step", "20::+3", "--yes")
	mustSucceed(t, r, "policy put a step policy")
	if !strings.Contains(r.stdout, "no alarm invokes out yet") {
		t.Errorf("a step policy without an alarm is not said to never run:\n%s", r.stdout)
	}
	if got := strings.Join(motoPolicies(t, g), ", "); got != "cpu TargetTrackingScaling, out StepScaling" {
		t.Errorf("moto holds %s", got)
	}

	// The same again is already so: nothing sent, nothing journaled.
	before := len(readJournal(t, state))
	r = onMoto(t, env, "policy", "put", g, "cpu", "--metric", "cpu", "--target", "60", "--warmup", "2m", "--yes")
	mustSucceed(t, r, "the same policy again")
	if !strings.Contains(r.stdout, "already target tracking ASGAverageCPUUtilization = 60; nothing to do") || len(readJournal(t, state)) != before {
		t.Errorf("a no-op put: %s, journal %d → %d", r.stdout, before, len(readJournal(t, state)))
	}

	r = onMoto(t, env, "policy", "list", g, "--json")
	mustSucceed(t, r, "policy list --json")
	var list []struct {
		Name string           `json:"name"`
		Spec model.PolicySpec `json:"spec"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 2 || list[0].Spec.TargetTracking == nil ||
		list[0].Spec.TargetTracking.Target != 60 || *list[0].Spec.WarmupSeconds != 120 {
		t.Errorf("policy list --json: %v\n%s", err, r.stdout)
	}

	r = onMoto(t, env, "policy", "delete", g, "out")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "pass --yes") {
		t.Errorf("delete off a terminal without --yes: exit %d %q", r.code, r.stderr)
	}
	mustSucceed(t, onMoto(t, env, "policy", "delete", g, "out", "--yes"), "policy delete --yes")
	if got := strings.Join(motoPolicies(t, g), ", "); got != "cpu TargetTrackingScaling" {
		t.Errorf("after the delete moto holds %s", got)
	}
	j := readJournal(t, state)
	if len(j) != 6 || j[0].Kind != model.KindPutPolicy || j[0].Reason != "issue 12" || j[4].Kind != model.KindDeletePolicy {
		t.Errorf("journal: %+v", j)
	}
}

// Every bad input is one sentence and exit 2, before anything is sent.
func TestCLIPolicyRefusals(t *testing.T) {
	t.Parallel()
	_, names := seedGroups(t, groupSeed{"web", 1, 2, 6})
	g := names[0]
	_, env := isolatedEnv(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"policy", "put", g, "p", "--metric", "cpu", "--target", "150"}, "target 150 is above 100 for ASGAverageCPUUtilization, a percentage"},
		{[]string{"policy", "put", g, "p", "--target", "50"}, "say which kind of policy"},
		{[]string{"policy", "put", g, "p", "--metric", "cpu"}, "target tracking needs --target"},
		{[]string{"policy", "put", g, "p", "--metric", "memory", "--target", "70", "--yes"}, g + " publishes no CWAgent mem_used_percent by AutoScalingGroupName"},
		{[]string{"policy", "put", g, "p", "--metric", "requests", "--target", "500", "--yes"}, g + " has no target group behind an Application Load Balancer"},
		{[]string{"policy", "put", g, "p", "--step", "0:10:+1", "--yes"}, "steps above the threshold need one step with no upper bound"},
		{[]string{"policy", "put", g, "p", "--step", "0-10-1"}, `--step "0-10-1" must be LOWER:UPPER:ADJUSTMENT`},
		{[]string{"policy", "put", g, "p", "--adjustment", "2", "--cooldown", "1.5s"}, "--cooldown must be whole seconds"},
		{[]string{"policy", "put", g, "p", "--predictive", "cpu", "--target", "50", "--max-capacity-buffer", "10"}, "max_capacity_buffer applies only with max_capacity_breach IncreaseMaxCapacity"},
		{[]string{"policy", "put", g, "p", "--metric", "cpu", "--target", "50", "--alarm", "a"}, "--alarm runs a step or simple policy"},
		{[]string{"policy", "put", g, "p", "--adjustment", "1", "--alarm", "nope", "--yes"}, `no alarm named "nope"`},
		{[]string{"policy", "delete", g, "nope", "--yes"}, `has no policy named "nope"`},
		{[]string{"schedule", "put", g, "s", "--cron", "0 0 30 2 *", "--desired", "2", "--yes"}, `recurrence "0 0 30 2 *" never fires in UTC`},
		{[]string{"schedule", "put", g, "s", "--cron", "0 8 * * *", "--time-zone", "Mars/Olympus", "--desired", "2"}, `time zone "Mars/Olympus" is not one hoist knows`},
		{[]string{"schedule", "put", g, "s", "--at", "2020-01-01T00:00:00Z", "--desired", "2", "--yes"}, "is in the past"},
		{[]string{"schedule", "put", g, "s", "--desired", "2"}, "say when: --cron EXPR (recurring) or --at TIME (once)"},
		{[]string{"schedule", "put", g, "s", "--cron", "0 8 * * *", "--min", "5", "--max", "2"}, "min 5 is above max 2"},
		{[]string{"schedule", "delete", g, "nope", "--yes"}, `has no scheduled action named "nope"`},
		{[]string{"resize", g, "--instance-type", "huge"}, `"huge" is not an instance type like m6i.xlarge`},
		{[]string{"refresh", "start", g, "--min-healthy", "120"}, "the minimum healthy percentage 120 must be 0 to 100"},
		{[]string{"refresh", "start", g, "--auto-rollback", "--yes"}, "a rollback needs a refresh started with a desired configuration"},
		{[]string{"forecast", g}, "has no predictive policy; a ForecastOnly one shows what prediction would do"},
	} {
		r := onMoto(t, env, tc.args...)
		if r.code != exitInvalid || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("hoist %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
	}
}

func TestCLISchedule(t *testing.T) {
	t.Parallel()
	_, names := seedGroups(t, groupSeed{"db", 2, 2, 8})
	g := names[0]
	state, env := isolatedEnv(t)
	r := onMoto(t, env, "schedule", "put", g, "open", "--cron", "0 8 * * 1-5", "--time-zone", "America/New_York", "--min", "4", "--desired", "6", "--yes")
	mustSucceed(t, r, "schedule put")
	if !strings.Contains(r.stdout, "next runs (America/New_York, and UTC):") || strings.Count(r.stdout, " 08:00 E") != 5 ||
		!strings.Contains(r.stdout, ":00 UTC") {
		t.Errorf("the next five runs in the zone and UTC:\n%s", r.stdout)
	}
	r = onMoto(t, env, "schedule", "put", g, "night", "--cron", "0 2 * * *", "--desired", "12", "--yes")
	mustSucceed(t, r, "schedule put outside max")
	if !strings.Contains(r.stdout, "warning: desired 12 is outside min 2 and max 8") {
		t.Errorf("no warning for desired outside the limits:\n%s", r.stdout)
	}
	r = onMoto(t, env, "schedule", "list", g, "--json")
	mustSucceed(t, r, "schedule list --json")
	var list []struct {
		Name     string      `json:"name"`
		Upcoming []time.Time `json:"next_24h"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 2 {
		t.Fatalf("schedule list --json: %v\n%s", err, r.stdout)
	}
	for _, a := range list {
		if a.Name == "night" && len(a.Upcoming) != 1 {
			t.Errorf("a daily action runs once in the next 24 hours: %+v", a)
		}
	}
	mustSucceed(t, onMoto(t, env, "schedule", "delete", g, "night", "--yes"), "schedule delete")
	if j := readJournal(t, state); len(j) != 6 || j[0].Kind != model.KindPutScheduled || j[4].Kind != model.KindDeleteScheduled {
		t.Errorf("journal %+v", j)
	}
}

// The bad deploy from the command line: the refresh that started it is
// seen, and rolled back; a resize runs its three calls, journaled, and a
// second run has nothing to do; the forecast is printed with its accuracy.
func TestCLIRefreshResizeForecast(t *testing.T) {
	state, env := testDirs(t)
	s, url := newSim(t, sim.Options{Seed: 5, Scenario: "bad-deploy"})
	s.Advance(3 * time.Minute) // the deploy's refresh is under way, not yet failed
	on := func(args ...string) result { return runBinary(t, env, "", append(args, "--endpoint-url", url)...) }

	r := on("refresh", "status", "solemate-app-prod", "--json")
	mustSucceed(t, r, "refresh status --json")
	var rs []model.InstanceRefresh
	if err := json.Unmarshal([]byte(r.stdout), &rs); err != nil || len(rs) == 0 || !rs[0].Active() || rs[0].Desired == nil {
		t.Fatalf("refresh status --json: %v\n%s", err, r.stdout)
	}
	r = on("refresh", "rollback", "solemate-app-prod", "--yes", "--reason", "bad deploy")
	mustSucceed(t, r, "refresh rollback")
	if !strings.Contains(r.stdout, "→ rolled back: instances from solemate-app-prod-lt v8 replaced again\ndone") {
		t.Errorf("rollback: %s", r.stdout)
	}
	r = on("refresh", "cancel", "solemate-cart-prod", "--yes")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "no instance refresh of solemate-cart-prod is running") {
		t.Errorf("cancel with none running: %d %q", r.code, r.stderr)
	}

	r = on("resize", "solemate-search-prod", "--instance-type", "r6g.xlarge", "--yes")
	mustSucceed(t, r, "resize")
	if strings.Count(r.stdout, "sending: ") != 3 || !strings.Contains(r.stdout, "resized to r6g.xlarge (3 calls)  done") {
		t.Errorf("resize:\n%s", r.stdout)
	}
	r = on("resize", "solemate-search-prod", "--instance-type", "r6g.xlarge", "--yes")
	mustSucceed(t, r, "resize again")
	if !strings.Contains(r.stdout, "already resized to r6g.xlarge") {
		t.Errorf("resize again:\n%s", r.stdout)
	}
	var kinds []string
	for _, e := range readJournal(t, state) {
		if e.Phase == model.PhaseIntent {
			kinds = append(kinds, string(e.Kind))
		}
	}
	if got := strings.Join(kinds, " "); got != "rollback-instance-refresh create-launch-template-version set-launch-template start-instance-refresh" {
		t.Errorf("journal intents: %s", got)
	}

	s.Advance(2 * time.Hour) // hours of load to score the forecast against
	r = on("forecast", "solemate-db-replica-prod")
	mustSucceed(t, r, "forecast")
	if !regexp.MustCompile(`accuracy: \d+\.\d% mean absolute error of the load forecast over \d+ hours`).MatchString(r.stdout) ||
		strings.Count(r.stdout, "\n") < 40 {
		t.Errorf("forecast:\n%s", r.stdout)
	}
}
