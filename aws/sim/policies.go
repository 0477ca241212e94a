package sim

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

const (
	ptTarget     = "TargetTrackingScaling"
	ptStep       = "StepScaling"
	ptSimple     = "SimpleScaling"
	ptPredictive = "PredictiveScaling"
)

func (s *Simulator) policyByARN(arn string) *policy {
	// policy ARNs name their group: ...:autoScalingGroupName/<g>:policyName/<p>
	i := strings.Index(arn, ":autoScalingGroupName/")
	j := strings.LastIndex(arn, ":policyName/")
	if i < 0 || j < i {
		return nil
	}
	g := s.groups[arn[i+len(":autoScalingGroupName/"):j]]
	if g == nil {
		return nil
	}
	for _, p := range g.policies {
		if p.arn == arn {
			return p
		}
	}
	return nil
}

func (g *group) policy(name string) *policy {
	for _, p := range g.policies {
		if p.name == name {
			return p
		}
	}
	return nil
}

// ttMetric resolves a target tracking configuration to the alarm metric.
func (s *Simulator) ttMetric(g *group, tt *astypes.TargetTrackingConfiguration) (ns, name string, dims []cwtypes.Dimension, stat cwtypes.Statistic, metrics []cwtypes.MetricDataQuery, err error) {
	gd := []cwtypes.Dimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(g.name)}}
	if p := tt.PredefinedMetricSpecification; p != nil {
		switch p.PredefinedMetricType {
		case astypes.MetricTypeASGAverageCPUUtilization:
			return nsEC2, "CPUUtilization", gd, cwtypes.StatisticAverage, nil, nil
		case astypes.MetricTypeASGAverageNetworkIn:
			return nsEC2, "NetworkIn", gd, cwtypes.StatisticAverage, nil, nil
		case astypes.MetricTypeASGAverageNetworkOut:
			return nsEC2, "NetworkOut", gd, cwtypes.StatisticAverage, nil, nil
		case astypes.MetricTypeALBRequestCountPerTarget:
			tg, err := s.resourceLabelTG(g, aws.ToString(p.ResourceLabel))
			if err != nil {
				return "", "", nil, "", nil, err
			}
			return nsALB, "RequestCountPerTarget", []cwtypes.Dimension{{Name: aws.String("TargetGroup"), Value: aws.String(tg.dimension)}}, cwtypes.StatisticSum, nil, nil
		}
		return "", "", nil, "", nil, apiErr("ValidationError", "Unsupported predefined metric type %q.", p.PredefinedMetricType)
	}
	if c := tt.CustomizedMetricSpecification; c != nil {
		if len(c.Metrics) > 0 {
			for _, q := range c.Metrics {
				mq := cwtypes.MetricDataQuery{Id: q.Id, Expression: q.Expression, Label: q.Label, ReturnData: q.ReturnData}
				if q.MetricStat != nil && q.MetricStat.Metric != nil {
					var ds []cwtypes.Dimension
					for _, d := range q.MetricStat.Metric.Dimensions {
						ds = append(ds, cwtypes.Dimension{Name: d.Name, Value: d.Value})
					}
					mq.MetricStat = &cwtypes.MetricStat{
						Metric: &cwtypes.Metric{Namespace: q.MetricStat.Metric.Namespace, MetricName: q.MetricStat.Metric.MetricName, Dimensions: ds},
						Period: aws.Int32(60), Stat: q.MetricStat.Stat,
					}
				}
				metrics = append(metrics, mq)
			}
			return "", "", nil, "", metrics, nil
		}
		var ds []cwtypes.Dimension
		for _, d := range c.Dimensions {
			ds = append(ds, cwtypes.Dimension{Name: d.Name, Value: d.Value})
		}
		st := cwtypes.Statistic(c.Statistic)
		if st == "" {
			st = cwtypes.StatisticAverage
		}
		return aws.ToString(c.Namespace), aws.ToString(c.MetricName), ds, st, nil, nil
	}
	return "", "", nil, "", nil, apiErr("ValidationError", "A target tracking configuration needs a predefined or customized metric specification.")
}

// putPolicy creates or replaces a scaling policy, as PutScalingPolicy does.
// Target tracking creates its two alarms.
func (s *Simulator) putPolicy(g *group, in *autoscaling.PutScalingPolicyInput) (*policy, error) {
	name := aws.ToString(in.PolicyName)
	if name == "" || len(name) > 255 {
		return nil, apiErr("ValidationError", "1 validation error detected: Value at 'policyName' failed to satisfy constraint: Member must have length between 1 and 255")
	}
	typ := aws.ToString(in.PolicyType)
	if typ == "" {
		typ = ptSimple
	}
	if err := s.validatePolicy(g, typ, in); err != nil {
		return nil, err
	}
	adjType := aws.ToString(in.AdjustmentType)
	p := g.policy(name)
	isNew := p == nil
	if isNew && len(g.policies) >= 50 {
		return nil, apiErr("LimitExceeded", "You have reached the limit of 50 scaling policies for Auto Scaling group %s.", g.name)
	}
	if isNew {
		p = &policy{name: name, g: g,
			arn: fmt.Sprintf("arn:aws:autoscaling:%s:%s:scalingPolicy:%s:autoScalingGroupName/%s:policyName/%s", s.region, Account, s.uuid(), g.name, name)}
	}
	p.typ, p.adjType, p.adj, p.steps = typ, adjType, in.ScalingAdjustment, in.StepAdjustments
	p.minMag, p.cooldown, p.warmup = in.MinAdjustmentMagnitude, in.Cooldown, in.EstimatedInstanceWarmup
	p.enabled = in.Enabled == nil || *in.Enabled
	p.aggType = aws.ToString(in.MetricAggregationType)
	if typ == ptStep && p.aggType == "" {
		p.aggType = "Average"
	}
	p.tt, p.pred = in.TargetTrackingConfiguration, in.PredictiveScalingConfiguration
	if p.pred != nil && p.pred.Mode == "" {
		p.pred.Mode = astypes.PredictiveScalingModeForecastOnly
	}
	for _, a := range p.ttAlarms {
		s.deleteAlarm(a)
	}
	p.ttAlarms = nil
	if typ == ptTarget {
		if err := s.ttAlarms(g, p); err != nil {
			return nil, err
		}
	}
	if isNew {
		g.policies = append(g.policies, p)
	}
	return p, nil
}

func (s *Simulator) ttAlarms(g *group, p *policy) error {
	ns, mname, dims, stat, metrics, err := s.ttMetric(g, p.tt)
	if err != nil {
		return err
	}
	target := aws.ToFloat64(p.tt.TargetValue)
	desc := "DO NOT EDIT OR DELETE. For TargetTrackingScaling policy " + p.arn + "."
	mk := func(kind string, op cwtypes.ComparisonOperator, th float64, n int32) error {
		in := &cloudwatch.PutMetricAlarmInput{
			AlarmName:          aws.String(fmt.Sprintf("TargetTracking-%s-Alarm%s-%s", g.name, kind, s.uuid())),
			AlarmDescription:   aws.String(desc),
			AlarmActions:       []string{p.arn},
			ComparisonOperator: op, Threshold: aws.Float64(th),
			EvaluationPeriods: aws.Int32(n), DatapointsToAlarm: aws.Int32(n),
		}
		if len(metrics) > 0 {
			in.Metrics = metrics
		} else {
			in.Namespace, in.MetricName, in.Dimensions, in.Statistic, in.Period = aws.String(ns), aws.String(mname), dims, stat, aws.Int32(60)
		}
		a, err := s.putAlarm(in)
		if err != nil {
			return err
		}
		a.ttPolicy = p
		p.ttAlarms = append(p.ttAlarms, aws.ToString(in.AlarmName))
		return nil
	}
	if err := mk("High", cwtypes.ComparisonOperatorGreaterThanThreshold, target, 3); err != nil {
		return err
	}
	if !aws.ToBool(p.tt.DisableScaleIn) {
		return mk("Low", cwtypes.ComparisonOperatorLessThanThreshold, target*0.9, 15)
	}
	return nil
}

func (s *Simulator) deletePolicy(g *group, p *policy) {
	for _, a := range p.ttAlarms {
		s.deleteAlarm(a)
	}
	for i, x := range g.policies {
		if x == p {
			g.policies = append(g.policies[:i], g.policies[i+1:]...)
			break
		}
	}
}

// alarmValue is the alarm's newest datapoint.
func (s *Simulator) alarmValue(a *alarm) (float64, bool) {
	pts := s.alarmData(a)
	for i := len(pts) - 1; i >= 0; i-- {
		if pts[i].has {
			return pts[i].v, true
		}
	}
	return 0, false
}

// alarmInvokes runs a policy because its alarm is in ALARM, unless the
// group's AlarmNotification process is suspended.
func (s *Simulator) alarmInvokes(p *policy, a *alarm) {
	g := p.g
	if g.isSuspended("AlarmNotification") || !p.enabled || g.status != "" {
		return
	}
	v, ok := s.alarmValue(a)
	if !ok {
		return
	}
	name := aws.ToString(a.m.AlarmName)
	reason := fmt.Sprintf("a monitor alarm %s in state ALARM triggered policy %s", name, p.name)
	switch p.typ {
	case ptTarget:
		s.targetTrack(p, strings.Contains(name, "-AlarmHigh-"), v, reason)
	case ptStep:
		s.stepScale(p, v, aws.ToFloat64(a.m.Threshold), reason)
	case ptSimple:
		s.simpleScale(p, reason, true)
	}
	s.history(name, cwtypes.HistoryItemTypeAction, "Successfully executed action "+p.arn, "")
}

// targetTrack scales proportionally to metric/target. Instances still
// warming are left out of the base (their load is not in the metric yet),
// and scale-in waits for warm-up, as AWS documents.
func (s *Simulator) targetTrack(p *policy, high bool, v float64, reason string) {
	g := p.g
	target := aws.ToFloat64(p.tt.TargetValue)
	if target <= 0 {
		return
	}
	warm, notWarm := s.warmingCount(g, p)
	if high {
		base := notWarm
		if base == 0 {
			base = max(g.active(), 1)
		}
		want := int(math.Ceil(float64(base) * v / target))
		want = min(want, g.max)
		if want > g.desired {
			s.setDesired(g, want, reason)
			p.lastScale = s.now
		}
		return
	}
	if aws.ToBool(p.tt.DisableScaleIn) || warm > 0 || s.now.Sub(p.lastScale) < 5*time.Minute {
		return
	}
	want := int(math.Ceil(float64(notWarm) * v / target))
	floor := max(g.min, g.predicted)
	step := max(1, g.desired/10)
	want = max(want, g.desired-step, floor)
	if want < g.desired {
		s.setDesired(g, want, reason)
		p.lastScale = s.now
	}
}

// adjust applies an adjustment to the current desired capacity.
func (p *policy) adjust(desired int, adj int32) int {
	switch p.adjType {
	case "ExactCapacity":
		return int(adj)
	case "PercentChangeInCapacity":
		d := float64(desired) * float64(adj) / 100
		var n int
		switch {
		case d > 0 && d < 1:
			n = 1
		case d < 0 && d > -1:
			n = -1
		default:
			n = int(d) // AWS rounds other values toward zero
		}
		if p.minMag != nil && abs(n) < int(*p.minMag) {
			if n < 0 {
				n = -int(*p.minMag)
			} else {
				n = int(*p.minMag)
			}
		}
		return desired + n
	default:
		return desired + int(adj)
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// stepScale picks the step for the breach size. While instances launched by
// an earlier step warm up, only a larger step adds capacity (the difference).
func (s *Simulator) stepScale(p *policy, v, threshold float64, reason string) {
	g := p.g
	breach := v - threshold
	var step *astypes.StepAdjustment
	for i := range p.steps {
		st := &p.steps[i]
		lo, hi := math.Inf(-1), math.Inf(1)
		if st.MetricIntervalLowerBound != nil {
			lo = *st.MetricIntervalLowerBound
		}
		if st.MetricIntervalUpperBound != nil {
			hi = *st.MetricIntervalUpperBound
		}
		if breach >= lo && breach < hi || (hi == math.Inf(1) && breach >= lo) {
			step = st
			break
		}
	}
	if step == nil || step.ScalingAdjustment == nil {
		return
	}
	adj := *step.ScalingAdjustment
	warm, _ := s.warmingCount(g, p)
	want := p.adjust(g.desired, adj)
	if adj > 0 && p.adjType == "ChangeInCapacity" && warm > 0 {
		if adj <= p.lastStep {
			return
		}
		want = g.desired + int(adj-p.lastStep)
	}
	if warm == 0 {
		p.lastStep = 0
	}
	want = clampi(want, g.min, g.max)
	if want != g.desired {
		if adj > 0 {
			p.lastStep = adj
		}
		s.setDesired(g, want, reason)
		p.lastScale = s.now
	}
}

// simpleScale applies the adjustment and starts the cooldown; while the
// cooldown runs, further simple scaling waits.
func (s *Simulator) simpleScale(p *policy, reason string, honorCooldown bool) bool {
	g := p.g
	if honorCooldown && s.now.Before(g.cooldownUntil) {
		return false
	}
	want := clampi(p.adjust(g.desired, aws.ToInt32(p.adj)), g.min, g.max)
	cool := g.defaultCool
	if p.cooldown != nil {
		cool = int(*p.cooldown)
	}
	g.cooldownUntil = s.now.Add(time.Duration(cool) * time.Second)
	if want != g.desired {
		s.setDesired(g, want, reason)
		p.lastScale = s.now
	}
	return true
}
