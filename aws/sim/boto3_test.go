package sim

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestBoto3Probe runs scripts/sim_lb_probe.py, the load balancer and
// certificate calls as boto3 makes them, refusals included, against a
// fresh simulator. It needs python3 with boto3 (the CI machine has both).
func TestBoto3Probe(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil || exec.Command(py, "-c", "import boto3").Run() != nil {
		t.Skip("python3 with boto3 not installed")
	}
	s, srv := served(t, Options{Seed: 1})
	s.Advance(10 * time.Minute) // metrics for the probe to read
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "../../scripts/sim_lb_probe.py", "--endpoint", srv.URL)
	cmd.Env = []string{"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") { // no profile or region of the machine's
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the probe failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
