package sim

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// Roles of the default platform. peakRPS and rpsPerVCPU are chosen so the
// groups sit at a handful of instances in the morning and about twice that
// at the evening peak.
func roles() map[string]*role {
	return map[string]*role{
		"web":      {kind: "web", peakRPS: 600, rpsPerVCPU: 60, latency: 0.045, memBase: 38, memLoad: 20, boot: 50 * time.Second, flash: 5},
		"app":      {kind: "app", peakRPS: 800, rpsPerVCPU: 50, latency: 0.080, memBase: 45, memLoad: 20, boot: 60 * time.Second, flash: 5},
		"catalog":  {kind: "service", peakRPS: 400, rpsPerVCPU: 80, latency: 0.030, memBase: 40, memLoad: 15, boot: 45 * time.Second, flash: 1.5, phase: 0.3},
		"cart":     {kind: "service", peakRPS: 200, rpsPerVCPU: 80, latency: 0.025, memBase: 35, memLoad: 15, boot: 45 * time.Second, flash: 2, phase: 0.2},
		"checkout": {kind: "service", peakRPS: 150, rpsPerVCPU: 40, latency: 0.120, memBase: 42, memLoad: 18, boot: 55 * time.Second, flash: 5, phase: 0.4},
		"search":   {kind: "service", peakRPS: 300, rpsPerVCPU: 50, latency: 0.060, memBase: 55, memLoad: 20, boot: 70 * time.Second, flash: 1.5, phase: 0.1},
		"workers":  {kind: "worker", peakRPS: 40, rpsPerVCPU: 10, latency: 1, memBase: 30, memLoad: 30, boot: 60 * time.Second, flash: 1, phase: 0.5},
		"cache":    {kind: "cache", peakRPS: 20000, rpsPerVCPU: 2000, latency: 0.001, memBase: 45, memLoad: 40, boot: 40 * time.Second, flash: 1},
		"db":       {kind: "db", peakRPS: 1100, rpsPerVCPU: 100, latency: 0.004, memBase: 60, memLoad: 25, boot: 90 * time.Second, flash: 1},
	}
}

type groupSpec struct {
	name                  string
	role                  *role
	itypes                []string
	min, max, desired     int
	tier, service, env    string
	extraTags             []tag
	tgs                   []*targetGroup
	hcType                string
	grace                 int
	warmup                int
	mixed                 *astypes.MixedInstancesPolicy
	queue                 string
	protectedFromScaleIn  bool
	initialTargetUtilised float64
	versions              int  // launch template versions (default 7); the group uses the newest
	noAgent               bool // its launch template does not install the CloudWatch agent
}

func (s *Simulator) subnetsFor(azs []string) map[string]string {
	m := map[string]string{}
	for _, az := range azs {
		m[az] = fmt.Sprintf("subnet-0%015x%x", mix(strHash(az)^s.seed)%(1<<60), azIndex(az))
	}
	return m
}

func (s *Simulator) groupARN(name string) string {
	return fmt.Sprintf("arn:aws:autoscaling:%s:%s:autoScalingGroup:%s:autoScalingGroupName/%s", s.region, Account, s.uuid(), name)
}

// addGroup creates a group and its instances as if it had been running for
// weeks: instances InService and registered healthy.
func (s *Simulator) addGroup(sp groupSpec) *group {
	created := s.now.Add(-90 * 24 * time.Hour)
	versions := sp.versions
	if versions == 0 {
		versions = 7
	}
	lt := s.fleetTemplate(trimName(sp.name+"-lt", 128), sp.itypes[0], versions, !sp.noAgent, created)
	g := &group{
		name: sp.name, arn: s.groupARN(sp.name), idx: uint64(s.groupSeq),
		min: sp.min, max: sp.max, defaultCool: 300, hcType: sp.hcType, hcGrace: sp.grace,
		defaultWarmup: sp.warmup, azs: s.azs, subnets: s.subnetsFor(s.azs),
		lt: lt, ltVersion: strconv.Itoa(versions),
		mixed: sp.mixed, suspended: map[string]string{},
		termPolicies: []string{"Default"}, created: created,
		role: sp.role, queue: sp.queue, newProtected: sp.protectedFromScaleIn,
	}
	s.groupSeq++
	if g.hcType == "" {
		g.hcType = "EC2"
	}
	if len(sp.tgs) > 0 && sp.hcType == "" {
		g.hcType = "ELB"
	}
	for _, tg := range sp.tgs {
		g.tgARNs = append(g.tgARNs, tg.arn)
	}
	g.tags = append(g.tags, tag{"Env", sp.env, true}, tag{"Name", sp.name, true}, tag{"Service", sp.service, true}, tag{"Tier", sp.tier, true})
	g.tags = append(g.tags, sp.extraTags...)
	desired := sp.desired
	if desired == 0 {
		util := sp.initialTargetUtilised
		if util == 0 {
			util = 0.5
		}
		desired = int(math.Ceil(s.baseLoad(g, s.now) / (g.perInstance() * util)))
	}
	g.desired = clampi(desired, g.min, g.max)
	s.groups[g.name] = g
	s.groupNames = insertSorted(s.groupNames, g.name)
	for i := 0; i < g.desired; i++ {
		in := s.newInstance(g, s.azs[i%len(s.azs)])
		age := time.Duration(1+s.rng.IntN(30*24)) * time.Hour
		in.launched = s.now.Add(-age)
		in.readyAt = in.launched.Add(g.role.boot)
		in.inService = in.readyAt
		in.state, in.ec2State = lsInService, "running"
		for _, tg := range sp.tgs {
			s.register(tg, in.id, 0, in)
			t := tg.byID[in.id]
			if len(tg.lbs) > 0 {
				t.state, t.reason, t.desc, t.ok = thHealthy, "", "", tg.healthyThresh
			}
			t.nextCheck = s.now.Add(time.Duration(s.rng.IntN(int(tg.hcInterval))) * time.Second)
		}
	}
	return g
}

func (s *Simulator) mustPolicy(g *group, in *autoscaling.PutScalingPolicyInput) *policy {
	in.AutoScalingGroupName = aws.String(g.name)
	p, err := s.putPolicy(g, in)
	if err != nil {
		panic(fmt.Sprintf("sim: fleet policy %s: %v", aws.ToString(in.PolicyName), err))
	}
	return p
}

func cpuTT(name string, target float64) *autoscaling.PutScalingPolicyInput {
	return &autoscaling.PutScalingPolicyInput{
		PolicyName: aws.String(name), PolicyType: aws.String(ptTarget),
		TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{
			TargetValue:                   aws.Float64(target),
			PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization},
		},
		EstimatedInstanceWarmup: aws.Int32(120),
	}
}

// mixedPolicy is a mixed instances policy over types; its launch template
// specification is the group's, filled in when the group is described.
func mixedPolicy(types []string, base, pct int32) *astypes.MixedInstancesPolicy {
	var ov []astypes.LaunchTemplateOverrides
	for _, t := range types {
		ov = append(ov, astypes.LaunchTemplateOverrides{InstanceType: aws.String(t)})
	}
	return &astypes.MixedInstancesPolicy{
		LaunchTemplate: &astypes.LaunchTemplate{Overrides: ov},
		InstancesDistribution: &astypes.InstancesDistribution{
			OnDemandAllocationStrategy:          aws.String("prioritized"),
			OnDemandBaseCapacity:                aws.Int32(base),
			OnDemandPercentageAboveBaseCapacity: aws.Int32(pct),
			SpotAllocationStrategy:              aws.String("price-capacity-optimized"),
		},
	}
}

func (s *Simulator) certARN() string {
	return fmt.Sprintf("arn:aws:acm:%s:%s:certificate/%s", s.region, Account, s.uuid())
}

// buildDefaultFleet is SoleMate's e-commerce platform.
func (s *Simulator) buildDefaultFleet() error {
	s.buildPlatform("solemate", "prod", roles(), "")
	return nil
}

// buildPlatform lays out the platform with a name prefix; hostile names
// are spliced in through decorate.
func (s *Simulator) buildPlatform(prefix, env string, r map[string]*role, decorate string) map[string]*group {
	envTags := []tag{{"Env", env, false}, {"Project", "SoleMate", false}}
	n := func(x string) string { return prefix + "-" + x + decorate }
	web := s.addLoadBalancer(n("web"), "application", "internet-facing", envTags)
	appLB := s.addLoadBalancer(n("app-internal"), "application", "internal", envTags)
	svcLB := s.addLoadBalancer(n("services"), "application", "internal", envTags)
	cacheLB := s.addLoadBalancer(n("cache"), "network", "internal", envTags)
	dbLB := s.addLoadBalancer(n("db-replicas"), "network", "internal", envTags)

	webTG := s.addTargetGroup(trimName(n("web-tg"), 32), "HTTP", 80, envTags)
	webTG.hcPath = "/healthz"
	s.setAttrs(webTG, [][2]string{{"stickiness.enabled", "true"}, {"stickiness.lb_cookie.duration_seconds", "3600"}, {"deregistration_delay.timeout_seconds", "30"}})
	appTG := s.addTargetGroup(trimName(n("app-tg"), 32), "HTTP", 8080, envTags)
	appTG.hcPath = "/health"
	s.setAttrs(appTG, [][2]string{{"load_balancing.algorithm.type", "least_outstanding_requests"}, {"deregistration_delay.timeout_seconds", "45"}})
	svcTG := map[string]*targetGroup{}
	for _, svc := range []string{"catalog", "cart", "checkout", "search"} {
		tg := s.addTargetGroup(trimName(n(svc+"-tg"), 32), "HTTP", 8080, envTags)
		tg.hcPath = "/" + svc + "/health"
		svcTG[svc] = tg
	}
	s.setAttrs(svcTG["cart"], [][2]string{{"stickiness.enabled", "true"}, {"stickiness.type", "app_cookie"}, {"stickiness.app_cookie.cookie_name", "CARTSESSION"}, {"stickiness.app_cookie.duration_seconds", "86400"}})
	s.setAttrs(svcTG["search"], [][2]string{{"load_balancing.algorithm.type", "weighted_random"}, {"load_balancing.algorithm.anomaly_mitigation", "on"}})
	cacheTG := s.addTargetGroup(trimName(n("cache-tg"), 32), "TCP", 6379, envTags)
	s.setAttrs(cacheTG, [][2]string{{"stickiness.enabled", "true"}, {"deregistration_delay.timeout_seconds", "120"}})
	dbTG := s.addTargetGroup(trimName(n("db-tg"), 32), "TCP", 5432, envTags)
	s.setAttrs(dbTG, [][2]string{{"deregistration_delay.timeout_seconds", "300"}})

	certs := s.platformCertificates()
	s.addListener(web, 80, "HTTP", "", nil, nil).redirect = true
	s.addListener(web, 443, "HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06", []string{certs.www, certs.legacy}, webTG)
	s.addListener(appLB, 8080, "HTTP", "", nil, appTG)
	// created from the CLI years ago: its default policy still allows TLS 1.0
	s.addListener(appLB, 8443, "HTTPS", "ELBSecurityPolicy-2016-08", []string{certs.internal}, appTG)
	svcL := s.addListener(svcLB, 80, "HTTP", "", nil, nil)
	for i, svc := range []string{"catalog", "cart", "checkout", "search"} {
		s.addRule(svcL, 10*(i+1), "/"+svc+"/*", svcTG[svc])
	}
	s.addListener(cacheLB, 6379, "TCP", "", nil, cacheTG)
	s.addListener(dbLB, 5432, "TCP", "", nil, dbTG)

	gs := map[string]*group{}
	gs["web"] = s.addGroup(groupSpec{name: n("web-" + env), role: r["web"], itypes: []string{"m6i.large", "m5.large", "m6a.large"},
		min: 2, max: 40, tier: "web", service: "storefront", env: env, tgs: []*targetGroup{webTG}, grace: 60, warmup: 120,
		mixed: mixedPolicy([]string{"m6i.large", "m5.large", "m6a.large"}, 2, 50)})
	gs["app"] = s.addGroup(groupSpec{name: n("app-" + env), role: r["app"], itypes: []string{"c6i.xlarge"},
		min: 2, max: 30, tier: "app", service: "api", env: env, tgs: []*targetGroup{appTG}, grace: 90, warmup: 120})
	for _, svc := range []string{"catalog", "cart", "checkout", "search"} {
		it := map[string][]string{"catalog": {"t3.medium"}, "cart": {"t3.medium"}, "checkout": {"c6i.large"}, "search": {"r6g.large"}}[svc]
		gs[svc] = s.addGroup(groupSpec{name: n(svc + "-" + env), role: r[svc], itypes: it,
			min: 2, max: 20, tier: "services", service: svc, env: env, tgs: []*targetGroup{svcTG[svc]}, grace: 60, warmup: 90})
	}
	gs["workers"] = s.addGroup(groupSpec{name: n("workers-" + env), role: r["workers"], itypes: []string{"c6i.large", "c5.large", "c7g.large"},
		min: 1, max: 20, desired: 2, tier: "worker", service: "fulfilment", env: env, grace: 120, warmup: 60, queue: prefix + "-orders" + decorate,
		mixed: mixedPolicy([]string{"c6i.large", "c5.large", "c7g.large"}, 1, 20), noAgent: true})
	gs["cache"] = s.addGroup(groupSpec{name: n("cache-" + env), role: r["cache"], itypes: []string{"r6g.xlarge"},
		min: 2, max: 12, desired: 3, tier: "cache", service: "session-cache", env: env, tgs: []*targetGroup{cacheTG}, grace: 60, warmup: 180,
		hcType: "EC2"})
	gs["db"] = s.addGroup(groupSpec{name: n("db-replica-" + env), role: r["db"], itypes: []string{"r6g.2xlarge"},
		min: 2, max: 8, desired: 4, tier: "data", service: "catalog-db-read", env: env, tgs: []*targetGroup{dbTG}, grace: 300, warmup: 300,
		hcType: "EC2", protectedFromScaleIn: false})

	s.mustPolicy(gs["web"], cpuTT(n("web-cpu50-target-tracking"), 50))
	s.mustPolicy(gs["app"], &autoscaling.PutScalingPolicyInput{
		PolicyName: aws.String(n("app-requests-per-target")), PolicyType: aws.String(ptTarget),
		TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{
			TargetValue: aws.Float64(6000),
			PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{
				PredefinedMetricType: astypes.MetricTypeALBRequestCountPerTarget,
				ResourceLabel:        aws.String(appLB.dimension + "/" + appTG.dimension),
			},
		},
		EstimatedInstanceWarmup: aws.Int32(120),
	})
	for _, svc := range []string{"catalog", "cart", "checkout", "search"} {
		target := 55.0
		if svc == "checkout" {
			target = 45
		}
		s.mustPolicy(gs[svc], cpuTT(n(svc+"-cpu-target-tracking"), target))
	}
	// workers: step scaling out on the queue backlog, simple scaling in
	out := s.mustPolicy(gs["workers"], &autoscaling.PutScalingPolicyInput{
		PolicyName: aws.String(n("workers-backlog-step-out")), PolicyType: aws.String(ptStep),
		AdjustmentType: aws.String("ChangeInCapacity"), EstimatedInstanceWarmup: aws.Int32(60),
		StepAdjustments: []astypes.StepAdjustment{
			{MetricIntervalLowerBound: aws.Float64(0), MetricIntervalUpperBound: aws.Float64(2000), ScalingAdjustment: aws.Int32(1)},
			{MetricIntervalLowerBound: aws.Float64(2000), MetricIntervalUpperBound: aws.Float64(5000), ScalingAdjustment: aws.Int32(2)},
			{MetricIntervalLowerBound: aws.Float64(5000), ScalingAdjustment: aws.Int32(4)},
		},
	})
	in := s.mustPolicy(gs["workers"], &autoscaling.PutScalingPolicyInput{
		PolicyName: aws.String(n("workers-backlog-simple-in")), PolicyType: aws.String(ptSimple),
		AdjustmentType: aws.String("ChangeInCapacity"), ScalingAdjustment: aws.Int32(-1), Cooldown: aws.Int32(300),
	})
	qd := []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String(gs["workers"].queue)}}
	s.putAlarm(&cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(n("workers-backlog-high")), AlarmDescription: aws.String("Order queue backlog above 1,000 jobs: add workers."),
		Namespace: aws.String(nsWorkers), MetricName: aws.String("ApproximateQueueBacklog"), Dimensions: qd,
		Statistic: cwtypes.StatisticAverage, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(2), DatapointsToAlarm: aws.Int32(2),
		Threshold: aws.Float64(1000), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold,
		AlarmActions: []string{out.arn}, TreatMissingData: aws.String("notBreaching"),
	})
	s.putAlarm(&cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(n("workers-backlog-low")), AlarmDescription: aws.String("Order queue nearly empty: remove a worker."),
		Namespace: aws.String(nsWorkers), MetricName: aws.String("ApproximateQueueBacklog"), Dimensions: qd,
		Statistic: cwtypes.StatisticAverage, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(10), DatapointsToAlarm: aws.Int32(10),
		Threshold: aws.Float64(100), ComparisonOperator: cwtypes.ComparisonOperatorLessThanThreshold,
		AlarmActions: []string{in.arn}, TreatMissingData: aws.String("notBreaching"),
	})
	// a plain alarm with an SNS action, as teams add for paging
	s.putAlarm(&cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(n("web-5xx-high")), AlarmDescription: aws.String("Storefront 5xx above 50 a minute: page the on-call."),
		Namespace: aws.String(nsALB), MetricName: aws.String("HTTPCode_Target_5XX_Count"),
		Dimensions: []cwtypes.Dimension{{Name: aws.String("LoadBalancer"), Value: aws.String(web.dimension)}},
		Statistic:  cwtypes.StatisticSum, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(3), DatapointsToAlarm: aws.Int32(2),
		Threshold: aws.Float64(50), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
		AlarmActions: []string{fmt.Sprintf("arn:aws:sns:%s:%s:%s-oncall-page", s.region, Account, prefix)}, TreatMissingData: aws.String("notBreaching"),
	})
	// cache: memory from the CloudWatch agent
	s.mustPolicy(gs["cache"], &autoscaling.PutScalingPolicyInput{
		PolicyName: aws.String(n("cache-memory-target-tracking")), PolicyType: aws.String(ptTarget),
		TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{
			TargetValue: aws.Float64(70),
			CustomizedMetricSpecification: &astypes.CustomizedMetricSpecification{
				Namespace: aws.String(nsAgent), MetricName: aws.String("mem_used_percent"), Statistic: astypes.MetricStatisticAverage,
				Dimensions: []astypes.MetricDimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(gs["cache"].name)}},
			},
		},
		EstimatedInstanceWarmup: aws.Int32(180),
	})
	// db replicas: business hours in New York, and a forecast to compare with
	db := gs["db"]
	s.putScheduled(db, &autoscaling.PutScheduledUpdateGroupActionInput{
		ScheduledActionName: aws.String(n("db-business-hours-start")), Recurrence: aws.String("0 8 * * MON-FRI"), TimeZone: aws.String("America/New_York"),
		MinSize: aws.Int32(4), MaxSize: aws.Int32(8), DesiredCapacity: aws.Int32(4),
	})
	s.putScheduled(db, &autoscaling.PutScheduledUpdateGroupActionInput{
		ScheduledActionName: aws.String(n("db-business-hours-end")), Recurrence: aws.String("0 20 * * MON-FRI"), TimeZone: aws.String("America/New_York"),
		MinSize: aws.Int32(2), MaxSize: aws.Int32(8), DesiredCapacity: aws.Int32(2),
	})
	s.mustPolicy(db, &autoscaling.PutScalingPolicyInput{
		PolicyName: aws.String(n("db-predictive-cpu40")), PolicyType: aws.String(ptPredictive),
		PredictiveScalingConfiguration: &astypes.PredictiveScalingConfiguration{
			Mode: astypes.PredictiveScalingModeForecastOnly,
			MetricSpecifications: []astypes.PredictiveScalingMetricSpecification{{
				TargetValue:                       aws.Float64(40),
				PredefinedMetricPairSpecification: &astypes.PredictiveScalingPredefinedMetricPair{PredefinedMetricType: astypes.PredefinedMetricPairTypeASGCPUUtilization},
			}},
		},
	})
	return gs
}

// buildLargeFleet generates n groups for benchmarks: about ten instances
// each, one target group per serving group on shared ALBs (100 target
// groups each), target tracking on most and step scaling on workers.
func (s *Simulator) buildLargeFleet(n int) error {
	kinds := []string{"web", "app", "catalog", "cart", "checkout", "search", "workers", "cache"}
	base := roles()
	var lb *loadBalancer
	var listener *listener
	for i := 0; i < n; i++ {
		kind := kinds[i%len(kinds)]
		r := *base[kind]
		// about 4-16 instances in the morning trough, three times that at the peak
		r.peakRPS = r.rpsPerVCPU * 2 * 0.5 * float64(12+i%40)
		if kind == "cache" {
			r.peakRPS = r.rpsPerVCPU * 4 * 0.55 * float64(12+i%24)
		}
		env := "prod"
		if i%5 == 4 {
			env = "staging"
		}
		name := fmt.Sprintf("team%03d-%s-%04d-%s", i/50, kind, i, env)
		sp := groupSpec{name: name, role: &r, itypes: []string{"m6i.large"}, min: 1, max: 100, tier: kind, service: kind, env: env, versions: 1,
			grace: 60, warmup: 120, initialTargetUtilised: 0.5}
		switch kind {
		case "cache":
			sp.itypes = []string{"r6g.xlarge"}
		case "workers":
			sp.itypes, sp.queue, sp.desired, sp.noAgent = []string{"c6i.large"}, name+"-queue", 3, true
			sp.mixed = mixedPolicy([]string{"c6i.large", "c5.large"}, 1, 25)
		case "web":
			sp.mixed = mixedPolicy([]string{"m6i.large", "m5.large"}, 2, 50)
		}
		if kind != "workers" {
			if lb == nil || i%100 == 0 {
				lb = s.addLoadBalancer(fmt.Sprintf("shared-alb-%02d", i/100), "application", "internal", nil)
				listener = s.addListener(lb, 80, "HTTP", "", nil, nil)
			}
			tg := s.addTargetGroup(fmt.Sprintf("tg-%04d-%s", i, kind), "HTTP", 8080, nil)
			s.addRule(listener, 1+len(listener.rules), fmt.Sprintf("/%04d/*", i), tg)
			sp.tgs = []*targetGroup{tg}
		}
		g := s.addGroup(sp)
		if kind == "workers" {
			out := s.mustPolicy(g, &autoscaling.PutScalingPolicyInput{
				PolicyName: aws.String("backlog-step-out"), PolicyType: aws.String(ptStep), AdjustmentType: aws.String("ChangeInCapacity"),
				StepAdjustments: []astypes.StepAdjustment{{MetricIntervalLowerBound: aws.Float64(0), ScalingAdjustment: aws.Int32(2)}},
			})
			s.putAlarm(&cloudwatch.PutMetricAlarmInput{
				AlarmName: aws.String(name + "-backlog-high"), Namespace: aws.String(nsWorkers), MetricName: aws.String("ApproximateQueueBacklog"),
				Dimensions: []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String(g.queue)}},
				Statistic:  cwtypes.StatisticAverage, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(2),
				Threshold: aws.Float64(1000), ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold, AlarmActions: []string{out.arn},
				TreatMissingData: aws.String("notBreaching"),
			})
			continue
		}
		s.mustPolicy(g, cpuTT("cpu50-target-tracking", 50))
	}
	return nil
}

// Hostile strings: what a console must not pass to a terminal as is.
var hostile = struct {
	csi, osc52, clear, c1, rtl, emoji, ctl, bell string
}{
	csi:   "\x1b[31;1mRED\x1b[0m",
	osc52: "\x1b]52;c;cm0gLXJmIH4vKg==\x07",
	clear: "\x1b[2J\x1b[H",
	c1:    "\u009b7m\u009d0;pwned\u009c",
	rtl:   "\u202egnp.exe\u202c",
	emoji: "🔥🚀👟",
	ctl:   "\b\b\x7f\r\ttab",
	bell:  "\x07\x1bc",
}

// buildHostileFleet is the platform with hostile names, tags, descriptions
// and messages everywhere, a 255-character name and one group with 5,000
// targets.
func (s *Simulator) buildHostileFleet() error {
	r := roles()
	// C0 controls (ESC, BEL) cannot cross awsquery's XML (they arrive as
	// U+FFFD, as they would from AWS); C1 CSI and bidi overrides can.
	gs := s.buildPlatform("evil"+hostile.csi, "prod", r, hostile.emoji+"\u009b2J\u202e")
	big := strings.Repeat("A"+hostile.osc52+hostile.csi+hostile.rtl, 400) // ~10 KB
	i := 0
	for _, k := range []string{"web", "app", "catalog", "cart", "checkout", "search", "workers", "cache", "db"} {
		g := gs[k]
		g.tags = append(g.tags,
			tag{"Owner", "team" + hostile.osc52, false},
			tag{"Note" + hostile.clear, hostile.c1 + hostile.rtl + hostile.ctl + hostile.bell, false},
			tag{"Huge", big, false},
		)
		i++
	}
	for _, name := range s.alarmNames {
		a := s.alarms[name]
		a.m.AlarmDescription = aws.String(aws.ToString(a.m.AlarmDescription) + " " + hostile.osc52 + hostile.csi + hostile.c1 + hostile.rtl + hostile.ctl)
	}
	long := "long-" + strings.Repeat("x", 255-len("long-")-len("-end")) + "-end"
	rr := *r["catalog"]
	s.addGroup(groupSpec{name: long, role: &rr, itypes: []string{"t3.medium"}, min: 1, max: 4, desired: 1,
		tier: hostile.csi, service: hostile.osc52, env: hostile.rtl})
	// 5,000 targets behind one target group
	lb := s.addLoadBalancer("evil-huge"+hostile.emoji, "application", "internal", nil)
	tg := s.addTargetGroup("huge-5000", "HTTP", 80, nil)
	s.addListener(lb, 80, "HTTP", "", nil, tg)
	huge := *r["web"]
	huge.peakRPS = 5000 * 60
	s.addGroup(groupSpec{name: "evil-5000-targets" + hostile.bell, role: &huge, itypes: []string{"t3.medium"},
		min: 5000, max: 5000, desired: 5000, tier: "web", service: "huge" + hostile.csi, env: "prod", tgs: []*targetGroup{tg}})
	// messages: a failed activity whose status message is hostile
	a := s.newActivity(gs["web"], "At "+isoTime(s.now)+" a user request "+hostile.osc52+" failed.", "Launching a new EC2 instance"+hostile.clear, "{}", astypes.ScalingActivityStatusCodeFailed)
	a.statusMsg = "InsufficientInstanceCapacity" + hostile.csi + hostile.osc52 + hostile.c1 + hostile.ctl
	return nil
}
