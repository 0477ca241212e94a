package model

import (
	"slices"
	"strings"
	"time"
)

// Capacity is a group's size limits and target.
type Capacity struct {
	Min     int `json:"min"`
	Desired int `json:"desired"`
	Max     int `json:"max"`
}

// Group is an EC2 Auto Scaling group and what hangs off it.
type Group struct {
	Name    string
	ARN     string
	Tags    map[string]string
	Tier    string // from the Tier tag; "" when untagged
	Service string // from the Service tag
	Env     string // from the Env or Environment tag

	Capacity
	Instances []Instance
	Suspended []string // suspended process names

	TargetGroupARNs  []string
	Policies         []Policy
	Scheduled        []ScheduledAction
	HealthCheckType  string // "EC2" or "ELB"
	HealthCheckGrace time.Duration
	DefaultCooldown  time.Duration
	AZs              []string
	Status           string // non-empty while AWS is deleting the group
	Created          time.Time

	// InstanceTypes are the types the group launches (launch template or
	// mixed-instances overrides), used to price capacity it does not have yet.
	InstanceTypes []string
	// OnDemandBase and OnDemandPercent come from a mixed instances policy;
	// OnDemandPercent is 100 for a group with no spot capacity.
	OnDemandBase    int
	OnDemandPercent int

	// TerminationPolicies are the group's termination policies, in order.
	TerminationPolicies []string
	// Launch is the launch template (and mixed-instances overrides) the
	// group launches from; zero for a launch configuration.
	Launch LaunchSpec
}

// Instance is one EC2 instance of a group.
type Instance struct {
	ID        string
	AZ        string
	Type      string
	Lifecycle string // Auto Scaling lifecycle state: Pending, InService, ...
	Health    string // Healthy or Unhealthy (Auto Scaling's view)
	Spot      bool
	Launched  time.Time
	Protected bool // scale-in protection
}

// Auto Scaling lifecycle states (docs/aws-facts.md: Lifecycle states).
const (
	StatePending     = "Pending"
	StateInService   = "InService"
	StateTerminating = "Terminating"
	StateStandby     = "Standby"
	StateTerminated  = "Terminated"
)

// HealthUnhealthy is Auto Scaling's health status for a failed instance.
const HealthUnhealthy = "Unhealthy"

// Processes are the process names SuspendProcesses accepts, in AWS's order.
var processes = []string{
	"Launch", "Terminate", "AddToLoadBalancer", "AlarmNotification",
	"AZRebalance", "HealthCheck", "InstanceRefresh", "ReplaceUnhealthy",
	"ScheduledActions",
}

// Processes returns the Auto Scaling process names that can be suspended.
func Processes() []string { return slices.Clone(processes) }

// FreezeScaling is the preset that stops automatic scaling but keeps health
// replacement: alarms no longer drive policies and schedules do not fire.
func FreezeScaling() []string { return []string{"AlarmNotification", "ScheduledActions"} }

// ScalingFrozen reports whether every FreezeScaling process is suspended:
// neither alarms nor schedules change the group's capacity.
func (g *Group) ScalingFrozen() bool {
	for _, p := range FreezeScaling() {
		if !slices.Contains(g.Suspended, p) {
			return false
		}
	}
	return true
}

// IsProcess reports whether name is an Auto Scaling process name.
func IsProcess(name string) bool { return slices.Contains(processes, name) }

// Counts is a tally of a group's instances by state.
type Counts struct {
	InService   int // InService and healthy
	Pending     int // Pending and its sub-states
	Unhealthy   int // marked Unhealthy by Auto Scaling, whatever the lifecycle
	Terminating int
	Standby     int
	Spot        int
	Total       int
}

// Counts tallies the group's instances.
func (g *Group) Counts() Counts {
	var c Counts
	for _, in := range g.Instances {
		c.Total++
		if in.Spot {
			c.Spot++
		}
		switch {
		case in.Health == HealthUnhealthy:
			c.Unhealthy++
		case in.Lifecycle == StateInService:
			c.InService++
		case strings.HasPrefix(in.Lifecycle, StatePending):
			c.Pending++
		case strings.HasPrefix(in.Lifecycle, StateTerminating):
			c.Terminating++
		case strings.HasPrefix(in.Lifecycle, "EnteringStandby"), in.Lifecycle == StateStandby:
			c.Standby++
		}
	}
	return c
}

// AtMax reports whether the group cannot scale out any further.
func (g *Group) AtMax() bool { return g.Max > 0 && g.Desired >= g.Max }

// Converging reports whether the group's instances have not yet caught up
// with its desired capacity.
func (g *Group) Converging() bool {
	c := g.Counts()
	return c.InService != g.Desired || c.Pending > 0 || c.Terminating > 0
}

// IsSuspended reports whether process is suspended on the group.
func (g *Group) IsSuspended(process string) bool { return slices.Contains(g.Suspended, process) }

// Instance returns the instance with the given id.
func (g *Group) Instance(id string) (Instance, bool) {
	for _, in := range g.Instances {
		if in.ID == id {
			return in, true
		}
	}
	return Instance{}, false
}

// Policy returns the policy with the given name.
func (g *Group) Policy(name string) (Policy, bool) {
	for _, p := range g.Policies {
		if p.Name == name {
			return p, true
		}
	}
	return Policy{}, false
}

// TargetTracking returns the group's first enabled target-tracking policy,
// the one whose target the console draws on the group's metric.
func (g *Group) TargetTracking() (Policy, bool) {
	for _, p := range g.Policies {
		if p.Type == PolicyTargetTracking && p.Enabled && p.Target != nil {
			return p, true
		}
	}
	return Policy{}, false
}

// Untiered is the tier shown for a group without a Tier tag.
const Untiered = "-"

// TagsToLabels fills Tier, Service and Env from the group's tags. Keys are
// matched case-insensitively because teams spell them every way.
func (g *Group) TagsToLabels() {
	get := func(keys ...string) string {
		for k, v := range g.Tags {
			for _, want := range keys {
				if strings.EqualFold(k, want) {
					return v
				}
			}
		}
		return ""
	}
	g.Tier = get("Tier")
	g.Service = get("Service")
	g.Env = get("Env", "Environment")
}

// TierOrUntiered returns the group's tier, or Untiered.
func (g *Group) TierOrUntiered() string {
	if g.Tier == "" {
		return Untiered
	}
	return g.Tier
}
