package sim

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Listeners, their certificates and security policies.

// maxListenerCerts is the quota of certificates per listener besides the
// default one.
const maxListenerCerts = 25

func listenerNotFound() error { return apiErr("ListenerNotFound", "One or more listeners not found") }

func certNotFound(arn string) error {
	return apiErr("CertificateNotFound", "Certificate '%s' not found", arn)
}

func isSecure(proto string) bool { return proto == "HTTPS" || proto == "TLS" }

func protocolsFor(lbType string) []string {
	if lbType == "network" {
		return []string{"TCP", "TLS", "UDP", "TCP_UDP"}
	}
	return []string{"HTTP", "HTTPS"}
}

// ModifyListener changes a listener's port, protocol, security policy,
// default certificate or default actions, refusing what ELB refuses.
func (a elbv2API) ModifyListener(ctx context.Context, in *elb.ModifyListenerInput) (*elb.ModifyListenerOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.listener[aws.ToString(in.ListenerArn)]
	if l == nil {
		return nil, listenerNotFound()
	}
	port, proto := l.port, l.protocol
	if in.Port != nil {
		if port = *in.Port; port < 1 || port > 65535 {
			return nil, apiErr("ValidationError", "1 validation error detected: Value '%d' at 'port' failed to satisfy constraint: Member must have value between 1 and 65535", port)
		}
		for _, o := range l.lb.listeners {
			if o != l && o.port == port {
				return nil, apiErr("DuplicateListener", "A listener already exists on this port for this load balancer '%s'", l.lb.arn)
			}
		}
	}
	if in.Protocol != "" {
		proto = string(in.Protocol)
		if !slices.Contains(protocolsFor(l.lb.typ), proto) {
			return nil, apiErr("UnsupportedProtocol", "Protocol '%s' is not supported for load balancers of type '%s'", proto, l.lb.typ)
		}
	}
	pol, certs, err := s.listenerTLS(l, proto, in.SslPolicy, in.Certificates)
	if err != nil {
		return nil, err
	}
	var acts []elbtypes.Action
	var fwd string
	if len(in.DefaultActions) > 0 {
		if acts, fwd, err = s.defaultActions(l.lb, proto, in.DefaultActions); err != nil {
			return nil, err
		}
	}
	l.port, l.protocol, l.sslPol, l.certs = port, proto, pol, certs
	if acts != nil {
		l.actions, l.defaultT, l.redirect = acts, fwd, false
		s.reattach(l.lb)
	}
	s.mutated(ctx, svcELB, "ModifyListener", "", map[string]any{"arn": l.arn, "port": port, "protocol": proto, "ssl_policy": pol, "certificates": certs})
	return &elb.ModifyListenerOutput{Listeners: []elbtypes.Listener{s.toListener(l)}}, nil
}

// listenerTLS settles the security policy and certificates of a listener
// becoming (or staying) proto: HTTPS and TLS need exactly one usable
// default certificate and a known policy; other protocols take neither.
func (s *Simulator) listenerTLS(l *listener, proto string, polIn *string, certsIn []elbtypes.Certificate) (string, []string, error) {
	if !isSecure(proto) {
		if polIn != nil || len(certsIn) > 0 {
			return "", nil, apiErr("InvalidConfigurationRequest", "A security policy and certificates can be set only on HTTPS and TLS listeners")
		}
		return "", nil, nil
	}
	pol := l.sslPol
	if polIn != nil {
		pol = *polIn
		if !sslPolicyExists(pol) {
			return "", nil, apiErr("SSLPolicyNotFound", "SSL policy '%s' not found", pol)
		}
	}
	if pol == "" {
		pol = defaultSSLPolicy
	}
	certs := append([]string(nil), l.certs...)
	if len(certsIn) > 0 || len(certs) == 0 {
		if len(certsIn) != 1 {
			return "", nil, apiErr("InvalidConfigurationRequest", "You must provide a list containing exactly one certificate if the listener protocol is %s.", proto)
		}
		arn := aws.ToString(certsIn[0].CertificateArn)
		if !s.certUsable(arn) {
			return "", nil, certNotFound(arn)
		}
		// the new default replaces the old one; it leaves the SNI list if it was there
		rest := slices.DeleteFunc(append([]string(nil), certs[min(1, len(certs)):]...), func(c string) bool { return c == arn })
		certs = append([]string{arn}, rest...)
	}
	return pol, certs, nil
}

// defaultActions checks a listener's new default actions: forward to a
// target group of the load balancer's kind, or (ALB) redirect or fixed
// response. It returns them as DescribeListeners will show them, and the
// forward target group.
func (s *Simulator) defaultActions(lb *loadBalancer, proto string, in []elbtypes.Action) ([]elbtypes.Action, string, error) {
	var out []elbtypes.Action
	fwd := ""
	for i, act := range in {
		switch act.Type {
		case elbtypes.ActionTypeEnumForward:
			arn := aws.ToString(act.TargetGroupArn)
			if arn == "" && act.ForwardConfig != nil && len(act.ForwardConfig.TargetGroups) > 0 {
				arn = aws.ToString(act.ForwardConfig.TargetGroups[0].TargetGroupArn)
			}
			tg := s.tgs[arn]
			if tg == nil {
				return nil, "", tgNotFound()
			}
			if tg.isNetwork() != (lb.typ == "network") {
				return nil, "", apiErr("IncompatibleProtocols", "Listener protocol '%s' is not supported with a target group with the protocol '%s'", proto, tg.protocol)
			}
			fwd = arn
			act.TargetGroupArn, act.ForwardConfig = aws.String(arn), nil
		case elbtypes.ActionTypeEnumRedirect, elbtypes.ActionTypeEnumFixedResponse:
			if lb.typ == "network" {
				return nil, "", apiErr("InvalidLoadBalancerAction", "The action type '%s' is not valid with a Network Load Balancer", act.Type)
			}
			if act.Type == elbtypes.ActionTypeEnumRedirect && act.RedirectConfig == nil ||
				act.Type == elbtypes.ActionTypeEnumFixedResponse && act.FixedResponseConfig == nil {
				return nil, "", apiErr("ValidationError", "The action type '%s' needs its configuration", act.Type)
			}
		default:
			return nil, "", apiErr("ValidationError", "1 validation error detected: Value '%s' at 'defaultActions.%d.member.type' failed to satisfy constraint: Member must satisfy enum value set: [forward, authenticate-oidc, authenticate-cognito, redirect, fixed-response]", act.Type, i+1)
		}
		if act.Order == nil {
			act.Order = aws.Int32(int32(i + 1))
		}
		out = append(out, act)
	}
	return out, fwd, nil
}

// reattach makes the target groups a load balancer's listeners and rules
// forward to exactly the ones attached to it.
func (s *Simulator) reattach(lb *loadBalancer) {
	used := map[string]bool{}
	for _, l := range lb.listeners {
		used[l.defaultT] = true
		for _, r := range l.rules {
			used[r.tgARN] = true
		}
	}
	for _, tg := range s.tgOrder {
		if used[tg.arn] {
			s.attach(tg, lb)
		} else {
			tg.lbs = slices.DeleteFunc(tg.lbs, func(x *loadBalancer) bool { return x == lb })
		}
	}
}

// AddListenerCertificates adds certificates to an HTTPS or TLS listener's
// list (for SNI); one already there is not added twice.
func (a elbv2API) AddListenerCertificates(ctx context.Context, in *elb.AddListenerCertificatesInput) (*elb.AddListenerCertificatesOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.listener[aws.ToString(in.ListenerArn)]
	if l == nil {
		return nil, listenerNotFound()
	}
	if !isSecure(l.protocol) {
		return nil, apiErr("InvalidConfigurationRequest", "Certificates can be added only to HTTPS and TLS listeners")
	}
	if len(in.Certificates) == 0 {
		return nil, apiErr("ValidationError", "1 validation error detected: Value null at 'certificates' failed to satisfy constraint: Member must not be null")
	}
	certs := append([]string(nil), l.certs...)
	for _, c := range in.Certificates {
		arn := aws.ToString(c.CertificateArn)
		if !s.certUsable(arn) {
			return nil, certNotFound(arn)
		}
		if !slices.Contains(certs, arn) {
			certs = append(certs, arn)
		}
	}
	if len(certs)-1 > maxListenerCerts {
		return nil, apiErr("TooManyCertificates", "You've reached the limit on the number of certificates per load balancer")
	}
	l.certs = certs
	s.mutated(ctx, svcELB, "AddListenerCertificates", "", map[string]any{"arn": l.arn, "certificates": certs[1:]})
	return &elb.AddListenerCertificatesOutput{Certificates: certList(certs[1:], false)}, nil
}

// RemoveListenerCertificates takes certificates off a listener's list; the
// default certificate is replaced through ModifyListener, never removed.
func (a elbv2API) RemoveListenerCertificates(ctx context.Context, in *elb.RemoveListenerCertificatesInput) (*elb.RemoveListenerCertificatesOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.listener[aws.ToString(in.ListenerArn)]
	if l == nil {
		return nil, listenerNotFound()
	}
	if len(in.Certificates) == 0 {
		return nil, apiErr("ValidationError", "1 validation error detected: Value null at 'certificates' failed to satisfy constraint: Member must not be null")
	}
	drop := map[string]bool{}
	for _, c := range in.Certificates {
		arn := aws.ToString(c.CertificateArn)
		if len(l.certs) > 0 && arn == l.certs[0] {
			return nil, apiErr("OperationNotPermitted", "The default certificate '%s' cannot be removed from a listener; replace it with ModifyListener", arn)
		}
		drop[arn] = true
	}
	l.certs = slices.DeleteFunc(l.certs, func(c string) bool { return drop[c] })
	s.mutated(ctx, svcELB, "RemoveListenerCertificates", "", map[string]any{"arn": l.arn, "certificates": l.certs[min(1, len(l.certs)):]})
	return &elb.RemoveListenerCertificatesOutput{}, nil
}

func certList(arns []string, isDefault bool) []elbtypes.Certificate {
	out := make([]elbtypes.Certificate, len(arns))
	for i, c := range arns {
		out[i] = elbtypes.Certificate{CertificateArn: aws.String(c), IsDefault: aws.Bool(isDefault)}
	}
	return out
}

// DescribeListenerCertificates lists the default certificate (IsDefault)
// and then the listener's certificate list.
func (a elbv2API) DescribeListenerCertificates(ctx context.Context, in *elb.DescribeListenerCertificatesInput) (*elb.DescribeListenerCertificatesOutput, error) {
	s := a.s
	off, size, err := elbPage("cert", in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.listener[aws.ToString(in.ListenerArn)]
	if l == nil {
		return nil, listenerNotFound()
	}
	page, next := pageOf("cert", l.certs, off, size)
	out := &elb.DescribeListenerCertificatesOutput{Certificates: []elbtypes.Certificate{}, NextMarker: next}
	for i, c := range page {
		out.Certificates = append(out.Certificates, elbtypes.Certificate{CertificateArn: aws.String(c), IsDefault: aws.Bool(off+i == 0)})
	}
	return out, nil
}

// DescribeSSLPolicies lists the predefined policies, by name or for one
// load balancer type.
func (a elbv2API) DescribeSSLPolicies(ctx context.Context, in *elb.DescribeSSLPoliciesInput) (*elb.DescribeSSLPoliciesOutput, error) {
	off, size, err := elbPage("ssl", in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	list := sslPolicies
	if len(in.Names) > 0 {
		list = nil
		for _, n := range in.Names {
			i := slices.IndexFunc(sslPolicies, func(p elbtypes.SslPolicy) bool { return *p.Name == n })
			if i < 0 {
				return nil, apiErr("SSLPolicyNotFound", "SSL policy '%s' not found", n)
			}
			list = append(list, sslPolicies[i])
		}
	}
	if t := string(in.LoadBalancerType); t != "" {
		list = slices.DeleteFunc(slices.Clone(list), func(p elbtypes.SslPolicy) bool { return !slices.Contains(p.SupportedLoadBalancerTypes, t) })
	}
	page, next := pageOf("ssl", list, off, size)
	return &elb.DescribeSSLPoliciesOutput{SslPolicies: append([]elbtypes.SslPolicy{}, page...), NextMarker: next}, nil
}
