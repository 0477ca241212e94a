package aws

import (
	"context"
	"errors"
	"maps"
	"slices"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/smithy-go"

	"github.com/solemate/hoist/model"
)

// The re-reads and sends of the target group actions: one call each,
// never retried (elbOnce).

// readTargetGroup reads one target group by ARN; one that no longer
// exists leaves Current.TargetGroup nil.
func (s *Session) readTargetGroup(ctx context.Context, ref model.Ref) (fresh, error) {
	o, err := s.elb.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{TargetGroupArns: []string{ref.Name}})
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "TargetGroupNotFound" {
		return fresh{}, nil
	}
	if err != nil {
		return fresh{}, classify("elasticloadbalancing:DescribeTargetGroups", err)
	}
	var f fresh
	for i := range o.TargetGroups {
		if sdk.ToString(o.TargetGroups[i].TargetGroupArn) == ref.Name {
			tg := ConvertTargetGroup(&o.TargetGroups[i])
			f.cur.TargetGroup = &tg
		}
	}
	return f, nil
}

// readTargetGroupAttributes reads the target group and its attributes.
func (s *Session) readTargetGroupAttributes(ctx context.Context, ref model.Ref) (fresh, error) {
	return s.readTargetGroupWith(ctx, ref, func(tg *model.TargetGroup) (err error) {
		tg.Attributes, err = s.describeTargetGroupAttributes(ctx, ref.Name)
		return err
	})
}

// readTargets reads the target group and its targets' health.
func (s *Session) readTargets(ctx context.Context, ref model.Ref) (fresh, error) {
	return s.readTargetGroupWith(ctx, ref, func(tg *model.TargetGroup) (err error) {
		tg.Targets, err = s.describeTargetHealth(ctx, ref.Name)
		return err
	})
}

// readTargetGroupWith reads the target group and, when it exists, what
// add reads into it.
func (s *Session) readTargetGroupWith(ctx context.Context, ref model.Ref, add func(*model.TargetGroup) error) (fresh, error) {
	f, err := s.readTargetGroup(ctx, ref)
	if err != nil || f.cur.TargetGroup == nil {
		return f, err
	}
	if err := add(f.cur.TargetGroup); err != nil {
		return fresh{}, err
	}
	return f, nil
}

// HealthCheckInput is the ModifyTargetGroup request that sets a's health
// check: every field hoist edits, as absolute values. The path and the
// success codes go only with an HTTP(S) health check, as AWS refuses them
// on a TCP one.
func HealthCheckInput(a model.EditHealthCheck) *elb.ModifyTargetGroupInput {
	t := a.To
	in := &elb.ModifyTargetGroupInput{
		TargetGroupArn:             sdk.String(a.TargetGroup),
		HealthCheckIntervalSeconds: sdk.Int32(int32(t.Interval / time.Second)),
		HealthCheckTimeoutSeconds:  sdk.Int32(int32(t.Timeout / time.Second)),
		HealthyThresholdCount:      sdk.Int32(int32(t.HealthyThreshold)),
		UnhealthyThresholdCount:    sdk.Int32(int32(t.UnhealthyThreshold)),
	}
	if t.Port != "" {
		in.HealthCheckPort = sdk.String(t.Port)
	}
	if model.HTTPHealthCheck(t) {
		in.HealthCheckPath = sdk.String(t.Path)
		if t.Matcher != "" {
			in.Matcher = &elbtypes.Matcher{HttpCode: sdk.String(t.Matcher)}
		}
	}
	return in
}

func (s *Session) editHealthCheck(ctx context.Context, a model.EditHealthCheck, _ fresh, _ string) (string, error) {
	o, err := s.elb.ModifyTargetGroup(ctx, HealthCheckInput(a), elbOnce)
	if err != nil {
		return "", classify("elasticloadbalancing:ModifyTargetGroup", err)
	}
	return requestID(o.ResultMetadata), nil
}

// editAttributes sends every attribute the action names, at its new value.
func (s *Session) editAttributes(ctx context.Context, a model.EditAttributes, _ fresh, _ string) (string, error) {
	in := &elb.ModifyTargetGroupAttributesInput{TargetGroupArn: sdk.String(a.TargetGroup)}
	for _, k := range slices.Sorted(maps.Keys(a.To)) {
		in.Attributes = append(in.Attributes, elbtypes.TargetGroupAttribute{Key: sdk.String(k), Value: sdk.String(a.To[k])})
	}
	o, err := s.elb.ModifyTargetGroupAttributes(ctx, in, elbOnce)
	if err != nil {
		return "", classify("elasticloadbalancing:ModifyTargetGroupAttributes", err)
	}
	return requestID(o.ResultMetadata), nil
}

func targets(ids []string, port int) []elbtypes.TargetDescription {
	out := make([]elbtypes.TargetDescription, 0, len(ids))
	for _, id := range ids {
		t := elbtypes.TargetDescription{Id: sdk.String(id)}
		if port > 0 {
			t.Port = sdk.Int32(int32(port))
		}
		out = append(out, t)
	}
	return out
}

func (s *Session) registerTargets(ctx context.Context, a model.RegisterTargets, _ fresh, _ string) (string, error) {
	o, err := s.elb.RegisterTargets(ctx, &elb.RegisterTargetsInput{
		TargetGroupArn: sdk.String(a.TargetGroup), Targets: targets(a.Send(), a.Port),
	}, elbOnce)
	if err != nil {
		return "", classify("elasticloadbalancing:RegisterTargets", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) deregisterTargets(ctx context.Context, a model.DeregisterTargets, _ fresh, _ string) (string, error) {
	o, err := s.elb.DeregisterTargets(ctx, &elb.DeregisterTargetsInput{
		TargetGroupArn: sdk.String(a.TargetGroup), Targets: targets(a.Send(), 0),
	}, elbOnce)
	if err != nil {
		return "", classify("elasticloadbalancing:DeregisterTargets", err)
	}
	return requestID(o.ResultMetadata), nil
}
