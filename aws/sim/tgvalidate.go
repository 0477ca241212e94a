package sim

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Target group health checks and attributes: what ELB accepts for which
// protocol, with its error codes.

// hcSettings is a target group's health check.
type hcSettings struct {
	enabled                               bool
	protocol, port, path, matcher         string
	interval, timeout, healthy, unhealthy int32
}

// hcInput is a health check change as CreateTargetGroup and
// ModifyTargetGroup carry it: nil leaves a setting as it is.
type hcInput struct {
	enabled                               *bool
	interval, timeout, healthy, unhealthy *int32
	path, port                            *string
	protocol                              elbtypes.ProtocolEnum
	matcher                               *elbtypes.Matcher
}

// defaultHC is the health check ELB gives a new target group of protocol
// (docs/aws-facts.md: Load balancers).
func defaultHC(protocol string) hcSettings {
	if isNetworkProtocol(protocol) {
		return hcSettings{enabled: true, protocol: "TCP", port: "traffic-port", interval: 30, timeout: 10, healthy: 5, unhealthy: 2}
	}
	h := hcSettings{enabled: true, protocol: protocol, port: "traffic-port", path: "/", matcher: "200",
		interval: 30, timeout: 6, healthy: 5, unhealthy: 2}
	if protocol == "HTTPS" {
		h.timeout = 10
	}
	return h
}

func isNetworkProtocol(p string) bool {
	return p == "TCP" || p == "UDP" || p == "TLS" || p == "TCP_UDP"
}

func (tg *targetGroup) hc() hcSettings {
	return hcSettings{enabled: tg.hcEnabled, protocol: tg.hcProtocol, port: tg.hcPort, path: tg.hcPath, matcher: tg.matcher,
		interval: tg.hcInterval, timeout: tg.hcTimeout, healthy: tg.healthyThresh, unhealthy: tg.unhealthyThr}
}

// setHC applies a health check; targets due later than one new interval
// are checked within it.
func (s *Simulator) setHC(tg *targetGroup, h hcSettings) {
	tg.hcEnabled, tg.hcProtocol, tg.hcPort, tg.hcPath, tg.matcher = h.enabled, h.protocol, h.port, h.path, h.matcher
	tg.hcInterval, tg.hcTimeout, tg.healthyThresh, tg.unhealthyThr = h.interval, h.timeout, h.healthy, h.unhealthy
	soon := s.now.Add(time.Duration(h.interval) * time.Second)
	for _, t := range tg.targets {
		if t.nextCheck.After(soon) {
			t.nextCheck = soon
		}
	}
}

// with applies a change to a target group of protocol tgProtocol.
func (h hcSettings) with(in hcInput, tgProtocol string) hcSettings {
	set := func(dst *int32, v *int32) {
		if v != nil {
			*dst = *v
		}
	}
	set(&h.interval, in.interval)
	set(&h.timeout, in.timeout)
	set(&h.healthy, in.healthy)
	set(&h.unhealthy, in.unhealthy)
	if in.enabled != nil {
		h.enabled = *in.enabled
	}
	if in.protocol != "" {
		if h.protocol = string(in.protocol); h.protocol == "TCP" {
			h.path, h.matcher = "", ""
		} else if h.path == "" {
			h.path, h.matcher = "/", "200"
			if isNetworkProtocol(tgProtocol) {
				h.matcher = "200-399"
			}
		}
	}
	if in.path != nil {
		h.path = *in.path
	}
	if in.port != nil {
		h.port = *in.port
	}
	if in.matcher != nil && in.matcher.HttpCode != nil {
		h.matcher = *in.matcher.HttpCode
	}
	return h
}

func validationErr(format string, args ...any) error {
	return apiErr("ValidationError", format, args...)
}

var hcProtocols = []string{"HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"}

// checkHC validates a health check change against the target group's
// protocol, and the settings it would leave (docs/aws-facts.md: Load balancers).
func checkHC(tgProtocol string, in hcInput, h hcSettings) error {
	if in.enabled != nil && !*in.enabled {
		return validationErr("Health checks cannot be disabled for target groups with target type 'instance'")
	}
	for _, r := range []struct {
		field  string
		v      *int32
		lo, hi int32
	}{
		{"healthCheckIntervalSeconds", in.interval, 5, 300}, {"healthCheckTimeoutSeconds", in.timeout, 2, 120},
		{"healthyThresholdCount", in.healthy, 2, 10}, {"unhealthyThresholdCount", in.unhealthy, 2, 10},
	} {
		if r.v != nil && (*r.v < r.lo || *r.v > r.hi) {
			return rangeErr(r.field, *r.v, r.lo, r.hi)
		}
	}
	if p := string(in.protocol); p != "" {
		if !slices.Contains(hcProtocols, p) {
			return validationErr("1 validation error detected: Value '%s' at 'healthCheckProtocol' failed to satisfy constraint: Member must satisfy enum value set: [%s]", p, strings.Join(hcProtocols, ", "))
		}
		if p != "HTTP" && p != "HTTPS" && (p != "TCP" || !isNetworkProtocol(tgProtocol)) {
			return apiErr("InvalidConfigurationRequest", "Health check protocol '%s' is not supported for target groups with the %s protocol", p, tgProtocol)
		}
	}
	if in.path != nil {
		if err := checkHCPath(*in.path, h.protocol); err != nil {
			return err
		}
	}
	if in.port != nil && *in.port != "traffic-port" {
		if n, err := strconv.Atoi(*in.port); err != nil || n < 1 || n > 65535 {
			return validationErr("Health check port '%s' is not valid: specify 'traffic-port' or a port from 1 to 65535", *in.port)
		}
	}
	if in.matcher != nil && in.matcher.HttpCode != nil {
		if err := checkMatcher(*in.matcher.HttpCode, tgProtocol); err != nil {
			return err
		}
	}
	switch {
	case (h.protocol == "HTTP" || h.protocol == "HTTPS") && h.timeout >= h.interval:
		return validationErr("Health check interval must be greater than the timeout.")
	case h.timeout > h.interval:
		return validationErr("Health check interval must be greater than or equal to the timeout.")
	}
	return nil
}

func checkHCPath(path, protocol string) error {
	switch {
	case len(path) < 1 || len(path) > 1024:
		return validationErr("1 validation error detected: Value '%s' at 'healthCheckPath' failed to satisfy constraint: Member must have length between 1 and 1024", path)
	case protocol == "TCP":
		return validationErr("A health check path can be set only for HTTP and HTTPS health checks")
	case !strings.HasPrefix(path, "/"):
		return validationErr("Health check path '%s' must begin with a '/' character", path)
	}
	return nil
}

var httpCodes = regexp.MustCompile(`^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$`)

// checkMatcher: success codes 200-499 for an ALB's health checks, 200-599
// for an NLB's HTTP checks; single codes, ranges and lists.
func checkMatcher(codes, tgProtocol string) error {
	hi := 499
	if isNetworkProtocol(tgProtocol) {
		hi = 599
	}
	if !httpCodes.MatchString(codes) {
		return validationErr("HTTP code '%s' is not valid: use a code, a range or a list such as 200, 200-299 or 200,202", codes)
	}
	for _, part := range strings.Split(codes, ",") {
		lo, up, _ := strings.Cut(part, "-")
		a, _ := strconv.Atoi(lo)
		b := a
		if up != "" {
			b, _ = strconv.Atoi(up)
		}
		if a < 200 || b > hi || b < a {
			return validationErr("HTTP code '%s' is not valid: success codes must be from 200 to %d", codes, hi)
		}
	}
	return nil
}

// Target group attributes by kind of target group.
var (
	commonAttrs = []string{
		"deregistration_delay.timeout_seconds", "stickiness.enabled", "stickiness.type", "load_balancing.cross_zone.enabled",
		"target_group_health.dns_failover.minimum_healthy_targets.count", "target_group_health.dns_failover.minimum_healthy_targets.percentage",
		"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage",
	}
	albAttrs = []string{"slow_start.duration_seconds", "stickiness.lb_cookie.duration_seconds", "stickiness.app_cookie.cookie_name",
		"stickiness.app_cookie.duration_seconds", "load_balancing.algorithm.type", "load_balancing.algorithm.anomaly_mitigation"}
	nlbAttrs = []string{"deregistration_delay.connection_termination.enabled", "preserve_client_ip.enabled", "proxy_protocol_v2.enabled",
		"target_health_state.unhealthy.connection_termination.enabled", "target_health_state.unhealthy.draining_interval_seconds"}
	// keys ELB knows for other kinds of target group (Lambda, Gateway Load Balancer)
	otherAttrs = []string{"lambda.multi_value_headers.enabled", "target_failover.on_deregistration", "target_failover.on_unhealthy"}
)

func attrSupported(tg *targetGroup, k string) (known, supported bool) {
	own := albAttrs
	if tg.isNetwork() {
		own = nlbAttrs
	}
	if slices.Contains(commonAttrs, k) || slices.Contains(own, k) {
		return true, true
	}
	return slices.Contains(albAttrs, k) || slices.Contains(nlbAttrs, k) || slices.Contains(otherAttrs, k), false
}

// checkAttr checks one attribute's key and value for the target group
// (docs/aws-facts.md: Load balancers).
func checkAttr(tg *targetGroup, k, v string) error {
	known, supported := attrSupported(tg, k)
	if !known {
		return validationErr("Target group attribute key '%s' is not recognized", k)
	}
	if !supported {
		return apiErr("InvalidConfigurationRequest", "The provided target group attribute is not supported")
	}
	oneOf := func(vals ...string) error {
		if !slices.Contains(vals, v) {
			return validationErr("'%s' must be one of [%s]", k, strings.Join(vals, ", "))
		}
		return nil
	}
	between := func(lo, hi int, off ...string) error {
		if slices.Contains(off, v) {
			return nil
		}
		if n, err := strconv.Atoi(v); err != nil || n < lo || n > hi {
			return validationErr("'%s' value '%s' must be between '%d-%d' inclusive", k, v, lo, hi)
		}
		return nil
	}
	switch k {
	case "stickiness.type":
		return checkStickinessType(tg, v)
	case "deregistration_delay.timeout_seconds":
		return between(0, 3600)
	case "slow_start.duration_seconds":
		return between(30, 900, "0")
	case "stickiness.lb_cookie.duration_seconds", "stickiness.app_cookie.duration_seconds":
		return between(1, 604800)
	case "target_health_state.unhealthy.draining_interval_seconds":
		return between(0, 360000)
	case "target_group_health.dns_failover.minimum_healthy_targets.count", "target_group_health.unhealthy_state_routing.minimum_healthy_targets.count":
		return between(1, 1000, "off")
	case "target_group_health.dns_failover.minimum_healthy_targets.percentage", "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage":
		return between(1, 100, "off")
	case "load_balancing.algorithm.type":
		return oneOf("round_robin", "least_outstanding_requests", "weighted_random")
	case "load_balancing.algorithm.anomaly_mitigation":
		return oneOf("on", "off")
	case "load_balancing.cross_zone.enabled":
		return oneOf("true", "false", "use_load_balancer_configuration")
	case "stickiness.app_cookie.cookie_name":
		if v == "" || len(v) > 256 || strings.HasPrefix(v, "AWSALB") {
			return validationErr("Application cookie name '%s' is not valid: it must be 1 to 256 characters and must not start with AWSALB, AWSALBAPP or AWSALBTG", v)
		}
		return nil
	}
	return oneOf("true", "false") // the remaining keys are switches
}

func checkStickinessType(tg *targetGroup, v string) error {
	switch {
	case !slices.Contains([]string{"lb_cookie", "app_cookie", "source_ip", "source_ip_dest_ip", "source_ip_dest_ip_proto"}, v):
		return validationErr("'Stickiness type' must be one of [app_cookie, lb_cookie, source_ip]")
	case tg.isNetwork() && v != "source_ip", !tg.isNetwork() && v != "lb_cookie" && v != "app_cookie":
		return apiErr("InvalidConfigurationRequest", "Stickiness type '%s' is not supported for target groups with the %s protocol", v, tg.protocol)
	}
	return nil
}

// checkAttrs validates a ModifyTargetGroupAttributes request and returns
// the attributes it would leave.
func checkAttrs(tg *targetGroup, kv [][2]string) (map[string]string, error) {
	next := map[string]string{}
	for k, v := range tg.attrs {
		next[k] = v
	}
	asked := map[string]bool{}
	for _, p := range kv {
		if err := checkAttr(tg, p[0], p[1]); err != nil {
			return nil, err
		}
		next[p[0]], asked[p[0]] = p[1], true
	}
	wr := next["load_balancing.algorithm.type"] == "weighted_random"
	switch {
	case next["stickiness.enabled"] == "true" && next["stickiness.type"] == "app_cookie" && next["stickiness.app_cookie.cookie_name"] == "":
		return nil, apiErr("InvalidConfigurationRequest", "You must set an application cookie name to enable stickiness of type 'app_cookie'")
	case next["stickiness.enabled"] == "true" && wr:
		return nil, apiErr("InvalidConfigurationRequest", "You cannot have both stickiness and weighted random algorithm enabled on the same target group.")
	case asked["load_balancing.algorithm.anomaly_mitigation"] && next["load_balancing.algorithm.anomaly_mitigation"] == "on" && !wr:
		return nil, apiErr("InvalidConfigurationRequest", "Anomaly mitigation is supported only with the weighted_random load balancing algorithm")
	}
	if !wr && next["load_balancing.algorithm.anomaly_mitigation"] == "on" {
		next["load_balancing.algorithm.anomaly_mitigation"] = "off" // it goes with the algorithm
	}
	return next, nil
}
