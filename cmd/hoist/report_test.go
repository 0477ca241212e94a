package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model/insight"
)

// hoist report, report incident and recommend against a simulator that
// has run a flash sale: each prints its document and exits 0, and the
// JSON parses into the documented shapes.
func TestCLIReports(t *testing.T) {
	s, url := newSim(t, sim.Options{Seed: 1, Scenario: "flash-sale"})
	s.Advance(90 * time.Minute)
	_, env := isolatedEnv(t)

	r := runBinary(t, env, "", "report", "incident", "--since", "1h", "--endpoint-url", url)
	mustSucceed(t, r, "hoist report incident")
	for _, want := range []string{"# Incident record", "SIMULATOR 000000000000 us-east-1", "## Timeline", "scale-out", "## Outcome unknown"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the incident record has no %q:\n%s", want, r.stdout)
		}
	}
	if err := printableScreen(r.stdout); err != nil {
		t.Errorf("the incident record: %v", err)
	}

	r = runBinary(t, env, "", "report", "--since", "1h", "--format", "json", "--endpoint-url", url)
	mustSucceed(t, r, "hoist report --format json")
	var fleet insight.FleetReport
	if err := json.Unmarshal([]byte(r.stdout), &fleet); err != nil {
		t.Fatalf("report JSON: %v\n%s", err, r.stdout)
	}
	if len(fleet.Groups) != 9 || fleet.Total.Cost <= 0 || fleet.Total.ScaleOuts == 0 || !fleet.Source.Simulator {
		t.Errorf("report: %d groups, cost %v, %d scale-outs", len(fleet.Groups), fleet.Total.Cost, fleet.Total.ScaleOuts)
	}

	r = runBinary(t, env, "", "recommend", "--since", "1h", "--json", "--endpoint-url", url)
	mustSucceed(t, r, "hoist recommend --json")
	var recs struct {
		Recommendations []insight.Recommendation `json:"recommendations"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &recs); err != nil || recs.Recommendations == nil {
		t.Fatalf("recommend JSON: %v\n%s", err, r.stdout)
	}

	dir := t.TempDir() + "/recommended"
	r = runBinary(t, env, "", "recommend", "--since", "1h", "--plan", dir, "--endpoint-url", url)
	if r.code != 0 || !strings.Contains(r.stderr, "files to "+dir) {
		t.Fatalf("recommend --plan: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "# Recommendations from ") {
		t.Errorf("recommend:\n%s", r.stdout)
	}
}

func TestCLIReportRefusesBadInput(t *testing.T) {
	_, env := isolatedEnv(t)
	for _, args := range [][]string{
		{"report", "--since", "0d"},
		{"report", "--since", "soon"},
		{"report", "--format", "yaml"},
		{"report", "incident", "--format", "pdf"},
		{"recommend", "--since", "500d"},
		{"recommend", "--what-if", "web 50%"},
		{"recommend", "--what-if", "web +50%", "--for", "2h"},
		{"recommend", "--surge", "3x"},
		{"recommend", "--surge", "3", "--for", "2h"},
		{"recommend", "--surge", "3x", "--for", "2h", "--at", "tonight"},
		{"recommend", "--for", "2h"},
		{"recommend", "--what-if", "+5%", "--surge", "2x", "--for", "1h"},
	} {
		r := runBinary(t, env, "", args...)
		if r.code != exitInvalid || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || r.stdout != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q", args, r.code, r.stderr, r.stdout)
		}
	}
}

// The cleanup findings read what the snapshot does not hold: the targets
// of a target group no group attaches, whether an alarm's metric has had
// a datapoint in two weeks, and the launch template versions beyond the
// default and latest. Each is found on the simulator, and nothing the
// fleet uses is.
func TestCLIReportCleanupFindings(t *testing.T) {
	_, url := newSim(t, sim.Options{Seed: 1})
	_, env := isolatedEnv(t)
	ctx := context.Background()
	cfg := simConfig(t, url)
	lb, cw := elb.NewFromConfig(cfg), cloudwatch.NewFromConfig(cfg)
	tgs, err := lb.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lb.CreateTargetGroup(ctx, &elb.CreateTargetGroupInput{Name: sdk.String("orphan-tg"), Protocol: elbtypes.ProtocolEnumHttp,
		Port: sdk.Int32(80), VpcId: tgs.TargetGroups[0].VpcId}); err != nil {
		t.Fatal(err)
	}
	if _, err := cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{AlarmName: sdk.String("old-queue-deep"), Namespace: sdk.String("SoleMate/Legacy"),
		MetricName: sdk.String("QueueDepth"), Dimensions: []cwtypes.Dimension{{Name: sdk.String("Queue"), Value: sdk.String("legacy")}},
		Statistic: cwtypes.StatisticAverage, Period: sdk.Int32(60), EvaluationPeriods: sdk.Int32(1), Threshold: sdk.Float64(100),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold}); err != nil {
		t.Fatal(err)
	}
	r := runBinary(t, env, "", "report", "--since", "24h", "--format", "json", "--endpoint-url", url)
	mustSucceed(t, r, "hoist report --format json")
	var fleet insight.FleetReport
	if err := json.Unmarshal([]byte(r.stdout), &fleet); err != nil {
		t.Fatalf("report JSON: %v\n%s", err, r.stdout)
	}
	got := map[string]int{}
	for _, f := range fleet.Cleanup {
		got[f.Kind]++
		switch f.Kind {
		case insight.FindEmptyTargetGroup:
			if f.Resource != "orphan-tg" {
				t.Errorf("a target group the fleet uses reported empty: %+v", f)
			}
		case insight.FindAlarmNoMetric:
			if f.Resource != "old-queue-deep" {
				t.Errorf("an alarm whose metric reports was reported: %+v", f)
			}
		case insight.FindUnusedLTVersion:
			if !strings.HasSuffix(f.Resource, "-lt versions 1-6") { // the fleet's groups launch version 7, default and latest
				t.Errorf("launch template finding %+v", f)
			}
		}
	}
	if got[insight.FindEmptyTargetGroup] != 1 || got[insight.FindAlarmNoMetric] != 1 || got[insight.FindUnusedLTVersion] != 9 {
		t.Errorf("findings by kind %v, want the orphan target group, the orphan alarm and each of the 9 templates' old versions", got)
	}
}

// simConfig is an SDK configuration for the simulator at url.
func simConfig(t testing.TB, url string) sdk.Config {
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("sim", "sim", "")))
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseEndpoint = sdk.String(url)
	return cfg
}

// Capacity planning from the command line: a lasting growth of one tier,
// and a surge of every group, each group judged at its busiest hour; a
// max too low for it comes with the raise, written for hoist plan.
func TestCLIRecommendCapacityQuestions(t *testing.T) {
	s, url := newSim(t, sim.Options{Seed: 1})
	s.Advance(2 * time.Hour)
	_, env := isolatedEnv(t)
	type answer struct {
		Scenario string                 `json:"scenario"`
		Plans    []insight.CapacityPlan `json:"capacity_plans"`
	}
	ask := func(args ...string) answer {
		t.Helper()
		r := runBinary(t, env, "", append(append([]string{"recommend", "--since", "1d", "--json"}, args...), "--endpoint-url", url)...)
		if r.code != 0 || r.stderr != "" && !strings.HasPrefix(r.stderr, "hoist: wrote ") {
			t.Fatalf("hoist recommend %v: exit %d\n%s", args, r.code, r.stderr)
		}
		var a answer
		if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, r.stdout)
		}
		return a
	}
	a := ask("--what-if", "web +50%")
	if len(a.Plans) != 1 || a.Plans[0].Tier != "web" || a.Scenario != "load +50%" || a.Plans[0].Needed < a.Plans[0].Now {
		t.Fatalf("web +50%%: %+v", a)
	}
	dir := t.TempDir() + "/surge"
	a = ask("--surge", "3x", "--for", "2h", "--plan", dir)
	raised := 0
	for _, p := range a.Plans {
		if p.Needed < 2*p.Now || p.MaxAllows != (p.Needed <= p.Max) || p.PerAZ*p.AZs < p.Needed || p.Cost <= 0 {
			t.Errorf("a 3x surge: %+v", p)
		}
		if !p.MaxAllows {
			raised++
			if len(p.Changes) != 1 || p.Changes[0].Fields[0].Field != "max" {
				t.Errorf("%s needs more than its max and no raise: %+v", p.Group, p.Changes)
			}
		}
	}
	if len(a.Plans) != 9 || raised == 0 {
		t.Fatalf("a 3x surge of the 9 groups raised %d maxima: %+v", raised, a.Plans)
	}
	files, err := readConfigFiles([]string{dir})
	if err != nil || len(files) != raised {
		t.Fatalf("%d files for %d raises: %v", len(files), raised, err)
	}
	r := runBinary(t, env, "", "plan", "-f", dir, "--detailed-exitcode", "--endpoint-url", url)
	if r.code != exitChanges || strings.Count(r.stdout, "max ") != raised {
		t.Errorf("plan of the raises: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
