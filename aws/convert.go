package aws

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unique"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/solemate/hoist/model"
)

// This file is the boundary: SDK types come in, model types go out.

// intern returns the one copy of s the process keeps. A fleet's instances
// share a handful of zones, types, lifecycle states and tag values: one
// copy each instead of one per instance (a 5,000-group fleet has about
// 100,000 instances) saves memory, and lets comparisons of equal values
// stop at the pointer.
func intern(s string) string { return unique.Make(s).Value() }

// ConvertGroup converts one Auto Scaling group.
func ConvertGroup(g *astypes.AutoScalingGroup) model.Group {
	out := model.Group{
		Name:             sdk.ToString(g.AutoScalingGroupName),
		ARN:              sdk.ToString(g.AutoScalingGroupARN),
		Capacity:         model.Capacity{Min: int(sdk.ToInt32(g.MinSize)), Desired: int(sdk.ToInt32(g.DesiredCapacity)), Max: int(sdk.ToInt32(g.MaxSize))},
		TargetGroupARNs:  g.TargetGroupARNs,
		HealthCheckType:  intern(sdk.ToString(g.HealthCheckType)),
		HealthCheckGrace: time.Duration(sdk.ToInt32(g.HealthCheckGracePeriod)) * time.Second,
		DefaultCooldown:  time.Duration(sdk.ToInt32(g.DefaultCooldown)) * time.Second,
		AZs:              g.AvailabilityZones,
		Status:           sdk.ToString(g.Status),
		Created:          sdk.ToTime(g.CreatedTime),
		OnDemandPercent:  100,
		Launch:           convertLaunchSpec(g),

		TerminationPolicies: g.TerminationPolicies,
	}
	if len(g.Tags) > 0 {
		out.Tags = make(map[string]string, len(g.Tags))
		for _, t := range g.Tags {
			out.Tags[intern(sdk.ToString(t.Key))] = intern(sdk.ToString(t.Value))
		}
		out.TagsToLabels()
	}
	if len(g.SuspendedProcesses) > 0 {
		out.Suspended = make([]string, 0, len(g.SuspendedProcesses))
		for _, p := range g.SuspendedProcesses {
			out.Suspended = append(out.Suspended, sdk.ToString(p.ProcessName))
		}
		sort.Strings(out.Suspended)
	}
	if len(g.Instances) > 0 {
		out.Instances = make([]model.Instance, len(g.Instances))
		for i := range g.Instances {
			in := &g.Instances[i]
			out.Instances[i] = model.Instance{
				ID:        sdk.ToString(in.InstanceId),
				AZ:        intern(sdk.ToString(in.AvailabilityZone)),
				Type:      intern(sdk.ToString(in.InstanceType)),
				Lifecycle: intern(string(in.LifecycleState)),
				Health:    intern(sdk.ToString(in.HealthStatus)),
				Protected: sdk.ToBool(in.ProtectedFromScaleIn),
			}
		}
	}
	if mip := g.MixedInstancesPolicy; mip != nil {
		if d := mip.InstancesDistribution; d != nil {
			out.OnDemandBase = int(sdk.ToInt32(d.OnDemandBaseCapacity))
			if d.OnDemandPercentageAboveBaseCapacity != nil {
				out.OnDemandPercent = int(*d.OnDemandPercentageAboveBaseCapacity)
			}
		}
		if lt := mip.LaunchTemplate; lt != nil {
			for _, o := range lt.Overrides {
				if t := sdk.ToString(o.InstanceType); t != "" {
					out.InstanceTypes = appendUnique(out.InstanceTypes, t)
				}
			}
		}
	}
	// Without overrides the types in use are those of its instances; a
	// group with none gets its launch template's type from ec2 later.
	if len(out.InstanceTypes) == 0 {
		for _, in := range out.Instances {
			if in.Type != "" {
				out.InstanceTypes = appendUnique(out.InstanceTypes, in.Type)
			}
		}
	}
	return out
}

// launchTemplateRef names the launch template a group launches from:
// "lt-id" or "name:NAME", with its version ("$Default" when unset).
func launchTemplateRef(g *astypes.AutoScalingGroup) (ref, version string) {
	var spec *astypes.LaunchTemplateSpecification
	switch {
	case g.LaunchTemplate != nil:
		spec = g.LaunchTemplate
	case g.MixedInstancesPolicy != nil && g.MixedInstancesPolicy.LaunchTemplate != nil:
		spec = g.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification
	}
	if spec == nil {
		return "", ""
	}
	version = sdk.ToString(spec.Version)
	if version == "" {
		version = "$Default"
	}
	if id := sdk.ToString(spec.LaunchTemplateId); id != "" {
		return id, version
	}
	if n := sdk.ToString(spec.LaunchTemplateName); n != "" {
		return "name:" + n, version
	}
	return "", ""
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// ConvertActivity converts one scaling activity.
func ConvertActivity(a *astypes.Activity) model.Activity {
	return model.Activity{
		ID:            sdk.ToString(a.ActivityId),
		Group:         sdk.ToString(a.AutoScalingGroupName),
		Status:        string(a.StatusCode),
		StatusMessage: sdk.ToString(a.StatusMessage),
		Cause:         sdk.ToString(a.Cause),
		Description:   sdk.ToString(a.Description),
		Start:         sdk.ToTime(a.StartTime),
		End:           sdk.ToTime(a.EndTime),
		Progress:      int(sdk.ToInt32(a.Progress)),
	}
}

// ConvertPolicy converts one scaling policy.
func ConvertPolicy(p *astypes.ScalingPolicy) model.Policy {
	out := model.Policy{
		Name:              sdk.ToString(p.PolicyName),
		ARN:               sdk.ToString(p.PolicyARN),
		Group:             sdk.ToString(p.AutoScalingGroupName),
		Type:              sdk.ToString(p.PolicyType),
		Enabled:           p.Enabled == nil || *p.Enabled,
		AdjustmentType:    sdk.ToString(p.AdjustmentType),
		ScalingAdjustment: int(sdk.ToInt32(p.ScalingAdjustment)),
		Cooldown:          time.Duration(sdk.ToInt32(p.Cooldown)) * time.Second,
		Warmup:            time.Duration(sdk.ToInt32(p.EstimatedInstanceWarmup)) * time.Second,
	}
	if out.Type == "" {
		out.Type = model.PolicySimple
	}
	for _, s := range p.StepAdjustments {
		out.Steps = append(out.Steps, model.StepAdjustment{
			Lower: s.MetricIntervalLowerBound, Upper: s.MetricIntervalUpperBound,
			Adjustment: int(sdk.ToInt32(s.ScalingAdjustment)),
		})
	}
	if tt := p.TargetTrackingConfiguration; tt != nil {
		t := &model.TargetTracking{Value: sdk.ToFloat64(tt.TargetValue), DisableScaleIn: sdk.ToBool(tt.DisableScaleIn)}
		switch {
		case tt.PredefinedMetricSpecification != nil:
			t.Metric = string(tt.PredefinedMetricSpecification.PredefinedMetricType)
			t.ResourceLabel = sdk.ToString(tt.PredefinedMetricSpecification.ResourceLabel)
		case tt.CustomizedMetricSpecification != nil:
			c := tt.CustomizedMetricSpecification
			t.Custom = true
			t.Metric = sdk.ToString(c.Namespace) + "/" + sdk.ToString(c.MetricName)
		}
		out.Target = t
	}
	if pc := p.PredictiveScalingConfiguration; pc != nil && len(pc.MetricSpecifications) > 0 {
		pr := &model.Predictive{Mode: string(pc.Mode)}
		if pr.Mode == "" {
			pr.Mode = "ForecastOnly"
		}
		ms := pc.MetricSpecifications[0]
		pr.TargetValue = sdk.ToFloat64(ms.TargetValue)
		if ms.PredefinedMetricPairSpecification != nil {
			pr.Metric = string(ms.PredefinedMetricPairSpecification.PredefinedMetricType)
		}
		out.Predictive = pr
	}
	for _, a := range p.Alarms {
		out.Alarms = append(out.Alarms, sdk.ToString(a.AlarmName))
	}
	out.Spec = ConvertPolicySpec(p)
	return out
}

// ConvertScheduled converts one scheduled action.
func ConvertScheduled(a *astypes.ScheduledUpdateGroupAction) model.ScheduledAction {
	ip := func(v *int32) *int {
		if v == nil {
			return nil
		}
		n := int(*v)
		return &n
	}
	return model.ScheduledAction{
		Name:       sdk.ToString(a.ScheduledActionName),
		ARN:        sdk.ToString(a.ScheduledActionARN),
		Group:      sdk.ToString(a.AutoScalingGroupName),
		Recurrence: sdk.ToString(a.Recurrence),
		Start:      sdk.ToTime(a.StartTime),
		End:        sdk.ToTime(a.EndTime),
		TimeZone:   sdk.ToString(a.TimeZone),
		Min:        ip(a.MinSize),
		Desired:    ip(a.DesiredCapacity),
		Max:        ip(a.MaxSize),
	}
}

// ConvertAlarm converts one metric alarm. Its group is its
// AutoScalingGroupName dimension, or the group named in a scaling policy
// ARN among its actions.
func ConvertAlarm(a *cwtypes.MetricAlarm) model.Alarm {
	out := model.Alarm{
		Name:           sdk.ToString(a.AlarmName),
		ARN:            sdk.ToString(a.AlarmArn),
		Description:    sdk.ToString(a.AlarmDescription),
		State:          intern(string(a.StateValue)),
		StateReason:    sdk.ToString(a.StateReason),
		StateUpdated:   sdk.ToTime(a.StateUpdatedTimestamp),
		Namespace:      intern(sdk.ToString(a.Namespace)),
		Metric:         intern(sdk.ToString(a.MetricName)),
		Statistic:      intern(string(a.Statistic)),
		Threshold:      sdk.ToFloat64(a.Threshold),
		Comparison:     string(a.ComparisonOperator),
		Period:         time.Duration(sdk.ToInt32(a.Period)) * time.Second,
		Evaluations:    int(sdk.ToInt32(a.EvaluationPeriods)),
		ActionsEnabled: sdk.ToBool(a.ActionsEnabled),
		Actions:        a.AlarmActions,
	}
	if out.Statistic == "" {
		out.Statistic = sdk.ToString(a.ExtendedStatistic)
	}
	for _, d := range a.Dimensions {
		dim := model.Dimension{Name: intern(sdk.ToString(d.Name)), Value: sdk.ToString(d.Value)}
		out.Dimensions = append(out.Dimensions, dim)
		if dim.Name == "AutoScalingGroupName" {
			out.Group = dim.Value
		}
	}
	if out.Group == "" {
		for _, act := range append(append([]string{}, a.AlarmActions...), a.OKActions...) {
			if g := groupOfPolicyARN(act); g != "" {
				out.Group = g
				break
			}
		}
	}
	return out
}

// groupOfPolicyARN reads the group from a scaling policy ARN:
// arn:aws:autoscaling:…:scalingPolicy:uuid:autoScalingGroupName/NAME:policyName/P.
func groupOfPolicyARN(arn string) string {
	const key = ":autoScalingGroupName/"
	i := strings.Index(arn, key)
	if i < 0 || !strings.Contains(arn, ":scalingPolicy:") {
		return ""
	}
	rest := arn[i+len(key):]
	if j := strings.Index(rest, ":policyName/"); j >= 0 {
		return rest[:j]
	}
	return ""
}

// ConvertAlarmEvent converts one alarm history item.
func ConvertAlarmEvent(h *cwtypes.AlarmHistoryItem) model.AlarmEvent {
	ev := model.AlarmEvent{
		Alarm:   sdk.ToString(h.AlarmName),
		Time:    sdk.ToTime(h.Timestamp),
		Type:    string(h.HistoryItemType),
		Summary: sdk.ToString(h.HistorySummary),
	}
	// "Alarm updated from OK to ALARM"
	if i := strings.LastIndex(ev.Summary, " to "); i >= 0 && ev.Type == string(cwtypes.HistoryItemTypeStateUpdate) {
		ev.NewState = strings.TrimSpace(ev.Summary[i+4:])
	}
	return ev
}

// ConvertLoadBalancer converts one ALB/NLB (listeners come separately).
func ConvertLoadBalancer(lb *elbtypes.LoadBalancer) model.LoadBalancer {
	out := model.LoadBalancer{
		ARN:     sdk.ToString(lb.LoadBalancerArn),
		Name:    sdk.ToString(lb.LoadBalancerName),
		DNSName: sdk.ToString(lb.DNSName),
		Type:    string(lb.Type),
		Scheme:  string(lb.Scheme),
	}
	if lb.State != nil {
		out.State = string(lb.State.Code)
	}
	for _, z := range lb.AvailabilityZones {
		out.AZs = append(out.AZs, sdk.ToString(z.ZoneName))
	}
	return out
}

// ConvertListener converts one listener.
func ConvertListener(l *elbtypes.Listener) model.Listener {
	out := model.Listener{
		ARN:       sdk.ToString(l.ListenerArn),
		Port:      int(sdk.ToInt32(l.Port)),
		Protocol:  string(l.Protocol),
		SSLPolicy: sdk.ToString(l.SslPolicy),
	}
	for _, c := range l.Certificates {
		out.Certificates = append(out.Certificates, sdk.ToString(c.CertificateArn))
	}
	out.DefaultAction, out.DefaultDetail = defaultAction(l.DefaultActions)
	for _, a := range l.DefaultActions {
		if a.TargetGroupArn != nil {
			out.DefaultTargetGroups = appendUnique(out.DefaultTargetGroups, *a.TargetGroupArn)
		}
		if a.ForwardConfig != nil {
			for _, t := range a.ForwardConfig.TargetGroups {
				if t.TargetGroupArn != nil {
					out.DefaultTargetGroups = appendUnique(out.DefaultTargetGroups, *t.TargetGroupArn)
				}
			}
		}
	}
	return out
}

// ConvertTargetGroup converts one target group (health comes separately).
func ConvertTargetGroup(tg *elbtypes.TargetGroup) model.TargetGroup {
	return model.TargetGroup{
		ARN:              sdk.ToString(tg.TargetGroupArn),
		Name:             sdk.ToString(tg.TargetGroupName),
		Protocol:         string(tg.Protocol),
		Port:             int(sdk.ToInt32(tg.Port)),
		TargetType:       string(tg.TargetType),
		LoadBalancerARNs: tg.LoadBalancerArns,
		HealthCheck: model.HealthCheck{
			Protocol:           string(tg.HealthCheckProtocol),
			Path:               sdk.ToString(tg.HealthCheckPath),
			Port:               sdk.ToString(tg.HealthCheckPort),
			Interval:           time.Duration(sdk.ToInt32(tg.HealthCheckIntervalSeconds)) * time.Second,
			Timeout:            time.Duration(sdk.ToInt32(tg.HealthCheckTimeoutSeconds)) * time.Second,
			HealthyThreshold:   int(sdk.ToInt32(tg.HealthyThresholdCount)),
			UnhealthyThreshold: int(sdk.ToInt32(tg.UnhealthyThresholdCount)),
			Matcher:            matcherOf(tg.Matcher),
		},
	}
}

func matcherOf(m *elbtypes.Matcher) string {
	if m == nil {
		return ""
	}
	return sdk.ToString(m.HttpCode)
}

// ConvertTarget converts one target's health.
func ConvertTarget(d *elbtypes.TargetHealthDescription) model.Target {
	t := model.Target{}
	if d.Target != nil {
		t.ID = sdk.ToString(d.Target.Id)
		t.Port = int(sdk.ToInt32(d.Target.Port))
		t.AZ = sdk.ToString(d.Target.AvailabilityZone)
	}
	if h := d.TargetHealth; h != nil {
		t.State = string(h.State)
		t.Reason = string(h.Reason)
		t.Description = sdk.ToString(h.Description)
	}
	return t
}

// instanceInfo is what DescribeInstances adds to an Auto Scaling instance.
type instanceInfo struct {
	Launched time.Time
	Spot     bool
	Type     string
}

func convertInstanceInfo(in *ec2types.Instance) instanceInfo {
	return instanceInfo{
		Launched: sdk.ToTime(in.LaunchTime),
		Spot:     in.InstanceLifecycle == ec2types.InstanceLifecycleTypeSpot,
		Type:     intern(string(in.InstanceType)),
	}
}

// defaultAction words a listener's default actions: the type of the one
// that ends them (forward, redirect, fixed-response), and its detail.
// Authentication before a forward is named in the detail.
func defaultAction(acts []elbtypes.Action) (kind, detail string) {
	if len(acts) == 0 {
		return "", ""
	}
	acts = slices.Clone(acts)
	slices.SortStableFunc(acts, func(a, b elbtypes.Action) int { return int(sdk.ToInt32(a.Order)) - int(sdk.ToInt32(b.Order)) })
	last := acts[len(acts)-1]
	kind = string(last.Type)
	switch {
	case last.RedirectConfig != nil:
		r := last.RedirectConfig
		detail = fmt.Sprintf("%s:%s (%s)", sdk.ToString(r.Protocol), sdk.ToString(r.Port), r.StatusCode)
	case last.FixedResponseConfig != nil:
		detail = sdk.ToString(last.FixedResponseConfig.StatusCode)
	case len(acts) > 1:
		detail = "after " + string(acts[0].Type)
	}
	return kind, detail
}
