package model

import (
	"strings"
	"testing"
	"time"
)

const (
	lbWeb  = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/50dc6c495c0c9188"
	lbNet  = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/cache-nlb/73e2d6bc24d8a067"
	tgWeb  = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/6d0ecf831eec9f09"
	tgAPI  = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-tg/943f017f100becff"
	tgNet  = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/cache-tg/1f0ecf831eec9f09"
	lisWeb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"
)

var zones = []string{"us-east-1a", "us-east-1b", "us-east-1c"}

// lbSnapshot is one ALB with an HTTPS listener and two target groups, and
// one NLB, as the poller would publish them with the ALB on screen.
func lbSnapshot() *Snapshot {
	web := LoadBalancer{ARN: lbWeb, Name: "web-alb", Type: LBApplication, Scheme: "internet-facing", State: "active", AZs: zones,
		Listeners: []Listener{
			{ARN: lisWeb, Port: 443, Protocol: "HTTPS", SSLPolicy: polOld, Certificates: []string{certA, certB, certIAM}, CertificatesRead: true,
				DefaultAction: "forward", DefaultTargetGroups: []string{tgWeb}, Rules: 2, RulesRead: true},
			{ARN: lisWeb + "80", Port: 80, Protocol: "HTTP", DefaultAction: "redirect", DefaultDetail: "HTTPS:443 (HTTP_301)", RulesRead: true},
		}}
	net := LoadBalancer{ARN: lbNet, Name: "cache-nlb", Type: LBNetwork, Scheme: "internal", AZs: zones,
		Listeners: []Listener{{Port: 6379, Protocol: "TCP", DefaultAction: "forward", DefaultTargetGroups: []string{tgNet}}}}
	fetched := t0.Add(-time.Minute)
	return &Snapshot{
		Region:        "us-east-1",
		LoadBalancers: []LoadBalancer{web, net},
		TargetGroups: []TargetGroup{
			{ARN: tgWeb, Name: "web-tg", Protocol: "HTTP", LoadBalancerARNs: []string{lbWeb}, TargetsFetched: fetched,
				Attributes: map[string]string{"load_balancing.algorithm.type": "least_outstanding_requests", "stickiness.enabled": "true",
					"stickiness.type": "lb_cookie", "stickiness.lb_cookie.duration_seconds": "3600", "deregistration_delay.timeout_seconds": "60",
					"slow_start.duration_seconds": "30", "load_balancing.cross_zone.enabled": "use_load_balancer_configuration"},
				Targets: []Target{{ID: "i-1", State: TargetHealthy}, {ID: "i-2", State: TargetHealthy}, {ID: "i-3", State: TargetHealthy},
					{ID: "i-4", State: TargetUnhealthy}, {ID: "i-5", AZ: "us-east-1c", State: TargetDraining}}},
			{ARN: tgAPI, Name: "api-tg", Protocol: "HTTP", LoadBalancerARNs: []string{lbWeb}, TargetsFetched: fetched,
				Attributes: map[string]string{"load_balancing.algorithm.type": "round_robin", "stickiness.enabled": "false",
					"load_balancing.cross_zone.enabled": "false"},
				Targets: []Target{{ID: "i-1", State: TargetHealthy}}},
			{ARN: tgNet, Name: "cache-tg", Protocol: "TCP", LoadBalancerARNs: []string{lbNet},
				Attributes: map[string]string{"stickiness.enabled": "true", "stickiness.type": "source_ip",
					"load_balancing.cross_zone.enabled": "use_load_balancer_configuration"}},
		},
		Groups: []Group{
			{Name: "web", TargetGroupARNs: []string{tgWeb}, Instances: []Instance{{ID: "i-1", AZ: "us-east-1a"}, {ID: "i-2", AZ: "us-east-1a"},
				{ID: "i-3", AZ: "us-east-1b"}, {ID: "i-4", AZ: "us-east-1b"}}},
			{Name: "api", TargetGroupARNs: []string{tgAPI, tgWeb}},
		},
		Certificates: []Certificate{
			{ARN: certA, Domain: "www.example.com", Source: CertACM, Status: "ISSUED", NotAfter: t0.Add(200 * 24 * time.Hour)},
			{ARN: certB, Domain: "old.example.com", Source: CertACM, Status: "ISSUED", NotAfter: t0.Add(4*24*time.Hour + time.Hour)},
			{ARN: certIAM, Source: CertIAM, NotAfter: t0.Add(20 * 24 * time.Hour)},
		},
		SSLPolicies: []SSLPolicy{{Name: polOld, Protocols: []string{"TLSv1", "TLSv1.1", "TLSv1.2"}}},
		Series:      map[SeriesKey][]Point{},
	}
}

// perMinute puts n points of v a minute, ending at t0, under k.
func perMinute(s *Snapshot, k SeriesKey, n int, v float64) {
	var pts []Point
	for i := n - 1; i >= 0; i-- {
		pts = append(pts, Point{T: t0.Add(-time.Duration(i) * time.Minute), V: v})
	}
	s.Series[k] = pts
}

func TestLBView(t *testing.T) {
	s := lbSnapshot()
	views := LBViews(s, LBViewOptions{Now: t0, Window: time.Hour, Alerts: DefaultAlertThresholds()})
	if len(views) != 2 || views[0].LB.Name != "cache-nlb" || views[1].LB.Name != "web-alb" {
		t.Fatalf("views by name: %+v", views)
	}
	web := views[1]
	if !web.Detailed || views[0].Detailed {
		t.Errorf("detailed: web %v, cache %v", web.Detailed, views[0].Detailed)
	}
	https, http := web.Listeners[0], web.Listeners[1]
	if https.Name != "web-alb:443" || https.Action != "forward to web-tg" || !https.PolicyOutdated() {
		t.Errorf("https listener: %+v", https)
	}
	if http.Action != "redirect to HTTPS:443 (HTTP_301)" || http.PolicyOutdated() {
		t.Errorf("http listener: %+v", http)
	}
	got := []string{}
	for _, c := range https.Certificates {
		got = append(got, c.Name()+"/"+c.Expiry)
	}
	if strings.Join(got, " ") != "www.example.com/ old.example.com/critical www-2019/warning" || https.Certificates[1].DaysLeft != 4 || !https.Certificates[0].Default {
		t.Errorf("certificates: %v %+v", got, https.Certificates)
	}

	api, wtg := web.TargetGroups[0], web.TargetGroups[1]
	if api.TG.Name != "api-tg" || wtg.TG.Name != "web-tg" {
		t.Fatalf("target groups by name: %s %s", api.TG.Name, wtg.TG.Name)
	}
	want := TGSettings{Read: true, Algorithm: "least outstanding requests", Stickiness: true, StickinessType: "lb_cookie",
		StickinessDuration: time.Hour, DeregistrationDelay: time.Minute, SlowStart: 30 * time.Second, CrossZone: "on"}
	if wtg.Settings != want {
		t.Errorf("web-tg settings %+v", wtg.Settings)
	}
	if api.Settings.CrossZone != "off" || api.Settings.Algorithm != "round robin" || api.Settings.Stickiness {
		t.Errorf("api-tg settings %+v", api.Settings)
	}
	if nlb := views[0].TargetGroups[0].Settings; nlb.Algorithm != "flow hash" || nlb.StickinessType != "source_ip" || !strings.HasPrefix(nlb.CrossZone, "load balancer's") {
		t.Errorf("cache-tg settings %+v", nlb)
	}
	if strings.Join(wtg.Groups, ",") != "web,api" {
		t.Errorf("groups behind web-tg: %v", wtg.Groups)
	}
	if c := wtg.Counts; c.Healthy != 3 || c.Unhealthy != 1 || c.Draining != 1 {
		t.Errorf("counts %+v", c)
	}
	// Zones from the groups' instances where target health has none.
	var zs []string
	for _, z := range wtg.Zones {
		zs = append(zs, z.Zone+":"+itoa(z.Healthy)+"/"+itoa(z.Unhealthy)+"/"+itoa(z.Other)+"→"+itoa(z.LeftIfLost))
	}
	if got := strings.Join(zs, " "); got != "us-east-1a:2/0/0→1 us-east-1b:1/1/0→2 us-east-1c:0/0/1→3" {
		t.Errorf("zones: %s", got)
	}
	// api-tg's one target is in us-east-1a: losing it leaves none.
	if o := web.Outage; !o.Known || o.TargetGroup != "api-tg" || o.Zone != "us-east-1a" || o.Left != 0 || o.Of != 1 {
		t.Errorf("worst outage %+v", o)
	}
}

func TestDistribution(t *testing.T) {
	tests := []struct {
		name      string
		perZone   []float64 // requests a minute, by zone
		minutes   int
		busiest   string
		ratio     float64
		judged    bool
		shareWant float64
	}{
		{"even", []float64{100, 100, 100}, 10, "us-east-1a", 1, true, 1.0 / 3},
		{"one zone heavy", []float64{300, 100, 100}, 10, "us-east-1a", 1.8, true, 0.6},
		{"all in one zone", []float64{0, 0, 200}, 10, "us-east-1c", 3, true, 1},
		{"too little load", []float64{30, 1, 1}, 10, "us-east-1a", 30.0 / 32 * 3, false, 30.0 / 32},
		{"nothing", []float64{0, 0, 0}, 10, "", 0, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := lbSnapshot()
			lb := &s.LoadBalancers[0]
			for i, z := range zones {
				perMinute(s, LBSeriesKey(lbWeb, "", z, MetricLBRequests), tt.minutes, tt.perZone[i])
			}
			d := DistributionOf(s, lb, nil, time.Hour, t0)
			e := d.Evenness
			if !d.Read || e.Busiest != tt.busiest || e.Judged != tt.judged || abs(e.Ratio-tt.ratio) > 1e-9 || abs(e.Share-tt.shareWant) > 1e-9 {
				t.Fatalf("evenness %+v, want busiest %s ratio %g share %g judged %v", e, tt.busiest, tt.ratio, tt.shareWant, tt.judged)
			}
		})
	}
	// The window: points older than it do not count.
	s := lbSnapshot()
	lb := &s.LoadBalancers[0]
	perMinute(s, LBSeriesKey(lbWeb, "", "us-east-1a", MetricLBRequests), 60, 10)
	if d := DistributionOf(s, lb, nil, 15*time.Minute, t0); d.Zones[0].Total != 160 {
		t.Errorf("15 minutes of 10 a minute (both ends in): %g", d.Zones[0].Total)
	}
	// Per target group, and nothing read for the NLB.
	perMinute(s, LBSeriesKey(lbWeb, tgWeb, "", MetricLBRequests), 10, 300)
	perMinute(s, LBSeriesKey(lbWeb, tgAPI, "", MetricLBRequests), 10, 100)
	perMinute(s, LBSeriesKey("", tgWeb, "", MetricLBPerTarget), 10, 100)
	tgs := []*TargetGroup{&s.TargetGroups[0], &s.TargetGroups[1]}
	d := DistributionOf(s, lb, tgs, time.Hour, t0)
	if len(d.TargetGroups) != 2 || d.TargetGroups[0].Share != 0.75 || d.PerTarget[0].Total != 1000 || d.PerTarget[1].Total != 0 {
		t.Errorf("by target group %+v, per target %+v", d.TargetGroups, d.PerTarget)
	}
	if d := DistributionOf(s, &s.LoadBalancers[1], nil, time.Hour, t0); d.Read || d.Measure != "active flows" {
		t.Errorf("NLB with nothing read: %+v", d)
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func TestLBMetricSpecs(t *testing.T) {
	s := lbSnapshot()
	alb := LBMetricSpecs(&s.LoadBalancers[0], []*TargetGroup{&s.TargetGroups[0], &s.TargetGroups[1]})
	nlb := LBMetricSpecs(&s.LoadBalancers[1], []*TargetGroup{&s.TargetGroups[2]})
	// ALB: 6 of its own, 3 zones, 2 per target group; NLB: 3 and 3 zones.
	if len(alb) != 6+3+2*2 || len(nlb) != 3+3 {
		t.Fatalf("%d ALB specs, %d NLB specs", len(alb), len(nlb))
	}
	seen := map[SeriesKey]bool{}
	for _, sp := range append(alb, nlb...) {
		if seen[sp.Key] {
			t.Errorf("two specs for %v", sp.Key)
		}
		seen[sp.Key] = true
		if _, _, _, ok := LBScope(sp.Key); !ok {
			t.Errorf("%v is not a load balancer key", sp.Key)
		}
	}
	p99 := alb[2]
	if p99.Name != "TargetResponseTime" || p99.Stat != "p99" || p99.Scale != 1000 || p99.Dimensions[0].Value != "app/web-alb/50dc6c495c0c9188" {
		t.Errorf("p99 spec %+v", p99)
	}
	zone := alb[6]
	if zone.Dimensions[1] != (Dimension{"AvailabilityZone", "us-east-1a"}) || zone.Key != LBSeriesKey(lbWeb, "", "us-east-1a", MetricLBRequests) {
		t.Errorf("zone spec %+v", zone)
	}
	per := alb[len(alb)-1]
	if per.Name != "RequestCountPerTarget" || len(per.Dimensions) != 1 || per.Dimensions[0].Value != "targetgroup/api-tg/943f017f100becff" {
		t.Errorf("per target spec %+v", per)
	}
	if nlb[0].Namespace != "AWS/NetworkELB" || nlb[0].Name != "ActiveFlowCount" {
		t.Errorf("nlb spec %+v", nlb[0])
	}
	// A group's key is never a load balancer's.
	if _, _, _, ok := LBScope(SeriesKey{"web", MetricCPU}); ok {
		t.Error("a group key read as a load balancer's")
	}
	lb, tg, z, ok := LBScope(LBSeriesKey(lbWeb, tgWeb, "us-east-1b", MetricLBRequests))
	if !ok || lb != lbWeb || tg != tgWeb || z != "us-east-1b" {
		t.Errorf("scope round trip: %s %s %s %v", lb, tg, z, ok)
	}
	for _, c := range append(LBCharts(&s.LoadBalancers[0]), LBCharts(&s.LoadBalancers[1])...) {
		for _, sr := range c.Series {
			if !seen[sr.Key] {
				t.Errorf("chart %s draws %s, which no spec fetches", c.Title, sr.Label)
			}
		}
	}
}

func TestCertificates(t *testing.T) {
	th := DefaultAlertThresholds()
	for _, tt := range []struct {
		left time.Duration
		days int
		want string
	}{
		{40 * 24 * time.Hour, 40, ExpiryOK},
		{30 * 24 * time.Hour, 30, ExpiryOK},
		{30*24*time.Hour - time.Minute, 29, ExpirySoon},
		{7 * 24 * time.Hour, 7, ExpirySoon},
		{7*24*time.Hour - time.Minute, 6, ExpiryUrgent},
		{time.Hour, 0, ExpiryUrgent},
		{-time.Hour, -1, ExpiryUrgent},
	} {
		c := Certificate{NotAfter: t0.Add(tt.left)}
		if d := c.DaysLeft(t0); d != tt.days || th.CertExpiry(d) != tt.want {
			t.Errorf("%s left: %d days, %q; want %d, %q", tt.left, d, th.CertExpiry(d), tt.days, tt.want)
		}
	}
	if (AlertThresholds{}).CertExpiry(20) != ExpirySoon {
		t.Error("unset thresholds are not the defaults")
	}
	for arn, want := range map[string]string{certA: CertACM, certIAM: CertIAM, "arn:aws:iam::1:role/x": "", "www": ""} {
		if got := CertSource(arn); got != want {
			t.Errorf("CertSource(%s) = %q", arn, got)
		}
	}
	if !(SSLPolicy{Protocols: []string{"TLSv1.1", "TLSv1.2"}}).Outdated() || (SSLPolicy{Protocols: []string{"TLSv1.2", "TLSv1.3"}}).Outdated() {
		t.Error("Outdated")
	}
}

func TestLBAlerts(t *testing.T) {
	s := lbSnapshot()
	th := DefaultAlertThresholds()
	var tr AlertTracker
	byID := func(as []Alert) map[string]Alert {
		m := map[string]Alert{}
		for _, a := range as {
			m[a.ID] = a
		}
		return m
	}
	got := byID(tr.Observe(s, t0, th))
	soon, urgent := got[AlertCertExpiring+":"+certIAM], got[AlertCertExpiring+":"+certB]
	if soon.Severity != SeverityWarning || urgent.Severity != SeverityCritical {
		t.Fatalf("certificate alerts %+v", got)
	}
	if want := "certificate old.example.com on web-alb:443 expires in 4 days"; !strings.HasPrefix(urgent.Text, want) {
		t.Errorf("text %q, want %q...", urgent.Text, want)
	}
	if _, ok := got[AlertCertExpiring+":"+certA]; ok {
		t.Error("a certificate with 200 days left alerts")
	}
	if !urgent.Since.Equal(s.Certificates[1].NotAfter.AddDate(0, 0, -7)) {
		t.Errorf("urgent since %s", urgent.Since)
	}
	// A certificate no listener serves does not alert.
	s.LoadBalancers[0].Listeners[0].Certificates = []string{certA}
	if got := byID(tr.Observe(s, t0, th)); len(got) != 0 {
		t.Errorf("certificates not in use alert: %v", got)
	}

	// Uneven load: one zone takes 3/5; it fires at once (the window is
	// the duration) and keeps its Since while it holds.
	s = lbSnapshot()
	th.Disabled = []string{AlertCertExpiring}
	for i, z := range zones {
		perMinute(s, LBSeriesKey(lbWeb, "", z, MetricLBRequests), 30, []float64{300, 100, 100}[i])
	}
	first := byID(tr.Observe(s, t0, th))[AlertUnevenLoad+":"+lbWeb]
	if first.Severity != SeverityWarning || !strings.Contains(first.Text, "web-alb: us-east-1a takes 60% of its requests, 1.8× an even share (33%), over 10m00s") {
		t.Fatalf("uneven: %+v", first)
	}
	later := byID(tr.Observe(s, t0.Add(time.Minute), th))[AlertUnevenLoad+":"+lbWeb]
	if later.Key() != first.Key() {
		t.Errorf("the same firing changed key: %s, %s", first.Key(), later.Key())
	}
	th.UnevenRatio = 2
	if got := byID(tr.Observe(s, t0, th)); len(got) != 0 {
		t.Errorf("below a ratio of 2: %v", got)
	}
	th.UnevenRatio = 0
	th.Disabled = append(th.Disabled, AlertUnevenLoad)
	if got := byID(tr.Observe(s, t0, th)); len(got) != 0 {
		t.Errorf("disabled: %v", got)
	}
}

func TestLBThresholdsValidate(t *testing.T) {
	for _, tt := range []struct {
		f    func(*AlertThresholds)
		want string
	}{
		{func(a *AlertThresholds) {}, ""},
		{func(a *AlertThresholds) { a.CertWarnDays, a.CertCritDays = 0, 0 }, ""},
		{func(a *AlertThresholds) { a.CertWarnDays = 400 }, "alerts.cert_warning: 400"},
		{func(a *AlertThresholds) { a.CertCritDays = 45 }, "alerts.cert_warning (30 days) must be at least alerts.cert_critical (45 days)"},
		{func(a *AlertThresholds) { a.UnevenRatio = 1 }, "alerts.uneven_ratio: 1 is not above 1"},
		{func(a *AlertThresholds) { a.UnevenFor = -time.Minute }, "alerts.uneven_for"},
		{func(a *AlertThresholds) { a.Disabled = []string{AlertCertExpiring, AlertUnevenLoad} }, ""},
		{func(a *AlertThresholds) { a.Disabled = []string{"certificates"} }, `no rule "certificates" (rules: at-max, `},
	} {
		th := DefaultAlertThresholds()
		tt.f(&th)
		wantErr(t, th.Validate(), tt.want)
	}
}

func TestLBLookups(t *testing.T) {
	s := lbSnapshot()
	if lb, err := s.FindLoadBalancer("web-alb"); err != nil || lb.ARN != lbWeb {
		t.Errorf("by name: %v %v", lb, err)
	}
	if lb, err := s.FindLoadBalancer(lbNet); err != nil || lb.Name != "cache-nlb" {
		t.Errorf("by ARN: %v %v", lb, err)
	}
	_, err := s.FindLoadBalancer("web")
	wantErr(t, err, `no load balancer "web" in us-east-1; there are cache-nlb, web-alb`)
	if tg, err := s.FindTargetGroup("api-tg"); err != nil || tg.ARN != tgAPI {
		t.Errorf("target group: %v %v", tg, err)
	}
	if lb, l, err := s.FindListener("web-alb:443"); err != nil || l.ARN != lisWeb || lb.Name != "web-alb" {
		t.Errorf("listener by name: %v %v", l, err)
	}
	if _, l, err := s.FindListener(lisWeb); err != nil || l.Port != 443 {
		t.Errorf("listener by ARN: %v %v", l, err)
	}
	_, _, err = s.FindListener("web-alb")
	wantErr(t, err, "name a listener as LOAD-BALANCER:PORT")
	_, _, err = s.FindListener("web-alb:8443")
	wantErr(t, err, `no listener "web-alb:8443" in us-east-1; there are cache-nlb:6379, web-alb:443, web-alb:80`)

	if got := DeleteLBCommand(&s.LoadBalancers[0], "us-east-1"); got != "aws elbv2 delete-load-balancer --region us-east-1 --load-balancer-arn "+lbWeb {
		t.Errorf("delete: %s", got)
	}
	if got := CreateLBCommand("new lb", "application", "internal", nil, "eu-west-1"); got !=
		"aws elbv2 create-load-balancer --region eu-west-1 --name 'new lb' --type application --scheme internal --subnets SUBNET-IN-ZONE-A SUBNET-IN-ZONE-B" {
		t.Errorf("create: %s", got)
	}
	if got := ShellQuote("it's"); got != `'it'\''s'` {
		t.Errorf("quote: %s", got)
	}
}

// A simulator ahead of this machine: the certificates are judged on its
// clock once, as Observe puts now on it; shifted twice, a certificate
// four days from expiry read as three and a half.
func TestLBAlertsOnTheServerClock(t *testing.T) {
	s := lbSnapshot()
	s.Skew = 36 * time.Hour
	var tr AlertTracker
	var urgent Alert
	for _, a := range tr.Observe(s, t0.Add(-s.Skew), DefaultAlertThresholds()) {
		if a.ID == AlertCertExpiring+":"+certB {
			urgent = a
		}
	}
	if want := "certificate old.example.com on web-alb:443 expires in 4 days"; !strings.HasPrefix(urgent.Text, want) {
		t.Errorf("text %q, want %q...", urgent.Text, want)
	}
}
