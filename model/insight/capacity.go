package insight

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/solemate/hoist/model"
)

// Scenario is a question about the future load of a group: a lasting
// growth ("load grows by 30%": Factor 1.3) or a surge ("a flash sale at 3x
// for 2 hours": Factor 3, For 2h, optionally At a known start).
type Scenario struct {
	Factor float64       `json:"factor"`
	For    time.Duration `json:"for_ns,omitempty"` // 0: lasting
	At     time.Time     `json:"at,omitempty"`     // a surge's start; zero: at the busiest hour seen
}

// String reads the scenario back: "load +30%", "3× for 2h00m at 18:00 UTC".
func (s Scenario) String() string {
	if s.For == 0 {
		return fmt.Sprintf("load %+.0f%%", (s.Factor-1)*100)
	}
	out := fmt.Sprintf("%s× for %s", num(s.Factor), model.ShortDuration(s.For))
	if !s.At.IsZero() {
		out += " at " + s.At.UTC().Format("2006-01-02 15:04 UTC")
	} else {
		out += " at the busiest hour"
	}
	return out
}

// CapacityPlan is what a scenario needs of one group.
type CapacityPlan struct {
	Group     string    `json:"group"`
	Tier      string    `json:"tier"`
	Scenario  string    `json:"scenario"`
	Reference Reference `json:"reference"`
	// Now is the capacity the load needed at the reference target in the
	// hour the scenario is judged at (its p95); Needed the same under the
	// scenario.
	Now    int `json:"now"`
	Needed int `json:"needed"`
	Max    int `json:"max"`
	// MaxAllows is false when Needed is above today's max.
	MaxAllows bool `json:"max_allows"`
	// AZs is how many zones the group spans; PerAZ the instances each
	// holds at Needed, spread evenly; AZLoss the capacity that still
	// carries the load with one zone lost (the others at PerAZ' each).
	AZs    int `json:"azs"`
	PerAZ  int `json:"per_az"`
	AZLoss int `json:"az_loss_capacity"`
	// ExtraPerHour is what the instances above today's capacity at that
	// time cost an hour; Cost the surge's whole extra (ExtraPerHour × For),
	// or for a lasting growth its extra per 730-hour month.
	ExtraPerHour float64  `json:"extra_per_hour_usd"`
	Cost         float64  `json:"cost_usd"`
	Changes      []Change `json:"changes,omitempty"`
	Note         string   `json:"note,omitempty"`
}

// PlanCapacity answers a scenario for one group from its metrics: the
// capacity needed at its reference target, whether max allows it, the
// zones, what it costs, and the change that raises max ahead of it.
func PlanCapacity(d GroupData, prices model.Prices, sc Scenario, w Window) CapacityPlan {
	g := &d.Group
	ref := ReferenceOf(g)
	p := CapacityPlan{Group: g.Name, Tier: g.TierOrUntiered(), Scenario: sc.String(), Reference: ref, Max: g.Max, AZs: max(1, len(g.AZs))}
	hour, work, have := busiest(samplesOf(g, d.Series, w, ref), sc.At)
	if hour < 0 {
		p.Note = "no load measured in the window: nothing to plan from"
		return p
	}
	p.Now = int(math.Ceil(work/ref.Target - 1e-9))
	p.Needed = max(g.Min, int(math.Ceil(work*sc.Factor/ref.Target-1e-9)))
	p.MaxAllows = p.Needed <= g.Max
	p.PerAZ = ceilDiv(p.Needed, p.AZs)
	if p.AZs > 1 {
		p.AZLoss = ceilDiv(p.Needed, p.AZs-1) * p.AZs
	}
	p.ExtraPerHour = math.Max(0, float64(p.Needed)-have) * model.UnitPrice(g, prices)
	if sc.For > 0 {
		p.Cost = p.ExtraPerHour * sc.For.Hours()
	} else {
		p.Cost = p.ExtraPerHour * HoursPerMonth
	}
	if p.MaxAllows {
		return p
	}
	newMax := p.PerAZ * p.AZs // an even spread over the zones
	raise := []model.FieldChange{field("max", itoa(g.Max), itoa(newMax))}
	if sc.For == 0 || sc.At.IsZero() {
		p.Changes = []Change{{Op: OpChange, Resource: ResGroup, Group: g.Name, Fields: raise}}
		return p
	}
	start := sc.At.Add(-30 * time.Minute).UTC()
	end := sc.At.Add(sc.For + 30*time.Minute).UTC()
	p.Changes = []Change{
		{Op: OpAdd, Resource: ResSchedule, Group: g.Name, Name: "surge-raise-max", Fields: []model.FieldChange{
			set("start", start.Format(time.RFC3339)), set("max", itoa(newMax))}},
		{Op: OpAdd, Resource: ResSchedule, Group: g.Name, Name: "surge-restore-max", Fields: []model.FieldChange{
			set("start", end.Format(time.RFC3339)), set("max", itoa(g.Max))}},
	}
	return p
}

// busiest is the hour of day a scenario is judged at (at's, or the one
// with the most load), the load's p95 in that hour over the window, and
// the capacity the group ran then (its mean). hour is -1 without data.
func busiest(samples []sample, at time.Time) (hour int, work, have float64) {
	var byHour [24][]float64
	var capHour [24]struct{ sum, n float64 }
	for _, x := range samples {
		if !x.hasWork {
			continue
		}
		h := x.t.UTC().Hour()
		byHour[h] = append(byHour[h], x.work)
		capHour[h].sum += x.n
		capHour[h].n++
	}
	hour = -1
	for h := range byHour {
		if len(byHour[h]) == 0 {
			continue
		}
		slices.Sort(byHour[h])
		v := pct(byHour[h], 95)
		if at.IsZero() && v > work || !at.IsZero() && h == at.UTC().Hour() {
			hour, work = h, v
		}
	}
	if hour >= 0 {
		have = capHour[hour].sum / capHour[hour].n
	}
	return hour, work, have
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
