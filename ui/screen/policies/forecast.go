package policies

import (
	"fmt"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/chart"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// A predictive policy's forecast (US-6): GetPredictiveScalingForecast's
// hourly load and capacity forecasts drawn dotted over the load as
// CloudWatch measured it and the group's capacity, from a day back to
// two days ahead, and how accurate the load forecast has been.

// forecastBack and forecastAhead are the window the charts show: a day
// of the past beside the forecast's 48 hours.
const (
	forecastBack  = 24 * time.Hour
	forecastAhead = model.ForecastAhead
)

// forecastLines are the forecast of p in h lines: its accuracy and the
// next hour, then the load chart and, with room, the capacity chart.
func (s *Screen) forecastLines(env *screen.Env, p model.Policy, w, h int) []string {
	st := &env.St
	d, ok := env.Detail(s.group)
	if !ok {
		return nil
	}
	f, ok := d.Forecast(p.Name)
	if !ok {
		why := "no forecast read"
		if e := d.Errors["forecast"]; e != "" {
			why = "the forecast was not read: " + e
		}
		return []string{env.Styled(st.Warn, text.Printable(why), w)}
	}
	out := []string{env.Styled(st.Base, accuracyLine(f), w)}
	if len(f.Load) == 0 {
		return append(out, env.Styled(st.Muted, "no forecast yet: AWS forecasts once the group has 24 hours of history", w))
	}
	out = append(out, env.Styled(st.Base, s.nextHourLine(env, f), w))
	room := h - len(out)
	load, capacity := chartRows(room)
	if load == 0 {
		return out
	}
	out = append(out, env.Styled(st.Muted, "load "+text.Printable(f.Metric)+": measured ─, forecast ┄ (hourly)", w))
	out = append(out, chart.Render(s.loadSpec(env, f), w, load)...)
	if capacity > 0 {
		out = append(out, env.Styled(st.Muted, "capacity: desired and in service ─, forecast ┄", w))
		out = append(out, chart.Render(s.capacitySpec(env, f), w, capacity)...)
	}
	return out
}

// chartRows shares room between the load chart and the capacity chart,
// each with a label line: both from 12 rows, the load alone from 5.
func chartRows(room int) (load, capacity int) {
	switch {
	case room >= 12:
		load = (room - 2) * 55 / 100
		return load, room - 2 - load
	case room >= 5:
		return room - 1, 0
	}
	return 0, 0
}

// accuracyLine is the forecast's mean absolute percentage error.
func accuracyLine(f model.Forecast) string {
	a := f.Accuracy
	if !a.Known() {
		return fmt.Sprintf("%s, %s: accuracy not known yet (no hour to compare the forecast with)", f.Mode, f.Metric)
	}
	return fmt.Sprintf("%s, %s: accuracy %.1f%%, the mean absolute error of the load forecast over its last %d hours",
		f.Mode, f.Metric, a.MAPE, a.Hours)
}

// nextHourLine is the forecast for the hour ahead beside the group now.
func (s *Screen) nextHourLine(env *screen.Env, f model.Forecast) string {
	next := env.ServerNow().Truncate(time.Hour).Add(time.Hour)
	load, capacity := pointAt(f.Load, next), pointAt(f.Capacity, next)
	line := fmt.Sprintf("next hour (%s): load %s, capacity %s", env.ClockShort(next), screen.Compact(load), screen.Compact(capacity))
	if g, ok := env.Group(s.group); ok {
		line += fmt.Sprintf("; the group now: desired %d (min %d, max %d)", g.Desired, g.Min, g.Max)
	}
	if f.Mode == model.ForecastOnly {
		line += "; ForecastOnly: it does not scale"
	}
	return line
}

// pointAt is the value of the hourly point at t, NaN-free: 0 when none.
func pointAt(pts []model.Point, t time.Time) float64 {
	for _, p := range pts {
		if p.T.Equal(t) {
			return p.V
		}
	}
	return 0
}

func (s *Screen) window(env *screen.Env) chart.Spec {
	now := env.ServerNow()
	return chart.Spec{From: now.Add(-forecastBack), To: now.Add(forecastAhead), Location: env.Loc, ASCII: env.ASCII,
		Inks: env.St.Chart, Sanitize: text.Printable, Annotations: []chart.Annotation{{T: now, Label: "now"}}}
}

// loadSpec is the load: measured (hourly) and forecast.
func (s *Screen) loadSpec(env *screen.Env, f model.Forecast) chart.Spec {
	spec := s.window(env)
	spec.Series = []chart.Series{{Points: f.Actual}, {Points: f.Load, Forecast: true}}
	return spec
}

// capacitySpec is the capacity: desired and in service as CloudWatch
// has them (over the range the console reads) and the forecast.
func (s *Screen) capacitySpec(env *screen.Env, f model.Forecast) chart.Spec {
	spec := s.window(env)
	series := func(m model.Metric) []model.Point {
		if env.Snap == nil {
			return nil
		}
		return env.Snap.Series[model.SeriesKey{Group: s.group, Metric: m}]
	}
	spec.Series = []chart.Series{{Points: series(model.MetricDesired), Step: true}, {Points: series(model.MetricInService), Step: true, Alt: true},
		{Points: f.Capacity, Forecast: true, Step: true}}
	return spec
}
