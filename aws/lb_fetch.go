package aws

import (
	"context"
	"errors"
	"sort"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go"

	"github.com/solemate/hoist/model"
)

// The load balancer reads beyond load balancers and target groups:
// listeners' certificate lists and rules, the certificates (ACM, IAM) and
// the security policies (docs/aws-facts.md: TLS).

// certsPageSize is ListCertificates' MaxItems (ACM allows 1,000) and
// iamCertsPageSize ListServerCertificates' (IAM allows 1,000).
const (
	certsPageSize    = 1000
	iamCertsPageSize = 1000
)

// apiCode is err's AWS error code, "" for none.
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// describeListenerCertificates reads a listener's default certificate and
// its certificate list (those served by SNI), 400 a page.
func (s *Session) describeListenerCertificates(ctx context.Context, listenerARN string) (def string, rest []string, err error) {
	in := &elb.DescribeListenerCertificatesInput{ListenerArn: sdk.String(listenerARN), PageSize: sdk.Int32(elbPageSize)}
	for {
		o, err := s.elb.DescribeListenerCertificates(ctx, in)
		if err != nil {
			return "", nil, classify("elasticloadbalancing:DescribeListenerCertificates", err)
		}
		for _, c := range o.Certificates {
			if sdk.ToBool(c.IsDefault) {
				def = sdk.ToString(c.CertificateArn)
			} else {
				rest = append(rest, sdk.ToString(c.CertificateArn))
			}
		}
		if sdk.ToString(o.NextMarker) == "" {
			return def, rest, nil
		}
		in.Marker = o.NextMarker
	}
}

// describeRuleCount counts a listener's rules besides its default one,
// 400 a page.
func (s *Session) describeRuleCount(ctx context.Context, listenerARN string) (int, error) {
	n := 0
	in := &elb.DescribeRulesInput{ListenerArn: sdk.String(listenerARN), PageSize: sdk.Int32(elbPageSize)}
	for {
		o, err := s.elb.DescribeRules(ctx, in)
		if err != nil {
			return 0, classify("elasticloadbalancing:DescribeRules", err)
		}
		for _, r := range o.Rules {
			if !sdk.ToBool(r.IsDefault) {
				n++
			}
		}
		if sdk.ToString(o.NextMarker) == "" {
			return n, nil
		}
		in.Marker = o.NextMarker
	}
}

// describeSSLPolicies lists the security policies, for one load balancer
// type or ("") all, 400 a page.
func (s *Session) describeSSLPolicies(ctx context.Context, lbType string) ([]model.SSLPolicy, error) {
	var out []model.SSLPolicy
	in := &elb.DescribeSSLPoliciesInput{PageSize: sdk.Int32(elbPageSize), LoadBalancerType: elbtypes.LoadBalancerTypeEnum(lbType)}
	for {
		o, err := s.elb.DescribeSSLPolicies(ctx, in)
		if err != nil {
			return nil, classify("elasticloadbalancing:DescribeSSLPolicies", err)
		}
		for _, p := range o.SslPolicies {
			out = append(out, model.SSLPolicy{Name: sdk.ToString(p.Name), Protocols: p.SslProtocols, Ciphers: len(p.Ciphers),
				LoadBalancerTypes: p.SupportedLoadBalancerTypes})
		}
		if sdk.ToString(o.NextMarker) == "" {
			sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
			return out, nil
		}
		in.Marker = o.NextMarker
	}
}

// describeCertificate reads one ACM certificate. One that ACM does not
// know (deleted, or in another account) comes back with only its ARN and
// Read set, so it is not asked for again until it is due.
func (s *Session) describeCertificate(ctx context.Context, arn string, now time.Time) (model.Certificate, error) {
	c := model.Certificate{ARN: arn, Source: model.CertACM, Read: now}
	o, err := s.acm.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: sdk.String(arn)})
	if code := apiCode(err); code == "ResourceNotFoundException" {
		return c, nil
	}
	if err != nil {
		return c, classify("acm:DescribeCertificate", err)
	}
	if d := o.Certificate; d != nil {
		c.Domain, c.Type, c.Status = sdk.ToString(d.DomainName), string(d.Type), string(d.Status)
		c.NotAfter, c.InUseBy = sdk.ToTime(d.NotAfter), d.InUseBy
	}
	return c, nil
}

// describeServerCertificates lists the account's IAM server certificates,
// 1,000 a page.
func (s *Session) describeServerCertificates(ctx context.Context, now time.Time) ([]model.Certificate, error) {
	var out []model.Certificate
	pg := iam.NewListServerCertificatesPaginator(s.iam, &iam.ListServerCertificatesInput{MaxItems: sdk.Int32(iamCertsPageSize)})
	for pg.HasMorePages() {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return nil, classify("iam:ListServerCertificates", err)
		}
		for _, m := range o.ServerCertificateMetadataList {
			out = append(out, model.Certificate{ARN: sdk.ToString(m.Arn), Domain: sdk.ToString(m.ServerCertificateName),
				Source: model.CertIAM, NotAfter: sdk.ToTime(m.Expiration), Read: now})
		}
	}
	return out, nil
}

// allKeyTypes are every key algorithm ACM lists: without them,
// ListCertificates leaves out all but RSA 1024 and 2048 certificates.
var allKeyTypes = []acmtypes.KeyAlgorithm{acmtypes.KeyAlgorithmRsa1024, acmtypes.KeyAlgorithmRsa2048, acmtypes.KeyAlgorithmRsa3072,
	acmtypes.KeyAlgorithmRsa4096, acmtypes.KeyAlgorithmEcPrime256v1, acmtypes.KeyAlgorithmEcSecp384r1, acmtypes.KeyAlgorithmEcSecp521r1}

// listCertificates lists the account's issued ACM certificates of every
// key type, 1,000 a page: the certificates a listener may be given.
func (s *Session) listCertificates(ctx context.Context, now time.Time) ([]model.Certificate, error) {
	var out []model.Certificate
	pg := acm.NewListCertificatesPaginator(s.acm, &acm.ListCertificatesInput{MaxItems: sdk.Int32(certsPageSize),
		CertificateStatuses: []acmtypes.CertificateStatus{acmtypes.CertificateStatusIssued},
		Includes:            &acmtypes.Filters{KeyTypes: allKeyTypes}})
	for pg.HasMorePages() {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return nil, classify("acm:ListCertificates", err)
		}
		for _, c := range o.CertificateSummaryList {
			out = append(out, model.Certificate{ARN: sdk.ToString(c.CertificateArn), Domain: sdk.ToString(c.DomainName),
				Source: model.CertACM, Type: string(c.Type), Status: string(c.Status), NotAfter: sdk.ToTime(c.NotAfter), Read: now})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Domain < out[j].Domain || out[i].Domain == out[j].Domain && out[i].ARN < out[j].ARN
	})
	return out, nil
}
