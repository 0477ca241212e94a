package sim

import (
	"fmt"
	"math"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

func hourOf(t time.Time) int64 { return t.Unix() / 3600 }

func (h *hourlyHist) put(hour int64, load, capa float64) {
	if h.last != 0 && hour <= h.last-histHours {
		return
	}
	if hour > h.last {
		for k := h.last + 1; k < hour && k > hour-histHours; k++ {
			i := k % histHours
			h.load[i], h.capa[i] = float32(math.NaN()), float32(math.NaN())
		}
		h.last = hour
	}
	i := hour % histHours
	h.load[i], h.capa[i] = float32(load), float32(capa)
}

func (h *hourlyHist) get(hour int64) (load, capa float64, ok bool) {
	if h.last == 0 || hour > h.last || hour <= h.last-histHours {
		return 0, 0, false
	}
	i := hour % histHours
	l := h.load[i]
	if l != l {
		return 0, 0, false
	}
	return float64(l), float64(h.capa[i]), true
}

// recordHour accumulates a minute of load and capacity into the hour.
func (s *Simulator) recordHour(g *group, load, capa float64) {
	h := &g.hourly
	hr := hourOf(s.now.Add(-time.Second))
	if h.accHour != hr {
		if h.accN > 0 {
			h.put(h.accHour, h.accLoad/float64(h.accN), h.accCap/float64(h.accN))
		}
		h.accHour, h.accLoad, h.accCap, h.accN = hr, 0, 0, 0
	}
	h.accLoad += load
	h.accCap += capa
	h.accN++
}

// backfillHistory writes 14 days of hourly history from the traffic model
// (with the capacity a 50% target would have held), so forecasts work from
// the first minute.
func (s *Simulator) backfillHistory() {
	end := hourOf(s.now)
	for _, name := range s.groupNames {
		g := s.groups[name]
		per := g.perInstance()
		for h := end - 14*24; h < end; h++ {
			t := time.Unix(h*3600, 0).UTC()
			l := (s.baseLoad(g, t.Add(15*time.Minute)) + s.baseLoad(g, t.Add(45*time.Minute))) / 2
			c := clampi(int(math.Ceil(l/(per*0.5))), g.min, g.max)
			g.hourly.put(h, l, float64(c))
		}
	}
}

// perInstance is what an instance the group launches now serves at 100% CPU.
func (g *group) perInstance() float64 {
	_, types := g.launching().resolve()
	return g.capacityOfType(types[0])
}

// predMetric describes the load and capacity model of a predictive metric
// specification.
type predMetric struct {
	spec   astypes.PredictiveScalingMetricSpecification
	kind   string // cpu or requests
	target float64
}

func predMetrics(p *policy) []predMetric {
	var out []predMetric
	for _, m := range p.pred.MetricSpecifications {
		pm := predMetric{spec: m, kind: "cpu", target: aws.ToFloat64(m.TargetValue)}
		if m.PredefinedMetricPairSpecification != nil && m.PredefinedMetricPairSpecification.PredefinedMetricType == astypes.PredefinedMetricPairTypeALBRequestCount {
			pm.kind = "requests"
		}
		if m.PredefinedScalingMetricSpecification != nil && m.PredefinedScalingMetricSpecification.PredefinedMetricType == astypes.PredefinedScalingMetricTypeALBRequestCountPerTarget {
			pm.kind = "requests"
		}
		if pm.target <= 0 {
			pm.target = 50
		}
		out = append(out, pm)
	}
	return out
}

// forecastLoad predicts the group's mean load in an hour from the same hour
// one and two weeks before and the same hour of the last three days,
// using only history older than a day before that hour.
func (s *Simulator) forecastLoad(g *group, hour int64) (float64, bool) {
	var daily, weekly []float64
	for k := int64(1); k <= 3; k++ {
		if l, _, ok := g.hourly.get(hour - 24*k); ok {
			daily = append(daily, l)
		}
	}
	for k := int64(1); k <= 2; k++ {
		if l, _, ok := g.hourly.get(hour - 168*k); ok {
			weekly = append(weekly, l)
		}
	}
	mean := func(v []float64) float64 {
		var t float64
		for _, x := range v {
			t += x
		}
		return t / float64(len(v))
	}
	switch {
	case len(daily) > 0 && len(weekly) > 0:
		return 0.5*mean(daily) + 0.5*mean(weekly), true
	case len(daily) > 0:
		return mean(daily), true
	case len(weekly) > 0:
		return mean(weekly), true
	}
	return 0, false
}

// loadUnits turns load (rps) into the load metric's hourly figure:
// total CPU utilisation (sum over instances) or requests per hour.
func (g *group) loadUnits(pm predMetric, rps float64) float64 {
	if pm.kind == "requests" {
		return rps * 3600
	}
	return rps / g.perInstance() * 100
}

func (g *group) capacityFor(pm predMetric, p *policy, rps float64) float64 {
	var c float64
	if pm.kind == "requests" {
		c = math.Ceil(rps * 60 / pm.target)
	} else {
		c = math.Ceil(rps / g.perInstance() * 100 / pm.target)
	}
	hi := g.max
	if p.pred.MaxCapacityBreachBehavior == astypes.PredictiveScalingMaxCapacityBreachBehaviorIncreaseMaxCapacity {
		hi += g.max * int(aws.ToInt32(p.pred.MaxCapacityBuffer)) / 100
	}
	return float64(clampi(int(c), g.min, hi))
}

// forecast answers GetPredictiveScalingForecast: hourly points in
// [start, end), no further than 48 hours past now.
func (s *Simulator) forecast(g *group, p *policy, start, end time.Time) ([]astypes.LoadForecast, *astypes.CapacityForecast) {
	limit := s.now.Truncate(time.Hour).Add(48 * time.Hour)
	if end.After(limit) {
		end = limit
	}
	pms := predMetrics(p)
	loads := make([]astypes.LoadForecast, len(pms))
	for i, pm := range pms {
		spec := pm.spec
		loads[i].MetricSpecification = &spec
	}
	capf := &astypes.CapacityForecast{}
	for t := start.Truncate(time.Hour); t.Before(end); t = t.Add(time.Hour) {
		rps, ok := s.forecastLoad(g, hourOf(t))
		if !ok {
			continue
		}
		var best float64
		for i, pm := range pms {
			loads[i].Timestamps = append(loads[i].Timestamps, t)
			loads[i].Values = append(loads[i].Values, round3(g.loadUnits(pm, rps)))
			best = math.Max(best, g.capacityFor(pm, p, rps))
		}
		capf.Timestamps = append(capf.Timestamps, t)
		capf.Values = append(capf.Values, best)
	}
	return loads, capf
}

// runPredictive acts for ForecastAndScale policies: SchedulingBufferTime
// before each hour the group's capacity is raised to the forecast; dynamic
// scaling will not scale in below it during that hour.
func (s *Simulator) runPredictive() {
	for _, name := range s.groupNames {
		g := s.groups[name]
		for _, p := range g.policies {
			if p.typ != ptPredictive || p.pred.Mode != astypes.PredictiveScalingModeForecastAndScale || !p.enabled {
				continue
			}
			buf := time.Duration(aws.ToInt32(p.pred.SchedulingBufferTime)) * time.Second
			if p.pred.SchedulingBufferTime == nil {
				buf = 5 * time.Minute
			}
			next := s.now.Add(buf).Truncate(time.Hour)
			if !s.now.Add(buf).Equal(next) {
				if s.now.Sub(next) >= time.Hour-buf {
					g.predicted = 0
				}
				continue
			}
			rps, ok := s.forecastLoad(g, hourOf(next))
			if !ok {
				continue
			}
			var want float64
			for _, pm := range predMetrics(p) {
				want = math.Max(want, g.capacityFor(pm, p, rps))
			}
			g.predicted = int(want)
			if int(want) > g.max {
				g.max = int(want) // IncreaseMaxCapacity
			}
			if int(want) > g.desired && !g.isSuspended("ScheduledActions") {
				s.setDesired(g, int(want), fmt.Sprintf("a predictive scaling action of policy %s for %s", p.name, isoTime(next)))
			}
		}
	}
}
