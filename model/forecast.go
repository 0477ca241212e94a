package model

import (
	"math"
	"slices"
	"strings"
	"time"
)

// The predictive forecast of a group, and how good it has been: the mean
// absolute percentage error of the hourly load forecast against the load
// as CloudWatch measured it (docs/aws-facts.md: Scaling policies).

// Forecast is one predictive policy's forecast.
type Forecast struct {
	Policy string `json:"policy"`
	Mode   string `json:"mode"`
	// Metric names the load the forecast is of: the metric pair, or the
	// load metric.
	Metric   string    `json:"metric"`
	Load     []Point   `json:"load"`     // hourly load forecast
	Capacity []Point   `json:"capacity"` // hourly capacity forecast
	Updated  time.Time `json:"updated,omitzero"`
	// Actual is the load as measured, hourly, over the accuracy window.
	Actual   []Point  `json:"actual,omitempty"`
	Accuracy Accuracy `json:"accuracy"`
}

// Accuracy is a forecast's mean absolute percentage error over the hours
// it could be compared with what happened.
type Accuracy struct {
	MAPE  float64   `json:"mape_percent"` // percent
	Hours int       `json:"hours"`        // hours compared; 0: none could be
	From  time.Time `json:"from,omitzero"`
	To    time.Time `json:"to,omitzero"`
}

// Known reports whether any hour could be compared.
func (a Accuracy) Known() bool { return a.Hours > 0 }

// MAPE compares a forecast with what happened, hour by hour: the mean of
// |actual - forecast| / actual, in percent, over the hours both hold (an
// hour whose actual is 0 has no percentage error and is left out).
func MAPE(forecast, actual []Point) Accuracy {
	want := make(map[int64]float64, len(forecast))
	for _, p := range forecast {
		want[p.T.Truncate(time.Hour).Unix()] = p.V
	}
	var sum float64
	var a Accuracy
	for _, p := range actual {
		f, ok := want[p.T.Truncate(time.Hour).Unix()]
		if !ok || p.V <= 0 || math.IsNaN(p.V) || math.IsNaN(f) {
			continue
		}
		sum += math.Abs(p.V-f) / p.V
		a.Hours++
		if a.From.IsZero() || p.T.Before(a.From) {
			a.From = p.T
		}
		if p.T.After(a.To) {
			a.To = p.T
		}
	}
	if a.Hours > 0 {
		a.MAPE = 100 * sum / float64(a.Hours)
	}
	return a
}

// Hourly folds points into one per hour, at the hour: their mean, or
// their sum. Hours with no point are left out; the current, incomplete
// hour (at or after until) too.
func Hourly(points []Point, sum bool, until time.Time) []Point {
	type acc struct {
		v float64
		n int
	}
	byHour := map[int64]*acc{}
	for _, p := range points {
		h := p.T.Truncate(time.Hour)
		if h.Add(time.Hour).After(until) {
			continue
		}
		a := byHour[h.Unix()]
		if a == nil {
			a = &acc{}
			byHour[h.Unix()] = a
		}
		a.v += p.V
		a.n++
	}
	out := make([]Point, 0, len(byHour))
	for h, a := range byHour {
		v := a.v
		if !sum {
			v /= float64(a.n)
		}
		out = append(out, Point{T: time.Unix(h, 0).UTC(), V: v})
	}
	slices.SortFunc(out, func(a, b Point) int { return a.T.Compare(b.T) })
	return out
}

// LoadQuery is how to measure the load a predictive policy forecasts:
// one CloudWatch series at one-minute periods, folded into hours.
type LoadQuery struct {
	Spec MetricSpec
	// Sum: an hour's load is the sum of its minutes (requests); otherwise
	// their mean (CPU and network summed over the group's instances).
	Sum bool
}

// ForecastLoadQuery is the CloudWatch series whose hourly values the load
// forecast of p predicts, for group. ok is false for a load metric hoist
// cannot measure (customized metrics).
func ForecastLoadQuery(p *PredictiveSpec, group string) (LoadQuery, bool) {
	metric := p.Metric
	if metric == "" {
		metric = p.LoadMetric
	}
	key := SeriesKey{Group: group, Metric: "load"}
	byGroup := []Dimension{{Name: "AutoScalingGroupName", Value: group}}
	ec2 := func(name string) (LoadQuery, bool) {
		return LoadQuery{Spec: MetricSpec{Key: key, Namespace: "AWS/EC2", Name: name, Dimensions: byGroup, Stat: "Sum", Scale: 1}}, true
	}
	switch metric {
	case "ASGCPUUtilization", "ASGTotalCPUUtilization":
		return ec2("CPUUtilization")
	case "ASGNetworkIn", "ASGTotalNetworkIn":
		return ec2("NetworkIn")
	case "ASGNetworkOut", "ASGTotalNetworkOut":
		return ec2("NetworkOut")
	case MetricPairALBRequestCount, MetricLoadALBRequestCount:
		lb, tg, ok := strings.Cut(p.ResourceLabel, "/targetgroup/")
		if !ok {
			return LoadQuery{}, false
		}
		dims := []Dimension{{Name: "LoadBalancer", Value: lb}, {Name: "TargetGroup", Value: "targetgroup/" + tg}}
		return LoadQuery{Spec: MetricSpec{Key: key, Namespace: "AWS/ApplicationELB", Name: "RequestCount", Dimensions: dims,
			Stat: "Sum", Unit: "req", Scale: 1}, Sum: true}, true
	}
	return LoadQuery{}, false
}

// AccuracyWindow is how far back the accuracy figure compares the forecast
// with what happened: hoist's choice, within the 14 days of history a
// forecast is made from.
const AccuracyWindow = 7 * 24 * time.Hour

// ForecastAhead is how far ahead hoist asks for a forecast: AWS's most
// (docs/aws-facts.md: Scaling policies).
const ForecastAhead = 48 * time.Hour
