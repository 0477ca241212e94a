package ui

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/internal/fixture"
	"github.com/solemate/hoist/ui/screen/group"
	"github.com/solemate/hoist/ui/screen/overview"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// newTest returns a console on the fixture at size w x h, with a fixed
// clock, UTC times and a recording backend.
func newTest(t testing.TB, w, h int, opts Options) (*Model, *fixture.Backend) {
	t.Helper()
	b := &fixture.Backend{}
	if opts.Clock == nil {
		opts.Clock = func() time.Time { return fixture.Now }
	}
	opts.Location = time.UTC
	m := New(b, opts)
	noTicks(m)
	m.applyID = func(now time.Time) string { return now.UTC().Format("20060102T150405") + "-0123456789ab" }
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m.Update(SnapshotMsg{Snapshot: fixture.Snapshot(fixture.Now, 0)})
	return m, b
}

// noTicks stops the console's redraw ticks from sleeping in exec: a test
// moves the clock itself (later, or the wait key).
func noTicks(m *Model) {
	m.after = func(time.Duration, tea.Msg) tea.Cmd { return nil }
}

// later moves the console's clock on by d.
func later(m *Model, d time.Duration) {
	clock := m.opts.Clock
	m.opts.Clock = func() time.Time { return clock().Add(d) }
}

// wait is a pseudo key for press: the operator reads the confirm dialog
// for its guard time before pressing y or enter.
const wait = "<wait>"

// key builds the key press a terminal sends for a key name.
func key(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "ctrl+b":
		return tea.KeyPressMsg{Code: 'b', Mod: tea.ModCtrl}
	case "ctrl+f":
		return tea.KeyPressMsg{Code: 'f', Mod: tea.ModCtrl}
	}
	r := []rune(s)
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// press sends keys, one message each (a string of plain characters is
// typed rune by rune), and returns the commands Update returned.
func press(m *Model, keys ...string) []tea.Cmd {
	var cmds []tea.Cmd
	for _, k := range keys {
		if k == wait {
			later(m, m.opts.ConfirmGuard)
			continue
		}
		if len([]rune(k)) > 1 && !isKeyName(k) {
			for _, r := range k {
				_, c := m.Update(key(string(r)))
				cmds = append(cmds, c)
			}
			continue
		}
		_, c := m.Update(key(k))
		cmds = append(cmds, c)
	}
	return cmds
}

func isKeyName(s string) bool {
	switch s {
	case "enter", "esc", "tab", "shift+tab", "up", "down", "left", "right", "pgup", "pgdown", "home", "end", "backspace", "space",
		"ctrl+c", "ctrl+u", "ctrl+b", "ctrl+f":
		return true
	}
	return false
}

var cmdType = reflect.TypeOf((tea.Cmd)(nil))

// exec runs commands the way the program would (batches and sequences
// included), feeding their messages back into Update. Commands that block
// (the one-second tick) are abandoned after a short wait.
func exec(m *Model, cmds ...tea.Cmd) {
	for _, c := range cmds {
		if c == nil {
			continue
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- c() }()
		var msg tea.Msg
		select {
		case msg = <-ch:
		case <-time.After(300 * time.Millisecond):
			continue
		}
		if msg == nil {
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
			for i := 0; i < v.Len(); i++ {
				exec(m, v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		if _, ok := msg.(tea.QuitMsg); ok {
			continue
		}
		_, next := m.Update(msg)
		exec(m, next)
	}
}

func view(m *Model) string { return m.View().Content }

func plain(m *Model) string { return ansi.Strip(view(m)) }

// checkFrame asserts the frame is exactly w x h cells.
func checkFrame(t testing.TB, out string, w, h int) {
	t.Helper()
	if w <= 0 || h <= 0 {
		if out != "" {
			t.Fatalf("a %dx%d window got %q", w, h, out)
		}
		return
	}
	lines := strings.Split(out, "\n")
	if len(lines) != h {
		t.Fatalf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("line %d is %d cells wide, want %d: %q", i, got, w, ansi.Strip(l))
		}
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -update)", err)
	}
	if string(want) != got {
		t.Fatalf("%s differs from the golden file (go test ./ui -update rewrites it)\n--- got (plain)\n%s\n--- want (plain)\n%s",
			name, ansi.Strip(got), ansi.Strip(string(want)))
	}
}

func selectGroup(t testing.TB, m *Model, name string) {
	t.Helper()
	on := func() bool { g, ok := m.overview.SelectedGroup(m.env()); return ok && g == name }
	for i := 0; i < 50 && !on(); i++ {
		m.Update(key("down"))
	}
	if !on() {
		press(m, "g")
		for i := 0; i < 50 && !on(); i++ {
			m.Update(key("down"))
		}
	}
	if !on() {
		t.Fatalf("cannot select %s", name)
	}
}

// selectTier puts the cursor on the heading of tier.
func selectTier(t testing.TB, m *Model, tier string) {
	t.Helper()
	press(m, "g")
	for i := 0; i < 50; i++ {
		if got, _, ok := m.overview.SelectedTier(m.env()); ok && got == tier {
			return
		}
		m.Update(key("down"))
	}
	t.Fatalf("cannot select the heading of tier %s", tier)
}

func lastAct(t testing.TB, b *fixture.Backend) model.Action {
	t.Helper()
	if len(b.Acts) == 0 {
		t.Fatal("no action sent")
	}
	return b.Acts[len(b.Acts)-1].Action
}

// front is the dialog in front, or nil.
func (m *Model) front() dialog.Dialog { return m.overlay.Front() }

// onScreen reports whether the screen on top is the named one.
func (m *Model) onScreen(name string) bool { return m.top().Name() == name }

// focusPane tabs the overview to pane p.
func (m *Model) focusPane(p overview.Pane) {
	for i := 0; i < 6 && m.overview.Focus() != p; i++ {
		press(m, "tab")
	}
}

// selectedInstance is the instance selected on the group's screen.
func (m *Model) selectedInstance() (model.Instance, bool) {
	g, ok := m.top().(*group.Screen)
	if !ok {
		return model.Instance{}, false
	}
	return g.SelectedInstance(m.env())
}

// filterText is the overview's filter.
func (m *Model) filterText() string { f, _ := m.overview.Filter(); return f }

// isFiltering reports whether the filter is being typed.
func (m *Model) isFiltering() bool { _, typing := m.overview.Filter(); return typing }
