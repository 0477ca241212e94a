package wire

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmt "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	ast "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwt "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2t "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbt "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithy "github.com/aws/smithy-go"
)

// Fakes: one per service, answering canned SDK structs and keeping the last
// input of each operation for the tests to inspect.

var t0 = time.Date(2025, 3, 14, 15, 9, 26, 535_000_000, time.UTC)

type inputs struct {
	mu   sync.Mutex
	last map[string]any
}

func (r *inputs) keep(op string, in any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.last == nil {
		r.last = map[string]any{}
	}
	r.last[op] = in
}

func lastInput[T any](t *testing.T, r *inputs, op string) T {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.last[op].(T)
	if !ok {
		t.Fatalf("%s was not called", op)
	}
	return v
}

type fakeASG struct{ inputs }

func (f *fakeASG) DescribeAutoScalingGroups(_ context.Context, in *autoscaling.DescribeAutoScalingGroupsInput) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	f.keep("DescribeAutoScalingGroups", in)
	if in.NextToken == nil {
		return &autoscaling.DescribeAutoScalingGroupsOutput{AutoScalingGroups: []ast.AutoScalingGroup{asgFixture(1, 3)}, NextToken: aws.String("page-2")}, nil
	}
	return &autoscaling.DescribeAutoScalingGroupsOutput{AutoScalingGroups: []ast.AutoScalingGroup{asgFixture(2, 1)}}, nil
}

func asgFixture(n, instances int) ast.AutoScalingGroup {
	g := ast.AutoScalingGroup{
		AutoScalingGroupName: aws.String(fmt.Sprintf("web-%d", n)),
		AutoScalingGroupARN:  aws.String(fmt.Sprintf("arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:%d:autoScalingGroupName/web-%d", n, n)),
		AvailabilityZones:    []string{"us-east-1a", "us-east-1b"},
		CreatedTime:          aws.Time(t0),
		DefaultCooldown:      aws.Int32(300),
		DesiredCapacity:      aws.Int32(int32(instances)),
		MinSize:              aws.Int32(1),
		MaxSize:              aws.Int32(10),
		HealthCheckType:      aws.String("ELB"),
		CapacityRebalance:    aws.Bool(false),
		TargetGroupARNs:      []string{"arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/abc"},
		SuspendedProcesses: []ast.SuspendedProcess{
			{ProcessName: aws.String("AZRebalance"), SuspensionReason: aws.String("User suspended at 2025-03-14T15:09:26Z")},
		},
		Tags: []ast.TagDescription{
			{Key: aws.String("env"), Value: aws.String("prod & <live>"), PropagateAtLaunch: aws.Bool(true),
				ResourceId: aws.String("web"), ResourceType: aws.String("auto-scaling-group")},
		},
		EnabledMetrics:      []ast.EnabledMetric{{Metric: aws.String("GroupDesiredCapacity"), Granularity: aws.String("1Minute")}},
		TerminationPolicies: []string{"Default"},
	}
	for i := range instances {
		g.Instances = append(g.Instances, ast.Instance{
			InstanceId:           aws.String(fmt.Sprintf("i-%017x", n*1000+i)),
			AvailabilityZone:     aws.String("us-east-1a"),
			HealthStatus:         aws.String("Healthy"),
			LifecycleState:       ast.LifecycleStateInService,
			ProtectedFromScaleIn: aws.Bool(i == 0),
			InstanceType:         aws.String("m5.large"),
			LaunchTemplate:       &ast.LaunchTemplateSpecification{LaunchTemplateId: aws.String("lt-1"), Version: aws.String("$Latest")},
		})
	}
	return g
}

func (f *fakeASG) DescribePolicies(_ context.Context, in *autoscaling.DescribePoliciesInput) (*autoscaling.DescribePoliciesOutput, error) {
	f.keep("DescribePolicies", in)
	return policiesFixture(), nil
}

func policiesFixture() *autoscaling.DescribePoliciesOutput {
	return &autoscaling.DescribePoliciesOutput{ScalingPolicies: []ast.ScalingPolicy{
		{
			PolicyName: aws.String("cpu50"), PolicyType: aws.String("TargetTrackingScaling"),
			AutoScalingGroupName: aws.String("web-1"), Enabled: aws.Bool(true),
			EstimatedInstanceWarmup: aws.Int32(120),
			Alarms:                  []ast.Alarm{{AlarmName: aws.String("TargetTracking-web-1-AlarmHigh"), AlarmARN: aws.String("arn:aws:cloudwatch:us-east-1:000000000000:alarm:hi")}},
			TargetTrackingConfiguration: &ast.TargetTrackingConfiguration{
				TargetValue:    aws.Float64(50.5),
				DisableScaleIn: aws.Bool(false),
				PredefinedMetricSpecification: &ast.PredefinedMetricSpecification{
					PredefinedMetricType: ast.MetricTypeASGAverageCPUUtilization,
				},
			},
		},
		{
			PolicyName: aws.String("steps"), PolicyType: aws.String("StepScaling"),
			AdjustmentType: aws.String("ChangeInCapacity"), MetricAggregationType: aws.String("Average"),
			StepAdjustments: []ast.StepAdjustment{
				{MetricIntervalLowerBound: aws.Float64(0), MetricIntervalUpperBound: aws.Float64(10.25), ScalingAdjustment: aws.Int32(1)},
				{MetricIntervalLowerBound: aws.Float64(10.25), ScalingAdjustment: aws.Int32(-2)},
			},
		},
	}}
}

func (f *fakeASG) SetDesiredCapacity(_ context.Context, in *autoscaling.SetDesiredCapacityInput) (*autoscaling.SetDesiredCapacityOutput, error) {
	f.keep("SetDesiredCapacity", in)
	if aws.ToInt32(in.DesiredCapacity) > 10 {
		return nil, Errorf("ValidationError", "New SetDesiredCapacity value %d is above max value 10 for the AutoScalingGroup.", aws.ToInt32(in.DesiredCapacity))
	}
	return &autoscaling.SetDesiredCapacityOutput{}, nil
}

func (f *fakeASG) PutScalingPolicy(_ context.Context, in *autoscaling.PutScalingPolicyInput) (*autoscaling.PutScalingPolicyOutput, error) {
	f.keep("PutScalingPolicy", in)
	return &autoscaling.PutScalingPolicyOutput{PolicyARN: aws.String("arn:policy"), Alarms: []ast.Alarm{{AlarmName: aws.String("a")}}}, nil
}

func (f *fakeASG) DescribeLoadBalancerTargetGroups(_ context.Context, in *autoscaling.DescribeLoadBalancerTargetGroupsInput) (*autoscaling.DescribeLoadBalancerTargetGroupsOutput, error) {
	f.keep("DescribeLoadBalancerTargetGroups", in)
	return &autoscaling.DescribeLoadBalancerTargetGroupsOutput{LoadBalancerTargetGroups: []ast.LoadBalancerTargetGroupState{
		{LoadBalancerTargetGroupARN: aws.String("arn:tg"), State: aws.String("InService")},
	}}, nil
}

func (f *fakeASG) SuspendProcesses(_ context.Context, in *autoscaling.SuspendProcessesInput) (*autoscaling.SuspendProcessesOutput, error) {
	f.keep("SuspendProcesses", in)
	return nil, &throttled{}
}

// throttled is a modelled-looking error that is not a GenericAPIError.
type throttled struct{}

func (*throttled) Error() string                 { return "Throttling: Rate exceeded" }
func (*throttled) ErrorCode() string             { return "Throttling" }
func (*throttled) ErrorMessage() string          { return "Rate exceeded" }
func (*throttled) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// Helper is not a handler: NewServer ignores it.
func (f *fakeASG) Helper(x int) int { return x }

type fakeELB struct{ inputs }

func (f *fakeELB) DescribeTargetHealth(_ context.Context, in *elbv2.DescribeTargetHealthInput) (*elbv2.DescribeTargetHealthOutput, error) {
	f.keep("DescribeTargetHealth", in)
	if aws.ToString(in.TargetGroupArn) == "missing" {
		return nil, Errorf("TargetGroupNotFound", "Target groups 'missing' not found")
	}
	return targetHealthFixture(), nil
}

func targetHealthFixture() *elbv2.DescribeTargetHealthOutput {
	return &elbv2.DescribeTargetHealthOutput{TargetHealthDescriptions: []elbt.TargetHealthDescription{
		{
			Target:          &elbt.TargetDescription{Id: aws.String("i-0001"), Port: aws.Int32(8080), AvailabilityZone: aws.String("us-east-1a")},
			HealthCheckPort: aws.String("8080"),
			TargetHealth:    &elbt.TargetHealth{State: elbt.TargetHealthStateEnumHealthy},
		},
		{
			Target:          &elbt.TargetDescription{Id: aws.String("i-0002"), Port: aws.Int32(8080)},
			HealthCheckPort: aws.String("8080"),
			TargetHealth: &elbt.TargetHealth{State: elbt.TargetHealthStateEnumUnhealthy,
				Reason: elbt.TargetHealthReasonEnumResponseCodeMismatch, Description: aws.String("Health checks failed with these codes: [502]")},
		},
	}}
}

func (f *fakeELB) DescribeTargetGroups(_ context.Context, in *elbv2.DescribeTargetGroupsInput) (*elbv2.DescribeTargetGroupsOutput, error) {
	f.keep("DescribeTargetGroups", in)
	return nil, Errorf("ThrottlingException", "Rate exceeded")
}

func (f *fakeELB) DescribeLoadBalancers(context.Context, *elbv2.DescribeLoadBalancersInput) (*elbv2.DescribeLoadBalancersOutput, error) {
	panic("a handler with a bug")
}

type fakeCW struct{ inputs }

func (f *fakeCW) GetMetricData(_ context.Context, in *cloudwatch.GetMetricDataInput) (*cloudwatch.GetMetricDataOutput, error) {
	f.keep("GetMetricData", in)
	if in.NextToken != nil {
		return &cloudwatch.GetMetricDataOutput{MetricDataResults: []cwt.MetricDataResult{{Id: aws.String("last"), StatusCode: cwt.StatusCodeComplete, Values: []float64{1}, Timestamps: []time.Time{t0}}}}, nil
	}
	return metricDataFixture(len(in.MetricDataQueries), 5), nil
}

func metricDataFixture(results, points int) *cloudwatch.GetMetricDataOutput {
	out := &cloudwatch.GetMetricDataOutput{NextToken: aws.String("tok/1+=="),
		Messages: []cwt.MessageData{{Code: aws.String("Info"), Value: aws.String("partial")}}}
	for r := range results {
		res := cwt.MetricDataResult{Id: aws.String(fmt.Sprintf("m%d", r)), Label: aws.String("CPUUtilization"),
			StatusCode: cwt.StatusCodePartialData}
		for p := range points {
			res.Timestamps = append(res.Timestamps, t0.Add(-time.Duration(p)*time.Minute))
			res.Values = append(res.Values, float64(p)*1.5+0.001)
		}
		out.MetricDataResults = append(out.MetricDataResults, res)
	}
	return out
}

func (f *fakeCW) DescribeAlarms(_ context.Context, in *cloudwatch.DescribeAlarmsInput) (*cloudwatch.DescribeAlarmsOutput, error) {
	f.keep("DescribeAlarms", in)
	return alarmsFixture(), nil
}

func alarmsFixture() *cloudwatch.DescribeAlarmsOutput {
	return &cloudwatch.DescribeAlarmsOutput{
		MetricAlarms: []cwt.MetricAlarm{{
			AlarmName: aws.String("TargetTracking-web-1-AlarmHigh"), AlarmArn: aws.String("arn:aws:cloudwatch:us-east-1:000000000000:alarm:hi"),
			ActionsEnabled: aws.Bool(true), AlarmActions: []string{"arn:policy"},
			StateValue: cwt.StateValueAlarm, StateReason: aws.String("Threshold Crossed"),
			StateUpdatedTimestamp: aws.Time(t0), MetricName: aws.String("CPUUtilization"), Namespace: aws.String("AWS/EC2"),
			Statistic: cwt.StatisticAverage, Dimensions: []cwt.Dimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String("web-1")}},
			Period: aws.Int32(60), EvaluationPeriods: aws.Int32(3), DatapointsToAlarm: aws.Int32(3), Threshold: aws.Float64(50.5),
			ComparisonOperator: cwt.ComparisonOperatorGreaterThanThreshold, TreatMissingData: aws.String("missing"),
			Unit: cwt.StandardUnitPercent,
		}, {
			AlarmName:          aws.String("promql"),
			EvaluationCriteria: &cwt.EvaluationCriteriaMemberPromQLCriteria{Value: cwt.AlarmPromQLCriteria{Query: aws.String("up == 0"), PendingPeriod: aws.Int32(60)}},
		}},
		CompositeAlarms: []cwt.CompositeAlarm{{AlarmName: aws.String("composite"), AlarmRule: aws.String("ALARM(a) OR ALARM(b)"), StateValue: cwt.StateValueOk}},
	}
}

func (f *fakeCW) GetMetricStatistics(_ context.Context, in *cloudwatch.GetMetricStatisticsInput) (*cloudwatch.GetMetricStatisticsOutput, error) {
	f.keep("GetMetricStatistics", in)
	return &cloudwatch.GetMetricStatisticsOutput{Label: aws.String("Latency"), Datapoints: []cwt.Datapoint{
		{Timestamp: aws.Time(t0), Average: aws.Float64(0.25), SampleCount: aws.Float64(10), Unit: cwt.StandardUnitSeconds,
			ExtendedStatistics: map[string]float64{"p99": 1.5, "p50": 0.125}},
	}}, nil
}

func (f *fakeCW) PutMetricData(_ context.Context, in *cloudwatch.PutMetricDataInput) (*cloudwatch.PutMetricDataOutput, error) {
	f.keep("PutMetricData", in)
	return &cloudwatch.PutMetricDataOutput{}, nil
}

func (f *fakeCW) SetAlarmState(_ context.Context, in *cloudwatch.SetAlarmStateInput) (*cloudwatch.SetAlarmStateOutput, error) {
	f.keep("SetAlarmState", in)
	return nil, &cwt.ResourceNotFound{Message: aws.String("alarm " + aws.ToString(in.AlarmName) + " does not exist")}
}

type fakeEC2 struct{ inputs }

func (f *fakeEC2) DescribeInstances(_ context.Context, in *ec2.DescribeInstancesInput) (*ec2.DescribeInstancesOutput, error) {
	f.keep("DescribeInstances", in)
	if aws.ToInt32(in.MaxResults) == 1 {
		return nil, Errorf("RequestLimitExceeded", "Request limit exceeded.")
	}
	if in.NextToken != nil {
		return &ec2.DescribeInstancesOutput{}, nil
	}
	return instancesFixture(), nil
}

func instancesFixture() *ec2.DescribeInstancesOutput {
	return &ec2.DescribeInstancesOutput{NextToken: aws.String("next"), Reservations: []ec2t.Reservation{{
		ReservationId: aws.String("r-1"), OwnerId: aws.String("000000000000"),
		Groups: []ec2t.GroupIdentifier{{GroupId: aws.String("sg-1"), GroupName: aws.String("web")}},
		Instances: []ec2t.Instance{{
			InstanceId: aws.String("i-0001"), InstanceType: ec2t.InstanceTypeM5Large, ImageId: aws.String("ami-1"),
			LaunchTime: aws.Time(t0), PrivateIpAddress: aws.String("10.0.0.1"),
			State:        &ec2t.InstanceState{Code: aws.Int32(16), Name: ec2t.InstanceStateNameRunning},
			Placement:    &ec2t.Placement{AvailabilityZone: aws.String("us-east-1a"), Tenancy: ec2t.TenancyDefault},
			Tags:         []ec2t.Tag{{Key: aws.String("aws:autoscaling:groupName"), Value: aws.String("web-1")}},
			EbsOptimized: aws.Bool(true), AmiLaunchIndex: aws.Int32(0),
			BlockDeviceMappings: []ec2t.InstanceBlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"),
				Ebs: &ec2t.EbsInstanceBlockDevice{VolumeId: aws.String("vol-1"), AttachTime: aws.Time(t0), DeleteOnTermination: aws.Bool(true)}}},
		}},
	}}}
}

func (f *fakeEC2) DescribeInstanceTypes(_ context.Context, in *ec2.DescribeInstanceTypesInput) (*ec2.DescribeInstanceTypesOutput, error) {
	f.keep("DescribeInstanceTypes", in)
	return &ec2.DescribeInstanceTypesOutput{InstanceTypes: []ec2t.InstanceTypeInfo{{
		InstanceType: ec2t.InstanceTypeM5Large, CurrentGeneration: aws.Bool(true),
		VCpuInfo:      &ec2t.VCpuInfo{DefaultVCpus: aws.Int32(2), ValidCores: []int32{1, 2}},
		MemoryInfo:    &ec2t.MemoryInfo{SizeInMiB: aws.Int64(8192)},
		ProcessorInfo: &ec2t.ProcessorInfo{SupportedArchitectures: []ec2t.ArchitectureType{ec2t.ArchitectureTypeX8664}, SustainedClockSpeedInGhz: aws.Float64(3.1)},
	}}}, nil
}

func (f *fakeEC2) DescribeSpotPriceHistory(_ context.Context, in *ec2.DescribeSpotPriceHistoryInput) (*ec2.DescribeSpotPriceHistoryOutput, error) {
	f.keep("DescribeSpotPriceHistory", in)
	return &ec2.DescribeSpotPriceHistoryOutput{SpotPriceHistory: []ec2t.SpotPrice{{
		AvailabilityZone: aws.String("us-east-1a"), InstanceType: ec2t.InstanceTypeM5Large,
		ProductDescription: ec2t.RIProductDescription("Linux/UNIX"), SpotPrice: aws.String("0.038500"), Timestamp: aws.Time(t0),
	}}}, nil
}

func (f *fakeEC2) DescribeAvailabilityZones(_ context.Context, in *ec2.DescribeAvailabilityZonesInput) (*ec2.DescribeAvailabilityZonesOutput, error) {
	f.keep("DescribeAvailabilityZones", in)
	return &ec2.DescribeAvailabilityZonesOutput{AvailabilityZones: []ec2t.AvailabilityZone{
		{ZoneName: aws.String("us-east-1a"), ZoneId: aws.String("use1-az1"), State: ec2t.AvailabilityZoneStateAvailable, RegionName: aws.String("us-east-1")},
	}}, nil
}

type fakeSTS struct{}

func (fakeSTS) GetCallerIdentity(ctx context.Context, _ *sts.GetCallerIdentityInput) (*sts.GetCallerIdentityOutput, error) {
	c, _ := CallFromContext(ctx)
	return &sts.GetCallerIdentityOutput{
		Account: aws.String("000000000000"),
		Arn:     aws.String("arn:aws:sts::000000000000:assumed-role/hoist-simulator/oncall"),
		UserId:  aws.String("AROAHOISTSIMULATOR:" + c.AccessKeyID),
	}, nil
}

type fakeACM struct{ inputs }

const certARN = "arn:aws:acm:us-east-1:000000000000:certificate/0b8b2a41-1111-4c1e-a6e1-6e0d7c8d3f10"

func (f *fakeACM) ListCertificates(_ context.Context, in *acm.ListCertificatesInput) (*acm.ListCertificatesOutput, error) {
	f.keep("ListCertificates", in)
	if in.NextToken == nil {
		return &acm.ListCertificatesOutput{CertificateSummaryList: []acmt.CertificateSummary{certSummaryFixture()}, NextToken: aws.String("AAAA/page+2==")}, nil
	}
	return &acm.ListCertificatesOutput{CertificateSummaryList: []acmt.CertificateSummary{{CertificateArn: aws.String(certARN + "-2"), DomainName: aws.String("b.example")}}}, nil
}

func certSummaryFixture() acmt.CertificateSummary {
	return acmt.CertificateSummary{
		CertificateArn: aws.String(certARN), DomainName: aws.String("www.solemate.example"),
		SubjectAlternativeNameSummaries: []string{"www.solemate.example", "solemate.example"},
		Status:                          acmt.CertificateStatusIssued, Type: acmt.CertificateTypeAmazonIssued,
		KeyAlgorithm: acmt.KeyAlgorithmRsa2048, InUse: aws.Bool(true), NotAfter: aws.Time(t0.Add(72 * time.Hour)), NotBefore: aws.Time(t0.Add(-24 * time.Hour)),
		KeyUsages: []acmt.KeyUsageName{acmt.KeyUsageNameDigitalSignature}, RenewalEligibility: acmt.RenewalEligibilityEligible,
	}
}

func (f *fakeACM) DescribeCertificate(_ context.Context, in *acm.DescribeCertificateInput) (*acm.DescribeCertificateOutput, error) {
	f.keep("DescribeCertificate", in)
	if aws.ToString(in.CertificateArn) != certARN {
		return nil, &acmt.ResourceNotFoundException{Message: aws.String("Could not find certificate " + aws.ToString(in.CertificateArn) + ".")}
	}
	return certDetailFixture(), nil
}

func certDetailFixture() *acm.DescribeCertificateOutput {
	return &acm.DescribeCertificateOutput{Certificate: &acmt.CertificateDetail{
		CertificateArn: aws.String(certARN), DomainName: aws.String("www.solemate.example"),
		SubjectAlternativeNames: []string{"www.solemate.example", "solemate.example"},
		Status:                  acmt.CertificateStatusIssued, Type: acmt.CertificateTypeAmazonIssued, KeyAlgorithm: acmt.KeyAlgorithmRsa2048,
		NotAfter: aws.Time(t0.Add(72 * time.Hour)), NotBefore: aws.Time(t0.Add(-24 * time.Hour)), IssuedAt: aws.Time(t0.Add(-24 * time.Hour)),
		InUseBy: []string{"arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/abc"},
		Issuer:  aws.String("Amazon"), Serial: aws.String("0a:1b"), Subject: aws.String("CN=www.solemate.example"),
		DomainValidationOptions: []acmt.DomainValidation{{DomainName: aws.String("www.solemate.example"), ValidationStatus: acmt.DomainStatusSuccess,
			ValidationMethod: acmt.ValidationMethodDns, ResourceRecord: &acmt.ResourceRecord{Name: aws.String("_x.www.solemate.example."), Type: acmt.RecordTypeCname, Value: aws.String("_y.acm-validations.aws.")}}},
		RenewalSummary: &acmt.RenewalSummary{RenewalStatus: acmt.RenewalStatusPendingAutoRenewal, UpdatedAt: aws.Time(t0)},
		Options:        &acmt.CertificateOptions{Export: acmt.CertificateExportDisabled},
	}}
}

// fakes is one of each, served together.
type fakes struct {
	asg *fakeASG
	elb *fakeELB
	cw  *fakeCW
	ec2 *fakeEC2
	acm *fakeACM
}

func services(f *fakes) []Service {
	return []Service{
		{Name: "autoscaling", Client: (*autoscaling.Client)(nil), Impl: f.asg},
		{Name: "elasticloadbalancing", Client: (*elbv2.Client)(nil), Impl: f.elb},
		{Name: "monitoring", Client: (*cloudwatch.Client)(nil), Impl: f.cw},
		{Name: "ec2", Client: (*ec2.Client)(nil), Impl: f.ec2},
		{Name: "sts", Client: (*sts.Client)(nil), Impl: fakeSTS{}},
		{Name: "acm", Client: (*acm.Client)(nil), Impl: f.acm},
	}
}

// serve starts a server over fresh fakes.
func serve(t testing.TB, hooks Hooks) (*fakes, string) {
	t.Helper()
	f := &fakes{asg: &fakeASG{}, elb: &fakeELB{}, cw: &fakeCW{}, ec2: &fakeEC2{}, acm: &fakeACM{}}
	h, err := NewServer(hooks, services(f)...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return f, srv.URL
}
