package aws

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/solemate/hoist/model"
)

// ReadConfig reads the scaling configuration as AWS holds it, for hoist
// plan and export: every group with its instances and prices (for cost),
// whole policies, scheduled actions, target groups (with the attributes
// of those named in attrsOf: one call each), metric alarms with their tags
// (one call per alarm, target tracking alarms excepted) and hoist's
// dashboards. A read that fails fails the whole: a plan made on part of
// the facts would be wrong.
func (s *Session) ReadConfig(ctx context.Context, attrsOf []string) (model.LiveConfig, error) {
	snap, err := s.Fetch(ctx, model.Visible{All: true, Overview: []model.Metric{}})
	if err != nil {
		return model.LiveConfig{}, err
	}
	for _, c := range []model.Class{model.ClassLoadBalancers, model.ClassPolicies} {
		if f := snap.Fresh[c]; f.Err != "" {
			return model.LiveConfig{}, fmt.Errorf("reading %s: %s", c, f.Err)
		}
	}
	live := model.LiveConfig{Where: model.WhereOf(&snap), Groups: snap.Groups, TargetGroups: snap.TargetGroups, Prices: snap.Prices,
		Scheduled: map[string][]model.ScheduleSpec{}}
	for _, g := range snap.Groups {
		for _, a := range g.Scheduled {
			live.Scheduled[g.Name] = append(live.Scheduled[g.Name], model.ScheduleSpecOf(a))
		}
	}
	if live.Policies, err = s.readPolicySpecs(ctx); err != nil {
		return live, err
	}
	if err := s.ReadAttributes(ctx, &live, attrsOf); err != nil {
		return live, err
	}
	if live.Alarms, err = s.readAlarmSpecs(ctx); err != nil {
		return live, err
	}
	live.Dashboards, err = s.readDashboards(ctx)
	return live, err
}

func (s *Session) readPolicySpecs(ctx context.Context) (map[string][]model.PolicySpec, error) {
	_, raw, err := s.describePolicies(ctx, "", "")
	if err != nil {
		return nil, err
	}
	out := map[string][]model.PolicySpec{}
	for i := range raw {
		g := sdk.ToString(raw[i].AutoScalingGroupName)
		out[g] = append(out[g], ConvertPolicySpec(&raw[i]))
	}
	return out, nil
}

// ReadAttributes fills the attributes of the target groups named, one
// call each. A target group gone since it was listed is dropped.
func (s *Session) ReadAttributes(ctx context.Context, live *model.LiveConfig, names []string) error {
	kept := live.TargetGroups[:0:0]
	for _, tg := range live.TargetGroups {
		if slices.Contains(names, tg.Name) {
			attrs, err := s.describeTargetGroupAttributes(ctx, tg.ARN)
			var he *Error
			switch {
			case errors.As(err, &he) && he.Code == "TargetGroupNotFound":
				continue
			case err != nil:
				return err
			}
			tg.Attributes = attrs
		}
		kept = append(kept, tg)
	}
	live.TargetGroups = kept
	return nil
}

// readAlarmSpecs lists every metric alarm whole, with its tags.
func (s *Session) readAlarmSpecs(ctx context.Context) ([]model.LiveAlarm, error) {
	in := &cloudwatch.DescribeAlarmsInput{MaxRecords: sdk.Int32(alarmsPageSize), AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm}}
	var out []model.LiveAlarm
	pg := cloudwatch.NewDescribeAlarmsPaginator(s.cw, in)
	for pg.HasMorePages() {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return nil, classify("cloudwatch:DescribeAlarms", err)
		}
		for i := range o.MetricAlarms {
			a := model.LiveAlarm{AlarmSpec: ConvertAlarmSpec(&o.MetricAlarms[i]), ARN: sdk.ToString(o.MetricAlarms[i].AlarmArn)}
			if !strings.HasPrefix(a.Name, model.TargetTrackingAlarmPrefix) {
				if a.Tags, err = s.alarmTags(ctx, a.ARN); err != nil {
					return nil, err
				}
			}
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (s *Session) alarmTags(ctx context.Context, arn string) (map[string]string, error) {
	o, err := s.cw.ListTagsForResource(ctx, &cloudwatch.ListTagsForResourceInput{ResourceARN: sdk.String(arn)})
	if err != nil {
		return nil, classify("cloudwatch:ListTagsForResource", err)
	}
	tags := make(map[string]string, len(o.Tags))
	for _, t := range o.Tags {
		tags[sdk.ToString(t.Key)] = sdk.ToString(t.Value)
	}
	return tags, nil
}

// readDashboards reads hoist's dashboards (named DashboardPrefix...) with
// their bodies.
func (s *Session) readDashboards(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	pg := cloudwatch.NewListDashboardsPaginator(s.cw, &cloudwatch.ListDashboardsInput{DashboardNamePrefix: sdk.String(model.DashboardPrefix)})
	for pg.HasMorePages() {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return nil, classify("cloudwatch:ListDashboards", err)
		}
		for _, d := range o.DashboardEntries {
			name := sdk.ToString(d.DashboardName)
			if !strings.HasPrefix(name, model.DashboardPrefix) {
				continue // an endpoint that ignores the prefix
			}
			g, err := s.cw.GetDashboard(ctx, &cloudwatch.GetDashboardInput{DashboardName: sdk.String(name)})
			var nf *cwtypes.ResourceNotFound
			switch {
			case errors.As(err, &nf):
				continue // deleted since it was listed
			case err != nil:
				return nil, classify("cloudwatch:GetDashboard", err)
			}
			out[name] = sdk.ToString(g.DashboardBody)
		}
	}
	return out, nil
}

// --- conversions: SDK in, model out ---

// ConvertAlarmSpec converts one metric alarm whole.
func ConvertAlarmSpec(a *cwtypes.MetricAlarm) model.AlarmSpec {
	out := model.AlarmSpec{
		Name: sdk.ToString(a.AlarmName), Description: sdk.ToString(a.AlarmDescription),
		Namespace: sdk.ToString(a.Namespace), Metric: sdk.ToString(a.MetricName),
		Statistic: string(a.Statistic), Unit: string(a.Unit),
		PeriodSeconds: int(sdk.ToInt32(a.Period)), EvaluationPeriods: int(sdk.ToInt32(a.EvaluationPeriods)),
		DatapointsToAlarm: intPtr(a.DatapointsToAlarm), Threshold: sdk.ToFloat64(a.Threshold),
		Comparison: string(a.ComparisonOperator), TreatMissingData: sdk.ToString(a.TreatMissingData),
		Channels: a.AlarmActions, OKChannels: a.OKActions, ActionsEnabled: a.ActionsEnabled,
	}
	if out.Statistic == "" {
		out.Statistic = sdk.ToString(a.ExtendedStatistic)
	}
	for _, q := range a.Metrics {
		out.Metrics = append(out.Metrics, convertQuery(q))
	}
	out.Dimensions = dimensionMap(a.Dimensions)
	return out
}

// convertQuery converts one query of a metric math alarm.
func convertQuery(q cwtypes.MetricDataQuery) model.MetricQuery {
	out := model.MetricQuery{ID: sdk.ToString(q.Id), Expression: sdk.ToString(q.Expression), Label: sdk.ToString(q.Label),
		ReturnData: sdk.ToBool(q.ReturnData)}
	if ms := q.MetricStat; ms != nil {
		out.Statistic, out.PeriodSeconds = sdk.ToString(ms.Stat), int(sdk.ToInt32(ms.Period))
		if m := ms.Metric; m != nil {
			out.Namespace, out.Metric, out.Dimensions = sdk.ToString(m.Namespace), sdk.ToString(m.MetricName), dimensionMap(m.Dimensions)
		}
	}
	return out
}

func dimensionMap(ds []cwtypes.Dimension) map[string]string {
	if len(ds) == 0 {
		return nil
	}
	out := make(map[string]string, len(ds))
	for _, d := range ds {
		out[sdk.ToString(d.Name)] = sdk.ToString(d.Value)
	}
	return out
}
