package model

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Prices is what instance capacity costs per hour, in US dollars.
type Prices struct {
	// Date is when the on-demand table was taken, shown on screen so an
	// engineer knows how old the figures are.
	Date   string
	Region string
	// OnDemand maps instance type to its hourly on-demand price.
	OnDemand map[string]float64
	// Spot maps "type/az" (and "type", the lowest over AZs) to the latest
	// spot price, from DescribeSpotPriceHistory.
	Spot map[string]float64
	// Estimated is true when the table is not for this region and prices
	// were taken from the nearest table.
	Estimated bool
}

// InstancePrice is the hourly price of one instance, and whether it is known.
func (p Prices) InstancePrice(in Instance) (float64, bool) {
	if in.Spot {
		if v, ok := p.Spot[in.Type+"/"+in.AZ]; ok {
			return v, true
		}
		if v, ok := p.Spot[in.Type]; ok {
			return v, true
		}
	}
	v, ok := p.OnDemand[in.Type]
	return v, ok
}

// GroupCost is one group's running cost per hour.
type GroupCost struct {
	Group    string
	Tier     string
	OnDemand float64
	Spot     float64
	// Unpriced counts instances whose type is in no table.
	Unpriced int
}

// Total is the group's cost per hour.
func (c GroupCost) Total() float64 { return c.OnDemand + c.Spot }

// CostOf prices the group's running instances. Instances that are gone or
// going (Terminated) cost nothing; everything else is billed.
func CostOf(g *Group, p Prices) GroupCost {
	c := GroupCost{Group: g.Name, Tier: g.TierOrUntiered()}
	// A group's instances are mostly of one type in few zones: price each
	// kind once, not each instance (a fleet is priced on every snapshot).
	var last Instance
	var v float64
	var ok, have bool
	for _, in := range g.Instances {
		if in.Lifecycle == StateTerminated {
			continue
		}
		if !have || in.Type != last.Type || in.Spot != last.Spot || (in.Spot && in.AZ != last.AZ) {
			v, ok = p.InstancePrice(in)
			last, have = in, true
		}
		switch {
		case !ok:
			c.Unpriced++
		case in.Spot:
			c.Spot += v
		default:
			c.OnDemand += v
		}
	}
	return c
}

// UnitPrice is the expected hourly price of one more instance of the group:
// the mean price of its running instances, or of its first launchable type
// when it has none.
func UnitPrice(g *Group, p Prices) float64 {
	var sum float64
	var n int
	for _, in := range g.Instances {
		if v, ok := p.InstancePrice(in); ok {
			sum += v
			n++
		}
	}
	if n > 0 {
		return sum / float64(n)
	}
	for _, t := range g.InstanceTypes {
		if v, ok := p.OnDemand[t]; ok {
			return v
		}
	}
	return 0
}

// Costs is the fleet's cost per hour, by group and by tier.
type Costs struct {
	Groups []GroupCost          // sorted by cost, highest first
	Tiers  map[string]GroupCost // keyed by tier; Group is the tier name
	Total  GroupCost
}

// CostOfFleet prices every group.
func CostOfFleet(groups []Group, p Prices) Costs {
	cs := Costs{Tiers: map[string]GroupCost{}, Total: GroupCost{Group: "total"}, Groups: make([]GroupCost, 0, len(groups))}
	for i := range groups {
		c := CostOf(&groups[i], p)
		cs.Groups = append(cs.Groups, c)
		t := cs.Tiers[c.Tier]
		t.Group, t.Tier = c.Tier, c.Tier
		t.OnDemand += c.OnDemand
		t.Spot += c.Spot
		t.Unpriced += c.Unpriced
		cs.Tiers[c.Tier] = t
		cs.Total.OnDemand += c.OnDemand
		cs.Total.Spot += c.Spot
		cs.Total.Unpriced += c.Unpriced
	}
	slices.SortStableFunc(cs.Groups, func(a, b GroupCost) int {
		if c := cmp.Compare(b.Total(), a.Total()); c != 0 {
			return c
		}
		return strings.Compare(a.Group, b.Group)
	})
	return cs
}

// Projected24h is the cost of running at the current rate for a day.
func Projected24h(perHour float64) float64 { return perHour * 24 }

// CloudWatchPricePerMetric is what GetMetricData costs per metric requested
// (US East: $0.01 per 1,000; batching does not reduce it).
const CloudWatchPricePerMetric = 0.01 / 1000

// CloudWatchSpend is the console's own hourly GetMetricData cost when it
// requests metrics series every interval.
func CloudWatchSpend(metrics int, every time.Duration) float64 {
	if every <= 0 || metrics <= 0 {
		return 0
	}
	perHour := float64(time.Hour) / float64(every)
	return float64(metrics) * perHour * CloudWatchPricePerMetric
}
