package sim

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestThrottleRateRoughlyHonoured(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	s.SetFaults(Faults{Throttle: map[string]float64{"autoscaling": 0.3, "*": 0.1}})
	const n = 4000
	asg, other := 0, 0
	for i := 0; i < n; i++ {
		if err := s.intercept(bg, "autoscaling", "DescribeAutoScalingGroups", "AKID"); err != nil {
			wantErr(t, err, "Throttling", "Rate exceeded")
			asg++
		}
		if err := s.intercept(bg, "elasticloadbalancing", "DescribeTargetHealth", "AKID"); err != nil {
			wantErr(t, err, "ThrottlingException", "")
			other++
		}
	}
	if r := float64(asg) / n; r < 0.27 || r > 0.33 {
		t.Errorf("autoscaling throttled %.3f, want about 0.3", r)
	}
	if r := float64(other) / n; r < 0.08 || r > 0.12 {
		t.Errorf("elbv2 throttled %.3f, want about 0.1 (the * rate)", r)
	}
	s.SetFaults(Faults{Throttle: map[string]float64{"ec2": 1, "monitoring": 1, "sts": 1}})
	wantErr(t, s.intercept(bg, "ec2", "DescribeInstances", ""), "RequestLimitExceeded", "")
	wantErr(t, s.intercept(bg, "monitoring", "GetMetricData", ""), "ThrottlingException", "")
	wantErr(t, s.intercept(bg, "sts", "GetCallerIdentity", ""), "Throttling", "")
	s.SetFaults(Faults{})
	if err := s.intercept(bg, "ec2", "DescribeInstances", ""); err != nil {
		t.Fatalf("faults cleared, got %v", err)
	}
	if got := s.Stats().Injected["throttle"]; got != int64(asg+other+3) {
		t.Errorf("stats count %d throttles, want %d", got, asg+other+3)
	}
}

func TestErrorRateAndLatency(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	s.SetFaults(Faults{ErrorRate: 0.5})
	codes := map[string]int{}
	for i := 0; i < 400; i++ {
		if err := s.intercept(bg, "autoscaling", "X", ""); err != nil {
			codes[err.(interface{ ErrorCode() string }).ErrorCode()]++
		}
	}
	if codes["InternalFailure"] < 60 || codes["ServiceUnavailable"] < 60 {
		t.Errorf("5xx mix: %v", codes)
	}
	s.SetFaults(Faults{Latency: 50 * time.Millisecond})
	start := time.Now()
	if err := s.intercept(bg, "autoscaling", "X", ""); err != nil || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("latency: %v after %v", err, time.Since(start))
	}
	s.SetFaults(Faults{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(bg, 20*time.Millisecond)
	defer cancel()
	if err := s.intercept(ctx, "autoscaling", "X", ""); err != context.DeadlineExceeded {
		t.Fatalf("latency should give up with the request context, got %v", err)
	}
}

func TestOutageWindowIsRealTime(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	s.SetFaults(Faults{OutageFor: 150 * time.Millisecond})
	wantErr(t, s.intercept(bg, "autoscaling", "X", ""), "ServiceUnavailable", "")
	s.Advance(time.Hour) // virtual time does not end it
	wantErr(t, s.intercept(bg, "ec2", "X", ""), "ServiceUnavailable", "")
	time.Sleep(200 * time.Millisecond) // the window is real time, so a client can wait it out
	if err := s.intercept(bg, "autoscaling", "X", ""); err != nil {
		t.Fatalf("after the outage: %v", err)
	}
}

func TestExpiredTokenPerAccessKey(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	_ = s.intercept(bg, "autoscaling", "X", "AKIAOLD")
	s.SetFaults(Faults{ExpiredToken: true})
	wantErr(t, s.intercept(bg, "autoscaling", "X", "AKIAOLD"), "ExpiredToken", "expired")
	wantErr(t, s.intercept(bg, "sts", "GetCallerIdentity", "AKIAOLD"), "ExpiredTokenException", "")
	if err := s.intercept(bg, "autoscaling", "X", "AKIANEW"); err != nil {
		t.Fatalf("new credentials should work: %v", err)
	}
}

func TestControlSurface(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	post := func(path, body string) (int, map[string]any) {
		resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	before := s.Now()
	if code, _ := post("/_sim/clock", `{"advance":"5m"}`); code != 200 || s.Now().Sub(before) != 5*time.Minute {
		t.Fatalf("clock: %d, moved %v", code, s.Now().Sub(before))
	}
	if code, _ := post("/_sim/clock", `{"advance":"soon"}`); code != 400 {
		t.Fatalf("bad duration: %d", code)
	}
	if code, _ := post("/_sim/scenario", `{"name":"flash-sale"}`); code != 200 || s.Stats().Scenario != "flash-sale" {
		t.Fatalf("scenario: %d", code)
	}
	if code, _ := post("/_sim/scenario", `{"name":"meteor"}`); code != 400 {
		t.Fatalf("unknown scenario: %d", code)
	}
	code, m := post("/_sim/faults", `{"throttle":{"autoscaling":0.3,"*":0.1},"error_rate":0.1,"latency":"3s","latency_rate":0.2,"outage_for":"60s","expired_token":true}`)
	if code != 200 || m["error_rate"] != 0.1 || m["latency"] != "3s" {
		t.Fatalf("faults: %d %v", code, m)
	}
	if f := s.Faults(); f.OutageFor != time.Minute || f.Throttle["autoscaling"] != 0.3 {
		t.Fatalf("faults set: %+v", f)
	}
	if code, m = post("/_sim/faults", `{}`); code != 200 || len(m) != 0 {
		t.Fatalf("clearing faults: %d %v", code, m)
	}
	if code, _ = post("/_sim/faults", `{"throttle":{"autoscaling":3}}`); code != 400 {
		t.Fatalf("bad rate: %d", code)
	}
	resp, err := http.Get(srv.URL + "/_sim/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil || st.Groups != 9 || !st.Clock.Equal(s.Now()) {
		t.Fatalf("stats: %v %+v", err, st)
	}
}

func TestRunAdvancesInRealTimeTimesSpeed(t *testing.T) {
	s := newSim(t, Options{Seed: 1, Speed: 600})
	start := s.Now()
	ctx, cancel := context.WithCancel(bg)
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	// handlers keep answering while the clock runs
	deadline := time.Now().Add(400 * time.Millisecond)
	for time.Now().Before(deadline) {
		_ = asg(t, s, webGroup)
		_ = groupCPU(t, s, webGroup, 5)
	}
	cancel()
	<-done
	moved := s.Now().Sub(start)
	if moved < time.Minute || moved > 5*time.Minute {
		t.Fatalf("clock moved %v in 0.4 s at speed 600", moved)
	}
}

// TestFailNextCalls: fail answers exactly the next N calls of the named
// operation 500 InternalFailure, leaves other operations alone, counts
// down in GET /_sim/faults, and is set over the control surface.
func TestFailNextCalls(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	res, err := http.Post(srv.URL+"/_sim/faults", "application/json", strings.NewReader(`{"fail":{"PutMetricAlarm":2}}`))
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("POST /_sim/faults: %v %v", err, res.Status)
	}
	res.Body.Close()
	if err := s.intercept(bg, "monitoring", "DescribeAlarms", ""); err != nil {
		t.Fatalf("another operation failed: %v", err)
	}
	for i := 0; i < 2; i++ {
		wantErr(t, s.intercept(bg, "monitoring", "PutMetricAlarm", ""), "InternalFailure", "")
	}
	if err := s.intercept(bg, "monitoring", "PutMetricAlarm", ""); err != nil {
		t.Fatalf("a third call failed: %v", err)
	}
	if got := s.Stats().Injected["fail"]; got != 2 {
		t.Errorf("injected %d fails, want 2", got)
	}
	if d := s.faults.describe(); d["fail"] != nil && len(d["fail"].(map[string]int)) != 0 {
		t.Errorf("faults still list %v", d["fail"])
	}
	res, _ = http.Post(srv.URL+"/_sim/faults", "application/json", strings.NewReader(`{"fail":{"PutMetricAlarm":-1}}`))
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("a negative count: %s", res.Status)
	}
	res.Body.Close()
}
