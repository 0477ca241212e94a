package chart

import (
	"math"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/solemate/hoist/model"
)

// now is the fixture's present; the data around it is a pure function of
// time, so every golden is stable.
var now = time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)

// noise is a deterministic jitter in [-1, 1) for minute i.
func noise(i int) float64 {
	x := uint32(i)*2654435761 + 12345
	x ^= x >> 13
	x *= 1274126177
	return float64(x>>8)/float64(1<<23) - 1
}

// daily is a CPU-like daily curve: low at night, high in the afternoon.
func daily(t time.Time) float64 {
	h := float64(t.Hour()) + float64(t.Minute())/60
	return 40 + 22*math.Sin(2*math.Pi*(h-9)/24)
}

// cpuActual is 24 h of 1-minute CPU up to now: the daily curve with
// jitter, a 40-minute hole five hours ago, and a surge over the last 90
// minutes that the scale-out brings down.
func cpuActual() []model.Point {
	var pts []model.Point
	for i := 24 * 60; i >= 1; i-- {
		t := now.Add(-time.Duration(i) * time.Minute)
		if i <= 5*60 && i > 5*60-40 {
			continue
		}
		v := daily(t) + 4*noise(i)
		if i <= 90 {
			v += 30 * math.Sin(math.Pi*float64(90-i)/110)
		}
		pts = append(pts, model.Point{T: t, V: math.Min(v, 100)})
	}
	return pts
}

// cpuForecast is a 15-minute forecast from two hours ago to six ahead.
func cpuForecast() []model.Point {
	var pts []model.Point
	for t := now.Add(-2 * time.Hour); !t.After(now.Add(6 * time.Hour)); t = t.Add(15 * time.Minute) {
		pts = append(pts, model.Point{T: t, V: daily(t) + 3})
	}
	return pts
}

var cpuAnnotations = []Annotation{
	{T: now.Add(-70 * time.Minute), Label: "scale-out 4 → 8"},
	{T: now.Add(-20 * time.Minute), Label: "you scaled here"},
}

func cpuSpec(from, to time.Time) Spec {
	return Spec{
		From: from, To: to,
		Series: []Series{
			{Points: cpuActual()},
			{Points: cpuForecast(), Forecast: true},
		},
		Target:      &Target{Value: 60, Label: "target 60%"},
		Annotations: cpuAnnotations,
		Unit:        "%",
		Scale:       Scale{Fixed: true, Min: 0, Max: 100},
	}
}

// steps builds a step series from (minutes before now, value) pairs.
func steps(until time.Time, every time.Duration, pairs ...float64) []model.Point {
	var pts []model.Point
	for i := 0; i+1 < len(pairs); i += 2 {
		from := now.Add(-time.Duration(pairs[i]) * time.Minute)
		end := until
		if i+2 < len(pairs) {
			end = now.Add(-time.Duration(pairs[i+2]) * time.Minute)
		}
		for t := from; t.Before(end); t = t.Add(every) {
			pts = append(pts, model.Point{T: t, V: pairs[i+1]})
		}
	}
	return pts
}

// capacitySpec is desired and in-service capacity with the min..max band
// and a capacity forecast.
func capacitySpec() Spec {
	from, to := now.Add(-6*time.Hour), now.Add(2*time.Hour)
	return Spec{
		From: from, To: to,
		Series: []Series{
			{Points: steps(now, time.Minute, 360, 4, 70, 8, 20, 12), Step: true},
			{Points: steps(now, time.Minute, 360, 4, 66, 8, 16, 12), Step: true, Alt: true},
			{Points: steps(to, 15*time.Minute, 120, 6, 60, 10, -30, 7), Step: true, Forecast: true},
		},
		Band: Band{
			Lo: []model.Point{{T: from.Add(-time.Hour), V: 2}},
			Hi: []model.Point{{T: from.Add(-time.Hour), V: 10}, {T: now.Add(-75 * time.Minute), V: 16}},
		},
		Annotations: []Annotation{
			{T: now.Add(-75 * time.Minute), Label: "max 10 → 16"},
			{T: now.Add(-20 * time.Minute), Label: "you scaled here"},
		},
	}
}

// colourInks are inks with colours, as the console passes them.
func colourInks() Inks {
	fg := func(c string) lipgloss.Style { return lipgloss.NewStyle().Foreground(lipgloss.Color(c)) }
	return Inks{
		Line: fg("#58a6ff"), Alt: fg("#a371f7"), Over: fg("#d29922").Bold(true),
		Forecast: fg("#8b949e"), Target: fg("#f85149"), Band: fg("#30363d"),
		Axis: fg("#484f58"), Annotation: fg("#e3b341"), Muted: fg("#6e7681"),
	}
}
