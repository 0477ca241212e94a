package main

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/solemate/hoist/aws/sim"
)

// typeAhead writes s into the terminal's input from the keyboard side and
// waits until the terminal holds it unread, so that it is there before
// anything asks a question.
func typeAhead(t *testing.T, ptmx, tty *os.File, s string) {
	t.Helper()
	if _, err := ptmx.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if !waitFor(5*time.Second, func() bool {
		n, err := unix.IoctlGetInt(int(tty.Fd()), unix.TIOCINQ)
		return err == nil && n >= len(s)
	}) {
		t.Fatalf("the terminal never held the %q typed ahead", s)
	}
}

// Issue 16: the command line's question discards what was typed before it
// was asked. A "y" already in the terminal's input does not answer it; a
// y typed after the question does.
func TestConfirmDiscardsTypeAhead(t *testing.T) {
	for _, c := range []struct {
		ahead, after string
		want         bool
	}{
		{"y\n", "n\n", false}, // the y typed ahead is discarded; n answers
		{"y\n", "y\n", true},  // a y after the question answers it
		{"\n\n", "y\n", true}, // enters typed ahead do not answer "no" either
	} {
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Fatal(err)
		}
		typeAhead(t, ptmx, tty, c.ahead)
		var out syncBuffer
		got := make(chan bool, 1)
		go func() {
			ok, _ := confirm(tty, &out, "web-prod: desired 3 → 6")
			got <- ok
		}()
		if !waitFor(5*time.Second, func() bool { return strings.Contains(out.String(), "Apply? [y/N]") }) {
			t.Fatalf("no question; wrote %q", out.String())
		}
		if _, err := ptmx.Write([]byte(c.after)); err != nil {
			t.Fatal(err)
		}
		select {
		case ok := <-got:
			if ok != c.want {
				t.Errorf("typed ahead %q, then %q: confirmed %v, want %v", c.ahead, c.after, ok, c.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("typed ahead %q, then %q: no answer", c.ahead, c.after)
		}
		ptmx.Close()
		tty.Close()
	}
}

// `hoist scale` on a terminal that already holds "y" and an enter when the
// command starts (typed while the previous command ran): the question
// waits for a fresh answer, and "n" then sends nothing.
func TestCLIScaleDiscardsTypeAhead(t *testing.T) {
	t.Parallel()
	s, url := newSim(t, sim.Options{Seed: 1})
	_, env := isolatedEnv(t)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	typeAhead(t, ptmx, tty, "y\r")

	p := &ptyProc{t: t, cmd: exec.Command(hoistBin, "scale", "solemate-web-prod", "--desired", "9", "--endpoint-url", url),
		done: make(chan struct{})}
	p.cmd.Env = env
	p.cmd.Stdin, p.cmd.Stdout, p.cmd.Stderr = tty, tty, tty
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close() // the child has it
	p.follow(ptmx)

	p.expect("Apply? [y/N]", 30*time.Second)
	// Had the y typed ahead answered, hoist would have sent the change and
	// exited 0; the n below could not change that.
	p.send("n\r")
	if code := p.exit(30 * time.Second); code == 0 || !strings.Contains(p.out.String(), "nothing was sent") {
		t.Errorf("n after type-ahead: exit %d\n%q", code, p.out.String())
	}
	if n := len(mutations(s.Stats(), "SetDesiredCapacity")); n != 0 {
		t.Errorf("%d SetDesiredCapacity after n", n)
	}
}
