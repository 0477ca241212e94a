package main

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui"
)

// hoist lb: the load balancer screen's content for scripts, and the
// changes it makes, each read, shown, confirmed, re-checked, journaled and
// sent once like `hoist scale`.

func (a *app) lbCommand() *cobra.Command {
	var asJSON bool
	var rng time.Duration
	cmd := &cobra.Command{
		Use:   "lb [LOAD-BALANCER...]",
		Short: "Load balancers: listeners, certificates, target groups, health checks, load; and changes to them",
		Long: `Show every load balancer (or those named, by name or ARN): its listeners
with their default action, rules, security policy and certificates (days
left, flagged under 30 days and loud under 7); its target groups with their
health check, the attributes that matter during an incident, the Auto
Scaling groups behind them and their targets by state and zone; and its
load over --range: requests (active flows on an NLB) by zone and by target
group, requests per target, and how the busiest zone compares with an even
share.

The subcommands change a target group's health check or attributes,
register or deregister targets, or change a listener's security policy and
certificates. Each reads the current state, shows the change, asks on a
terminal (unless --yes), re-checks that nothing changed meanwhile, journals
it and sends it once. Creating and deleting load balancers is
infrastructure-as-code's job: create and delete print the aws CLI command.`,
		Args:              lbArgs,
		ValidArgsFunction: a.completeLBs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(model.Ranges, rng) {
				return usagef("--range must be 15m, 1h, 3h or 24h, not %s", cmd.Flag("range").Value)
			}
			return a.showLBs(cmd.Context(), args, asJSON, rng)
		},
	}
	cmd.SuggestionsMinimumDistance = 2
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of text")
	cmd.Flags().DurationVar(&rng, "range", time.Hour, "the window of the load figures: 15m, 1h, 3h or 24h")
	cmd.AddCommand(a.lbHealthCheckCommand(), a.lbAttributesCommand(), a.lbTargetsCommand("register"),
		a.lbTargetsCommand("deregister"), a.lbCertificateCommand(), lbCreateCommand(a), lbDeleteCommand(a))
	return cmd
}

// lbArgs refuses a mistyped subcommand as one, rather than as a load
// balancer nobody has.
func lbArgs(cmd *cobra.Command, args []string) error {
	for _, arg := range args {
		if strings.HasPrefix(arg, "arn:") {
			continue
		}
		if s := cmd.SuggestionsFor(arg); len(s) > 0 {
			return usagef("unknown command %q for %q: did you mean %s?", arg, cmd.CommandPath(), strings.Join(s, " or "))
		}
	}
	return nil
}

// showLBs prints the load balancers named (every one when none is).
func (a *app) showLBs(ctx context.Context, names []string, asJSON bool, rng time.Duration) error {
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	v := model.Visible{LoadBalancers: names, AllLoadBalancers: len(names) == 0, Range: rng}
	snap, err := c.session.FetchLoadBalancers(ctx, v)
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := snap.FindLoadBalancer(n); err != nil {
			return err
		}
	}
	now := time.Now()
	views := slices.DeleteFunc(model.LBViews(&snap, model.LBViewOptions{Now: now, Window: rng, Alerts: c.cfg.Alerts}),
		func(lv model.LBView) bool { return !v.ShowsLoadBalancer(lv.LB) })
	if asJSON {
		return writeJSON(a.stdout, lbDocOf(&snap, views, rng), "  ")
	}
	return lbTable(a.stdout, &snap, views, terminalWidth(a.stdout), now)
}

// --- health check ---

func (a *app) lbHealthCheckCommand() *cobra.Command {
	var path, port, codes, reason string
	var interval, timeout, healthy, unhealthy int
	var yes bool
	cmd := &cobra.Command{
		Use:   "health-check TARGET-GROUP [--path P] [--port P] [--interval S] [--timeout S] [--healthy N] [--unhealthy N] [--codes C]",
		Short: "Set a target group's health check (ModifyTargetGroup)",
		Long: `Set a target group's health check. Fields not given keep their value; the
whole health check as read is re-checked before sending. AWS's ranges are
checked first: interval 5-300 s, timeout 2-120 s and less than the
interval, thresholds 2-10, success codes like 200, 200-399 or 200,302
(200-499 on an application load balancer, 200-599 on a network one).`,
		Args:              exactArgs(1, "name one target group"),
		ValidArgsFunction: a.completeTargetGroups,
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			set := slices.ContainsFunc([]string{"path", "port", "interval", "timeout", "healthy", "unhealthy", "codes"}, f.Changed)
			if !set {
				return usagef("say what to set: --path, --port, --interval, --timeout, --healthy, --unhealthy or --codes")
			}
			return a.actOnTG(cmd.Context(), args[0], reason, yes, func(tg *model.TargetGroup) (model.Action, string) {
				to := tg.HealthCheck
				set := func(name string, apply func()) {
					if f.Changed(name) {
						apply()
					}
				}
				set("path", func() { to.Path = path })
				set("port", func() { to.Port = port })
				set("codes", func() { to.Matcher = codes })
				set("interval", func() { to.Interval = time.Duration(interval) * time.Second })
				set("timeout", func() { to.Timeout = time.Duration(timeout) * time.Second })
				set("healthy", func() { to.HealthyThreshold = healthy })
				set("unhealthy", func() { to.UnhealthyThreshold = unhealthy })
				return model.EditHealthCheck{TargetGroup: tg.ARN, Name: tg.Name, Protocol: tg.Protocol, From: tg.HealthCheck, To: to}, ""
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&path, "path", "", "the path checked, starting with / (HTTP and HTTPS health checks)")
	fl.StringVar(&port, "port", "", "the port checked: traffic-port or 1-65535")
	fl.IntVar(&interval, "interval", 0, "seconds between checks, 5-300")
	fl.IntVar(&timeout, "timeout", 0, "seconds before a check fails, 2-120 and less than the interval")
	fl.IntVar(&healthy, "healthy", 0, "checks passed in a row to turn healthy, 2-10")
	fl.IntVar(&unhealthy, "unhealthy", 0, "checks failed in a row to turn unhealthy, 2-10")
	fl.StringVar(&codes, "codes", "", "HTTP codes that pass: 200, 200-399, 200,302")
	addActFlags(cmd, &reason, &yes)
	return cmd
}

func addActFlags(cmd *cobra.Command, reason *string, yes *bool) {
	cmd.Flags().StringVar(reason, "reason", "", "why, for the journal")
	cmd.Flags().BoolVarP(yes, "yes", "y", false, "do not ask for confirmation")
}

// --- attributes ---

func (a *app) lbAttributesCommand() *cobra.Command {
	var reason string
	var yes bool
	cmd := &cobra.Command{
		Use:   "attributes TARGET-GROUP KEY=VALUE...",
		Short: "Set target group attributes (ModifyTargetGroupAttributes)",
		Long: `Set target group attributes to the values given; the others are left as
they are. The keys hoist changes: on an application load balancer's target
groups ` + strings.Join(model.AttributeKeys(true), ", ") + `; on a network load balancer's ` +
			strings.Join(model.AttributeKeys(false), ", ") + `.
For example: algorithm least outstanding requests is
load_balancing.algorithm.type=least_outstanding_requests.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usagef("name a target group and at least one KEY=VALUE")
			}
			return nil
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, s string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return a.completeTargetGroups(cmd, args, s)
			}
			var out []string
			for _, k := range model.AttributeKeys(true) {
				out = append(out, k+"=")
			}
			return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			to := map[string]string{}
			for _, kv := range args[1:] {
				k, v, ok := strings.Cut(kv, "=")
				if !ok || k == "" {
					return usagef("%q is not KEY=VALUE (e.g. deregistration_delay.timeout_seconds=30)", kv)
				}
				if _, dup := to[k]; dup {
					return usagef("%s is given twice", k)
				}
				to[k] = v
			}
			return a.actOnTG(cmd.Context(), args[0], reason, yes, func(tg *model.TargetGroup) (model.Action, string) {
				from := map[string]string{}
				for k := range to {
					from[k] = tg.Attributes[k]
				}
				return model.EditAttributes{TargetGroup: tg.ARN, Name: tg.Name, Protocol: tg.Protocol, From: from, To: to}, ""
			})
		},
	}
	addActFlags(cmd, &reason, &yes)
	return cmd
}

// --- targets ---

var instanceID = regexp.MustCompile(`^i-([0-9a-f]{8}|[0-9a-f]{17})$`)

func (a *app) lbTargetsCommand(verb string) *cobra.Command {
	var reason string
	var yes bool
	var port int
	cmd := &cobra.Command{
		Use:   verb + " TARGET-GROUP INSTANCE...",
		Short: map[string]string{"register": "Put instances into a target group (RegisterTargets)", "deregister": "Drain instances out of a target group (DeregisterTargets)"}[verb],
		Long: map[string]string{
			"register": `Register instances with a target group. Those registered already are left
as they are; the target group's health check decides when they take traffic.`,
			"deregister": `Deregister instances from a target group: each stops taking new requests at
once and drains for the target group's deregistration delay, which hoist
shows before asking. An instance in an Auto Scaling group stays in it.`}[verb],
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usagef("name a target group and at least one instance")
			}
			return nil
		},
		ValidArgsFunction: a.completeTargetGroups,
		RunE: func(cmd *cobra.Command, args []string) error {
			ids := args[1:]
			if port < 0 || port > 65535 {
				return usagef("--port must be 1 to 65535, not %d", port)
			}
			return a.actOnTG(cmd.Context(), args[0], reason, yes, func(tg *model.TargetGroup) (model.Action, string) {
				return targetsAction(verb, tg, ids, port)
			})
		},
	}
	if verb == "register" {
		cmd.Flags().IntVar(&port, "port", 0, "the port targets take traffic on (default: the target group's)")
	}
	addActFlags(cmd, &reason, &yes)
	return cmd
}

// targetsAction builds a register or deregister of ids; a deregistration
// says how long each target drains (the target group's deregistration
// delay).
func targetsAction(verb string, tg *model.TargetGroup, ids []string, port int) (model.Action, string) {
	var on []string
	for _, t := range tg.Targets {
		if model.Registered(t) && slices.Contains(ids, t.ID) {
			on = append(on, t.ID)
		}
	}
	if verb == "register" {
		return model.RegisterTargets{TargetGroup: tg.ARN, Name: tg.Name, Instances: ids, Port: port, From: on}, ""
	}
	n, err := strconv.Atoi(tg.Attributes["deregistration_delay.timeout_seconds"])
	if err != nil {
		n = 300 // AWS's default
	}
	return model.DeregisterTargets{TargetGroup: tg.ARN, Name: tg.Name, Instances: ids, From: on, Delay: time.Duration(n) * time.Second}, ""
}

// lastOf is the last part of an ARN: a certificate's id.
func lastOf(arn string) string { return arn[strings.LastIndexAny(arn, "/:")+1:] }

// actOnTG reads the target group (by name or ARN, with its attributes and
// targets), builds the action from what it saw and settles it. note is a
// line shown under the change.
func (a *app) actOnTG(ctx context.Context, ref, reason string, yes bool, build func(*model.TargetGroup) (model.Action, string)) error {
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	tg, err := c.session.TargetGroupNamed(ctx, ref)
	if err != nil {
		return err
	}
	act, note := build(tg)
	if err := checkTargetIDs(act, tg); err != nil {
		return err
	}
	return a.settle(ctx, c, act, reason, yes, func() string { return changeRows(act, note, nil) })
}

// checkTargetIDs refuses what is not an instance id on a target group of
// instances.
func checkTargetIDs(act model.Action, tg *model.TargetGroup) error {
	var ids []string
	switch x := act.(type) {
	case model.RegisterTargets:
		ids = x.Instances
	case model.DeregisterTargets:
		ids = x.Instances
	}
	if tg.TargetType != "" && tg.TargetType != "instance" {
		return nil
	}
	for _, id := range ids {
		if !instanceID.MatchString(id) {
			return usagef("%q is not an instance id like i-0123456789abcdef0", id)
		}
	}
	return nil
}

// changeRows words an action field by field for the confirm prompt: its
// target, each change on a line of its own, and a note. A certificate is
// called by its domain where names knows it (the journal keeps ARNs).
func changeRows(act model.Action, note string, names map[string]string) string {
	cs := act.Changes()
	named := func(s string) string {
		for arn, domain := range names {
			if domain != "" {
				s = strings.ReplaceAll(s, arn, domain+" ("+lastOf(arn)+")")
			}
		}
		return ui.Printable(s)
	}
	w := 0
	for _, c := range cs {
		w = max(w, ui.Width(named(c.Field)))
	}
	var b strings.Builder
	b.WriteString(ui.Printable(act.Target()) + ":")
	for _, c := range cs {
		fmt.Fprintf(&b, "\n  %s  %s → %s", ui.Fit(named(c.Field), w, "~"), named(firstOf(c.Before, "-")), named(firstOf(c.After, "-")))
	}
	if note != "" {
		b.WriteString("\n  " + note)
	}
	return b.String()
}

// alreadyWords says why an action whose every part holds already has
// nothing to send.
func alreadyWords(act model.Action) string {
	switch x := act.(type) {
	case model.RegisterTargets:
		return strings.Join(x.Instances, ", ") + " registered already"
	case model.DeregisterTargets:
		return strings.Join(x.Instances, ", ") + " not registered"
	case model.AddListenerCertificates:
		return "the certificates are on the listener already"
	case model.RemoveListenerCertificates:
		return "the certificates are not on the listener"
	}
	return "already so"
}
