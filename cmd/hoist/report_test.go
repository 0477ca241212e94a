package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model/insight"
)

// hoist report, report incident and recommend against a simulator that
// has run a flash sale: each prints its document and exits 0, and the
// JSON parses into the documented shapes.
func TestCLIReports(t *testing.T) {
	s, url := newSim(t, sim.Options{Seed: 1, Scenario: "flash-sale"})
	s.Advance(90 * time.Minute)
	_, env := isolatedEnv(t)

	r := runBinary(t, env, "", "report", "incident", "--since", "1h", "--endpoint-url", url)
	mustSucceed(t, r, "hoist report incident")
	for _, want := range []string{"# Incident record", "SIMULATOR 000000000000 us-east-1", "## Timeline", "scale-out", "## Outcome unknown"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the incident record has no %q:\n%s", want, r.stdout)
		}
	}
	if err := printableScreen(r.stdout); err != nil {
		t.Errorf("the incident record: %v", err)
	}

	r = runBinary(t, env, "", "report", "--since", "1h", "--format", "json", "--endpoint-url", url)
	mustSucceed(t, r, "hoist report --format json")
	var fleet insight.FleetReport
	if err := json.Unmarshal([]byte(r.stdout), &fleet); err != nil {
		t.Fatalf("report JSON: %v\n%s", err, r.stdout)
	}
	if len(fleet.Groups) != 9 || fleet.Total.Cost <= 0 || fleet.Total.ScaleOuts == 0 || !fleet.Source.Simulator {
		t.Errorf("report: %d groups, cost %v, %d scale-outs", len(fleet.Groups), fleet.Total.Cost, fleet.Total.ScaleOuts)
	}

	r = runBinary(t, env, "", "recommend", "--since", "1h", "--json", "--endpoint-url", url)
	mustSucceed(t, r, "hoist recommend --json")
	var recs struct {
		Recommendations []insight.Recommendation `json:"recommendations"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &recs); err != nil || recs.Recommendations == nil {
		t.Fatalf("recommend JSON: %v\n%s", err, r.stdout)
	}

	dir := t.TempDir() + "/recommended"
	r = runBinary(t, env, "", "recommend", "--since", "1h", "--plan", dir, "--endpoint-url", url)
	if r.code != 0 || !strings.Contains(r.stderr, "files to "+dir) {
		t.Fatalf("recommend --plan: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "# Recommendations from ") {
		t.Errorf("recommend:\n%s", r.stdout)
	}
}

func TestCLIReportRefusesBadInput(t *testing.T) {
	_, env := isolatedEnv(t)
	for _, args := range [][]string{
		{"report", "--since", "0d"},
		{"report", "--since", "soon"},
		{"report", "--format", "yaml"},
		{"report", "incident", "--format", "pdf"},
		{"recommend", "--since", "500d"},
	} {
		r := runBinary(t, env, "", args...)
		if r.code != exitInvalid || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || r.stdout != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q", args, r.code, r.stderr, r.stdout)
		}
	}
}
