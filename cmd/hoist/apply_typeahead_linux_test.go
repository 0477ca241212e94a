package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// `hoist apply` asks once, on a terminal only, and the question ignores
// what was typed before it: a "y" typed ahead does not apply the plan, a
// "y" after the question does; off a terminal without --yes it asks
// nothing and sends nothing.
func TestCLIApplyAsksOnce(t *testing.T) {
	t.Parallel()
	state, env := isolatedEnv(t)
	_, names := seedGroups(t, groupSeed{"web", 1, 2, 6})
	file := filepath.Join(t.TempDir(), "max.yml")
	if err := os.WriteFile(file, []byte("groups:\n  - select: {name: "+names[0]+"}\n    max: 9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"apply", "-f", file, "--endpoint-url", moto.URL}
	if r := runBinary(t, env, "y\n", args...); r.code != exitInvalid || !strings.Contains(r.stderr, "pass --yes") {
		t.Errorf("apply off a terminal: exit %d %q", r.code, r.stderr)
	}
	run := func(ahead, answer string) (int, string) {
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Fatal(err)
		}
		if ahead != "" {
			typeAhead(t, ptmx, tty, ahead)
		}
		p := &ptyProc{t: t, cmd: exec.Command(hoistBin, args...), done: make(chan struct{})}
		p.cmd.Env = env
		p.cmd.Stdin, p.cmd.Stdout, p.cmd.Stderr = tty, tty, tty
		p.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		tty.Close()
		p.follow(ptmx)
		p.expect("Apply? [y/N]", 60*time.Second)
		p.send(answer)
		return p.exit(60 * time.Second), p.out.String()
	}
	if code, out := run("y\r", "n\r"); code == 0 || !strings.Contains(out, "nothing was sent") {
		t.Errorf("n after a y typed ahead: exit %d\n%q", code, out)
	}
	if g := readGroup(t, names[0]); g.Max != 6 || readJournal(t, state) != nil {
		t.Fatalf("something was applied: %+v", g)
	}
	if code, out := run("", "y\r"); code != 0 || !strings.Contains(out, "Applied 1 change (journal: apply ") {
		t.Errorf("y: exit %d\n%q", code, out)
	}
	if g := readGroup(t, names[0]); g.Max != 9 {
		t.Errorf("y did not apply: %+v", g)
	}
}
