package sim

import (
	"fmt"
	"strings"
	"testing"
	"time"

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

func alarmNames(out *cloudwatch.DescribeAlarmsOutput) []string {
	var names []string
	for _, a := range out.MetricAlarms {
		names = append(names, *a.AlarmName)
	}
	return names
}

func TestDescribeAlarmsFilters(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := cloudWatchAPI{s}
	page := "arn:aws:sns:us-east-1:000000000000:ops-page"
	for _, n := range []string{"ops-cpu", "ops-mem", "ops-disk"} {
		in := cpuAlarm(n)
		in.AlarmActions = []string{page}
		if n == "ops-disk" {
			in.AlarmActions = nil
			in.Threshold = aws.Float64(-1) // always breaching: ALARM
		}
		must(api.PutMetricAlarm(bg, in))
	}
	s.Advance(5 * time.Minute)
	d := func(in *cloudwatch.DescribeAlarmsInput) string {
		return strings.Join(alarmNames(must(api.DescribeAlarms(bg, in))), " ")
	}
	for _, c := range []struct {
		in   *cloudwatch.DescribeAlarmsInput
		want string
	}{
		{&cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"ops-mem", "ops-cpu", "nope"}}, "ops-cpu ops-mem"},
		{&cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("ops-")}, "ops-cpu ops-disk ops-mem"},
		{&cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("ops-"), ActionPrefix: aws.String("arn:aws:sns:us-east-1:000000000000:ops")}, "ops-cpu ops-mem"},
		{&cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("ops-"), StateValue: cwtypes.StateValueAlarm}, "ops-disk"},
		{&cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("ops-"), AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeCompositeAlarm}}, ""},
		{&cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("ops-"), AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeCompositeAlarm, cwtypes.AlarmTypeMetricAlarm}}, "ops-cpu ops-disk ops-mem"},
		{&cloudwatch.DescribeAlarmsInput{ChildrenOfAlarmName: aws.String("ops-cpu")}, ""},
	} {
		if got := d(c.in); got != c.want {
			t.Errorf("%+v: %q, want %q", c.in, got, c.want)
		}
	}
	// paging by prefix: one alarm a page, in name order
	var got []string
	var tok *string
	for {
		out := must(api.DescribeAlarms(bg, &cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("ops-"), MaxRecords: aws.Int32(1), NextToken: tok}))
		got = append(got, alarmNames(out)...)
		if tok = out.NextToken; tok == nil {
			break
		}
	}
	if strings.Join(got, " ") != "ops-cpu ops-disk ops-mem" {
		t.Fatalf("paged: %v", got)
	}
	for _, c := range []struct {
		in        *cloudwatch.DescribeAlarmsInput
		code, msg string
	}{
		{&cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"a"}, AlarmNamePrefix: aws.String("a")}, "InvalidParameterCombination", ""},
		{&cloudwatch.DescribeAlarmsInput{ChildrenOfAlarmName: aws.String("a"), StateValue: cwtypes.StateValueOk}, "ValidationError", "ChildrenOfAlarmName"},
		{&cloudwatch.DescribeAlarmsInput{StateValue: "BROKEN"}, "ValidationError", "stateValue"},
		{&cloudwatch.DescribeAlarmsInput{AlarmTypes: []cwtypes.AlarmType{"EventAlarm"}}, "ValidationError", "enum value set"},
		{&cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(101)}, "ValidationError", ""},
		{&cloudwatch.DescribeAlarmsInput{NextToken: aws.String("x")}, "InvalidNextToken", ""},
	} {
		_, err := api.DescribeAlarms(bg, c.in)
		wantErr(t, err, c.code, c.msg)
	}
}

func TestAlarmAndDashboardTags(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := cloudWatchAPI{s}
	in := cpuAlarm("tagged")
	in.Tags = []cwtypes.Tag{{Key: aws.String("managed-by"), Value: aws.String("hoist")}}
	must(api.PutMetricAlarm(bg, in))
	arn := s.alarmARN("tagged")
	tags := func(arn string) string {
		var kv []string
		for _, t := range must(api.ListTagsForResource(bg, &cloudwatch.ListTagsForResourceInput{ResourceARN: aws.String(arn)})).Tags {
			kv = append(kv, *t.Key+"="+*t.Value)
		}
		return strings.Join(kv, " ")
	}
	if got := tags(arn); got != "managed-by=hoist" {
		t.Fatalf("tags from PutMetricAlarm: %q", got)
	}
	in.Tags = []cwtypes.Tag{{Key: aws.String("ignored"), Value: aws.String("on update")}}
	must(api.PutMetricAlarm(bg, in))
	must(api.TagResource(bg, &cloudwatch.TagResourceInput{ResourceARN: aws.String(arn), Tags: []cwtypes.Tag{
		{Key: aws.String("managed-by"), Value: aws.String("hoist-plan")}, {Key: aws.String("tier"), Value: aws.String("web")}}}))
	if got := tags(arn); got != "managed-by=hoist-plan tier=web" {
		t.Fatalf("tags after an update and TagResource: %q", got)
	}
	must(api.UntagResource(bg, &cloudwatch.UntagResourceInput{ResourceARN: aws.String(arn), TagKeys: []string{"tier", "absent"}}))
	if got := tags(arn); got != "managed-by=hoist-plan" {
		t.Fatalf("tags after UntagResource: %q", got)
	}
	must(api.PutDashboard(bg, &cloudwatch.PutDashboardInput{DashboardName: aws.String("web-tier"), DashboardBody: aws.String(`{"widgets":[]}`)}))
	dash := must(api.GetDashboard(bg, &cloudwatch.GetDashboardInput{DashboardName: aws.String("web-tier")})).DashboardArn
	must(api.TagResource(bg, &cloudwatch.TagResourceInput{ResourceARN: dash, Tags: []cwtypes.Tag{{Key: aws.String("tier"), Value: aws.String("web")}}}))
	if got := tags(*dash); got != "tier=web" {
		t.Fatalf("dashboard tags %q", got)
	}
	_, err := api.ListTagsForResource(bg, &cloudwatch.ListTagsForResourceInput{ResourceARN: aws.String(s.alarmARN("nope"))})
	wantErr(t, err, "ResourceNotFoundException", "")
	_, err = api.TagResource(bg, &cloudwatch.TagResourceInput{ResourceARN: aws.String("arn:aws:sns:us-east-1:000000000000:t"), Tags: in.Tags})
	wantErr(t, err, "InvalidParameterValue", "")
	many := make([]cwtypes.Tag, 50)
	for i := range many {
		many[i] = cwtypes.Tag{Key: aws.String(fmt.Sprintf("k%d", i)), Value: aws.String("v")}
	}
	_, err = api.TagResource(bg, &cloudwatch.TagResourceInput{ResourceARN: aws.String(arn), Tags: many})
	wantErr(t, err, "LimitExceededException", "")
	must(api.DeleteAlarms(bg, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"tagged"}}))
	_, err = api.ListTagsForResource(bg, &cloudwatch.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
	wantErr(t, err, "ResourceNotFoundException", "")
}

func TestListAndDeleteDashboards(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := cloudWatchAPI{s}
	for i := range 1002 {
		must(api.PutDashboard(bg, &cloudwatch.PutDashboardInput{DashboardName: aws.String(fmt.Sprintf("tier-%04d", i)), DashboardBody: aws.String(`{"widgets":[]}`)}))
	}
	must(api.PutDashboard(bg, &cloudwatch.PutDashboardInput{DashboardName: aws.String("web"), DashboardBody: aws.String(`{"widgets":[{}]}`)}))
	first := must(api.ListDashboards(bg, &cloudwatch.ListDashboardsInput{DashboardNamePrefix: aws.String("tier-")}))
	rest := must(api.ListDashboards(bg, &cloudwatch.ListDashboardsInput{DashboardNamePrefix: aws.String("tier-"), NextToken: first.NextToken}))
	if len(first.DashboardEntries) != 1000 || first.NextToken == nil || len(rest.DashboardEntries) != 2 || rest.NextToken != nil {
		t.Fatalf("pages of %d and %d", len(first.DashboardEntries), len(rest.DashboardEntries))
	}
	web := must(api.ListDashboards(bg, &cloudwatch.ListDashboardsInput{DashboardNamePrefix: aws.String("we")})).DashboardEntries
	if len(web) != 1 || *web[0].Size != int64(len(`{"widgets":[{}]}`)) || !web[0].LastModified.Equal(s.Now()) || !strings.HasSuffix(*web[0].DashboardArn, ":dashboard/web") {
		t.Fatalf("web dashboard entry %+v", web)
	}
	_, err := api.DeleteDashboards(bg, &cloudwatch.DeleteDashboardsInput{DashboardNames: []string{"web", "nope"}})
	wantErr(t, err, "ResourceNotFound", "[nope]")
	if _, ok := s.dashboards["web"]; ok {
		t.Fatal("the dashboard that exists was not deleted beside the one that does not")
	}
	must(api.DeleteDashboards(bg, &cloudwatch.DeleteDashboardsInput{DashboardNames: []string{"tier-0000", "tier-0001"}}))
	_, err = api.GetDashboard(bg, &cloudwatch.GetDashboardInput{DashboardName: aws.String("tier-0000")})
	wantErr(t, err, "ResourceNotFound", "")
	_, err = api.PutDashboard(bg, &cloudwatch.PutDashboardInput{DashboardName: aws.String("web tier"), DashboardBody: aws.String(`{"widgets":[]}`)})
	wantErr(t, err, "InvalidParameterValue", "alphanumerics")
}
