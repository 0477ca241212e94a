package aws

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/solemate/hoist/model"
)

// The scheduler decides, without IO and without reading a clock, what the
// poller fetches and when: it is told the time, what is on screen and what
// happened (a fetch answered, failed or was throttled; the view changed; an
// action was sent; a refresh was asked for) and answers what is due now and
// when to wake next. Poller.Run is a thin loop around it.
//
// Work is split into tasks. Most classes are one task; groups, activities
// and alarms are several, so that a large fleet costs the pages the screen
// needs (docs: README "What it calls, and what it costs"):
//
//   - every group, paged, on the groups cadence stretched with fleet size;
//     the rows on screen by name on the groups cadence; the groups on
//     screen that are scaling, and those just acted on, by name on the
//     fast cadence; a group asked for (Refresh, an action) at once;
//   - the account's latest activities (fast while anything on screen
//     moves) and the selected group's;
//   - alarms in ALARM by state filter on the alarms cadence (and those that
//     just left ALARM, by name), every alarm slowly, the selected group's
//     on demand, and the recent history.

// task is one kind of fetch with its own cadence and state.
type task string

const (
	taskGroups        task = "groups"       // every group, paged
	taskGroupsShown   task = "groups-shown" // the groups on screen, by name
	taskGroupsFast    task = "groups-fast"  // scaling or acted-on groups, by name
	taskRefresh       task = "refresh"      // groups asked for, by name, now
	taskActivities    task = "activities"   // the account's latest page
	taskActivitiesSel task = "activities-selected"
	taskAlarms        task = "alarms"          // every alarm
	taskAlarmsFiring  task = "alarms-firing"   // StateValue=ALARM, and those that left it
	taskAlarmsSel     task = "alarms-selected" // the selected group's, by name
	taskAlarmHistory  task = "alarm-history"
	taskMetrics       task = task(model.ClassMetrics)
	taskTargetHealth  task = task(model.ClassTargetHealth)
	taskInstances     task = task(model.ClassInstances)
	taskLoadBalancers task = task(model.ClassLoadBalancers)
	taskListeners     task = task(model.ClassListeners)
	taskPolicies      task = task(model.ClassPolicies)
	taskPrices        task = task(model.ClassPrices)
)

// viewDep says which change of the view makes a task due at once.
type viewDep int

const (
	viewNone     viewDep = iota
	viewAny              // rows, selection, range or series
	viewRows             // the groups on screen
	viewSelected         // the selected group
)

// taskSpec is what the scheduler knows of a task.
type taskSpec struct {
	class model.Class
	every func(*schedConfig) time.Duration
	// after lists tasks that must have answered (or failed) once before
	// this one first runs: what it asks for is derived from their data.
	after []task
	// covers lists tasks whose data a success of this one brings up to
	// date: they wait while it runs and count their cadence from its end.
	covers []task
	// pagesPerRun is how many calls a run may make at the task's cadence
	// before the cadence stretches in proportion (0: never stretches), so
	// that a list of the whole fleet costs about the same calls a minute
	// whatever the fleet's size.
	pagesPerRun int
	// heavy marks a read of the whole fleet (every group, alarm, instance,
	// load balancer or policy): one runs at a time, so that decoding
	// thousands of items never takes both of a small machine's cores from
	// the console's keys, nor piles up garbage from several at once.
	heavy   bool
	fast    func(*scheduler) bool // runs at the fast cadence while it says so
	view    viewDep
	enabled func(*scheduler) bool // nil: always
	fresh   bool                  // its success is the age of the class's data on screen
	oneShot bool                  // Session.Fetch runs it
	quiet   bool                  // failures are logged, not shown (best-effort extras)
}

func classEvery(c model.Class) func(*schedConfig) time.Duration {
	return func(cfg *schedConfig) time.Duration { return cfg.cadence[c] }
}

// selectedActivitiesEvery is how much slower than the activities cadence
// the selected group's own page is read while it is not scaling.
const selectedActivitiesEvery = 6

// fullAlarmsEvery is how much slower than the alarms cadence every alarm
// is read: between full reads the alarms in ALARM come by state filter.
const fullAlarmsEvery = 10

// tasks lists every task in the order due ones are launched: for the
// heavy ones, what the overview needs first (groups; load balancers and
// their listeners, for metrics and target health; instances, for costs;
// alarms), then policies.
var tasks = []task{
	taskRefresh, taskGroups, taskGroupsShown, taskGroupsFast, taskActivities, taskActivitiesSel,
	taskLoadBalancers, taskListeners, taskInstances, taskAlarms, taskAlarmsFiring, taskAlarmsSel,
	taskAlarmHistory, taskTargetHealth, taskMetrics, taskPolicies, taskPrices,
}

var taskSpecs = map[task]taskSpec{
	taskGroups: {class: model.ClassGroups, every: classEvery(model.ClassGroups), pagesPerRun: 3, heavy: true,
		covers: []task{taskGroupsShown}, fresh: true, oneShot: true},
	taskGroupsShown: {class: model.ClassGroups, every: classEvery(model.ClassGroups), view: viewRows, fresh: true,
		enabled: func(s *scheduler) bool { return len(s.view.rows) > 0 }},
	taskGroupsFast: {class: model.ClassGroups, every: func(c *schedConfig) time.Duration { return c.fast },
		enabled: func(s *scheduler) bool { return len(s.fastNames()) > 0 }},
	taskRefresh: {class: model.ClassGroups, every: func(*schedConfig) time.Duration { return 0 }, quiet: true,
		enabled: func(s *scheduler) bool { return len(s.refresh) > 0 }},
	taskActivities: {class: model.ClassActivities, every: classEvery(model.ClassActivities), fresh: true, oneShot: true,
		fast: func(s *scheduler) bool { return len(s.fastNames()) > 0 }},
	// The selected group's page: its newest activities come with the
	// account's page anyway, so this one is for its history, read when it
	// is selected and then slowly, unless it is scaling.
	taskActivitiesSel: {class: model.ClassActivities, view: viewSelected, oneShot: true,
		every:   func(c *schedConfig) time.Duration { return selectedActivitiesEvery * c.cadence[model.ClassActivities] },
		fast:    func(s *scheduler) bool { return slices.Contains(s.fastNames(), s.view.selected) },
		enabled: func(s *scheduler) bool { return s.view.selected != "" }},
	taskAlarms: {class: model.ClassAlarms, pagesPerRun: 20, heavy: true, fresh: true, oneShot: true,
		every:  func(c *schedConfig) time.Duration { return fullAlarmsEvery * c.cadence[model.ClassAlarms] },
		covers: []task{taskAlarmsFiring, taskAlarmsSel}},
	taskAlarmsFiring: {class: model.ClassAlarms, every: classEvery(model.ClassAlarms), pagesPerRun: 10, fresh: true},
	taskAlarmsSel: {class: model.ClassAlarms, every: classEvery(model.ClassAlarms), view: viewSelected, after: []task{taskAlarms},
		enabled: func(s *scheduler) bool { return s.view.selected != "" }},
	taskAlarmHistory:  {class: model.ClassAlarms, every: classEvery(model.ClassAlarms), oneShot: true},
	taskMetrics:       {class: model.ClassMetrics, every: classEvery(model.ClassMetrics), view: viewAny, fresh: true, oneShot: true, after: []task{taskGroups, taskLoadBalancers}},
	taskTargetHealth:  {class: model.ClassTargetHealth, every: classEvery(model.ClassTargetHealth), view: viewAny, fresh: true, oneShot: true, after: []task{taskGroups, taskLoadBalancers}},
	taskInstances:     {class: model.ClassInstances, every: classEvery(model.ClassInstances), heavy: true, fresh: true, oneShot: true, after: []task{taskGroups}},
	taskLoadBalancers: {class: model.ClassLoadBalancers, every: classEvery(model.ClassLoadBalancers), pagesPerRun: 4, heavy: true, fresh: true, oneShot: true},
	// Every load balancer's listeners (one call each) with the certificates
	// they serve; the target health of load balancers on screen waits for
	// their listeners.
	taskListeners: {class: model.ClassListeners, every: classEvery(model.ClassListeners), heavy: true, fresh: true, oneShot: true, after: []task{taskLoadBalancers}},
	// Policies carry the groups' launch templates, whose instance types
	// price a group with no instances: prices wait for them.
	taskPolicies: {class: model.ClassPolicies, every: classEvery(model.ClassPolicies), pagesPerRun: 10, heavy: true, fresh: true, oneShot: true, after: []task{taskGroups}},
	taskPrices:   {class: model.ClassPrices, every: classEvery(model.ClassPrices), fresh: true, oneShot: true, after: []task{taskGroups, taskPolicies}},
}

// schedConfig is what the scheduler is told once.
type schedConfig struct {
	cadence    map[model.Class]time.Duration // every class's
	fast       time.Duration                 // the fast cadence
	fastFor    time.Duration                 // how long an acted-on group stays fast
	maxBackoff time.Duration
	// settle is how long the view must stay still before the tasks that
	// follow it run: holding j down moves the selection thirty times a
	// second, and only where it stops is worth reading.
	settle time.Duration
	// jitter returns a uniform value in [0, n]; rand.Int64N(n+1) outside
	// tests, a fixed function in them.
	jitter func(n int64) int64
}

func randomJitter(n int64) int64 { return rand.Int64N(n + 1) }

// taskState is one task's schedule and the outcome of its last run.
type taskState struct {
	next    time.Time
	running bool
	started time.Time
	// again: the view changed while the task was fetching for the old
	// one; run again as soon as that returns.
	again bool
	pages int // calls of the last successful run, for the stretch
	fresh model.Freshness
}

// schedView is what the scheduler needs of the screen.
type schedView struct {
	rows     []string // groups on screen, the selected one included
	selected string
	scaling  []string // groups on screen with scaling in progress
}

// dueJob is a task to run now; names are the groups the by-name tasks
// read.
type dueJob struct {
	task  task
	names []string
}

// outcome is what a run of a task came back with.
type outcome struct {
	started   time.Time
	err       string // "" for success
	throttled bool
	calls     int
}

type scheduler struct {
	cfg     schedConfig
	st      map[task]*taskState
	view    schedView
	acted   map[string]time.Time // group → fast until
	refresh map[string]bool
	// answeredAgain is when a task last succeeded after failing: the
	// endpoint is back.
	answeredAgain time.Time
	// settled is when the view will have been still for settle.
	settled time.Time
}

func newScheduler(cfg schedConfig, now time.Time) *scheduler {
	if cfg.jitter == nil {
		cfg.jitter = randomJitter
	}
	s := &scheduler{cfg: cfg, st: map[task]*taskState{}, acted: map[string]time.Time{}, refresh: map[string]bool{}}
	for _, t := range tasks {
		s.st[t] = &taskState{next: now}
	}
	return s
}

// fastNames are the groups read at the fast cadence: those on screen that
// are scaling and those acted on within fastFor, sorted.
func (s *scheduler) fastNames() []string {
	names := slices.Clone(s.view.scaling)
	for g := range s.acted {
		names = append(names, g)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

func (s *scheduler) enabled(t task) bool {
	sp := taskSpecs[t]
	return sp.enabled == nil || sp.enabled(s)
}

// every is t's cadence now: its class's, stretched by the pages its last
// run took, or the fast cadence while fast.
func (s *scheduler) every(t task) time.Duration {
	sp := taskSpecs[t]
	d := sp.every(&s.cfg)
	if n := s.st[t].pages; sp.pagesPerRun > 0 && n > sp.pagesPerRun {
		d = d * time.Duration(n) / time.Duration(sp.pagesPerRun)
	}
	if sp.fast != nil && sp.fast(s) {
		d = min(d, s.cfg.fast)
	}
	return d
}

// ready reports whether t's prerequisites have answered (or failed) once.
func (s *scheduler) ready(t task) bool {
	for _, d := range taskSpecs[t].after {
		if f := s.st[d].fresh; f.FetchedAt.IsZero() && f.Failures == 0 {
			return false
		}
	}
	return true
}

// coveredNow reports whether a task covering t is running or launching.
func (s *scheduler) coveredNow(t task, launching map[task]bool) bool {
	for _, c := range tasks {
		if slices.Contains(taskSpecs[c].covers, t) && (s.st[c].running || launching[c]) {
			return true
		}
	}
	return false
}

// setView tells the scheduler what is on screen. Every change makes the
// tasks that follow the view due once it has settled (metrics and target
// health on any change, the rows' groups when they change, the selected
// group's activities and alarms when it changes), unless a task covering
// them has just brought them up to date. A task running for the old view
// runs again as soon as it returns.
func (s *scheduler) setView(now time.Time, rows []string, selected string) {
	rowsChanged := !slices.Equal(rows, s.view.rows)
	selChanged := selected != s.view.selected
	s.view.rows, s.view.selected = rows, selected
	s.settled = now.Add(s.cfg.settle)
	for _, t := range tasks {
		switch taskSpecs[t].view {
		case viewAny:
		case viewRows:
			if !rowsChanged || s.justCovered(t, now) {
				continue
			}
		case viewSelected:
			if !selChanged || selected == "" || s.justCovered(t, now) {
				continue
			}
		default:
			continue
		}
		st := s.st[t]
		st.next, st.again = s.settled, st.running
	}
}

// initView sets the view a poller starts with: every task is due at
// start anyway, so there is nothing to settle.
func (s *scheduler) initView(rows []string, selected string) {
	s.view.rows, s.view.selected = rows, selected
}

// justCovered reports whether a task covering t succeeded within the fast
// cadence: what t would read has just been read.
func (s *scheduler) justCovered(t task, now time.Time) bool {
	for _, c := range tasks {
		if slices.Contains(taskSpecs[c].covers, t) {
			if at := s.st[c].fresh.FetchedAt; !at.IsZero() && now.Sub(at) < s.cfg.fast {
				return true
			}
		}
	}
	return false
}

// setScaling tells the scheduler which groups on screen are scaling.
func (s *scheduler) setScaling(now time.Time, groups []string) {
	s.changeFast(now, func() { s.view.scaling = groups })
}

// actedOn is told of an action sent on group: read it now, and at the
// fast cadence for fastFor.
func (s *scheduler) actedOn(now time.Time, group string) {
	if group == "" {
		return
	}
	s.refresh[group] = true
	s.changeFast(now, func() { s.acted[group] = now.Add(s.cfg.fastFor) })
}

// changeFast applies change to the fast set. Once fast reads start, the
// first is a fast cadence away: what made them start was just read.
func (s *scheduler) changeFast(now time.Time, change func()) {
	was := len(s.fastNames()) > 0
	change()
	if st := s.st[taskGroupsFast]; !was && len(s.fastNames()) > 0 && !st.running {
		st.next = now.Add(s.cfg.fast)
	}
}

// refetch makes ts due at once: what they read has changed (an action
// changed it, or what they need arrived). One running runs again as soon
// as it returns.
func (s *scheduler) refetch(now time.Time, ts ...task) {
	for _, t := range ts {
		st := s.st[t]
		st.next, st.again = now, st.running
	}
}

// requestRefresh asks for group to be read now, or everything for "".
func (s *scheduler) requestRefresh(now time.Time, group string) {
	if group != "" {
		s.refresh[group] = true
		return
	}
	for _, st := range s.st {
		st.next = now
	}
}

// due returns the tasks to launch now, in launch order, and marks them
// running.
func (s *scheduler) due(now time.Time) []dueJob {
	for g, until := range s.acted {
		if !now.Before(until) {
			delete(s.acted, g)
		}
	}
	var out []dueJob
	launching := map[task]bool{}
	for _, t := range tasks {
		st := s.st[t]
		if !s.waiting(t, launching) {
			continue
		}
		// Fast: a task that goes fast is no further than the fast cadence
		// away, unless it is backing off.
		if sp := taskSpecs[t]; sp.fast != nil && sp.fast(s) && st.fresh.Failures == 0 && st.next.After(now.Add(s.cfg.fast)) {
			st.next = now.Add(s.cfg.fast)
		}
		if t != taskRefresh && now.Before(st.next) {
			continue
		}
		st.running, st.started, launching[t] = true, now, true
		out = append(out, dueJob{task: t, names: s.namesFor(t)})
	}
	return out
}

// waiting reports whether t is idle and may run: enabled, not running,
// its prerequisites met, no task covering it under way and, for a heavy
// task, no other heavy one.
func (s *scheduler) waiting(t task, launching map[task]bool) bool {
	return s.enabled(t) && !s.st[t].running && s.ready(t) && !s.coveredNow(t, launching) &&
		!(taskSpecs[t].heavy && s.heavyBusy(launching))
}

// heavyBusy reports whether a heavy task is running or launching.
func (s *scheduler) heavyBusy(launching map[task]bool) bool {
	for _, t := range tasks {
		if taskSpecs[t].heavy && (s.st[t].running || launching[t]) {
			return true
		}
	}
	return false
}

func (s *scheduler) namesFor(t task) []string {
	switch t {
	case taskGroupsShown:
		return slices.Clone(s.view.rows)
	case taskGroupsFast:
		return s.fastNames()
	case taskRefresh:
		names := make([]string, 0, len(s.refresh))
		for g := range s.refresh {
			names = append(names, g)
		}
		clear(s.refresh)
		slices.Sort(names)
		return names
	case taskActivitiesSel, taskAlarmsSel:
		return []string{s.view.selected}
	}
	return nil
}

// done takes the outcome of a run of t.
func (s *scheduler) done(t task, o outcome, now time.Time) {
	st := s.st[t]
	st.running = false
	st.fresh.AttemptedAt = now
	st.fresh.Calls = o.calls
	if o.err == "" {
		s.succeeded(t, o, now)
	} else {
		s.failed(t, o, now)
	}
	if st.again {
		// What came back was for the old view (an error on it says
		// nothing of the new one): the new one is not to wait a cadence
		// or a backoff.
		st.again = false
		st.next = later(now, s.settled)
	}
}

func (s *scheduler) succeeded(t task, o outcome, now time.Time) {
	st := s.st[t]
	if st.fresh.Failures > 0 && !st.fresh.Throttled {
		// The endpoint answers again: the tasks that failed too (throttled
		// ones aside) retry now rather than waiting out a backoff that
		// grew during the outage.
		s.answeredAgain = now
		for _, o := range s.st {
			if o != st && o.fresh.Failures > 0 && !o.fresh.Throttled && !o.running {
				o.next = now
			}
		}
	}
	st.fresh = model.Freshness{FetchedAt: now, AttemptedAt: now, Calls: o.calls}
	st.pages = o.calls
	d := s.every(t)
	st.next = o.started.Add(d)
	if !st.next.After(now) {
		st.next = now.Add(d / 2)
	}
	for _, c := range taskSpecs[t].covers {
		cs := s.st[c]
		cs.fresh = model.Freshness{FetchedAt: now, AttemptedAt: now, Calls: cs.fresh.Calls}
		if !cs.running && !cs.again {
			cs.next = later(cs.next, now.Add(s.every(c)))
		}
	}
}

func (s *scheduler) failed(t task, o outcome, now time.Time) {
	st := s.st[t]
	st.fresh.Err = o.err
	st.fresh.Throttled = o.throttled
	st.fresh.Failures++
	base := taskSpecs[t].every(&s.cfg)
	if st.fresh.FetchedAt.IsZero() && !o.throttled {
		// Nothing on screen yet: try again within seconds, not a whole
		// cadence later (still doubling per failure).
		base = min(base, firstRetry)
	}
	st.next = now.Add(backoff(base, st.fresh.Failures, o.throttled, s.cfg.maxBackoff, s.cfg.jitter))
	if !o.throttled && o.started.Before(s.answeredAgain) {
		// In flight when the endpoint came back: its failure is from
		// before, so it retries now too.
		st.next = now
	}
	if o.throttled {
		// Throttled: what it covers would ask the same bucket. It waits
		// out the backoff too, so that throttling lowers the calls.
		for _, c := range taskSpecs[t].covers {
			if cs := s.st[c]; !cs.running {
				cs.next = later(cs.next, st.next)
			}
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// wake is when the next task falls due (a minute away when none waits).
func (s *scheduler) wake(now time.Time) time.Time {
	at := now.Add(time.Minute)
	for _, t := range tasks {
		if !s.waiting(t, nil) {
			continue
		}
		next := s.st[t].next
		if t == taskRefresh {
			next = now
		}
		if next.Before(at) {
			at = next
		}
	}
	return at
}

// freshness is each class's, from its tasks: the newest success of those
// that stand for what is on screen and the calls of every task's last run;
// while any task fails, the attempt, error and failures of the one that
// has failed most often in a row (the newest on a tie), so that an attempt
// and its error always go together.
func (s *scheduler) freshness() map[model.Class]model.Freshness {
	out := make(map[model.Class]model.Freshness, len(model.Classes))
	for _, t := range tasks {
		sp := taskSpecs[t]
		if sp.quiet {
			continue
		}
		f, m := s.st[t].fresh, out[sp.class]
		if sp.fresh && f.FetchedAt.After(m.FetchedAt) {
			m.FetchedAt = f.FetchedAt
		}
		m.Calls += f.Calls
		switch {
		case f.Failures > m.Failures || (f.Failures > 0 && f.Failures == m.Failures && f.AttemptedAt.After(m.AttemptedAt)):
			m.Failures, m.Err, m.Throttled, m.AttemptedAt = f.Failures, f.Err, f.Throttled, f.AttemptedAt
		case m.Failures == 0:
			m.AttemptedAt = later(m.AttemptedAt, f.AttemptedAt)
		}
		out[sp.class] = m
	}
	return out
}

// firstRetry is the backoff base for a task that has never succeeded.
const firstRetry = time.Second

// backoff is the delay before retrying a task after failures in a row:
// exponential from its cadence (at most 30 s to start, so slow tasks retry
// sooner than their cadence), capped (throttling 2.5 times higher), with
// equal jitter from jitter so many consoles do not retry in step.
func backoff(cadence time.Duration, failures int, throttled bool, limit time.Duration, jitter func(int64) int64) time.Duration {
	base := max(min(cadence, 30*time.Second), time.Millisecond)
	if throttled {
		limit = limit * 5 / 2
	}
	d := base
	for i := 0; i < failures && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	half := d / 2
	return half + time.Duration(jitter(int64(half)))
}

// fetchOrder is the one-shot tasks (Session.Fetch) in an order where each
// comes after the tasks it needs, derived from taskSpecs' after lists;
// otherwise in launch order.
func fetchOrder() []task {
	var out []task
	placed := map[task]bool{}
	for len(out) < len(tasks) {
		progress := false
		for _, t := range tasks {
			if placed[t] || !allPlaced(taskSpecs[t].after, placed) {
				continue
			}
			placed[t], progress = true, true
			out = append(out, t)
			break // restart: earlier tasks whose needs are now met go first
		}
		if !progress {
			panic("aws: the tasks' after lists form a cycle")
		}
	}
	return slices.DeleteFunc(out, func(t task) bool { return !taskSpecs[t].oneShot })
}

func allPlaced(ts []task, placed map[task]bool) bool {
	for _, t := range ts {
		if !placed[t] {
			return false
		}
	}
	return true
}
