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
