package aws

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/solemate/hoist/model"
)

// DefaultCadences are how often each class is fetched when nothing is
// happening: what an engineer would pick to leave open all night.
func DefaultCadences() map[model.Class]time.Duration {
	return map[model.Class]time.Duration{
		model.ClassGroups:        10 * time.Second,
		model.ClassActivities:    10 * time.Second,
		model.ClassAlarms:        30 * time.Second,
		model.ClassMetrics:       60 * time.Second,
		model.ClassTargetHealth:  15 * time.Second,
		model.ClassInstances:     30 * time.Second,
		model.ClassLoadBalancers: 5 * time.Minute,
		model.ClassListeners:     5 * time.Minute,
		model.ClassPolicies:      5 * time.Minute,
		model.ClassPrices:        time.Hour,
	}
}

// PollerOptions tune a Poller; the zero value is the defaults.
type PollerOptions struct {
	// Cadence overrides DefaultCadences per class.
	Cadence map[model.Class]time.Duration
	// Fast is the groups and activities cadence while a visible group has
	// a scaling activity in progress, or for FastFor after an action.
	Fast    time.Duration // default 3 s
	FastFor time.Duration // default 2 min
	// MaxBackoff caps the delay after repeated errors (default 2 min);
	// throttling backs off up to 2.5 times as long.
	MaxBackoff time.Duration
	// Session numbers the snapshots; a switch starts a new session.
	Session uint64
	// Out is where snapshots go; nil makes a channel of its own.
	Out chan model.Snapshot
	// Visible is what is on screen at start.
	Visible model.Visible
}

// historyPause is how long hoist stops asking for alarm history after the
// endpoint failed to give it.
const historyPause = 15 * time.Minute

// Poller fetches each class on its own cadence in the background and
// publishes immutable snapshots, newest wins.
type Poller struct {
	s       *Session
	opts    PollerOptions
	cadence map[model.Class]time.Duration
	out     chan model.Snapshot
	wake    chan struct{}

	mu         sync.Mutex
	visible    model.Visible
	visChanged bool
	refreshAll bool
	refresh    map[string]bool
	fastUntil  time.Time
	changed    []model.Ref // what actions changed, to read again

	histPause atomic.Int64 // unix ns before which alarm history is not asked for
	metrics   *metricsCache
}

// NewPoller makes a poller over s; Run starts it.
func NewPoller(s *Session, o PollerOptions) *Poller {
	cad := DefaultCadences()
	for c, d := range o.Cadence {
		if d > 0 {
			cad[c] = d
		}
	}
	if o.Fast <= 0 {
		o.Fast = 3 * time.Second
	}
	if o.FastFor <= 0 {
		o.FastFor = 2 * time.Minute
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 2 * time.Minute
	}
	out := o.Out
	if out == nil {
		out = make(chan model.Snapshot, 1)
	}
	return &Poller{s: s, opts: o, cadence: cad, out: out, wake: make(chan struct{}, 1),
		visible: o.Visible, refresh: map[string]bool{}, metrics: newMetricsCache()}
}

// Snapshots delivers the newest snapshot; a slow reader skips older ones.
func (p *Poller) Snapshots() <-chan model.Snapshot { return p.out }

// Refresh asks for group to be re-read now ("" for everything). It never
// blocks.
func (p *Poller) Refresh(group string) {
	p.mu.Lock()
	if group == "" {
		p.refreshAll = true
	} else {
		p.refresh[group] = true
	}
	p.mu.Unlock()
	p.poke()
}

// Show tells the poller what is on screen. It never blocks.
func (p *Poller) Show(v model.Visible) {
	v.Groups = slices.Clone(v.Groups)
	v.LoadBalancers = slices.Clone(v.LoadBalancers)
	p.mu.Lock()
	p.visible = v
	p.visChanged = true
	p.mu.Unlock()
	p.poke()
}

// acted is called by the session after an action on group: refresh it now
// and poll fast for a while. What the action re-read (ref) is read again
// at once.
func (p *Poller) acted(group string, ref model.Ref) {
	p.mu.Lock()
	p.fastUntil = p.s.clock.Now().Add(p.opts.FastFor)
	if group != "" {
		p.refresh[group] = true
	}
	if ref.Kind != model.RefNone {
		p.changed = append(p.changed, ref)
	}
	p.mu.Unlock()
	p.poke()
}

func (p *Poller) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

type classState struct {
	next    time.Time
	running bool
	// again: the view changed while this class was being fetched for the
	// old one; fetch again as soon as that returns.
	again bool
	fresh model.Freshness
}

type jobResult struct {
	class   model.Class // "" for a targeted group refresh
	apply   func(*world)
	err     error
	calls   int
	started time.Time
}

// Run polls until ctx ends, then waits for its workers and returns.
func (p *Poller) Run(ctx context.Context) error {
	undo := p.s.onAct(p.acted)
	defer undo()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	w := newWorld(p.s)
	states := map[model.Class]*classState{}
	now := p.s.clock.Now()
	for _, c := range model.Classes {
		states[c] = &classState{next: now}
	}
	results := make(chan jobResult, len(model.Classes)+1)
	var wg sync.WaitGroup
	defer wg.Wait()
	refreshRunning := false
	var answeredAgain time.Time // when a class last succeeded after failing

	launch := func(class model.Class, job func(context.Context) (func(*world), error)) {
		wg.Add(1)
		started := p.s.clock.Now()
		go func() {
			defer wg.Done()
			var n atomic.Int64
			apply, err := job(forPoller(withCallCounter(ctx, &n)))
			results <- jobResult{class: class, apply: apply, err: err, calls: int(n.Load()), started: started}
		}()
	}

	for {
		now := p.s.clock.Now()
		p.mu.Lock()
		v := p.visible
		if p.refreshAll {
			for _, st := range states {
				st.next = now
			}
			p.refreshAll = false
		}
		changed := p.changed
		p.changed = nil
		if p.visChanged || len(changed) > 0 {
			for _, c := range []model.Class{model.ClassMetrics, model.ClassTargetHealth} {
				states[c].next = now
				states[c].again = states[c].running
			}
			p.visChanged = false
		}
		var names []string
		if !refreshRunning && len(p.refresh) > 0 {
			for g := range p.refresh {
				names = append(names, g)
			}
			clear(p.refresh)
		}
		fast := now.Before(p.fastUntil)
		p.mu.Unlock()
		w.forget(changed)

		if len(names) > 0 {
			refreshRunning = true
			slices.Sort(names)
			launch("", p.refreshJob(names))
		}
		if !fast {
			for _, g := range v.Groups {
				if w.inProgress[g] {
					fast = true
					break
				}
			}
			if v.Selected != "" && w.inProgress[v.Selected] {
				fast = true
			}
		}

		wait := time.Duration(-1)
		for _, c := range model.Classes {
			st := states[c]
			if st.running || !ready(c, states) {
				continue
			}
			if !now.Before(st.next) {
				st.running = true
				launch(c, p.job(c, w, v))
				continue
			}
			if d := st.next.Sub(now); wait < 0 || d < wait {
				wait = d
			}
		}
		// Speed up groups and activities while something is moving.
		if fast {
			for _, c := range []model.Class{model.ClassGroups, model.ClassActivities} {
				st := states[c]
				if !st.running && st.fresh.Failures == 0 && st.next.Sub(now) > p.opts.Fast {
					st.next = now.Add(p.opts.Fast)
					if d := p.opts.Fast; wait < 0 || d < wait {
						wait = d
					}
				}
			}
		}
		if wait < 0 {
			wait = time.Minute
		}
		timer, stop := p.s.clock.NewTimer(wait)
		select {
		case <-ctx.Done():
			stop()
			cancel()
			return nil
		case <-timer:
		case <-p.wake:
			stop()
		case r := <-results:
			stop()
			now := p.s.clock.Now()
			if r.class == "" {
				refreshRunning = false
				if r.err != nil {
					p.s.log.Warn("refresh failed", "err", r.err.Error())
				}
				if r.apply != nil {
					r.apply(w)
				}
				p.publish(w, states)
				continue
			}
			st := states[r.class]
			st.running = false
			if r.apply != nil {
				r.apply(w)
			}
			if th := states[model.ClassTargetHealth]; r.class == model.ClassListeners && w.detailsWaiting(v, now) {
				th.next, th.again = now, th.running // listeners on screen came: their details now
			}
			st.fresh.AttemptedAt = now
			st.fresh.Calls = r.calls
			cad := p.cadence[r.class]
			if r.err == nil {
				if st.fresh.Failures > 0 && !st.fresh.Throttled {
					// The endpoint answers again: the classes that failed
					// too (throttled ones aside) retry now rather than
					// waiting out a backoff that grew during the outage.
					answeredAgain = now
					for _, o := range states {
						if o != st && o.fresh.Failures > 0 && !o.fresh.Throttled && !o.running {
							o.next = now
						}
					}
				}
				st.fresh.FetchedAt = now
				st.fresh.Err = ""
				st.fresh.Throttled = false
				st.fresh.Failures = 0
				st.next = r.started.Add(cad)
				if !st.next.After(now) {
					st.next = now.Add(cad / 2)
				}
			} else {
				st.fresh.Err = r.err.Error()
				st.fresh.Throttled = IsThrottled(r.err)
				st.fresh.Failures++
				base := cad
				if st.fresh.FetchedAt.IsZero() && !st.fresh.Throttled {
					// Nothing on screen yet: try again within seconds, not a
					// whole cadence later (still doubling per failure).
					base = min(cad, firstRetry)
				}
				st.next = now.Add(backoff(base, st.fresh.Failures, st.fresh.Throttled, p.opts.MaxBackoff))
				if !st.fresh.Throttled && r.started.Before(answeredAgain) {
					// In flight when the endpoint came back: its failure
					// is from before, so it retries now too.
					st.next = now
				}
				p.s.log.Warn("fetch failed", "class", string(r.class), "failures", st.fresh.Failures, "err", r.err.Error())
			}
			if st.again {
				// What came back was for the old view (an error on it says
				// nothing of the new one): the new one is not to wait a
				// cadence or a backoff.
				st.again = false
				st.next = now
			}
			p.publish(w, states)
		}
	}
}

// dependsOn lists the classes whose data a class needs before its first
// cycle: metrics and target health are asked for the groups on screen and
// their target groups, instances and prices for the groups' instances.
var dependsOn = map[model.Class][]model.Class{
	model.ClassInstances:    {model.ClassGroups},
	model.ClassPrices:       {model.ClassGroups},
	model.ClassMetrics:      {model.ClassGroups, model.ClassLoadBalancers},
	model.ClassTargetHealth: {model.ClassGroups, model.ClassLoadBalancers},
	model.ClassListeners:    {model.ClassLoadBalancers},
}

// ready reports whether c's dependencies have answered (or failed) once.
func ready(c model.Class, states map[model.Class]*classState) bool {
	for _, d := range dependsOn[c] {
		if f := states[d].fresh; f.FetchedAt.IsZero() && f.Failures == 0 {
			return false
		}
	}
	return true
}

// firstRetry is the backoff base for a class that has never been fetched.
const firstRetry = time.Second

// backoff is the delay before retrying a class after failures in a row:
// exponential from the class's cadence (at most 30 s to start, so slow
// classes retry sooner than their cadence), capped, with equal jitter so
// many consoles do not retry in step.
func backoff(cadence time.Duration, failures int, throttled bool, limit time.Duration) time.Duration {
	base := min(cadence, 30*time.Second)
	if throttled {
		limit = limit * 5 / 2
	}
	d := base
	for i := 0; i < failures && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

func (p *Poller) publish(w *world, states map[model.Class]*classState) {
	fresh := make(map[model.Class]model.Freshness, len(states))
	for c, st := range states {
		fresh[c] = st.fresh
	}
	snap := w.snapshot(p.opts.Session, fresh, p.cadence[model.ClassMetrics])
	select {
	case p.out <- snap:
	default:
		// Latest wins: drop the unread older snapshot, then send.
		select {
		case <-p.out:
		default:
		}
		select {
		case p.out <- snap:
		default:
		}
	}
}

// refreshJob re-reads the named groups and their recent activities.
func (p *Poller) refreshJob(names []string) func(context.Context) (func(*world), error) {
	s := p.s
	return func(ctx context.Context) (func(*world), error) {
		res, err := s.describeGroups(ctx, names)
		if err != nil {
			return nil, err
		}
		acts, aerr := s.describeActivities(ctx, names...)
		if aerr != nil {
			// The groups are worth having; activities come next cycle.
			s.log.Info("refresh: activities not read", "groups", names, "err", aerr)
		}
		return func(w *world) {
			w.patchGroups(names, res)
			if aerr == nil {
				w.mergeActivities(acts)
			}
		}, nil
	}
}

// job prepares one cycle of class c from the world as it is now (on the
// loop goroutine) and returns the IO part, which runs on its own.
func (p *Poller) job(c model.Class, w *world, v model.Visible) func(context.Context) (func(*world), error) {
	s := p.s
	switch c {
	case model.ClassGroups:
		return func(ctx context.Context) (func(*world), error) {
			res, err := s.describeGroups(ctx, nil)
			if err != nil {
				return nil, err
			}
			return func(w *world) { w.setGroups(res) }, nil
		}
	case model.ClassActivities:
		sel := v.Selected
		return func(ctx context.Context) (func(*world), error) {
			acts, err := s.describeActivities(ctx, sel)
			if err != nil {
				return nil, err
			}
			return func(w *world) { w.setActivities(acts) }, nil
		}
	case model.ClassAlarms:
		return func(ctx context.Context) (func(*world), error) {
			alarms, err := s.describeAlarms(ctx)
			if err != nil {
				return nil, err
			}
			var hist []model.AlarmEvent
			var herr error
			if now := s.clock.Now(); now.After(time.Unix(0, p.histPause.Load())) {
				hist, herr = s.describeAlarmHistory(ctx, s.Now())
				// History is an extra: an endpoint that does not have it
				// (moto answers 500) is asked again only after a pause, and
				// its failure does not make the alarms stale. Throttling
				// still counts, so the class backs off.
				if herr != nil && !IsThrottled(herr) {
					p.histPause.Store(now.Add(historyPause).UnixNano())
					s.log.Info("alarm history unavailable; asking again later", "err", herr.Error(), "after", historyPause.String())
					herr = nil
					hist = nil
				}
			}
			ok := herr == nil && hist != nil
			return func(w *world) { w.setAlarms(alarms, hist, ok) }, herr
		}
	case model.ClassMetrics:
		specs := w.metricSpecs(v)
		rng := v.Range
		return func(ctx context.Context) (func(*world), error) {
			series, units, n, err := s.fetchMetrics(ctx, p.metrics, specs, rng, s.Now())
			return func(w *world) { w.setSeries(series, units, n) }, err
		}
	case model.ClassTargetHealth:
		return p.detailsJob(w, v)
	case model.ClassInstances:
		ids, fleet := w.unknownInstances()
		return func(ctx context.Context) (func(*world), error) {
			if len(ids) == 0 {
				return nil, nil
			}
			info, err := s.describeInstances(ctx, ids, fleet)
			return func(w *world) { w.addInstances(info) }, err
		}
	case model.ClassLoadBalancers:
		return func(ctx context.Context) (func(*world), error) {
			lbs, tgs, err := s.describeLoadBalancers(ctx)
			if err != nil {
				return nil, err
			}
			return func(w *world) { w.setLoadBalancers(lbs, tgs) }, nil
		}
	case model.ClassListeners:
		return p.listenersJob(w)
	case model.ClassPolicies:
		refs := w.unknownLaunchTemplates()
		return func(ctx context.Context) (func(*world), error) {
			pols, _, err := s.describePolicies(ctx, "", "")
			if err != nil {
				return nil, err
			}
			sched, err := s.describeScheduled(ctx)
			if err != nil {
				return nil, err
			}
			lt, lterr := s.describeLaunchTemplateTypes(ctx, refs)
			if lterr != nil {
				// Only prices groups with no instances: not worth failing for.
				s.log.Info("launch template types unavailable", "err", lterr.Error())
			}
			return func(w *world) { w.setPolicies(pols, sched, lt) }, nil
		}
	case model.ClassPrices:
		types := w.instanceTypes()
		return func(ctx context.Context) (func(*world), error) {
			spot, err := s.describeSpotPrices(ctx, types, s.Now())
			return func(w *world) { w.setSpot(spot) }, err
		}
	}
	return func(context.Context) (func(*world), error) { return nil, nil }
}

// fetchOrder runs classes so that each finds what it depends on: instances
// and prices need groups, listeners, target health and metrics need load
// balancers, and the target health of load balancers on screen their
// listeners.
var fetchOrder = []model.Class{
	model.ClassGroups, model.ClassLoadBalancers, model.ClassListeners, model.ClassPolicies, model.ClassInstances,
	model.ClassActivities, model.ClassAlarms, model.ClassTargetHealth, model.ClassMetrics,
	model.ClassPrices,
}

// Fetch reads every class once and returns the snapshot, for one-shot
// commands (hoist status). v says which metrics and target health to read;
// the zero Visible reads none. A failure to list groups fails the fetch;
// other classes record theirs in Snapshot.Fresh.
func (s *Session) Fetch(ctx context.Context, v model.Visible) (model.Snapshot, error) {
	return s.fetchClasses(ctx, v, fetchOrder)
}

// fetchClasses reads the classes given, in that order, once.
func (s *Session) fetchClasses(ctx context.Context, v model.Visible, classes []model.Class) (model.Snapshot, error) {
	p := NewPoller(s, PollerOptions{Visible: v})
	w := newWorld(s)
	fresh := map[model.Class]model.Freshness{}
	for _, c := range classes {
		var n atomic.Int64
		start := s.clock.Now()
		apply, err := p.job(c, w, v)(withCallCounter(ctx, &n))
		if apply != nil {
			apply(w)
		}
		f := model.Freshness{AttemptedAt: start, Calls: int(n.Load())}
		if err != nil {
			if c == model.ClassGroups {
				return model.Snapshot{}, err
			}
			f.Err, f.Throttled, f.Failures = err.Error(), IsThrottled(err), 1
		} else {
			f.FetchedAt = s.clock.Now()
		}
		fresh[c] = f
	}
	return w.snapshot(0, fresh, 0), nil
}
