package aws

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/time/rate"
)

// Pacing says whether hoist paces its describe calls to stay inside a share
// of the account's API rate buckets.
type Pacing int

const (
	// PaceAuto paces against AWS and not against an emulator on this
	// machine, which has no buckets to share.
	PaceAuto Pacing = iota
	// PaceOn always paces.
	PaceOn
	// PaceOff never paces.
	PaceOff
)

// paced reports whether calls to endpoint ("" for AWS's own) are paced.
func paced(p Pacing, endpoint string) bool {
	return p == PaceOn || (p == PaceAuto && !isLoopback(endpoint))
}

// paceRule is one token bucket: the calls that draw from it, and the rate
// and burst hoist allows itself there.
type paceRule struct {
	bucket string
	perSec float64
	burst  int
}

// paceRuleFor returns the bucket an operation draws from, and false for
// calls hoist does not pace. AWS's describe buckets are per account and
// region and shared with the AWS console, Auto Scaling's own reads and
// every other tool (docs/aws-facts.md: Rates). An incident is when all of them
// are busy, so hoist allows itself half of each bucket's refill and burst:
// a console left open must not be what throttles the deploy pipeline.
// Auto Scaling publishes no figures and mutations are rare and single; the
// poller's backoff covers both.
func paceRuleFor(service, op string) (paceRule, bool) {
	switch {
	case service == "elasticloadbalancing" && strings.HasPrefix(op, "Describe"):
		return paceRule{"elbv2:Describe*", 5, 20}, true // bucket 40, refill 10/s
	case service == "ec2" && strings.HasPrefix(op, "Describe"):
		return paceRule{"ec2:Describe*", 10, 50}, true // bucket 100, refill 20/s
	case service == "cloudwatch" && op == "DescribeAlarms":
		return paceRule{"cloudwatch:DescribeAlarms", 4.5, 4}, true // 9/s
	case service == "cloudwatch" && op == "DescribeAlarmHistory":
		return paceRule{"cloudwatch:DescribeAlarmHistory", 10, 10}, true // 20/s
	case service == "cloudwatch" && op == "GetMetricData":
		return paceRule{"cloudwatch:GetMetricData", 250, 250}, true // 500/s
	case service == "cloudwatch" && op == "GetDashboard":
		return paceRule{"cloudwatch:GetDashboard", 5, 5}, true // 10/s
	case service == "acm" && op == "DescribeCertificate":
		return paceRule{"acm:DescribeCertificate", 5, 5}, true // 10/s
	case service == "acm" && op == "ListCertificates":
		return paceRule{"acm:ListCertificates", 0.5, 1}, true // 1/s
	}
	return paceRule{}, false
}

// pacer holds one limiter per bucket, made on first use. It is safe for
// concurrent use: the poller's classes run in parallel and share buckets.
type pacer struct {
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

func newPacer() *pacer { return &pacer{buckets: map[string]*rate.Limiter{}} }

// wait blocks until the operation may be sent. It returns at once, with an
// error wrapping context.DeadlineExceeded, when the wait would outlast the
// call's deadline, so a paced call fails as a timeout rather than hanging.
func (p *pacer) wait(ctx context.Context, service, op string) error {
	r, ok := paceRuleFor(service, op)
	if !ok {
		return nil
	}
	p.mu.Lock()
	l := p.buckets[r.bucket]
	if l == nil {
		l = rate.NewLimiter(rate.Limit(r.perSec), r.burst)
		p.buckets[r.bucket] = l
	}
	p.mu.Unlock()
	if err := l.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("waiting for %s's share of the %s rate: %w", op, r.bucket, ctx.Err())
		}
		return fmt.Errorf("waiting for %s's share of the %s rate would outlast the call's deadline: %w", op, r.bucket, context.DeadlineExceeded)
	}
	return nil
}
