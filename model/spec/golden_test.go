package spec

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const examplesDir = "../../docs/examples"

// exampleFiles reads every .yml under dir, by path relative to dir.
func exampleFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".yml") {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no .yml files under %s", dir)
	}
	return files
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -run %s -update rewrites it):\n--- got\n%s\n--- want\n%s", path, t.Name(), got, want)
	}
}

// TestPlanGolden renders the plans of the example files against the
// fixture: the team's usual files (every kind of resource) and the
// incident preset.
func TestPlanGolden(t *testing.T) {
	live := fixtureLive()
	base := planFiles(t, live, exampleFiles(t, filepath.Join(examplesDir, "scaling")), PlanOptions{})
	golden(t, "plan-scaling.golden", planText(base)+"\n")
	preset := planFiles(t, live, exampleFiles(t, filepath.Join(examplesDir, "presets")), PlanOptions{})
	golden(t, "plan-incident-web.golden", planText(preset)+"\n")
	pruned := planFiles(t, live, map[string]string{"empty.yml": ""}, PlanOptions{Prune: true})
	golden(t, "plan-prune.golden", planText(pruned)+"\n")
}
