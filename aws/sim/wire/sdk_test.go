package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmt "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	ast "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwt "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2t "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbt "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"

	"github.com/solemate/hoist/aws/internal/reqbody"
)

func TestMain(m *testing.M) {
	// The CBOR client reads timestamps in the local zone; compare in UTC.
	time.Local = time.UTC
	os.Exit(m.Run())
}

var ctx = context.Background()

// calls records what Hooks.Observe saw.
type calls struct {
	mu   sync.Mutex
	seen []Call
	errs []error
}

func (c *calls) observe(call Call, err error, _ time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen = append(c.seen, call)
	c.errs = append(c.errs, err)
}

func (c *calls) count(op string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.seen {
		if s.Operation == op {
			n++
		}
	}
	return n
}

func (c *calls) last() Call {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen[len(c.seen)-1]
}

// sdk serves fresh fakes and returns a config for SDK clients pointed at
// them, with a retryer that does not sleep.
func sdk(t *testing.T) (*fakes, aws.Config, *calls) {
	t.Helper()
	c := &calls{}
	f, url := serve(t, Hooks{Observe: c.observe})
	return f, aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDHOIST", "secret", ""),
		BaseEndpoint: aws.String(url),
		HTTPClient:   reqbody.Client(nil), // as hoist's adapter does: see its doc
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		},
	}, c
}

func sameJSON(t *testing.T, what string, want, got any) {
	t.Helper()
	w, _ := json.MarshalIndent(want, "", " ")
	g, _ := json.MarshalIndent(got, "", " ")
	if !bytes.Equal(w, g) {
		t.Errorf("%s differs:\nwant %s\ngot  %s", what, w, g)
	}
}

// ok(c.Op(ctx, in))(t) is the output, or the test stops on the error.
func ok[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// wantAPIError checks an SDK error's code, message and HTTP status.
func wantAPIError(t *testing.T, err error, code, message string, status int) {
	t.Helper()
	var api smithy.APIError
	if !errors.As(err, &api) {
		t.Fatalf("want API error %s, got %v", code, err)
	}
	if api.ErrorCode() != code || (message != "" && api.ErrorMessage() != message) {
		t.Errorf("got %s %q, want %s %q", api.ErrorCode(), api.ErrorMessage(), code, message)
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("no HTTP response in %v", err)
	}
	if re.HTTPStatusCode() != status {
		t.Errorf("%s: HTTP status %d, want %d", code, re.HTTPStatusCode(), status)
	}
	if re.ServiceRequestID() == "" {
		t.Errorf("%s: no request id", code)
	}
}

func requestID(t *testing.T, md middleware.Metadata) string {
	t.Helper()
	id, ok := awsmiddleware.GetRequestIDMetadata(md)
	if !ok || id == "" {
		t.Error("no request id in the response metadata")
	}
	return id
}

func TestAutoScalingThroughSDK(t *testing.T) {
	f, cfg, seen := sdk(t)
	c := autoscaling.NewFromConfig(cfg)

	in := &autoscaling.DescribeAutoScalingGroupsInput{
		AutoScalingGroupNames: []string{"web-1", "web 2&3"},
		Filters:               []ast.Filter{{Name: aws.String("tag:env"), Values: []string{"prod", "x=y"}}},
		MaxRecords:            aws.Int32(50),
		IncludeInstances:      aws.Bool(true),
	}
	var pages []*autoscaling.DescribeAutoScalingGroupsOutput
	for p := autoscaling.NewDescribeAutoScalingGroupsPaginator(c, in); p.HasMorePages(); {
		pages = append(pages, ok(p.NextPage(ctx))(t))
	}
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2 (NextToken lost?)", len(pages))
	}
	want := &autoscaling.DescribeAutoScalingGroupsOutput{AutoScalingGroups: []ast.AutoScalingGroup{asgFixture(1, 3)}, NextToken: aws.String("page-2")}
	sameJSON(t, "DescribeAutoScalingGroups page 1", want, pages[0])
	got := lastInput[*autoscaling.DescribeAutoScalingGroupsInput](t, &f.asg.inputs, "DescribeAutoScalingGroups")
	in.NextToken = aws.String("page-2")
	sameJSON(t, "DescribeAutoScalingGroups input", in, got)
	if id := requestID(t, pages[1].ResultMetadata); id != seen.last().RequestID {
		t.Errorf("request id %q, hooks saw %q", id, seen.last().RequestID)
	}
	if c := seen.last(); c.Service != "autoscaling" || c.Protocol != protoAWSQuery || c.AccessKeyID != "AKIDHOIST" {
		t.Errorf("call %+v", c)
	}

	_ = ok(c.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{}}))(t)
	got = lastInput[*autoscaling.DescribeAutoScalingGroupsInput](t, &f.asg.inputs, "DescribeAutoScalingGroups")
	if got.AutoScalingGroupNames == nil || len(got.AutoScalingGroupNames) != 0 || got.MaxRecords != nil {
		t.Errorf("empty list: got %#v, MaxRecords %v", got.AutoScalingGroupNames, got.MaxRecords)
	}

	pol := ok(c.DescribePolicies(ctx, &autoscaling.DescribePoliciesInput{AutoScalingGroupName: aws.String("web-1"), PolicyTypes: []string{"TargetTrackingScaling", "StepScaling"}}))(t)
	sameJSON(t, "DescribePolicies", policiesFixture(), pol)
}

func TestAutoScalingInputsThroughSDK(t *testing.T) {
	f, cfg, _ := sdk(t)
	c := autoscaling.NewFromConfig(cfg)

	_ = ok(c.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: aws.String("web-1"), DesiredCapacity: aws.Int32(5), HonorCooldown: aws.Bool(true)}))(t)
	sd := lastInput[*autoscaling.SetDesiredCapacityInput](t, &f.asg.inputs, "SetDesiredCapacity")
	if aws.ToString(sd.AutoScalingGroupName) != "web-1" || aws.ToInt32(sd.DesiredCapacity) != 5 || !aws.ToBool(sd.HonorCooldown) {
		t.Errorf("SetDesiredCapacity input %+v", sd)
	}

	put := &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: aws.String("web-1"), PolicyName: aws.String("custom"), PolicyType: aws.String("TargetTrackingScaling"),
		TargetTrackingConfiguration: &ast.TargetTrackingConfiguration{
			TargetValue: aws.Float64(0.75),
			CustomizedMetricSpecification: &ast.CustomizedMetricSpecification{
				MetricName: aws.String("RequestCountPerTarget"), Namespace: aws.String("AWS/ApplicationELB"), Statistic: ast.MetricStatisticSum,
				Dimensions: []ast.MetricDimension{{Name: aws.String("TargetGroup"), Value: aws.String("targetgroup/web/abc")}},
			},
		},
		StepAdjustments: []ast.StepAdjustment{{MetricIntervalLowerBound: aws.Float64(-1.5), ScalingAdjustment: aws.Int32(-1)}},
	}
	out := ok(c.PutScalingPolicy(ctx, put))(t)
	if aws.ToString(out.PolicyARN) != "arn:policy" || len(out.Alarms) != 1 {
		t.Errorf("PutScalingPolicy output %+v", out)
	}
	sameJSON(t, "PutScalingPolicy input", put, lastInput[*autoscaling.PutScalingPolicyInput](t, &f.asg.inputs, "PutScalingPolicy"))

	// An input without a Deserialize method goes through reflection.
	lb := &autoscaling.DescribeLoadBalancerTargetGroupsInput{AutoScalingGroupName: aws.String("web-1"), MaxRecords: aws.Int32(7), NextToken: aws.String("t")}
	lbOut := ok(c.DescribeLoadBalancerTargetGroups(ctx, lb))(t)
	if len(lbOut.LoadBalancerTargetGroups) != 1 || aws.ToString(lbOut.LoadBalancerTargetGroups[0].State) != "InService" {
		t.Errorf("DescribeLoadBalancerTargetGroups output %+v", lbOut)
	}
	sameJSON(t, "DescribeLoadBalancerTargetGroups input", lb, lastInput[*autoscaling.DescribeLoadBalancerTargetGroupsInput](t, &f.asg.inputs, "DescribeLoadBalancerTargetGroups"))
}

func TestAutoScalingErrorsThroughSDK(t *testing.T) {
	_, cfg, seen := sdk(t)
	c := autoscaling.NewFromConfig(cfg)

	_, err := c.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: aws.String("web-1"), DesiredCapacity: aws.Int32(11)})
	wantAPIError(t, err, "ValidationError", "New SetDesiredCapacity value 11 is above max value 10 for the AutoScalingGroup.", 400)

	_, err = c.SuspendProcesses(ctx, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: aws.String("web-1")})
	wantAPIError(t, err, "Throttling", "Rate exceeded", 400)
	if !retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err).Bool() {
		t.Errorf("the SDK does not see %v as throttling", err)
	}
	if n := seen.count("SuspendProcesses"); n != 3 {
		t.Errorf("SuspendProcesses called %d times, want 3 (the SDK retries throttling)", n)
	}
}

func TestELBv2ThroughSDK(t *testing.T) {
	f, cfg, seen := sdk(t)
	c := elbv2.NewFromConfig(cfg)

	in := &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String("arn:tg"),
		Targets: []elbt.TargetDescription{{Id: aws.String("i-0001"), Port: aws.Int32(8080)}, {Id: aws.String("i-0002")}}}
	out := ok(c.DescribeTargetHealth(ctx, in))(t)
	sameJSON(t, "DescribeTargetHealth", targetHealthFixture(), out)
	sameJSON(t, "DescribeTargetHealth input", in, lastInput[*elbv2.DescribeTargetHealthInput](t, &f.elb.inputs, "DescribeTargetHealth"))
	requestID(t, out.ResultMetadata)

	_, err := c.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String("missing")})
	wantAPIError(t, err, "TargetGroupNotFound", "Target groups 'missing' not found", 400)
	if !errors.As(err, new(*elbt.TargetGroupNotFoundException)) {
		t.Errorf("want the typed TargetGroupNotFoundException, got %T", errors.Unwrap(err))
	}

	_, err = c.DescribeTargetGroups(ctx, &elbv2.DescribeTargetGroupsInput{})
	wantAPIError(t, err, "ThrottlingException", "Rate exceeded", 400)
	if n := seen.count("DescribeTargetGroups"); n != 3 {
		t.Errorf("DescribeTargetGroups called %d times, want 3", n)
	}
}

// ACM speaks awsJson 1.1: the SDK's paginator, a filter struct, epoch
// timestamps, and a modelled error whose __type carries no namespace.
func TestACMThroughSDK(t *testing.T) {
	f, cfg, seen := sdk(t)
	c := acm.NewFromConfig(cfg)

	in := &acm.ListCertificatesInput{CertificateStatuses: []acmt.CertificateStatus{acmt.CertificateStatusIssued, acmt.CertificateStatusExpired},
		Includes: &acmt.Filters{KeyTypes: []acmt.KeyAlgorithm{acmt.KeyAlgorithmRsa2048, acmt.KeyAlgorithmEcPrime256v1}},
		MaxItems: aws.Int32(1), SortBy: acmt.SortByCreatedAt, SortOrder: acmt.SortOrderDescending}
	var all []acmt.CertificateSummary
	p := acm.NewListCertificatesPaginator(c, in)
	for p.HasMorePages() {
		out := ok(p.NextPage(ctx))(t)
		all = append(all, out.CertificateSummaryList...)
	}
	if len(all) != 2 || aws.ToString(all[1].DomainName) != "b.example" {
		t.Fatalf("paged %+v", all)
	}
	sameJSON(t, "ListCertificates", certSummaryFixture(), all[0])
	got := lastInput[*acm.ListCertificatesInput](t, &f.acm.inputs, "ListCertificates")
	if aws.ToString(got.NextToken) != "AAAA/page+2==" {
		t.Errorf("NextToken arrived as %v", got.NextToken)
	}
	got.NextToken = nil
	sameJSON(t, "ListCertificates input", in, got)
	if call := seen.last(); call.Protocol != protoJSON11 || call.Service != "acm" {
		t.Errorf("served as %+v", call)
	}

	d := ok(c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(certARN)}))(t)
	sameJSON(t, "DescribeCertificate", certDetailFixture(), d)
	requestID(t, d.ResultMetadata)

	missing := certARN[:len(certARN)-1] + "9"
	_, err := c.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(missing)})
	wantAPIError(t, err, "ResourceNotFoundException", "Could not find certificate "+missing+".", 400)
	if !errors.As(err, new(*acmt.ResourceNotFoundException)) {
		t.Errorf("want the typed ResourceNotFoundException, got %T", errors.Unwrap(err))
	}
}

// cloudWatchProtocols are the three ways a Go client can speak to CloudWatch.
var cloudWatchProtocols = []struct {
	name string
	opt  func(*cloudwatch.Options)
}{
	{protoCBOR, func(*cloudwatch.Options) {}},
	{protoJSON, func(o *cloudwatch.Options) { o.Protocol = awsjson.New10(cwschemas.GraniteServiceVersion20100801) }},
	{protoQuery, func(o *cloudwatch.Options) { o.Protocol = awsquery.New(cwschemas.GraniteServiceVersion20100801) }},
}

func TestCloudWatchThroughSDK(t *testing.T) {
	for _, p := range cloudWatchProtocols {
		t.Run(p.name, func(t *testing.T) {
			f, cfg, seen := sdk(t)
			c := cloudwatch.NewFromConfig(cfg, p.opt)
			testGetMetricData(t, c, f)
			if got := seen.last().Protocol; got != p.name {
				t.Fatalf("served as %s, want %s", got, p.name)
			}
			testCloudWatchShapes(t, c, f)
			_, err := c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("nope"), StateValue: cwt.StateValueOk, StateReason: aws.String("test")})
			wantAPIError(t, err, "ResourceNotFound", "alarm nope does not exist", 404)
			if !errors.As(err, new(*cwt.ResourceNotFound)) {
				t.Errorf("want the typed ResourceNotFound, got %T", err)
			}
		})
	}
}

func testGetMetricData(t *testing.T, c *cloudwatch.Client, f *fakes) {
	in := &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(t0.Add(-time.Hour)), EndTime: aws.Time(t0),
		ScanBy: cwt.ScanByTimestampDescending, MaxDatapoints: aws.Int32(1000),
		MetricDataQueries: []cwt.MetricDataQuery{
			{Id: aws.String("m0"), ReturnData: aws.Bool(false), MetricStat: &cwt.MetricStat{
				Period: aws.Int32(60), Stat: aws.String("Average"), Unit: cwt.StandardUnitPercent,
				Metric: &cwt.Metric{Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"),
					Dimensions: []cwt.Dimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String("web-1")}}},
			}},
			{Id: aws.String("m1"), Expression: aws.String("m0 * 2"), Label: aws.String("double")},
		},
	}
	out := ok(c.GetMetricData(ctx, in))(t)
	sameJSON(t, "GetMetricData", metricDataFixture(2, 5), out)
	sameJSON(t, "GetMetricData input", in, lastInput[*cloudwatch.GetMetricDataInput](t, &f.cw.inputs, "GetMetricData"))
	requestID(t, out.ResultMetadata)

	in.NextToken = out.NextToken
	next := ok(c.GetMetricData(ctx, in))(t)
	if got := lastInput[*cloudwatch.GetMetricDataInput](t, &f.cw.inputs, "GetMetricData"); aws.ToString(got.NextToken) != "tok/1+==" {
		t.Errorf("NextToken arrived as %v", got.NextToken)
	}
	if len(next.MetricDataResults) != 1 || next.NextToken != nil {
		t.Errorf("second page %+v", next)
	}
}

func testCloudWatchShapes(t *testing.T, c *cloudwatch.Client, f *fakes) {
	al := ok(c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"a", "b"}, StateValue: cwt.StateValueAlarm, MaxRecords: aws.Int32(100)}))(t)
	sameJSON(t, "DescribeAlarms", alarmsFixture(), al)
	alIn := lastInput[*cloudwatch.DescribeAlarmsInput](t, &f.cw.inputs, "DescribeAlarms")
	if len(alIn.AlarmNames) != 2 || alIn.StateValue != cwt.StateValueAlarm || aws.ToInt32(alIn.MaxRecords) != 100 {
		t.Errorf("DescribeAlarms input %+v", alIn)
	}

	st := ok(c.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("AWS/ApplicationELB"), MetricName: aws.String("TargetResponseTime"),
		StartTime: aws.Time(t0), EndTime: aws.Time(t0), Period: aws.Int32(60), ExtendedStatistics: []string{"p99", "p50"}}))(t)
	if dp := st.Datapoints; len(dp) != 1 || dp[0].ExtendedStatistics["p99"] != 1.5 || dp[0].ExtendedStatistics["p50"] != 0.125 || !dp[0].Timestamp.Equal(t0) {
		t.Errorf("GetMetricStatistics %+v", st.Datapoints)
	}

	put := &cloudwatch.PutMetricDataInput{Namespace: aws.String("CWAgent"), StrictEntityValidation: aws.Bool(true),
		EntityMetricData: []cwt.EntityMetricData{{
			Entity: &cwt.Entity{KeyAttributes: map[string]string{"Type": "Service", "Name": "web"}},
			MetricData: []cwt.MetricDatum{{MetricName: aws.String("mem_used_percent"), Timestamp: aws.Time(t0),
				Values: []float64{1.5, -2, 1e-7}, Counts: []float64{}, StorageResolution: aws.Int32(1), Unit: cwt.StandardUnitPercent,
				StatisticValues: &cwt.StatisticSet{Maximum: aws.Float64(9), Minimum: aws.Float64(0), SampleCount: aws.Float64(3), Sum: aws.Float64(12)}}},
		}}}
	_ = ok(c.PutMetricData(ctx, put))(t)
	sameJSON(t, "PutMetricData input", put, lastInput[*cloudwatch.PutMetricDataInput](t, &f.cw.inputs, "PutMetricData"))
}

func TestEC2ThroughSDK(t *testing.T) {
	f, cfg, seen := sdk(t)
	c := ec2.NewFromConfig(cfg)

	in := &ec2.DescribeInstancesInput{InstanceIds: []string{"i-0001", "i-0002"},
		Filters: []ec2t.Filter{{Name: aws.String("tag:aws:autoscaling:groupName"), Values: []string{"web-1", "web-2"}}}}
	out := ok(c.DescribeInstances(ctx, in))(t)
	sameJSON(t, "DescribeInstances", instancesFixture(), out)
	sameJSON(t, "DescribeInstances input", in, lastInput[*ec2.DescribeInstancesInput](t, &f.ec2.inputs, "DescribeInstances"))
	if requestID(t, out.ResultMetadata) == "" || seen.last().Protocol != protoEC2Query {
		t.Errorf("call %+v", seen.last())
	}

	types := ok(c.DescribeInstanceTypes(ctx, &ec2.DescribeInstanceTypesInput{InstanceTypes: []ec2t.InstanceType{ec2t.InstanceTypeM5Large}}))(t)
	want, _ := f.ec2.DescribeInstanceTypes(ctx, &ec2.DescribeInstanceTypesInput{})
	sameJSON(t, "DescribeInstanceTypes", want, types)

	spotIn := &ec2.DescribeSpotPriceHistoryInput{StartTime: aws.Time(t0), InstanceTypes: []ec2t.InstanceType{"m5.large", "c5.large"}, ProductDescriptions: []string{"Linux/UNIX"}}
	spot := ok(c.DescribeSpotPriceHistory(ctx, spotIn))(t)
	if len(spot.SpotPriceHistory) != 1 || aws.ToString(spot.SpotPriceHistory[0].SpotPrice) != "0.038500" || !spot.SpotPriceHistory[0].Timestamp.Equal(t0) {
		t.Errorf("DescribeSpotPriceHistory %+v", spot.SpotPriceHistory)
	}
	sameJSON(t, "DescribeSpotPriceHistory input", spotIn, lastInput[*ec2.DescribeSpotPriceHistoryInput](t, &f.ec2.inputs, "DescribeSpotPriceHistory"))

	azs := ok(c.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{}))(t)
	if len(azs.AvailabilityZones) != 1 || azs.AvailabilityZones[0].State != ec2t.AvailabilityZoneStateAvailable {
		t.Errorf("DescribeAvailabilityZones %+v", azs.AvailabilityZones)
	}

	_, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(1)})
	wantAPIError(t, err, "RequestLimitExceeded", "Request limit exceeded.", 503)
	if n := seen.count("DescribeInstances"); n != 1+3 {
		t.Errorf("DescribeInstances called %d times, want 4 (1 + 3 attempts)", n)
	}
}

func TestSTSThroughSDK(t *testing.T) {
	_, cfg, _ := sdk(t)
	out := ok(sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))(t)
	if aws.ToString(out.Account) != "000000000000" || aws.ToString(out.UserId) != "AROAHOISTSIMULATOR:AKIDHOIST" ||
		aws.ToString(out.Arn) != "arn:aws:sts::000000000000:assumed-role/hoist-simulator/oncall" {
		t.Errorf("GetCallerIdentity %+v", out)
	}
	requestID(t, out.ResultMetadata)
}
