package spec

import (
	"fmt"
	"time"

	"github.com/solemate/hoist/model"
)

// The fixture is the simulator's default fleet in miniature: each kind of
// policy (CPU, request count per target, memory on a custom metric, step,
// simple, predictive), a recurring scheduled action, ALB and NLB target
// groups, an alarm hoist manages and one it does not, and a dashboard.

const (
	acct   = "000000000000"
	region = "us-east-1"
)

func lbARN(kind, name string) string {
	return fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:loadbalancer/%s/%s/50dc6c495c0c9188", region, acct, kind, name)
}

func tgARN(name string) string {
	return fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s/73e2d6bc24d8a067", region, acct, name)
}

func ip(v int) *int         { return &v }
func fp(v float64) *float64 { return &v }
func bp(v bool) *bool       { return &v }

func fixtureGroup(name, tier, itype string, c model.Capacity, tgs ...string) model.Group {
	g := model.Group{
		Name: name, Tier: tier, Capacity: c,
		Tags:            map[string]string{"Tier": tier, "Env": "prod"},
		HealthCheckType: "EC2", HealthCheckGrace: 60 * time.Second, DefaultCooldown: 300 * time.Second,
		TerminationPolicies: []string{"Default"}, InstanceTypes: []string{itype}, OnDemandPercent: 100,
	}
	for _, tg := range tgs {
		g.TargetGroupARNs = append(g.TargetGroupARNs, tgARN(tg))
		g.HealthCheckType = "ELB"
	}
	for i := 0; i < c.Desired; i++ {
		g.Instances = append(g.Instances, model.Instance{ID: fmt.Sprintf("i-%s-%d", name, i), Type: itype, AZ: "us-east-1a",
			Lifecycle: model.StateInService, Health: "Healthy"})
	}
	return g
}

func httpCheck(path string) model.HealthCheck {
	return model.HealthCheck{Protocol: "HTTP", Path: path, Port: "traffic-port", Interval: 15 * time.Second,
		Timeout: 5 * time.Second, HealthyThreshold: 3, UnhealthyThreshold: 2, Matcher: "200"}
}

func fixtureLive() *model.LiveConfig {
	web := fixtureGroup("solemate-web-prod", "web", "m6i.large", model.Capacity{Min: 2, Desired: 6, Max: 40}, "solemate-web-tg")
	app := fixtureGroup("solemate-app-prod", "app", "c6i.xlarge", model.Capacity{Min: 2, Desired: 4, Max: 30}, "solemate-app-tg")
	cat := fixtureGroup("solemate-catalog-prod", "services", "t3.medium", model.Capacity{Min: 2, Desired: 3, Max: 20}, "solemate-catalog-tg")
	chk := fixtureGroup("solemate-checkout-prod", "services", "c6i.large", model.Capacity{Min: 2, Desired: 2, Max: 20}, "solemate-checkout-tg")
	wrk := fixtureGroup("solemate-workers-prod", "worker", "c6i.large", model.Capacity{Min: 1, Desired: 2, Max: 20})
	cache := fixtureGroup("solemate-cache-prod", "cache", "r6g.xlarge", model.Capacity{Min: 2, Desired: 3, Max: 12}, "solemate-cache-tg")
	cache.HealthCheckType = "EC2"
	db := fixtureGroup("solemate-db-replica-prod", "data", "r6g.2xlarge", model.Capacity{Min: 2, Desired: 4, Max: 8})
	db.Suspended = []string{"AZRebalance"}
	live := &model.LiveConfig{
		Where:  model.Where{Account: acct, Region: region, Simulator: true},
		Groups: []model.Group{app, cache, cat, chk, db, web, wrk}, // sorted by name
		Prices: model.BuiltinPrices(region),
		TargetGroups: []model.TargetGroup{
			{Name: "solemate-app-tg", ARN: tgARN("solemate-app-tg"), Protocol: "HTTP", LoadBalancerARNs: []string{lbARN("app", "solemate-app-internal")},
				HealthCheck: httpCheck("/health"), Attributes: map[string]string{"load_balancing.algorithm.type": "least_outstanding_requests", "deregistration_delay.timeout_seconds": "45"}},
			{Name: "solemate-cache-tg", ARN: tgARN("solemate-cache-tg"), Protocol: "TCP", LoadBalancerARNs: []string{lbARN("net", "solemate-cache")},
				HealthCheck: model.HealthCheck{Protocol: "TCP", Port: "traffic-port", Interval: 10 * time.Second, Timeout: 5 * time.Second,
					HealthyThreshold: 3, UnhealthyThreshold: 3},
				Attributes: map[string]string{"deregistration_delay.timeout_seconds": "120", "stickiness.enabled": "true", "some.future.attribute": "x"}},
			{Name: "solemate-catalog-tg", ARN: tgARN("solemate-catalog-tg"), Protocol: "HTTP", LoadBalancerARNs: []string{lbARN("app", "solemate-services")},
				HealthCheck: httpCheck("/catalog/health"), Attributes: map[string]string{"deregistration_delay.timeout_seconds": "60"}},
			{Name: "solemate-checkout-tg", ARN: tgARN("solemate-checkout-tg"), Protocol: "HTTP", LoadBalancerARNs: []string{lbARN("app", "solemate-services")},
				HealthCheck: httpCheck("/checkout/health"), Attributes: map[string]string{"deregistration_delay.timeout_seconds": "60"}},
			{Name: "solemate-web-tg", ARN: tgARN("solemate-web-tg"), Protocol: "HTTP", LoadBalancerARNs: []string{lbARN("app", "solemate-web")},
				HealthCheck: httpCheck("/healthz"), Attributes: map[string]string{"stickiness.enabled": "true", "deregistration_delay.timeout_seconds": "30"}},
		},
		Policies: map[string][]model.PolicySpec{
			web.Name: {{Name: "solemate-web-cpu50-target-tracking", Enabled: bp(true), WarmupSeconds: ip(120),
				TargetTracking: &model.TargetTrackingSpec{Metric: "ASGAverageCPUUtilization", Target: 50}}},
			app.Name: {{Name: "solemate-app-requests-per-target", Enabled: bp(true), WarmupSeconds: ip(120),
				TargetTracking: &model.TargetTrackingSpec{Metric: model.MetricALBRequestCountPerTarget, Target: 6000, TargetGroup: "solemate-app-tg",
					ResourceLabel: model.ResourceLabelOf(lbARN("app", "solemate-app-internal"), tgARN("solemate-app-tg"))}}},
			chk.Name: {{Name: "solemate-checkout-cpu-target-tracking", Enabled: bp(true), WarmupSeconds: ip(120),
				TargetTracking: &model.TargetTrackingSpec{Metric: "ASGAverageCPUUtilization", Target: 45}}},
			cat.Name: {{Name: "solemate-catalog-cpu-target-tracking", Enabled: bp(true), WarmupSeconds: ip(120),
				TargetTracking: &model.TargetTrackingSpec{Metric: "ASGAverageCPUUtilization", Target: 55}}},
			wrk.Name: {
				{Name: "solemate-workers-backlog-step-out", Enabled: bp(true), WarmupSeconds: ip(60), Step: &model.StepSpec{AdjustmentType: "ChangeInCapacity",
					MetricAggregation: "Average", Steps: []model.StepAdjustment{{Lower: fp(0), Upper: fp(2000), Adjustment: 1}, {Lower: fp(2000), Adjustment: 4}}}},
				{Name: "solemate-workers-backlog-simple-in", Enabled: bp(true), Simple: &model.SimpleSpec{AdjustmentType: "ChangeInCapacity", Adjustment: -1, CooldownSeconds: ip(300)}},
			},
			cache.Name: {{Name: "solemate-cache-memory-target-tracking", Enabled: bp(true), WarmupSeconds: ip(180),
				TargetTracking: &model.TargetTrackingSpec{Target: 70, Custom: &model.CustomMetric{Namespace: "CWAgent", Metric: "mem_used_percent",
					Statistic: "Average", Dimensions: map[string]string{"AutoScalingGroupName": cache.Name}}}}},
			db.Name: {{Name: "solemate-db-predictive-cpu40", Enabled: bp(true),
				Predictive: &model.PredictiveSpec{Mode: "ForecastOnly", Metric: "ASGCPUUtilization", Target: 40, MaxCapacityBreach: "HonorMaxCapacity"}}},
		},
		Scheduled: map[string][]model.ScheduleSpec{
			db.Name: {
				{Name: "solemate-db-business-hours-start", Recurrence: "0 8 * * MON-FRI", TimeZone: "America/New_York", Start: "2026-11-30T13:00:00Z", Min: ip(4), Max: ip(8), Desired: ip(4)},
				{Name: "solemate-db-business-hours-end", Recurrence: "0 20 * * MON-FRI", TimeZone: "America/New_York", Start: "2026-11-27T01:00:00Z", Min: ip(2), Max: ip(8), Desired: ip(2)},
			},
		},
		Alarms: []model.LiveAlarm{
			{AlarmSpec: model.AlarmSpec{Name: "solemate-web-5xx-high", Namespace: "AWS/ApplicationELB", Metric: "HTTPCode_Target_5XX_Count",
				Dimensions: map[string]string{"LoadBalancer": "app/solemate-web/50dc6c495c0c9188"}, Statistic: "Sum", PeriodSeconds: 60, EvaluationPeriods: 3,
				DatapointsToAlarm: ip(2), Threshold: 50, Comparison: "GreaterThanThreshold", TreatMissingData: "notBreaching",
				Channels: []string{"arn:aws:sns:us-east-1:000000000000:solemate-oncall-page"}, ActionsEnabled: bp(true)}},
			{AlarmSpec: model.AlarmSpec{Name: "solemate-web-prod-cpu-high", Description: "CPU above 85% for 5 minutes", Namespace: "AWS/EC2", Metric: "CPUUtilization",
				Dimensions: map[string]string{"AutoScalingGroupName": web.Name}, Statistic: "Average", PeriodSeconds: 60, EvaluationPeriods: 5,
				DatapointsToAlarm: ip(5), Threshold: 85, Comparison: "GreaterThanThreshold", TreatMissingData: "missing",
				Channels: []string{"arn:aws:sns:us-east-1:000000000000:solemate-oncall"}, ActionsEnabled: bp(true)},
				Tags: map[string]string{model.ManagedTag: "true"}},
		},
		Dashboards: map[string]string{},
	}
	live.Dashboards["hoist-web"] = DashboardBody("web", live)
	return live
}
