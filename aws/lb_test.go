package aws

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/solemate/hoist/model"
)

// The load balancer view through the adapter: on the simulator's default
// fleet (its storefront ALB on screen) and on moto (HTTPS and an IAM
// server certificate seeded).

func viewNamed(t *testing.T, views []model.LBView, name string) model.LBView {
	t.Helper()
	for _, v := range views {
		if v.LB.Name == name {
			return v
		}
	}
	t.Fatalf("no load balancer %s", name)
	return model.LBView{}
}

func listenerOn(t *testing.T, v model.LBView, port int) model.ListenerView {
	t.Helper()
	for _, l := range v.Listeners {
		if l.Listener.Port == port {
			return l
		}
	}
	t.Fatalf("%s has no listener on %d", v.LB.Name, port)
	return model.ListenerView{}
}

// TestLoadBalancerViewOnSimulator: one fetch gives every load balancer
// with its listeners, their certificates and policies, and the details of
// the one on screen only: its target groups' attributes and health, its
// listeners' certificate lists and rules, its series. The certificate
// the fleet lets expire in four days alerts.
func TestLoadBalancerViewOnSimulator(t *testing.T) {
	env := openSim(t, nil)
	env.sim.Advance(10 * time.Minute)
	ctx := context.Background()
	before, _ := simRequests(env.sim)
	snap, err := env.session.FetchLoadBalancers(ctx, model.Visible{LoadBalancers: []string{"solemate-web"}, Range: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for c, f := range snap.Fresh {
		if f.Err != "" {
			t.Errorf("%s: %s", c, f.Err)
		}
	}
	after, _ := simRequests(env.sim)
	calls := func(op string) int64 { return after[op] - before[op] }
	views := model.LBViews(&snap, model.LBViewOptions{Now: time.Now(), Window: time.Hour, Alerts: model.DefaultAlertThresholds()})
	if len(views) != 5 {
		t.Fatalf("%d load balancers, want the fleet's 5", len(views))
	}
	web, app := viewNamed(t, views, "solemate-web"), viewNamed(t, views, "solemate-app-internal")
	if !web.Detailed || app.Detailed || len(web.LB.AZs) != 3 {
		t.Errorf("detailed: web %v (zones %v), app-internal %v", web.Detailed, web.LB.AZs, app.Detailed)
	}
	https := listenerOn(t, web, 443)
	if len(https.Certificates) != 2 || https.Certificates[0].Name() != "www.solemate.example" || https.Certificates[1].Expiry != model.ExpiryUrgent ||
		https.Certificates[1].DaysLeft != 4 || https.PolicyOutdated() || https.Action != "forward to solemate-web-tg" {
		t.Errorf("web:443 %+v, certificates %+v", https, https.Certificates)
	}
	if l := listenerOn(t, web, 80); l.Action != "redirect to HTTPS:443 (HTTP_301)" || !l.Listener.RulesRead {
		t.Errorf("web:80 %+v", l)
	}
	if old := listenerOn(t, app, 8443); !old.PolicyOutdated() || old.Certificates[0].Cert == nil || old.Listener.RulesRead {
		t.Errorf("app-internal:8443, its policy allows TLS 1.0: %+v", old)
	}
	tg := web.TargetGroups[0]
	if !tg.Settings.Read || !tg.Settings.Stickiness || tg.Settings.DeregistrationDelay != 30*time.Second || !tg.TargetsRead ||
		tg.Counts.Healthy == 0 || !slices.Contains(tg.Groups, "solemate-web-prod") || len(tg.Zones) != 3 {
		t.Errorf("web-tg %+v", tg)
	}
	if d := web.Distribution; !d.Read || len(d.Zones) != 3 || len(d.TargetGroups) != 1 {
		t.Errorf("distribution %+v", d)
	}
	if pts := snap.Series[model.LBSeriesKey(web.LB.ARN, "", "", model.MetricLBRequests)]; len(pts) == 0 {
		t.Error("no requests series for the load balancer on screen")
	}
	// Details only for the load balancer on screen; listeners for all.
	if n := calls("elasticloadbalancing:DescribeTargetGroupAttributes"); n != 1 {
		t.Errorf("%d DescribeTargetGroupAttributes, want 1 (web-tg)", n)
	}
	if n := calls("elasticloadbalancing:DescribeListeners"); n != 5 {
		t.Errorf("%d DescribeListeners, want one per load balancer", n)
	}
	// Each secure listener's certificate list once (on screen or not, on
	// the long certificate cadence), each of the three certificates in
	// use once; the fleet's other certificates not at all.
	if n := calls("elasticloadbalancing:DescribeListenerCertificates"); n != 2 {
		t.Errorf("%d DescribeListenerCertificates, want 2", n)
	}
	if n := calls("acm:DescribeCertificate"); n != 3 {
		t.Errorf("%d DescribeCertificate, want 3", n)
	}
	var tr model.AlertTracker
	fired := false
	for _, a := range tr.Observe(&snap, time.Now(), model.DefaultAlertThresholds()) {
		if strings.HasPrefix(a.ID, model.AlertCertExpiring) && a.Severity == model.SeverityCritical && strings.Contains(a.Text, "www.solemate-shoes.example") {
			fired = true
		}
	}
	if !fired {
		t.Error("the certificate that expires in four days does not alert")
	}
}

// TestLoadBalancerViewOnMoto: the same reads against moto, with an HTTPS
// listener serving two imported ACM certificates and one serving an IAM
// server certificate.
func TestLoadBalancerViewOnMoto(t *testing.T) {
	b := motoCompat(t)
	seedCompat(t, b)
	ctx := context.Background()
	a, c := issuedCerts(t, b)
	arn := httpsListener(t, b, [2]string{a, c})
	if _, err := b.raw.elb.AddListenerCertificates(ctx, addCertsInput(arn, c)); err != nil {
		t.Fatal(err)
	}
	cert, key := selfSigned(t, "legacy.compat.example", 100)
	up, err := b.raw.iam.UploadServerCertificate(ctx, &iam.UploadServerCertificateInput{ServerCertificateName: sdk.String("legacy"),
		CertificateBody: sdk.String(string(cert)), PrivateKey: sdk.String(string(key))})
	if err != nil {
		t.Fatal(err)
	}
	iamARN := sdk.ToString(up.ServerCertificateMetadata.Arn)
	createListener(t, b, 8443, iamARN)

	s := compatOpen(t, b)
	snap, err := s.FetchLoadBalancers(ctx, model.Visible{AllLoadBalancers: true, Range: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for cl, f := range snap.Fresh {
		if f.Err != "" {
			t.Errorf("%s: %s", cl, f.Err)
		}
	}
	v := viewNamed(t, model.LBViews(&snap, model.LBViewOptions{Now: time.Now(), Alerts: model.DefaultAlertThresholds()}), "compat-alb")
	https := listenerOn(t, v, 443)
	if len(https.Certificates) != 2 || https.Certificates[0].Name() != "www.compat.example" || https.Certificates[1].Expiry != model.ExpiryUrgent ||
		https.Policy == nil || !https.PolicyOutdated() || !https.Listener.RulesRead {
		t.Errorf("compat-alb:443 %+v, certificates %+v", https, https.Certificates)
	}
	legacy := listenerOn(t, v, 8443)
	if cv := legacy.Certificates[0]; cv.Cert == nil || cv.Cert.Source != model.CertIAM || cv.Cert.NotAfter.IsZero() {
		t.Errorf("the IAM server certificate: %+v", cv)
	}
	if !v.Detailed || !v.TargetGroups[0].Settings.Read {
		t.Errorf("compat-alb in detail: %+v", v)
	}
}

// listenerOf finds a listener of the load balancer named lb in s.
func listenerOf(s model.Snapshot, lb string, port int) *model.Listener {
	for i := range s.LoadBalancers {
		if s.LoadBalancers[i].Name != lb {
			continue
		}
		for j := range s.LoadBalancers[i].Listeners {
			if l := &s.LoadBalancers[i].Listeners[j]; l.Port == port {
				return l
			}
		}
	}
	return nil
}

// TestPollerLoadBalancerOnScreen: the poller reads the details and series
// of the load balancer on screen only, and a listener action shows at
// once: its load balancer's listeners and certificate list are read again
// in the next target-health cycle, not at the listeners class's cadence
// (an hour here).
func TestPollerLoadBalancerOnScreen(t *testing.T) {
	env := openSim(t, nil)
	env.sim.Advance(5 * time.Minute)
	p := NewPoller(env.session, PollerOptions{Cadence: cadences(time.Hour),
		Visible: model.Visible{LoadBalancers: []string{"solemate-web"}, Range: time.Hour}})
	stop := runPoller(t, p)
	defer stop()
	var listenersAt time.Time
	snap := waitSnap(t, p, 20*time.Second, "the storefront in detail", func(s model.Snapshot) bool {
		l := listenerOf(s, "solemate-web", 443)
		listenersAt = s.Fresh[model.ClassListeners].FetchedAt
		return l != nil && l.CertificatesRead && l.RulesRead && !s.Fresh[model.ClassMetrics].FetchedAt.IsZero() &&
			!s.Fresh[model.ClassTargetHealth].FetchedAt.IsZero()
	})
	if l := listenerOf(snap, "solemate-app-internal", 8080); l == nil || l.RulesRead {
		t.Errorf("a load balancer not on screen has its rules read: %+v", l)
	}
	for k := range snap.Series {
		if lb, _, _, ok := model.LBScope(k); ok && lb != "" && !strings.Contains(lb, "/solemate-web/") {
			t.Errorf("a series of a load balancer not on screen: %v", k)
		}
	}
	l := listenerOf(snap, "solemate-web", 443)
	const to = "ELBSecurityPolicy-TLS13-1-3-2021-06"
	a := model.EditListener{Listener: l.ARN, Name: "solemate-web:443", Protocol: l.Protocol,
		From: model.ListenerTLS{Policy: l.SSLPolicy, Certificate: l.DefaultCertificate()},
		To:   model.ListenerTLS{Policy: to, Certificate: l.DefaultCertificate()}}
	if err := env.session.Act(context.Background(), a, "poller test", nil); err != nil {
		t.Fatal(err)
	}
	after := waitSnap(t, p, 20*time.Second, "the new policy", func(s model.Snapshot) bool {
		l := listenerOf(s, "solemate-web", 443)
		return l != nil && l.SSLPolicy == to && l.CertificatesRead
	})
	if got := after.Fresh[model.ClassListeners].FetchedAt; !got.Equal(listenersAt) {
		t.Errorf("the listeners class ran again (%s, first %s): the action's re-read should not need it", got, listenersAt)
	}
}
