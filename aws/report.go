package aws

import (
	"context"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
)

// The reports: what `hoist report`, `hoist report incident` and `hoist
// recommend` print and the console's report and insights screens draw,
// read in one place so the command line and the console tell the same
// story. Everything is read over a window ending now on the server's clock
// (the simulator's may run ahead), through the history reads of history.go;
// model/insight turns it into the report.

// FleetReport is `hoist report` over the window since, ending now:
// utilisation, cost, scaling response, availability, distribution, the
// recommendations and the cleanup findings.
func (s *Session) FleetReport(ctx context.Context, since time.Duration) (insight.FleetReport, error) {
	d, err := s.readReport(ctx, since, false)
	if err != nil {
		return insight.FleetReport{}, err
	}
	if err := d.readCleanup(ctx, s); err != nil {
		return insight.FleetReport{}, err
	}
	return insight.BuildReport(insight.ReportInput{Source: d.source, Window: d.window, Generated: d.now,
		Groups: d.groups, Activities: d.acts, Alarms: d.alarms, Journal: d.journal, Prices: d.snap.Prices,
		Cleanup: &d.cleanup}), nil
}

// IncidentReport is `hoist report incident` over the window since, ending
// now, its timeline written in loc (nil: UTC).
func (s *Session) IncidentReport(ctx context.Context, since time.Duration, loc *time.Location) (insight.Incident, error) {
	d, err := s.readReport(ctx, since, true)
	if err != nil {
		return insight.Incident{}, err
	}
	return insight.BuildIncident(insight.IncidentInput{Source: d.source, Window: d.window, Generated: d.now,
		Groups: d.groups, WeekAgo: d.weekAgo, Activities: d.acts, Alarms: d.alarms, Journal: d.journal,
		Prices: d.snap.Prices, Location: loc}), nil
}

// CapacityPlans answers a capacity scenario (a lasting growth or a
// surge) for each group selected (nil: every group) from its metrics over
// the window since, ending now, and says the window.
func (s *Session) CapacityPlans(ctx context.Context, since time.Duration, sc insight.Scenario, selected func(*model.Group) bool) ([]insight.CapacityPlan, insight.Window, error) {
	d, err := s.readReport(ctx, since, false)
	if err != nil {
		return nil, insight.Window{}, err
	}
	var out []insight.CapacityPlan
	for _, gd := range d.groups {
		if selected == nil || selected(&gd.Group) {
			out = append(out, insight.PlanCapacity(gd, d.snap.Prices, sc, d.window))
		}
	}
	return out, d.window, nil
}

// FleetReport reads the fleet report on the current session (the
// console's report and insights screens). It blocks.
func (b *Backend) FleetReport(ctx context.Context, since time.Duration) (insight.FleetReport, error) {
	return b.Session().FleetReport(ctx, since)
}

// IncidentReport reads the incident record on the current session, its
// timeline in the machine's zone as `hoist report incident` writes it. It
// blocks.
func (b *Backend) IncidentReport(ctx context.Context, since time.Duration) (insight.Incident, error) {
	return b.Session().IncidentReport(ctx, since, time.Local)
}

// reportData is what the reports are built from.
type reportData struct {
	snap    model.Snapshot
	source  insight.Source
	window  insight.Window
	now     time.Time
	groups  []insight.GroupData
	weekAgo map[string]insight.Series
	acts    []model.Activity
	alarms  []model.AlarmEvent
	journal []model.JournalAction
	cleanup insight.CleanupInput
}

// readReport reads the account's configuration now and its history over
// the window ending now; weekAgo reads the capacity of the same window a
// week earlier too (an incident's cost against a normal week).
func (s *Session) readReport(ctx context.Context, since time.Duration, weekAgo bool) (*reportData, error) {
	snap, err := s.Fetch(ctx, model.Visible{All: true, Overview: []model.Metric{}})
	if err != nil {
		return nil, err
	}
	now := s.Now().Truncate(time.Minute)
	d := &reportData{snap: snap, now: now, window: insight.Window{From: now.Add(-since), To: now},
		source: insight.Source{Account: snap.Identity.Account, Region: snap.Region, Simulator: snap.Simulator}}
	if d.acts, err = s.ActivitiesBetween(ctx, d.window.From, d.window.To); err != nil {
		return nil, err
	}
	if d.alarms, err = s.AlarmHistoryBetween(ctx, d.window.From.Add(-5*time.Minute), d.window.To); err != nil {
		return nil, err
	}
	groupOf := map[string]string{}
	for _, al := range snap.Alarms {
		groupOf[al.Name] = al.Group
	}
	for i := range d.alarms {
		d.alarms[i].Group = groupOf[d.alarms[i].Alarm]
	}
	if err := d.readSeries(ctx, s, insight.Period(since), weekAgo); err != nil {
		return nil, err
	}
	d.journal = s.journalSince(ctx, d.window.From.Add(-5*time.Minute), snap)
	return d, nil
}

// readCleanup reads what the cleanup findings need beyond the groups'
// series (the fleet report's, not an incident's): the targets of the
// target groups no group attaches, the healthy hosts behind each load
// balancer over a window of two weeks or more (a day at a time), whether
// each alarm's metric had a datapoint in two weeks, and the launch
// templates that keep versions beyond their default and latest.
func (d *reportData) readCleanup(ctx context.Context, s *Session) error {
	c := &d.cleanup
	*c = insight.CleanupInput{Window: d.window, LoadBalancers: d.snap.LoadBalancers, Alarms: d.snap.Alarms}
	for _, tg := range insight.UnattachedTargetGroups(d.snap.Groups, d.snap.TargetGroups) {
		targets, err := s.TargetsOf(ctx, tg.ARN)
		if err != nil {
			return err
		}
		tg.Targets, tg.TargetsFetched = targets, d.now
		c.TargetGroups = append(c.TargetGroups, tg)
	}
	day := 24 * time.Hour
	if d.window.Duration() >= insight.CleanupAge {
		specs := insight.LBHealthySpecs(d.snap.LoadBalancers, d.snap.TargetGroups)
		data, _, err := s.MetricHistory(ctx, specs, d.window.From, d.window.To, day)
		if err != nil {
			return err
		}
		c.Healthy = insight.HealthyByLB(specs, data)
	}
	data, _, err := s.MetricHistory(ctx, insight.AlarmMetricSpecs(d.snap.Alarms), d.now.Add(-insight.AlarmDataSince), d.now, day)
	if err != nil {
		return err
	}
	c.Reporting = insight.ReportingOf(data)
	lts, err := s.SpareTemplateVersions(ctx, insight.TemplateRefs(d.snap.Groups))
	if err != nil {
		return err
	}
	c.Templates, c.InUse = insight.TemplateVersionsOf(lts), insight.TemplatesInUse(d.snap.Groups, lts)
	return nil
}

// readSeries reads every group's series at period, the healthy targets of
// the groups that scaled out at one minute (so a response is measured to
// the minute), and, for an incident, the capacity a week earlier.
func (d *reportData) readSeries(ctx context.Context, s *Session, period time.Duration, weekAgo bool) error {
	var specs, healthy, capacity []model.MetricSpec
	launched := map[string]bool{}
	for _, a := range d.acts {
		if strings.HasPrefix(a.Description, "Launching") {
			launched[a.Group] = true
		}
	}
	for i := range d.snap.Groups {
		g := &d.snap.Groups[i]
		f := frontOf(&d.snap, g)
		specs = append(specs, insight.Specs(g, f)...)
		capacity = append(capacity, insight.CapacitySpec(g))
		if h, ok := insight.HealthySpec(g, f); ok && launched[g.Name] {
			healthy = append(healthy, h)
		}
	}
	data, _, err := s.MetricHistory(ctx, specs, d.window.From, d.window.To, period)
	if err != nil {
		return err
	}
	hp := time.Minute
	if d.window.Duration() > 15*24*time.Hour {
		hp = period // CloudWatch keeps 1-minute data 15 days
	}
	hdata, _, err := s.MetricHistory(ctx, healthy, d.window.From, d.window.To, hp)
	if err != nil {
		return err
	}
	for k, v := range hdata {
		data[k] = v
	}
	for _, g := range d.snap.Groups {
		d.groups = append(d.groups, insight.GroupData{Group: g, Series: insight.SeriesFrom(g.Name, data, period, hp)})
	}
	if !weekAgo {
		return nil
	}
	week := 7 * 24 * time.Hour
	old, _, err := s.MetricHistory(ctx, capacity, d.window.From.Add(-week), d.window.To.Add(-week), period)
	if err != nil {
		return err
	}
	d.weekAgo = map[string]insight.Series{}
	for _, g := range d.snap.Groups {
		if ser := insight.SeriesFrom(g.Name, old, period, hp); len(ser.Instances) > 0 {
			d.weekAgo[g.Name] = ser
		}
	}
	return nil
}

// frontOf is the group's first target group and load balancer, and
// whether that load balancer fronts nothing else.
func frontOf(snap *model.Snapshot, g *model.Group) insight.Front {
	tg, lb := snap.FrontOf(g)
	f := insight.Front{TargetGroup: tg, LoadBalancer: lb}
	if lb != nil {
		n := 0
		for _, t := range snap.TargetGroups {
			for _, arn := range t.LoadBalancerARNs {
				if arn == lb.ARN {
					n++
				}
			}
		}
		f.Alone = n == 1
	}
	return f
}

// journalSince is this machine's actions on the account and region of the
// snapshot since from; a journal that cannot be read gives none (the
// report says what AWS recorded either way).
func (s *Session) journalSince(ctx context.Context, from time.Time, snap model.Snapshot) []model.JournalAction {
	j := s.Journal()
	if j == nil {
		return nil
	}
	acts, _, err := j.Actions(ctx, from)
	if err != nil {
		return nil
	}
	return model.JournalIn(acts, snap.Identity.Account, snap.Region, snap.Simulator)
}
