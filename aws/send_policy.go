package aws

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/solemate/hoist/model"
)

// The re-reads and sends of whole policies, the alarms that invoke them,
// and scheduled actions: one call each, never retried.

func (s *Session) putPolicy(ctx context.Context, a model.PutPolicy, _ fresh, _ string) (string, error) {
	o, err := s.asg.PutScalingPolicy(ctx, PolicySpecInput(a.Group, a.To), once)
	if err != nil {
		return "", classify("autoscaling:PutScalingPolicy", err)
	}
	return requestID(o.ResultMetadata), nil
}

// readAlarmWhole reads one metric alarm, converted and whole: attaching a
// policy re-sends every field of it.
func (s *Session) readAlarmWhole(ctx context.Context, ref model.Ref) (fresh, error) {
	m, err := s.describeAlarm(ctx, ref.Name)
	if err != nil || m == nil {
		return fresh{}, err
	}
	a := ConvertAlarm(m)
	return fresh{cur: model.Current{Alarm: &a}, alarm: m}, nil
}

// AlarmWithAction is the PutMetricAlarm request that re-creates alarm a as
// AWS holds it with action added to its ALARM actions. Tags are left out:
// PutMetricAlarm applies them on creation only.
func AlarmWithAction(a *cwtypes.MetricAlarm, action string) *cloudwatch.PutMetricAlarmInput {
	in := &cloudwatch.PutMetricAlarmInput{
		AlarmName: a.AlarmName, AlarmDescription: a.AlarmDescription, ActionsEnabled: a.ActionsEnabled,
		AlarmActions: slices.Clone(a.AlarmActions), OKActions: a.OKActions, InsufficientDataActions: a.InsufficientDataActions,
		ComparisonOperator: a.ComparisonOperator, DatapointsToAlarm: a.DatapointsToAlarm, Dimensions: a.Dimensions,
		EvaluateLowSampleCountPercentile: a.EvaluateLowSampleCountPercentile, EvaluationPeriods: a.EvaluationPeriods,
		ExtendedStatistic: a.ExtendedStatistic, MetricName: a.MetricName, Metrics: a.Metrics, Namespace: a.Namespace,
		Period: a.Period, Statistic: a.Statistic, Threshold: a.Threshold, ThresholdMetricId: a.ThresholdMetricId,
		TreatMissingData: a.TreatMissingData, Unit: a.Unit,
	}
	if !slices.Contains(in.AlarmActions, action) {
		in.AlarmActions = append(in.AlarmActions, action)
	}
	return in
}

// NewAlarmInput is the PutMetricAlarm request that creates alarm name on
// n's metric, invoking the policy action.
func NewAlarmInput(name string, n model.Alarm, action string) *cloudwatch.PutMetricAlarmInput {
	in := &cloudwatch.PutMetricAlarmInput{
		AlarmName: sdk.String(name), Namespace: sdk.String(n.Namespace), MetricName: sdk.String(n.Metric),
		Statistic: cwtypes.Statistic(n.Statistic), Threshold: sdk.Float64(n.Threshold),
		ComparisonOperator: cwtypes.ComparisonOperator(n.Comparison), Period: sdk.Int32(int32(n.Period / time.Second)),
		EvaluationPeriods: sdk.Int32(int32(n.Evaluations)), AlarmActions: []string{action},
		AlarmDescription: sdk.String("Created by hoist to run scaling policy " + action + "."),
	}
	for _, d := range n.Dimensions {
		in.Dimensions = append(in.Dimensions, cwtypes.Dimension{Name: sdk.String(d.Name), Value: sdk.String(d.Value)})
	}
	return in
}

func (s *Session) attachAlarm(ctx context.Context, a model.AttachAlarm, f fresh, _ string) (string, error) {
	var in *cloudwatch.PutMetricAlarmInput
	switch {
	case a.From == nil:
		in = NewAlarmInput(a.Alarm, *a.New, a.PolicyARN)
	case f.alarm == nil:
		return "", &model.ValidationError{Msg: fmt.Sprintf("alarm %q no longer exists", a.Alarm)}
	case f.alarm.ThresholdMetricId != nil:
		return "", &model.ValidationError{Msg: fmt.Sprintf("alarm %s is an anomaly detection alarm, which cannot run a scaling policy", a.Alarm)}
	default:
		in = AlarmWithAction(f.alarm, a.PolicyARN)
	}
	o, err := s.cw.PutMetricAlarm(ctx, in, cwOnce)
	if err != nil {
		return "", classify("cloudwatch:PutMetricAlarm", err)
	}
	return requestID(o.ResultMetadata), nil
}

// readScheduled reads the group and the one scheduled action; the group's
// Scheduled hold it when it exists.
func (s *Session) readScheduled(ctx context.Context, ref model.Ref) (fresh, error) {
	f, err := s.readGroup(ctx, ref)
	if err != nil || f.cur.Group == nil {
		return f, err
	}
	o, err := s.asg.DescribeScheduledActions(ctx, &autoscaling.DescribeScheduledActionsInput{
		AutoScalingGroupName: sdk.String(ref.Group), ScheduledActionNames: []string{ref.Name}})
	if err != nil {
		return fresh{}, classify("autoscaling:DescribeScheduledActions", err)
	}
	for i := range o.ScheduledUpdateGroupActions {
		a := ConvertScheduled(&o.ScheduledUpdateGroupActions[i])
		if a.Group == ref.Group && a.Name == ref.Name { // some emulators ignore the filters
			f.cur.Group.Scheduled = append(f.cur.Group.Scheduled, a)
		}
	}
	return f, nil
}

// ScheduledInput is the PutScheduledUpdateGroupAction request for spec.
func ScheduledInput(group string, spec model.ScheduleSpec) *autoscaling.PutScheduledUpdateGroupActionInput {
	in := &autoscaling.PutScheduledUpdateGroupActionInput{
		AutoScalingGroupName: sdk.String(group), ScheduledActionName: sdk.String(spec.Name),
		MinSize: int32Ptr(spec.Min), MaxSize: int32Ptr(spec.Max), DesiredCapacity: int32Ptr(spec.Desired),
	}
	if spec.Recurrence != "" {
		in.Recurrence = sdk.String(spec.Recurrence)
		if spec.TimeZone != "" {
			in.TimeZone = sdk.String(spec.TimeZone)
		}
	}
	for _, t := range []struct {
		v   string
		dst **time.Time
	}{{spec.Start, &in.StartTime}, {spec.End, &in.EndTime}} {
		if v, err := time.Parse(time.RFC3339, t.v); err == nil {
			*t.dst = sdk.Time(v.UTC())
		}
	}
	return in
}

func (s *Session) putScheduled(ctx context.Context, a model.PutScheduled, _ fresh, _ string) (string, error) {
	o, err := s.asg.PutScheduledUpdateGroupAction(ctx, ScheduledInput(a.Group, a.To), once)
	if err != nil {
		return "", classify("autoscaling:PutScheduledUpdateGroupAction", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) deleteScheduled(ctx context.Context, a model.DeleteScheduled, _ fresh, _ string) (string, error) {
	o, err := s.asg.DeleteScheduledAction(ctx, &autoscaling.DeleteScheduledActionInput{
		AutoScalingGroupName: sdk.String(a.Group), ScheduledActionName: sdk.String(a.From.Name)}, once)
	if err != nil {
		return "", classify("autoscaling:DeleteScheduledAction", err)
	}
	return requestID(o.ResultMetadata), nil
}

// zones caches the time zones scheduled actions name: loading one reads
// the zone database. A zone Go does not know is remembered as nil.
type zones struct {
	mu sync.Mutex
	m  map[string]*time.Location
}

// zoneCache is the process's: zones do not change while it runs.
var zoneCache = &zones{}

// Zone looks up a time zone by its IANA name ("" and "UTC" are UTC).
func Zone(name string) (*time.Location, error) {
	if name == "" || name == "UTC" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, &model.ValidationError{Field: "time_zone",
			Msg: fmt.Sprintf("time zone %q is not one hoist knows: use an IANA name such as Europe/London or America/New_York", name)}
	}
	return loc, nil
}

func (z *zones) get(name string) *time.Location {
	z.mu.Lock()
	defer z.mu.Unlock()
	if loc, ok := z.m[name]; ok {
		return loc
	}
	loc, err := Zone(name)
	if err != nil {
		loc = nil
	}
	if z.m == nil {
		z.m = map[string]*time.Location{}
	}
	z.m[name] = loc
	return loc
}

// withUpcoming fills each action's runs in the next 24 hours from now.
func (z *zones) withUpcoming(as []model.ScheduledAction, now time.Time) {
	for i := range as {
		loc := z.get(as[i].TimeZone)
		if loc == nil && as[i].Recurrence != "" {
			continue
		}
		as[i].Upcoming = model.UpcomingRuns(as[i], loc, now, now.Add(24*time.Hour))
	}
}

// Alarm reads one metric alarm; nil when there is none of that name.
func (s *Session) Alarm(ctx context.Context, name string) (*model.Alarm, error) {
	f, err := s.readAlarmWhole(ctx, model.Ref{Name: name})
	return f.cur.Alarm, err
}

// Fronts reads the account's load balancers and target groups: what a
// request-count policy's target group is picked from.
func (s *Session) Fronts(ctx context.Context) ([]model.LoadBalancer, []model.TargetGroup, error) {
	return s.describeLoadBalancers(ctx)
}

// Scheduled reads the group's scheduled actions with their runs in the
// next 24 hours.
func (s *Session) Scheduled(ctx context.Context, group string) ([]model.ScheduledAction, error) {
	return s.groupScheduled(ctx, group, s.Now())
}
