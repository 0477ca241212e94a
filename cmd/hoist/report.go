package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	"github.com/solemate/hoist/report"
	"github.com/solemate/hoist/ui"
)

// span is a --since flag: a Go duration, or whole days ("14d").
type span time.Duration

func (s *span) String() string { return model.SpanString(time.Duration(*s)) }
func (s *span) Type() string   { return "span" }
func (s *span) Set(v string) error {
	d, err := model.ParseSpan(v)
	if err != nil {
		return err
	}
	*s = span(d)
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
			c, err := a.connect(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			r, err := c.session.FleetReport(cmd.Context(), time.Duration(since))
			if err != nil {
				return err
			}
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
			c, err := a.connect(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			inc, err := c.session.IncidentReport(cmd.Context(), time.Duration(since), time.Local)
			if err != nil {
				return err
			}
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
	var planDir, whatIf, surge, at string
	var dur time.Duration
	cmd := &cobra.Command{
		Use:   "recommend",
		Short: "What to change to spend less without losing availability, with the proof",
		Long: `Recommend changes from the metrics of a window (--since, default 14d): a
minimum too high for the night, a target-tracking target too low for the
headroom, a fixed group held above its need, scheduled scale-in for
business-hours load, predictive scaling for a daily pattern, a smaller, newer
or Graviton instance type, Spot for stateless tiers. Each comes with its
evidence, its saving a month, its risk and the change it implies. A group
whose availability or p99 did not hold over the window gets nothing that
cuts capacity. Nothing is changed.

Capacity planning: --what-if "web +50%" (a lasting growth of a tier's or a
group's load, or of every group's with "+50%") and --surge 3x --for 2h
[--at TIME] (or --surge "web 3x") say, per group, the capacity needed at its
target at its busiest hour, whether its max allows it, the spread over
zones and what losing one leaves, and the cost; --plan writes the raise of
max (for a surge at a known time, scheduled around it).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q, asked, err := parseCapacityQuestion(whatIf, surge, dur, at)
			if err != nil {
				return err
			}
			c, err := a.connect(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			if asked {
				return a.answerCapacity(cmd.Context(), cmd.OutOrStdout(), c, time.Duration(since), q, asJSON, planDir)
			}
			r, err := c.session.FleetReport(cmd.Context(), time.Duration(since))
			if err != nil {
				return err
			}
			if planDir != "" {
				live, err := c.session.ReadConfig(cmd.Context(), nil)
				if err != nil {
					return err
				}
				if err := a.writePlan(planDir, r.Recommendations, &live); err != nil {
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
	cmd.Flags().StringVar(&whatIf, "what-if", "", `capacity for a lasting growth: "web +50%" (a tier or group) or "+50%" (every group)`)
	cmd.Flags().StringVar(&surge, "surge", "", `capacity for a surge: "3x" (every group) or "web 3x", with --for`)
	cmd.Flags().DurationVar(&dur, "for", 0, "how long the surge lasts (2h)")
	cmd.Flags().StringVar(&at, "at", "", "when the surge starts (2026-12-24T18:00:00Z); default: the busiest hour seen")
	return cmd
}

// answerCapacity prints the capacity plans for q over the window since,
// and with planDir writes the raises of max they need.
func (a *app) answerCapacity(ctx context.Context, w io.Writer, c *conn, since time.Duration, q capacityQuestion, asJSON bool, planDir string) error {
	plans, window, err := planCapacity(ctx, c.session, since, q)
	if err != nil {
		return err
	}
	if planDir != "" {
		live, err := c.session.ReadConfig(ctx, nil)
		if err != nil {
			return err
		}
		if err := a.writePlan(planDir, capacityRecommendations(plans), &live); err != nil {
			return err
		}
	}
	if asJSON {
		return writeJSON(w, struct {
			Scenario string                 `json:"scenario"`
			Window   insight.Window         `json:"window"`
			Plans    []insight.CapacityPlan `json:"capacity_plans"`
		}{q.scenario.String(), window, plans}, "  ")
	}
	return capacityTable(w, q, plans, window)
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
		fmt.Fprintf(a.stderr, "hoist: %s: not in the files, which cannot say an instance type (hoist resize does) or a Spot mix\n", ui.Printable(r.ID))
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
