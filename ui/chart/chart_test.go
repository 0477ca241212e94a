package chart

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// checkSize fails unless lines are exactly h lines of exactly w cells.
func checkSize(t testing.TB, lines []string, w, h int) {
	t.Helper()
	if len(lines) != h {
		t.Fatalf("got %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n != w {
			t.Fatalf("line %d is %d cells, want %d: %q", i, n, w, l)
		}
	}
}

func TestGolden(t *testing.T) {
	ist := time.FixedZone("IST", 5*3600+1800)
	h24 := cpuSpec(now.Add(-24*time.Hour), now.Add(6*time.Hour))
	h3 := cpuSpec(now.Add(-3*time.Hour), now.Add(time.Hour))
	ascii := h24
	ascii.ASCII = true
	local := h3
	local.Location = ist
	colour := h3
	colour.Inks = colourInks()
	empty := Spec{From: now.Add(-time.Hour), To: now, Unit: "ms"}
	var all strings.Builder
	for _, c := range []struct {
		name string
		spec Spec
		w, h int
	}{
		{"spark", h3, 20, 1},
		{"spark ascii", func() Spec { s := h3; s.ASCII = true; return s }(), 20, 1},
		{"cpu 3h", h3, 40, 4},
		{"cpu 24h and forecast", h24, 60, 8},
		{"cpu 3h in IST", local, 60, 8},
		{"cpu 24h and forecast", h24, 100, 12},
		{"capacity with band and forecast", capacitySpec(), 100, 12},
		{"cpu 24h ascii", ascii, 60, 8},
		{"capacity ascii", func() Spec { s := capacitySpec(); s.ASCII = true; return s }(), 100, 12},
		{"cpu 3h in colour", colour, 40, 6},
		{"no data", empty, 30, 4},
	} {
		lines := Render(c.spec, c.w, c.h)
		checkSize(t, lines, c.w, c.h)
		fmt.Fprintf(&all, "== %s, %dx%d\n%s\n", c.name, c.h, c.w, strings.Join(lines, "\n"))
	}
	compareGolden(t, "testdata/charts.golden", all.String())
}

// compareGolden checks got against the file, or with -update rewrites it;
// a difference names its first line.
func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./ui/chart -update writes it)", err)
	}
	g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		if i >= len(g) || i >= len(w) || g[i] != w[i] {
			t.Fatalf("%s differs from line %d (go test ./ui/chart -update rewrites it)\n--- got\n%s\n--- want\n%s",
				path, i+1, ansi.Strip(strings.Join(g[max(0, i-8):min(len(g), i+8)], "\n")),
				ansi.Strip(strings.Join(w[max(0, i-8):min(len(w), i+8)], "\n")))
		}
	}
}
