package sim

import (
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// PutMetricAlarm's validation, as the CloudWatch API reference gives it:
// enums, what a metric alarm and a metric math alarm take, periods, and
// the actions' ARNs (docs/aws-facts.md: Alarms).

func cwEnumErr(v, field string, set []string) error {
	return apiErr("ValidationError", "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]", v, field, strings.Join(set, ", "))
}

func enumStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

var (
	comparisonOperators = enumStrings(cwtypes.ComparisonOperator("").Values())
	statistics          = enumStrings(cwtypes.Statistic("").Values())
	standardUnits       = enumStrings(cwtypes.StandardUnit("").Values())
	treatMissing        = []string{"breaching", "notBreaching", "ignore", "missing"}
	// anomaly detection band operators, only with ThresholdMetricId
	bandOperators = []string{"LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"}
)

func validPeriod(p int32) bool { return p == 10 || p == 20 || p == 30 || p > 0 && p%60 == 0 }

func (s *Simulator) validateAlarm(in *cloudwatch.PutMetricAlarmInput) error {
	if name := aws.ToString(in.AlarmName); name == "" || len(name) > 255 {
		return apiErr("ValidationError", "1 validation error detected: Value at 'alarmName' failed to satisfy constraint: Member must have length between 1 and 255")
	}
	if in.EvaluationPeriods == nil || *in.EvaluationPeriods < 1 {
		return apiErr("ValidationError", "1 validation error detected: Value at 'evaluationPeriods' failed to satisfy constraint: Member must have value greater than or equal to 1")
	}
	if err := validateComparison(in); err != nil {
		return err
	}
	if t := aws.ToString(in.TreatMissingData); in.TreatMissingData != nil && !contains(treatMissing, t) {
		return apiErr("ValidationError", "Option %s is not supported. Supported options for parameter TreatMissingData are missing, ignore, breaching and notBreaching.", t)
	}
	if e := aws.ToString(in.EvaluateLowSampleCountPercentile); e != "" && e != "evaluate" && e != "ignore" {
		return apiErr("ValidationError", "Option %s is not supported. Supported options for parameter EvaluateLowSampleCountPercentile are evaluate and ignore.", e)
	}
	if in.Unit != "" && !contains(standardUnits, string(in.Unit)) {
		return cwEnumErr(string(in.Unit), "unit", standardUnits)
	}
	var err error
	if len(in.Metrics) > 0 {
		err = validateAlarmQueries(in)
	} else {
		err = validateAlarmMetric(in)
	}
	if err != nil {
		return err
	}
	if d := in.DatapointsToAlarm; d != nil && (*d < 1 || *d > *in.EvaluationPeriods) {
		return apiErr("ValidationError", "DatapointsToAlarm must be between 1 and EvaluationPeriods (%d).", *in.EvaluationPeriods)
	}
	for field, acts := range map[string][]string{"alarmActions": in.AlarmActions, "oKActions": in.OKActions, "insufficientDataActions": in.InsufficientDataActions} {
		if err := s.validateActions(field, acts, in.ThresholdMetricId != nil); err != nil {
			return err
		}
	}
	return validateTags(in.Tags)
}

func validateComparison(in *cloudwatch.PutMetricAlarmInput) error {
	op := string(in.ComparisonOperator)
	switch {
	case op == "":
		return apiErr("ValidationError", "1 validation error detected: Value null at 'comparisonOperator' failed to satisfy constraint: Member must not be null")
	case !contains(comparisonOperators, op):
		return cwEnumErr(op, "comparisonOperator", comparisonOperators)
	case in.ThresholdMetricId != nil && in.Threshold != nil:
		return apiErr("ValidationError", "Threshold and ThresholdMetricId cannot both be specified.")
	case in.ThresholdMetricId == nil && in.Threshold == nil:
		return apiErr("ValidationError", "Threshold or ThresholdMetricId must be specified.")
	case contains(bandOperators, op) != (in.ThresholdMetricId != nil):
		return apiErr("ValidationError", "Comparison operators %s are only valid with ThresholdMetricId, for alarms on an anomaly detection band.", strings.Join(bandOperators, ", "))
	}
	return nil
}

// validateAlarmMetric: an alarm on one metric names it and exactly one of
// Statistic and ExtendedStatistic, and a valid period within a day.
func validateAlarmMetric(in *cloudwatch.PutMetricAlarmInput) error {
	if aws.ToString(in.MetricName) == "" || aws.ToString(in.Namespace) == "" {
		return apiErr("ValidationError", "Either MetricName and Namespace or Metrics must be specified.")
	}
	switch {
	case in.Statistic == "" && in.ExtendedStatistic == nil:
		return apiErr("ValidationError", "Either Statistic or ExtendedStatistic must be specified.")
	case in.Statistic != "" && in.ExtendedStatistic != nil:
		return apiErr("InvalidParameterCombination", "Statistic and ExtendedStatistic cannot both be specified.")
	case in.Statistic != "" && !contains(statistics, string(in.Statistic)):
		return cwEnumErr(string(in.Statistic), "statistic", statistics)
	}
	if x := in.ExtendedStatistic; x != nil {
		if _, ok := parsePercentile(*x); !ok {
			return apiErr("InvalidParameterValue", "The value %s for parameter ExtendedStatistic is not supported.", *x)
		}
	}
	if in.Period == nil {
		return apiErr("ValidationError", "Period must be specified for an alarm on a metric.")
	}
	p := *in.Period
	if !validPeriod(p) {
		return apiErr("ValidationError", "Period must be 10, 20, 30 or a multiple of 60.")
	}
	if int64(p)*int64(*in.EvaluationPeriods) > 7*86400 {
		return apiErr("ValidationError", "The evaluation period (Period times EvaluationPeriods) must be at most 7 days.")
	}
	return nil
}

// validateAlarmQueries: a metric math alarm takes no metric of its own and
// returns exactly one series.
func validateAlarmQueries(in *cloudwatch.PutMetricAlarmInput) error {
	if in.MetricName != nil || in.Namespace != nil || len(in.Dimensions) > 0 || in.Period != nil || in.Unit != "" ||
		in.Statistic != "" || in.ExtendedStatistic != nil {
		return apiErr("ValidationError", "Metrics cannot be specified with Namespace, MetricName, Dimensions, Period, Unit, Statistic or ExtendedStatistic.")
	}
	results := 0
	for i, q := range in.Metrics {
		if !queryID.MatchString(aws.ToString(q.Id)) {
			return apiErr("ValidationError", "The value %s for parameter Metrics.member.%d.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores.", aws.ToString(q.Id), i+1)
		}
		if (q.MetricStat == nil) == (q.Expression == nil) {
			return apiErr("ValidationError", "Exactly one of MetricStat and Expression must be set for Metrics.member.%d.", i+1)
		}
		if ms := q.MetricStat; ms != nil {
			if !validPeriod(aws.ToInt32(ms.Period)) {
				return apiErr("ValidationError", "The parameter Metrics.member.%d.MetricStat.Period must be 10, 20, 30 or a multiple of 60.", i+1)
			}
			if !validStat(aws.ToString(ms.Stat)) {
				return apiErr("ValidationError", "The parameter Metrics.member.%d.MetricStat.Stat must be a valid statistic, got %q.", i+1, aws.ToString(ms.Stat))
			}
		}
		if q.ReturnData == nil || *q.ReturnData {
			results++
		}
	}
	if results != 1 {
		return apiErr("ValidationError", "Exactly one element of the Metrics list must return data.")
	}
	return nil
}

var (
	arnParts  = regexp.MustCompile(`^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$`)
	topicName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}(\.fifo)?$`)
	ec2Action = regexp.MustCompile(`^arn:aws:automate:([a-z0-9-]+):ec2:(stop|terminate|reboot|recover)$`)
)

// validateActions checks alarm action ARNs: at most five, each a kind of
// action CloudWatch takes, in the alarm's region (an SNS topic elsewhere is
// refused as AWS refuses it).
func (s *Simulator) validateActions(field string, acts []string, band bool) error {
	if len(acts) > 5 {
		return apiErr("ValidationError", "1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to 5", field)
	}
	for _, a := range acts {
		if ec2Action.MatchString(a) {
			if r := ec2Action.FindStringSubmatch(a)[1]; r != s.region {
				return apiErr("ValidationError", "Invalid region %s specified. Only %s is supported.", r, s.region)
			}
			continue
		}
		m := arnParts.FindStringSubmatch(a)
		if m == nil {
			return apiErr("ValidationError", "Invalid arn syntax: %s", a)
		}
		service, region, account, resource := m[2], m[3], m[4], m[5]
		switch service {
		case "sns", "autoscaling", "lambda", "ssm", "swf", "aiops":
		case "ssm-incidents":
			region = s.region // a response plan is not regional
		default:
			return apiErr("ValidationError", "Invalid use of %s action: %s is not a valid alarm action.", service, a)
		}
		if region != s.region {
			return apiErr("ValidationError", "Invalid region %s specified. Only %s is supported.", region, s.region)
		}
		if account == "" {
			return apiErr("ValidationError", "Invalid arn syntax: %s", a)
		}
		if service == "sns" && !topicName.MatchString(resource) {
			return apiErr("ValidationError", "Invalid SNS topic name %q in %s.", resource, a)
		}
		if service == "autoscaling" && band {
			return apiErr("ValidationError", "Alarms based on an anomaly detection band cannot have Auto Scaling actions.")
		}
	}
	return nil
}

func validateTags(tags []cwtypes.Tag) error {
	if len(tags) > 50 {
		return apiErr("ValidationError", "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50")
	}
	for _, t := range tags {
		k := aws.ToString(t.Key)
		if k == "" || len(k) > 128 || len(aws.ToString(t.Value)) > 256 {
			return apiErr("ValidationError", "Tag keys must be 1 to 128 characters and values at most 256.")
		}
		if t.Value == nil {
			return apiErr("ValidationError", "1 validation error detected: Value null at 'tags.member.value' failed to satisfy constraint: Member must not be null")
		}
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			return apiErr("InvalidParameterValue", "Tag keys beginning with 'aws:' are reserved.")
		}
	}
	return nil
}
