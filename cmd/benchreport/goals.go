package main

import "fmt"

// goals are the targets issue 10 set, by figure (Figure.ID): each is the
// most a figure's median may be. A section holding one shows a goal
// column, and whether the median meets it.
var goals = map[string]float64{
	"aws.PollMinuteSim/groups=1000 calls/minute":                           100,
	"aws.PollMinuteSim/groups=5000 calls/minute":                           200,
	secScale.Key + "/requests a minute, 1000 groups requests/min":          100,
	secScale.Key + "/requests a minute, 5000 groups requests/min":          200,
	secScale.Key + "/key press to next frame, slowest 10%, 5000 groups ms": 50,
	secScale.Key + "/console CPU over a minute, 5000 groups % of a core":   15,
	secScale.Key + "/peak RSS, 1000 groups MiB":                            80,
	secScale.Key + "/peak RSS, 5000 groups MiB":                            250,
}

// goal is f's goal as the report shows it, and false without one.
func (f Figure) goal() (string, bool) {
	g, ok := goals[f.ID()]
	if !ok {
		return "", false
	}
	verdict := "met"
	if summarize(f.Values).Median > g {
		verdict = "missed"
	}
	return fmt.Sprintf("≤ %s (%s)", num(g), verdict), true
}
