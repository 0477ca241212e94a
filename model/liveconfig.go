package model

import (
	"fmt"
	"sort"
)

// Where names the account and region a plan was made against, and whether
// that was the simulator: a plan made on one is never applied to another.
type Where struct {
	Account   string `json:"account"`
	Region    string `json:"region"`
	Simulator bool   `json:"simulator,omitempty"`
}

// WhereOf is where a snapshot was taken.
func WhereOf(s *Snapshot) Where {
	return Where{Account: s.Identity.Account, Region: s.Region, Simulator: s.Simulator}
}

func (w Where) String() string {
	s := fmt.Sprintf("account %s in %s", w.Account, w.Region)
	if w.Simulator {
		s = "the simulator's " + s
	}
	return s
}

// LiveConfig is the scaling configuration as AWS holds it: what a plan
// compares files with, and what export writes out.
type LiveConfig struct {
	Where Where
	// Groups are sorted by name, with their instances (for cost) and
	// settings.
	Groups []Group
	// Policies and Scheduled are whole specs by group name.
	Policies  map[string][]PolicySpec
	Scheduled map[string][]ScheduleSpec
	// TargetGroups are sorted by name, with their attributes (and no
	// targets).
	TargetGroups []TargetGroup
	// Alarms are the account's metric alarms with their tags, by name.
	Alarms []LiveAlarm
	// Dashboards are hoist's dashboards (names starting DashboardPrefix):
	// name to body.
	Dashboards map[string]string
	Prices     Prices
}

// LiveAlarm is a metric alarm as AWS holds it, with its tags.
type LiveAlarm struct {
	AlarmSpec
	ARN  string
	Tags map[string]string
}

// Managed reports whether hoist created the alarm (it carries ManagedTag).
func (a LiveAlarm) Managed() bool {
	_, ok := a.Tags[ManagedTag]
	return ok
}

// Group returns the group named name.
func (c *LiveConfig) Group(name string) (*Group, bool) {
	i := sort.Search(len(c.Groups), func(i int) bool { return c.Groups[i].Name >= name })
	if i < len(c.Groups) && c.Groups[i].Name == name {
		return &c.Groups[i], true
	}
	return nil, false
}

// TargetGroup returns the target group named name.
func (c *LiveConfig) TargetGroup(name string) (*TargetGroup, bool) {
	for i := range c.TargetGroups {
		if c.TargetGroups[i].Name == name {
			return &c.TargetGroups[i], true
		}
	}
	return nil, false
}

// TargetGroupByARN returns the target group with the given ARN.
func (c *LiveConfig) TargetGroupByARN(arn string) (*TargetGroup, bool) {
	for i := range c.TargetGroups {
		if c.TargetGroups[i].ARN == arn {
			return &c.TargetGroups[i], true
		}
	}
	return nil, false
}

// Alarm returns the alarm named name.
func (c *LiveConfig) Alarm(name string) (*LiveAlarm, bool) {
	for i := range c.Alarms {
		if c.Alarms[i].Name == name {
			return &c.Alarms[i], true
		}
	}
	return nil, false
}
