package ui

import (
	"fmt"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen/overview"
	"image/color"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/ui/internal/fixture"
)

var sizes = []struct{ w, h int }{{80, 24}, {120, 40}, {200, 60}}

func withTheme(m *Model, light bool) {
	if light {
		m.Update(tea.BackgroundColorMsg{Color: color.White})
	} else {
		m.Update(tea.BackgroundColorMsg{Color: color.Black})
	}
}

func TestGoldenScreens(t *testing.T) {
	for _, sz := range sizes {
		for _, light := range []bool{false, true} {
			name := fmt.Sprintf("screen_%dx%d_%s", sz.w, sz.h, map[bool]string{false: "dark", true: "light"}[light])
			t.Run(name, func(t *testing.T) {
				m, _ := newTest(t, sz.w, sz.h, Options{})
				withTheme(m, light)
				selectGroup(t, m, "web-prod")
				out := view(m)
				checkFrame(t, out, sz.w, sz.h)
				golden(t, name, out)
			})
		}
	}
}

func TestGoldenPanes(t *testing.T) {
	for _, sz := range sizes {
		for _, light := range []bool{false, true} {
			for p := overview.PaneGroups; p <= overview.PaneCost; p++ {
				theme := map[bool]string{false: "dark", true: "light"}[light]
				name := fmt.Sprintf("pane_%s_%dx%d_%s", strings.ToLower(p.String()), sz.w, sz.h, theme)
				t.Run(name, func(t *testing.T) {
					m, _ := newTest(t, sz.w, sz.h, Options{})
					withTheme(m, light)
					selectGroup(t, m, "web-prod")
					// the pane as the layout at this size draws it
					w, h := paneSize(m, p)
					out := strings.Join(m.overview.PaneBox(m.env(), p, w, h), "\n")
					checkFrame(t, out, w, h)
					golden(t, name, out)
				})
			}
		}
	}
}

// paneSize is the size the layout gives pane p: the layout's own function.
func paneSize(m *Model, p overview.Pane) (int, int) {
	r := overview.Layout(m.width, m.height-2)[p]
	return r.W, r.H
}

func TestGoldenOther(t *testing.T) {
	cases := []struct {
		name string
		opts Options
		keys []string
	}{
		{"ascii_nocolor_120x40", Options{ASCII: true, NoColor: true}, nil},
		{"readonly_120x40", Options{ReadOnly: true}, nil},
		{"detail_120x40", Options{}, []string{"enter"}},
		{"help_120x40", Options{}, []string{"?"}},
		{"confirm_120x40", Options{}, []string{"3", "+"}},
		{"suspend_120x40", Options{}, []string{"S"}},
		{"policies_120x40", Options{}, []string{"P"}},
		{"filter_120x40", Options{}, []string{"/", "api"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := newTest(t, 120, 40, c.opts)
			selectGroup(t, m, "web-prod")
			press(m, c.keys...)
			out := view(m)
			checkFrame(t, out, 120, 40)
			golden(t, c.name, out)
		})
	}
}

func TestEverySizeFits(t *testing.T) {
	m, _ := newTest(t, 80, 24, Options{})
	for w := 1; w <= 220; w += 7 {
		for h := 1; h <= 70; h += 5 {
			m.Update(tea.WindowSizeMsg{Width: w, Height: h})
			checkFrame(t, view(m), w, h)
		}
	}
}

func TestTooSmallAndBack(t *testing.T) {
	m, _ := newTest(t, 120, 40, Options{})
	m.Update(tea.WindowSizeMsg{Width: 50, Height: 15})
	out := plain(m)
	if !strings.Contains(out, "terminal too small: 50x15") || !strings.Contains(out, "60x15") {
		t.Fatalf("no too-small line with the size needed:\n%s", out)
	}
	checkFrame(t, view(m), 50, 15)
	press(m, "j", "+", "S", "esc", "?", "esc")
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 45})
	checkFrame(t, view(m), 160, 45)
	if !strings.Contains(plain(m), "Groups") {
		t.Fatal("panes did not come back")
	}
}

// sgr matches the escape sequences the console itself writes: SGR only.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func TestHostileNamesRenderSafely(t *testing.T) {
	for _, sz := range sizes {
		for _, ascii := range []bool{false, true} {
			b := &fixture.Backend{}
			m := New(b, Options{Clock: func() time.Time { return fixture.Now }, Location: time.UTC, ASCII: ascii})
			m.Update(tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			m.Update(SnapshotMsg{Snapshot: fixture.Hostile(fixture.Now)})
			views := []string{view(m)}
			for _, k := range []string{"enter", "esc", "tab", "tab", "tab", "tab", "tab", "v", "?"} {
				press(m, k)
				views = append(views, view(m))
			}
			press(m, "esc", "P")
			views = append(views, view(m))
			press(m, "esc")
			for i, v := range views {
				checkFrame(t, v, sz.w, sz.h)
				rest := sgr.ReplaceAllString(v, "")
				for _, r := range rest {
					if r == '\n' {
						continue
					}
					if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || text.IsBidiControl(r) {
						t.Fatalf("%dx%d view %d: control %U reached the screen:\n%q", sz.w, sz.h, i, r, rest)
					}
				}
				for _, bad := range []string{"52;c;", "]0;", "pwned\x07", "[2J"} {
					if strings.Contains(rest, bad) {
						t.Fatalf("view %d: sequence body %q reached the screen", i, bad)
					}
				}
			}
		}
	}
}

func TestHostileColumnsAligned(t *testing.T) {
	b := &fixture.Backend{}
	m := New(b, Options{Clock: func() time.Time { return fixture.Now }, Location: time.UTC})
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	m.Update(SnapshotMsg{Snapshot: fixture.Hostile(fixture.Now)})
	lines := strings.Split(plain(m), "\n")
	// The MIN/DES/MAX column ends at the same cell on every group row.
	col := -1
	for _, l := range lines {
		i := strings.Index(l, "MIN/DES/MAX")
		if i >= 0 {
			col = ansi.StringWidth(l[:i]) + len("MIN/DES/MAX")
			break
		}
	}
	if col < 0 {
		t.Fatal("no heading")
	}
	re := regexp.MustCompile(`\d+/\d+/\d+`)
	rows := 0
	for _, l := range lines {
		loc := re.FindStringIndex(l)
		if loc == nil || !strings.HasPrefix(l, "┃") {
			continue
		}
		if end := ansi.StringWidth(l[:loc[1]]); end != col {
			t.Fatalf("capacity column ends at %d, want %d: %q", end, col, l)
		}
		rows++
	}
	if rows < 8 {
		t.Fatalf("only %d group rows checked", rows)
	}
}

var colourSGR = regexp.MustCompile(`\x1b\[[0-9;:]*(38|48|3[0-7]|4[0-7]|9[0-7]|10[0-7])[;:m]`)

func TestNoColor(t *testing.T) {
	m, _ := newTest(t, 160, 45, Options{NoColor: true})
	selectGroup(t, m, "web-prod")
	press(m, "3", "+")
	out := view(m)
	if colourSGR.MatchString(out) {
		t.Fatalf("colour in NO_COLOR output: %q", colourSGR.FindString(out))
	}
	p := plain(m)
	for _, want := range []string{"MAX", "SCALING", "FROZEN", "CRIT", "desired 12 → 15"} {
		if !strings.Contains(p, want) {
			t.Fatalf("state %q not readable without colour", want)
		}
	}
	if len(ProgramOptions("yes")) != 1 || len(ProgramOptions("")) != 0 {
		t.Fatal("NO_COLOR=yes must select the Ascii profile")
	}
}

func TestASCIIMode(t *testing.T) {
	m, _ := newTest(t, 160, 45, Options{ASCII: true})
	for _, keys := range [][]string{nil, {"enter"}, {"esc", "S"}, {"esc", "?"}} {
		press(m, keys...)
		for _, r := range plain(m) {
			if r >= 0x2500 && r <= 0x259F || r == '…' || r == '▶' || r == '→' {
				t.Fatalf("ASCII mode drew %q", r)
			}
		}
	}
}

// TestLargeSizesAreNotCut: a group of thousands shows its sizes whole and
// its counts apart, at every layout width; a clipped "1200/1500/20…" would
// be a wrong number, not a short one.
func TestLargeSizesAreNotCut(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			m, _ := newTest(t, sz.w, sz.h, Options{})
			s := fixture.Snapshot(fixture.Now, 0)
			s.Generation = 2
			g := &s.Groups[0]
			g.Min, g.Desired, g.Max = 1200, 1500, 20000
			for i := range 1500 {
				in := g.Instances[0]
				in.ID = fmt.Sprintf("i-%017x", i)
				g.Instances = append(g.Instances, in)
			}
			m.Update(SnapshotMsg{Snapshot: s})
			selectGroup(t, m, g.Name)
			w, h := paneSize(m, overview.PaneGroups)
			out := ansi.Strip(strings.Join(m.overview.PaneBox(m.env(), overview.PaneGroups, w, h), "\n"))
			checkFrame(t, out, w, h)
			if !regexp.MustCompile(`\s1200/1500/20000\s+\d{3,4}\s+\d+\s+\d+\s`).MatchString(out) {
				t.Errorf("sizes cut or run together:\n%s", out)
			}
		})
	}
}

// TestTargetReasonsShowAtEveryWidth: why a target is unhealthy is the point
// of the targets pane; at every layout its reason code is shown whole.
func TestTargetReasonsShowAtEveryWidth(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{60, 20}, {80, 24}, {120, 40}, {170, 45}, {200, 60}} {
		m, _ := newTest(t, sz.w, sz.h, Options{})
		selectGroup(t, m, "web-prod")
		w, h := paneSize(m, overview.PaneTargets)
		out := ansi.Strip(strings.Join(m.overview.PaneBox(m.env(), overview.PaneTargets, w, h), "\n"))
		for _, reason := range []string{"Target.ResponseCodeMismatch", "Target.Timeout"} {
			if !strings.Contains(out, reason) {
				t.Errorf("%dx%d: targets pane (%d wide) lacks %s:\n%s", sz.w, sz.h, w, reason, out)
			}
		}
	}
}
