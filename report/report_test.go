package report

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; run with -update if the change is intended.\ngot:\n%s", name, got)
	}
}

func TestFleetMarkdown(t *testing.T) {
	golden(t, "fleet.md", Fleet(newFixture("web").report(), Options{Width: 48}))
}

func TestIncidentMarkdown(t *testing.T) {
	golden(t, "incident.md", Incident(newFixture("web").incident(), Options{Width: 60}))
}

// The JSON field names are a contract for scripts (docs/report-json.md):
// the golden pins them.
func TestJSONFields(t *testing.T) {
	f := newFixture("web")
	for name, v := range map[string]any{"fleet.json": f.report(), "incident.json": f.incident()} {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		golden(t, name, string(b)+"\n")
	}
}

// A name full of escape sequences, controls and bidi overrides reaches the
// report as text, never as something a terminal would act on.
func TestHostileNamesNeverReachTheTerminal(t *testing.T) {
	evil := "web\x1b]52;c;ZXZpbA==\x07\x1b[2J\u009b31m\u202eprod|`x`"
	f := newFixture(evil)
	out := Fleet(f.report(), Options{}) + Incident(f.incident(), Options{})
	for _, r := range out {
		if r != '\n' && (unicode.IsControl(r) || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069) {
			t.Fatalf("the report carries %U", r)
		}
	}
	if !strings.Contains(out, `prod\|`) {
		t.Fatal("a | in a name must not break the table")
	}
}
