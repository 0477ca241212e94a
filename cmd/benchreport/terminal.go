package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"

	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"
)

// terminalFigures measures the real binary the way an engineer meets it: in
// a terminal, against `hoist sim serve`, beside what they would otherwise
// run (`watch -n 2 aws autoscaling describe-auto-scaling-groups`, or the aws
// CLI once).
func terminalFigures(ctx context.Context, o options) ([]Figure, error) {
	if _, err := os.Stat(o.bin); err != nil {
		return nil, fmt.Errorf("no hoist binary at %s (run make build): %w", o.bin, err)
	}
	for _, tool := range []string{"aws", "watch"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%s is needed for the terminal baseline: %w", tool, err)
		}
	}
	acc := newAccumulator()
	for run := 1; run <= o.count; run++ {
		fmt.Fprintf(os.Stderr, "benchreport: terminal run %d of %d\n", run, o.count)
		if err := bytesRun(ctx, o, acc); err != nil {
			return nil, err
		}
		for _, groups := range []int{1000, 5000} {
			if err := startupRun(ctx, o, groups, acc); err != nil {
				return nil, err
			}
		}
	}
	return acc.figures(), nil
}

// accumulator gathers values of figures over runs, keeping first-seen order.
type accumulator struct {
	order []string
	figs  map[string]*Figure
}

func newAccumulator() *accumulator { return &accumulator{figs: map[string]*Figure{}} }

func (a *accumulator) add(section, name, unit string, v float64, baselineLabel string, b float64) {
	k := section + "|" + name + "|" + unit
	f, ok := a.figs[k]
	if !ok {
		f = &Figure{Section: section, Name: name, Unit: unit}
		if baselineLabel != "" {
			f.Baselines = []Baseline{{Label: baselineLabel}}
		}
		a.figs[k] = f
		a.order = append(a.order, k)
	}
	f.Values = append(f.Values, v)
	if baselineLabel != "" {
		f.Baselines[0].Values = append(f.Baselines[0].Values, b)
	}
}

func (a *accumulator) figures() []Figure {
	out := make([]Figure, 0, len(a.order))
	for _, k := range a.order {
		out = append(out, *a.figs[k])
	}
	return out
}

const watchLabel = "watch -n 2 aws autoscaling describe-auto-scaling-groups"

// bytesRun measures bytes per second written to the terminal, idle and
// during a flash sale, at 80x24 and 120x40, for hoist and for watch.
func bytesRun(ctx context.Context, o options, acc *accumulator) error {
	for _, phase := range []struct {
		name     string
		scenario string
		speed    string
	}{
		{"idle", "steady", "1"},
		{"flash-sale", "flash-sale", "10"},
	} {
		sim, err := startSim(ctx, o.bin, "--speed", phase.speed, "--scenario", phase.scenario)
		if err != nil {
			return err
		}
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			name := fmt.Sprintf("%s %dx%d", phase.name, size[0], size[1])
			h, err := measureBytes(ctx, o, size, hoistArgs(o.bin, sim.url), sim.names)
			if err != nil {
				sim.stop()
				return fmt.Errorf("hoist %s: %w", name, err)
			}
			w, err := measureBytes(ctx, o, size, []string{"watch", "-n", "2", "aws", "--endpoint-url", sim.url,
				"autoscaling", "describe-auto-scaling-groups"}, []string{"AutoScalingGroups"})
			if err != nil {
				sim.stop()
				return fmt.Errorf("watch %s: %w", name, err)
			}
			acc.add("Terminal: bytes written per second", name, "B/s", h, watchLabel, w)
		}
		sim.stop()
	}
	return nil
}

// startupRun measures start to first data frame, key press to next frame
// and peak RSS with a large fleet, beside the aws CLI fetching the same
// groups once.
func startupRun(ctx context.Context, o options, groups int, acc *accumulator) error {
	sim, err := startSim(ctx, o.bin, "--fleet", "large", "--groups", fmt.Sprint(groups))
	if err != nil {
		return err
	}
	defer sim.stop()

	cliStart := time.Now()
	cli := exec.CommandContext(ctx, "aws", "--endpoint-url", sim.url, "autoscaling", "describe-auto-scaling-groups", "--output", "json")
	cli.Env = benchEnv("")
	if err := cli.Run(); err != nil {
		return fmt.Errorf("aws CLI baseline: %w", err)
	}
	cliTime := time.Since(cliStart)
	cliRSS := maxRSS(cli.ProcessState)

	p, err := startPTY(ctx, 120, 40, hoistArgs(o.bin, sim.url))
	if err != nil {
		return err
	}
	first, err := p.waitFor(anyOf(sim.names), 2*time.Minute)
	if err != nil {
		p.stop()
		return fmt.Errorf("hoist never showed a group with %d groups: %w", groups, err)
	}
	var lat []float64
	for range 10 {
		d, err := p.keyLatency([]byte("j"), 5*time.Second)
		if err != nil {
			p.stop()
			return err
		}
		lat = append(lat, float64(d.Microseconds())/1000)
	}
	state := p.stop()
	name := fmt.Sprintf("%d groups", groups)
	acc.add("Console at scale (120x40)", "start to first data frame, "+name, "ms", float64(first.Milliseconds()),
		"aws CLI describe-auto-scaling-groups, all pages", float64(cliTime.Milliseconds()))
	acc.add("Console at scale (120x40)", "key press to next frame, "+name, "ms", summarize(lat).Median,
		"", 0)
	acc.add("Console at scale (120x40)", "peak RSS, "+name, "MiB", maxRSS(state),
		"aws CLI describe-auto-scaling-groups", cliRSS)
	return nil
}

func hoistArgs(bin, url string) []string {
	return []string{bin, "--endpoint-url", url, "--region", "us-east-1"}
}

// measureBytes runs argv in a terminal of the given size, waits for its
// first data frame, then counts the bytes it writes over the window.
func measureBytes(ctx context.Context, o options, size [2]int, argv, ready []string) (float64, error) {
	p, err := startPTY(ctx, size[0], size[1], argv)
	if err != nil {
		return 0, err
	}
	defer p.stop()
	if _, err := p.waitFor(anyOf(ready), time.Minute); err != nil {
		return 0, err
	}
	before := p.total()
	select {
	case <-time.After(o.window):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	return float64(p.total()-before) / o.window.Seconds(), nil
}

// sim is a running `hoist sim serve`.
type sim struct {
	url   string
	names []string // group names, to recognise a frame with data
	cmd   *exec.Cmd
}

func startSim(ctx context.Context, bin string, args ...string) (*sim, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	argv := append([]string{"sim", "serve", "--listen", addr, "--seed", "1"}, args...)
	cmd := exec.CommandContext(ctx, bin, argv...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the simulator: %w", err)
	}
	s := &sim{url: "http://" + addr, cmd: cmd}
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := http.Get(s.url + "/_sim/stats")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("the simulator did not answer at %s: %w", addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	names, err := groupNames(ctx, s.url)
	if err != nil {
		s.stop()
		return nil, err
	}
	s.names = names
	return s, nil
}

func (s *sim) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	_ = s.cmd.Wait()
}

func groupNames(ctx context.Context, url string) ([]string, error) {
	cmd := exec.CommandContext(ctx, "aws", "--endpoint-url", url, "autoscaling", "describe-auto-scaling-groups",
		"--query", "AutoScalingGroups[].AutoScalingGroupName", "--output", "json")
	cmd.Env = benchEnv("")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("list the simulator's groups: %w", err)
	}
	var names []string
	if err := json.Unmarshal(out, &names); err != nil || len(names) == 0 {
		return nil, fmt.Errorf("the simulator listed no groups (%v)", err)
	}
	return names, nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// benchEnv is a clean environment with fake credentials and, for hoist, a
// private state directory so its journal and log stay out of $HOME.
func benchEnv(state string) []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TERM=xterm-256color", "LANG=C.UTF-8",
		"AWS_ACCESS_KEY_ID=AKIDBENCHMARK", "AWS_SECRET_ACCESS_KEY=benchmark", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_REGION=us-east-1", "AWS_PAGER=",
	}
	if state != "" {
		env = append(env, "XDG_STATE_HOME="+state, "XDG_CONFIG_HOME="+state)
	}
	return env
}

// ptyRun is a program running in a pseudo-terminal whose output is counted.
type ptyRun struct {
	cmd  *exec.Cmd
	tty  *os.File
	dir  string
	mu   sync.Mutex
	n    int64
	tail []byte // the last output, for matching
	wake chan struct{}
	done chan struct{}
}

func startPTY(ctx context.Context, cols, rows int, argv []string) (*ptyRun, error) {
	dir, err := os.MkdirTemp("", "benchreport-")
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = benchEnv(dir)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start %s in a terminal: %w", argv[0], err)
	}
	p := &ptyRun{cmd: cmd, tty: tty, dir: dir, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go p.read()
	return p, nil
}

func (p *ptyRun) read() {
	defer close(p.done)
	buf := make([]byte, 32<<10)
	for {
		n, err := p.tty.Read(buf)
		if n > 0 {
			p.mu.Lock()
			p.n += int64(n)
			p.tail = append(p.tail, buf[:n]...)
			if len(p.tail) > 256<<10 {
				p.tail = append([]byte(nil), p.tail[len(p.tail)-128<<10:]...)
			}
			p.mu.Unlock()
			select {
			case p.wake <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

func (p *ptyRun) total() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// waitFor waits until the output so far satisfies match, and says how long
// that took from the start of the program.
func (p *ptyRun) waitFor(match func([]byte) bool, timeout time.Duration) (time.Duration, error) {
	start := time.Now()
	deadline := time.After(timeout)
	for {
		p.mu.Lock()
		ok := match(p.tail)
		p.mu.Unlock()
		if ok {
			return time.Since(start), nil
		}
		select {
		case <-p.wake:
		case <-p.done:
			return 0, errors.New("the program exited before its first data frame")
		case <-deadline:
			return 0, fmt.Errorf("nothing matched within %v", timeout)
		}
	}
}

// keyLatency writes key and times the arrival of the next output.
func (p *ptyRun) keyLatency(key []byte, timeout time.Duration) (time.Duration, error) {
	// Let any frame in flight finish so it is not taken for the answer.
	time.Sleep(150 * time.Millisecond)
	before := p.total()
	start := time.Now()
	if _, err := p.tty.Write(key); err != nil {
		return 0, err
	}
	_, err := p.waitFor(func([]byte) bool { return p.n > before }, timeout)
	return time.Since(start), err
}

// stop ends the program and returns its final state.
func (p *ptyRun) stop() *os.ProcessState {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	t := time.AfterFunc(5*time.Second, func() { _ = p.cmd.Process.Kill() })
	_ = p.cmd.Wait()
	t.Stop()
	p.tty.Close()
	<-p.done
	os.RemoveAll(p.dir)
	return p.cmd.ProcessState
}

func anyOf(names []string) func([]byte) bool {
	return func(b []byte) bool {
		for _, n := range names {
			if bytes.Contains(b, []byte(n)) {
				return true
			}
		}
		return false
	}
}

// maxRSS is the peak resident set of a finished process, in MiB.
func maxRSS(st *os.ProcessState) float64 {
	if st == nil {
		return 0
	}
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024 // Linux reports KiB
	}
	return 0
}
