package chart

import (
	"go/build"
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestForecastReadsWithoutColour: with plain inks (NO_COLOR) a forecast
// reads apart from an actual line. In braille the forecast is a dotted
// line (one dot per cell, left column) and the actual line solid (both
// columns, bar the odd cell where it steps to the next row); in the
// other modes their glyphs do not overlap at all.
func TestForecastReadsWithoutColour(t *testing.T) {
	from, to := now.Add(-2*time.Hour), now.Add(6*time.Hour)
	cells := func(forecast, ascii bool, h int) []rune {
		s := Spec{From: from, To: to, ASCII: ascii, Series: []Series{{Points: cpuForecast(), Forecast: forecast}}}
		lines := Render(s, 60, h)
		if h > 1 {
			lines = lines[:len(lines)-1] // the time axis
		}
		var out []rune
		for _, l := range lines {
			rs := []rune(l)
			for _, r := range rs[len(rs)-54:] { // the plot, right of the y-axis
				if r != ' ' {
					out = append(out, r)
				}
			}
		}
		return out
	}
	t.Run("braille", func(t *testing.T) {
		for _, r := range cells(true, false, 8) {
			if !strings.ContainsRune("⠁⠂⠄⡀", r) {
				t.Fatalf("forecast cell %q is not one left dot", r)
			}
		}
		both := 0
		actual := cells(false, false, 8)
		for _, r := range actual {
			if bits := r - 0x2800; bits&0x47 != 0 && bits&0xb8 != 0 {
				both++
			}
		}
		if both*10 < len(actual)*8 {
			t.Errorf("only %d of %d cells of the actual line are solid: %q", both, len(actual), string(actual))
		}
	})
	for _, c := range []struct {
		name  string
		ascii bool
		h     int
	}{{"sparkline", false, 1}, {"ascii", true, 8}, {"ascii sparkline", true, 1}} {
		t.Run(c.name, func(t *testing.T) {
			fc := map[rune]bool{}
			for _, r := range cells(true, c.ascii, c.h) {
				fc[r] = true
			}
			if len(fc) == 0 {
				t.Fatal("the forecast drew nothing")
			}
			for _, r := range cells(false, c.ascii, c.h) {
				if fc[r] {
					t.Errorf("%q is drawn by both the actual line and the forecast", r)
				}
			}
		})
	}
}

// TestNumbersAreNeverCut: a chart too narrow for its y-axis labels has
// none, rather than "10" for "100%".
func TestNumbersAreNeverCut(t *testing.T) {
	s := cpuSpec(now.Add(-time.Hour), now)
	for w := 1; w <= 40; w++ {
		lines := Render(s, w, 6)
		checkSize(t, lines, w, 6)
		for _, l := range lines[:5] {
			if strings.Contains(l, "%") && !strings.Contains(l, "100%") && !strings.Contains(l, "60%") && !strings.Contains(l, "0%") {
				t.Fatalf("width %d: a cut label in %q", w, l)
			}
			if strings.Contains(l, "10") && !strings.Contains(l, "100%") {
				t.Fatalf("width %d: 100%% cut to 10 in %q", w, l)
			}
		}
	}
}

// TestInksThatAddWidthAreIgnored: a style with padding or a border would
// break the chart's width; its colour is dropped, the width kept.
func TestInksThatAddWidthAreIgnored(t *testing.T) {
	s := cpuSpec(now.Add(-3*time.Hour), now.Add(time.Hour))
	s.Inks = colourInks()
	s.Inks.Line = lipgloss.NewStyle().Padding(0, 1).Foreground(lipgloss.Color("#ff0000"))
	s.Inks.Axis = lipgloss.NewStyle().Border(lipgloss.NormalBorder())
	s.Inks.Muted = lipgloss.NewStyle().Width(9)
	for _, h := range []int{1, 4, 12} {
		checkSize(t, Render(s, 50, h), 50, h)
	}
}

// TestAnnotationRow: the newest annotation is placed first; one near the
// right edge puts its label on the left of its marker; a label with no
// room is cut with an ellipsis, or left out.
func TestAnnotationRow(t *testing.T) {
	from, to := now.Add(-time.Hour), now
	s := Spec{From: from, To: to, Series: []Series{{Points: minutes(from, 5, span0(60)...)}}}
	row := func(w int, anns ...Annotation) string {
		s.Annotations = anns
		lines := Render(s, w, 6)
		checkSize(t, lines, w, 6)
		return strings.TrimRight(lines[0], " ")
	}
	at := func(m int, label string) Annotation {
		return Annotation{T: from.Add(time.Duration(m) * time.Minute), Label: label}
	}
	for _, c := range []struct {
		name string
		w    int
		anns []Annotation
		want string
	}{
		{"right of its marker", 40, []Annotation{at(10, "scaled")}, "▼ scaled"},
		{"left of its marker at the edge", 40, []Annotation{at(58, "scaled")}, "scaled ▼"},
		{"the newest keeps its place", 40, []Annotation{at(10, "older one"), at(12, "newest")}, "▼ newest"},
		{"cut when there is no room either side", 24, []Annotation{at(30, "a very long annotation label")}, "▼ a very…"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := row(c.w, c.anns...); !strings.Contains(got, c.want) {
				t.Errorf("annotation row %q, want it to hold %q", got, c.want)
			}
		})
	}
	if got := row(40, at(10, "older one"), at(12, "newest")); strings.Contains(got, "older") {
		t.Errorf("an older label overlaps the newest: %q", got)
	}
}

// TestOverTarget: with colour, the part of the line above the target is
// drawn in the over ink and the rest in the line ink.
func TestOverTarget(t *testing.T) {
	s := cpuSpec(now.Add(-3*time.Hour), now)
	s.Series = s.Series[:1]
	s.Inks = colourInks()
	over := seqOf(s.Inks.Over).pre
	line := seqOf(s.Inks.Line).pre
	lines := Render(s, 60, 8)
	top, bottom := strings.Join(lines[1:3], ""), strings.Join(lines[4:6], "")
	if !strings.Contains(top, over) || strings.Contains(top, line) {
		t.Errorf("above the target is not all in the over ink: %q", top)
	}
	if strings.Contains(bottom, over) {
		t.Errorf("below the target is in the over ink: %q", bottom)
	}
	if spark := Render(s, 60, 1)[0]; !strings.Contains(spark, over) || !strings.Contains(spark, line) {
		t.Errorf("the sparkline does not mark cells over the target: %q", ansi.Strip(spark))
	}
}

// TestImports keeps the package pure: model from this project, no AWS SDK
// and no other part of ui (ui imports chart, not the reverse).
func TestImports(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if strings.HasPrefix(imp, "github.com/aws/") ||
			strings.HasPrefix(imp, "github.com/solemate/hoist/") && imp != "github.com/solemate/hoist/model" {
			t.Errorf("ui/chart imports %s", imp)
		}
	}
}
