package ui

import (
	"slices"
	"testing"
)

// Bubble Tea runs each command in a goroutine of its own, so the Show
// commands of keys pressed in a row can run in any order. Whatever the
// order, the last Show sends what is on screen: here the commands of
// three moves run last to first.
func TestShowSendsTheNewestWhateverTheOrder(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	var cmds = press(m, "j", "j", "j")
	slices.Reverse(cmds)
	exec(m, cmds...)
	if len(b.Shows) == 0 {
		t.Fatal("no Show")
	}
	if got, want := b.Shows[len(b.Shows)-1].Selected, m.overview.Selected(); got != want {
		t.Fatalf("the poller was last shown %q; the screen shows %q", got, want)
	}
}
