package sim

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// Instance refreshes: start (with a desired configuration, checkpoints,
// skip matching and auto rollback), describe, cancel and roll back.

// refreshPrefs are a refresh's preferences with AWS's defaults applied.
type refreshPrefs struct {
	minHealthy, warmup int32
	raw                astypes.RefreshPreferences
}

// irreversible is AWS's answer to a rollback it cannot do.
func irreversible() error {
	return apiErr("IrreversibleInstanceRefresh", "The request failed because a desired configuration was not found or an incompatible launch template (uses a Systems Manager parameter instead of an AMI ID) or launch template version ($Latest or $Default) is present on the Auto Scaling group.")
}

func rangeErr(field string, v, lo, hi int32) error {
	if v < lo {
		return apiErr("ValidationError", "1 validation error detected: Value '%d' at '%s' failed to satisfy constraint: Member must have value greater than or equal to %d", v, field, lo)
	}
	return apiErr("ValidationError", "1 validation error detected: Value '%d' at '%s' failed to satisfy constraint: Member must have value less than or equal to %d", v, field, hi)
}

// refreshPreferences validates Preferences as StartInstanceRefresh does.
func refreshPreferences(g *group, p *astypes.RefreshPreferences) (refreshPrefs, error) {
	out := refreshPrefs{minHealthy: 90, warmup: int32(g.defaultWarmup)}
	if out.warmup < 0 {
		out.warmup = int32(g.hcGrace)
	}
	if p == nil {
		return out, nil
	}
	out.raw = *p
	if v := p.MinHealthyPercentage; v != nil {
		if *v < 0 || *v > 100 {
			return out, rangeErr("preferences.minHealthyPercentage", *v, 0, 100)
		}
		out.minHealthy = *v
	}
	if v := p.MaxHealthyPercentage; v != nil {
		if *v < 100 || *v > 200 {
			return out, rangeErr("preferences.maxHealthyPercentage", *v, 100, 200)
		}
		if p.MinHealthyPercentage == nil || *v-*p.MinHealthyPercentage > 100 {
			return out, apiErr("ValidationError", "MaxHealthyPercentage needs MinHealthyPercentage, and the difference between them cannot be greater than 100.")
		}
	}
	if v := p.InstanceWarmup; v != nil {
		if *v < 0 {
			return out, rangeErr("preferences.instanceWarmup", *v, 0, 0)
		}
		out.warmup = *v
	}
	if p.CheckpointDelay != nil && len(p.CheckpointPercentages) == 0 {
		return out, apiErr("ValidationError", "CheckpointDelay requires CheckpointPercentages.")
	}
	for i, c := range p.CheckpointPercentages {
		if c < 1 || c > 100 || i > 0 && c <= p.CheckpointPercentages[i-1] {
			return out, apiErr("ValidationError", "CheckpointPercentages must be unique values between 1 and 100 in ascending order.")
		}
	}
	return out, nil
}

// desiredConfiguration reads a refresh's DesiredConfiguration: a launch
// template, or a mixed instances policy (its template and overrides).
func (s *Simulator) desiredConfiguration(dc *astypes.DesiredConfiguration) (*launchSpec, *astypes.MixedInstancesPolicy, error) {
	if dc == nil || dc.LaunchTemplate == nil && dc.MixedInstancesPolicy == nil {
		return nil, nil, nil
	}
	if dc.LaunchTemplate != nil && dc.MixedInstancesPolicy != nil {
		return nil, nil, apiErr("ValidationError", "A desired configuration can specify a LaunchTemplate or a MixedInstancesPolicy, not both.")
	}
	spec := dc.LaunchTemplate
	if m := dc.MixedInstancesPolicy; m != nil {
		if m.LaunchTemplate == nil || m.LaunchTemplate.LaunchTemplateSpecification == nil {
			return nil, nil, apiErr("ValidationError", "A LaunchTemplateSpecification is required in MixedInstancesPolicy.LaunchTemplate.")
		}
		spec = m.LaunchTemplate.LaunchTemplateSpecification
	}
	lt, version, err := s.lookupLaunchSpec(spec.LaunchTemplateId, spec.LaunchTemplateName, spec.Version)
	if err != nil {
		return nil, nil, err
	}
	sp := &launchSpec{lt: lt, version: version, types: overrideTypes(dc.MixedInstancesPolicy)}
	return sp, dc.MixedInstancesPolicy, nil
}

// pinned reports whether a spec names a version number, which a rollback
// needs ($Latest and $Default move).
func (sp launchSpec) pinned() bool {
	return sp.version != "" && sp.version != "$Latest" && sp.version != "$Default"
}

func (a autoScalingAPI) StartInstanceRefresh(ctx context.Context, in *autoscaling.StartInstanceRefreshInput) (*autoscaling.StartInstanceRefreshOutput, error) {
	s := a.s
	if st := in.Strategy; st != "" && st != astypes.RefreshStrategyRolling {
		return nil, apiErr("ValidationError", "The %s strategy is not supported for this Auto Scaling group.", st)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	prefs, err := refreshPreferences(g, in.Preferences)
	if err != nil {
		return nil, err
	}
	desired, mixed, err := s.desiredConfiguration(in.DesiredConfiguration)
	if err != nil {
		return nil, err
	}
	if aws.ToBool(prefs.raw.AutoRollback) && (desired == nil || !g.spec().pinned()) {
		return nil, apiErr("ValidationError", "AutoRollback is not supported for this instance refresh: a desired configuration is required and the group must not use the launch template's $Latest or $Default version.")
	}
	if g.activeRefresh() != nil {
		return nil, apiErr("InstanceRefreshInProgress", "An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.")
	}
	if mixed != nil && desired != nil {
		mixed = withSpec(mixed, desired.asgSpec())
	}
	r := s.startRefresh(g, prefs, desired)
	r.mixedWant = mixed
	s.mutated(ctx, svcASG, "StartInstanceRefresh", g.name, map[string]any{"refresh": r.id, "min_healthy": prefs.minHealthy})
	return &autoscaling.StartInstanceRefreshOutput{InstanceRefreshId: aws.String(r.id)}, nil
}

func (a autoScalingAPI) DescribeInstanceRefreshes(ctx context.Context, in *autoscaling.DescribeInstanceRefreshesInput) (*autoscaling.DescribeInstanceRefreshesOutput, error) {
	s := a.s
	off, size, err := asgPage("ir", in.NextToken, in.MaxRecords, 50, 100)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, id := range in.InstanceRefreshIds {
		want[id] = true
	}
	var list []*refresh
	for i := len(g.refreshes) - 1; i >= 0; i-- {
		if len(want) == 0 || want[g.refreshes[i].id] {
			list = append(list, g.refreshes[i])
		}
	}
	page, next := pageOf("ir", list, off, size)
	out := &autoscaling.DescribeInstanceRefreshesOutput{InstanceRefreshes: []astypes.InstanceRefresh{}, NextToken: next}
	for _, r := range page {
		out.InstanceRefreshes = append(out.InstanceRefreshes, s.toRefresh(r))
	}
	return out, nil
}

func (s *Simulator) toRefresh(r *refresh) astypes.InstanceRefresh {
	prefs := r.prefs
	prefs.MinHealthyPercentage, prefs.InstanceWarmup = aws.Int32(r.minHealthy), aws.Int32(r.warmup)
	if prefs.SkipMatching == nil {
		prefs.SkipMatching = aws.Bool(false)
	}
	if prefs.AutoRollback == nil {
		prefs.AutoRollback = aws.Bool(false)
	}
	out := astypes.InstanceRefresh{
		AutoScalingGroupName: aws.String(r.g.name), InstanceRefreshId: aws.String(r.id),
		Status: astypes.InstanceRefreshStatus(r.status), StartTime: aws.Time(r.start),
		PercentageComplete: aws.Int32(r.percent()), InstancesToUpdate: aws.Int32(r.instancesToUpdate()),
		ProgressDetails: &astypes.InstanceRefreshProgressDetails{LivePoolProgress: &astypes.InstanceRefreshLivePoolProgress{
			PercentageComplete: aws.Int32(r.percent()), InstancesToUpdate: aws.Int32(r.instancesToUpdate())}},
		Preferences: &prefs, Strategy: astypes.RefreshStrategyRolling,
	}
	if r.desired != nil {
		out.DesiredConfiguration = &astypes.DesiredConfiguration{}
		if r.mixedWant != nil {
			out.DesiredConfiguration.MixedInstancesPolicy = r.mixedWant
		} else {
			out.DesiredConfiguration.LaunchTemplate = r.desired.asgSpec()
		}
	}
	if !r.end.IsZero() {
		out.EndTime = aws.Time(r.end)
	}
	if r.reason != "" {
		out.StatusReason = aws.String(r.reason)
	}
	if rb := r.rollback; rb != nil {
		left := int32(max(rb.total-len(rb.replaced), 0))
		out.RollbackDetails = &astypes.RollbackDetails{
			RollbackReason: aws.String(rb.reason), RollbackStartTime: aws.Time(rb.start),
			PercentageCompleteOnRollback: aws.Int32(rb.percent()), InstancesToUpdateOnRollback: aws.Int32(left),
			ProgressDetailsOnRollback: &astypes.InstanceRefreshProgressDetails{LivePoolProgress: &astypes.InstanceRefreshLivePoolProgress{
				PercentageComplete: aws.Int32(rb.percent()), InstancesToUpdate: aws.Int32(left)}},
		}
	}
	return out
}

func (a autoScalingAPI) CancelInstanceRefresh(ctx context.Context, in *autoscaling.CancelInstanceRefreshInput) (*autoscaling.CancelInstanceRefreshOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	g, r, err := s.refreshToStop(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	r.status = rsCancelling
	s.mutated(ctx, svcASG, "CancelInstanceRefresh", g.name, map[string]any{"refresh": r.id})
	return &autoscaling.CancelInstanceRefreshOutput{InstanceRefreshId: aws.String(r.id)}, nil
}

// RollbackInstanceRefresh undoes an active refresh: the instances it
// launched from its desired configuration are replaced from the group's
// own, whose launch template version the refresh never changed.
func (a autoScalingAPI) RollbackInstanceRefresh(ctx context.Context, in *autoscaling.RollbackInstanceRefreshInput) (*autoscaling.RollbackInstanceRefreshOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	g, r, err := s.refreshToStop(in.AutoScalingGroupName)
	if err == nil && r.rollingBack() {
		err = noActiveRefresh(g)
	}
	if err != nil {
		return nil, err
	}
	if r.desired == nil || !g.spec().pinned() {
		return nil, irreversible()
	}
	s.startRollback(r, "Rollback requested by user.")
	s.mutated(ctx, svcASG, "RollbackInstanceRefresh", g.name, map[string]any{"refresh": r.id, "version": g.ltVersion})
	return &autoscaling.RollbackInstanceRefreshOutput{InstanceRefreshId: aws.String(r.id)}, nil
}

func noActiveRefresh(g *group) error {
	return apiErr("ActiveInstanceRefreshNotFound", "No in progress or pending Instance Refresh found for Auto Scaling group %s", g.name)
}

// refreshToStop is the group's refresh (or rollback) that a cancel or a
// rollback would stop.
func (s *Simulator) refreshToStop(name *string) (*group, *refresh, error) {
	g, err := s.group(name)
	if err != nil {
		return nil, nil, err
	}
	r := g.activeRefresh()
	if r == nil || r.status == rsCancelling {
		return g, nil, noActiveRefresh(g)
	}
	return g, r, nil
}
