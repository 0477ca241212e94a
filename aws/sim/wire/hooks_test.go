package wire

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	smithy "github.com/aws/smithy-go"

	"github.com/solemate/hoist/aws/internal/reqbody"
)

// faults intercepts the operations named in it with their error.
type faults struct {
	mu  sync.Mutex
	err map[string]error
}

func (f *faults) intercept(_ context.Context, c Call) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err[c.Operation]
}

func TestInterceptAnswersInEachProtocol(t *testing.T) {
	flt := &faults{err: map[string]error{
		"DescribeAutoScalingGroups": Errorf("Throttling", "Rate exceeded"),
		"DescribeInstances":         Errorf("RequestLimitExceeded", "Request limit exceeded."),
		"DescribeTargetHealth":      errors.New("the simulator is down"),
		"DescribeAlarms":            &smithy.GenericAPIError{Code: "ServiceUnavailable", Message: "outage drill", Fault: smithy.FaultServer},
		"ListCertificates":          Errorf("ThrottlingException", "Rate exceeded"),
	}}
	seen := &calls{}
	f, url := serve(t, Hooks{Intercept: flt.intercept, Observe: seen.observe})
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
		Retryer:     func() aws.Retryer { return aws.NopRetryer{} }, HTTPClient: reqbody.Client(nil)}

	_, err := autoscaling.NewFromConfig(cfg).DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{})
	wantAPIError(t, err, "Throttling", "Rate exceeded", 400)
	_, err = ec2.NewFromConfig(cfg).DescribeInstances(ctx, &ec2.DescribeInstancesInput{})
	wantAPIError(t, err, "RequestLimitExceeded", "Request limit exceeded.", 503)
	_, err = elbv2.NewFromConfig(cfg).DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String("arn:tg")})
	wantAPIError(t, err, "InternalFailure", "", 500)
	for _, p := range cloudWatchProtocols {
		_, err = cloudwatch.NewFromConfig(cfg, p.opt).DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{})
		wantAPIError(t, err, "ServiceUnavailable", "outage drill", 503)
		var api smithy.APIError
		if errors.As(err, &api); api.ErrorFault() != smithy.FaultServer && p.name != protoQuery {
			t.Errorf("%s: fault %v, want server", p.name, api.ErrorFault())
		}
	}

	_, err = acm.NewFromConfig(cfg).ListCertificates(ctx, &acm.ListCertificatesInput{})
	wantAPIError(t, err, "ThrottlingException", "Rate exceeded", 400)

	f.asg.mu.Lock()
	f.cw.mu.Lock()
	if len(f.asg.last)+len(f.cw.last) != 0 {
		t.Errorf("intercepted handlers were called: %v %v", f.asg.last, f.cw.last)
	}
	f.asg.mu.Unlock()
	f.cw.mu.Unlock()

	if len(seen.seen) != 7 {
		t.Fatalf("Observe saw %d calls, want 7", len(seen.seen))
	}
	var we *wireError
	if !errors.As(seen.errs[2], &we) || we.ErrorCode() != "InternalFailure" || errors.Unwrap(we).Error() != "the simulator is down" {
		t.Errorf("Observe got %v, want InternalFailure wrapping the hook's error", seen.errs[2])
	}
}

func TestObserveSeesEveryCall(t *testing.T) {
	var mu sync.Mutex
	var got []Call
	var errs []error
	var durations []time.Duration
	_, url := serve(t, Hooks{Observe: func(c Call, err error, d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		got, errs, durations = append(got, c), append(errs, err), append(durations, d)
	}})
	post(t, url, "Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=a&DesiredCapacity=1", sigv4("AKIDOBS", "autoscaling"))
	post(t, url, "Action=SetDesiredCapacity&Version=2011-01-01&DesiredCapacity=50", nil)
	post(t, url, "Action=Nope&Version=2011-01-01", nil)
	post(t, url, "Action=DescribeLoadBalancers&Version=2015-12-01", sigv4("AKIDOBS", "elasticloadbalancing"))
	post(t, url, "Action=GetCallerIdentity&Version=2011-06-15", sigv4("AKIDOBS", "nosuchservice"))

	mu.Lock()
	defer mu.Unlock()
	want := []struct{ op, code string }{{"SetDesiredCapacity", ""}, {"SetDesiredCapacity", "ValidationError"},
		{"Nope", "InvalidAction"}, {"DescribeLoadBalancers", "InternalFailure"}, {"GetCallerIdentity", "InvalidAction"}}
	if len(got) != len(want) {
		t.Fatalf("Observe saw %d calls, want %d", len(got), len(want))
	}
	for i, w := range want {
		code := ""
		if api := (smithy.APIError)(nil); errors.As(errs[i], &api) {
			code = api.ErrorCode()
		}
		if got[i].Operation != w.op || code != w.code || got[i].RequestID == "" || durations[i] <= 0 {
			t.Errorf("call %d: %+v err %v (%v), want %s %q", i, got[i], errs[i], durations[i], w.op, w.code)
		}
	}
	if got[0].AccessKeyID != "AKIDOBS" || got[0].Service != "autoscaling" || got[1].AccessKeyID != "" {
		t.Errorf("calls %+v", got[:2])
	}
}

func TestNowDatesResponses(t *testing.T) {
	_, url := serve(t, Hooks{Now: func() time.Time { return t0 }})
	resp := post(t, url, "Action=GetCallerIdentity&Version=2011-06-15", nil)
	if d := resp.Header.Get("Date"); d != "Fri, 14 Mar 2025 15:09:26 GMT" {
		t.Errorf("Date %q", d)
	}
}

func TestNewServerRejectsMistakes(t *testing.T) {
	for name, svc := range map[string]Service{
		"unknown service":  {Name: "s3", Client: (*autoscaling.Client)(nil), Impl: &fakeASG{}},
		"not a client":     {Name: "autoscaling", Client: 42, Impl: &fakeASG{}},
		"no operations":    {Name: "monitoring", Client: (*cloudwatch.Client)(nil), Impl: &fakeASG{}},
		"wrong signature":  {Name: "autoscaling", Client: (*autoscaling.Client)(nil), Impl: badSignature{}},
		"typo in a name":   {Name: "autoscaling", Client: (*autoscaling.Client)(nil), Impl: typo{}},
		"ec2 not covered":  {Name: "ec2", Client: (*ec2.Client)(nil), Impl: ec2NotGenerated{}},
		"missing handlers": {Name: "autoscaling", Client: (*autoscaling.Client)(nil)},
	} {
		if _, err := NewServer(Hooks{}, svc); err == nil {
			t.Errorf("%s: NewServer accepted %+v", name, svc)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

type badSignature struct{}

func (badSignature) SetDesiredCapacity(context.Context, *autoscaling.SetDesiredCapacityInput) (autoscaling.SetDesiredCapacityOutput, error) {
	return autoscaling.SetDesiredCapacityOutput{}, nil
}

type typo struct{}

func (typo) SetDesiredCapcity(context.Context, *autoscaling.SetDesiredCapacityInput) (*autoscaling.SetDesiredCapacityOutput, error) {
	return nil, nil
}

type ec2NotGenerated struct{}

func (ec2NotGenerated) RunInstances(context.Context, *ec2.RunInstancesInput) (*ec2.RunInstancesOutput, error) {
	return nil, nil
}
