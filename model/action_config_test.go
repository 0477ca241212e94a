package model

import (
	"errors"
	"testing"
)

func exampleSettings() GroupSettings {
	return GroupSettings{HealthCheckType: ptr("ELB"), HealthCheckGraceSeconds: ptr(120), DefaultCooldownSeconds: ptr(300),
		TerminationPolicies: []string{"Default"}}
}

func exampleAlarm() AlarmSpec {
	return AlarmSpec{Name: "a", Namespace: "AWS/EC2", Metric: "CPUUtilization", Dimensions: map[string]string{"AutoScalingGroupName": "g"},
		Statistic: "Average", PeriodSeconds: 60, EvaluationPeriods: 5, Threshold: 85, Comparison: "GreaterThanThreshold"}
}

// mathAlarm is the console's at-max rule as metric math: desired minus
// max is 0 or more for five minutes.
func mathAlarm() AlarmSpec {
	q := func(id, metric string) MetricQuery {
		return MetricQuery{ID: id, Namespace: "AWS/AutoScaling", Metric: metric, Dimensions: map[string]string{"AutoScalingGroupName": "g"},
			Statistic: "Maximum", PeriodSeconds: 60}
	}
	return AlarmSpec{Name: "g-at-max", Metrics: []MetricQuery{q("m1", "GroupDesiredCapacity"), q("m2", "GroupMaxSize"),
		{ID: "e1", Expression: "m1 - m2", ReturnData: true}}, EvaluationPeriods: 5, Threshold: 0, Comparison: "GreaterThanOrEqualToThreshold"}
}

func TestValidateConfigActions(t *testing.T) {
	body := `{"widgets":[{"type":"text"}]}`
	bad := exampleAlarm()
	bad.PeriodSeconds = 45
	math := mathAlarm()
	twoReturns := mathAlarm()
	twoReturns.Metrics[0].ReturnData = true
	mixed := mathAlarm()
	mixed.Namespace = "AWS/EC2"
	tt := exampleAlarm()
	tt.Name = "TargetTracking-web-AlarmHigh-1234"
	same := exampleAlarm()
	tests := []struct {
		name     string
		a        Action
		want     string
		noChange bool
	}{
		{"settings ok", SetGroupSettings{Group: "g", From: exampleSettings(), To: GroupSettings{HealthCheckType: ptr("EC2")}}, "", false},
		{"settings bad type", SetGroupSettings{Group: "g", From: exampleSettings(), To: GroupSettings{HealthCheckType: ptr("HTTP")}}, `health check type "HTTP"`, false},
		{"settings no capacity", SetGroupSettings{Group: "g", From: exampleSettings(), To: GroupSettings{Max: ptr(3)}}, "capacity and processes have their own actions", false},
		{"settings empty termination", SetGroupSettings{Group: "g", From: exampleSettings(), To: GroupSettings{TerminationPolicies: []string{}}}, "at least one policy", false},
		{"settings same", SetGroupSettings{Group: "g", From: exampleSettings(), To: GroupSettings{DefaultCooldownSeconds: ptr(300)}}, "", true},
		{"put alarm", PutAlarm{To: exampleAlarm()}, "", false},
		{"put math alarm", PutAlarm{To: math}, "", false},
		{"put alarm bad period", PutAlarm{To: bad}, "period_seconds 45", false},
		{"math alarm two returns", PutAlarm{To: twoReturns}, "exactly one of the metrics", false},
		{"math alarm with a metric", PutAlarm{To: mixed}, "takes no namespace", false},
		{"target tracking alarm", PutAlarm{To: tt}, "belong to target tracking policies", false},
		{"put alarm same", PutAlarm{From: &same, To: exampleAlarm()}, "", true},
		{"delete alarm", DeleteAlarm{From: exampleAlarm()}, "", false},
		{"dashboard", PutDashboard{Name: "hoist-web", To: body}, "", false},
		{"dashboard not hoist's", PutDashboard{Name: "team-web", To: body}, "must start with hoist-", false},
		{"dashboard not a body", PutDashboard{Name: "hoist-web", To: `{"w":1}`}, "not a dashboard", false},
		{"dashboard same", PutDashboard{Name: "hoist-web", From: ptr(`{"widgets": [{"type": "text"}]}`), To: body}, "", true},
		{"delete dashboard not hoist's", DeleteDashboard{Name: "team-web", From: body}, "must start with hoist-", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkValidation(t, Validate(tt.a, false), tt.want, tt.noChange) })
	}
}

// TestCheckConfigActions: each action against the state re-read just
// before sending: what someone else changed since is a conflict, a
// resource gone is refused, and the state already there is no change.
// An alarm without the managed tag is never deleted.
func TestCheckConfigActions(t *testing.T) {
	g := &Group{Name: "g", HealthCheckType: "ELB", HealthCheckGrace: 120e9, DefaultCooldown: 300e9, TerminationPolicies: []string{"Default"}}
	moved := *g
	moved.DefaultCooldown = 60e9
	alarm := exampleAlarm()
	edited := exampleAlarm()
	edited.Threshold = 90
	managed := &LiveAlarm{AlarmSpec: alarm, Tags: map[string]string{ManagedTag: "true"}}
	theirs := &LiveAlarm{AlarmSpec: alarm}
	body, other := `{"widgets":[]}`, `{"widgets":[{"type":"text"}]}`
	var conflict *ConflictError
	var invalidErr *ValidationError
	tests := []struct {
		name string
		a    Action
		cur  Current
		want any // nil, ErrNoChange, &conflict or &invalidErr
	}{
		{"settings", SetGroupSettings{Group: "g", From: GroupSettingsOf(g), To: GroupSettings{DefaultCooldownSeconds: ptr(30)}}, Current{Group: g}, nil},
		{"settings moved", SetGroupSettings{Group: "g", From: GroupSettingsOf(g), To: GroupSettings{DefaultCooldownSeconds: ptr(30)}}, Current{Group: &moved}, &conflict},
		{"settings other field moved", SetGroupSettings{Group: "g", From: GroupSettingsOf(g), To: GroupSettings{HealthCheckType: ptr("EC2")}}, Current{Group: &moved}, nil},
		{"settings group gone", SetGroupSettings{Group: "g", From: GroupSettingsOf(g), To: GroupSettings{DefaultCooldownSeconds: ptr(30)}}, Current{}, &invalidErr},
		{"create", PutAlarm{To: alarm}, Current{}, nil},
		{"create, made meanwhile the same", PutAlarm{To: alarm}, Current{AlarmConfig: managed}, ErrNoChange},
		{"create, made meanwhile otherwise", PutAlarm{To: edited}, Current{AlarmConfig: managed}, &conflict},
		{"update", PutAlarm{From: &alarm, To: edited}, Current{AlarmConfig: managed}, nil},
		{"update, edited meanwhile", PutAlarm{From: &edited, To: alarm}, Current{AlarmConfig: &LiveAlarm{AlarmSpec: exampleAlarm(), Tags: managed.Tags}}, ErrNoChange},
		{"update, gone", PutAlarm{From: &alarm, To: edited}, Current{}, &invalidErr},
		{"tag", TagAlarm{Alarm: "a"}, Current{AlarmConfig: theirs}, nil},
		{"tag, tagged already", TagAlarm{Alarm: "a"}, Current{AlarmConfig: managed}, ErrNoChange},
		{"delete managed", DeleteAlarm{From: alarm}, Current{AlarmConfig: managed}, nil},
		{"delete unmanaged", DeleteAlarm{From: alarm}, Current{AlarmConfig: theirs}, &invalidErr},
		{"delete edited meanwhile", DeleteAlarm{From: edited}, Current{AlarmConfig: managed}, &conflict},
		{"delete gone", DeleteAlarm{From: alarm}, Current{}, ErrNoChange},
		{"put dashboard", PutDashboard{Name: "hoist-web", To: body}, Current{}, nil},
		{"put dashboard, written meanwhile", PutDashboard{Name: "hoist-web", To: body}, Current{Dashboard: &other}, &conflict},
		{"put dashboard, edited meanwhile", PutDashboard{Name: "hoist-web", From: &body, To: other}, Current{Dashboard: ptr(`{"widgets":[{"type":"metric"}]}`)}, &conflict},
		{"delete dashboard", DeleteDashboard{Name: "hoist-web", From: body}, Current{Dashboard: &body}, nil},
		{"delete dashboard gone", DeleteDashboard{Name: "hoist-web", From: body}, Current{}, ErrNoChange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCurrent(tt.a, tt.cur)
			switch want := tt.want.(type) {
			case nil:
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
			case error:
				if !errors.Is(err, want) {
					t.Fatalf("got %v, want %v", err, want)
				}
			default:
				if !errors.As(err, want) {
					t.Fatalf("got %v (%T), want %T", err, err, want)
				}
			}
		})
	}
}

// TestConfigChangesNameFileFields: the journal's field changes are the
// files' field names, a metric math alarm's by query id, and a deleted
// alarm's are all of it (what a revert puts back).
func TestConfigChangesNameFileFields(t *testing.T) {
	a := SetGroupSettings{Group: "g", From: exampleSettings(), To: GroupSettings{HealthCheckGraceSeconds: ptr(60), TerminationPolicies: []string{"OldestInstance", "Default"}}}
	got := a.Changes()
	if len(got) != 2 || got[0] != (FieldChange{"health_check_grace_seconds", "120", "60"}) || got[1] != (FieldChange{"termination_policies", "Default", "OldestInstance, Default"}) {
		t.Errorf("settings changes %v", got)
	}
	m := mathAlarm()
	created := PutAlarm{To: m}.Changes()
	want := map[string]string{"metrics.e1.expression": "m1 - m2", "metrics.e1.return_data": "true", "metrics.m2.metric": "GroupMaxSize",
		"metrics.m1.dimensions.AutoScalingGroupName": "g", "tags." + ManagedTag: "true", "threshold": "0"}
	for _, c := range created {
		if v, ok := want[c.Field]; ok && v == c.After && c.Before == Unset {
			delete(want, c.Field)
		}
		if c.Field == "period_seconds" || c.Field == "metrics.m1.id" {
			t.Errorf("a metric math alarm lists %s", c.Field)
		}
	}
	if len(want) > 0 {
		t.Errorf("created changes lack %v: %v", want, created)
	}
	del := DeleteAlarm{From: exampleAlarm()}.Changes()
	if len(del) < 10 || del[0].After != Unset {
		t.Errorf("delete changes %v", del)
	}
}
