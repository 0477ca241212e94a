package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
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
	for _, tool := range []string{"aws", "watch", "cat"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%s is needed for the terminal baselines: %w", tool, err)
		}
	}
	defer children.stopAll()
	acc := newAccumulator()
	for run := 1; run <= o.count; run++ {
		fmt.Fprintf(os.Stderr, "benchreport: terminal run %d of %d\n", run, o.count)
		if err := bytesRun(ctx, o, acc); err != nil {
			return nil, err
		}
		if o.only == "bytes" {
			continue
		}
		var runs []scaleResult
		for _, groups := range []int{1000, 5000} {
			r, err := scaleRun(ctx, o, groups)
			if err != nil {
				return nil, err
			}
			runs = append(runs, r)
		}
		addScale(acc, runs)
	}
	return acc.figures(), nil
}

// Sections of the terminal figures.
var (
	secBytes = section{
		Key:   "terminal.bytes",
		Title: "Terminal: bytes written per second",
		Note: "The real binary in a pseudo-terminal (xterm-256color, dark background; queries answered as xterm answers them) " +
			"against `hoist sim serve` with its default fleet (9 groups), counted from 10 s after the first frame with data, over " +
			"the measuring window. Idle: scenario steady at real speed. Flash sale: scenario flash-sale at 10x speed, so traffic " +
			"quintuples and groups scale out within the window. All four programs of a phase run at once against the same " +
			"simulator. Baseline: `watch -n 2 aws autoscaling describe-auto-scaling-groups` at the same size, what an engineer " +
			"would otherwise leave open.",
	}
	secScale = section{
		Key:   "terminal.scale",
		Title: "Console at scale (120x40)",
		Note: "hoist against `hoist sim serve --fleet large` (steady scenario: some group is always scaling). **Start to first " +
			"data frame**: from starting the process to the first frame that shows a group row (name and min/desired/max), beside " +
			"the aws CLI listing the same groups once (every page). **Key press to next frame**: `j` and `k` alternately, 20 times " +
			"from 10 s after start (once the first cycle of every class has landed; before, a key waits behind the processing of " +
			"each class's first snapshot), from writing the key to the pty to the first byte of the frame that moves the selection " +
			"(the row marker); one run's figures are the median and the 90th percentile of the 20. Beside it, the aws CLI " +
			"describing one group (`--auto-scaling-group-names`), the engineer's other way to see the next group, and the " +
			"terminal's own floor: `cat` echoing a key through the same kind of pty. **Requests a minute** (counted by the " +
			"simulator) and **console CPU** (a share of one core) over the minute from 40 s after start, beside the aws CLI " +
			"listing every group every 10 s (`watch -n 10`, the cadence hoist had for every group before fleet-scale polling): " +
			"one listing's requests and CPU, measured in the same run, six times. **Peak RSS** over the console's 100 s, beside " +
			"the aws CLI listing every group. The goals are issue 10's.",
	}
	secSim = section{
		Key:   "terminal.sim",
		Title: "Simulator: memory and CPU (hoist sim serve)",
		Note: "The simulator's process while it serves one console for its first 20 s at real speed (dynamics ticking; the " +
			"console's start-up cycle, which reads every instance, and then every class at the default cadences): peak RSS over its life (building the fleet included) and CPU time over those 20 s " +
			"as a share of one core. Baseline: the hoist console it serves, over the same 20 s. moto cannot stand here: it " +
			"has no dynamics, and holding this fleet (10,000 or 50,000 instances) takes it longer to seed than the whole report.",
	}
)

// accumulator gathers values of figures over runs, keeping first-seen order.
type accumulator struct {
	order []string
	figs  map[string]*Figure
}

func newAccumulator() *accumulator { return &accumulator{figs: map[string]*Figure{}} }

// base is one baseline value of one run.
type base struct {
	label string
	v     float64
}

func (a *accumulator) add(sec section, name, unit string, v float64, baselines ...base) {
	k := sec.Title + "|" + name + "|" + unit
	f, ok := a.figs[k]
	if !ok {
		f = &Figure{Section: sec.Title, Note: sec.Note, Name: name, Key: sec.Key + "/" + name, Unit: unit}
		for _, b := range baselines {
			f.Baselines = append(f.Baselines, Baseline{Label: b.label})
		}
		a.figs[k] = f
		a.order = append(a.order, k)
	}
	f.Values = append(f.Values, v)
	for i, b := range baselines {
		f.Baselines[i].Values = append(f.Baselines[i].Values, b.v)
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

// settle is how long after its first data frame a program runs before its
// bytes are counted: the first metrics, target health and alarm history
// arrive in those seconds and redraw much of the screen once.
const settle = 10 * time.Second

// bytesRun measures bytes per second written to the terminal, idle and
// during a flash sale, at 80x24 and 120x40, for hoist and for watch: the
// four programs of a phase run at once against one simulator.
func bytesRun(ctx context.Context, o options, acc *accumulator) error {
	for _, phase := range []struct{ name, scenario, speed string }{
		{"idle", "steady", "1"},
		{"flash-sale", "flash-sale", "10"},
	} {
		s, err := startSim(ctx, o.bin, "--speed", phase.speed, "--scenario", phase.scenario)
		if err != nil {
			return err
		}
		type job struct {
			name  string
			size  [2]int
			argv  []string
			ready func([]byte) bool
			rate  float64
			err   error
		}
		var jobs []*job
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			jobs = append(jobs,
				&job{name: "hoist", size: size, argv: hoistArgs(o.bin, s.url), ready: groupRow},
				&job{name: "watch", size: size, argv: []string{"watch", "-n", "2", "aws", "--endpoint-url", s.url,
					"autoscaling", "describe-auto-scaling-groups"}, ready: contains("AutoScalingGroups")})
		}
		var wg sync.WaitGroup
		for _, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				j.rate, j.err = measureBytes(ctx, o.window, j.size, j.argv, j.ready)
			}()
		}
		wg.Wait()
		s.stop()
		for _, j := range jobs {
			if j.err != nil {
				return fmt.Errorf("%s %s %dx%d: %w", j.name, phase.name, j.size[0], j.size[1], j.err)
			}
		}
		for i := 0; i < len(jobs); i += 2 {
			h, w := jobs[i], jobs[i+1]
			acc.add(secBytes, fmt.Sprintf("%s %dx%d", phase.name, h.size[0], h.size[1]), "B/s", h.rate, base{watchLabel, w.rate})
		}
	}
	return nil
}

// measureBytes runs argv in a terminal of the given size, waits for its
// first data frame and then settle, and counts the bytes it writes over
// the window.
func measureBytes(ctx context.Context, window time.Duration, size [2]int, argv []string, ready func([]byte) bool) (float64, error) {
	p, err := startPTY(ctx, size[0], size[1], argv)
	if err != nil {
		return 0, err
	}
	defer p.stop()
	if _, err := p.waitFor(ready, 2*time.Minute); err != nil {
		return 0, err
	}
	if err := sleep(ctx, settle); err != nil {
		return 0, err
	}
	before := p.total()
	if err := sleep(ctx, window); err != nil {
		return 0, err
	}
	return float64(p.total()-before) / window.Seconds(), nil
}

// scaleResult is one scale run's measurements.
type scaleResult struct {
	groups                int
	first, cliAll, cliOne time.Duration
	echo                  time.Duration
	keys                  []float64 // ms
	rss, cliRSS, simRSS   float64   // MiB
	hoistCPU, simCPU      float64   // % of a core over the first 20 s
	steadyCPU             float64   // the console's, % of a core over the steady minute
	steadyRequests        float64   // the console's requests over the steady minute
	cliCPU                time.Duration
	cliRequests           int64 // what listing every group once asked of the simulator
}

// watchEvery is how often the baseline for a steady minute lists every
// group: `watch -n 10`, the cadence hoist had for every group before
// fleet-scale polling.
const watchEvery = 10 * time.Second

// addScale adds scale runs' figures, one quantity at a time.
func addScale(acc *accumulator, runs []scaleResult) {
	name := func(what string, r scaleResult) string { return fmt.Sprintf("%s, %d groups", what, r.groups) }
	watches := float64(time.Minute / watchEvery)
	watchLabel := fmt.Sprintf("aws CLI lists every group every %s (watch -n %d)", watchEvery, int(watchEvery.Seconds()))
	for _, r := range runs {
		acc.add(secScale, name("start to first data frame", r), "ms", ms(r.first), base{"aws CLI lists every group", ms(r.cliAll)})
	}
	for _, r := range runs {
		acc.add(secScale, name("key press to next frame", r), "ms", summarize(r.keys).Median,
			base{"aws CLI describes one group", ms(r.cliOne)}, base{"pty echo (cat), the floor", ms(r.echo)})
	}
	for _, r := range runs {
		acc.add(secScale, name("key press to next frame, slowest 10%", r), "ms", percentile90(r.keys),
			base{"aws CLI describes one group", ms(r.cliOne)}, base{"pty echo (cat), the floor", ms(r.echo)})
	}
	for _, r := range runs {
		acc.add(secScale, name("requests a minute", r), "requests/min", r.steadyRequests, base{watchLabel, float64(r.cliRequests) * watches})
	}
	for _, r := range runs {
		acc.add(secScale, name("console CPU over a minute", r), "% of a core", r.steadyCPU,
			base{watchLabel, 100 * r.cliCPU.Seconds() * watches / time.Minute.Seconds()})
	}
	for _, r := range runs {
		acc.add(secScale, name("peak RSS", r), "MiB", r.rss, base{"aws CLI lists every group", r.cliRSS})
	}
	for _, r := range runs {
		acc.add(secSim, name("peak RSS", r), "MiB", r.simRSS, base{"the hoist console it serves", r.rss})
	}
	for _, r := range runs {
		acc.add(secSim, name("CPU serving one console", r), "% of a core", r.simCPU, base{"the hoist console it serves", r.hoistCPU})
	}
}

// scaleRun measures, with a large fleet, start to first data frame, key
// press to next frame, the requests and CPU of a steady minute, and peak
// RSS, and the simulator's own.
func scaleRun(ctx context.Context, o options, groups int) (scaleResult, error) {
	r := scaleResult{groups: groups}
	s, err := startSim(ctx, o.bin, "--fleet", "large", "--groups", fmt.Sprint(groups))
	if err != nil {
		return r, err
	}
	defer s.stop()
	if err := cliBaselines(ctx, s, &r); err != nil {
		return r, err
	}
	p, err := startPTY(ctx, 120, 40, hoistArgs(o.bin, s.url))
	if err != nil {
		return r, err
	}
	defer p.stop()
	if err := consoleRun(ctx, p, s, &r); err != nil {
		return r, err
	}
	state := p.stop()
	s.stop()
	if state == nil || s.cmd.ProcessState == nil {
		return r, errors.New("hoist or the simulator did not exit")
	}
	r.rss, r.simRSS = maxRSS(state), maxRSS(s.cmd.ProcessState)
	return r, nil
}

// cliBaselines runs the aws CLI against s: listing every group (its time,
// peak RSS, CPU and the requests it made) and describing one; and times
// the pty's echo floor.
func cliBaselines(ctx context.Context, s *sim, r *scaleResult) error {
	before, err := simRequests(ctx, s.url)
	if err != nil {
		return err
	}
	cliStart := time.Now()
	cli := exec.CommandContext(ctx, "aws", "--endpoint-url", s.url, "autoscaling", "describe-auto-scaling-groups", "--output", "json")
	cli.Env = benchEnv("")
	cli.Stdout = io.Discard
	if err := cli.Run(); err != nil {
		return fmt.Errorf("aws CLI baseline: %w", err)
	}
	r.cliAll = time.Since(cliStart)
	r.cliRSS = maxRSS(cli.ProcessState)
	r.cliCPU = cli.ProcessState.UserTime() + cli.ProcessState.SystemTime()
	after, err := simRequests(ctx, s.url)
	if err != nil {
		return err
	}
	r.cliRequests = after - before
	if r.cliOne, err = cliOneGroup(ctx, s); err != nil {
		return err
	}
	r.echo, err = echoFloor(ctx)
	return err
}

// consoleRun drives the console in p: its first data frame, key presses
// from keysAfter, CPU over the first simCPUFor (its own and the
// simulator's), then the requests and CPU of the minute from steadyFrom.
func consoleRun(ctx context.Context, p *ptyRun, s *sim, r *scaleResult) error {
	simCPU0 := cpuTime(s.cmd.Process.Pid)
	if _, err := p.waitFor(groupRow, 3*time.Minute); err != nil {
		return fmt.Errorf("hoist never showed a group row with %d groups: %w", r.groups, err)
	}
	r.first = time.Since(p.started) // from the process's start, not the wait's
	// Keys are pressed once the first cycle of every class has landed: each
	// class's snapshot is processed on the UI goroutine, and at 5,000 groups
	// a key pressed meanwhile waits for it.
	if err := sleep(ctx, keysAfter-time.Since(p.started)); err != nil {
		return err
	}
	for i := range keyPresses {
		key := []byte("j")
		if i%2 == 1 {
			key = []byte("k")
		}
		d, err := p.keyLatency(key, selectionMoved, 5*time.Second)
		if err != nil {
			return fmt.Errorf("key press with %d groups: %w", r.groups, err)
		}
		r.keys = append(r.keys, ms(d))
	}
	if err := sleep(ctx, simCPUFor-time.Since(p.started)); err != nil {
		return err
	}
	wall := time.Since(p.started)
	r.hoistCPU = 100 * cpuTime(p.cmd.Process.Pid).Seconds() / wall.Seconds()
	r.simCPU = 100 * (cpuTime(s.cmd.Process.Pid) - simCPU0).Seconds() / wall.Seconds()
	if err := sleep(ctx, steadyFrom-time.Since(p.started)); err != nil {
		return err
	}
	req0, err := simRequests(ctx, s.url)
	if err != nil {
		return err
	}
	cpu0, t0 := cpuTime(p.cmd.Process.Pid), time.Now()
	if err := sleep(ctx, steadyFor); err != nil {
		return err
	}
	req1, err := simRequests(ctx, s.url)
	if err != nil {
		return err
	}
	el := time.Since(t0)
	r.steadyCPU = 100 * (cpuTime(p.cmd.Process.Pid) - cpu0).Seconds() / el.Seconds()
	r.steadyRequests = float64(req1-req0) / el.Minutes()
	return nil
}

// A scale run: keyPresses keys are pressed from keysAfter the console's
// start; the simulator's CPU and its baseline are over its first
// simCPUFor (the first cycle of every class and the second of the fast
// ones); the steady minute starts at steadyFrom, after the 40 s warm-up
// issue 10 measured from.
const (
	keysAfter  = 10 * time.Second
	keyPresses = 20
	simCPUFor  = 20 * time.Second
	steadyFrom = 40 * time.Second
	steadyFor  = time.Minute
)

// simRequests is how many requests the simulator at url has served.
func simRequests(ctx context.Context, url string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/_sim/stats", nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("the simulator's stats: %w", err)
	}
	defer resp.Body.Close()
	var st struct {
		Requests map[string]map[string]int64 `json:"requests"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return 0, fmt.Errorf("the simulator's stats: %w", err)
	}
	var n int64
	for _, ops := range st.Requests {
		for _, v := range ops {
			n += v
		}
	}
	return n, nil
}

// percentile90 is the 90th percentile of vs (the second slowest of 20).
func percentile90(vs []float64) float64 {
	s := slices.Clone(vs)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*9/10)]
}

func hoistArgs(bin, url string) []string {
	return []string{bin, "--endpoint-url", url, "--region", "us-east-1"}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// groupRowRE is a group row of hoist's groups pane once ANSI sequences are
// stripped: a simulator group name (perhaps cut short or cut in the
// middle with an ellipsis: "team00…app-0001-prod"), then min/desired/max.
// The header, alerts and timeline never show the three numbers.
var groupRowRE = regexp.MustCompile(`(?:team|sole)\S*\s*\d+/\d+/\d+`)

func groupRow(b []byte) bool { return groupRowRE.Match([]byte(ansi.Strip(string(b)))) }

// selectionMoved is the frame that answers j or k: it draws the selected
// row's marker, which an idle frame (the header's clock) never does.
func selectionMoved(b []byte) bool { return bytes.Contains(b, []byte("▶")) }

func contains(s string) func([]byte) bool {
	return func(b []byte) bool { return bytes.Contains(b, []byte(s)) }
}

// cliOneGroup times the aws CLI describing one group of s.
func cliOneGroup(ctx context.Context, s *sim) (time.Duration, error) {
	start := time.Now()
	cmd := exec.CommandContext(ctx, "aws", "--endpoint-url", s.url, "autoscaling", "describe-auto-scaling-groups",
		"--auto-scaling-group-names", s.firstGroup, "--output", "json")
	cmd.Env = benchEnv("")
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("aws CLI one group: %w", err)
	}
	if !bytes.Contains(out, []byte(s.firstGroup)) {
		return 0, fmt.Errorf("aws CLI did not describe %s", s.firstGroup)
	}
	return time.Since(start), nil
}

// echoFloor is the median time for `cat` in a pty to echo a key back: what
// no program in a terminal can beat.
func echoFloor(ctx context.Context) (time.Duration, error) {
	p, err := startPTY(ctx, 120, 40, []string{"cat"})
	if err != nil {
		return 0, err
	}
	defer p.stop()
	var ds []float64
	for range 10 {
		d, err := p.keyLatency([]byte("x"), func(b []byte) bool { return len(b) > 0 }, 5*time.Second)
		if err != nil {
			return 0, fmt.Errorf("cat in a pty: %w", err)
		}
		ds = append(ds, float64(d))
	}
	return time.Duration(summarize(ds).Median), nil
}

// sim is a running `hoist sim serve`.
type sim struct {
	url        string
	firstGroup string
	cmd        *exec.Cmd
	stopOnce   sync.Once
}

func startSim(ctx context.Context, bin string, args ...string) (*sim, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	argv := append([]string{"sim", "serve", "--listen", addr, "--seed", "1"}, args...)
	cmd := exec.CommandContext(ctx, bin, argv...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Env = benchEnv("")
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := children.start(cmd); err != nil {
		return nil, fmt.Errorf("start the simulator: %w", err)
	}
	s := &sim{url: "http://" + addr, cmd: cmd}
	// Building 5,000 groups takes a few seconds on 2 cores.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		name, err := firstGroup(ctx, s.url)
		if err == nil {
			s.firstGroup = name
			return s, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			s.stop()
			return nil, fmt.Errorf("the simulator did not answer at %s: %v (%s)", addr, err, strings.TrimSpace(errOut.String()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// groupNameRE finds a group name in an awsquery answer.
var groupNameRE = regexp.MustCompile(`<AutoScalingGroupName>([^<]+)</AutoScalingGroupName>`)

// firstGroup asks the simulator for one group, in the plain awsquery form
// the aws CLI sends (the simulator checks no signature).
func firstGroup(ctx context.Context, base string) (string, error) {
	form := url.Values{"Action": {"DescribeAutoScalingGroups"}, "Version": {"2011-01-01"}, "MaxRecords": {"1"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDBENCHMARK/20260101/us-east-1/autoscaling/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	m := groupNameRE.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		return "", fmt.Errorf("status %s, no group in %.200q", resp.Status, body)
	}
	return string(m[1]), nil
}

func (s *sim) stop() {
	s.stopOnce.Do(func() { children.stop(s.cmd) })
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
		"AWS_REGION=us-east-1", "AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true",
	}
	if state != "" {
		env = append(env, "XDG_STATE_HOME="+state, "XDG_CONFIG_HOME="+state)
	}
	return env
}

// --- child processes ---

// children are the processes benchreport started; whatever happens, none
// outlives it. Each leads its own process group, so stopping one stops
// what it started too (watch's aws CLI).
var children = &procs{live: map[*exec.Cmd]bool{}}

type procs struct {
	mu   sync.Mutex
	live map[*exec.Cmd]bool
}

func (p *procs) start(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	p.mu.Lock()
	p.live[cmd] = true
	p.mu.Unlock()
	return nil
}

// track registers a process started elsewhere (by pty.Start).
func (p *procs) track(cmd *exec.Cmd) {
	p.mu.Lock()
	p.live[cmd] = true
	p.mu.Unlock()
}

// stop sends SIGTERM to cmd's process group, SIGKILL after 5 s, and waits.
func (p *procs) stop(cmd *exec.Cmd) {
	p.mu.Lock()
	live := p.live[cmd]
	delete(p.live, cmd)
	p.mu.Unlock()
	if !live || cmd.Process == nil {
		return
	}
	pgid := cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	t := time.AfterFunc(5*time.Second, func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) })
	_ = cmd.Wait()
	t.Stop()
	_ = syscall.Kill(-pgid, syscall.SIGKILL) // anything left in the group
}

func (p *procs) stopAll() {
	p.mu.Lock()
	var all []*exec.Cmd
	for c := range p.live {
		all = append(all, c)
	}
	p.mu.Unlock()
	for _, c := range all {
		p.stop(c)
	}
}

// --- a program in a pseudo-terminal ---

// ptyRun is a program running in a pseudo-terminal whose output is
// counted, and whose terminal queries are answered as xterm answers them.
type ptyRun struct {
	cmd     *exec.Cmd
	tty     *os.File
	dir     string
	started time.Time
	mu      sync.Mutex
	n       int64
	out     []byte // output since the last mark, for matching
	wake    chan struct{}
	done    chan struct{}
	state   *os.ProcessState
	once    sync.Once
}

func startPTY(ctx context.Context, cols, rows int, argv []string) (*ptyRun, error) {
	dir, err := os.MkdirTemp("", "benchreport-")
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = benchEnv(dir)
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	start := time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)}) // a new session: its own group
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start %s in a terminal: %w", argv[0], err)
	}
	children.track(cmd)
	p := &ptyRun{cmd: cmd, tty: tty, dir: dir, started: start, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go p.read()
	return p, nil
}

// Queries a terminal answers, with xterm's answers for a dark background:
// Bubble Tea asks for the background colour, synchronized output (2026)
// and grapheme clustering (2027), which xterm does not know.
var answers = []struct{ query, answer string }{
	{"\x1b]11;?\x07", "\x1b]11;rgb:0000/0000/0000\x1b\\"},
	{"\x1b]11;?\x1b\\", "\x1b]11;rgb:0000/0000/0000\x1b\\"},
	{"\x1b[?2026$p", "\x1b[?2026;0$y"},
	{"\x1b[?2027$p", "\x1b[?2027;0$y"},
	{"\x1b[c", "\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c"},
	{"\x1b[0c", "\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c"},
	{"\x1b[6n", "\x1b[1;1R"},
}

const queryCarry = 16 // longest query, so one split across reads is seen

func (p *ptyRun) read() {
	defer close(p.done)
	buf := make([]byte, 32<<10)
	carry := []byte{}
	for {
		n, err := p.tty.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			scan := append(carry, chunk...)
			for _, a := range answers {
				for i := 0; ; {
					j := bytes.Index(scan[i:], []byte(a.query))
					if j < 0 {
						break
					}
					if i+j+len(a.query) > len(carry) { // not answered already
						_, _ = p.tty.Write([]byte(a.answer))
					}
					i += j + len(a.query)
				}
			}
			carry = append([]byte{}, scan[max(0, len(scan)-queryCarry):]...)
			p.mu.Lock()
			p.n += int64(n)
			p.out = append(p.out, chunk...)
			if len(p.out) > 1<<20 {
				p.out = append([]byte(nil), p.out[len(p.out)-512<<10:]...)
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

// mark forgets the output so far: the next waitFor sees only what follows.
func (p *ptyRun) mark() {
	p.mu.Lock()
	p.out = p.out[:0]
	p.mu.Unlock()
}

// waitFor waits until the output since the last mark satisfies match and
// says how long that took. match runs under p.mu: it must not call p's
// methods.
func (p *ptyRun) waitFor(match func([]byte) bool, timeout time.Duration) (time.Duration, error) {
	start := time.Now()
	deadline := time.After(timeout)
	for {
		p.mu.Lock()
		ok := match(p.out)
		p.mu.Unlock()
		if ok {
			return time.Since(start), nil
		}
		select {
		case <-p.wake:
		case <-p.done:
			return 0, errors.New("the program exited before its frame")
		case <-deadline:
			return 0, fmt.Errorf("nothing matched within %v", timeout)
		}
	}
}

// keyLatency lets the output go quiet, writes key and times the arrival
// of output that satisfies match.
func (p *ptyRun) keyLatency(key []byte, match func([]byte) bool, timeout time.Duration) (time.Duration, error) {
	p.quiet(100*time.Millisecond, time.Second)
	p.mark()
	start := time.Now()
	if _, err := p.tty.Write(key); err != nil {
		return 0, err
	}
	if _, err := p.waitFor(match, timeout); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// quiet waits until no output has arrived for gap, or for at most limit.
func (p *ptyRun) quiet(gap, limit time.Duration) {
	end := time.Now().Add(limit)
	for time.Now().Before(end) {
		n := p.total()
		time.Sleep(gap)
		if p.total() == n {
			return
		}
	}
}

// stop ends the program (and its process group) and returns its final
// state.
func (p *ptyRun) stop() *os.ProcessState {
	p.once.Do(func() {
		children.stop(p.cmd)
		p.tty.Close()
		<-p.done
		os.RemoveAll(p.dir)
		p.state = p.cmd.ProcessState
	})
	return p.state
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

// cpuTime is the user and system CPU time a running process has used, from
// /proc (0 when it cannot be read). Linux counts it in ticks of 1/100 s.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces; fields resume after its ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
