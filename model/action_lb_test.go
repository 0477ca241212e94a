package model

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func exampleTG() *TargetGroup {
	return &TargetGroup{
		ARN: "arn:tg", Name: "tg", Protocol: "HTTP",
		HealthCheck: HealthCheck{Protocol: "HTTP", Path: "/health", Port: "traffic-port",
			Interval: 30 * time.Second, Timeout: 5 * time.Second, HealthyThreshold: 5, UnhealthyThreshold: 2, Matcher: "200"},
		Attributes: map[string]string{"slow_start.duration_seconds": "0", "stickiness.enabled": "false"},
		Targets: []Target{
			{ID: "i", State: TargetHealthy}, {ID: "i-3", State: TargetDraining},
		},
	}
}

// wantErr fails t unless err is nil (want "") or says want.
func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "":
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
	case err == nil || !strings.Contains(err.Error(), want):
		t.Fatalf("got %v, want %q", err, want)
	}
}

func TestValidateHealthCheck(t *testing.T) {
	seen := exampleTG().HealthCheck
	tcp := HealthCheck{Protocol: "TCP", Port: "traffic-port", Interval: 30 * time.Second, Timeout: 10 * time.Second, HealthyThreshold: 3, UnhealthyThreshold: 3}
	with := func(f func(h *HealthCheck)) HealthCheck {
		h := seen
		f(&h)
		return h
	}
	tests := []struct {
		name     string
		protocol string // the target group's; "" for HTTP
		from, to HealthCheck
		want     string // substring of the error; "" for none
	}{
		{"faster", "", seen, with(func(h *HealthCheck) { h.Interval = 10 * time.Second; h.HealthyThreshold = 3 }), ""},
		{"unchanged", "", seen, seen, "nothing to change"},
		{"interval too short", "", seen, with(func(h *HealthCheck) { h.Interval = 4 * time.Second; h.Timeout = 2 * time.Second }), "interval must be 5s to 300s, not 4s"},
		{"interval too long", "", seen, with(func(h *HealthCheck) { h.Interval = 301 * time.Second }), "interval must be 5s to 300s, not 301s"},
		{"interval not whole", "", seen, with(func(h *HealthCheck) { h.Interval = 10500 * time.Millisecond }), "whole seconds"},
		{"timeout too short", "", seen, with(func(h *HealthCheck) { h.Timeout = time.Second }), "timeout must be 2s to 120s, not 1s"},
		{"timeout too long", "", seen, with(func(h *HealthCheck) { h.Interval = 300 * time.Second; h.Timeout = 121 * time.Second }), "timeout must be 2s to 120s, not 121s"},
		{"timeout equal to interval", "", seen, with(func(h *HealthCheck) { h.Interval = 10 * time.Second; h.Timeout = 10 * time.Second }), "timeout (10s) must be less than the interval (10s)"},
		{"a TCP check may time out at its interval", "TCP", tcp, func() HealthCheck { h := tcp; h.Interval = 10 * time.Second; return h }(), ""},
		{"a TCP check's timeout above its interval", "TCP", tcp, func() HealthCheck { h := tcp; h.Interval = 5 * time.Second; return h }(), "timeout (10s) must not be longer than the interval (5s)"},
		{"healthy threshold 1", "", seen, with(func(h *HealthCheck) { h.HealthyThreshold = 1 }), "healthy threshold must be 2 to 10 checks, not 1"},
		{"unhealthy threshold 11", "", seen, with(func(h *HealthCheck) { h.UnhealthyThreshold = 11 }), "unhealthy threshold must be 2 to 10 checks, not 11"},
		{"path without slash", "", seen, with(func(h *HealthCheck) { h.Path = "health" }), `path must start with /, not "health"`},
		{"path too long", "", seen, with(func(h *HealthCheck) { h.Path = "/" + strings.Repeat("a", 1024) }), "1025 characters"},
		{"port traffic-port", "", seen, with(func(h *HealthCheck) { h.Port = "8080" }), ""},
		{"port bad", "", seen, with(func(h *HealthCheck) { h.Port = "70000" }), `traffic-port or 1 to 65535, not "70000"`},
		{"codes range", "", seen, with(func(h *HealthCheck) { h.Matcher = "200-399" }), ""},
		{"codes list", "", seen, with(func(h *HealthCheck) { h.Matcher = "200,302" }), ""},
		{"codes list and range", "", seen, with(func(h *HealthCheck) { h.Matcher = "200-204,302" }), ""},
		{"codes garbage", "", seen, with(func(h *HealthCheck) { h.Matcher = "2xx" }), `success codes "2xx" are not valid: give codes like 200, 200-399 or 200,302`},
		{"codes empty", "", seen, with(func(h *HealthCheck) { h.Matcher = "" }), "are not valid"},
		{"codes open range", "", seen, with(func(h *HealthCheck) { h.Matcher = "200-" }), "are not valid"},
		{"codes backwards range", "", seen, with(func(h *HealthCheck) { h.Matcher = "399-200" }), "are not valid"},
		{"codes 500 on an ALB", "", seen, with(func(h *HealthCheck) { h.Matcher = "200-500" }), "outside 200-499, what an application load balancer accepts"},
		{"codes 500 on an NLB", "TCP", seen, with(func(h *HealthCheck) { h.Matcher = "200-599" }), ""},
		{"codes 600 on an NLB", "TCP", seen, with(func(h *HealthCheck) { h.Matcher = "600" }), "outside 200-599"},
		{"codes 199", "", seen, with(func(h *HealthCheck) { h.Matcher = "199" }), "outside 200-499"},
		{"protocol change", "", seen, with(func(h *HealthCheck) { h.Protocol = "HTTPS" }), "does not change a health check's protocol (HTTP to HTTPS)"},
		{"TCP interval", "TCP", tcp, func() HealthCheck { h := tcp; h.Interval = 20 * time.Second; return h }(), ""},
		{"TCP has no path", "TCP", tcp, func() HealthCheck { h := tcp; h.Path = "/x"; return h }(), "a TCP health check has no path or success codes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proto := tt.protocol
			if proto == "" {
				proto = "HTTP"
			}
			err := Validate(EditHealthCheck{TargetGroup: "arn:tg", Name: "tg", Protocol: proto, From: tt.from, To: tt.to}, false)
			wantErr(t, err, tt.want)
			var ve *ValidationError
			if err != nil && !errors.Is(err, ErrNoChange) && !errors.As(err, &ve) {
				t.Fatalf("%v is not a ValidationError", err)
			}
		})
	}
}

func TestValidateTargetGroupActions(t *testing.T) {
	attrs := func(protocol string, to map[string]string) Action {
		from := map[string]string{}
		for k := range to {
			from[k] = "x"
		}
		return EditAttributes{TargetGroup: "arn:tg", Name: "tg", Protocol: protocol, From: from, To: to}
	}
	tests := []struct {
		name string
		a    Action
		want string
	}{
		{"algorithm", attrs("HTTP", map[string]string{"load_balancing.algorithm.type": "least_outstanding_requests"}), ""},
		{"algorithm unknown", attrs("HTTP", map[string]string{"load_balancing.algorithm.type": "random"}), "must be round_robin or least_outstanding_requests or weighted_random"},
		{"algorithm on an NLB", attrs("TCP", map[string]string{"load_balancing.algorithm.type": "round_robin"}), `does not change "load_balancing.algorithm.type" on a TCP target group`},
		{"stickiness on an NLB", attrs("TCP", map[string]string{"stickiness.type": "source_ip", "stickiness.enabled": "true"}), ""},
		{"cookie stickiness on an NLB", attrs("TCP", map[string]string{"stickiness.type": "lb_cookie"}), "must be source_ip"},
		{"stickiness yes", attrs("HTTP", map[string]string{"stickiness.enabled": "yes"}), "must be true or false"},
		{"delay", attrs("HTTP", map[string]string{"deregistration_delay.timeout_seconds": "30"}), ""},
		{"delay too long", attrs("HTTP", map[string]string{"deregistration_delay.timeout_seconds": "3601"}), "from 0 to 3600"},
		{"slow start off", attrs("HTTP", map[string]string{"slow_start.duration_seconds": "0"}), ""},
		{"slow start 10s", attrs("HTTP", map[string]string{"slow_start.duration_seconds": "10"}), "from 30 to 900 (0 turns it off)"},
		{"unknown key", attrs("HTTP", map[string]string{"stickiness.colour": "red"}), `does not change "stickiness.colour"`},
		{"no attributes", EditAttributes{TargetGroup: "arn:tg", Protocol: "HTTP"}, "at least one attribute"},
		{"attributes unchanged", EditAttributes{TargetGroup: "arn:tg", Protocol: "HTTP", From: map[string]string{"stickiness.enabled": "true"}, To: map[string]string{"stickiness.enabled": "true"}}, "nothing to change"},
		{"register", RegisterTargets{TargetGroup: "arn:tg", Instances: []string{"i-1"}}, ""},
		{"register none", RegisterTargets{TargetGroup: "arn:tg"}, "at least one instance"},
		{"register registered", RegisterTargets{TargetGroup: "arn:tg", Instances: []string{"i-1"}, From: []string{"i-1"}}, "nothing to change"},
		{"register bad port", RegisterTargets{TargetGroup: "arn:tg", Instances: []string{"i-1"}, Port: 70000}, "not a port"},
		{"register no target group", RegisterTargets{Instances: []string{"i-1"}}, "no target group named"},
		{"deregister", DeregisterTargets{TargetGroup: "arn:tg", Instances: []string{"i-1"}, From: []string{"i-1"}}, ""},
		{"deregister unregistered", DeregisterTargets{TargetGroup: "arn:tg", Instances: []string{"i-1"}}, "nothing to change"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.a, false)
			wantErr(t, err, tt.want)
		})
	}
}

func TestCheckTargetGroupActions(t *testing.T) {
	tg := exampleTG()
	hc := tg.HealthCheck
	stale := hc
	stale.Interval = 15 * time.Second
	to := hc
	to.Interval = 10 * time.Second
	other := *tg
	other.ARN = "arn:other"
	tests := []struct {
		name     string
		a        Action
		cur      Current
		conflict string // ConflictError.What; "" for none
		invalid  string
	}{
		{"health check as seen", EditHealthCheck{TargetGroup: "arn:tg", Name: "tg", From: hc, To: to}, Current{TargetGroup: tg}, "", ""},
		{"health check changed", EditHealthCheck{TargetGroup: "arn:tg", Name: "tg", From: stale, To: to}, Current{TargetGroup: tg}, "the health check of tg", ""},
		{"target group gone", EditHealthCheck{TargetGroup: "arn:tg", Name: "tg", From: hc, To: to}, Current{}, "", "target group tg no longer exists"},
		{"another target group read", EditHealthCheck{TargetGroup: "arn:tg", Name: "tg", From: hc, To: to}, Current{TargetGroup: &other}, "", "no longer exists"},
		{"attribute as seen", EditAttributes{TargetGroup: "arn:tg", Name: "tg", From: map[string]string{"stickiness.enabled": "false"}, To: map[string]string{"stickiness.enabled": "true"}}, Current{TargetGroup: tg}, "", ""},
		{"attribute changed", EditAttributes{TargetGroup: "arn:tg", Name: "tg", From: map[string]string{"slow_start.duration_seconds": "30"}, To: map[string]string{"slow_start.duration_seconds": "60"}}, Current{TargetGroup: tg}, "slow_start.duration_seconds of tg", ""},
		{"register as seen", RegisterTargets{TargetGroup: "arn:tg", Name: "tg", Instances: []string{"i-2"}}, Current{TargetGroup: tg}, "", ""},
		{"register a draining one", RegisterTargets{TargetGroup: "arn:tg", Name: "tg", Instances: []string{"i-3"}}, Current{TargetGroup: tg}, "", ""},
		{"registered meanwhile", RegisterTargets{TargetGroup: "arn:tg", Name: "tg", Instances: []string{"i"}}, Current{TargetGroup: tg}, "registration of i in tg", ""},
		{"deregister as seen", DeregisterTargets{TargetGroup: "arn:tg", Name: "tg", Instances: []string{"i"}, From: []string{"i"}}, Current{TargetGroup: tg}, "", ""},
		{"deregistered meanwhile", DeregisterTargets{TargetGroup: "arn:tg", Name: "tg", Instances: []string{"i-3"}, From: []string{"i-3"}}, Current{TargetGroup: tg}, "registration of i-3 in tg", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCurrent(tt.a, tt.cur)
			var ce *ConflictError
			var ve *ValidationError
			switch {
			case tt.conflict != "":
				if !errors.As(err, &ce) || ce.What != tt.conflict {
					t.Fatalf("got %v, want a conflict on %s", err, tt.conflict)
				}
			case tt.invalid != "":
				if !errors.As(err, &ve) || !strings.Contains(err.Error(), tt.invalid) {
					t.Fatalf("got %v, want %q", err, tt.invalid)
				}
			case err != nil:
				t.Fatalf("unexpected error: %v", err)
			}
		})
	}
	// The conflict says what the health check was and what it is now.
	err := CheckCurrent(EditHealthCheck{TargetGroup: "arn:tg", Name: "tg", From: stale, To: to}, Current{TargetGroup: tg})
	var ce *ConflictError
	if !errors.As(err, &ce) || !strings.Contains(ce.Saw, "every 15s") || !strings.Contains(ce.Now, "every 30s") || !strings.Contains(ce.Now, "path /health, codes 200") {
		t.Errorf("conflict = %+v", ce)
	}
}

func TestTargetGroupChanges(t *testing.T) {
	hc := exampleTG().HealthCheck
	to := hc
	to.Interval, to.Path = 10*time.Second, "/healthz"
	tests := []struct {
		a    Action
		want []FieldChange
	}{
		{EditHealthCheck{TargetGroup: "arn:tg", Name: "tg", From: hc, To: to}, []FieldChange{{"health check path", "/health", "/healthz"}, {"health check interval", "30s", "10s"}}},
		{EditAttributes{TargetGroup: "arn:tg", Name: "tg", From: map[string]string{"stickiness.enabled": "false", "stickiness.type": "lb_cookie"}, To: map[string]string{"stickiness.enabled": "true", "stickiness.type": "lb_cookie"}},
			[]FieldChange{{"stickiness.enabled", "false", "true"}}},
		{RegisterTargets{TargetGroup: "arn:tg", Name: "tg", Instances: []string{"i-1", "i-2"}, From: []string{"i-1"}}, []FieldChange{{"target i-2", "not registered", "registered"}}},
		{DeregisterTargets{TargetGroup: "arn:tg", Name: "tg", Instances: []string{"i-1", "i-2"}, From: []string{"i-1"}, Delay: 300 * time.Second},
			[]FieldChange{{"target i-1", "registered", "deregistered after draining up to 5m00s"}}},
	}
	for _, tt := range tests {
		if got := tt.a.Changes(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Changes\ngot  %v\nwant %v", tt.a.Kind(), got, tt.want)
		}
	}
	// Where Before and After come from the changes, the summary reads as
	// the field diff does.
	a := EditHealthCheck{TargetGroup: "arn:tg", Name: "tg", From: hc, To: to}
	if got, want := Summary(a), "targetgroup/tg: health check path /health, health check interval 30s → health check path /healthz, health check interval 10s"; got != want {
		t.Errorf("summary\ngot  %q\nwant %q", got, want)
	}
}

// The form's field checks give the sentences Validate gives, one field at
// a time.
func TestHealthCheckFieldChecks(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"interval in range", CheckHealthInterval(10 * time.Second), ""},
		{"interval too short", CheckHealthInterval(4 * time.Second), "interval must be 5s to 300s, not 4s"},
		{"interval too long", CheckHealthInterval(301 * time.Second), "interval must be 5s to 300s, not 301s"},
		{"timeout in range", CheckHealthTimeout(120 * time.Second), ""},
		{"timeout too short", CheckHealthTimeout(time.Second), "timeout must be 2s to 120s, not 1s"},
		{"healthy threshold", CheckHealthThreshold("healthy", 11), "healthy threshold must be 2 to 10 checks, not 11"},
		{"unhealthy threshold", CheckHealthThreshold("unhealthy", 1), "unhealthy threshold must be 2 to 10 checks, not 1"},
		{"port traffic-port", CheckHealthPort("traffic-port"), ""},
		{"port number", CheckHealthPort("8080"), ""},
		{"port out of range", CheckHealthPort("70000"), `traffic-port or 1 to 65535, not "70000"`},
		{"path", CheckHealthPath("/healthz"), ""},
		{"path without slash", CheckHealthPath("healthz"), `must start with /, not "healthz"`},
		{"path too long", CheckHealthPath("/" + strings.Repeat("a", 1024)), "more than the 1024 AWS allows"},
		{"codes", CheckSuccessCodes("200-399", "HTTP"), ""},
		{"codes list", CheckSuccessCodes("200,302", "HTTPS"), ""},
		{"codes above an ALB's", CheckSuccessCodes("200-550", "HTTP"), "outside 200-499"},
		{"codes of an NLB", CheckSuccessCodes("200-550", "TCP"), ""},
		{"codes not codes", CheckSuccessCodes("ok", "HTTP"), "are not valid"},
	} {
		t.Run(c.name, func(t *testing.T) { wantErr(t, c.err, c.want) })
	}
}

// The rules between attributes that AWS enforces are checked on what a
// change would leave.
func TestCheckAttributeSet(t *testing.T) {
	cur := map[string]string{"stickiness.enabled": "true", "stickiness.type": "lb_cookie", "load_balancing.algorithm.type": "round_robin"}
	for _, c := range []struct {
		name string
		to   map[string]string
		want string
	}{
		{"algorithm alone", map[string]string{"load_balancing.algorithm.type": "least_outstanding_requests"}, ""},
		{"weighted random with stickiness on", map[string]string{"load_balancing.algorithm.type": "weighted_random"}, "cannot both be on"},
		{"weighted random, stickiness off", map[string]string{"load_balancing.algorithm.type": "weighted_random", "stickiness.enabled": "false"}, ""},
		{"app cookie without a name", map[string]string{"stickiness.type": "app_cookie"}, "needs the application's cookie name"},
	} {
		t.Run(c.name, func(t *testing.T) { wantErr(t, CheckAttributeSet(cur, c.to), c.want) })
	}
	named := map[string]string{"stickiness.enabled": "true", "stickiness.app_cookie.cookie_name": "SESSION"}
	wantErr(t, CheckAttributeSet(named, map[string]string{"stickiness.type": "app_cookie"}), "")
	wantErr(t, CheckAttribute("TCP", "slow_start.duration_seconds", "60"), "hoist does not change")
	wantErr(t, CheckAttribute("HTTP", "slow_start.duration_seconds", "10"), "from 30 to 900 (0 turns it off)")
}

func TestChangeFoldsSharedWords(t *testing.T) {
	for _, c := range [][3]string{
		{"desired 4", "desired 5", "desired 4 → 5"},
		{"health check interval 30s", "health check interval 10s", "health check interval 30s → 10s"},
		{"interval 30s, path /", "interval 10s, path /", "interval 30s, path / → interval 10s, path /"},
		{"suspended -", "suspended Launch,Terminate", "suspended - → Launch,Terminate"},
		{"3", "4", "3 → 4"},
	} {
		if got := Change(c[0], c[1]); got != c[2] {
			t.Errorf("Change(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
