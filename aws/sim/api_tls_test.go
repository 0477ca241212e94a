package sim

import (
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

func lbNamed(t testing.TB, s *Simulator, name string) *loadBalancer {
	t.Helper()
	for _, lb := range s.lbOrder {
		if lb.name == name {
			return lb
		}
	}
	t.Fatalf("no load balancer %s", name)
	return nil
}

func listenerOn(t testing.TB, lb *loadBalancer, port int32) *listener {
	t.Helper()
	for _, l := range lb.listeners {
		if l.port == port {
			return l
		}
	}
	t.Fatalf("%s has no listener on %d", lb.name, port)
	return nil
}

func tgNamed(t testing.TB, s *Simulator, name string) *targetGroup {
	t.Helper()
	for _, tg := range s.tgOrder {
		if tg.name == name {
			return tg
		}
	}
	t.Fatalf("no target group %s", name)
	return nil
}

func certByDomain(t testing.TB, s *Simulator, domain string) *certificate {
	t.Helper()
	for _, c := range s.acm.order {
		if c.domain == domain {
			return c
		}
	}
	t.Fatalf("no certificate for %s", domain)
	return nil
}

func TestSSLPoliciesAsAWSListsThem(t *testing.T) {
	api := elbv2API{newSim(t, Options{Seed: 1})}
	all := must(api.DescribeSSLPolicies(bg, &elb.DescribeSSLPoliciesInput{}))
	if n := len(all.SslPolicies); n < 20 {
		t.Fatalf("%d policies, AWS lists about twenty", n)
	}
	names := map[string]elbtypes.SslPolicy{}
	for _, p := range all.SslPolicies {
		if _, dup := names[*p.Name]; dup {
			t.Fatalf("%s listed twice", *p.Name)
		}
		names[*p.Name] = p
	}
	for _, tc := range []struct {
		name      string
		protocols []string
		ciphers   int
		first     string
	}{
		{"ELBSecurityPolicy-TLS13-1-2-Res-2021-06", []string{"TLSv1.2", "TLSv1.3"}, 7, "TLS_AES_128_GCM_SHA256"},
		{"ELBSecurityPolicy-TLS13-1-2-2021-06", []string{"TLSv1.2", "TLSv1.3"}, 11, "TLS_AES_128_GCM_SHA256"},
		{"ELBSecurityPolicy-TLS13-1-3-2021-06", []string{"TLSv1.3"}, 3, "TLS_AES_128_GCM_SHA256"},
		{"ELBSecurityPolicy-2016-08", []string{"TLSv1", "TLSv1.1", "TLSv1.2"}, 18, "ECDHE-ECDSA-AES128-GCM-SHA256"},
		{"ELBSecurityPolicy-FS-1-2-Res-2020-10", []string{"TLSv1.2"}, 4, "ECDHE-ECDSA-AES128-GCM-SHA256"},
		{"ELBSecurityPolicy-TLS-1-0-2015-04", []string{"TLSv1", "TLSv1.1", "TLSv1.2"}, 19, "ECDHE-ECDSA-AES128-GCM-SHA256"},
	} {
		p, ok := names[tc.name]
		if !ok {
			t.Errorf("%s missing", tc.name)
			continue
		}
		if !slices.Equal(p.SslProtocols, tc.protocols) || len(p.Ciphers) != tc.ciphers || *p.Ciphers[0].Name != tc.first || *p.Ciphers[len(p.Ciphers)-1].Priority != int32(tc.ciphers) {
			t.Errorf("%s: protocols %v, %d ciphers from %s", tc.name, p.SslProtocols, len(p.Ciphers), *p.Ciphers[0].Name)
		}
	}
	_, err := api.DescribeSSLPolicies(bg, &elb.DescribeSSLPoliciesInput{Names: []string{"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-1999"}})
	wantErr(t, err, "SSLPolicyNotFound", "ELBSecurityPolicy-1999")
	gw := must(api.DescribeSSLPolicies(bg, &elb.DescribeSSLPoliciesInput{LoadBalancerType: elbtypes.LoadBalancerTypeEnumGateway}))
	if len(gw.SslPolicies) != 0 {
		t.Errorf("gateway load balancers take no TLS policy, got %d", len(gw.SslPolicies))
	}
}

func TestModifyListenerPolicyAndDefaultCertificate(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := elbv2API{s}
	web := lbNamed(t, s, "solemate-web")
	https := listenerOn(t, web, 443)
	arn := aws.String(https.arn)
	staging := certByDomain(t, s, "staging.solemate.example")
	out := must(api.ModifyListener(bg, &elb.ModifyListenerInput{ListenerArn: arn, SslPolicy: aws.String("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"),
		Certificates: []elbtypes.Certificate{{CertificateArn: aws.String(staging.arn)}}}))
	l := out.Listeners[0]
	if aws.ToString(l.SslPolicy) != "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" || aws.ToString(l.Certificates[0].CertificateArn) != staging.arn {
		t.Fatalf("modified listener %+v", l)
	}
	list := must(api.DescribeListenerCertificates(bg, &elb.DescribeListenerCertificatesInput{ListenerArn: arn}))
	if len(list.Certificates) != 2 || aws.ToString(list.Certificates[0].CertificateArn) != staging.arn || !*list.Certificates[0].IsDefault {
		t.Fatalf("after a new default: %+v", list.Certificates)
	}
	www := certByDomain(t, s, "www.solemate.example")
	if slices.Contains(s.inUseBy(www.arn), web.arn) || !slices.Contains(s.inUseBy(staging.arn), web.arn) {
		t.Fatal("InUseBy does not follow the listener's default certificate")
	}
	missing := "arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-a000-000000000000"
	expired := certByDomain(t, s, "blackfriday2025.solemate.example")
	http := listenerOn(t, web, 80)
	for _, tc := range []struct {
		name string
		in   *elb.ModifyListenerInput
		code string
		msg  string
	}{
		{"unknown policy", &elb.ModifyListenerInput{ListenerArn: arn, SslPolicy: aws.String("ELBSecurityPolicy-Yesterday")}, "SSLPolicyNotFound", "ELBSecurityPolicy-Yesterday"},
		{"missing certificate", &elb.ModifyListenerInput{ListenerArn: arn, Certificates: []elbtypes.Certificate{{CertificateArn: aws.String(missing)}}}, "CertificateNotFound", missing},
		{"expired certificate", &elb.ModifyListenerInput{ListenerArn: arn, Certificates: []elbtypes.Certificate{{CertificateArn: aws.String(expired.arn)}}}, "CertificateNotFound", expired.arn},
		{"two defaults", &elb.ModifyListenerInput{ListenerArn: arn, Certificates: []elbtypes.Certificate{{CertificateArn: aws.String(www.arn)}, {CertificateArn: aws.String(staging.arn)}}}, "InvalidConfigurationRequest", "exactly one certificate"},
		{"policy on HTTP", &elb.ModifyListenerInput{ListenerArn: aws.String(http.arn), SslPolicy: aws.String("ELBSecurityPolicy-2016-08")}, "InvalidConfigurationRequest", "HTTPS and TLS"},
		{"HTTPS without a certificate", &elb.ModifyListenerInput{ListenerArn: aws.String(http.arn), Protocol: elbtypes.ProtocolEnumHttps}, "InvalidConfigurationRequest", "exactly one certificate"},
		{"TCP on an ALB", &elb.ModifyListenerInput{ListenerArn: arn, Protocol: elbtypes.ProtocolEnumTcp}, "UnsupportedProtocol", "TCP"},
		{"taken port", &elb.ModifyListenerInput{ListenerArn: arn, Port: aws.Int32(80)}, "DuplicateListener", web.arn},
		{"NLB target group", &elb.ModifyListenerInput{ListenerArn: arn, DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward,
			TargetGroupArn: aws.String(tgNamed(t, s, "solemate-cache-tg").arn)}}}, "IncompatibleProtocols", "TCP"},
		{"unknown listener", &elb.ModifyListenerInput{ListenerArn: aws.String(https.arn + "0")}, "ListenerNotFound", ""},
	} {
		_, err := api.ModifyListener(bg, tc.in)
		wantErr(t, err, tc.code, tc.msg)
	}
	if https.sslPol != "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" || https.port != 443 || https.certs[0] != staging.arn {
		t.Fatalf("a refused call changed the listener: %+v", https)
	}
	// moving the default action moves the target group's attachment
	drill := must(api.CreateTargetGroup(bg, &elb.CreateTargetGroupInput{Name: aws.String("drill-tg"), Protocol: "HTTP", Port: aws.Int32(80)}))
	must(api.ModifyListener(bg, &elb.ModifyListenerInput{ListenerArn: arn, DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward,
		TargetGroupArn: drill.TargetGroups[0].TargetGroupArn}}}))
	if webTG := tgNamed(t, s, "solemate-web-tg"); len(webTG.lbs) != 0 || len(s.tgs[*drill.TargetGroups[0].TargetGroupArn].lbs) != 1 {
		t.Fatalf("web-tg on %d load balancers, drill-tg on %d", len(webTG.lbs), len(s.tgs[*drill.TargetGroups[0].TargetGroupArn].lbs))
	}
	// HTTPS back to HTTP drops the policy and certificates
	back := must(api.ModifyListener(bg, &elb.ModifyListenerInput{ListenerArn: arn, Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(8080)}))
	if back.Listeners[0].SslPolicy != nil || back.Listeners[0].Certificates != nil || len(s.inUseBy(staging.arn)) != 0 {
		t.Fatalf("HTTP listener kept TLS: %+v", back.Listeners[0])
	}
}

func TestListenerCertificateList(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := elbv2API{s}
	web := lbNamed(t, s, "solemate-web")
	arn := aws.String(listenerOn(t, web, 443).arn)
	www := certByDomain(t, s, "www.solemate.example")
	staging := certByDomain(t, s, "staging.solemate.example")
	legacy := certByDomain(t, s, "www.solemate-shoes.example")
	added := must(api.AddListenerCertificates(bg, &elb.AddListenerCertificatesInput{ListenerArn: arn,
		Certificates: []elbtypes.Certificate{{CertificateArn: aws.String(staging.arn)}, {CertificateArn: aws.String(legacy.arn)}}}))
	if len(added.Certificates) != 2 {
		t.Fatalf("listener list after adding one new and one present: %+v", added.Certificates)
	}
	all := must(api.DescribeListenerCertificates(bg, &elb.DescribeListenerCertificatesInput{ListenerArn: arn}))
	var got []string
	for _, c := range all.Certificates {
		got = append(got, *c.CertificateArn)
	}
	if !slices.Equal(got, []string{www.arn, legacy.arn, staging.arn}) || !*all.Certificates[0].IsDefault || *all.Certificates[2].IsDefault {
		t.Fatalf("certificates %v", got)
	}
	_, err := api.RemoveListenerCertificates(bg, &elb.RemoveListenerCertificatesInput{ListenerArn: arn, Certificates: []elbtypes.Certificate{{CertificateArn: aws.String(www.arn)}}})
	wantErr(t, err, "OperationNotPermitted", "default certificate")
	must(api.RemoveListenerCertificates(bg, &elb.RemoveListenerCertificatesInput{ListenerArn: arn, Certificates: []elbtypes.Certificate{{CertificateArn: aws.String(legacy.arn)}}}))
	all = must(api.DescribeListenerCertificates(bg, &elb.DescribeListenerCertificatesInput{ListenerArn: arn, PageSize: aws.Int32(1)}))
	if len(all.Certificates) != 1 || all.NextMarker == nil || !*all.Certificates[0].IsDefault {
		t.Fatalf("first page %+v", all)
	}
	if len(s.inUseBy(legacy.arn)) != 0 {
		t.Fatal("a removed certificate is still in use")
	}
	expired := certByDomain(t, s, "blackfriday2025.solemate.example")
	_, err = api.AddListenerCertificates(bg, &elb.AddListenerCertificatesInput{ListenerArn: arn, Certificates: []elbtypes.Certificate{{CertificateArn: aws.String(expired.arn)}}})
	wantErr(t, err, "CertificateNotFound", expired.arn)
	_, err = api.AddListenerCertificates(bg, &elb.AddListenerCertificatesInput{ListenerArn: aws.String(listenerOn(t, web, 80).arn), Certificates: []elbtypes.Certificate{{CertificateArn: aws.String(staging.arn)}}})
	wantErr(t, err, "InvalidConfigurationRequest", "HTTPS and TLS")
	many := make([]elbtypes.Certificate, maxListenerCerts)
	for i := range many {
		many[i] = elbtypes.Certificate{CertificateArn: aws.String(s.addCertificate("x.example", nil, acmtypes.CertificateTypeAmazonIssued, acmtypes.KeyAlgorithmRsa2048, "Amazon", s.now, time.Hour).arn)}
	}
	_, err = api.AddListenerCertificates(bg, &elb.AddListenerCertificatesInput{ListenerArn: arn, Certificates: many})
	wantErr(t, err, "TooManyCertificates", "")
}

func TestACMCertificates(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := acmAPI{s}
	domains := func(out *acm.ListCertificatesOutput) []string {
		var d []string
		for _, c := range out.CertificateSummaryList {
			d = append(d, *c.DomainName)
		}
		return d
	}
	def := must(api.ListCertificates(bg, &acm.ListCertificatesInput{}))
	if d := domains(def); len(d) != 4 || slices.Contains(d, "api.internal.solemate.example") {
		t.Fatalf("default listing (RSA only) %v", d)
	}
	ec := must(api.ListCertificates(bg, &acm.ListCertificatesInput{Includes: &acmtypes.Filters{KeyTypes: []acmtypes.KeyAlgorithm{acmtypes.KeyAlgorithmEcPrime256v1}}}))
	if d := domains(ec); !slices.Equal(d, []string{"api.internal.solemate.example"}) {
		t.Fatalf("EC listing %v", d)
	}
	exp := must(api.ListCertificates(bg, &acm.ListCertificatesInput{CertificateStatuses: []acmtypes.CertificateStatus{acmtypes.CertificateStatusExpired}}))
	if d := domains(exp); !slices.Equal(d, []string{"blackfriday2025.solemate.example"}) {
		t.Fatalf("expired %v", d)
	}
	p1 := must(api.ListCertificates(bg, &acm.ListCertificatesInput{MaxItems: aws.Int32(3)}))
	p2 := must(api.ListCertificates(bg, &acm.ListCertificatesInput{MaxItems: aws.Int32(3), NextToken: p1.NextToken}))
	if len(p1.CertificateSummaryList) != 3 || len(p2.CertificateSummaryList) != 1 || p2.NextToken != nil {
		t.Fatalf("pages of 3: %d, %d", len(p1.CertificateSummaryList), len(p2.CertificateSummaryList))
	}
	_, err := api.ListCertificates(bg, &acm.ListCertificatesInput{Includes: &acmtypes.Filters{KeyTypes: []acmtypes.KeyAlgorithm{"DSA_1024"}}})
	wantErr(t, err, "ValidationException", "at 'includes.keyTypes' failed to satisfy constraint")
	_, err = api.ListCertificates(bg, &acm.ListCertificatesInput{MaxItems: aws.Int32(0)})
	wantErr(t, err, "ValidationException", "maxItems")
	_, err = api.ListCertificates(bg, &acm.ListCertificatesInput{NextToken: aws.String("garbage")})
	wantErr(t, err, "InvalidArgsException", "")

	legacy := certByDomain(t, s, "www.solemate-shoes.example")
	d := must(api.DescribeCertificate(bg, &acm.DescribeCertificateInput{CertificateArn: aws.String(legacy.arn)})).Certificate
	left := d.NotAfter.Sub(s.Now())
	if d.Status != acmtypes.CertificateStatusIssued || left < 3*24*time.Hour || left > 5*24*time.Hour || d.Type != acmtypes.CertificateTypeImported ||
		len(d.InUseBy) != 1 || d.KeyAlgorithm != "RSA-2048" || d.RenewalEligibility != acmtypes.RenewalEligibilityIneligible {
		t.Fatalf("the expiring certificate: %s left, %+v", left, d)
	}
	s.Advance(left + time.Minute)
	d = must(api.DescribeCertificate(bg, &acm.DescribeCertificateInput{CertificateArn: aws.String(legacy.arn)})).Certificate
	if d.Status != acmtypes.CertificateStatusExpired || len(d.InUseBy) != 1 {
		t.Fatalf("after NotAfter: %s, in use by %v", d.Status, d.InUseBy)
	}
	_, err = api.DescribeCertificate(bg, &acm.DescribeCertificateInput{CertificateArn: aws.String(legacy.arn + "0")})
	wantErr(t, err, "ResourceNotFoundException", "Could not find certificate")
	_, err = api.DescribeCertificate(bg, &acm.DescribeCertificateInput{CertificateArn: aws.String("not-an-arn-but-long-enough")})
	wantErr(t, err, "ValidationException", "regular expression pattern")
}
