package aws

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
)

func TestPaced(t *testing.T) {
	for _, c := range []struct {
		p        Pacing
		endpoint string
		want     bool
	}{
		{PaceAuto, "", true},
		{PaceAuto, "https://autoscaling.eu-west-1.amazonaws.com", true},
		{PaceAuto, "https://vpce-0abc.autoscaling.us-east-1.vpce.amazonaws.com", true},
		{PaceAuto, "http://127.0.0.1:4566", false},
		{PaceAuto, "http://localhost:5000", false},
		{PaceAuto, "http://[::1]:5000", false},
		{PaceOn, "http://127.0.0.1:4566", true},
		{PaceOff, "", false},
	} {
		if got := paced(c.p, c.endpoint); got != c.want {
			t.Errorf("paced(%d, %q) = %v, want %v", c.p, c.endpoint, got, c.want)
		}
	}
}

// TestEveryDescribeIsPaced: each describe hoist sends to a service with a
// published bucket draws from one, within that bucket's figures in
// docs/aws-facts.md (Rates); no mutation is paced (actions must not queue behind the
// poller's reads).
func TestEveryDescribeIsPaced(t *testing.T) {
	published := map[string]float64{ // refill per second
		"elbv2:Describe*":                 10,
		"ec2:Describe*":                   20,
		"cloudwatch:DescribeAlarms":       9,
		"cloudwatch:DescribeAlarmHistory": 20,
		"cloudwatch:GetMetricData":        500,
		"cloudwatch:GetDashboard":         10,
		"acm:DescribeCertificate":         10,
		"acm:ListCertificates":            1,
	}
	for prefix, iface := range map[string]reflect.Type{
		"autoscaling":          reflect.TypeFor[AutoScalingAPI](),
		"elasticloadbalancing": reflect.TypeFor[ELBAPI](),
		"cloudwatch":           reflect.TypeFor[CloudWatchAPI](),
		"ec2":                  reflect.TypeFor[EC2API](),
		"acm":                  reflect.TypeFor[ACMAPI](),
	} {
		for i := range iface.NumMethod() {
			op := iface.Method(i).Name
			r, ok := paceRuleFor(prefix, op)
			read := strings.HasPrefix(op, "Describe") || strings.HasPrefix(op, "Get") || prefix == "acm"
			switch {
			case prefix == "autoscaling" || !read:
				if ok {
					t.Errorf("%s:%s is paced (%s), want unpaced", prefix, op, r.bucket)
				}
			case !ok:
				t.Errorf("%s:%s is not paced", prefix, op)
			case r.perSec <= 0 || r.burst < 1:
				t.Errorf("%s:%s: bucket %s allows nothing", prefix, op, r.bucket)
			case r.perSec > published[r.bucket]/2:
				t.Errorf("%s:%s: %.1f/s is more than half of %s's published %.0f/s", prefix, op, r.perSec, r.bucket, published[r.bucket])
			}
		}
	}
}

// TestPacedCallOutlastingItsDeadline: once hoist's share of a bucket is
// spent, a call whose deadline comes before the next token fails at once as
// a timeout, and nothing is sent.
func TestPacedCallOutlastingItsDeadline(t *testing.T) {
	env := openSim(t, func(o *Options) { o.Pacing = PaceOn })
	s := env.session
	if s.pace == nil {
		t.Fatal("PaceOn left the session unpaced")
	}
	r, _ := paceRuleFor("cloudwatch", "DescribeAlarms")
	for range r.burst { // spend the burst without sending
		if err := s.pace.wait(context.Background(), "cloudwatch", "DescribeAlarms"); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := simRequests(env.sim)
	// The next token is 1/4.5 s away; the deadline is far sooner.
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err := s.cw.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{})
	if err == nil {
		t.Fatal("DescribeAlarms went out although hoist's share of the bucket was spent")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want one wrapping context.DeadlineExceeded", err)
	}
	if got := classify("cloudwatch:DescribeAlarms", err); !errors.Is(got, ErrTimeout) {
		t.Errorf("classified as %v, want a timeout", got)
	}
	after, _ := simRequests(env.sim)
	if d := after["monitoring:DescribeAlarms"] - before["monitoring:DescribeAlarms"]; d != 0 {
		t.Errorf("the simulator saw %d DescribeAlarms; a paced-out call must not be sent", d)
	}
	// Other buckets are untouched: a mutation or another describe goes.
	if err := s.pace.wait(ctx, "autoscaling", "SetDesiredCapacity"); err != nil {
		t.Errorf("an unpaced call waited: %v", err)
	}
}
