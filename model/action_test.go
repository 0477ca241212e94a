package model

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

func TestValidate(t *testing.T) {
	c := Capacity{Min: 2, Desired: 4, Max: 10}
	tests := []struct {
		name     string
		a        Action
		readOnly bool
		want     string // substring of the error; "" for none
		noChange bool
	}{
		{"desired within limits", SetDesired{Group: "web", From: c, Desired: 5}, false, "", false},
		{"desired above max", SetDesired{Group: "web", From: c, Desired: 45}, false, "desired 45 is above max 10: raise max first", false},
		{"desired above max, raise max", SetDesired{Group: "web", From: c, Desired: 45, AdjustLimits: true}, false, "", false},
		{"desired below min", SetDesired{Group: "web", From: c, Desired: 1}, false, "desired 1 is below min 2: lower min first", false},
		{"desired below min, lower min", SetDesired{Group: "web", From: c, Desired: 1, AdjustLimits: true}, false, "", false},
		{"desired negative", SetDesired{Group: "web", From: c, Desired: -1, AdjustLimits: true}, false, "desired -1 is negative", false},
		{"desired unchanged", SetDesired{Group: "web", From: c, Desired: 4}, false, "", true},
		{"desired no group", SetDesired{From: c, Desired: 5}, false, "no group named", false},
		{"read-only forbids", SetDesired{Group: "web", From: c, Desired: 5}, true, "read-only", false},

		{"limits ok", SetLimits{Group: "web", From: c, To: Capacity{1, 4, 20}}, false, "", false},
		{"limits min above max", SetLimits{Group: "web", From: c, To: Capacity{8, 6, 5}}, false, "min 8 is above max 5", false},
		{"limits negative", SetLimits{Group: "web", From: c, To: Capacity{-1, 4, 10}}, false, "min -1 is negative", false},
		{"limits beyond int32", SetLimits{Group: "web", From: c, To: Capacity{1, 4294967297, 4294967297}}, false, "desired 4294967297 is above 100000", false},
		{"desired huge, raise max", SetDesired{Group: "web", From: c, Desired: 4294967297, AdjustLimits: true}, false, "above 100000", false},
		{"limits desired above", SetLimits{Group: "web", From: c, To: Capacity{2, 11, 10}}, false, "desired 11 is above max 10", false},
		{"limits desired below", SetLimits{Group: "web", From: c, To: Capacity{5, 4, 10}}, false, "desired 4 is below min 5", false},
		{"limits unchanged", SetLimits{Group: "web", From: c, To: c}, false, "", true},
		{"limits read-only", SetLimits{Group: "web", From: c, To: Capacity{1, 4, 20}}, true, "read-only", false},

		{"suspend ok", SuspendProcesses{Group: "web", Processes: FreezeScaling()}, false, "", false},
		{"suspend unknown", SuspendProcesses{Group: "web", Processes: []string{"Launch", "Reboot"}}, false, `unknown process "Reboot"`, false},
		{"suspend none", SuspendProcesses{Group: "web"}, false, "at least one process", false},
		{"suspend already", SuspendProcesses{Group: "web", Processes: []string{"Launch"}, From: []string{"Launch"}}, false, "", true},
		{"suspend read-only", SuspendProcesses{Group: "web", Processes: []string{"Launch"}}, true, "read-only", false},
		{"resume ok", ResumeProcesses{Group: "web", Processes: []string{"Launch"}, From: []string{"Launch"}}, false, "", false},
		{"resume not suspended", ResumeProcesses{Group: "web", Processes: []string{"Launch"}}, false, "", true},
		{"resume unknown", ResumeProcesses{Group: "web", Processes: []string{"launch"}}, false, "unknown process", false},

		{"policy target ok", EditPolicy{Group: "web", Policy: "cpu", Type: PolicyTargetTracking, Metric: "ASGAverageCPUUtilization",
			From: PolicySettings{true, 50, false}, To: PolicySettings{true, 60, false}}, false, "", false},
		{"policy target over 100%", EditPolicy{Group: "web", Policy: "cpu", Type: PolicyTargetTracking, Metric: "ASGAverageCPUUtilization",
			From: PolicySettings{true, 50, false}, To: PolicySettings{true, 150, false}}, false, "above 100", false},
		{"policy requests may exceed 100", EditPolicy{Group: "web", Policy: "req", Type: PolicyTargetTracking, Metric: "ALBRequestCountPerTarget",
			From: PolicySettings{true, 500, false}, To: PolicySettings{true, 1500, false}}, false, "", false},
		{"policy target zero", EditPolicy{Group: "web", Policy: "cpu", Type: PolicyTargetTracking,
			From: PolicySettings{true, 50, false}, To: PolicySettings{true, 0, false}}, false, "must be above 0", false},
		{"policy step has no target", EditPolicy{Group: "web", Policy: "s", Type: PolicyStep,
			From: PolicySettings{Enabled: true}, To: PolicySettings{Enabled: true, TargetValue: 3}}, false, "only target-tracking", false},
		{"policy disable", EditPolicy{Group: "web", Policy: "s", Type: PolicyStep,
			From: PolicySettings{Enabled: true}, To: PolicySettings{Enabled: false}}, false, "", false},
		{"policy unchanged", EditPolicy{Group: "web", Policy: "s", Type: PolicyStep,
			From: PolicySettings{Enabled: true}, To: PolicySettings{Enabled: true}}, false, "", true},
		{"policy read-only", EditPolicy{Group: "web", Policy: "s", Type: PolicyStep,
			From: PolicySettings{Enabled: true}, To: PolicySettings{Enabled: false}}, true, "read-only", false},
		{"delete policy", DeletePolicy{Group: "web", Policy: "s", Type: PolicyStep}, false, "", false},
		{"delete policy read-only", DeletePolicy{Group: "web", Policy: "s"}, true, "read-only", false},
		{"execute simple", ExecutePolicy{Group: "web", Policy: "s", Type: PolicySimple, From: c}, false, "", false},
		{"execute step needs value", ExecutePolicy{Group: "web", Policy: "s", Type: PolicyStep, From: c}, false, "needs a metric value", false},
		{"execute step", ExecutePolicy{Group: "web", Policy: "s", Type: PolicyStep, From: c, MetricValue: ptr(90.0)}, false, "", false},
		{"execute target tracking", ExecutePolicy{Group: "web", Policy: "t", Type: PolicyTargetTracking, From: c}, false, "only simple and step", false},
		{"execute read-only", ExecutePolicy{Group: "web", Policy: "s", Type: PolicySimple, From: c}, true, "read-only", false},

		{"health ok", SetInstanceHealth{Group: "web", Instance: "i-1", From: "Healthy", Health: HealthUnhealthy}, false, "", false},
		{"health bad value", SetInstanceHealth{Group: "web", Instance: "i-1", From: "Healthy", Health: "Sick"}, false, "Healthy or Unhealthy", false},
		{"health same", SetInstanceHealth{Group: "web", Instance: "i-1", From: "Healthy", Health: "Healthy"}, false, "", true},
		{"health read-only", SetInstanceHealth{Group: "web", Instance: "i-1", From: "Healthy", Health: HealthUnhealthy}, true, "read-only", false},
		{"terminate", TerminateInstance{Group: "web", Instance: "i-1", From: c}, false, "", false},
		{"terminate decrement below min", TerminateInstance{Group: "web", Instance: "i-1", Decrement: true, From: Capacity{2, 2, 4}}, false, "below min 2", false},
		{"terminate read-only", TerminateInstance{Group: "web", Instance: "i-1", From: c}, true, "read-only", false},
		{"standby", EnterStandby{Group: "web", Instance: "i-1", From: c}, false, "", false},
		{"standby decrement below min", EnterStandby{Group: "web", Instance: "i-1", Decrement: true, From: Capacity{4, 4, 4}}, false, "below min 4", false},
		{"standby read-only", EnterStandby{Group: "web", Instance: "i-1", From: c}, true, "read-only", false},
		{"exit standby at max", ExitStandby{Group: "web", Instance: "i-1", From: Capacity{1, 4, 4}}, false, "above max 4", false},
		{"exit standby read-only", ExitStandby{Group: "web", Instance: "i-1", From: c}, true, "read-only", false},

		{"ack allowed read-only", Acknowledge{Alert: "hoist:at-max:web"}, true, "", false},
		{"ack needs id", Acknowledge{}, false, "no alert named", false},
		{"mute ok", MuteAlarm{Alarm: "a", For: time.Hour}, false, "", false},
		{"mute too long", MuteAlarm{Alarm: "a", For: 30 * 24 * time.Hour}, false, "between 1 minute", false},
		{"mute too short", MuteAlarm{Alarm: "a", For: time.Second}, false, "between 1 minute", false},
		{"mute read-only", MuteAlarm{Alarm: "a", For: time.Hour}, true, "read-only", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkValidation(t, Validate(tt.a, tt.readOnly), tt.want, tt.noChange) })
	}
}

// checkValidation: err is ErrNoChange when noChange, nil when want is
// "", and otherwise an error that contains want.
func checkValidation(t *testing.T, err error, want string, noChange bool) {
	t.Helper()
	switch {
	case noChange:
		if !errors.Is(err, ErrNoChange) {
			t.Fatalf("got %v, want ErrNoChange", err)
		}
	case want == "":
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
	case err == nil:
		t.Fatalf("got nil, want %q", want)
	case !strings.Contains(err.Error(), want):
		t.Fatalf("got %q, want it to contain %q", err, want)
	}
}

// examples is one valid action of every kind, as an operator would send
// it against exampleGroup and exampleTG.
func examples() []Action {
	c := Capacity{1, 2, 3}
	hc := exampleTG().HealthCheck
	to := hc
	to.Interval = 10 * time.Second
	return append([]Action{
		SetDesired{Group: "g", From: c, Desired: 3}, SetLimits{Group: "g", From: c, To: Capacity{1, 2, 4}},
		SuspendProcesses{Group: "g", Processes: []string{"Launch"}}, ResumeProcesses{Group: "g", Processes: []string{"Launch"}, From: []string{"Launch"}},
		EditPolicy{Group: "g", Policy: "p", Type: PolicySimple, From: PolicySettings{Enabled: true}},
		DeletePolicy{Group: "g", Policy: "p"}, ExecutePolicy{Group: "g", Policy: "p", Type: PolicySimple, From: c},
		SetInstanceHealth{Group: "g", Instance: "i", From: "Healthy", Health: HealthUnhealthy},
		TerminateInstance{Group: "g", Instance: "i", From: c}, EnterStandby{Group: "g", Instance: "i", From: c},
		ExitStandby{Group: "g", Instance: "i", From: c}, MuteAlarm{Alarm: "a", For: time.Hour},
		Acknowledge{Alert: "hoist:at-max:g", Group: "g"},
		EditHealthCheck{TargetGroup: "arn:tg", Name: "tg", Protocol: "HTTP", From: hc, To: to},
		EditAttributes{TargetGroup: "arn:tg", Name: "tg", Protocol: "HTTP", From: map[string]string{"slow_start.duration_seconds": "0"}, To: map[string]string{"slow_start.duration_seconds": "60"}},
		RegisterTargets{TargetGroup: "arn:tg", Name: "tg", Instances: []string{"i-2"}},
		DeregisterTargets{TargetGroup: "arn:tg", Name: "tg", Instances: []string{"i"}, From: []string{"i"}, Delay: 5 * time.Minute},
		EditListener{Listener: "arn:l", Name: "lb:443", Protocol: "HTTPS", From: ListenerTLS{"ELBSecurityPolicy-2016-08", certA},
			To: ListenerTLS{"ELBSecurityPolicy-TLS13-1-2-2021-06", certA}},
		AddListenerCertificates{Listener: "arn:l", Name: "lb:443", Protocol: "HTTPS", Certificates: []string{certB}, From: []string{certA}},
		RemoveListenerCertificates{Listener: "arn:l", Name: "lb:443", Protocol: "HTTPS", Certificates: []string{certB}, From: []string{certA, certB}},
		SetGroupSettings{Group: "g", From: exampleSettings(), To: GroupSettings{DefaultCooldownSeconds: ptr(60)}},
		PutAlarm{To: exampleAlarm()}, TagAlarm{Alarm: "a"}, DeleteAlarm{From: exampleAlarm()},
		PutDashboard{Name: "hoist-web", To: `{"widgets":[]}`}, DeleteDashboard{Name: "hoist-web", From: `{"widgets":[]}`},
	}, policyExamples()...)
}

// Every kind has an example, and only Acknowledge changes nothing in AWS.
func TestExamplesCoverEveryKind(t *testing.T) {
	seen := map[Kind]bool{}
	for _, a := range examples() {
		if seen[a.Kind()] {
			t.Errorf("two examples of %s", a.Kind())
		}
		seen[a.Kind()] = true
		if err := Validate(a, false); err != nil {
			t.Errorf("%s: the example is invalid: %v", a.Kind(), err)
		}
		if len(a.Changes()) == 0 {
			t.Errorf("%s: no field changes", a.Kind())
		}
		if a.Mutating() && a.Precondition().Kind == RefNone {
			t.Errorf("%s changes AWS without re-reading anything", a.Kind())
		}
	}
	for _, k := range Kinds() {
		if !seen[k] {
			t.Errorf("no example of %s", k)
		}
	}
	if len(seen) != len(Kinds()) {
		t.Errorf("%d examples, %d kinds", len(seen), len(Kinds()))
	}
}

// Every mutating action kind must be refused in read-only mode, before its
// own rules: a new kind that forgets Mutating would fail here.
func TestReadOnlyForbidsEveryMutatingKind(t *testing.T) {
	for _, a := range examples() {
		if a.Kind() == KindAcknowledge {
			if a.Mutating() || Validate(a, true) != nil {
				t.Errorf("acknowledging must work under read-only")
			}
			continue
		}
		if !a.Mutating() {
			t.Errorf("%s: not mutating", a.Kind())
		}
		if err := Validate(a, true); !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s: got %v, want ErrReadOnly", a.Kind(), err)
		}
	}
	// Read-only comes first, even for an action its own rules refuse.
	if err := Validate(SetDesired{Group: "g", Desired: -1}, true); !errors.Is(err, ErrReadOnly) {
		t.Errorf("an invalid action under read-only: got %v, want ErrReadOnly", err)
	}
}

func TestCheckCurrent(t *testing.T) {
	g := &Group{
		Name:     "web",
		Capacity: Capacity{2, 4, 10},
		Instances: []Instance{
			{ID: "i-1", Lifecycle: StateInService, Health: "Healthy"},
			{ID: "i-2", Lifecycle: "Terminating:Wait", Health: "Healthy"},
			{ID: "i-3", Lifecycle: StateStandby, Health: "Healthy"},
		},
		Suspended: []string{"AZRebalance"},
		Policies: []Policy{{Name: "cpu", Type: PolicyTargetTracking, Enabled: true,
			Target: &TargetTracking{Metric: "ASGAverageCPUUtilization", Value: 50}}},
	}
	seen := Capacity{2, 4, 10}
	tests := []struct {
		name     string
		a        Action
		conflict bool
		invalid  string
	}{
		{"desired as seen", SetDesired{Group: "web", From: seen, Desired: 5}, false, ""},
		{"desired changed", SetDesired{Group: "web", From: Capacity{2, 3, 10}, Desired: 5}, true, ""},
		{"limits changed", SetLimits{Group: "web", From: Capacity{2, 4, 8}, To: Capacity{2, 4, 9}}, true, ""},
		{"suspend unrelated change ignored", SuspendProcesses{Group: "web", Processes: []string{"Launch"}}, false, ""},
		{"suspend same process changed", SuspendProcesses{Group: "web", Processes: []string{"AZRebalance", "Launch"}}, true, ""},
		{"policy as seen", EditPolicy{Group: "web", Policy: "cpu", Type: PolicyTargetTracking, From: PolicySettings{true, 50, false}}, false, ""},
		{"policy changed", EditPolicy{Group: "web", Policy: "cpu", Type: PolicyTargetTracking, From: PolicySettings{true, 40, false}}, true, ""},
		{"policy gone", DeletePolicy{Group: "web", Policy: "nope"}, false, "no longer exists"},
		{"execute desired changed", ExecutePolicy{Group: "web", Policy: "cpu", From: Capacity{2, 3, 10}}, true, ""},
		{"health as seen", SetInstanceHealth{Group: "web", Instance: "i-1", From: "Healthy", Health: HealthUnhealthy}, false, ""},
		{"health changed", SetInstanceHealth{Group: "web", Instance: "i-1", From: HealthUnhealthy, Health: "Healthy"}, true, ""},
		{"instance gone", TerminateInstance{Group: "web", Instance: "i-9", From: seen}, false, "no longer in web"},
		{"already terminating", TerminateInstance{Group: "web", Instance: "i-2", From: seen}, true, ""},
		{"standby of standby", EnterStandby{Group: "web", Instance: "i-3", From: seen}, true, ""},
		{"exit standby", ExitStandby{Group: "web", Instance: "i-3", From: seen}, false, ""},
		{"exit standby in service", ExitStandby{Group: "web", Instance: "i-1", From: seen}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCurrent(tt.a, Current{Group: g})
			var ce *ConflictError
			switch {
			case tt.conflict:
				if !errors.As(err, &ce) {
					t.Fatalf("got %v, want a conflict", err)
				}
				if !strings.Contains(err.Error(), "nothing was sent") {
					t.Fatalf("conflict message %q does not say nothing was sent", err)
				}
			case tt.invalid != "":
				if err == nil || !strings.Contains(err.Error(), tt.invalid) {
					t.Fatalf("got %v, want %q", err, tt.invalid)
				}
			case err != nil:
				t.Fatalf("unexpected error: %v", err)
			}
		})
	}
	var ve *ValidationError
	if err := CheckCurrent(SetDesired{Group: "gone", Desired: 1}, Current{}); !errors.As(err, &ve) || !strings.Contains(err.Error(), `group "gone" no longer exists`) {
		t.Fatalf("a missing group: got %v", err)
	}
	if err := CheckCurrent(SetDesired{Group: "gone", Desired: 1}, Current{Group: g}); !errors.As(err, &ve) {
		t.Fatalf("another group re-read: got %v, want a ValidationError", err)
	}
	if err := CheckCurrent(MuteAlarm{Alarm: "a", For: time.Hour}, Current{Alarm: &Alarm{Name: "a"}}); err != nil {
		t.Errorf("mute an alarm that exists: %v", err)
	}
	if err := CheckCurrent(MuteAlarm{Alarm: "a", For: time.Hour}, Current{}); !errors.As(err, &ve) || !strings.Contains(err.Error(), `alarm "a" no longer exists`) {
		t.Errorf("mute a deleted alarm: got %v", err)
	}
	if err := CheckCurrent(Acknowledge{Alert: "x"}, Current{}); err != nil {
		t.Errorf("acknowledge needs nothing re-read: %v", err)
	}
}

func TestSummaries(t *testing.T) {
	c := Capacity{2, 4, 10}
	tests := []struct {
		a    Action
		want string
	}{
		{SetDesired{Group: "web", From: c, Desired: 5}, "web: desired 4 → 5"},
		{SetDesired{Group: "web", From: c, Desired: 12, AdjustLimits: true}, "web: min 2 desired 4 max 10 → min 2 desired 12 max 12"},
		{SetLimits{Group: "web", From: c, To: Capacity{1, 4, 20}}, "web: min 2 desired 4 max 10 → min 1 desired 4 max 20"},
		{SuspendProcesses{Group: "web", Processes: FreezeScaling()}, "web: none suspended → suspended AlarmNotification,ScheduledActions"},
		{ResumeProcesses{Group: "web", Processes: []string{"Launch"}, From: []string{"Launch", "AZRebalance"}}, "web: suspended AZRebalance,Launch → AZRebalance"},
		{EditPolicy{Group: "web", Policy: "cpu", Type: PolicyTargetTracking, From: PolicySettings{true, 50, false}, To: PolicySettings{true, 62.5, true}},
			"web/cpu: enabled, target 50, scale-in on → enabled, target 62.5, scale-in off"},
		{TerminateInstance{Group: "web", Instance: "i-1", Decrement: true, From: c}, "web/i-1: running, desired 4 → terminated, desired 3"},
		{MuteAlarm{Alarm: "high-cpu", For: 2 * time.Hour}, "high-cpu: actions on → actions muted for 2h00m"},
	}
	for _, tt := range tests {
		if got := Summary(tt.a); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}

func TestCostDelta(t *testing.T) {
	p := Prices{OnDemand: map[string]float64{"m5.large": 0.096, "c5.large": 0.085}, Spot: map[string]float64{"c5.large": 0.03}}
	g := &Group{Name: "web", Capacity: Capacity{1, 2, 10}, Instances: []Instance{
		{ID: "i-1", Type: "m5.large"}, {ID: "i-2", Type: "c5.large", Spot: true},
	}}
	unit := (0.096 + 0.03) / 2
	tests := []struct {
		name string
		a    Action
		want float64
	}{
		{"scale out by 3", SetDesired{Group: "web", From: g.Capacity, Desired: 5}, 3 * unit},
		{"scale in by 1", SetDesired{Group: "web", From: g.Capacity, Desired: 1}, -unit},
		{"limits only", SetLimits{Group: "web", From: g.Capacity, To: Capacity{1, 2, 20}}, 0},
		{"terminate spot with decrement", TerminateInstance{Group: "web", Instance: "i-2", Decrement: true, From: g.Capacity}, -0.03},
		{"terminate and replace", TerminateInstance{Group: "web", Instance: "i-2", From: g.Capacity}, 0},
		{"suspend", SuspendProcesses{Group: "web", Processes: []string{"Launch"}}, 0},
	}
	for _, tt := range tests {
		if got := CostDelta(tt.a, g, p); !near(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	empty := &Group{Name: "new", InstanceTypes: []string{"c5.large"}, Capacity: Capacity{0, 0, 4}}
	if got := CostDelta(SetDesired{Group: "new", From: empty.Capacity, Desired: 2}, empty, p); !near(got, 0.17) {
		t.Errorf("empty group priced from its launch type: got %v, want 0.17", got)
	}
}

func near(a, b float64) bool { d := a - b; return d < 1e-9 && d > -1e-9 }

func TestChanges(t *testing.T) {
	c := Capacity{2, 4, 10}
	tests := []struct {
		a    Action
		want []FieldChange
	}{
		{SetDesired{Group: "web", From: c, Desired: 5}, []FieldChange{{"desired", "4", "5"}}},
		{SetDesired{Group: "web", From: c, Desired: 12, AdjustLimits: true}, []FieldChange{{"desired", "4", "12"}, {"max", "10", "12"}}},
		{SetLimits{Group: "web", From: c, To: Capacity{1, 4, 20}}, []FieldChange{{"min", "2", "1"}, {"max", "10", "20"}}},
		{SuspendProcesses{Group: "web", Processes: []string{"Launch", "AZRebalance"}, From: []string{"AZRebalance"}}, []FieldChange{{"process Launch", "running", "suspended"}}},
		{ResumeProcesses{Group: "web", Processes: []string{"Launch"}, From: []string{"Launch"}}, []FieldChange{{"process Launch", "suspended", "running"}}},
		{EditPolicy{Group: "web", Policy: "cpu", Type: PolicyTargetTracking, From: PolicySettings{true, 50, false}, To: PolicySettings{true, 62.5, true}},
			[]FieldChange{{"target value", "50", "62.5"}, {"scale-in", "on", "off"}}},
		{EditPolicy{Group: "web", Policy: "s", Type: PolicyStep, From: PolicySettings{Enabled: true}}, []FieldChange{{"state", "enabled", "disabled"}}},
		{TerminateInstance{Group: "web", Instance: "i-1", Decrement: true, From: c}, []FieldChange{{"instance i-1", "running", "terminated"}, {"desired", "4", "3"}}},
		{ExitStandby{Group: "web", Instance: "i-1", From: c}, []FieldChange{{"instance i-1", "Standby", "InService"}, {"desired", "4", "5"}}},
		{SetInstanceHealth{Group: "web", Instance: "i-1", From: "Healthy", Health: HealthUnhealthy}, []FieldChange{{"health of i-1", "healthy", "unhealthy"}}},
		{MuteAlarm{Alarm: "a", For: 90 * time.Minute}, []FieldChange{{"actions", "on", "muted for 1h30m"}}},
	}
	for _, tt := range tests {
		if got := tt.a.Changes(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Changes\ngot  %v\nwant %v", tt.a.Kind(), got, tt.want)
		}
	}
}
