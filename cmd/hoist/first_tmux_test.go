package main

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// targetHealthRow is a target's row in the targets pane: its instance,
// its zone and its state.
var targetHealthRow = regexp.MustCompile(`i-[0-9a-f]{8,17}\s+\S+\s+(healthy|unhealthy|initial|draining|unused)`)

// timelineRow is a line of the timeline pane: a time, then what happened
// (a scaling activity, an alarm's change, hoist's own action).
var timelineRow = regexp.MustCompile(`\d\d:\d\d(:\d\d)?\s+(WARN |CRIT )?\s*(scaling|alarm|hoist|alert)\s+\S`)

// Issue 10: at 120x40 (a laptop's tmux pane) the first screen answers
// the incident without a key press: the groups and what is firing, the
// selected group's chart, its targets' health and its recent timeline.
func TestFirstScreenInTmux(t *testing.T) {
	t.Parallel()
	url := simServe(t, "--scenario", "flash-sale")
	_, env := isolatedEnv(t)
	tm := newTmux(t, 120, 40, env, "--endpoint-url", url)
	// the chart's target waits for the tracked metric's first read, which
	// under load can come after the targets and the timeline
	screen := tm.waitScreen(30*time.Second, "a target's health, a timeline line and the chart's target", func(s string) bool {
		return strings.Contains(s, "Groups 9") && targetHealthRow.MatchString(pane(s, "Targets")) && timelineRow.MatchString(pane(s, "Timeline")) &&
			strings.Contains(s, "target ")
	})
	for what, want := range map[string]string{
		"the alerts pane":    "Alerts",
		"the chart's target": "target ",
		"the capacity chart": "capacity desired ",
		"the selected group": "▶ solemate-",
		"the data's age":     "live <",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("no %s (%q) on the first screen:\n%s", what, want, screen)
		}
	}
	tm.quit()
}

// pane is the text of the boxes whose title starts with title, from the
// title's column to the box's right edge: the two-column layout puts
// targets and timeline on the right.
func pane(screen, title string) string {
	lines := strings.Split(screen, "\n")
	var out []string
	col := -1
	for _, l := range lines {
		r := []rune(l)
		if col < 0 {
			if i := strings.Index(l, "─ "+title); i >= 0 {
				col = len([]rune(l[:i])) - 1
			}
			continue
		}
		if col >= len(r) || r[col] == '└' {
			break
		}
		out = append(out, string(r[col:]))
	}
	return strings.Join(out, "\n")
}
