package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// seedPolicy puts a CPU target tracking policy on group.
func seedPolicy(t *testing.T, group, name string, target float64) {
	t.Helper()
	if _, err := autoscaling.NewFromConfig(motoConfig(t)).PutScalingPolicy(context.Background(), &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: sdk.String(group), PolicyName: sdk.String(name), PolicyType: sdk.String(model.PolicyTargetTracking),
		EstimatedInstanceWarmup: sdk.Int32(120),
		TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{TargetValue: sdk.Float64(target),
			PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization}},
	}); err != nil {
		t.Fatal(err)
	}
}

// editFile replaces old with new in a file, once, or fails the test.
func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s has no %q:\n%s", path, old, b)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func journalKinds(j []model.JournalEntry) []string {
	var out []string
	for _, e := range j {
		if e.Phase == model.PhaseOutcome {
			out = append(out, string(e.Kind)+" "+e.Result)
		}
	}
	return out
}

// TestCLIExportPlanApply: export what runs, plan it (nothing), change one
// value of a group and of its policy in the files, plan (exactly those),
// apply, plan again (nothing), apply again (nothing sent).
func TestCLIExportPlanApply(t *testing.T) {
	t.Parallel()
	state, env := isolatedEnv(t)
	tier, names := seedGroups(t, groupSeed{"web", 1, 2, 6}, groupSeed{"api", 1, 1, 4})
	web := names[0]
	seedPolicy(t, web, web+"-cpu50", 50) // moto keys policies by name alone
	dir := filepath.Join(t.TempDir(), "scaling")
	r := onMoto(t, env, "export", "--dir", dir, "--tier", tier)
	mustSucceed(t, r, "export")
	if !strings.Contains(r.stdout, filepath.Join(dir, "groups", web+".yml")) {
		t.Fatalf("export wrote:\n%s", r.stdout)
	}
	r = onMoto(t, env, "plan", "-f", dir, "--detailed-exitcode")
	mustSucceed(t, r, "plan of the export")
	if !strings.HasPrefix(r.stdout, "No changes:") {
		t.Errorf("plan of the export:\n%s", r.stdout)
	}

	file := filepath.Join(dir, "groups", web+".yml")
	editFile(t, file, "max: 6", "max: 8")
	editFile(t, file, "target: 50", "target: 60")
	r = onMoto(t, env, "plan", "-f", dir, "--detailed-exitcode")
	if r.code != exitChanges {
		t.Fatalf("plan of the edit: exit %d, want %d\n%s%s", r.code, exitChanges, r.stdout, r.stderr)
	}
	for _, want := range []string{"~ group " + web, "max  6 → 8", "~ policy " + web + "/" + web + "-cpu50", "target_tracking.target  50 → 60",
		"Plan: 0 to add, 2 to change, 0 to delete."} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.stdout)
		}
	}

	r = onMoto(t, env, "apply", "-f", dir, "--yes")
	mustSucceed(t, r, "apply")
	if g := readGroup(t, web); g.Max != 8 || g.Desired != 2 {
		t.Errorf("after apply %s is %+v", web, g)
	}
	if got := journalKinds(readJournal(t, state)); strings.Join(got, ",") != "set-limits ok,put-policy ok" {
		t.Errorf("journal %v", got)
	}
	r = onMoto(t, env, "plan", "-f", dir, "--detailed-exitcode")
	mustSucceed(t, r, "plan after apply")
	r = onMoto(t, env, "apply", "-f", dir, "--yes")
	mustSucceed(t, r, "apply again")
	if !strings.HasPrefix(r.stdout, "No changes:") || len(readJournal(t, state)) != 4 {
		t.Errorf("the second apply changed something:\n%s", r.stdout)
	}
}

// faultProxy stands before moto and refuses one operation while fail is
// set, as AWS refuses a call.
func faultProxy(t *testing.T, op string, fail *atomic.Bool) string {
	t.Helper()
	u, _ := url.Parse(moto.URL)
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if fail.Load() && strings.Contains(string(body), "Action="+op+"&") {
			w.Header().Set("Content-Type", "text/xml")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>injected</Message></Error><RequestId>fault</RequestId></ErrorResponse>`)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestCLIApplyStopsAtFailure: an apply that fails half way stops there,
// says what was and was not applied, and leaves a journal that says so;
// a second apply makes the rest.
func TestCLIApplyStopsAtFailure(t *testing.T) {
	t.Parallel()
	state, env := isolatedEnv(t)
	_, names := seedGroups(t, groupSeed{"web", 1, 2, 6})
	web := names[0]
	seedPolicy(t, web, web+"-cpu50", 50)
	file := filepath.Join(t.TempDir(), "incident.yml")
	if err := os.WriteFile(file, []byte(fmt.Sprintf(`groups:
  - select: {name: %[1]s}
    max: 10
    suspend: [AZRebalance]
    policies:
      - name: %[1]s-cpu50
        warmup_seconds: 120
        target_tracking: {metric: ASGAverageCPUUtilization, target: 50, disable_scale_in: true}
`, web)), 0o644); err != nil {
		t.Fatal(err)
	}
	var fail atomic.Bool
	fail.Store(true)
	endpoint := faultProxy(t, "PutScalingPolicy", &fail)
	r := runBinary(t, env, "", "apply", "-f", file, "--yes", "--endpoint-url", endpoint)
	if r.code == 0 {
		t.Fatalf("apply with a refused call exited 0:\n%s", r.stdout)
	}
	for _, want := range []string{"done:   ~ group " + web, "failed: ~ policy " + web + "/" + web + "-cpu50", "Applied 2 changes before it", "not applied:\n  nothing else"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "apply stopped at policy "+web+"/"+web+"-cpu50") {
		t.Errorf("stderr %q", r.stderr)
	}
	if got := strings.Join(journalKinds(readJournal(t, state)), ","); got != "set-limits ok,suspend-processes ok,put-policy failed" {
		t.Errorf("journal after the failure: %s", got)
	}
	fail.Store(false)
	r = runBinary(t, env, "", "apply", "-f", file, "--yes", "--endpoint-url", endpoint)
	mustSucceed(t, r, "the second apply")
	if strings.Contains(r.stdout, "~ group") || !strings.Contains(r.stdout, "done:   ~ policy "+web+"/"+web+"-cpu50") {
		t.Errorf("the second apply did not make just the rest:\n%s", r.stdout)
	}
	if g := readGroup(t, web); g.Max != 10 || strings.Join(g.Suspended, ",") != "AZRebalance" {
		t.Errorf("%s is %+v", web, g)
	}
}

// TestCLIPlanMadeElsewhere: a plan saved on moto (an AWS account) is
// refused by the simulator before anything is read or sent, and one the
// files no longer make is refused too.
func TestCLIPlanMadeElsewhere(t *testing.T) {
	t.Parallel()
	_, env := isolatedEnv(t)
	_, names := seedGroups(t, groupSeed{"web", 1, 2, 6})
	file := filepath.Join(t.TempDir(), "max.yml")
	if err := os.WriteFile(file, []byte("groups:\n  - select: {name: "+names[0]+"}\n    max: 9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	saved := filepath.Join(t.TempDir(), "plan.json")
	r := onMoto(t, env, "plan", "-f", file, "--out", saved)
	mustSucceed(t, r, "plan --out")
	s, simURL := newSim(t, sim.Options{Seed: 1})
	r = runBinary(t, env, "", "apply", saved, "--yes", "--endpoint-url", simURL)
	if r.code != exitInvalid || !strings.Contains(r.stderr, "this plan was made against account 123456789012 in us-east-1, not the simulator's account") {
		t.Errorf("a moto plan on the simulator: exit %d\n%s", r.code, r.stderr)
	}
	if n := len(s.Stats().Mutations); n != 0 {
		t.Errorf("the simulator applied %d changes", n)
	}

	autoscaling.NewFromConfig(motoConfig(t)).UpdateAutoScalingGroup(context.Background(), &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: sdk.String(names[0]), MaxSize: sdk.Int32(7)})
	r = onMoto(t, env, "apply", saved, "--yes")
	if r.code != exitConflict || !strings.Contains(r.stderr, "changed since the plan was made") {
		t.Errorf("a stale plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if g := readGroup(t, names[0]); g.Max != 7 {
		t.Errorf("a stale plan was applied: %+v", g)
	}
}

// TestCLIPlanRefusals: bad files, flags and arguments are one sentence
// and exit 1 (plan, as Terraform's) or 2 (apply: refused before sending),
// read before anything is asked of AWS.
func TestCLIPlanRefusals(t *testing.T) {
	t.Parallel()
	_, env := isolatedEnv(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yml")
	if err := os.WriteFile(bad, []byte("groups:\n  - select: {name: web}\n    maxx: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"plan", "-f", bad}, exitFailure, bad + `:3: unknown field "maxx" in an entry of groups: the fields are select, min,`},
		{[]string{"plan", "-f", bad, "--detailed-exitcode"}, exitFailure, "unknown field"},
		{[]string{"plan", "--detailed-exitcode", "--nope"}, exitFailure, "unknown flag: --nope"},
		{[]string{"plan"}, exitFailure, "name the configuration with -f FILE or -f DIR"},
		{[]string{"plan", "-f", empty}, exitFailure, "has no .yml or .yaml files"},
		{[]string{"plan", "-f", filepath.Join(dir, "missing.yml")}, exitFailure, "cannot read"},
		{[]string{"apply", "-f", bad, "--yes"}, exitInvalid, `unknown field "maxx"`},
		{[]string{"apply", bad}, exitInvalid, "is not a plan written by hoist plan --out"},
		{[]string{"export", "--group", "a", "--tier", "b"}, exitInvalid, "choose one"},
		{[]string{"apply", "--revert", "x", "-f", bad}, exitInvalid, "--revert puts back an earlier apply: give no files"},
		{[]string{"revert"}, exitInvalid, "name what to revert: hoist revert ID"},
	} {
		r := runBinary(t, env, "", append(c.args, "--endpoint-url", "http://127.0.0.1:1")...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("hoist %v: exit %d, stderr %q; want exit %d and %q in one line", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
}

// TestCLIPresetOnSimulator: the incident preset applies to the
// simulator's web tier through the console's actions, a second apply
// changes nothing, and the team's usual files plan it back; the export of
// the simulator plans nothing.
func TestCLIPresetOnSimulator(t *testing.T) {
	t.Parallel()
	s, url := newSim(t, sim.Options{Seed: 1})
	state, env := isolatedEnv(t)
	preset := filepath.Join("..", "..", "docs", "examples", "presets")
	r := runBinary(t, env, "", "apply", "-f", preset, "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "apply the preset")
	for _, want := range []string{"max  40 → 60", "target_tracking.disable_scale_in  false → true",
		"done:   ~ group solemate-web-prod", "done:   ~ policy solemate-web-prod/solemate-web-cpu50-target-tracking", "Applied 2 changes (journal: apply "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("apply lacks %q:\n%s", want, r.stdout)
		}
	}
	if n, m := len(mutations(s.Stats(), "UpdateAutoScalingGroup")), len(mutations(s.Stats(), "PutScalingPolicy")); n != 1 || m != 1 {
		t.Errorf("sent %d UpdateAutoScalingGroup and %d PutScalingPolicy, want one each", n, m)
	}
	r = runBinary(t, env, "", "apply", "-f", preset, "--yes", "--endpoint-url", url)
	mustSucceed(t, r, "apply the preset again")
	if !strings.HasPrefix(r.stdout, "No changes:") || len(readJournal(t, state)) != 4 {
		t.Errorf("the second apply:\n%s", r.stdout)
	}
	r = runBinary(t, env, "", "plan", "-f", filepath.Join("..", "..", "docs", "examples", "scaling"), "--detailed-exitcode", "--endpoint-url", url)
	if r.code != exitChanges || !strings.Contains(r.stdout, "max  60 → 40") || !strings.Contains(r.stdout, "target_tracking.disable_scale_in  true → false") {
		t.Errorf("the usual files after the preset: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = runBinary(t, env, "", "export", "--endpoint-url", url)
	mustSucceed(t, r, "export")
	file := filepath.Join(t.TempDir(), "all.yml")
	if err := os.WriteFile(file, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runBinary(t, env, "", "plan", "-f", file, "--detailed-exitcode", "--endpoint-url", url)
	mustSucceed(t, r, "plan of the export")
}
