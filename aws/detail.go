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

// The reads of one group's policies screen (model.GroupDetail), asked for
// the group on screen only. Forecasts and the metric list change slowly
// and cost calls, so they are kept for a while: a screen that asks every
// few seconds makes a forecast call every forecastTTL.

// forecastTTL is how long a group's forecasts and their accuracy are
// kept: AWS updates forecasts every six hours (hoist's choice).
const forecastTTL = 15 * time.Minute

// metricListTTL is how long a group's metric list is kept (hoist's
// choice; ListMetrics lists metrics with data in the last two weeks).
const metricListTTL = 10 * time.Minute

// detailCache holds what Detail keeps between calls, per group.
type detailCache struct {
	mu        sync.Mutex
	forecasts map[string]cached[[]model.Forecast]
	metrics   map[string]cached[[]model.MetricID]
}

type cached[T any] struct {
	v  T
	at time.Time
	// key says what the value was read for (the group's predictive
	// policies): a change reads it again.
	key string
}

// cache is the session's detail cache, made on first use.
func (s *Session) cache() *detailCache {
	c := &s.detail
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.forecasts == nil {
		c.forecasts, c.metrics = map[string]cached[[]model.Forecast]{}, map[string]cached[[]model.MetricID]{}
	}
	return c
}

// getCached returns m[k] if it is younger than ttl and was read for key,
// else reads it with read and keeps it.
func getCached[T any](c *detailCache, m map[string]cached[T], k, key string, now time.Time, ttl time.Duration, read func() (T, error)) (T, error) {
	c.mu.Lock()
	e, ok := m[k]
	c.mu.Unlock()
	if ok && e.key == key && now.Sub(e.at) < ttl {
		return e.v, nil
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	m[k] = cached[T]{v: v, at: now, key: key}
	c.mu.Unlock()
	return v, nil
}

// Detail reads what the policies screen of group shows. Only the group
// itself is required: a part that fails is named in Errors and the rest
// is returned.
func (s *Session) Detail(ctx context.Context, group string) (model.GroupDetail, error) {
	g, err := s.oneGroup(ctx, group)
	if err != nil {
		return model.GroupDetail{}, err
	}
	now := s.Now()
	d := model.GroupDetail{Group: group, Read: now, Errors: map[string]string{}}
	note := func(part string, err error) bool {
		if err != nil {
			d.Errors[part] = err.Error()
		}
		return err == nil
	}
	byGroup, _, err := s.describePolicies(ctx, group, "")
	if note("policies", err) {
		d.Policies = byGroup[group]
		alarms, err := s.policyAlarms(ctx, d.Policies)
		if note("alarms", err) {
			d.Alarms = alarms
		}
	}
	d.Scheduled, err = s.groupScheduled(ctx, group, now)
	note("scheduled actions", err)
	d.Refreshes, err = s.describeRefreshes(ctx, group)
	note("refreshes", err)
	if ref := g.Launch.Ref(); ref != "" {
		d.LaunchTemplate, err = s.describeTemplate(ctx, ref)
		note("launch template", err)
	}
	d.Metrics, err = getCached(s.cache(), s.cache().metrics, group, "", now, metricListTTL, func() ([]model.MetricID, error) {
		return s.GroupMetrics(ctx, group)
	})
	note("metrics", err)
	d.Forecasts, err = s.cachedForecasts(ctx, group, d.Policies, now)
	note("forecast", err)
	if len(d.Errors) == 0 {
		d.Errors = nil
	}
	return d, nil
}

// oneGroup reads one group, or says plainly that it does not exist.
func (s *Session) oneGroup(ctx context.Context, group string) (*model.Group, error) {
	gs, err := s.Groups(ctx, false, group)
	if err != nil {
		return nil, err
	}
	return &gs[0], nil
}

// policyAlarms reads the alarms the policies name (AWS lists, per policy,
// the alarms that invoke it).
func (s *Session) policyAlarms(ctx context.Context, ps []model.Policy) ([]model.Alarm, error) {
	var names []string
	for _, p := range ps {
		for _, a := range p.Alarms {
			if !slices.Contains(names, a) {
				names = append(names, a)
			}
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	var out []model.Alarm
	for chunk := range slices.Chunk(names, alarmsPageSize) {
		as, err := s.describeAlarms(ctx, chunk...)
		if err != nil {
			return nil, err
		}
		out = append(out, as...)
	}
	return out, nil
}

// groupScheduled reads the group's scheduled actions with their runs in
// the next 24 hours.
func (s *Session) groupScheduled(ctx context.Context, group string, now time.Time) ([]model.ScheduledAction, error) {
	var out []model.ScheduledAction
	pg := autoscaling.NewDescribeScheduledActionsPaginator(s.asg, &autoscaling.DescribeScheduledActionsInput{
		AutoScalingGroupName: sdk.String(group), MaxRecords: sdk.Int32(policiesPageSize)})
	for pg.HasMorePages() {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return nil, classify("autoscaling:DescribeScheduledActions", err)
		}
		for i := range o.ScheduledUpdateGroupActions {
			if a := ConvertScheduled(&o.ScheduledUpdateGroupActions[i]); a.Group == group {
				out = append(out, a)
			}
		}
	}
	zoneCache.withUpcoming(out, now)
	return out, nil
}

// GroupMetrics lists the metrics with data in the last two weeks by the
// group's AutoScalingGroupName dimension: the custom metric picker's
// choices, and the proof a memory policy needs.
func (s *Session) GroupMetrics(ctx context.Context, group string) ([]model.MetricID, error) {
	out := []model.MetricID{}
	pg := cloudwatch.NewListMetricsPaginator(s.cw, &cloudwatch.ListMetricsInput{
		Dimensions: []cwtypes.DimensionFilter{{Name: sdk.String("AutoScalingGroupName"), Value: sdk.String(group)}}})
	for page := 0; pg.HasMorePages() && page < listMetricsPages; page++ {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return nil, classify("cloudwatch:ListMetrics", err)
		}
		for i := range o.Metrics {
			out = append(out, convertMetric(&o.Metrics[i]))
		}
	}
	return model.CustomMetricsOf(out), nil
}

// listMetricsPages bounds the metric list (500 a page): hoist's choice.
const listMetricsPages = 4

// cachedForecasts reads the forecasts of the group's predictive policies,
// kept forecastTTL; none without such a policy.
func (s *Session) cachedForecasts(ctx context.Context, group string, ps []model.Policy, now time.Time) ([]model.Forecast, error) {
	var pred []model.PolicySpec
	key := ""
	for _, p := range ps {
		if p.Spec.Predictive != nil {
			pred = append(pred, p.Spec)
			key += p.Spec.Summary() + ";"
		}
	}
	if len(pred) == 0 {
		return nil, nil
	}
	return getCached(s.cache(), s.cache().forecasts, group, key, now, forecastTTL, func() ([]model.Forecast, error) {
		var out []model.Forecast
		for _, p := range pred {
			f, err := s.Forecast(ctx, group, p, now)
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		}
		return out, nil
	})
}

// Forecast reads one predictive policy's forecast from AccuracyWindow ago
// to ForecastAhead from now, and scores its past hours against the load
// CloudWatch measured.
func (s *Session) Forecast(ctx context.Context, group string, p model.PolicySpec, now time.Time) (model.Forecast, error) {
	start := now.Truncate(time.Hour).Add(-model.AccuracyWindow)
	o, err := s.asg.GetPredictiveScalingForecast(ctx, &autoscaling.GetPredictiveScalingForecastInput{
		AutoScalingGroupName: sdk.String(group), PolicyName: sdk.String(p.Name),
		StartTime: sdk.Time(start), EndTime: sdk.Time(now.Add(model.ForecastAhead))})
	if err != nil {
		return model.Forecast{}, classify("autoscaling:GetPredictiveScalingForecast", err)
	}
	f := ConvertForecast(p, o.LoadForecast, o.CapacityForecast, o.UpdateTime)
	q, ok := model.ForecastLoadQuery(p.Predictive, group)
	if !ok {
		return f, nil
	}
	pts, err := s.querySeries(ctx, q.Spec, start, now, time.Minute)
	if err != nil {
		return f, fmt.Errorf("the load to score the forecast against: %w", err)
	}
	f.Actual = model.Hourly(pts, q.Sum, now)
	f.Accuracy = model.MAPE(f.Load, f.Actual)
	return f, nil
}

// querySeries reads one series over [start, end) at period.
func (s *Session) querySeries(ctx context.Context, sp model.MetricSpec, start, end time.Time, period time.Duration) ([]model.Point, error) {
	m, _, err := s.MetricHistory(ctx, []model.MetricSpec{sp}, start, end, period)
	return m[sp.Key], err
}

// PolicyMetricNow is the current value of the metric a target tracking
// policy follows: the mean of its last five minutes.
func (s *Session) PolicyMetricNow(ctx context.Context, spec model.PolicySpec, group string) (float64, bool) {
	sp, ok := model.PolicyMetric(spec, group)
	if !ok {
		return 0, false
	}
	now := s.Now().Truncate(time.Minute)
	pts, err := s.querySeries(ctx, sp, now.Add(-5*time.Minute), now, time.Minute)
	if err != nil || len(pts) == 0 {
		return 0, false
	}
	var sum float64
	for _, p := range pts {
		sum += p.V
	}
	return sum / float64(len(pts)), true
}

// PolicyAlarms reads the alarms the policies name.
func (s *Session) PolicyAlarms(ctx context.Context, ps []model.Policy) ([]model.Alarm, error) {
	return s.policyAlarms(ctx, ps)
}
