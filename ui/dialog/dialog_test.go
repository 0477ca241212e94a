package dialog

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/themes"
	"github.com/solemate/hoist/ui/internal/look"
)

var t0 = time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)

func ctxAt(now time.Time) *Ctx {
	th, _ := themes.Builtin("dark")
	lk := look.New(look.NewStyles(th, colorprofile.TrueColor), false)
	return &Ctx{Look: &lk, Now: now}
}

// The confirm's diff is field by field: the fields the action changes.
func TestChangeRows(t *testing.T) {
	c := model.Capacity{Min: 2, Desired: 10, Max: 10}
	for _, tc := range []struct {
		a    model.Action
		want []ChangeRow
	}{
		{model.SetDesired{Group: "g", From: c, Desired: 12}, []ChangeRow{{Field: "desired", Before: "10", After: "12"}}},
		{model.SetLimits{Group: "g", From: c, To: model.Capacity{Min: 1, Desired: 10, Max: 14}},
			[]ChangeRow{{Field: "min", Before: "2", After: "1"}, {Field: "max", Before: "10", After: "14"}}},
		{model.MuteAlarm{Alarm: "a", For: time.Hour}, []ChangeRow{{Field: "actions", Before: "on", After: "muted for 1h00m"}}},
	} {
		if got := changeRows(tc.a); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%T: %+v, want %+v", tc.a, got, tc.want)
		}
	}
}

// A change too long for the dialog wraps; every word of it is shown.
func TestConfirmNeverCutsTheChange(t *testing.T) {
	a := model.SuspendProcesses{Group: "solemate-checkout-prod-with-a-long-name", Processes: model.Processes()}
	d := NewConfirm(a, 0, "123456789012 us-east-1", t0, time.Second)
	for _, w := range []int{30, 46, 80} {
		lines := d.View(ctxAt(t0), w)
		var words []string
		change := true // the target and the change come first, then a blank line
		for _, l := range lines {
			if got := ansi.StringWidth(l); l != "" && got != w {
				t.Errorf("w=%d: a line %d wide: %q", w, got, ansi.Strip(l))
			}
			if l == "" {
				change = false
			}
			if change {
				words = append(words, strings.Fields(ansi.Strip(l))...)
			}
		}
		if all := strings.Join(words, ""); !strings.Contains(all, "solemate-checkout-prod-with-a-long-name") {
			t.Errorf("w=%d: the target is cut: %q", w, all)
		}
		all := strings.Join(words, "")
		for _, p := range model.Processes() {
			if !strings.Contains(all, p) {
				t.Errorf("w=%d: %s cut from the change:\n%s", w, p, ansi.Strip(strings.Join(lines, "\n")))
			}
		}
		if strings.Contains(all, "…") {
			t.Errorf("w=%d: the change is cut with an ellipsis", w)
		}
	}
}

// The guard of issue 16, on the dialog alone.
func TestConfirmGuard(t *testing.T) {
	d := NewConfirm(model.SetDesired{Group: "g", From: model.Capacity{Max: 9}, Desired: 3}, 0, "", t0, 400*time.Millisecond)
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	if got := d.Update(ctxAt(t0.Add(10*time.Millisecond)), enter); got != nil {
		t.Fatalf("enter at +10ms answered %#v", got)
	}
	if !strings.Contains(ansi.Strip(strings.Join(d.View(ctxAt(t0.Add(20*time.Millisecond)), 70), "\n")), "press y again to send") {
		t.Fatal("the swallowed key is not said")
	}
	if _, ok := d.Update(ctxAt(t0.Add(400*time.Millisecond)), tea.KeyPressMsg{Code: 'y', Text: "y"}).(Confirmed); !ok {
		t.Fatal("y at +400ms did not confirm")
	}
	if _, ok := d.Update(ctxAt(t0), tea.KeyPressMsg{Code: tea.KeyEscape}).(Close); !ok {
		t.Fatal("esc at once did not cancel")
	}
}

// Only the front dialog takes keys; every one is drawn.
func TestOverlay(t *testing.T) {
	var o Overlay
	a := NewChoice("first", "a", Option{Key: "x", Label: "x"})
	b := NewChoice("second", "b", Option{Key: "x", Label: "x"})
	o.Push(a)
	o.Push(b)
	if o.Front() != b || o.Len() != 2 {
		t.Fatal("front")
	}
	body := look.Blank(100, 30)
	out := ansi.Strip(strings.Join(o.View(ctxAt(t0), body, 100, 30), "\n"))
	if !strings.Contains(out, "second") {
		t.Fatalf("the front dialog is not drawn:\n%s", out)
	}
	o.Pop()
	if o.Front() != a {
		t.Fatal("pop")
	}
	o.Clear()
	if o.Front() != nil {
		t.Fatal("clear")
	}
}

// A note shows its paragraphs whole and closes on esc, q or enter.
func TestNote(t *testing.T) {
	d := NewNote("Delete web", "hoist does not delete load balancers.", "aws elbv2 delete-load-balancer --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188")
	out := ansi.Strip(strings.Join(d.View(ctxAt(t0), 40), ""))
	if !strings.Contains(strings.ReplaceAll(out, " ", ""), "loadbalancer/app/web/50dc6c495c0c9188") {
		t.Errorf("the command is cut:\n%s", out)
	}
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyEscape}, {Code: 'q', Text: "q"}, {Code: tea.KeyEnter}} {
		if _, ok := d.Update(ctxAt(t0), k).(Close); !ok {
			t.Errorf("%s does not close the note", k)
		}
	}
	if d.Update(ctxAt(t0), tea.KeyPressMsg{Code: 'y', Text: "y"}) != nil {
		t.Error("y did something")
	}
}
