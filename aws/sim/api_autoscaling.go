package sim

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// autoScalingAPI holds the EC2 Auto Scaling handlers.
type autoScalingAPI struct{ s *Simulator }

const svcASG = "autoscaling"

func groupNotFound(name string) error {
	return apiErr("ValidationError", "AutoScalingGroup name not found - AutoScalingGroup %s not found", name)
}

func (s *Simulator) group(name *string) (*group, error) {
	g := s.groups[aws.ToString(name)]
	if g == nil {
		return nil, groupNotFound(aws.ToString(name))
	}
	return g, nil
}

func (s *Simulator) asgTags(g *group) []astypes.TagDescription {
	tags := append([]tag(nil), g.tags...)
	sort.SliceStable(tags, func(i, j int) bool { return tags[i].key < tags[j].key })
	out := make([]astypes.TagDescription, len(tags))
	for i, t := range tags {
		out[i] = astypes.TagDescription{Key: aws.String(t.key), Value: aws.String(t.value), PropagateAtLaunch: aws.Bool(t.propagate),
			ResourceId: aws.String(g.name), ResourceType: aws.String("auto-scaling-group")}
	}
	return out
}

func (s *Simulator) asgInstance(in *instance) astypes.Instance {
	x := astypes.Instance{
		AvailabilityZone: aws.String(in.az), HealthStatus: aws.String(in.health), InstanceId: aws.String(in.id),
		LifecycleState: astypes.LifecycleState(in.state), ProtectedFromScaleIn: aws.Bool(in.protected),
		InstanceType: aws.String(in.itype), AvailabilityZoneId: aws.String(azID(in.az)),
		LaunchTemplate: instanceLT(in),
	}
	return x
}

func azID(az string) string { return "use1-az" + strconv.Itoa(azIndex(az)+1) }

func (s *Simulator) toASG(g *group, withInstances bool) astypes.AutoScalingGroup {
	out := astypes.AutoScalingGroup{
		AutoScalingGroupName: aws.String(g.name), AutoScalingGroupARN: aws.String(g.arn),
		AvailabilityZones: g.azs, CreatedTime: aws.Time(g.created),
		DefaultCooldown: aws.Int32(int32(g.defaultCool)), DesiredCapacity: aws.Int32(int32(g.desired)),
		MinSize: aws.Int32(int32(g.min)), MaxSize: aws.Int32(int32(g.max)),
		HealthCheckType: aws.String(g.hcType), HealthCheckGracePeriod: aws.Int32(int32(g.hcGrace)),
		NewInstancesProtectedFromScaleIn: aws.Bool(g.newProtected), TerminationPolicies: g.termPolicies,
		TargetGroupARNs: g.tgARNs, ServiceLinkedRoleARN: aws.String(fmt.Sprintf("arn:aws:iam::%s:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", Account)),
		CapacityRebalance: aws.Bool(g.capacityRebal), Tags: s.asgTags(g),
		EnabledMetrics: enabledMetrics,
	}
	subnets := make([]string, 0, len(g.azs))
	for _, az := range g.azs {
		subnets = append(subnets, g.subnets[az])
	}
	out.VPCZoneIdentifier = aws.String(strings.Join(subnets, ","))
	if g.defaultWarmup >= 0 {
		out.DefaultInstanceWarmup = aws.Int32(int32(g.defaultWarmup))
	}
	if g.maxLifetime > 0 {
		out.MaxInstanceLifetime = aws.Int32(g.maxLifetime)
	}
	if g.predicted > 0 {
		out.PredictedCapacity = aws.Int32(int32(g.predicted))
	}
	if g.status != "" {
		out.Status = aws.String(g.status)
	}
	if spec := g.spec().asgSpec(); g.mixed != nil {
		out.MixedInstancesPolicy = withSpec(g.mixed, spec)
	} else {
		out.LaunchTemplate = spec
	}
	if len(g.suspended) > 0 {
		for _, p := range processNames {
			if r, ok := g.suspended[p]; ok {
				out.SuspendedProcesses = append(out.SuspendedProcesses, astypes.SuspendedProcess{ProcessName: aws.String(p), SuspensionReason: aws.String(r)})
			}
		}
	} else {
		out.SuspendedProcesses = []astypes.SuspendedProcess{}
	}
	if withInstances {
		out.Instances = make([]astypes.Instance, 0, len(g.insts))
		for _, in := range g.insts {
			if in.state != lsTerminated {
				out.Instances = append(out.Instances, s.asgInstance(in))
			}
		}
	}
	return out
}

var enabledMetrics = func() []astypes.EnabledMetric {
	var out []astypes.EnabledMetric
	for _, m := range []string{"GroupDesiredCapacity", "GroupInServiceInstances", "GroupMaxSize", "GroupMinSize", "GroupPendingInstances", "GroupStandbyInstances", "GroupTerminatingInstances", "GroupTotalInstances"} {
		out = append(out, astypes.EnabledMetric{Metric: aws.String(m), Granularity: aws.String("1Minute")})
	}
	return out
}()

func matchFilters(g *group, fs []astypes.Filter) bool {
	for _, f := range fs {
		name := aws.ToString(f.Name)
		ok := false
		for _, t := range g.tags {
			for _, v := range f.Values {
				switch {
				case name == "tag-key" && t.key == v,
					name == "tag-value" && t.value == v,
					strings.HasPrefix(name, "tag:") && t.key == name[4:] && t.value == v:
					ok = true
				}
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func (a autoScalingAPI) DescribeAutoScalingGroups(ctx context.Context, in *autoscaling.DescribeAutoScalingGroupsInput) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	s := a.s
	off, size, err := asgPage("asg", in.NextToken, in.MaxRecords, 50, 100)
	if err != nil {
		return nil, err
	}
	for _, f := range in.Filters {
		n := aws.ToString(f.Name)
		if n != "tag-key" && n != "tag-value" && !strings.HasPrefix(n, "tag:") {
			return nil, apiErr("ValidationError", "Filter name '%s' is invalid. Valid filter names are tag-key, tag-value and tag:<key>.", n)
		}
	}
	withInst := in.IncludeInstances == nil || *in.IncludeInstances
	s.mu.Lock()
	defer s.mu.Unlock()
	names := s.groupNames
	if len(in.AutoScalingGroupNames) > 0 {
		want := map[string]bool{}
		for _, n := range in.AutoScalingGroupNames {
			want[n] = true
		}
		names = nil
		for _, n := range s.groupNames {
			if want[n] {
				names = append(names, n)
			}
		}
	}
	if len(in.Filters) > 0 {
		var kept []string
		for _, n := range names {
			if matchFilters(s.groups[n], in.Filters) {
				kept = append(kept, n)
			}
		}
		names = kept
	}
	page, next := pageOf("asg", names, off, size)
	out := &autoscaling.DescribeAutoScalingGroupsOutput{AutoScalingGroups: make([]astypes.AutoScalingGroup, 0, len(page)), NextToken: next}
	for _, n := range page {
		out.AutoScalingGroups = append(out.AutoScalingGroups, s.toASG(s.groups[n], withInst))
	}
	return out, nil
}

func (a autoScalingAPI) DescribeAutoScalingInstances(ctx context.Context, in *autoscaling.DescribeAutoScalingInstancesInput) (*autoscaling.DescribeAutoScalingInstancesOutput, error) {
	s := a.s
	off, size, err := asgPage("asi", in.NextToken, in.MaxRecords, 50, 50)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var list []*instance
	if len(in.InstanceIds) > 0 {
		for _, id := range in.InstanceIds {
			if x := s.instances[id]; x != nil && x.state != lsTerminated {
				list = append(list, x)
			}
		}
	} else {
		for _, x := range s.instOrder {
			if x.state != lsTerminated {
				list = append(list, x)
			}
		}
	}
	page, next := pageOf("asi", list, off, size)
	out := &autoscaling.DescribeAutoScalingInstancesOutput{AutoScalingInstances: []astypes.AutoScalingInstanceDetails{}, NextToken: next}
	for _, x := range page {
		out.AutoScalingInstances = append(out.AutoScalingInstances, astypes.AutoScalingInstanceDetails{
			AutoScalingGroupName: aws.String(x.g.name), AvailabilityZone: aws.String(x.az), HealthStatus: aws.String(strings.ToUpper(x.health)),
			InstanceId: aws.String(x.id), LifecycleState: aws.String(x.state), ProtectedFromScaleIn: aws.Bool(x.protected),
			InstanceType: aws.String(x.itype), AvailabilityZoneId: aws.String(azID(x.az)),
			LaunchTemplate: instanceLT(x),
		})
	}
	return out, nil
}

func toActivity(a *activity) astypes.Activity {
	out := astypes.Activity{
		ActivityId: aws.String(a.id), AutoScalingGroupName: aws.String(a.group), AutoScalingGroupARN: aws.String(a.groupARN),
		Cause: aws.String(a.cause), Description: aws.String(a.desc), Details: aws.String(a.details),
		StartTime: aws.Time(a.start), StatusCode: a.status, Progress: aws.Int32(a.progress),
	}
	if !a.end.IsZero() {
		out.EndTime = aws.Time(a.end)
	}
	if a.statusMsg != "" {
		out.StatusMessage = aws.String(a.statusMsg)
	}
	return out
}

func (a autoScalingAPI) DescribeScalingActivities(ctx context.Context, in *autoscaling.DescribeScalingActivitiesInput) (*autoscaling.DescribeScalingActivitiesOutput, error) {
	s := a.s
	off, size, err := asgPage("act", in.NextToken, in.MaxRecords, 100, 100)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	name := aws.ToString(in.AutoScalingGroupName)
	src := s.activities
	if g := s.groups[name]; g != nil && !aws.ToBool(in.IncludeDeletedGroups) {
		src = g.activities
	}
	ids := map[string]bool{}
	for _, id := range in.ActivityIds {
		ids[id] = true
	}
	var list []*activity
	for i := len(src) - 1; i >= 0; i-- { // newest first
		a := src[i]
		if len(ids) > 0 && !ids[a.id] || name != "" && a.group != name {
			continue
		}
		// a deleted group's activities (a group of that name may exist
		// again) show only when asked for
		if g := s.groups[a.group]; (g == nil || g.arn != a.groupARN) && !aws.ToBool(in.IncludeDeletedGroups) {
			continue
		}
		list = append(list, a)
	}
	page, next := pageOf("act", list, off, size)
	out := &autoscaling.DescribeScalingActivitiesOutput{Activities: []astypes.Activity{}, NextToken: next}
	for _, x := range page {
		out.Activities = append(out.Activities, toActivity(x))
	}
	return out, nil
}

// genericRole gives a group created through the API a workload sized to
// its desired capacity, named after its Tier tag when that is a known role.
func genericRole(tier string, perInstance float64, desired int) *role {
	if r, ok := roles()[tier]; ok {
		return r
	}
	return &role{kind: "generic", peakRPS: perInstance * 0.5 * float64(max(desired, 1)) * 1.5, rpsPerVCPU: perInstance / 2,
		latency: 0.05, memBase: 40, memLoad: 20, boot: 60 * time.Second, flash: 1}
}

func (a autoScalingAPI) CreateAutoScalingGroup(ctx context.Context, in *autoscaling.CreateAutoScalingGroupInput) (*autoscaling.CreateAutoScalingGroupOutput, error) {
	s := a.s
	name := aws.ToString(in.AutoScalingGroupName)
	if name == "" || len(name) > 255 {
		return nil, apiErr("ValidationError", "1 validation error detected: Value at 'autoScalingGroupName' failed to satisfy constraint: Member must have length between 1 and 255")
	}
	if in.MinSize == nil || in.MaxSize == nil {
		return nil, apiErr("ValidationError", "MinSize and MaxSize are required.")
	}
	lo, hi := int(*in.MinSize), int(*in.MaxSize)
	if lo > hi {
		return nil, apiErr("ValidationError", "Max bound, %d, must be greater than or equal to min bound, %d", hi, lo)
	}
	desired := lo
	if in.DesiredCapacity != nil {
		desired = int(*in.DesiredCapacity)
		if desired < lo || desired > hi {
			return nil, apiErr("ValidationError", "Desired capacity:%d must be between the specified min size:%d and max size:%d", desired, lo, hi)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.groups[name] != nil {
		return nil, apiErr("AlreadyExists", "AutoScalingGroup by this name already exists - A group with the name %s already exists", name)
	}
	lt, version, err := s.requestedLaunch(in.LaunchTemplate, in.MixedInstancesPolicy, in.LaunchConfigurationName, in.InstanceId)
	if err != nil {
		return nil, err
	}
	azs, err := s.requestedAZs(in.AvailabilityZones, in.VPCZoneIdentifier)
	if err != nil {
		return nil, err
	}
	if len(azs) == 0 {
		return nil, apiErr("ValidationError", "At least one Availability Zone or VPC Subnet is required.")
	}
	var tgs []*targetGroup
	for _, arn := range in.TargetGroupARNs {
		tg := s.tgs[arn]
		if tg == nil {
			return nil, apiErr("ValidationError", "Provided Target Groups may not be valid. Please ensure they exist and try again.")
		}
		tgs = append(tgs, tg)
	}
	var tags []tag
	tier := ""
	for _, t := range in.Tags {
		tags = append(tags, tag{aws.ToString(t.Key), aws.ToString(t.Value), aws.ToBool(t.PropagateAtLaunch)})
		if aws.ToString(t.Key) == "Tier" {
			tier = aws.ToString(t.Value)
		}
	}
	g := &group{
		name: name, arn: s.groupARN(name), idx: uint64(s.groupSeq), min: lo, max: hi, desired: 0,
		defaultCool: 300, hcType: "EC2", hcGrace: 0, defaultWarmup: -1, subnets: s.subnetsFor(s.azs),
		lt: lt, ltVersion: version, mixed: in.MixedInstancesPolicy,
		suspended: map[string]string{}, termPolicies: []string{"Default"}, created: s.now, tags: tags,
		newProtected:  aws.ToBool(in.NewInstancesProtectedFromScaleIn),
		capacityRebal: aws.ToBool(in.CapacityRebalance), maxLifetime: aws.ToInt32(in.MaxInstanceLifetime),
	}
	_, types := g.spec().resolve()
	g.role = genericRole(tier, float64(typeInfo(types[0]).vcpu)*50, desired)
	s.groupSeq++
	g.azs = append(g.azs, azs...)
	if in.DefaultCooldown != nil {
		g.defaultCool = int(*in.DefaultCooldown)
	}
	if in.HealthCheckType != nil {
		g.hcType = *in.HealthCheckType
	}
	if in.HealthCheckGracePeriod != nil {
		g.hcGrace = int(*in.HealthCheckGracePeriod)
	}
	if in.DefaultInstanceWarmup != nil {
		g.defaultWarmup = int(*in.DefaultInstanceWarmup)
	}
	if len(in.TerminationPolicies) > 0 {
		g.termPolicies = in.TerminationPolicies
	}
	for _, tg := range tgs {
		g.tgARNs = append(g.tgARNs, tg.arn)
	}
	s.groups[name] = g
	s.groupNames = insertSorted(s.groupNames, name)
	s.mutated(ctx, svcASG, "CreateAutoScalingGroup", name, map[string]any{"min": lo, "max": hi, "desired": desired})
	s.setDesired(g, desired, "a user request created an AutoScalingGroup")
	return &autoscaling.CreateAutoScalingGroupOutput{}, nil
}

// requestedLaunch reads the one launch configuration a CreateAutoScalingGroup
// names: a launch template, a mixed instances policy's template, or an
// instance to copy. The simulator has no launch configurations.
func (s *Simulator) requestedLaunch(lt *astypes.LaunchTemplateSpecification, mixed *astypes.MixedInstancesPolicy, lc, instanceID *string) (*launchTemplate, string, error) {
	given := 0
	for _, p := range []bool{lt != nil, mixed != nil, lc != nil, instanceID != nil} {
		if p {
			given++
		}
	}
	if given != 1 {
		return nil, "", apiErr("ValidationError", "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.")
	}
	switch {
	case lc != nil:
		return nil, "", apiErr("ValidationError", "Launch configuration name not found - Launch configuration %s not found", *lc)
	case instanceID != nil:
		x := s.instances[*instanceID]
		if x == nil || x.state == lsTerminated {
			return nil, "", apiErr("ValidationError", "Instance Id not found - No instance found for instance ID: %s", *instanceID)
		}
		return x.lt, x.ltVersion, nil
	case mixed != nil:
		if mixed.LaunchTemplate == nil || mixed.LaunchTemplate.LaunchTemplateSpecification == nil {
			return nil, "", apiErr("ValidationError", "A LaunchTemplateSpecification is required in MixedInstancesPolicy.LaunchTemplate.")
		}
		lt = mixed.LaunchTemplate.LaunchTemplateSpecification
	}
	return s.lookupLaunchSpec(lt.LaunchTemplateId, lt.LaunchTemplateName, lt.Version)
}

// requestedAZs checks Availability Zones against the region's, or reads
// them from subnets (the simulator spreads subnets over its zones).
func (s *Simulator) requestedAZs(azs []string, vpcZones *string) ([]string, error) {
	var bad []string
	for _, az := range azs {
		if !contains(s.azs, az) {
			bad = append(bad, az)
		}
	}
	if len(bad) > 0 {
		return nil, apiErr("ValidationError", "Invalid Availability Zone: [%s]", strings.Join(bad, ", "))
	}
	if len(azs) == 0 && aws.ToString(vpcZones) != "" {
		for i := range strings.Split(*vpcZones, ",") {
			azs = append(azs, s.azs[i%len(s.azs)])
		}
	}
	return azs, nil
}

func (a autoScalingAPI) UpdateAutoScalingGroup(ctx context.Context, in *autoscaling.UpdateAutoScalingGroupInput) (*autoscaling.UpdateAutoScalingGroupOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	lo, hi, desired := g.min, g.max, g.desired
	if in.MinSize != nil {
		lo = int(*in.MinSize)
	}
	if in.MaxSize != nil {
		hi = int(*in.MaxSize)
	}
	if lo < 0 || hi < 0 {
		return nil, apiErr("ValidationError", "MinSize and MaxSize must not be negative.")
	}
	if lo > hi {
		return nil, apiErr("ValidationError", "Max bound, %d, must be greater than or equal to min bound, %d", hi, lo)
	}
	if in.DesiredCapacity != nil {
		desired = int(*in.DesiredCapacity)
		if desired < lo || desired > hi {
			return nil, apiErr("ValidationError", "Desired capacity:%d must be between the specified min size:%d and max size:%d", desired, lo, hi)
		}
	} else {
		desired = clampi(desired, lo, hi)
	}
	launch, mixed, err := s.updatedLaunch(g, in.LaunchTemplate, in.MixedInstancesPolicy)
	if err != nil {
		return nil, err
	}
	if _, err := s.requestedAZs(in.AvailabilityZones, nil); err != nil {
		return nil, err
	}
	if in.HealthCheckType != nil {
		if *in.HealthCheckType != "EC2" && *in.HealthCheckType != "ELB" && *in.HealthCheckType != "VPC_LATTICE" && *in.HealthCheckType != "EBS" {
			return nil, apiErr("ValidationError", "Invalid health check type %q.", *in.HealthCheckType)
		}
		g.hcType = *in.HealthCheckType
	}
	if in.HealthCheckGracePeriod != nil {
		g.hcGrace = int(*in.HealthCheckGracePeriod)
	}
	if in.DefaultCooldown != nil {
		g.defaultCool = int(*in.DefaultCooldown)
	}
	if in.DefaultInstanceWarmup != nil {
		g.defaultWarmup = int(*in.DefaultInstanceWarmup)
	}
	if in.NewInstancesProtectedFromScaleIn != nil {
		g.newProtected = *in.NewInstancesProtectedFromScaleIn
	}
	if len(in.TerminationPolicies) > 0 {
		g.termPolicies = in.TerminationPolicies
	}
	if in.MaxInstanceLifetime != nil {
		g.maxLifetime = *in.MaxInstanceLifetime
	}
	if in.CapacityRebalance != nil {
		g.capacityRebal = *in.CapacityRebalance
	}
	if in.LaunchTemplate != nil || in.MixedInstancesPolicy != nil {
		g.lt, g.ltVersion, g.mixed = launch.lt, launch.version, mixed
	}
	if len(in.AvailabilityZones) > 0 {
		g.azs = in.AvailabilityZones
	}
	values := map[string]any{"min": lo, "max": hi, "desired": desired, "previous_desired": g.desired}
	g.min, g.max = lo, hi
	s.mutated(ctx, svcASG, "UpdateAutoScalingGroup", g.name, values)
	parts := []string{}
	if in.MinSize != nil {
		parts = append(parts, fmt.Sprintf("min: %d", lo))
	}
	if in.MaxSize != nil {
		parts = append(parts, fmt.Sprintf("max: %d", hi))
	}
	parts = append(parts, fmt.Sprintf("desired: %d", desired))
	s.setDesired(g, desired, "a user request update of AutoScalingGroup constraints to "+strings.Join(parts, ", "))
	return &autoscaling.UpdateAutoScalingGroupOutput{}, nil
}

// updatedLaunch validates an UpdateAutoScalingGroup's LaunchTemplate or
// MixedInstancesPolicy and gives the group's launch configuration after it.
// A mixed instances policy given without a template keeps the group's.
func (s *Simulator) updatedLaunch(g *group, lt *astypes.LaunchTemplateSpecification, mixed *astypes.MixedInstancesPolicy) (launchSpec, *astypes.MixedInstancesPolicy, error) {
	cur := g.spec()
	if lt == nil && mixed == nil {
		return cur, g.mixed, nil
	}
	if lt != nil && mixed != nil {
		return cur, nil, apiErr("ValidationError", "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.")
	}
	if r := g.activeRefresh(); r != nil && r.desired != nil {
		return cur, nil, apiErr("ValidationError", "An active instance refresh with a desired configuration exists. All configuration options derived from the desired configuration are not available for update while the instance refresh is active.")
	}
	if lt != nil {
		t, v, err := s.lookupLaunchSpec(lt.LaunchTemplateId, lt.LaunchTemplateName, lt.Version)
		return launchSpec{lt: t, version: v}, nil, err
	}
	if mixed.LaunchTemplate != nil && mixed.LaunchTemplate.LaunchTemplateSpecification != nil {
		spec := mixed.LaunchTemplate.LaunchTemplateSpecification
		t, v, err := s.lookupLaunchSpec(spec.LaunchTemplateId, spec.LaunchTemplateName, spec.Version)
		if err != nil {
			return cur, nil, err
		}
		cur.lt, cur.version = t, v
	}
	merged := astypes.MixedInstancesPolicy{LaunchTemplate: &astypes.LaunchTemplate{}}
	if g.mixed != nil {
		merged = *withSpec(g.mixed, nil)
	}
	if mixed.LaunchTemplate != nil && mixed.LaunchTemplate.Overrides != nil {
		merged.LaunchTemplate.Overrides = mixed.LaunchTemplate.Overrides
	}
	if mixed.InstancesDistribution != nil {
		merged.InstancesDistribution = mixed.InstancesDistribution
	}
	cur.types = overrideTypes(&merged)
	return cur, &merged, nil
}

func (a autoScalingAPI) DeleteAutoScalingGroup(ctx context.Context, in *autoscaling.DeleteAutoScalingGroupInput) (*autoscaling.DeleteAutoScalingGroupOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	if g.status != "" {
		return &autoscaling.DeleteAutoScalingGroupOutput{}, nil
	}
	live := 0
	for _, x := range g.insts {
		if x.state != lsTerminated {
			live++
		}
	}
	if live > 0 && !aws.ToBool(in.ForceDelete) {
		return nil, apiErr("ResourceInUse", "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.")
	}
	s.mutated(ctx, svcASG, "DeleteAutoScalingGroup", g.name, map[string]any{"force": aws.ToBool(in.ForceDelete), "instances": live})
	if live == 0 {
		s.removeGroup(g)
		return &autoscaling.DeleteAutoScalingGroupOutput{}, nil
	}
	g.status = "Delete in progress"
	old := g.desired
	g.desired, g.min = 0, 0
	for _, x := range g.insts {
		if x.state == lsPending || x.state == lsInService || x.state == lsStandby || x.state == lsEnteringStandby {
			s.terminate(x, fmt.Sprintf("At %s a user request delete of AutoScalingGroup changing the desired capacity from %d to 0.  At %s instance %s was selected for termination.",
				isoTime(s.now), old, isoTime(s.now), x.id))
		}
	}
	return &autoscaling.DeleteAutoScalingGroupOutput{}, nil
}

func (a autoScalingAPI) SetDesiredCapacity(ctx context.Context, in *autoscaling.SetDesiredCapacityInput) (*autoscaling.SetDesiredCapacityOutput, error) {
	s := a.s
	if in.DesiredCapacity == nil {
		return nil, apiErr("ValidationError", "1 validation error detected: Value null at 'desiredCapacity' failed to satisfy constraint: Member must not be null")
	}
	n := int(*in.DesiredCapacity)
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	if n > g.max {
		return nil, apiErr("ValidationError", "New SetDesiredCapacity value %d is above max value %d for the AutoScalingGroup.", n, g.max)
	}
	if n < g.min {
		return nil, apiErr("ValidationError", "New SetDesiredCapacity value %d is below min value %d for the AutoScalingGroup.", n, g.min)
	}
	if aws.ToBool(in.HonorCooldown) && s.now.Before(g.cooldownUntil) {
		return nil, apiErr("ScalingActivityInProgress", "Scaling activity is in progress or the group is in its cooldown period until %s.", isoTime(g.cooldownUntil))
	}
	s.mutated(ctx, svcASG, "SetDesiredCapacity", g.name, map[string]any{"desired": n, "previous": g.desired, "honor_cooldown": aws.ToBool(in.HonorCooldown)})
	if aws.ToBool(in.HonorCooldown) {
		g.cooldownUntil = s.now.Add(time.Duration(g.defaultCool) * time.Second)
	}
	s.setDesired(g, n, "a user request explicitly set group desired capacity")
	return &autoscaling.SetDesiredCapacityOutput{}, nil
}

// ---- policies ----

func (s *Simulator) toPolicy(p *policy) astypes.ScalingPolicy {
	out := astypes.ScalingPolicy{
		AutoScalingGroupName: aws.String(p.g.name), PolicyName: aws.String(p.name), PolicyARN: aws.String(p.arn),
		PolicyType: aws.String(p.typ), Enabled: aws.Bool(p.enabled), Alarms: []astypes.Alarm{},
		EstimatedInstanceWarmup: p.warmup, TargetTrackingConfiguration: p.tt, PredictiveScalingConfiguration: p.pred,
	}
	if p.typ == ptSimple || p.typ == ptStep {
		out.AdjustmentType = aws.String(p.adjType)
		out.MinAdjustmentMagnitude = p.minMag
	}
	switch p.typ {
	case ptSimple:
		out.ScalingAdjustment = p.adj
		out.Cooldown = p.cooldown
	case ptStep:
		out.StepAdjustments = p.steps
		out.MetricAggregationType = aws.String(p.aggType)
	}
	for _, name := range s.alarmNames {
		al := s.alarms[name]
		for _, act := range al.m.AlarmActions {
			if act == p.arn {
				out.Alarms = append(out.Alarms, astypes.Alarm{AlarmName: aws.String(name), AlarmARN: al.m.AlarmArn})
				break
			}
		}
	}
	return out
}

func (a autoScalingAPI) PutScalingPolicy(ctx context.Context, in *autoscaling.PutScalingPolicyInput) (*autoscaling.PutScalingPolicyOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	p, err := s.putPolicy(g, in)
	if err != nil {
		return nil, err
	}
	s.mutated(ctx, svcASG, "PutScalingPolicy", g.name, map[string]any{"policy": p.name, "type": p.typ})
	out := &autoscaling.PutScalingPolicyOutput{PolicyARN: aws.String(p.arn), Alarms: []astypes.Alarm{}}
	for _, n := range p.ttAlarms {
		out.Alarms = append(out.Alarms, astypes.Alarm{AlarmName: aws.String(n), AlarmARN: aws.String(s.alarmARN(n))})
	}
	return out, nil
}

func (a autoScalingAPI) DescribePolicies(ctx context.Context, in *autoscaling.DescribePoliciesInput) (*autoscaling.DescribePoliciesOutput, error) {
	s := a.s
	off, size, err := asgPage("pol", in.NextToken, in.MaxRecords, 50, 100)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	names := s.groupNames
	if g := aws.ToString(in.AutoScalingGroupName); g != "" {
		names = nil
		if s.groups[g] != nil {
			names = []string{g}
		}
	}
	want := func(list []string, v string) bool {
		if len(list) == 0 {
			return true
		}
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	}
	var list []*policy
	for _, n := range names {
		for _, p := range s.groups[n].policies {
			if want(in.PolicyNames, p.name) || want(in.PolicyNames, p.arn) {
				if want(in.PolicyTypes, p.typ) {
					list = append(list, p)
				}
			}
		}
	}
	page, next := pageOf("pol", list, off, size)
	out := &autoscaling.DescribePoliciesOutput{ScalingPolicies: []astypes.ScalingPolicy{}, NextToken: next}
	for _, p := range page {
		out.ScalingPolicies = append(out.ScalingPolicies, s.toPolicy(p))
	}
	return out, nil
}

func (s *Simulator) findPolicy(groupName *string, name *string) (*group, *policy, error) {
	n := aws.ToString(name)
	if strings.HasPrefix(n, "arn:") {
		if p := s.policyByARN(n); p != nil {
			return p.g, p, nil
		}
		return nil, nil, apiErr("ValidationError", "Policy %s does not exist.", n)
	}
	g, err := s.group(groupName)
	if err != nil {
		return nil, nil, err
	}
	p := g.policy(n)
	if p == nil {
		return nil, nil, apiErr("ValidationError", "Policy %s does not exist for group %s.", n, g.name)
	}
	return g, p, nil
}

func (a autoScalingAPI) DeletePolicy(ctx context.Context, in *autoscaling.DeletePolicyInput) (*autoscaling.DeletePolicyOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	g, p, err := s.findPolicy(in.AutoScalingGroupName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	s.deletePolicy(g, p)
	s.mutated(ctx, svcASG, "DeletePolicy", g.name, map[string]any{"policy": p.name})
	return &autoscaling.DeletePolicyOutput{}, nil
}

func (a autoScalingAPI) ExecutePolicy(ctx context.Context, in *autoscaling.ExecutePolicyInput) (*autoscaling.ExecutePolicyOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	g, p, err := s.findPolicy(in.AutoScalingGroupName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	reason := "a user request executed policy " + p.name
	switch p.typ {
	case ptSimple:
		if !s.simpleScale(p, reason, aws.ToBool(in.HonorCooldown)) {
			return nil, apiErr("ScalingActivityInProgress", "Scaling activity is in progress or the group is in its cooldown period until %s.", isoTime(g.cooldownUntil))
		}
	case ptStep:
		if in.MetricValue == nil || in.BreachThreshold == nil {
			return nil, apiErr("ValidationError", "MetricValue and BreachThreshold are required for a step scaling policy.")
		}
		s.stepScale(p, *in.MetricValue, *in.BreachThreshold, reason)
	default:
		return nil, apiErr("ValidationError", "ExecutePolicy is not supported for policy type %s.", p.typ)
	}
	s.mutated(ctx, svcASG, "ExecutePolicy", g.name, map[string]any{"policy": p.name, "desired": g.desired})
	return &autoscaling.ExecutePolicyOutput{}, nil
}

// ---- scheduled actions ----

func (s *Simulator) toScheduled(a *schedAction) astypes.ScheduledUpdateGroupAction {
	out := astypes.ScheduledUpdateGroupAction{
		AutoScalingGroupName: aws.String(a.g.name), ScheduledActionName: aws.String(a.name), ScheduledActionARN: aws.String(a.arn),
		MinSize: a.min, MaxSize: a.max, DesiredCapacity: a.des, StartTime: aws.Time(a.next), Time: aws.Time(a.next), EndTime: a.endT,
	}
	if a.recurrence != "" {
		out.Recurrence = aws.String(a.recurrence)
		tz := a.tz
		if tz == "" {
			tz = "UTC"
		}
		out.TimeZone = aws.String(tz)
	}
	return out
}

func (a autoScalingAPI) PutScheduledUpdateGroupAction(ctx context.Context, in *autoscaling.PutScheduledUpdateGroupActionInput) (*autoscaling.PutScheduledUpdateGroupActionOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	if err := s.putScheduled(g, in); err != nil {
		return nil, err
	}
	s.mutated(ctx, svcASG, "PutScheduledUpdateGroupAction", g.name, map[string]any{"action": aws.ToString(in.ScheduledActionName)})
	return &autoscaling.PutScheduledUpdateGroupActionOutput{}, nil
}

func (a autoScalingAPI) DescribeScheduledActions(ctx context.Context, in *autoscaling.DescribeScheduledActionsInput) (*autoscaling.DescribeScheduledActionsOutput, error) {
	s := a.s
	off, size, err := asgPage("sched", in.NextToken, in.MaxRecords, 50, 100)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	names := s.groupNames
	if g := aws.ToString(in.AutoScalingGroupName); g != "" {
		if s.groups[g] == nil {
			return nil, groupNotFound(g)
		}
		names = []string{g}
	}
	want := map[string]bool{}
	for _, n := range in.ScheduledActionNames {
		want[n] = true
	}
	var list []*schedAction
	for _, n := range names {
		for _, x := range s.groups[n].scheduled {
			if len(want) > 0 && !want[x.name] {
				continue
			}
			if in.StartTime != nil && x.next.Before(*in.StartTime) {
				continue
			}
			if in.EndTime != nil && x.next.After(*in.EndTime) {
				continue
			}
			list = append(list, x)
		}
	}
	page, next := pageOf("sched", list, off, size)
	out := &autoscaling.DescribeScheduledActionsOutput{ScheduledUpdateGroupActions: []astypes.ScheduledUpdateGroupAction{}, NextToken: next}
	for _, x := range page {
		out.ScheduledUpdateGroupActions = append(out.ScheduledUpdateGroupActions, s.toScheduled(x))
	}
	return out, nil
}

func (a autoScalingAPI) DeleteScheduledAction(ctx context.Context, in *autoscaling.DeleteScheduledActionInput) (*autoscaling.DeleteScheduledActionOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	name := aws.ToString(in.ScheduledActionName)
	for i, x := range g.scheduled {
		if x.name == name {
			g.scheduled = append(g.scheduled[:i], g.scheduled[i+1:]...)
			s.mutated(ctx, svcASG, "DeleteScheduledAction", g.name, map[string]any{"action": name})
			return &autoscaling.DeleteScheduledActionOutput{}, nil
		}
	}
	return nil, apiErr("ValidationError", "Scheduled Update Group Action name not found - Could not find scheduled action with name %s", name)
}

// ---- processes, health, instances ----

func (s *Simulator) processList(req []string) ([]string, error) {
	if len(req) == 0 {
		return processNames, nil
	}
	var bad []string
	for _, p := range req {
		known := false
		for _, q := range processNames {
			if p == q {
				known = true
			}
		}
		if !known {
			bad = append(bad, p)
		}
	}
	if len(bad) > 0 {
		return nil, apiErr("ValidationError", "Invalid processes: [%s]. Valid processes are %s.", strings.Join(bad, ", "), strings.Join(processNames, ", "))
	}
	return req, nil
}

func (a autoScalingAPI) SuspendProcesses(ctx context.Context, in *autoscaling.SuspendProcessesInput) (*autoscaling.SuspendProcessesOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	ps, err := s.processList(in.ScalingProcesses)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if _, ok := g.suspended[p]; !ok {
			g.suspended[p] = "User suspended at " + isoTime(s.now)
		}
	}
	s.mutated(ctx, svcASG, "SuspendProcesses", g.name, map[string]any{"processes": ps})
	return &autoscaling.SuspendProcessesOutput{}, nil
}

func (a autoScalingAPI) ResumeProcesses(ctx context.Context, in *autoscaling.ResumeProcessesInput) (*autoscaling.ResumeProcessesOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	ps, err := s.processList(in.ScalingProcesses)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		delete(g.suspended, p)
	}
	s.mutated(ctx, svcASG, "ResumeProcesses", g.name, map[string]any{"processes": ps})
	return &autoscaling.ResumeProcessesOutput{}, nil
}

func (s *Simulator) groupInstance(id string) (*instance, error) {
	x := s.instances[id]
	if x == nil || x.state == lsTerminated {
		return nil, apiErr("ValidationError", "Instance Id not found - No managed instance found for instance ID: %s", id)
	}
	return x, nil
}

func (a autoScalingAPI) SetInstanceHealth(ctx context.Context, in *autoscaling.SetInstanceHealthInput) (*autoscaling.SetInstanceHealthOutput, error) {
	s := a.s
	st := aws.ToString(in.HealthStatus)
	if st != "Healthy" && st != "Unhealthy" {
		return nil, apiErr("ValidationError", "Valid values for HealthStatus are Healthy and Unhealthy, got %q.", st)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	x, err := s.groupInstance(aws.ToString(in.InstanceId))
	if err != nil {
		return nil, err
	}
	if aws.ToBool(in.ShouldRespectGracePeriod) && s.now.Before(x.inService.Add(time.Duration(x.g.hcGrace)*time.Second)) {
		return &autoscaling.SetInstanceHealthOutput{}, nil
	}
	x.health = st
	if st == "Unhealthy" {
		x.unhealthyBy = "user"
	}
	s.mutated(ctx, svcASG, "SetInstanceHealth", x.g.name, map[string]any{"instance": x.id, "health": st})
	return &autoscaling.SetInstanceHealthOutput{}, nil
}

func (a autoScalingAPI) TerminateInstanceInAutoScalingGroup(ctx context.Context, in *autoscaling.TerminateInstanceInAutoScalingGroupInput) (*autoscaling.TerminateInstanceInAutoScalingGroupOutput, error) {
	s := a.s
	if in.ShouldDecrementDesiredCapacity == nil {
		return nil, apiErr("ValidationError", "1 validation error detected: Value null at 'shouldDecrementDesiredCapacity' failed to satisfy constraint: Member must not be null")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	x, err := s.groupInstance(aws.ToString(in.InstanceId))
	if err != nil {
		return nil, err
	}
	g := x.g
	if x.state != lsPending && x.state != lsInService && x.state != lsStandby {
		return nil, apiErr("ValidationError", "The instance %s is already %s.", x.id, x.state)
	}
	cause := fmt.Sprintf("At %s instance %s was taken out of service in response to a user request.", isoTime(s.now), x.id)
	if *in.ShouldDecrementDesiredCapacity {
		if g.desired <= g.min {
			return nil, apiErr("ValidationError", "Currently, desiredSize equals minSize (%d). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.", g.min)
		}
		cause = fmt.Sprintf("At %s instance %s was taken out of service in response to a user request, shrinking the capacity from %d to %d.", isoTime(s.now), x.id, g.desired, g.desired-1)
		g.desired--
	}
	act := s.terminate(x, cause)
	s.mutated(ctx, svcASG, "TerminateInstanceInAutoScalingGroup", g.name, map[string]any{"instance": x.id, "decrement": *in.ShouldDecrementDesiredCapacity, "desired": g.desired})
	out := toActivity(act)
	return &autoscaling.TerminateInstanceInAutoScalingGroupOutput{Activity: &out}, nil
}

func (s *Simulator) groupInstances(g *group, ids []string) ([]*instance, error) {
	if len(ids) == 0 {
		return nil, apiErr("ValidationError", "At least one instance id is required.")
	}
	var out []*instance
	for _, id := range ids {
		x := s.instances[id]
		if x == nil || x.g != g || x.state == lsTerminated {
			return nil, apiErr("ValidationError", "The instance %s is not part of Auto Scaling group %s.", id, g.name)
		}
		out = append(out, x)
	}
	return out, nil
}

func (a autoScalingAPI) EnterStandby(ctx context.Context, in *autoscaling.EnterStandbyInput) (*autoscaling.EnterStandbyOutput, error) {
	s := a.s
	if in.ShouldDecrementDesiredCapacity == nil {
		return nil, apiErr("ValidationError", "1 validation error detected: Value null at 'shouldDecrementDesiredCapacity' failed to satisfy constraint: Member must not be null")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	xs, err := s.groupInstances(g, in.InstanceIds)
	if err != nil {
		return nil, err
	}
	for _, x := range xs {
		if x.state != lsInService {
			return nil, apiErr("ValidationError", "The instance %s is not in InService.", x.id)
		}
	}
	dec := *in.ShouldDecrementDesiredCapacity
	if dec && g.desired-len(xs) < g.min {
		return nil, apiErr("ValidationError", "AutoScalingGroup %s has min-size=%d, max-size=%d, and desired-size=%d. To place into standby %d instances, please update the AutoScalingGroup sizes appropriately.", g.name, g.min, g.max, g.desired, len(xs))
	}
	out := &autoscaling.EnterStandbyOutput{}
	for _, x := range xs {
		var cause string
		if dec {
			cause = fmt.Sprintf("At %s user request put instance %s into standby state, shrinking the capacity from %d to %d.", isoTime(s.now), x.id, g.desired, g.desired-1)
			g.desired--
		} else {
			cause = fmt.Sprintf("At %s user request put instance %s into standby state.", isoTime(s.now), x.id)
		}
		x.state = lsEnteringStandby
		x.leaveAt = s.deregisterAll(x)
		x.act = s.newActivity(g, cause, "Moving EC2 instance to Standby: "+x.id, "{}", astypes.ScalingActivityStatusCodeInProgress)
		out.Activities = append(out.Activities, toActivity(x.act))
	}
	s.mutated(ctx, svcASG, "EnterStandby", g.name, map[string]any{"instances": in.InstanceIds, "decrement": dec, "desired": g.desired})
	return out, nil
}

func (a autoScalingAPI) ExitStandby(ctx context.Context, in *autoscaling.ExitStandbyInput) (*autoscaling.ExitStandbyOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	xs, err := s.groupInstances(g, in.InstanceIds)
	if err != nil {
		return nil, err
	}
	for _, x := range xs {
		if x.state != lsStandby {
			return nil, apiErr("ValidationError", "The instance %s is not in Standby.", x.id)
		}
	}
	if g.desired+len(xs) > g.max {
		return nil, apiErr("ValidationError", "AutoScalingGroup %s has min-size=%d, max-size=%d, and desired-size=%d. To move %d instances out of standby, please update the AutoScalingGroup sizes appropriately.", g.name, g.min, g.max, g.desired, len(xs))
	}
	out := &autoscaling.ExitStandbyOutput{}
	for _, x := range xs {
		cause := fmt.Sprintf("At %s user request moved instance %s out of standby state, increasing the capacity from %d to %d.", isoTime(s.now), x.id, g.desired, g.desired+1)
		g.desired++
		x.state = lsPending
		x.readyAt = s.now.Add(standbyExitDelay)
		x.act = s.newActivity(g, cause, "Moving EC2 instance out of Standby: "+x.id, "{}", astypes.ScalingActivityStatusCodePreInService)
		out.Activities = append(out.Activities, toActivity(x.act))
	}
	s.mutated(ctx, svcASG, "ExitStandby", g.name, map[string]any{"instances": in.InstanceIds, "desired": g.desired})
	return out, nil
}

func (a autoScalingAPI) SetInstanceProtection(ctx context.Context, in *autoscaling.SetInstanceProtectionInput) (*autoscaling.SetInstanceProtectionOutput, error) {
	s := a.s
	if in.ProtectedFromScaleIn == nil {
		return nil, apiErr("ValidationError", "1 validation error detected: Value null at 'protectedFromScaleIn' failed to satisfy constraint: Member must not be null")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.group(in.AutoScalingGroupName)
	if err != nil {
		return nil, err
	}
	xs, err := s.groupInstances(g, in.InstanceIds)
	if err != nil {
		return nil, err
	}
	for _, x := range xs {
		x.protected = *in.ProtectedFromScaleIn
	}
	s.mutated(ctx, svcASG, "SetInstanceProtection", g.name, map[string]any{"instances": in.InstanceIds, "protected": *in.ProtectedFromScaleIn})
	return &autoscaling.SetInstanceProtectionOutput{}, nil
}

// ---- forecasts ----

func (a autoScalingAPI) GetPredictiveScalingForecast(ctx context.Context, in *autoscaling.GetPredictiveScalingForecastInput) (*autoscaling.GetPredictiveScalingForecastOutput, error) {
	s := a.s
	if in.StartTime == nil || in.EndTime == nil {
		return nil, apiErr("ValidationError", "StartTime and EndTime are required.")
	}
	if !in.EndTime.After(*in.StartTime) {
		return nil, apiErr("ValidationError", "EndTime must be after StartTime.")
	}
	if in.EndTime.Sub(*in.StartTime) > 30*24*time.Hour {
		return nil, apiErr("ValidationError", "The time range between StartTime and EndTime must be at most 30 days.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, p, err := s.findPolicy(in.AutoScalingGroupName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	if p.typ != ptPredictive {
		return nil, apiErr("ValidationError", "Policy %s is not a predictive scaling policy.", p.name)
	}
	loads, capf := s.forecast(g, p, *in.StartTime, *in.EndTime)
	return &autoscaling.GetPredictiveScalingForecastOutput{LoadForecast: loads, CapacityForecast: capf, UpdateTime: aws.Time(s.now.Truncate(time.Hour))}, nil
}

// DescribeLaunchConfigurations answers an empty list: the fleet uses launch
// templates, as AWS now requires for new groups.
func (a autoScalingAPI) DescribeLaunchConfigurations(ctx context.Context, in *autoscaling.DescribeLaunchConfigurationsInput) (*autoscaling.DescribeLaunchConfigurationsOutput, error) {
	if _, err := pageSize(in.MaxRecords, 50, 100, "maxRecords"); err != nil {
		return nil, err
	}
	return &autoscaling.DescribeLaunchConfigurationsOutput{LaunchConfigurations: []astypes.LaunchConfiguration{}}, nil
}
