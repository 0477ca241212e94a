package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/screen"
	"github.com/solemate/hoist/ui/screen/help"
	"github.com/solemate/hoist/ui/screen/lb"
	"github.com/solemate/hoist/ui/screen/refresh"
	"github.com/solemate/hoist/ui/screen/schedule"
)

// Binding is one action the keyboard can take, as data (the key half; a
// screen or the root model holds the handler half).
type Binding = keymap.Spec

// rootSpecs are the bindings the root model runs or hands to the screen
// on top: the moves (each screen answers them its way), back, the command
// line, refresh, help and quit in every screen, and the group context's
// actions on any screen about a group. Each screen's own are in its
// package, registered in screens.go.
var rootSpecs = []keymap.Spec{
	{Action: "up", Keys: []string{"up", "k"}, Help: "move up", Section: "Move"},
	{Action: "down", Keys: []string{"down", "j"}, Help: "move down", Section: "Move"},
	{Action: "page-up", Keys: []string{"pgup", "ctrl+b"}, Help: "page up", Section: "Move"},
	{Action: "page-down", Keys: []string{"pgdown", "ctrl+f"}, Help: "page down", Section: "Move"},
	{Action: "top", Keys: []string{"home", "g"}, Help: "first row", Section: "Move"},
	{Action: "bottom", Keys: []string{"end", "G"}, Help: "last row", Section: "Move"},
	{Action: "back", Keys: []string{"esc"}, Help: "back one step / clear filter", Section: "Move"},
	{Action: "command", Keys: []string{":"}, Help: "command line: region, profile, tier, theme, readonly, errors, lb, apply FILE, report, insights", Section: "View"},
	{Action: "refresh", Keys: []string{"r"}, Help: "refresh now", Section: "View"},
	{Action: "help", Keys: []string{"?"}, Help: "full help", Section: "View"},
	{Action: "quit", Keys: []string{"q", "ctrl+c"}, Help: "quit (asks if an action is in flight)", Section: "View"},
	{Action: "load-balancers", Keys: []string{"B"}, Help: "load balancers: listeners, certificates, target groups, load", Section: "View"},
	{Action: "insights", Keys: []string{"I"}, Help: "insights: recommendations, cleanup, capacity planning", Section: "View"},

	{Action: "scale-out", Keys: []string{"+"}, Help: "scale out by one (5+ by five, 50%+ by half); on a tier heading, every group of it", Section: "Scale", Context: screen.GroupContext, Mutating: true},
	{Action: "scale-in", Keys: []string{"-"}, Help: "scale in by one (5- by five, 50%- by half); on a tier heading, every group of it", Section: "Scale", Context: screen.GroupContext, Mutating: true},
	{Action: "set-desired", Keys: []string{"="}, Help: "set desired to a typed value; on a tier heading, of every group of it", Section: "Scale", Context: screen.GroupContext, Mutating: true},
	{Action: "edit-limits", Keys: []string{"L"}, Help: "edit min / desired / max", Section: "Scale", Context: screen.GroupContext, Mutating: true},
	{Action: "suspend", Keys: []string{"S"}, Help: "suspend or resume processes", Section: "Scale", Context: screen.GroupContext, Mutating: true},
	{Action: "policies", Keys: []string{"P"}, Help: "the group's scaling policies", Section: "Scale", Context: screen.GroupContext},
	// In the conflict dialog, which guards it like a confirm; what it sends
	// is checked like any action (read-only included).
	{Action: "rebase", Keys: []string{"r"}, Help: "after a conflict: send the same intent on the group's new value (2+ from 8 sends 10; =10 stays 10)", Section: "Scale", Context: ConflictContext},
	{Action: "scheduled", Keys: []string{"c"}, Help: "the group's scheduled actions", Section: "Scale", Context: screen.GroupContext},
	{Action: "refreshes", Keys: []string{"R"}, Help: "the group's instance refreshes and resize", Section: "Scale", Context: screen.GroupContext},
}

// ConflictContext is the context of the conflict dialog's own binding
// (rebase): no screen reads it, the dialog takes its key.
const ConflictContext = "conflict"

// rootBinding is the root model's handler of a binding and why it cannot
// run now.
type rootBinding struct {
	run      func(m *Model) tea.Cmd
	disabled func(m *Model) string
}

// rootTable runs the bindings no screen handles itself.
var rootTable = map[string]rootBinding{
	"back":        {run: (*Model).back},
	"command":     {run: (*Model).startCommand},
	"refresh":     {run: (*Model).refreshNow},
	"help":        {run: func(m *Model) tea.Cmd { return m.push(help.Name, "", "") }},
	"quit":        {run: (*Model).quit},
	"scale-out":   {run: func(m *Model) tea.Cmd { return m.scaleBy(1) }, disabled: needGroupOrTier},
	"scale-in":    {run: func(m *Model) tea.Cmd { return m.scaleBy(-1) }, disabled: needGroupOrTier},
	"set-desired": {run: (*Model).setDesired, disabled: needGroupOrTier},
	"edit-limits": {run: (*Model).editLimits, disabled: needGroup},
	"suspend":     {run: (*Model).suspend, disabled: needGroup},
	"policies":    {run: (*Model).openPolicies, disabled: needGroup},

	// the load balancer screen, from every screen
	"load-balancers": {run: func(m *Model) tea.Cmd { return m.openScreen(lb.Name) }},
	"scheduled":      {run: func(m *Model) tea.Cmd { return m.push(schedule.Name, "", m.group().Name) }, disabled: needGroup},
	"refreshes":      {run: func(m *Model) tea.Cmd { return m.push(refresh.Name, "", m.group().Name) }, disabled: needGroup},
	"insights":       {run: func(m *Model) tea.Cmd { return m.openInsights(nil) }},
}

func newKeymap(overrides map[string][]string) keymap.Keymap {
	return keymap.New(allSpecs(), chains(), overrides)
}

// ValidateKeys checks config key overrides: known action names, at least
// one key each, no digit (digits are counts), and no key bound twice
// where one screen reads both after the overrides apply.
func ValidateKeys(overrides map[string][]string) error {
	return keymap.Validate(allSpecs(), chains(), overrides)
}

// HelpText is the key map as plain text: section, keys, action name,
// what it does.
func HelpText() string {
	var b strings.Builder
	for i, sec := range help.Sections(allSpecs()) {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(sec.Name + "\n")
		for _, k := range sec.Specs {
			mut := ""
			if k.Mutating {
				mut = "  [mutating]"
			}
			b.WriteString("  " + padRight(strings.Join(k.Keys, " "), 14) + padRight(k.Action, 16) + k.Help + mut + "\n")
		}
	}
	return b.String()
}

// KeyTable is the README's key table, generated from the bindings: `go
// test ./ui -run TestREADMEKeyTable -update` writes it between the
// README's markers, and make test fails while the two differ.
func KeyTable() string {
	var b strings.Builder
	b.WriteString("| keys | action | what it does |\n|---|---|---|\n")
	for _, sec := range help.Sections(allSpecs()) {
		b.WriteString("| **" + sec.Name + "** | | |\n")
		for _, k := range sec.Specs {
			keys := make([]string, len(k.Keys))
			for i, key := range k.Keys {
				keys[i] = "`" + strings.ReplaceAll(key, "|", `\|`) + "`"
			}
			what := k.Help
			if k.Mutating {
				what += " (changes AWS: confirmed)"
			}
			b.WriteString("| " + strings.Join(keys, " ") + " | " + k.Action + " | " + what + " |\n")
		}
	}
	return b.String()
}

func padRight(s string, n int) string {
	if len(s) >= n {
		return s + " "
	}
	return s + strings.Repeat(" ", n-len(s))
}

// needGroup: the group context's bindings need a group, selected on the
// overview or shown by the screen.
func needGroup(m *Model) string {
	if _, ok := m.selectedGroup(); ok {
		return ""
	}
	if tier, _, ok := m.selectedTier(); ok {
		return "on the heading of tier " + Printable(tier) + ": only +, - and = act on a whole tier; select one of its groups"
	}
	return "no group selected"
}

// needGroupOrTier: the scale bindings act on a group, or on every group of
// the tier whose heading is selected.
func needGroupOrTier(m *Model) string {
	if _, _, ok := m.selectedTier(); ok {
		return ""
	}
	return needGroup(m)
}

// selectedGroup is the group the screen on top is about: its own, or the
// overview's selection below screens about no group.
func (m *Model) selectedGroup() (string, bool) {
	env := m.env()
	for i := len(m.stack) - 1; i >= 0; i-- {
		if g, ok := m.stack[i].(screen.GroupScreen); ok {
			return g.SelectedGroup(env)
		}
	}
	return "", false
}
