package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/awstest"
	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
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
	// A moto of our own, even when CI exports one: `go test ./...` runs
	// the aws package's tests at the same time, and they reset moto
	// between tests, which would wipe the groups these tests seeded.
	// Tests here never reset it: each seeds groups under names of its own.
	os.Unsetenv(awstest.EnvMoto)
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

// newSim serves a simulator (every region, as hoist sim serve does) in
// this process on a loopback port.
func newSim(t *testing.T, o sim.Options) (*sim.Cloud, string) {
	t.Helper()
	s, err := sim.NewCloud(o)
	if err != nil {
		t.Fatalf("sim.NewCloud: %v", err)
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

// isolatedEnv is testDirs without t.Setenv, so a test that uses it can run
// in parallel: it returns this process's environment with the state and
// config directories pointed at the test's own, plus extra (KEY=value).
func isolatedEnv(t *testing.T, extra ...string) (state string, env []string) {
	t.Helper()
	d := t.TempDir()
	state = filepath.Join(d, "state")
	return state, withEnv(os.Environ(), append([]string{
		"XDG_STATE_HOME=" + state,
		"XDG_CONFIG_HOME=" + filepath.Join(d, "config"),
	}, extra...)...)
}

// withEnv returns env with each KEY=value of set replacing any KEY there;
// "KEY=" with nothing after it removes KEY.
func withEnv(env []string, set ...string) []string {
	out := make([]string, 0, len(env)+len(set))
	drop := map[string]bool{}
	for _, kv := range set {
		k, _, _ := strings.Cut(kv, "=")
		drop[k] = true
	}
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); !drop[k] {
			out = append(out, kv)
		}
	}
	for _, kv := range set {
		if !strings.HasSuffix(kv, "=") {
			out = append(out, kv)
		}
	}
	return out
}

type syncBuffer = awstest.SyncBuffer

// waitFor polls cond every 50 ms until it holds or d passes; it reports
// whether it held. Tests poll rather than sleep fixed times.
func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// simServe runs `hoist sim serve` (the binary) on a free loopback port with
// extra flags and returns its URL once it answers; Cleanup stops it.
func simServe(t *testing.T, flags ...string) string {
	t.Helper()
	addr, err := awstest.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(hoistBin, append([]string{"sim", "serve", "--listen", addr}, flags...)...)
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting hoist sim serve: %v", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	url := "http://" + addr
	if !waitFor(20*time.Second, func() bool {
		resp, err := http.Get(url + "/_sim/stats")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}) {
		t.Fatalf("hoist sim serve did not answer on %s in 20s:\n%s", url, out.String())
	}
	return url
}

// simStats reads GET /_sim/stats from a simulator served at url.
func simStats(t *testing.T, url string) sim.Stats {
	t.Helper()
	resp, err := http.Get(url + "/_sim/stats")
	if err != nil {
		t.Fatalf("GET /_sim/stats: %v", err)
	}
	defer resp.Body.Close()
	var st sim.Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatalf("decoding /_sim/stats: %v", err)
	}
	return st
}

// simPost posts a JSON body to a simulator control endpoint.
func simPost(t *testing.T, url, path, body string) {
	t.Helper()
	resp, err := http.Post(url+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s %s: %d %s", path, body, resp.StatusCode, b)
	}
}

// mutations are the state changes a simulator applied, by operation.
func mutations(st sim.Stats, op string) []sim.Mutation {
	var out []sim.Mutation
	for _, m := range st.Mutations {
		if m.Operation == op {
			out = append(out, m)
		}
	}
	return out
}

// readJournal reads the journal under a test's state directory: nil when
// none was written.
func readJournal(t *testing.T, state string) []model.JournalEntry {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(state, "hoist", "journal.jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []model.JournalEntry
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if line == "" {
			continue
		}
		var e model.JournalEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("journal line %q: %v", line, err)
		}
		out = append(out, e)
	}
	return out
}
