package main

import (
	"context"
	"strings"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/solemate/hoist/aws/awstest"
)

// importCert imports a self-signed certificate for domain, valid for days,
// into moto's ACM.
func importCert(t *testing.T, c *acm.Client, domain string, days int) string {
	t.Helper()
	cert, key, err := awstest.SelfSigned(domain, days)
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.ImportCertificate(context.Background(), &acm.ImportCertificateInput{Certificate: cert, PrivateKey: key})
	if err != nil {
		t.Fatalf("ImportCertificate: %v", err)
	}
	return sdk.ToString(o.CertificateArn)
}

// TestCLILBOnMoto: hoist lb reads an ALB seeded in moto (an HTTPS
// listener with an imported certificate that expires in five days) and
// changes its target group's health check and its listener's certificate
// list; moto, read back with the SDK, has the changes.
func TestCLILBOnMoto(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := motoConfig(t)
	ec2c, lbc, acmc := ec2.NewFromConfig(cfg), elb.NewFromConfig(cfg), acm.NewFromConfig(cfg)
	name := tierOf(t)
	vpcs, err := ec2c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil || len(vpcs.Vpcs) == 0 {
		t.Fatalf("DescribeVpcs: %v", err)
	}
	vpc := vpcs.Vpcs[0].VpcId
	subs, err := ec2c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{{Name: sdk.String("vpc-id"), Values: []string{sdk.ToString(vpc)}}}})
	if err != nil || len(subs.Subnets) < 2 {
		t.Fatalf("DescribeSubnets: %v", err)
	}
	lb, err := lbc.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: sdk.String(name + "-alb"), Scheme: elbtypes.LoadBalancerSchemeEnumInternal,
		Subnets: []string{sdk.ToString(subs.Subnets[0].SubnetId), sdk.ToString(subs.Subnets[1].SubnetId)}})
	if err != nil {
		t.Fatal(err)
	}
	tg, err := lbc.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: sdk.String(name + "-tg"), Protocol: elbtypes.ProtocolEnumHttp,
		Port: sdk.Int32(8080), VpcId: vpc})
	if err != nil {
		t.Fatal(err)
	}
	soon, other := importCert(t, acmc, name+".example", 5), importCert(t, acmc, "api."+name+".example", 200)
	l, err := lbc.CreateListener(ctx, &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Port: sdk.Int32(443),
		Protocol: elbtypes.ProtocolEnumHttps, Certificates: []elbtypes.Certificate{{CertificateArn: sdk.String(soon)}},
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: tg.TargetGroups[0].TargetGroupArn}}})
	if err != nil {
		t.Fatal(err)
	}

	r := onMoto(t, nil, "lb", name+"-alb")
	mustSucceed(t, r, "lb")
	for _, want := range []string{name + "-alb  ALB  internal", "listener HTTPS:443  forward to " + name + "-tg", name + ".example: 4 days left CRITICAL (ACM, ",
		"target group " + name + "-tg  HTTP:8080"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("hoist lb does not say %q:\n%s", want, r.stdout)
		}
	}
	mustSucceed(t, onMoto(t, nil, "lb", "health-check", name+"-tg", "--path", "/ready", "--interval", "20", "--yes"), "health-check")
	mustSucceed(t, onMoto(t, nil, "lb", "certificate", name+"-alb:443", "--add", other, "--yes"), "certificate --add")

	tgs, err := lbc.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{Names: []string{name + "-tg"}})
	if err != nil || sdk.ToString(tgs.TargetGroups[0].HealthCheckPath) != "/ready" || sdk.ToInt32(tgs.TargetGroups[0].HealthCheckIntervalSeconds) != 20 {
		t.Errorf("health check after the change: %+v %v", tgs.TargetGroups, err)
	}
	cs, err := lbc.DescribeListenerCertificates(ctx, &elb.DescribeListenerCertificatesInput{ListenerArn: l.Listeners[0].ListenerArn})
	if err != nil || len(cs.Certificates) != 2 {
		t.Errorf("listener certificates after --add: %+v %v", cs, err)
	}
}
