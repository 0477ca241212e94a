package model

import "time"

// Visible is what the console has on screen, so the poller fetches only
// that: CPU for the group rows in view, every detail series and target
// health for the selected group, over the range shown.
type Visible struct {
	Groups   []string      // group rows on screen
	Selected string        // the selected group, "" for none
	Range    time.Duration // metrics range shown: 15m, 1h, 3h or 24h
	// All makes every group a row, for a one-shot report (hoist status).
	All bool
	// Overview overrides the series fetched per row; nil is OverviewMetrics.
	Overview []Metric

	// LoadBalancers are the load balancers shown in detail, by ARN (or
	// name): the load balancer screen's selected one. For each, the
	// poller reads its target groups' target health and attributes, its
	// listeners' certificate lists and rules, and the series of its
	// charts and load distribution (LBMetricSpecs) over Range. The
	// listeners and certificates of every load balancer are read anyway,
	// on the slow load balancer cadence.
	LoadBalancers []string
	// AllLoadBalancers shows every load balancer in detail, for a
	// one-shot report (hoist lb).
	AllLoadBalancers bool
}

// ShowsLoadBalancer reports whether lb is shown in detail.
func (v Visible) ShowsLoadBalancer(lb *LoadBalancer) bool {
	if v.AllLoadBalancers {
		return true
	}
	for _, ref := range v.LoadBalancers {
		if ref == lb.ARN || ref == lb.Name {
			return true
		}
	}
	return false
}

// RowMetrics is the series fetched for each row.
func (v Visible) RowMetrics() []Metric {
	if v.Overview != nil {
		return v.Overview
	}
	return OverviewMetrics
}

// Ranges are the metric ranges the console offers.
var Ranges = []time.Duration{15 * time.Minute, time.Hour, 3 * time.Hour, 24 * time.Hour}

// PeriodFor is the metric period that keeps a range to at most 360 points.
func PeriodFor(r time.Duration) time.Duration {
	p := time.Minute
	for r/p > 360 {
		p *= 5
	}
	return p
}
