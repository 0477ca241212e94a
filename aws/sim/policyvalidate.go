package sim

import (
	"math"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// PutScalingPolicy's validation: what each policy type needs and may not
// have, as the Auto Scaling API reference gives it. The messages follow
// AWS's where known (docs/aws-facts.md: Scaling policies); the codes are AWS's.

func vErr(format string, args ...any) error { return apiErr("ValidationError", format, args...) }

// policyFields lists the PutScalingPolicy parameters given, by name.
func policyFields(in *autoscaling.PutScalingPolicyInput) map[string]bool {
	return map[string]bool{
		"AdjustmentType": in.AdjustmentType != nil, "Cooldown": in.Cooldown != nil,
		"EstimatedInstanceWarmup": in.EstimatedInstanceWarmup != nil, "MetricAggregationType": in.MetricAggregationType != nil,
		"MinAdjustmentMagnitude": in.MinAdjustmentMagnitude != nil,
		"ScalingAdjustment":      in.ScalingAdjustment != nil, "StepAdjustments": len(in.StepAdjustments) > 0,
		"TargetTrackingConfiguration":    in.TargetTrackingConfiguration != nil,
		"PredictiveScalingConfiguration": in.PredictiveScalingConfiguration != nil,
	}
}

// policyAllows is what each policy type may be given.
var policyAllows = map[string][]string{
	ptSimple:     {"AdjustmentType", "Cooldown", "MinAdjustmentMagnitude", "ScalingAdjustment"},
	ptStep:       {"AdjustmentType", "EstimatedInstanceWarmup", "MetricAggregationType", "MinAdjustmentMagnitude", "StepAdjustments"},
	ptTarget:     {"EstimatedInstanceWarmup", "TargetTrackingConfiguration"},
	ptPredictive: {"PredictiveScalingConfiguration"},
}

func (s *Simulator) validatePolicy(g *group, typ string, in *autoscaling.PutScalingPolicyInput) error {
	allowed, ok := policyAllows[typ]
	if !ok {
		return vErr("Invalid policy type %s. Valid policy types are TargetTrackingScaling, StepScaling, SimpleScaling and PredictiveScaling.", typ)
	}
	var extra []string
	for f, given := range policyFields(in) {
		if given && !contains(allowed, f) {
			extra = append(extra, f)
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		return vErr("%s is not supported for policy type %s.", strings.Join(extra, ", "), typ)
	}
	if w := in.EstimatedInstanceWarmup; w != nil && *w < 0 {
		return rangeErr("estimatedInstanceWarmup", *w, 0, 0)
	}
	switch typ {
	case ptSimple:
		return validateSimple(in)
	case ptStep:
		return validateStep(in)
	case ptTarget:
		return s.validateTargetTracking(g, in.TargetTrackingConfiguration)
	}
	return s.validatePredictive(g, in.PredictiveScalingConfiguration)
}

func validateAdjustmentType(in *autoscaling.PutScalingPolicyInput, typ string) error {
	switch a := aws.ToString(in.AdjustmentType); a {
	case "ChangeInCapacity", "ExactCapacity":
		if in.MinAdjustmentMagnitude != nil {
			return vErr("MinAdjustmentMagnitude is only supported with adjustment type PercentChangeInCapacity.")
		}
	case "PercentChangeInCapacity":
		if m := in.MinAdjustmentMagnitude; m != nil && *m < 1 {
			return vErr("MinAdjustmentMagnitude must be at least 1.")
		}
	case "":
		return vErr("AdjustmentType is required for policy type %s.", typ)
	default:
		return vErr("Invalid adjustment type %s. Valid adjustment types are ChangeInCapacity, ExactCapacity and PercentChangeInCapacity.", a)
	}
	return nil
}

func validateSimple(in *autoscaling.PutScalingPolicyInput) error {
	if err := validateAdjustmentType(in, ptSimple); err != nil {
		return err
	}
	if in.ScalingAdjustment == nil {
		return vErr("Scaling increment must be specified for a SimpleScaling policy")
	}
	if aws.ToString(in.AdjustmentType) == "ExactCapacity" && *in.ScalingAdjustment < 0 {
		return vErr("ScalingAdjustment must be non-negative for adjustment type ExactCapacity.")
	}
	if c := in.Cooldown; c != nil && *c < 0 {
		return rangeErr("cooldown", *c, 0, 0)
	}
	return nil
}

// validateStep checks step adjustments as the API reference states them:
// no overlap or gap, at most one open lower and one open upper bound (and
// one of each when steps go below or above the threshold), and no step
// open at both ends.
func validateStep(in *autoscaling.PutScalingPolicyInput) error {
	if err := validateAdjustmentType(in, ptStep); err != nil {
		return err
	}
	switch a := aws.ToString(in.MetricAggregationType); a {
	case "", "Minimum", "Maximum", "Average":
	default:
		return vErr("Invalid metric aggregation type %s. Valid metric aggregation types are Minimum, Maximum and Average.", a)
	}
	steps := in.StepAdjustments
	if len(steps) == 0 {
		return vErr("StepAdjustments must be specified for a StepScaling policy")
	}
	if len(steps) > 20 {
		return apiErr("LimitExceeded", "A step scaling policy can have at most 20 step adjustments.")
	}
	type span struct{ lo, hi float64 }
	var spans []span
	openLo, openHi, negLo, posHi := 0, 0, false, false
	for _, st := range steps {
		if st.ScalingAdjustment == nil {
			return vErr("ScalingAdjustment must be specified for each step adjustment.")
		}
		if aws.ToString(in.AdjustmentType) == "ExactCapacity" && *st.ScalingAdjustment < 0 {
			return vErr("ScalingAdjustment must be non-negative for adjustment type ExactCapacity.")
		}
		sp := span{math.Inf(-1), math.Inf(1)}
		if st.MetricIntervalLowerBound != nil {
			sp.lo = *st.MetricIntervalLowerBound
			negLo = negLo || sp.lo < 0
		} else {
			openLo++
		}
		if st.MetricIntervalUpperBound != nil {
			sp.hi = *st.MetricIntervalUpperBound
			posHi = posHi || sp.hi > 0
		} else {
			openHi++
		}
		if math.IsInf(sp.lo, -1) && math.IsInf(sp.hi, 1) {
			return vErr("The upper and lower bound can't be null in the same step adjustment.")
		}
		if sp.hi <= sp.lo {
			return vErr("The upper bound of a step adjustment must be greater than its lower bound.")
		}
		spans = append(spans, sp)
	}
	switch {
	case openLo > 1:
		return vErr("At most one step adjustment can have a null lower bound.")
	case openHi > 1:
		return vErr("At most one step adjustment can have a null upper bound.")
	case negLo && openLo == 0:
		return vErr("A step adjustment with a negative lower bound needs a step adjustment with a null lower bound.")
	case posHi && openHi == 0:
		return vErr("A step adjustment with a positive upper bound needs a step adjustment with a null upper bound.")
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].lo < spans[j].lo })
	for i := 1; i < len(spans); i++ {
		if spans[i].lo < spans[i-1].hi {
			return vErr("Step adjustments must not overlap.")
		}
		if spans[i].lo > spans[i-1].hi {
			return vErr("Step adjustments must not have gaps between them.")
		}
	}
	return nil
}

var metricStatistics = []string{"Average", "Minimum", "Maximum", "SampleCount", "Sum"}

func (s *Simulator) validateTargetTracking(g *group, tt *astypes.TargetTrackingConfiguration) error {
	if tt == nil {
		return vErr("TargetTrackingConfiguration must be specified for a TargetTrackingScaling policy")
	}
	if tt.TargetValue == nil {
		return vErr("1 validation error detected: Value null at 'targetTrackingConfiguration.targetValue' failed to satisfy constraint: Member must not be null")
	}
	if v := *tt.TargetValue; v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return vErr("TargetValue must be greater than 0.")
	}
	p, c := tt.PredefinedMetricSpecification, tt.CustomizedMetricSpecification
	if (p == nil) == (c == nil) {
		return vErr("Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be specified.")
	}
	if p != nil {
		return s.validatePredefined(g, string(p.PredefinedMetricType), p.ResourceLabel,
			"targetTrackingConfiguration.predefinedMetricSpecification.predefinedMetricType", ttMetricTypes)
	}
	if len(c.Metrics) > 0 {
		if c.MetricName != nil || c.Namespace != nil || len(c.Dimensions) > 0 || c.Statistic != "" {
			return vErr("A customized metric specification takes either Metrics or MetricName, Namespace, Dimensions and Statistic, not both.")
		}
		return validateQueries(c.Metrics)
	}
	if aws.ToString(c.MetricName) == "" || aws.ToString(c.Namespace) == "" {
		return vErr("A customized metric specification needs MetricName and Namespace.")
	}
	if !contains(metricStatistics, string(c.Statistic)) {
		return enumErr(string(c.Statistic), "targetTrackingConfiguration.customizedMetricSpecification.statistic", metricStatistics)
	}
	if p := c.Period; p != nil && *p != 10 && *p != 30 && *p != 60 {
		return vErr("Period must be 10, 30 or 60 seconds.")
	}
	return nil
}

func enumErr(v, field string, set []string) error {
	return vErr("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]", v, field, strings.Join(set, ", "))
}

// validateQueries checks a target tracking metric math specification: ids,
// each a stat or an expression, and exactly one result.
func validateQueries(qs []astypes.TargetTrackingMetricDataQuery) error {
	results := 0
	for _, q := range qs {
		if !queryID.MatchString(aws.ToString(q.Id)) {
			return vErr("The Id %q must start with a lowercase letter and contain only letters, numbers and underscores.", aws.ToString(q.Id))
		}
		if (q.MetricStat == nil) == (q.Expression == nil) {
			return vErr("Each metric data query needs exactly one of MetricStat and Expression.")
		}
		if q.ReturnData == nil || *q.ReturnData {
			results++
		}
	}
	if results != 1 {
		return vErr("Exactly one metric data query must return data (ReturnData true); %d do.", results)
	}
	return nil
}

// Predefined metric types, per use.
var (
	ttMetricTypes   = []string{"ASGAverageCPUUtilization", "ASGAverageNetworkIn", "ASGAverageNetworkOut", "ALBRequestCountPerTarget"}
	pairMetricTypes = []string{"ASGCPUUtilization", "ASGNetworkIn", "ASGNetworkOut", "ALBRequestCount"}
	loadMetricTypes = []string{"ASGTotalCPUUtilization", "ASGTotalNetworkIn", "ASGTotalNetworkOut", "ALBTargetGroupRequestCount"}
)

// validatePredefined checks a predefined metric type against its set, and
// its resource label: needed, and naming a target group attached to the
// group, for the load balancer type (the set's last); refused for the
// others.
func (s *Simulator) validatePredefined(g *group, typ string, label *string, field string, set []string) error {
	if !contains(set, typ) {
		return enumErr(typ, field, set)
	}
	alb := typ == set[len(set)-1]
	switch {
	case alb && label == nil:
		return vErr("ResourceLabel must be specified for predefined metric type %s.", typ)
	case !alb && label != nil:
		return vErr("ResourceLabel is not supported for predefined metric type %s.", typ)
	case !alb:
		return nil
	}
	_, err := s.resourceLabelTG(g, *label)
	return err
}

// resourceLabelTG resolves app/<lb>/<id>/targetgroup/<tg>/<id> to a target
// group of that load balancer attached to the group.
func (s *Simulator) resourceLabelTG(g *group, label string) (*targetGroup, error) {
	k := strings.Index(label, "/targetgroup/")
	if !strings.HasPrefix(label, "app/") || k < 0 {
		return nil, vErr("Invalid resource label %s: expected app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>.", label)
	}
	lbDim, tgDim := label[:k], label[k+1:]
	for _, arn := range g.tgARNs {
		tg := s.tgs[arn]
		if tg == nil || tg.dimension != tgDim {
			continue
		}
		for _, lb := range tg.lbs {
			if lb.dimension == lbDim {
				return tg, nil
			}
		}
	}
	return nil, vErr("The target group in resource label %s is not attached to the Auto Scaling group %s through that load balancer.", label, g.name)
}

var (
	predModes    = []string{"ForecastAndScale", "ForecastOnly"}
	predBreaches = []string{"HonorMaxCapacity", "IncreaseMaxCapacity"}
)

func (s *Simulator) validatePredictive(g *group, c *astypes.PredictiveScalingConfiguration) error {
	if c == nil {
		return vErr("PredictiveScalingConfiguration must be specified for a PredictiveScaling policy")
	}
	if n := len(c.MetricSpecifications); n != 1 {
		return vErr("MetricSpecifications must have exactly one metric specification; %d were given.", n)
	}
	if m := string(c.Mode); m != "" && !contains(predModes, m) {
		return enumErr(m, "predictiveScalingConfiguration.mode", predModes)
	}
	if b := c.SchedulingBufferTime; b != nil && (*b < 0 || *b >= 3600) {
		return vErr("SchedulingBufferTime must be at least 0 and less than 3600 seconds.")
	}
	breach := string(c.MaxCapacityBreachBehavior)
	if breach != "" && !contains(predBreaches, breach) {
		return enumErr(breach, "predictiveScalingConfiguration.maxCapacityBreachBehavior", predBreaches)
	}
	switch buf := c.MaxCapacityBuffer; {
	case breach == "IncreaseMaxCapacity" && buf == nil:
		return vErr("MaxCapacityBuffer is required when MaxCapacityBreachBehavior is IncreaseMaxCapacity.")
	case breach != "IncreaseMaxCapacity" && buf != nil:
		return vErr("MaxCapacityBuffer can only be set when MaxCapacityBreachBehavior is IncreaseMaxCapacity.")
	case buf != nil && (*buf < 0 || *buf > 100):
		return rangeErr("predictiveScalingConfiguration.maxCapacityBuffer", *buf, 0, 100)
	}
	return s.validatePredictiveMetric(g, c.MetricSpecifications[0])
}

// validatePredictiveMetric: a target, and a metric pair, or a scaling and a
// load metric (predefined or customized, a customized capacity metric
// allowed beside customized ones).
func (s *Simulator) validatePredictiveMetric(g *group, m astypes.PredictiveScalingMetricSpecification) error {
	if m.TargetValue == nil || *m.TargetValue <= 0 {
		return vErr("TargetValue must be specified and greater than 0.")
	}
	pair := m.PredefinedMetricPairSpecification != nil
	scaling := m.PredefinedScalingMetricSpecification != nil || m.CustomizedScalingMetricSpecification != nil
	load := m.PredefinedLoadMetricSpecification != nil || m.CustomizedLoadMetricSpecification != nil
	switch {
	case pair && (scaling || load):
		return vErr("Specify either a metric pair, or a scaling metric and a load metric, not both.")
	case !pair && !(scaling && load):
		return vErr("Specify a metric pair, or both a scaling metric and a load metric.")
	case m.CustomizedCapacityMetricSpecification != nil && m.CustomizedLoadMetricSpecification == nil:
		return vErr("A customized capacity metric can only be used with a customized load metric.")
	}
	const f = "predictiveScalingConfiguration.metricSpecifications.member.1."
	if p := m.PredefinedMetricPairSpecification; p != nil {
		return s.validatePredefined(g, string(p.PredefinedMetricType), p.ResourceLabel, f+"predefinedMetricPairSpecification.predefinedMetricType", pairMetricTypes)
	}
	if p := m.PredefinedScalingMetricSpecification; p != nil {
		err := s.validatePredefined(g, string(p.PredefinedMetricType), p.ResourceLabel, f+"predefinedScalingMetricSpecification.predefinedMetricType", ttMetricTypes)
		if err != nil {
			return err
		}
	}
	if p := m.PredefinedLoadMetricSpecification; p != nil {
		return s.validatePredefined(g, string(p.PredefinedMetricType), p.ResourceLabel, f+"predefinedLoadMetricSpecification.predefinedMetricType", loadMetricTypes)
	}
	return nil
}
