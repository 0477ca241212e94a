package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/solemate/hoist/aws/internal/reqbody"
)

// served starts the simulator behind a real HTTP server.
func served(t testing.TB, opts Options) (*Simulator, *httptest.Server) {
	t.Helper()
	s := newSim(t, opts)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return s, srv
}

// sdkConfig is what the adapter does: the SDK's own clients, only the
// endpoint differs. Retries are off so a test sees each answer.
func sdkConfig(key string) aws.Config {
	return aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider(key, "secret", ""),
		Retryer:     func() aws.Retryer { return aws.NopRetryer{} },
		HTTPClient:  reqbody.Client(nil), // as hoist's adapter does: see its doc
	}
}

type clients struct {
	asg *autoscaling.Client
	elb *elb.Client
	cw  *cloudwatch.Client
	ec2 *ec2.Client
	sts *sts.Client
}

func sdkClients(url, key string) clients {
	cfg := sdkConfig(key)
	return clients{
		asg: autoscaling.NewFromConfig(cfg, func(o *autoscaling.Options) { o.BaseEndpoint = aws.String(url) }),
		elb: elb.NewFromConfig(cfg, func(o *elb.Options) { o.BaseEndpoint = aws.String(url) }),
		cw:  cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) { o.BaseEndpoint = aws.String(url) }),
		ec2: ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(url) }),
		sts: sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(url) }),
	}
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func TestWireAutoScaling(t *testing.T) {
	s, srv := served(t, Options{Seed: 1, Fleet: "large", Groups: 250})
	c := sdkClients(srv.URL, "AKIDTEST")
	p := autoscaling.NewDescribeAutoScalingGroupsPaginator(c.asg, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(100)})
	groups, pages := 0, 0
	for p.HasMorePages() {
		out, err := p.NextPage(bg)
		if err != nil {
			t.Fatal(err)
		}
		groups += len(out.AutoScalingGroups)
		pages++
		if pages == 1 && len(out.AutoScalingGroups[0].Instances) == 0 {
			t.Fatal("groups come with their instances")
		}
	}
	if groups != 250 || pages != 3 {
		t.Fatalf("%d groups in %d pages", groups, pages)
	}
	name := s.groupNames[0]
	_, err := c.asg.SetDesiredCapacity(bg, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: aws.String(name), DesiredCapacity: aws.Int32(500)})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "ValidationError" || ae.ErrorMessage() != "New SetDesiredCapacity value 500 is above max value 100 for the AutoScalingGroup." {
		t.Fatalf("SetDesiredCapacity above max: %v", err)
	}
	out, err := c.asg.SetDesiredCapacity(bg, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: aws.String(name), DesiredCapacity: aws.Int32(7)})
	if err != nil {
		t.Fatal(err)
	}
	rid, _ := awsmw.GetRequestIDMetadata(out.ResultMetadata)
	var applied []Mutation
	for _, m := range s.Stats().Mutations {
		if m.Operation == "SetDesiredCapacity" {
			applied = append(applied, m)
		}
	}
	if len(applied) != 1 || applied[0].RequestID != rid || rid == "" {
		t.Fatalf("mutation record %+v, response request id %q", applied, rid)
	}
	acts, err := c.asg.DescribeScalingActivities(bg, &autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: aws.String(name)})
	if err != nil || len(acts.Activities) == 0 || acts.Activities[0].StartTime == nil {
		t.Fatalf("activities: %v %+v", err, acts)
	}
	if _, err := c.asg.SuspendProcesses(bg, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: aws.String(name), ScalingProcesses: []string{"AZRebalance", "AlarmNotification"}}); err != nil {
		t.Fatal(err)
	}
	g, err := c.asg.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}})
	if err != nil || len(g.AutoScalingGroups[0].SuspendedProcesses) != 2 || len(g.AutoScalingGroups[0].Tags) == 0 {
		t.Fatalf("suspended processes and tags: %v %+v", err, g)
	}
	pol, err := c.asg.DescribePolicies(bg, &autoscaling.DescribePoliciesInput{AutoScalingGroupName: aws.String(name)})
	if err != nil || len(pol.ScalingPolicies) == 0 || pol.ScalingPolicies[0].TargetTrackingConfiguration == nil && len(pol.ScalingPolicies[0].StepAdjustments) == 0 {
		t.Fatalf("policies: %v %+v", err, pol)
	}
	if _, err := c.asg.PutScheduledUpdateGroupAction(bg, &autoscaling.PutScheduledUpdateGroupActionInput{AutoScalingGroupName: aws.String(name),
		ScheduledActionName: aws.String("evening"), Recurrence: aws.String("0 18 * * *"), TimeZone: aws.String("Europe/Paris"), DesiredCapacity: aws.Int32(3)}); err != nil {
		t.Fatal(err)
	}
	sa, err := c.asg.DescribeScheduledActions(bg, &autoscaling.DescribeScheduledActionsInput{AutoScalingGroupName: aws.String(name)})
	if err != nil || len(sa.ScheduledUpdateGroupActions) != 1 || aws.ToString(sa.ScheduledUpdateGroupActions[0].TimeZone) != "Europe/Paris" {
		t.Fatalf("scheduled: %v %+v", err, sa)
	}
	inst, err := c.asg.DescribeAutoScalingInstances(bg, &autoscaling.DescribeAutoScalingInstancesInput{MaxRecords: aws.Int32(50)})
	if err != nil || len(inst.AutoScalingInstances) != 50 || inst.NextToken == nil {
		t.Fatalf("instances page: %v", err)
	}
	if _, err := c.asg.DeleteAutoScalingGroup(bg, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: aws.String(name)}); apiCode(err) != "ResourceInUse" {
		t.Fatalf("delete with instances: %v", err)
	}
	if _, err := c.asg.CreateAutoScalingGroup(bg, &autoscaling.CreateAutoScalingGroupInput{AutoScalingGroupName: aws.String(name), MinSize: aws.Int32(0), MaxSize: aws.Int32(1),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String("x")}, AvailabilityZones: []string{"us-east-1a"}}); apiCode(err) != "AlreadyExists" {
		t.Fatalf("create existing: %v", err)
	}
}

func TestWireForecastAndTargets(t *testing.T) {
	s, srv := served(t, Options{Seed: 1})
	c := sdkClients(srv.URL, "AKIDTEST")
	now := s.Now()
	f, err := c.asg.GetPredictiveScalingForecast(bg, &autoscaling.GetPredictiveScalingForecastInput{AutoScalingGroupName: aws.String(dbGroup),
		PolicyName: aws.String("solemate-db-predictive-cpu40"), StartTime: aws.Time(now), EndTime: aws.Time(now.Add(48 * time.Hour))})
	if err != nil || len(f.CapacityForecast.Values) < 48 || !f.CapacityForecast.Timestamps[0].Equal(now.Truncate(time.Hour)) {
		t.Fatalf("forecast over the wire: %v", err)
	}
	tgs, err := c.elb.DescribeTargetGroups(bg, &elb.DescribeTargetGroupsInput{PageSize: aws.Int32(3)})
	if err != nil || len(tgs.TargetGroups) != 3 || tgs.NextMarker == nil {
		t.Fatalf("target groups page: %v", err)
	}
	arn := s.groups[webGroup].tgARNs[0]
	h, err := c.elb.DescribeTargetHealth(bg, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(arn)})
	if err != nil || len(h.TargetHealthDescriptions) == 0 || h.TargetHealthDescriptions[0].TargetHealth.State != "healthy" {
		t.Fatalf("target health: %v", err)
	}
	if _, err := c.elb.DescribeTargetHealth(bg, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(arn + "x")}); apiCode(err) != "TargetGroupNotFound" {
		t.Fatalf("unknown target group: %v", err)
	}
	attrs, err := c.elb.DescribeTargetGroupAttributes(bg, &elb.DescribeTargetGroupAttributesInput{TargetGroupArn: aws.String(arn)})
	if err != nil || len(attrs.Attributes) < 5 {
		t.Fatalf("attributes: %v", err)
	}
	lbs, err := c.elb.DescribeLoadBalancers(bg, &elb.DescribeLoadBalancersInput{})
	if err != nil || len(lbs.LoadBalancers) != 5 {
		t.Fatalf("load balancers: %v", err)
	}
	ls, err := c.elb.DescribeListeners(bg, &elb.DescribeListenersInput{LoadBalancerArn: lbs.LoadBalancers[0].LoadBalancerArn})
	if err != nil || len(ls.Listeners) == 0 {
		t.Fatalf("listeners: %v", err)
	}
	tags, err := c.elb.DescribeTags(bg, &elb.DescribeTagsInput{ResourceArns: []string{*lbs.LoadBalancers[0].LoadBalancerArn, arn}})
	if err != nil || len(tags.TagDescriptions) != 2 {
		t.Fatalf("tags: %v", err)
	}
	pol, err := c.elb.DescribeSSLPolicies(bg, &elb.DescribeSSLPoliciesInput{})
	if err != nil || len(pol.SslPolicies) == 0 {
		t.Fatalf("ssl policies: %v", err)
	}
	res, err := c.ec2.DescribeInstances(bg, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(5)})
	if err != nil || len(res.Reservations) != 5 || res.NextToken == nil || res.Reservations[0].Instances[0].State == nil {
		t.Fatalf("instances: %v", err)
	}
	spot := 0
	p := ec2.NewDescribeInstancesPaginator(c.ec2, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		out, err := p.NextPage(bg)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range out.Reservations {
			for _, in := range r.Instances {
				if in.InstanceLifecycle == "spot" {
					spot++
				}
			}
		}
	}
	if spot == 0 {
		t.Fatal("no spot instance over the wire")
	}
	types, err := c.ec2.DescribeInstanceTypes(bg, &ec2.DescribeInstanceTypesInput{})
	if err != nil || len(types.InstanceTypes) < 10 {
		t.Fatalf("instance types: %v", err)
	}
	prices, err := c.ec2.DescribeSpotPriceHistory(bg, &ec2.DescribeSpotPriceHistoryInput{StartTime: aws.Time(now.Add(-time.Hour)), MaxResults: aws.Int32(10)})
	if err != nil || len(prices.SpotPriceHistory) != 10 {
		t.Fatalf("spot prices: %v", err)
	}
	azs, err := c.ec2.DescribeAvailabilityZones(bg, &ec2.DescribeAvailabilityZonesInput{})
	if err != nil || len(azs.AvailabilityZones) != 3 {
		t.Fatalf("AZs: %v", err)
	}
	id, err := c.sts.GetCallerIdentity(bg, &sts.GetCallerIdentityInput{})
	if err != nil || !strings.Contains(aws.ToString(id.Arn), "/hoist-simulator/") {
		t.Fatalf("caller identity: %v", err)
	}
}

// TestWireCloudWatchCBOR goes over the Go SDK's default CloudWatch protocol
// (rpcv2-CBOR).
func TestWireCloudWatchCBOR(t *testing.T) {
	s, srv := served(t, Options{Seed: 1})
	s.Advance(15 * time.Minute)
	c := sdkClients(srv.URL, "AKIDTEST")
	now := s.Now()
	gd := []cwtypes.Dimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(webGroup)}}
	out, err := c.cw.GetMetricData(bg, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(now.Add(-10 * time.Minute)), EndTime: aws.Time(now),
		MetricDataQueries: []cwtypes.MetricDataQuery{
			{Id: aws.String("cpu"), MetricStat: &cwtypes.MetricStat{Metric: &cwtypes.Metric{Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"), Dimensions: gd}, Period: aws.Int32(60), Stat: aws.String("Average")}},
			{Id: aws.String("pct"), Expression: aws.String("cpu/100")},
		}})
	if err != nil || len(out.MetricDataResults) != 2 || len(out.MetricDataResults[0].Values) != 10 {
		t.Fatalf("GetMetricData over CBOR: %v %+v", err, out)
	}
	if got := out.MetricDataResults[0].Timestamps[0]; !got.Equal(now.Add(-time.Minute)) {
		t.Fatalf("newest timestamp %v, want %v", got, now.Add(-time.Minute))
	}
	lm := cloudwatch.NewListMetricsPaginator(c.cw, &cloudwatch.ListMetricsInput{Namespace: aws.String("AWS/ApplicationELB")})
	n := 0
	for lm.HasMorePages() {
		p, err := lm.NextPage(bg)
		if err != nil {
			t.Fatal(err)
		}
		n += len(p.Metrics)
	}
	if n == 0 {
		t.Fatal("no ALB metrics listed")
	}
	al, err := c.cw.DescribeAlarms(bg, &cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("TargetTracking-" + webGroup)})
	if err != nil || len(al.MetricAlarms) != 2 || al.MetricAlarms[0].StateUpdatedTimestamp == nil {
		t.Fatalf("alarms: %v", err)
	}
	if _, err := c.cw.SetAlarmState(bg, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("nope"), StateValue: "OK", StateReason: aws.String("x")}); apiCode(err) != "ResourceNotFound" {
		t.Fatalf("SetAlarmState on a missing alarm: %v", err)
	}
	if _, err := c.cw.PutMetricData(bg, &cloudwatch.PutMetricDataInput{Namespace: aws.String("Drill"), MetricData: []cwtypes.MetricDatum{{MetricName: aws.String("x"), Value: aws.Float64(1)}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.cw.PutAlarmMuteRule(bg, &cloudwatch.PutAlarmMuteRuleInput{Name: aws.String("ack"), MuteTargets: &cwtypes.MuteTargets{AlarmNames: []string{*al.MetricAlarms[0].AlarmName}},
		Rule: &cwtypes.Rule{Schedule: &cwtypes.Schedule{Expression: aws.String("at(" + now.Format("2006-01-02T15:04") + ")"), Duration: aws.String("PT1H")}}}); err != nil {
		t.Fatal(err)
	}
	h, err := c.cw.DescribeAlarmHistory(bg, &cloudwatch.DescribeAlarmHistoryInput{MaxRecords: aws.Int32(10)})
	if err != nil || len(h.AlarmHistoryItems) != 10 || h.NextToken == nil {
		t.Fatalf("history page: %v", err)
	}
}

func TestWireFaults(t *testing.T) {
	s, srv := served(t, Options{Seed: 1})
	c := sdkClients(srv.URL, "AKIDOLD")
	if _, err := c.asg.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{}); err != nil {
		t.Fatal(err)
	}
	s.SetFaults(Faults{Throttle: map[string]float64{"autoscaling": 1, "elbv2": 1, "cloudwatch": 1, "ec2": 1}})
	if _, err := c.asg.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{}); apiCode(err) != "Throttling" {
		t.Fatalf("autoscaling throttled: %v", err)
	}
	if _, err := c.elb.DescribeLoadBalancers(bg, &elb.DescribeLoadBalancersInput{}); apiCode(err) != "ThrottlingException" {
		t.Fatalf("elbv2 throttled: %v", err)
	}
	if _, err := c.cw.DescribeAlarms(bg, &cloudwatch.DescribeAlarmsInput{}); apiCode(err) != "ThrottlingException" {
		t.Fatalf("cloudwatch throttled: %v", err)
	}
	if _, err := c.ec2.DescribeAvailabilityZones(bg, &ec2.DescribeAvailabilityZonesInput{}); apiCode(err) != "RequestLimitExceeded" {
		t.Fatalf("ec2 throttled: %v", err)
	}
	s.SetFaults(Faults{OutageFor: 300 * time.Millisecond})
	var re interface{ HTTPStatusCode() int }
	if _, err := c.sts.GetCallerIdentity(bg, &sts.GetCallerIdentityInput{}); !errors.As(err, &re) || re.HTTPStatusCode() != 503 {
		t.Fatalf("outage: %v", err)
	}
	time.Sleep(350 * time.Millisecond) // the outage window is real time
	if _, err := c.sts.GetCallerIdentity(bg, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("after the outage: %v", err)
	}
	s.SetFaults(Faults{ExpiredToken: true})
	if _, err := c.asg.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{}); apiCode(err) != "ExpiredToken" {
		t.Fatalf("old key: %v", err)
	}
	if _, err := c.sts.GetCallerIdentity(bg, &sts.GetCallerIdentityInput{}); apiCode(err) != "ExpiredTokenException" {
		t.Fatalf("old key on sts: %v", err)
	}
	fresh := sdkClients(srv.URL, "AKIDNEW")
	if _, err := fresh.asg.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{}); err != nil {
		t.Fatalf("new key: %v", err)
	}
	st := s.Stats()
	if st.Requests["autoscaling"]["DescribeAutoScalingGroups"] != 4 || st.Injected["outage"] != 1 || st.Injected["throttle"] != 4 || st.Injected["expired_token"] != 2 {
		t.Fatalf("stats: requests %v injected %v", st.Requests, st.Injected)
	}
	// error codes are counted once the answer is written: poll as a client would
	for i := 0; s.Stats().Errors["autoscaling"]["ExpiredToken"] != 1; i++ {
		if i > 100 {
			t.Fatalf("errors: %v", s.Stats().Errors)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if e := s.Stats().Errors; e["autoscaling"]["Throttling"] != 1 || e["ec2"]["RequestLimitExceeded"] != 1 || e["sts"]["ServiceUnavailable"] != 1 {
		t.Fatalf("errors: %v", e)
	}
	resp, err := http.Post(srv.URL+"/_sim/faults", "application/json", strings.NewReader(`{}`))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("clear faults: %v", err)
	}
	resp.Body.Close()
	if _, err := c.asg.DescribeAutoScalingGroups(bg, &autoscaling.DescribeAutoScalingGroupsInput{}); err != nil {
		t.Fatalf("after clearing: %v", err)
	}
}

// TestWireAWSCLI drives a representative set through the aws CLI (botocore:
// awsquery, ec2query and CloudWatch as JSON 1.0).
func TestWireAWSCLI(t *testing.T) {
	cli := "/root/.pyenv/shims/aws"
	if _, err := os.Stat(cli); err != nil {
		if cli, err = exec.LookPath("aws"); err != nil {
			t.Skip("aws CLI not installed")
		}
	}
	s, srv := served(t, Options{Seed: 1})
	env := []string{"AWS_ACCESS_KEY_ID=AKIDCLI", "AWS_SECRET_ACCESS_KEY=secret", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=", "AWS_MAX_ATTEMPTS=1"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	run := func(args ...string) (map[string]any, string, error) {
		cmd := exec.Command(cli, append([]string{"--endpoint-url", srv.URL, "--output", "json"}, args...)...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var m map[string]any
		if stdout.Len() > 0 {
			if jerr := json.Unmarshal(stdout.Bytes(), &m); jerr != nil {
				t.Fatalf("aws %v printed non-JSON: %s", args, stdout.String())
			}
		}
		return m, stderr.String(), err
	}
	m, stderr, err := run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", webGroup)
	if err != nil {
		t.Fatalf("describe-auto-scaling-groups: %v %s", err, stderr)
	}
	if gs := m["AutoScalingGroups"].([]any); len(gs) != 1 || gs[0].(map[string]any)["AutoScalingGroupName"] != webGroup {
		t.Fatalf("groups: %v", m)
	}
	if _, stderr, err = run("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", webGroup, "--desired-capacity", "45"); err == nil ||
		!strings.Contains(stderr, "ValidationError") || !strings.Contains(stderr, "New SetDesiredCapacity value 45 is above max value 40 for the AutoScalingGroup.") {
		t.Fatalf("set-desired-capacity above max: %v %s", err, stderr)
	}
	if _, stderr, err = run("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", webGroup, "--desired-capacity", "6"); err != nil {
		t.Fatalf("set-desired-capacity: %v %s", err, stderr)
	}
	m, stderr, err = run("elbv2", "describe-target-health", "--target-group-arn", s.groups[webGroup].tgARNs[0])
	if err != nil || len(m["TargetHealthDescriptions"].([]any)) == 0 {
		t.Fatalf("describe-target-health: %v %s", err, stderr)
	}
	now := s.Now()
	q := `[{"Id":"cpu","MetricStat":{"Metric":{"Namespace":"AWS/EC2","MetricName":"CPUUtilization","Dimensions":[{"Name":"AutoScalingGroupName","Value":"` + webGroup + `"}]},"Period":60,"Stat":"Average"}}]`
	m, stderr, err = run("cloudwatch", "get-metric-data", "--metric-data-queries", q,
		"--start-time", now.Add(-10*time.Minute).Format(time.RFC3339), "--end-time", now.Format(time.RFC3339))
	if err != nil || len(m["MetricDataResults"].([]any)[0].(map[string]any)["Values"].([]any)) != 10 {
		t.Fatalf("get-metric-data: %v %s %v", err, stderr, m)
	}
	m, stderr, err = run("ec2", "describe-instances", "--max-items", "3")
	if err != nil || len(m["Reservations"].([]any)) != 3 {
		t.Fatalf("describe-instances: %v %s", err, stderr)
	}
	m, stderr, err = run("sts", "get-caller-identity")
	if err != nil || !strings.Contains(m["Arn"].(string), "hoist-simulator") {
		t.Fatalf("get-caller-identity: %v %s", err, stderr)
	}
	sets := 0
	for _, mu := range s.Stats().Mutations {
		if mu.Operation == "SetDesiredCapacity" {
			sets++
		}
	}
	if sets != 1 {
		t.Fatalf("%d SetDesiredCapacity applied, want exactly 1", sets)
	}
}

// TestWireHostileFleet: the hostile data reaches a client intact enough to
// prove the console must sanitise it, and nothing on the wire breaks.
func TestWireHostileFleet(t *testing.T) {
	s, srv := served(t, Options{Seed: 1, Fleet: "hostile"})
	c := sdkClients(srv.URL, "AKIDTEST")
	p := autoscaling.NewDescribeAutoScalingGroupsPaginator(c.asg, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(100)})
	var names []string
	for p.HasMorePages() {
		out, err := p.NextPage(bg)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range out.AutoScalingGroups {
			names = append(names, *g.AutoScalingGroupName)
		}
	}
	if len(names) != len(s.groupNames) {
		t.Fatalf("%d groups over the wire, %d in the fleet", len(names), len(s.groupNames))
	}
	joined := strings.Join(names, "")
	if !strings.ContainsAny(joined, "\x1b\u009b\u202e") {
		t.Errorf("no control or bidi character survived the wire: %q", joined[:80])
	}
	al, err := c.cw.DescribeAlarms(bg, &cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(100)})
	if err != nil {
		t.Fatal(err)
	}
	if d := aws.ToString(al.MetricAlarms[0].AlarmDescription); !strings.Contains(d, "\x1b]52;c;") {
		t.Errorf("OSC 52 did not survive CBOR: %q", d)
	}
	var huge string // XML cannot carry C0 controls, so the name is looked up on our side
	for _, n := range s.groupNames {
		if strings.HasPrefix(n, "evil-5000-targets") {
			huge = n
		}
	}
	h, err := c.elb.DescribeTargetHealth(bg, &elb.DescribeTargetHealthInput{TargetGroupArn: aws.String(s.groups[huge].tgARNs[0])})
	if err != nil || len(h.TargetHealthDescriptions) != 5000 {
		t.Fatalf("5,000 targets: %v", err)
	}
}
