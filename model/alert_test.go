package model

import (
	"strings"
	"testing"
	"time"
)

func TestAlertRules(t *testing.T) {
	th := DefaultAlertThresholds()
	g := Group{Name: "web", Capacity: Capacity{Min: 1, Desired: 3, Max: 3},
		Instances: []Instance{{ID: "i-1", Lifecycle: StateInService, Health: "Healthy"}}}
	s := &Snapshot{Groups: []Group{g}, Series: map[SeriesKey][]Point{}}
	var cpu []Point
	for m := 10; m >= 0; m-- {
		cpu = append(cpu, Point{T: t0.Add(-time.Duration(m) * time.Minute), V: 90})
	}
	s.Series[SeriesKey{"web", MetricCPU}] = cpu
	var tr AlertTracker
	ids := func(as []Alert) map[string]Alert {
		m := map[string]Alert{}
		for _, a := range as {
			m[a.ID] = a
		}
		return m
	}
	got := ids(tr.Observe(s, t0, th))
	if _, ok := got[AlertCPUHigh]; !ok {
		t.Fatalf("cpu-high should fire from series alone: %v", got)
	}
	if _, ok := got[AlertAtMax]; ok {
		t.Fatal("at-max fired before 5 minutes")
	}
	got = ids(tr.Observe(s, t0.Add(5*time.Minute), th))
	first, ok := got[AlertAtMax]
	if !ok || !first.Since.Equal(t0) {
		t.Fatalf("at-max after 5m: %+v", got)
	}
	if _, ok := got[AlertNotReached]; ok {
		t.Fatal("not-reached fired before 10 minutes")
	}
	if _, ok := ids(tr.Observe(s, t0.Add(10*time.Minute), th))[AlertNotReached]; !ok {
		t.Fatal("not-reached after 10m")
	}
	// clears, then fires again: a new Since, so a new acknowledgement key
	s2 := *s
	s2.Groups = []Group{g}
	s2.Groups[0].Desired = 2
	tr.Observe(&s2, t0.Add(11*time.Minute), th)
	tr.Observe(s, t0.Add(12*time.Minute), th)
	got = ids(tr.Observe(s, t0.Add(17*time.Minute), th))
	again, ok := got[AlertAtMax]
	if !ok || again.Key() == first.Key() {
		t.Fatalf("refiring should have a new key: %v vs %v", again, first)
	}
	th.Disabled = []string{AlertCPUHigh}
	if _, ok := ids(tr.Observe(s, t0.Add(18*time.Minute), th))[AlertCPUHigh]; ok {
		t.Fatal("disabled rule fired")
	}
}

func TestConfigValidate(t *testing.T) {
	c := DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []Config{
		{Region: "mars", Alerts: DefaultAlertThresholds()},
		{Refresh: time.Millisecond, Alerts: DefaultAlertThresholds()},
		{Alerts: AlertThresholds{CPUPercent: 150}},
		{Alerts: AlertThresholds{CPUPercent: 50, Disabled: []string{"nope"}}},
		{Profiles: map[string]ProfileConfig{"a b": {}}, Alerts: DefaultAlertThresholds()},
	} {
		if err := bad.Validate(); err == nil {
			t.Fatalf("%+v accepted", bad)
		}
	}
	// The confirm guard is never off: below 100ms it would not stop a
	// double enter, above a few seconds it only gets in the way.
	for _, g := range []time.Duration{0, 50 * time.Millisecond, 6 * time.Second} {
		bad := DefaultConfig()
		bad.ConfirmGuard = g
		if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "confirm_guard") {
			t.Errorf("confirm_guard %s: %v", g, err)
		}
	}
	for _, g := range []time.Duration{100 * time.Millisecond, time.Second, 5 * time.Second} {
		ok := DefaultConfig()
		ok.ConfirmGuard = g
		if err := ok.Validate(); err != nil {
			t.Errorf("confirm_guard %s refused: %v", g, err)
		}
	}
	c.Profiles = map[string]ProfileConfig{"prod": {ReadOnly: true}}
	if !c.ReadOnlyFor("prod") || c.ReadOnlyFor("dev") {
		t.Fatal("ReadOnlyFor")
	}
}

func TestScalingAlarmsAreInformational(t *testing.T) {
	policy := "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:0f0e:autoScalingGroupName/web:policyName/cpu"
	s := &Snapshot{Alarms: []Alarm{
		{Name: "TargetTracking-web-AlarmLow-1", State: AlarmAlarm, Group: "web", Actions: []string{policy}},
		{Name: "web-5xx", State: AlarmAlarm, Group: "web", Actions: []string{policy, "arn:aws:sns:us-east-1:123456789012:oncall"}},
		{Name: "no-actions", State: AlarmAlarm},
		{Name: "quiet", State: AlarmOK, Actions: []string{"arn:aws:sns:us-east-1:123456789012:oncall"}},
	}}
	var tr AlertTracker
	got := map[string]string{}
	for _, a := range tr.Observe(s, time.Now(), DefaultAlertThresholds()) {
		got[a.Alarm] = a.Severity
	}
	want := map[string]string{"TargetTracking-web-AlarmLow-1": SeverityInfo, "web-5xx": SeverityCritical, "no-actions": SeverityCritical}
	if len(got) != len(want) {
		t.Fatalf("alerts %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: severity %q, want %q", k, got[k], v)
		}
	}
}

// A simulator run with --speed is ahead of this machine's clock; alerts
// are dated on the server's clock, the clock of AWS's timestamps, and
// judged on it ("at max for 5 minutes" of the account's time).
func TestAlertsOnTheServerClock(t *testing.T) {
	th := DefaultAlertThresholds()
	skew := 55 * time.Minute
	local := t0.Add(-skew) // the server is at t0
	g := Group{Name: "web", Capacity: Capacity{Min: 1, Desired: 3, Max: 3},
		Instances: []Instance{{ID: "i-1", Lifecycle: StateInService, Health: "Healthy"}}}
	var cpu []Point
	for m := 10; m >= 0; m-- {
		cpu = append(cpu, Point{T: t0.Add(-time.Duration(m) * time.Minute), V: 90})
	}
	s := &Snapshot{Skew: skew, Groups: []Group{g}, Series: map[SeriesKey][]Point{{"web", MetricCPU}: cpu},
		Alarms: []Alarm{{Name: "web-5xx", Group: "web", State: AlarmAlarm, StateUpdated: t0.Add(-3 * time.Minute)}}}
	var tr AlertTracker
	tr.Observe(s, local, th)
	since := map[string]time.Time{}
	for _, a := range tr.Observe(s, local.Add(th.AtMax), th) {
		since[a.ID] = a.Since
	}
	for id, want := range map[string]time.Time{AlertAtMax: t0, AlertCPUHigh: t0.Add(-10 * time.Minute), alertAlarmPrefix + "web-5xx": t0.Add(-3 * time.Minute)} {
		if got, ok := since[id]; !ok || !got.Equal(want) {
			t.Errorf("%s since %v (fired %v), want %v on the server's clock", id, got, ok, want)
		}
	}
}
