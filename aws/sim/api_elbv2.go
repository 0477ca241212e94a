package sim

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// elbv2API holds the Elastic Load Balancing v2 handlers.
type elbv2API struct{ s *Simulator }

const svcELB = "elasticloadbalancing"

func lbNotFound() error {
	return apiErr("LoadBalancerNotFound", "One or more load balancers not found")
}
func tgNotFound() error { return apiErr("TargetGroupNotFound", "One or more target groups not found") }

func elbPage(op string, marker *string, req *int32) (int, int, error) {
	return openPage(op, marker, req, 400, 400, "pageSize",
		apiErr("ValidationError", "Invalid value for Marker: %s", aws.ToString(marker)))
}

func (s *Simulator) toLB(lb *loadBalancer) elbtypes.LoadBalancer {
	out := elbtypes.LoadBalancer{
		LoadBalancerArn: aws.String(lb.arn), LoadBalancerName: aws.String(lb.name), DNSName: aws.String(lb.dns),
		CanonicalHostedZoneId: aws.String("Z35SXDOTRQ7X7K"), CreatedTime: aws.Time(lb.created),
		Scheme: elbtypes.LoadBalancerSchemeEnum(lb.scheme), Type: elbtypes.LoadBalancerTypeEnum(lb.typ),
		State: &elbtypes.LoadBalancerState{Code: elbtypes.LoadBalancerStateEnumActive}, VpcId: aws.String(s.vpc()),
		IpAddressType: elbtypes.IpAddressTypeIpv4, SecurityGroups: lb.sgs,
	}
	if lb.typ == "network" {
		out.CanonicalHostedZoneId = aws.String("Z26RNL4JYFTOTI")
	}
	for _, az := range lb.azs {
		out.AvailabilityZones = append(out.AvailabilityZones, elbtypes.AvailabilityZone{ZoneName: aws.String(az), SubnetId: aws.String(s.subnetsFor([]string{az})[az])})
	}
	return out
}

func (s *Simulator) vpc() string { return "vpc-0" + strconv.FormatUint(strHash(s.region)%1e15, 16) }

func (a elbv2API) DescribeLoadBalancers(ctx context.Context, in *elb.DescribeLoadBalancersInput) (*elb.DescribeLoadBalancersOutput, error) {
	s := a.s
	off, size, err := elbPage("lb", in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.lbOrder
	if len(in.LoadBalancerArns) > 0 || len(in.Names) > 0 {
		list = nil
		for _, arn := range in.LoadBalancerArns {
			lb := s.lbs[arn]
			if lb == nil {
				return nil, lbNotFound()
			}
			list = append(list, lb)
		}
		for _, n := range in.Names {
			found := false
			for _, lb := range s.lbOrder {
				if lb.name == n {
					list, found = append(list, lb), true
				}
			}
			if !found {
				return nil, apiErr("LoadBalancerNotFound", "Load balancers '[%s]' not found", n)
			}
		}
	}
	page, next := pageOf("lb", list, off, size)
	out := &elb.DescribeLoadBalancersOutput{LoadBalancers: []elbtypes.LoadBalancer{}, NextMarker: next}
	for _, lb := range page {
		out.LoadBalancers = append(out.LoadBalancers, s.toLB(lb))
	}
	return out, nil
}

func elbTags(ts []elbtypes.Tag) []tag {
	var out []tag
	for _, t := range ts {
		out = append(out, tag{aws.ToString(t.Key), aws.ToString(t.Value), false})
	}
	return out
}

func (a elbv2API) CreateLoadBalancer(ctx context.Context, in *elb.CreateLoadBalancerInput) (*elb.CreateLoadBalancerOutput, error) {
	s := a.s
	name := aws.ToString(in.Name)
	if name == "" || len(name) > 32 {
		return nil, apiErr("ValidationError", "Load balancer name '%s' must be between 1 and 32 characters.", name)
	}
	typ := string(in.Type)
	if typ == "" {
		typ = "application"
	}
	if typ != "application" && typ != "network" {
		return nil, apiErr("ValidationError", "Load balancer type '%s' is not supported by the simulator.", typ)
	}
	scheme := string(in.Scheme)
	if scheme == "" {
		scheme = "internet-facing"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, lb := range s.lbOrder {
		if lb.name == name {
			return nil, apiErr("DuplicateLoadBalancerName", "A load balancer with the same name '%s' exists, but with different settings", name)
		}
	}
	lb := s.addLoadBalancer(name, typ, scheme, elbTags(in.Tags))
	s.mutated(ctx, svcELB, "CreateLoadBalancer", "", map[string]any{"name": name, "type": typ})
	return &elb.CreateLoadBalancerOutput{LoadBalancers: []elbtypes.LoadBalancer{s.toLB(lb)}}, nil
}

func (a elbv2API) DeleteLoadBalancer(ctx context.Context, in *elb.DeleteLoadBalancerInput) (*elb.DeleteLoadBalancerOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb := s.lbs[aws.ToString(in.LoadBalancerArn)]
	if lb == nil {
		return nil, lbNotFound()
	}
	for _, l := range lb.listeners {
		delete(s.listener, l.arn)
	}
	for _, tg := range s.tgOrder {
		for i, x := range tg.lbs {
			if x == lb {
				tg.lbs = append(tg.lbs[:i], tg.lbs[i+1:]...)
				break
			}
		}
	}
	delete(s.lbs, lb.arn)
	for i, x := range s.lbOrder {
		if x == lb {
			s.lbOrder = append(s.lbOrder[:i], s.lbOrder[i+1:]...)
			break
		}
	}
	s.mutated(ctx, svcELB, "DeleteLoadBalancer", "", map[string]any{"arn": lb.arn})
	return &elb.DeleteLoadBalancerOutput{}, nil
}

func (s *Simulator) toTG(tg *targetGroup) elbtypes.TargetGroup {
	out := elbtypes.TargetGroup{
		TargetGroupArn: aws.String(tg.arn), TargetGroupName: aws.String(tg.name), Protocol: elbtypes.ProtocolEnum(tg.protocol),
		Port: aws.Int32(tg.port), VpcId: aws.String(tg.vpc), HealthCheckEnabled: aws.Bool(tg.hcEnabled),
		HealthCheckProtocol: elbtypes.ProtocolEnum(tg.hcProtocol), HealthCheckPort: aws.String(tg.hcPort),
		HealthCheckIntervalSeconds: aws.Int32(tg.hcInterval), HealthCheckTimeoutSeconds: aws.Int32(tg.hcTimeout),
		HealthyThresholdCount: aws.Int32(tg.healthyThresh), UnhealthyThresholdCount: aws.Int32(tg.unhealthyThr),
		TargetType: elbtypes.TargetTypeEnum(tg.targetType), IpAddressType: elbtypes.TargetGroupIpAddressTypeEnumIpv4,
		LoadBalancerArns: []string{},
	}
	if tg.hcPath != "" {
		out.HealthCheckPath = aws.String(tg.hcPath)
	}
	if tg.matcher != "" {
		out.Matcher = &elbtypes.Matcher{HttpCode: aws.String(tg.matcher)}
	}
	if !tg.isNetwork() {
		out.ProtocolVersion = aws.String("HTTP1")
	}
	for _, lb := range tg.lbs {
		out.LoadBalancerArns = append(out.LoadBalancerArns, lb.arn)
	}
	return out
}

func (a elbv2API) DescribeTargetGroups(ctx context.Context, in *elb.DescribeTargetGroupsInput) (*elb.DescribeTargetGroupsOutput, error) {
	s := a.s
	off, size, err := elbPage("tg", in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.tgOrder
	if len(in.TargetGroupArns) > 0 || len(in.Names) > 0 {
		list = nil
		for _, arn := range in.TargetGroupArns {
			tg := s.tgs[arn]
			if tg == nil {
				return nil, tgNotFound()
			}
			list = append(list, tg)
		}
		for _, n := range in.Names {
			found := false
			for _, tg := range s.tgOrder {
				if tg.name == n {
					list, found = append(list, tg), true
				}
			}
			if !found {
				return nil, apiErr("TargetGroupNotFound", "Target groups '[%s]' not found", n)
			}
		}
	}
	if arn := aws.ToString(in.LoadBalancerArn); arn != "" {
		lb := s.lbs[arn]
		if lb == nil {
			return nil, lbNotFound()
		}
		var kept []*targetGroup
		for _, tg := range list {
			for _, x := range tg.lbs {
				if x == lb {
					kept = append(kept, tg)
					break
				}
			}
		}
		list = kept
	}
	page, next := pageOf("tg", list, off, size)
	out := &elb.DescribeTargetGroupsOutput{TargetGroups: []elbtypes.TargetGroup{}, NextMarker: next}
	for _, tg := range page {
		out.TargetGroups = append(out.TargetGroups, s.toTG(tg))
	}
	return out, nil
}

func (a elbv2API) CreateTargetGroup(ctx context.Context, in *elb.CreateTargetGroupInput) (*elb.CreateTargetGroupOutput, error) {
	s := a.s
	name := aws.ToString(in.Name)
	if name == "" || len(name) > 32 {
		return nil, apiErr("ValidationError", "Target group name '%s' must be between 1 and 32 characters.", name)
	}
	if !tgName.MatchString(name) {
		return nil, apiErr("ValidationError", "Target group name '%s' can only contain characters that are alphanumeric characters or hyphens(-)", name)
	}
	if strings.HasPrefix(name, "-") || strings.HasSuffix(name, "-") {
		return nil, apiErr("ValidationError", "Target group name '%s' cannot begin or end with '-'", name)
	}
	proto := string(in.Protocol)
	if proto == "" {
		proto = "HTTP"
	}
	if proto != "HTTP" && proto != "HTTPS" && !isNetworkProtocol(proto) {
		return nil, apiErr("ValidationError", "1 validation error detected: Value '%s' at 'protocol' failed to satisfy constraint: Member must satisfy enum value set: [%s]", proto, strings.Join(hcProtocols, ", "))
	}
	port := aws.ToInt32(in.Port)
	if port == 0 {
		port = 80
	}
	hin := hcInput{enabled: in.HealthCheckEnabled, interval: in.HealthCheckIntervalSeconds, timeout: in.HealthCheckTimeoutSeconds,
		healthy: in.HealthyThresholdCount, unhealthy: in.UnhealthyThresholdCount, path: in.HealthCheckPath, port: in.HealthCheckPort,
		protocol: in.HealthCheckProtocol, matcher: in.Matcher}
	h := defaultHC(proto).with(hin, proto)
	if err := checkHC(proto, hin, h); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, tg := range s.tgOrder {
		if tg.name == name {
			return nil, apiErr("DuplicateTargetGroupName", "A target group with the same name '%s' exists, but with different settings", name)
		}
	}
	tg := s.addTargetGroup(name, proto, port, elbTags(in.Tags))
	s.setHC(tg, h)
	s.setAttrs(tg, [][2]string{{"deregistration_delay.timeout_seconds", "300"}}) // ELB's default; the fleet's are tuned
	s.mutated(ctx, svcELB, "CreateTargetGroup", "", map[string]any{"name": name})
	return &elb.CreateTargetGroupOutput{TargetGroups: []elbtypes.TargetGroup{s.toTG(tg)}}, nil
}

func (a elbv2API) ModifyTargetGroup(ctx context.Context, in *elb.ModifyTargetGroupInput) (*elb.ModifyTargetGroupOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	tg := s.tgs[aws.ToString(in.TargetGroupArn)]
	if tg == nil {
		return nil, tgNotFound()
	}
	hin := hcInput{enabled: in.HealthCheckEnabled, interval: in.HealthCheckIntervalSeconds, timeout: in.HealthCheckTimeoutSeconds,
		healthy: in.HealthyThresholdCount, unhealthy: in.UnhealthyThresholdCount, path: in.HealthCheckPath, port: in.HealthCheckPort,
		protocol: in.HealthCheckProtocol, matcher: in.Matcher}
	h := tg.hc().with(hin, tg.protocol)
	if err := checkHC(tg.protocol, hin, h); err != nil {
		return nil, err
	}
	s.setHC(tg, h)
	s.mutated(ctx, svcELB, "ModifyTargetGroup", "", map[string]any{"arn": tg.arn, "interval": h.interval, "timeout": h.timeout,
		"healthy": h.healthy, "unhealthy": h.unhealthy, "path": h.path, "matcher": h.matcher, "protocol": h.protocol, "port": h.port})
	return &elb.ModifyTargetGroupOutput{TargetGroups: []elbtypes.TargetGroup{s.toTG(tg)}}, nil
}

func (a elbv2API) DeleteTargetGroup(ctx context.Context, in *elb.DeleteTargetGroupInput) (*elb.DeleteTargetGroupOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	tg := s.tgs[aws.ToString(in.TargetGroupArn)]
	if tg == nil {
		return &elb.DeleteTargetGroupOutput{}, nil // AWS: deleting a missing target group succeeds
	}
	if len(tg.lbs) > 0 {
		return nil, apiErr("ResourceInUse", "Target group '%s' is currently in use by a listener or a rule", tg.arn)
	}
	delete(s.tgs, tg.arn)
	for i, x := range s.tgOrder {
		if x == tg {
			s.tgOrder = append(s.tgOrder[:i], s.tgOrder[i+1:]...)
			break
		}
	}
	for _, n := range s.groupNames {
		g := s.groups[n]
		for i, arn := range g.tgARNs {
			if arn == tg.arn {
				g.tgARNs = append(g.tgARNs[:i:i], g.tgARNs[i+1:]...)
				break
			}
		}
	}
	s.mutated(ctx, svcELB, "DeleteTargetGroup", "", map[string]any{"arn": tg.arn})
	return &elb.DeleteTargetGroupOutput{}, nil
}

func (s *Simulator) tgAttrs(tg *targetGroup) []elbtypes.TargetGroupAttribute {
	out := make([]elbtypes.TargetGroupAttribute, 0, len(tg.attrOrder))
	for _, k := range tg.attrOrder {
		out = append(out, elbtypes.TargetGroupAttribute{Key: aws.String(k), Value: aws.String(tg.attrs[k])})
	}
	return out
}

func (a elbv2API) DescribeTargetGroupAttributes(ctx context.Context, in *elb.DescribeTargetGroupAttributesInput) (*elb.DescribeTargetGroupAttributesOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	tg := s.tgs[aws.ToString(in.TargetGroupArn)]
	if tg == nil {
		return nil, tgNotFound()
	}
	return &elb.DescribeTargetGroupAttributesOutput{Attributes: s.tgAttrs(tg)}, nil
}

func (a elbv2API) ModifyTargetGroupAttributes(ctx context.Context, in *elb.ModifyTargetGroupAttributesInput) (*elb.ModifyTargetGroupAttributesOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	tg := s.tgs[aws.ToString(in.TargetGroupArn)]
	if tg == nil {
		return nil, tgNotFound()
	}
	var kv [][2]string
	values := map[string]any{"arn": tg.arn}
	for _, at := range in.Attributes {
		k, v := aws.ToString(at.Key), aws.ToString(at.Value)
		kv = append(kv, [2]string{k, v})
		values[k] = v
	}
	next, err := checkAttrs(tg, kv)
	if err != nil {
		return nil, err
	}
	for _, k := range append(slices.Clone(tg.attrOrder), mapKeysOf(kv)...) {
		if v, ok := next[k]; ok {
			s.setAttrs(tg, [][2]string{{k, v}})
		}
	}
	s.mutated(ctx, svcELB, "ModifyTargetGroupAttributes", "", values)
	return &elb.ModifyTargetGroupAttributesOutput{Attributes: s.tgAttrs(tg)}, nil
}

func mapKeysOf(kv [][2]string) []string {
	out := make([]string, len(kv))
	for i, p := range kv {
		out[i] = p[0]
	}
	return out
}

var tgName = regexp.MustCompile(`^[a-zA-Z0-9-]+$`)

func (a elbv2API) RegisterTargets(ctx context.Context, in *elb.RegisterTargetsInput) (*elb.RegisterTargetsOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	tg := s.tgs[aws.ToString(in.TargetGroupArn)]
	if tg == nil {
		return nil, tgNotFound()
	}
	for _, t := range in.Targets {
		x := s.instances[aws.ToString(t.Id)]
		if x == nil || x.ec2State == "terminated" || x.ec2State == "shutting-down" {
			return nil, apiErr("InvalidTarget", "The following targets are not in a running state and cannot be registered: '%s'", aws.ToString(t.Id))
		}
	}
	var ids []string
	for _, t := range in.Targets {
		s.register(tg, aws.ToString(t.Id), aws.ToInt32(t.Port), s.instances[aws.ToString(t.Id)])
		ids = append(ids, aws.ToString(t.Id))
	}
	s.mutated(ctx, svcELB, "RegisterTargets", "", map[string]any{"arn": tg.arn, "targets": ids})
	return &elb.RegisterTargetsOutput{}, nil
}

func (a elbv2API) DeregisterTargets(ctx context.Context, in *elb.DeregisterTargetsInput) (*elb.DeregisterTargetsOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	tg := s.tgs[aws.ToString(in.TargetGroupArn)]
	if tg == nil {
		return nil, tgNotFound()
	}
	for _, t := range in.Targets {
		if _, ok := tg.byID[aws.ToString(t.Id)]; !ok {
			return nil, apiErr("InvalidTarget", "The following targets are not registered in the target group: '%s'", aws.ToString(t.Id))
		}
	}
	var ids []string
	for _, t := range in.Targets {
		s.deregister(tg, tg.byID[aws.ToString(t.Id)])
		ids = append(ids, aws.ToString(t.Id))
	}
	s.mutated(ctx, svcELB, "DeregisterTargets", "", map[string]any{"arn": tg.arn, "targets": ids})
	return &elb.DeregisterTargetsOutput{}, nil
}

func (a elbv2API) DescribeTargetHealth(ctx context.Context, in *elb.DescribeTargetHealthInput) (*elb.DescribeTargetHealthOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	tg := s.tgs[aws.ToString(in.TargetGroupArn)]
	if tg == nil {
		return nil, tgNotFound()
	}
	one := func(t *target) elbtypes.TargetHealthDescription {
		d := elbtypes.TargetHealthDescription{
			Target:          &elbtypes.TargetDescription{Id: aws.String(t.id), Port: aws.Int32(t.port)},
			HealthCheckPort: aws.String(strconv.Itoa(int(t.port))),
			TargetHealth:    &elbtypes.TargetHealth{State: elbtypes.TargetHealthStateEnum(t.state)},
		}
		if t.az != "" {
			d.Target.AvailabilityZone = aws.String(t.az)
		}
		if t.reason != "" {
			d.TargetHealth.Reason = elbtypes.TargetHealthReasonEnum(t.reason)
			d.TargetHealth.Description = aws.String(t.desc)
		}
		return d
	}
	out := &elb.DescribeTargetHealthOutput{TargetHealthDescriptions: []elbtypes.TargetHealthDescription{}}
	if len(in.Targets) > 0 {
		for _, want := range in.Targets {
			t, ok := tg.byID[aws.ToString(want.Id)]
			if !ok {
				out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, elbtypes.TargetHealthDescription{
					Target: &elbtypes.TargetDescription{Id: want.Id, Port: want.Port},
					TargetHealth: &elbtypes.TargetHealth{State: elbtypes.TargetHealthStateEnumUnused, Reason: elbtypes.TargetHealthReasonEnumNotRegistered,
						Description: aws.String("Target is not registered to the target group")},
				})
				continue
			}
			out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, one(t))
		}
		return out, nil
	}
	out.TargetHealthDescriptions = make([]elbtypes.TargetHealthDescription, 0, len(tg.targets))
	for _, t := range tg.targets {
		out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, one(t))
	}
	return out, nil
}

func (s *Simulator) toListener(l *listener) elbtypes.Listener {
	out := elbtypes.Listener{ListenerArn: aws.String(l.arn), LoadBalancerArn: aws.String(l.lb.arn), Port: aws.Int32(l.port), Protocol: elbtypes.ProtocolEnum(l.protocol)}
	if l.sslPol != "" {
		out.SslPolicy = aws.String(l.sslPol)
	}
	if len(l.certs) > 0 {
		out.Certificates = []elbtypes.Certificate{{CertificateArn: aws.String(l.certs[0])}}
	}
	switch {
	case l.actions != nil:
		out.DefaultActions = append([]elbtypes.Action(nil), l.actions...)
	case l.redirect:
		out.DefaultActions = []elbtypes.Action{{Type: elbtypes.ActionTypeEnumRedirect, Order: aws.Int32(1), RedirectConfig: &elbtypes.RedirectActionConfig{
			Protocol: aws.String("HTTPS"), Port: aws.String("443"), Host: aws.String("#{host}"), Path: aws.String("/#{path}"), Query: aws.String("#{query}"),
			StatusCode: elbtypes.RedirectActionStatusCodeEnumHttp301}}}
	case l.defaultT != "":
		out.DefaultActions = []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, Order: aws.Int32(1), TargetGroupArn: aws.String(l.defaultT)}}
	default:
		out.DefaultActions = []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse, Order: aws.Int32(1), FixedResponseConfig: &elbtypes.FixedResponseActionConfig{
			StatusCode: aws.String("404"), ContentType: aws.String("text/plain"), MessageBody: aws.String("Not found")}}}
	}
	return out
}

func (a elbv2API) DescribeListeners(ctx context.Context, in *elb.DescribeListenersInput) (*elb.DescribeListenersOutput, error) {
	s := a.s
	off, size, err := elbPage("lis", in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var list []*listener
	if arn := aws.ToString(in.LoadBalancerArn); arn != "" {
		lb := s.lbs[arn]
		if lb == nil {
			return nil, lbNotFound()
		}
		list = lb.listeners
	} else if len(in.ListenerArns) > 0 {
		for _, arn := range in.ListenerArns {
			l := s.listener[arn]
			if l == nil {
				return nil, apiErr("ListenerNotFound", "One or more listeners not found")
			}
			list = append(list, l)
		}
	} else {
		return nil, apiErr("ValidationError", "You must specify either listener ARNs or a load balancer ARN")
	}
	page, next := pageOf("lis", list, off, size)
	out := &elb.DescribeListenersOutput{Listeners: []elbtypes.Listener{}, NextMarker: next}
	for _, l := range page {
		out.Listeners = append(out.Listeners, s.toListener(l))
	}
	return out, nil
}

func (a elbv2API) CreateListener(ctx context.Context, in *elb.CreateListenerInput) (*elb.CreateListenerOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb := s.lbs[aws.ToString(in.LoadBalancerArn)]
	if lb == nil {
		return nil, lbNotFound()
	}
	port := aws.ToInt32(in.Port)
	for _, l := range lb.listeners {
		if l.port == port {
			return nil, apiErr("DuplicateListener", "A listener already exists on this port for this load balancer '%s'", lb.arn)
		}
	}
	proto := string(in.Protocol)
	if !slices.Contains(protocolsFor(lb.typ), proto) {
		return nil, apiErr("UnsupportedProtocol", "Protocol '%s' is not supported for load balancers of type '%s'", proto, lb.typ)
	}
	if isSecure(proto) && len(in.Certificates) == 0 {
		return nil, apiErr("ValidationError", "A certificate must be specified for %s listeners", proto)
	}
	pol, certs, err := s.listenerTLS(&listener{}, proto, in.SslPolicy, in.Certificates)
	if err != nil {
		return nil, err
	}
	acts, fwd, err := s.defaultActions(lb, proto, in.DefaultActions)
	if err != nil {
		return nil, err
	}
	l := s.addListener(lb, port, proto, pol, certs, s.tgs[fwd])
	if fwd == "" {
		l.actions = acts
	}
	s.mutated(ctx, svcELB, "CreateListener", "", map[string]any{"lb": lb.arn, "port": port})
	return &elb.CreateListenerOutput{Listeners: []elbtypes.Listener{s.toListener(l)}}, nil
}

func (a elbv2API) DescribeRules(ctx context.Context, in *elb.DescribeRulesInput) (*elb.DescribeRulesOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.listener[aws.ToString(in.ListenerArn)]
	if l == nil {
		return nil, apiErr("ListenerNotFound", "One or more listeners not found")
	}
	out := &elb.DescribeRulesOutput{Rules: []elbtypes.Rule{}}
	for _, r := range l.rules {
		out.Rules = append(out.Rules, elbtypes.Rule{RuleArn: aws.String(r.arn), Priority: aws.String(r.priority), IsDefault: aws.Bool(false),
			Conditions: []elbtypes.RuleCondition{{Field: aws.String("path-pattern"), Values: []string{r.path},
				PathPatternConfig: &elbtypes.PathPatternConditionConfig{Values: []string{r.path}}}},
			Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, Order: aws.Int32(1), TargetGroupArn: aws.String(r.tgARN)}}})
	}
	def := s.toListener(l)
	out.Rules = append(out.Rules, elbtypes.Rule{RuleArn: aws.String(l.arn + "/default"), Priority: aws.String("default"), IsDefault: aws.Bool(true),
		Conditions: []elbtypes.RuleCondition{}, Actions: def.DefaultActions})
	return out, nil
}

func (a elbv2API) DescribeTags(ctx context.Context, in *elb.DescribeTagsInput) (*elb.DescribeTagsOutput, error) {
	s := a.s
	if len(in.ResourceArns) > 20 {
		return nil, apiErr("ValidationError", "1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 20")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &elb.DescribeTagsOutput{TagDescriptions: []elbtypes.TagDescription{}}
	for _, arn := range in.ResourceArns {
		var tags []tag
		switch {
		case s.lbs[arn] != nil:
			tags = s.lbs[arn].tags
		case s.tgs[arn] != nil:
			tags = s.tgs[arn].tags
		case s.listener[arn] != nil:
		default:
			if strings.Contains(arn, ":targetgroup/") {
				return nil, tgNotFound()
			}
			if strings.Contains(arn, ":listener/") {
				return nil, apiErr("ListenerNotFound", "One or more listeners not found")
			}
			return nil, lbNotFound()
		}
		d := elbtypes.TagDescription{ResourceArn: aws.String(arn), Tags: []elbtypes.Tag{}}
		for _, t := range tags {
			d.Tags = append(d.Tags, elbtypes.Tag{Key: aws.String(t.key), Value: aws.String(t.value)})
		}
		out.TagDescriptions = append(out.TagDescriptions, d)
	}
	return out, nil
}
