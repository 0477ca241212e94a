package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/sim"
)

// The binary starts, talks to the simulator through --endpoint-url and
// says it is the simulator, although nothing but the endpoint told it.
func TestStatusOnSimulatorEndpoint(t *testing.T) {
	_, env := testDirs(t)
	_, url := newSim(t, sim.Options{Seed: 1})
	r := runBinary(t, env, "", "status", "--endpoint-url", url)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "SIMULATOR") || !strings.Contains(r.stdout, "solemate-web-prod") {
		t.Fatalf("status output:\n%s", r.stdout)
	}
}

func TestVersion(t *testing.T) {
	r := runInProcess(t, "", "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "hoist ") {
		t.Fatalf("%+v", r)
	}
}

func TestSimServeRefusesRemote(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:4566", "10.1.2.3:4566", ":4566"} {
		r := runInProcess(t, "", "sim", "serve", "--listen", addr)
		if r.code != exitInvalid || !strings.Contains(r.stderr, "--allow-remote") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stderr %q", addr, r.code, r.stderr)
		}
	}
}

// status --group answers "what is unhealthy and why" from the command line:
// each target with its state and AWS's reason, the unhealthy first, and
// only that group's alarms.
func TestStatusGroupTargetHealth(t *testing.T) {
	_, env := testDirs(t)
	s, url := newSim(t, sim.Options{Seed: 1, Scenario: "az-outage"})
	const g = "solemate-web-prod"
	// Step the clock until us-east-1b's targets fail their health checks
	// and before Auto Scaling replaces them.
	var r result
	for i := 0; ; i++ {
		if i == 60 {
			t.Fatalf("no unhealthy target within 10 simulated minutes:\n%s", r.stdout)
		}
		s.Advance(10 * time.Second)
		r = runBinary(t, env, "", "status", "--group", g, "--endpoint-url", url)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if strings.Contains(r.stdout, "Target.Timeout") {
			break
		}
	}
	_, detail, ok := strings.Cut(r.stdout, "Target health of "+g+":\n")
	if !ok {
		t.Fatalf("no target health section:\n%s", r.stdout)
	}
	first := strings.SplitN(detail, "\n", 3)[1] // after the target group's line
	if !regexp.MustCompile(`^    i-[0-9a-f]{17}\s+us-east-1b\s+unhealthy\s+Target\.Timeout`).MatchString(first) {
		t.Errorf("first target %q: want an unhealthy one in us-east-1b with its reason\n%s", first, r.stdout)
	}
	if _, alarms, ok := strings.Cut(r.stdout, "in ALARM:\n"); ok {
		for _, l := range strings.Split(strings.TrimSpace(alarms), "\n") {
			if !strings.Contains(l, "("+g+")") {
				t.Errorf("status --group %s lists another group's alarm: %q", g, l)
			}
		}
	}

	r = runBinary(t, env, "", "status", "--json", "--group", g, "--endpoint-url", url)
	var doc statusDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Groups) != 1 {
		t.Fatalf("status --json --group: %v\n%s", err, r.stdout)
	}
	th := doc.Groups[0].TargetHealth
	if len(th) == 0 || th[0].State != "unhealthy" || th[0].Reason != "Target.Timeout" || th[0].TargetGroup == "" {
		t.Errorf("target_health %+v: want the unhealthy target first with its reason", th)
	}
	r = runBinary(t, env, "", "status", "--json", "--endpoint-url", url)
	if strings.Contains(r.stdout, "target_health") {
		t.Error("target_health is for --group only")
	}
}
