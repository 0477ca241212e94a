package aws

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

func TestJournalFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "hoist")
	path := filepath.Join(dir, "journal.jsonl")
	j, err := OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for i, phase := range []string{model.PhaseIntent, model.PhaseOutcome, model.PhaseIntent} {
		e := model.JournalEntry{ID: []string{"a", "a", "b"}[i], Time: now.Add(time.Duration(i) * time.Second), Phase: phase,
			Kind: model.KindSetDesired, Target: "web", Before: "desired 2", After: "desired 3"}
		if phase == model.PhaseOutcome {
			e.Result = model.ResultOK
		}
		if err := j.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()

	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, want 0700", st.Mode().Perm())
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", st.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("not one JSON record per line: %q", l)
		}
	}

	// A crash mid-write leaves a torn last line: it is skipped and counted,
	// and the next record starts on a line of its own.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"id":"c","time":"2026-`)
	f.Close()
	es, skipped, err := ReadJournal(path, time.Time{})
	if err != nil || skipped != 1 || len(es) != 3 {
		t.Fatalf("torn line: %d entries, %d skipped, %v", len(es), skipped, err)
	}
	j, err = OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Append(model.JournalEntry{ID: "d", Time: now.Add(5 * time.Second), Phase: model.PhaseIntent, Kind: model.KindSuspend, Target: "api"}); err != nil {
		t.Fatal(err)
	}
	es, skipped, _ = j.Read(time.Time{})
	if skipped != 1 || len(es) != 4 || es[3].ID != "d" {
		t.Fatalf("after a torn line: %d entries, %d skipped", len(es), skipped)
	}

	// Intents without outcomes read as "outcome unknown".
	acts, _, err := j.Actions(context.Background(), time.Time{})
	if err != nil || len(acts) != 3 {
		t.Fatalf("actions: %d, %v", len(acts), err)
	}
	if acts[0].Status() != model.ResultOK || acts[1].Status() != "outcome unknown" || !acts[1].NeedsVerify() {
		t.Errorf("statuses: %q %q", acts[0].Status(), acts[1].Status())
	}
	// since filters by action time.
	acts, _, _ = j.Actions(context.Background(), now.Add(3*time.Second))
	if len(acts) != 1 || acts[0].Intent.ID != "d" {
		t.Errorf("since: %+v", acts)
	}

	// Malformed lines anywhere are skipped and counted, never fatal.
	es, skipped, err = ParseJournal(strings.NewReader("garbage\n{}\n\n"+lines[0]+"\n[1,2]\n"), time.Time{})
	if err != nil || len(es) != 1 || skipped != 3 {
		t.Errorf("malformed: %d entries, %d skipped, %v", len(es), skipped, err)
	}
}

func TestDefaultJournalPath(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/x/state")
	if p, _ := DefaultJournalPath(); p != "/x/state/hoist/journal.jsonl" {
		t.Errorf("with XDG_STATE_HOME: %s", p)
	}
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", "/home/op")
	if p, _ := DefaultJournalPath(); p != "/home/op/.local/state/hoist/journal.jsonl" {
		t.Errorf("fallback: %s", p)
	}
}

// TestCrashBetweenIntentAndOutcome kills a process with SIGKILL while its
// SetDesiredCapacity hangs at the proxy: the journal keeps the intent,
// which reads as "outcome unknown" on the next start.
func TestCrashBetweenIntentAndOutcome(t *testing.T) {
	if os.Getenv("HOIST_CRASH_CHILD") != "" {
		crashChild(t)
		return
	}
	resetMoto(t)
	seedSmall(t)
	p := newProxy(t)
	p.slow = time.Minute
	p.setFault(func(op string, _ int, _ *http.Request) fault {
		if op == "autoscaling:SetDesiredCapacity" {
			return faultSlow
		}
		return faultNone
	})
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashBetweenIntentAndOutcome$", "-test.count=1")
	cmd.Env = append(os.Environ(), "HOIST_CRASH_CHILD=1", "HOIST_CRASH_ENDPOINT="+p.URL(), "HOIST_CRASH_JOURNAL="+path)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for p.count("autoscaling:SetDesiredCapacity") == 0 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child never sent SetDesiredCapacity:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill() // SIGKILL: no deferred function runs
	cmd.Wait()

	es, skipped, err := ReadJournal(path, time.Time{})
	if err != nil || skipped != 0 {
		t.Fatalf("%v, %d skipped", err, skipped)
	}
	acts := model.PairJournal(es)
	if len(acts) != 1 || acts[0].Outcome != nil || acts[0].Status() != "outcome unknown" || !acts[0].NeedsVerify() {
		t.Fatalf("after SIGKILL: %+v", acts)
	}
	if acts[0].Intent.Target != "web" || acts[0].Intent.After != "desired 3" {
		t.Errorf("intent = %+v", acts[0].Intent)
	}
}

func crashChild(t *testing.T) {
	s, err := Open(context.Background(), Options{
		Endpoint: os.Getenv("HOIST_CRASH_ENDPOINT"), JournalPath: os.Getenv("HOIST_CRASH_JOURNAL"), CallTimeout: time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	gs, err := s.Groups(context.Background(), false, "web")
	if err != nil {
		t.Fatal(err)
	}
	s.Act(context.Background(), model.SetDesired{Group: "web", From: gs[0].Capacity, Desired: 3}, "crash drill", nil)
	t.Fatal("the parent should have killed this process")
}

// TestNoSecretWritten runs actions and a poll with a fake secret key and a
// debug log, then greps the journal and the log for the secret, the
// signature and the Authorization header.
func TestNoSecretWritten(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	s, ctx := env.session, context.Background()
	g := current(t, s, "web")
	if err := s.Act(ctx, model.SetDesired{Group: "web", From: g.Capacity, Desired: 3}, "secret check", nil); err != nil {
		t.Fatal(err)
	}
	g = current(t, s, "web")
	env.proxy.setFault(func(op string, _ int, _ *http.Request) fault {
		switch op {
		case "autoscaling:SetDesiredCapacity":
			return faultDrop
		case "autoscaling:DescribeAutoScalingGroups":
			return faultNone
		}
		return faultThrottle
	})
	s.Act(ctx, model.SetDesired{Group: "web", From: g.Capacity, Desired: 4}, "secret check, failing", nil)
	p := NewPoller(s, PollerOptions{Cadence: cadences(100 * time.Millisecond), MaxBackoff: 100 * time.Millisecond})
	stop := runPoller(t, p)
	time.Sleep(500 * time.Millisecond)
	stop()
	env.proxy.setFault(nil)

	journal, _ := os.ReadFile(env.journal)
	logs := env.logBuf.String()
	if !strings.Contains(logs, "fetch failed") || !strings.Contains(string(journal), "secret check") {
		t.Fatalf("nothing was logged or journaled to check:\n%s", logs)
	}
	for name, text := range map[string]string{"journal": string(journal), "log": logs} {
		for _, secret := range []string{fakeSecret, "Signature=", "Authorization", "X-Amz-Security-Token", "aws4_request"} {
			if strings.Contains(text, secret) {
				t.Errorf("%s contains %q", name, secret)
			}
		}
	}
}
