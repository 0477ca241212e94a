package model

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// This file is scaling configuration as data: what a configuration file
// declares (package model/spec parses and plans it) and what the adapter
// reads back from AWS, in one shape so that the two compare field by field.
// The yaml names are the file format's; docs/schema holds its JSON Schema.
// Durations are whole seconds, as AWS takes them, in fields named
// *_seconds.

// GroupSettings are the group fields a file may set. A nil field (or nil
// list) is not managed: a plan leaves it as it is.
type GroupSettings struct {
	Min     *int `yaml:"min,omitempty"`
	Max     *int `yaml:"max,omitempty"`
	Desired *int `yaml:"desired,omitempty"`

	HealthCheckType         *string `yaml:"health_check_type,omitempty"`
	HealthCheckGraceSeconds *int    `yaml:"health_check_grace_seconds,omitempty"`
	DefaultCooldownSeconds  *int    `yaml:"default_cooldown_seconds,omitempty"`
	TerminationPolicies     Names   `yaml:"termination_policies,omitempty"`

	// SuspendedProcesses is the exact set of suspended processes ([] for
	// none); Suspend only adds to whatever is suspended, for presets.
	SuspendedProcesses Names `yaml:"suspended_processes,omitempty"`
	Suspend            Names `yaml:"suspend,omitempty"`
}

// Names is a list of names in a file where an empty list means something:
// `suspended_processes: []` is "none suspended", while a list left out
// (nil) is not managed.
type Names []string

// IsZero keeps an empty list in a file written by export.
func (n Names) IsZero() bool { return n == nil }

// PolicySpec is a whole scaling policy, as PutScalingPolicy takes it:
// exactly one of TargetTracking, Step, Simple and Predictive is set.
type PolicySpec struct {
	Name string `yaml:"name" json:"name"`
	// Enabled defaults to true.
	Enabled *bool `yaml:"enabled,omitempty" json:"enabled,omitempty"`
	// WarmupSeconds is EstimatedInstanceWarmup (target tracking and step).
	WarmupSeconds *int `yaml:"warmup_seconds,omitempty" json:"warmup_seconds,omitempty"`

	TargetTracking *TargetTrackingSpec `yaml:"target_tracking,omitempty" json:"target_tracking,omitempty"`
	Step           *StepSpec           `yaml:"step,omitempty" json:"step,omitempty"`
	Simple         *SimpleSpec         `yaml:"simple,omitempty" json:"simple,omitempty"`
	Predictive     *PredictiveSpec     `yaml:"predictive,omitempty" json:"predictive,omitempty"`

	// Absent asks for the policy to be deleted.
	Absent bool `yaml:"absent,omitempty" json:"absent,omitempty"`

	// Opaque says why the spec does not hold the whole policy AWS has
	// (metric math, customized predictive metrics): such a policy is shown
	// but never re-sent from its spec. "" for a complete spec.
	Opaque string `yaml:"-" json:"opaque,omitempty"`
}

// Type is the policy type AWS names.
func (p PolicySpec) Type() string {
	switch {
	case p.TargetTracking != nil:
		return PolicyTargetTracking
	case p.Step != nil:
		return PolicyStep
	case p.Simple != nil:
		return PolicySimple
	case p.Predictive != nil:
		return PolicyPredictive
	}
	return ""
}

// Predefined target tracking metrics and predictive metric pairs.
const (
	MetricALBRequestCountPerTarget = "ALBRequestCountPerTarget"
	MetricPairALBRequestCount      = "ALBRequestCount"
)

// TargetTrackingSpec is a target tracking configuration: a predefined
// Metric or a Custom one.
type TargetTrackingSpec struct {
	// Metric is ASGAverageCPUUtilization, ASGAverageNetworkIn,
	// ASGAverageNetworkOut or ALBRequestCountPerTarget.
	Metric string `yaml:"metric,omitempty" json:"metric,omitempty"`
	// TargetGroup names the target group whose requests per target are
	// tracked (ALBRequestCountPerTarget); hoist builds the resource label
	// from it. It may be left out when the group has one target group.
	TargetGroup string        `yaml:"target_group,omitempty" json:"target_group,omitempty"`
	Custom      *CustomMetric `yaml:"custom,omitempty" json:"custom,omitempty"`

	Target         float64 `yaml:"target" json:"target"`
	DisableScaleIn bool    `yaml:"disable_scale_in,omitempty" json:"disable_scale_in,omitempty"`

	// ResourceLabel is the label AWS holds, resolved from TargetGroup.
	ResourceLabel string `yaml:"-" json:"resource_label,omitempty"`
}

// CustomMetric is a CloudWatch metric a target tracking policy follows,
// such as the CloudWatch agent's memory (CWAgent mem_used_percent by
// AutoScalingGroupName).
type CustomMetric struct {
	Namespace  string            `yaml:"namespace" json:"namespace"`
	Metric     string            `yaml:"metric" json:"metric"`
	Dimensions map[string]string `yaml:"dimensions,omitempty" json:"dimensions,omitempty"`
	Statistic  string            `yaml:"statistic" json:"statistic"`
	Unit       string            `yaml:"unit,omitempty" json:"unit,omitempty"`
}

// StepSpec is a step scaling policy; bounds are relative to the threshold
// of the alarm that runs it.
type StepSpec struct {
	AdjustmentType         string           `yaml:"adjustment_type" json:"adjustment_type"`
	MinAdjustmentMagnitude *int             `yaml:"min_adjustment_magnitude,omitempty" json:"min_adjustment_magnitude,omitempty"`
	MetricAggregation      string           `yaml:"metric_aggregation,omitempty" json:"metric_aggregation,omitempty"` // Average when unset
	Steps                  []StepAdjustment `yaml:"steps" json:"steps"`
}

// SimpleSpec is a simple scaling policy.
type SimpleSpec struct {
	AdjustmentType         string `yaml:"adjustment_type" json:"adjustment_type"`
	Adjustment             int    `yaml:"adjustment" json:"adjustment"`
	CooldownSeconds        *int   `yaml:"cooldown_seconds,omitempty" json:"cooldown_seconds,omitempty"`
	MinAdjustmentMagnitude *int   `yaml:"min_adjustment_magnitude,omitempty" json:"min_adjustment_magnitude,omitempty"`
}

// PredictiveSpec is a predictive scaling policy on a predefined metric
// pair, or on a predefined scaling metric and load metric.
type PredictiveSpec struct {
	Mode   string `yaml:"mode,omitempty" json:"mode,omitempty"`     // ForecastOnly (default) or ForecastAndScale
	Metric string `yaml:"metric,omitempty" json:"metric,omitempty"` // ASGCPUUtilization, ASGNetworkIn, ASGNetworkOut, ALBRequestCount
	// ScalingMetric (a target tracking metric) and LoadMetric
	// (ASGTotalCPUUtilization, ASGTotalNetworkIn, ASGTotalNetworkOut or
	// ALBTargetGroupRequestCount) stand instead of a pair.
	ScalingMetric string `yaml:"scaling_metric,omitempty" json:"scaling_metric,omitempty"`
	LoadMetric    string `yaml:"load_metric,omitempty" json:"load_metric,omitempty"`
	// TargetGroup names the target group of an ALB metric.
	TargetGroup             string  `yaml:"target_group,omitempty" json:"target_group,omitempty"`
	Target                  float64 `yaml:"target" json:"target"`
	SchedulingBufferSeconds *int    `yaml:"scheduling_buffer_seconds,omitempty" json:"scheduling_buffer_seconds,omitempty"`
	MaxCapacityBreach       string  `yaml:"max_capacity_breach,omitempty" json:"max_capacity_breach,omitempty"` // HonorMaxCapacity (default) or IncreaseMaxCapacity
	MaxCapacityBuffer       *int    `yaml:"max_capacity_buffer,omitempty" json:"max_capacity_buffer,omitempty"`

	ResourceLabel string `yaml:"-" json:"resource_label,omitempty"`
}

// ScheduleSpec is a scheduled action: one-off (Start) or recurring (a
// cron Recurrence in TimeZone, UTC when unset).
type ScheduleSpec struct {
	Name       string `yaml:"name" json:"name"`
	Recurrence string `yaml:"recurrence,omitempty" json:"recurrence,omitempty"`
	TimeZone   string `yaml:"time_zone,omitempty" json:"time_zone,omitempty"`
	// Start and End are RFC 3339 times. For a recurring action AWS reports
	// the next run as its start, so a plan compares Start only when the
	// file sets it.
	Start   string `yaml:"start,omitempty" json:"start,omitempty"`
	End     string `yaml:"end,omitempty" json:"end,omitempty"`
	Min     *int   `yaml:"min,omitempty" json:"min,omitempty"`
	Max     *int   `yaml:"max,omitempty" json:"max,omitempty"`
	Desired *int   `yaml:"desired,omitempty" json:"desired,omitempty"`

	Absent bool `yaml:"absent,omitempty" json:"absent,omitempty"`
}

// HealthCheckSpec is a target group's health check; nil fields are not
// managed.
type HealthCheckSpec struct {
	Protocol           *string `yaml:"protocol,omitempty"`
	Path               *string `yaml:"path,omitempty"`
	Port               *string `yaml:"port,omitempty"` // "traffic-port" or a port number
	IntervalSeconds    *int    `yaml:"interval_seconds,omitempty"`
	TimeoutSeconds     *int    `yaml:"timeout_seconds,omitempty"`
	HealthyThreshold   *int    `yaml:"healthy_threshold,omitempty"`
	UnhealthyThreshold *int    `yaml:"unhealthy_threshold,omitempty"`
	Matcher            *string `yaml:"matcher,omitempty"` // HTTP codes: "200", "200-299", "200,302"
}

// HealthCheckSpecOf is h with every field set, as export writes it.
func HealthCheckSpecOf(h HealthCheck) HealthCheckSpec {
	s := HealthCheckSpec{Protocol: specPtr(h.Protocol), Port: specPtr(h.Port),
		IntervalSeconds: specPtr(int(h.Interval / time.Second)), TimeoutSeconds: specPtr(int(h.Timeout / time.Second)),
		HealthyThreshold: specPtr(h.HealthyThreshold), UnhealthyThreshold: specPtr(h.UnhealthyThreshold)}
	if HTTPHealthCheck(h) {
		s.Path, s.Matcher = specPtr(h.Path), specPtr(h.Matcher)
	}
	return s
}

// Over is h with the fields s sets replaced.
func (s HealthCheckSpec) Over(h HealthCheck) HealthCheck {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	setInt := func(dst *int, v *int) {
		if v != nil {
			*dst = *v
		}
	}
	setDur := func(dst *time.Duration, v *int) {
		if v != nil {
			*dst = time.Duration(*v) * time.Second
		}
	}
	set(&h.Protocol, s.Protocol)
	set(&h.Path, s.Path)
	set(&h.Port, s.Port)
	set(&h.Matcher, s.Matcher)
	setDur(&h.Interval, s.IntervalSeconds)
	setDur(&h.Timeout, s.TimeoutSeconds)
	setInt(&h.HealthyThreshold, s.HealthyThreshold)
	setInt(&h.UnhealthyThreshold, s.UnhealthyThreshold)
	return h
}

// AlarmSpec is a CloudWatch metric alarm, as PutMetricAlarm takes it: on
// one metric (Namespace, Metric, Dimensions, Statistic, PeriodSeconds) or
// on metric math (Metrics, where one metric does not say it, such as
// desired minus max). Its channels are SNS topic ARNs, notified when it
// goes to ALARM (Channels) and back to OK (OKChannels).
type AlarmSpec struct {
	Name        string            `yaml:"name"`
	Description string            `yaml:"description,omitempty"`
	Namespace   string            `yaml:"namespace,omitempty"`
	Metric      string            `yaml:"metric,omitempty"`
	Dimensions  map[string]string `yaml:"dimensions,omitempty"`
	// Statistic is Average, Sum, Minimum, Maximum, SampleCount or a
	// percentile such as p99.
	Statistic     string `yaml:"statistic,omitempty"`
	Unit          string `yaml:"unit,omitempty"`
	PeriodSeconds int    `yaml:"period_seconds,omitempty"`
	// Metrics are the queries of a metric math alarm; exactly one returns
	// the series the alarm watches.
	Metrics           []MetricQuery `yaml:"metrics,omitempty"`
	EvaluationPeriods int           `yaml:"evaluation_periods"`
	DatapointsToAlarm *int          `yaml:"datapoints_to_alarm,omitempty"` // EvaluationPeriods when unset
	Threshold         float64       `yaml:"threshold"`
	Comparison        string        `yaml:"comparison"`
	TreatMissingData  string        `yaml:"treat_missing_data,omitempty"` // missing when unset
	Channels          []string      `yaml:"channels,omitempty"`
	OKChannels        []string      `yaml:"ok_channels,omitempty"`
	ActionsEnabled    *bool         `yaml:"actions_enabled,omitempty"` // true when unset

	Absent bool `yaml:"absent,omitempty"`
}

// MetricQuery is one query of a metric math alarm: a metric (Namespace,
// Metric, Dimensions, Statistic, PeriodSeconds) or an Expression over the
// others' ids ("m1 - m2").
type MetricQuery struct {
	ID            string            `yaml:"id"`
	Expression    string            `yaml:"expression,omitempty"`
	Namespace     string            `yaml:"namespace,omitempty"`
	Metric        string            `yaml:"metric,omitempty"`
	Dimensions    map[string]string `yaml:"dimensions,omitempty"`
	Statistic     string            `yaml:"statistic,omitempty"`
	PeriodSeconds int               `yaml:"period_seconds,omitempty"`
	Label         string            `yaml:"label,omitempty"`
	// ReturnData marks the one query whose series the alarm watches.
	ReturnData bool `yaml:"return_data,omitempty"`
}

// ManagedTag is the tag hoist puts on every alarm it creates. A plan
// deletes only alarms that carry it.
const ManagedTag = "hoist:managed"

// DashboardPrefix starts the name of every dashboard hoist writes; a plan
// deletes no other dashboard.
const DashboardPrefix = "hoist-"

// DashboardSpec asks for hoist's dashboard of one tier: the console's
// charts for the tier's groups, built by hoist.
type DashboardSpec struct {
	Tier string `yaml:"tier"`
	// Name defaults to DashboardPrefix + tier.
	Name   string `yaml:"name,omitempty"`
	Absent bool   `yaml:"absent,omitempty"`
}

// DashboardName is the dashboard's name, its default filled in.
func (d DashboardSpec) DashboardName() string {
	if d.Name != "" {
		return d.Name
	}
	return DashboardPrefix + d.Tier
}

// --- normal forms: AWS's defaults filled in, so equal means equal ---

func specPtr[T any](v T) *T { return &v }

// Normal returns p with AWS's defaults filled in and the resolved resource
// label standing for the target group name, so that a policy read from
// AWS and one read from a file compare equal when AWS would hold the same.
func (p PolicySpec) Normal() PolicySpec {
	if p.Enabled == nil {
		p.Enabled = specPtr(true)
	}
	if t := p.TargetTracking; t != nil {
		c := *t
		if c.Custom != nil {
			cm := *c.Custom
			cm.Dimensions = maps.Clone(cm.Dimensions)
			c.Custom = &cm
		}
		p.TargetTracking = &c
	}
	if s := p.Step; s != nil {
		c := *s
		if c.MetricAggregation == "" {
			c.MetricAggregation = "Average"
		}
		c.Steps = slices.Clone(c.Steps)
		p.Step = &c
	}
	if s := p.Predictive; s != nil {
		c := *s
		if c.Mode == "" {
			c.Mode = "ForecastOnly"
		}
		if c.MaxCapacityBreach == "" {
			c.MaxCapacityBreach = "HonorMaxCapacity"
		}
		if c.SchedulingBufferSeconds == nil {
			c.SchedulingBufferSeconds = specPtr(DefaultSchedulingBuffer)
		}
		p.Predictive = &c
	}
	return p
}

// DefaultSchedulingBuffer is the scheduling buffer AWS gives a predictive
// policy that names none, in seconds.
const DefaultSchedulingBuffer = 300

// Normal returns a with AWS's defaults filled in: the time zone of a
// recurring action is UTC when unset.
func (a ScheduleSpec) Normal() ScheduleSpec {
	if a.Recurrence != "" && a.TimeZone == "" {
		a.TimeZone = "UTC"
	}
	return a
}

// Normal returns a with AWS's defaults filled in.
func (a AlarmSpec) Normal() AlarmSpec {
	if a.DatapointsToAlarm == nil {
		a.DatapointsToAlarm = specPtr(a.EvaluationPeriods)
	}
	if a.TreatMissingData == "" {
		a.TreatMissingData = "missing"
	}
	if a.ActionsEnabled == nil {
		a.ActionsEnabled = specPtr(true)
	}
	a.Dimensions = maps.Clone(a.Dimensions)
	if a.Metrics != nil {
		qs := make([]MetricQuery, len(a.Metrics))
		for i, q := range a.Metrics {
			q.Dimensions = maps.Clone(q.Dimensions)
			qs[i] = q
		}
		a.Metrics = qs
	}
	a.Channels = sortedCopy(a.Channels)
	a.OKChannels = sortedCopy(a.OKChannels)
	return a
}

func sortedCopy(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// ResourceLabelOf builds the resource label of a target group behind a
// load balancer, as ALBRequestCountPerTarget and ALBRequestCount take it:
// "app/<lb>/<id>/targetgroup/<tg>/<id>", from their ARNs.
func ResourceLabelOf(lbARN, tgARN string) string {
	lb, tg := ARNDimension(lbARN), ARNDimension(tgARN)
	if lb == "" || tg == "" {
		return ""
	}
	return lb + "/" + tg
}

// ARNDimension is the CloudWatch dimension value of a load balancer or
// target group ARN: "app/<name>/<id>", "net/<name>/<id>" or
// "targetgroup/<name>/<id>".
func ARNDimension(arn string) string {
	_, rest, ok := strings.Cut(arn, ":loadbalancer/")
	if ok {
		return rest
	}
	if i := strings.Index(arn, ":targetgroup/"); i >= 0 {
		return arn[i+1:]
	}
	return ""
}

// ScheduleSpecOf is a scheduled action as a file writes it.
func ScheduleSpecOf(a ScheduledAction) ScheduleSpec {
	s := ScheduleSpec{Name: a.Name, Recurrence: a.Recurrence, TimeZone: a.TimeZone, Min: a.Min, Max: a.Max, Desired: a.Desired}
	if !a.Start.IsZero() {
		s.Start = a.Start.UTC().Format(time.RFC3339)
	}
	if !a.End.IsZero() {
		s.End = a.End.UTC().Format(time.RFC3339)
	}
	return s
}
