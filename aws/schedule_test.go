package aws

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

var t0 = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// halfJitter is a deterministic jitter: the middle of the range.
func halfJitter(n int64) int64 { return n / 2 }

func testSchedConfig() schedConfig {
	return schedConfig{cadence: DefaultCadences(), fast: 3 * time.Second, fastFor: 2 * time.Minute,
		maxBackoff: 2 * time.Minute, jitter: halfJitter}
}

// run drives a scheduler the way Poller.Run does, on a clock of its own:
// each task's run takes latency and comes back with what answer says.
type schedRun struct {
	s        *scheduler
	now      time.Time
	latency  time.Duration
	answer   func(t task, now time.Time) outcome // err, throttled and calls; nil: success, one call
	launched map[task][]time.Duration            // each launch, from t0
	names    map[task][][]string
	inflight []inflight
}

type inflight struct {
	job     dueJob
	started time.Time
	end     time.Time
}

func newRun(cfg schedConfig) *schedRun {
	return &schedRun{s: newScheduler(cfg, t0), now: t0, launched: map[task][]time.Duration{}, names: map[task][][]string{}}
}

// until runs the loop up to and including end.
func (r *schedRun) until(end time.Time) {
	for i := 0; ; i++ {
		if i > 100000 {
			panic("the scheduler never settles")
		}
		for _, j := range r.s.due(r.now) {
			r.launched[j.task] = append(r.launched[j.task], r.now.Sub(t0))
			r.names[j.task] = append(r.names[j.task], j.names)
			r.inflight = append(r.inflight, inflight{j, r.now, r.now.Add(r.latency)})
		}
		next := r.s.wake(r.now)
		for _, f := range r.inflight {
			if f.end.Before(next) {
				next = f.end
			}
		}
		if next.After(end) {
			r.now = end
			return
		}
		r.now = next
		r.complete()
	}
}

func (r *schedRun) complete() {
	var still []inflight
	for _, f := range r.inflight {
		if f.end.After(r.now) {
			still = append(still, f)
			continue
		}
		o := outcome{calls: 1}
		if r.answer != nil {
			o = r.answer(f.job.task, r.now)
		}
		o.started = f.started
		r.s.done(f.job.task, o, r.now)
	}
	r.inflight = still
}

func (r *schedRun) after(d time.Duration) { r.until(r.now.Add(d)) }

func (r *schedRun) counts() map[task]int {
	out := map[task]int{}
	for t, ls := range r.launched {
		out[t] = len(ls)
	}
	return out
}

func secs(ds ...int) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = time.Duration(d) * time.Second
	}
	return out
}

// TestScheduleCadences: what runs in the first minute (both ends
// counted), per task, with instant answers.
func TestScheduleCadences(t *testing.T) {
	pagesOf := func(n map[task]int) func(task, time.Time) outcome {
		return func(t task, _ time.Time) outcome { return outcome{calls: max(1, n[t])} }
	}
	cases := []struct {
		name    string
		rows    []string
		sel     string
		scaling []string
		answer  func(task, time.Time) outcome
		want    map[task]int
	}{
		{
			name: "nothing on screen: each class on its cadence; every alarm once, those in ALARM every 30 s",
			want: map[task]int{taskGroups: 7, taskActivities: 7, taskAlarms: 1, taskAlarmsFiring: 3, taskAlarmHistory: 3,
				taskMetrics: 2, taskTargetHealth: 5, taskInstances: 3, taskLoadBalancers: 1, taskListeners: 1, taskPolicies: 1, taskPrices: 1},
		},
		{
			name: "a small fleet on screen: the sweep covers the rows; the selected group's own activities every minute",
			rows: []string{"a", "b"}, sel: "a",
			want: map[task]int{taskGroups: 7, taskActivities: 7, taskActivitiesSel: 2, taskAlarms: 1, taskAlarmsFiring: 3,
				taskAlarmsSel: 2, taskAlarmHistory: 3, taskMetrics: 2, taskTargetHealth: 5, taskInstances: 3,
				taskLoadBalancers: 1, taskListeners: 1, taskPolicies: 1, taskPrices: 1},
		},
		{
			name: "1,000 groups (10 pages): the sweep stretches to 33 s, the rows on screen fill the gaps every 10 s",
			rows: []string{"a", "b"}, sel: "a", answer: pagesOf(map[task]int{taskGroups: 10, taskAlarms: 19}),
			want: map[task]int{taskGroups: 2, taskGroupsShown: 5, taskActivities: 7, taskActivitiesSel: 2, taskAlarms: 1,
				taskAlarmsFiring: 3, taskAlarmsSel: 2, taskAlarmHistory: 3, taskMetrics: 2, taskTargetHealth: 5,
				taskInstances: 3, taskLoadBalancers: 1, taskListeners: 1, taskPolicies: 1, taskPrices: 1},
		},
		{
			name: "a row scaling: it and the account's activities every 3 s; the selected group's own stay slow",
			rows: []string{"a", "b"}, sel: "a", scaling: []string{"b"},
			want: map[task]int{taskGroups: 7, taskGroupsFast: 20, taskActivities: 21, taskActivitiesSel: 2, taskAlarms: 1,
				taskAlarmsFiring: 3, taskAlarmsSel: 2, taskAlarmHistory: 3, taskMetrics: 2, taskTargetHealth: 5,
				taskInstances: 3, taskLoadBalancers: 1, taskListeners: 1, taskPolicies: 1, taskPrices: 1},
		},
		{
			name: "the selected group scaling: its activities go fast too",
			rows: []string{"a", "b"}, sel: "a", scaling: []string{"a"},
			want: map[task]int{taskGroups: 7, taskGroupsFast: 20, taskActivities: 21, taskActivitiesSel: 21, taskAlarms: 1,
				taskAlarmsFiring: 3, taskAlarmsSel: 2, taskAlarmHistory: 3, taskMetrics: 2, taskTargetHealth: 5,
				taskInstances: 3, taskLoadBalancers: 1, taskListeners: 1, taskPolicies: 1, taskPrices: 1},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRun(testSchedConfig())
			r.answer = c.answer
			r.s.setView(t0, c.rows, c.sel)
			r.s.setScaling(t0, c.scaling)
			r.until(t0.Add(time.Minute))
			if got := r.counts(); !maps.Equal(got, c.want) {
				t.Errorf("runs in a minute:\n got %v\nwant %v\nlaunches %v", got, c.want, r.launched)
			}
		})
	}
}

// TestScheduleFastNames: the fast reads name the groups on screen that
// are scaling and those acted on, and stop when neither is left.
func TestScheduleFastNames(t *testing.T) {
	r := newRun(testSchedConfig())
	r.s.setView(t0, []string{"a", "b", "c"}, "")
	r.after(time.Second)
	r.s.setScaling(r.now, []string{"c"})
	r.s.actedOn(r.now, "a")
	r.after(5 * time.Second)
	if got := r.launched[taskRefresh]; !slices.Equal(got, secs(1)) || !slices.Equal(r.names[taskRefresh][0], []string{"a"}) {
		t.Errorf("the action's refresh: launches %v names %v, want once at 1s for a", got, r.names[taskRefresh])
	}
	if got := r.launched[taskGroupsFast]; !slices.Equal(got, secs(4)) || !slices.Equal(r.names[taskGroupsFast][0], []string{"a", "c"}) {
		t.Errorf("fast: launches %v names %v, want at 4s for a and c", got, r.names[taskGroupsFast])
	}
	r.s.setScaling(r.now, nil)
	r.after(2 * time.Minute) // a's fast window ends at 2m01s
	last := r.launched[taskGroupsFast][len(r.launched[taskGroupsFast])-1]
	if last > 2*time.Minute+time.Second || last < 118*time.Second {
		t.Errorf("fast reads went on until %s, want them to stop when a's 2 minutes end", last)
	}
	for _, ns := range r.names[taskGroupsFast][1:] {
		if !slices.Equal(ns, []string{"a"}) {
			t.Fatalf("fast read %v after c stopped scaling, want a only", ns)
		}
	}
}

// TestScheduleBackoff: failures back off exponentially from the cadence
// (at most 30 s to start) with the injected jitter, throttling up to 2.5
// times the cap, a task that never answered retries within seconds, and a
// success returns to the cadence.
func TestScheduleBackoff(t *testing.T) {
	failing := func(throttled bool, upTo time.Duration) func(task, time.Time) outcome {
		return func(tk task, now time.Time) outcome {
			if tk == taskAlarms && now.Sub(t0) < upTo {
				return outcome{err: "boom", throttled: throttled, calls: 1}
			}
			return outcome{calls: 1}
		}
	}
	cases := []struct {
		name      string
		throttled bool
		prime     bool // a success first
		want      []time.Duration
	}{
		// Never answered: from 1 s, doubled per failure; the delay is half
		// of it plus the jitter's half of that half: 1.5, 3, 6, 12 s.
		{name: "never answered", want: []time.Duration{0, 1500 * time.Millisecond, 4500 * time.Millisecond,
			10500 * time.Millisecond, 22500 * time.Millisecond}},
		// Throttled, never answered: from the cadence's 30 s.
		{name: "throttled", throttled: true, want: secs(0, 45, 135)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRun(testSchedConfig())
			r.answer = failing(c.throttled, 150*time.Second)
			r.until(t0.Add(140 * time.Second))
			got := r.launched[taskAlarms]
			if len(got) < len(c.want) || !slices.Equal(got[:len(c.want)], c.want) {
				t.Errorf("launches %v, want %v first", got, c.want)
			}
		})
	}
	t.Run("delays", func(t *testing.T) {
		for _, c := range []struct {
			cad       time.Duration
			failures  int
			throttled bool
			want      time.Duration
		}{
			{10 * time.Second, 1, false, 15 * time.Second},
			{10 * time.Second, 3, false, 60 * time.Second},
			{10 * time.Second, 10, false, 90 * time.Second}, // capped at 2 min, 3/4 of it
			{10 * time.Second, 10, true, 225 * time.Second}, // throttled cap 5 min
			{time.Hour, 1, false, 45 * time.Second},         // an hourly class starts from 30 s
		} {
			if got := backoff(c.cad, c.failures, c.throttled, 2*time.Minute, halfJitter); got != c.want {
				t.Errorf("backoff(%s, %d, %v) = %s, want %s", c.cad, c.failures, c.throttled, got, c.want)
			}
		}
		lo := backoff(10*time.Second, 2, false, 2*time.Minute, func(int64) int64 { return 0 })
		hi := backoff(10*time.Second, 2, false, 2*time.Minute, func(n int64) int64 { return n })
		if lo != 20*time.Second || hi != 40*time.Second {
			t.Errorf("jitter range [%s, %s], want [20s, 40s]", lo, hi)
		}
	})
}

// TestScheduleRecovery: after an outage every failed task retries as soon
// as one answers, throttled ones aside, and one in flight when the
// endpoint came back retries at once too.
func TestScheduleRecovery(t *testing.T) {
	s := newScheduler(testSchedConfig(), t0)
	at := func(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }
	ok := func(from time.Time) outcome { return outcome{started: from, calls: 1} }
	down := func(from time.Time) outcome { return outcome{started: from, err: "unreachable"} }
	throttled := func(from time.Time) outcome { return outcome{started: from, err: "Rate exceeded", throttled: true} }
	// round launches what is due at now and completes it at once, as
	// outcomes says (success otherwise); held tasks stay in flight.
	round := func(now time.Time, outcomes map[task]func(time.Time) outcome, held ...task) []task {
		launched := tasksOf(s.due(now))
		for _, tk := range launched {
			if slices.Contains(held, tk) {
				continue
			}
			o := ok(now)
			if f := outcomes[tk]; f != nil {
				o = f(now)
			}
			s.done(tk, o, now)
		}
		return launched
	}
	for len(round(t0, nil)) > 0 { // everything answers once
	}
	outage := map[task]func(time.Time) outcome{taskActivities: down, taskAlarmHistory: down, taskTargetHealth: down, taskMetrics: throttled}
	s.requestRefresh(at(10), "")
	for len(round(at(10), outage)) > 0 {
	}
	// Backoffs with the jitter's middle, from each cadence: activities
	// 15 s, target health 22.5 s, history 45 s, metrics (throttled) 45 s.
	// Activities goes out again at 25 s and stays in flight; target
	// health fails again at 32.5 s.
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	if got := round(at(25), outage, taskActivities); !slices.Contains(got, taskActivities) {
		t.Fatalf("due at 25s: %v, want activities", got)
	}
	if got := round(ms(32500), outage); !slices.Equal(got, []task{taskTargetHealth}) {
		t.Fatalf("due at 32.5s: %v, want target health", got)
	}
	if got := round(at(55), outage, taskAlarmHistory); !slices.Contains(got, taskAlarmHistory) || !slices.Contains(got, taskMetrics) {
		t.Fatalf("due at 55s: %v, want alarm history and metrics", got)
	}
	// History answers while activities is in flight: the endpoint is back.
	s.done(taskAlarmHistory, ok(at(55)), at(56))
	if st := s.st[taskTargetHealth]; !st.next.Equal(at(56)) {
		t.Errorf("target health next at %s, want at once (56s): the endpoint answers again", st.next.Sub(t0))
	}
	if st := s.st[taskMetrics]; !st.next.After(at(56)) {
		t.Error("throttled metrics retried at once; they must wait out their backoff")
	}
	s.done(taskActivities, down(at(25)), at(57))
	if got := s.st[taskActivities].next; !got.Equal(at(57)) {
		t.Errorf("activities failed from before the endpoint came back: next at %s, want at once (57s)", got.Sub(t0))
	}
}

// TestScheduleViewChange: metrics and target health follow every change of
// view; one in flight for the old view runs again as soon as it returns;
// the rows on screen are read by name when they change, unless the sweep
// has just read them; the selected group's activities and alarms follow
// the selection.
func TestScheduleViewChange(t *testing.T) {
	cfg := testSchedConfig()
	r := newRun(cfg)
	r.latency = 2 * time.Second
	r.answer = func(tk task, _ time.Time) outcome {
		if tk == taskGroups {
			return outcome{calls: 10} // 1,000 groups: the sweep stretches
		}
		return outcome{calls: 1}
	}
	r.s.setView(t0, []string{"a"}, "a")
	r.until(t0.Add(5 * time.Second)) // groups answered at 2 s, load balancers at 4 s; metrics launched, in flight
	if got := r.launched[taskMetrics]; !slices.Equal(got, secs(4)) {
		t.Fatalf("metrics launched %v, want once at 4s (after groups and load balancers, one after the other)", got)
	}
	r.s.setView(r.now, []string{"a"}, "a") // during the metrics fetch
	r.until(t0.Add(7 * time.Second))
	if got := r.launched[taskMetrics]; !slices.Equal(got, secs(4, 6)) {
		t.Errorf("metrics launched %v, want again at 6s, as the first returned", got)
	}
	if len(r.launched[taskGroupsShown]) != 0 {
		t.Errorf("rows read by name %v though the sweep had just read them", r.launched[taskGroupsShown])
	}
	r.until(t0.Add(41 * time.Second)) // the sweep (every 33 s) is 6 s old
	before := len(r.launched[taskGroupsShown])
	selBefore := len(r.launched[taskActivitiesSel])
	r.s.setView(r.now, []string{"a", "b"}, "b")
	r.after(time.Second) // the selected activities of 40 s come back at 42 s and go again
	if n := len(r.launched[taskGroupsShown]); n != before+1 || !slices.Equal(r.names[taskGroupsShown][n-1], []string{"a", "b"}) {
		t.Errorf("rows changed: read by name %d times (was %d), names %v", n, before, r.names[taskGroupsShown])
	}
	if n := len(r.launched[taskActivitiesSel]); n != selBefore+1 || !slices.Equal(r.names[taskActivitiesSel][n-1], []string{"b"}) {
		t.Errorf("selection changed: selected activities %d (was %d) %v", n, selBefore, r.names[taskActivitiesSel])
	}
}

// TestScheduleDependencies: metrics and target health wait for groups and
// load balancers, prices for groups and policies; a failure counts as an
// answer, so one failing class does not hold the others back.
func TestScheduleDependencies(t *testing.T) {
	s := newScheduler(testSchedConfig(), t0)
	s.setView(t0, []string{"a"}, "a")
	first := tasksOf(s.due(t0))
	for _, tk := range []task{taskMetrics, taskTargetHealth, taskPrices, taskInstances, taskPolicies, taskAlarmsSel} {
		if slices.Contains(first, tk) {
			t.Errorf("%s launched before what it needs", tk)
		}
	}
	s.done(taskGroups, outcome{started: t0, err: "denied"}, t0)
	// One read of the whole fleet at a time, in the order the overview
	// needs them: load balancers, their listeners, instances, every alarm,
	// policies; prices only after policies.
	if next := tasksOf(s.due(t0)); !slices.Contains(next, taskLoadBalancers) || slices.Contains(next, taskInstances) {
		t.Fatalf("after groups: %v, want load balancers (and no other whole-fleet read)", next)
	}
	s.done(taskLoadBalancers, outcome{started: t0, calls: 1}, t0)
	second := tasksOf(s.due(t0))
	for _, tk := range []task{taskMetrics, taskTargetHealth, taskListeners} {
		if !slices.Contains(second, tk) {
			t.Errorf("%s not launched once groups failed and load balancers answered: %v", tk, second)
		}
	}
	for _, step := range []struct{ done, next task }{{taskListeners, taskInstances}, {taskInstances, taskAlarms}, {taskAlarms, taskPolicies}, {taskPolicies, taskPrices}} {
		s.done(step.done, outcome{started: t0, calls: 1}, t0)
		next := tasksOf(s.due(t0))
		if !slices.Contains(next, step.next) {
			t.Errorf("after %s: %v, want %s", step.done, next, step.next)
		}
		for _, tk := range next {
			if taskSpecs[tk].heavy && tk != step.next {
				t.Errorf("after %s: %s launched beside %s", step.done, tk, step.next)
			}
		}
	}
}

func tasksOf(js []dueJob) []task {
	var out []task
	for _, j := range js {
		out = append(out, j.task)
	}
	return out
}

// TestScheduleRefresh: Refresh("") makes everything due now; a group
// refresh reads it by name once, without disturbing the cadences.
func TestScheduleRefresh(t *testing.T) {
	r := newRun(testSchedConfig())
	r.after(20 * time.Second)
	r.s.requestRefresh(r.now, "")
	r.after(0)
	for _, tk := range []task{taskGroups, taskAlarms, taskLoadBalancers, taskPolicies, taskPrices} {
		if ls := r.launched[tk]; ls[len(ls)-1] != 20*time.Second {
			t.Errorf("%s not refetched at once: %v", tk, ls)
		}
	}
	r.s.requestRefresh(r.now, "g")
	r.s.requestRefresh(r.now, "f")
	r.after(time.Second)
	if ns := r.names[taskRefresh]; len(ns) != 1 || !slices.Equal(ns[0], []string{"f", "g"}) {
		t.Errorf("refresh names %v, want one read of f and g", ns)
	}
}

// TestScheduleCovers: a task waits while one covering it runs, and counts
// its cadence from that one's success.
func TestScheduleCovers(t *testing.T) {
	r := newRun(testSchedConfig())
	r.latency = 5 * time.Second
	r.until(t0.Add(70 * time.Second))
	full := r.launched[taskAlarms]
	if len(full) != 1 {
		t.Fatalf("every alarm read %v, want once", full)
	}
	from, to := full[0], full[0]+5*time.Second
	next := time.Duration(-1)
	for _, at := range r.launched[taskAlarmsFiring] {
		if at > from && at < to {
			t.Errorf("alarms in ALARM read at %s, while every alarm was being read (%s to %s)", at, from, to)
		}
		if at >= to && next < 0 {
			next = at
		}
	}
	if next != to+30*time.Second {
		t.Errorf("alarms in ALARM read next at %s, want 30 s after every alarm came back (%s); launches %v",
			next, to+30*time.Second, r.launched[taskAlarmsFiring])
	}
}

// TestScheduleFreshness: a class's age is the newest of the reads that
// stand for what is on screen; its error is the task failing longest, with
// that task's attempt.
func TestScheduleFreshness(t *testing.T) {
	s := newScheduler(testSchedConfig(), t0)
	s.setView(t0, []string{"a"}, "")
	s.due(t0)
	s.done(taskGroups, outcome{started: t0, calls: 10}, t0)
	s.done(taskAlarms, outcome{started: t0, err: "boom"}, t0)
	at := t0.Add(12 * time.Second)
	s.due(at)
	s.done(taskGroupsShown, outcome{started: at, calls: 1}, at)
	s.done(taskAlarmHistory, outcome{started: at, err: "Rate exceeded", throttled: true}, at)
	f := s.freshness()
	if g := f[model.ClassGroups]; !g.FetchedAt.Equal(at) || g.Err != "" || g.Calls != 11 {
		t.Errorf("groups freshness %+v, want fetched at the rows' read, 11 calls", g)
	}
	// Both failed once: the newer attempt, throttled, stands for the class.
	if a := f[model.ClassAlarms]; a.Err != "Rate exceeded" || !a.Throttled || a.Failures != 1 || !a.AttemptedAt.Equal(at) {
		t.Errorf("alarms freshness %+v", a)
	}
	s.due(at.Add(time.Minute))
	s.done(taskAlarmHistory, outcome{started: at, calls: 1}, at.Add(time.Minute))
	if a := s.freshness()[model.ClassAlarms]; a.Err != "boom" || a.Throttled || !a.AttemptedAt.Equal(t0) {
		t.Errorf("alarms freshness %+v, want every alarm's failure, with its attempt", a)
	}
}

// TestFetchOrderDerived: each one-shot task comes after what it needs, in
// launch order otherwise.
func TestFetchOrderDerived(t *testing.T) {
	order := fetchOrder()
	for i, tk := range order {
		for _, d := range taskSpecs[tk].after {
			if j := slices.Index(order, d); j < 0 || j > i {
				t.Errorf("%s runs before %s, which it needs", tk, d)
			}
		}
	}
	want := []task{taskGroups, taskActivities, taskActivitiesSel, taskLoadBalancers, taskListeners, taskInstances,
		taskAlarms, taskAlarmHistory, taskTargetHealth, taskMetrics, taskPolicies, taskPrices}
	if !slices.Equal(order, want) {
		t.Errorf("fetch order %v, want %v", order, want)
	}
	for _, tk := range tasks {
		if _, ok := taskSpecs[tk]; !ok {
			t.Errorf("%s has no spec", tk)
		}
		if _, ok := jobBuilders[tk]; !ok {
			t.Errorf("%s has no job", tk)
		}
	}
	for _, c := range model.Classes {
		if !slices.ContainsFunc(order, func(tk task) bool { return taskSpecs[tk].class == c }) {
			t.Errorf("class %s has no one-shot task", c)
		}
	}
}

// TestScheduleViewSettles: while the view keeps changing (a key held
// down), nothing that follows it is read; once it stays still for the
// settle time, each such task runs once, for where the view stopped.
func TestScheduleViewSettles(t *testing.T) {
	cfg := testSchedConfig()
	cfg.settle = 200 * time.Millisecond
	r := newRun(cfg)
	r.until(t0.Add(20 * time.Second))
	before := r.counts()
	rows := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t"}
	for _, sel := range rows { // a move every 50 ms for a second
		r.s.setView(r.now, rows, sel)
		r.after(50 * time.Millisecond)
	}
	stopped := r.now.Add(-50 * time.Millisecond)
	r.after(time.Second)
	after := r.counts()
	for _, tk := range []task{taskMetrics, taskTargetHealth, taskActivitiesSel, taskAlarmsSel} {
		if n := after[tk] - before[tk]; n != 1 {
			t.Errorf("%s ran %d times for 20 moves of the selection, want once where it stopped", tk, n)
		}
	}
	ls := r.launched[taskActivitiesSel]
	if last := ls[len(ls)-1]; last != stopped.Add(200*time.Millisecond).Sub(t0) {
		t.Errorf("the selected group's activities read at %s, want 200 ms after the selection stopped (%s)", last, stopped.Add(200*time.Millisecond).Sub(t0))
	}
	if ns := r.names[taskActivitiesSel]; !slices.Equal(ns[len(ns)-1], []string{"t"}) {
		t.Errorf("read for %v, want t, where the selection stopped", ns[len(ns)-1])
	}
}

// TestScheduleThrottledCovers: while every group's read is throttled, the
// rows on screen (which it covers, and which draw on the same bucket) wait
// out its backoff too, so throttling lowers the calls instead of moving
// them to the rows.
func TestScheduleThrottledCovers(t *testing.T) {
	r := newRun(testSchedConfig())
	r.s.setView(t0, []string{"a", "b"}, "a")
	r.answer = func(tk task, now time.Time) outcome {
		if (tk == taskGroups || tk == taskGroupsShown) && now.Sub(t0) >= 15*time.Second {
			return outcome{err: "Rate exceeded", throttled: true}
		}
		return outcome{calls: 1}
	}
	r.until(t0.Add(2 * time.Minute))
	var after []time.Duration
	for _, tk := range []task{taskGroups, taskGroupsShown} {
		for _, at := range r.launched[tk] {
			if at >= 20*time.Second {
				after = append(after, at)
			}
		}
	}
	// Unthrottled: a read of the groups every 10 s, 10 in 100 s. Throttled,
	// every group's read backs off from 10 s, doubling, and the rows wait
	// with it.
	if len(after) > 5 {
		t.Errorf("%d group reads in 100 throttled seconds (%v, rows %v), want the backoff's few",
			len(after), r.launched[taskGroups], r.launched[taskGroupsShown])
	}
}
