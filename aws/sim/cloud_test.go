package sim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

func newCloud(t testing.TB, opts Options) (*Cloud, *httptest.Server) {
	t.Helper()
	c, err := NewCloud(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(c.Handler())
	t.Cleanup(srv.Close)
	return c, srv
}

// regionClients are the SDK's clients signing for region, all at one
// endpoint, as hoist's adapter sends them with --endpoint-url.
func regionClients(url, region string) clients {
	cfg := sdkConfig("AKIDTEST")
	cfg.Region = region
	return clients{
		asg: autoscaling.NewFromConfig(cfg, func(o *autoscaling.Options) { o.BaseEndpoint = aws.String(url) }),
		elb: elb.NewFromConfig(cfg, func(o *elb.Options) { o.BaseEndpoint = aws.String(url) }),
		cw:  cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) { o.BaseEndpoint = aws.String(url) }),
		ec2: ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(url) }),
	}
}

// TestCloudRegionsAreSeparate asks the same questions in three regions and
// gets each region's own answers: its groups, ARNs, zones and load
// balancers; a region other than the fleet's and the standby's is an empty
// account region, built on its first request.
func TestCloudRegionsAreSeparate(t *testing.T) {
	c, srv := newCloud(t, Options{Seed: 1})
	if got := c.Stats().Regions; len(got) != 2 {
		t.Fatalf("regions built at start: %v; want us-east-1 and us-west-2 only", got)
	}
	seen := map[string][]string{}
	for _, region := range []string{"us-east-1", "us-west-2", "eu-west-1"} {
		cl := regionClients(srv.URL, region)
		out, err := cl.asg.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{})
		if err != nil {
			t.Fatalf("%s: %v", region, err)
		}
		for _, g := range out.AutoScalingGroups {
			seen[region] = append(seen[region], aws.ToString(g.AutoScalingGroupName))
			if arn := aws.ToString(g.AutoScalingGroupARN); !strings.HasPrefix(arn, "arn:aws:autoscaling:"+region+":"+Account+":") {
				t.Errorf("%s: group ARN %s", region, arn)
			}
			for _, az := range g.AvailabilityZones {
				if !strings.HasPrefix(az, region) {
					t.Errorf("%s: group %s in zone %s", region, aws.ToString(g.AutoScalingGroupName), az)
				}
			}
			for _, in := range g.Instances {
				if !strings.HasPrefix(aws.ToString(in.AvailabilityZone), region) {
					t.Errorf("%s: instance in %s", region, aws.ToString(in.AvailabilityZone))
				}
			}
		}
		zones, err := cl.ec2.DescribeAvailabilityZones(bg, &ec2.DescribeAvailabilityZonesInput{})
		if err != nil {
			t.Fatal(err)
		}
		if len(zones.AvailabilityZones) == 0 || aws.ToString(zones.AvailabilityZones[0].ZoneName) != region+"a" ||
			aws.ToString(zones.AvailabilityZones[0].RegionName) != region {
			t.Errorf("%s: zones %+v", region, zones.AvailabilityZones)
		}
		lbs, err := cl.elb.DescribeLoadBalancers(bg, &elb.DescribeLoadBalancersInput{})
		if err != nil {
			t.Fatal(err)
		}
		for _, lb := range lbs.LoadBalancers {
			if !strings.Contains(aws.ToString(lb.LoadBalancerArn), ":"+region+":") || !strings.Contains(aws.ToString(lb.DNSName), region) {
				t.Errorf("%s: load balancer %s at %s", region, aws.ToString(lb.LoadBalancerArn), aws.ToString(lb.DNSName))
			}
		}
		if want := map[string]int{"us-east-1": 5, "us-west-2": 1, "eu-west-1": 0}[region]; len(lbs.LoadBalancers) != want {
			t.Errorf("%s: %d load balancers, want %d", region, len(lbs.LoadBalancers), want)
		}
	}
	if len(seen["us-east-1"]) != 9 || len(seen["us-west-2"]) != 9 || len(seen["eu-west-1"]) != 0 {
		t.Fatalf("groups per region: %v", seen)
	}
	for _, name := range seen["us-west-2"] {
		if slices.Contains(seen["us-east-1"], name) || !strings.HasSuffix(name, "-standby") {
			t.Errorf("standby group %s", name)
		}
	}
	st := c.Stats()
	if len(st.Regions) != 3 || st.Regions["eu-west-1"].Fleet != "empty" || st.Regions["us-west-2"].Fleet != "standby" {
		t.Fatalf("regions after a request to eu-west-1: %+v", st.Regions)
	}
}

// TestCloudMutationsStayInTheirRegion: a change in us-west-2 changes
// us-west-2's group and is recorded as us-west-2's.
func TestCloudMutationsStayInTheirRegion(t *testing.T) {
	c, srv := newCloud(t, Options{Seed: 1})
	cl := regionClients(srv.URL, "us-west-2")
	if _, err := cl.asg.SetDesiredCapacity(bg, &autoscaling.SetDesiredCapacityInput{
		AutoScalingGroupName: aws.String("solemate-web-standby"), DesiredCapacity: aws.Int32(3)}); err != nil {
		t.Fatal(err)
	}
	_, err := regionClients(srv.URL, "us-east-1").asg.SetDesiredCapacity(bg, &autoscaling.SetDesiredCapacityInput{
		AutoScalingGroupName: aws.String("solemate-web-standby"), DesiredCapacity: aws.Int32(3)})
	wantErr(t, err, "ValidationError", "solemate-web-standby")
	west, _ := c.Region("us-west-2")
	if d := west.groups["solemate-web-standby"].desired; d != 3 {
		t.Fatalf("us-west-2 desired %d, want 3", d)
	}
	st, err := c.StatsIn("us-west-2")
	if err != nil || len(st.Mutations) != 1 || st.Mutations[0].Region != "us-west-2" || st.Mutations[0].Group != "solemate-web-standby" {
		t.Fatalf("us-west-2 mutations: %+v, %v", st.Mutations, err)
	}
	if east, _ := c.StatsIn("us-east-1"); len(east.Mutations) != 0 {
		t.Fatalf("us-east-1 mutations: %+v", east.Mutations)
	}
	// the control surface's region selector
	res, err := http.Get(srv.URL + "/_sim/stats?region=us-west-2")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body Stats
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil || body.Region != "us-west-2" || body.Groups != 9 || len(body.Mutations) != 1 {
		t.Fatalf("GET /_sim/stats?region=us-west-2: %+v, %v", body, err)
	}
}

// TestCloudRefusesRegionsAWSDoesNotHave: a typo, or a region of another
// partition, is refused as AWS refuses a credential scoped to it, naming
// the region; nothing is built for it.
func TestCloudRefusesRegionsAWSDoesNotHave(t *testing.T) {
	c, srv := newCloud(t, Options{Seed: 1})
	for region, code := range map[string]string{"us-eest-1": "SignatureDoesNotMatch", "cn-north-1": "SignatureDoesNotMatch"} {
		cl := regionClients(srv.URL, region)
		_, err := cl.asg.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{})
		wantErr(t, err, code, "Credential should be scoped to a valid region, not '"+region+"'")
		// the JSON protocol's code for the same refusal
		_, err = cl.cw.DescribeAlarms(bg, &cloudwatch.DescribeAlarmsInput{})
		wantErr(t, err, "InvalidSignatureException", region)
	}
	if _, err := c.Region("us-eest-1"); err == nil {
		t.Fatal("a region AWS does not have was built")
	}
	if len(c.Stats().Regions) != 2 {
		t.Fatalf("regions: %v", c.Stats().Regions)
	}
}

// TestCloudClockAndFaultsAreShared: the regions move in step, and a fault
// limited to one region leaves the other answering.
func TestCloudClockAndFaultsAreShared(t *testing.T) {
	c, srv := newCloud(t, Options{Seed: 1})
	eu, err := c.Region("eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(95 * time.Second)
	for _, s := range c.built() {
		if !s.Now().Equal(c.Now()) || !s.Now().Equal(eu.Now()) {
			t.Fatalf("%s at %v, the cloud at %v", s.region, s.Now(), c.Now())
		}
	}
	c.SetFaults(Faults{ErrorRate: 1, Regions: []string{"us-east-1"}})
	_, err = regionClients(srv.URL, "us-east-1").asg.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{})
	if code := apiCode(err); code != "InternalFailure" && code != "ServiceUnavailable" {
		t.Fatalf("us-east-1 under error_rate 1: %v", err)
	}
	if _, err := regionClients(srv.URL, "us-west-2").asg.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{}); err != nil {
		t.Fatalf("us-west-2, outside the fault's regions: %v", err)
	}
}

// TestRegionFailoverMovesTraffic: the primary loses an AZ and then its
// internet-facing load balancer's targets; traffic moves to the standby,
// whose groups scale out while the primary's load falls.
func TestRegionFailoverMovesTraffic(t *testing.T) {
	c, _ := newCloud(t, Options{Seed: 1})
	east, west := c.Primary(), mustRegion(t, c, "us-west-2")
	eastWeb, westWeb := east.groups[webGroup], west.groups["solemate-web-standby"]
	start := c.Now()
	before := [2]float64{east.load(eastWeb, start), west.load(westWeb, start)}
	westDesired := westWeb.desired
	if err := c.SetScenario("region-failover"); err != nil {
		t.Fatal(err)
	}
	if east.impairedAZ != "us-east-1b" || west.impairedAZ != "" {
		t.Fatalf("impaired zones: %q in us-east-1, %q in us-west-2", east.impairedAZ, west.impairedAZ)
	}
	unhealthy := 0 // targets of us-east-1's internet-facing load balancer seen failing
	for range 25 {
		c.Advance(time.Minute)
		for _, tg := range east.tgOrder {
			if failingTargetsAny(east, tg) {
				unhealthy += countReason(east, tg, "Target.ResponseCodeMismatch")
			}
		}
	}
	at := c.Now()
	after := [2]float64{east.load(eastWeb, at), west.load(westWeb, at)}
	if after[0] > before[0]*0.2 || after[1] < before[0]*0.5 {
		t.Fatalf("web load (req/s): us-east-1 %.0f -> %.0f, us-west-2 %.0f -> %.0f; want the traffic in us-west-2", before[0], after[0], before[1], after[1])
	}
	if westWeb.desired <= westDesired+2 {
		t.Fatalf("the standby's web tier stayed at %d (from %d)", westWeb.desired, westDesired)
	}
	if unhealthy == 0 {
		t.Fatal("no target of us-east-1's internet-facing load balancer failed its health checks")
	}
	if eu := mustRegion(t, c, "eu-west-1"); eu.scenario != "region-failover" || eu.impairedAZ != "" {
		t.Fatalf("a region built later: scenario %q, impaired %q", eu.scenario, eu.impairedAZ)
	}
}

func failingTargetsAny(s *Simulator, tg *targetGroup) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failingTargets(tg)
}

func countReason(s *Simulator, tg *targetGroup, reason string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, tt := range tg.targets {
		if tt.state == thUnhealthy && tt.reason == reason {
			n++
		}
	}
	return n
}

func mustRegion(t testing.TB, c *Cloud, region string) *Simulator {
	t.Helper()
	s, err := c.Region(region)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
