package insight

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// Kinds of recommendation.
const (
	KindMinTooHigh       = "min-too-high"
	KindCapacityTooHigh  = "capacity-too-high"
	KindTargetTooLow     = "target-too-low"
	KindScheduledScaleIn = "scheduled-scale-in"
	KindPredictive       = "predictive-scaling"
	KindRightsize        = "rightsize"
	KindGraviton         = "graviton"
	KindSpot             = "spot"
)

// Evidence is a metric over a window and what it showed.
type Evidence struct {
	Metric  string `json:"metric"`
	Window  Window `json:"window"`
	Finding string `json:"finding"`
}

// Recommendation is one change hoist suggests, with its proof.
type Recommendation struct {
	ID       string     `json:"id"` // kind/group: stable across runs
	Kind     string     `json:"kind"`
	Group    string     `json:"group"`
	Tier     string     `json:"tier"`
	Title    string     `json:"title"`
	Evidence []Evidence `json:"evidence"`
	// SavingPerMonth is the estimated saving in USD over a 730-hour month,
	// on top of the recommendations before it for the same group (so the
	// savings of a group add up); 0 for a change made for speed.
	SavingPerMonth float64  `json:"saving_per_month_usd"`
	Benefit        string   `json:"benefit,omitempty"`
	Risk           string   `json:"risk"`
	Changes        []Change `json:"changes"`
	// HeldBack says why the recommendation is withheld: the group's
	// availability or p99 over the window is below the guard rails, and
	// nothing that cuts capacity is recommended for it until it holds.
	HeldBack string `json:"held_back,omitempty"`
}

// Guard rails: a group that did not hold them over the window gets no
// recommendation that removes capacity or replaces instances.
type Guard struct {
	Availability float64 // the least share of requests without a 5xx, e.g. 0.999
	P99          float64 // milliseconds a period's p99 should stay under
	SlowShare    float64 // the most share of periods over P99
}

// DefaultGuard is the product's success metrics: 99.9% available, p99
// under a second in all but 1% of periods.
func DefaultGuard() Guard { return Guard{Availability: 0.999, P99: 1000, SlowShare: 0.01} }

// Tunables of the rules. They are the judgement of the rules, named so
// the tests and the documentation can cite them.
const (
	MinSavingPerMonth    = 5.0  // USD: below this a change is not worth a plan
	AtMinShare           = 0.2  // at min for at least this share of the time
	Headroom             = 1.25 // capacity kept above the need seen (p95)
	HAFloor              = 2    // never recommend fewer instances than this (or today's, if fewer)
	LowCPUTarget         = 45   // CPU target-tracking targets below this are low
	RecommendedCPUTarget = 60   // ... and are raised towards this
	TargetStep           = 25   // by at most this many points at once
	BusiestCPU           = 80   // ... and no further than keeps the busiest instance under this
	BusiestPercentile    = 99   // in this percentile of the periods at the target
	QuietShare           = 0.5  // an hour is quiet when its need is at most this share of the peak hour's
	MinQuietHours        = 6    // a schedule is worth it for at least this many quiet hours in a row
	DailyPattern         = 0.7  // correlation of load with itself a day earlier, for predictive scaling
	PeakToTrough         = 1.5  // and the daily peak over the trough
	RightsizeCPU         = 35   // CPU p95 at or below this allows a size down
	RightsizeMemory      = 40   // and memory p95 at or below this
	SpotOnDemandPercent  = 25   // on-demand share above the base in a Spot mix
)

// GroupData is what hoist knows of one group: its configuration now, its
// metrics over the window, and (optionally) its scale-outs.
type GroupData struct {
	Group     model.Group
	Series    Series
	Responses []Response
	// Scaling are the group's scaling windows (ScalingWindows).
	Scaling []Window
}

// Options for Recommend.
type Options struct {
	Window Window
	Guard  Guard
}

// Recommend derives the recommendations for every group from its metrics
// and configuration: the groups that save most first, and within a group
// in the order the rules run (target, minimum, a fixed group's capacity,
// schedule, instance type, Spot; predictive scaling, which saves nothing,
// last), each saving counted on top of the ones before it.
func Recommend(groups []GroupData, prices model.Prices, o Options) []Recommendation {
	if o.Guard == (Guard{}) {
		o.Guard = DefaultGuard()
	}
	type byGroup struct {
		recs   []Recommendation
		saving float64
	}
	var all []byGroup
	for i := range groups {
		var bg byGroup
		bg.recs = recommendGroup(&groups[i], prices, o)
		for _, r := range bg.recs {
			if r.HeldBack == "" {
				bg.saving += r.SavingPerMonth
			}
		}
		if len(bg.recs) > 0 {
			all = append(all, bg)
		}
	}
	// Groups by what they save; within one, the order the rules ran in,
	// which is the order the savings stack in.
	slices.SortStableFunc(all, func(a, b byGroup) int {
		if a.saving != b.saving {
			if a.saving > b.saving {
				return -1
			}
			return 1
		}
		return strings.Compare(a.recs[0].Group, b.recs[0].Group)
	})
	var out []Recommendation
	for _, bg := range all {
		out = append(out, bg.recs...)
	}
	return out
}

// state is a group under review: its samples, the configuration as the
// rules accepted so far, and its modelled monthly cost.
type state struct {
	d       *GroupData
	g       *model.Group
	w       Window
	ref     Reference
	samples []sample
	span    time.Duration // time the samples cover
	prices  model.Prices
	cfg     config
	cost    float64 // per month, under cfg
	held    string
	o       Options
	// cpu and mem are the window's distributions, read once.
	cpu, mem Dist
}

func recommendGroup(d *GroupData, prices model.Prices, o Options) []Recommendation {
	g := &d.Group
	st := &state{d: d, g: g, w: o.Window, ref: ReferenceOf(g), prices: prices, o: o}
	st.samples = samplesOf(g, d.Series, o.Window, st.ref)
	for _, x := range st.samples {
		st.span += x.dt
	}
	if len(st.samples) == 0 || st.span <= 0 {
		return nil
	}
	st.cpu, st.mem = distOf(values(in(d.Series.CPU, o.Window))), distOf(values(in(d.Series.Memory, o.Window)))
	st.cfg = currentConfig(g, st.ref, prices)
	st.cost = st.monthly(st.cfg)
	st.held = heldBack(d, o)
	var out []Recommendation
	// The target first: a minimum is judged by what the load needs at the
	// target the group will run at.
	for _, rule := range []func(*state) (Recommendation, config, bool){targetTooLow, minTooHigh, capacityTooHigh, scheduledScaleIn, typeChange, spotMixRule} {
		r, next, ok := rule(st)
		if !ok {
			continue
		}
		r.SavingPerMonth = st.cost - st.monthly(next)
		if r.SavingPerMonth < MinSavingPerMonth {
			continue
		}
		r.HeldBack = st.held
		if r.HeldBack == "" { // a held-back change is not assumed made
			st.cfg, st.cost = next, st.monthly(next)
		}
		out = append(out, r)
	}
	if r, ok := predictive(st); ok {
		out = append(out, r)
	}
	return out
}

// heldBack is the guard rail the group broke over the window, in words.
func heldBack(d *GroupData, o Options) string {
	a := AvailabilityOf(d.Series, d.Scaling, o.Window)
	if a.All.Known && a.All.Requests > 0 && a.All.Share < o.Guard.Availability {
		return fmt.Sprintf("availability %s over the window is below %s", Percent(a.All.Share), Percent(o.Guard.Availability))
	}
	p99 := in(d.Series.P99, o.Window)
	if len(p99) > 0 {
		slow := 0
		for _, p := range p99 {
			if p.V > o.Guard.P99 {
				slow++
			}
		}
		if share := float64(slow) / float64(len(p99)); share > o.Guard.SlowShare {
			return fmt.Sprintf("p99 was over %s in %s of the periods (at most %s allowed)",
				model.ShortDuration(time.Duration(o.Guard.P99*float64(time.Millisecond))), Percent(share), Percent(o.Guard.SlowShare))
		}
	}
	return ""
}

// Percent renders a share as an operator reads it: 99.9%, 62%, 0.5%.
func Percent(share float64) string {
	p := share * 100
	switch {
	case p >= 99 && p < 100:
		return trimZeros(fmt.Sprintf("%.2f", math.Floor(p*100)/100)) + "%"
	case p < 1 && p > 0:
		return trimZeros(fmt.Sprintf("%.2f", p)) + "%"
	}
	return fmt.Sprintf("%.0f%%", p)
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func (st *state) evidence(metric, format string, args ...any) Evidence {
	return Evidence{Metric: metric, Window: st.w, Finding: fmt.Sprintf(format, args...)}
}

func (st *state) rec(kind, title, risk string, ev []Evidence, cs ...Change) Recommendation {
	return Recommendation{ID: kind + "/" + st.g.Name, Kind: kind, Group: st.g.Name, Tier: st.g.TierOrUntiered(),
		Title: title, Evidence: ev, Risk: risk, Changes: cs}
}

// dynamic reports whether the group scales itself: an enabled target
// tracking, step or simple scaling policy.
func dynamic(g *model.Group) bool {
	for _, p := range g.Policies {
		if p.Enabled && (p.Type == model.PolicyTargetTracking || p.Type == model.PolicyStep || p.Type == model.PolicySimple) {
			return true
		}
	}
	return false
}

// floor is the fewest instances hoist recommends for the group.
func floor(g *model.Group) int { return min(g.Min, HAFloor) }

// responseRisk states how long this group takes to add capacity.
func (st *state) responseRisk() string {
	s := Summarise(st.g.Name, st.d.Responses, st.w)
	if s.Complete == 0 {
		return "new instances take a boot and health checks to arrive"
	}
	return fmt.Sprintf("this group's scale-outs took %s typically and %s at worst", model.ShortDuration(s.Median), model.ShortDuration(s.Worst))
}

func itoa(n int) string { return fmt.Sprint(n) }

func num(v float64) string { return trimZeros(fmt.Sprintf("%.1f", v)) }
