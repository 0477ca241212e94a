package ui

import (
	"github.com/solemate/hoist/ui/dialog"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// Issue 16: a confirm takes y or enter only once it has been on screen for
// its guard time, judged on the console's clock. The clock is fixed and
// the test moves it.
func TestConfirmGuard(t *testing.T) {
	open := func(t *testing.T, opts Options) (*Model, func() int) {
		m, b := newTest(t, 160, 45, opts)
		selectGroup(t, m, "web-prod")
		press(m, "+")
		if _, ok := m.front().(*dialog.Confirm); !ok {
			t.Fatalf("+ opened %T (status %q)", m.front(), m.status)
		}
		return m, func() int { return len(b.Acts) }
	}

	t.Run("enter at +10ms does not send", func(t *testing.T) {
		m, sent := open(t, Options{})
		later(m, 10*time.Millisecond)
		exec(m, press(m, "enter")...)
		if _, ok := m.front().(*dialog.Confirm); !ok || sent() != 0 {
			t.Fatalf("enter 10ms after the dialog opened: dialog %T, %d actions sent", m.front(), sent())
		}
		if out := plain(m); !strings.Contains(out, "press y again to send") || !strings.Contains(out, "nothing sent") {
			t.Fatalf("the dialog does not say the key was too soon:\n%s", out)
		}
	})

	t.Run("enter at +500ms sends exactly one action", func(t *testing.T) {
		m, sent := open(t, Options{})
		later(m, 10*time.Millisecond)
		exec(m, press(m, "enter", "y")...)
		later(m, 490*time.Millisecond)
		exec(m, press(m, "enter")...)
		if m.front() != nil || sent() != 1 {
			t.Fatalf("enter 500ms after: dialog %T, %d actions sent, want 1", m.front(), sent())
		}
		exec(m, press(m, "enter", "y")...) // nothing left to confirm
		if sent() != 1 {
			t.Fatalf("%d actions sent, want exactly 1", sent())
		}
	})

	t.Run("esc and n at +10ms cancel at once", func(t *testing.T) {
		for _, k := range []string{"esc", "n"} {
			m, sent := open(t, Options{})
			later(m, 10*time.Millisecond)
			exec(m, press(m, k)...)
			if m.front() != nil || sent() != 0 || !strings.Contains(m.status, "cancelled") {
				t.Fatalf("%s at +10ms: dialog %T, %d sent, status %q", k, m.front(), sent(), m.status)
			}
		}
	})

	t.Run("the hint says when y will count", func(t *testing.T) {
		m, _ := open(t, Options{})
		if !strings.Contains(plain(m), "y/enter confirm (in a moment)") {
			t.Fatalf("a new dialog does not say y will count in a moment:\n%s", plain(m))
		}
		later(m, model.DefaultConfirmGuard)
		if out := plain(m); strings.Contains(out, "in a moment") || !strings.Contains(out, "y/enter confirm   n/esc cancel") {
			t.Fatalf("after the guard the hint still waits:\n%s", out)
		}
	})

	t.Run("the guard is configurable", func(t *testing.T) {
		m, sent := open(t, Options{ConfirmGuard: 2 * time.Second})
		later(m, 500*time.Millisecond)
		exec(m, press(m, "y")...)
		if sent() != 0 {
			t.Fatal("y at +500ms sent under a 2s guard")
		}
		later(m, 1500*time.Millisecond)
		exec(m, press(m, "y")...)
		if sent() != 1 {
			t.Fatalf("y at +2s: %d sent, want 1", sent())
		}
	})

	t.Run("typing a reason: enter within the guard is swallowed too", func(t *testing.T) {
		m, sent := open(t, Options{})
		exec(m, press(m, "tab", "why", "enter")...)
		if sent() != 0 {
			t.Fatal("enter in the reason field sent within the guard")
		}
		later(m, model.DefaultConfirmGuard)
		exec(m, press(m, "enter")...)
		if sent() != 1 {
			t.Fatalf("%d sent, want 1", sent())
		}
	})
}

// The issue's own sequence: "=6" and two enters in one burst. The first
// enter submits the value and opens the confirm; the second comes at the
// same instant and must not send.
func TestTypeAheadDoesNotConfirm(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	selectGroup(t, m, "web-prod")
	exec(m, press(m, "=", "6", "enter", "enter")...)
	if _, ok := m.front().(*dialog.Confirm); !ok || len(b.Acts) != 0 {
		t.Fatalf("after =6 enter enter: dialog %T, %d actions sent", m.front(), len(b.Acts))
	}
	exec(m, press(m, wait, "y")...)
	if len(b.Acts) != 1 || lastAct(t, b).(model.SetDesired).Desired != 6 {
		t.Fatalf("y after the guard: %+v", b.Acts)
	}
}
