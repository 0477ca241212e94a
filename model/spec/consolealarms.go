package spec

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// ConsoleAlarms are the console's own alert rules as CloudWatch alarms,
// for the groups an export writes: at max (desired minus max, metric
// math), desired not reached (desired minus in service, metric math),
// CPU high, and unhealthy targets per target group; thresholds as the
// config sets them, channels notified when one fires. The failed
// activity rule has no CloudWatch metric: it is a note instead (AWS sends
// failed launches as Auto Scaling notifications and EventBridge events).
// Group metrics (GroupDesiredCapacity and friends) need metrics
// collection enabled on the group.
func ConsoleAlarms(live *model.LiveConfig, f ExportFilter, th model.AlertThresholds, channels []string) ([]model.AlarmSpec, []string) {
	var out []model.AlarmSpec
	var tgs []string
	for i := range live.Groups {
		g := &live.Groups[i]
		if (f.Group != "" && g.Name != f.Group) || (f.Tier != "" && g.TierOrUntiered() != f.Tier) {
			continue
		}
		out = append(out, groupRules(g, th)...)
		for _, arn := range g.TargetGroupARNs {
			if !slices.Contains(tgs, arn) {
				tgs = append(tgs, arn)
			}
		}
	}
	if th.Enabled(model.AlertUnhealthy) {
		for _, arn := range tgs {
			if tg, ok := live.TargetGroupByARN(arn); ok && len(tg.LoadBalancerARNs) > 0 {
				out = append(out, unhealthyRule(tg, th.Unhealthy))
			}
		}
	}
	for i := range out {
		out[i].Channels = channels
	}
	var notes []string
	if th.Enabled(model.AlertFailedActivity) {
		notes = append(notes, "The failed-activity rule has no CloudWatch metric, so it is no alarm here: "+
			"subscribe an SNS topic to the groups' autoscaling:EC2_INSTANCE_LAUNCH_ERROR notifications for it.")
	}
	notes = append(notes, "The group metrics these alarms read (GroupDesiredCapacity, GroupMaxSize, GroupInServiceInstances) "+
		"need metrics collection enabled on each group.")
	return sortedByName(out, func(a model.AlarmSpec) string { return a.Name }), notes
}

// consolePrefix starts the names of the console's rules as alarms, so
// they never take the name of an alarm a team made.
const consolePrefix = "hoist-"

// periods is how a duration is evaluated: one-minute periods up to a day,
// hours beyond; at least one period.
func periods(d time.Duration) (period, n int) {
	period = 60
	if d > 24*time.Hour {
		period = 3600
	}
	n = int((d + time.Duration(period)*time.Second - 1) / (time.Duration(period) * time.Second))
	return period, max(n, 1)
}

func groupMetric(id, group, metric string, period int) model.MetricQuery {
	return model.MetricQuery{ID: id, Namespace: "AWS/AutoScaling", Metric: metric, Dimensions: map[string]string{"AutoScalingGroupName": group},
		Statistic: "Maximum", PeriodSeconds: period}
}

// groupRules are a group's rules that are on.
func groupRules(g *model.Group, th model.AlertThresholds) []model.AlarmSpec {
	var out []model.AlarmSpec
	// gap is desired minus another group metric, by metric math.
	gap := func(rule, suffix, id, metric, label, comparison string, d time.Duration) model.AlarmSpec {
		period, n := periods(d)
		return model.AlarmSpec{Name: consolePrefix + g.Name + suffix,
			Description: fmt.Sprintf("hoist's %s rule: %s %s for %s", rule, g.Name, label, plainDuration(d)),
			Metrics: []model.MetricQuery{groupMetric("desired", g.Name, "GroupDesiredCapacity", period), groupMetric(id, g.Name, metric, period),
				{ID: "gap", Expression: "desired - " + id, Label: "desired - " + id, ReturnData: true}},
			EvaluationPeriods: n, Comparison: comparison}
	}
	if th.Enabled(model.AlertAtMax) {
		out = append(out, gap(model.AlertAtMax, "-at-max", "max", "GroupMaxSize", "at max", "GreaterThanOrEqualToThreshold", th.AtMax))
	}
	if th.Enabled(model.AlertNotReached) {
		out = append(out, gap(model.AlertNotReached, "-desired-not-reached", "in_service", "GroupInServiceInstances",
			"below its desired capacity", "GreaterThanThreshold", th.NotReached))
	}
	if th.Enabled(model.AlertCPUHigh) {
		period, n := periods(th.CPUFor)
		out = append(out, model.AlarmSpec{Name: consolePrefix + g.Name + "-cpu-high",
			Description: fmt.Sprintf("hoist's %s rule: %s CPU above %s%% for %s", model.AlertCPUHigh, g.Name, model.FormatNumber(th.CPUPercent), plainDuration(th.CPUFor)),
			Namespace:   "AWS/EC2", Metric: "CPUUtilization", Dimensions: map[string]string{"AutoScalingGroupName": g.Name},
			Statistic: "Average", PeriodSeconds: period, EvaluationPeriods: n, Threshold: th.CPUPercent, Comparison: "GreaterThanThreshold"})
	}
	return out
}

// plainDuration is a duration as a person writes it: 5m, 2h, 90s.
func plainDuration(d time.Duration) string {
	switch {
	case d == 0:
		return "a moment"
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

// unhealthyRule is the unhealthy targets rule of one target group.
func unhealthyRule(tg *model.TargetGroup, d time.Duration) model.AlarmSpec {
	lb := model.ARNDimension(tg.LoadBalancerARNs[0])
	ns := "AWS/ApplicationELB"
	if strings.HasPrefix(lb, "net/") {
		ns = "AWS/NetworkELB"
	}
	period, n := periods(d)
	return model.AlarmSpec{Name: consolePrefix + tg.Name + "-unhealthy",
		Description: fmt.Sprintf("hoist's %s rule: unhealthy targets in %s for %s", model.AlertUnhealthy, tg.Name, plainDuration(d)),
		Namespace:   ns, Metric: "UnHealthyHostCount", Dimensions: map[string]string{"TargetGroup": model.ARNDimension(tg.ARN), "LoadBalancer": lb},
		Statistic: "Maximum", PeriodSeconds: period, EvaluationPeriods: n, Threshold: 0, Comparison: "GreaterThanThreshold"}
}
