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
	if h.last == 0 {
		// The first hour recorded: every other slot holds no hour yet (not
		// a zero load), so older hours come from the past (hourLoad).
		for i := range h.load {
			h.load[i], h.capa[i] = float32(math.NaN()), float32(math.NaN())
		}
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

// perInstance is what an instance the group launches now serves at 100% CPU.
func (g *group) perInstance() float64 {
	_, types := g.launching().resolve()
	return g.capacityOfType(types[0])
}

// minHistory is how much history predictive scaling needs before it
// forecasts, as AWS documents.
const minHistory = 24

// historyHours counts the hours of load history the group has.
func (h *hourlyHist) historyHours() int {
	if h.last == 0 {
		return 0
	}
	n := 0
	for k := h.last; k > h.last-histHours; k-- {
		if _, _, ok := h.get(k); ok {
			n++
		}
	}
	return n
}

// predMetric describes the load and capacity model of a predictive metric
// specification.
type predMetric struct {
	spec   astypes.PredictiveScalingMetricSpecification
	kind   string // cpu, requests, netin or netout
	target float64
}

// predKinds maps predefined pair, scaling and load metric types to the
// load model they forecast.
var predKinds = map[string]string{
	"ASGCPUUtilization": "cpu", "ASGAverageCPUUtilization": "cpu", "ASGTotalCPUUtilization": "cpu",
	"ALBRequestCount": "requests", "ALBRequestCountPerTarget": "requests", "ALBTargetGroupRequestCount": "requests",
	"ASGNetworkIn": "netin", "ASGAverageNetworkIn": "netin", "ASGTotalNetworkIn": "netin",
	"ASGNetworkOut": "netout", "ASGAverageNetworkOut": "netout", "ASGTotalNetworkOut": "netout",
}

func predMetrics(p *policy) []predMetric {
	var out []predMetric
	for _, m := range p.pred.MetricSpecifications {
		pm := predMetric{spec: m, kind: "cpu", target: aws.ToFloat64(m.TargetValue)}
		switch {
		case m.PredefinedMetricPairSpecification != nil:
			pm.kind = predKinds[string(m.PredefinedMetricPairSpecification.PredefinedMetricType)]
		case m.PredefinedScalingMetricSpecification != nil:
			pm.kind = predKinds[string(m.PredefinedScalingMetricSpecification.PredefinedMetricType)]
		}
		if pm.kind == "" {
			pm.kind = "cpu" // customized metrics are forecast as CPU
		}
		if pm.target <= 0 {
			pm.target = 50
		}
		out = append(out, pm)
	}
	return out
}

// forecastLoad predicts the group's mean load in an hour from the same hour
// one and two weeks before and of the three most recent days on record.
func (s *Simulator) forecastLoad(g *group, hour int64) (float64, bool) {
	var daily, weekly []float64
	for k := int64(1); k <= 7 && len(daily) < 3; k++ {
		if l, ok := s.hourLoad(g, hour-24*k); ok {
			daily = append(daily, l)
		}
	}
	for k := int64(1); k <= 2; k++ {
		if l, ok := s.hourLoad(g, hour-168*k); ok {
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

// loadUnits turns load (rps) into the load metric's figure: total CPU
// utilisation (the sum over instances), requests per hour, or bytes a
// minute across the group.
func (g *group) loadUnits(pm predMetric, rps float64) float64 {
	switch pm.kind {
	case "requests":
		return rps * 3600
	case "netin", "netout":
		return rps * 60 * g.bytesPer(pm.kind)
	}
	return rps / g.perInstance() * 100
}

func (g *group) bytesPer(kind string) float64 {
	b, ok := bytesPerRequest[g.role.kind]
	if !ok {
		b = bytesPerRequest["generic"]
	}
	if kind == "netout" {
		return b[1]
	}
	return b[0]
}

// capacityFor is the capacity that holds the metric at its target: within
// the group's maximum, unless the policy may raise it
// (IncreaseMaxCapacity).
func (g *group) capacityFor(pm predMetric, p *policy, rps float64) float64 {
	var c float64
	switch pm.kind {
	case "requests":
		c = math.Ceil(rps * 60 / pm.target)
	case "netin", "netout":
		c = math.Ceil(rps * 60 * g.bytesPer(pm.kind) / pm.target)
	default:
		c = math.Ceil(rps / g.perInstance() * 100 / pm.target)
	}
	hi := g.max
	if p.pred.MaxCapacityBreachBehavior == astypes.PredictiveScalingMaxCapacityBreachBehaviorIncreaseMaxCapacity {
		hi = math.MaxInt32
	}
	return float64(clampi(int(c), g.min, hi))
}

// forecast answers GetPredictiveScalingForecast: hourly points in
// [start, end), no further than 48 hours past now, once the group has a
// day of history (empty lists before, as AWS answers).
func (s *Simulator) forecast(g *group, p *policy, start, end time.Time) ([]astypes.LoadForecast, *astypes.CapacityForecast) {
	limit := s.now.Truncate(time.Hour).Add(48 * time.Hour)
	if end.After(limit) {
		end = limit
	}
	pms := predMetrics(p)
	loads := make([]astypes.LoadForecast, len(pms))
	for i, pm := range pms {
		spec := pm.spec
		loads[i] = astypes.LoadForecast{MetricSpecification: &spec, Timestamps: []time.Time{}, Values: []float64{}}
	}
	capf := &astypes.CapacityForecast{Timestamps: []time.Time{}, Values: []float64{}}
	if s.loadHours(g) < minHistory {
		return loads, capf
	}
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
// scaling will not scale in below it during that hour. With
// IncreaseMaxCapacity a forecast above the maximum raises the maximum to
// the forecast plus MaxCapacityBuffer percent.
func (s *Simulator) runPredictive() {
	for _, name := range s.groupNames {
		g := s.groups[name]
		for _, p := range g.policies {
			if p.typ != ptPredictive || p.pred.Mode != astypes.PredictiveScalingModeForecastAndScale || !p.enabled {
				continue
			}
			s.predictiveStep(g, p)
		}
	}
}

func (s *Simulator) predictiveStep(g *group, p *policy) {
	buf := time.Duration(aws.ToInt32(p.pred.SchedulingBufferTime)) * time.Second
	if p.pred.SchedulingBufferTime == nil {
		buf = 5 * time.Minute
	}
	next := s.now.Add(buf).Truncate(time.Hour)
	if !s.now.Add(buf).Equal(next) {
		if s.now.Sub(next) >= time.Hour-buf {
			g.predicted = 0
		}
		return
	}
	if s.loadHours(g) < minHistory {
		return
	}
	rps, ok := s.forecastLoad(g, hourOf(next))
	if !ok {
		return
	}
	var want float64
	for _, pm := range predMetrics(p) {
		want = math.Max(want, g.capacityFor(pm, p, rps))
	}
	g.predicted = int(want)
	if int(want) > g.max {
		g.max = int(math.Ceil(want * (1 + float64(aws.ToInt32(p.pred.MaxCapacityBuffer))/100)))
	}
	if int(want) > g.desired && !g.isSuspended("ScheduledActions") {
		s.setDesired(g, int(want), fmt.Sprintf("a predictive scaling action of policy %s for %s", p.name, isoTime(next)))
	}
}
