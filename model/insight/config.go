package insight

import (
	"math"
	"time"

	"github.com/solemate/hoist/model"
)

// config is a group's scaling configuration as the capacity model sees
// it: what capacity each period would have had under it, and what that
// capacity costs. Savings compare one config with another over the same
// samples, never a config with what actually ran, so the model's
// simplifications (target tracking acts at once, both ways) cancel out.
type config struct {
	dynamic bool // a policy follows the load
	min     int
	max     int
	target  float64 // the reference target
	// factor is one instance's capacity relative to today's type (0.5 for
	// one size down); sized is false where the reference (requests per
	// target) does not change with the instance's size.
	factor float64
	sized  bool
	quiet  *quietHours
	fixed  int     // > 0: a group without dynamic scaling held at this many
	itype  string  // the group's (primary) instance type
	unit   float64 // USD per instance-hour for today's mix
	spot   *spotMix
}

// quietHours are the hours (UTC) a schedule holds the group at cap:
// from From to To each day (wrapping midnight), and all weekend when
// Weekends.
type quietHours struct {
	From, To int
	Weekends bool
	Cap      int
}

func (q *quietHours) contains(t time.Time) bool {
	t = t.UTC()
	if q.Weekends && (t.Weekday() == time.Saturday || t.Weekday() == time.Sunday) {
		return true
	}
	h := t.Hour()
	if q.From <= q.To {
		return h >= q.From && h < q.To
	}
	return h >= q.From || h < q.To
}

// spotMix is a mixed instances policy: Base on-demand instances, then
// OnDemand share of the rest on-demand and the others Spot.
type spotMix struct {
	Base      int
	OnDemand  float64
	ODPrice   float64
	SpotPrice float64
}

func currentConfig(g *model.Group, ref Reference, prices model.Prices) config {
	return config{dynamic: dynamic(g), min: g.Min, max: g.Max, target: ref.Target, factor: 1,
		sized: ref.Metric != RefRequests, itype: primaryType(g), unit: model.UnitPrice(g, prices)}
}

// primaryType is the type most of the group's instances run, or the first
// it launches.
func primaryType(g *model.Group) string {
	count := map[string]int{}
	best := ""
	for _, in := range g.Instances {
		count[in.Type]++
		if c := count[in.Type]; c > count[best] || c == count[best] && in.Type < best {
			best = in.Type
		}
	}
	if best == "" && len(g.InstanceTypes) > 0 {
		best = g.InstanceTypes[0]
	}
	return best
}

// capacity is the instances the period would have had under c.
func (c config) capacity(x sample) float64 {
	quiet := c.quiet != nil && c.quiet.contains(x.t)
	if !c.dynamic {
		n := x.n
		if c.fixed > 0 {
			n = math.Min(n, float64(c.fixed))
		}
		if quiet {
			n = math.Min(n, float64(c.quiet.Cap))
		}
		return n
	}
	if !x.hasWork {
		return x.n
	}
	per := c.target
	if c.sized {
		per *= c.factor
	}
	need := math.Ceil(x.work/per - 1e-9)
	lo := float64(c.min)
	if quiet {
		lo = math.Min(lo, float64(c.quiet.Cap))
	}
	return math.Max(lo, math.Min(need, math.Max(float64(c.max), lo)))
}

// hourly is what n instances cost an hour under c.
func (c config) hourly(n float64) float64 {
	if s := c.spot; s != nil {
		base := math.Min(n, float64(s.Base))
		rest := n - base
		return base*s.ODPrice + rest*(s.OnDemand*s.ODPrice+(1-s.OnDemand)*s.SpotPrice)
	}
	return n * c.unit
}

// monthly is the modelled cost of the samples under c, per 730-hour month.
func (st *state) monthly(c config) float64 {
	var usd float64
	for _, x := range st.samples {
		usd += c.hourly(c.capacity(x)) * x.dt.Hours()
	}
	return perMonth(usd, st.span)
}
