package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui"
)

// hoist refresh start|cancel|rollback|status, hoist resize and hoist
// forecast.

func (a *app) refreshCommand() *cobra.Command {
	return a.parentCommand("refresh", "See, start, cancel or roll back a group's instance refresh",
		a.refreshStatusCommand(), a.refreshStartCommand(), a.refreshStopCommand("cancel"), a.refreshStopCommand("rollback"))
}

// refreshes connects and reads the group and its recent refreshes.
func (a *app) refreshes(ctx context.Context, group string) (*conn, *model.Group, []model.InstanceRefresh, error) {
	c, g, err := a.openGroup(ctx, group, false)
	if err != nil {
		return nil, nil, nil, err
	}
	d, err := c.session.Refreshes(ctx, group)
	if err != nil {
		c.Close()
		return nil, nil, nil, err
	}
	return c, g, d, nil
}

func (a *app) refreshStatusCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status GROUP",
		Short: "The group's current and recent instance refreshes",
		Args:  exactArgs(1, "name one group"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, rs, err := a.refreshes(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer c.Close()
			if asJSON {
				if rs == nil {
					rs = []model.InstanceRefresh{}
				}
				return writeJSON(a.stdout, rs, "  ")
			}
			return refreshTable(a.stdout, args[0], rs)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func refreshTable(w io.Writer, group string, rs []model.InstanceRefresh) error {
	if len(rs) == 0 {
		_, err := fmt.Fprintf(w, "%s has had no instance refresh\n", ui.Printable(group))
		return err
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tDONE\tTO UPDATE\tSTARTED (UTC)\tTO\tPREFERENCES\tREASON")
	for _, r := range rs {
		to := "-"
		if r.Desired != nil {
			to = r.Desired.String()
		}
		status := r.Status
		if c, ok := r.Checkpoint(); ok {
			status += fmt.Sprintf(" (checkpoint %d%%)", c)
		}
		if r.Rollback != nil {
			status += fmt.Sprintf(" (rollback %d%%)", r.Rollback.Percent)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d%%\t%d\t%s\t%s\t%s\t%s\n", ui.Printable(r.ID), ui.Printable(status), r.Percent, r.ToUpdate,
			r.Start.UTC().Format("2006-01-02 15:04"), ui.Printable(to), r.Prefs, ui.Printable(r.StatusReason))
	}
	return tw.Flush()
}

// refreshFlags are an instance refresh's preferences.
type refreshFlags struct {
	minHealthy, maxHealthy int
	warmup, delay          time.Duration
	checkpoints            []int
	skip, rollback         bool
}

func (r *refreshFlags) register(f *pflag.FlagSet) {
	f.IntVar(&r.minHealthy, "min-healthy", 90, "percent of desired capacity kept in service")
	f.IntVar(&r.maxHealthy, "max-healthy", 0, "percent of desired capacity allowed in service or pending (100-200)")
	f.DurationVar(&r.warmup, "warmup", 0, "how long a new instance warms up (default: the group's)")
	f.IntSliceVar(&r.checkpoints, "checkpoints", nil, "percentages to pause at, ascending, such as 20,50,100")
	f.DurationVar(&r.delay, "checkpoint-delay", 0, "how long to pause at each checkpoint (default 1h)")
}

func (r *refreshFlags) prefs(f *pflag.FlagSet) (model.RefreshPrefs, error) {
	p := model.RefreshPrefs{MinHealthy: &r.minHealthy, Checkpoints: r.checkpoints, SkipMatching: r.skip, AutoRollback: r.rollback}
	if f.Changed("max-healthy") {
		p.MaxHealthy = &r.maxHealthy
	}
	var err error
	if p.WarmupSeconds, err = seconds(f, "warmup", r.warmup); err != nil {
		return p, err
	}
	if p.CheckpointDelay, err = seconds(f, "checkpoint-delay", r.delay); err != nil {
		return p, err
	}
	return p, p.Validate()
}

func (a *app) refreshStartCommand() *cobra.Command {
	var rf refreshFlags
	var version, reason string
	var yes bool
	cmd := &cobra.Command{
		Use:   "start GROUP [--launch-template-version N] [flags]",
		Short: "Start an instance refresh",
		Long: `Start an instance refresh: the group's instances are replaced in batches,
keeping --min-healthy percent of desired capacity in service. With
--launch-template-version the refresh moves the group to that version when it
succeeds, and can be rolled back (hoist refresh rollback, or --auto-rollback
when it fails); AWS rolls back only groups that name a version number.`,
		Args: exactArgs(1, "name one group"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := rf.prefs(cmd.Flags())
			if err != nil {
				return err
			}
			c, g, err := a.openGroup(cmd.Context(), args[0], false)
			if err != nil {
				return err
			}
			defer c.Close()
			act := model.StartRefresh{Group: g.Name, Prefs: p, Launch: g.Launch}
			if version != "" {
				if _, err := strconv.ParseInt(version, 10, 64); err != nil && version != "$Latest" && version != "$Default" {
					return usagef("--launch-template-version %q must be a version number", version)
				}
				to := g.Launch
				to.Version = version
				act.Desired = &to
			}
			return a.perform(cmd.Context(), c, act, reason, yes, nil, nil)
		},
	}
	rf.register(cmd.Flags())
	cmd.Flags().BoolVar(&rf.skip, "skip-matching", false, "leave instances that already match alone")
	cmd.Flags().BoolVar(&rf.rollback, "auto-rollback", false, "roll back if the refresh fails (needs --launch-template-version)")
	cmd.Flags().StringVar(&version, "launch-template-version", "", "the launch template version the refresh moves the group to")
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the journal")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func (a *app) refreshStopCommand(verb string) *cobra.Command {
	var reason string
	var yes bool
	short := "Cancel the running instance refresh (replaced instances stay)"
	if verb == "rollback" {
		short = "Roll back the running instance refresh to the group's own launch template version"
	}
	cmd := &cobra.Command{
		Use:   verb + " GROUP",
		Short: short,
		Args:  exactArgs(1, "name one group"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, g, rs, err := a.refreshes(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer c.Close()
			r, ok := model.ActiveRefresh(rs)
			if !ok {
				return usagef("no instance refresh of %s is running, so there is nothing to %s", args[0], strings.Replace(verb, "rollback", "roll back", 1))
			}
			var act model.Action = model.CancelRefresh{Group: g.Name, From: r}
			if verb == "rollback" {
				act = model.RollbackRefresh{Group: g.Name, From: r}
			}
			return a.perform(cmd.Context(), c, act, reason, yes, nil, nil)
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the journal")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func (a *app) resizeCommand() *cobra.Command {
	var rf refreshFlags
	var types []string
	var reason string
	var yes bool
	cmd := &cobra.Command{
		Use:   "resize GROUP --instance-type T [flags]",
		Short: "Move a group to another instance type (vertical scaling)",
		Long: `Move a group to another instance type in three calls, each journaled: a new
launch template version copied from the current one with only the instance
type changed (for a mixed instances policy, its overrides replaced instead),
the group pointed at it, and an instance refresh with skip matching. The
confirm shows the cost per hour before and after. If a call fails, hoist says
what was applied and what was not; run the same command again to finish.`,
		Args: exactArgs(1, "name one group"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(types) == 0 {
				return usagef("say which instance type: --instance-type m6i.xlarge")
			}
			for _, t := range types {
				if err := model.CheckInstanceType(t); err != nil {
					return err
				}
			}
			p, err := rf.prefs(cmd.Flags())
			if err != nil {
				return err
			}
			return a.resize(cmd.Context(), args[0], types, p, reason, yes)
		},
	}
	rf.register(cmd.Flags())
	cmd.Flags().StringSliceVar(&types, "instance-type", nil, "the instance type (or, for a mixed instances policy, the types) to run")
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the journal")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func (a *app) resize(ctx context.Context, group string, types []string, p model.RefreshPrefs, reason string, yes bool) error {
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	st, err := c.session.ResizeState(ctx, group)
	if err != nil {
		return err
	}
	plan, err := model.PlanResize(st, types, p)
	if err != nil {
		return err
	}
	if plan.Done() {
		fmt.Fprintf(a.stdout, "%s: already resized to %s (%s); nothing to do\n", ui.Printable(group), strings.Join(types, ", "),
			ui.Printable(plan.Steps[len(plan.Steps)-1].Desc))
		return nil
	}
	if c.readOnly {
		return model.ErrReadOnly
	}
	line := resizeLine(plan)
	if !yes {
		if !isTerminal(a.stdin) {
			return usagef("not on a terminal, so hoist cannot ask: pass --yes to confirm")
		}
		if ok, err := confirm(a.stdin, a.stdout, line); err != nil || !ok {
			return errors.Join(err, errCancelled)
		}
	}
	applied, err := c.session.Resize(ctx, group, types, p, reason, func(s model.ResizeStep) {
		fmt.Fprintf(a.stdout, "sending: %s\n", ui.Printable(s.Desc))
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%s: resized to %s (%d calls)  done\n", ui.Printable(group), strings.Join(types, ", "), len(applied))
	return nil
}

// resizeLine is a resize's confirm: its steps and the cost per hour.
func resizeLine(plan model.ResizePlan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: resize to %s", ui.Printable(plan.Group), strings.Join(plan.Types, ", "))
	if plan.Priced {
		fmt.Fprintf(&b, "  (%.3f → %.3f $/h, %+.3f $/h)", plan.Before, plan.After, plan.After-plan.Before)
	} else {
		fmt.Fprintf(&b, "  (%.3f → %.3f $/h as far as priced: a type is not in hoist's price table)", plan.Before, plan.After)
	}
	for i, s := range plan.Steps {
		state := "to do"
		if s.Done {
			state = "done"
		}
		fmt.Fprintf(&b, "\n  %d. %s (%s)", i+1, ui.Printable(s.Desc), state)
	}
	return b.String()
}

func (a *app) forecastCommand() *cobra.Command {
	var asJSON bool
	var policy string
	cmd := &cobra.Command{
		Use:   "forecast GROUP [--policy NAME] [--json]",
		Short: "A predictive policy's load and capacity forecast, 48 hours ahead, and how accurate it has been",
		Args:  exactArgs(1, "name one group"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, g, err := a.openGroup(ctx, args[0], true)
			if err != nil {
				return err
			}
			defer c.Close()
			var fs []model.Forecast
			for _, p := range g.Policies {
				if p.Spec.Predictive == nil || policy != "" && p.Name != policy {
					continue
				}
				f, err := c.session.Forecast(ctx, g.Name, p.Spec, c.session.Now())
				if err != nil {
					return err
				}
				fs = append(fs, f)
			}
			switch {
			case len(fs) == 0 && policy != "":
				return usagef("%s has no predictive policy named %q", args[0], policy)
			case len(fs) == 0:
				return usagef("%s has no predictive policy; a ForecastOnly one shows what prediction would do without acting: "+
					"hoist policy put %s forecast --predictive cpu --target 50", args[0], args[0])
			case asJSON:
				return writeJSON(a.stdout, fs, "  ")
			}
			return forecastTable(a.stdout, fs, c.session.Now())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&policy, "policy", "", "only this predictive policy")
	return cmd
}

func forecastTable(w io.Writer, fs []model.Forecast, now time.Time) error {
	for _, f := range fs {
		fmt.Fprintf(w, "%s (%s, %s)\n", ui.Printable(f.Policy), f.Mode, ui.Printable(f.Metric))
		if a := f.Accuracy; a.Known() {
			fmt.Fprintf(w, "accuracy: %.1f%% mean absolute error of the load forecast over %d hours (%s to %s UTC)\n",
				a.MAPE, a.Hours, a.From.UTC().Format("Jan 2 15:04"), a.To.UTC().Format("Jan 2 15:04"))
		} else {
			fmt.Fprintln(w, "accuracy: not known yet (no hour to compare the forecast with)")
		}
		if len(f.Load) == 0 {
			fmt.Fprintln(w, "no forecast yet: AWS forecasts once the group has 24 hours of history")
			continue
		}
		capAt := map[int64]float64{}
		for _, p := range f.Capacity {
			capAt[p.T.Unix()] = p.V
		}
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "HOUR (UTC)\tLOAD\tCAPACITY\t")
		for _, p := range f.Load {
			if p.T.Before(now.Truncate(time.Hour)) {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t\n", p.T.UTC().Format("Mon 15:04"), strconv.FormatFloat(p.V, 'f', 1, 64),
				strconv.FormatFloat(capAt[p.T.Unix()], 'f', -1, 64))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
