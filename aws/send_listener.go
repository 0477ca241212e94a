package aws

import (
	"context"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/solemate/hoist/model"
)

// The re-read and sends of the listener actions: one call each, never
// retried (elbOnce).

// readListener reads one listener by ARN with its whole certificate list;
// one that no longer exists leaves Current.Listener nil.
func (s *Session) readListener(ctx context.Context, ref model.Ref) (fresh, error) {
	o, err := s.elb.DescribeListeners(ctx, &elb.DescribeListenersInput{ListenerArns: []string{ref.Name}})
	if apiCode(err) == "ListenerNotFound" {
		return fresh{}, nil
	}
	if err != nil {
		return fresh{}, classify("elasticloadbalancing:DescribeListeners", err)
	}
	var f fresh
	for i := range o.Listeners {
		if sdk.ToString(o.Listeners[i].ListenerArn) != ref.Name {
			continue
		}
		l := ConvertListener(&o.Listeners[i])
		if l.Secure() {
			_, rest, err := s.describeListenerCertificates(ctx, ref.Name)
			if err != nil {
				return fresh{}, err
			}
			l.Certificates = withDefault(l.DefaultCertificate(), rest)
		}
		l.CertificatesRead = true
		f.cur.Listener = &l
	}
	return f, nil
}

func certificates(arns []string) []elbtypes.Certificate {
	out := make([]elbtypes.Certificate, len(arns))
	for i, a := range arns {
		out[i] = elbtypes.Certificate{CertificateArn: sdk.String(a)}
	}
	return out
}

// editListener sends the security policy and the default certificate,
// both as absolute values.
func (s *Session) editListener(ctx context.Context, a model.EditListener, _ fresh, _ string) (string, error) {
	o, err := s.elb.ModifyListener(ctx, &elb.ModifyListenerInput{
		ListenerArn: sdk.String(a.Listener), SslPolicy: sdk.String(a.To.Policy), Certificates: certificates([]string{a.To.Certificate}),
	}, elbOnce)
	if err != nil {
		return "", classify("elasticloadbalancing:ModifyListener", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) addListenerCerts(ctx context.Context, a model.AddListenerCertificates, _ fresh, _ string) (string, error) {
	o, err := s.elb.AddListenerCertificates(ctx, &elb.AddListenerCertificatesInput{
		ListenerArn: sdk.String(a.Listener), Certificates: certificates(a.Send()),
	}, elbOnce)
	if err != nil {
		return "", classify("elasticloadbalancing:AddListenerCertificates", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) removeListenerCerts(ctx context.Context, a model.RemoveListenerCertificates, _ fresh, _ string) (string, error) {
	o, err := s.elb.RemoveListenerCertificates(ctx, &elb.RemoveListenerCertificatesInput{
		ListenerArn: sdk.String(a.Listener), Certificates: certificates(a.Send()),
	}, elbOnce)
	if err != nil {
		return "", classify("elasticloadbalancing:RemoveListenerCertificates", err)
	}
	return requestID(o.ResultMetadata), nil
}
