package aws

import (
	"context"
	"strings"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/spec"
)

// seedConfig adds to seedSmall what a plan reads beyond the console: a
// step policy and a recurring scheduled action on api, an alarm hoist
// manages (tagged) beside web-cpu-high (not), and two dashboards, one
// hoist's.
func seedConfig(t *testing.T) {
	t.Helper()
	seedSmall(t)
	ctx, r := context.Background(), newRaw(t)
	if _, err := r.asg.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: sdk.String("api"), PolicyName: sdk.String("api-step"), PolicyType: sdk.String(model.PolicyStep),
		AdjustmentType: sdk.String("ChangeInCapacity"), EstimatedInstanceWarmup: sdk.Int32(60),
		StepAdjustments: []astypes.StepAdjustment{
			{MetricIntervalLowerBound: sdk.Float64(0), MetricIntervalUpperBound: sdk.Float64(10), ScalingAdjustment: sdk.Int32(1)},
			{MetricIntervalLowerBound: sdk.Float64(10), ScalingAdjustment: sdk.Int32(3)},
		},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.asg.PutScheduledUpdateGroupAction(ctx, &autoscaling.PutScheduledUpdateGroupActionInput{
		AutoScalingGroupName: sdk.String("api"), ScheduledActionName: sdk.String("api-mornings"),
		Recurrence: sdk.String("0 8 * * MON-FRI"), TimeZone: sdk.String("Europe/London"), MinSize: sdk.Int32(2), DesiredCapacity: sdk.Int32(3),
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: sdk.String("api-cpu-high"), Namespace: sdk.String("AWS/EC2"), MetricName: sdk.String("CPUUtilization"),
		Dimensions: []cwtypes.Dimension{{Name: sdk.String("AutoScalingGroupName"), Value: sdk.String("api")}},
		Statistic:  cwtypes.StatisticAverage, Period: sdk.Int32(60), EvaluationPeriods: sdk.Int32(5), DatapointsToAlarm: sdk.Int32(3),
		Threshold: sdk.Float64(85), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold, TreatMissingData: sdk.String("breaching"),
		AlarmActions: []string{"arn:aws:sns:us-east-1:123456789012:oncall"},
		Tags:         []cwtypes.Tag{{Key: sdk.String(model.ManagedTag), Value: sdk.String("true")}},
	}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"hoist-web", "team-board"} {
		if _, err := r.cw.PutDashboard(ctx, &cloudwatch.PutDashboardInput{DashboardName: sdk.String(name), DashboardBody: sdk.String(`{"widgets":[]}`)}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReadConfigMoto reads the configuration back from moto whole, and
// planning its export against it changes nothing.
func TestReadConfigMoto(t *testing.T) {
	resetMoto(t)
	seedConfig(t)
	env := openTest(t, nil)
	live, err := env.session.ReadConfig(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkLive(t, &live)
	if body := live.Dashboards["hoist-web"]; body != `{"widgets":[]}` || len(live.Dashboards) != 1 {
		t.Errorf("dashboards %v, want hoist-web only", live.Dashboards)
	}
	// A dashboard hoist wrote is what hoist builds for its tier; one edited
	// by hand is planned back (seen here), then the export plans nothing.
	outs, _ := spec.Export(&live, spec.ExportFilter{})
	if !strings.Contains(planOf(t, &live, outs), "~ dashboard hoist-web") {
		t.Error("a dashboard edited by hand is not planned back")
	}
	if _, err := newRaw(t).cw.PutDashboard(context.Background(), &cloudwatch.PutDashboardInput{DashboardName: sdk.String("hoist-web"),
		DashboardBody: sdk.String(spec.DashboardBody("web", &live))}); err != nil {
		t.Fatal(err)
	}
	if live, err = env.session.ReadConfig(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, &live)
}

// checkLive checks what seedConfig made, read back through the adapter.
func checkLive(t *testing.T, live *model.LiveConfig) {
	t.Helper()
	web := live.Policies["web"]
	var simple, tt model.PolicySpec
	for _, p := range web {
		switch p.Name {
		case "web-scale-out":
			simple = p
		case "web-cpu50":
			tt = p
		}
	}
	if simple.Simple == nil || simple.Simple.Adjustment != 1 || simple.Simple.CooldownSeconds == nil || *simple.Simple.CooldownSeconds != 60 {
		t.Errorf("simple policy: %+v", simple)
	}
	if tt.TargetTracking == nil || tt.TargetTracking.Target != 50 || tt.WarmupSeconds == nil || *tt.WarmupSeconds != 180 {
		t.Errorf("target tracking policy: %+v", tt)
	}
	if ps := live.Policies["api"]; len(ps) != 1 || ps[0].Step == nil || len(ps[0].Step.Steps) != 2 {
		t.Errorf("api policies: %+v", ps)
	}
	if sa := live.Scheduled["api"]; len(sa) != 1 || sa[0].Recurrence != "0 8 * * MON-FRI" || sa[0].TimeZone != "Europe/London" {
		t.Errorf("api scheduled actions: %+v", sa)
	}
	managed, ok := live.Alarm("api-cpu-high")
	if !ok || !managed.Managed() || *managed.DatapointsToAlarm != 3 || managed.TreatMissingData != "breaching" {
		t.Errorf("managed alarm: %+v", managed)
	}
	if a, ok := live.Alarm("web-cpu-high"); !ok || a.Managed() {
		t.Errorf("web-cpu-high: %+v, want it read and not managed", a)
	}
}

// checkRoundTrip: export the live configuration, plan the export against
// it: no change.
func checkRoundTrip(t *testing.T, live *model.LiveConfig) {
	t.Helper()
	outs, err := spec.Export(live, spec.ExportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if p := planOf(t, live, outs); p != "" {
		t.Errorf("export then plan is not empty:\n%s", p)
	}
}

// planOf plans exported files against live: "" when nothing changes.
func planOf(t *testing.T, live *model.LiveConfig, outs []spec.OutFile) string {
	t.Helper()
	var docs []*spec.Doc
	for _, o := range outs {
		b, err := spec.Marshal(o.File, live.Where)
		if err != nil {
			t.Fatal(err)
		}
		d, err := spec.Parse(o.Path, b)
		if err != nil {
			t.Fatalf("the export does not parse: %v\n%s", err, b)
		}
		docs = append(docs, d)
	}
	d, err := spec.Resolve(docs, live, spec.Options{})
	if err != nil {
		t.Fatalf("the export does not resolve: %v", err)
	}
	if p := spec.Compute(d, live, spec.PlanOptions{Prune: true}); !p.Empty() {
		return strings.Join(spec.Render(p), "\n")
	}
	return ""
}
