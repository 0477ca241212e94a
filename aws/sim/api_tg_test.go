package sim

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

func TestHealthCheckRefusals(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := elbv2API{s}
	web := tgNamed(t, s, "solemate-web-tg")
	cache := tgNamed(t, s, "solemate-cache-tg")
	i32, str := aws.Int32, aws.String
	for _, tc := range []struct {
		name string
		tg   *targetGroup
		in   elb.ModifyTargetGroupInput
		code string
		msg  string
	}{
		{"timeout equal to interval", web, elb.ModifyTargetGroupInput{HealthCheckIntervalSeconds: i32(10), HealthCheckTimeoutSeconds: i32(10)}, "ValidationError", "Health check interval must be greater than the timeout."},
		{"timeout above the current interval", web, elb.ModifyTargetGroupInput{HealthCheckTimeoutSeconds: i32(20)}, "ValidationError", "greater than the timeout"},
		{"interval below the current timeout", web, elb.ModifyTargetGroupInput{HealthCheckIntervalSeconds: i32(5)}, "ValidationError", "greater than the timeout"},
		{"TCP timeout above interval", cache, elb.ModifyTargetGroupInput{HealthCheckTimeoutSeconds: i32(11)}, "ValidationError", "greater than or equal to the timeout"},
		{"interval too short", web, elb.ModifyTargetGroupInput{HealthCheckIntervalSeconds: i32(4)}, "ValidationError", "Value '4' at 'healthCheckIntervalSeconds' failed to satisfy constraint: Member must have value greater than or equal to 5"},
		{"interval too long", web, elb.ModifyTargetGroupInput{HealthCheckIntervalSeconds: i32(301)}, "ValidationError", "less than or equal to 300"},
		{"timeout too short", web, elb.ModifyTargetGroupInput{HealthCheckTimeoutSeconds: i32(1)}, "ValidationError", "'healthCheckTimeoutSeconds'"},
		{"timeout too long", cache, elb.ModifyTargetGroupInput{HealthCheckIntervalSeconds: i32(300), HealthCheckTimeoutSeconds: i32(121)}, "ValidationError", "less than or equal to 120"},
		{"healthy threshold", web, elb.ModifyTargetGroupInput{HealthyThresholdCount: i32(11)}, "ValidationError", "'healthyThresholdCount'"},
		{"unhealthy threshold", web, elb.ModifyTargetGroupInput{UnhealthyThresholdCount: i32(1)}, "ValidationError", "'unhealthyThresholdCount'"},
		{"path without a slash", web, elb.ModifyTargetGroupInput{HealthCheckPath: str("healthz")}, "ValidationError", "must begin with a '/'"},
		{"path on a TCP check", cache, elb.ModifyTargetGroupInput{HealthCheckPath: str("/ping")}, "ValidationError", "HTTP and HTTPS"},
		{"matcher out of range", web, elb.ModifyTargetGroupInput{Matcher: &elbtypes.Matcher{HttpCode: str("200-599")}}, "ValidationError", "200 to 499"},
		{"matcher not codes", web, elb.ModifyTargetGroupInput{Matcher: &elbtypes.Matcher{HttpCode: str("OK")}}, "ValidationError", "200-299"},
		{"TCP check on an ALB group", web, elb.ModifyTargetGroupInput{HealthCheckProtocol: elbtypes.ProtocolEnumTcp}, "InvalidConfigurationRequest", "HTTP protocol"},
		{"unknown protocol", web, elb.ModifyTargetGroupInput{HealthCheckProtocol: "GOPHER"}, "ValidationError", "enum value set"},
		{"bad port", web, elb.ModifyTargetGroupInput{HealthCheckPort: str("70000")}, "ValidationError", "traffic-port"},
		{"checks off for instances", web, elb.ModifyTargetGroupInput{HealthCheckEnabled: aws.Bool(false)}, "ValidationError", "cannot be disabled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.tg.hc()
			in := tc.in
			in.TargetGroupArn = aws.String(tc.tg.arn)
			_, err := api.ModifyTargetGroup(bg, &in)
			wantErr(t, err, tc.code, tc.msg)
			if tc.tg.hc() != before {
				t.Fatalf("a refused change was applied: %+v", tc.tg.hc())
			}
		})
	}
	_, err := api.ModifyTargetGroup(bg, &elb.ModifyTargetGroupInput{TargetGroupArn: aws.String(web.arn + "0")})
	wantErr(t, err, "TargetGroupNotFound", "")
	out := must(api.ModifyTargetGroup(bg, &elb.ModifyTargetGroupInput{TargetGroupArn: aws.String(web.arn), HealthCheckIntervalSeconds: i32(10),
		HealthCheckTimeoutSeconds: i32(3), HealthCheckPath: str("/ready"), Matcher: &elbtypes.Matcher{HttpCode: str("200-299,302")}}))
	g := out.TargetGroups[0]
	if *g.HealthCheckIntervalSeconds != 10 || *g.HealthCheckTimeoutSeconds != 3 || *g.HealthCheckPath != "/ready" || *g.Matcher.HttpCode != "200-299,302" {
		t.Fatalf("accepted change %+v", g)
	}
	// an NLB's TCP check may time out at its interval; its HTTP check may match 5xx
	must(api.ModifyTargetGroup(bg, &elb.ModifyTargetGroupInput{TargetGroupArn: aws.String(cache.arn), HealthCheckIntervalSeconds: i32(20), HealthCheckTimeoutSeconds: i32(20)}))
	must(api.ModifyTargetGroup(bg, &elb.ModifyTargetGroupInput{TargetGroupArn: aws.String(cache.arn), HealthCheckProtocol: elbtypes.ProtocolEnumHttp,
		HealthCheckTimeoutSeconds: i32(6), HealthCheckPath: str("/health"), Matcher: &elbtypes.Matcher{HttpCode: str("200-599")}}))
}

func TestCreateTargetGroupDefaultsAndRefusals(t *testing.T) {
	api := elbv2API{newSim(t, Options{Seed: 1})}
	out := must(api.CreateTargetGroup(bg, &elb.CreateTargetGroupInput{Name: aws.String("drill"), Protocol: "HTTP", Port: aws.Int32(80)}))
	g := out.TargetGroups[0]
	if *g.HealthCheckIntervalSeconds != 30 || *g.HealthCheckTimeoutSeconds != 6 || *g.HealthyThresholdCount != 5 || *g.UnhealthyThresholdCount != 2 || *g.HealthCheckPath != "/" {
		t.Fatalf("ELB's defaults for HTTP: %+v", g)
	}
	nlb := must(api.CreateTargetGroup(bg, &elb.CreateTargetGroupInput{Name: aws.String("drill-tcp"), Protocol: "TCP", Port: aws.Int32(6379)})).TargetGroups[0]
	https := must(api.CreateTargetGroup(bg, &elb.CreateTargetGroupInput{Name: aws.String("drill-tls"), Protocol: "HTTPS", Port: aws.Int32(443)})).TargetGroups[0]
	if *https.HealthCheckTimeoutSeconds != 10 {
		t.Fatalf("ELB's default timeout for HTTPS: %d", *https.HealthCheckTimeoutSeconds)
	}
	if nlb.HealthCheckProtocol != "TCP" || nlb.HealthCheckPath != nil || *nlb.HealthCheckTimeoutSeconds != 10 {
		t.Fatalf("ELB's defaults for TCP: %+v", nlb)
	}
	for _, tc := range []struct {
		in   elb.CreateTargetGroupInput
		code string
		msg  string
	}{
		{elb.CreateTargetGroupInput{Name: aws.String("bad_name")}, "ValidationError", "alphanumeric"},
		{elb.CreateTargetGroupInput{Name: aws.String("-edge")}, "ValidationError", "cannot begin or end"},
		{elb.CreateTargetGroupInput{Name: aws.String("quick"), HealthCheckIntervalSeconds: aws.Int32(5)}, "ValidationError", "greater than the timeout"},
		{elb.CreateTargetGroupInput{Name: aws.String("nopath"), HealthCheckPath: aws.String("ping")}, "ValidationError", "'/'"},
		{elb.CreateTargetGroupInput{Name: aws.String("gopher"), Protocol: "GOPHER"}, "ValidationError", "'protocol'"},
	} {
		_, err := api.CreateTargetGroup(bg, &tc.in)
		wantErr(t, err, tc.code, tc.msg)
	}
}

func TestTargetGroupAttributeRefusals(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := elbv2API{s}
	web, cart, search, cache := tgNamed(t, s, "solemate-web-tg"), tgNamed(t, s, "solemate-cart-tg"), tgNamed(t, s, "solemate-search-tg"), tgNamed(t, s, "solemate-cache-tg")
	for _, tc := range []struct {
		name string
		tg   *targetGroup
		kv   [][2]string
		code string
		msg  string
	}{
		{"unknown key", web, [][2]string{{"stickiness.cookie_flavour", "oat"}}, "ValidationError", "Target group attribute key 'stickiness.cookie_flavour' is not recognized"},
		{"algorithm on an NLB group", cache, [][2]string{{"load_balancing.algorithm.type", "least_outstanding_requests"}}, "InvalidConfigurationRequest", "not supported"},
		{"proxy protocol on an ALB group", web, [][2]string{{"proxy_protocol_v2.enabled", "true"}}, "InvalidConfigurationRequest", "not supported"},
		{"lambda key", web, [][2]string{{"lambda.multi_value_headers.enabled", "true"}}, "InvalidConfigurationRequest", "not supported"},
		{"unknown algorithm", web, [][2]string{{"load_balancing.algorithm.type", "fastest"}}, "ValidationError", "round_robin"},
		{"cookie stickiness on TCP", cache, [][2]string{{"stickiness.type", "lb_cookie"}}, "InvalidConfigurationRequest", "Stickiness type 'lb_cookie' is not supported for target groups with the TCP protocol"},
		{"source_ip stickiness on HTTP", web, [][2]string{{"stickiness.type", "source_ip"}}, "InvalidConfigurationRequest", "HTTP protocol"},
		{"unknown stickiness", web, [][2]string{{"stickiness.type", "glue"}}, "ValidationError", "Stickiness type"},
		{"app cookie without a name", web, [][2]string{{"stickiness.type", "app_cookie"}}, "InvalidConfigurationRequest", "application cookie name"},
		{"reserved cookie name", cart, [][2]string{{"stickiness.app_cookie.cookie_name", "AWSALBAPP-0"}}, "ValidationError", "AWSALB"},
		{"stickiness with weighted random", search, [][2]string{{"stickiness.enabled", "true"}}, "InvalidConfigurationRequest", "weighted random"},
		{"weighted random with stickiness", web, [][2]string{{"load_balancing.algorithm.type", "weighted_random"}}, "InvalidConfigurationRequest", "weighted random"},
		{"anomaly mitigation without weighted random", web, [][2]string{{"load_balancing.algorithm.anomaly_mitigation", "on"}}, "InvalidConfigurationRequest", "weighted_random"},
		{"deregistration delay", web, [][2]string{{"deregistration_delay.timeout_seconds", "3601"}}, "ValidationError", "'0-3600'"},
		{"slow start", web, [][2]string{{"slow_start.duration_seconds", "10"}}, "ValidationError", "'30-900'"},
		{"cookie duration", web, [][2]string{{"stickiness.lb_cookie.duration_seconds", "0"}}, "ValidationError", "'1-604800'"},
		{"switch", cache, [][2]string{{"preserve_client_ip.enabled", "yes"}}, "ValidationError", "[true, false]"},
		{"cross zone", cache, [][2]string{{"load_balancing.cross_zone.enabled", "maybe"}}, "ValidationError", "use_load_balancer_configuration"},
		{"one bad key spoils the call", web, [][2]string{{"slow_start.duration_seconds", "60"}, {"nope", "1"}}, "ValidationError", "'nope'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := map[string]string{}
			for k, v := range tc.tg.attrs {
				before[k] = v
			}
			var attrs []elbtypes.TargetGroupAttribute
			for _, p := range tc.kv {
				attrs = append(attrs, elbtypes.TargetGroupAttribute{Key: aws.String(p[0]), Value: aws.String(p[1])})
			}
			_, err := api.ModifyTargetGroupAttributes(bg, &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: aws.String(tc.tg.arn), Attributes: attrs})
			wantErr(t, err, tc.code, tc.msg)
			for k, v := range before {
				if tc.tg.attrs[k] != v {
					t.Fatalf("a refused call changed %s to %q", k, tc.tg.attrs[k])
				}
			}
		})
	}
	attrs := func(kv ...string) []elbtypes.TargetGroupAttribute {
		var out []elbtypes.TargetGroupAttribute
		for i := 0; i < len(kv); i += 2 {
			out = append(out, elbtypes.TargetGroupAttribute{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
		}
		return out
	}
	// accepted: the same change in the right order, and turning weighted random off turns mitigation off
	must(api.ModifyTargetGroupAttributes(bg, &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: aws.String(web.arn),
		Attributes: attrs("stickiness.enabled", "false", "load_balancing.algorithm.type", "weighted_random", "load_balancing.algorithm.anomaly_mitigation", "on")}))
	must(api.ModifyTargetGroupAttributes(bg, &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: aws.String(search.arn),
		Attributes: attrs("load_balancing.algorithm.type", "least_outstanding_requests")}))
	if search.attrs["load_balancing.algorithm.anomaly_mitigation"] != "off" {
		t.Fatalf("mitigation stayed %q without weighted random", search.attrs["load_balancing.algorithm.anomaly_mitigation"])
	}
	must(api.ModifyTargetGroupAttributes(bg, &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: aws.String(cache.arn),
		Attributes: attrs("stickiness.enabled", "false", "load_balancing.cross_zone.enabled", "true", "deregistration_delay.connection_termination.enabled", "true")}))
}
