package aws

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/solemate/hoist/model"
)

// The boundary for policies, refreshes, launch templates and forecasts:
// SDK types in, model types out, and the whole policy back out as
// PutScalingPolicy takes it.

func intPtr(v *int32) *int {
	if v == nil {
		return nil
	}
	n := int(*v)
	return &n
}

func int32Ptr(v *int) *int32 {
	if v == nil {
		return nil
	}
	n := int32(*v)
	return &n
}

// ConvertPolicySpec converts one scaling policy whole. Fields AWS holds
// that the spec cannot (metric math, customized predictive metrics) make
// it Opaque: shown, never re-sent from the spec.
func ConvertPolicySpec(p *astypes.ScalingPolicy) model.PolicySpec {
	out := model.PolicySpec{Name: sdk.ToString(p.PolicyName), Enabled: p.Enabled}
	warmup := intPtr(p.EstimatedInstanceWarmup)
	// By type: some endpoints answer every configuration, empty.
	switch typ := sdk.ToString(p.PolicyType); {
	case typ == model.PolicyTargetTracking && p.TargetTrackingConfiguration != nil:
		out.TargetTracking, out.Opaque = convertTargetTracking(p.TargetTrackingConfiguration)
		out.WarmupSeconds = warmup
	case typ == model.PolicyPredictive && p.PredictiveScalingConfiguration != nil:
		out.Predictive, out.Opaque = convertPredictive(p.PredictiveScalingConfiguration)
	case typ == model.PolicyStep:
		out.WarmupSeconds = warmup
		st := &model.StepSpec{AdjustmentType: sdk.ToString(p.AdjustmentType), MinAdjustmentMagnitude: intPtr(p.MinAdjustmentMagnitude),
			MetricAggregation: sdk.ToString(p.MetricAggregationType)}
		for _, a := range p.StepAdjustments {
			st.Steps = append(st.Steps, model.StepAdjustment{Lower: a.MetricIntervalLowerBound, Upper: a.MetricIntervalUpperBound,
				Adjustment: int(sdk.ToInt32(a.ScalingAdjustment))})
		}
		out.Step = st
	case typ == "" || typ == model.PolicySimple:
		out.Simple = &model.SimpleSpec{AdjustmentType: sdk.ToString(p.AdjustmentType), Adjustment: int(sdk.ToInt32(p.ScalingAdjustment)),
			CooldownSeconds: intPtr(p.Cooldown), MinAdjustmentMagnitude: intPtr(p.MinAdjustmentMagnitude)}
	default:
		out.Opaque = "policy type " + typ
	}
	return out
}

func convertTargetTracking(tt *astypes.TargetTrackingConfiguration) (*model.TargetTrackingSpec, string) {
	t := &model.TargetTrackingSpec{Target: sdk.ToFloat64(tt.TargetValue), DisableScaleIn: sdk.ToBool(tt.DisableScaleIn)}
	if pm := tt.PredefinedMetricSpecification; pm != nil {
		t.Metric = string(pm.PredefinedMetricType)
		t.ResourceLabel = sdk.ToString(pm.ResourceLabel)
		t.TargetGroup = model.TargetGroupOfLabel(t.ResourceLabel)
		return t, ""
	}
	cm := tt.CustomizedMetricSpecification
	if cm == nil {
		return t, ""
	}
	c := &model.CustomMetric{Namespace: sdk.ToString(cm.Namespace), Metric: sdk.ToString(cm.MetricName),
		Statistic: string(cm.Statistic), Unit: sdk.ToString(cm.Unit)}
	for _, d := range cm.Dimensions {
		if c.Dimensions == nil {
			c.Dimensions = map[string]string{}
		}
		c.Dimensions[sdk.ToString(d.Name)] = sdk.ToString(d.Value)
	}
	t.Custom = c
	switch {
	case len(cm.Metrics) > 0:
		return t, "a metric math expression"
	case cm.Period != nil && *cm.Period != 60:
		return t, fmt.Sprintf("a %d-second metric period", *cm.Period)
	}
	return t, ""
}

func convertPredictive(pc *astypes.PredictiveScalingConfiguration) (*model.PredictiveSpec, string) {
	pr := &model.PredictiveSpec{Mode: string(pc.Mode), SchedulingBufferSeconds: intPtr(pc.SchedulingBufferTime),
		MaxCapacityBreach: string(pc.MaxCapacityBreachBehavior), MaxCapacityBuffer: intPtr(pc.MaxCapacityBuffer)}
	if len(pc.MetricSpecifications) == 0 {
		return pr, ""
	}
	ms := pc.MetricSpecifications[0]
	pr.Target = sdk.ToFloat64(ms.TargetValue)
	if pair := ms.PredefinedMetricPairSpecification; pair != nil {
		pr.Metric = string(pair.PredefinedMetricType)
		pr.ResourceLabel = sdk.ToString(pair.ResourceLabel)
	}
	if sm := ms.PredefinedScalingMetricSpecification; sm != nil {
		pr.ScalingMetric = string(sm.PredefinedMetricType)
		pr.ResourceLabel = sdk.ToString(sm.ResourceLabel)
	}
	if lm := ms.PredefinedLoadMetricSpecification; lm != nil {
		pr.LoadMetric = string(lm.PredefinedMetricType)
		if l := sdk.ToString(lm.ResourceLabel); l != "" {
			pr.ResourceLabel = l
		}
	}
	pr.TargetGroup = model.TargetGroupOfLabel(pr.ResourceLabel)
	switch {
	case len(pc.MetricSpecifications) > 1:
		return pr, "several metric specifications"
	case ms.CustomizedScalingMetricSpecification != nil || ms.CustomizedLoadMetricSpecification != nil ||
		ms.CustomizedCapacityMetricSpecification != nil:
		return pr, "customized predictive metrics"
	}
	return pr, ""
}

// PolicySpecInput is the PutScalingPolicy request that makes group's
// policy exactly spec: every field of its type, nothing of another's.
func PolicySpecInput(group string, spec model.PolicySpec) *autoscaling.PutScalingPolicyInput {
	in := &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: sdk.String(group),
		PolicyName:           sdk.String(spec.Name),
		PolicyType:           sdk.String(spec.Type()),
		Enabled:              sdk.Bool(spec.IsEnabled()),
	}
	switch {
	case spec.TargetTracking != nil:
		in.EstimatedInstanceWarmup = int32Ptr(spec.WarmupSeconds)
		in.TargetTrackingConfiguration = targetTrackingConfig(spec.TargetTracking)
	case spec.Step != nil:
		s := spec.Step
		in.EstimatedInstanceWarmup = int32Ptr(spec.WarmupSeconds)
		in.AdjustmentType = sdk.String(s.AdjustmentType)
		in.MinAdjustmentMagnitude = int32Ptr(s.MinAdjustmentMagnitude)
		if s.MetricAggregation != "" {
			in.MetricAggregationType = sdk.String(s.MetricAggregation)
		}
		for _, st := range s.Steps {
			in.StepAdjustments = append(in.StepAdjustments, astypes.StepAdjustment{
				MetricIntervalLowerBound: st.Lower, MetricIntervalUpperBound: st.Upper, ScalingAdjustment: sdk.Int32(int32(st.Adjustment))})
		}
	case spec.Simple != nil:
		s := spec.Simple
		in.AdjustmentType = sdk.String(s.AdjustmentType)
		in.ScalingAdjustment = sdk.Int32(int32(s.Adjustment))
		in.Cooldown = int32Ptr(s.CooldownSeconds)
		in.MinAdjustmentMagnitude = int32Ptr(s.MinAdjustmentMagnitude)
	case spec.Predictive != nil:
		in.PredictiveScalingConfiguration = predictiveConfig(spec.Predictive)
	}
	return in
}

func targetTrackingConfig(t *model.TargetTrackingSpec) *astypes.TargetTrackingConfiguration {
	c := &astypes.TargetTrackingConfiguration{TargetValue: sdk.Float64(t.Target), DisableScaleIn: sdk.Bool(t.DisableScaleIn)}
	if t.Metric != "" {
		c.PredefinedMetricSpecification = &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricType(t.Metric)}
		if t.ResourceLabel != "" {
			c.PredefinedMetricSpecification.ResourceLabel = sdk.String(t.ResourceLabel)
		}
		return c
	}
	m := t.Custom
	cm := &astypes.CustomizedMetricSpecification{Namespace: sdk.String(m.Namespace), MetricName: sdk.String(m.Metric),
		Statistic: astypes.MetricStatistic(m.Statistic)}
	if m.Unit != "" {
		cm.Unit = sdk.String(m.Unit)
	}
	for _, k := range slices.Sorted(maps.Keys(m.Dimensions)) {
		cm.Dimensions = append(cm.Dimensions, astypes.MetricDimension{Name: sdk.String(k), Value: sdk.String(m.Dimensions[k])})
	}
	c.CustomizedMetricSpecification = cm
	return c
}

func predictiveConfig(p *model.PredictiveSpec) *astypes.PredictiveScalingConfiguration {
	label := func() *string {
		if p.ResourceLabel == "" {
			return nil
		}
		return sdk.String(p.ResourceLabel)
	}
	labelIf := func(metric string) *string {
		if metric == model.MetricALBRequestCountPerTarget || metric == model.MetricLoadALBRequestCount {
			return label()
		}
		return nil
	}
	ms := astypes.PredictiveScalingMetricSpecification{TargetValue: sdk.Float64(p.Target)}
	if p.Metric != "" {
		ms.PredefinedMetricPairSpecification = &astypes.PredictiveScalingPredefinedMetricPair{
			PredefinedMetricType: astypes.PredefinedMetricPairType(p.Metric)}
		if p.Metric == model.MetricPairALBRequestCount {
			ms.PredefinedMetricPairSpecification.ResourceLabel = label()
		}
	} else {
		ms.PredefinedScalingMetricSpecification = &astypes.PredictiveScalingPredefinedScalingMetric{
			PredefinedMetricType: astypes.PredefinedScalingMetricType(p.ScalingMetric), ResourceLabel: labelIf(p.ScalingMetric)}
		ms.PredefinedLoadMetricSpecification = &astypes.PredictiveScalingPredefinedLoadMetric{
			PredefinedMetricType: astypes.PredefinedLoadMetricType(p.LoadMetric), ResourceLabel: labelIf(p.LoadMetric)}
	}
	c := &astypes.PredictiveScalingConfiguration{MetricSpecifications: []astypes.PredictiveScalingMetricSpecification{ms},
		Mode: astypes.PredictiveScalingMode(p.PredictiveMode()), SchedulingBufferTime: int32Ptr(p.SchedulingBufferSeconds),
		MaxCapacityBuffer: int32Ptr(p.MaxCapacityBuffer)}
	if p.MaxCapacityBreach != "" {
		c.MaxCapacityBreachBehavior = astypes.PredictiveScalingMaxCapacityBreachBehavior(p.MaxCapacityBreach)
	}
	return c
}

// convertLaunchSpec reads what a group launches from.
func convertLaunchSpec(g *astypes.AutoScalingGroup) model.LaunchSpec {
	var spec *astypes.LaunchTemplateSpecification
	var l model.LaunchSpec
	switch {
	case g.LaunchTemplate != nil:
		spec = g.LaunchTemplate
	case g.MixedInstancesPolicy != nil && g.MixedInstancesPolicy.LaunchTemplate != nil:
		lt := g.MixedInstancesPolicy.LaunchTemplate
		spec, l.Mixed = lt.LaunchTemplateSpecification, true
		for _, o := range lt.Overrides {
			if t := sdk.ToString(o.InstanceType); t != "" {
				l.Overrides = append(l.Overrides, t)
			}
			switch {
			case o.WeightedCapacity != nil:
				l.Complex = "weighted instance types"
			case o.InstanceRequirements != nil:
				l.Complex = "attribute-based instance types"
			case o.LaunchTemplateSpecification != nil:
				l.Complex = "instance types with launch templates of their own"
			}
		}
	}
	if spec == nil {
		return model.LaunchSpec{}
	}
	l.TemplateID, l.TemplateName, l.Version = sdk.ToString(spec.LaunchTemplateId), sdk.ToString(spec.LaunchTemplateName), sdk.ToString(spec.Version)
	return l
}

// ConvertRefresh converts one instance refresh.
func ConvertRefresh(r *astypes.InstanceRefresh) model.InstanceRefresh {
	out := model.InstanceRefresh{
		ID: sdk.ToString(r.InstanceRefreshId), Group: sdk.ToString(r.AutoScalingGroupName),
		Status: string(r.Status), StatusReason: sdk.ToString(r.StatusReason),
		Percent: int(sdk.ToInt32(r.PercentageComplete)), ToUpdate: int(sdk.ToInt32(r.InstancesToUpdate)),
		Start: sdk.ToTime(r.StartTime), End: sdk.ToTime(r.EndTime),
	}
	if p := r.Preferences; p != nil {
		out.Prefs = model.RefreshPrefs{MinHealthy: intPtr(p.MinHealthyPercentage), MaxHealthy: intPtr(p.MaxHealthyPercentage),
			WarmupSeconds: intPtr(p.InstanceWarmup), CheckpointDelay: intPtr(p.CheckpointDelay),
			SkipMatching: sdk.ToBool(p.SkipMatching), AutoRollback: sdk.ToBool(p.AutoRollback)}
		for _, c := range p.CheckpointPercentages {
			out.Prefs.Checkpoints = append(out.Prefs.Checkpoints, int(c))
		}
	}
	if dc := r.DesiredConfiguration; dc != nil && (dc.LaunchTemplate != nil || dc.MixedInstancesPolicy != nil) {
		l := convertLaunchSpec(&astypes.AutoScalingGroup{LaunchTemplate: dc.LaunchTemplate, MixedInstancesPolicy: dc.MixedInstancesPolicy})
		out.Desired = &l
	}
	if rb := r.RollbackDetails; rb != nil && rb.RollbackStartTime != nil {
		out.Rollback = &model.RefreshRollback{Reason: sdk.ToString(rb.RollbackReason), Start: sdk.ToTime(rb.RollbackStartTime),
			Percent: int(sdk.ToInt32(rb.PercentageCompleteOnRollback)), ToUpdate: int(sdk.ToInt32(rb.InstancesToUpdateOnRollback))}
	}
	return out
}

// ConvertTemplateVersion converts one launch template version.
func ConvertTemplateVersion(v *ec2types.LaunchTemplateVersion) model.LaunchTemplateVersion {
	out := model.LaunchTemplateVersion{Number: sdk.ToInt64(v.VersionNumber), Description: sdk.ToString(v.VersionDescription),
		Created: sdk.ToTime(v.CreateTime), CreatedBy: sdk.ToString(v.CreatedBy), Default: sdk.ToBool(v.DefaultVersion)}
	if d := v.LaunchTemplateData; d != nil {
		out.InstanceType, out.Image = string(d.InstanceType), sdk.ToString(d.ImageId)
	}
	return out
}

// ConvertForecast converts GetPredictiveScalingForecast's answer: the
// first load forecast (the policy's one metric specification) and the
// capacity forecast.
func ConvertForecast(policy model.PolicySpec, load []astypes.LoadForecast, capf *astypes.CapacityForecast, updated *time.Time) model.Forecast {
	f := model.Forecast{Policy: policy.Name, Updated: sdk.ToTime(updated)}
	if p := policy.Predictive; p != nil {
		f.Mode, f.Metric = p.PredictiveMode(), p.Metric
		if f.Metric == "" {
			f.Metric = p.LoadMetric
		}
	}
	if len(load) > 0 {
		f.Load = points(load[0].Timestamps, load[0].Values)
	}
	if capf != nil {
		f.Capacity = points(capf.Timestamps, capf.Values)
	}
	return f
}

func points(ts []time.Time, vs []float64) []model.Point {
	out := make([]model.Point, 0, len(ts))
	for i := range ts {
		if i < len(vs) {
			out = append(out, model.Point{T: ts[i].UTC(), V: vs[i]})
		}
	}
	return out
}

// convertMetric converts one ListMetrics entry.
func convertMetric(m *cwtypes.Metric) model.MetricID {
	id := model.MetricID{Namespace: sdk.ToString(m.Namespace), Name: sdk.ToString(m.MetricName)}
	for _, d := range m.Dimensions {
		id.Dimensions = append(id.Dimensions, model.Dimension{Name: sdk.ToString(d.Name), Value: sdk.ToString(d.Value)})
	}
	return id
}

// versionString is a launch template version number as the APIs take it.
func versionString(n int64) string { return strconv.FormatInt(n, 10) }
