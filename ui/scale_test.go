package ui

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
)

// A share before + or - scales by that share of desired, rounded up, at
// least one; the count reads "50%" on the status line as it is typed.
func TestPercentScale(t *testing.T) {
	for _, c := range []struct {
		keys string
		want int
	}{
		{"50%+", 18}, // 12 + 6
		{"33%-", 8},  // 12 - 3.96 rounded up to 4
		{"1%+", 13},  // 0.12 rounded up to 1
		{"100%+", 24},
		{"5%2+", 14}, // a digit after the % starts a new count
	} {
		m, b := newTest(t, 160, 45, Options{})
		selectGroup(t, m, "web-prod")
		keys := c.keys[:len(c.keys)-1]
		press(m, strings.Split(keys, "")...)
		if c.keys == "50%+" && !strings.Contains(strings.Split(plain(m), "\n")[44], "50% ") {
			t.Errorf("the status line does not show the share being typed: %q", strings.Split(plain(m), "\n")[44])
		}
		press(m, c.keys[len(c.keys)-1:])
		d, ok := m.front().(*dialog.Confirm)
		if !ok {
			t.Fatalf("%s: no confirm (status %q)", c.keys, m.status)
		}
		a := d.Action().(model.SetDesired)
		if a.Desired != c.want || a.From.Desired != 12 {
			t.Errorf("%s: desired %d → %d, want 12 → %d", c.keys, a.From.Desired, a.Desired, c.want)
		}
		exec(m, press(m, wait, "y")...)
		if got := lastAct(t, b).(model.SetDesired); got.Desired != c.want {
			t.Errorf("%s: sent desired %d", c.keys, got.Desired)
		}
	}
}

// On a tier heading, + - and = act on every group listed under it, in
// one confirm that lists each group's change and the total cost; each
// group is still sent on its own, once, as an absolute value.
func TestTierActionInOneConfirm(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	selectTier(t, m, "web") // web-canary 1/2/4, web-prod 4/12/24
	if _, ok := m.overview.SelectedGroup(m.env()); ok {
		t.Fatal("a group is selected on a tier heading")
	}
	press(m, "5", "0", "%", "+")
	d, ok := m.front().(*dialog.TierConfirm)
	if !ok {
		t.Fatalf("50%%+ on the web heading opened %T (status %q)", m.front(), m.status)
	}
	out := plain(m)
	for _, want := range []string{"tier web: 50%+ on each of its 2 groups", "web-canary", "desired 2 → 3", "web-prod", "desired 12 → 18", "total  +$", "2 groups"} {
		if !strings.Contains(out, want) {
			t.Errorf("the tier confirm lacks %q:\n%s", want, out)
		}
	}
	if d.Delta() <= 0 {
		t.Error("no total cost delta")
	}
	exec(m, press(m, "y")...) // within the guard: swallowed
	if len(b.Acts) != 0 || m.front() == nil {
		t.Fatalf("y within the guard: %d sent, dialog %T", len(b.Acts), m.front())
	}
	exec(m, press(m, wait, "y")...)
	want := []model.Action{
		model.SetDesired{Group: "web-canary", From: model.Capacity{Min: 1, Desired: 2, Max: 4}, Desired: 3},
		model.SetDesired{Group: "web-prod", From: model.Capacity{Min: 4, Desired: 12, Max: 24}, Desired: 18},
	}
	var got []model.Action
	for _, a := range b.Acts {
		got = append(got, a.Action)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("sent %+v, want %+v", got, want)
	}
	if !strings.Contains(m.status, "tier web 50%+ done") || m.inflightCount() != 0 {
		t.Fatalf("status %q, in flight %v", m.status, m.inflightList())
	}
}

// A group the intent cannot apply to is listed as left out, with why.
func TestTierLeavesOutWhatCannotApply(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	selectTier(t, m, "api") // api-grpc 2/3/6, api-internal 2/4/8, api-public 3/9/30
	press(m, "=", "7", "enter")
	out := plain(m)
	for _, want := range []string{"api-grpc", "left out: desired 7 is above max 6", "api-internal", "desired 4 → 7", "api-public", "desired 9 → 7", "2 groups"} {
		if !strings.Contains(out, want) {
			t.Errorf("the tier confirm lacks %q:\n%s", want, out)
		}
	}
	exec(m, press(m, wait, "y")...)
	if len(b.Acts) != 2 {
		t.Fatalf("%d sent, want 2", len(b.Acts))
	}
	// Nothing in the tier can change: a status line, no dialog.
	selectTier(t, m, model.Untiered)
	press(m, "-")
	if m.front() != nil || !strings.Contains(m.status, "nothing to send") {
		t.Fatalf("dialog %T, status %q", m.front(), m.status)
	}
	// On a heading, the keys that act on one group say so.
	press(m, "L")
	if m.front() != nil || !strings.Contains(m.status, "select one of its groups") {
		t.Fatalf("L on a heading: dialog %T, status %q", m.front(), m.status)
	}
}

func conflictOn(desired int, c model.Capacity) error {
	return &model.ConflictError{What: "desired", Saw: "x", Now: "y", Capacity: &c}
}

// A conflict on one group of a tier says which, and sends the rest only
// when the operator says so: y the rest, r re-based first, esc nothing.
func TestTierConflictAsksBeforeTheRest(t *testing.T) {
	for _, c := range []struct {
		key  string
		sent []string // groups sent after the conflict
	}{
		{"y", []string{"api-public"}},
		{"r", []string{"api-internal", "api-public"}},
		{"esc", nil},
	} {
		t.Run(c.key, func(t *testing.T) {
			m, b := newTest(t, 160, 45, Options{})
			b.Errs = map[string][]error{"api-internal": {conflictOn(5, model.Capacity{Min: 2, Desired: 5, Max: 8})}}
			selectTier(t, m, "api")
			exec(m, press(m, "2", "+", wait, "y")...)
			if len(b.Acts) != 2 {
				t.Fatalf("%d Act calls before the answer, want 2 (api-grpc sent, api-internal conflicted)", len(b.Acts))
			}
			out := plain(m)
			for _, want := range []string{"api-internal", "desired is now 5", "press r for 5 → 7", "not sent yet: api-public", "sent: api-grpc"} {
				if !strings.Contains(out, want) {
					t.Errorf("the stop dialog lacks %q:\n%s", want, out)
				}
			}
			exec(m, press(m, c.key)...) // at once: y and r wait for the guard, esc does not
			if c.key != "esc" && len(b.Acts) != 2 {
				t.Fatalf("%s within the guard sent", c.key)
			}
			if c.key != "esc" {
				exec(m, press(m, wait, c.key)...)
			}
			var after []string
			for _, a := range b.Acts[2:] {
				after = append(after, a.Action.GroupName())
			}
			if !reflect.DeepEqual(after, c.sent) {
				t.Fatalf("after %s sent %v, want %v", c.key, after, c.sent)
			}
			if c.key == "r" {
				if a := b.Acts[2].Action.(model.SetDesired); a.From.Desired != 5 || a.Desired != 7 {
					t.Fatalf("re-based %+v, want 5 → 7", a)
				}
			}
			if c.key == "esc" && !strings.Contains(m.status, "not sent: api-public") {
				t.Errorf("status %q", m.status)
			}
			if m.front() != nil || m.inflightCount() != 0 || m.tier != nil {
				t.Fatalf("left: dialog %T, in flight %v", m.front(), m.inflightList())
			}
		})
	}
}

// A conflict offers the way on: the new value, and the same intent
// re-based on it in one key (guarded like a confirm). A step or a share
// moves from the new value; a value stays the value.
func TestConflictRebase(t *testing.T) {
	now := model.Capacity{Min: 4, Desired: 14, Max: 24}
	for _, c := range []struct {
		keys  []string
		offer string
		want  int // 0: no way on
	}{
		{[]string{"2", "+"}, "desired is now 14; press r for 14 → 16 (2+ again)", 16},
		{[]string{"5", "0", "%", "+"}, "press r for 14 → 21 (50%+ again)", 21},
		{[]string{"=", "20", "enter"}, "press r for 14 → 20 (=20 again)", 20},
		{[]string{"=", "14", "enter"}, "desired is now 14: =14 has nothing left to change", 0},
		{[]string{"1", "2", "+"}, "desired is now 14: 12+: desired 26 is above max 24", 0},
	} {
		m, b := newTest(t, 160, 45, Options{})
		b.Errs = map[string][]error{"web-prod": {conflictOn(14, now)}}
		selectGroup(t, m, "web-prod")
		press(m, c.keys...)
		exec(m, press(m, wait, "y")...)
		d, ok := m.front().(*dialog.Stopped)
		if !ok {
			t.Fatalf("%v: after the conflict %T (status %q)", c.keys, m.front(), m.status)
		}
		if out := strings.Join(strings.Fields(plain(m)), " "); !strings.Contains(out, c.offer) {
			t.Errorf("%v: no %q in:\n%s", c.keys, c.offer, plain(m))
		}
		if c.want == 0 {
			if d.Next() != nil {
				t.Errorf("%v: offers %+v", c.keys, d.Next())
			}
			exec(m, press(m, wait, "r", "esc")...)
			if m.front() != nil || len(b.Acts) != 1 {
				t.Fatalf("%v: dialog %T, %d sent", c.keys, m.front(), len(b.Acts))
			}
			continue
		}
		exec(m, press(m, "r")...)
		if len(b.Acts) != 1 {
			t.Fatalf("%v: r within the guard sent", c.keys)
		}
		exec(m, press(m, wait, "r")...)
		a := lastAct(t, b).(model.SetDesired)
		if len(b.Acts) != 2 || a.From != now || a.Desired != c.want {
			t.Fatalf("%v: re-based %+v, want %+v → %d", c.keys, a, now, c.want)
		}
	}
}

// The way on never opens under the operator's typing: a dialog that
// appeared there could take a key meant for another field.
func TestConflictWhileTypingIsAStatusLine(t *testing.T) {
	m, _ := newTest(t, 160, 45, Options{})
	press(m, ":")
	c := model.Capacity{Min: 4, Desired: 14, Max: 24}
	m.Update(actionDoneMsg{id: 9, action: model.SetDesired{Group: "web-prod", From: model.Capacity{Min: 4, Desired: 12, Max: 24}, Desired: 13},
		scale: &intent.Scale{Sign: 1, By: 1}, err: conflictOn(14, c)})
	if m.front() != nil || !strings.HasPrefix(m.status, "CONFLICT") {
		t.Fatalf("dialog %T, status %q", m.front(), m.status)
	}
}

// "checking ..." until the intent is journaled and the call goes out,
// then "sending ...": Act's sending func closes a channel that a second
// command waits on. When the checks stop the action, that command ends
// with it: nothing is left waiting.
func TestCheckingThenSending(t *testing.T) {
	for _, conflict := range []bool{false, true} {
		m, b := newTest(t, 160, 45, Options{})
		if conflict {
			b.ActErr = conflictOn(14, model.Capacity{Min: 4, Desired: 14, Max: 24})
		}
		selectGroup(t, m, "web-prod")
		cmds := press(m, "+", wait, "y")
		if !strings.HasPrefix(m.status, "checking web-prod: desired 12 → 13") {
			t.Fatalf("status %q after y", m.status)
		}
		batch, ok := cmds[len(cmds)-1]().(tea.BatchMsg)
		if !ok || len(batch) < 2 {
			t.Fatalf("the send is not an act command and a waiting one: %T", cmds[len(cmds)-1]())
		}
		act, await := batch[0], batch[1]
		waited := make(chan tea.Msg, 1)
		go func() { waited <- await() }()
		done := act()
		var sent tea.Msg
		select {
		case sent = <-waited:
		case <-time.After(10 * time.Second):
			t.Fatal("the waiting command is still waiting after the action ended")
		}
		if conflict {
			if sent != nil || b.Sendings != 0 {
				t.Fatalf("a conflict said it was sending: %#v", sent)
			}
			continue
		}
		if _, ok := sent.(sendingMsg); !ok || b.Sendings != 1 {
			t.Fatalf("after the call went out: %#v, %d sendings", sent, b.Sendings)
		}
		m.Update(sent)
		if !strings.HasPrefix(m.status, "sending web-prod: desired 12 → 13") {
			t.Fatalf("status %q after sending", m.status)
		}
		m.Update(done)
		m.Update(sent) // late: the result came first
		if !strings.HasPrefix(m.status, "done: web-prod") {
			t.Fatalf("status %q after the result", m.status)
		}
	}
}
