package main

import (
	"slices"
)

// Figure is one measured quantity over several runs, with the baselines it
// is compared to.
type Figure struct {
	Section   string // report section, e.g. "API calls"
	Name      string // e.g. "BenchmarkPollCycle/groups=250"
	Unit      string // e.g. "calls/cycle"
	Values    []float64
	Baselines []Baseline
	// Worse is set when the median is worse than the last report's.
	Worse string
}

// Baseline is a comparison measured in the same run.
type Baseline struct {
	Label  string
	Values []float64
}

// Key identifies a figure across reports.
func (f Figure) Key() string { return f.Name + " " + f.Unit }

// Stats is the median, min and max of a sample.
type Stats struct{ Median, Min, Max float64 }

func summarize(vs []float64) Stats {
	if len(vs) == 0 {
		return Stats{}
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Stats{Median: m, Min: s[0], Max: s[len(s)-1]}
}
