package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// The policy, schedule, refresh and resize rules of issue 12: every
// refusal with its sentence.

const albARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/50dc6c495c0c9188"
const tgARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067"

func cpuSpec(target float64) PolicySpec {
	return PolicySpec{Name: "cpu", TargetTracking: &TargetTrackingSpec{Metric: MetricASGCPU, Target: target}}
}

func policyExamples() []Action {
	lt := LaunchSpec{TemplateID: "lt-1", TemplateName: "web-lt", Version: "7"}
	running := InstanceRefresh{ID: "r-1", Status: RefreshInProgress, Percent: 40, ToUpdate: 3, Desired: &LaunchSpec{TemplateID: "lt-1", Version: "8"}}
	from := cpuSpec(50)
	return []Action{
		PutPolicy{Group: "g", From: &from, To: cpuSpec(60)},
		AttachAlarm{Group: "g", Policy: "out", PolicyARN: "arn:aws:autoscaling:us-east-1:1:scalingPolicy:u:autoScalingGroupName/g:policyName/out",
			Alarm: "high", From: &Alarm{Name: "high"}},
		PutScheduled{Group: "g", To: ScheduleSpec{Name: "s", Recurrence: "0 8 * * *", Desired: ptr(4)}, Now: time.Now()},
		DeleteScheduled{Group: "g", From: ScheduleSpec{Name: "s", Recurrence: "0 8 * * *", Desired: ptr(4)}},
		StartRefresh{Group: "g", Launch: lt},
		CancelRefresh{Group: "g", From: running},
		RollbackRefresh{Group: "g", From: running},
		CreateTemplateVersion{Group: "g", Template: lt, Source: 7, FromType: "m5.large", ToType: "m6i.xlarge"},
		SetLaunch{Group: "g", From: lt, To: LaunchSpec{TemplateID: "lt-1", TemplateName: "web-lt", Version: "8"}},
	}
}

func TestPolicySpecValidate(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	step := func(steps ...StepAdjustment) PolicySpec {
		return PolicySpec{Name: "s", Step: &StepSpec{AdjustmentType: "ChangeInCapacity", Steps: steps}}
	}
	pred := func(p PredictiveSpec) PolicySpec { return PolicySpec{Name: "p", Predictive: &p} }
	mem := func(target float64) PolicySpec {
		return PolicySpec{Name: "m", TargetTracking: &TargetTrackingSpec{Custom: MemoryMetricOf("web"), Target: target}}
	}
	tests := []struct {
		name string
		spec PolicySpec
		want string // "" for valid
	}{
		{"cpu", cpuSpec(50), ""},
		{"no name", PolicySpec{TargetTracking: &TargetTrackingSpec{Metric: MetricASGCPU, Target: 50}}, "policy name \"\" must be 1 to 255"},
		{"control character in name", PolicySpec{Name: "a\x1bb", Simple: &SimpleSpec{AdjustmentType: "ChangeInCapacity"}}, "no control characters"},
		{"no kind", PolicySpec{Name: "x"}, "must have exactly one of target_tracking, step, simple or predictive"},
		{"two kinds", PolicySpec{Name: "x", Simple: &SimpleSpec{}, Step: &StepSpec{}}, "exactly one of"},
		{"warm-up on simple", PolicySpec{Name: "x", WarmupSeconds: ptr(60), Simple: &SimpleSpec{AdjustmentType: "ChangeInCapacity"}}, "warmup_seconds applies to target tracking and step policies only"},
		{"negative warm-up", PolicySpec{Name: "x", WarmupSeconds: ptr(-1), TargetTracking: &TargetTrackingSpec{Metric: MetricASGCPU, Target: 5}}, "warmup_seconds is -1; AWS takes 0 to 2147483647"},
		{"cpu above 100", cpuSpec(150), "target 150 is above 100 for ASGAverageCPUUtilization, a percentage"},
		{"cpu zero", cpuSpec(0), "target 0 must be above 0"},
		{"unknown metric", PolicySpec{Name: "x", TargetTracking: &TargetTrackingSpec{Metric: "CPU", Target: 5}}, `target tracking metric "CPU" is not one of`},
		{"no metric", PolicySpec{Name: "x", TargetTracking: &TargetTrackingSpec{Target: 5}}, "needs a metric"},
		{"metric and custom", PolicySpec{Name: "x", TargetTracking: &TargetTrackingSpec{Metric: MetricASGCPU, Custom: MemoryMetricOf("g"), Target: 5}}, "not both"},
		{"target group on cpu", PolicySpec{Name: "x", TargetTracking: &TargetTrackingSpec{Metric: MetricASGCPU, TargetGroup: "tg", Target: 5}}, "applies to ALBRequestCountPerTarget only"},
		{"requests above 100", PolicySpec{Name: "x", TargetTracking: &TargetTrackingSpec{Metric: MetricALBRequestCountPerTarget, Target: 1000}}, ""},
		{"memory", mem(70), ""},
		{"memory above 100", mem(101), "above 100 for CWAgent/mem_used_percent"},
		{"custom without namespace", PolicySpec{Name: "x", TargetTracking: &TargetTrackingSpec{Custom: &CustomMetric{Metric: "q", Statistic: "Average"}, Target: 5}}, "needs a namespace"},
		{"custom without name", PolicySpec{Name: "x", TargetTracking: &TargetTrackingSpec{Custom: &CustomMetric{Namespace: "App", Statistic: "Average"}, Target: 5}}, "needs a metric name"},
		{"custom bad statistic", PolicySpec{Name: "x", TargetTracking: &TargetTrackingSpec{Custom: &CustomMetric{Namespace: "App", Metric: "q", Statistic: "Median"}, Target: 5}}, `statistic "Median" is not one of`},
		{"custom bad unit", PolicySpec{Name: "x", TargetTracking: &TargetTrackingSpec{Custom: &CustomMetric{Namespace: "App", Metric: "q", Statistic: "Sum", Unit: "Parsecs"}, Target: 5}}, `unit "Parsecs" is not one of`},
		{"custom empty dimension", PolicySpec{Name: "x", TargetTracking: &TargetTrackingSpec{Custom: &CustomMetric{Namespace: "App", Metric: "q", Statistic: "Sum", Dimensions: map[string]string{"Queue": ""}}, Target: 5}}, "needs both a name and a value"},

		{"step", step(StepAdjustment{Lower: f(0), Upper: f(10), Adjustment: 1}, StepAdjustment{Lower: f(10), Adjustment: 3}), ""},
		{"step no steps", step(), "needs at least one step"},
		{"step bad adjustment type", PolicySpec{Name: "s", Step: &StepSpec{AdjustmentType: "Add", Steps: []StepAdjustment{{Lower: f(0), Adjustment: 1}}}}, `adjustment type "Add" is not one of`},
		{"step open both ends", step(StepAdjustment{Adjustment: 1}), "cannot be open at both ends"},
		{"step bounds backwards", step(StepAdjustment{Lower: f(10), Upper: f(5), Adjustment: 1}), "lower bound 10 must be below its upper bound 5"},
		{"step two open uppers", step(StepAdjustment{Lower: f(0), Adjustment: 1}, StepAdjustment{Lower: f(10), Adjustment: 2}), "only one step may have no upper bound"},
		{"step two open lowers", step(StepAdjustment{Upper: f(0), Adjustment: -1}, StepAdjustment{Upper: f(-10), Adjustment: -2}), "only one step may have no lower bound"},
		{"step above without open end", step(StepAdjustment{Lower: f(0), Upper: f(10), Adjustment: 1}), "need one step with no upper bound"},
		{"step below without open end", step(StepAdjustment{Lower: f(-10), Upper: f(0), Adjustment: -1}), "need one step with no lower bound"},
		{"step gap", step(StepAdjustment{Lower: f(0), Upper: f(10), Adjustment: 1}, StepAdjustment{Lower: f(20), Adjustment: 3}), "steps must meet without gaps or overlaps: one ends at 10 and the next starts at 20"},
		{"step overlap", step(StepAdjustment{Lower: f(0), Upper: f(10), Adjustment: 1}, StepAdjustment{Lower: f(5), Adjustment: 3}), "without gaps or overlaps: one ends at 10 and the next starts at 5"},
		{"step too many", step(manySteps(21)...), "at most 20 steps, not 21"},
		{"step magnitude without percent", PolicySpec{Name: "s", Step: &StepSpec{AdjustmentType: "ChangeInCapacity", MinAdjustmentMagnitude: ptr(2), Steps: []StepAdjustment{{Lower: f(0), Adjustment: 1}}}}, "applies to PercentChangeInCapacity only"},
		{"step magnitude zero", PolicySpec{Name: "s", Step: &StepSpec{AdjustmentType: "PercentChangeInCapacity", MinAdjustmentMagnitude: ptr(0), Steps: []StepAdjustment{{Lower: f(0), Adjustment: 10}}}}, "must be at least 1"},
		{"step exact negative", PolicySpec{Name: "s", Step: &StepSpec{AdjustmentType: "ExactCapacity", Steps: []StepAdjustment{{Lower: f(0), Adjustment: -1}}}}, "ExactCapacity adjustment -1 cannot be negative"},
		{"step bad aggregation", PolicySpec{Name: "s", Step: &StepSpec{AdjustmentType: "ChangeInCapacity", MetricAggregation: "Median", Steps: []StepAdjustment{{Lower: f(0), Adjustment: 1}}}}, `metric aggregation "Median"`},

		{"simple", PolicySpec{Name: "x", Simple: &SimpleSpec{AdjustmentType: "ChangeInCapacity", Adjustment: 2, CooldownSeconds: ptr(300)}}, ""},
		{"simple negative cooldown", PolicySpec{Name: "x", Simple: &SimpleSpec{AdjustmentType: "ChangeInCapacity", Adjustment: 2, CooldownSeconds: ptr(-5)}}, "simple.cooldown_seconds is -5; AWS takes 0 to 2147483647"},
		{"simple exact negative", PolicySpec{Name: "x", Simple: &SimpleSpec{AdjustmentType: "ExactCapacity", Adjustment: -2}}, "cannot be negative"},
		{"simple exact huge", PolicySpec{Name: "x", Simple: &SimpleSpec{AdjustmentType: "ExactCapacity", Adjustment: 1_000_000}}, "above 100000"},

		{"predictive pair", pred(PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50}), ""},
		{"predictive split", pred(PredictiveSpec{ScalingMetric: MetricASGCPU, LoadMetric: "ASGTotalCPUUtilization", Target: 50}), ""},
		{"predictive no metric", pred(PredictiveSpec{Target: 50}), "needs a metric pair"},
		{"predictive half split", pred(PredictiveSpec{ScalingMetric: MetricASGCPU, Target: 50}), "or both a scaling_metric and a load_metric"},
		{"predictive pair and split", pred(PredictiveSpec{Metric: "ASGCPUUtilization", LoadMetric: "ASGTotalCPUUtilization", Target: 50}), "not both"},
		{"predictive bad pair", pred(PredictiveSpec{Metric: "CPU", Target: 50}), `predictive metric "CPU" is not one of`},
		{"predictive bad load", pred(PredictiveSpec{ScalingMetric: MetricASGCPU, LoadMetric: "Total", Target: 50}), `load metric "Total"`},
		{"predictive bad mode", pred(PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50, Mode: "Forecast"}), `mode "Forecast" is not one of ForecastOnly, ForecastAndScale`},
		{"predictive cpu above 100", pred(PredictiveSpec{Metric: "ASGCPUUtilization", Target: 120}), "above 100"},
		{"predictive buffer too long", pred(PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50, SchedulingBufferSeconds: ptr(3600)}), "predictive.scheduling_buffer_seconds is 3600; AWS takes 0 to 3599"},
		{"predictive breach bad", pred(PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50, MaxCapacityBreach: "Ignore"}), `max_capacity_breach "Ignore" is not one of`},
		{"predictive increase without buffer", pred(PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50, MaxCapacityBreach: IncreaseMaxCapacity}), "IncreaseMaxCapacity needs a max_capacity_buffer"},
		{"predictive buffer without increase", pred(PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50, MaxCapacityBuffer: ptr(10)}), "applies only with max_capacity_breach IncreaseMaxCapacity"},
		{"predictive buffer above 100", pred(PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50, MaxCapacityBreach: IncreaseMaxCapacity, MaxCapacityBuffer: ptr(150)}), "predictive.max_capacity_buffer is 150; AWS takes 0 to 100"},
		{"predictive target group on cpu", pred(PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50, TargetGroup: "tg"}), "applies to the ALB request metrics only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.spec.Validate()
			checkErr(t, err, tt.want)
		})
	}
}

func manySteps(n int) []StepAdjustment {
	var out []StepAdjustment
	for i := 0; i < n; i++ {
		lo := float64(i)
		s := StepAdjustment{Lower: &lo, Adjustment: 1}
		if i < n-1 {
			hi := float64(i + 1)
			s.Upper = &hi
		}
		out = append(out, s)
	}
	return out
}

// checkErr fails unless err is nil (want "") or a ValidationError whose
// sentence contains want.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	var ve *ValidationError
	switch {
	case want == "" && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want == "":
	case err == nil:
		t.Fatalf("got nil, want %q", want)
	case !errors.As(err, &ve):
		t.Fatalf("got %T %v, want a ValidationError", err, err)
	case !strings.Contains(err.Error(), want):
		t.Fatalf("got %q, want it to contain %q", err, want)
	}
}

func contextWeb(metrics []MetricID) PolicyContext {
	g := &Group{Name: "web", Capacity: Capacity{Min: 2, Desired: 4, Max: 10}, TargetGroupARNs: []string{tgARN}}
	return PolicyContext{Group: g,
		TargetGroups:  []TargetGroup{{ARN: tgARN, Name: "web-tg", LoadBalancerARNs: []string{albARN}}},
		LoadBalancers: []LoadBalancer{{ARN: albARN, Name: "web-alb", Type: LBApplication}},
		Metrics:       metrics}
}

func TestPolicyContextResolve(t *testing.T) {
	memMetric := MetricID{Namespace: "CWAgent", Name: "mem_used_percent", Dimensions: []Dimension{{"AutoScalingGroupName", "web"}}}
	requests := PolicySpec{Name: "req", TargetTracking: &TargetTrackingSpec{Metric: MetricALBRequestCountPerTarget, Target: 1000}}
	memory := PolicySpec{Name: "mem", TargetTracking: &TargetTrackingSpec{Custom: MemoryMetricOf("web"), Target: 70}}
	custom := PolicySpec{Name: "q", TargetTracking: &TargetTrackingSpec{Custom: &CustomMetric{Namespace: "App", Metric: "Backlog", Statistic: "Average"}, Target: 10}}

	t.Run("the only target group is picked and labelled", func(t *testing.T) {
		got, _, err := contextWeb(nil).Resolve(requests)
		if err != nil {
			t.Fatal(err)
		}
		if tt := got.TargetTracking; tt.TargetGroup != "web-tg" || tt.ResourceLabel != "app/web-alb/50dc6c495c0c9188/targetgroup/web-tg/73e2d6bc24d8a067" {
			t.Fatalf("target group %q label %q", tt.TargetGroup, tt.ResourceLabel)
		}
	})
	t.Run("a target group not the group's", func(t *testing.T) {
		r := requests
		r.TargetTracking = &TargetTrackingSpec{Metric: MetricALBRequestCountPerTarget, Target: 1000, TargetGroup: "api-tg"}
		_, _, err := contextWeb(nil).Resolve(r)
		checkErr(t, err, "target group api-tg is not one of web's behind an Application Load Balancer (web-tg)")
	})
	t.Run("no target group", func(t *testing.T) {
		c := contextWeb(nil)
		c.Group.TargetGroupARNs = nil
		_, _, err := c.Resolve(requests)
		checkErr(t, err, "web has no target group behind an Application Load Balancer")
	})
	t.Run("two target groups, none named", func(t *testing.T) {
		c := contextWeb(nil)
		other := strings.Replace(tgARN, "web-tg", "web2-tg", 1)
		c.Group.TargetGroupARNs = append(c.Group.TargetGroupARNs, other)
		c.TargetGroups = append(c.TargetGroups, TargetGroup{ARN: other, Name: "web2-tg", LoadBalancerARNs: []string{albARN}})
		_, _, err := c.Resolve(requests)
		checkErr(t, err, "web has 2 target groups: pick the one to follow (web-tg, web2-tg)")
	})
	t.Run("a target group behind an NLB", func(t *testing.T) {
		c := contextWeb(nil)
		c.LoadBalancers[0].Type = LBNetwork
		_, _, err := c.Resolve(requests)
		checkErr(t, err, "no target group behind an Application Load Balancer")
	})
	t.Run("memory without the agent's metric", func(t *testing.T) {
		_, _, err := contextWeb([]MetricID{}).Resolve(memory)
		checkErr(t, err, "web publishes no CWAgent mem_used_percent by AutoScalingGroupName")
	})
	t.Run("memory with the agent's metric", func(t *testing.T) {
		if _, _, err := contextWeb([]MetricID{memMetric}).Resolve(memory); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("memory when metrics were not read", func(t *testing.T) {
		if _, _, err := contextWeb(nil).Resolve(memory); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a custom metric without data warns", func(t *testing.T) {
		_, warns, err := contextWeb([]MetricID{memMetric}).Resolve(custom)
		if err != nil || len(warns) != 1 || !strings.Contains(warns[0], "App/Backlog with these dimensions has had no data") {
			t.Fatalf("warnings %q, err %v", warns, err)
		}
	})
	t.Run("ForecastAndScale alone warns it never scales in", func(t *testing.T) {
		p := PolicySpec{Name: "p", Predictive: &PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50, Mode: ForecastAndScale}}
		_, warns, err := contextWeb(nil).Resolve(p)
		if err != nil || len(warns) != 1 || !strings.Contains(warns[0], "nothing will scale it in") {
			t.Fatalf("warnings %q, err %v", warns, err)
		}
	})
	t.Run("predictive ALB pair is labelled", func(t *testing.T) {
		p := PolicySpec{Name: "p", Predictive: &PredictiveSpec{Metric: MetricPairALBRequestCount, Target: 1000}}
		got, _, err := contextWeb(nil).Resolve(p)
		if err != nil || got.Predictive.ResourceLabel == "" {
			t.Fatalf("%+v %v", got.Predictive, err)
		}
	})
}

func TestPutPolicy(t *testing.T) {
	g := &Group{Name: "web", Policies: []Policy{{Name: "cpu", Type: PolicyTargetTracking, Enabled: true, Spec: cpuSpec(50)}}}
	cur := Current{Group: g}
	from := cpuSpec(50)
	other := cpuSpec(40)
	tests := []struct {
		name     string
		a        PutPolicy
		validate string
		check    error // nil, ErrNoChange, or a *ConflictError / *ValidationError to match by type
		checkMsg string
	}{
		{"edit", PutPolicy{Group: "web", From: &from, To: cpuSpec(60)}, "", nil, ""},
		{"edit unchanged", PutPolicy{Group: "web", From: &from, To: cpuSpec(50)}, "noChange", nil, ""},
		{"create one that now exists", PutPolicy{Group: "web", To: func() PolicySpec { p := cpuSpec(60); return p }()}, "", &ConflictError{}, "policy cpu changed from absent to target tracking ASGAverageCPUUtilization = 50"},
		{"create again: already so", PutPolicy{Group: "web", To: cpuSpec(50)}, "", ErrNoChange, ""},
		{"edit one changed meanwhile", PutPolicy{Group: "web", From: &other, To: cpuSpec(60)}, "", &ConflictError{}, "policy cpu's target changed from 40 to 50"},
		{"edit one deleted", PutPolicy{Group: "web", From: &from, To: PolicySpec{Name: "gone", TargetTracking: &TargetTrackingSpec{Metric: MetricASGCPU, Target: 5}}}, "renamed", nil, ""},
		{"opaque", PutPolicy{Group: "web", From: &PolicySpec{Name: "cpu", Opaque: "metric math", TargetTracking: &TargetTrackingSpec{Metric: MetricASGCPU, Target: 50}}, To: cpuSpec(60)}, "metric math, which hoist cannot edit", nil, ""},
		{"absent", PutPolicy{Group: "web", To: PolicySpec{Name: "cpu", Absent: true}}, "to delete policy cpu, delete it", nil, ""},
		{"unresolved target group", PutPolicy{Group: "web", To: PolicySpec{Name: "r", TargetTracking: &TargetTrackingSpec{Metric: MetricALBRequestCountPerTarget, Target: 5}}}, "pick the target group policy r follows", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.a, false)
			switch tt.validate {
			case "noChange":
				if !errors.Is(err, ErrNoChange) {
					t.Fatalf("validate: %v, want no change", err)
				}
				return
			case "":
				if err != nil {
					t.Fatalf("validate: %v", err)
				}
			default:
				checkErr(t, err, tt.validate)
				return
			}
			err = CheckCurrent(tt.a, cur)
			switch want := tt.check.(type) {
			case nil:
				if err != nil {
					t.Fatalf("check: %v", err)
				}
			case *ConflictError:
				var ce *ConflictError
				if !errors.As(err, &ce) || err.Error()[:len(tt.checkMsg)] != tt.checkMsg {
					t.Fatalf("check: %v, want a conflict %q", err, tt.checkMsg)
				}
			default:
				if !errors.Is(err, want) {
					t.Fatalf("check: %v, want %v", err, want)
				}
			}
		})
	}
	// AWS's defaults compare equal to what they stand for.
	buf := PolicySpec{Name: "p", Predictive: &PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50}}
	withDefaults := PolicySpec{Name: "p", Enabled: ptr(true), Predictive: &PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50,
		Mode: ForecastOnly, SchedulingBufferSeconds: ptr(300), MaxCapacityBreach: HonorMaxCapacity}}
	if !buf.Equal(withDefaults) {
		t.Errorf("defaults differ:\n%v\n%v", buf.Fields(), withDefaults.Fields())
	}
	// The change field by field, a create listing every field.
	cs := PutPolicy{Group: "web", From: &from, To: cpuSpec(60)}.Changes()
	if len(cs) != 1 || cs[0] != (FieldChange{"target", "50", "60"}) {
		t.Errorf("changes %+v", cs)
	}
	if cs := (PutPolicy{Group: "web", To: cpuSpec(60)}).Changes(); len(cs) < 5 || cs[0].Before != "" {
		t.Errorf("create changes %+v", cs)
	}
}

func TestAttachAlarm(t *testing.T) {
	arn := "arn:aws:autoscaling:us-east-1:1:scalingPolicy:u:autoScalingGroupName/web:policyName/out"
	high := &Alarm{Name: "high", Namespace: "AWS/EC2", Metric: "CPUUtilization", Actions: []string{"arn:aws:sns:us-east-1:1:pager"}}
	newAlarm := &Alarm{Namespace: "AWS/EC2", Metric: "CPUUtilization", Statistic: "Average", Threshold: 80,
		Comparison: "GreaterThanThreshold", Period: time.Minute, Evaluations: 3}
	bad := func(m func(*Alarm)) *Alarm { c := *newAlarm; m(&c); return &c }
	tests := []struct {
		name string
		a    AttachAlarm
		want string
	}{
		{"chosen", AttachAlarm{Group: "web", Policy: "out", PolicyARN: arn, Alarm: "high", From: high}, ""},
		{"created", AttachAlarm{Group: "web", Policy: "out", PolicyARN: arn, Alarm: "new", New: newAlarm}, ""},
		{"no ARN", AttachAlarm{Group: "web", Policy: "out", Alarm: "high", From: high}, "has no ARN yet"},
		{"neither", AttachAlarm{Group: "web", Policy: "out", PolicyARN: arn, Alarm: "x"}, "choose an alarm to run policy out"},
		{"full", AttachAlarm{Group: "web", Policy: "out", PolicyARN: arn, Alarm: "high", From: &Alarm{Name: "high", Actions: []string{"a", "b", "c", "d", "e"}}}, "already has 5 actions"},
		{"bad statistic", AttachAlarm{Group: "web", Policy: "out", PolicyARN: arn, Alarm: "n", New: bad(func(a *Alarm) { a.Statistic = "Median" })}, `statistic "Median" is not one of`},
		{"bad comparison", AttachAlarm{Group: "web", Policy: "out", PolicyARN: arn, Alarm: "n", New: bad(func(a *Alarm) { a.Comparison = "Sideways" })}, `comparison "Sideways" is not one of`},
		{"bad period", AttachAlarm{Group: "web", Policy: "out", PolicyARN: arn, Alarm: "n", New: bad(func(a *Alarm) { a.Period = 45 * time.Second })}, "period 45s must be 10s, 20s, 30s or a whole number of minutes"},
		{"too long", AttachAlarm{Group: "web", Policy: "out", PolicyARN: arn, Alarm: "n", New: bad(func(a *Alarm) { a.Evaluations = 1441 })}, "longer than the 24h0m0s"},
		{"no metric", AttachAlarm{Group: "web", Policy: "out", PolicyARN: arn, Alarm: "n", New: bad(func(a *Alarm) { a.Metric = "" })}, "needs a metric"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, Validate(tt.a, false), tt.want) })
	}
	already := AttachAlarm{Group: "web", Policy: "out", PolicyARN: arn, Alarm: "high", From: &Alarm{Name: "high", Actions: []string{arn}}}
	if err := Validate(already, false); !errors.Is(err, ErrNoChange) {
		t.Errorf("an alarm that already runs the policy: %v", err)
	}
	a := AttachAlarm{Group: "web", Policy: "out", PolicyARN: arn, Alarm: "high", From: high}
	moved := &Alarm{Name: "high", Actions: nil}
	var ce *ConflictError
	if err := CheckCurrent(a, Current{Alarm: moved}); !errors.As(err, &ce) {
		t.Errorf("actions changed meanwhile: %v", err)
	}
	if err := CheckCurrent(a, Current{}); err == nil || !strings.Contains(err.Error(), "no longer exists") {
		t.Errorf("alarm gone: %v", err)
	}
}

func TestPreviewAlarms(t *testing.T) {
	p := cpuSpec(50)
	got := PreviewAlarms(p, "web", nil)
	if len(got) != 2 || got[0].Comparison != ">" || got[0].Threshold != 50 || got[0].Datapoints != 3 ||
		got[1].Comparison != "<" || got[1].Threshold != 45 || got[1].Datapoints != 15 || !got[1].Created {
		t.Fatalf("%+v", got)
	}
	if !strings.Contains(got[0].String(), "AWS/EC2 CPUUtilization Average (AutoScalingGroupName=web) > 50 for 3 of 3 × 1m0s: scales out") {
		t.Errorf("%s", got[0])
	}
	p.TargetTracking.DisableScaleIn = true
	if got := PreviewAlarms(p, "web", nil); len(got) != 1 {
		t.Errorf("scale-in off: %d alarms", len(got))
	}
	simple := PolicySpec{Name: "out", Simple: &SimpleSpec{AdjustmentType: "ChangeInCapacity", Adjustment: 1}}
	if got := PreviewAlarms(simple, "web", nil); len(got) != 1 || !got[0].Missing || !strings.Contains(got[0].Name, "no alarm invokes out yet") {
		t.Errorf("no alarm: %+v", got)
	}
	linked := &Alarm{Name: "high", Namespace: "AWS/EC2", Metric: "CPUUtilization", Statistic: "Average", Threshold: 80,
		Comparison: "GreaterThanThreshold", Period: time.Minute, Evaluations: 2}
	if got := PreviewAlarms(simple, "web", linked); got[0].String() != "high: AWS/EC2 CPUUtilization Average > 80 for 2 of 2 × 1m0s: runs out" {
		t.Errorf("linked: %s", got[0])
	}
	pred := PolicySpec{Name: "p", Predictive: &PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50}}
	if got := PreviewAlarms(pred, "web", nil); len(got) != 0 {
		t.Errorf("predictive makes no alarms: %+v", got)
	}
}

func TestEstimateTargetCost(t *testing.T) {
	g := &Group{Name: "web", Capacity: Capacity{Min: 2, Desired: 10, Max: 20}}
	for i := 0; i < 10; i++ {
		g.Instances = append(g.Instances, Instance{ID: "i", Type: "m5.large", Lifecycle: StateInService, Health: "Healthy"})
	}
	p := BuiltinPrices("us-east-1")
	// 10 instances at 49% CPU: 490 CPU-percent of load. At 50%: 10; at 70%: 7.
	c, ok := EstimateTargetCost(g, 49, 50, 70, p)
	if !ok || c.FromNeed != 10 || c.ToNeed != 7 || c.Delta != -3 || c.PerHour > -0.287 || c.PerHour < -0.289 {
		t.Fatalf("%+v %v", c, ok)
	}
	if s := c.String(); s != "it needs 3 fewer instances (10 → 7): -0.288 $/h" {
		t.Errorf("%s", s)
	}
	// Bounded by min and max.
	if c, _ := EstimateTargetCost(g, 49, 50, 5, p); c.ToNeed != 20 {
		t.Errorf("above max: %+v", c)
	}
	if _, ok := EstimateTargetCost(g, 0, 50, 70, p); ok {
		t.Errorf("no load known: estimated anyway")
	}
}

func TestScheduleRuns(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) // a Tuesday
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	weekday := ScheduleSpec{Name: "open", Recurrence: "0 8 * * 1-5", TimeZone: "America/New_York", Min: ptr(4), Desired: ptr(6)}
	runs, err := weekday.Runs(ny, now, 5)
	if err != nil {
		t.Fatal(err)
	}
	// 08:00 in New York is 13:00 UTC in December: Tuesday's is still ahead.
	want := []string{"2026-12-01T13:00:00Z", "2026-12-02T13:00:00Z", "2026-12-03T13:00:00Z", "2026-12-04T13:00:00Z", "2026-12-07T13:00:00Z"}
	for i, r := range runs {
		if got := r.UTC.Format(time.RFC3339); got != want[i] || r.Local.Hour() != 8 {
			t.Errorf("run %d: %s (local %s), want %s", i, got, r.Local, want[i])
		}
	}
	tests := []struct {
		name string
		a    ScheduleSpec
		want string
	}{
		{"never fires", ScheduleSpec{Name: "x", Recurrence: "0 0 30 2 *", Desired: ptr(1)}, `recurrence "0 0 30 2 *" never fires in UTC`},
		{"not before its end", ScheduleSpec{Name: "x", Recurrence: "0 0 1 1 *", End: "2026-12-20T00:00:00Z", Desired: ptr(1)}, "does not fire before the end"},
		{"one-off in the past", ScheduleSpec{Name: "x", Start: "2026-11-30T00:00:00Z", Desired: ptr(1)}, "start 2026-11-30T00:00:00Z is in the past"},
		{"end in the past", ScheduleSpec{Name: "x", Recurrence: "0 8 * * *", End: "2026-11-30T00:00:00Z", Desired: ptr(1)}, "end 2026-11-30T00:00:00Z is in the past"},
		{"bad cron", ScheduleSpec{Name: "x", Recurrence: "0 25 * * *", Desired: ptr(1)}, `recurrence "0 25 * * *"`},
		{"six fields", ScheduleSpec{Name: "x", Recurrence: "0 0 8 * * *", Desired: ptr(1)}, "has 5 fields"},
		{"descriptor", ScheduleSpec{Name: "x", Recurrence: "@daily", Desired: ptr(1)}, "a cron expression has 5 fields"},
		{"nothing set", ScheduleSpec{Name: "x", Recurrence: "0 8 * * *"}, "sets none of min, max and desired"},
		{"no when", ScheduleSpec{Name: "x", Desired: ptr(1)}, "needs a recurrence (cron) or a start time"},
		{"zone on a one-off", ScheduleSpec{Name: "x", Start: "2026-12-24T18:00:00Z", TimeZone: "Europe/London", Desired: ptr(1)}, "time_zone applies to a recurring action"},
		{"bad time", ScheduleSpec{Name: "x", Start: "tomorrow", Desired: ptr(1)}, `start "tomorrow" is not a time`},
		{"end before start", ScheduleSpec{Name: "x", Recurrence: "0 8 * * *", Start: "2026-12-10T00:00:00Z", End: "2026-12-05T00:00:00Z", Desired: ptr(1)}, "is not after start"},
		{"min above max", ScheduleSpec{Name: "x", Recurrence: "0 8 * * *", Min: ptr(5), Max: ptr(2)}, "min 5 is above max 2"},
		{"desired above max", ScheduleSpec{Name: "x", Recurrence: "0 8 * * *", Desired: ptr(9), Max: ptr(2)}, "desired 9 is above max 2"},
		{"negative", ScheduleSpec{Name: "x", Recurrence: "0 8 * * *", Desired: ptr(-1)}, "desired -1 is negative"},
		{"one-off ahead", ScheduleSpec{Name: "x", Start: "2026-12-24T18:00:00Z", Desired: ptr(1)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.a.Runs(nil, now, 5)
			checkErr(t, err, tt.want)
		})
	}
}

func TestScheduleWarnings(t *testing.T) {
	g := &Group{Name: "db", Capacity: Capacity{Min: 2, Desired: 2, Max: 6}}
	if w := ScheduleWarnings(ScheduleSpec{Name: "x", Desired: ptr(8)}, g); len(w) != 1 || !strings.Contains(w[0], "desired 8 is outside min 2 and max 6") {
		t.Errorf("%q", w)
	}
	if w := ScheduleWarnings(ScheduleSpec{Name: "x", Desired: ptr(8), Max: ptr(10)}, g); len(w) != 0 {
		t.Errorf("max raised with it: %q", w)
	}
	g.Policies = []Policy{{Name: "forecast", Enabled: true, Spec: PolicySpec{Name: "forecast", Predictive: &PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50, Mode: ForecastAndScale}}}}
	if w := ScheduleWarnings(ScheduleSpec{Name: "x", Desired: ptr(4)}, g); len(w) != 1 || !strings.Contains(w[0], "ForecastAndScale policy forecast") {
		t.Errorf("%q", w)
	}
}

func TestUpcomingRuns(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	a := ScheduledAction{Name: "x", Recurrence: "0 */6 * * *"}
	got := UpcomingRuns(a, nil, now, now.Add(24*time.Hour))
	if len(got) != 4 || !got[0].Equal(now) || !got[3].Equal(now.Add(18*time.Hour)) {
		t.Errorf("%v", got)
	}
	once := ScheduledAction{Name: "y", Start: now.Add(30 * time.Hour)}
	if got := UpcomingRuns(once, nil, now, now.Add(24*time.Hour)); len(got) != 0 {
		t.Errorf("a one-off beyond the window: %v", got)
	}
}

func TestPutScheduled(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	spec := ScheduleSpec{Name: "open", Recurrence: "0 8 * * 1-5", TimeZone: "America/New_York", Desired: ptr(6)}
	checkErr(t, Validate(PutScheduled{Group: "db", To: spec, Now: now}, false), `time zone "America/New_York" was not looked up`)
	utc := ScheduleSpec{Name: "open", Recurrence: "0 8 * * 1-5", Desired: ptr(6)}
	if err := Validate(PutScheduled{Group: "db", To: utc, Now: now}, false); err != nil {
		t.Fatal(err)
	}
	// AWS reports a recurring action's next run as its start: not compared.
	g := &Group{Name: "db", Scheduled: []ScheduledAction{{Name: "open", Recurrence: "0 8 * * 1-5", TimeZone: "UTC", Start: now.Add(20 * time.Hour), Desired: ptr(6)}}}
	if err := CheckCurrent(PutScheduled{Group: "db", To: utc, Now: now}, Current{Group: g}); !errors.Is(err, ErrNoChange) {
		t.Errorf("create of one that exists as asked: %v", err)
	}
	changed := utc
	changed.Desired = ptr(8)
	var ce *ConflictError
	if err := CheckCurrent(PutScheduled{Group: "db", To: changed, Now: now}, Current{Group: g}); !errors.As(err, &ce) {
		t.Errorf("create of one that exists otherwise: %v", err)
	}
	if err := CheckCurrent(DeleteScheduled{Group: "db", From: changed}, Current{Group: g}); !errors.As(err, &ce) {
		t.Errorf("delete of one changed meanwhile: %v", err)
	}
}

func TestRefreshActions(t *testing.T) {
	pinned := LaunchSpec{TemplateID: "lt-1", Version: "7"}
	latest := LaunchSpec{TemplateID: "lt-1", Version: "$Latest"}
	running := InstanceRefresh{ID: "r-1", Status: RefreshInProgress, Percent: 40, ToUpdate: 3, Desired: &LaunchSpec{TemplateID: "lt-1", Version: "8"}}
	plain := InstanceRefresh{ID: "r-2", Status: RefreshInProgress}
	tests := []struct {
		name string
		a    Action
		want string
	}{
		{"start", StartRefresh{Group: "web", Launch: pinned}, ""},
		{"min healthy above 100", StartRefresh{Group: "web", Prefs: RefreshPrefs{MinHealthy: ptr(120)}}, "minimum healthy percentage 120 must be 0 to 100"},
		{"max healthy without min", StartRefresh{Group: "web", Prefs: RefreshPrefs{MaxHealthy: ptr(150)}}, "needs a minimum one too"},
		{"max healthy far above min", StartRefresh{Group: "web", Prefs: RefreshPrefs{MinHealthy: ptr(50), MaxHealthy: ptr(160)}}, "more than 100 above the minimum 50"},
		{"checkpoints out of order", StartRefresh{Group: "web", Prefs: RefreshPrefs{Checkpoints: []int{50, 20}}}, "each higher than the one before"},
		{"checkpoint 0", StartRefresh{Group: "web", Prefs: RefreshPrefs{Checkpoints: []int{0, 100}}}, "from 1 to 100"},
		{"delay without checkpoints", StartRefresh{Group: "web", Prefs: RefreshPrefs{CheckpointDelay: ptr(60)}}, "a checkpoint delay needs checkpoints"},
		{"negative warm-up", StartRefresh{Group: "web", Prefs: RefreshPrefs{WarmupSeconds: ptr(-1)}}, "instance_warmup_seconds is -1; AWS takes 0"},
		{"auto rollback without desired", StartRefresh{Group: "web", Launch: pinned, Prefs: RefreshPrefs{AutoRollback: true}}, "a rollback needs a refresh started with a desired configuration"},
		{"auto rollback on $Latest", StartRefresh{Group: "web", Launch: latest, Desired: &LaunchSpec{TemplateID: "lt-1", Version: "8"}, Prefs: RefreshPrefs{AutoRollback: true}}, "not $Latest or $Default"},
		{"auto rollback", StartRefresh{Group: "web", Launch: pinned, Desired: &LaunchSpec{TemplateID: "lt-1", Version: "8"}, Prefs: RefreshPrefs{AutoRollback: true}}, ""},
		{"cancel", CancelRefresh{Group: "web", From: running}, ""},
		{"cancel nothing", CancelRefresh{Group: "web", From: InstanceRefresh{ID: "r-1", Status: RefreshSuccessful}}, "nothing to cancel"},
		{"rollback", RollbackRefresh{Group: "web", From: running}, ""},
		{"rollback without desired", RollbackRefresh{Group: "web", From: plain}, "start a refresh back to the previous version instead"},
		{"rollback nothing", RollbackRefresh{Group: "web", From: InstanceRefresh{}}, "nothing to roll back"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, Validate(tt.a, false), tt.want) })
	}
	g := &Group{Name: "web", Launch: pinned}
	checkErr(t, CheckCurrent(StartRefresh{Group: "web", Launch: pinned}, Current{Group: g, Refreshes: []InstanceRefresh{running}}),
		"an instance refresh of web is already running (InProgress 40% (3 to update)")
	checkErr(t, CheckCurrent(CancelRefresh{Group: "web", From: running}, Current{Group: g, Refreshes: []InstanceRefresh{{ID: "r-1", Status: RefreshCancelled}}}),
		"no instance refresh of web is running any more (the one you saw is Cancelled)")
	var ce *ConflictError
	if err := CheckCurrent(CancelRefresh{Group: "web", From: running}, Current{Group: g, Refreshes: []InstanceRefresh{plain}}); !errors.As(err, &ce) {
		t.Errorf("another refresh runs now: %v", err)
	}
	checkErr(t, CheckCurrent(RollbackRefresh{Group: "web", From: running}, Current{Group: &Group{Name: "web", Launch: latest}, Refreshes: []InstanceRefresh{running}}),
		"not $Latest or $Default")
	rolling := running
	rolling.Status = RefreshRollbackInProgress
	if err := CheckCurrent(RollbackRefresh{Group: "web", From: running}, Current{Group: g, Refreshes: []InstanceRefresh{rolling}}); !errors.Is(err, ErrNoChange) {
		t.Errorf("already rolling back: %v", err)
	}
}

func resizeState() ResizeState {
	g := &Group{Name: "web", Capacity: Capacity{Min: 1, Desired: 2, Max: 4},
		Launch:    LaunchSpec{TemplateID: "lt-1", TemplateName: "web-lt", Version: "7"},
		Instances: []Instance{{ID: "i-1", Type: "m5.large", Lifecycle: StateInService}, {ID: "i-2", Type: "m5.large", Lifecycle: StateInService, Spot: true, AZ: "us-east-1a"}}}
	lt := &LaunchTemplate{ID: "lt-1", Name: "web-lt", Default: 7, Latest: 7,
		Versions: []LaunchTemplateVersion{{Number: 7, InstanceType: "m5.large"}, {Number: 6, InstanceType: "m5.large"}}}
	p := BuiltinPrices("us-east-1")
	p.Spot = map[string]float64{"m5.large": 0.04, "m6i.xlarge": 0.08}
	return ResizeState{Group: g, Template: lt, Prices: p}
}

func TestPlanResize(t *testing.T) {
	st := resizeState()
	plan, err := PlanResize(st, []string{"m6i.xlarge"}, RefreshPrefs{})
	if err != nil {
		t.Fatal(err)
	}
	next, ok := plan.Next()
	create, isCreate := next.Action.(CreateTemplateVersion)
	if !ok || !isCreate || create.Source != 7 || create.FromType != "m5.large" || len(plan.Pending()) != 3 {
		t.Fatalf("fresh plan: %+v", plan)
	}
	if plan.Before != 0.096+0.04 || plan.After != 0.192+0.08 || !plan.Priced {
		t.Errorf("cost %v → %v priced %v", plan.Before, plan.After, plan.Priced)
	}

	// Step 1 applied: the version hoist made is found and pointed at.
	st.Template.Versions = append([]LaunchTemplateVersion{{Number: 8, InstanceType: "m6i.xlarge", Description: create.Description()}}, st.Template.Versions...)
	st.Template.Latest = 8
	plan, _ = PlanResize(st, []string{"m6i.xlarge"}, RefreshPrefs{})
	next, _ = plan.Next()
	set, isSet := next.Action.(SetLaunch)
	if !isSet || set.To.Version != "8" || !plan.Steps[0].Done || len(plan.Pending()) != 2 {
		t.Fatalf("after step 1: %+v", plan)
	}

	// Step 2 applied: the refresh, with skip matching.
	st.Group.Launch.Version = "8"
	plan, _ = PlanResize(st, []string{"m6i.xlarge"}, RefreshPrefs{MinHealthy: ptr(50)})
	next, _ = plan.Next()
	start, isStart := next.Action.(StartRefresh)
	if !isStart || !start.Prefs.SkipMatching || *start.Prefs.MinHealthy != 50 || len(plan.Pending()) != 1 {
		t.Fatalf("after step 2: %+v", plan)
	}

	// A refresh runs, or every instance is the new type: done.
	st.Refreshes = []InstanceRefresh{{ID: "r-1", Status: RefreshInProgress}}
	if plan, _ = PlanResize(st, []string{"m6i.xlarge"}, RefreshPrefs{}); !plan.Done() {
		t.Errorf("refresh running: %+v", plan)
	}
	st.Refreshes = nil
	for i := range st.Group.Instances {
		st.Group.Instances[i].Type = "m6i.xlarge"
	}
	if plan, _ = PlanResize(st, []string{"m6i.xlarge"}, RefreshPrefs{}); !plan.Done() {
		t.Errorf("all replaced: %+v", plan)
	}

	// A mixed instances policy: its overrides change, no new version.
	mixed := resizeState()
	mixed.Group.Launch.Mixed, mixed.Group.Launch.Overrides = true, []string{"m5.large", "m5a.large"}
	plan, _ = PlanResize(mixed, []string{"m6i.large", "m6a.large"}, RefreshPrefs{})
	next, _ = plan.Next()
	if set, ok := next.Action.(SetLaunch); !ok || len(set.To.Overrides) != 2 || set.To.Version != "7" {
		t.Fatalf("mixed: %+v", plan)
	}

	for _, tt := range []struct {
		name string
		st   func(*ResizeState)
		to   []string
		want string
	}{
		{"launch configuration", func(s *ResizeState) { s.Group.Launch = LaunchSpec{} }, []string{"m6i.xlarge"}, "launches from a launch configuration"},
		{"bad type", nil, []string{"huge"}, `"huge" is not an instance type like m6i.xlarge`},
		{"two types without mixed", nil, []string{"m6i.large", "m6a.large"}, "runs one instance type, not 2"},
		{"template not read", func(s *ResizeState) { s.Template = nil }, []string{"m6i.xlarge"}, "was not read"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := resizeState()
			if tt.st != nil {
				tt.st(&s)
			}
			_, err := PlanResize(s, tt.to, RefreshPrefs{})
			checkErr(t, err, tt.want)
		})
	}
}

func TestCreateTemplateVersionCheck(t *testing.T) {
	st := resizeState()
	a := CreateTemplateVersion{Group: "web", Template: st.Group.Launch, Source: 7, FromType: "m5.large", ToType: "m6i.xlarge"}
	if err := CheckCurrent(a, Current{LaunchTemplate: st.Template}); err != nil {
		t.Fatal(err)
	}
	st.Template.Versions[0].InstanceType = "c5.large"
	var ce *ConflictError
	if err := CheckCurrent(a, Current{LaunchTemplate: st.Template}); !errors.As(err, &ce) {
		t.Errorf("source changed meanwhile: %v", err)
	}
	checkErr(t, CheckCurrent(a, Current{}), "launch template web-lt no longer exists")
}

func TestMAPE(t *testing.T) {
	h := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	forecast := []Point{{h, 100}, {h.Add(time.Hour), 200}, {h.Add(2 * time.Hour), 50}}
	actual := []Point{{h.Add(10 * time.Minute), 80}, {h.Add(time.Hour), 250}, {h.Add(3 * time.Hour), 10}}
	a := MAPE(forecast, actual)
	// |80-100|/80 = 25%, |250-200|/250 = 20%: 22.5% over 2 hours.
	if a.Hours != 2 || a.MAPE < 22.49 || a.MAPE > 22.51 {
		t.Fatalf("%+v", a)
	}
	if MAPE(forecast, nil).Known() {
		t.Error("no actual: known")
	}
	pts := []Point{{h, 1}, {h.Add(30 * time.Minute), 3}, {h.Add(time.Hour), 10}, {h.Add(2*time.Hour + time.Minute), 7}}
	mean := Hourly(pts, false, h.Add(2*time.Hour+30*time.Minute))
	if len(mean) != 2 || mean[0].V != 2 || mean[1].V != 10 {
		t.Errorf("hourly means (the hour in progress left out): %v", mean)
	}
	if sum := Hourly(pts, true, h.Add(3*time.Hour)); len(sum) != 3 || sum[0].V != 4 {
		t.Errorf("hourly sums: %v", sum)
	}
}
