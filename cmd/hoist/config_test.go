package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigRefused: a config file named with --config that does not
// exist, or whose keys are wrong, is refused with one sentence and exit 2
// by every command, before anything is sent; the default path may be
// absent.
func TestConfigRefused(t *testing.T) {
	testDirs(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	typo := write("typo.yaml", "profile: prod\nrefrsh: 10s\n")
	badKey := write("keys.yaml", "keys:\n  scale-up: [u]\n")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"status", "--config", "/no/such/file.yaml"}, "hoist: config file /no/such/file.yaml does not exist\n"},
		{[]string{"journal", "--config", "/no/such/file.yaml"}, "hoist: config file /no/such/file.yaml does not exist\n"},
		{[]string{"--config", "/no/such/file.yaml", "scale", "web", "--desired", "3"}, "hoist: config file /no/such/file.yaml does not exist\n"},
		{[]string{"status", "--config", typo}, "hoist: config " + typo + `: line 2: unknown key "refrsh" (did you mean "refresh"?); the keys are profile, region, refresh, read_only, profiles, theme, ascii, bell, keys, alerts, confirm_guard` + "\n"},
		{[]string{"status", "--config", badKey}, "hoist: config " + badKey + `: keys: no action "scale-up"`},
	} {
		r := runInProcess(t, "", c.args...)
		if r.code != exitInvalid || !strings.HasPrefix(r.stderr, c.want) || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
			t.Errorf("hoist %s: exit %d, stderr %q, stdout %q\n  want exit 2 and %q", strings.Join(c.args, " "), r.code, r.stderr, r.stdout, c.want)
		}
	}
	// The default path, absent, is the defaults.
	if r := runInProcess(t, "", "journal"); r.code != 0 {
		t.Errorf("hoist journal with no config file: exit %d, %s", r.code, r.stderr)
	}
}
