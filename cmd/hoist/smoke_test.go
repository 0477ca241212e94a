package main

import (
	"strings"
	"testing"

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
