package aws

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// lbScreenClasses are the classes behind the load balancer screen.
var lbScreenClasses = []model.Class{model.ClassGroups, model.ClassLoadBalancers, model.ClassListeners, model.ClassTargetHealth, model.ClassMetrics}

// servedLBs is the simulator's default fleet (its five load balancers)
// grown to n load balancers through the API, each an internal ALB with an
// HTTP listener and an HTTPS one serving one of the fleet's certificates,
// forwarding to a target group of its own.
func servedLBs(b *testing.B, n int) *simServed {
	b.Helper()
	s, err := sim.New(sim.Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	b.Cleanup(srv.Close)
	ctx, cfg := context.Background(), simConfig(srv.URL)
	c := elb.NewFromConfig(cfg)
	certs, err := acm.NewFromConfig(cfg).ListCertificates(ctx, &acm.ListCertificatesInput{
		CertificateStatuses: []acmtypes.CertificateStatus{acmtypes.CertificateStatusIssued}})
	if err != nil || len(certs.CertificateSummaryList) == 0 {
		b.Fatalf("ListCertificates: %v", err)
	}
	for i := 5; i < n; i++ {
		name := fmt.Sprintf("bench-%03d", i)
		lb, err := c.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: sdk.String(name), Scheme: elbtypes.LoadBalancerSchemeEnumInternal})
		if err != nil {
			b.Fatal(err)
		}
		tg, err := c.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: sdk.String(name + "-tg"), Protocol: elbtypes.ProtocolEnumHttp, Port: sdk.Int32(8080)})
		if err != nil {
			b.Fatal(err)
		}
		fwd := []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: tg.TargetGroups[0].TargetGroupArn}}
		cert := certs.CertificateSummaryList[i%len(certs.CertificateSummaryList)].CertificateArn
		for _, in := range []*elb.CreateListenerInput{
			{Port: sdk.Int32(80), Protocol: elbtypes.ProtocolEnumHttp, DefaultActions: fwd},
			{Port: sdk.Int32(443), Protocol: elbtypes.ProtocolEnumHttps, Certificates: []elbtypes.Certificate{{CertificateArn: cert}}, DefaultActions: fwd},
		} {
			in.LoadBalancerArn = lb.LoadBalancers[0].LoadBalancerArn
			if _, err := c.CreateListener(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	}
	return &simServed{s: s, url: srv.URL}
}

// BenchmarkLBScreenSim counts, at the simulator, the requests one cycle of
// the load balancer screen's classes makes (groups, load balancers,
// listeners, target health and metrics, after a warm-up cycle), with the
// storefront's ALB on screen, at 10 and 250 load balancers. Beside it,
// min: the fewest requests for the same data (see lbMinimum). Per hour is
// each class's steady calls times its runs per hour at the default
// cadences, plus what the warm-up read beyond a steady cycle (the
// certificate lists and certificates, read hourly; the security policies,
// daily but counted hourly here; the attributes, certificate lists and
// rules of the load balancer on screen, every 5 minutes). The screen's
// CloudWatch spend is its series at $0.01 per 1,000 metrics every minute.
func BenchmarkLBScreenSim(b *testing.B) {
	for _, n := range []int{10, 250} {
		b.Run(fmt.Sprintf("lbs=%d", n), func(b *testing.B) {
			ss := servedLBs(b, n)
			s := openServed(b, ss.url)
			v := model.Visible{LoadBalancers: []string{"solemate-web"}, Range: time.Hour}
			pm := measureClasses(b, s, v, ss.served, lbScreenClasses)
			specs := len(pm.w.lbMetricSpecs(v))
			least := lbMinimum(pm.w.snapshot(0, nil, 0), v, specs)
			cad := DefaultCadences()
			b.ReportMetric(pm.perCycle(), "calls/cycle")
			b.ReportMetric(float64(sum(least.cycle)), "min-calls/cycle")
			b.ReportMetric(lbPerHour(pm.classAvg(), pm.classWarm(), cad), "calls/hour")
			b.ReportMetric(lbPerHour(intsToFloats(least.cycle), least.warm, cad), "min-calls/hour")
			b.ReportMetric(float64(specs), "metrics/cycle")
			b.ReportMetric(model.CloudWatchSpend(specs, cad[model.ClassMetrics]), "USD/hour")
			b.Logf("lbs %d: requests per class per cycle %v (warm-up %v); minimum %v (warm-up %v)", n, pm.avg, pm.warm, least.cycle, least.warm)
		})
	}
}

// lbPerHour is the hourly count of per-class steady cycles at the default
// cadences, plus the warm-up's extra once an hour.
func lbPerHour(avg map[model.Class]float64, warm map[model.Class]int, cad map[model.Class]time.Duration) float64 {
	h := 0.0
	for c, a := range avg {
		h += a*runsPerHour(cad[c]) + max(0, float64(warm[c])-a)
	}
	// The details of the load balancer on screen come back every detailsTTL.
	h += max(0, float64(warm[model.ClassTargetHealth])-avg[model.ClassTargetHealth]) * (runsPerHour(detailsTTL) - 1)
	return h
}

func intsToFloats(m map[model.Class]int) map[model.Class]float64 {
	out := make(map[model.Class]float64, len(m))
	for k, v := range m {
		out[k] = float64(v)
	}
	return out
}

// lbCalls are the fewest calls of a steady cycle, and of the warm-up.
type lbCalls struct {
	cycle map[model.Class]int
	warm  map[model.Class]int
}

// lbMinimum is the fewest requests for the screen's data: the groups (100
// a page), load balancers and target groups (400 a page), one
// DescribeListeners per load balancer (it takes one), target health of
// the target groups on screen (one each: no batch form), the series on
// screen (500 per GetMetricData); and in the warm-up one
// DescribeListenerCertificates per secure listener, one DescribeCertificate
// per certificate in use, one DescribeSSLPolicies, and for the load
// balancer on screen its target groups' attributes and its listeners'
// rules (one call each).
func lbMinimum(snap model.Snapshot, v model.Visible, specs int) lbCalls {
	shownTGs, shownListeners, secure := 0, 0, 0
	certs := map[string]bool{}
	for _, lb := range snap.LoadBalancers {
		for _, l := range lb.Listeners {
			if l.Secure() {
				secure++
			}
			for _, c := range l.Certificates {
				certs[c] = true
			}
		}
		if v.ShowsLoadBalancer(&lb) {
			shownListeners += len(lb.Listeners)
			for _, tg := range snap.TargetGroups {
				for _, arn := range tg.LoadBalancerARNs {
					if arn == lb.ARN {
						shownTGs++
					}
				}
			}
		}
	}
	cycle := map[model.Class]int{
		model.ClassGroups:        pages(len(snap.Groups), 100),
		model.ClassLoadBalancers: pages(len(snap.LoadBalancers), 400) + pages(len(snap.TargetGroups), 400),
		model.ClassListeners:     len(snap.LoadBalancers),
		model.ClassTargetHealth:  shownTGs,
		model.ClassMetrics:       pages(specs, 500),
	}
	warm := map[model.Class]int{}
	for c, n := range cycle {
		warm[c] = n
	}
	warm[model.ClassListeners] += secure + len(certs) + 1
	warm[model.ClassTargetHealth] += shownTGs + shownListeners
	return lbCalls{cycle: cycle, warm: warm}
}
