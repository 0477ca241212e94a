package sim

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/aws/smithy-go"
)

// apiErr is a client-fault API error with AWS's code and message; the wire
// layer answers it in the protocol's error shape.
func apiErr(code, format string, args ...any) *smithy.GenericAPIError {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &smithy.GenericAPIError{Code: code, Message: msg, Fault: smithy.FaultClient}
}

func serverErr(code, msg string) *smithy.GenericAPIError {
	return &smithy.GenericAPIError{Code: code, Message: msg, Fault: smithy.FaultServer}
}

// Faults is what POST /_sim/faults sets. Zero values mean "off".
type Faults struct {
	// Throttle is the fraction of calls answered with the service's
	// throttling error, per signing name ("autoscaling",
	// "elasticloadbalancing", "monitoring", "ec2", "sts", "acm"; the aliases
	// "elbv2" and "cloudwatch" work too), "*" for any other.
	Throttle map[string]float64 `json:"throttle,omitempty"`
	// ErrorRate is the fraction of calls answered 500 InternalFailure or
	// 503 ServiceUnavailable.
	ErrorRate float64 `json:"error_rate,omitempty"`
	// Latency is added (in real time) to LatencyRate of calls (all when
	// LatencyRate is 0).
	Latency     time.Duration `json:"-"`
	LatencyRate float64       `json:"latency_rate,omitempty"`
	// OutageFor refuses every call with 503 ServiceUnavailable for this
	// long, in real time, from when the faults are set.
	OutageFor time.Duration `json:"-"`
	// ExpiredToken answers ExpiredToken (sts: ExpiredTokenException) to
	// calls signed with any access key id seen before the fault was set;
	// a client that picks up new credentials recovers.
	ExpiredToken bool `json:"expired_token,omitempty"`
	// Fail answers the next N calls of an operation (by its name, such as
	// PutMetricAlarm) 500 InternalFailure, before the call is applied: a
	// drill of one change in a plan failing half way.
	Fail map[string]int `json:"fail,omitempty"`
	// Regions limits the faults to these regions of a Cloud (all when
	// empty): an API outage in us-east-1 while us-west-2 answers.
	Regions []string `json:"regions,omitempty"`
}

type faultState struct {
	mu          sync.Mutex
	f           Faults
	rng         *rand.Rand
	outageUntil time.Time // real time
	expired     map[string]bool
	fail        map[string]int // calls left to fail, by operation
	seenKeys    map[string]bool
	injected    map[string]int64
}

func (fs *faultState) init(seed int64) {
	fs.rng = rand.New(rand.NewPCG(uint64(seed), 0xfa017))
	fs.seenKeys = map[string]bool{}
	fs.injected = map[string]int64{}
}

var serviceAliases = map[string]string{
	"elbv2": "elasticloadbalancing", "elasticloadbalancingv2": "elasticloadbalancing",
	"cloudwatch": "monitoring", "asg": "autoscaling",
}

// SetFaults replaces the fault settings; an empty Faults clears them.
func (s *Simulator) SetFaults(f Faults) {
	fs := s.faults
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f.Throttle != nil {
		norm := map[string]float64{}
		for k, v := range f.Throttle {
			if a, ok := serviceAliases[k]; ok {
				k = a
			}
			norm[k] = v
		}
		f.Throttle = norm
	}
	fs.f = f
	fs.fail = maps.Clone(f.Fail)
	fs.outageUntil = time.Time{}
	if f.OutageFor > 0 {
		fs.outageUntil = time.Now().Add(f.OutageFor)
	}
	fs.expired = nil
	if f.ExpiredToken {
		fs.expired = map[string]bool{}
		for k := range fs.seenKeys {
			fs.expired[k] = true
		}
	}
}

// Faults returns the settings in force.
func (s *Simulator) Faults() Faults {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.f
}

func throttleError(service string) *smithy.GenericAPIError {
	switch service {
	case "ec2":
		return &smithy.GenericAPIError{Code: "RequestLimitExceeded", Message: "Request limit exceeded.", Fault: smithy.FaultClient}
	case "elasticloadbalancing", "monitoring", "acm":
		return &smithy.GenericAPIError{Code: "ThrottlingException", Message: "Rate exceeded", Fault: smithy.FaultClient}
	default:
		return &smithy.GenericAPIError{Code: "Throttling", Message: "Rate exceeded", Fault: smithy.FaultClient}
	}
}

// intercept decides a call's fault before it reaches its handler; it runs
// from wire.Hooks.Intercept. Latency sleeps in real time and gives up when
// the request's context ends.
func (s *Simulator) intercept(ctx context.Context, service, op, accessKey string) error {
	fs := s.faults
	fs.mu.Lock()
	if accessKey != "" {
		fs.seenKeys[accessKey] = true
	}
	f := fs.f
	if len(f.Regions) > 0 && !slices.Contains(f.Regions, s.region) {
		fs.mu.Unlock()
		return nil
	}
	var err error
	kind := ""
	switch {
	case !fs.outageUntil.IsZero() && time.Now().Before(fs.outageUntil):
		err, kind = serverErr("ServiceUnavailable", "Service is unavailable. Please try again later."), "outage"
	case fs.expired[accessKey] && accessKey != "":
		code := "ExpiredToken"
		if service == "sts" || service == "acm" {
			code = "ExpiredTokenException"
		}
		err, kind = apiErr(code, "The security token included in the request is expired"), "expired_token"
	}
	if err == nil && fs.fail[op] > 0 {
		fs.fail[op]--
		err, kind = serverErr("InternalFailure", "The request processing has failed because of an unknown error, exception or failure."), "fail"
	}
	if err == nil && len(f.Throttle) > 0 {
		rate, ok := f.Throttle[service]
		if !ok {
			rate = f.Throttle["*"]
		}
		if rate > 0 && fs.rng.Float64() < rate {
			err, kind = throttleError(service), "throttle"
		}
	}
	if err == nil && f.ErrorRate > 0 && fs.rng.Float64() < f.ErrorRate {
		if fs.rng.IntN(2) == 0 {
			err, kind = serverErr("InternalFailure", "The request processing has failed because of an unknown error, exception or failure."), "error"
		} else {
			err, kind = serverErr("ServiceUnavailable", "Service is unavailable. Please try again later."), "error"
		}
	}
	delay := time.Duration(0)
	if err == nil && f.Latency > 0 && (f.LatencyRate == 0 || fs.rng.Float64() < f.LatencyRate) {
		delay = f.Latency
		fs.injected["latency"]++
	}
	if kind != "" {
		fs.injected[kind]++
	}
	fs.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return err
}

func (fs *faultState) injectedCopy() map[string]int64 {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make(map[string]int64, len(fs.injected))
	for k, v := range fs.injected {
		out[k] = v
	}
	return out
}

func (fs *faultState) describe() map[string]any {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	m := map[string]any{}
	if len(fs.f.Throttle) > 0 {
		m["throttle"] = fs.f.Throttle
	}
	if fs.f.ErrorRate > 0 {
		m["error_rate"] = fs.f.ErrorRate
	}
	if left := maps.Clone(fs.fail); len(left) > 0 {
		maps.DeleteFunc(left, func(_ string, n int) bool { return n <= 0 })
		m["fail"] = left
	}
	if fs.f.Latency > 0 {
		m["latency"] = fs.f.Latency.String()
		m["latency_rate"] = fs.f.LatencyRate
	}
	if !fs.outageUntil.IsZero() {
		if left := time.Until(fs.outageUntil); left > 0 {
			m["outage_left"] = left.Round(time.Millisecond).String()
		}
	}
	if len(fs.f.Regions) > 0 {
		m["regions"] = fs.f.Regions
	}
	if fs.f.ExpiredToken {
		keys := make([]string, 0, len(fs.expired))
		for k := range fs.expired {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m["expired_token"] = true
		m["expired_keys"] = len(keys)
	}
	return m
}
