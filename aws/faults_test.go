package aws

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"

	"github.com/solemate/hoist/model"
)

// TestActionFaults: an action sent while calls fail either applies once or
// reports failure, and the journal agrees with what reached moto. Mutating
// calls are never retried, so no fault makes one apply twice. A 4xx is AWS
// refusing (failed); a 5xx may come after the change applied (unknown:
// verify), as may a dropped or late answer.
func TestActionFaults(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, func(o *Options) { o.CallTimeout = 2 * time.Second })
	env.proxy.slow = 4 * time.Second
	s, r, ctx := env.session, newRaw(t), context.Background()
	const op = "autoscaling:SetDesiredCapacity"

	cases := []struct {
		name    string
		fault   fault
		applied bool   // whether moto ends up applying it
		result  string // journal outcome
		kind    error
	}{
		{"throttled", faultThrottle, false, model.ResultFailed, ErrThrottled},
		{"refused 4xx", fault4xx, false, model.ResultFailed, ErrAWS},
		{"5xx", fault5xx, false, model.ResultUnknown, ErrOutcomeUnknown},
		{"5xx after moto applied it", fault5xxAfter, true, model.ResultUnknown, ErrOutcomeUnknown},
		{"dropped before forwarding", faultDrop, false, model.ResultUnknown, ErrOutcomeUnknown},
		{"dropped after moto applied it", faultDropAfter, true, model.ResultUnknown, ErrOutcomeUnknown},
		{"slow answer", faultSlow, false, model.ResultUnknown, ErrOutcomeUnknown},
		{"healthy", faultNone, true, model.ResultOK, nil},
	}
	for _, c := range cases {
		g := current(t, s, "web")
		want := g.Desired + 1
		if want > g.Max {
			t.Fatalf("web is at max")
		}
		sent, reached := env.proxy.count(op), env.proxy.forwarded(op)
		env.proxy.setFault(func(o string, _ int, _ *http.Request) fault {
			if o == op {
				return c.fault
			}
			return faultNone
		})
		err := s.Act(ctx, model.SetDesired{Group: "web", From: g.Capacity, Desired: want}, c.name, nil)
		env.proxy.setFault(nil)

		if c.kind == nil && err != nil || c.kind != nil && !errors.Is(err, c.kind) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.kind)
		}
		if n := env.proxy.count(op) - sent; n != 1 {
			t.Errorf("%s: SetDesiredCapacity sent %d times, want exactly once (no retry)", c.name, n)
		}
		wantReached := 0
		if c.applied {
			wantReached = 1
		}
		if n := env.proxy.forwarded(op) - reached; n != wantReached {
			t.Errorf("%s: %d requests reached moto, want %d", c.name, n, wantReached)
		}
		got := int(sdk.ToInt32(readGroup(t, r, "web").DesiredCapacity))
		if c.applied && got != want || !c.applied && got != g.Desired {
			t.Errorf("%s: desired in moto = %d (was %d, asked %d, applied %v)", c.name, got, g.Desired, want, c.applied)
		}
		acts, _, _ := s.Journal().Actions(ctx, time.Time{})
		last := acts[len(acts)-1]
		if last.Intent.Reason != c.name || last.Status() != c.result {
			t.Errorf("%s: journal says %q (%s), want %q", c.name, last.Status(), last.Intent.Reason, c.result)
		}
		if c.result == model.ResultUnknown && (!last.NeedsVerify() || !strings.Contains(err.Error(), "may or may not")) {
			t.Errorf("%s: unknown outcome not flagged for checking: %v", c.name, err)
		}
		if c.fault == fault5xx && (!errors.Is(err, ErrServer) || !strings.Contains(err.Error(), "AWS answered 503")) {
			t.Errorf("%s: the error does not say AWS answered 503: %v", c.name, err)
		}
		if c.result == model.ResultFailed && last.Outcome.Error == "" {
			t.Errorf("%s: failed outcome without the AWS error", c.name)
		}
	}

	// Refused endpoint: the re-read fails, so nothing is journaled or sent.
	before, _, _ := s.Journal().Read(time.Time{})
	env.proxy.outage(true)
	err := s.Act(ctx, model.SetDesired{Group: "web", From: model.Capacity{Min: 1, Desired: 2, Max: 6}, Desired: 3}, "outage", nil)
	env.proxy.outage(false)
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "unreachable") {
		t.Errorf("outage: err = %v", err)
	}
	if after, _, _ := s.Journal().Read(time.Time{}); len(after) != len(before) {
		t.Errorf("outage: journal grew from %d to %d records", len(before), len(after))
	}
}

// TestExpiredCredentials: AWS answers ExpiredToken; hoist says so in plain
// words, drops its cached credentials, and picks up refreshed ones from
// the environment without a restart.
func TestExpiredCredentials(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAOLDKEY0000000000")
	env := openTest(t, nil)
	env.proxy.setFault(func(_ string, _ int, r *http.Request) fault {
		if strings.Contains(r.Header.Get("Authorization"), "Credential=AKIAOLDKEY") {
			return faultExpired
		}
		return faultNone
	})
	_, err := env.session.Groups(context.Background(), false)
	if !errors.Is(err, ErrExpired) || err.Error() != expiredMsg {
		t.Fatalf("err = %v, want %q", err, expiredMsg)
	}
	// The operator refreshes the keys; the same session picks them up.
	os.Setenv("AWS_ACCESS_KEY_ID", "AKIANEWKEY0000000000")
	gs, err := env.session.Groups(context.Background(), false)
	if err != nil || len(gs) != 2 {
		t.Fatalf("after refresh: %d groups, %v", len(gs), err)
	}
	reqs := env.proxy.requests("autoscaling:DescribeAutoScalingGroups")
	if last := reqs[len(reqs)-1]; !strings.Contains(last.Header.Get("Authorization"), "AKIANEWKEY") {
		t.Errorf("last request signed with %q", last.Header.Get("Authorization"))
	}
}

// TestOpenErrors: the errors an operator meets first are one clear line.
func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("no credentials", func(t *testing.T) {
		t.Setenv("AWS_ACCESS_KEY_ID", "")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "")
		_, err := Open(ctx, Options{Endpoint: motoURL, JournalPath: t.TempDir() + "/j"})
		if !errors.Is(err, ErrNoCredentials) || !strings.Contains(err.Error(), "no AWS credentials") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		p := newProxy(t)
		u := p.URL()
		p.outage(true)
		_, err := Open(ctx, Options{Endpoint: u, MaxBackoff: time.Millisecond, JournalPath: t.TempDir() + "/j"})
		if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "endpoint unreachable") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("no region", func(t *testing.T) {
		t.Setenv("AWS_REGION", "")
		// A remote endpoint: a loopback one is an emulator and defaults
		// to us-east-1 (below). Open fails before any call is made.
		_, err := Open(ctx, Options{Endpoint: "http://emulator.invalid:4566", JournalPath: t.TempDir() + "/j"})
		if !errors.Is(err, ErrNoRegion) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("no region, local emulator", func(t *testing.T) {
		t.Setenv("AWS_REGION", "")
		s, err := Open(ctx, Options{Endpoint: motoURL, JournalPath: t.TempDir() + "/j"})
		if err != nil {
			t.Fatalf("a loopback endpoint needs no region: %v", err)
		}
		if s.Region() != "us-east-1" {
			t.Fatalf("region %q", s.Region())
		}
		s.Close()
	})
	t.Run("bad endpoint", func(t *testing.T) {
		_, err := Open(ctx, Options{Endpoint: "localhost:4566", JournalPath: t.TempDir() + "/j"})
		if err == nil || !strings.Contains(err.Error(), "not a URL") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("access denied and throttled after retries", func(t *testing.T) {
		for code, kind := range map[string]error{"AccessDenied": ErrAccessDenied, "Throttling": ErrThrottled, "ExpiredToken": ErrExpired} {
			err := classify("autoscaling:SetDesiredCapacity", &fakeAPIError{code})
			if !errors.Is(err, kind) {
				t.Errorf("%s: %v", code, err)
			}
		}
	})
}

type fakeAPIError struct{ code string }

func (e *fakeAPIError) Error() string                 { return e.code }
func (e *fakeAPIError) ErrorCode() string             { return e.code }
func (e *fakeAPIError) ErrorMessage() string          { return e.code }
func (e *fakeAPIError) ErrorFault() smithy.ErrorFault { return smithy.FaultUnknown }

// TestProfileRoleAndEnvEndpoint: a profile that assumes a role from a
// source profile, with the endpoint from AWS_ENDPOINT_URL (no flag): the
// SDK chain assumes the role at moto, and CloudWatch still speaks JSON.
func TestProfileRoleAndEnvEndpoint(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	p := newProxy(t)
	dir := t.TempDir()
	cfgFile, credFile := dir+"/config", dir+"/credentials"
	os.WriteFile(cfgFile, []byte("[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/hoist-operator\nsource_profile = base\nregion = us-east-1\n"), 0o600)
	os.WriteFile(credFile, []byte("[base]\naws_access_key_id = AKIABASEKEY000000000\naws_secret_access_key = "+fakeSecret+"\n"), 0o600)
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", credFile)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_ENDPOINT_URL", p.URL())

	s, err := Open(context.Background(), Options{Profile: "ops", JournalPath: dir + "/j"})
	if err != nil {
		t.Fatalf("%v: %v", err, errors.Unwrap(err))
	}
	defer s.Close()
	if !strings.Contains(s.Identity().ARN, "assumed-role/hoist-operator") || s.Endpoint() != p.URL() || s.Region() != "us-east-1" {
		t.Errorf("identity %q endpoint %q region %q", s.Identity().ARN, s.Endpoint(), s.Region())
	}
	if p.count("sts:AssumeRole") != 1 {
		t.Errorf("AssumeRole calls: %s", p.summary())
	}
	snap, err := s.Fetch(context.Background(), model.Visible{})
	if err != nil || len(snap.Groups) != 2 || len(snap.Alarms) != 1 {
		t.Fatalf("fetch as the role: %d groups, %d alarms, %v", len(snap.Groups), len(snap.Alarms), err)
	}
	if r := p.requests("cloudwatch:DescribeAlarms"); len(r) == 0 || r[0].Header.Get("X-Amz-Target") == "" {
		t.Error("CloudWatch did not speak JSON 1.0 to a non-AWS endpoint from the environment")
	}
}
