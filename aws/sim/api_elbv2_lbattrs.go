package sim

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Load balancer attributes, with ELB's defaults per type (the SDK's
// LoadBalancerAttribute documentation; docs/aws-facts.md: Load balancers).

var (
	commonLBAttrs = [][2]string{
		{"deletion_protection.enabled", "false"}, {"access_logs.s3.enabled", "false"}, {"access_logs.s3.bucket", ""},
		{"access_logs.s3.prefix", ""}, {"ipv6.deny_all_igw_traffic", "false"}, {"zonal_shift.config.enabled", "false"},
	}
	albAttrDefaults = [][2]string{
		{"load_balancing.cross_zone.enabled", "true"}, {"idle_timeout.timeout_seconds", "60"}, {"client_keep_alive.seconds", "3600"},
		{"connection_logs.s3.enabled", "false"}, {"connection_logs.s3.bucket", ""}, {"connection_logs.s3.prefix", ""},
		{"health_check_logs.s3.enabled", "false"}, {"health_check_logs.s3.bucket", ""}, {"health_check_logs.s3.prefix", ""},
		{"routing.http.desync_mitigation_mode", "defensive"}, {"routing.http.drop_invalid_header_fields.enabled", "false"},
		{"routing.http.preserve_host_header.enabled", "false"}, {"routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "false"},
		{"routing.http.xff_client_port.enabled", "false"}, {"routing.http.xff_header_processing.mode", "append"},
		{"routing.http2.enabled", "true"}, {"waf.fail_open.enabled", "false"},
	}
	nlbAttrDefaults = [][2]string{
		{"load_balancing.cross_zone.enabled", "false"}, {"dns_record.client_routing_policy", "any_availability_zone"},
		{"secondary_ips.auto_assigned.per_subnet", "0"},
	}
)

func lbAttrDefaults(lb *loadBalancer) [][2]string {
	own := albAttrDefaults
	if lb.typ == "network" {
		own = nlbAttrDefaults
	}
	return append(slices.Clone(commonLBAttrs), own...)
}

// lbAttrs are the load balancer's attributes, ELB's defaults until changed.
func (lb *loadBalancer) lbAttrs() map[string]string {
	if lb.attrs == nil {
		lb.attrs = map[string]string{}
		for _, kv := range lbAttrDefaults(lb) {
			lb.attrs[kv[0]] = kv[1]
		}
		if lb.scheme == "internal" {
			lb.attrs["ipv6.deny_all_igw_traffic"] = "true"
		}
	}
	return lb.attrs
}

// crossZone is the load balancer's own setting, which a target group's
// use_load_balancer_configuration follows.
func (lb *loadBalancer) crossZone() bool {
	return lb.lbAttrs()["load_balancing.cross_zone.enabled"] == "true"
}

func (s *Simulator) lbAttrList(lb *loadBalancer) []elbtypes.LoadBalancerAttribute {
	attrs := lb.lbAttrs()
	var out []elbtypes.LoadBalancerAttribute
	for _, kv := range lbAttrDefaults(lb) {
		out = append(out, elbtypes.LoadBalancerAttribute{Key: aws.String(kv[0]), Value: aws.String(attrs[kv[0]])})
	}
	return out
}

func (a elbv2API) DescribeLoadBalancerAttributes(ctx context.Context, in *elb.DescribeLoadBalancerAttributesInput) (*elb.DescribeLoadBalancerAttributesOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb := s.lbs[aws.ToString(in.LoadBalancerArn)]
	if lb == nil {
		return nil, lbNotFound()
	}
	return &elb.DescribeLoadBalancerAttributesOutput{Attributes: s.lbAttrList(lb)}, nil
}

// ModifyLoadBalancerAttributes changes attributes of the load balancer's
// type; an NLB's cross-zone setting changes how it routes from the next
// minute.
func (a elbv2API) ModifyLoadBalancerAttributes(ctx context.Context, in *elb.ModifyLoadBalancerAttributesInput) (*elb.ModifyLoadBalancerAttributesOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	lb := s.lbs[aws.ToString(in.LoadBalancerArn)]
	if lb == nil {
		return nil, lbNotFound()
	}
	values := map[string]any{"arn": lb.arn}
	for _, at := range in.Attributes {
		k, v := aws.ToString(at.Key), aws.ToString(at.Value)
		if err := checkLBAttr(lb, k, v); err != nil {
			return nil, err
		}
		values[k] = v
	}
	for _, at := range in.Attributes {
		lb.lbAttrs()[aws.ToString(at.Key)] = aws.ToString(at.Value)
	}
	s.mutated(ctx, svcELB, "ModifyLoadBalancerAttributes", "", values)
	return &elb.ModifyLoadBalancerAttributesOutput{Attributes: s.lbAttrList(lb)}, nil
}

func checkLBAttr(lb *loadBalancer, k, v string) error {
	if _, ok := lb.lbAttrs()[k]; !ok {
		return validationErr("Load balancer attribute key '%s' is not recognized", k)
	}
	between := func(lo, hi int) error {
		if n, err := strconv.Atoi(v); err != nil || n < lo || n > hi {
			return validationErr("'%s' value '%s' must be between '%d-%d' inclusive", k, v, lo, hi)
		}
		return nil
	}
	oneOf := func(vals ...string) error {
		if !slices.Contains(vals, v) {
			return validationErr("'%s' must be one of [%s]", k, strings.Join(vals, ", "))
		}
		return nil
	}
	switch {
	case k == "load_balancing.cross_zone.enabled" && lb.typ == "application" && v != "true":
		return apiErr("InvalidConfigurationRequest", "Cross-zone load balancing cannot be disabled for Application Load Balancers")
	case strings.HasSuffix(k, ".bucket") || strings.HasSuffix(k, ".prefix"):
		return nil
	case k == "idle_timeout.timeout_seconds":
		return between(1, 4000)
	case k == "client_keep_alive.seconds":
		return between(60, 604800)
	case k == "secondary_ips.auto_assigned.per_subnet":
		return between(0, 7)
	case k == "routing.http.desync_mitigation_mode":
		return oneOf("monitor", "defensive", "strictest")
	case k == "routing.http.xff_header_processing.mode":
		return oneOf("append", "preserve", "remove")
	case k == "dns_record.client_routing_policy":
		return oneOf("availability_zone_affinity", "partial_availability_zone_affinity", "any_availability_zone")
	}
	return oneOf("true", "false")
}
