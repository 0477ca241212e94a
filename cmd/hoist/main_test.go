package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/awstest"
	"github.com/solemate/hoist/aws/sim"
)

// The command's tests run the real binary (built once here) and call run()
// in-process, against moto_server and against the simulator. Every test
// gets a private HOME, state and config directory, and fake credentials.

var (
	hoistBin string        // the binary under test
	moto     *awstest.Moto // moto_server for the CLI's end-to-end tests
)

// Fake credentials: no log line, journal record or screen may contain the secret.
const (
	testKeyID  = "AKIAHOISTCMDTEST0001"
	testSecret = "hoistCmdFakeSecret/never+written+anywhere"
)

func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "hoist-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	hoistBin = filepath.Join(dir, "hoist")
	if out, err := exec.Command("go", "build", "-o", hoistBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building hoist: %v\n%s", err, out)
		return 1
	}
	moto, err = awstest.StartMoto(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cmd tests:", err)
		return 1
	}
	defer moto.Stop()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID":           testKeyID,
		"AWS_SECRET_ACCESS_KEY":       testSecret,
		"AWS_REGION":                  "us-east-1",
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "aws-credentials"),
		"HOME":                        dir,
		"XDG_STATE_HOME":              filepath.Join(dir, "state"),
		"XDG_CONFIG_HOME":             filepath.Join(dir, "config"),
		"NO_COLOR":                    "",
	} {
		os.Setenv(k, v)
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION"} {
		os.Unsetenv(k)
	}
	return m.Run()
}

// testDirs gives a test its own state and config directories (journal,
// log, config) and returns the environment that points at them.
func testDirs(t *testing.T) (state string, env []string) {
	t.Helper()
	d := t.TempDir()
	state = filepath.Join(d, "state")
	t.Setenv("XDG_STATE_HOME", state)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(d, "config"))
	return state, os.Environ()
}

// newSim serves a simulator in this process on a loopback port.
func newSim(t *testing.T, o sim.Options) (*sim.Simulator, string) {
	t.Helper()
	s, err := sim.New(o)
	if err != nil {
		t.Fatalf("sim.New: %v", err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return s, srv.URL
}

// result is what a run of hoist printed and how it exited.
type result struct {
	stdout, stderr string
	code           int
}

// runBinary runs the built hoist with args; env nil is this process's.
func runBinary(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, hoistBin, args...)
	cmd.Env = env
	cmd.Stdin = bytes.NewBufferString(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running hoist %v: %v", args, err)
	}
	return r
}

// runInProcess calls run() as main would, for tests that need no process.
func runInProcess(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	code := run(ctx, args, bytes.NewBufferString(stdin), &out, &errb)
	return result{stdout: out.String(), stderr: errb.String(), code: code}
}
