package wire

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
)

// TestAWSCLI drives the server with the aws CLI (botocore), the other
// client the simulator must satisfy: it speaks JSON 1.0 to CloudWatch and
// parses every response with its own, stricter, code.
func TestAWSCLI(t *testing.T) {
	cli, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("aws CLI not on PATH: skipping the CLI wire tests")
	}
	f, url := serve(t, Hooks{})
	env := []string{"AWS_ACCESS_KEY_ID=AKIDCLI", "AWS_SECRET_ACCESS_KEY=secret", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER="}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	run := func(t *testing.T, args ...string) (map[string]any, string, error) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, cli, append([]string{"--endpoint-url", url, "--output", "json"}, args...)...)
		cmd.Env = env
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		var doc map[string]any
		if err == nil && len(strings.TrimSpace(string(out))) > 0 {
			if jerr := json.Unmarshal(out, &doc); jerr != nil {
				t.Fatalf("aws printed non-JSON %q: %v", out, jerr)
			}
		}
		return doc, stderr.String(), err
	}

	for _, tc := range cliCases(f) {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc, stderr, err := run(t, tc.args...)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(stderr, tc.wantErr) {
					t.Fatalf("want failure with %q, got err %v, stderr %q", tc.wantErr, err, stderr)
				}
				return
			}
			if err != nil {
				t.Fatalf("aws %s: %v\n%s", strings.Join(tc.args, " "), err, stderr)
			}
			for path, want := range tc.want {
				if got := at(doc, path); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s = %v, want %v", path, got, want)
				}
			}
			if tc.check != nil {
				tc.check(t)
			}
		})
	}
}

type cliCase struct {
	name    string
	args    []string
	want    map[string]any // path -> value printed
	wantErr string
	check   func(t *testing.T)
}

// cliCases: the CLI v1 prints timestamps as they came on the wire (ISO 8601
// in XML, epoch seconds in JSON 1.0), as it does against AWS.
func cliCases(f *fakes) []cliCase {
	return []cliCase{
		{name: "describe-auto-scaling-groups", args: []string{"autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "web-1"},
			want: map[string]any{
				"AutoScalingGroups.#":                                    2, // both pages
				"AutoScalingGroups.0.Instances.#":                        3,
				"AutoScalingGroups.0.Instances.0.LifecycleState":         "InService",
				"AutoScalingGroups.0.Instances.0.ProtectedFromScaleIn":   true,
				"AutoScalingGroups.0.Tags.0.Value":                       "prod & <live>",
				"AutoScalingGroups.0.SuspendedProcesses.0.ProcessName":   "AZRebalance",
				"AutoScalingGroups.0.CreatedTime":                        "2025-03-14T15:09:26.535Z",
				"AutoScalingGroups.0.DesiredCapacity":                    3,
				"AutoScalingGroups.1.AutoScalingGroupName":               "web-2",
				"AutoScalingGroups.0.EnabledMetrics.0.Granularity":       "1Minute",
				"AutoScalingGroups.0.Instances.1.LaunchTemplate.Version": "$Latest",
			}},
		{name: "set-desired-capacity", args: []string{"autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "web-9", "--desired-capacity", "4", "--honor-cooldown"},
			check: func(t *testing.T) {
				in := lastInput[*autoscaling.SetDesiredCapacityInput](t, &f.asg.inputs, "SetDesiredCapacity")
				if aws.ToString(in.AutoScalingGroupName) != "web-9" || aws.ToInt32(in.DesiredCapacity) != 4 || !aws.ToBool(in.HonorCooldown) {
					t.Errorf("input %+v", in)
				}
			}},
		{name: "error", args: []string{"elbv2", "describe-target-health", "--target-group-arn", "missing"},
			wantErr: "An error occurred (TargetGroupNotFound) when calling the DescribeTargetHealth operation: Target groups 'missing' not found"},
		{name: "describe-target-health", args: []string{"elbv2", "describe-target-health", "--target-group-arn", "arn:tg", "--targets", "Id=i-0001,Port=8080"},
			want: map[string]any{
				"TargetHealthDescriptions.#":                          2,
				"TargetHealthDescriptions.0.Target.Port":              8080,
				"TargetHealthDescriptions.0.TargetHealth.State":       "healthy",
				"TargetHealthDescriptions.1.TargetHealth.Reason":      "Target.ResponseCodeMismatch",
				"TargetHealthDescriptions.1.TargetHealth.Description": "Health checks failed with these codes: [502]",
			}},
		{name: "get-metric-data", args: []string{"cloudwatch", "get-metric-data", "--start-time", "2025-03-14T14:00:00Z", "--end-time", "2025-03-14T15:00:00Z",
			"--metric-data-queries", `[{"Id":"m0","MetricStat":{"Metric":{"Namespace":"AWS/EC2","MetricName":"CPUUtilization","Dimensions":[{"Name":"AutoScalingGroupName","Value":"web-1"}]},"Period":60,"Stat":"Average"},"ReturnData":true}]`},
			want: map[string]any{
				"MetricDataResults.#":              2, // both pages
				"MetricDataResults.0.Id":           "m0",
				"MetricDataResults.0.StatusCode":   "PartialData",
				"MetricDataResults.0.Timestamps.0": 1741964966.535, // JSON 1.0: epoch seconds
				"MetricDataResults.0.Values.1":     1.501,
				"MetricDataResults.1.Id":           "last",
			},
			check: func(t *testing.T) {
				in := lastInput[*cloudwatch.GetMetricDataInput](t, &f.cw.inputs, "GetMetricData")
				q := in.MetricDataQueries[0]
				if aws.ToString(q.MetricStat.Metric.Dimensions[0].Value) != "web-1" || !in.StartTime.Equal(time.Date(2025, 3, 14, 14, 0, 0, 0, time.UTC)) {
					t.Errorf("input %+v", q.MetricStat.Metric)
				}
			}},
		{name: "describe-alarms", args: []string{"cloudwatch", "describe-alarms", "--alarm-names", "a", "b"},
			want: map[string]any{
				"MetricAlarms.0.Threshold":             50.5,
				"MetricAlarms.0.StateValue":            "ALARM",
				"MetricAlarms.0.Dimensions.0.Value":    "web-1",
				"MetricAlarms.0.StateUpdatedTimestamp": 1741964966.535,
				"CompositeAlarms.0.AlarmRule":          "ALARM(a) OR ALARM(b)",
			}},
		{name: "describe-instances", args: []string{"ec2", "describe-instances", "--instance-ids", "i-0001"},
			want: map[string]any{
				"Reservations.0.ReservationId":                                  "r-1",
				"Reservations.0.Instances.0.State.Name":                         "running",
				"Reservations.0.Instances.0.State.Code":                         16,
				"Reservations.0.Instances.0.LaunchTime":                         "2025-03-14T15:09:26.535Z",
				"Reservations.0.Instances.0.Tags.0.Value":                       "web-1",
				"Reservations.0.Instances.0.BlockDeviceMappings.0.Ebs.VolumeId": "vol-1",
				"Reservations.0.Groups.0.GroupId":                               "sg-1",
			}},
		{name: "acm-list-certificates", args: []string{"acm", "list-certificates", "--certificate-statuses", "ISSUED", "EXPIRED", "--includes", "keyTypes=RSA_2048,EC_prime256v1"},
			want: map[string]any{
				"CertificateSummaryList.#":              2, // both pages
				"CertificateSummaryList.0.DomainName":   "www.solemate.example",
				"CertificateSummaryList.0.NotAfter":     1742224166.535, // JSON 1.1: epoch seconds
				"CertificateSummaryList.0.KeyAlgorithm": "RSA_2048",
				"CertificateSummaryList.0.InUse":        true,
				"CertificateSummaryList.1.DomainName":   "b.example",
			},
			check: func(t *testing.T) {
				in := lastInput[*acm.ListCertificatesInput](t, &f.acm.inputs, "ListCertificates")
				if len(in.CertificateStatuses) != 2 || in.Includes == nil || len(in.Includes.KeyTypes) != 2 || in.Includes.KeyTypes[1] != "EC_prime256v1" {
					t.Errorf("input %+v", in)
				}
			}},
		{name: "acm-describe-certificate", args: []string{"acm", "describe-certificate", "--certificate-arn", certARN},
			want: map[string]any{
				"Certificate.Status":                                        "ISSUED",
				"Certificate.InUseBy.0":                                     "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/abc",
				"Certificate.SubjectAlternativeNames.#":                     2,
				"Certificate.DomainValidationOptions.0.ResourceRecord.Type": "CNAME",
				"Certificate.RenewalSummary.RenewalStatus":                  "PENDING_AUTO_RENEWAL",
			}},
		{name: "acm-error", args: []string{"acm", "describe-certificate", "--certificate-arn", certARN + "x"},
			wantErr: "An error occurred (ResourceNotFoundException) when calling the DescribeCertificate operation: Could not find certificate " + certARN + "x."},
		{name: "get-caller-identity", args: []string{"sts", "get-caller-identity"},
			want: map[string]any{
				"Account": "000000000000",
				"Arn":     "arn:aws:sts::000000000000:assumed-role/hoist-simulator/oncall",
				"UserId":  "AROAHOISTSIMULATOR:AKIDCLI",
			}},
	}
}

// at follows a dotted path through decoded JSON; "#" is a list's length.
func at(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			if p == "#" {
				return len(x)
			}
			var i int
			if _, err := fmt.Sscan(p, &i); err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}
