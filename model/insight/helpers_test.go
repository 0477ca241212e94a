package insight

import (
	"math"
	"time"

	"github.com/solemate/hoist/model"
)

// monday is the start of the synthetic fortnights.
var monday = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)

func days(n int) Window { return Window{monday, monday.Add(time.Duration(n) * 24 * time.Hour)} }

// gen samples f every period over w.
func gen(w Window, p time.Duration, f func(time.Time) float64) []model.Point {
	var out []model.Point
	for t := w.From; t.Before(w.To); t = t.Add(p) {
		out = append(out, model.Point{T: t, V: f(t)})
	}
	return out
}

// diurnal is a daily curve between lo and hi, peaking at 20:00 UTC.
func diurnal(lo, hi float64) func(time.Time) float64 {
	return func(t time.Time) float64 {
		h := float64(t.Hour()) + float64(t.Minute())/60
		return lo + (hi-lo)*(0.5+0.5*math.Cos(2*math.Pi*(h-20)/24))
	}
}

// businessHours is hi on weekdays 08:00-18:00 UTC and lo otherwise.
func businessHours(lo, hi float64) func(time.Time) float64 {
	return func(t time.Time) float64 {
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday && t.Hour() >= 8 && t.Hour() < 18 {
			return hi
		}
		return lo
	}
}

// world is a group that follows load the way target tracking does:
// work is CPU percent times instances, capacity the instances needed at
// the target within min and max (or fixed, when fixed > 0).
type world struct {
	min, max, fixed int
	target          float64
	work            func(time.Time) float64 // in CPU percent x instances
	mem             float64                 // memory percent, 0 for none
	p99             float64                 // ms
	errShare        float64                 // share of requests failed
	busiest         float64                 // the busiest instance's CPU over the average, 0 for unread
}

func (w world) series(win Window) Series {
	s := Series{Period: 5 * time.Minute}
	for t := win.From; t.Before(win.To); t = t.Add(s.Period) {
		work := w.work(t)
		n := float64(w.fixed)
		if w.fixed == 0 {
			n = math.Max(float64(w.min), math.Min(float64(w.max), math.Ceil(work/w.target-1e-9)))
		}
		cpu := work / n
		s.Instances = append(s.Instances, model.Point{T: t, V: n})
		s.Desired = append(s.Desired, model.Point{T: t, V: n})
		s.CPU = append(s.CPU, model.Point{T: t, V: cpu})
		if w.busiest > 0 {
			s.CPUMax = append(s.CPUMax, model.Point{T: t, V: math.Min(100, cpu*w.busiest)})
		}
		if w.mem > 0 {
			s.Memory = append(s.Memory, model.Point{T: t, V: w.mem})
		}
		req := work * 100
		s.Requests = append(s.Requests, model.Point{T: t, V: req})
		s.Target5xx = append(s.Target5xx, model.Point{T: t, V: req * w.errShare})
		if w.p99 > 0 {
			s.P99 = append(s.P99, model.Point{T: t, V: w.p99})
		}
	}
	return s
}

func ttPolicy(name string, target float64) model.Policy {
	return model.Policy{Name: name, Type: model.PolicyTargetTracking, Enabled: true,
		Target: &model.TargetTracking{Metric: "ASGAverageCPUUtilization", Value: target}}
}

func group(name, tier, itype string, min, max int, pols ...model.Policy) model.Group {
	g := model.Group{Name: name, Tier: tier, Tags: map[string]string{"Tier": tier},
		Capacity: model.Capacity{Min: min, Desired: min, Max: max}, Policies: pols,
		InstanceTypes: []string{itype}, OnDemandPercent: 100, AZs: []string{"us-east-1a", "us-east-1b", "us-east-1c"}}
	for i := 0; i < min; i++ {
		g.Instances = append(g.Instances, model.Instance{ID: "i-" + name + itoa(i), Type: itype, AZ: g.AZs[i%3],
			Lifecycle: model.StateInService, Health: "Healthy"})
	}
	return g
}

func prices() model.Prices {
	p := model.BuiltinPrices("us-east-1")
	p.Spot["m6i.large"] = 0.035
	p.Spot["m5.large"] = 0.036
	return p
}
