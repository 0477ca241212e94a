package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// What the policies of spec.go say and do: their fields as a change
// shows them, a one-line summary, and the metrics they name.

// IsEnabled reports whether the policy is enabled (the default).
func (p PolicySpec) IsEnabled() bool { return p.Enabled == nil || *p.Enabled }

// Predefined target tracking metrics, and the predictive load metric of
// a target group's requests (spec.go has the request-count ones).
const (
	MetricASGCPU              = "ASGAverageCPUUtilization"
	MetricASGNetworkIn        = "ASGAverageNetworkIn"
	MetricASGNetworkOut       = "ASGAverageNetworkOut"
	MetricLoadALBRequestCount = "ALBTargetGroupRequestCount"
)

// Predictive scaling modes and max capacity behaviours.
const (
	ForecastOnly        = "ForecastOnly"
	ForecastAndScale    = "ForecastAndScale"
	HonorMaxCapacity    = "HonorMaxCapacity"
	IncreaseMaxCapacity = "IncreaseMaxCapacity"
)

// The memory metric of the CloudWatch agent (docs/aws-facts.md: Metrics).
const (
	MemoryNamespace = "CWAgent"
	MemoryMetric    = "mem_used_percent"
)

// MemoryMetricOf is the CloudWatch agent's memory metric of group, as a
// memory target tracking policy follows it.
func MemoryMetricOf(group string) *CustomMetric {
	return &CustomMetric{Namespace: MemoryNamespace, Metric: MemoryMetric,
		Dimensions: map[string]string{"AutoScalingGroupName": group}, Statistic: "Average"}
}

// IsMemory reports whether c is the CloudWatch agent's memory metric.
func (c *CustomMetric) IsMemory() bool {
	return c != nil && c.Namespace == MemoryNamespace && c.Metric == MemoryMetric
}

// Name is "Namespace/Metric", as PercentMetric and the screen name it.
func (c *CustomMetric) Name() string { return c.Namespace + "/" + c.Metric }

// PredictiveMode is the mode, ForecastOnly when unset.
func (p *PredictiveSpec) PredictiveMode() string {
	if p.Mode == "" {
		return ForecastOnly
	}
	return p.Mode
}

// needsTargetGroup reports whether a predefined metric counts a target
// group's requests, so that it needs a resource label.
func needsTargetGroup(metric string) bool {
	switch metric {
	case MetricALBRequestCountPerTarget, MetricPairALBRequestCount, MetricLoadALBRequestCount:
		return true
	}
	return false
}

// NeedsTargetGroup reports whether the policy follows a target group's
// requests, so that it needs one of the group's target groups.
func (p PolicySpec) NeedsTargetGroup() bool {
	if t := p.TargetTracking; t != nil {
		return needsTargetGroup(t.Metric)
	}
	if pr := p.Predictive; pr != nil {
		return needsTargetGroup(pr.Metric) || needsTargetGroup(pr.ScalingMetric) || needsTargetGroup(pr.LoadMetric)
	}
	return false
}

// Equal reports whether p and q are the same policy as AWS would hold it.
func (p PolicySpec) Equal(q PolicySpec) bool {
	return p.Name == q.Name && slices.Equal(p.Fields(), q.Fields())
}

// PolicyField is one field of a policy as the confirm dialog and the
// journal show it.
type PolicyField struct{ Name, Value string }

// Fields lists the policy's fields in a fixed order, AWS's defaults
// filled in: the rows of a change, and what Equal compares.
func (p PolicySpec) Fields() []PolicyField {
	p = p.Normal()
	fs := []PolicyField{{"type", p.Type()}, {"state", enabledString(p.IsEnabled())}}
	add := func(name, value string) { fs = append(fs, PolicyField{name, value}) }
	warm := func() { add("warm-up", secondsOr(p.WarmupSeconds, "the group's default")) }
	switch {
	case p.TargetTracking != nil:
		t := p.TargetTracking
		add("metric", t.MetricName())
		if t.ResourceLabel != "" || t.TargetGroup != "" {
			add("target group", labelOrName(t.ResourceLabel, t.TargetGroup))
		}
		add("target", formatFloat(t.Target))
		add("scale-in", scaleInString(t.DisableScaleIn))
		warm()
	case p.Step != nil:
		s := p.Step
		add("adjustment type", s.AdjustmentType)
		add("steps", StepsString(s.Steps))
		add("aggregation", s.MetricAggregation)
		add("min magnitude", intOr(s.MinAdjustmentMagnitude, "none"))
		warm()
	case p.Simple != nil:
		s := p.Simple
		add("adjustment type", s.AdjustmentType)
		add("adjustment", signed(s.Adjustment, s.AdjustmentType))
		add("cooldown", secondsOr(s.CooldownSeconds, "the group's default"))
		add("min magnitude", intOr(s.MinAdjustmentMagnitude, "none"))
	case p.Predictive != nil:
		pr := p.Predictive
		add("mode", pr.Mode)
		add("metric", pr.MetricName())
		if pr.ResourceLabel != "" || pr.TargetGroup != "" {
			add("target group", labelOrName(pr.ResourceLabel, pr.TargetGroup))
		}
		add("target", formatFloat(pr.Target))
		add("scheduling buffer", secondsOr(pr.SchedulingBufferSeconds, "")) // Normal filled AWS's default
		add("max capacity", pr.MaxCapacityBreach)
		if pr.MaxCapacityBuffer != nil {
			add("max capacity buffer", fmt.Sprintf("%d%%", *pr.MaxCapacityBuffer))
		}
	}
	return fs
}

// Summary is the policy in one line: "target tracking ASGAverageCPUUtilization = 50".
func (p PolicySpec) Summary() string {
	off := ""
	if !p.IsEnabled() {
		off = " (disabled)"
	}
	switch {
	case p.TargetTracking != nil:
		return "target tracking " + p.TargetTracking.MetricName() + " = " + formatFloat(p.TargetTracking.Target) + off
	case p.Step != nil:
		return fmt.Sprintf("step scaling, %d steps (%s)%s", len(p.Step.Steps), p.Step.AdjustmentType, off)
	case p.Simple != nil:
		return "simple scaling " + signed(p.Simple.Adjustment, p.Simple.AdjustmentType) + off
	case p.Predictive != nil:
		return "predictive " + p.Predictive.MetricName() + " = " + formatFloat(p.Predictive.Target) + ", " + p.Predictive.PredictiveMode() + off
	}
	return "no policy"
}

// MetricName names the metric the policy follows.
func (t *TargetTrackingSpec) MetricName() string {
	if c := t.Custom; c != nil {
		var dims []string
		for _, k := range slices.Sorted(maps.Keys(c.Dimensions)) {
			dims = append(dims, k+"="+c.Dimensions[k])
		}
		s := c.Name() + " " + c.Statistic
		if c.Unit != "" {
			s += " " + c.Unit
		}
		if len(dims) > 0 {
			s += " (" + strings.Join(dims, ", ") + ")"
		}
		return s
	}
	return t.Metric
}

// MetricName names the metric pair, or the scaling and load metrics.
func (p *PredictiveSpec) MetricName() string {
	if p.Metric != "" {
		return p.Metric
	}
	return p.ScalingMetric + " / " + p.LoadMetric
}

// StepsString renders steps as intervals with their adjustment:
// "[0, 10): +1, [10, ∞): +3".
func StepsString(steps []StepAdjustment) string {
	parts := make([]string, 0, len(steps))
	for _, s := range steps {
		lo, hi := "-∞", "∞"
		if s.Lower != nil {
			lo = formatFloat(*s.Lower)
		}
		if s.Upper != nil {
			hi = formatFloat(*s.Upper)
		}
		parts = append(parts, fmt.Sprintf("[%s, %s): %+d", lo, hi, s.Adjustment))
	}
	return strings.Join(parts, ", ")
}

func labelOrName(label, name string) string {
	if label != "" {
		if n := TargetGroupOfLabel(label); n != "" {
			return n
		}
		return label
	}
	return name
}

func signed(n int, adjustment string) string {
	switch adjustment {
	case "ExactCapacity":
		return fmt.Sprintf("exactly %d", n)
	case "PercentChangeInCapacity":
		return fmt.Sprintf("%+d%%", n)
	}
	return fmt.Sprintf("%+d", n)
}

func secondsOr(p *int, none string) string {
	if p == nil {
		return none
	}
	return (time.Duration(*p) * time.Second).String()
}

func intOr(p *int, none string) string {
	if p == nil {
		return none
	}
	return itoa(*p)
}

// TargetGroupOfLabel is the target group name in a resource label:
// app/<lb>/<id>/targetgroup/<name>/<id>.
func TargetGroupOfLabel(label string) string {
	_, rest, ok := strings.Cut(label, "/targetgroup/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}
