package aws

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/solemate/hoist/model"
)

// Page sizes and bounds (docs/aws-facts.md: Page sizes and batch limits).
const (
	groupsPageSize      = 100
	activitiesPageSize  = 100
	policiesPageSize    = 100
	alarmsPageSize      = 100
	elbPageSize         = 400
	instancesBatch      = 100
	instancesPageSize   = 1000
	metricQueriesPerGet = 500
	metricPointsPerGet  = 100800
	historyWindow       = 3 * time.Hour
	spotPagesMax        = 10
)

// groupsResult is what one DescribeAutoScalingGroups sweep returns.
type groupsResult struct {
	groups []model.Group
	lt     map[string]ltRef // group → launch template, for groups with no instance type
}

type ltRef struct{ ref, version string }

// groupNamesPerCall is how many groups one DescribeAutoScalingGroups
// names (docs/aws-facts.md: Page sizes and batch limits).
const groupNamesPerCall = 50

// describeGroups lists every group (names empty), 100 a page, or the named
// ones, 50 names a call, converted and sorted by name.
func (s *Session) describeGroups(ctx context.Context, names []string) (groupsResult, error) {
	res := groupsResult{lt: map[string]ltRef{}}
	ins := []*autoscaling.DescribeAutoScalingGroupsInput{{MaxRecords: sdk.Int32(groupsPageSize)}}
	if len(names) > 0 {
		ins = ins[:0]
		for chunk := range slices.Chunk(names, groupNamesPerCall) {
			ins = append(ins, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: chunk, MaxRecords: sdk.Int32(groupsPageSize)})
		}
	}
	for _, in := range ins {
		if err := s.pageGroups(ctx, in, &res); err != nil {
			return res, err
		}
	}
	sort.Slice(res.groups, func(i, j int) bool { return res.groups[i].Name < res.groups[j].Name })
	return res, nil
}

// pageGroups reads every page of in into res.
func (s *Session) pageGroups(ctx context.Context, in *autoscaling.DescribeAutoScalingGroupsInput, res *groupsResult) error {
	pg := autoscaling.NewDescribeAutoScalingGroupsPaginator(s.asg, in)
	for pg.HasMorePages() {
		out, err := pg.NextPage(ctx)
		if err != nil {
			return classify("autoscaling:DescribeAutoScalingGroups", err)
		}
		for i := range out.AutoScalingGroups {
			raw := &out.AutoScalingGroups[i]
			g := ConvertGroup(raw)
			if len(g.InstanceTypes) == 0 {
				if ref, v := launchTemplateRef(raw); ref != "" {
					res.lt[g.Name] = ltRef{ref, v}
				}
			}
			res.groups = append(res.groups, g)
		}
	}
	return nil
}

// Groups reads the named groups now (every group when none are named),
// with their policies when withPolicies is set. An unknown name is
// ErrUnknownGroup.
func (s *Session) Groups(ctx context.Context, withPolicies bool, names ...string) ([]model.Group, error) {
	res, err := s.describeGroups(ctx, names)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if !slices.ContainsFunc(res.groups, func(g model.Group) bool { return g.Name == n }) {
			return nil, &Error{Kind: ErrUnknownGroup, Op: "autoscaling:DescribeAutoScalingGroups",
				Msg: fmt.Sprintf("unknown group %q in %s", n, s.region)}
		}
	}
	if withPolicies {
		for i := range res.groups {
			ps, _, err := s.describePolicies(ctx, res.groups[i].Name, "")
			if err != nil {
				return nil, err
			}
			res.groups[i].Policies = ps[res.groups[i].Name]
		}
	}
	return res.groups, nil
}

// describeActivities returns the account's most recent activities: one
// page, newest first.
func (s *Session) describeActivities(ctx context.Context) ([]model.Activity, error) {
	return s.activitiesPage(ctx, &autoscaling.DescribeScalingActivitiesInput{MaxRecords: sdk.Int32(activitiesPageSize)})
}

// describeGroupActivities returns group's most recent activities: one page
// of 50, newest first.
func (s *Session) describeGroupActivities(ctx context.Context, group string) ([]model.Activity, error) {
	return s.activitiesPage(ctx, &autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: sdk.String(group), MaxRecords: sdk.Int32(50)})
}

func (s *Session) activitiesPage(ctx context.Context, in *autoscaling.DescribeScalingActivitiesInput) ([]model.Activity, error) {
	o, err := s.asg.DescribeScalingActivities(ctx, in)
	if err != nil {
		return nil, classify("autoscaling:DescribeScalingActivities", err)
	}
	out := make([]model.Activity, 0, len(o.Activities))
	for i := range o.Activities {
		out = append(out, ConvertActivity(&o.Activities[i]))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.After(out[j].Start) })
	return out, nil
}

// describePolicies returns policies by group (all groups when group is "")
// and, optionally filtered to one policy name.
func (s *Session) describePolicies(ctx context.Context, group, policy string) (map[string][]model.Policy, []astypes.ScalingPolicy, error) {
	in := &autoscaling.DescribePoliciesInput{MaxRecords: sdk.Int32(policiesPageSize)}
	if group != "" {
		in.AutoScalingGroupName = sdk.String(group)
	}
	if policy != "" {
		in.PolicyNames = []string{policy}
	}
	byGroup := map[string][]model.Policy{}
	var raw []astypes.ScalingPolicy
	pg := autoscaling.NewDescribePoliciesPaginator(s.asg, in)
	for pg.HasMorePages() {
		out, err := pg.NextPage(ctx)
		if err != nil {
			return nil, nil, classify("autoscaling:DescribePolicies", err)
		}
		for i := range out.ScalingPolicies {
			p := ConvertPolicy(&out.ScalingPolicies[i])
			if group != "" && p.Group != group {
				continue // some emulators ignore the filter
			}
			byGroup[p.Group] = append(byGroup[p.Group], p)
			raw = append(raw, out.ScalingPolicies[i])
		}
	}
	return byGroup, raw, nil
}

func (s *Session) describeScheduled(ctx context.Context) (map[string][]model.ScheduledAction, error) {
	byGroup := map[string][]model.ScheduledAction{}
	pg := autoscaling.NewDescribeScheduledActionsPaginator(s.asg, &autoscaling.DescribeScheduledActionsInput{MaxRecords: sdk.Int32(policiesPageSize)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(ctx)
		if err != nil {
			return nil, classify("autoscaling:DescribeScheduledActions", err)
		}
		for i := range out.ScheduledUpdateGroupActions {
			a := ConvertScheduled(&out.ScheduledUpdateGroupActions[i])
			byGroup[a.Group] = append(byGroup[a.Group], a)
		}
	}
	for _, as := range byGroup {
		zoneCache.withUpcoming(as, s.Now()) // the timeline's next 24 hours
	}
	return byGroup, nil
}

// describeLaunchTemplateTypes resolves launch template references to their
// instance type, one call per template (groups with no instances only).
func (s *Session) describeLaunchTemplateTypes(ctx context.Context, refs []ltRef) (map[ltRef]string, error) {
	out := map[ltRef]string{}
	for _, r := range refs {
		in := &ec2.DescribeLaunchTemplateVersionsInput{Versions: []string{r.version}}
		if name, ok := strings.CutPrefix(r.ref, "name:"); ok {
			in.LaunchTemplateName = sdk.String(name)
		} else {
			in.LaunchTemplateId = sdk.String(r.ref)
		}
		o, err := s.ec2.DescribeLaunchTemplateVersions(ctx, in)
		if err != nil {
			return out, classify("ec2:DescribeLaunchTemplateVersions", err)
		}
		for _, v := range o.LaunchTemplateVersions {
			if v.LaunchTemplateData != nil && v.LaunchTemplateData.InstanceType != "" {
				out[r] = string(v.LaunchTemplateData.InstanceType)
			}
		}
	}
	return out, nil
}

// describeAlarms lists the metric alarms named (100 names a call), or
// every one when none is, 100 a page.
func (s *Session) describeAlarms(ctx context.Context, names ...string) ([]model.Alarm, error) {
	if len(names) == 0 {
		return s.describeAlarmsIn(ctx, "")
	}
	var out []model.Alarm
	for chunk := range slices.Chunk(names, alarmsPageSize) {
		in := &cloudwatch.DescribeAlarmsInput{MaxRecords: sdk.Int32(alarmsPageSize), AlarmTypes: metricAlarms, AlarmNames: chunk}
		if err := s.pageAlarms(ctx, in, &out); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

var metricAlarms = []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm}

// describeAlarmsIn lists the metric alarms in state (every one for ""),
// 100 a page.
func (s *Session) describeAlarmsIn(ctx context.Context, state string) ([]model.Alarm, error) {
	in := &cloudwatch.DescribeAlarmsInput{MaxRecords: sdk.Int32(alarmsPageSize), AlarmTypes: metricAlarms, StateValue: cwtypes.StateValue(state)}
	var out []model.Alarm
	if err := s.pageAlarms(ctx, in, &out); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (s *Session) pageAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput, out *[]model.Alarm) error {
	pg := cloudwatch.NewDescribeAlarmsPaginator(s.cw, in)
	for pg.HasMorePages() {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return classify("cloudwatch:DescribeAlarms", err)
		}
		for i := range o.MetricAlarms {
			*out = append(*out, ConvertAlarm(&o.MetricAlarms[i]))
		}
	}
	return nil
}

// describeAlarmHistory returns recent state changes, one page, newest first.
func (s *Session) describeAlarmHistory(ctx context.Context, now time.Time) ([]model.AlarmEvent, error) {
	o, err := s.cw.DescribeAlarmHistory(ctx, &cloudwatch.DescribeAlarmHistoryInput{
		HistoryItemType: cwtypes.HistoryItemTypeStateUpdate,
		StartDate:       sdk.Time(now.Add(-historyWindow)),
		EndDate:         sdk.Time(now.Add(time.Minute)),
		MaxRecords:      sdk.Int32(alarmsPageSize),
		ScanBy:          cwtypes.ScanByTimestampDescending,
	})
	if err != nil {
		return nil, classify("cloudwatch:DescribeAlarmHistory", err)
	}
	out := make([]model.AlarmEvent, 0, len(o.AlarmHistoryItems))
	for i := range o.AlarmHistoryItems {
		out = append(out, ConvertAlarmEvent(&o.AlarmHistoryItems[i]))
	}
	return out, nil
}

// describeLoadBalancers lists load balancers and target groups, 400 a page.
func (s *Session) describeLoadBalancers(ctx context.Context) ([]model.LoadBalancer, []model.TargetGroup, error) {
	var lbs []model.LoadBalancer
	pl := elb.NewDescribeLoadBalancersPaginator(s.elb, &elb.DescribeLoadBalancersInput{PageSize: sdk.Int32(elbPageSize)})
	for pl.HasMorePages() {
		o, err := pl.NextPage(ctx)
		if err != nil {
			return nil, nil, classify("elasticloadbalancing:DescribeLoadBalancers", err)
		}
		for i := range o.LoadBalancers {
			lbs = append(lbs, ConvertLoadBalancer(&o.LoadBalancers[i]))
		}
	}
	var tgs []model.TargetGroup
	pt := elb.NewDescribeTargetGroupsPaginator(s.elb, &elb.DescribeTargetGroupsInput{PageSize: sdk.Int32(elbPageSize)})
	for pt.HasMorePages() {
		o, err := pt.NextPage(ctx)
		if err != nil {
			return nil, nil, classify("elasticloadbalancing:DescribeTargetGroups", err)
		}
		for i := range o.TargetGroups {
			tgs = append(tgs, ConvertTargetGroup(&o.TargetGroups[i]))
		}
	}
	sort.Slice(lbs, func(i, j int) bool { return lbs[i].Name < lbs[j].Name })
	sort.Slice(tgs, func(i, j int) bool { return tgs[i].Name < tgs[j].Name })
	return lbs, tgs, nil
}

func (s *Session) describeListeners(ctx context.Context, lbARN string) ([]model.Listener, error) {
	var out []model.Listener
	pg := elb.NewDescribeListenersPaginator(s.elb, &elb.DescribeListenersInput{LoadBalancerArn: sdk.String(lbARN), PageSize: sdk.Int32(elbPageSize)})
	for pg.HasMorePages() {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return nil, classify("elasticloadbalancing:DescribeListeners", err)
		}
		for i := range o.Listeners {
			out = append(out, ConvertListener(&o.Listeners[i]))
		}
	}
	return out, nil
}

func (s *Session) describeTargetGroupAttributes(ctx context.Context, tgARN string) (map[string]string, error) {
	o, err := s.elb.DescribeTargetGroupAttributes(ctx, &elb.DescribeTargetGroupAttributesInput{TargetGroupArn: sdk.String(tgARN)})
	if err != nil {
		return nil, classify("elasticloadbalancing:DescribeTargetGroupAttributes", err)
	}
	m := make(map[string]string, len(o.Attributes))
	for _, a := range o.Attributes {
		m[sdk.ToString(a.Key)] = sdk.ToString(a.Value)
	}
	return m, nil
}

// describeTargetHealth is one call per target group: ELBv2 has no batch
// form, so hoist asks only for the selected group's target groups.
func (s *Session) describeTargetHealth(ctx context.Context, tgARN string) ([]model.Target, error) {
	o, err := s.elb.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: sdk.String(tgARN)})
	if err != nil {
		return nil, classify("elasticloadbalancing:DescribeTargetHealth", err)
	}
	out := make([]model.Target, 0, len(o.TargetHealthDescriptions))
	for i := range o.TargetHealthDescriptions {
		out = append(out, ConvertTarget(&o.TargetHealthDescriptions[i]))
	}
	return out, nil
}

// describeInstances reads launch time, type and spot lifecycle of ids, in
// batches of 100. Ids EC2 no longer knows are left out. When listing every
// Auto Scaling instance, 1,000 a page, takes fewer calls (the first cycle:
// all of the fleet's instances are new), it lists instead: 52 calls for
// 5,000 groups' 51,600 instances rather than 517 batches, which would
// overrun EC2's describe bucket (100, refilled at 20 a second) at
// start-up. fleet is how many instances the groups hold.
func (s *Session) describeInstances(ctx context.Context, ids []string, fleet int) (map[string]instanceInfo, error) {
	listCalls := (fleet + instancesPageSize - 1) / instancesPageSize
	batchCalls := (len(ids) + instancesBatch - 1) / instancesBatch
	if listCalls < batchCalls {
		return s.listASGInstances(ctx, ids)
	}
	out := make(map[string]instanceInfo, len(ids))
	for start := 0; start < len(ids); start += instancesBatch {
		batch := ids[start:min(start+instancesBatch, len(ids))]
		// A filter, not InstanceIds: an id terminated meanwhile must not
		// fail the whole batch with InvalidInstanceID.NotFound.
		in := &ec2.DescribeInstancesInput{Filters: []ec2types.Filter{{Name: sdk.String("instance-id"), Values: batch}}}
		if err := s.pageInstances(ctx, in, nil, out); err != nil {
			return out, err
		}
	}
	return out, nil
}

// listASGInstances reads every instance Auto Scaling launched, 1,000 a
// page, and keeps those of ids.
func (s *Session) listASGInstances(ctx context.Context, ids []string) (map[string]instanceInfo, error) {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	out := make(map[string]instanceInfo, len(ids))
	err := s.pageInstances(ctx, &ec2.DescribeInstancesInput{
		Filters:    []ec2types.Filter{{Name: sdk.String("tag-key"), Values: []string{"aws:autoscaling:groupName"}}},
		MaxResults: sdk.Int32(instancesPageSize),
	}, want, out)
	return out, err
}

// pageInstances reads every page of in into out, keeping only the ids in
// want (all when want is nil).
func (s *Session) pageInstances(ctx context.Context, in *ec2.DescribeInstancesInput, want map[string]bool, out map[string]instanceInfo) error {
	pg := ec2.NewDescribeInstancesPaginator(s.ec2, in)
	for pg.HasMorePages() {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return classify("ec2:DescribeInstances", err)
		}
		for _, r := range o.Reservations {
			for i := range r.Instances {
				if id := sdk.ToString(r.Instances[i].InstanceId); want == nil || want[id] {
					out[id] = convertInstanceInfo(&r.Instances[i])
				}
			}
		}
	}
	return nil
}

// describeSpotPrices returns the latest Linux spot price per "type/az" and
// the lowest per "type", for the types given.
func (s *Session) describeSpotPrices(ctx context.Context, types []string, now time.Time) (map[string]float64, error) {
	out := map[string]float64{}
	if len(types) == 0 {
		return out, nil
	}
	its := make([]ec2types.InstanceType, len(types))
	for i, t := range types {
		its[i] = ec2types.InstanceType(t)
	}
	pg := ec2.NewDescribeSpotPriceHistoryPaginator(s.ec2, &ec2.DescribeSpotPriceHistoryInput{
		InstanceTypes:       its,
		ProductDescriptions: []string{"Linux/UNIX"},
		StartTime:           sdk.Time(now),
		MaxResults:          sdk.Int32(1000),
	})
	latest := map[string]time.Time{}
	for page := 0; pg.HasMorePages() && page < spotPagesMax; page++ {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return out, classify("ec2:DescribeSpotPriceHistory", err)
		}
		for _, p := range o.SpotPriceHistory {
			v, err := strconv.ParseFloat(sdk.ToString(p.SpotPrice), 64)
			if err != nil {
				continue
			}
			k := string(p.InstanceType) + "/" + sdk.ToString(p.AvailabilityZone)
			if t := sdk.ToTime(p.Timestamp); t.After(latest[k]) || latest[k].IsZero() {
				latest[k] = t
				out[k] = v
			}
		}
	}
	for k, v := range out {
		t, _, _ := strings.Cut(k, "/")
		if cur, ok := out[t]; !ok || v < cur {
			out[t] = v
		}
	}
	return out, nil
}

// --- metrics ---

// seriesState is one series' ring and how far it has been fetched.
type seriesState struct {
	ring      *model.Ring
	period    time.Duration
	fetchedTo time.Time
	wanted    time.Time
	unit      string
}

// metricsCache holds the rings between cycles. Only one metrics cycle runs
// at a time, so it needs no lock.
type metricsCache struct {
	series map[model.SeriesKey]*seriesState
}

func newMetricsCache() *metricsCache {
	return &metricsCache{series: map[model.SeriesKey]*seriesState{}}
}

// ringSize holds the most points any range needs (model.PeriodFor keeps a
// range to at most 360).
const ringSize = 360

// incremental is how far back an incremental window reaches: CloudWatch
// revises the last few minutes as late datapoints arrive.
const incremental = 5 * time.Minute

// fetchMetrics asks GetMetricData for specs over rng, ending at now (the
// server's clock). Series already held are asked only for the last few
// minutes and merged into their rings. It returns the series and units
// wanted, and how many metrics it requested (what CloudWatch bills).
func (s *Session) fetchMetrics(ctx context.Context, c *metricsCache, specs []model.MetricSpec, rng time.Duration, now time.Time) (map[model.SeriesKey][]model.Point, map[model.SeriesKey]string, int, error) {
	if rng <= 0 {
		rng = time.Hour
	}
	period := model.PeriodFor(rng)
	end := now.Truncate(period).Add(period)
	byStart := map[time.Time][]model.MetricSpec{}
	for _, sp := range specs {
		st := c.series[sp.Key]
		if st == nil || st.period != period {
			st = &seriesState{ring: model.NewRing(ringSize), period: period, unit: sp.Unit}
			c.series[sp.Key] = st
		}
		st.wanted = now
		start := end.Add(-rng)
		if !st.fetchedTo.IsZero() {
			inc := st.fetchedTo.Add(-max(incremental, 3*period)).Truncate(period)
			if inc.After(start) {
				start = inc
			}
		}
		byStart[start] = append(byStart[start], sp)
	}
	starts := make([]time.Time, 0, len(byStart))
	for t := range byStart {
		starts = append(starts, t)
	}
	slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })

	requested := 0
	var firstErr error
	for _, start := range starts {
		group := byStart[start]
		points := int(end.Sub(start)/period) + 1
		perCall := min(metricQueriesPerGet, max(1, metricPointsPerGet/points))
		for i := 0; i < len(group); i += perCall {
			batch := group[i:min(i+perCall, len(group))]
			requested += len(batch)
			if err := s.getMetricData(ctx, c, batch, start, end, period); err != nil && firstErr == nil {
				firstErr = err
			}
		}
	}
	// Forget series nobody has looked at for a while.
	for k, st := range c.series {
		if now.Sub(st.wanted) > 10*time.Minute {
			delete(c.series, k)
		}
	}
	series := make(map[model.SeriesKey][]model.Point, len(specs))
	units := make(map[model.SeriesKey]string, len(specs))
	for _, sp := range specs {
		if st := c.series[sp.Key]; st != nil {
			series[sp.Key] = st.ring.Points()
			units[sp.Key] = st.unit
		}
	}
	return series, units, requested, firstErr
}

func (s *Session) getMetricData(ctx context.Context, c *metricsCache, batch []model.MetricSpec, start, end time.Time, period time.Duration) error {
	qs := make([]cwtypes.MetricDataQuery, len(batch))
	for i, sp := range batch {
		qs[i] = specQuery("m"+strconv.Itoa(i), sp, period)
	}
	pg := cloudwatch.NewGetMetricDataPaginator(s.cw, &cloudwatch.GetMetricDataInput{
		MetricDataQueries: qs,
		StartTime:         sdk.Time(start),
		EndTime:           sdk.Time(end),
		ScanBy:            cwtypes.ScanByTimestampAscending,
	})
	for pg.HasMorePages() {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return classify("cloudwatch:GetMetricData", err)
		}
		for _, r := range o.MetricDataResults {
			id := sdk.ToString(r.Id)
			i, err := strconv.Atoi(id[1:])
			if err != nil || i < 0 || i >= len(batch) {
				continue
			}
			sp := batch[i]
			st := c.series[sp.Key]
			scale := sp.Scale
			if scale == 0 {
				scale = 1
			}
			for k := range r.Timestamps {
				if k < len(r.Values) {
					st.ring.Put(model.Point{T: r.Timestamps[k], V: r.Values[k] * scale})
				}
			}
		}
	}
	for _, sp := range batch {
		c.series[sp.Key].fetchedTo = end
	}
	return nil
}
