package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"go.uber.org/goleak"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui"
)

// Fault drills (issue 5, "Fault drills", "Security", "Bad input"). The
// whole stack runs in this process: the simulator served with httptest,
// aws.Open and aws.NewBackend on it through the SDK (only the endpoint
// differs from AWS), and the console's ui.Model fed snapshots and key
// presses the way tea.Program feeds them. The real binary runs where a
// process is needed: the SIGKILL drill and the command line's checks.
//
// The poller, the console's data age and the simulator run on one clock
// drillSpeed times faster than real time, with the poller's production
// cadences and backoff: two simulated minutes take two real seconds and
// the drills about 23 s, with -race too (plus the package's TestMain,
// which builds the binary and starts moto). The faults are the
// simulator's own (sim.Faults); nothing here asserts wall-clock time but
// the 50 ms key-handling bound of the slow-answers drill.
//
//	TestDrillThrottling            30% of calls throttled for two minutes
//	TestDrillSlowAndFailing        10% 5xx, 20% take 3 s: keys, goroutines
//	TestDrillOutage                every call refused for 60 s
//	TestDrillActionsUnderFaults    journal and simulator agree, action for action
//	TestDrillKilledMidAction       SIGKILL between intent and outcome
//	TestDrillExpiredCredentials    ExpiredToken, then refreshed keys or file
//	TestDrillInvalidActionsCLI     bad values refused by hoist scale/suspend
//	TestDrillInvalidActionsConsole and by the console's keys
//	TestDrillNoSecrets             no secret, token or signature anywhere
//
// Helpers are prefixed drill so they do not collide with the other test
// files of this package.

// ---- the drill rig: simulator -> adapter -> console, in one process ----

// drillSpeed is how much faster than real time the drills' clocks run: the
// poller keeps its default cadences (groups every 10 s, alarms every 30 s,
// ...) and its backoff, and two simulated minutes pass in two real seconds.
const drillSpeed = 60

// drillClock is an aws.Clock that runs drillSpeed times faster than real
// time. The poller's timers, the console's data age and the simulator's
// virtual clock all run at this speed; HTTP calls still take real time.
type drillClock struct {
	start time.Time // simulated time at real0
	real0 time.Time
}

func newDrillClock(start time.Time) *drillClock {
	return &drillClock{start: start, real0: time.Now()}
}

func (c *drillClock) Now() time.Time {
	return c.start.Add(time.Since(c.real0) * drillSpeed)
}

func (c *drillClock) NewTimer(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d / drillSpeed)
	return t.C, t.Stop
}

// sleep waits for d of simulated time.
func (c *drillClock) sleep(d time.Duration) { time.Sleep(d / drillSpeed) }

// drillLog is a log sink the tests can read while the session writes.
type drillLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *drillLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *drillLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type drillRig struct {
	t       *testing.T
	sim     *sim.Cloud
	srv     *httptest.Server
	url     string
	clock   *drillClock
	log     *drillLog
	journal string
	session *aws.Session
	backend *aws.Regions
	con     *drillConsole
	cancel  context.CancelFunc
	done    chan struct{}
	stopped bool
	simStop context.CancelFunc
	once    sync.Once
}

type drillOpts struct {
	session  func(*aws.Options) // adjust the session's options
	poller   aws.PollerOptions
	ui       ui.Options
	noRun    bool   // do not start the poller
	simStill bool   // do not run the simulator's clock: no dynamics
	state    string // XDG_STATE_HOME to use; "" for a fresh one
}

// newDrillRig serves a simulator (running at drillSpeed) with httptest,
// opens a session on it as cmd/hoist does (the SDK's credential chain from
// the test's environment, the journal under XDG_STATE_HOME), logging to
// memory, and builds the console over aws.NewBackend. Everything stops
// when the test ends or shutdown is called.
func newDrillRig(t *testing.T, o drillOpts) *drillRig {
	t.Helper()
	state, _ := testDirs(t)
	if o.state != "" {
		state = o.state
		t.Setenv("XDG_STATE_HOME", state)
	}
	s, err := sim.NewCloud(sim.Options{Seed: 7, Speed: drillSpeed})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	r := &drillRig{t: t, sim: s, srv: srv, url: srv.URL, clock: newDrillClock(s.Now()), log: &drillLog{},
		journal: filepath.Join(state, "hoist", "journal.jsonl")}
	simCtx, simStop := context.WithCancel(context.Background())
	r.simStop = simStop
	if !o.simStill {
		go s.Run(simCtx)
	}

	opts := aws.Options{
		Endpoint:    r.url,
		Logger:      slog.New(slog.NewTextHandler(r.log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		JournalPath: r.journal,
		Clock:       r.clock,
		MaxBackoff:  20 * time.Millisecond, // the SDK's retry sleeps are real time
	}
	if o.session != nil {
		o.session(&opts)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r.session, err = aws.Open(ctx, opts)
	if err != nil {
		t.Fatalf("aws.Open: %v", err)
	}
	r.backend = aws.NewRegions([]*aws.Session{r.session}, o.poller)
	uo := o.ui
	if uo.Clock == nil {
		uo.Clock = r.clock.Now
	}
	uo.Location = time.UTC
	uo.NoColor = true
	uo.ReadOnly = uo.ReadOnly || opts.ReadOnly
	uo.Logger = opts.Logger
	r.con = newDrillConsole(ui.New(r.backend, uo), r.backend)
	t.Cleanup(r.shutdown)
	if !o.noRun {
		r.start()
	}
	return r
}

func (r *drillRig) start() {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan struct{})
	go func() {
		defer close(r.done)
		_ = r.backend.Run(ctx)
	}()
}

// shutdown stops everything the rig started: the console's commands, the
// poller, the session, the simulator's clock and its server, whose
// connections it closes so that the client's idle ones end too.
func (r *drillRig) shutdown() {
	r.once.Do(func() {
		r.con.close()
		r.stop()
		r.session.Close()
		r.simStop()
		r.srv.CloseClientConnections()
		r.srv.Close()
	})
}

// stop stops the poller and waits for it.
func (r *drillRig) stop() {
	if r.stopped || r.cancel == nil {
		return
	}
	r.stopped = true
	r.cancel()
	select {
	case <-r.done:
	case <-time.After(30 * time.Second):
		r.t.Fatal("the backend did not stop within 30 s")
	}
}

// requests is how many AWS requests reached the simulator so far.
func (r *drillRig) requests() int64 {
	var n int64
	for _, ops := range r.sim.Stats().Requests {
		for _, c := range ops {
			n += c
		}
	}
	return n
}

// ---- a console driven the way tea.Program drives it ----

// drillConsole feeds ui.Model messages on the test goroutine, as
// tea.Program would: snapshots from the backend, and the messages of the
// commands Update returns, each command run on its own goroutine.
type drillConsole struct {
	m      *ui.Model
	b      *aws.Regions
	msgs   chan tea.Msg
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	last   model.Snapshot
	nsnaps int
}

func newDrillConsole(m *ui.Model, b *aws.Regions) *drillConsole {
	ctx, cancel := context.WithCancel(context.Background())
	c := &drillConsole{m: m, b: b, msgs: make(chan tea.Msg, 256), ctx: ctx, cancel: cancel}
	c.update(tea.WindowSizeMsg{Width: 160, Height: 45})
	c.run(m.Init())
	return c
}

var drillCmdType = reflect.TypeOf((tea.Cmd)(nil))

// run starts cmd on its own goroutine; batches and sequences are unpacked.
func (c *drillConsole) run(cmd tea.Cmd) {
	if cmd == nil || c.ctx.Err() != nil {
		return
	}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		msg := cmd()
		if msg == nil {
			return
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == drillCmdType {
			for i := 0; i < v.Len(); i++ {
				c.run(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		select {
		case c.msgs <- msg:
		case <-c.ctx.Done():
		}
	}()
}

// update hands msg to the model and starts the command it returns.
func (c *drillConsole) update(msg tea.Msg) {
	_, cmd := c.m.Update(msg)
	c.run(cmd)
}

// pump delivers whatever is waiting (snapshots, command results) without
// blocking, and reports how many messages it delivered.
func (c *drillConsole) pump() int {
	n := 0
	for {
		select {
		case s := <-c.b.Snapshots():
			c.last = s
			c.nsnaps++
			c.update(ui.SnapshotMsg{Snapshot: s})
		case msg := <-c.msgs:
			if _, ok := msg.(tea.QuitMsg); ok {
				continue
			}
			c.update(msg)
		default:
			return n
		}
		n++
	}
}

// screen is the console's frame without escape sequences.
func (c *drillConsole) screen() string { return ansi.Strip(c.m.View().Content) }

// header is the frame's first line.
func (c *drillConsole) header() string {
	s := c.screen()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// waitFor pumps until ok accepts the console's state, for at most within
// of real time.
func (c *drillConsole) waitFor(t *testing.T, within time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		c.pump()
		if ok() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %s; header %q, last snapshot fresh %+v", what, within, c.header(), c.last.Fresh)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// confirm presses y once the open confirm dialog takes it: a confirm
// swallows y until it has been on screen for its guard time (issue 16),
// which on the drill clock is a few real milliseconds.
func (c *drillConsole) confirm(t *testing.T) {
	t.Helper()
	c.waitFor(t, 5*time.Second, "the confirm dialog ready for y", func() bool {
		return strings.Contains(c.screen(), "y/enter confirm   n/esc cancel")
	})
	c.update(drillKey("y"))
}

// close stops running commands (the header's one-second tick among them)
// and waits for them.
func (c *drillConsole) close() {
	c.cancel()
	c.wg.Wait()
}

// key builds a key press as a terminal sends it.
func drillKey(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(s)
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// ---- drill 1: throttling ----

// fastClasses are the classes the poller refreshes every 10 to 60 s; the
// five-minute and hourly ones are left out of rate comparisons.
var fastClasses = []model.Class{model.ClassGroups, model.ClassActivities, model.ClassAlarms, model.ClassMetrics, model.ClassTargetHealth}

// fastOps are the describes of the groups and activities classes, both on
// a 10 s cadence: their count per minute is the poller's cadence.
func (r *drillRig) fastOps() int64 {
	st := r.sim.Stats().Requests["autoscaling"]
	return st["DescribeAutoScalingGroups"] + st["DescribeScalingActivities"]
}

// window pumps the console for d of simulated time, calling each after
// every pump, and returns the requests that reached the simulator per
// simulated second and the fast describes made.
func (r *drillRig) window(d time.Duration, each func()) (perSec float64, fast int64) {
	n0, f0, t0 := r.requests(), r.fastOps(), r.clock.Now()
	end := t0.Add(d)
	for r.clock.Now().Before(end) {
		r.con.pump()
		if each != nil {
			each()
		}
		time.Sleep(2 * time.Millisecond)
	}
	n1, f1, t1 := r.requests(), r.fastOps(), r.clock.Now()
	return float64(n1-n0) / t1.Sub(t0).Seconds(), f1 - f0
}

// TestDrillThrottling: 30% of calls throttled for two simulated minutes.
// The poller keeps refreshing what it can, the snapshots and the header
// say "throttled", fewer calls go out per second than before, and once
// the throttling stops each class's next cycle succeeds and the cadence
// is back to normal.
func TestDrillThrottling(t *testing.T) {
	r := newDrillRig(t, drillOpts{})
	c := r.con
	c.waitFor(t, 20*time.Second, "first data", func() bool { return allFetched(c.last) })
	r.clock.sleep(30 * time.Second) // past the first burst of slow classes

	baseRate, baseFast := r.window(2*time.Minute, func() {
		for _, cl := range model.Classes {
			if f := c.last.Fresh[cl]; f.Err != "" {
				t.Fatalf("before any fault, %s failed: %s", cl, f.Err)
			}
		}
	})

	r.sim.SetFaults(sim.Faults{Throttle: map[string]float64{"*": 0.3}})
	var throttledSnaps, headerSaid int
	fetched := map[model.Class]map[time.Time]bool{}
	for _, cl := range fastClasses {
		fetched[cl] = map[time.Time]bool{c.last.Fresh[cl].FetchedAt: true}
	}
	rate, _ := r.window(2*time.Minute, func() {
		for _, cl := range model.Classes {
			if c.last.Fresh[cl].Throttled {
				throttledSnaps++
				break
			}
		}
		if strings.Contains(c.header(), "throttled") {
			headerSaid++
		}
		for _, cl := range fastClasses {
			fetched[cl][c.last.Fresh[cl].FetchedAt] = true
		}
	})
	r.sim.SetFaults(sim.Faults{})
	stopped := r.clock.Now()
	inj := r.sim.Stats().Injected["throttle"]
	// Refreshes of the fast classes while throttled: with no throttling
	// two minutes hold 38 (groups 12, activities 12, target health 8,
	// alarms 4, metrics 2).
	refreshes, per := 0, []string{}
	for _, cl := range fastClasses {
		n := len(fetched[cl]) - 1
		refreshes += n
		per = append(per, fmt.Sprintf("%s %d", cl, n))
	}
	t.Logf("before: %.2f calls/s; throttled (%d calls throttled): %.2f calls/s; refreshes while throttled: %s",
		baseRate, inj, rate, strings.Join(per, ", "))
	if inj == 0 {
		t.Fatal("the simulator throttled nothing")
	}
	if throttledSnaps == 0 || headerSaid == 0 {
		t.Errorf("throttling not shown: %d snapshots with Freshness.Throttled, header said it %d times", throttledSnaps, headerSaid)
	}
	// Each throttled cycle waits out a backoff that doubles with every
	// throttle in a row, so how many refreshes two minutes hold varies
	// (about 17 on average); five is the floor this drill holds to.
	if refreshes < 5 {
		t.Errorf("%d refreshes of the fast classes in two throttled minutes (%s): it should keep refreshing what it can",
			refreshes, strings.Join(per, ", "))
	}
	if rate >= baseRate {
		t.Errorf("no backoff: %.2f calls/s while throttled, %.2f before", rate, baseRate)
	}

	// Recovery: the first cycle of every class after the faults stop
	// succeeds (a cycle that was in flight when they stopped may still
	// carry a throttle, hence the margin), and then the cadence is the
	// one of before. A class that was backing off finishes its backoff
	// first: up to 2.5 times PollerOptions.MaxBackoff (2 min) after many
	// throttles in a row, so the wait allows 6 simulated minutes.
	margin := stopped.Add(3 * time.Second)
	first := map[model.Class]time.Duration{}
	c.waitFor(t, 6*time.Minute/drillSpeed+5*time.Second, "every class refreshed after the throttling stopped", func() bool {
		for _, cl := range model.Classes {
			f := c.last.Fresh[cl]
			if f.AttemptedAt.After(margin) && f.Err != "" {
				t.Fatalf("%s failed after the throttling stopped: %s", cl, f.Err)
			}
			if _, ok := first[cl]; !ok && f.FetchedAt.After(margin) {
				first[cl] = f.FetchedAt.Sub(stopped)
			}
		}
		for _, cl := range fastClasses {
			if _, ok := first[cl]; !ok {
				return false
			}
		}
		for _, cl := range model.Classes {
			if c.last.Fresh[cl].Err != "" {
				return false
			}
		}
		return true
	})
	recovered := r.clock.Now().Sub(stopped)
	for _, cl := range fastClasses {
		t.Logf("%s: first refresh %s after the throttling stopped", cl, first[cl].Round(time.Second))
	}
	_, fast := r.window(2*time.Minute, func() {
		for _, cl := range model.Classes {
			if f := c.last.Fresh[cl]; f.Err != "" {
				t.Fatalf("after recovery, %s failed: %s", cl, f.Err)
			}
		}
	})
	t.Logf("every fast class refreshed %s after the throttling stopped; group and activity describes: %d before, %d after",
		recovered.Round(time.Second), baseFast, fast)
	if float64(fast) < 0.8*float64(baseFast) {
		t.Errorf("cadence not back to normal: %d group and activity describes in two minutes, %d before", fast, baseFast)
	}
	// The header reads "live" again. (It may read "stale 30s" for the
	// instant between the alarms' 30 s cycle falling due and its answer;
	// at drillSpeed that instant is sixty times longer, so wait for it.)
	c.waitFor(t, 5*time.Second, `"live" in the header`, func() bool { return strings.Contains(c.header(), "live") })
}

func allFetched(s model.Snapshot) bool {
	if s.Fresh == nil {
		return false
	}
	for _, c := range model.Classes {
		if s.Fresh[c].FetchedAt.IsZero() {
			return false
		}
	}
	return true
}

// ---- drill 3: the endpoint refuses every call ----

// headerAge reads the data age off the header ("live 3s", "stale 1m12s").
func headerAge(h string) (time.Duration, bool) {
	for _, w := range []string{"live ", "stale "} {
		if i := strings.Index(h, w); i >= 0 {
			f := strings.FieldsFunc(h[i+len(w):], func(r rune) bool { return r == ' ' || r == ',' })
			if len(f) == 0 {
				return 0, false
			}
			d, err := time.ParseDuration(f[0])
			return d, err == nil
		}
	}
	return 0, false
}

// TestDrillOutage: the endpoint answers 503 to every call for 60 s. The
// header's data age rises, the console keeps its data and goes on
// drawing, and once the endpoint is back everything refreshes.
func TestDrillOutage(t *testing.T) {
	r := newDrillRig(t, drillOpts{})
	c := r.con
	c.waitFor(t, 20*time.Second, "first data", func() bool { return allFetched(c.last) })
	r.clock.sleep(30 * time.Second)
	groups := len(c.last.Groups)

	// OutageFor is real time; the drill clock runs drillSpeed times
	// faster, so one real second is the sixty simulated seconds asked for.
	const outage = 60 * time.Second
	r.sim.SetFaults(sim.Faults{OutageFor: outage / drillSpeed})
	start := r.clock.Now()
	var ages []time.Duration
	before := c.nsnaps
	// Readings stop five seconds before the simulator answers again: a
	// refresh that lands in the outage's last moment is not a refusal.
	r.window(outage-5*time.Second, func() {
		if d, ok := headerAge(c.header()); ok && r.clock.Now().Sub(start) > 5*time.Second {
			ages = append(ages, d)
		}
	})
	back := start.Add(outage) // when the simulator answers again
	if n := r.sim.Stats().Injected["outage"]; n == 0 {
		t.Fatal("the simulator refused nothing")
	}
	if len(ages) < 10 {
		t.Fatalf("the header showed no data age during the outage (%d readings): %q", len(ages), c.header())
	}
	for i := 1; i < len(ages); i++ {
		if ages[i] < ages[i-1] {
			t.Fatalf("data age fell from %s to %s while every call was refused", ages[i-1], ages[i])
		}
	}
	if rise := ages[len(ages)-1] - ages[0]; rise < 40*time.Second {
		t.Errorf("data age rose by %s over the outage; want about a minute", rise)
	}
	if h := c.header(); !strings.Contains(h, "stale") {
		t.Errorf("header during the outage: %q", h)
	}
	if c.nsnaps == before {
		t.Error("no snapshot during the outage: the poller stopped publishing")
	}
	if len(c.last.Groups) != groups || !strings.Contains(c.screen(), "solemate-web-prod") {
		t.Errorf("the console dropped its data during the outage: %d groups, was %d", len(c.last.Groups), groups)
	}
	t.Logf("data age rose from %s to %s; header at the end: %q", ages[0], ages[len(ages)-1], c.header())

	// Every class that failed during the outage, and every fast class,
	// refreshes; a class that was not due (prices, hourly) need not.
	failed := map[model.Class]bool{}
	for _, cl := range model.Classes {
		if c.last.Fresh[cl].Err != "" {
			failed[cl] = true
		}
	}
	for _, cl := range fastClasses {
		failed[cl] = true
	}
	first := map[model.Class]time.Duration{}
	c.waitFor(t, 6*time.Minute/drillSpeed+5*time.Second, "every class refreshed after the endpoint came back", func() bool {
		for cl := range failed {
			if _, ok := first[cl]; !ok && c.last.Fresh[cl].FetchedAt.After(back) {
				first[cl] = c.last.Fresh[cl].FetchedAt.Sub(back)
			}
		}
		for _, cl := range model.Classes {
			if c.last.Fresh[cl].Err != "" {
				return false
			}
		}
		return len(first) == len(failed)
	})
	earliest, slowest := time.Hour, time.Duration(0)
	for _, cl := range model.Classes {
		if d, ok := first[cl]; ok {
			t.Logf("%s: refreshed %s after the endpoint came back", cl, d.Round(time.Second))
			earliest, slowest = min(earliest, d), max(slowest, d)
		}
	}
	t.Logf("everything refreshed %s after the endpoint came back", slowest.Round(time.Second))
	// One cycle: the first class whose backoff ends finds the endpoint
	// back, and every other class refreshes in the same round instead of
	// waiting out its own backoff (which grew to a minute or more).
	if slowest-earliest > 8*time.Second {
		t.Errorf("classes refreshed %s to %s after the endpoint came back: not in one round", earliest.Round(time.Second), slowest.Round(time.Second))
	}
	if slowest > time.Minute {
		t.Errorf("everything refreshed only %s after the endpoint came back", slowest.Round(time.Second))
	}
	c.waitFor(t, 5*time.Second, `"live" in the header`, func() bool { return strings.Contains(c.header(), "live") })
}

// ---- drill 2: 5xx and slow answers; keys stay fast, nothing leaks ----

// TestDrillSlowAndFailing: 10% of calls answer 5xx and 20% take 3 s.
// The console handles every key in well under 50 ms while snapshots keep
// coming and an action waits on a slow call, and once the poller, the
// console and the connections are closed no goroutine is left behind.
func TestDrillSlowAndFailing(t *testing.T) {
	base := goleak.IgnoreCurrent()
	r := newDrillRig(t, drillOpts{})
	c := r.con
	c.waitFor(t, 20*time.Second, "first data", func() bool { return allFetched(c.last) })
	r.sim.SetFaults(sim.Faults{ErrorRate: 0.1, Latency: 3 * time.Second, LatencyRate: 0.2})

	keys := []string{"j", "j", "k", "tab", "tab", "]", "[", "o", "v", "enter", "j", "esc", "?", "esc",
		"/", "w", "e", "b", "esc", "+", "esc", "-", "esc", "=", "3", "esc", "o", "o", "k", "tab"}
	var took []time.Duration
	var snapTook []time.Duration
	snaps0 := c.nsnaps
	sent := false
	end := time.Now().Add(3500 * time.Millisecond) // longer than one slow call
	for i := 0; time.Now().Before(end); i++ {
		if !sent && i == 20 {
			// Scale out the selected group and confirm: the action runs
			// in a command, never in Update, so keys go on while it
			// waits on the faults.
			c.update(drillKey("+"))
			c.confirm(t)
			sent = true
		}
		k := keys[i%len(keys)]
		t0 := time.Now()
		c.update(drillKey(k))
		_ = c.m.View()
		took = append(took, time.Since(t0))

		// Snapshots and command results, timed the same way.
		select {
		case snap := <-r.backend.Snapshots():
			c.last = snap
			c.nsnaps++
			t0 := time.Now()
			c.update(ui.SnapshotMsg{Snapshot: snap})
			_ = c.m.View()
			snapTook = append(snapTook, time.Since(t0))
		default:
		}
		c.pump()
		time.Sleep(3 * time.Millisecond)
	}
	slices.Sort(took)
	slices.Sort(snapTook)
	p := func(ds []time.Duration, q float64) time.Duration {
		if len(ds) == 0 {
			return 0
		}
		return ds[min(len(ds)-1, int(float64(len(ds))*q))]
	}
	st := r.sim.Stats()
	t.Logf("%d keys: Update+View p50 %s p99 %s max %s; %d snapshots: p50 %s max %s; faults injected %v",
		len(took), p(took, 0.5), p(took, 0.99), took[len(took)-1], len(snapTook), p(snapTook, 0.5), p(snapTook, 1), st.Injected)
	if st.Injected["error"] == 0 || st.Injected["latency"] == 0 {
		t.Fatalf("faults not injected: %v", st.Injected)
	}
	if c.nsnaps-snaps0 < 3 {
		t.Errorf("only %d snapshots while the keys were pressed: snapshots did not flow", c.nsnaps-snaps0)
	}
	// Generous: the 99th percentile under 50 ms, and no key anywhere near
	// a slow call (3 s): a blocked Update would show as seconds.
	if p(took, 0.99) >= 50*time.Millisecond || took[len(took)-1] >= 500*time.Millisecond {
		t.Errorf("keys took p99 %s, max %s: the console stalled", p(took, 0.99), took[len(took)-1])
	}
	if p(snapTook, 1) >= 500*time.Millisecond {
		t.Errorf("a snapshot took %s to take in", p(snapTook, 1))
	}

	// The action finishes one way or the other, and the journal says how.
	r.sim.SetFaults(sim.Faults{})
	var acts []model.JournalAction
	c.waitFor(t, 30*time.Second, "the action's outcome in the journal", func() bool {
		acts, _, _ = r.session.Journal().Actions(context.Background(), time.Time{})
		return len(acts) == 1 && acts[0].Outcome != nil
	})
	t.Logf("the action sent during the drill: %s %s: %s %s", acts[0].Intent.Target,
		model.Change(acts[0].Intent.Before, acts[0].Intent.After), acts[0].Status(), acts[0].Outcome.Error)

	r.shutdown()
	goleak.VerifyNone(t, base)
}

// ---- drill 4: actions while calls fail ----

// TestDrillActionsUnderFaults: SetDesired actions go through Backend.Act
// while 20% of calls answer 5xx, 15% of Auto Scaling calls are throttled
// and 15% take longer than the call deadline. Each succeeds once, fails
// (AWS refused it: a 4xx), or ends unknown (no answer, or a 5xx that may
// have come after applying), and the simulator's record of
// SetDesiredCapacity (with request ids) agrees with the journal action
// for action: an ok outcome has exactly one mutation with its request id,
// a failed one none, an unknown one at most one, and every intent was
// sent exactly once.
func TestDrillActionsUnderFaults(t *testing.T) {
	r := newDrillRig(t, drillOpts{noRun: true, simStill: true, session: func(o *aws.Options) {
		o.CallTimeout = 400 * time.Millisecond
	}})
	ctx := context.Background()
	const group = "solemate-web-prod"
	read := func() model.Group {
		t.Helper()
		for i := 0; i < 50; i++ {
			if gs, err := r.session.Groups(ctx, false, group); err == nil {
				return gs[0]
			}
		}
		t.Fatal("the group could not be read in 50 tries")
		return model.Group{}
	}
	g := read()
	lo, hi := max(g.Min, 1), max(g.Min, 1)+1
	if hi > g.Max {
		t.Fatalf("%s has no room to move: %+v", group, g.Capacity)
	}

	r.sim.SetFaults(sim.Faults{ErrorRate: 0.2, Latency: 2 * time.Second, LatencyRate: 0.15,
		Throttle: map[string]float64{"autoscaling": 0.15}})
	type sent struct {
		desired int
		err     error
	}
	var acts []sent
	results := map[string]int{}
	for len(acts) < 100 && (results[model.ResultOK] < 2 || results[model.ResultFailed] < 2 || results[model.ResultUnknown] < 2) {
		g := read()
		to := lo
		if g.Desired == lo {
			to = hi
		}
		err := r.backend.Act(ctx, r.session.Region(), model.SetDesired{Group: group, From: g.Capacity, Desired: to}, fmt.Sprintf("drill %d", len(acts)), nil)
		acts = append(acts, sent{to, err})
		var he *aws.Error
		switch {
		case err == nil:
			results[model.ResultOK]++
		case errors.Is(err, aws.ErrOutcomeUnknown):
			results[model.ResultUnknown]++
		case errors.As(err, &he) && he.Op == "autoscaling:SetDesiredCapacity":
			// The call itself refused; a failed re-read journals nothing.
			results[model.ResultFailed]++
		}
	}
	r.sim.SetFaults(sim.Faults{})
	t.Logf("%d actions: %v", len(acts), results)

	journal, err := r.backend.Journal(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	st := r.sim.Stats()
	var muts []sim.Mutation
	byID := map[string]sim.Mutation{}
	for _, m := range st.Mutations {
		if m.Operation != "SetDesiredCapacity" {
			t.Errorf("unexpected mutation %s", m.Operation)
			continue
		}
		if _, dup := byID[m.RequestID]; dup {
			t.Errorf("request %s applied twice", m.RequestID)
		}
		muts = append(muts, m)
		byID[m.RequestID] = m
	}
	// Every journaled intent went out exactly once: mutating calls are
	// never retried, and nothing is sent without an intent.
	if n := st.Requests["autoscaling"]["SetDesiredCapacity"]; n != int64(len(journal)) {
		t.Errorf("the simulator received SetDesiredCapacity %d times for %d journaled intents", n, len(journal))
	}

	matched := map[string]bool{}
	unknown := 0
	counts := map[string]int{}
	for i, a := range journal {
		if a.Outcome == nil {
			t.Fatalf("action %d has no outcome: %+v", i, a.Intent)
		}
		res := a.Outcome.Result
		counts[res]++
		m, ok := byID[a.Outcome.RequestID]
		switch res {
		case model.ResultOK:
			if !ok {
				t.Errorf("%s: journal says ok (request %s) but the simulator applied no such request", a.Intent.Reason, a.Outcome.RequestID)
				continue
			}
			matched[m.RequestID] = true
			if want := strings.TrimPrefix(a.Intent.After, "desired "); fmt.Sprint(m.Values["desired"]) != want {
				t.Errorf("%s: applied desired %v, journal says %s", a.Intent.Reason, m.Values["desired"], a.Intent.After)
			}
		case model.ResultFailed:
			if a.Outcome.RequestID == "" {
				t.Errorf("%s: a failed outcome without AWS's request id", a.Intent.Reason)
			}
			if ok {
				t.Errorf("%s: journal says failed but the simulator applied request %s", a.Intent.Reason, m.RequestID)
			}
		case model.ResultUnknown:
			unknown++
			if !a.NeedsVerify() {
				t.Errorf("%s: an unknown outcome not flagged for checking", a.Intent.Reason)
			}
		default:
			t.Errorf("%s: outcome %q", a.Intent.Reason, res)
		}
	}
	if extra := len(muts) - len(matched); extra > unknown {
		t.Errorf("%d mutations match no ok outcome, more than the %d unknown ones", extra, unknown)
	}
	// What Act returned agrees with the journal, action for action (reads
	// that failed before the intent journaled nothing).
	if counts[model.ResultOK] != results[model.ResultOK] || counts[model.ResultUnknown] != results[model.ResultUnknown] ||
		counts[model.ResultFailed] != results[model.ResultFailed] {
		t.Errorf("Act returned %v, the journal says %v", results, counts)
	}
	if counts[model.ResultOK] < 2 || counts[model.ResultFailed] < 2 || counts[model.ResultUnknown] < 2 {
		t.Errorf("the drill did not meet every outcome twice: %v", counts)
	}
	// And the group ends where the last applied mutation put it.
	if len(muts) > 0 {
		if got := read().Desired; fmt.Sprint(got) != fmt.Sprint(muts[len(muts)-1].Values["desired"]) {
			t.Errorf("the group's desired is %d, the last applied mutation set %v", got, muts[len(muts)-1].Values["desired"])
		}
	}
}

// ---- drill 5: killed between intent and outcome ----

// hangSetDesired serves the simulator but holds every SetDesiredCapacity
// until the client goes away. The simulator's latency fault slows every
// call alike; holding only the mutating one puts the kill between the
// journal's intent and its outcome every time, without timing games.
func hangSetDesired(s *sim.Cloud, held chan<- struct{}) http.Handler {
	h := s.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if bytes.Contains(body, []byte("Action=SetDesiredCapacity")) {
			select {
			case held <- struct{}{}:
			default:
			}
			<-r.Context().Done()
			return
		}
		h.ServeHTTP(w, r)
	})
}

// TestDrillKilledMidAction: `hoist scale` is killed with SIGKILL while its
// SetDesiredCapacity is in flight, after the intent was journaled. The
// next console on the same state directory shows the action as "outcome
// unknown" and tells the operator to verify it in AWS; `hoist journal`
// says the same.
func TestDrillKilledMidAction(t *testing.T) {
	state, env := testDirs(t)
	s, err := sim.NewCloud(sim.Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	held := make(chan struct{}, 1)
	srv := httptest.NewServer(hangSetDesired(s, held))
	defer srv.Close()
	defer srv.CloseClientConnections()

	cmd := exec.Command(hoistBin, "scale", "solemate-web-prod", "--desired", "6", "--yes",
		"--reason", "drill: killed mid-call", "--endpoint-url", srv.URL)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	journalPath := filepath.Join(state, "hoist", "journal.jsonl")
	select {
	case <-held:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("SetDesiredCapacity never arrived; hoist said: %s", out.String())
	}
	// The intent is fsync'd before the call is sent.
	entries, _, err := aws.ReadJournal(journalPath, time.Time{})
	if err != nil || len(entries) != 1 || entries[0].Phase != model.PhaseIntent {
		_ = cmd.Process.Kill()
		t.Fatalf("journal while the call is in flight: %+v, %v", entries, err)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	werr := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(werr, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("hoist was not killed: %v; it said: %s", werr, out.String())
	}
	entries, _, _ = aws.ReadJournal(journalPath, time.Time{})
	if len(entries) != 1 {
		t.Fatalf("journal after the kill: %+v", entries)
	}
	if m := s.Stats().Mutations; len(m) != 0 {
		t.Fatalf("the held call was applied: %+v", m)
	}

	// The next start: the console on the same state directory.
	r := newDrillRig(t, drillOpts{state: state})
	c := r.con
	c.waitFor(t, 20*time.Second, "the unverified action on screen", func() bool {
		return strings.Contains(c.screen(), "VERIFY IN AWS")
	})
	c.waitFor(t, 20*time.Second, "data", func() bool { return allFetched(c.last) })
	screen := c.screen()
	// The status line says what to do; the alerts pane lists the action
	// with its group as a critical alert until it is acknowledged.
	status := screen[strings.LastIndexByte(screen, '\n')+1:]
	for _, want := range []string{"VERIFY IN AWS", "desired 4 → 6", "outcome unknown", "may or may not have applied"} {
		if !strings.Contains(status, want) {
			t.Errorf("the status line does not say %q: %q", want, status)
		}
	}
	if !strings.Contains(screen, "CRIT") || !strings.Contains(screen, "VERIFY IN AWS: set-desired solemate-web-prod") {
		t.Errorf("the alerts pane does not list the unverified action:\n%s", screen)
	}

	// And `hoist journal`, from the binary.
	res := runBinary(t, env, "", "journal")
	if res.code != 0 {
		t.Fatalf("hoist journal: exit %d: %s", res.code, res.stderr)
	}
	for _, want := range []string{"solemate-web-prod", "desired 4 → 6", "outcome unknown (verify in AWS)", "drill: killed mid-call",
		"1 action(s) may or may not have applied: check them in AWS before acting again."} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("hoist journal does not say %q:\n%s", want, res.stdout)
		}
	}
	res = runBinary(t, env, "", "journal", "--json")
	if !strings.Contains(res.stdout, `"status":"outcome unknown"`) || !strings.Contains(res.stdout, `"needs_verify":true`) {
		t.Errorf("hoist journal --json: %s", res.stdout)
	}
}

// ---- drill 6: credentials expire mid-session ----

// TestDrillExpiredCredentials: the simulator starts answering ExpiredToken
// to the keys the console signs with. The console says the credentials
// expired and keeps its last data; once the operator refreshes them (new
// keys in the environment, or a rewritten credentials file) the same
// session picks them up, without a restart.
func TestDrillExpiredCredentials(t *testing.T) {
	for _, tc := range []struct {
		name    string
		set     func(t *testing.T, key string) // make key the credentials the SDK finds
		initial string
	}{
		{"environment", func(t *testing.T, key string) {
			t.Setenv("AWS_ACCESS_KEY_ID", key)
			t.Setenv("AWS_SECRET_ACCESS_KEY", testSecret)
		}, "AKIADRILLENVOLD00001"},
		{"credentials file", func(t *testing.T, key string) {
			path := filepath.Join(t.TempDir(), "credentials")
			if err := os.WriteFile(path, []byte("[default]\naws_access_key_id = "+key+"\naws_secret_access_key = "+testSecret+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			t.Setenv("AWS_SHARED_CREDENTIALS_FILE", path)
			t.Setenv("AWS_ACCESS_KEY_ID", "")
			t.Setenv("AWS_SECRET_ACCESS_KEY", "")
		}, "AKIADRILLFILEOLD0001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.set(t, tc.initial)
			r := newDrillRig(t, drillOpts{})
			c := r.con
			c.waitFor(t, 20*time.Second, "first data", func() bool { return allFetched(c.last) })
			groups := len(c.last.Groups)

			r.sim.SetFaults(sim.Faults{ExpiredToken: true})
			expired := r.clock.Now()
			c.waitFor(t, 10*time.Second, "the header saying the credentials expired", func() bool {
				return strings.Contains(c.header(), "credentials expired")
			})
			if len(c.last.Groups) != groups || !strings.Contains(c.screen(), "solemate-web-prod") {
				t.Errorf("the console dropped its data: %d groups, was %d", len(c.last.Groups), groups)
			}
			// At the widths operators use, too: a long sentence on the
			// right of the header once pushed it off the line entirely.
			for _, size := range [][2]int{{120, 40}, {80, 24}} {
				c.update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				if h := c.header(); !strings.Contains(h, "stale") || !strings.Contains(h, "credentials expired") {
					t.Errorf("%dx%d header: %q", size[0], size[1], h)
				}
			}
			c.update(tea.WindowSizeMsg{Width: 160, Height: 45})
			t.Logf("header: %q", strings.TrimSpace(c.header()))

			tc.set(t, "AKIADRILLNEWKEY00001")
			refreshed := r.clock.Now()
			c.waitFor(t, 6*time.Minute/drillSpeed+5*time.Second, "data under the refreshed credentials", func() bool {
				for _, cl := range model.Classes {
					if c.last.Fresh[cl].Err != "" {
						return false
					}
				}
				return c.last.Fresh[model.ClassGroups].FetchedAt.After(refreshed)
			})
			c.waitFor(t, 5*time.Second, `"live" in the header`, func() bool { return strings.Contains(c.header(), "live") })
			t.Logf("stale for %s of simulated time; refreshed %s after the new keys",
				c.last.Fresh[model.ClassGroups].FetchedAt.Sub(expired).Round(time.Second),
				c.last.Fresh[model.ClassGroups].FetchedAt.Sub(refreshed).Round(time.Second))
			if n := r.sim.Stats().Injected["expired_token"]; n == 0 {
				t.Error("the simulator answered no ExpiredToken")
			}
		})
	}
}

// ---- invalid actions ----

// mutatingRequests lists the calls the simulator received that are not
// reads (Describe*, Get*, List*).
func mutatingRequests(s *sim.Cloud) []string {
	var out []string
	for svc, ops := range s.Stats().Requests {
		for op, n := range ops {
			if !strings.HasPrefix(op, "Describe") && !strings.HasPrefix(op, "Get") && !strings.HasPrefix(op, "List") {
				out = append(out, fmt.Sprintf("%s:%s x%d", svc, op, n))
			}
		}
	}
	return out
}

// journalRecords is the journal of the state directory, nil when absent.
func journalRecords(t *testing.T, state string) []model.JournalEntry {
	t.Helper()
	es, _, err := aws.ReadJournal(filepath.Join(state, "hoist", "journal.jsonl"), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// TestDrillInvalidActionsCLI: hoist scale and hoist suspend refuse
// invalid values with one clear line and exit 2, before anything is sent
// or journaled: the simulator sees reads at most (the group is read to
// know its limits), a flag that does not parse not even those.
func TestDrillInvalidActionsCLI(t *testing.T) {
	const group = "solemate-web-prod" // min 2, desired 4, max 40
	for _, tc := range []struct {
		name   string
		binary bool // run the built binary, not run() in-process
		args   []string
		want   string
		noCall bool // refused before any request at all
	}{
		{"desired above max", false, []string{"scale", group, "--desired", "41", "--yes"}, "desired 41 is above max 40: raise max first", false},
		{"desired above max (binary)", true, []string{"scale", group, "--desired", "999", "--yes"}, "desired 999 is above max 40: raise max first", false},
		{"negative desired", false, []string{"scale", group, "--desired", "-1", "--yes"}, "desired -1 is negative", false},
		{"negative min", false, []string{"scale", group, "--min", "-2", "--yes"}, "min -2 is negative", false},
		{"non-numeric desired", false, []string{"scale", group, "--desired", "abc", "--yes"}, `--desired must be a whole number, not "abc"`, true},
		{"non-numeric max (binary)", true, []string{"scale", group, "--max", "ten", "--yes"}, `--max must be a whole number, not "ten"`, true},
		{"min above max", false, []string{"scale", group, "--min", "5", "--max", "3", "--yes"}, "min 5 is above max 3", false},
		{"desired below min", false, []string{"scale", group, "--desired", "1", "--yes"}, "desired 1 is below min 2: lower min first", false},
		{"unknown process", false, []string{"suspend", group, "Launch", "Bogus", "--yes"}, `unknown process "Bogus": the processes are`, false},
		{"unknown process (binary)", true, []string{"resume", group, "launch", "--yes"}, `unknown process "launch"`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			state, env := testDirs(t)
			s, url := newSim(t, sim.Options{Seed: 7})
			args := append(tc.args, "--endpoint-url", url)
			var res result
			if tc.binary {
				res = runBinary(t, env, "", args...)
			} else {
				res = runInProcess(t, "", args...)
			}
			if res.code != exitInvalid {
				t.Errorf("exit %d, want %d (stdout %q stderr %q)", res.code, exitInvalid, res.stdout, res.stderr)
			}
			if strings.Count(res.stderr, "\n") != 1 || !strings.HasPrefix(res.stderr, "hoist: ") || !strings.Contains(res.stderr, tc.want) {
				t.Errorf("stderr %q, want one line saying %q", res.stderr, tc.want)
			}
			if m := mutatingRequests(s); len(m) != 0 {
				t.Errorf("mutating requests reached the simulator: %v", m)
			}
			if n := len(s.Stats().Mutations); n != 0 {
				t.Errorf("%d mutations applied", n)
			}
			if _, total := drillSimRequests(s); tc.noCall && total != 0 {
				t.Errorf("%d requests before a flag that does not parse was refused", total)
			}
			if es := journalRecords(t, state); len(es) != 0 {
				t.Errorf("journaled: %+v", es)
			}
		})
	}
}

func drillSimRequests(s *sim.Cloud) (map[string]int64, int64) {
	out := map[string]int64{}
	var n int64
	for svc, ops := range s.Stats().Requests {
		for op, c := range ops {
			out[svc+":"+op] += c
			n += c
		}
	}
	return out, n
}

// statusLine is the frame's last line.
func (c *drillConsole) statusLine() string {
	s := c.screen()
	return strings.TrimSpace(s[strings.LastIndexByte(s, '\n')+1:])
}

// TestDrillInvalidActionsConsole: the console's keys refuse the same
// invalid values with one line on the status bar and no confirm dialog:
// nothing is sent, nothing journaled. (Processes are picked from AWS's
// list in a checklist, so an unknown one cannot be typed.)
func TestDrillInvalidActionsConsole(t *testing.T) {
	r := newDrillRig(t, drillOpts{})
	c := r.con
	c.waitFor(t, 20*time.Second, "first data", func() bool { return allFetched(c.last) })
	press := c.press
	// Select the web group through the filter.
	press("/", "web-prod", "enter")
	c.waitFor(t, 5*time.Second, "web selected", func() bool { return strings.Contains(c.screen(), "solemate-web-prod") })

	for _, tc := range []struct {
		name string
		keys []string
		want string
	}{
		{"non-numeric desired", []string{"=", "abc", "enter"}, `desired "abc" is not a whole number`},
		{"negative desired", []string{"=", "-1", "enter"}, "desired -1 is negative"},
		{"desired above max", []string{"=", "41", "enter"}, "desired 41 is above max 40: raise max first or press L"},
		{"scale out past max", []string{"4", "0", "+"}, "desired 44 is above max 40: raise max first or press L"},
		{"min above max", []string{"L", "ctrl+u", "5", "tab", "ctrl+u", "4", "tab", "ctrl+u", "3", "enter"}, "min 5 is above max 3"},
		{"non-numeric limits", []string{"L", "ctrl+u", "2", "tab", "ctrl+u", "x", "tab", "ctrl+u", "40", "enter"}, `"x" is not a whole number`},
		{"target above 100%", []string{"P", "e", "150", "enter"}, "target value 150 is above 100 for ASGAverageCPUUtilization, a percentage"},
		{"target zero", []string{"P", "e", "0", "enter"}, "target value 0 must be above 0"},
		{"non-numeric target", []string{"P", "e", "fifty", "enter"}, `target "fifty" is not a number`},
	} {
		press(tc.keys...)
		sc := c.screen()
		if st := c.statusLine(); !strings.Contains(st, tc.want) {
			t.Errorf("%s: status line %q, want %q", tc.name, st, tc.want)
		}
		if strings.Contains(sc, "y/enter confirm") {
			t.Errorf("%s: a confirm dialog opened:\n%s", tc.name, sc)
		}
		press("esc", "esc") // close the policies dialog where one is open
	}
	if m := mutatingRequests(r.sim); len(m) != 0 {
		t.Errorf("mutating requests reached the simulator: %v", m)
	}
	if es, _, _ := r.session.Journal().Read(time.Time{}); len(es) != 0 {
		t.Errorf("journaled: %+v", es)
	}
}

// ---- no secrets in the log, the journal or on screen ----

// drillToken is the session token of the no-secrets drill.
const drillToken = "hoistDrillSessionTOKEN/never+written+anywhere+FwoGZXIvYXdzEBYaDH"

// TestDrillNoSecrets: with a secret key and a session token in the
// environment, the binary (status and scale, succeeding and failing) and
// the console (every pane, detail, help, a confirm dialog, failures and
// expired credentials) write neither, nor a signature, to their log,
// their journal, their output or the screen.
func TestDrillNoSecrets(t *testing.T) {
	t.Setenv("AWS_SESSION_TOKEN", drillToken)
	state, env := testDirs(t)
	s, url := newSim(t, sim.Options{Seed: 7})
	var texts []string
	bin := func(args ...string) {
		res := runBinary(t, env, "", append(args, "--endpoint-url", url)...)
		texts = append(texts, res.stdout, res.stderr)
	}
	bin("status")
	bin("scale", "solemate-web-prod", "--desired", "5", "--yes", "--reason", "drill")
	s.SetFaults(sim.Faults{ErrorRate: 1})
	bin("status")
	// Until sends fail after their re-read went through, with AWS's error
	// in the journal: refused (throttled, a 4xx: failed) and answered 5xx
	// (outcome unknown).
	s.SetFaults(sim.Faults{ErrorRate: 0.3, Throttle: map[string]float64{"autoscaling": 0.3}})
	outcomes := func() string { return drillRead(filepath.Join(state, "hoist", "journal.jsonl")) }
	for i := 0; i < 40 && !(strings.Contains(outcomes(), `"result":"failed"`) && strings.Contains(outcomes(), `"result":"unknown"`)); i++ {
		bin("scale", "solemate-web-prod", "--desired", fmt.Sprint(6+i%10), "--yes")
	}
	s.SetFaults(sim.Faults{ExpiredToken: true})
	bin("status")
	bin("scale", "solemate-web-prod", "--desired", "3", "--yes")
	s.SetFaults(sim.Faults{})
	bin("journal")

	// The console, on the same state directory.
	r := newDrillRig(t, drillOpts{state: state})
	c := r.con
	c.waitFor(t, 20*time.Second, "first data", func() bool { return allFetched(c.last) })
	screens := []string{c.screen()}
	for _, k := range []string{"tab", "tab", "tab", "tab", "tab", "enter", "j", "esc", "?", "esc", "P", "esc", "+"} {
		c.update(drillKey(k))
		c.pump()
		screens = append(screens, c.screen())
	}
	c.confirm(t)
	c.waitFor(t, 10*time.Second, "the scale's result", func() bool { return strings.Contains(c.statusLine(), "done:") })
	r.sim.SetFaults(sim.Faults{ErrorRate: 1})
	c.update(drillKey("-"))
	c.confirm(t)
	c.waitFor(t, 10*time.Second, "an error on screen", func() bool { return strings.Contains(c.screen(), "AWS answered 5") })
	screens = append(screens, c.screen())
	r.sim.SetFaults(sim.Faults{ExpiredToken: true})
	c.waitFor(t, 10*time.Second, "expired credentials on screen", func() bool { return strings.Contains(c.header(), "credentials expired") })
	screens = append(screens, c.screen())
	r.sim.SetFaults(sim.Faults{})
	r.shutdown()

	logFile, _ := os.ReadFile(filepath.Join(state, "hoist", "hoist.log"))
	journal, _ := os.ReadFile(filepath.Join(state, "hoist", "journal.jsonl"))
	if !strings.Contains(string(logFile), "level=WARN") && !strings.Contains(string(logFile), "result=failed") {
		t.Errorf("the binary logged no failure; the drill proves little:\n%s", logFile)
	}
	for _, want := range []string{`"result":"ok"`, `"result":"failed"`, `"result":"unknown"`} {
		if !strings.Contains(string(journal), want) {
			t.Errorf("the journal has no %s record:\n%s", want, journal)
		}
	}
	sources := map[string]string{
		"hoist.log":         string(logFile),
		"journal.jsonl":     string(journal),
		"binary output":     strings.Join(texts, "\n"),
		"console log":       r.log.String(),
		"console screens":   strings.Join(screens, "\n"),
		"console raw frame": c.m.View().Content,
	}
	for name, text := range sources {
		if text == "" {
			t.Errorf("%s is empty", name)
		}
		for _, secret := range []string{testSecret, drillToken, "Signature=", "X-Amz-Security-Token", "Authorization:"} {
			if strings.Contains(text, secret) {
				t.Errorf("%s holds %q", name, secret)
			}
		}
	}
}

func drillRead(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}
