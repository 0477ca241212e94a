package main

import (
	"slices"
	"strings"
)

// Figure is one measured quantity over several runs, with the baselines it
// is compared to.
type Figure struct {
	Section string // report section title
	Note    string // what the section measures and what its baselines mean
	Name    string // row name within the section, e.g. "groups=250"
	Key     string // stable identity across reports, e.g. "aws.PollCycleSim/groups=250"
	Unit    string // e.g. "calls/cycle"
	Values  []float64
	// Baselines are comparisons measured in the same run.
	Baselines []Baseline
	// Worse is set when the median is worse than the last report's.
	Worse string
}

// Baseline is a comparison measured in the same run.
type Baseline struct {
	Label  string
	Values []float64
}

// ID identifies a figure across reports.
func (f Figure) ID() string { return f.Key + " " + f.Unit }

// HigherBetter reports whether a larger value is the better one: rates of
// service, a saving, changes made. Everything else here (time, bytes,
// calls, dollars, failures) is better lower.
func (f Figure) HigherBetter() bool {
	return strings.HasSuffix(f.Unit, "req/s") || f.Unit == "%saved" || f.Unit == "changes"
}

// baseMedian is the median of the first baseline, 0 without one.
func (f Figure) baseMedian() float64 {
	if len(f.Baselines) == 0 {
		return 0
	}
	return summarize(f.Baselines[0].Values).Median
}

// Stats is the median, min and max of a sample. In a report's data line,
// Base is the median of the figure's first baseline, when it has one.
type Stats struct {
	Median, Min, Max float64
	Base             float64 `json:",omitempty"`
}

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
