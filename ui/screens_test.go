package ui

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/form"
)

// esc goes back exactly one step from every screen and dialog: a dialog
// closes (the one under it stays), a screen closes to the one below.
func TestEscGoesBackOneStep(t *testing.T) {
	for _, c := range []struct {
		name   string
		keys   []string
		screen string // on top after one esc
		dialog any    // the dialog in front after one esc (nil: none)
	}{
		{"group screen", []string{"enter"}, "overview", nil},
		{"help", []string{"?"}, "overview", nil},
		{"help over a group", []string{"enter", "?"}, "group", nil},
		{"errors", []string{":", "errors", "enter"}, "overview", nil},
		{"policies", []string{"P"}, "overview", nil},
		{"policies from a group", []string{"enter", "P"}, "group", nil},
		{"a confirm", []string{"+"}, "overview", nil},
		{"a confirm over the policies", []string{"P", "s"}, "policies", nil},
		{"an input", []string{"="}, "overview", nil},
		{"the limits form", []string{"L"}, "overview", nil},
		{"a confirm over the limits form", []string{"L", "tab", "tab", "ctrl+u", "30", "enter"}, "overview", &form.Form{}},
		{"a choice in a group", []string{"enter", "t"}, "group", nil},
		{"the checklist", []string{"S"}, "overview", nil},
		{"the command line", []string{":"}, "overview", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, _ := newTest(t, 160, 45, Options{})
			selectGroup(t, m, "web-prod")
			press(m, c.keys...)
			press(m, "esc")
			if !m.onScreen(c.screen) || m.command != nil {
				t.Fatalf("after esc: screen %s, command line %v", m.top().Name(), m.command != nil)
			}
			switch c.dialog.(type) {
			case nil:
				if m.front() != nil {
					t.Fatalf("after esc a %T is still open", m.front())
				}
			case *form.Form:
				if _, ok := m.front().(*form.Form); !ok {
					t.Fatalf("after esc on the confirm: %T, want the form", m.front())
				}
			}
		})
	}
}

// After a confirm from the policies list the operator is back in the list.
func TestPoliciesScreenStaysAfterConfirm(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	selectGroup(t, m, "web-prod")
	exec(m, press(m, "P", "j", "d", wait, "y")...)
	if !m.onScreen("policies") || m.front() != nil || len(b.Acts) != 1 {
		t.Fatalf("after y: screen %s, dialog %T, %d acts", m.top().Name(), m.front(), len(b.Acts))
	}
	if !strings.Contains(plain(m), "Policies of web-prod") {
		t.Fatalf("not the list:\n%s", plain(m))
	}
	// a key of the group below closes the list and acts there
	press(m, "+")
	if _, ok := m.front().(*dialog.Confirm); !ok || !m.onScreen("overview") {
		t.Fatalf("+ from the policies: %s, %T", m.top().Name(), m.front())
	}
}

// Help used to stop at the rows that fit; it scrolls to its last line and
// no further.
func TestHelpScrolls(t *testing.T) {
	m, _ := newTest(t, 80, 24, Options{})
	press(m, "?")
	if !strings.Contains(plain(m), "Help  lines 1-20 of") {
		t.Fatalf("no position in the title:\n%s", plain(m))
	}
	press(m, "G")
	out := plain(m)
	if !strings.Contains(out, "esc closes this help") || !strings.Contains(out, "SUSPn") {
		t.Fatalf("G does not reach the end:\n%s", out)
	}
	press(m, "j", "j", "pgdown")
	if plain(m) != out {
		t.Fatal("help scrolls past its end")
	}
	press(m, "g", "pgdown")
	if !strings.Contains(plain(m), "lines 20-39 of") {
		t.Fatalf("pgdown:\n%s", plain(m))
	}
	press(m, "x") // any other key closes it
	if !m.onScreen("overview") {
		t.Fatal("x did not close the help")
	}
}

// Under --read-only, :readonly keeps the reason it was started with.
func TestReadOnlyKeepsTheFirstReason(t *testing.T) {
	m, _ := newTest(t, 160, 45, Options{ReadOnly: true, ReadOnlyWhy: "hoist was started with --read-only"})
	exec(m, press(m, ":", "readonly", "enter")...)
	if m.readOnlyWhy != "hoist was started with --read-only" {
		t.Fatalf("the reason became %q", m.readOnlyWhy)
	}
	press(m, "+")
	if !strings.Contains(m.status, "--read-only") {
		t.Fatalf("status %q", m.status)
	}
	m2, _ := newTest(t, 160, 45, Options{})
	exec(m2, press(m2, ":", "readonly", "enter")...)
	if !strings.Contains(m2.readOnlyWhy, ":readonly") {
		t.Fatalf("a writable session turned read-only says %q", m2.readOnlyWhy)
	}
}

// A key of a screen that is not open says how to get there.
func TestUnboundKeySaysWhere(t *testing.T) {
	m, _ := newTest(t, 160, 45, Options{})
	for k, want := range map[string]string{"h": "open a group's detail", "e": "open the policies (P) first"} {
		m.status = ""
		press(m, k)
		if !strings.Contains(m.status, want) {
			t.Errorf("%s: status %q", k, m.status)
		}
	}
}

// The README's key table is generated from the bindings; make test fails
// while they differ (go test ./ui -run TestREADMEKeyTable -update writes it).
func TestREADMEKeyTable(t *testing.T) {
	const path, begin, end = "../README.md", "<!-- keys: generated from the bindings by go test ./ui -run TestREADMEKeyTable -update -->\n", "<!-- keys end -->\n"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no key table between %q and %q", begin, end)
	}
	want := readme[:i+len(begin)] + KeyTable() + readme[j:]
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if readme != want {
		t.Fatalf("README.md's key table differs from the bindings (go test ./ui -run TestREADMEKeyTable -update rewrites it):\n%s", KeyTable())
	}
	for _, s := range allSpecs() {
		if !strings.Contains(readme, "| "+s.Action+" |") {
			t.Errorf("README does not list %s", s.Action)
		}
	}
}

// The metrics pane's CPU chart (ui/chart) marks the console's own
// actions on the group.
func TestMetricsChartMarksActions(t *testing.T) {
	m, _ := newTest(t, 200, 60, Options{})
	selectGroup(t, m, "web-prod")
	out := plain(m)
	if !strings.Contains(out, "target 60%") || strings.Contains(out, "you acted here") {
		t.Fatalf("no chart with its target, or a mark with no action:\n%s", out)
	}
	exec(m, press(m, "+", wait, "y")...)
	later(m, 5*time.Minute)
	if out := plain(m); !strings.Contains(out, "you acted here") {
		t.Fatalf("the action is not marked on the chart:\n%s", out)
	}
}
