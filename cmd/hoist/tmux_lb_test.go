package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The load balancer screen through a real terminal (issue 11): B opens
// it, enter opens solemate-web, e opens its target group's health check
// form; the interval typed there is confirmed field by field and applied
// by the simulator exactly once, with every other field as it was.

// openWebTG opens the load balancer screen on solemate-web with its
// target group selected, once its details are read.
func openWebTG(t *testing.T, tm *tmux) string {
	t.Helper()
	tm.waitScreen(20*time.Second, "the groups", func(s string) bool {
		return strings.Contains(s, "solemate-web-pr") && strings.Contains(s, "SIMULATOR")
	})
	tm.keys("B")
	tm.waitScreen(10*time.Second, "the load balancers", func(s string) bool {
		return strings.Contains(s, "Load balancers us-east-1") && strings.Contains(s, "solemate-web ")
	})
	tm.keys("G") // solemate-web sorts last
	tm.waitText(5*time.Second, "▶ solemate-web ")
	tm.keys("Enter")
	// j j steps over the rows the details have: wait for them, or on a
	// loaded machine the cursor runs past a target group not read yet.
	tm.waitScreen(20*time.Second, "solemate-web's target groups read", func(s string) bool {
		return strings.Contains(s, "solemate-web-tg") && !strings.Contains(s, "reading its target groups")
	})
	tm.keys("j", "j")
	return tm.waitScreen(20*time.Second, "solemate-web-tg selected, its details read", func(s string) bool {
		return strings.Contains(s, "▶ solemate-web-tg") && strings.Contains(s, "round robin") && !strings.Contains(s, "reading its target groups")
	})
}

var everyRE = regexp.MustCompile(`health check HTTP /healthz on traffic-port every (\d+)s`)

func TestConsoleLBHealthCheckInTmux(t *testing.T) {
	t.Parallel()
	url := simServe(t)
	_, env := isolatedEnv(t)
	tm := newTmux(t, 120, 40, env, "--endpoint-url", url)
	screen := openWebTG(t, tm)
	m := everyRE.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no health check interval on the screen:\n%s", screen)
	}
	from, to := m[1], "10"
	if from == to {
		to = "20"
	}

	tm.keys("e")
	tm.waitText(5*time.Second, "Health check of solemate-web-tg")
	tm.keys("Tab", "Tab", "C-u")
	tm.typeText(to)
	tm.keys("Enter", "Enter", "Enter", "Enter", "Enter") // to the last field, and submit
	change := fmt.Sprintf("health check interval %ss → %ss", from, to)
	screen = tm.waitText(5*time.Second, "Confirm")
	if !strings.Contains(screen, change) || !strings.Contains(screen, "targetgroup/solemate-web-tg") {
		t.Fatalf("the confirm does not show %q:\n%s", change, screen)
	}
	if n := len(mutations(simStats(t, url), "ModifyTargetGroup")); n != 0 {
		t.Fatalf("%d ModifyTargetGroup before y", n)
	}
	tm.waitText(5*time.Second, confirmReady)
	tm.keys("y")
	tm.waitScreen(15*time.Second, "the result", func(s string) bool {
		return strings.Contains(line(s, "done:"), "targetgroup/solemate-web-tg: "+change)
	})
	mods := mutations(simStats(t, url), "ModifyTargetGroup")
	if len(mods) != 1 {
		t.Fatalf("the simulator applied %d ModifyTargetGroup, want 1: %+v", len(mods), mods)
	}
	v := mods[0].Values
	if !strings.Contains(fmt.Sprint(v["arn"]), "targetgroup/solemate-web-tg/") || fmt.Sprint(v["interval"]) != to ||
		fmt.Sprint(v["timeout"]) != "5" || v["path"] != "/healthz" {
		t.Fatalf("the simulator applied %+v, want solemate-web-tg's interval %s and the rest as it was", v, to)
	}
	tm.waitText(15*time.Second, "every "+to+"s, timeout 5s") // the screen reads it back
	tm.quit()
}

// Under --read-only the screen's changing keys say why they are disabled,
// no form opens, and nothing but reads reaches the simulator.
func TestConsoleLBReadOnlyInTmux(t *testing.T) {
	t.Parallel()
	url := simServe(t)
	_, env := isolatedEnv(t)
	tm := newTmux(t, 120, 40, env, "--read-only", "--endpoint-url", url)
	openWebTG(t, tm)
	for _, k := range []struct{ key, says string }{
		{"e", "edit the target group's health check"},
		{"a", "edit the target group's attributes"},
		{"i", "register an instance"},
		{"d", "deregister a target"},
	} {
		tm.keys(k.key)
		screen := tm.waitScreen(5*time.Second, "why "+k.key+" is disabled", func(s string) bool {
			l := line(s, "read-only:")
			return strings.Contains(l, k.says) && strings.Contains(l, "--read-only")
		})
		if strings.Contains(screen, "Health check of") || strings.Contains(screen, "Confirm") {
			t.Fatalf("%s opened a form under --read-only:\n%s", k.key, screen)
		}
	}
	tm.keys("k", "t") // the HTTPS listener
	tm.waitScreen(5*time.Second, "why t is disabled", func(s string) bool {
		return strings.Contains(line(s, "read-only:"), "TLS policy or default certificate")
	})
	tm.keys("y", "Enter", "Escape")
	tm.keys("r")
	time.Sleep(time.Second) // the time a real change takes to land in the scale test
	onlyReads(t, url)
	tm.quit()
}
