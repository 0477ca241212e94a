package model

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// FieldError is a configuration value AWS would refuse: Field is its path
// in the file format ("target_tracking.target"), Msg one sentence. It is
// a ValidationError, so that the command line's exit code and the
// console's status line treat it as input refused.
type FieldError = ValidationError

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// oneOf refuses v unless it is one of valid, naming them.
func oneOf(field, what, v string, valid ...string) error {
	if slices.Contains(valid, v) {
		return nil
	}
	return fieldErr(field, "%s %q is not one of %s", what, v, strings.Join(valid, ", "))
}

func secondsIn(field string, v *int, lo, hi int) error {
	if v == nil {
		return nil
	}
	if *v < lo || *v > hi {
		return fieldErr(field, "%s is %d; AWS takes %d to %d", field, *v, lo, hi)
	}
	return nil
}

// maxSeconds bounds the second counts AWS takes as 32-bit integers.
const maxSeconds = math.MaxInt32

// TerminationPolicyNames are the termination policies AWS knows; a Lambda
// function ARN is a custom one.
var TerminationPolicyNames = []string{"Default", "AllocationStrategy", "OldestLaunchTemplate", "OldestLaunchConfiguration",
	"ClosestToNextInstanceHour", "NewestInstance", "OldestInstance"}

// Validate checks the group fields against AWS's ranges (min <= max
// and desired between them are checked once live values fill the gaps).
func (s GroupSettings) Validate() error {
	for _, c := range []struct {
		name string
		v    *int
	}{{"min", s.Min}, {"max", s.Max}, {"desired", s.Desired}} {
		if c.v != nil {
			if err := CheckCapacity(c.name, *c.v); err != nil {
				return fieldErr(c.name, "%s", err.Error())
			}
		}
	}
	if t := s.HealthCheckType; t != nil {
		for _, p := range strings.Split(*t, ",") {
			if err := oneOf("health_check_type", "health check type", strings.TrimSpace(p), "EC2", "ELB", "EBS", "VPC_LATTICE"); err != nil {
				return err
			}
		}
	}
	if err := secondsIn("health_check_grace_seconds", s.HealthCheckGraceSeconds, 0, maxSeconds); err != nil {
		return err
	}
	if err := secondsIn("default_cooldown_seconds", s.DefaultCooldownSeconds, 0, maxSeconds); err != nil {
		return err
	}
	if s.TerminationPolicies != nil && len(s.TerminationPolicies) == 0 {
		return fieldErr("termination_policies", "termination_policies needs at least one policy (AWS's own is Default)")
	}
	for _, p := range s.TerminationPolicies {
		if !slices.Contains(TerminationPolicyNames, p) && !strings.HasPrefix(p, "arn:aws:lambda:") {
			return fieldErr("termination_policies", "termination policy %q is not one of %s, or a Lambda function ARN",
				p, strings.Join(TerminationPolicyNames, ", "))
		}
	}
	for _, f := range []struct {
		name string
		ps   []string
	}{{"suspended_processes", s.SuspendedProcesses}, {"suspend", s.Suspend}} {
		for _, p := range f.ps {
			if !IsProcess(p) {
				return fieldErr(f.name, "process %q is not one of %s", p, strings.Join(processes, ", "))
			}
		}
	}
	return nil
}

var nameRE = regexp.MustCompile(`^[^\x00-\x1f\x7f]{1,255}$`)

func checkSpecName(field, what, name string) error {
	if !nameRE.MatchString(name) {
		return fieldErr(field, "%s name %q must be 1 to 255 characters with no control characters", what, name)
	}
	return nil
}

// Validate checks a policy against AWS's rules for its kind.
func (p PolicySpec) Validate() error {
	if err := checkSpecName("name", "policy", p.Name); err != nil {
		return err
	}
	if p.Absent {
		return nil
	}
	kinds := 0
	for _, set := range []bool{p.TargetTracking != nil, p.Step != nil, p.Simple != nil, p.Predictive != nil} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return fieldErr("name", "policy %s must have exactly one of target_tracking, step, simple or predictive", p.Name)
	}
	if err := secondsIn("warmup_seconds", p.WarmupSeconds, 0, maxSeconds); err != nil {
		return err
	}
	if p.WarmupSeconds != nil && (p.Simple != nil || p.Predictive != nil) {
		return fieldErr("warmup_seconds", "warmup_seconds applies to target tracking and step policies only")
	}
	switch {
	case p.TargetTracking != nil:
		return p.TargetTracking.validate()
	case p.Step != nil:
		return p.Step.validate()
	case p.Simple != nil:
		return p.Simple.validate()
	}
	return p.Predictive.validate()
}

// Enumerations AWS takes (docs/aws-facts.md: Scaling policies).
var (
	// TargetTrackingMetrics are the predefined target tracking metrics.
	TargetTrackingMetrics = []string{MetricASGCPU, MetricASGNetworkIn, MetricASGNetworkOut, MetricALBRequestCountPerTarget}
	// PredictiveMetrics are the predefined metric pairs of predictive scaling.
	PredictiveMetrics = []string{"ASGCPUUtilization", "ASGNetworkIn", "ASGNetworkOut", MetricPairALBRequestCount}
	// PredictiveLoadMetrics are the predefined load metrics.
	PredictiveLoadMetrics = []string{"ASGTotalCPUUtilization", "ASGTotalNetworkIn", "ASGTotalNetworkOut", MetricLoadALBRequestCount}
	// AdjustmentTypes are the adjustment types of step and simple scaling.
	AdjustmentTypes = []string{"ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"}
	// MetricStatistics are the statistics a customized metric takes.
	MetricStatistics = []string{"Average", "Minimum", "Maximum", "SampleCount", "Sum"}
	// MetricUnits are CloudWatch's units (StandardUnit).
	MetricUnits = []string{"Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes",
		"Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
		"Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
		"Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None"}
	aggregationTypes = []string{"Average", "Minimum", "Maximum"}
)

// Bounds AWS sets (docs/aws-facts.md: Scaling policies, Quotas per group).
const (
	maxSteps            = 20
	maxSchedulingBuffer = 3599 // less than 3600 s
	maxDimensions       = 30
)

// checkTarget refuses a target AWS refuses (not above 0), and one above
// 100 for a percentage (hoist's rule: such a target never scales out).
func checkTarget(field string, v float64, metric string, percent bool) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0) || v <= 0:
		return fieldErr(field, "target %s must be above 0", formatFloat(v))
	case percent && v > 100:
		return fieldErr(field, "target %s is above 100 for %s, a percentage", formatFloat(v), metric)
	}
	return nil
}

func (t *TargetTrackingSpec) validate() error {
	switch {
	case t.Metric != "" && t.Custom != nil:
		return fieldErr("target_tracking.metric", "target tracking takes a predefined metric or a custom one, not both")
	case t.Metric == "" && t.Custom == nil:
		return fieldErr("target_tracking", "target tracking needs a metric (%s) or a custom metric", strings.Join(TargetTrackingMetrics, ", "))
	case t.Metric != "":
		if err := oneOf("target_tracking.metric", "target tracking metric", t.Metric, TargetTrackingMetrics...); err != nil {
			return err
		}
	}
	if t.TargetGroup != "" && t.Metric != MetricALBRequestCountPerTarget {
		return fieldErr("target_tracking.target_group", "target_group applies to %s only", MetricALBRequestCountPerTarget)
	}
	metric := t.Metric
	if c := t.Custom; c != nil {
		if err := c.validate("target_tracking.custom"); err != nil {
			return err
		}
		metric = c.Name()
	}
	return checkTarget("target_tracking.target", t.Target, metric, PercentMetric(metric) || t.Custom != nil && t.Custom.Unit == "Percent")
}

func (c *CustomMetric) validate(field string) error {
	switch {
	case strings.TrimSpace(c.Namespace) == "":
		return fieldErr(field+".namespace", "a custom metric needs a namespace, such as CWAgent")
	case strings.TrimSpace(c.Metric) == "":
		return fieldErr(field+".metric", "a custom metric needs a metric name, such as mem_used_percent")
	case len(c.Dimensions) > maxDimensions:
		return fieldErr(field+".dimensions", "a metric has at most %d dimensions, not %d", maxDimensions, len(c.Dimensions))
	}
	for k, v := range c.Dimensions {
		if strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
			return fieldErr(field+".dimensions", "dimension %q=%q needs both a name and a value", k, v)
		}
	}
	if err := oneOf(field+".statistic", "statistic", c.Statistic, MetricStatistics...); err != nil {
		return err
	}
	if c.Unit != "" {
		return oneOf(field+".unit", "unit", c.Unit, MetricUnits...)
	}
	return nil
}

func (s *StepSpec) validate() error {
	if err := oneOf("step.adjustment_type", "adjustment type", s.AdjustmentType, AdjustmentTypes...); err != nil {
		return err
	}
	if s.MetricAggregation != "" {
		if err := oneOf("step.metric_aggregation", "metric aggregation", s.MetricAggregation, aggregationTypes...); err != nil {
			return err
		}
	}
	if err := checkMagnitude("step", s.AdjustmentType, s.MinAdjustmentMagnitude); err != nil {
		return err
	}
	switch n := len(s.Steps); {
	case n == 0:
		return fieldErr("step.steps", "a step policy needs at least one step")
	case n > maxSteps:
		return fieldErr("step.steps", "a step policy has at most %d steps, not %d", maxSteps, n)
	}
	for _, st := range s.Steps {
		if s.AdjustmentType == "ExactCapacity" && st.Adjustment < 0 {
			return fieldErr("step.steps", "an ExactCapacity adjustment %d cannot be negative", st.Adjustment)
		}
	}
	return checkSteps(s.Steps)
}

func lowerOf(s StepAdjustment) float64 {
	if s.Lower == nil {
		return math.Inf(-1)
	}
	return *s.Lower
}

func upperOf(s StepAdjustment) float64 {
	if s.Upper == nil {
		return math.Inf(1)
	}
	return *s.Upper
}

// checkSteps refuses what PutScalingPolicy refuses: a step whose lower
// bound is not below its upper, a step open at both ends, more than one
// open end on a side, a side that reaches away from the threshold without
// an open step, and steps that overlap or leave a gap once sorted.
func checkSteps(steps []StepAdjustment) error {
	openLo, openHi, negLo, posHi := 0, 0, false, false
	for _, s := range steps {
		lo, hi := lowerOf(s), upperOf(s)
		switch {
		case s.Lower == nil && s.Upper == nil:
			return fieldErr("step.steps", "a step cannot be open at both ends: give it a lower or an upper bound")
		case lo >= hi:
			return fieldErr("step.steps", "a step's lower bound %s must be below its upper bound %s", formatFloat(lo), formatFloat(hi))
		}
		if s.Lower == nil {
			openLo++
		} else if lo < 0 {
			negLo = true
		}
		if s.Upper == nil {
			openHi++
		} else if hi > 0 {
			posHi = true
		}
	}
	switch {
	case openLo > 1:
		return fieldErr("step.steps", "only one step may have no lower bound")
	case openHi > 1:
		return fieldErr("step.steps", "only one step may have no upper bound")
	case negLo && openLo == 0:
		return fieldErr("step.steps", "steps below the threshold need one step with no lower bound")
	case posHi && openHi == 0:
		return fieldErr("step.steps", "steps above the threshold need one step with no upper bound")
	}
	sorted := slices.Clone(steps)
	slices.SortStableFunc(sorted, func(a, b StepAdjustment) int { return cmp.Compare(lowerOf(a), lowerOf(b)) })
	for i := 1; i < len(sorted); i++ {
		if prev, cur := upperOf(sorted[i-1]), lowerOf(sorted[i]); cur != prev {
			return fieldErr("step.steps", "steps must meet without gaps or overlaps: one ends at %s and the next starts at %s",
				formatFloat(prev), formatFloat(cur))
		}
	}
	return nil
}

func checkMagnitude(field, adjustment string, m *int) error {
	if m == nil {
		return nil
	}
	if adjustment != "PercentChangeInCapacity" {
		return fieldErr(field+".min_adjustment_magnitude", "min_adjustment_magnitude applies to PercentChangeInCapacity only")
	}
	if *m < 1 {
		return fieldErr(field+".min_adjustment_magnitude", "min_adjustment_magnitude %d must be at least 1", *m)
	}
	return nil
}

func (s *SimpleSpec) validate() error {
	if err := oneOf("simple.adjustment_type", "adjustment type", s.AdjustmentType, AdjustmentTypes...); err != nil {
		return err
	}
	if err := checkMagnitude("simple", s.AdjustmentType, s.MinAdjustmentMagnitude); err != nil {
		return err
	}
	switch {
	case s.AdjustmentType == "ExactCapacity" && s.Adjustment < 0:
		return fieldErr("simple.adjustment", "an ExactCapacity adjustment %d cannot be negative", s.Adjustment)
	case s.AdjustmentType == "ExactCapacity" && s.Adjustment > MaxCapacity:
		return fieldErr("simple.adjustment", "an ExactCapacity adjustment %d is above %d, the most hoist will send", s.Adjustment, MaxCapacity)
	}
	return secondsIn("simple.cooldown_seconds", s.CooldownSeconds, 0, maxSeconds)
}

func (p *PredictiveSpec) validate() error {
	if p.Mode != "" {
		if err := oneOf("predictive.mode", "mode", p.Mode, ForecastOnly, ForecastAndScale); err != nil {
			return err
		}
	}
	if err := p.validateMetrics(); err != nil {
		return err
	}
	pct := p.Metric == "ASGCPUUtilization" || p.ScalingMetric == MetricASGCPU
	if err := checkTarget("predictive.target", p.Target, p.MetricName(), pct); err != nil {
		return err
	}
	if err := secondsIn("predictive.scheduling_buffer_seconds", p.SchedulingBufferSeconds, 0, maxSchedulingBuffer); err != nil {
		return err
	}
	if p.MaxCapacityBreach != "" {
		if err := oneOf("predictive.max_capacity_breach", "max_capacity_breach", p.MaxCapacityBreach, HonorMaxCapacity, IncreaseMaxCapacity); err != nil {
			return err
		}
	}
	switch b := p.MaxCapacityBuffer; {
	case p.MaxCapacityBreach == IncreaseMaxCapacity && b == nil:
		return fieldErr("predictive.max_capacity_buffer", "max_capacity_breach IncreaseMaxCapacity needs a max_capacity_buffer, a percentage of the forecast (0 to 100)")
	case b != nil && p.MaxCapacityBreach != IncreaseMaxCapacity:
		return fieldErr("predictive.max_capacity_buffer", "max_capacity_buffer applies only with max_capacity_breach IncreaseMaxCapacity")
	}
	return secondsIn("predictive.max_capacity_buffer", p.MaxCapacityBuffer, 0, 100)
}

func (p *PredictiveSpec) validateMetrics() error {
	pair, split := p.Metric != "", p.ScalingMetric != "" || p.LoadMetric != ""
	switch {
	case pair && split:
		return fieldErr("predictive.metric", "predictive scaling takes a metric pair, or a scaling and a load metric, not both")
	case pair:
		if err := oneOf("predictive.metric", "predictive metric", p.Metric, PredictiveMetrics...); err != nil {
			return err
		}
	case p.ScalingMetric == "" || p.LoadMetric == "":
		return fieldErr("predictive.metric", "predictive scaling needs a metric pair (%s), or both a scaling_metric and a load_metric",
			strings.Join(PredictiveMetrics, ", "))
	default:
		if err := oneOf("predictive.scaling_metric", "scaling metric", p.ScalingMetric, TargetTrackingMetrics...); err != nil {
			return err
		}
		if err := oneOf("predictive.load_metric", "load metric", p.LoadMetric, PredictiveLoadMetrics...); err != nil {
			return err
		}
	}
	if p.TargetGroup != "" && !(needsTargetGroup(p.Metric) || needsTargetGroup(p.ScalingMetric) || needsTargetGroup(p.LoadMetric)) {
		return fieldErr("predictive.target_group", "target_group applies to the ALB request metrics only")
	}
	return nil
}

// Validate checks a scheduled action: a name, a valid cron or a start
// time, and at least one of min, max and desired, in order.
func (a ScheduleSpec) Validate() error {
	if err := checkSpecName("name", "scheduled action", a.Name); err != nil {
		return err
	}
	if a.Absent {
		return nil
	}
	if a.Recurrence == "" && a.Start == "" {
		return fieldErr("name", "scheduled action %s needs a recurrence (cron) or a start time", a.Name)
	}
	if a.Recurrence != "" {
		if err := CheckCron(a.Recurrence); err != nil {
			return fieldErr("recurrence", "recurrence %q: %v", a.Recurrence, err)
		}
	} else if a.TimeZone != "" {
		return fieldErr("time_zone", "time_zone applies to a recurring action (one with a recurrence)")
	}
	start, end, err := a.times()
	if err != nil {
		return err
	}
	if !start.IsZero() && !end.IsZero() && !end.After(start) {
		return fieldErr("end", "end %s is not after start %s", a.End, a.Start)
	}
	if a.Min == nil && a.Max == nil && a.Desired == nil {
		return fieldErr("name", "scheduled action %s sets none of min, max and desired", a.Name)
	}
	return checkOrder(a.Min, a.Desired, a.Max)
}

// checkOrder refuses capacities out of order, where both are given.
func checkOrder(lo, desired, hi *int) error {
	for _, c := range []struct {
		name string
		v    *int
	}{{"min", lo}, {"desired", desired}, {"max", hi}} {
		if c.v != nil {
			if err := CheckCapacity(c.name, *c.v); err != nil {
				return fieldErr(c.name, "%s", err.Error())
			}
		}
	}
	switch {
	case lo != nil && hi != nil && *lo > *hi:
		return fieldErr("min", "min %d is above max %d", *lo, *hi)
	case desired != nil && hi != nil && *desired > *hi:
		return fieldErr("desired", "desired %d is above max %d", *desired, *hi)
	case desired != nil && lo != nil && *desired < *lo:
		return fieldErr("desired", "desired %d is below min %d", *desired, *lo)
	}
	return nil
}

// cronFields are the five fields of a Unix cron expression and their ranges.
var cronFields = []struct {
	name   string
	lo, hi int
	names  []string
}{
	{"minute", 0, 59, nil},
	{"hour", 0, 23, nil},
	{"day of month", 1, 31, nil},
	{"month", 1, 12, []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{"day of week", 0, 6, []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
}

// CheckCron checks a recurrence in the Unix cron format Auto Scaling takes:
// five fields (minute hour day-of-month month day-of-week) of *, numbers,
// names, ranges, lists and steps.
func CheckCron(expr string) error {
	fs := strings.Fields(expr)
	if len(fs) != len(cronFields) {
		return fmt.Errorf("a cron expression has 5 fields (minute hour day-of-month month day-of-week), not %d", len(fs))
	}
	for i, f := range fs {
		spec := cronFields[i]
		for _, part := range strings.Split(f, ",") {
			if err := cronPart(part, spec.lo, spec.hi, spec.names); err != nil {
				return fmt.Errorf("%s field %q: %v", spec.name, f, err)
			}
		}
	}
	return nil
}

func cronPart(part string, lo, hi int, names []string) error {
	rng, step, hasStep := strings.Cut(part, "/")
	if hasStep {
		n, err := strconv.Atoi(step)
		if err != nil || n < 1 {
			return fmt.Errorf("step %q is not a positive whole number", step)
		}
	}
	if rng == "*" {
		return nil
	}
	a, b, isRange := strings.Cut(rng, "-")
	value := func(s string) (int, error) {
		if i := slices.Index(names, strings.ToUpper(s)); i >= 0 {
			return lo + i, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi || (hi == 6 && n == 7) {
			return 0, fmt.Errorf("%q is not between %d and %d", s, lo, hi)
		}
		return n, nil
	}
	x, err := value(a)
	if err != nil || !isRange {
		return err
	}
	y, err := value(b)
	if err != nil {
		return err
	}
	if y < x {
		return fmt.Errorf("range %s runs backwards", rng)
	}
	return nil
}

// Alarm comparison operators hoist writes (static thresholds).
var Comparisons = []string{"GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"}

var percentileRE = regexp.MustCompile(`^p(\d{1,2}(\.\d{1,10})?|100)$`)

// IsPercentile reports whether a statistic is a percentile such as p99
// (an extended statistic, as AWS names it).
func IsPercentile(stat string) bool { return percentileRE.MatchString(stat) }

// Validate checks an alarm against PutMetricAlarm's rules.
func (a AlarmSpec) Validate() error {
	if err := checkSpecName("name", "alarm", a.Name); err != nil {
		return err
	}
	if a.Absent {
		return nil
	}
	if strings.HasPrefix(a.Name, TargetTrackingAlarmPrefix) {
		return fieldErr("name", "alarm names starting %s belong to target tracking policies, which AWS manages: name yours otherwise", TargetTrackingAlarmPrefix)
	}
	var err error
	if len(a.Metrics) > 0 {
		err = a.validateMath()
	} else {
		err = a.validateMetric()
	}
	if err != nil {
		return err
	}
	if d := a.DatapointsToAlarm; d != nil && (*d < 1 || *d > a.EvaluationPeriods) {
		return fieldErr("datapoints_to_alarm", "datapoints_to_alarm %d must be between 1 and evaluation_periods %d", *d, a.EvaluationPeriods)
	}
	if err := oneOf("comparison", "comparison", a.Comparison, Comparisons...); err != nil {
		return err
	}
	if a.TreatMissingData != "" {
		if err := oneOf("treat_missing_data", "treat_missing_data", a.TreatMissingData, "missing", "notBreaching", "breaching", "ignore"); err != nil {
			return err
		}
	}
	return checkChannels(a.Channels, a.OKChannels)
}

// TargetTrackingAlarmPrefix starts the names of the alarms AWS makes for
// target tracking policies: never hoist's.
const TargetTrackingAlarmPrefix = "TargetTracking-"

func checkChannels(alarm, ok []string) error {
	for _, f := range []struct {
		name string
		arns []string
	}{{"channels", alarm}, {"ok_channels", ok}} {
		if len(f.arns) > 5 {
			return fieldErr(f.name, "an alarm notifies at most 5 channels per state, not %d", len(f.arns))
		}
		for _, arn := range f.arns {
			if !strings.HasPrefix(arn, "arn:aws:sns:") && !strings.HasPrefix(arn, "arn:aws:autoscaling:") {
				return fieldErr(f.name, "channel %q is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:TOPIC)", arn)
			}
		}
	}
	return nil
}

// validateMetric: an alarm on one metric names it, a statistic and a period.
func (a AlarmSpec) validateMetric() error {
	switch {
	case a.Namespace == "":
		return fieldErr("namespace", "alarm %s needs a namespace, such as AWS/EC2 (or metrics, for metric math)", a.Name)
	case a.Metric == "":
		return fieldErr("metric", "alarm %s needs a metric, such as CPUUtilization", a.Name)
	case len(a.Dimensions) > 30:
		return fieldErr("dimensions", "an alarm takes at most 30 dimensions, not %d", len(a.Dimensions))
	}
	if err := checkStatistic("statistic", a.Statistic); err != nil {
		return err
	}
	return checkPeriod("period_seconds", a.PeriodSeconds, a.EvaluationPeriods)
}

func checkStatistic(field, stat string) error {
	if percentileRE.MatchString(stat) {
		return nil
	}
	if err := oneOf(field, "statistic", stat, "Average", "Sum", "Minimum", "Maximum", "SampleCount"); err != nil {
		return fieldErr(field, "%s (or a percentile such as p99)", err.Error())
	}
	return nil
}

var queryIDRE = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]{0,254}$`)

// Metric math limits of PutMetricAlarm: at most 10 metrics and 10
// expressions, one of which returns the series the alarm watches.
const maxAlarmQueries = 10

// validateMath: a metric math alarm has no metric of its own; each query
// is a metric or an expression, ids are unique, and exactly one query
// returns data.
func (a AlarmSpec) validateMath() error {
	if a.Namespace != "" || a.Metric != "" || len(a.Dimensions) > 0 || a.Statistic != "" || a.Unit != "" || a.PeriodSeconds != 0 {
		return fieldErr("metrics", "alarm %s has metrics, so it takes no namespace, metric, dimensions, statistic, unit or period_seconds of its own", a.Name)
	}
	ids := map[string]bool{}
	stats, exprs, returns, period := 0, 0, 0, 0
	for i, q := range a.Metrics {
		f := fmt.Sprintf("metrics[%d]", i)
		if !queryIDRE.MatchString(q.ID) || ids[q.ID] {
			return fieldErr(f+".id", "metric id %q must be unique, start with a lower-case letter and hold only letters, digits and _", q.ID)
		}
		ids[q.ID] = true
		if err := q.validate(f); err != nil {
			return err
		}
		if q.Expression != "" {
			exprs++
		} else {
			stats++
			period = max(period, q.PeriodSeconds)
		}
		if q.ReturnData {
			returns++
		}
	}
	switch {
	case stats > maxAlarmQueries || exprs > maxAlarmQueries:
		return fieldErr("metrics", "an alarm takes at most %d metrics and %d expressions, not %d and %d", maxAlarmQueries, maxAlarmQueries, stats, exprs)
	case returns != 1:
		return fieldErr("metrics", "exactly one of the metrics of alarm %s must have return_data: true (the series it watches), not %d", a.Name, returns)
	case stats == 0:
		return fieldErr("metrics", "alarm %s's expressions read no metric: add one with namespace, metric, statistic and period_seconds", a.Name)
	}
	return checkPeriod("metrics", period, a.EvaluationPeriods)
}

func (q MetricQuery) validate(f string) error {
	if q.Expression != "" {
		if q.Namespace != "" || q.Metric != "" || len(q.Dimensions) > 0 || q.Statistic != "" || q.PeriodSeconds != 0 {
			return fieldErr(f+".expression", "metric %s is an expression, so it takes no namespace, metric, dimensions, statistic or period_seconds", q.ID)
		}
		return nil
	}
	switch {
	case q.Namespace == "" || q.Metric == "":
		return fieldErr(f, "metric %s needs an expression, or a namespace and a metric", q.ID)
	case len(q.Dimensions) > 30:
		return fieldErr(f+".dimensions", "a metric takes at most 30 dimensions, not %d", len(q.Dimensions))
	}
	if err := checkStatistic(f+".statistic", q.Statistic); err != nil {
		return err
	}
	return checkPeriod(f+".period_seconds", q.PeriodSeconds, 1)
}

func checkPeriod(field string, period, evals int) error {
	if period != 10 && period != 20 && period != 30 && (period < 60 || period%60 != 0) {
		return fieldErr(field, "period_seconds %d must be 10, 20, 30 or a multiple of 60", period)
	}
	if evals < 1 {
		return fieldErr("evaluation_periods", "evaluation_periods %d must be at least 1", evals)
	}
	limit := 7 * 86400
	if period < 3600 {
		limit = 86400
	}
	if period*evals > limit {
		return fieldErr("evaluation_periods", "period_seconds × evaluation_periods is %d s; AWS allows at most %d s for this period", period*evals, limit)
	}
	return nil
}

// ManagedAttributes are the target group attributes a file may set: the
// ones hoist changes (see EditAttributes).
func ManagedAttributes() []string { return slices.Sorted(maps.Keys(attrRules)) }

var dashboardNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// Validate checks a dashboard request.
func (d DashboardSpec) Validate() error {
	if d.Tier == "" {
		return fieldErr("tier", "a dashboard needs the tier it shows")
	}
	if n := d.DashboardName(); !dashboardNameRE.MatchString(n) || !strings.HasPrefix(n, DashboardPrefix) {
		return fieldErr("name", "dashboard name %q must start with %s and use only letters, digits, - and _", n, DashboardPrefix)
	}
	return nil
}
