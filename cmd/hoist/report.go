package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	"github.com/solemate/hoist/report"
	"github.com/solemate/hoist/ui"
)

// span is a --since flag: a Go duration, or whole days ("14d").
type span time.Duration

func (s *span) String() string {
	d := time.Duration(*s)
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return d.String()
}
func (s *span) Type() string { return "span" }
func (s *span) Set(v string) error {
	if d, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n <= 0 || n > 455 {
			return fmt.Errorf("not a number of days between 1 and 455")
		}
		*s = span(time.Duration(n) * 24 * time.Hour)
		return nil
	}
	t, err := time.ParseDuration(v)
	if err != nil || t < time.Minute || t > 455*24*time.Hour {
		return fmt.Errorf("not a duration between 1m and 455d")
	}
	*s = span(t)
	return nil
}

func (a *app) reportCommand() *cobra.Command {
	since := span(24 * time.Hour)
	var format string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Utilisation, cost, scaling response, availability and recommendations",
		Long: `Write a report over a window (--since, default 24h): utilisation and cost per
tier and group, the share of paid capacity that was idle, each group's
scaling response, availability and p99 during scaling against outside it,
the spread over zones, charts, and the recommendations with their evidence.
Markdown (the default) reads well pasted into a ticket; --format json is
documented in docs/report-json.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			d, err := a.gather(cmd.Context(), time.Duration(since), false, false)
			if err != nil {
				return err
			}
			r := insight.BuildReport(insight.ReportInput{Source: d.source, Window: d.window, Generated: d.now,
				Groups: d.groups, Activities: d.acts, Alarms: d.alarms, Journal: d.journal, Prices: d.snap.Prices,
				Cleanup: &d.cleanup})
			if format == "json" {
				return writeJSON(cmd.OutOrStdout(), r, "  ")
			}
			_, err = fmt.Fprint(cmd.OutOrStdout(), report.Fleet(r, reportOptions()))
			return err
		},
	}
	cmd.Flags().Var(&since, "since", "the window: a duration (2h, 24h) or days (14d)")
	cmd.Flags().StringVar(&format, "format", "md", "md or json")
	cmd.AddCommand(a.incidentCommand())
	return cmd
}

func (a *app) incidentCommand() *cobra.Command {
	since := span(2 * time.Hour)
	var format string
	cmd := &cobra.Command{
		Use:   "incident",
		Short: "A post-incident record of the last hours, for the ticket",
		Long: `Write the record of an incident window (--since, default 2h): the merged
timeline of alarms, scaling activities, hoist's actions with their reasons
and who sent them, and scheduled actions; capacity and latency charts; each
scale-out's response; the cost of the window against the same window a
week earlier; and hoist's actions whose outcome is still unknown.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			d, err := a.gather(cmd.Context(), time.Duration(since), true, false)
			if err != nil {
				return err
			}
			inc := insight.BuildIncident(insight.IncidentInput{Source: d.source, Window: d.window, Generated: d.now,
				Groups: d.groups, WeekAgo: d.weekAgo, Activities: d.acts, Alarms: d.alarms, Journal: d.journal,
				Prices: d.snap.Prices, Location: time.Local})
			if format == "json" {
				return writeJSON(cmd.OutOrStdout(), inc, "  ")
			}
			_, err = fmt.Fprint(cmd.OutOrStdout(), report.Incident(inc, reportOptions()))
			return err
		},
	}
	cmd.Flags().Var(&since, "since", "the window: a duration (2h) or days (1d)")
	cmd.Flags().StringVar(&format, "format", "md", "md or json")
	return cmd
}

func (a *app) recommendCommand() *cobra.Command {
	since := span(14 * 24 * time.Hour)
	var asJSON bool
	var planDir string
	cmd := &cobra.Command{
		Use:   "recommend",
		Short: "What to change to spend less without losing availability, with the proof",
		Long: `Recommend changes from the metrics of a window (--since, default 14d): a
minimum too high for the night, a target-tracking target too low for the
headroom, scheduled scale-in for business-hours load, predictive scaling for
a daily pattern, a smaller, newer or Graviton instance type, Spot for
stateless tiers. Each comes with its evidence, its saving a month, its risk
and the change it implies. A group whose availability or p99 did not hold
over the window gets nothing that cuts capacity. Nothing is changed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, err := a.gather(cmd.Context(), time.Duration(since), false, planDir != "")
			if err != nil {
				return err
			}
			r := insight.BuildReport(insight.ReportInput{Source: d.source, Window: d.window, Generated: d.now,
				Groups: d.groups, Activities: d.acts, Alarms: d.alarms, Journal: d.journal, Prices: d.snap.Prices,
				Cleanup: &d.cleanup})
			if planDir != "" {
				if err := a.writePlan(planDir, r.Recommendations, d.live); err != nil {
					return err
				}
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), struct {
					Recommendations []insight.Recommendation `json:"recommendations"`
					Cleanup         []insight.Finding        `json:"cleanup"`
					Saving          float64                  `json:"saving_per_month_usd"`
					Cost            float64                  `json:"cost_per_month_usd"`
				}{r.Recommendations, r.Cleanup, r.Total.Saving, r.Total.PerMonth}, "  ")
			}
			_, err = fmt.Fprint(cmd.OutOrStdout(), report.Recommendations(r, reportOptions()))
			return err
		},
	}
	cmd.Flags().Var(&since, "since", "the window the evidence comes from: a duration or days (14d)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (docs/report-json.md)")
	cmd.Flags().StringVar(&planDir, "plan", "", "also write each recommendation the configuration files can say as a file in this directory, for hoist plan and apply")
	return cmd
}

// writePlan writes the recommendations as configuration files and says
// on stderr which it could not write and why.
func (a *app) writePlan(dir string, recs []insight.Recommendation, live *model.LiveConfig) error {
	files, left := recommendationFiles(recs, live)
	if err := writeRecommendationFiles(dir, files, recs, live.Where); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "hoist: wrote %d files to %s; review them with hoist plan -f %s\n", len(files), dir, dir)
	for _, r := range left {
		fmt.Fprintf(a.stderr, "hoist: %s: not in the files, which cannot change instance types or the Spot mix yet\n", ui.Printable(r.ID))
	}
	return nil
}

func checkFormat(f string) error {
	if f != "md" && f != "json" {
		return usagef("--format must be md or json, not %q", f)
	}
	return nil
}

func reportOptions() report.Options {
	return report.Options{Location: time.Local, Sanitize: ui.Printable}
}

// gathered is what the reports are built from.
type gathered struct {
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
	live    *model.LiveConfig // the whole policies, for --plan
}

// gather reads the account's configuration now and its history over the
// window ending now (the server's clock: the simulator's may run ahead).
func (a *app) gather(ctx context.Context, since time.Duration, weekAgo, withLive bool) (*gathered, error) {
	c, err := a.connect(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	s := c.session
	snap, err := s.Fetch(ctx, model.Visible{All: true, Overview: []model.Metric{}})
	if err != nil {
		return nil, err
	}
	period := insight.Period(since)
	now := s.Now().Truncate(time.Minute)
	d := &gathered{snap: snap, now: now, window: insight.Window{From: now.Add(-since), To: now},
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
	if err := d.readSeries(ctx, s, period, weekAgo); err != nil {
		return nil, err
	}
	d.journal = journalSince(d.window.From.Add(-5*time.Minute), snap)
	d.cleanup = insight.CleanupInput{Window: d.window, LoadBalancers: snap.LoadBalancers}
	if withLive {
		live, err := s.ReadConfig(ctx, nil)
		if err != nil {
			return nil, err
		}
		d.live = &live
	}
	return d, nil
}

// readSeries reads every group's series at period, the healthy targets of
// the groups that scaled out at one minute (so a response is measured to
// the minute), and, for an incident, the capacity a week earlier.
func (d *gathered) readSeries(ctx context.Context, s *aws.Session, period time.Duration, weekAgo bool) error {
	fronts := map[string]insight.Front{}
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
		fronts[g.Name] = f
		gs := insight.Specs(g, f)
		specs = append(specs, gs...)
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
func journalSince(from time.Time, snap model.Snapshot) []model.JournalAction {
	path, err := aws.DefaultJournalPath()
	if err != nil {
		return nil
	}
	entries, _, err := aws.ReadJournal(path, from)
	if err != nil {
		return nil
	}
	return model.JournalIn(model.PairJournal(entries), snap.Identity.Account, snap.Region, snap.Simulator)
}
