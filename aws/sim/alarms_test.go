package sim

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// cpuAlarm is a valid alarm on the web group's CPU, for a case to spoil.
func cpuAlarm(name string) *cloudwatch.PutMetricAlarmInput {
	return &cloudwatch.PutMetricAlarmInput{AlarmName: aws.String(name), Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"),
		Dimensions: []cwtypes.Dimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(webGroup)}},
		Statistic:  cwtypes.StatisticAverage, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(3), Threshold: aws.Float64(80),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold}
}

func TestPutMetricAlarmRefusesWhatAWSRefuses(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := cloudWatchAPI{s}
	spoil := func(f func(*cloudwatch.PutMetricAlarmInput)) *cloudwatch.PutMetricAlarmInput {
		in := cpuAlarm("spoilt")
		f(in)
		return in
	}
	topic := func(region, name string) string { return "arn:aws:sns:" + region + ":000000000000:" + name }
	for _, c := range []struct {
		in        *cloudwatch.PutMetricAlarmInput
		code, msg string
	}{
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) { in.ComparisonOperator = "Sideways" }), "ValidationError",
			"Value 'Sideways' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [GreaterThanOrEqualToThreshold"},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) { in.Statistic = "Median" }), "ValidationError",
			"Value 'Median' at 'statistic' failed to satisfy constraint: Member must satisfy enum value set: [SampleCount, Average, Sum, Minimum, Maximum]"},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) { in.ExtendedStatistic = aws.String("p99") }), "InvalidParameterCombination", ""},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) { in.Statistic, in.ExtendedStatistic = "", aws.String("q50") }), "InvalidParameterValue", "q50"},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) { in.TreatMissingData = aws.String("sometimes") }), "ValidationError",
			"Supported options for parameter TreatMissingData are missing, ignore, breaching and notBreaching."},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) { in.Unit = "Furlongs" }), "ValidationError", "'unit'"},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) { in.Period = aws.Int32(45) }), "ValidationError", "Period"},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) { in.DatapointsToAlarm = aws.Int32(4) }), "ValidationError", "DatapointsToAlarm"},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) {
			in.ComparisonOperator = cwtypes.ComparisonOperatorLessThanLowerOrGreaterThanUpperThreshold
		}), "ValidationError", "ThresholdMetricId"},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) {
			in.Metrics = []cwtypes.MetricDataQuery{{Id: aws.String("m"), Expression: aws.String("1")}}
		}), "ValidationError", "Metrics cannot be specified with"},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmActions = []string{topic("eu-west-1", "oncall")} }), "ValidationError",
			"Invalid region eu-west-1 specified. Only us-east-1 is supported."},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) { in.OKActions = []string{"oncall-topic"} }), "ValidationError", "Invalid arn syntax: oncall-topic"},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmActions = []string{topic("us-east-1", "bad topic")} }), "ValidationError", "SNS topic name"},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) {
			in.AlarmActions = []string{topic("us-east-1", "a"), topic("us-east-1", "b"), topic("us-east-1", "c"), topic("us-east-1", "d"), topic("us-east-1", "e"), topic("us-east-1", "f")}
		}), "ValidationError", "less than or equal to 5"},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) {
			in.AlarmActions = []string{"arn:aws:s3:us-east-1:000000000000:bucket"}
		}), "ValidationError", "not a valid alarm action"},
		{spoil(func(in *cloudwatch.PutMetricAlarmInput) {
			in.Tags = []cwtypes.Tag{{Key: aws.String("aws:owner"), Value: aws.String("x")}}
		}), "InvalidParameterValue", "reserved"},
	} {
		_, err := api.PutMetricAlarm(bg, c.in)
		wantErr(t, err, c.code, c.msg)
	}
	if s.alarms["spoilt"] != nil {
		t.Fatal("a refused alarm was stored")
	}
	// what AWS accepts: SNS, Auto Scaling and EC2 actions in the region
	ok := cpuAlarm("fine")
	ok.AlarmActions = []string{topic("us-east-1", "oncall-page"), "arn:aws:automate:us-east-1:ec2:reboot"}
	ok.OKActions = []string{topic("us-east-1", "oncall.fifo")}
	must(api.PutMetricAlarm(bg, ok))
	if got := strings.Join(s.alarms["fine"].m.AlarmActions, " "); !strings.Contains(got, "oncall-page") {
		t.Fatalf("actions %s", got)
	}
}
