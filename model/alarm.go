package model

import (
	"strings"
	"time"
)

// CloudWatch alarm states.
const (
	AlarmOK               = "OK"
	AlarmAlarm            = "ALARM"
	AlarmInsufficientData = "INSUFFICIENT_DATA"
)

// Alarm is a CloudWatch metric alarm.
type Alarm struct {
	Name           string
	ARN            string
	Description    string
	State          string
	StateReason    string
	StateUpdated   time.Time
	Namespace      string
	Metric         string
	Dimensions     []Dimension
	Statistic      string
	Threshold      float64
	Comparison     string
	Period         time.Duration
	Evaluations    int
	ActionsEnabled bool
	Actions        []string // ARNs fired on ALARM
	// Group is the Auto Scaling group the alarm belongs to: its
	// AutoScalingGroupName dimension, or the group of a policy it drives.
	Group string
}

// ScalingOnly reports whether the alarm's only actions invoke Auto Scaling
// policies: it drives scaling and notifies nobody.
func (a Alarm) ScalingOnly() bool {
	if len(a.Actions) == 0 {
		return false
	}
	for _, act := range a.Actions {
		if !strings.HasPrefix(act, "arn:aws:autoscaling:") || !strings.Contains(act, ":scalingPolicy:") {
			return false
		}
	}
	return true
}

// AlarmEvent is one entry of an alarm's history.
type AlarmEvent struct {
	Alarm    string
	Group    string
	Time     time.Time
	Type     string // StateUpdate, ConfigurationUpdate, Action
	Summary  string
	NewState string
}

// Dimension is a CloudWatch metric dimension.
type Dimension struct {
	Name, Value string
}

// Activity is an Auto Scaling scaling activity.
type Activity struct {
	ID            string
	Group         string
	Status        string // AWS status code: InProgress, Successful, Failed, ...
	StatusMessage string
	Cause         string
	Description   string
	Start         time.Time
	End           time.Time // zero while in progress
	Progress      int
}

// Activity status codes that end an activity.
const (
	ActivitySuccessful = "Successful"
	ActivityFailed     = "Failed"
	ActivityCancelled  = "Cancelled"
)

// Severity is how much the activity's status should draw the eye: a
// failure is critical, a cancellation a warning, anything else news.
func (a Activity) Severity() string {
	switch a.Status {
	case ActivityFailed:
		return SeverityCritical
	case ActivityCancelled:
		return SeverityWarning
	}
	return SeverityInfo
}

// Done reports whether the activity has finished, whatever its outcome.
func (a Activity) Done() bool {
	switch a.Status {
	case ActivitySuccessful, ActivityFailed, ActivityCancelled:
		return true
	}
	return false
}

// Duration is how long the activity ran, or has run as of now.
func (a Activity) Duration(now time.Time) time.Duration {
	end := a.End
	if end.IsZero() {
		end = now
	}
	if end.Before(a.Start) {
		return 0
	}
	return end.Sub(a.Start)
}
