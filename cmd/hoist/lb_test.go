package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// hoist lb against the simulator, served in this process: what it shows,
// what each change sends and journals, and every bad input refused with
// one sentence and nothing sent.

func lbDocFrom(t *testing.T, out string) lbDoc {
	t.Helper()
	var doc lbDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("hoist lb --json: %v\n%s", err, out)
	}
	return doc
}

func lbIn(t *testing.T, doc lbDoc, name string) lbJSON {
	t.Helper()
	for _, lb := range doc.LoadBalancers {
		if lb.Name == name {
			return lb
		}
	}
	t.Fatalf("no load balancer %s in %+v", name, doc)
	return lbJSON{}
}

func listenerIn(t *testing.T, lb lbJSON, port int) listenerJSON {
	t.Helper()
	for _, l := range lb.Listeners {
		if l.Port == port {
			return l
		}
	}
	t.Fatalf("%s has no listener on %d", lb.Name, port)
	return listenerJSON{}
}

// TestCLILBShow: hoist lb shows every load balancer in detail, the
// certificate that expires in four days loud and the policy that accepts
// TLS 1.0 flagged; naming one shows that one.
func TestCLILBShow(t *testing.T) {
	t.Parallel()
	_, url := newSim(t, sim.Options{Seed: 2})
	_, env := isolatedEnv(t)
	r := runBinary(t, env, "", "lb", "--json", "--endpoint-url", url)
	mustSucceed(t, r, "lb --json")
	doc := lbDocFrom(t, r.stdout)
	if len(doc.LoadBalancers) != 5 || doc.WindowSeconds != 3600 || !doc.Simulator {
		t.Fatalf("doc: %d load balancers, window %d, simulator %v", len(doc.LoadBalancers), doc.WindowSeconds, doc.Simulator)
	}
	web := lbIn(t, doc, "solemate-web")
	https := listenerIn(t, web, 443)
	if !web.Detailed || len(https.Certificates) != 2 || https.Certificates[1].Expiry != model.SeverityCritical ||
		*https.Certificates[1].DaysLeft != 4 || https.Rules == nil || web.Distribution == nil || web.WorstZoneLoss == nil {
		t.Errorf("solemate-web: %+v", web)
	}
	tg := web.TargetGroups[0]
	if tg.Settings == nil || tg.Settings.DeregistrationDelaySeconds != 30 || tg.Targets == nil || tg.HealthCheck.Path != "/healthz" ||
		!slices.Contains(tg.AutoScalingGroups, "solemate-web-prod") {
		t.Errorf("solemate-web-tg: %+v", tg)
	}
	if old := listenerIn(t, lbIn(t, doc, "solemate-app-internal"), 8443); !old.PolicyOutdated || !slices.Contains(old.Protocols, "TLSv1") {
		t.Errorf("app-internal:8443: %+v", old)
	}

	r = runBinary(t, env, "", "lb", "solemate-web", "--endpoint-url", url)
	mustSucceed(t, r, "lb solemate-web")
	for _, want := range []string{"solemate-web  ALB  internet-facing", "certificate sni     www.solemate-shoes.example: 4 days left CRITICAL (ACM, ",
		"target group solemate-web-tg  HTTP:80", "sticky lb_cookie 1h00m, cross-zone on", "deregistration delay 30s, slow start off",
		"load over 1h00m: requests by zone"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("hoist lb solemate-web does not say %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "solemate-cache") {
		t.Errorf("hoist lb solemate-web shows another load balancer:\n%s", r.stdout)
	}
}

// TestCLILBActions: each change through hoist lb reaches the simulator
// once with the values asked for, is journaled, and repeated is done with
// nothing sent.
func TestCLILBActions(t *testing.T) {
	t.Parallel()
	s, url := newSim(t, sim.Options{Seed: 3})
	state, env := isolatedEnv(t)
	run := func(args ...string) result {
		t.Helper()
		r := runBinary(t, env, "", append(args, "--endpoint-url", url)...)
		mustSucceed(t, r, strings.Join(args, " "))
		return r
	}
	doc := lbDocFrom(t, run("lb", "solemate-web", "--json").stdout)
	web := lbIn(t, doc, "solemate-web")
	target := targetIDs(t, url, web.TargetGroups[0].ARN)[0]

	steps := []struct {
		args []string
		op   string
		say  string
	}{
		{[]string{"lb", "health-check", "solemate-web-tg", "--interval", "10", "--timeout", "4", "--codes", "200-299", "--yes"}, "ModifyTargetGroup",
			"health check interval  15s → 10s"},
		{[]string{"lb", "attributes", "solemate-web-tg", "load_balancing.algorithm.type=least_outstanding_requests", "--yes"}, "ModifyTargetGroupAttributes",
			"load_balancing.algorithm.type  round_robin → least_outstanding_requests"},
		{[]string{"lb", "deregister", web.TargetGroups[0].ARN, target, "--yes"}, "DeregisterTargets", "registered → deregistered after draining up to 30s"},
		{[]string{"lb", "register", "solemate-web-tg", target, "--yes"}, "RegisterTargets", "not registered → registered"},
		{[]string{"lb", "certificate", "solemate-app-internal:8443", "--tls-policy", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "--yes"}, "ModifyListener",
			"security policy  ELBSecurityPolicy-2016-08 → ELBSecurityPolicy-TLS13-1-2-Res-2021-06"},
		{[]string{"lb", "certificate", "solemate-web:443", "--add", "staging.solemate.example", "--yes"}, "AddListenerCertificates",
			"certificate staging.solemate.example ("},
		{[]string{"lb", "certificate", "solemate-web:443", "--remove", "www.solemate-shoes.example", "--yes"}, "RemoveListenerCertificates",
			"on the listener → not on the listener"},
		{[]string{"lb", "certificate", "solemate-web:443", "--default", "staging.solemate.example", "--yes"}, "ModifyListener", "default certificate  www.solemate.example"},
	}
	sent := map[string]int{}
	for _, st := range steps {
		r := run(st.args...)
		if !strings.Contains(r.stdout, st.say) || !strings.HasSuffix(r.stdout, "done\n") {
			t.Errorf("%v says:\n%s\nwant %q", st.args, r.stdout, st.say)
		}
		sent[st.op]++
		if got := len(mutations(s.Stats(), st.op)); got != sent[st.op] {
			t.Errorf("%v: %d %s applied, want %d", st.args, got, st.op, sent[st.op])
		}
	}
	// Again: nothing to do, nothing sent.
	before := len(s.Stats().Mutations)
	for _, st := range steps[:2] {
		if r := run(st.args...); !strings.Contains(r.stdout, "already") {
			t.Errorf("%v again: %s", st.args, r.stdout)
		}
	}
	if n := len(s.Stats().Mutations); n != before {
		t.Errorf("repeating sent %d changes", n-before)
	}
	acts := model.PairJournal(readJournal(t, state))
	var kinds []string
	for _, a := range acts {
		if a.Status() != model.ResultOK {
			t.Errorf("journal: %s %s", a.Intent.Kind, a.Status())
		}
		kinds = append(kinds, string(a.Intent.Kind))
	}
	want := []string{"modify-health-check", "modify-target-group-attributes", "deregister-targets", "register-targets", "modify-listener",
		"add-listener-certificates", "remove-listener-certificates", "modify-listener"}
	if !slices.Equal(kinds, want) {
		t.Errorf("journal kinds %v, want %v", kinds, want)
	}
}

// targetIDs reads a target group's registered targets with a plain client.
func targetIDs(t *testing.T, url, tg string) []string {
	t.Helper()
	cfg := motoConfig(t)
	cfg.BaseEndpoint = sdk.String(url)
	o, err := elb.NewFromConfig(cfg).DescribeTargetHealth(context.Background(), &elb.DescribeTargetHealthInput{TargetGroupArn: sdk.String(tg)})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range o.TargetHealthDescriptions {
		out = append(out, sdk.ToString(d.Target.Id))
	}
	slices.Sort(out)
	return out
}

// TestCLILBRefusals: every bad input is one sentence on stderr, exit 2,
// nothing sent and nothing journaled.
func TestCLILBRefusals(t *testing.T) {
	t.Parallel()
	s, url := newSim(t, sim.Options{Seed: 4})
	cases := []struct {
		name string
		args []string
		say  string
	}{
		{"no target group", []string{"lb", "health-check"}, "name one target group"},
		{"unknown target group", []string{"lb", "health-check", "nope-tg", "--interval", "10", "--yes"}, `no target group "nope-tg" in us-east-1`},
		{"nothing to set", []string{"lb", "health-check", "solemate-web-tg", "--yes"}, "say what to set"},
		{"interval not a number", []string{"lb", "health-check", "solemate-web-tg", "--interval", "ten"}, `--interval must be a whole number, not "ten"`},
		{"interval out of range", []string{"lb", "health-check", "solemate-web-tg", "--interval", "400", "--yes"}, "interval must be 5s to 300s, not 400s"},
		{"timeout not under interval", []string{"lb", "health-check", "solemate-web-tg", "--interval", "10", "--timeout", "10", "--yes"}, "must be less than the interval"},
		{"path without a slash", []string{"lb", "health-check", "solemate-web-tg", "--path", "healthz", "--yes"}, "must start with /"},
		{"codes outside an ALB's", []string{"lb", "health-check", "solemate-web-tg", "--codes", "200-599", "--yes"}, "outside 200-499"},
		{"not KEY=VALUE", []string{"lb", "attributes", "solemate-web-tg", "stickiness", "--yes"}, `"stickiness" is not KEY=VALUE`},
		{"unknown attribute", []string{"lb", "attributes", "solemate-web-tg", "colour=blue", "--yes"}, `hoist does not change "colour"`},
		{"slow start too short", []string{"lb", "attributes", "solemate-web-tg", "slow_start.duration_seconds=10", "--yes"}, "from 30 to 900"},
		{"NLB stickiness type", []string{"lb", "attributes", "solemate-cache-tg", "stickiness.type=lb_cookie", "--yes"}, "must be source_ip"},
		{"not an instance", []string{"lb", "register", "solemate-web-tg", "web-1", "--yes"}, `"web-1" is not an instance id`},
		{"register with no instance", []string{"lb", "register", "solemate-web-tg"}, "at least one instance"},
		{"listener without a port", []string{"lb", "certificate", "solemate-web", "--tls-policy", "x", "--yes"}, "LOAD-BALANCER:PORT"},
		{"no such port", []string{"lb", "certificate", "solemate-web:444", "--tls-policy", "x", "--yes"}, "no listener on port 444; it listens on 80, 443"},
		{"an HTTP listener", []string{"lb", "certificate", "solemate-web:80", "--tls-policy", "x", "--yes"}, "listens on HTTP: only HTTPS and TLS"},
		{"unknown policy", []string{"lb", "certificate", "solemate-web:443", "--tls-policy", "ELBSecurityPolicy-Nope", "--yes"}, `no security policy "ELBSecurityPolicy-Nope" for application load balancers`},
		{"unknown certificate", []string{"lb", "certificate", "solemate-web:443", "--add", "nope.example", "--yes"}, `no issued ACM certificate for "nope.example"`},
		{"remove the default", []string{"lb", "certificate", "solemate-web:443", "--remove", "www.solemate.example", "--yes"}, "make another certificate the default first"},
		{"add and remove", []string{"lb", "certificate", "solemate-web:443", "--add", "a", "--remove", "b"}, "one at a time"},
		{"unknown load balancer", []string{"lb", "nope"}, `no load balancer "nope" in us-east-1; there are solemate-app-internal`},
		{"mistyped subcommand", []string{"lb", "helth-check", "x"}, "did you mean health-check?"},
		{"bad range", []string{"lb", "--range", "2h"}, "--range must be 15m, 1h, 3h or 24h"},
		{"create", []string{"lb", "create", "new-alb"}, "hoist does not create load balancers"},
		{"delete", []string{"lb", "delete", "solemate-web"}, "hoist does not delete load balancers"},
		{"read-only", []string{"--read-only", "lb", "attributes", "solemate-web-tg", "stickiness.enabled=false", "--yes"}, "read-only"},
		{"not a terminal", []string{"lb", "attributes", "solemate-web-tg", "stickiness.enabled=false"}, "pass --yes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			state, env := isolatedEnv(t)
			r := runBinary(t, env, "", append(c.args, "--endpoint-url", url)...)
			if r.code != exitInvalid {
				t.Errorf("exit %d, want %d; stderr %q", r.code, exitInvalid, r.stderr)
			}
			if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "hoist: ") || !strings.Contains(r.stderr, c.say) {
				t.Errorf("stderr %q is not one line saying %q", r.stderr, c.say)
			}
			if j := readJournal(t, state); j != nil {
				t.Errorf("journaled %+v", j)
			}
		})
	}
	t.Cleanup(func() {
		if m := s.Stats().Mutations; len(m) != 0 {
			t.Errorf("refused commands changed the simulator: %+v", m)
		}
	})
}

// On a terminal the listener change asks; "n" sends nothing, and a
// policy changed by someone else while the question is open is a
// conflict: exit 3, nothing sent, nothing journaled.
func TestCLILBConfirmOnTerminal(t *testing.T) {
	t.Parallel()
	s, url := newSim(t, sim.Options{Seed: 5})
	state, env := isolatedEnv(t)
	const to = "ELBSecurityPolicy-TLS13-1-3-2021-06"
	args := []string{"lb", "certificate", "solemate-web:443", "--tls-policy", to, "--endpoint-url", url}
	p := startPty(t, env, 24, 120, args...)
	p.expect("Apply? [y/N]", 30*time.Second)
	if !strings.Contains(p.out.String(), "security policy  ELBSecurityPolicy-TLS13-1-2-2021-06 → "+to) {
		t.Errorf("the question does not show the change:\n%q", p.out.String())
	}
	p.send("n\r")
	if code := p.exit(30 * time.Second); code == 0 || !strings.Contains(p.out.String(), "nothing was sent") {
		t.Errorf("answering n: exit %d\n%q", code, p.out.String())
	}

	p = startPty(t, env, 24, 120, args...)
	p.expect("Apply? [y/N]", 30*time.Second)
	cfg := motoConfig(t)
	cfg.BaseEndpoint = sdk.String(url)
	c := elb.NewFromConfig(cfg)
	lbs, err := c.DescribeLoadBalancers(context.Background(), &elb.DescribeLoadBalancersInput{Names: []string{"solemate-web"}})
	if err != nil {
		t.Fatal(err)
	}
	ls, err := c.DescribeListeners(context.Background(), &elb.DescribeListenersInput{LoadBalancerArn: lbs.LoadBalancers[0].LoadBalancerArn})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls.Listeners {
		if sdk.ToInt32(l.Port) == 443 {
			if _, err := c.ModifyListener(context.Background(), &elb.ModifyListenerInput{ListenerArn: l.ListenerArn,
				SslPolicy: sdk.String("ELBSecurityPolicy-TLS13-1-2-Res-2021-06")}); err != nil {
				t.Fatalf("the other operator's ModifyListener: %v", err)
			}
		}
	}
	p.send("y\r")
	if code := p.exit(30 * time.Second); code != exitConflict || !strings.Contains(p.out.String(), "since you looked; nothing was sent") {
		t.Errorf("a change under the question: exit %d, want %d\n%q", code, exitConflict, p.out.String())
	}
	if got := mutations(s.Stats(), "ModifyListener"); len(got) != 1 {
		t.Errorf("ModifyListener applied %d times, want only the other operator's", len(got))
	}
	if j := readJournal(t, state); j != nil {
		t.Errorf("journaled %+v", j)
	}
}

// TestCLILBAgainstBoto3: what hoist lb --json says of every load balancer
// of `hoist sim serve` is what boto3 reads from it, listener by listener,
// target group by target group and certificate by certificate. Skipped
// only where python3 with boto3 is not installed.
func TestCLILBAgainstBoto3(t *testing.T) {
	t.Parallel()
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skipf("python3 with boto3 is not installed: %v", err)
	}
	url := simServe(t)
	_, env := isolatedEnv(t)
	r := runBinary(t, env, "", "lb", "--json", "--endpoint-url", url)
	mustSucceed(t, r, "lb --json")
	got := boto3Shape(lbDocFrom(t, r.stdout))
	cmd := exec.Command("python3", "testdata/lb_boto3.py", url)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("lb_boto3.py: %v\n%s", err, stderr.String())
	}
	var want map[string]any
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	if lbs := want["load_balancers"].(map[string]any); len(lbs) < 5 {
		t.Fatalf("boto3 read %d load balancers", len(lbs))
	}
	for _, part := range []string{"load_balancers", "certificates"} {
		g, w := asJSON(t, got[part]), asJSON(t, want[part])
		if g != w {
			t.Errorf("%s: hoist lb --json and boto3 differ:\nhoist %s\nboto3 %s", part, g, w)
		}
	}
}

// boto3Shape is a hoist lb document in the shape lb_boto3.py prints.
func boto3Shape(doc lbDoc) map[string]any {
	lbs, certs := map[string]any{}, map[string]any{}
	for _, lb := range doc.LoadBalancers {
		ls, tgs := map[string]any{}, map[string]any{}
		for _, l := range lb.Listeners {
			arns := []string{}
			for _, c := range l.Certificates {
				arns = append(arns, c.ARN)
				if c.NotAfter != nil {
					certs[c.ARN] = map[string]any{"domain": c.Domain, "not_after": c.NotAfter.UTC().Format("2006-01-02T15:04:05Z")}
				}
			}
			rules := -1
			if l.Rules != nil {
				rules = *l.Rules
			}
			ls[strconv.Itoa(l.Port)] = map[string]any{"protocol": l.Protocol, "rules": rules, "ssl_policy": l.SSLPolicy, "certificates": arns}
		}
		for _, tg := range lb.TargetGroups {
			h := tg.HealthCheck
			tgs[tg.Name] = map[string]any{"protocol": tg.Protocol, "port": tg.Port, "target_type": tg.TargetType, "attributes": tg.Attributes,
				"health_check": []any{h.Protocol, h.Path, h.Port, h.IntervalSeconds, h.TimeoutSeconds, h.HealthyThreshold, h.UnhealthyThreshold, h.Matcher}}
		}
		lbs[lb.Name] = map[string]any{"type": lb.Type, "scheme": lb.Scheme, "state": lb.State, "dns_name": lb.DNSName, "zones": lb.Zones,
			"listeners": ls, "target_groups": tgs}
	}
	return map[string]any{"load_balancers": lbs, "certificates": certs}
}

// asJSON is v as canonical JSON (map keys sorted, numbers alike).
func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(x)
	return string(b)
}
