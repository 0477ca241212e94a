package aws

import (
	"context"
	"slices"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/solemate/hoist/aws/awstest"
)

// Seeding an HTTPS listener with certificates on moto and on the
// simulator. moto takes imported certificates (self-signed here); the
// simulator has no ImportCertificate and issues its own fleet's, which
// the test lists.

// selfSigned is a PEM certificate for domain valid for days, and its key.
func selfSigned(t testing.TB, domain string, days int) (cert, key []byte) {
	t.Helper()
	cert, key, err := awstest.SelfSigned(domain, days)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

// issuedCerts returns two issued ACM certificates of b: the first two the
// simulator lists, or two imported into moto (90 and 5 days left).
func issuedCerts(t testing.TB, b compatBackend) (string, string) {
	t.Helper()
	ctx := context.Background()
	if b.sim == nil {
		var arns []string
		for _, c := range []struct {
			domain string
			days   int
		}{{"www.compat.example", 90}, {"old.compat.example", 5}} {
			cert, key := selfSigned(t, c.domain, c.days)
			o, err := b.raw.acm.ImportCertificate(ctx, &acm.ImportCertificateInput{Certificate: cert, PrivateKey: key})
			if err != nil {
				t.Fatalf("moto ImportCertificate: %v", err)
			}
			arns = append(arns, sdk.ToString(o.CertificateArn))
		}
		return arns[0], arns[1]
	}
	o, err := b.raw.acm.ListCertificates(ctx, &acm.ListCertificatesInput{CertificateStatuses: []acmtypes.CertificateStatus{acmtypes.CertificateStatusIssued}})
	if err != nil || len(o.CertificateSummaryList) < 2 {
		t.Fatalf("simulator ListCertificates: %v", err)
	}
	return sdk.ToString(o.CertificateSummaryList[0].CertificateArn), sdk.ToString(o.CertificateSummaryList[1].CertificateArn)
}

// httpsListener is compat-alb's HTTPS listener on 443, created on first
// use with the first of certs as its default certificate and an old
// security policy, forwarding to compat-tg.
func httpsListener(t testing.TB, b compatBackend, certs [2]string) string {
	t.Helper()
	ctx := context.Background()
	lbs, err := b.raw.elb.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{"compat-alb"}})
	if err != nil || len(lbs.LoadBalancers) != 1 {
		t.Fatalf("%s: compat-alb: %v", b.name, err)
	}
	lbARN := lbs.LoadBalancers[0].LoadBalancerArn
	ls, err := b.raw.elb.DescribeListeners(ctx, &elb.DescribeListenersInput{LoadBalancerArn: lbARN})
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(ls.Listeners, func(l elbtypes.Listener) bool { return sdk.ToInt32(l.Port) == 443 }); i >= 0 {
		return sdk.ToString(ls.Listeners[i].ListenerArn)
	}
	tgs, err := b.raw.elb.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{Names: []string{"compat-tg"}})
	if err != nil {
		t.Fatal(err)
	}
	o, err := b.raw.elb.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: lbARN, Port: sdk.Int32(443), Protocol: elbtypes.ProtocolEnumHttps, SslPolicy: sdk.String("ELBSecurityPolicy-2016-08"),
		Certificates:   []elbtypes.Certificate{{CertificateArn: sdk.String(certs[0])}},
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: tgs.TargetGroups[0].TargetGroupArn}},
	})
	if err != nil {
		t.Fatalf("%s CreateListener HTTPS: %v", b.name, err)
	}
	return sdk.ToString(o.Listeners[0].ListenerArn)
}

// listenerTLS reads a listener's policy and certificates back with a
// plain client: "policy default [others...]".
func listenerTLS(t testing.TB, b compatBackend, arn string) (policy string, certs []string) {
	t.Helper()
	ctx := context.Background()
	ls, err := b.raw.elb.DescribeListeners(ctx, &elb.DescribeListenersInput{ListenerArns: []string{arn}})
	if err != nil || len(ls.Listeners) != 1 {
		t.Fatalf("%s: listener %s: %v", b.name, arn, err)
	}
	cs, err := b.raw.elb.DescribeListenerCertificates(ctx, &elb.DescribeListenerCertificatesInput{ListenerArn: sdk.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs.Certificates {
		if sdk.ToBool(c.IsDefault) {
			certs = append([]string{sdk.ToString(c.CertificateArn)}, certs...)
		} else {
			certs = append(certs, sdk.ToString(c.CertificateArn))
		}
	}
	return sdk.ToString(ls.Listeners[0].SslPolicy), certs
}

func addCertsInput(listener string, certs ...string) *elb.AddListenerCertificatesInput {
	in := &elb.AddListenerCertificatesInput{ListenerArn: sdk.String(listener)}
	for _, c := range certs {
		in.Certificates = append(in.Certificates, elbtypes.Certificate{CertificateArn: sdk.String(c)})
	}
	return in
}

// createListener adds an HTTPS listener on port to compat-alb with cert as
// its default certificate.
func createListener(t testing.TB, b compatBackend, port int32, cert string) string {
	t.Helper()
	ctx := context.Background()
	lbs, err := b.raw.elb.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{"compat-alb"}})
	if err != nil {
		t.Fatal(err)
	}
	tgs, err := b.raw.elb.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{Names: []string{"compat-tg"}})
	if err != nil {
		t.Fatal(err)
	}
	o, err := b.raw.elb.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: lbs.LoadBalancers[0].LoadBalancerArn, Port: sdk.Int32(port), Protocol: elbtypes.ProtocolEnumHttps,
		Certificates:   []elbtypes.Certificate{{CertificateArn: sdk.String(cert)}},
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: tgs.TargetGroups[0].TargetGroupArn}},
	})
	if err != nil {
		t.Fatalf("%s CreateListener %d: %v", b.name, port, err)
	}
	return sdk.ToString(o.Listeners[0].ListenerArn)
}
