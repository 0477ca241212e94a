package aws

import (
	"context"
	"slices"
	"sync/atomic"
	"time"

	"github.com/solemate/hoist/model"
)

// A job is one run of a task (jobFunc): prepared on the loop goroutine
// from the world as it is then, its IO runs on its own and returns how to
// apply what it read.

// jobBuilder prepares a run of one task. names are the groups a by-name
// task reads (dueJob.names); started is when the run began, so that a
// slow read never overwrites a newer one (world.patchGroups).
type jobBuilder func(p *Poller, w *world, v model.Visible, names []string, started time.Time) jobFunc

var jobBuilders = map[task]jobBuilder{
	taskGroups:        groupsJob,
	taskGroupsShown:   groupsByNameJob,
	taskGroupsFast:    groupsByNameJob,
	taskRefresh:       refreshJob,
	taskActivities:    activitiesJob,
	taskActivitiesSel: selectedActivitiesJob,
	taskAlarms:        alarmsJob,
	taskAlarmsFiring:  firingAlarmsJob,
	taskAlarmsSel:     selectedAlarmsJob,
	taskAlarmHistory:  alarmHistoryJob,
	taskMetrics:       metricsJob,
	taskTargetHealth:  targetHealthJob,
	taskInstances:     instancesJob,
	taskLoadBalancers: loadBalancersJob,
	taskListeners:     func(p *Poller, w *world, _ model.Visible, _ []string, _ time.Time) jobFunc { return p.listenersJob(w) },
	taskPolicies:      policiesJob,
	taskPrices:        pricesJob,
}

// job prepares one run of j from the world as it is now.
func (p *Poller) job(j dueJob, w *world, v model.Visible) jobFunc {
	return jobBuilders[j.task](p, w, v, j.names, p.s.clock.Now())
}

func groupsJob(p *Poller, _ *world, _ model.Visible, _ []string, started time.Time) jobFunc {
	return func(ctx context.Context) (func(*world), error) {
		res, err := p.s.describeGroups(ctx, nil)
		if err != nil {
			return nil, err
		}
		return func(w *world) { w.setGroups(res, started) }, nil
	}
}

// groupsByNameJob reads the named groups: those on screen, or those
// scaling or just acted on.
func groupsByNameJob(p *Poller, _ *world, _ model.Visible, names []string, started time.Time) jobFunc {
	return func(ctx context.Context) (func(*world), error) {
		res, err := p.s.describeGroups(ctx, names)
		if err != nil {
			return nil, err
		}
		return func(w *world) { w.patchGroups(names, res, started) }, nil
	}
}

// refreshJob re-reads the named groups and their recent activities.
func refreshJob(p *Poller, _ *world, _ model.Visible, names []string, started time.Time) jobFunc {
	s := p.s
	return func(ctx context.Context) (func(*world), error) {
		res, err := s.describeGroups(ctx, names)
		if err != nil {
			return nil, err
		}
		var acts []model.Activity
		var aerr error
		for _, g := range names {
			var a []model.Activity
			if a, aerr = s.describeGroupActivities(ctx, g); aerr != nil {
				// The groups are worth having; activities come next cycle.
				s.log.Info("refresh: activities not read", "groups", names, "err", aerr)
				break
			}
			acts = append(acts, a...)
		}
		return func(w *world) {
			w.patchGroups(names, res, started)
			if aerr == nil {
				w.setGroupActivities(acts, started)
			}
		}, nil
	}
}

func activitiesJob(p *Poller, _ *world, _ model.Visible, _ []string, started time.Time) jobFunc {
	return func(ctx context.Context) (func(*world), error) {
		acts, err := p.s.describeActivities(ctx)
		if err != nil {
			return nil, err
		}
		return func(w *world) { w.setActivities(acts, started) }, nil
	}
}

func selectedActivitiesJob(p *Poller, _ *world, _ model.Visible, names []string, started time.Time) jobFunc {
	return func(ctx context.Context) (func(*world), error) {
		acts, err := p.s.describeGroupActivities(ctx, names[0])
		if err != nil {
			return nil, err
		}
		return func(w *world) { w.setSelectedActivities(names[0], acts, started) }, nil
	}
}

func alarmsJob(p *Poller, _ *world, _ model.Visible, _ []string, started time.Time) jobFunc {
	return func(ctx context.Context) (func(*world), error) {
		alarms, err := p.s.describeAlarmsIn(ctx, "")
		if err != nil {
			return nil, err
		}
		return func(w *world) { w.setAlarms(alarms, started) }, nil
	}
}

// firingAlarmsJob reads the alarms in ALARM, and by name those that were
// in ALARM and are no longer: their new state (OK or INSUFFICIENT_DATA) is
// known only by asking.
func firingAlarmsJob(p *Poller, w *world, _ model.Visible, _ []string, started time.Time) jobFunc {
	was := w.firingAlarms()
	return func(ctx context.Context) (func(*world), error) {
		firing, err := p.s.describeAlarmsIn(ctx, model.AlarmAlarm)
		if err != nil {
			return nil, err
		}
		still := map[string]bool{}
		for _, a := range firing {
			still[a.Name] = true
		}
		var left []string
		for _, n := range was {
			if !still[n] {
				left = append(left, n)
			}
		}
		read := firing
		if len(left) > 0 {
			after, err := p.s.describeAlarms(ctx, left...)
			if err != nil {
				return nil, err
			}
			read = append(read, after...)
		}
		return func(w *world) { w.patchAlarms(read, left, started) }, nil
	}
}

// selectedAlarmsJob reads the selected group's alarms by name.
func selectedAlarmsJob(p *Poller, w *world, _ model.Visible, names []string, started time.Time) jobFunc {
	alarms := w.alarmNamesOf(names[0])
	return func(ctx context.Context) (func(*world), error) {
		if len(alarms) == 0 {
			return nil, nil
		}
		read, err := p.s.describeAlarms(ctx, alarms...)
		if err != nil {
			return nil, err
		}
		return func(w *world) { w.patchAlarms(read, alarms, started) }, nil
	}
}

// alarmHistoryJob reads recent alarm state changes. History is an extra:
// an endpoint that does not have it (moto answers 500) is asked again only
// after a pause, and its failure does not make the alarms stale.
// Throttling still counts, so the task backs off.
func alarmHistoryJob(p *Poller, _ *world, _ model.Visible, _ []string, _ time.Time) jobFunc {
	s := p.s
	return func(ctx context.Context) (func(*world), error) {
		now := s.clock.Now()
		if now.Before(time.Unix(0, p.histPause.Load())) {
			return nil, nil
		}
		hist, err := s.describeAlarmHistory(ctx, s.Now())
		if err != nil && !IsThrottled(err) {
			p.histPause.Store(now.Add(historyPause).UnixNano())
			s.log.Info("alarm history unavailable; asking again later", "err", err.Error(), "after", historyPause.String())
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return func(w *world) { w.setHistory(hist) }, nil
	}
}

func metricsJob(p *Poller, w *world, v model.Visible, _ []string, _ time.Time) jobFunc {
	specs, s := w.metricSpecs(v), p.s
	return func(ctx context.Context) (func(*world), error) {
		series, units, n, err := s.fetchMetrics(ctx, p.metrics, specs, v.Range, s.Now())
		return func(w *world) { w.setSeries(series, units, n) }, err
	}
}

func targetHealthJob(p *Poller, w *world, v model.Visible, _ []string, _ time.Time) jobFunc {
	return p.detailsJob(w, v)
}

func instancesJob(p *Poller, w *world, _ model.Visible, _ []string, _ time.Time) jobFunc {
	ids, fleet := w.unknownInstances()
	return func(ctx context.Context) (func(*world), error) {
		if len(ids) == 0 {
			return nil, nil
		}
		info, err := p.s.describeInstances(ctx, ids, fleet)
		return func(w *world) { w.addInstances(info) }, err
	}
}

func loadBalancersJob(p *Poller, _ *world, _ model.Visible, _ []string, _ time.Time) jobFunc {
	return func(ctx context.Context) (func(*world), error) {
		lbs, tgs, err := p.s.describeLoadBalancers(ctx)
		if err != nil {
			return nil, err
		}
		return func(w *world) { w.setLoadBalancers(lbs, tgs) }, nil
	}
}

func policiesJob(p *Poller, w *world, _ model.Visible, _ []string, _ time.Time) jobFunc {
	refs, s := w.unknownLaunchTemplates(), p.s
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
}

func pricesJob(p *Poller, w *world, _ model.Visible, _ []string, _ time.Time) jobFunc {
	types, s := w.instanceTypes(), p.s
	return func(ctx context.Context) (func(*world), error) {
		spot, err := s.describeSpotPrices(ctx, types, s.Now())
		return func(w *world) { w.setSpot(spot) }, err
	}
}

// Fetch reads everything once and returns the snapshot, for one-shot
// commands (hoist status): the scheduler's one-shot tasks, each after those
// it needs (fetchOrder). v says which metrics and target health to read;
// the zero Visible reads none. A failure to list groups fails the fetch;
// other classes record theirs in Snapshot.Fresh.
func (s *Session) Fetch(ctx context.Context, v model.Visible) (model.Snapshot, error) {
	return s.fetchClasses(ctx, v, model.Classes)
}

// fetchClasses is Fetch for the one-shot tasks of the classes given.
func (s *Session) fetchClasses(ctx context.Context, v model.Visible, classes []model.Class) (model.Snapshot, error) {
	p := NewPoller(s, PollerOptions{Visible: v})
	w := newWorld(s)
	sched := newScheduler(p.schedConfig(), s.clock.Now())
	sched.initView(shownGroups(v), v.Selected)
	for _, t := range fetchOrder() {
		if !sched.enabled(t) || !slices.Contains(classes, taskSpecs[t].class) {
			continue
		}
		var n atomic.Int64
		start := s.clock.Now()
		apply, err := p.job(dueJob{task: t, names: sched.namesFor(t)}, w, v)(withCallCounter(ctx, &n))
		if apply != nil {
			apply(w)
		}
		o := outcome{started: start, calls: int(n.Load())}
		if err != nil {
			if t == taskGroups {
				return model.Snapshot{}, err
			}
			o.err, o.throttled = err.Error(), IsThrottled(err)
		}
		sched.done(t, o, s.clock.Now())
	}
	return w.snapshot(0, sched.freshness(), 0), nil
}
