package insight

import (
	"time"

	"github.com/solemate/hoist/model"
)

// The series a report reads per group, under keys of their own so they
// never mix with the console's.
const (
	keyCPU       model.Metric = "insight:cpu"
	keyCPUMax    model.Metric = "insight:cpu-max"
	keyMemory    model.Metric = "insight:memory"
	keyInstances model.Metric = "insight:instances"
	keyDesired   model.Metric = "insight:desired"
	keyRequests  model.Metric = "insight:requests"
	keyTarget5xx model.Metric = "insight:target-5xx"
	keyELB5xx    model.Metric = "insight:elb-5xx"
	keyP99       model.Metric = "insight:p99"
	keyHealthy   model.Metric = "insight:healthy"
)

// Front is what stands before a group: its first target group and that
// target group's load balancer, and whether the load balancer sends to
// no other target group (then its own 5xx are the group's).
type Front struct {
	TargetGroup  *model.TargetGroup
	LoadBalancer *model.LoadBalancer
	Alone        bool
}

// Period is the metric period a report over w reads at: fine enough for a
// scale-out in an incident, coarse enough for weeks (CloudWatch keeps
// 1-minute data 15 days, 5-minute data 63).
func Period(w time.Duration) time.Duration {
	switch {
	case w <= 6*time.Hour:
		return time.Minute
	case w <= 15*24*time.Hour:
		return 5 * time.Minute
	}
	return time.Hour
}

// Specs are the CloudWatch queries behind a group's Series (without
// Healthy, which HealthySpec asks for at a fine period).
func Specs(g *model.Group, f Front) []model.MetricSpec {
	byGroup := []model.Dimension{{Name: "AutoScalingGroupName", Value: g.Name}}
	spec := func(m model.Metric, ns, name string, dims []model.Dimension, stat string, scale float64) model.MetricSpec {
		return model.MetricSpec{Key: model.SeriesKey{Group: g.Name, Metric: m}, Namespace: ns, Name: name, Dimensions: dims, Stat: stat, Scale: scale}
	}
	out := []model.MetricSpec{
		spec(keyCPU, "AWS/EC2", "CPUUtilization", byGroup, "Average", 1),
		spec(keyMemory, "CWAgent", "mem_used_percent", byGroup, "Average", 1),
		CapacitySpec(g),
		spec(keyDesired, "AWS/AutoScaling", "GroupDesiredCapacity", byGroup, "Average", 1),
	}
	if ref := ReferenceOf(g); ref.Metric == RefCPU && ref.Policy != "" && ref.Target < LowCPUTarget {
		if p, ok := g.Policy(ref.Policy); ok && p.Type == model.PolicyTargetTracking {
			// how far the busiest instance runs above the average: how far a low target may rise
			out = append(out, spec(keyCPUMax, "AWS/EC2", "CPUUtilization", byGroup, "Maximum", 1))
		}
	}
	tg, lb := f.TargetGroup, f.LoadBalancer
	if tg == nil || lb == nil || lb.Type != model.LBApplication {
		return out
	}
	lbDims := []model.Dimension{
		{Name: "TargetGroup", Value: model.TargetGroupDimension(tg.ARN)},
		{Name: "LoadBalancer", Value: model.LoadBalancerDimension(lb.ARN)},
	}
	out = append(out,
		spec(keyRequests, "AWS/ApplicationELB", "RequestCount", lbDims, "Sum", 1),
		spec(keyTarget5xx, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", lbDims, "Sum", 1),
		spec(keyP99, "AWS/ApplicationELB", "TargetResponseTime", lbDims, "p99", 1000),
	)
	if f.Alone {
		out = append(out, spec(keyELB5xx, "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count",
			[]model.Dimension{{Name: "LoadBalancer", Value: model.LoadBalancerDimension(lb.ARN)}}, "Sum", 1))
	}
	return out
}

// CapacitySpec asks for the instances the group paid for
// (GroupTotalInstances), the one series an incident reads a week back.
func CapacitySpec(g *model.Group) model.MetricSpec {
	return model.MetricSpec{Key: model.SeriesKey{Group: g.Name, Metric: keyInstances}, Namespace: "AWS/AutoScaling",
		Name: "GroupTotalInstances", Dimensions: []model.Dimension{{Name: "AutoScalingGroupName", Value: g.Name}}, Stat: "Average", Scale: 1}
}

// HealthySpec asks for the group's healthy targets (the most in each
// period), for the healthy step of its scale-outs; false behind no load
// balancer.
func HealthySpec(g *model.Group, f Front) (model.MetricSpec, bool) {
	tg, lb := f.TargetGroup, f.LoadBalancer
	if tg == nil || lb == nil {
		return model.MetricSpec{}, false
	}
	ns := "AWS/ApplicationELB"
	if lb.Type == model.LBNetwork {
		ns = "AWS/NetworkELB"
	}
	return model.MetricSpec{Key: model.SeriesKey{Group: g.Name, Metric: keyHealthy}, Namespace: ns, Name: "HealthyHostCount",
		Dimensions: []model.Dimension{
			{Name: "TargetGroup", Value: model.TargetGroupDimension(tg.ARN)},
			{Name: "LoadBalancer", Value: model.LoadBalancerDimension(lb.ARN)},
		}, Stat: "Maximum", Scale: 1}, true
}

// SeriesFrom assembles a group's Series from what was read at period;
// healthy, read at healthyPeriod, is stamped at the end of each period
// (by then the count had been reached).
func SeriesFrom(group string, data map[model.SeriesKey][]model.Point, period, healthyPeriod time.Duration) Series {
	get := func(m model.Metric) []model.Point { return data[model.SeriesKey{Group: group, Metric: m}] }
	s := Series{Period: period, CPU: get(keyCPU), CPUMax: get(keyCPUMax), Memory: get(keyMemory), Instances: get(keyInstances), Desired: get(keyDesired),
		Requests: get(keyRequests), Target5xx: get(keyTarget5xx), ELB5xx: get(keyELB5xx), P99: get(keyP99)}
	for _, p := range get(keyHealthy) {
		s.Healthy = append(s.Healthy, model.Point{T: p.T.Add(healthyPeriod), V: p.V})
	}
	return s
}
