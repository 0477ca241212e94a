// Package spec is hoist's scaling configuration as files: the YAML format
// (groups chosen by name, tag or pattern, their limits, processes,
// policies and scheduled actions; target groups' health checks and
// attributes; alerts as CloudWatch alarms; dashboards per tier), its strict
// parser, the plan that takes the live configuration to what the files say,
// and export, which writes the live configuration as files.
//
// It is pure like model: bytes and values in, values out. It imports model
// and the YAML parser, no other hoist package, no SDK and no terminal
// library; reading files and talking to AWS belong to cmd/hoist and aws.
package spec

import "github.com/solemate/hoist/model"

// Version is the file format's version; a file may say `version: 1`.
const Version = 1

// File is one configuration file. Every section is optional, and several
// files add up: what one sets another may not set differently.
type File struct {
	Version      int                   `yaml:"version,omitempty"`
	Groups       []GroupBlock          `yaml:"groups,omitempty"`
	TargetGroups []TargetGroupBlock    `yaml:"target_groups,omitempty"`
	Alerts       []model.AlarmSpec     `yaml:"alerts,omitempty"`
	Dashboards   []model.DashboardSpec `yaml:"dashboards,omitempty"`
}

// GroupBlock sets fields of every group its selector matches. Fields it
// leaves out are not managed; policies, scheduled actions and alerts are
// merged by name with what other blocks and files say.
type GroupBlock struct {
	Select              Selector `yaml:"select"`
	model.GroupSettings `yaml:",inline"`

	Policies         []model.PolicySpec   `yaml:"policies,omitempty"`
	ScheduledActions []model.ScheduleSpec `yaml:"scheduled_actions,omitempty"`
	// Alerts are alarms per matched group: {group}, {target_group} and
	// {load_balancer} in names, descriptions and dimension values stand
	// for the group and its (first) target group and load balancer.
	Alerts []model.AlarmSpec `yaml:"alerts,omitempty"`
}

// Selector chooses groups: by exact name, by a shell pattern on the name
// (solemate-*-prod), by tags (all must match), or by several of these,
// which must all hold.
type Selector struct {
	Name    string            `yaml:"name,omitempty"`
	Pattern string            `yaml:"pattern,omitempty"`
	Tags    map[string]string `yaml:"tags,omitempty"`
}

// TargetGroupBlock sets a target group's health check fields and
// attributes (those it names; others are left alone) and its alerts
// ({target_group} and {load_balancer} stand for its dimensions).
type TargetGroupBlock struct {
	Name        string                 `yaml:"name"`
	HealthCheck *model.HealthCheckSpec `yaml:"health_check,omitempty"`
	Attributes  map[string]string      `yaml:"attributes,omitempty"`
	Alerts      []model.AlarmSpec      `yaml:"alerts,omitempty"`
}
