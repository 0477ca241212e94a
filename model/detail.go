package model

import "time"

// GroupDetail is what a group's policies screen reads beyond the snapshot,
// for that group only: whole policies with their alarms, scheduled actions
// with their next runs, predictive forecasts with their accuracy, instance
// refreshes, the launch template's versions and the metrics the group
// publishes (for the custom metric picker and the memory check).
type GroupDetail struct {
	Group string    `json:"group"`
	Read  time.Time `json:"read"`

	Policies []Policy `json:"-"`
	// Alarms are the alarms that invoke the group's policies.
	Alarms    []Alarm           `json:"-"`
	Scheduled []ScheduledAction `json:"-"`
	Forecasts []Forecast        `json:"forecasts,omitempty"`
	Refreshes []InstanceRefresh `json:"refreshes,omitempty"` // newest first
	// LaunchTemplate is the group's, with its most recent versions; nil
	// for a group without one.
	LaunchTemplate *LaunchTemplate `json:"-"`
	// Metrics are the metrics with data in the last two weeks by the
	// group's AutoScalingGroupName dimension.
	Metrics []MetricID `json:"-"`
	// Errors name the parts that could not be read, with why ("forecast",
	// "refreshes", "launch template", "metrics").
	Errors map[string]string `json:"errors,omitempty"`
}

// Alarm returns the alarm named name.
func (d *GroupDetail) Alarm(name string) (Alarm, bool) {
	for _, a := range d.Alarms {
		if a.Name == name {
			return a, true
		}
	}
	return Alarm{}, false
}

// Forecast returns the forecast of the named policy.
func (d *GroupDetail) Forecast(policy string) (Forecast, bool) {
	for _, f := range d.Forecasts {
		if f.Policy == policy {
			return f, true
		}
	}
	return Forecast{}, false
}
