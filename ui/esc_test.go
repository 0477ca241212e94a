package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// Esc and the next key in one read arrive as alt+key; they must act as
// the two keys the operator typed, never let the text after them run as
// commands.
func TestEscThenKeyInOneRead(t *testing.T) {
	alt := func(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModAlt} }

	m, b := newTest(t, 160, 45, Options{})
	selectGroup(t, m, "web-prod")
	press(m, "?")
	if !m.onScreen("help") {
		t.Fatal("? did not open the help")
	}
	// esc (closes the help) and / (opens the filter) in one read, then a
	// name with a "-" in it and enter.
	send(m, alt('/'))
	exec(m, press(m, "api-internal", "enter")...)
	if m.front() != nil || len(b.Acts) != 0 {
		t.Fatalf("the filter text ran as commands: dialog %v, actions %+v", m.front(), b.Acts)
	}
	if m.onScreen("help") || m.filterText() != "api-internal" || m.overview.Selected() != "api-internal" {
		t.Fatalf("esc+/ then text: help %v, filter %q, selected %q", m.onScreen("help"), m.filterText(), m.overview.Selected())
	}

	// esc+L (shift): esc, then L opens the limits dialog.
	send(m, tea.KeyPressMsg{Code: 'l', ShiftedCode: 'L', Mod: tea.ModAlt | tea.ModShift})
	if m.front() == nil || m.filterText() != "" {
		t.Fatalf("esc+L: dialog %v, filter %q", m.front(), m.filterText())
	}
	// esc+esc closes it without sending anything.
	send(m, alt(tea.KeyEscape))
	if m.front() != nil || len(b.Acts) != 0 {
		t.Fatalf("esc+esc: dialog %v, actions %+v", m.front(), b.Acts)
	}
}

// send delivers one key message and runs what it returns.
func send(m *Model, k tea.KeyPressMsg) {
	_, c := m.Update(k)
	exec(m, c)
}

// An alt key the config binds keeps its binding.
func TestBoundAltKeyIsNotSplit(t *testing.T) {
	m, _ := newTest(t, 160, 45, Options{Keys: map[string][]string{"help": {"alt+h"}}})
	send(m, tea.KeyPressMsg{Code: 'h', Mod: tea.ModAlt})
	if !m.onScreen("help") {
		t.Fatal("alt+h bound to help did not open it")
	}
}
