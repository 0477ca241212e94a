package model

import (
	"fmt"
	"sort"
	"time"
)

// Alert severities, worst last.
const (
	SeverityInfo     = "info"
	SeverityWarning  = "warning"
	SeverityCritical = "critical"
)

// Alert ids of the console's own rules; a CloudWatch alarm's alert id is
// "alarm:" and its name.
const (
	AlertAtMax          = "at-max"
	AlertUnhealthy      = "unhealthy-targets"
	AlertFailedActivity = "failed-activity"
	AlertNotReached     = "desired-not-reached"
	AlertCPUHigh        = "cpu-high"
	alertAlarmPrefix    = "alarm:"
)

// AlertThresholds configure the console's own alert rules. A zero duration
// fires as soon as the condition is seen.
type AlertThresholds struct {
	AtMax        time.Duration `yaml:"at_max"`        // group at max for this long
	Unhealthy    time.Duration `yaml:"unhealthy"`     // unhealthy targets for this long
	NotReached   time.Duration `yaml:"not_reached"`   // desired not reached for this long
	CPUPercent   float64       `yaml:"cpu_percent"`   // CPU above this ...
	CPUFor       time.Duration `yaml:"cpu_for"`       // ... for this long
	FailedWithin time.Duration `yaml:"failed_within"` // failed activities this recent
	Disabled     []string      `yaml:"disabled,flow"` // rule ids switched off
}

// DefaultAlertThresholds are the rules as issue 4 sets them.
func DefaultAlertThresholds() AlertThresholds {
	return AlertThresholds{
		AtMax:        5 * time.Minute,
		Unhealthy:    2 * time.Minute,
		NotReached:   10 * time.Minute,
		CPUPercent:   85,
		CPUFor:       5 * time.Minute,
		FailedWithin: time.Hour,
	}
}

// Validate checks the thresholds are usable, in words.
func (t AlertThresholds) Validate() error {
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"at_max", t.AtMax}, {"unhealthy", t.Unhealthy}, {"not_reached", t.NotReached}, {"cpu_for", t.CPUFor}, {"failed_within", t.FailedWithin}} {
		if d.v < 0 || d.v > 7*24*time.Hour {
			return fmt.Errorf("alerts.%s: %s is not between 0 and 7 days", d.name, d.v)
		}
	}
	if t.CPUPercent <= 0 || t.CPUPercent > 100 {
		return fmt.Errorf("alerts.cpu_percent: %g is not a percentage between 0 and 100", t.CPUPercent)
	}
	for _, id := range t.Disabled {
		switch id {
		case AlertAtMax, AlertUnhealthy, AlertFailedActivity, AlertNotReached, AlertCPUHigh:
		default:
			return fmt.Errorf("alerts.disabled: no rule %q (rules: %s, %s, %s, %s, %s)", id,
				AlertAtMax, AlertUnhealthy, AlertFailedActivity, AlertNotReached, AlertCPUHigh)
		}
	}
	return nil
}

func (t AlertThresholds) enabled(id string) bool {
	for _, d := range t.Disabled {
		if d == id {
			return false
		}
	}
	return true
}

// Alert is one firing condition: a CloudWatch alarm in ALARM or one of the
// console's rules. ID, Group and Since name the firing; acknowledging it
// (AckTarget) does not cover a later firing of the same rule.
type Alert struct {
	ID       string
	Group    string // "" for an alarm not tied to a group
	Severity string
	Since    time.Time // when the condition began
	Text     string    // untrusted parts (names, reasons) are not yet sanitised
	Alarm    string    // the CloudWatch alarm name, for alarm alerts
}

// Key is the alert's acknowledgement key.
func (a Alert) Key() string { return AckTarget(a.Group, a.ID, a.Since) }

// AlertTracker remembers since when each rule's condition has held, across
// snapshots, so "at max for 5 minutes" can be judged. It is the one piece of
// rule state; the console keeps it and feeds it every snapshot.
type AlertTracker struct {
	since map[string]time.Time
}

// Observe evaluates every rule against s at now (the local clock; series
// times are shifted by the snapshot's Skew) and returns the alerts that
// fire, worst and newest first.
func (tr *AlertTracker) Observe(s *Snapshot, now time.Time, th AlertThresholds) []Alert {
	if tr.since == nil {
		tr.since = map[string]time.Time{}
	}
	seen := map[string]bool{}
	var out []Alert
	// hold reports since when cond has held for key, and records it.
	hold := func(key string, cond bool) time.Time {
		if !cond {
			return time.Time{}
		}
		seen[key] = true
		t, ok := tr.since[key]
		if !ok {
			t = now
			tr.since[key] = t
		}
		return t
	}
	for _, a := range s.Alarms {
		if a.State != AlarmAlarm {
			continue
		}
		sev, word := SeverityCritical, "alarm "
		if a.ScalingOnly() {
			// A scaling alarm in ALARM is a policy at work (target
			// tracking's AlarmLow sits there whenever a group is idle),
			// not a page: the rules above catch scaling that fails.
			sev, word = SeverityInfo, "scaling alarm "
		}
		out = append(out, Alert{ID: alertAlarmPrefix + a.Name, Group: a.Group, Severity: sev,
			Since: a.StateUpdated, Alarm: a.Name, Text: word + a.Name + ": " + a.StateReason})
	}
	serverNow := now.Add(s.Skew)
	for i := range s.Groups {
		g := &s.Groups[i]
		if th.enabled(AlertAtMax) {
			if t := hold(g.Name+"/"+AlertAtMax, g.AtMax()); !t.IsZero() && now.Sub(t) >= th.AtMax {
				out = append(out, Alert{ID: AlertAtMax, Group: g.Name, Severity: SeverityWarning, Since: t,
					Text: fmt.Sprintf("%s at max %d for %s", g.Name, g.Max, ShortDuration(now.Sub(t)))})
			}
		}
		if th.enabled(AlertUnhealthy) {
			n := unhealthyTargets(s, g)
			if t := hold(g.Name+"/"+AlertUnhealthy, n > 0); !t.IsZero() && now.Sub(t) >= th.Unhealthy {
				out = append(out, Alert{ID: AlertUnhealthy, Group: g.Name, Severity: SeverityCritical, Since: t,
					Text: fmt.Sprintf("%s has %d unhealthy for %s", g.Name, n, ShortDuration(now.Sub(t)))})
			}
		}
		if th.enabled(AlertNotReached) {
			c := g.Counts()
			if t := hold(g.Name+"/"+AlertNotReached, c.InService < g.Desired); !t.IsZero() && now.Sub(t) >= th.NotReached {
				out = append(out, Alert{ID: AlertNotReached, Group: g.Name, Severity: SeverityWarning, Since: t,
					Text: fmt.Sprintf("%s desired %d not reached (%d in service) for %s", g.Name, g.Desired, c.InService, ShortDuration(now.Sub(t)))})
			}
		}
		if th.enabled(AlertCPUHigh) {
			if start, v, ok := aboveSince(s.Series[SeriesKey{g.Name, MetricCPU}], th.CPUPercent); ok && serverNow.Sub(start) >= th.CPUFor {
				out = append(out, Alert{ID: AlertCPUHigh, Group: g.Name, Severity: SeverityWarning, Since: start.Add(-s.Skew),
					Text: fmt.Sprintf("%s CPU %.0f%% above %.0f%% for %s", g.Name, v, th.CPUPercent, ShortDuration(serverNow.Sub(start)))})
			}
		}
	}
	if th.enabled(AlertFailedActivity) {
		for _, a := range s.Activities {
			if a.Status != ActivityFailed {
				continue
			}
			end := a.End
			if end.IsZero() {
				end = a.Start
			}
			if serverNow.Sub(end) > th.FailedWithin {
				continue
			}
			msg := a.StatusMessage
			if msg == "" {
				msg = a.Description
			}
			out = append(out, Alert{ID: AlertFailedActivity, Group: a.Group, Severity: SeverityCritical, Since: a.Start,
				Text: a.Group + " scaling failed: " + msg})
		}
	}
	for k := range tr.since {
		if !seen[k] {
			delete(tr.since, k) // cleared: a new firing gets a new Since
		}
	}
	SortAlerts(out)
	return out
}

// SortAlerts orders alerts worst first, then newest, then by key.
func SortAlerts(as []Alert) {
	rank := map[string]int{SeverityCritical: 0, SeverityWarning: 1, SeverityInfo: 2}
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i], as[j]
		if rank[a.Severity] != rank[b.Severity] {
			return rank[a.Severity] < rank[b.Severity]
		}
		if !a.Since.Equal(b.Since) {
			return a.Since.After(b.Since)
		}
		return a.Key() < b.Key()
	})
}

// unhealthyTargets counts g's unhealthy targets where target health was
// fetched, otherwise its instances Auto Scaling holds unhealthy.
func unhealthyTargets(s *Snapshot, g *Group) int {
	n, fetched := 0, false
	for _, tg := range s.TargetGroupsOf(g) {
		if tg.TargetsFetched.IsZero() && len(tg.Targets) == 0 {
			continue
		}
		fetched = true
		n += tg.Counts().Unhealthy
	}
	if !fetched {
		n = g.Counts().Unhealthy
	}
	return n
}

// aboveSince returns when the newest unbroken run of points above limit
// began, and the newest value; ok is false when the newest point is not
// above limit.
func aboveSince(pts []Point, limit float64) (start time.Time, last float64, ok bool) {
	if len(pts) == 0 || pts[len(pts)-1].V <= limit {
		return time.Time{}, 0, false
	}
	last = pts[len(pts)-1].V
	start = pts[len(pts)-1].T
	for i := len(pts) - 1; i >= 0 && pts[i].V > limit; i-- {
		start = pts[i].T
	}
	return start, last, true
}
