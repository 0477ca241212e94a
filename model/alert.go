package model

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
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
	AlertCertExpiring   = "certificate-expiring" // fired per certificate: the id is this, ":" and its ARN
	AlertUnevenLoad     = "uneven-load"          // fired per load balancer: the id is this, ":" and its ARN
	alertAlarmPrefix    = "alarm:"
)

// ruleIDs are the console's own rules, the ids alerts.disabled takes.
var ruleIDs = []string{AlertAtMax, AlertUnhealthy, AlertFailedActivity, AlertNotReached, AlertCPUHigh, AlertCertExpiring, AlertUnevenLoad}

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
	// A certificate a listener serves alerts (warning) with fewer than
	// CertWarnDays days left, loudly (critical) with fewer than
	// CertCritDays. Zero is the default.
	CertWarnDays int `yaml:"cert_warning"`
	CertCritDays int `yaml:"cert_critical"`
	// A load balancer's load is uneven when its busiest zone takes
	// UnevenRatio times an even share of its requests (flows on an NLB)
	// for UnevenFor. A zero ratio is the default.
	UnevenRatio float64       `yaml:"uneven_ratio"`
	UnevenFor   time.Duration `yaml:"uneven_for"`
}

// Defaults of the load balancer rules.
const (
	DefaultCertWarningDays  = 30
	DefaultCertCriticalDays = 7
	DefaultUnevenRatio      = 1.5
	DefaultUnevenFor        = 10 * time.Minute
)

// DefaultAlertThresholds are the rules as issue 4 sets them.
func DefaultAlertThresholds() AlertThresholds {
	return AlertThresholds{
		AtMax:        5 * time.Minute,
		Unhealthy:    2 * time.Minute,
		NotReached:   10 * time.Minute,
		CPUPercent:   85,
		CPUFor:       5 * time.Minute,
		FailedWithin: time.Hour,
		CertWarnDays: DefaultCertWarningDays,
		CertCritDays: DefaultCertCriticalDays,
		UnevenRatio:  DefaultUnevenRatio,
		UnevenFor:    DefaultUnevenFor,
	}
}

// Validate checks the thresholds are usable, in words.
func (t AlertThresholds) Validate() error {
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"at_max", t.AtMax}, {"unhealthy", t.Unhealthy}, {"not_reached", t.NotReached}, {"cpu_for", t.CPUFor}, {"failed_within", t.FailedWithin},
		{"uneven_for", t.UnevenFor}} {
		if d.v < 0 || d.v > 7*24*time.Hour {
			return fmt.Errorf("alerts.%s: %s is not between 0 and 7 days", d.name, d.v)
		}
	}
	if t.CPUPercent <= 0 || t.CPUPercent > 100 {
		return fmt.Errorf("alerts.cpu_percent: %g is not a percentage between 0 and 100", t.CPUPercent)
	}
	if err := t.validateLB(); err != nil {
		return err
	}
	for _, id := range t.Disabled {
		if !slices.Contains(ruleIDs, id) {
			return fmt.Errorf("alerts.disabled: no rule %q (rules: %s)", id, strings.Join(ruleIDs, ", "))
		}
	}
	return nil
}

// validateLB checks the load balancer rules' thresholds.
func (t AlertThresholds) validateLB() error {
	w, c := t.certDays()
	switch {
	case t.CertWarnDays < 0 || t.CertWarnDays > 365:
		return fmt.Errorf("alerts.cert_warning: %d is not a number of days between 1 and 365", t.CertWarnDays)
	case t.CertCritDays < 0 || t.CertCritDays > 365:
		return fmt.Errorf("alerts.cert_critical: %d is not a number of days between 1 and 365", t.CertCritDays)
	case c > w:
		return fmt.Errorf("alerts.cert_warning (%d days) must be at least alerts.cert_critical (%d days): the loud alert comes closer to expiry", w, c)
	case t.UnevenRatio != 0 && (t.UnevenRatio <= 1 || t.UnevenRatio > 10):
		return fmt.Errorf("alerts.uneven_ratio: %g is not above 1 (an even share) and at most 10", t.UnevenRatio)
	}
	return nil
}

// Enabled reports whether the rule id is on.
func (t AlertThresholds) Enabled(id string) bool { return t.enabled(id) }

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
	// Region is where it fires, set by a console that watches several
	// regions (Key does not name it: the journal's entry does).
	Region string
}

// Key is the alert's acknowledgement key.
func (a Alert) Key() string { return AckTarget(a.Group, a.ID, a.Since) }

// AlertTracker remembers since when each rule's condition has held, across
// snapshots, so "at max for 5 minutes" can be judged. It is the one piece of
// rule state; the console keeps it and feeds it every snapshot.
type AlertTracker struct {
	since map[holdKey]time.Time
}

// holdKey is one rule on one group (a load balancer rule's key names its
// load balancer, with no group).
type holdKey struct{ group, rule string }

// Observe evaluates every rule against s at now (the local clock) and
// returns the alerts that fire, worst and newest first. It judges, and
// dates the alerts, on the server's clock (now plus the snapshot's Skew),
// the clock of every AWS timestamp.
func (tr *AlertTracker) Observe(s *Snapshot, now time.Time, th AlertThresholds) []Alert {
	now = now.Add(s.Skew)
	if tr.since == nil {
		tr.since = map[holdKey]time.Time{}
	}
	seen := map[holdKey]bool{}
	var out []Alert
	// hold reports since when cond has held for key, and records it.
	hold := func(key holdKey, cond bool) time.Time {
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
	for i := range s.Groups {
		g := &s.Groups[i]
		if th.enabled(AlertAtMax) {
			if t := hold(holdKey{g.Name, AlertAtMax}, g.AtMax()); !t.IsZero() && now.Sub(t) >= th.AtMax {
				out = append(out, Alert{ID: AlertAtMax, Group: g.Name, Severity: SeverityWarning, Since: t,
					Text: fmt.Sprintf("%s at max %d for %s", g.Name, g.Max, ShortDuration(now.Sub(t)))})
			}
		}
		if th.enabled(AlertUnhealthy) {
			n := unhealthyTargets(s, g)
			if t := hold(holdKey{g.Name, AlertUnhealthy}, n > 0); !t.IsZero() && now.Sub(t) >= th.Unhealthy {
				out = append(out, Alert{ID: AlertUnhealthy, Group: g.Name, Severity: SeverityCritical, Since: t,
					Text: fmt.Sprintf("%s has %d unhealthy for %s", g.Name, n, ShortDuration(now.Sub(t)))})
			}
		}
		if th.enabled(AlertNotReached) {
			c := g.Counts()
			if t := hold(holdKey{g.Name, AlertNotReached}, c.InService < g.Desired); !t.IsZero() && now.Sub(t) >= th.NotReached {
				out = append(out, Alert{ID: AlertNotReached, Group: g.Name, Severity: SeverityWarning, Since: t,
					Text: fmt.Sprintf("%s desired %d not reached (%d in service) for %s", g.Name, g.Desired, c.InService, ShortDuration(now.Sub(t)))})
			}
		}
		if th.enabled(AlertCPUHigh) {
			if start, v, ok := aboveSince(s.Series[SeriesKey{g.Name, MetricCPU}], th.CPUPercent); ok && now.Sub(start) >= th.CPUFor {
				out = append(out, Alert{ID: AlertCPUHigh, Group: g.Name, Severity: SeverityWarning, Since: start,
					Text: fmt.Sprintf("%s CPU %.0f%% above %.0f%% for %s", g.Name, v, th.CPUPercent, ShortDuration(now.Sub(start)))})
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
			if now.Sub(end) > th.FailedWithin {
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
	out = append(out, lbAlerts(s, now, th, func(key string, cond bool) time.Time { return hold(holdKey{rule: key}, cond) })...)
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
	slices.SortStableFunc(as, func(a, b Alert) int {
		if ra, rb := rank[a.Severity], rank[b.Severity]; ra != rb {
			return cmp.Compare(ra, rb)
		}
		if c := b.Since.Compare(a.Since); c != 0 {
			return c
		}
		return strings.Compare(a.Key(), b.Key())
	})
}

// unhealthyTargets counts g's unhealthy targets where target health was
// fetched, otherwise its instances Auto Scaling holds unhealthy.
func unhealthyTargets(s *Snapshot, g *Group) int {
	n, fetched := 0, false
	for _, arn := range g.TargetGroupARNs {
		tg, ok := s.TargetGroup(arn)
		if !ok || (tg.TargetsFetched.IsZero() && len(tg.Targets) == 0) {
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

// lbAlerts are the load balancer rules: a certificate a listener serves
// expiring, and a load balancer whose busiest zone takes more than its
// share, at now on the server's clock. hold is Observe's: since when a
// condition has held.
func lbAlerts(s *Snapshot, now time.Time, th AlertThresholds, hold func(string, bool) time.Time) []Alert {
	var out []Alert
	if th.enabled(AlertCertExpiring) {
		out = append(out, certAlerts(s, now, th)...)
	}
	if !th.enabled(AlertUnevenLoad) {
		return out
	}
	ratio, window := th.UnevenRatio, th.UnevenFor
	if ratio == 0 {
		ratio = DefaultUnevenRatio
	}
	if window <= 0 {
		window = 5 * time.Minute // a few points, so one minute's blip is not a verdict
	}
	for i := range s.LoadBalancers {
		lb := &s.LoadBalancers[i]
		d := DistributionOf(s, lb, nil, window, now)
		e := d.Evenness
		id := AlertUnevenLoad + ":" + lb.ARN
		if t := hold(id, e.Judged && e.Ratio >= ratio); !t.IsZero() {
			out = append(out, Alert{ID: id, Severity: SeverityWarning, Since: t,
				Text: fmt.Sprintf("%s: %s takes %.0f%% of its %s, %.1f× an even share (%.0f%%), over %s",
					lb.Name, e.Busiest, 100*e.Share, d.Measure, e.Ratio, 100*e.Even, ShortDuration(window))})
		}
	}
	return out
}

// certAlerts fire for each certificate a listener serves with fewer days
// left than the thresholds allow, at now on the server's clock. A firing begins when the certificate
// crossed the threshold, so it is the same firing (one acknowledgement)
// until the loud threshold starts another.
func certAlerts(s *Snapshot, now time.Time, th AlertThresholds) []Alert {
	users := map[string][]string{} // certificate → listeners
	for _, lb := range s.LoadBalancers {
		for _, l := range lb.Listeners {
			for _, c := range l.Certificates {
				users[c] = append(users[c], fmt.Sprintf("%s:%d", lb.Name, l.Port))
			}
		}
	}
	warn, crit := th.certDays()
	var out []Alert
	for _, c := range s.Certificates {
		on := users[c.ARN]
		if len(on) == 0 || c.NotAfter.IsZero() {
			continue
		}
		days := c.DaysLeft(now)
		sev := th.CertExpiry(days)
		if sev == ExpiryOK {
			continue
		}
		since := c.NotAfter.AddDate(0, 0, -warn)
		if sev == ExpiryUrgent {
			since = c.NotAfter.AddDate(0, 0, -crit)
		}
		when := fmt.Sprintf("expires in %s (%s)", plural(days, "day"), c.NotAfter.UTC().Format("2006-01-02"))
		switch {
		case days < 0:
			when = fmt.Sprintf("expired %s ago", ShortDuration(now.Sub(c.NotAfter)))
		case days == 0:
			when = "expires within a day (" + c.NotAfter.UTC().Format("2006-01-02 15:04 UTC") + ")"
		}
		out = append(out, Alert{ID: AlertCertExpiring + ":" + c.ARN, Severity: sev, Since: since,
			Text: fmt.Sprintf("certificate %s on %s %s", c.CertName(), strings.Join(on, ", "), when)})
	}
	return out
}

// plural is "1 day", "4 days".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
