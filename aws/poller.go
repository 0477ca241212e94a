package aws

import (
	"context"
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

// viewSettle is how long the view must stay still before what follows it
// is read (schedConfig.settle).
const viewSettle = 200 * time.Millisecond

// historyPause is how long hoist stops asking for alarm history after the
// endpoint failed to give it.
const historyPause = 15 * time.Minute

// Poller fetches each class on its own cadence in the background and
// publishes immutable snapshots, newest wins. What runs when is the
// scheduler's (schedule.go); the poller runs it, applies what comes back to
// its world and publishes.
type Poller struct {
	s       *Session
	opts    PollerOptions
	cadence map[model.Class]time.Duration
	out     chan model.Snapshot
	wake    chan struct{}

	mu      sync.Mutex
	visible model.Visible
	// inbox holds what happened since the loop last looked (a view change,
	// a refresh asked for, an action sent), for the scheduler and the
	// world.
	inbox []func(*scheduler, *world, time.Time)

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
		visible: o.Visible, metrics: newMetricsCache()}
}

// Snapshots delivers the newest snapshot; a slow reader skips older ones.
func (p *Poller) Snapshots() <-chan model.Snapshot { return p.out }

// Refresh asks for group to be re-read now ("" for everything). It never
// blocks.
func (p *Poller) Refresh(group string) {
	p.tell(func(s *scheduler, _ *world, now time.Time) { s.requestRefresh(now, group) })
}

// Show tells the poller what is on screen. It never blocks.
func (p *Poller) Show(v model.Visible) {
	v.Groups = slices.Clone(v.Groups)
	v.LoadBalancers = slices.Clone(v.LoadBalancers)
	rows := shownGroups(v)
	p.mu.Lock()
	p.visible = v
	p.mu.Unlock()
	p.tell(func(s *scheduler, _ *world, now time.Time) { s.setView(now, rows, v.Selected) })
}

// acted is called by the session after an action on group: refresh it now
// and poll it fast for a while. What the action re-read (ref) is
// forgotten and read again at once.
func (p *Poller) acted(group string, ref model.Ref) {
	p.tell(func(s *scheduler, w *world, now time.Time) {
		s.actedOn(now, group)
		if ref.Kind != model.RefNone {
			w.forget([]model.Ref{ref})
			s.refetch(now, taskMetrics, taskTargetHealth)
		}
	})
}

func (p *Poller) tell(event func(*scheduler, *world, time.Time)) {
	p.mu.Lock()
	p.inbox = append(p.inbox, event)
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// shownGroups is the groups on screen: the rows and the selected group,
// sorted, once each.
func shownGroups(v model.Visible) []string {
	rows := slices.Clone(v.Groups)
	if v.Selected != "" {
		rows = append(rows, v.Selected)
	}
	slices.Sort(rows)
	return slices.Compact(rows)
}

func (p *Poller) schedConfig() schedConfig {
	return schedConfig{cadence: p.cadence, fast: p.opts.Fast, fastFor: p.opts.FastFor, maxBackoff: p.opts.MaxBackoff, settle: viewSettle}
}

// jobResult is what a job goroutine sends back to the loop.
type jobResult struct {
	task    task
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
	var wg sync.WaitGroup
	defer wg.Wait()

	now := p.s.clock.Now()
	w, sched := newWorld(p.s), newScheduler(p.schedConfig(), now)
	sched.initView(shownGroups(p.visible), p.visible.Selected)
	results := make(chan jobResult, len(tasks))
	for {
		now := p.s.clock.Now()
		v := p.takeEvents(sched, w, now)
		sched.setScaling(now, w.scaling(shownGroups(v)))
		for _, j := range sched.due(now) {
			wg.Add(1)
			go func(run jobFunc) {
				defer wg.Done()
				var n atomic.Int64
				apply, err := run(forPoller(withCallCounter(ctx, &n)))
				results <- jobResult{task: j.task, apply: apply, err: err, calls: int(n.Load()), started: now}
			}(p.job(j, w, v))
		}
		timer, stop := p.s.clock.NewTimer(sched.wake(now).Sub(now))
		select {
		case <-ctx.Done():
			stop()
			return nil
		case <-timer:
		case <-p.wake:
			stop()
		case r := <-results:
			stop()
			p.finish(r, w, sched, v)
			// Results that came back together make one snapshot: each is
			// a whole pass over the fleet for the console.
			for more := true; more; {
				select {
				case r := <-results:
					p.finish(r, w, sched, v)
				default:
					more = false
				}
			}
			p.publish(w, sched.freshness())
		}
	}
}

// takeEvents hands what happened since the last look to the scheduler and
// returns the view.
func (p *Poller) takeEvents(sched *scheduler, w *world, now time.Time) model.Visible {
	p.mu.Lock()
	events, v := p.inbox, p.visible
	p.inbox = nil
	p.mu.Unlock()
	for _, e := range events {
		e(sched, w, now)
	}
	return v
}

// finish applies a job's result and tells the scheduler.
func (p *Poller) finish(r jobResult, w *world, sched *scheduler, v model.Visible) {
	now := p.s.clock.Now()
	if r.apply != nil {
		r.apply(w)
	}
	if r.task == taskListeners && w.detailsWaiting(v, now) {
		sched.refetch(now, taskTargetHealth) // listeners on screen came: their details now
	}
	o := outcome{started: r.started, calls: r.calls}
	if r.err != nil {
		o.err, o.throttled = r.err.Error(), IsThrottled(r.err)
		if taskSpecs[r.task].quiet {
			p.s.log.Warn("refresh failed", "err", o.err)
		} else {
			p.s.log.Warn("fetch failed", "task", string(r.task), "failures", sched.st[r.task].fresh.Failures+1, "err", o.err)
		}
	}
	sched.done(r.task, o, now)
}

func (p *Poller) publish(w *world, fresh map[model.Class]model.Freshness) {
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
