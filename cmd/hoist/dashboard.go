package main

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/spec"
)

func (a *app) dashboardCommand() *cobra.Command {
	var tier, reason string
	var apply, yes bool
	cmd := &cobra.Command{
		Use:   "dashboard [--tier T] [--apply [--yes]]",
		Short: "Build hoist's CloudWatch dashboard of each tier; write it with --apply",
		Long: `Build the CloudWatch dashboard of a tier (every tier without --tier), named
hoist-<tier>: the console's charts for each of the tier's groups (capacity:
min, desired, max and in service; CPU, requests per target, response time,
5xx, healthy hosts) and what one more instance costs. Without --apply the
body is printed (one tier: the body; several: a JSON object of name to
body). With --apply hoist shows the plan, asks once, and writes each
dashboard whose body changes with PutDashboard, journaled and sent once,
as hoist apply does. Files can ask for the same dashboards (dashboards:
in the configuration files), and hoist plan --prune deletes hoist's
dashboards no file declares.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if yes && !apply {
				return usagef("--yes confirms --apply: add --apply to write the dashboards")
			}
			if reason == "" {
				reason = strings.TrimSpace("hoist dashboard " + tierFlag(tier))
			}
			return a.runDashboard(cmd.Context(), tier, apply, yes, reason)
		},
	}
	f := cmd.Flags()
	f.StringVar(&tier, "tier", "", "only this tier's dashboard")
	f.BoolVar(&apply, "apply", false, "write the dashboards (PutDashboard), after showing the plan and asking once")
	f.BoolVarP(&yes, "yes", "y", false, "with --apply: do not ask for confirmation")
	f.StringVar(&reason, "reason", "", "why, for the journal (default: the command line)")
	return cmd
}

func tierFlag(t string) string {
	if t == "" {
		return ""
	}
	return "--tier " + t
}

func (a *app) runDashboard(ctx context.Context, tier string, apply, yes bool, reason string) error {
	c, live, err := a.readLive(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	tiers := spec.DashboardTiers(&live)
	if tier != "" {
		tiers = []string{tier}
	}
	if len(tiers) == 0 {
		return usagef("no group in %s has a Tier tag, so there is no tier to build a dashboard of", live.Where)
	}
	p, err := spec.DashboardPlan(&live, tiers)
	if err != nil {
		return usagef("%v", err)
	}
	if apply {
		return a.confirmAndApply(ctx, c, p, yes, reason)
	}
	return a.printBodies(&live, tiers)
}

// printBodies writes the bodies as JSON, a character a terminal would
// act on escaped (writeJSON).
func (a *app) printBodies(live *model.LiveConfig, tiers []string) error {
	var v any
	if len(tiers) == 1 {
		v = json.RawMessage(spec.DashboardBody(tiers[0], live))
	} else {
		m := map[string]json.RawMessage{}
		for _, t := range tiers {
			m[model.DashboardSpec{Tier: t}.DashboardName()] = json.RawMessage(spec.DashboardBody(t, live))
		}
		v = m
	}
	return writeJSON(a.stdout, v, "  ")
}
