package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The report screens through a real terminal (issue 14).

// :report on hoist --sim shows the fleet report with its scaling
// response; w writes the Markdown hoist report prints under the state
// directory and says where; i switches to the incident record.
func TestConsoleReportInTmux(t *testing.T) {
	t.Parallel()
	state, env := isolatedEnv(t)
	tm := newTmux(t, 120, 40, env, "--sim")
	tm.waitScreen(90*time.Second, "the groups", func(s string) bool {
		return strings.Contains(s, "solemate-web-pr") && strings.Contains(s, "SIMULATOR")
	})
	tm.keys(":")
	tm.typeText("report")
	tm.keys("Enter")
	screen := tm.waitScreen(60*time.Second, "the scaling response", func(s string) bool {
		return strings.Contains(s, "SCALING RESPONSE") && strings.Contains(s, "Fleet report 24h")
	})
	if !strings.Contains(screen, "SIMULATOR 000000000000 us-east-1") || !strings.Contains(screen, "availability") {
		t.Fatalf("the report's summary:\n%s", screen)
	}
	if err := printableScreen(screen); err != nil {
		t.Fatal(err)
	}
	tm.keys("w")
	screen = tm.waitText(15*time.Second, "wrote ")
	files, _ := filepath.Glob(filepath.Join(state, "hoist", "reports", "report-24h-*.md"))
	if len(files) != 1 || !strings.Contains(line(screen, "wrote "), filepath.Base(files[0])) {
		t.Fatalf("files %v; the status line: %q", files, line(screen, "wrote "))
	}
	b, err := os.ReadFile(files[0])
	if err != nil || !strings.HasPrefix(string(b), "# Fleet report, ") || !strings.Contains(string(b), "## Recommendations") {
		t.Fatalf("the file is not hoist report's Markdown (%v):\n%.400s", err, b)
	}
	tm.keys("i")
	tm.waitScreen(60*time.Second, "the incident record", func(s string) bool {
		return strings.Contains(s, "Incident record 2h") && strings.Contains(s, "TIMELINE")
	})
	tm.quit()
}

// A capacity plan made on the Insights screen raises max through one
// confirm, sent once: the simulator applies exactly one change, the one
// the screen showed.
func TestConsoleCapacityPlanInTmux(t *testing.T) {
	t.Parallel()
	url := simServe(t)
	_, env := isolatedEnv(t)
	tm := newTmux(t, 120, 40, env, "--endpoint-url", url)
	tm.waitScreen(30*time.Second, "the groups", func(s string) bool { return strings.Contains(s, "solemate-web-pr") })
	tm.keys("I")
	tm.waitScreen(60*time.Second, "the recommendations", func(s string) bool {
		return strings.Contains(s, "RECOMMENDATIONS") && !strings.Contains(s, "reading")
	})
	tm.keys("c", "C-u")
	tm.typeText("solemate-web-prod")
	tm.keys("Tab", "C-u")
	tm.typeText("20")
	screen := tm.waitText(5*time.Second, "does not")
	raise := regexp.MustCompile(`~ group solemate-web-prod max (\d+) → (\d+)`).FindStringSubmatch(screen)
	if raise == nil {
		t.Fatalf("the preview has no change of max:\n%s", screen)
	}
	tm.keys("Enter", "Enter", "Enter")
	tm.waitText(5*time.Second, "CAPACITY PLANS")
	tm.keys("a")
	screen = tm.waitText(5*time.Second, "y/enter send all   n/esc cancel")
	if !strings.Contains(screen, "max "+raise[1]+" → "+raise[2]) {
		t.Fatalf("the confirm does not show max %s → %s:\n%s", raise[1], raise[2], screen)
	}
	if n := len(mutations(simStats(t, url), "UpdateAutoScalingGroup")); n != 0 {
		t.Fatalf("%d UpdateAutoScalingGroup before y", n)
	}
	tm.keys("y")
	tm.waitScreen(15*time.Second, "the result", func(s string) bool { return strings.Contains(line(s, "done:"), "solemate-web-prod") })
	ups := mutations(simStats(t, url), "UpdateAutoScalingGroup")
	if len(ups) != 1 || ups[0].Group != "solemate-web-prod" || fmt.Sprint(ups[0].Values["max"]) != raise[2] {
		t.Fatalf("the simulator applied %+v, want one UpdateAutoScalingGroup of solemate-web-prod to max %s", ups, raise[2])
	}
	tm.quit()
}
