package model

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// What a policy will do once AWS holds it: the alarms that drive it, and
// what its target costs at today's load.

// PolicyMetric is the CloudWatch metric a target tracking policy follows,
// as its alarms watch it: predefined metrics by the group's or the target
// group's dimension, a custom one as given.
func PolicyMetric(spec PolicySpec, group string) (MetricSpec, bool) {
	t := spec.TargetTracking
	if t == nil {
		return MetricSpec{}, false
	}
	byGroup := []Dimension{{Name: "AutoScalingGroupName", Value: group}}
	key := SeriesKey{Group: group, Metric: Metric("policy:" + spec.Name)}
	switch t.Metric {
	case MetricASGCPU:
		return MetricSpec{Key: key, Namespace: "AWS/EC2", Name: "CPUUtilization", Dimensions: byGroup, Stat: "Average", Unit: "%", Scale: 1}, true
	case MetricASGNetworkIn:
		return MetricSpec{Key: key, Namespace: "AWS/EC2", Name: "NetworkIn", Dimensions: byGroup, Stat: "Average", Unit: "B", Scale: 1}, true
	case MetricASGNetworkOut:
		return MetricSpec{Key: key, Namespace: "AWS/EC2", Name: "NetworkOut", Dimensions: byGroup, Stat: "Average", Unit: "B", Scale: 1}, true
	case MetricALBRequestCountPerTarget:
		if !strings.Contains(t.ResourceLabel, "targetgroup/") {
			return MetricSpec{}, false
		}
		tg := TargetGroupDimension(t.ResourceLabel)
		return MetricSpec{Key: key, Namespace: "AWS/ApplicationELB", Name: "RequestCountPerTarget",
			Dimensions: []Dimension{{Name: "TargetGroup", Value: tg}}, Stat: "Sum", Unit: "req", Scale: 1}, true
	}
	if c := t.Custom; c != nil {
		ms := MetricSpec{Key: key, Namespace: c.Namespace, Name: c.Metric, Stat: c.Statistic, Unit: c.Unit, Scale: 1}
		for _, k := range slices.Sorted(maps.Keys(c.Dimensions)) {
			ms.Dimensions = append(ms.Dimensions, Dimension{Name: k, Value: c.Dimensions[k]})
		}
		return ms, true
	}
	return MetricSpec{}, false
}

// AlarmPreview is one alarm a policy needs: one AWS will create (target
// tracking), or the one that invokes a step or simple policy.
type AlarmPreview struct {
	// Name is the alarm's name, or the pattern AWS names it by.
	Name       string
	Metric     string // "AWS/EC2 CPUUtilization Average (AutoScalingGroupName=web)"
	Comparison string // ">", "<", ">=", "<="
	Threshold  float64
	// Datapoints of Periods breach to alarm, each Period long.
	Datapoints, Periods int
	Period              time.Duration
	Does                string // "scales out", "scales in", "runs the policy"
	// Created: AWS creates it with the policy and deletes it with it.
	Created bool
	// Missing: nothing invokes the policy yet.
	Missing bool
}

func (a AlarmPreview) String() string {
	if a.Missing {
		return a.Name
	}
	return fmt.Sprintf("%s: %s %s %s for %d of %d × %s: %s", a.Name, a.Metric, a.Comparison, formatFloat(a.Threshold),
		a.Datapoints, a.Periods, a.Period, a.Does)
}

// metricLine renders a metric spec for a preview.
func metricLine(m MetricSpec) string {
	s := m.Namespace + " " + m.Name + " " + m.Stat
	if len(m.Dimensions) > 0 {
		s += " ("
		for i, d := range m.Dimensions {
			if i > 0 {
				s += ", "
			}
			s += d.Name + "=" + d.Value
		}
		s += ")"
	}
	return s
}

// PreviewAlarms lists the alarms a policy on group needs. Target tracking:
// the two AWS creates (high: 3 of 3 one-minute datapoints above the
// target; low: 15 of 15 below 90% of it, none with scale-in disabled).
// Step and simple: linked, the alarm chosen to invoke it (nil when none
// is). Predictive: none.
func PreviewAlarms(spec PolicySpec, group string, linked *Alarm) []AlarmPreview {
	switch {
	case spec.TargetTracking != nil:
		t := spec.TargetTracking
		m, _ := PolicyMetric(spec, group)
		line := metricLine(m)
		out := []AlarmPreview{{Name: "TargetTracking-" + group + "-AlarmHigh-<id>", Metric: line, Comparison: ">",
			Threshold: t.Target, Datapoints: 3, Periods: 3, Period: time.Minute, Does: "scales out", Created: true}}
		if !t.DisableScaleIn {
			out = append(out, AlarmPreview{Name: "TargetTracking-" + group + "-AlarmLow-<id>", Metric: line, Comparison: "<",
				Threshold: math.Round(t.Target*0.9*1000) / 1000, Datapoints: 15, Periods: 15, Period: time.Minute, Does: "scales in", Created: true})
		}
		return out
	case spec.Step != nil, spec.Simple != nil:
		if linked == nil {
			return []AlarmPreview{{Name: "no alarm invokes " + spec.Name + " yet: choose or create one, or it never runs", Missing: true}}
		}
		m := MetricSpec{Namespace: linked.Namespace, Name: linked.Metric, Dimensions: linked.Dimensions, Stat: linked.Statistic}
		n := linked.Evaluations
		return []AlarmPreview{{Name: linked.Name, Metric: metricLine(m), Comparison: ComparisonSymbol(linked.Comparison),
			Threshold: linked.Threshold, Datapoints: n, Periods: n, Period: linked.Period, Does: "runs " + spec.Name}}
	}
	return nil
}

// ComparisonSymbol renders a CloudWatch comparison operator as a symbol.
func ComparisonSymbol(op string) string {
	switch op {
	case "GreaterThanThreshold":
		return ">"
	case "GreaterThanOrEqualToThreshold":
		return ">="
	case "LessThanThreshold":
		return "<"
	case "LessThanOrEqualToThreshold":
		return "<="
	}
	return op
}

// TargetCost is what moving a target tracking policy's target costs at
// today's load: the instances each target needs and the hourly
// difference.
type TargetCost struct {
	Load             float64 // the metric summed over in-service instances
	FromNeed, ToNeed int     // instances at each target, within min and max
	Delta            int     // ToNeed - FromNeed
	PerHour          float64 // Delta at the group's unit price
}

func (c TargetCost) String() string {
	instances := func(n int, word string) string {
		if n == 1 {
			return "1 " + word + "instance"
		}
		return itoa(n) + " " + word + "instances"
	}
	switch {
	case c.Delta < 0:
		return fmt.Sprintf("it needs %s (%d → %d): %+.3f $/h", instances(-c.Delta, "fewer "), c.FromNeed, c.ToNeed, c.PerHour)
	case c.Delta > 0:
		return fmt.Sprintf("it needs %s (%d → %d): %+.3f $/h", instances(c.Delta, "more "), c.FromNeed, c.ToNeed, c.PerHour)
	}
	return "it needs the same " + instances(c.ToNeed, "")
}

// EstimateTargetCost estimates what a target tracking policy costs at
// target to rather than from, given the metric's current value (the
// average per instance over its in-service instances): target tracking
// holds the metric at its target by sizing the group to load / target,
// which holds for metrics that divide across instances (CPU, requests
// per target, network). ok is false when it cannot be estimated.
func EstimateTargetCost(g *Group, metricNow, from, to float64, p Prices) (TargetCost, bool) {
	if g == nil {
		return TargetCost{}, false
	}
	n := g.Counts().InService
	if n == 0 || metricNow <= 0 || from <= 0 || to <= 0 || math.IsNaN(metricNow) {
		return TargetCost{}, false
	}
	load := metricNow * float64(n)
	need := func(target float64) int {
		k := int(math.Ceil(load/target - 1e-9))
		return max(g.Min, min(g.Max, max(k, 1)))
	}
	c := TargetCost{Load: load, FromNeed: need(from), ToNeed: need(to)}
	c.Delta = c.ToNeed - c.FromNeed
	c.PerHour = float64(c.Delta) * UnitPrice(g, p)
	return c, true
}
