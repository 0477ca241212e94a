package aws

import (
	"context"
	"fmt"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/solemate/hoist/model"
)

// The sends of the Auto Scaling actions: one call each, never retried
// (once). The registry (registry.go) maps each action kind to one of them.

// setDesired sends the absolute value; with limits that move too it is
// one UpdateAutoScalingGroup so the three change together.
func (s *Session) setDesired(ctx context.Context, a model.SetDesired, _ fresh, _ string) (string, error) {
	if a.ChangesLimits() {
		to := a.To()
		return s.updateCapacity(ctx, a.Group, to)
	}
	o, err := s.asg.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{
		AutoScalingGroupName: sdk.String(a.Group),
		DesiredCapacity:      sdk.Int32(int32(a.Desired)),
		HonorCooldown:        sdk.Bool(a.HonorCooldown),
	}, once)
	if err != nil {
		return "", classify("autoscaling:SetDesiredCapacity", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) setLimits(ctx context.Context, a model.SetLimits, _ fresh, _ string) (string, error) {
	return s.updateCapacity(ctx, a.Group, a.To)
}

func (s *Session) updateCapacity(ctx context.Context, group string, c model.Capacity) (string, error) {
	o, err := s.asg.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: sdk.String(group),
		MinSize:              sdk.Int32(int32(c.Min)),
		DesiredCapacity:      sdk.Int32(int32(c.Desired)),
		MaxSize:              sdk.Int32(int32(c.Max)),
	}, once)
	if err != nil {
		return "", classify("autoscaling:UpdateAutoScalingGroup", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) suspend(ctx context.Context, a model.SuspendProcesses, _ fresh, _ string) (string, error) {
	o, err := s.asg.SuspendProcesses(ctx, &autoscaling.SuspendProcessesInput{
		AutoScalingGroupName: sdk.String(a.Group), ScalingProcesses: a.Processes,
	}, once)
	if err != nil {
		return "", classify("autoscaling:SuspendProcesses", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) resume(ctx context.Context, a model.ResumeProcesses, _ fresh, _ string) (string, error) {
	// model.Validate refuses an empty list: an empty ScalingProcesses
	// would resume every process.
	o, err := s.asg.ResumeProcesses(ctx, &autoscaling.ResumeProcessesInput{
		AutoScalingGroupName: sdk.String(a.Group), ScalingProcesses: a.Processes,
	}, once)
	if err != nil {
		return "", classify("autoscaling:ResumeProcesses", err)
	}
	return requestID(o.ResultMetadata), nil
}

// PolicyInput rebuilds the PutScalingPolicy input that re-creates p as AWS
// holds it, with the operator's settings applied: PutScalingPolicy
// replaces the whole policy, so every field of its type is carried over.
// Fields of other types are left out: AWS rejects them, and emulators
// echo empty ones (moto returns an empty predictive configuration on
// every policy).
func PolicyInput(p *astypes.ScalingPolicy, set model.PolicySettings) *autoscaling.PutScalingPolicyInput {
	in := &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: p.AutoScalingGroupName,
		PolicyName:           p.PolicyName,
		PolicyType:           p.PolicyType,
		Enabled:              sdk.Bool(set.Enabled),
	}
	typ := sdk.ToString(p.PolicyType)
	if typ == "" {
		typ = model.PolicySimple
	}
	switch typ {
	case model.PolicySimple:
		in.AdjustmentType = p.AdjustmentType
		in.Cooldown = p.Cooldown
		in.ScalingAdjustment = p.ScalingAdjustment
		in.MinAdjustmentMagnitude = p.MinAdjustmentMagnitude
	case model.PolicyStep:
		in.AdjustmentType = p.AdjustmentType
		in.MetricAggregationType = p.MetricAggregationType
		in.StepAdjustments = p.StepAdjustments
		in.EstimatedInstanceWarmup = p.EstimatedInstanceWarmup
		in.MinAdjustmentMagnitude = p.MinAdjustmentMagnitude
	case model.PolicyTargetTracking:
		in.EstimatedInstanceWarmup = p.EstimatedInstanceWarmup
		if tt := p.TargetTrackingConfiguration; tt != nil {
			c := *tt
			c.TargetValue = sdk.Float64(set.TargetValue)
			c.DisableScaleIn = sdk.Bool(set.DisableScaleIn)
			in.TargetTrackingConfiguration = &c
		}
	case model.PolicyPredictive:
		in.PredictiveScalingConfiguration = p.PredictiveScalingConfiguration
	}
	return in
}

func (s *Session) editPolicy(ctx context.Context, a model.EditPolicy, f fresh, _ string) (string, error) {
	p := f.policy
	if p == nil {
		return "", &model.ValidationError{Msg: fmt.Sprintf("policy %q no longer exists on %s", a.Policy, a.Group)}
	}
	o, err := s.asg.PutScalingPolicy(ctx, PolicyInput(p, a.To), once)
	if err != nil {
		return "", classify("autoscaling:PutScalingPolicy", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) deletePolicy(ctx context.Context, a model.DeletePolicy, _ fresh, _ string) (string, error) {
	o, err := s.asg.DeletePolicy(ctx, &autoscaling.DeletePolicyInput{
		AutoScalingGroupName: sdk.String(a.Group), PolicyName: sdk.String(a.Policy),
	}, once)
	if err != nil {
		return "", classify("autoscaling:DeletePolicy", err)
	}
	return requestID(o.ResultMetadata), nil
}

// executePolicy runs a relative policy once; never retried (see once).
func (s *Session) executePolicy(ctx context.Context, a model.ExecutePolicy, _ fresh, _ string) (string, error) {
	o, err := s.asg.ExecutePolicy(ctx, &autoscaling.ExecutePolicyInput{
		AutoScalingGroupName: sdk.String(a.Group),
		PolicyName:           sdk.String(a.Policy),
		HonorCooldown:        sdk.Bool(a.HonorCooldown),
		MetricValue:          a.MetricValue,
		BreachThreshold:      a.Threshold,
	}, once)
	if err != nil {
		return "", classify("autoscaling:ExecutePolicy", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) setInstanceHealth(ctx context.Context, a model.SetInstanceHealth, _ fresh, _ string) (string, error) {
	o, err := s.asg.SetInstanceHealth(ctx, &autoscaling.SetInstanceHealthInput{
		InstanceId:               sdk.String(a.Instance),
		HealthStatus:             sdk.String(a.Health),
		ShouldRespectGracePeriod: sdk.Bool(a.RespectGrace),
	}, once)
	if err != nil {
		return "", classify("autoscaling:SetInstanceHealth", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) terminate(ctx context.Context, a model.TerminateInstance, _ fresh, _ string) (string, error) {
	o, err := s.asg.TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{
		InstanceId:                     sdk.String(a.Instance),
		ShouldDecrementDesiredCapacity: sdk.Bool(a.Decrement),
	}, once)
	if err != nil {
		return "", classify("autoscaling:TerminateInstanceInAutoScalingGroup", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) enterStandby(ctx context.Context, a model.EnterStandby, _ fresh, _ string) (string, error) {
	o, err := s.asg.EnterStandby(ctx, &autoscaling.EnterStandbyInput{
		AutoScalingGroupName:           sdk.String(a.Group),
		InstanceIds:                    []string{a.Instance},
		ShouldDecrementDesiredCapacity: sdk.Bool(a.Decrement),
	}, once)
	if err != nil {
		return "", classify("autoscaling:EnterStandby", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) exitStandby(ctx context.Context, a model.ExitStandby, _ fresh, _ string) (string, error) {
	o, err := s.asg.ExitStandby(ctx, &autoscaling.ExitStandbyInput{
		AutoScalingGroupName: sdk.String(a.Group), InstanceIds: []string{a.Instance},
	}, once)
	if err != nil {
		return "", classify("autoscaling:ExitStandby", err)
	}
	return requestID(o.ResultMetadata), nil
}
