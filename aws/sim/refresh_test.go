package sim

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func lastRefresh(t *testing.T, s *Simulator, group string) astypes.InstanceRefresh {
	t.Helper()
	out := must(autoScalingAPI{s}.DescribeInstanceRefreshes(bg, &autoscaling.DescribeInstanceRefreshesInput{AutoScalingGroupName: aws.String(group)}))
	if len(out.InstanceRefreshes) == 0 {
		t.Fatalf("%s has no instance refresh", group)
	}
	return out.InstanceRefreshes[0]
}

// advanceUntil steps the clock a minute at a time until ok or limit.
func advanceUntil(s *Simulator, limit time.Duration, ok func() bool) bool {
	for end := s.Now().Add(limit); s.Now().Before(end); {
		s.Advance(time.Minute)
		if ok() {
			return true
		}
	}
	return false
}

// The bad deploy is rolled back: the instances launched from its version
// are replaced from the group's own, which the refresh never changed.
func TestRollbackUndoesTheBadDeploy(t *testing.T) {
	s := newSim(t, Options{Seed: 6})
	api := autoScalingAPI{s}
	before := aws.ToString(groupLT(asg(t, s, webGroup)).Version)
	_ = s.SetScenario("bad-deploy")
	s.Advance(4 * time.Minute)
	r := lastRefresh(t, s, webGroup)
	if r.Status != astypes.InstanceRefreshStatusInProgress || r.DesiredConfiguration == nil {
		t.Fatalf("bad deploy refresh: %s, desired %+v", r.Status, r.DesiredConfiguration)
	}
	bad := aws.ToString(r.DesiredConfiguration.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.Version)
	must(api.RollbackInstanceRefresh(bg, &autoscaling.RollbackInstanceRefreshInput{AutoScalingGroupName: aws.String(webGroup)}))
	if r = lastRefresh(t, s, webGroup); r.Status != astypes.InstanceRefreshStatusRollbackInProgress || r.RollbackDetails == nil {
		t.Fatalf("after RollbackInstanceRefresh: %s %+v", r.Status, r.RollbackDetails)
	}
	_, err := api.RollbackInstanceRefresh(bg, &autoscaling.RollbackInstanceRefreshInput{AutoScalingGroupName: aws.String(webGroup)})
	wantErr(t, err, "ActiveInstanceRefreshNotFound", "")
	done := advanceUntil(s, time.Hour, func() bool {
		return lastRefresh(t, s, webGroup).Status == astypes.InstanceRefreshStatusRollbackSuccessful
	})
	if !done {
		t.Fatalf("rollback did not finish: %+v", lastRefresh(t, s, webGroup))
	}
	g := asg(t, s, webGroup)
	if v := aws.ToString(groupLT(g).Version); v != before {
		t.Fatalf("group names version %s after the rollback, %s before the deploy", v, before)
	}
	for _, in := range g.Instances {
		live := in.LifecycleState == astypes.LifecycleStateInService || in.LifecycleState == astypes.LifecycleStatePending
		if live && aws.ToString(in.LaunchTemplate.Version) == bad {
			t.Fatalf("instance %s still runs the rolled-back version %s", *in.InstanceId, bad)
		}
	}
}

func TestRollbackRefusals(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := autoScalingAPI{s}
	_, err := api.RollbackInstanceRefresh(bg, &autoscaling.RollbackInstanceRefreshInput{AutoScalingGroupName: aws.String(webGroup)})
	wantErr(t, err, "ActiveInstanceRefreshNotFound", "")
	// no desired configuration: nothing to go back to
	must(api.StartInstanceRefresh(bg, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: aws.String(webGroup)}))
	_, err = api.RollbackInstanceRefresh(bg, &autoscaling.RollbackInstanceRefreshInput{AutoScalingGroupName: aws.String(webGroup)})
	wantErr(t, err, "IrreversibleInstanceRefresh", "desired configuration")
	// a group on $Latest cannot go back either
	id := s.ltNames[cacheGroup+"-lt"].id
	must(api.UpdateAutoScalingGroup(bg, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String(cacheGroup),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(id), Version: aws.String("$Latest")}}))
	must(api.StartInstanceRefresh(bg, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: aws.String(cacheGroup),
		DesiredConfiguration: &astypes.DesiredConfiguration{LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(id), Version: aws.String("6")}}}))
	_, err = api.RollbackInstanceRefresh(bg, &autoscaling.RollbackInstanceRefreshInput{AutoScalingGroupName: aws.String(cacheGroup)})
	wantErr(t, err, "IrreversibleInstanceRefresh", "$Latest or $Default")
	_, err = api.UpdateAutoScalingGroup(bg, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String(cacheGroup),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(id), Version: aws.String("7")}})
	wantErr(t, err, "ValidationError", "An active instance refresh with a desired configuration exists.")
	_, err = api.StartInstanceRefresh(bg, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: aws.String(dbGroup),
		Preferences: &astypes.RefreshPreferences{MinHealthyPercentage: aws.Int32(101)}})
	wantErr(t, err, "ValidationError", "minHealthyPercentage")
	_, err = api.StartInstanceRefresh(bg, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: aws.String(dbGroup),
		Preferences: &astypes.RefreshPreferences{AutoRollback: aws.Bool(true)}})
	wantErr(t, err, "ValidationError", "AutoRollback")
	_, err = api.StartInstanceRefresh(bg, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: aws.String(dbGroup),
		Preferences: &astypes.RefreshPreferences{CheckpointPercentages: []int32{50, 20}}})
	wantErr(t, err, "ValidationError", "ascending")
}

// A refresh with a desired configuration launches from it and, when it
// succeeds, the group names that version; checkpoints pause it.
func TestRefreshToDesiredConfigurationWithCheckpoint(t *testing.T) {
	s := newSim(t, Options{Seed: 2})
	api, e := autoScalingAPI{s}, ec2API{s}
	id := aws.String(s.ltNames[dbGroup+"-lt"].id)
	v := must(e.CreateLaunchTemplateVersion(bg, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: id, SourceVersion: aws.String("7"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{InstanceType: ec2types.InstanceTypeR6g4xlarge}})).LaunchTemplateVersion
	want := "8"
	if got := *v.VersionNumber; got != 8 {
		t.Fatalf("new version %d", got)
	}
	must(api.StartInstanceRefresh(bg, &autoscaling.StartInstanceRefreshInput{AutoScalingGroupName: aws.String(dbGroup),
		DesiredConfiguration: &astypes.DesiredConfiguration{LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateId: id, Version: aws.String(want)}},
		Preferences: &astypes.RefreshPreferences{MinHealthyPercentage: aws.Int32(50), InstanceWarmup: aws.Int32(0),
			CheckpointPercentages: []int32{50, 100}, CheckpointDelay: aws.Int32(600), SkipMatching: aws.Bool(true)}}))
	paused := false
	done := advanceUntil(s, 2*time.Hour, func() bool {
		r := lastRefresh(t, s, dbGroup)
		if r.StatusReason != nil && *r.PercentageComplete >= 50 && *r.PercentageComplete < 100 {
			paused = true
		}
		return r.Status == astypes.InstanceRefreshStatusSuccessful
	})
	if !done || !paused {
		t.Fatalf("refresh done %v, paused at the checkpoint %v: %+v", done, paused, lastRefresh(t, s, dbGroup))
	}
	g := asg(t, s, dbGroup)
	if aws.ToString(g.LaunchTemplate.Version) != want {
		t.Fatalf("group names version %s after the refresh, want %s", aws.ToString(g.LaunchTemplate.Version), want)
	}
	for _, in := range g.Instances {
		if in.LifecycleState != astypes.LifecycleStateInService {
			continue // the last replaced are still draining
		}
		if *in.InstanceType != "r6g.4xlarge" || *in.LaunchTemplate.Version != want {
			t.Fatalf("instance %s is %s from version %s", *in.InstanceId, *in.InstanceType, *in.LaunchTemplate.Version)
		}
	}
}
