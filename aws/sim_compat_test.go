package aws

import (
	"context"
	"fmt"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
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

	"github.com/solemate/hoist/aws/internal/reqbody"
	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// The adapter against moto and against the simulator (issue 3: "the
// adapter cannot tell it from moto for everything both implement"). The
// same scenarios run on both backends, each seeded through the SDK, and
// what the adapter sees (converted model values, ids and times left out)
// must be the same, as must what every action changes when read back
// with a plain SDK client.
//
// What only one of them implements, and how the test deals with it:
//
//   - Seeding. The simulator has no EC2 images, VPCs or subnets, so moto's
//     are read first and the simulator is given made-up ids; from then on
//     both take the same CreateLaunchTemplate, CreateLoadBalancer,
//     CreateTargetGroup, CreateListener, CreateAutoScalingGroup,
//     PutScalingPolicy, PutMetricAlarm and SuspendProcesses calls. The
//     simulator also starts with its own fleet; only the compat-* names
//     are compared.
//   - Instance types. Both launch the launch template's type; only that
//     the group is priced is compared.
//   - Dynamics. moto moves nothing; the simulator boots instances
//     (Pending, then InService), health-checks targets, replaces unhealthy
//     instances and drains terminating ones on its clock. The test
//     advances that clock where a read-back needs it (settle) and reads
//     health before the simulator replaces the instance.
//   - Alarm state, metric data, scaling activities and alarm history:
//     moto has no metrics (alarms stay INSUFFICIENT_DATA, GetMetricData
//     answers empty series, target tracking makes no alarms) and answers
//     DescribeAlarmHistory with a 500 (hoist pauses it). Only the alarm's
//     definition is compared.
//   - Target health: moto registers a group's instances and calls them
//     healthy at once; the simulator registers them when they are
//     InService and passes them through initial. Compared after settle.
//   - PutAlarmMuteRule: moto 5.2.1 does not implement it; the simulator
//     does. The mute action runs on the simulator only.
//   - Page sizes and NextToken: both page DescribeAutoScalingGroups at
//     100; moto answers DescribeAlarms in one page whatever MaxRecords.

// compatBackend is one of the two AWS stand-ins, with SDK clients of its
// own to seed it and read it back.
type compatBackend struct {
	name   string
	url    string
	raw    rawClients
	sim    *sim.Simulator // nil for moto
	ltID   string
	vpc    string
	subs   []string
	settle func() // let the backend's clock catch up; nothing for moto
}

func rawAt(t testing.TB, url string) rawClients {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseEndpoint = sdk.String(url)
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

func motoCompat(t *testing.T) compatBackend {
	t.Helper()
	resetMoto(t)
	ctx := context.Background()
	b := compatBackend{name: "moto", url: motoURL, raw: rawAt(t, motoURL), settle: func() {}}
	imgs, err := b.raw.ec2.DescribeImages(ctx, &ec2.DescribeImagesInput{})
	if err != nil || len(imgs.Images) == 0 {
		t.Fatalf("DescribeImages: %v", err)
	}
	vpcs, err := b.raw.ec2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil || len(vpcs.Vpcs) == 0 {
		t.Fatalf("DescribeVpcs: %v", err)
	}
	b.vpc = sdk.ToString(vpcs.Vpcs[0].VpcId)
	subs, err := b.raw.ec2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{{Name: sdk.String("vpc-id"), Values: []string{b.vpc}}}})
	if err != nil || len(subs.Subnets) < 2 {
		t.Fatalf("DescribeSubnets: %v", err)
	}
	b.subs = []string{sdk.ToString(subs.Subnets[0].SubnetId), sdk.ToString(subs.Subnets[1].SubnetId)}
	b.ltID = compatLaunchTemplate(t, b.raw.ec2, imgs.Images[0].ImageId)
	return b
}

// compatLaunchTemplate creates the launch template both backends launch
// the compat groups from: moto's first image, or a made-up one on the
// simulator (which has no images), and the same type.
func compatLaunchTemplate(t *testing.T, c *ec2.Client, image *string) string {
	t.Helper()
	lt, err := c.CreateLaunchTemplate(context.Background(), &ec2.CreateLaunchTemplateInput{
		LaunchTemplateName: sdk.String("compat-lt"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: image, InstanceType: ec2types.InstanceTypeM5Large},
	})
	if err != nil {
		t.Fatal(err)
	}
	return sdk.ToString(lt.LaunchTemplate.LaunchTemplateId)
}

func simCompat(t *testing.T) compatBackend {
	t.Helper()
	s, err := sim.New(sim.Options{Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
	})
	b := compatBackend{name: "simulator", url: srv.URL, raw: rawAt(t, srv.URL), sim: s,
		vpc: "vpc-0c0ffee", subs: []string{"subnet-0a", "subnet-0b"},
		// Long enough for instances to boot and pass their target
		// group's health checks; AlarmNotification is suspended on the
		// compat groups, so no policy moves their capacity meanwhile.
		settle: func() { s.Advance(5 * time.Minute) }}
	b.ltID = compatLaunchTemplate(t, b.raw.ec2, sdk.String("ami-0c0ffee0c0ffee001"))
	return b
}

// seedCompat creates the same two groups, load balancer, target group,
// listener, policies and alarm on b, through the calls both implement.
func seedCompat(t *testing.T, b compatBackend) {
	t.Helper()
	ctx := context.Background()
	r := b.raw
	// Scheme given: moto leaves it empty when not asked, AWS (and the
	// simulator) default to internet-facing.
	lb, err := r.elb.CreateLoadBalancer(ctx, &elb.CreateLoadBalancerInput{Name: sdk.String("compat-alb"), Subnets: b.subs,
		Scheme: elbtypes.LoadBalancerSchemeEnumInternetFacing})
	if err != nil {
		t.Fatalf("%s CreateLoadBalancer: %v", b.name, err)
	}
	tg, err := r.elb.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{
		Name: sdk.String("compat-tg"), Protocol: elbtypes.ProtocolEnumHttp, Port: sdk.Int32(8080),
		VpcId: sdk.String(b.vpc), HealthCheckPath: sdk.String("/health"),
	})
	if err != nil {
		t.Fatalf("%s CreateTargetGroup: %v", b.name, err)
	}
	tgARN := sdk.ToString(tg.TargetGroups[0].TargetGroupArn)
	// ELB's default delay is 300 s (the simulator holds targets for it);
	// tuned down as teams do, so a termination settles within settle().
	if _, err := r.elb.ModifyTargetGroupAttributes(ctx, &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: sdk.String(tgARN),
		Attributes: []elbtypes.TargetGroupAttribute{{Key: sdk.String("deregistration_delay.timeout_seconds"), Value: sdk.String("30")}}}); err != nil {
		t.Fatalf("%s ModifyTargetGroupAttributes: %v", b.name, err)
	}
	if _, err := r.elb.CreateListener(ctx, &elb.CreateListenerInput{
		LoadBalancerArn: lb.LoadBalancers[0].LoadBalancerArn, Port: sdk.Int32(80), Protocol: elbtypes.ProtocolEnumHttp,
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: sdk.String(tgARN)}},
	}); err != nil {
		t.Fatalf("%s CreateListener: %v", b.name, err)
	}
	lt := &astypes.LaunchTemplateSpecification{LaunchTemplateId: sdk.String(b.ltID), Version: sdk.String("$Latest")}
	tags := func(tier string) []astypes.Tag {
		return []astypes.Tag{
			{Key: sdk.String("Tier"), Value: sdk.String(tier), PropagateAtLaunch: sdk.Bool(true)},
			{Key: sdk.String("Service"), Value: sdk.String("shop"), PropagateAtLaunch: sdk.Bool(true)},
			{Key: sdk.String("Env"), Value: sdk.String("prod"), PropagateAtLaunch: sdk.Bool(true)},
		}
	}
	for _, in := range []*autoscaling.CreateAutoScalingGroupInput{
		{AutoScalingGroupName: sdk.String("compat-web"), MinSize: sdk.Int32(1), MaxSize: sdk.Int32(6), DesiredCapacity: sdk.Int32(2),
			AvailabilityZones: []string{"us-east-1a"}, LaunchTemplate: lt, TargetGroupARNs: []string{tgARN}, Tags: tags("web")},
		{AutoScalingGroupName: sdk.String("compat-api"), MinSize: sdk.Int32(0), MaxSize: sdk.Int32(4), DesiredCapacity: sdk.Int32(1),
			AvailabilityZones: []string{"us-east-1a"}, LaunchTemplate: lt, Tags: tags("app")},
	} {
		if _, err := r.asg.CreateAutoScalingGroup(ctx, in); err != nil {
			t.Fatalf("%s CreateAutoScalingGroup: %v", b.name, err)
		}
		if _, err := r.asg.SuspendProcesses(ctx, &autoscaling.SuspendProcessesInput{
			AutoScalingGroupName: in.AutoScalingGroupName, ScalingProcesses: []string{"AlarmNotification"},
		}); err != nil {
			t.Fatalf("%s SuspendProcesses: %v", b.name, err)
		}
	}
	if _, err := r.asg.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: sdk.String("compat-web"), PolicyName: sdk.String("web-scale-out"),
		PolicyType: sdk.String("SimpleScaling"), AdjustmentType: sdk.String("ChangeInCapacity"),
		ScalingAdjustment: sdk.Int32(1), Cooldown: sdk.Int32(60),
	}); err != nil {
		t.Fatalf("%s PutScalingPolicy: %v", b.name, err)
	}
	if _, err := r.asg.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: sdk.String("compat-web"), PolicyName: sdk.String("web-cpu50"),
		PolicyType: sdk.String("TargetTrackingScaling"), EstimatedInstanceWarmup: sdk.Int32(180),
		TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{
			PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization},
			TargetValue:                   sdk.Float64(50),
		},
	}); err != nil {
		t.Fatalf("%s PutScalingPolicy: %v", b.name, err)
	}
	if _, err := r.cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: sdk.String("compat-web-cpu-high"), Namespace: sdk.String("AWS/EC2"), MetricName: sdk.String("CPUUtilization"),
		Dimensions: []cwtypes.Dimension{{Name: sdk.String("AutoScalingGroupName"), Value: sdk.String("compat-web")}},
		Statistic:  cwtypes.StatisticAverage, Period: sdk.Int32(60), EvaluationPeriods: sdk.Int32(3),
		Threshold: sdk.Float64(70), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
	}); err != nil {
		t.Fatalf("%s PutMetricAlarm: %v", b.name, err)
	}
	b.settle()
}

// compatOpen opens a session on b, as hoist does on --endpoint-url.
func compatOpen(t *testing.T, b compatBackend) *Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := Open(ctx, Options{Endpoint: b.url, JournalPath: t.TempDir() + "/journal.jsonl", MaxBackoff: 20 * time.Millisecond,
		OnCall: func(op string) { opsSeen.Store(op, true) }})
	if err != nil {
		t.Fatalf("%s: Open: %v", b.name, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// --- what the adapter sees, without ids and times ---

type compatPolicy struct {
	Name, Type, AdjustmentType string
	Enabled                    bool
	ScalingAdjustment          int
	Cooldown, Warmup           time.Duration
	Target                     string
}

type compatGroup struct {
	Name                string
	Capacity            model.Capacity
	Tier, Service, Env  string
	Tags                map[string]string
	Suspended           []string
	TargetGroups        int
	HealthCheckType     string
	Instances           int
	InService           int
	Healthy             int
	Policies            []compatPolicy
	OnDemandPercent     int
	FrontTG, FrontLB    string
	TGProtocol, TGPath  string
	TGPort              int
	LBType, LBScheme    string
	Listeners           []string
	Targets, TargetsOK  int
	Alarms              []string
	AlarmDef            string
	CostPerInstanceType bool
}

func viewOf(t *testing.T, snap model.Snapshot, name string) compatGroup {
	t.Helper()
	g, ok := snap.Group(name)
	if !ok {
		t.Fatalf("no group %s", name)
	}
	c := compatGroup{Name: g.Name, Capacity: g.Capacity, Tier: g.Tier, Service: g.Service, Env: g.Env,
		Tags: g.Tags, Suspended: slices.Sorted(slices.Values(g.Suspended)), TargetGroups: len(g.TargetGroupARNs),
		HealthCheckType: g.HealthCheckType, Instances: len(g.Instances), OnDemandPercent: g.OnDemandPercent}
	for _, in := range g.Instances {
		if in.Lifecycle == model.StateInService {
			c.InService++
		}
		if in.Health == "Healthy" {
			c.Healthy++
		}
	}
	for _, p := range g.Policies {
		cp := compatPolicy{Name: p.Name, Type: p.Type, AdjustmentType: p.AdjustmentType, Enabled: p.Enabled,
			ScalingAdjustment: p.ScalingAdjustment, Cooldown: p.Cooldown, Warmup: p.Warmup}
		if p.Target != nil {
			cp.Target = fmt.Sprintf("%s %g scale-in-off=%v", p.Target.Metric, p.Target.Value, p.Target.DisableScaleIn)
		}
		c.Policies = append(c.Policies, cp)
	}
	sort.Slice(c.Policies, func(i, j int) bool { return c.Policies[i].Name < c.Policies[j].Name })
	if tg, lb := snap.FrontOf(g); tg != nil {
		c.FrontTG, c.TGProtocol, c.TGPath, c.TGPort = tg.Name, tg.Protocol, tg.HealthCheck.Path, tg.Port
		if !tg.TargetsFetched.IsZero() {
			c.Targets = len(tg.Targets)
			c.TargetsOK = tg.Counts().Healthy
		}
		if lb != nil {
			c.FrontLB, c.LBType, c.LBScheme = lb.Name, lb.Type, lb.Scheme
			for _, l := range lb.Listeners {
				c.Listeners = append(c.Listeners, fmt.Sprintf("%s:%d", l.Protocol, l.Port))
			}
		}
	}
	for _, a := range snap.AlarmsOf(name) {
		if strings.HasPrefix(a.Name, "compat-") {
			c.Alarms = append(c.Alarms, a.Name)
			c.AlarmDef = fmt.Sprintf("%s/%s %s %s %g period %s x%d", a.Namespace, a.Metric, a.Statistic, a.Comparison, a.Threshold, a.Period, a.Evaluations)
		}
	}
	c.CostPerInstanceType = model.CostOf(g, snap.Prices).Total() > 0
	return c
}

// diffFields names the fields where a and b differ.
func diffFields(a, b any) []string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	var out []string
	for i := 0; i < va.NumField(); i++ {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			out = append(out, fmt.Sprintf("%s: %v vs %v", va.Type().Field(i).Name, va.Field(i).Interface(), vb.Field(i).Interface()))
		}
	}
	return out
}

// TestCompatFetch: the same seeded resources read through the adapter
// from moto and from the simulator give the same model values.
func TestCompatFetch(t *testing.T) {
	views := map[string][]compatGroup{}
	var names []string
	for _, mk := range []func(*testing.T) compatBackend{motoCompat, simCompat} {
		b := mk(t)
		names = append(names, b.name)
		seedCompat(t, b)
		s := compatOpen(t, b)
		snap, err := s.Fetch(context.Background(), model.Visible{Groups: []string{"compat-web", "compat-api"}, Selected: "compat-web", Range: time.Hour})
		if err != nil {
			t.Fatalf("%s: Fetch: %v", b.name, err)
		}
		for _, c := range []model.Class{model.ClassGroups, model.ClassAlarms, model.ClassLoadBalancers, model.ClassPolicies, model.ClassTargetHealth, model.ClassMetrics} {
			if f := snap.Fresh[c]; f.Err != "" {
				t.Errorf("%s: %s: %s", b.name, c, f.Err)
			}
		}
		for _, g := range []string{"compat-web", "compat-api"} {
			views[b.name] = append(views[b.name], viewOf(t, snap, g))
		}
	}
	for i := range views[names[0]] {
		a, b := views[names[0]][i], views[names[1]][i]
		t.Logf("%s: %+v", a.Name, a)
		if d := diffFields(a, b); len(d) > 0 {
			t.Errorf("%s differs between %s and %s:\n  %s", a.Name, names[0], names[1], strings.Join(d, "\n  "))
		}
	}
}

// compatStep is one action and what a plain SDK client should then read.
// build gets the group as the adapter sees it and returns the action and
// the instance it concerns ("" for none), which read then looks at.
type compatStep struct {
	name   string
	build  func(g model.Group) (model.Action, string)
	settle bool                                                  // let the simulator's clock run before reading back
	read   func(t *testing.T, b compatBackend, id string) string // what changed, as text
	want   string
}

// inState is the first instance of g (by id) in lifecycle state.
func inState(g model.Group, state string) string { return instanceWhere(g, state, nil) }

// TestCompatActions: every action kind, sent through the adapter to moto
// and to the simulator, changes what a plain SDK client reads back, in
// the same way on both.
func TestCompatActions(t *testing.T) {
	group := func(t *testing.T, b compatBackend) *astypes.AutoScalingGroup {
		t.Helper()
		o, err := b.raw.asg.DescribeAutoScalingGroups(context.Background(), &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{"compat-web"}})
		if err != nil || len(o.AutoScalingGroups) != 1 {
			t.Fatalf("%s: describe compat-web: %v", b.name, err)
		}
		return &o.AutoScalingGroups[0]
	}
	capacity := func(t *testing.T, b compatBackend, _ string) string {
		g := group(t, b)
		return fmt.Sprintf("min %d desired %d max %d", sdk.ToInt32(g.MinSize), sdk.ToInt32(g.DesiredCapacity), sdk.ToInt32(g.MaxSize))
	}
	instance := func(t *testing.T, b compatBackend, id string) string {
		for _, in := range group(t, b).Instances {
			if sdk.ToString(in.InstanceId) == id {
				return fmt.Sprintf("%s %s", in.LifecycleState, sdk.ToString(in.HealthStatus))
			}
		}
		return "gone"
	}
	policy := func(name string) func(t *testing.T, b compatBackend, _ string) string {
		return func(t *testing.T, b compatBackend, _ string) string {
			o, err := b.raw.asg.DescribePolicies(context.Background(), &autoscaling.DescribePoliciesInput{AutoScalingGroupName: sdk.String("compat-web")})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range o.ScalingPolicies {
				if sdk.ToString(p.PolicyName) != name {
					continue
				}
				// moto does not keep Enabled and leaves it out; AWS's
				// default is true.
				enabled := p.Enabled == nil || *p.Enabled
				s := fmt.Sprintf("%s enabled %v warmup %d", sdk.ToString(p.PolicyType), enabled, sdk.ToInt32(p.EstimatedInstanceWarmup))
				if tt := p.TargetTrackingConfiguration; tt != nil {
					s += fmt.Sprintf(" target %g scale-in-off %v", sdk.ToFloat64(tt.TargetValue), sdk.ToBool(tt.DisableScaleIn))
				}
				return s
			}
			return "gone"
		}
	}
	steps := []compatStep{
		{name: "set desired", build: func(g model.Group) (model.Action, string) {
			return model.SetDesired{Group: g.Name, From: g.Capacity, Desired: 3}, ""
		}, settle: true, read: capacity, want: "min 1 desired 3 max 6"},
		{name: "set limits", build: func(g model.Group) (model.Action, string) {
			return model.SetLimits{Group: g.Name, From: g.Capacity, To: model.Capacity{Min: 0, Desired: 3, Max: 8}}, ""
		}, read: capacity, want: "min 0 desired 3 max 8"},
		{name: "set desired, raising max", build: func(g model.Group) (model.Action, string) {
			return model.SetDesired{Group: g.Name, From: g.Capacity, Desired: 9, AdjustLimits: true}, ""
		}, read: capacity, want: "min 0 desired 9 max 9"},
		{name: "set desired back", build: func(g model.Group) (model.Action, string) {
			return model.SetDesired{Group: g.Name, From: g.Capacity, Desired: 3}, ""
		}, settle: true, read: capacity, want: "min 0 desired 3 max 9"},
		{name: "suspend", build: func(g model.Group) (model.Action, string) {
			return model.SuspendProcesses{Group: g.Name, Processes: []string{"AZRebalance", "ScheduledActions"}, From: g.Suspended}, ""
		}, read: func(t *testing.T, b compatBackend, _ string) string {
			return strings.Join(ConvertGroup(group(t, b)).Suspended, ",")
		}, want: "AZRebalance,AlarmNotification,ScheduledActions"},
		{name: "resume", build: func(g model.Group) (model.Action, string) {
			return model.ResumeProcesses{Group: g.Name, Processes: []string{"ScheduledActions"}, From: g.Suspended}, ""
		}, read: func(t *testing.T, b compatBackend, _ string) string {
			return strings.Join(ConvertGroup(group(t, b)).Suspended, ",")
		}, want: "AZRebalance,AlarmNotification"},
		{name: "edit policy", build: func(g model.Group) (model.Action, string) {
			p, _ := g.Policy("web-cpu50")
			return model.EditPolicy{Group: g.Name, Policy: p.Name, Type: p.Type, Metric: p.Target.Metric, From: model.SettingsOf(p),
				To: model.PolicySettings{Enabled: true, TargetValue: 60, DisableScaleIn: true}}, ""
		}, read: policy("web-cpu50"), want: "TargetTrackingScaling enabled true warmup 180 target 60 scale-in-off true"},
		{name: "execute policy", build: func(g model.Group) (model.Action, string) {
			return model.ExecutePolicy{Group: g.Name, Policy: "web-scale-out", Type: model.PolicySimple, From: g.Capacity}, ""
		}, settle: true, read: capacity, want: "min 0 desired 4 max 9"},
		{name: "enter standby", build: func(g model.Group) (model.Action, string) {
			id := inState(g, model.StateInService)
			return model.EnterStandby{Group: g.Name, Instance: id, From: g.Capacity}, id
		}, settle: true, read: instance, want: "Standby Healthy"},
		{name: "exit standby", build: func(g model.Group) (model.Action, string) {
			id := inState(g, model.StateStandby)
			return model.ExitStandby{Group: g.Name, Instance: id, From: g.Capacity}, id
		}, settle: true, read: instance, want: "InService Healthy"},
		{name: "terminate with decrement", build: func(g model.Group) (model.Action, string) {
			id := inState(g, model.StateInService)
			return model.TerminateInstance{Group: g.Name, Instance: id, Decrement: true, From: g.Capacity}, id
		}, settle: true, read: func(t *testing.T, b compatBackend, id string) string {
			return instance(t, b, id) + ", " + capacity(t, b, id)
		}, want: "gone, min 0 desired 4 max 9"},
		// Read before the simulator's clock moves: it replaces an
		// unhealthy instance at its next health check, moto never does.
		{name: "mark unhealthy", build: func(g model.Group) (model.Action, string) {
			id := inState(g, model.StateInService)
			return model.SetInstanceHealth{Group: g.Name, Instance: id, From: "Healthy", Health: model.HealthUnhealthy}, id
		}, read: instance, want: "InService Unhealthy"},
		{name: "delete policy", build: func(g model.Group) (model.Action, string) {
			return model.DeletePolicy{Group: g.Name, Policy: "web-scale-out", Type: model.PolicySimple}, ""
		}, read: policy("web-scale-out"), want: "gone"},
	}

	traces := map[string][]string{}
	var names []string
	for _, mk := range []func(*testing.T) compatBackend{motoCompat, simCompat} {
		b := mk(t)
		names = append(names, b.name)
		seedCompat(t, b)
		s := compatOpen(t, b)
		ctx := context.Background()
		for _, st := range steps {
			a, id := st.build(current(t, s, "compat-web"))
			if err := s.Act(ctx, a, "compat "+st.name, nil); err != nil {
				t.Fatalf("%s: %s: %v", b.name, st.name, err)
			}
			if st.settle {
				b.settle()
			}
			got := st.read(t, b, id)
			if got != st.want {
				t.Errorf("%s: after %s, read back %q, want %q", b.name, st.name, got, st.want)
			}
			traces[b.name] = append(traces[b.name], got)
		}

		// Acknowledging sends nothing on either.
		calls := s.Calls()
		if err := s.Act(ctx, model.Acknowledge{Alert: "compat-web-cpu-high", Group: "compat-web", Since: time.Now()}, "", nil); err != nil {
			t.Fatalf("%s: acknowledge: %v", b.name, err)
		}
		if n := s.Calls() - calls; n != 0 {
			t.Errorf("%s: acknowledging made %d calls", b.name, n)
		}

		// Muting: PutAlarmMuteRule exists on the simulator only.
		if b.sim != nil {
			if err := s.Act(ctx, model.MuteAlarm{Alarm: "compat-web-cpu-high", For: time.Hour}, "compat mute", nil); err != nil {
				t.Fatalf("%s: mute: %v", b.name, err)
			}
			o, err := b.raw.cw.ListAlarmMuteRules(ctx, &cloudwatch.ListAlarmMuteRulesInput{AlarmName: sdk.String("compat-web-cpu-high")})
			if err != nil || len(o.AlarmMuteRuleSummaries) != 1 {
				t.Errorf("%s: mute rules after muting: %+v, %v", b.name, o, err)
			}
		}
		acts, _, err := s.Journal().Actions(ctx, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			if a.Status() != model.ResultOK {
				t.Errorf("%s: journal: %s %s: %s", b.name, a.Intent.Kind, a.Intent.Target, a.Status())
			}
		}
	}
	if !slices.Equal(traces[names[0]], traces[names[1]]) {
		for i := range steps {
			if traces[names[0]][i] != traces[names[1]][i] {
				t.Errorf("%s reads back differently: %s %q, %s %q", steps[i].name, names[0], traces[names[0]][i], names[1], traces[names[1]][i])
			}
		}
	}
}
