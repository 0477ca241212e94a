package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model/insight"
)

// BenchmarkSimulatedWeek is the proof of issue 14, on the simulator's
// virtual clock: a fleet left as teams commonly leave it (minimums raised,
// CPU targets at 30%) runs a week; `hoist recommend --since 7d` reads that
// week from CloudWatch; every recommendation is applied through the API;
// the next week runs. The simulator's own ledger judges both weeks: cost,
// availability, minutes with p99 over a second. It reports the saving and
// both weeks' figures, for the default fleet and a held-out one (another
// fleet and seed).
func BenchmarkSimulatedWeek(b *testing.B) {
	for _, c := range []struct {
		name string
		o    sim.Options
	}{
		{"default", sim.Options{Seed: 1}},
		{"held-out", sim.Options{Seed: 7, Fleet: "large", Groups: 40}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				w := runWeeks(b, c.o)
				b.ReportMetric(w.before.Total.CostUSD, "USD-before")
				b.ReportMetric(w.after.Total.CostUSD, "USD-after")
				b.ReportMetric(100*(1-w.after.Total.CostUSD/w.before.Total.CostUSD), "%saved")
				b.ReportMetric(100*w.before.Total.Availability, "%avail-before")
				b.ReportMetric(100*w.after.Total.Availability, "%avail-after")
				b.ReportMetric(float64(w.before.Total.MinutesP99Over), "slow-min-before")
				b.ReportMetric(float64(w.after.Total.MinutesP99Over), "slow-min-after")
				b.ReportMetric(float64(w.applied), "changes")
			}
		})
	}
}

type weeks struct {
	before, after sim.LedgerBook
	applied       int
	recs          []insight.Recommendation
}

func runWeeks(tb testing.TB, o sim.Options) weeks {
	s, err := sim.New(o)
	if err != nil {
		tb.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	srv := hs.URL
	ctx := context.Background()
	cl := simClients(tb, srv)
	leaveAsTeamsDo(tb, ctx, cl)
	s.Advance(24 * time.Hour) // settle into the wasteful configuration
	s.MarkLedger(0)
	s.Advance(7 * 24 * time.Hour)
	var w weeks
	w.before = *s.Ledger().SinceMark

	var out, errb bytes.Buffer
	if code := run(ctx, []string{"recommend", "--since", "7d", "--json", "--endpoint-url", srv}, nil, &out, &errb); code != 0 {
		tb.Fatalf("recommend: exit %d: %s", code, errb.String())
	}
	var doc struct {
		Recommendations []insight.Recommendation `json:"recommendations"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		tb.Fatal(err)
	}
	w.recs = doc.Recommendations
	for _, r := range doc.Recommendations {
		if r.HeldBack != "" {
			continue
		}
		for _, c := range r.Changes {
			if err := applyRecommended(ctx, cl, c); err != nil {
				tb.Fatalf("%s: %s: %v", r.ID, c, err)
			}
			w.applied++
		}
	}
	s.Advance(24 * time.Hour) // refreshes and schedules take effect
	s.MarkLedger(0)
	s.Advance(7 * 24 * time.Hour)
	w.after = *s.Ledger().SinceMark
	return w
}

type clients struct {
	asg *autoscaling.Client
	ec2 *ec2.Client
}

func simClients(tb testing.TB, url string) clients {
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("sim", "sim", "")))
	if err != nil {
		tb.Fatal(err)
	}
	cfg.BaseEndpoint = sdk.String(url)
	return clients{asg: autoscaling.NewFromConfig(cfg), ec2: ec2.NewFromConfig(cfg)}
}

// leaveAsTeamsDo configures waste the way it accumulates: every minimum
// raised to twice what the group ran at, every CPU target at 30%, and the
// fifth-generation type of the same size where EC2 offers one.
func leaveAsTeamsDo(tb testing.TB, ctx context.Context, cl clients) {
	gs, err := cl.asg.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{})
	if err != nil {
		tb.Fatal(err)
	}
	offered := map[string]bool{}
	its, err := cl.ec2.DescribeInstanceTypes(ctx, &ec2.DescribeInstanceTypesInput{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, it := range its.InstanceTypes {
		offered[string(it.InstanceType)] = true
	}
	for _, g := range gs.AutoScalingGroups {
		min := min(sdk.ToInt32(g.MaxSize), max(sdk.ToInt32(g.MinSize), 2*sdk.ToInt32(g.DesiredCapacity)))
		if _, err := cl.asg.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{
			AutoScalingGroupName: g.AutoScalingGroupName, MinSize: sdk.Int32(min)}); err != nil {
			tb.Fatal(err)
		}
		if len(g.Instances) == 0 {
			continue
		}
		cur := sdk.ToString(g.Instances[0].InstanceType)
		fam, size, _ := strings.Cut(cur, ".")
		if old := fam[:1] + "5." + size; fam[:1] != "t" && offered[old] && old != cur {
			if err := resize(ctx, cl, sdk.ToString(g.AutoScalingGroupName), old); err != nil {
				tb.Fatal(err)
			}
		}
	}
	ps, err := cl.asg.DescribePolicies(ctx, &autoscaling.DescribePoliciesInput{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range ps.ScalingPolicies {
		tt := p.TargetTrackingConfiguration
		if tt == nil || tt.PredefinedMetricSpecification == nil || tt.PredefinedMetricSpecification.PredefinedMetricType != astypes.MetricTypeASGAverageCPUUtilization {
			continue
		}
		tt.TargetValue = sdk.Float64(30)
		if err := putPolicy(ctx, cl, p); err != nil {
			tb.Fatal(err)
		}
	}
}

func putPolicy(ctx context.Context, cl clients, p astypes.ScalingPolicy) error {
	_, err := cl.asg.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: p.AutoScalingGroupName, PolicyName: p.PolicyName, PolicyType: p.PolicyType,
		TargetTrackingConfiguration: p.TargetTrackingConfiguration, EstimatedInstanceWarmup: p.EstimatedInstanceWarmup,
		PredictiveScalingConfiguration: p.PredictiveScalingConfiguration, Enabled: p.Enabled})
	return err
}

// applyRecommended makes one change through the API, as hoist apply (and
// vertical scaling) will.
func applyRecommended(ctx context.Context, cl clients, c insight.Change) error {
	field := map[string]string{}
	for _, f := range c.Fields {
		field[f.Field] = f.After
	}
	num := func(k string) *int32 {
		n, err := strconv.Atoi(field[k])
		if err != nil {
			return nil
		}
		return sdk.Int32(int32(n))
	}
	switch c.Resource {
	case insight.ResGroup:
		if _, ok := field["on_demand_percentage_above_base"]; ok {
			return spotMix(ctx, cl, c.Group, num("on_demand_base_capacity"), num("on_demand_percentage_above_base"), strings.Split(field["instance_types"], ","))
		}
		_, err := cl.asg.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: sdk.String(c.Group),
			MinSize: num("min"), MaxSize: num("max")})
		return err
	case insight.ResPolicy:
		return policyChange(ctx, cl, c, field)
	case insight.ResSchedule:
		_, err := cl.asg.PutScheduledUpdateGroupAction(ctx, &autoscaling.PutScheduledUpdateGroupActionInput{
			AutoScalingGroupName: sdk.String(c.Group), ScheduledActionName: sdk.String(c.Name), Recurrence: sdk.String(field["recurrence"]),
			TimeZone: sdk.String(field["time_zone"]), MinSize: num("min"), DesiredCapacity: num("desired"), MaxSize: num("max")})
		return err
	case insight.ResInstanceType:
		return resize(ctx, cl, c.Group, field["instance_type"])
	}
	return fmt.Errorf("no way to apply %s", c)
}

func policyChange(ctx context.Context, cl clients, c insight.Change, field map[string]string) error {
	if c.Op == insight.OpAdd {
		target, _ := strconv.ParseFloat(field["target"], 64)
		_, err := cl.asg.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{AutoScalingGroupName: sdk.String(c.Group),
			PolicyName: sdk.String(c.Name), PolicyType: sdk.String("PredictiveScaling"),
			PredictiveScalingConfiguration: &astypes.PredictiveScalingConfiguration{
				Mode: astypes.PredictiveScalingMode(field["mode"]),
				MetricSpecifications: []astypes.PredictiveScalingMetricSpecification{{TargetValue: sdk.Float64(target),
					PredefinedMetricPairSpecification: &astypes.PredictiveScalingPredefinedMetricPair{PredefinedMetricType: astypes.PredefinedMetricPairType(field["metric"]),
						ResourceLabel: nonEmpty(field["resource_label"])}}}}})
		return err
	}
	ps, err := cl.asg.DescribePolicies(ctx, &autoscaling.DescribePoliciesInput{AutoScalingGroupName: sdk.String(c.Group), PolicyNames: []string{c.Name}})
	if err != nil || len(ps.ScalingPolicies) != 1 {
		return fmt.Errorf("policy %s/%s: %v", c.Group, c.Name, err)
	}
	p := ps.ScalingPolicies[0]
	if v, ok := field["target"]; ok && p.TargetTrackingConfiguration != nil {
		t, _ := strconv.ParseFloat(v, 64)
		p.TargetTrackingConfiguration.TargetValue = sdk.Float64(t)
	}
	if v, ok := field["mode"]; ok && p.PredictiveScalingConfiguration != nil {
		p.PredictiveScalingConfiguration.Mode = astypes.PredictiveScalingMode(v)
	}
	return putPolicy(ctx, cl, p)
}

func describeGroup(ctx context.Context, cl clients, name string) (astypes.AutoScalingGroup, error) {
	gs, err := cl.asg.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}})
	if err != nil || len(gs.AutoScalingGroups) != 1 {
		return astypes.AutoScalingGroup{}, fmt.Errorf("group %s: %v", name, err)
	}
	return gs.AutoScalingGroups[0], nil
}

func spotMix(ctx context.Context, cl clients, group string, base, pct *int32, types []string) error {
	g, err := describeGroup(ctx, cl, group)
	if err != nil {
		return err
	}
	lt := g.LaunchTemplate
	if g.MixedInstancesPolicy != nil {
		lt = g.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification
	}
	lt = &astypes.LaunchTemplateSpecification{LaunchTemplateId: lt.LaunchTemplateId, LaunchTemplateName: nilIfSet(lt.LaunchTemplateName, lt.LaunchTemplateId), Version: lt.Version}
	var ov []astypes.LaunchTemplateOverrides
	for _, t := range types {
		ov = append(ov, astypes.LaunchTemplateOverrides{InstanceType: sdk.String(t)})
	}
	_, err = cl.asg.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: sdk.String(group),
		MixedInstancesPolicy: &astypes.MixedInstancesPolicy{
			LaunchTemplate: &astypes.LaunchTemplate{LaunchTemplateSpecification: lt, Overrides: ov},
			InstancesDistribution: &astypes.InstancesDistribution{OnDemandBaseCapacity: base, OnDemandPercentageAboveBaseCapacity: pct,
				SpotAllocationStrategy: sdk.String("price-capacity-optimized")}}})
	if err != nil {
		return err
	}
	return startRefresh(ctx, cl, group)
}

// resize is vertical scaling: a launch template version with the new type,
// the group set to it, and an instance refresh.
func resize(ctx context.Context, cl clients, group, itype string) error {
	g, err := describeGroup(ctx, cl, group)
	if err != nil {
		return err
	}
	if m := g.MixedInstancesPolicy; m != nil {
		spec := m.LaunchTemplate.LaunchTemplateSpecification
		spec.LaunchTemplateName = nilIfSet(spec.LaunchTemplateName, spec.LaunchTemplateId)
		m.LaunchTemplate.Overrides = []astypes.LaunchTemplateOverrides{{InstanceType: sdk.String(itype)}}
		if _, err := cl.asg.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: sdk.String(group), MixedInstancesPolicy: m}); err != nil {
			return err
		}
	} else {
		lt := g.LaunchTemplate
		v, err := cl.ec2.CreateLaunchTemplateVersion(ctx, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: lt.LaunchTemplateId,
			LaunchTemplateName: nilIfSet(lt.LaunchTemplateName, lt.LaunchTemplateId), SourceVersion: lt.Version,
			LaunchTemplateData: &ec2types.RequestLaunchTemplateData{InstanceType: ec2types.InstanceType(itype)}})
		if err != nil {
			return err
		}
		n := strconv.FormatInt(sdk.ToInt64(v.LaunchTemplateVersion.VersionNumber), 10)
		if _, err := cl.asg.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: sdk.String(group),
			LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateId: lt.LaunchTemplateId, Version: sdk.String(n)}}); err != nil {
			return err
		}
	}
	return startRefresh(ctx, cl, group)
}

// startRefresh starts an instance refresh; one already running (the
// instance type's, then the Spot mix's) picks up the new configuration
// for the instances it has still to replace, so that is no failure.
func startRefresh(ctx context.Context, cl clients, group string) error {
	_, err := cl.asg.StartInstanceRefresh(ctx, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: sdk.String(group),
		Preferences: &astypes.RefreshPreferences{MinHealthyPercentage: sdk.Int32(90)}})
	if err != nil && strings.Contains(err.Error(), "InstanceRefreshInProgress") {
		return nil
	}
	return err
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nilIfSet(v, other *string) *string {
	if other != nil {
		return nil
	}
	return v
}
