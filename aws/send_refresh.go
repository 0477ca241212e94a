package aws

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"

	"github.com/solemate/hoist/model"
)

// The re-reads and sends of instance refreshes and of the launch template
// changes of a resize: one call each, never retried.

// refreshesPageSize is how many of a group's refreshes hoist reads: the
// running one and the recent ones (DescribeInstanceRefreshes pages by
// 50 by default, at most 100; newest first).
const refreshesPageSize = 10

// describeRefreshes reads the group's most recent instance refreshes,
// newest first.
func (s *Session) describeRefreshes(ctx context.Context, group string) ([]model.InstanceRefresh, error) {
	o, err := s.asg.DescribeInstanceRefreshes(ctx, &autoscaling.DescribeInstanceRefreshesInput{
		AutoScalingGroupName: sdk.String(group), MaxRecords: sdk.Int32(refreshesPageSize)})
	if err != nil {
		return nil, classify("autoscaling:DescribeInstanceRefreshes", err)
	}
	out := make([]model.InstanceRefresh, 0, len(o.InstanceRefreshes))
	for i := range o.InstanceRefreshes {
		out = append(out, ConvertRefresh(&o.InstanceRefreshes[i]))
	}
	slices.SortStableFunc(out, func(a, b model.InstanceRefresh) int { return b.Start.Compare(a.Start) })
	return out, nil
}

// readRefresh reads the group and its refreshes.
func (s *Session) readRefresh(ctx context.Context, ref model.Ref) (fresh, error) {
	f, err := s.readGroup(ctx, ref)
	if err != nil || f.cur.Group == nil {
		return f, err
	}
	f.cur.Refreshes, err = s.describeRefreshes(ctx, ref.Group)
	return f, err
}

// launchTemplateSpec is a model launch spec as the Auto Scaling API
// names a template: by id, or else by name.
func launchTemplateSpec(l model.LaunchSpec) *astypes.LaunchTemplateSpecification {
	spec := &astypes.LaunchTemplateSpecification{}
	if l.TemplateID != "" {
		spec.LaunchTemplateId = sdk.String(l.TemplateID)
	} else {
		spec.LaunchTemplateName = sdk.String(l.TemplateName)
	}
	if l.Version != "" {
		spec.Version = sdk.String(l.Version)
	}
	return spec
}

// RefreshInput is the StartInstanceRefresh request of a.
func RefreshInput(a model.StartRefresh) *autoscaling.StartInstanceRefreshInput {
	p := a.Prefs
	prefs := &astypes.RefreshPreferences{
		MinHealthyPercentage: int32Ptr(p.MinHealthy), MaxHealthyPercentage: int32Ptr(p.MaxHealthy),
		InstanceWarmup: int32Ptr(p.WarmupSeconds), CheckpointDelay: int32Ptr(p.CheckpointDelay),
		SkipMatching: sdk.Bool(p.SkipMatching), AutoRollback: sdk.Bool(p.AutoRollback),
	}
	for _, c := range p.Checkpoints {
		prefs.CheckpointPercentages = append(prefs.CheckpointPercentages, int32(c))
	}
	in := &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: sdk.String(a.Group),
		Strategy: astypes.RefreshStrategyRolling, Preferences: prefs}
	if d := a.Desired; d != nil {
		in.DesiredConfiguration = &astypes.DesiredConfiguration{LaunchTemplate: launchTemplateSpec(*d)}
	}
	return in
}

func (s *Session) startRefresh(ctx context.Context, a model.StartRefresh, _ fresh, _ string) (string, error) {
	o, err := s.asg.StartInstanceRefresh(ctx, RefreshInput(a), once)
	if err != nil {
		return "", classify("autoscaling:StartInstanceRefresh", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) cancelRefresh(ctx context.Context, a model.CancelRefresh, _ fresh, _ string) (string, error) {
	o, err := s.asg.CancelInstanceRefresh(ctx, &autoscaling.CancelInstanceRefreshInput{AutoScalingGroupName: sdk.String(a.Group)}, once)
	if err != nil {
		return "", classify("autoscaling:CancelInstanceRefresh", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) rollbackRefresh(ctx context.Context, a model.RollbackRefresh, _ fresh, _ string) (string, error) {
	o, err := s.asg.RollbackInstanceRefresh(ctx, &autoscaling.RollbackInstanceRefreshInput{AutoScalingGroupName: sdk.String(a.Group)}, once)
	if err != nil {
		return "", classify("autoscaling:RollbackInstanceRefresh", err)
	}
	return requestID(o.ResultMetadata), nil
}

// templatePages bounds how many pages of versions hoist reads (200 each,
// newest first): a template's recent history, not its all.
const templatePages = 5

// describeTemplate reads a launch template's versions, newest first; nil
// when the template does not exist. ref is its id or "name:" and its name.
func (s *Session) describeTemplate(ctx context.Context, ref string) (*model.LaunchTemplate, error) {
	in := &ec2.DescribeLaunchTemplateVersionsInput{MaxResults: sdk.Int32(200)}
	if name, ok := strings.CutPrefix(ref, "name:"); ok {
		in.LaunchTemplateName = sdk.String(name)
	} else {
		in.LaunchTemplateId = sdk.String(ref)
	}
	lt := &model.LaunchTemplate{}
	pg := ec2.NewDescribeLaunchTemplateVersionsPaginator(s.ec2, in)
	for page := 0; pg.HasMorePages() && page < templatePages; page++ {
		o, err := pg.NextPage(ctx)
		var ae smithy.APIError
		if errors.As(err, &ae) && strings.Contains(ae.ErrorCode(), "NotFound") {
			return nil, nil
		}
		if err != nil {
			return nil, classify("ec2:DescribeLaunchTemplateVersions", err)
		}
		for i := range o.LaunchTemplateVersions {
			v := &o.LaunchTemplateVersions[i]
			lt.ID, lt.Name = sdk.ToString(v.LaunchTemplateId), sdk.ToString(v.LaunchTemplateName)
			mv := ConvertTemplateVersion(v)
			lt.Latest = max(lt.Latest, mv.Number)
			if mv.Default {
				lt.Default = mv.Number
			}
			lt.Versions = append(lt.Versions, mv)
		}
	}
	if len(lt.Versions) == 0 {
		return nil, nil
	}
	slices.SortFunc(lt.Versions, func(a, b model.LaunchTemplateVersion) int { return int(b.Number - a.Number) })
	return lt, nil
}

func (s *Session) readLaunchTemplate(ctx context.Context, ref model.Ref) (fresh, error) {
	lt, err := s.describeTemplate(ctx, ref.Name)
	return fresh{cur: model.Current{LaunchTemplate: lt}}, err
}

// CreateVersionInput is the CreateLaunchTemplateVersion request of a: a
// copy of its source version with only the instance type replaced.
func CreateVersionInput(a model.CreateTemplateVersion) *ec2.CreateLaunchTemplateVersionInput {
	in := &ec2.CreateLaunchTemplateVersionInput{
		SourceVersion:      sdk.String(versionString(a.Source)),
		VersionDescription: sdk.String(a.Description()),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{InstanceType: ec2types.InstanceType(a.ToType)},
	}
	if a.Template.TemplateID != "" {
		in.LaunchTemplateId = sdk.String(a.Template.TemplateID)
	} else {
		in.LaunchTemplateName = sdk.String(a.Template.TemplateName)
	}
	return in
}

func (s *Session) createVersion(ctx context.Context, a model.CreateTemplateVersion, _ fresh, _ string) (string, error) {
	o, err := s.ec2.CreateLaunchTemplateVersion(ctx, CreateVersionInput(a), ec2Once)
	if err != nil {
		return "", classify("ec2:CreateLaunchTemplateVersion", err)
	}
	return requestID(o.ResultMetadata), nil
}

// readLaunch reads the group whole: setting a mixed instances policy's
// overrides re-sends the rest of the policy as AWS holds it.
func (s *Session) readLaunch(ctx context.Context, ref model.Ref) (fresh, error) {
	o, err := s.asg.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{ref.Group}})
	if err != nil {
		return fresh{}, classify("autoscaling:DescribeAutoScalingGroups", err)
	}
	var f fresh
	for i := range o.AutoScalingGroups {
		if raw := &o.AutoScalingGroups[i]; sdk.ToString(raw.AutoScalingGroupName) == ref.Group {
			g := ConvertGroup(raw)
			f.cur.Group, f.group = &g, raw
		}
	}
	return f, nil
}

// LaunchInput is the UpdateAutoScalingGroup request that makes the group
// launch from a.To: its launch template, or its mixed instances policy
// as AWS holds it (raw) with the template version and overrides replaced.
func LaunchInput(a model.SetLaunch, raw *astypes.AutoScalingGroup) (*autoscaling.UpdateAutoScalingGroupInput, error) {
	in := &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: sdk.String(a.Group)}
	if !a.To.Mixed {
		in.LaunchTemplate = launchTemplateSpec(a.To)
		return in, nil
	}
	if raw == nil || raw.MixedInstancesPolicy == nil || raw.MixedInstancesPolicy.LaunchTemplate == nil {
		return nil, &model.ValidationError{Msg: fmt.Sprintf("%s no longer has a mixed instances policy", a.Group)}
	}
	mip := *raw.MixedInstancesPolicy
	lt := *mip.LaunchTemplate
	lt.LaunchTemplateSpecification = launchTemplateSpec(a.To)
	lt.Overrides = nil
	for _, t := range a.To.Overrides {
		lt.Overrides = append(lt.Overrides, astypes.LaunchTemplateOverrides{InstanceType: sdk.String(t)})
	}
	mip.LaunchTemplate = &lt
	in.MixedInstancesPolicy = &mip
	return in, nil
}

func (s *Session) setLaunch(ctx context.Context, a model.SetLaunch, f fresh, _ string) (string, error) {
	in, err := LaunchInput(a, f.group)
	if err != nil {
		return "", err
	}
	o, err := s.asg.UpdateAutoScalingGroup(ctx, in, once)
	if err != nil {
		return "", classify("autoscaling:UpdateAutoScalingGroup", err)
	}
	return requestID(o.ResultMetadata), nil
}

// Refreshes reads the group's recent instance refreshes, newest first.
func (s *Session) Refreshes(ctx context.Context, group string) ([]model.InstanceRefresh, error) {
	return s.describeRefreshes(ctx, group)
}
