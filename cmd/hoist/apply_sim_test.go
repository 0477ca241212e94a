package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// webEdits are the files of TestCLIApplyEveryKind beside the export: an
// adopted alarm with a new threshold, a new metric math alarm and the web
// tier's dashboard.
const webEdits = `target_groups:
  - name: solemate-web-tg
    alerts:
      - name: solemate-web-5xx-high
        description: "Storefront 5xx above 50 a minute: page the on-call."
        namespace: AWS/ApplicationELB
        metric: HTTPCode_Target_5XX_Count
        dimensions: {LoadBalancer: "{load_balancer}"}
        statistic: Sum
        period_seconds: 60
        evaluation_periods: 3
        datapoints_to_alarm: 2
        threshold: 40
        comparison: GreaterThanThreshold
        treat_missing_data: notBreaching
        channels: [arn:aws:sns:us-east-1:000000000000:solemate-oncall-page]
groups:
  - select: {name: solemate-web-prod}
    alerts:
      - name: "{group}-at-max"
        metrics:
          - {id: m1, namespace: AWS/AutoScaling, metric: GroupDesiredCapacity, dimensions: {AutoScalingGroupName: "{group}"}, statistic: Maximum, period_seconds: 60}
          - {id: m2, namespace: AWS/AutoScaling, metric: GroupMaxSize, dimensions: {AutoScalingGroupName: "{group}"}, statistic: Maximum, period_seconds: 60}
          - {id: e1, expression: m1 - m2, label: desired minus max, return_data: true}
        evaluation_periods: 5
        threshold: 0
        comparison: GreaterThanOrEqualToThreshold
dashboards:
  - tier: web
`

// TestCLIApplyEveryKind, on the simulator: export the web tier, plan it
// (nothing), change one value of each kind apply sends (capacity, a
// setting, processes, a policy, a health check, an attribute, an adopted
// alarm, a new metric math alarm, a dashboard), plan (exactly those), and
// apply with PutMetricAlarm failing once (/_sim/faults): the apply stops
// there and says what was and was not applied, the journal says the same,
// a second apply makes the rest, and a third changes nothing.
func TestCLIApplyEveryKind(t *testing.T) {
	t.Parallel()
	s, url := newSim(t, sim.Options{Seed: 1})
	state, env := isolatedEnv(t)
	dir := filepath.Join(t.TempDir(), "web")
	mustSucceed(t, runBinary(t, env, "", "export", "--dir", dir, "--tier", "web", "--endpoint-url", url), "export")
	r := runBinary(t, env, "", "plan", "-f", dir, "--detailed-exitcode", "--endpoint-url", url)
	mustSucceed(t, r, "plan of the export")

	group := filepath.Join(dir, "groups", "solemate-web-prod.yml")
	editFile(t, group, "max: 40", "max: 44")
	editFile(t, group, "health_check_grace_seconds: 60", "health_check_grace_seconds: 90")
	editFile(t, group, "suspended_processes: []", "suspended_processes: [AZRebalance]")
	editFile(t, group, "target: 50", "target: 55")
	lb := filepath.Join(dir, "loadbalancer.yml")
	editFile(t, lb, "interval_seconds: 15", "interval_seconds: 20")
	editFile(t, lb, `deregistration_delay.timeout_seconds: "30"`, `deregistration_delay.timeout_seconds: "45"`)
	if err := os.WriteFile(filepath.Join(dir, "edits.yml"), []byte(webEdits), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runBinary(t, env, "", "plan", "-f", dir, "--endpoint-url", url)
	mustSucceed(t, r, "plan of the edits")
	for _, want := range []string{"~ group solemate-web-prod", "max  40 → 44", "health_check_grace_seconds  60 → 90",
		"suspended_processes  (none) → AZRebalance", "target_tracking.target  50 → 55", "health_check.interval_seconds", "20",
		"attributes.deregistration_delay.timeout_seconds  30 → 45", "~ alarm solemate-web-5xx-high", "threshold           50 → 40",
		"tags.hoist:managed  (unset) → true", "+ alarm solemate-web-prod-at-max", "metrics.e1.expression", "+ dashboard hoist-web",
		"Plan: 2 to add, 6 to change, 0 to delete."} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.stdout)
		}
	}

	simPost(t, url, "/_sim/faults", `{"fail":{"PutMetricAlarm":1}}`)
	r = runBinary(t, env, "", "apply", "-f", dir, "--yes", "--endpoint-url", url)
	if r.code == 0 || !strings.Contains(r.stdout, "unknown: ~ alarm solemate-web-5xx-high") ||
		!strings.Contains(r.stdout, "of its 2 calls, the first 1 were sent and applied") ||
		!strings.Contains(r.stdout, "not applied:\n  + alarm solemate-web-prod-at-max\n  + dashboard hoist-web\n") {
		t.Fatalf("apply with PutMetricAlarm failing: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	first := journalKinds(readJournal(t, state))
	want := []string{"set-limits ok", "suspend-processes ok", "update-group-settings ok", "modify-health-check ok",
		"modify-target-group-attributes ok", "put-policy ok", "tag-alarm ok", "put-metric-alarm unknown"}
	if !slices.Equal(first, want) {
		t.Errorf("journal after the failure:\n%v\nwant\n%v", first, want)
	}

	r = runBinary(t, env, "", "apply", "-f", dir, "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "the second apply")
	if got := journalKinds(readJournal(t, state))[len(first):]; !slices.Equal(got, []string{"put-metric-alarm ok", "put-metric-alarm ok", "put-dashboard ok"}) {
		t.Errorf("the second apply sent %v\n%s", got, r.stdout)
	}
	n := len(s.Stats().Mutations)
	r = runBinary(t, env, "", "apply", "-f", dir, "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "the third apply")
	if !strings.HasPrefix(r.stdout, "No changes:") || len(s.Stats().Mutations) != n {
		t.Errorf("the third apply changed something:\n%s", r.stdout)
	}
	var applies []string
	for _, e := range readJournal(t, state) {
		if e.Phase == model.PhaseIntent && (e.Apply == "" || e.Ref == nil) {
			t.Errorf("intent %s %s has no apply id or ref", e.Kind, e.Target)
		}
		if e.Phase == model.PhaseIntent && !slices.Contains(applies, e.Apply) {
			applies = append(applies, e.Apply)
		}
	}

	// Reverting the second apply deletes what it created and puts the
	// adopted alarm's threshold back; reverting the first puts back the
	// rest, and keeps the adoption.
	r = runBinary(t, env, "", "revert", applies[1], "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "revert the second apply")
	for _, want := range []string{"- dashboard hoist-web", "- alarm solemate-web-prod-at-max", "~ alarm solemate-web-5xx-high", "threshold  40 → 50"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the revert of the second apply lacks %q:\n%s", want, r.stdout)
		}
	}
	r = runBinary(t, env, "", "revert", applies[0], "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "revert the first apply")
	for _, want := range []string{"Note: alarm/solemate-web-5xx-high is not reverted: adopting an alarm is kept", "max  44 → 40",
		"health check interval  20s → 15s", "process AZRebalance  suspended → running", "Applied 6 changes"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the revert of the first apply lacks %q:\n%s", want, r.stdout)
		}
	}
	r = runBinary(t, env, "", "export", "--tier", "web", "--endpoint-url", url)
	mustSucceed(t, r, "export after the reverts")
	for _, want := range []string{"max: 40", "health_check_grace_seconds: 60", "suspended_processes: []", "target: 50", "interval_seconds: 15", `timeout_seconds: "30"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("after the reverts the export lacks %q", want)
		}
	}
}

// TestCLIDashboard, on the simulator: hoist dashboard prints a tier's
// body and writes nothing; --apply needs a terminal or --yes, then writes
// each tier's dashboard once, journaled; a second run changes nothing.
func TestCLIDashboard(t *testing.T) {
	t.Parallel()
	s, url := newSim(t, sim.Options{Seed: 1})
	state, env := isolatedEnv(t)
	r := runBinary(t, env, "", "dashboard", "--tier", "web", "--endpoint-url", url)
	mustSucceed(t, r, "dashboard --tier web")
	if !strings.HasPrefix(r.stdout, "{\n  \"widgets\": [") || !strings.Contains(r.stdout, `"GroupMaxSize"`) || len(mutations(s.Stats(), "PutDashboard")) != 0 {
		t.Errorf("the body:\n%s", r.stdout)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"dashboard", "--apply"}, "not on a terminal, so hoist cannot ask: pass --yes"},
		{[]string{"dashboard", "--yes"}, "--yes confirms --apply"},
		{[]string{"dashboard", "--tier", "nope"}, `no group has tier "nope"`},
		{[]string{"export", "--channel", "arn:aws:sns:us-east-1:000000000000:x"}, "add --alarms"},
	} {
		r := runBinary(t, env, "", append(c.args, "--endpoint-url", url)...)
		if r.code != exitInvalid || !strings.Contains(r.stderr, c.want) {
			t.Errorf("hoist %v: exit %d, %s", c.args, r.code, r.stderr)
		}
	}
	r = runBinary(t, env, "", "dashboard", "--apply", "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "dashboard --apply")
	n := len(mutations(s.Stats(), "PutDashboard"))
	if n < 5 || len(journalKinds(readJournal(t, state))) != n || !strings.Contains(r.stdout, "+ dashboard hoist-web") {
		t.Errorf("wrote %d dashboards, journal %v\n%s", n, journalKinds(readJournal(t, state)), r.stdout)
	}
	r = runBinary(t, env, "", "dashboard", "--apply", "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "dashboard --apply again")
	if !strings.HasPrefix(r.stdout, "No changes:") || len(mutations(s.Stats(), "PutDashboard")) != n {
		t.Errorf("the second run:\n%s", r.stdout)
	}
}

// TestCLIExportAlarms: the console's rules exported as alarms apply as
// metric math and plain alarms on the simulator, tagged hoist:managed,
// and plan nothing afterwards.
func TestCLIExportAlarms(t *testing.T) {
	t.Parallel()
	s, url := newSim(t, sim.Options{Seed: 1})
	_, env := isolatedEnv(t)
	dir := filepath.Join(t.TempDir(), "web")
	topic := "arn:aws:sns:us-east-1:000000000000:solemate-oncall-page"
	mustSucceed(t, runBinary(t, env, "", "export", "--tier", "web", "--alarms", "--channel", topic, "--dir", dir, "--endpoint-url", url), "export --alarms")
	b, err := os.ReadFile(filepath.Join(dir, "alerts", "console.yml"))
	if err != nil || !strings.Contains(string(b), "# The failed-activity rule has no CloudWatch metric") || !strings.Contains(string(b), "expression: desired - max") {
		t.Fatalf("alerts/console.yml: %v\n%s", err, b)
	}
	r := runBinary(t, env, "", "apply", "-f", dir, "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "apply the console's alarms")
	if n := len(mutations(s.Stats(), "PutMetricAlarm")); n != 4 || !strings.Contains(r.stdout, "+ alarm hoist-solemate-web-prod-desired-not-reached") {
		t.Errorf("%d alarms put:\n%s", n, r.stdout)
	}
	r = runBinary(t, env, "", "plan", "-f", dir, "--detailed-exitcode", "--endpoint-url", url)
	mustSucceed(t, r, "plan after")
}

// TestCLIRevert, on the simulator: the incident preset applied, hoist
// revert puts both changes back, newest first, as a new apply; a field
// someone changed since is named and left alone; a revert of a revert
// puts the preset back; a revert from another account is refused.
func TestCLIRevert(t *testing.T) {
	t.Parallel()
	s, url := newSim(t, sim.Options{Seed: 1})
	state, env := isolatedEnv(t)
	preset := filepath.Join("..", "..", "docs", "examples", "presets")
	mustSucceed(t, runBinary(t, env, "", "apply", "-f", preset, "--yes", "--endpoint-url", url), "apply the preset")
	id := readJournal(t, state)[0].Apply

	r := runBinary(t, env, "", "revert", id, "--endpoint-url", url)
	if r.code != exitInvalid || !strings.Contains(r.stdout, "max  60 → 40") || !strings.Contains(r.stdout, "scale-in  off → on") {
		t.Fatalf("revert without --yes off a terminal: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runBinary(t, env, "", "apply", "--revert", id, "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "apply --revert")
	if i, j := strings.Index(r.stdout, "done:   ~ policy"), strings.Index(r.stdout, "done:   ~ group solemate-web-prod"); i < 0 || j < i {
		t.Errorf("the revert did not undo the newest first:\n%s", r.stdout)
	}
	r = runBinary(t, env, "", "plan", "-f", filepath.Join("..", "..", "docs", "examples", "scaling", "scaling.yml"), "--endpoint-url", url)
	if strings.Contains(r.stdout, "max  ") || strings.Contains(r.stdout, "disable_scale_in") {
		t.Errorf("the usual files after the revert:\n%s", r.stdout)
	}
	j := readJournal(t, state)
	undo := j[len(j)-2].Apply // the last intent's

	// Someone raises max to 50 after the revert put it at 40: reverting
	// the revert puts scale-in back but leaves max, and says so.
	cfg := motoConfig(t)
	cfg.BaseEndpoint = sdk.String(url)
	if _, err := autoscaling.NewFromConfig(cfg).UpdateAutoScalingGroup(context.Background(), &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: sdk.String("solemate-web-prod"), MaxSize: sdk.Int32(50)}); err != nil {
		t.Fatal(err)
	}
	n := len(mutations(s.Stats(), "UpdateAutoScalingGroup"))
	r = runBinary(t, env, "", "revert", undo, "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "revert the revert")
	if !strings.Contains(r.stdout, "Note: solemate-web-prod is not put back where it changed since the apply: max: now 50, the apply left 40") ||
		!strings.Contains(r.stdout, "scale-in  on → off") || len(mutations(s.Stats(), "UpdateAutoScalingGroup")) != n {
		t.Errorf("a field changed since:\n%s", r.stdout)
	}
	r = runBinary(t, env, "", "revert", "no-such-id", "--endpoint-url", url)
	if r.code != exitInvalid || !strings.Contains(r.stderr, "has no apply or action no-such-id") {
		t.Errorf("an unknown id: exit %d %s", r.code, r.stderr)
	}
	r = onMoto(t, env, "revert", id, "--yes")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "was sent to simulator 000000000000 us-east-1, not account") {
		t.Errorf("a revert elsewhere: exit %d %s", r.code, r.stderr)
	}
}

// :apply in the console, through tmux at 80x24 (issue 13): the preset's
// plan is drawn as a screen; a and two quick ys are swallowed by the
// confirm's guard; a y after it sends the two changes once each, the
// screen saying each is done; under :readonly, :apply says why it is
// disabled.
func TestConsoleApplyInTmux(t *testing.T) {
	t.Parallel()
	url := simServe(t)
	_, env := isolatedEnv(t)
	tm := newTmux(t, 80, 24, env, "--endpoint-url", url)
	// At 80x24 the first screen lists the first tiers; web may be below.
	tm.waitScreen(20*time.Second, "the groups", func(s string) bool {
		return strings.Contains(s, "Groups 9") && strings.Contains(s, "SIMULATOR")
	})
	preset, err := filepath.Abs(filepath.Join("..", "..", "docs", "examples", "presets"))
	if err != nil {
		t.Fatal(err)
	}
	tm.keys(":")
	tm.typeText("apply " + preset)
	tm.keys("Enter")
	tm.waitScreen(20*time.Second, "the plan", func(s string) bool {
		return strings.Contains(s, "~ group solemate-web-prod") && strings.Contains(s, "max  40 → 60")
	})
	tm.keys("a", "y", "y")
	tm.waitText(5*time.Second, "too soon after it opened: nothing sent")
	if n := len(simStats(t, url).Mutations); n != 0 {
		t.Fatalf("keys typed ahead sent %d changes", n)
	}
	tm.waitText(5*time.Second, confirmReady)
	tm.keys("y")
	tm.waitScreen(15*time.Second, "the changes done", func(s string) bool {
		return strings.Contains(s, "~ group solemate-web-prod  done") && strings.Contains(s, "Applied 2 changes")
	})
	st := simStats(t, url)
	if len(mutations(st, "UpdateAutoScalingGroup")) != 1 || len(mutations(st, "PutScalingPolicy")) != 1 {
		t.Errorf("the simulator applied %+v", st.Mutations)
	}
	tm.keys("Escape", ":")
	tm.typeText("readonly")
	tm.keys("Enter", ":")
	tm.typeText("apply " + preset)
	tm.keys("Enter")
	tm.waitText(5*time.Second, "read-only: :apply is disabled")
	tm.quit()
}

// TestCLISimulatorPlanRefusedElsewhere: a plan saved on the simulator is
// refused against an AWS account (moto here), before anything is sent,
// in one sentence.
func TestCLISimulatorPlanRefusedElsewhere(t *testing.T) {
	t.Parallel()
	_, url := newSim(t, sim.Options{Seed: 1})
	_, env := isolatedEnv(t)
	saved := filepath.Join(t.TempDir(), "plan.json")
	preset := filepath.Join("..", "..", "docs", "examples", "presets")
	mustSucceed(t, runBinary(t, env, "", "plan", "-f", preset, "--out", saved, "--endpoint-url", url), "plan --out on the simulator")
	r := onMoto(t, env, "apply", saved, "--yes")
	if r.code != exitInvalid || strings.Count(r.stderr, "\n") != 1 ||
		!strings.Contains(r.stderr, "this plan was made against the simulator's account 000000000000 in us-east-1, not account 123456789012") {
		t.Errorf("a simulator plan on AWS: exit %d %q", r.code, r.stderr)
	}
}

// policiesAndSchedules are changes of whole policies and scheduled actions:
// a new memory policy, a simple policy replaced by a step one's settings,
// a policy deleted, a new scheduled action in New York's time, one
// changed and one deleted.
const policiesAndSchedules = `groups:
  - select: {name: solemate-web-prod}
    policies:
      - name: web-memory70
        warmup_seconds: 120
        target_tracking:
          custom: {namespace: CWAgent, metric: mem_used_percent, dimensions: {AutoScalingGroupName: "{group}"}, statistic: Average}
          target: 70
    scheduled_actions:
      - name: web-evening-peak
        recurrence: "0 18 * * MON-FRI"
        time_zone: America/New_York
        min: 4
  - select: {name: solemate-workers-prod}
    policies:
      - name: solemate-workers-backlog-simple-in
        simple: {adjustment_type: ChangeInCapacity, adjustment: -2, cooldown_seconds: 600}
      - name: solemate-workers-backlog-step-out
        absent: true
  - select: {name: solemate-db-replica-prod}
    scheduled_actions:
      - name: solemate-db-business-hours-start
        recurrence: "0 8 * * MON-FRI"
        time_zone: America/New_York
        min: 5
        max: 8
        desired: 5
      - name: solemate-db-business-hours-end
        absent: true
`

// TestCLIApplyPoliciesAndSchedules, on the simulator: whole policies and
// scheduled actions are created, replaced and deleted through the
// registry (PutScalingPolicy, DeletePolicy, PutScheduledUpdateGroupAction,
// DeleteScheduledAction), once each; a second apply changes nothing; the
// revert deletes what the apply created and says what it cannot put back.
func TestCLIApplyPoliciesAndSchedules(t *testing.T) {
	t.Parallel()
	s, url := newSim(t, sim.Options{Seed: 1})
	state, env := isolatedEnv(t)
	file := filepath.Join(t.TempDir(), "policies.yml")
	if err := os.WriteFile(file, []byte(policiesAndSchedules), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runBinary(t, env, "", "apply", "-f", file, "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "apply")
	for _, want := range []string{"done:   + policy solemate-web-prod/web-memory70", "done:   ~ policy solemate-workers-prod/solemate-workers-backlog-simple-in",
		"done:   + scheduled action solemate-web-prod/web-evening-peak", "done:   ~ scheduled action solemate-db-replica-prod/solemate-db-business-hours-start",
		"done:   - policy solemate-workers-prod/solemate-workers-backlog-step-out", "done:   - scheduled action solemate-db-replica-prod/solemate-db-business-hours-end"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("apply lacks %q:\n%s", want, r.stdout)
		}
	}
	st := s.Stats()
	for op, n := range map[string]int{"PutScalingPolicy": 2, "DeletePolicy": 1, "PutScheduledUpdateGroupAction": 2, "DeleteScheduledAction": 1} {
		if got := len(mutations(st, op)); got != n {
			t.Errorf("%s applied %d times, want %d", op, got, n)
		}
	}
	r = runBinary(t, env, "", "apply", "-f", file, "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "apply again")
	if !strings.HasPrefix(r.stdout, "No changes:") {
		t.Errorf("the second apply:\n%s", r.stdout)
	}
	r = runBinary(t, env, "", "revert", readJournal(t, state)[0].Apply, "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "revert")
	for _, want := range []string{"- policy solemate-web-prod/web-memory70", "- scheduled action solemate-web-prod/web-evening-peak",
		"solemate-workers-prod/solemate-workers-backlog-simple-in is not reverted: a policy is put whole",
		"solemate-db-replica-prod/solemate-db-business-hours-end is not reverted: a deleted scheduled action"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the revert lacks %q:\n%s", want, r.stdout)
		}
	}
}
