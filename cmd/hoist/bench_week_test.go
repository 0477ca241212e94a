package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model/insight"
)

// BenchmarkSimulatedWeek is the proof of issue 14, on the simulator's
// virtual clock. A fleet left as teams commonly leave it (leaveAsTeamsDo)
// settles for a day and runs a week; `hoist recommend --since 7d --plan
// DIR` reads that week from CloudWatch and writes its files; every
// recommendation is made with hoist (applyRecommendations); after a day to
// settle, the next week runs. The simulator's own ledger judges both
// weeks: cost, availability, p99 (in all minutes and while capacity
// changed), and how long scale-outs took to serve. It runs for the default
// fleet and a held-out one (another fleet and seed) that no rule was
// written for.
func BenchmarkSimulatedWeek(b *testing.B) {
	for _, c := range weekFleets {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				runWeeks(b, c.o).report(b)
			}
		})
	}
}

var weekFleets = []struct {
	name string
	o    sim.Options
}{
	{"default", sim.Options{Seed: 1}},
	{"held-out", sim.Options{Seed: 7, Fleet: "large", Groups: 40}},
}

// Ways a recommended change is made, in weeks.via.
const (
	viaApply  = "apply"  // hoist apply -f FILE, the file hoist recommend --plan wrote
	viaResize = "resize" // hoist resize: an instance type, which files cannot say
	viaSDK    = "sdk"    // the AWS SDK: a Spot mix, which no hoist command sets yet
)

type weeks struct {
	before, after sim.LedgerBook
	recs          []insight.Recommendation
	via           map[string]int // changes made, by how
	wall          time.Duration  // the simulated weeks, on the virtual clock
	recommend     time.Duration  // hoist recommend --since 7d
}

// report states each figure after the recommendations with the same
// figure before them as its baseline ("before-<unit>"), the form make
// bench reports; issue 14's goals are benchreport's (goals.go).
func (w weeks) report(b *testing.B) {
	bt, at := w.before.Total, w.after.Total
	pair := func(after, before float64, unit string) {
		b.ReportMetric(after, unit)
		b.ReportMetric(before, "before-"+unit)
	}
	pair(at.CostUSD, bt.CostUSD, "USD/week")
	b.ReportMetric(100*(1-at.CostUSD/bt.CostUSD), "%saved")
	// availability as its complement, so that 99.99% and 99.9% read apart
	pair(100*(1-at.Availability), 100*(1-bt.Availability), "%failed")
	pair(100*(1-at.ScalingAvailability), 100*(1-bt.ScalingAvailability), "%failed-while-scaling")
	pair(at.ScalingP99MeanMS, bt.ScalingP99MeanMS, "p99-ms-while-scaling")
	pair(at.ScalingP99WorstMS, bt.ScalingP99WorstMS, "p99-ms-worst-while-scaling")
	pair(float64(at.MinutesP99Over), float64(bt.MinutesP99Over), "minutes-p99-over-1s")
	pair(at.ScaleOutMedianS, bt.ScaleOutMedianS, "scale-out-median-s")
	pair(at.ScaleOutWorstS, bt.ScaleOutWorstS, "scale-out-worst-s")
	pair(float64(at.ScaleOutsOver2m), float64(bt.ScaleOutsOver2m), "scale-outs-over-2m")
	b.ReportMetric(float64(w.changes()), "changes")
	recommended := 0
	for _, r := range w.recs {
		if r.HeldBack == "" {
			recommended += len(r.Changes)
		}
	}
	b.ReportMetric(float64(recommended), "recommended-changes")
	b.ReportMetric(float64(w.via[viaSDK]), "changes-through-sdk")
	b.ReportMetric(float64(w.changes()), "all-changes-through-sdk")
	b.ReportMetric(w.wall.Seconds()/2, "wall-s/week")
	b.ReportMetric((7 * 24 * time.Hour).Seconds(), "virtual-wall-s/week")
	b.Logf("changes made: %v; hoist recommend took %s", w.via, w.recommend.Round(time.Millisecond))
}

func (w weeks) changes() (n int) {
	for _, v := range w.via {
		n += v
	}
	return n
}

func runWeeks(tb testing.TB, o sim.Options) weeks {
	s, err := sim.New(o)
	if err != nil {
		tb.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	ctx := context.Background()
	cl := simClients(tb, hs.URL)
	leaveAsTeamsDo(tb, ctx, cl)
	var w weeks
	week := func() sim.LedgerBook {
		t0 := time.Now()
		s.Advance(24 * time.Hour) // settle
		s.MarkLedger(0)
		s.Advance(7 * 24 * time.Hour)
		w.wall += time.Since(t0)
		return *s.Ledger().SinceMark
	}
	w.before = week()
	t0 := time.Now()
	w.recs, w.via = applyRecommendations(tb, ctx, hs.URL, cl)
	w.recommend = time.Since(t0)
	w.after = week()
	return w
}

// hoistRun runs hoist in this process against the simulator.
func hoistRun(ctx context.Context, srv string, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = run(ctx, append(args, "--endpoint-url", srv), nil, &out, &errb)
	return out.String(), errb.String(), code
}

// applyRecommendations makes every recommendation as an operator would
// with hoist: recommend --plan writes a file for each one the files can
// say and hoist apply -f sends it; an instance type is hoist resize; a
// Spot mix, which no hoist command sets yet, goes through the SDK. It
// returns the recommendations and how many changes went each way.
func applyRecommendations(tb testing.TB, ctx context.Context, srv string, cl clients) ([]insight.Recommendation, map[string]int) {
	dir := filepath.Join(tb.TempDir(), "recommended")
	out, errs, code := hoistRun(ctx, srv, "recommend", "--since", "7d", "--json", "--plan", dir)
	if code != 0 {
		tb.Fatalf("recommend: exit %d: %s", code, errs)
	}
	var doc struct {
		Recommendations []insight.Recommendation `json:"recommendations"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		tb.Fatal(err)
	}
	via := map[string]int{}
	for _, r := range doc.Recommendations {
		if r.HeldBack != "" {
			continue
		}
		how, err := makeRecommendation(ctx, srv, cl, dir, r)
		if err != nil {
			tb.Fatalf("%s: %v", r.ID, err)
		}
		via[how] += len(r.Changes)
	}
	return doc.Recommendations, via
}

// makeRecommendation makes one recommendation and says how.
func makeRecommendation(ctx context.Context, srv string, cl clients, dir string, r insight.Recommendation) (string, error) {
	reason := "hoist recommend: " + r.ID
	file := filepath.Join(dir, fileSafe(r.Kind+"-"+r.Group+".yml"))
	if _, err := os.Stat(file); err != nil {
		return leftOut(ctx, srv, cl, r, reason)
	}
	if out, errs, code := hoistRun(ctx, srv, "apply", "-f", file, "--yes", "--reason", reason); code != 0 {
		return "", fmt.Errorf("apply -f %s: exit %d: %s%s", file, code, out, errs)
	}
	return viaApply, nil
}

// leftOut makes what the files cannot say: an instance type (hoist
// resize) and a Spot mix (the SDK).
func leftOut(ctx context.Context, srv string, cl clients, r insight.Recommendation, reason string) (string, error) {
	for _, c := range r.Changes {
		field := map[string]string{}
		for _, f := range c.Fields {
			field[f.Field] = f.After
		}
		switch {
		case c.Resource == insight.ResInstanceType:
			if err := hoistDo(ctx, srv, []string{"resize", c.Group, "--instance-type", field["instance_type"]}, reason); err != nil {
				return "", err
			}
			return viaResize, nil
		case c.Resource == insight.ResGroup && field["on_demand_percentage_above_base"] != "":
			base, _ := strconv.Atoi(field["on_demand_base_capacity"])
			pct, _ := strconv.Atoi(field["on_demand_percentage_above_base"])
			if err := spotMix(ctx, cl, c.Group, int32(base), int32(pct), strings.Split(field["instance_types"], ",")); err != nil {
				return "", err
			}
			return viaSDK, nil
		}
	}
	return "", fmt.Errorf("no way to make %v", r.Changes)
}

func hoistDo(ctx context.Context, srv string, args []string, reason string) error {
	out, errs, code := hoistRun(ctx, srv, append(args, "--yes", "--reason", reason)...)
	if code != 0 {
		return fmt.Errorf("hoist %s: exit %d: %s%s", strings.Join(args, " "), code, out, errs)
	}
	return nil
}

type clients struct {
	asg *autoscaling.Client
	ec2 *ec2.Client
}

func simClients(tb testing.TB, url string) clients {
	cfg := simConfig(tb, url)
	return clients{asg: autoscaling.NewFromConfig(cfg), ec2: ec2.NewFromConfig(cfg)}
}

// leaveAsTeamsDo configures waste the way it accumulates, through the API
// (the fixture, not a recommendation): every minimum raised to twice what
// the group ran at, every CPU target at 30%, no scheduled actions, and x86
// groups on the fifth-generation type of the same size (a Graviton group
// keeps its arm64 type, the older of the two Graviton generations EC2
// offers here).
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
		if old := fam[:1] + "5." + size; fam[:1] != "t" && !strings.HasSuffix(fam, "g") && offered[old] && old != cur {
			if err := resize(ctx, cl, sdk.ToString(g.AutoScalingGroupName), old); err != nil {
				tb.Fatal(err)
			}
		}
	}
	sa, err := cl.asg.DescribeScheduledActions(ctx, &autoscaling.DescribeScheduledActionsInput{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range sa.ScheduledUpdateGroupActions {
		if _, err := cl.asg.DeleteScheduledAction(ctx, &autoscaling.DeleteScheduledActionInput{
			AutoScalingGroupName: a.AutoScalingGroupName, ScheduledActionName: a.ScheduledActionName}); err != nil {
			tb.Fatal(err)
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
		if _, err := cl.asg.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
			AutoScalingGroupName: p.AutoScalingGroupName, PolicyName: p.PolicyName, PolicyType: p.PolicyType,
			TargetTrackingConfiguration: tt, EstimatedInstanceWarmup: p.EstimatedInstanceWarmup, Enabled: p.Enabled}); err != nil {
			tb.Fatal(err)
		}
	}
}

func describeGroup(ctx context.Context, cl clients, name string) (astypes.AutoScalingGroup, error) {
	gs, err := cl.asg.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}})
	if err != nil || len(gs.AutoScalingGroups) != 1 {
		return astypes.AutoScalingGroup{}, fmt.Errorf("group %s: %v", name, err)
	}
	return gs.AutoScalingGroups[0], nil
}

// spotMix sets a group's Spot mix and refreshes it: the one
// recommendation no hoist command makes yet.
func spotMix(ctx context.Context, cl clients, group string, base, pct int32, types []string) error {
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
			InstancesDistribution: &astypes.InstancesDistribution{OnDemandBaseCapacity: sdk.Int32(base), OnDemandPercentageAboveBaseCapacity: sdk.Int32(pct),
				SpotAllocationStrategy: sdk.String("price-capacity-optimized")}}})
	if err != nil {
		return err
	}
	return startRefresh(ctx, cl, group)
}

// resize is the fixture's move to an older type: a launch template
// version with it, the group set to it, and an instance refresh.
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

func nilIfSet(v, other *string) *string {
	if other != nil {
		return nil
	}
	return v
}
