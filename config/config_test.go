package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// fakeKeys stands in for ui.ValidateKeys: it knows one action.
func fakeKeys(o map[string][]string) error {
	for name := range o {
		if name != "scale-out" {
			return errors.New("keys: no action " + name)
		}
	}
	return nil
}

func TestParse(t *testing.T) {
	c, err := Parse([]byte(`
profile: prod
region: eu-west-1
refresh: 20s
theme: light
keys:
  scale-out: ["u"]
alerts:
  at_max: 10m
  cpu_percent: 90
profiles:
  prod: {read_only: true}
`), fakeKeys)
	if err != nil {
		t.Fatal(err)
	}
	if c.Region != "eu-west-1" || c.Refresh != 20*time.Second || c.Alerts.AtMax != 10*time.Minute ||
		c.Alerts.CPUPercent != 90 || c.Alerts.Unhealthy != 2*time.Minute || !c.ReadOnlyFor("prod") || c.Keys["scale-out"][0] != "u" {
		t.Fatalf("%+v", c)
	}
	if c.ConfirmGuard != model.DefaultConfirmGuard {
		t.Fatalf("confirm_guard defaults to %s, want %s", c.ConfirmGuard, model.DefaultConfirmGuard)
	}
	if g, err := Parse([]byte("confirm_guard: 750ms"), fakeKeys); err != nil || g.ConfirmGuard != 750*time.Millisecond {
		t.Fatalf("confirm_guard: 750ms: %v %v", g.ConfirmGuard, err)
	}
	for _, empty := range []string{"", "  \n", "# only a comment\n"} {
		if c, err := Parse([]byte(empty), fakeKeys); err != nil || c.Refresh != model.DefaultConfig().Refresh {
			t.Errorf("%q: %+v, %v", empty, c, err)
		}
	}
}

// TestParseErrors: every refusal names the line and the key, and none
// names a Go type.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"profile: prod\nrefrsh: 10s\n", []string{`line 2: unknown key "refrsh" (did you mean "refresh"?)`,
			"the keys are profile, region, refresh, read_only, profiles, theme, ascii, bell, keys, alerts"}},
		{"regoin: x", []string{`line 1: unknown key "regoin" (did you mean "region"?)`}},
		{"colour: red", []string{`line 1: unknown key "colour";`, "the keys are profile,"}},
		{"profiles:\n  prod:\n    read_onyl: true\n", []string{`line 3: unknown key "read_onyl" in profiles.prod (did you mean "read_only"?)`,
			"the keys in profiles.prod are read_only, region"}},
		{"alerts:\n  at_max: 5m\n  cpu: 90\n", []string{`line 3: unknown key "cpu" in alerts`, "cpu_percent, cpu_for"}},
		{"refresh: banana", []string{`line 1: refresh must be a duration like 10s, 5m or 1h, not "banana"`}},
		{"refresh: [1, 2]", []string{"line 1: refresh must be a duration", "not a list"}},
		{"read_only: perhaps", []string{`line 1: read_only must be true or false, not "perhaps"`}},
		{"alerts: {cpu_percent: lots}", []string{`line 1: alerts.cpu_percent must be a number, not "lots"`}},
		{"alerts: 5", []string{"line 1: alerts must be a mapping (keys: at_max, unhealthy"}},
		{"keys: {scale-out: u}", []string{`line 1: keys.scale-out must be a list like [a, b], not "u"`}},
		{"profiles: [prod]", []string{"line 1: profiles must be a mapping, not a list"}},
		{"- a\n- b\n", []string{"line 1: the file must be a mapping (keys: profile, region"}},
		{"region: mars", []string{"region"}},
		{"keys: {nope: [x]}", []string{"no action"}},
		{"alerts: {cpu_percent: 400}", []string{"cpu_percent"}},
		{"alerts: {disabled: [nothing]}", []string{"no rule"}},
		{"confirm_guard: 50ms", []string{"confirm_guard"}},
		{"confirm_guard: 0s", []string{"confirm_guard"}},
		{"confirm_guard: 10s", []string{"confirm_guard"}},
		{"[", []string{"line 1: not valid YAML: did not find expected node content"}},
		{"a: b: c", []string{"not valid YAML: mapping values are not allowed in this context"}},
		{"\tregion: x", []string{"not valid YAML"}},
	} {
		_, err := Parse([]byte(c.in), fakeKeys)
		if err == nil {
			t.Errorf("%q accepted", c.in)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: %v\n  want it to say %q", c.in, err, w)
			}
		}
		if strings.Contains(err.Error(), "model.") || strings.Contains(err.Error(), "time.Duration") || strings.Contains(err.Error(), "!!") {
			t.Errorf("%q: %v names a Go or YAML type", c.in, err)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no-such.yaml")
	if c, err := Load(missing, false, nil); err != nil || c.Refresh != model.DefaultConfig().Refresh {
		t.Errorf("the default path, absent: %+v %v", c, err)
	}
	_, err := Load(missing, true, nil)
	if err == nil || err.Error() != "config file "+missing+" does not exist" {
		t.Errorf("a named file, absent: %v", err)
	}
	if _, err := Load(dir, true, nil); err == nil || !strings.Contains(err.Error(), "cannot be read: is a directory") ||
		strings.Count(err.Error(), dir) != 1 {
		t.Errorf("a directory: %v", err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("refrsh: 5s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad, true, nil); err == nil || !strings.HasPrefix(err.Error(), "config "+bad+": line 1: unknown key") {
		t.Errorf("a bad file: %v", err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", maxSize)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(big, true, nil); err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Errorf("a huge file: %v", err)
	}
}

func TestNearest(t *testing.T) {
	keys := []string{"profile", "region", "refresh", "read_only", "theme", "bell", "keys"}
	for typo, want := range map[string]string{
		"refrsh": "refresh", "regoin": "region", "REGION": "region", "readonly": "read_only",
		"them": "theme", "bel": "bell", "key": "keys", "colour": "", "x": "", "": "",
	} {
		if got := nearest(typo, keys); got != want {
			t.Errorf("nearest(%q) = %q, want %q", typo, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("profile: prod\nkeys: {scale-out: [u]}\nalerts: {at_max: 5m}\n"))
	f.Add([]byte("profiles: {a: {read_only: true, region: us-east-1}}"))
	f.Add([]byte("&a [*a]"))
	f.Add([]byte("base: &b {read_only: true}\nprofiles: {p: *b}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, fakeKeys)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("accepted an invalid config: %v", err)
		}
	})
}
