package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui"
)

// hoist policy list|put|delete: a group's scaling policies of every kind,
// for scripts. put sends the whole policy (PutScalingPolicy replaces it);
// the same confirm rules, exit codes and journal as scale.

func (a *app) policyCommand() *cobra.Command {
	return a.parentCommand("policy", "List, create, change or delete a group's scaling policies",
		a.policyListCommand(), a.policyPutCommand(), a.policyDeleteCommand())
}

func (a *app) policyListCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list GROUP",
		Short: "List a group's scaling policies, whole, with the alarms that drive them",
		Args:  exactArgs(1, "name one group"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, g, err := a.openGroup(ctx, args[0], true)
			if err != nil {
				return err
			}
			defer c.Close()
			alarms, err := c.session.PolicyAlarms(ctx, g.Policies)
			if err != nil {
				return err
			}
			d := model.GroupDetail{Group: g.Name, Policies: g.Policies, Alarms: alarms}
			if asJSON {
				return writeJSON(a.stdout, policiesJSON(d), "  ")
			}
			return policyTable(a.stdout, d)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// openGroup connects and reads one group, with its policies when asked;
// an unknown name is refused in a sentence. The caller closes the conn.
func (a *app) openGroup(ctx context.Context, group string, policies bool) (*conn, *model.Group, error) {
	c, err := a.connect(ctx)
	if err != nil {
		return nil, nil, err
	}
	gs, err := c.session.Groups(ctx, policies, group)
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	return c, &gs[0], nil
}

// parentCommand is a command that only holds its subcommands.
func (a *app) parentCommand(use, short string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{Use: use, Short: short, Args: a.noSubcommand,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() }}
	cmd.AddCommand(subs...)
	return cmd
}

type policyJSON struct {
	Name    string           `json:"name"`
	Type    string           `json:"type"`
	Enabled bool             `json:"enabled"`
	ARN     string           `json:"arn"`
	Summary string           `json:"summary"`
	Spec    model.PolicySpec `json:"spec"`
	Alarms  []alarmJSON      `json:"alarms"`
}

type alarmJSON struct {
	Name      string  `json:"name"`
	State     string  `json:"state,omitempty"`
	Metric    string  `json:"metric,omitempty"`
	Threshold float64 `json:"threshold"`
	Compare   string  `json:"comparison,omitempty"`
}

func policiesJSON(d model.GroupDetail) []policyJSON {
	out := []policyJSON{}
	for _, p := range d.Policies {
		pj := policyJSON{Name: p.Name, Type: p.Type, Enabled: p.Enabled, ARN: p.ARN, Summary: p.Spec.Summary(), Spec: p.Spec, Alarms: []alarmJSON{}}
		for _, n := range p.Alarms {
			al, _ := d.Alarm(n)
			pj.Alarms = append(pj.Alarms, alarmJSON{Name: n, State: al.State, Metric: al.Namespace + "/" + al.Metric,
				Threshold: al.Threshold, Compare: model.ComparisonSymbol(al.Comparison)})
		}
		out = append(out, pj)
	}
	return out
}

func policyTable(w io.Writer, d model.GroupDetail) error {
	if len(d.Policies) == 0 {
		_, err := fmt.Fprintf(w, "%s has no scaling policies\n", ui.Printable(d.Group))
		return err
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTYPE\tPOLICY\tALARMS")
	for _, p := range d.Policies {
		var alarms []string
		for _, n := range p.Alarms {
			al, ok := d.Alarm(n)
			s := n
			if ok {
				s += fmt.Sprintf(" (%s %s %s)", al.State, model.ComparisonSymbol(al.Comparison), strconv.FormatFloat(al.Threshold, 'f', -1, 64))
			}
			alarms = append(alarms, s)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", ui.Printable(p.Name), p.Type, ui.Printable(p.Spec.Summary()), ui.Printable(strings.Join(alarms, ", ")))
	}
	return tw.Flush()
}

// policyFlags are the flags that describe a whole policy.
type policyFlags struct {
	metric, targetGroup, statistic, unit  string
	dimensions                            []string
	target                                float64
	warmup, cooldown, buffer              time.Duration
	disableScaleIn, disabled              bool
	steps                                 []string
	adjustmentType, aggregation           string
	minMagnitude, adjustment              int
	alarm                                 string
	predictive, scalingMetric, loadMetric string
	mode, breach                          string
	maxBuffer                             int
}

func (p *policyFlags) register(f *pflag.FlagSet) {
	f.StringVar(&p.metric, "metric", "", "target tracking on: cpu, memory, requests, network-in, network-out, or a custom NAMESPACE/NAME")
	f.Float64Var(&p.target, "target", 0, "the target value (target tracking and predictive)")
	f.StringVar(&p.targetGroup, "target-group", "", "the target group a request-count policy follows (default: the group's only one)")
	f.StringVar(&p.statistic, "statistic", "Average", "a custom metric's statistic: Average, Minimum, Maximum, SampleCount, Sum")
	f.StringVar(&p.unit, "unit", "", "a custom metric's unit (Percent, Count, ...)")
	f.StringSliceVar(&p.dimensions, "dimension", nil, "a custom metric's dimension NAME=VALUE (default AutoScalingGroupName=GROUP)")
	f.DurationVar(&p.warmup, "warmup", 0, "instance warm-up (target tracking and step)")
	f.BoolVar(&p.disableScaleIn, "disable-scale-in", false, "target tracking only scales out")
	f.StringArrayVar(&p.steps, "step", nil, "step scaling: LOWER:UPPER:ADJUSTMENT relative to the alarm threshold, a bound left empty is open (0:10:+1, 10::+3)")
	f.StringVar(&p.adjustmentType, "adjustment-type", "ChangeInCapacity", "step and simple: ChangeInCapacity, ExactCapacity or PercentChangeInCapacity")
	f.StringVar(&p.aggregation, "aggregation", "", "step: the metric aggregation, Average (default), Minimum or Maximum")
	f.IntVar(&p.minMagnitude, "min-magnitude", 0, "step and simple with PercentChangeInCapacity: the least instances to change")
	f.IntVar(&p.adjustment, "adjustment", 0, "simple scaling: the adjustment (+2, -1, or a percentage)")
	f.DurationVar(&p.cooldown, "cooldown", 0, "simple scaling: the cooldown")
	f.StringVar(&p.alarm, "alarm", "", "step and simple: the existing alarm that is to run the policy (its actions gain the policy)")
	f.StringVar(&p.predictive, "predictive", "", "predictive scaling on a metric pair: cpu, network-in, network-out, requests (or AWS's names)")
	f.StringVar(&p.scalingMetric, "scaling-metric", "", "predictive scaling on a scaling metric (instead of a pair), with --load-metric")
	f.StringVar(&p.loadMetric, "load-metric", "", "predictive scaling's load metric, with --scaling-metric")
	f.StringVar(&p.mode, "mode", "", "predictive: ForecastOnly (default) or ForecastAndScale")
	f.DurationVar(&p.buffer, "scheduling-buffer", 0, "predictive: how early capacity is launched before the forecast hour (default 5m)")
	f.StringVar(&p.breach, "max-capacity-breach", "", "predictive: HonorMaxCapacity (default) or IncreaseMaxCapacity")
	f.IntVar(&p.maxBuffer, "max-capacity-buffer", 0, "predictive with IncreaseMaxCapacity: percent above the forecast the maximum may go")
	f.BoolVar(&p.disabled, "disabled", false, "create or leave the policy disabled")
}

// seconds turns a duration flag into whole seconds; nil when unset.
func seconds(f *pflag.FlagSet, name string, d time.Duration) (*int, error) {
	if !f.Changed(name) {
		return nil, nil
	}
	if d%time.Second != 0 || d < 0 {
		return nil, usagef("--%s must be whole seconds, not %s", name, d)
	}
	n := int(d / time.Second)
	return &n, nil
}

var metricAliases = map[string]string{
	"cpu": model.MetricASGCPU, "requests": model.MetricALBRequestCountPerTarget,
	"network-in": model.MetricASGNetworkIn, "network-out": model.MetricASGNetworkOut,
}

var pairAliases = map[string]string{
	"cpu": "ASGCPUUtilization", "requests": model.MetricPairALBRequestCount,
	"network-in": "ASGNetworkIn", "network-out": "ASGNetworkOut",
}

// spec builds the whole policy the flags describe.
func (p *policyFlags) spec(f *pflag.FlagSet, group, name string) (model.PolicySpec, error) {
	kinds := 0
	for _, set := range []bool{f.Changed("metric"), len(p.steps) > 0, f.Changed("adjustment"), f.Changed("predictive") || f.Changed("scaling-metric")} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return model.PolicySpec{}, usagef("say which kind of policy, one of: --metric (target tracking), --step (step scaling), --adjustment (simple scaling) or --predictive")
	}
	spec := model.PolicySpec{Name: name}
	if p.disabled {
		spec.Enabled = new(bool)
	}
	warm, err := seconds(f, "warmup", p.warmup)
	if err != nil {
		return spec, err
	}
	spec.WarmupSeconds = warm
	switch {
	case f.Changed("metric"):
		spec.TargetTracking, err = p.targetTracking(f, group)
	case len(p.steps) > 0:
		spec.Step, err = p.step(f)
	case f.Changed("adjustment"):
		spec.Simple, err = p.simple(f)
	default:
		spec.Predictive, err = p.predictiveSpec(f)
	}
	return spec, err
}

func (p *policyFlags) targetTracking(f *pflag.FlagSet, group string) (*model.TargetTrackingSpec, error) {
	t := &model.TargetTrackingSpec{Target: p.target, DisableScaleIn: p.disableScaleIn, TargetGroup: p.targetGroup}
	switch m := p.metric; {
	case metricAliases[m] != "":
		t.Metric = metricAliases[m]
	case m == "memory":
		t.Custom = model.MemoryMetricOf(group)
	case strings.Contains(m, "/"):
		i := strings.LastIndex(m, "/")
		t.Custom = &model.CustomMetric{Namespace: m[:i], Metric: m[i+1:], Statistic: p.statistic, Unit: p.unit,
			Dimensions: map[string]string{"AutoScalingGroupName": group}}
		if len(p.dimensions) > 0 {
			t.Custom.Dimensions = map[string]string{}
			for _, d := range p.dimensions {
				k, v, ok := strings.Cut(d, "=")
				if !ok {
					return nil, usagef("--dimension %q must be NAME=VALUE", d)
				}
				t.Custom.Dimensions[k] = v
			}
		}
	default:
		t.Metric = m // AWS's own name, or refused by Validate in a sentence
	}
	if !f.Changed("target") {
		return nil, usagef("target tracking needs --target")
	}
	return t, nil
}

func (p *policyFlags) step(f *pflag.FlagSet) (*model.StepSpec, error) {
	s := &model.StepSpec{AdjustmentType: p.adjustmentType, MetricAggregation: p.aggregation}
	if f.Changed("min-magnitude") {
		s.MinAdjustmentMagnitude = &p.minMagnitude
	}
	for _, st := range p.steps {
		parts := strings.Split(st, ":")
		if len(parts) != 3 {
			return nil, usagef("--step %q must be LOWER:UPPER:ADJUSTMENT, such as 0:10:+1 or 10::+3", st)
		}
		var step model.StepAdjustment
		for i, b := range []**float64{&step.Lower, &step.Upper} {
			if parts[i] == "" {
				continue
			}
			v, err := strconv.ParseFloat(parts[i], 64)
			if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
				return nil, usagef("--step %q: %q is not a number", st, parts[i])
			}
			*b = &v
		}
		n, err := strconv.Atoi(strings.TrimPrefix(parts[2], "+"))
		if err != nil {
			return nil, usagef("--step %q: the adjustment %q is not a whole number", st, parts[2])
		}
		step.Adjustment = n
		s.Steps = append(s.Steps, step)
	}
	return s, nil
}

func (p *policyFlags) simple(f *pflag.FlagSet) (*model.SimpleSpec, error) {
	s := &model.SimpleSpec{AdjustmentType: p.adjustmentType, Adjustment: p.adjustment}
	if f.Changed("min-magnitude") {
		s.MinAdjustmentMagnitude = &p.minMagnitude
	}
	var err error
	s.CooldownSeconds, err = seconds(f, "cooldown", p.cooldown)
	return s, err
}

func (p *policyFlags) predictiveSpec(f *pflag.FlagSet) (*model.PredictiveSpec, error) {
	pr := &model.PredictiveSpec{Mode: p.mode, Target: p.target, TargetGroup: p.targetGroup, MaxCapacityBreach: p.breach,
		ScalingMetric: p.scalingMetric, LoadMetric: p.loadMetric}
	if v := p.predictive; v != "" {
		pr.Metric = v
		if a := pairAliases[v]; a != "" {
			pr.Metric = a
		}
	}
	if a := metricAliases[pr.ScalingMetric]; a != "" {
		pr.ScalingMetric = a
	}
	if f.Changed("max-capacity-buffer") {
		pr.MaxCapacityBuffer = &p.maxBuffer
	}
	if !f.Changed("target") {
		return nil, usagef("predictive scaling needs --target")
	}
	var err error
	pr.SchedulingBufferSeconds, err = seconds(f, "scheduling-buffer", p.buffer)
	return pr, err
}

func (a *app) policyPutCommand() *cobra.Command {
	var pf policyFlags
	var reason string
	var yes bool
	cmd := &cobra.Command{
		Use:   "put GROUP NAME (--metric M --target V | --step L:U:A... | --adjustment N | --predictive P --target V) [flags]",
		Short: "Create or replace a scaling policy, whole",
		Long: `Create or replace a scaling policy with PutScalingPolicy, which takes the whole
policy: the flags describe all of it, and what they leave out is AWS's
default, not what the policy had. hoist shows the change field by field, the
alarms AWS will create (or the alarm that runs a step or simple policy), and
for target tracking what the target costs at today's load.

  hoist policy put web cpu --metric cpu --target 60 --warmup 120s
  hoist policy put web rps --metric requests --target 1000
  hoist policy put cache mem --metric memory --target 70
  hoist policy put workers backlog --metric Shop/Orders/Backlog --statistic Maximum --dimension Queue=orders --target 100
  hoist policy put workers out --step 0:20:+1 --step 20::+3 --alarm workers-backlog-high
  hoist policy put workers in --adjustment -1 --cooldown 5m --alarm workers-backlog-low
  hoist policy put db forecast --predictive cpu --target 50 --mode ForecastOnly`,
		Args: exactArgs(2, "name a group and a policy"),
		RunE: func(cmd *cobra.Command, args []string) error {
			spec, err := pf.spec(cmd.Flags(), args[0], args[1])
			if err != nil {
				return err
			}
			if err := spec.Validate(); err != nil {
				return err // a typo is named before connecting
			}
			return a.putPolicy(cmd.Context(), args[0], spec, pf.alarm, reason, yes)
		},
	}
	pf.register(cmd.Flags())
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the journal")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

// putPolicy resolves spec for the group, shows and sends it, then, for a
// step or simple policy given --alarm, makes that alarm run it: two
// actions, each journaled; rerun, the first is already so.
func (a *app) putPolicy(ctx context.Context, group string, spec model.PolicySpec, alarm, reason string, yes bool) error {
	if alarm != "" && spec.Step == nil && spec.Simple == nil {
		return usagef("--alarm runs a step or simple policy; target tracking makes its own alarms and predictive needs none")
	}
	c, g, err := a.openGroup(ctx, group, true)
	if err != nil {
		return err
	}
	defer c.Close()
	lbs, tgs, err := c.session.Fronts(ctx)
	if err != nil {
		return err
	}
	metrics, err := c.session.GroupMetrics(ctx, group)
	if err != nil {
		fmt.Fprintf(a.stderr, "hoist: the metrics %s publishes were not read, so a custom metric is not checked: %s\n", ui.Printable(group), oneLine(err))
		metrics = nil
	}
	to, warnings, err := model.PolicyContext{Group: g, TargetGroups: tgs, LoadBalancers: lbs, Metrics: metrics}.Resolve(spec)
	if err != nil {
		return err
	}
	var from *model.PolicySpec
	if p, ok := g.Policy(spec.Name); ok {
		from = &p.Spec
	}
	var linked *model.Alarm
	if alarm != "" {
		if linked, err = a.alarmNamed(ctx, c, alarm); err != nil {
			return err
		}
	}
	lines := policyLines(ctx, c, g, from, to, linked, warnings)
	if err := a.perform(ctx, c, model.PutPolicy{Group: group, From: from, To: to}, reason, yes, lines, nil); err != nil || linked == nil {
		return err
	}
	p, err := policyNow(ctx, c.session, group, spec.Name)
	if err != nil {
		return err
	}
	return a.perform(ctx, c, model.AttachAlarm{Group: group, Policy: p.Name, PolicyARN: p.ARN, Alarm: alarm, From: linked}, reason, yes, nil, nil)
}

// perform settles act, shown as its change field by field (changeRows)
// and lines that explain it; ask is the question (nil: y/N).
func (a *app) perform(ctx context.Context, c *conn, act model.Action, reason string, yes bool, lines []string, ask asker) error {
	if ask == nil {
		ask = confirm
	}
	for i, l := range lines {
		lines[i] = ui.Printable(l)
	}
	return a.settleWith(ctx, c, act, reason, yes, func() string { return changeRows(act, strings.Join(lines, "\n  "), nil) }, ask)
}

// alarmNamed reads one alarm, or says it does not exist.
func (a *app) alarmNamed(ctx context.Context, c *conn, name string) (*model.Alarm, error) {
	d, err := c.session.Alarm(ctx, name)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, usagef("no alarm named %q in %s", name, c.session.Region())
	}
	return d, nil
}

// policyNow reads the group's policy as AWS holds it now.
func policyNow(ctx context.Context, s *aws.Session, group, name string) (model.Policy, error) {
	gs, err := s.Groups(ctx, true, group)
	if err != nil {
		return model.Policy{}, err
	}
	p, ok := gs[0].Policy(name)
	if !ok {
		return p, fmt.Errorf("policy %s of %s is not there after creating it", name, group)
	}
	return p, nil
}

// policyLines explain a policy change: its alarms, its warnings and, for
// target tracking, what its target costs at today's load.
func policyLines(ctx context.Context, c *conn, g *model.Group, from *model.PolicySpec, to model.PolicySpec, linked *model.Alarm, warnings []string) []string {
	var lines []string
	for _, al := range model.PreviewAlarms(to, g.Name, linked) {
		verb := "alarm"
		if al.Created {
			verb = "AWS creates alarm"
		}
		lines = append(lines, verb+" "+al.String())
	}
	if line, ok := targetCostLine(ctx, c, g, from, to); ok {
		lines = append(lines, line)
	}
	for _, w := range warnings {
		lines = append(lines, "warning: "+w)
	}
	return lines
}

// targetCostLine says what a target tracking policy's target costs at
// today's load: against its old target when it had one on the same
// metric, else against the group as it is.
func targetCostLine(ctx context.Context, c *conn, g *model.Group, from *model.PolicySpec, to model.PolicySpec) (string, bool) {
	t := to.TargetTracking
	if t == nil {
		return "", false
	}
	now, ok := c.session.PolicyMetricNow(ctx, to, g.Name)
	if !ok {
		return "", false
	}
	f := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
	fromTarget, what := now, "target "+f(t.Target)
	if from != nil && from.TargetTracking != nil && from.TargetTracking.MetricName() == t.MetricName() {
		fromTarget, what = from.TargetTracking.Target, "target "+f(from.TargetTracking.Target)+" → "+f(t.Target)
	}
	cost, ok := model.EstimateTargetCost(g, now, fromTarget, t.Target, c.session.Prices())
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%s at today's %s of %s: %s", what, t.MetricName(), f(now), cost), true
}

func (a *app) policyDeleteCommand() *cobra.Command {
	var reason string
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete GROUP NAME",
		Short: "Delete a scaling policy (and the alarms AWS made for it); asks for its name",
		Args:  exactArgs(2, "name a group and a policy"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, g, err := a.openGroup(ctx, args[0], false)
			if err != nil {
				return err
			}
			defer c.Close()
			p, err := policyNow(ctx, c.session, args[0], args[1])
			if err != nil {
				return usagef("%s has no policy named %q", args[0], args[1])
			}
			return a.perform(ctx, c, model.DeletePolicy{Group: g.Name, Policy: p.Name, Type: p.Type}, reason, yes,
				[]string{p.Spec.Summary()}, confirmName(p.Name))
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the journal")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for the name")
	return cmd
}
