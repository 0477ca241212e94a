package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui"
)

// hoist schedule list|put|delete: a group's scheduled actions, one-off or
// recurring in a time zone, with their next runs shown before confirming.

func (a *app) scheduleCommand() *cobra.Command {
	return a.parentCommand("schedule", "List, create, change or delete a group's scheduled actions",
		a.scheduleListCommand(), a.schedulePutCommand(), a.scheduleDeleteCommand())
}

type scheduledJSON struct {
	Name     string             `json:"name"`
	Spec     model.ScheduleSpec `json:"spec"`
	Summary  string             `json:"summary"`
	Upcoming []time.Time        `json:"next_24h"`
}

func (a *app) scheduleListCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list GROUP",
		Short: "List a group's scheduled actions with their runs in the next 24 hours",
		Args:  exactArgs(1, "name one group"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, _, err := a.openGroup(ctx, args[0], false)
			if err != nil {
				return err
			}
			defer c.Close()
			as, err := c.session.Scheduled(ctx, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				out := []scheduledJSON{}
				for _, s := range as {
					out = append(out, scheduledJSON{Name: s.Name, Spec: model.ScheduleSpecOf(s), Summary: model.ScheduleSpecOf(s).Summary(), Upcoming: s.Upcoming})
				}
				return writeJSON(a.stdout, out, "  ")
			}
			return scheduleTable(a.stdout, args[0], as)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func scheduleTable(w io.Writer, group string, as []model.ScheduledAction) error {
	if len(as) == 0 {
		_, err := fmt.Fprintf(w, "%s has no scheduled actions\n", ui.Printable(group))
		return err
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tWHEN\tMIN\tDESIRED\tMAX\tNEXT 24H (UTC)")
	for _, s := range as {
		spec := model.ScheduleSpecOf(s)
		fs := spec.Fields()
		var next []string
		for _, t := range s.Upcoming {
			next = append(next, t.UTC().Format("15:04"))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", ui.Printable(s.Name), ui.Printable(fs[0].Value),
			opt(s.Min), opt(s.Desired), opt(s.Max), strings.Join(next, " "))
	}
	return tw.Flush()
}

func opt(p *int) string {
	if p == nil {
		return "-"
	}
	return strconv.Itoa(*p)
}

func (a *app) schedulePutCommand() *cobra.Command {
	var cronExpr, zone, at, start, end, reason string
	var minSize, maxSize, desired int
	var yes bool
	cmd := &cobra.Command{
		Use:   "put GROUP NAME (--cron EXPR [--time-zone TZ] | --at TIME) [--min N] [--desired N] [--max N]",
		Short: "Create or replace a scheduled action, one-off or recurring",
		Long: `Create or replace a scheduled action (PutScheduledUpdateGroupAction takes it
whole). Recurring: a five-field cron (minute hour day-of-month month
day-of-week) in a time zone (an IANA name, UTC by default). One-off: --at, a
time like 2026-12-24T18:00:00Z. hoist shows the next five runs in the time
zone and in UTC before it asks, refuses a cron that never fires, and warns
when the action sets desired outside min and max or would fight a
ForecastAndScale policy.

  hoist schedule put db open --cron "0 8 * * 1-5" --time-zone America/New_York --min 4 --desired 6
  hoist schedule put web sale --at 2026-11-27T06:00:00Z --min 20 --max 60`,
		Args: exactArgs(2, "name a group and a scheduled action"),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			spec := model.ScheduleSpec{Name: args[1], Recurrence: cronExpr, TimeZone: zone, Start: start, End: end}
			if f.Changed("cron") == f.Changed("at") {
				return usagef("say when: --cron EXPR (recurring) or --at TIME (once)")
			}
			if f.Changed("at") {
				spec.Start = at
			}
			for _, v := range []struct {
				name string
				n    int
				dst  **int
			}{{"min", minSize, &spec.Min}, {"desired", desired, &spec.Desired}, {"max", maxSize, &spec.Max}} {
				if f.Changed(v.name) {
					*v.dst = &v.n
				}
			}
			if err := spec.Validate(); err != nil {
				return err
			}
			loc, err := aws.Zone(zone)
			if err != nil {
				return err
			}
			return a.putSchedule(cmd.Context(), args[0], spec, loc, reason, yes)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cronExpr, "cron", "", `recurrence: five cron fields, such as "0 8 * * 1-5"`)
	f.StringVar(&zone, "time-zone", "", "the recurrence's time zone, an IANA name (default UTC)")
	f.StringVar(&at, "at", "", "a one-off action's time, such as 2026-12-24T18:00:00Z")
	f.StringVar(&start, "start", "", "a recurring action's first day (RFC 3339)")
	f.StringVar(&end, "end", "", "a recurring action's last day (RFC 3339)")
	f.IntVar(&minSize, "min", 0, "minimum size to set")
	f.IntVar(&desired, "desired", 0, "desired capacity to set")
	f.IntVar(&maxSize, "max", 0, "maximum size to set")
	f.StringVar(&reason, "reason", "", "why, for the journal")
	f.BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func (a *app) putSchedule(ctx context.Context, group string, spec model.ScheduleSpec, loc *time.Location, reason string, yes bool) error {
	c, g, err := a.openGroup(ctx, group, true)
	if err != nil {
		return err
	}
	defer c.Close()
	if g.Scheduled, err = c.session.Scheduled(ctx, group); err != nil {
		return err
	}
	now := c.session.Now()
	runs, err := spec.Runs(loc, now, 5)
	if err != nil {
		return err
	}
	var from *model.ScheduleSpec
	if cur, ok := g.ScheduledAction(spec.Name); ok {
		s := model.ScheduleSpecOf(cur)
		from = &s
	}
	lines := []string{fmt.Sprintf("next runs (%s, and UTC):", loc)}
	if loc == time.UTC {
		lines[0] = "next runs (UTC):"
	}
	for _, r := range runs {
		l := "  " + r.Local.Format("Mon 2006-01-02 15:04 MST")
		if loc != time.UTC {
			l += "   " + r.UTC.Format("2006-01-02 15:04 UTC")
		}
		lines = append(lines, l)
	}
	for _, w := range model.ScheduleWarnings(spec, g) {
		lines = append(lines, "warning: "+w)
	}
	act := model.PutScheduled{Group: group, From: from, To: spec, Zone: loc, Now: now}
	return a.perform(ctx, c, act, reason, yes, lines, nil)
}

func (a *app) scheduleDeleteCommand() *cobra.Command {
	var reason string
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete GROUP NAME",
		Short: "Delete a scheduled action; asks for its name",
		Args:  exactArgs(2, "name a group and a scheduled action"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, g, err := a.openGroup(ctx, args[0], false)
			if err != nil {
				return err
			}
			defer c.Close()
			if g.Scheduled, err = c.session.Scheduled(ctx, args[0]); err != nil {
				return err
			}
			cur, ok := g.ScheduledAction(args[1])
			if !ok {
				return usagef("%s has no scheduled action named %q", args[0], args[1])
			}
			return a.perform(ctx, c, model.DeleteScheduled{Group: g.Name, From: model.ScheduleSpecOf(cur)}, reason, yes, nil, confirmName(cur.Name))
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the journal")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for the name")
	return cmd
}
