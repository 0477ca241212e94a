package insight

import (
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// Source says where a report's data came from.
type Source struct {
	Account   string `json:"account"`
	Region    string `json:"region"`
	Simulator bool   `json:"simulator"`
}

// ReportInput is everything `hoist report` is built from: the window's
// metrics per group and what AWS and the journal recorded in it.
type ReportInput struct {
	Source     Source
	Window     Window
	Generated  time.Time
	Groups     []GroupData // Series over the window; Responses and Scaling are filled in
	Activities []model.Activity
	Alarms     []model.AlarmEvent
	Journal    []model.JournalAction
	Prices     model.Prices
	Cleanup    *CleanupInput // nil: no cleanup section
	Guard      Guard
}

// FleetReport is `hoist report`: utilisation, cost, scaling response,
// availability and distribution per tier and group, and the
// recommendations. Its JSON is documented in docs/report-json.md.
type FleetReport struct {
	Source          Source           `json:"source"`
	Window          Window           `json:"window"`
	Generated       time.Time        `json:"generated"`
	Total           Totals           `json:"total"`
	Tiers           []Utilisation    `json:"tiers"`
	Groups          []GroupReport    `json:"groups"`
	Recommendations []Recommendation `json:"recommendations"`
	Cleanup         []Finding        `json:"cleanup"`
}

// Totals are the fleet's figures over the window.
type Totals struct {
	InstanceHours float64      `json:"instance_hours"`
	Cost          float64      `json:"cost_usd"`
	PerMonth      float64      `json:"cost_per_month_usd"`
	Idle          float64      `json:"idle_share"`
	Availability  Availability `json:"availability"`
	ScaleOuts     int          `json:"scale_outs"`
	OverLimit     int          `json:"scale_outs_over_2m"`
	// Saving is what the recommendations not held back save a month, and
	// its share of PerMonth.
	Saving      float64 `json:"saving_per_month_usd"`
	SavingShare float64 `json:"saving_share"`
	HeldBack    int     `json:"held_back"`
}

// GroupReport is one group's part of the report.
type GroupReport struct {
	Utilisation  Utilisation     `json:"utilisation"`
	Availability Availability    `json:"availability"`
	Latency      Latency         `json:"latency"`
	Scaling      ResponseSummary `json:"scaling"`
	Responses    []Response      `json:"responses"`
	Distribution Distribution    `json:"distribution"`
	// Series is kept for the charts; it is not part of the JSON.
	Series Series `json:"-"`
}

// Distribution is how a group's instances are spread over its zones now.
type Distribution struct {
	Zones []ZoneCount `json:"zones"`
	// Spread is the most instances in one zone minus the fewest; Even is
	// true when it is at most one.
	Spread int  `json:"spread"`
	Even   bool `json:"even"`
}

// ZoneCount is one zone's in-service instances.
type ZoneCount struct {
	Zone      string `json:"zone"`
	Instances int    `json:"instances"`
}

// DistributionOf counts the group's in-service instances by zone,
// including its zones with none.
func DistributionOf(g *model.Group) Distribution {
	count := map[string]int{}
	for _, z := range g.AZs {
		count[z] = 0
	}
	for _, in := range g.Instances {
		if in.Lifecycle == model.StateInService {
			count[in.AZ]++
		}
	}
	var d Distribution
	lo, hi := math.MaxInt, 0
	for _, z := range slices.Sorted(maps.Keys(count)) {
		d.Zones = append(d.Zones, ZoneCount{z, count[z]})
		lo, hi = min(lo, count[z]), max(hi, count[z])
	}
	if len(d.Zones) > 0 {
		d.Spread = hi - lo
	}
	d.Even = d.Spread <= 1
	return d
}

// prepare fills each group's responses and scaling windows from the
// activities, alarm history and journal.
func prepare(groups []GroupData, acts []model.Activity, alarms []model.AlarmEvent, j []model.JournalAction, now time.Time) {
	byGroup := map[string][]model.Activity{}
	for _, a := range acts {
		byGroup[a.Group] = append(byGroup[a.Group], a)
	}
	for i := range groups {
		d := &groups[i]
		g := &d.Group
		mine := byGroup[g.Name]
		d.Responses = ScalingResponses(ResponseInput{Group: g.Name, Activities: mine, Alarms: alarms, Journal: j,
			Healthy: d.Series.Healthy, HasTargets: len(g.TargetGroupARNs) > 0})
		d.Scaling = ScalingWindows(g.Name, mine, d.Responses, now)
	}
}

// BuildReport computes the fleet report.
func BuildReport(in ReportInput) FleetReport {
	r := FleetReport{Source: in.Source, Window: in.Window, Generated: in.Generated}
	prepare(in.Groups, in.Activities, in.Alarms, in.Journal, in.Window.To)
	var us []Utilisation
	var idle float64
	for i := range in.Groups {
		d := &in.Groups[i]
		gr := GroupReport{
			Utilisation:  UtilisationOf(&d.Group, d.Series, in.Window, in.Prices),
			Availability: AvailabilityOf(d.Series, d.Scaling, in.Window),
			Latency:      LatencyOf(d.Series, d.Scaling, in.Window),
			Scaling:      Summarise(d.Group.Name, d.Responses, in.Window),
			Distribution: DistributionOf(&d.Group),
			Series:       d.Series,
		}
		for _, x := range d.Responses {
			if in.Window.Contains(x.At) {
				gr.Responses = append(gr.Responses, x)
			}
		}
		u := gr.Utilisation
		us = append(us, u)
		r.Total.InstanceHours += u.InstanceHours
		r.Total.Cost += u.Cost
		r.Total.PerMonth += u.PerMonth
		idle += u.Idle * u.InstanceHours
		addServed(&r.Total.Availability, gr.Availability)
		r.Total.ScaleOuts += gr.Scaling.Count
		r.Total.OverLimit += gr.Scaling.OverLimit
		r.Groups = append(r.Groups, gr)
	}
	if r.Total.InstanceHours > 0 {
		r.Total.Idle = idle / r.Total.InstanceHours
	}
	r.Total.Availability.All.finish()
	r.Total.Availability.During.finish()
	r.Total.Availability.Outside.finish()
	r.Tiers = TierUtilisation(us)
	slices.SortStableFunc(r.Groups, func(a, b GroupReport) int {
		if c := strings.Compare(a.Utilisation.Tier, b.Utilisation.Tier); c != 0 {
			return c
		}
		return strings.Compare(a.Utilisation.Group, b.Utilisation.Group)
	})
	r.Recommendations = Recommend(in.Groups, in.Prices, Options{Window: in.Window, Guard: in.Guard})
	for _, x := range r.Recommendations {
		if x.HeldBack != "" {
			r.Total.HeldBack++
			continue
		}
		r.Total.Saving += x.SavingPerMonth
	}
	if r.Total.PerMonth > 0 {
		r.Total.SavingShare = r.Total.Saving / r.Total.PerMonth
	}
	if in.Cleanup != nil {
		c := *in.Cleanup
		c.Groups = in.Groups
		r.Cleanup = Cleanup(c)
	}
	if r.Recommendations == nil {
		r.Recommendations = []Recommendation{}
	}
	if r.Cleanup == nil {
		r.Cleanup = []Finding{}
	}
	return r
}

func addServed(acc *Availability, a Availability) {
	for _, p := range []struct{ to, from *Served }{{&acc.All, &a.All}, {&acc.During, &a.During}, {&acc.Outside, &a.Outside}} {
		if p.from.Known {
			p.to.add(p.from.Requests, p.from.Failed)
		}
	}
}
