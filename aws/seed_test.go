package aws

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
	"golang.org/x/sync/errgroup"

	"github.com/solemate/hoist/aws/internal/reqbody"
)

// rawClients talk to moto directly (not through the proxy) to seed it and
// to read back what an action did, independently of the adapter.
type rawClients struct {
	asg *autoscaling.Client
	elb *elb.Client
	cw  *cloudwatch.Client
	ec2 *ec2.Client
	acm *acm.Client
	iam *iam.Client
}

func newRaw(t testing.TB) rawClients {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseEndpoint = sdk.String(motoURL)
	cfg.HTTPClient = reqbody.Client(cfg.HTTPClient)
	return rawClients{
		asg: autoscaling.NewFromConfig(cfg),
		elb: elb.NewFromConfig(cfg),
		ec2: ec2.NewFromConfig(cfg),
		acm: acm.NewFromConfig(cfg),
		iam: iam.NewFromConfig(cfg),
		cw: cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) {
			o.Protocol = awsjson.New10(cwschemas.GraniteServiceVersion20100801)
		}),
	}
}

type fleet struct {
	Groups   []string
	TGs      []string // target group ARNs, one per service
	LB       string
	LT       string
	Alarms   int
	Policies []string // policy ARNs
	Seeded   time.Duration
}

var tiers = []string{"web", "app", "data"}

const services = 10

func groupName(i int) string {
	return fmt.Sprintf("%s-svc%02d-g%04d", tiers[i%3], i%services, i)
}

// seedFleet creates n groups across 3 tiers and 10 services behind one
// ALB with a target group per service, one CPU alarm per group and a
// scale-out policy (with its alarm) on every tenth group. Desired
// capacities stay small so moto launches few instances. Creates run in
// parallel.
func seedFleet(t testing.TB, n int) fleet {
	t.Helper()
	start := time.Now()
	ctx := context.Background()
	r := newRaw(t)
	f := fleet{}

	imgs, err := r.ec2.DescribeImages(ctx, &ec2.DescribeImagesInput{})
	if err != nil || len(imgs.Images) == 0 {
		t.Fatalf("DescribeImages: %v (%d images)", err, len(imgs.Images))
	}
	ami := sdk.ToString(imgs.Images[0].ImageId)
	vpcs, err := r.ec2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil || len(vpcs.Vpcs) == 0 {
		t.Fatalf("DescribeVpcs: %v", err)
	}
	vpc := sdk.ToString(vpcs.Vpcs[0].VpcId)
	subs, err := r.ec2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{{Name: sdk.String("vpc-id"), Values: []string{vpc}}}})
	if err != nil || len(subs.Subnets) < 2 {
		t.Fatalf("DescribeSubnets: %v", err)
	}
	lt, err := r.ec2.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{
		LaunchTemplateName: sdk.String("hoist-lt"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: sdk.String(ami), InstanceType: ec2types.InstanceTypeT3Micro},
	})
	if err != nil {
		t.Fatalf("CreateLaunchTemplate: %v", err)
	}
	f.LT = sdk.ToString(lt.LaunchTemplate.LaunchTemplateId)
	lb, err := r.elb.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{
		Name:    sdk.String("hoist-alb"),
		Subnets: []string{sdk.ToString(subs.Subnets[0].SubnetId), sdk.ToString(subs.Subnets[1].SubnetId)},
	})
	if err != nil {
		t.Fatalf("CreateLoadBalancer: %v", err)
	}
	f.LB = sdk.ToString(lb.LoadBalancers[0].LoadBalancerArn)
	for i := 0; i < services; i++ {
		tg, err := r.elb.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{
			Name: sdk.String(fmt.Sprintf("tg-svc%02d", i)), Protocol: elbtypes.ProtocolEnumHttp,
			Port: sdk.Int32(80), VpcId: sdk.String(vpc), HealthCheckPath: sdk.String("/health"),
		})
		if err != nil {
			t.Fatalf("CreateTargetGroup: %v", err)
		}
		arn := sdk.ToString(tg.TargetGroups[0].TargetGroupArn)
		f.TGs = append(f.TGs, arn)
		if _, err := r.elb.CreateListener(ctx, &elb.CreateListenerInput{
			LoadBalancerArn: sdk.String(f.LB), Port: sdk.Int32(int32(8000 + i)), Protocol: elbtypes.ProtocolEnumHttp,
			DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: sdk.String(arn)}},
		}); err != nil {
			t.Fatalf("CreateListener: %v", err)
		}
	}

	f.Groups = make([]string, n)
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(16)
	for i := 0; i < n; i++ {
		name := groupName(i)
		f.Groups[i] = name
		g.Go(func() error {
			desired := int32(0)
			if i%50 == 0 {
				desired = 1
			}
			in := &autoscaling.CreateAutoScalingGroupInput{
				AutoScalingGroupName: sdk.String(name),
				MinSize:              sdk.Int32(0), MaxSize: sdk.Int32(10), DesiredCapacity: sdk.Int32(desired),
				AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
				TargetGroupARNs:   []string{f.TGs[i%services]},
				Tags: []astypes.Tag{
					{Key: sdk.String("Tier"), Value: sdk.String(tiers[i%3]), PropagateAtLaunch: sdk.Bool(true)},
					{Key: sdk.String("Service"), Value: sdk.String(fmt.Sprintf("svc%02d", i%services)), PropagateAtLaunch: sdk.Bool(true)},
					{Key: sdk.String("Env"), Value: sdk.String("prod"), PropagateAtLaunch: sdk.Bool(true)},
				},
			}
			if i == 1 {
				in.MixedInstancesPolicy = &astypes.MixedInstancesPolicy{
					LaunchTemplate: &astypes.LaunchTemplate{
						LaunchTemplateSpecification: &astypes.LaunchTemplateSpecification{LaunchTemplateId: sdk.String(f.LT), Version: sdk.String("$Latest")},
						Overrides:                   []astypes.LaunchTemplateOverrides{{InstanceType: sdk.String("t3.micro")}, {InstanceType: sdk.String("t3.small")}},
					},
					InstancesDistribution: &astypes.InstancesDistribution{OnDemandBaseCapacity: sdk.Int32(1), OnDemandPercentageAboveBaseCapacity: sdk.Int32(25)},
				}
			} else {
				in.LaunchTemplate = &astypes.LaunchTemplateSpecification{LaunchTemplateId: sdk.String(f.LT), Version: sdk.String("$Latest")}
			}
			if _, err := r.asg.CreateAutoScalingGroup(gctx, in); err != nil {
				return fmt.Errorf("CreateAutoScalingGroup %s: %w", name, err)
			}
			if _, err := r.cw.PutMetricAlarm(gctx, &cloudwatch.PutMetricAlarmInput{
				AlarmName: sdk.String(name + "-cpu-high"), Namespace: sdk.String("AWS/EC2"), MetricName: sdk.String("CPUUtilization"),
				Dimensions: []cwtypes.Dimension{{Name: sdk.String("AutoScalingGroupName"), Value: sdk.String(name)}},
				Statistic:  cwtypes.StatisticAverage, Period: sdk.Int32(60), EvaluationPeriods: sdk.Int32(3),
				Threshold: sdk.Float64(70), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
			}); err != nil {
				return fmt.Errorf("PutMetricAlarm %s: %w", name, err)
			}
			mu.Lock()
			f.Alarms++
			mu.Unlock()
			if i%10 == 0 {
				if _, err := r.asg.PutScalingPolicy(gctx, &autoscaling.PutScalingPolicyInput{
					AutoScalingGroupName: sdk.String(name), PolicyName: sdk.String(name + "-scale-out"),
					PolicyType: sdk.String("SimpleScaling"), AdjustmentType: sdk.String("ChangeInCapacity"),
					ScalingAdjustment: sdk.Int32(1), Cooldown: sdk.Int32(120),
				}); err != nil {
					return fmt.Errorf("PutScalingPolicy %s: %w", name, err)
				}
				// moto leaves PolicyARN out of PutScalingPolicy's answer.
				pol, err := r.asg.DescribePolicies(gctx, &autoscaling.DescribePoliciesInput{
					AutoScalingGroupName: sdk.String(name), PolicyNames: []string{name + "-scale-out"},
				})
				if err != nil || len(pol.ScalingPolicies) != 1 {
					return fmt.Errorf("DescribePolicies %s: %v", name, err)
				}
				// An alarm tied to its group only through the policy it drives.
				if _, err := r.cw.PutMetricAlarm(gctx, &cloudwatch.PutMetricAlarmInput{
					AlarmName: sdk.String(name + "-queue-deep"), Namespace: sdk.String("Custom"), MetricName: sdk.String("QueueDepth"),
					Statistic: cwtypes.StatisticAverage, Period: sdk.Int32(60), EvaluationPeriods: sdk.Int32(1),
					Threshold: sdk.Float64(100), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
					AlarmActions: []string{sdk.ToString(pol.ScalingPolicies[0].PolicyARN)},
				}); err != nil {
					return fmt.Errorf("PutMetricAlarm %s: %w", name, err)
				}
				mu.Lock()
				f.Alarms++
				f.Policies = append(f.Policies, sdk.ToString(pol.ScalingPolicies[0].PolicyARN))
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if n > 2 {
		if _, err := r.asg.SuspendProcesses(ctx, &autoscaling.SuspendProcessesInput{
			AutoScalingGroupName: sdk.String(groupName(2)), ScalingProcesses: []string{"AZRebalance", "AlarmNotification"},
		}); err != nil {
			t.Fatal(err)
		}
	}
	f.Seeded = time.Since(start)
	return f
}

// seedSmall makes the two groups the action tests work on: "web" with two
// instances, a simple scale-out policy and a target-tracking policy, and
// its CPU alarm.
func seedSmall(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	r := newRaw(t)
	imgs, err := r.ec2.DescribeImages(ctx, &ec2.DescribeImagesInput{})
	if err != nil || len(imgs.Images) == 0 {
		t.Fatalf("DescribeImages: %v", err)
	}
	lt, err := r.ec2.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{
		LaunchTemplateName: sdk.String("small-lt"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: imgs.Images[0].ImageId, InstanceType: ec2types.InstanceTypeM5Large},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"web", "api"} {
		if _, err := r.asg.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
			AutoScalingGroupName: sdk.String(name), MinSize: sdk.Int32(1), MaxSize: sdk.Int32(6), DesiredCapacity: sdk.Int32(2),
			AvailabilityZones: []string{"us-east-1a"},
			LaunchTemplate:    &astypes.LaunchTemplateSpecification{LaunchTemplateId: lt.LaunchTemplate.LaunchTemplateId, Version: sdk.String("$Latest")},
			Tags:              []astypes.Tag{{Key: sdk.String("Tier"), Value: sdk.String("web"), PropagateAtLaunch: sdk.Bool(true)}},
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.asg.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: sdk.String("web"), PolicyName: sdk.String("web-scale-out"),
		PolicyType: sdk.String("SimpleScaling"), AdjustmentType: sdk.String("ChangeInCapacity"),
		ScalingAdjustment: sdk.Int32(1), Cooldown: sdk.Int32(60),
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.asg.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: sdk.String("web"), PolicyName: sdk.String("web-cpu50"),
		PolicyType:              sdk.String("TargetTrackingScaling"),
		EstimatedInstanceWarmup: sdk.Int32(180),
		TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{
			PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization},
			TargetValue:                   sdk.Float64(50),
		},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: sdk.String("web-cpu-high"), Namespace: sdk.String("AWS/EC2"), MetricName: sdk.String("CPUUtilization"),
		Dimensions: []cwtypes.Dimension{{Name: sdk.String("AutoScalingGroupName"), Value: sdk.String("web")}},
		Statistic:  cwtypes.StatisticAverage, Period: sdk.Int32(60), EvaluationPeriods: sdk.Int32(3),
		Threshold: sdk.Float64(70), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
	}); err != nil {
		t.Fatal(err)
	}
}
