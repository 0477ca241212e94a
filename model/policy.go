package model

import "time"

// Scaling policy types, as AWS names them.
const (
	PolicyTargetTracking = "TargetTrackingScaling"
	PolicyStep           = "StepScaling"
	PolicySimple         = "SimpleScaling"
	PolicyPredictive     = "PredictiveScaling"
)

// Policy is a scaling policy: the fields an operator reads and edits.
// Edits are applied by the adapter to the policy as AWS holds it, so nothing
// this type does not carry is lost when a policy is re-sent.
type Policy struct {
	Name  string
	ARN   string
	Group string
	Type  string

	Enabled bool
	// Simple and step scaling.
	AdjustmentType    string // ChangeInCapacity, ExactCapacity, PercentChangeInCapacity
	ScalingAdjustment int
	Cooldown          time.Duration
	Steps             []StepAdjustment
	Warmup            time.Duration // EstimatedInstanceWarmup; 0 when unset

	Target     *TargetTracking // target tracking only
	Predictive *Predictive     // predictive only
	Alarms     []string        // names of the alarms that drive it

	// Spec is the whole policy, as PutScalingPolicy would re-create it.
	Spec PolicySpec
}

// StepAdjustment is one step of a step scaling policy; bounds are relative
// to the alarm threshold and nil means unbounded.
type StepAdjustment struct {
	Lower      *float64 `yaml:"lower,omitempty" json:"lower,omitempty"`
	Upper      *float64 `yaml:"upper,omitempty" json:"upper,omitempty"`
	Adjustment int      `yaml:"adjustment" json:"adjustment"`
}

// TargetTracking is a target-tracking configuration.
type TargetTracking struct {
	// Metric is the predefined metric type (ASGAverageCPUUtilization, ...)
	// or, for a customised metric, "Namespace/MetricName".
	Metric         string
	Custom         bool
	ResourceLabel  string
	Value          float64
	DisableScaleIn bool
}

// Predictive is a predictive scaling configuration.
type Predictive struct {
	Mode        string // ForecastOnly or ForecastAndScale
	Metric      string // the metric pair type, e.g. ASGCPUUtilization
	TargetValue float64
}

// ScheduledAction is a scheduled capacity change.
type ScheduledAction struct {
	Name       string
	ARN        string
	Group      string
	Recurrence string // cron; "" for a one-off
	Start, End time.Time
	TimeZone   string
	Min        *int
	Desired    *int
	Max        *int
	// Upcoming are its runs in the 24 hours after it was read, computed
	// by the adapter from the recurrence in its time zone.
	Upcoming []time.Time
}

// PercentMetric reports whether a target-tracking metric is a percentage,
// so that its target must lie in (0, 100].
func PercentMetric(metric string) bool {
	switch metric {
	case "ASGAverageCPUUtilization", "CWAgent/mem_used_percent", "AWS/EC2/CPUUtilization":
		return true
	}
	return false
}
