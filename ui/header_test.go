package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/fixture"
)

// However long the error behind stale data, the header still says
// "stale" and how old the data is, at every width the console draws.
func TestHeaderKeepsDataAgeBesideALongError(t *testing.T) {
	for _, ro := range []bool{false, true} {
		for _, w := range []int{60, 80, 120, 160, 200} {
			m, _ := newTest(t, w, 40, Options{ReadOnly: ro})
			s := fixture.Snapshot(fixture.Now, 0)
			f := s.Fresh[model.ClassTargetHealth]
			f.Err = "elasticloadbalancing:DescribeTargetHealth refused: TargetGroupNotFound: One or more target groups not found"
			f.Failures = 2
			s.Fresh[model.ClassTargetHealth] = f
			m.Update(SnapshotMsg{Snapshot: s})
			head := ansi.Strip(strings.Split(screen(m), "\n")[0])
			if !strings.Contains(head, "stale 3s") {
				t.Errorf("read-only %v, %d columns: no data age in %q", ro, w, head)
			}
			if got := ansi.StringWidth(head); got != w {
				t.Errorf("read-only %v, %d columns: header %d wide", ro, w, got)
			}
			if w >= 120 && !strings.Contains(head, "/h") {
				t.Errorf("read-only %v, %d columns: cost dropped: %q", ro, w, head)
			}
		}
	}
}

// "throttled", the short reason, stays beside the data age from 80
// columns up, even when the identity has to give way for it.
func TestHeaderKeepsThrottled(t *testing.T) {
	for _, w := range []int{80, 120, 160, 200} {
		m, _ := newTest(t, w, 40, Options{ReadOnly: true})
		s := fixture.Snapshot(fixture.Now, 0)
		f := s.Fresh[model.ClassGroups]
		f.Err, f.Throttled, f.Failures = "AWS throttled autoscaling:DescribeAutoScalingGroups (Throttling); the account's API rate is shared by every tool, so wait a little", true, 1
		s.Fresh[model.ClassGroups] = f
		m.Update(SnapshotMsg{Snapshot: s})
		if head := ansi.Strip(strings.Split(screen(m), "\n")[0]); !strings.Contains(head, "stale 3s, throttled │") {
			t.Errorf("%d columns: %q", w, head)
		}
	}
}
