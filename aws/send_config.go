package aws

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/solemate/hoist/model"
)

// The readers and sends of what configuration files manage beyond
// capacity and policies: a group's settings, alarms and hoist's
// dashboards. One call each, never retried (once, cwOnce).

// --- readers ---

// readAlarmConfig re-reads one metric alarm whole, with its tags (the
// managed tag decides whether hoist may delete it).
func (s *Session) readAlarmConfig(ctx context.Context, ref model.Ref) (fresh, error) {
	m, err := s.describeAlarm(ctx, ref.Name)
	if err != nil || m == nil {
		return fresh{}, err
	}
	a := model.LiveAlarm{AlarmSpec: ConvertAlarmSpec(m), ARN: sdk.ToString(m.AlarmArn)}
	if a.Tags, err = s.alarmTags(ctx, a.ARN); err != nil {
		return fresh{}, err
	}
	return fresh{cur: model.Current{AlarmConfig: &a}}, nil
}

// describeAlarm reads one metric alarm as AWS has it, nil when there is
// none of that name.
func (s *Session) describeAlarm(ctx context.Context, name string) (*cwtypes.MetricAlarm, error) {
	o, err := s.cw.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{name},
		AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm}})
	if err != nil {
		return nil, classify("cloudwatch:DescribeAlarms", err)
	}
	for i := range o.MetricAlarms {
		if sdk.ToString(o.MetricAlarms[i].AlarmName) == name { // an endpoint may ignore the filter
			return &o.MetricAlarms[i], nil
		}
	}
	return nil, nil
}

// readDashboard re-reads one dashboard's body; a dashboard that does not
// exist leaves Current.Dashboard nil.
func (s *Session) readDashboard(ctx context.Context, ref model.Ref) (fresh, error) {
	o, err := s.cw.GetDashboard(ctx, &cloudwatch.GetDashboardInput{DashboardName: sdk.String(ref.Name)})
	var nf *cwtypes.ResourceNotFound
	var he *Error
	switch err = classify("cloudwatch:GetDashboard", err); {
	case errors.As(err, &nf), errors.As(err, &he) && he.Code == "ResourceNotFound":
		return fresh{}, nil
	case err != nil:
		return fresh{}, err
	}
	body := sdk.ToString(o.DashboardBody)
	return fresh{cur: model.Current{Dashboard: &body}}, nil
}

// --- sends ---

// setGroupSettings sends only the fields the action sets.
func (s *Session) setGroupSettings(ctx context.Context, a model.SetGroupSettings, _ fresh, _ string) (string, error) {
	in := &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: sdk.String(a.Group),
		HealthCheckType: a.To.HealthCheckType, TerminationPolicies: a.To.TerminationPolicies}
	if v := a.To.HealthCheckGraceSeconds; v != nil {
		in.HealthCheckGracePeriod = sdk.Int32(int32(*v))
	}
	if v := a.To.DefaultCooldownSeconds; v != nil {
		in.DefaultCooldown = sdk.Int32(int32(*v))
	}
	o, err := s.asg.UpdateAutoScalingGroup(ctx, in, once)
	if err != nil {
		return "", classify("autoscaling:UpdateAutoScalingGroup", err)
	}
	return requestID(o.ResultMetadata), nil
}

// ManagedTags are the tags hoist puts on an alarm it creates.
func ManagedTags() []cwtypes.Tag {
	return []cwtypes.Tag{{Key: sdk.String(model.ManagedTag), Value: sdk.String("true")}}
}

// AlarmInput is the PutMetricAlarm request for an alarm spec: on one
// metric, or on metric math. Tags apply only when the call creates the
// alarm (AWS ignores them on an update).
func AlarmInput(a model.AlarmSpec, tags []cwtypes.Tag) *cloudwatch.PutMetricAlarmInput {
	a = a.Normal()
	in := &cloudwatch.PutMetricAlarmInput{
		AlarmName: sdk.String(a.Name), EvaluationPeriods: sdk.Int32(int32(a.EvaluationPeriods)),
		DatapointsToAlarm: sdk.Int32(int32(*a.DatapointsToAlarm)), Threshold: sdk.Float64(a.Threshold),
		ComparisonOperator: cwtypes.ComparisonOperator(a.Comparison), TreatMissingData: sdk.String(a.TreatMissingData),
		AlarmActions: a.Channels, OKActions: a.OKChannels, ActionsEnabled: a.ActionsEnabled, Tags: tags,
	}
	if a.Description != "" {
		in.AlarmDescription = sdk.String(a.Description)
	}
	if len(a.Metrics) > 0 {
		for _, q := range a.Metrics {
			in.Metrics = append(in.Metrics, queryInput(q))
		}
		return in
	}
	in.Namespace, in.MetricName, in.Dimensions = sdk.String(a.Namespace), sdk.String(a.Metric), dimensions(a.Dimensions)
	in.Period, in.Unit = sdk.Int32(int32(a.PeriodSeconds)), cwtypes.StandardUnit(a.Unit)
	if model.IsPercentile(a.Statistic) {
		in.ExtendedStatistic = sdk.String(a.Statistic)
	} else {
		in.Statistic = cwtypes.Statistic(a.Statistic)
	}
	return in
}

func queryInput(q model.MetricQuery) cwtypes.MetricDataQuery {
	out := cwtypes.MetricDataQuery{Id: sdk.String(q.ID), ReturnData: sdk.Bool(q.ReturnData)}
	if q.Label != "" {
		out.Label = sdk.String(q.Label)
	}
	if q.Expression != "" {
		out.Expression = sdk.String(q.Expression)
		return out
	}
	out.MetricStat = &cwtypes.MetricStat{
		Metric: &cwtypes.Metric{Namespace: sdk.String(q.Namespace), MetricName: sdk.String(q.Metric), Dimensions: dimensions(q.Dimensions)},
		Period: sdk.Int32(int32(q.PeriodSeconds)), Stat: sdk.String(q.Statistic),
	}
	return out
}

func dimensions(m map[string]string) []cwtypes.Dimension {
	var out []cwtypes.Dimension
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, cwtypes.Dimension{Name: sdk.String(k), Value: sdk.String(m[k])})
	}
	return out
}

func (s *Session) putAlarm(ctx context.Context, a model.PutAlarm, _ fresh, _ string) (string, error) {
	var tags []cwtypes.Tag
	if a.From == nil {
		tags = ManagedTags()
	}
	o, err := s.cw.PutMetricAlarm(ctx, AlarmInput(a.To, tags), cwOnce)
	if err != nil {
		return "", classify("cloudwatch:PutMetricAlarm", err)
	}
	return requestID(o.ResultMetadata), nil
}

// tagAlarm tags the alarm as re-read: its ARN is AWS's, not built.
func (s *Session) tagAlarm(ctx context.Context, _ model.TagAlarm, f fresh, _ string) (string, error) {
	o, err := s.cw.TagResource(ctx, &cloudwatch.TagResourceInput{ResourceARN: sdk.String(f.cur.AlarmConfig.ARN), Tags: ManagedTags()}, cwOnce)
	if err != nil {
		return "", classify("cloudwatch:TagResource", err)
	}
	return requestID(o.ResultMetadata), nil
}

// deleteAlarm deletes one alarm. The re-read found it carrying the
// managed tag (model.DeleteAlarm's check); this refuses again on what was
// read, so no path reaches DeleteAlarms with an alarm that lacks it.
func (s *Session) deleteAlarm(ctx context.Context, a model.DeleteAlarm, f fresh, _ string) (string, error) {
	if c := f.cur.AlarmConfig; c == nil || c.Name != a.From.Name || !c.Managed() {
		return "", fmt.Errorf("alarm %s was not read as one hoist manages: nothing was sent", a.From.Name)
	}
	o, err := s.cw.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{a.From.Name}}, cwOnce)
	if err != nil {
		return "", classify("cloudwatch:DeleteAlarms", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) putDashboard(ctx context.Context, a model.PutDashboard, _ fresh, _ string) (string, error) {
	o, err := s.cw.PutDashboard(ctx, &cloudwatch.PutDashboardInput{DashboardName: sdk.String(a.Name), DashboardBody: sdk.String(a.To)}, cwOnce)
	if err != nil {
		return "", classify("cloudwatch:PutDashboard", err)
	}
	if len(o.DashboardValidationMessages) > 0 {
		m := o.DashboardValidationMessages[0]
		s.log.Warn("dashboard written with warnings", "dashboard", a.Name, "path", sdk.ToString(m.DataPath), "message", sdk.ToString(m.Message))
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) deleteDashboard(ctx context.Context, a model.DeleteDashboard, _ fresh, _ string) (string, error) {
	o, err := s.cw.DeleteDashboards(ctx, &cloudwatch.DeleteDashboardsInput{DashboardNames: []string{a.Name}}, cwOnce)
	if err != nil {
		return "", classify("cloudwatch:DeleteDashboards", err)
	}
	return requestID(o.ResultMetadata), nil
}
