package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui"
)

// TestRoleNamedSimulatorIsProduction (issue 15): on an account that is not
// the simulator, a role named hoist-simulator, assumed through a profile
// (role_arn + source_profile) with the exact session name the simulator
// answers, is production. Neither `hoist status`, nor the console's
// header, snapshot or confirm dialog says SIMULATOR; a scale sent from the
// console is journaled as production, and a console opened afterwards
// shows it in its timeline from Backend.Journal.
func TestRoleNamedSimulatorIsProduction(t *testing.T) {
	_, names := seedGroups(t, groupSeed{"api", 1, 2, 6})
	group := names[0]
	state, _ := testDirs(t)
	dir := t.TempDir()
	cfgFile, credFile := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	writeFile(t, cfgFile, "[profile prod]\nrole_arn = arn:aws:iam::123456789012:role/hoist-simulator\n"+
		"role_session_name = oncall\nsource_profile = base\nregion = us-east-1\n")
	writeFile(t, credFile, "[base]\naws_access_key_id = "+testKeyID+"\naws_secret_access_key = "+testSecret+"\n")
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", credFile)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	env := os.Environ()

	// The CLI, through the same profile.
	r := runBinary(t, env, "", "status", "--profile", "prod", "--endpoint-url", moto.URL, "--group", group)
	mustSucceed(t, r, "hoist status as the role")
	if strings.Contains(r.stdout, "SIMULATOR") || !strings.Contains(r.stdout, "account 123456789012") {
		t.Errorf("hoist status as a role named hoist-simulator:\n%s", r.stdout)
	}
	r = runBinary(t, env, "", "status", "--json", "--profile", "prod", "--endpoint-url", moto.URL, "--group", group)
	mustSucceed(t, r, "hoist status --json as the role")
	var doc statusDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Simulator {
		t.Errorf("status --json: simulator %v (%v)", doc.Simulator, err)
	}

	// The console.
	journal := filepath.Join(state, "hoist", "journal.jsonl")
	open := func() (*aws.Regions, *drillConsole) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		s, err := aws.Open(ctx, aws.Options{Profile: "prod", Endpoint: moto.URL, JournalPath: journal,
			Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatalf("aws.Open as the role: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		if id := s.Identity(); !strings.Contains(id.ARN, "/hoist-simulator/oncall") || id.Account != "123456789012" {
			t.Fatalf("moto did not answer the assumed role: %+v", id) // the test would prove nothing
		}
		if s.Simulator() {
			t.Errorf("a role named hoist-simulator at moto made the session a simulator: %+v", s.Identity())
		}
		b := aws.NewRegions([]*aws.Session{s}, aws.PollerOptions{})
		runCtx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); _ = b.Run(runCtx) }()
		c := newDrillConsole(ui.New(b, ui.Options{NoColor: true, Location: time.UTC}), b)
		t.Cleanup(func() { c.close(); stop(); <-done })
		c.waitFor(t, 30*time.Second, group+" in a snapshot", func() bool { _, ok := c.last.Group(group); return ok })
		c.press("/", group, "enter")
		c.waitFor(t, 10*time.Second, group+" selected", func() bool { return !strings.Contains(c.screen(), "no group selected") })
		return b, c
	}
	_, c := open()
	if c.last.Simulator || c.last.Identity.IsSimulator() {
		t.Errorf("snapshot says simulator: %+v", c.last.Identity)
	}
	if h := c.header(); strings.Contains(h, "SIMULATOR") || !strings.Contains(h, "endpoint "+moto.URL) {
		t.Errorf("header %q: want the endpoint named and no SIMULATOR", h)
	}
	c.press("+")
	if sc := c.screen(); !strings.Contains(sc, "desired 2 → 3") || strings.Contains(sc, "SIMULATOR") {
		t.Fatalf("the confirm dialog:\n%s", sc)
	}
	c.confirm(t)
	var sent []model.JournalEntry
	c.waitFor(t, 30*time.Second, "the outcome in the journal", func() bool {
		sent = nil
		for _, e := range journalRecords(t, state) {
			if e.Target == group {
				sent = append(sent, e)
			}
		}
		return len(sent) == 2
	})
	for _, e := range sent {
		if e.Simulator || e.OnSimulator() || e.Account != "123456789012" || !strings.Contains(e.Caller, "/hoist-simulator/") {
			t.Errorf("journaled as %q by %s, simulator %v: want production's", e.Where(), e.Caller, e.Simulator)
		}
	}
	if sent[1].Result != model.ResultOK {
		t.Fatalf("the scale failed: %+v", sent[1])
	}

	// A console opened afterwards reads it back as production's.
	b2, c2 := open()
	c2.update(tea.WindowSizeMsg{Width: 240, Height: 45}) // the timeline column wide enough for the whole line
	acts, err := b2.Journal(context.Background(), time.Time{})
	if err != nil || len(acts) != 1 || acts[0].Intent.Target != group || acts[0].Status() != model.ResultOK {
		t.Fatalf("Backend.Journal: %v %+v", err, acts)
	}
	c2.waitFor(t, 10*time.Second, "the scale in the timeline", func() bool {
		return strings.Contains(c2.screen(), "set-desired "+group+": desired 2 →")
	})
	if strings.Contains(c2.screen(), "SIMULATOR") {
		t.Errorf("the second console says SIMULATOR:\n%s", c2.screen())
	}
}

// press types keys into the console as a terminal would: a word is typed
// letter by letter, a named key ("enter", "esc") is one press.
func (c *drillConsole) press(keys ...string) {
	for _, k := range keys {
		if len([]rune(k)) > 1 && k != "enter" && k != "esc" && k != "ctrl+u" && k != "backspace" && k != "tab" {
			for _, ch := range k {
				c.update(drillKey(string(ch)))
			}
			continue
		}
		c.update(drillKey(k))
	}
	c.pump()
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
