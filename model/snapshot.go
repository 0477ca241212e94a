package model

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

// Class is a kind of resource the poller fetches on its own cadence.
type Class string

// The resource classes, fastest-changing first.
const (
	ClassGroups        Class = "groups"
	ClassActivities    Class = "activities"
	ClassAlarms        Class = "alarms"
	ClassMetrics       Class = "metrics"
	ClassTargetHealth  Class = "target-health"
	ClassInstances     Class = "instances"
	ClassLoadBalancers Class = "load-balancers"
	ClassListeners     Class = "listeners" // with their certificates and policies
	ClassPolicies      Class = "policies"
	ClassPrices        Class = "prices"
)

// Classes lists every class in display order.
var Classes = []Class{
	ClassGroups, ClassActivities, ClassAlarms, ClassMetrics, ClassTargetHealth,
	ClassInstances, ClassLoadBalancers, ClassListeners, ClassPolicies, ClassPrices,
}

// Freshness is how current one class's data is.
type Freshness struct {
	FetchedAt   time.Time // last success; zero if never
	AttemptedAt time.Time // last attempt, successful or not
	Err         string    // last error, "" after a success
	Throttled   bool      // the last error was throttling
	Failures    int       // consecutive failures
	Calls       int       // API calls made by the last cycle
}

// Identity is who the console acts as.
type Identity struct {
	Account string
	Alias   string
	ARN     string
	UserID  string
	// Simulator is the adapter's decision that the other end is hoist's
	// simulator (see RecognizeSimulator), never a guess from a name.
	Simulator bool
}

// IsSimulator reports whether the adapter recognised hoist's simulator.
func (id Identity) IsSimulator() bool { return id.Simulator }

// Snapshot is one immutable view of the account, as the poller last saw it.
// Consumers must not modify it: the poller shares its slices between
// snapshots.
type Snapshot struct {
	// Generation increases with every snapshot of one session; a profile or
	// region switch starts a new session, and consumers drop snapshots of an
	// older one.
	Session    uint64
	Generation uint64
	Taken      time.Time

	Identity  Identity
	Region    string
	Profile   string
	Endpoint  string // "" for AWS itself
	Simulator bool
	// ReadOnly: the session refuses every mutating action.
	ReadOnly bool
	// Skew is the server's clock minus ours, from its Date headers; the
	// simulator's clock can run faster than real time.
	Skew time.Duration

	Groups        []Group // sorted by name
	LoadBalancers []LoadBalancer
	TargetGroups  []TargetGroup
	Certificates  []Certificate // the listeners' certificates, from ACM or IAM
	SSLPolicies   []SSLPolicy   // the listeners' security policies
	Alarms        []Alarm
	AlarmHistory  []AlarmEvent
	Activities    []Activity // newest first
	Series        map[SeriesKey][]Point
	Units         map[SeriesKey]string
	Prices        Prices

	Fresh map[Class]Freshness
	// MetricsPerCycle is how many metrics the last metrics cycle requested
	// and MetricsEvery its cadence: together the console's CloudWatch spend.
	MetricsPerCycle int
	MetricsEvery    time.Duration

	// index finds target groups and load balancers by ARN; nil: search.
	index *snapshotIndex
}

// snapshotIndex maps ARNs to positions, built on first use.
type snapshotIndex struct {
	once sync.Once
	tgs  map[string]int
	lbs  map[string]int
}

// Indexed returns s with its lookups by ARN (TargetGroup, LoadBalancer,
// and what uses them) indexed on first use instead of searched: with
// thousands of groups, each looking up its target groups, a search per
// lookup is most of the work of reading a snapshot. The index belongs to
// s's slices as they are: Indexed is for a finished snapshot, which nobody
// modifies.
func (s Snapshot) Indexed() Snapshot {
	s.index = &snapshotIndex{}
	return s
}

func (s *Snapshot) lookup() *snapshotIndex {
	if s.index == nil {
		return nil
	}
	s.index.once.Do(func() {
		s.index.tgs = make(map[string]int, len(s.TargetGroups))
		for i := range s.TargetGroups {
			s.index.tgs[s.TargetGroups[i].ARN] = i
		}
		s.index.lbs = make(map[string]int, len(s.LoadBalancers))
		for i := range s.LoadBalancers {
			s.index.lbs[s.LoadBalancers[i].ARN] = i
		}
	})
	return s.index
}

// Group returns the group named name.
func (s *Snapshot) Group(name string) (*Group, bool) {
	i := sort.Search(len(s.Groups), func(i int) bool { return s.Groups[i].Name >= name })
	if i < len(s.Groups) && s.Groups[i].Name == name {
		return &s.Groups[i], true
	}
	for i := range s.Groups { // unsorted input, e.g. from a test
		if s.Groups[i].Name == name {
			return &s.Groups[i], true
		}
	}
	return nil, false
}

// TargetGroup returns the target group with the given ARN.
func (s *Snapshot) TargetGroup(arn string) (*TargetGroup, bool) {
	if ix := s.lookup(); ix != nil {
		i, ok := ix.tgs[arn]
		if !ok {
			return nil, false
		}
		return &s.TargetGroups[i], true
	}
	for i := range s.TargetGroups {
		if s.TargetGroups[i].ARN == arn {
			return &s.TargetGroups[i], true
		}
	}
	return nil, false
}

// LoadBalancer returns the load balancer with the given ARN.
func (s *Snapshot) LoadBalancer(arn string) (*LoadBalancer, bool) {
	if ix := s.lookup(); ix != nil {
		i, ok := ix.lbs[arn]
		if !ok {
			return nil, false
		}
		return &s.LoadBalancers[i], true
	}
	for i := range s.LoadBalancers {
		if s.LoadBalancers[i].ARN == arn {
			return &s.LoadBalancers[i], true
		}
	}
	return nil, false
}

// TargetGroupsOf returns the target groups attached to g.
func (s *Snapshot) TargetGroupsOf(g *Group) []*TargetGroup {
	var out []*TargetGroup
	for _, arn := range g.TargetGroupARNs {
		if tg, ok := s.TargetGroup(arn); ok {
			out = append(out, tg)
		}
	}
	return out
}

// FrontOf returns g's first target group and its first load balancer, the
// pair whose metrics stand for the group; either may be nil.
func (s *Snapshot) FrontOf(g *Group) (*TargetGroup, *LoadBalancer) {
	tgs := s.TargetGroupsOf(g)
	if len(tgs) == 0 {
		return nil, nil
	}
	return tgs[0], s.LoadBalancerOf(tgs[0])
}

// LoadBalancerOf is the first of tg's load balancers the snapshot holds, or
// nil.
func (s *Snapshot) LoadBalancerOf(tg *TargetGroup) *LoadBalancer {
	for _, arn := range tg.LoadBalancerARNs {
		if lb, ok := s.LoadBalancer(arn); ok {
			return lb
		}
	}
	return nil
}

// TargetHealthOf tallies the health of g's targets: exactly, from target
// health where it was fetched, otherwise from the latest HealthyHostCount
// and UnHealthyHostCount datapoints. ok is false when neither is known.
func (s *Snapshot) TargetHealthOf(g *Group) (c TargetCounts, ok bool) {
	for _, tg := range s.TargetGroupsOf(g) {
		if tg.TargetsFetched.IsZero() {
			continue
		}
		tc := tg.Counts()
		c.Healthy += tc.Healthy
		c.Unhealthy += tc.Unhealthy
		c.Draining += tc.Draining
		c.Initial += tc.Initial
		c.Other += tc.Other
		ok = true
	}
	if ok {
		return c, true
	}
	h, hok := Last(s.Series[SeriesKey{g.Name, MetricHealthy}])
	u, uok := Last(s.Series[SeriesKey{g.Name, MetricUnhealthy}])
	if !hok && !uok {
		return TargetCounts{}, false
	}
	return TargetCounts{Healthy: int(h + 0.5), Unhealthy: int(u + 0.5)}, true
}

// AlarmsOf returns the alarms that belong to group (all alarms for "").
func (s *Snapshot) AlarmsOf(group string) []Alarm {
	var out []Alarm
	for _, a := range s.Alarms {
		if group == "" || a.Group == group {
			out = append(out, a)
		}
	}
	return out
}

// ActivitiesOf returns the scaling activities of group (all for ""), newest first.
func (s *Snapshot) ActivitiesOf(group string) []Activity {
	var out []Activity
	for _, a := range s.Activities {
		if group == "" || a.Group == group {
			out = append(out, a)
		}
	}
	return out
}

// InProgress reports whether group has a scaling activity under way.
func (s *Snapshot) InProgress(group string) bool {
	for _, a := range s.Activities {
		if a.Group == group && !a.Done() {
			return true
		}
	}
	return false
}

// Costs prices the whole fleet.
func (s *Snapshot) Costs() Costs { return CostOfFleet(s.Groups, s.Prices) }

// DataAge is how old the groups and their activities are (the classes
// fetched every few seconds; slower classes have their own cadence and would
// make the age saw-tooth) and whether any class's last attempt failed, for
// the header's "live 3s" or "stale 1m12s, throttled".
func (s *Snapshot) DataAge(now time.Time) (age time.Duration, problem string) {
	var oldest time.Time
	for _, c := range []Class{ClassGroups, ClassActivities} {
		f, ok := s.Fresh[c]
		if !ok {
			continue
		}
		if oldest.IsZero() || f.FetchedAt.Before(oldest) {
			oldest = f.FetchedAt
		}
	}
	for _, c := range Classes {
		f := s.Fresh[c]
		switch {
		case f.Throttled:
			problem = "throttled"
		case f.Err != "" && problem == "":
			problem = f.Err
		}
	}
	if oldest.IsZero() {
		return 0, problem
	}
	return now.Sub(oldest), problem
}

// FreshnessLine renders DataAge as the header shows it: "live 3s" while data
// is younger than stale, otherwise "stale 1m12s" with the reason.
func FreshnessLine(age time.Duration, problem string, stale time.Duration) string {
	word := "live"
	if age >= stale || problem != "" {
		word = "stale"
	}
	line := word + " " + ShortDuration(age)
	if problem != "" && word == "stale" {
		line += ", " + problem
	}
	return line
}

// ShortDuration renders d the way an operator reads it: 3s, 1m12s, 2h5m, 3d4h.
func ShortDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd%02dh", int(d.Hours())/24, int(d.Hours())%24)
}
