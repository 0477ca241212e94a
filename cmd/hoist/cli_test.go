package main

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"

	"github.com/solemate/hoist/aws/awstest"
	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// The command line end to end against moto_server (issue 2): each test
// seeds groups of its own through the SDK, runs the built binary with
// --endpoint-url, and reads back through the aws CLI (or the SDK when the
// CLI is not installed) what a change did. moto is never reset here, so
// these tests run in parallel: each names its groups after itself and
// narrows `status` to its own tier.

// motoBase is what every seeded group needs and moto has from the start.
var motoBase struct {
	once sync.Once
	ami  string
	err  error
}

func motoConfig(t *testing.T) sdk.Config {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseEndpoint = sdk.String(moto.URL)
	return cfg
}

// tierOf is a tier name unique to the test, short enough for a tag.
func tierOf(t *testing.T) string {
	h := fnv.New32a()
	h.Write([]byte(t.Name()))
	return fmt.Sprintf("t%08x", h.Sum32())
}

type groupSeed struct {
	suffix             string
	min, desired, max_ int32
}

// seedGroups creates groups named TIER-SUFFIX in moto, tagged with a tier
// of the test's own, from a launch template of the test's own. It returns
// the tier and the group names.
func seedGroups(t *testing.T, seeds ...groupSeed) (string, []string) {
	t.Helper()
	ctx := context.Background()
	cfg := motoConfig(t)
	ec2c := ec2.NewFromConfig(cfg)
	asg := autoscaling.NewFromConfig(cfg)
	motoBase.once.Do(func() {
		imgs, err := ec2c.DescribeImages(ctx, &ec2.DescribeImagesInput{})
		if err != nil || len(imgs.Images) == 0 {
			motoBase.err = fmt.Errorf("DescribeImages: %v", err)
			return
		}
		motoBase.ami = sdk.ToString(imgs.Images[0].ImageId)
	})
	if motoBase.err != nil {
		t.Fatal(motoBase.err)
	}
	tier := tierOf(t)
	lt, err := ec2c.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{
		LaunchTemplateName: sdk.String(tier + "-lt"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: sdk.String(motoBase.ami), InstanceType: ec2types.InstanceTypeT3Micro},
	})
	if err != nil {
		t.Fatalf("CreateLaunchTemplate: %v", err)
	}
	var names []string
	for _, s := range seeds {
		name := tier + "-" + s.suffix
		if _, err := asg.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
			AutoScalingGroupName: sdk.String(name),
			MinSize:              sdk.Int32(s.min), MaxSize: sdk.Int32(s.max_), DesiredCapacity: sdk.Int32(s.desired),
			AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			LaunchTemplate:    &astypes.LaunchTemplateSpecification{LaunchTemplateId: lt.LaunchTemplate.LaunchTemplateId, Version: sdk.String("$Latest")},
			Tags: []astypes.Tag{
				{Key: sdk.String("Tier"), Value: sdk.String(tier), PropagateAtLaunch: sdk.Bool(true)},
				{Key: sdk.String("Service"), Value: sdk.String(s.suffix), PropagateAtLaunch: sdk.Bool(true)},
				{Key: sdk.String("Env"), Value: sdk.String("test"), PropagateAtLaunch: sdk.Bool(true)},
			},
		}); err != nil {
			t.Fatalf("CreateAutoScalingGroup %s: %v", name, err)
		}
		names = append(names, name)
	}
	return tier, names
}

// readBack is a group as the aws CLI (or, without it, the SDK) reads it
// from moto, independently of hoist.
type readBack struct {
	Min, Desired, Max int
	Suspended         []string
}

func readGroup(t *testing.T, name string) readBack {
	t.Helper()
	if _, err := exec.LookPath("aws"); err == nil {
		cmd := exec.Command("aws", "--endpoint-url", moto.URL, "--region", "us-east-1", "--output", "json",
			"autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", name)
		out, err := cmd.Output()
		if err != nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			t.Fatalf("aws autoscaling describe-auto-scaling-groups: %v\n%s", err, stderr)
		}
		var doc struct {
			AutoScalingGroups []struct {
				MinSize, DesiredCapacity, MaxSize int
				SuspendedProcesses                []struct{ ProcessName string }
			}
		}
		if err := json.Unmarshal(out, &doc); err != nil || len(doc.AutoScalingGroups) != 1 {
			t.Fatalf("aws CLI answer for %s: %v\n%s", name, err, out)
		}
		g := doc.AutoScalingGroups[0]
		rb := readBack{Min: g.MinSize, Desired: g.DesiredCapacity, Max: g.MaxSize}
		for _, p := range g.SuspendedProcesses {
			rb.Suspended = append(rb.Suspended, p.ProcessName)
		}
		slices.Sort(rb.Suspended)
		return rb
	}
	t.Log("aws CLI not on PATH: reading back through the SDK")
	out, err := autoscaling.NewFromConfig(motoConfig(t)).DescribeAutoScalingGroups(context.Background(),
		&autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}})
	if err != nil || len(out.AutoScalingGroups) != 1 {
		t.Fatalf("DescribeAutoScalingGroups %s: %v", name, err)
	}
	g := out.AutoScalingGroups[0]
	rb := readBack{Min: int(sdk.ToInt32(g.MinSize)), Desired: int(sdk.ToInt32(g.DesiredCapacity)), Max: int(sdk.ToInt32(g.MaxSize))}
	for _, p := range g.SuspendedProcesses {
		rb.Suspended = append(rb.Suspended, sdk.ToString(p.ProcessName))
	}
	slices.Sort(rb.Suspended)
	return rb
}

// onMoto runs the binary against moto with the test's own directories.
func onMoto(t *testing.T, env []string, args ...string) result {
	t.Helper()
	return runBinary(t, env, "", append(args, "--endpoint-url", moto.URL)...)
}

func mustSucceed(t *testing.T, r result, what string) {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", what, r.code, r.stdout, r.stderr)
	}
	if r.stderr != "" {
		t.Errorf("%s: exit 0 but stderr %q", what, r.stderr)
	}
}

func TestCLIStatus(t *testing.T) {
	t.Parallel()
	tier, names := seedGroups(t,
		groupSeed{"api", 1, 2, 6},
		groupSeed{"batch", 0, 0, 4},
		groupSeed{"edge", 1, 1, 3},
	)
	_, env := isolatedEnv(t)

	t.Run("table", func(t *testing.T) {
		r := onMoto(t, env, "status")
		mustSucceed(t, r, "hoist status")
		lines := strings.Split(r.stdout, "\n")
		if !strings.HasPrefix(lines[0], "account 123456789012  region us-east-1  live") {
			t.Errorf("first line %q: want account, region and freshness", lines[0])
		}
		if strings.Contains(r.stdout, "SIMULATOR") {
			t.Error("moto is not the simulator, but status says SIMULATOR")
		}
		for _, want := range []string{names[0] + " ", tier, "NAME", "MIN  DES  MAX"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("status table lacks %q:\n%s", want, r.stdout)
			}
		}
		// The api group's row: min 1, desired 2, max 6.
		row := regexp.MustCompile(regexp.QuoteMeta(names[0]) + `\s+` + tier + `\s+1\s+2\s+6\s`)
		if !row.MatchString(r.stdout) {
			t.Errorf("no row %q with 1 2 6:\n%s", names[0], r.stdout)
		}
	})

	t.Run("json", func(t *testing.T) {
		r := onMoto(t, env, "status", "--json", "--tier", tier)
		mustSucceed(t, r, "hoist status --json --tier")
		var doc statusDoc
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatalf("status --json is not JSON: %v\n%s", err, r.stdout)
		}
		if doc.Region != "us-east-1" || doc.Account == "" || doc.Simulator || doc.Taken.IsZero() {
			t.Errorf("document head: %+v", doc)
		}
		var got []string
		for _, g := range doc.Groups {
			got = append(got, g.Name)
			if g.Tier != tier {
				t.Errorf("--tier %s let %s of tier %q through", tier, g.Name, g.Tier)
			}
			if g.Name == names[0] && (g.Min != 1 || g.Desired != 2 || g.Max != 6 || g.Service != "api" || g.Env != "test") {
				t.Errorf("%s: %+v, want 1/2/6 service api env test", g.Name, g)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, names) {
			t.Errorf("--tier %s: groups %v, want %v", tier, got, names)
		}
	})

	t.Run("group", func(t *testing.T) {
		r := onMoto(t, env, "status", "--json", "--group", names[1])
		mustSucceed(t, r, "hoist status --json --group")
		var doc statusDoc
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Groups) != 1 || doc.Groups[0].Name != names[1] || doc.Groups[0].Max != 4 {
			t.Errorf("--group %s: %+v", names[1], doc.Groups)
		}
		r = onMoto(t, env, "status", "--group", names[2])
		mustSucceed(t, r, "hoist status --group")
		if !strings.Contains(r.stdout, names[2]) || strings.Contains(r.stdout, names[0]) {
			t.Errorf("--group %s table:\n%s", names[2], r.stdout)
		}
	})

	t.Run("tier with no group", func(t *testing.T) {
		r := onMoto(t, env, "status", "--json", "--tier", "no-such-tier")
		mustSucceed(t, r, "hoist status --tier no-such-tier")
		var doc statusDoc
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Groups == nil || len(doc.Groups) != 0 {
			t.Errorf("an empty tier is an empty list, not null or an error: %v %s", err, r.stdout)
		}
	})
}

// A scale changes what the aws CLI reads back and journals an intent and
// its outcome; the same scale again is a no-op that journals nothing.
func TestCLIScale(t *testing.T) {
	t.Parallel()
	_, names := seedGroups(t, groupSeed{"web", 0, 1, 5})
	g := names[0]
	state, env := isolatedEnv(t)

	r := onMoto(t, env, "scale", g, "--desired", "3", "--yes", "--reason", "load test 42")
	mustSucceed(t, r, "hoist scale --desired 3 --yes")
	if want := g + ": desired 1 → 3"; !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "done") {
		t.Errorf("stdout %q: want %q and done", r.stdout, want)
	}
	if rb := readGroup(t, g); rb.Desired != 3 || rb.Min != 0 || rb.Max != 5 {
		t.Errorf("aws CLI reads %+v, want 0/3/5", rb)
	}
	j := readJournal(t, state)
	if len(j) != 2 {
		t.Fatalf("journal has %d records, want intent and outcome: %+v", len(j), j)
	}
	in, out := j[0], j[1]
	if in.Phase != "intent" || out.Phase != "outcome" || in.ID == "" || in.ID != out.ID {
		t.Errorf("records: %+v / %+v: want an intent then its outcome, one id", in, out)
	}
	if in.Kind != model.KindSetDesired || in.Target != g || in.Before != "desired 1" || in.After != "desired 3" || in.Reason != "load test 42" {
		t.Errorf("intent %+v", in)
	}
	if in.Caller == "" || in.Account == "" || in.Region != "us-east-1" {
		t.Errorf("intent lacks who and where: %+v", in)
	}
	if out.Result != "ok" || out.Error != "" {
		t.Errorf("outcome %+v", out)
	}

	// The journal as the operator reads it.
	r = runBinary(t, env, "", "journal")
	mustSucceed(t, r, "hoist journal")
	// moto's account, and where the action went on each line: one
	// machine's journal spans accounts, regions and simulator drills.
	if !strings.Contains(r.stdout, g) || !strings.Contains(r.stdout, "desired 1 → 3") || !strings.Contains(r.stdout, "load test 42") ||
		!strings.Contains(r.stdout, "123456789012 us-east-1") {
		t.Errorf("hoist journal:\n%s", r.stdout)
	}
	r = runBinary(t, env, "", "journal", "--json")
	mustSucceed(t, r, "hoist journal --json")
	var jl journalJSON
	if err := json.Unmarshal([]byte(r.stdout), &jl); err != nil || jl.Status != "ok" || jl.Target != g || jl.Finished == nil {
		t.Errorf("journal --json: %v %s", err, r.stdout)
	}

	// Setting what is already there sends nothing and journals nothing.
	r = onMoto(t, env, "scale", g, "--desired", "3", "--yes")
	mustSucceed(t, r, "a no-op scale")
	if !strings.Contains(r.stdout, "already desired 3; nothing to do") {
		t.Errorf("no-op stdout %q", r.stdout)
	}
	if n := len(readJournal(t, state)); n != 2 {
		t.Errorf("a no-op scale journaled something: %d records", n)
	}
}

func TestCLIScaleLimits(t *testing.T) {
	t.Parallel()
	_, names := seedGroups(t, groupSeed{"app", 0, 1, 3})
	g := names[0]
	state, env := isolatedEnv(t)

	// Desired above the old max, allowed because max rises in the same call.
	r := onMoto(t, env, "scale", g, "--min", "2", "--max", "8", "--desired", "6", "--yes")
	mustSucceed(t, r, "hoist scale --min --max --desired")
	if rb := readGroup(t, g); rb.Min != 2 || rb.Desired != 6 || rb.Max != 8 {
		t.Errorf("aws CLI reads %+v, want 2/6/8", rb)
	}
	// Only max: desired and min stay.
	r = onMoto(t, env, "scale", g, "--max", "10", "--yes")
	mustSucceed(t, r, "hoist scale --max")
	if rb := readGroup(t, g); rb.Min != 2 || rb.Desired != 6 || rb.Max != 10 {
		t.Errorf("aws CLI reads %+v, want 2/6/10", rb)
	}
	j := readJournal(t, state)
	if len(j) != 4 {
		t.Fatalf("journal: %d records, want 4", len(j))
	}
	for _, e := range j {
		if e.Kind != model.KindSetLimits {
			t.Errorf("record kind %q, want %q", e.Kind, model.KindSetLimits)
		}
	}
	if j[3].Result != "ok" {
		t.Errorf("last outcome %+v", j[3])
	}
}

func TestCLISuspendResume(t *testing.T) {
	t.Parallel()
	// A name as long as real ones get (eks node groups, CDK stacks): the
	// status table must not cut the FLAGS column off when piped.
	_, names := seedGroups(t, groupSeed{"jobs-eks-nodegroup-spot-workers-20261127", 0, 0, 2})
	g := names[0]
	state, env := isolatedEnv(t)

	r := onMoto(t, env, "suspend", g, "freeze", "--yes")
	mustSucceed(t, r, "hoist suspend freeze")
	if rb := readGroup(t, g); !slices.Equal(rb.Suspended, []string{"AlarmNotification", "ScheduledActions"}) {
		t.Errorf("after freeze, suspended %v", rb.Suspended)
	}
	r = onMoto(t, env, "suspend", g, "AZRebalance", "--yes", "--reason", "AZ drill")
	mustSucceed(t, r, "hoist suspend AZRebalance")
	if rb := readGroup(t, g); !slices.Equal(rb.Suspended, []string{"AZRebalance", "AlarmNotification", "ScheduledActions"}) {
		t.Errorf("after AZRebalance, suspended %v", rb.Suspended)
	}
	r = onMoto(t, env, "resume", g, "AlarmNotification", "ScheduledActions", "--yes")
	mustSucceed(t, r, "hoist resume")
	if rb := readGroup(t, g); !slices.Equal(rb.Suspended, []string{"AZRebalance"}) {
		t.Errorf("after resume, suspended %v", rb.Suspended)
	}
	var kinds []model.Kind
	for _, e := range readJournal(t, state) {
		if e.Phase == "outcome" && e.Result != "ok" {
			t.Errorf("outcome %+v", e)
		}
		if e.Phase == "intent" {
			kinds = append(kinds, e.Kind)
		}
	}
	if want := []model.Kind{model.KindSuspend, model.KindSuspend, model.KindResume}; !slices.Equal(kinds, want) {
		t.Errorf("journaled intents %v, want %v", kinds, want)
	}
	// The status table marks it, piped to a file or grep as it is here.
	r = onMoto(t, env, "status", "--group", g)
	mustSucceed(t, r, "hoist status --group")
	if !strings.Contains(r.stdout, "SUSPENDED:AZRebalance") {
		t.Errorf("status does not show the suspended process:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "~\n") {
		t.Errorf("piped status cuts lines to a width no terminal asked for:\n%s", r.stdout)
	}
}

// --since keeps recent actions; an intent without an outcome reads as
// "outcome unknown" with a word to check AWS.
func TestCLIJournalSince(t *testing.T) {
	t.Parallel()
	state, env := isolatedEnv(t)
	dir := filepath.Join(state, "hoist")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	recs := []model.JournalEntry{
		{ID: "old", Time: now.Add(-72 * time.Hour), Phase: "intent", Kind: model.KindSetDesired, Target: "old-group", Before: "desired 2", After: "desired 3", Caller: "arn:aws:sts::1:assumed-role/ops/alice"},
		{ID: "old", Time: now.Add(-72 * time.Hour), Phase: "outcome", Kind: model.KindSetDesired, Target: "old-group", Result: "ok"},
		{ID: "new", Time: now.Add(-time.Hour), Phase: "intent", Kind: model.KindSetDesired, Target: "new-group", Before: "desired 5", After: "desired 9", Caller: "arn:aws:sts::1:assumed-role/ops/bob"},
	}
	var b strings.Builder
	for _, e := range recs {
		line, _ := json.Marshal(e)
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(dir, "journal.jsonl"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	r := runBinary(t, env, "", "journal")
	mustSucceed(t, r, "hoist journal")
	for _, want := range []string{"old-group", "new-group", "alice", "outcome unknown", "check them in AWS"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("journal lacks %q:\n%s", want, r.stdout)
		}
	}
	r = runBinary(t, env, "", "journal", "--since", "24h")
	mustSucceed(t, r, "hoist journal --since 24h")
	if strings.Contains(r.stdout, "old-group") || !strings.Contains(r.stdout, "new-group") {
		t.Errorf("--since 24h:\n%s", r.stdout)
	}
	r = runBinary(t, env, "", "journal", "--json", "--since", "24h")
	mustSucceed(t, r, "hoist journal --json --since 24h")
	var j journalJSON
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil || j.Target != "new-group" || j.Status != "outcome unknown" || !j.NeedsVerify {
		t.Errorf("journal --json --since 24h: %v %s", err, r.stdout)
	}
	r = runBinary(t, env, "", "journal", "--since", "30m")
	mustSucceed(t, r, "hoist journal --since 30m")
	if !strings.Contains(r.stdout, "The journal is empty.") {
		t.Errorf("--since 30m: %q", r.stdout)
	}
}

func TestCLICompletion(t *testing.T) {
	t.Parallel()
	for shell, marker := range map[string]string{
		"bash": "complete -o default -F __start_hoist hoist",
		"zsh":  "#compdef hoist",
		"fish": "complete -c hoist",
	} {
		r := runBinary(t, nil, "", "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, marker) || r.stderr != "" {
			t.Errorf("completion %s: exit %d, stderr %q, marker %q found: %v", shell, r.code, r.stderr, marker, strings.Contains(r.stdout, marker))
		}
	}
}

func TestCLIVersion(t *testing.T) {
	t.Parallel()
	r := runBinary(t, nil, "", "version")
	if r.code != 0 || r.stdout != "hoist dev\n" || r.stderr != "" {
		t.Errorf("hoist version: %+v", r)
	}
}

// Each failure is one line on stderr that says what to do, a non-zero exit
// that tells a script what kind of failure it was, and never a stack trace.
func TestCLIErrors(t *testing.T) {
	t.Parallel()
	tier, names := seedGroups(t, groupSeed{"svc", 0, 1, 4})
	g := names[0]
	_ = tier
	closed, err := awstest.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	throttled := simServe(t)
	simPost(t, throttled, "/_sim/faults", `{"throttle":{"autoscaling":1}}`)

	noCreds := func(t *testing.T) []string {
		_, env := isolatedEnv(t,
			"AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_SESSION_TOKEN=", "AWS_PROFILE=",
			"AWS_CONFIG_FILE="+filepath.Join(t.TempDir(), "none"),
			"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(t.TempDir(), "none"),
			"AWS_EC2_METADATA_DISABLED=true")
		return env
	}

	cases := []struct {
		name  string
		env   func(*testing.T) []string
		stdin string
		args  []string
		code  int
		say   string // a phrase the one line must hold
	}{
		{"no credentials", noCreds, "", []string{"status", "--endpoint-url", moto.URL}, exitFailure, "no AWS credentials found"},
		{"no credentials to scale", noCreds, "", []string{"scale", g, "--desired", "2", "--yes", "--endpoint-url", moto.URL}, exitFailure, "no AWS credentials found"},
		{"unknown group", nil, "", []string{"scale", "no-such-group", "--desired", "2", "--yes", "--endpoint-url", moto.URL}, exitInvalid, `unknown group "no-such-group" in us-east-1`},
		{"unknown group in status", nil, "", []string{"status", "--group", "no-such-group", "--endpoint-url", moto.URL}, exitInvalid, `unknown group "no-such-group" in us-east-1`},
		{"desired above max", nil, "", []string{"scale", g, "--desired", "9", "--yes", "--endpoint-url", moto.URL}, exitInvalid, "desired 9 is above max 4"},
		{"min above max", nil, "", []string{"scale", g, "--min", "5", "--yes", "--endpoint-url", moto.URL}, exitInvalid, "min 5 is above max 4"},
		{"throttled after retries", nil, "", []string{"status", "--endpoint-url", throttled}, exitFailure, "AWS throttled"},
		{"endpoint unreachable", nil, "", []string{"status", "--endpoint-url", "http://" + closed}, exitFailure, "endpoint unreachable (" + closed + ")"},
		{"endpoint not a URL", nil, "", []string{"status", "--endpoint-url", "localhost"}, exitFailure, `endpoint "localhost" is not a URL`},
		{"non-numeric desired", nil, "", []string{"scale", g, "--desired", "ten", "--yes", "--endpoint-url", moto.URL}, exitInvalid, `--desired must be a whole number, not "ten"`},
		{"unknown process", nil, "", []string{"suspend", g, "Reboot", "--yes", "--endpoint-url", moto.URL}, exitInvalid, `unknown process "Reboot"`},
		{"sim and endpoint", nil, "", []string{"status", "--sim", "--endpoint-url", moto.URL}, exitInvalid, "--sim and --endpoint-url"},
		{"scale without a value", nil, "", []string{"scale", g, "--yes", "--endpoint-url", moto.URL}, exitInvalid, "--desired N"},
		{"scale with no group", nil, "", []string{"scale", "--desired", "2"}, exitInvalid, "name one group"},
		{"suspend with no process", nil, "", []string{"suspend", g}, exitInvalid, "at least one process"},
		{"not a terminal", nil, "y\n", []string{"scale", g, "--desired", "2", "--endpoint-url", moto.URL}, exitInvalid, "pass --yes"},
		// Off a terminal the change is still validated first: a script
		// learns what is wrong with it, not only that --yes is missing.
		{"desired above max off a terminal", nil, "", []string{"scale", g, "--desired", "9", "--endpoint-url", moto.URL}, exitInvalid, "desired 9 is above max 4"},
		{"unknown flag", nil, "", []string{"status", "--colour"}, exitInvalid, "--colour"},
		{"unknown command", nil, "", []string{"stauts"}, exitInvalid, `unknown command "stauts" for "hoist": did you mean status?`},
		{"negative since", nil, "", []string{"journal", "--since", "-1h"}, exitInvalid, "--since"},
		{"group and tier", nil, "", []string{"status", "--group", g, "--tier", "web"}, exitInvalid, "choose one"},
		{"read-only scale", nil, "", []string{"scale", g, "--desired", "2", "--yes", "--read-only", "--endpoint-url", moto.URL}, exitInvalid, "read-only"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var env []string
			var state string
			if c.env != nil {
				env = c.env(t)
			} else {
				state, env = isolatedEnv(t)
			}
			start := time.Now()
			r := runBinary(t, env, c.stdin, c.args...)
			took := time.Since(start)
			if r.code != c.code {
				t.Errorf("exit %d, want %d; stderr %q", r.code, c.code, r.stderr)
			}
			if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "hoist: ") {
				t.Errorf("stderr is not one line starting \"hoist: \": %q", r.stderr)
			}
			if !strings.Contains(r.stderr, c.say) {
				t.Errorf("stderr %q does not say %q", r.stderr, c.say)
			}
			for _, bad := range []string{"goroutine ", "panic", ".go:", "\x1b", "SDK "} {
				if strings.Contains(r.stderr+r.stdout, bad) {
					t.Errorf("output holds %q:\nstdout %q\nstderr %q", bad, r.stdout, r.stderr)
				}
			}
			if r.stdout != "" {
				t.Errorf("a failure printed to stdout: %q", r.stdout)
			}
			if state != "" && readJournal(t, state) != nil {
				t.Errorf("a refused or failed command journaled: %+v", readJournal(t, state))
			}
			t.Logf("%s: %s (%.1fs)", c.name, strings.TrimSpace(r.stderr), took.Seconds())
		})
	}
	t.Cleanup(func() {
		// "After retries": the throttled call was tried more than once.
		if n := simStats(t, throttled).Injected["throttle"]; n < 3 {
			t.Errorf("the simulator throttled %d calls: hoist gave up without retrying", n)
		}
		// Nothing above changed the group.
		if rb := readGroup(t, g); rb.Min != 0 || rb.Desired != 1 || rb.Max != 4 || len(rb.Suspended) != 0 {
			t.Errorf("the refused commands changed %s: %+v", g, rb)
		}
	})
}

// ptyProc is the binary running on a pseudo-terminal: what it wrote, and
// its exit code once it ends.
type ptyProc struct {
	t    *testing.T
	cmd  *exec.Cmd
	tty  *os.File
	out  syncBuffer
	done chan struct{}
	code int
}

// startPty runs the binary with args on a pseudo-terminal of rows x cols.
func startPty(t *testing.T, env []string, rows, cols uint16, args ...string) *ptyProc {
	t.Helper()
	p := &ptyProc{t: t, cmd: exec.Command(hoistBin, args...), done: make(chan struct{})}
	p.cmd.Env = env
	tty, err := pty.StartWithSize(p.cmd, &pty.Winsize{Rows: rows, Cols: cols})
	if err != nil {
		t.Fatalf("starting hoist on a pty: %v", err)
	}
	p.follow(tty)
	return p
}

// follow records what the started process writes to the terminal tty
// (the pty's master side), its exit code when it ends, and kills it if
// the test ends first.
func (p *ptyProc) follow(tty *os.File) {
	t := p.t
	p.tty = tty
	copied := make(chan struct{})
	go func() { _, _ = io.Copy(&p.out, tty); close(copied) }()
	go func() {
		err := p.cmd.Wait()
		p.code = p.cmd.ProcessState.ExitCode()
		_ = err
		// Let the reader drain what the process wrote before it ended.
		select {
		case <-copied:
		case <-time.After(2 * time.Second):
		}
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
		tty.Close()
	})
}

// expect waits until the output holds s.
func (p *ptyProc) expect(s string, d time.Duration) {
	p.t.Helper()
	if !waitFor(d, func() bool { return strings.Contains(p.out.String(), s) }) {
		p.t.Fatalf("no %q on the terminal within %s; it shows:\n%q", s, d, p.out.String())
	}
}

func (p *ptyProc) send(s string) {
	p.t.Helper()
	if _, err := p.tty.Write([]byte(s)); err != nil {
		p.t.Fatalf("typing %q: %v", s, err)
	}
}

// exit waits for the process to end and returns its exit code.
func (p *ptyProc) exit(d time.Duration) int {
	p.t.Helper()
	select {
	case <-p.done:
		return p.code
	case <-time.After(d):
		p.t.Fatalf("hoist still running after %s; terminal:\n%q", d, p.out.String())
		return -1
	}
}

// On a terminal, scale asks; "n" sends nothing, "y" sends once, and a
// change made by someone else while the question was open is a conflict
// (exit 3) with nothing sent.
func TestCLIScaleConfirmOnTerminal(t *testing.T) {
	t.Parallel()
	s, url := newSim(t, sim.Options{Seed: 1})
	state, env := isolatedEnv(t)
	const g = "solemate-web-prod"
	desired := func() int {
		p := startPty(t, env, 24, 100, "status", "--json", "--group", g, "--endpoint-url", url)
		if code := p.exit(time.Minute); code != 0 {
			t.Fatalf("status: exit %d\n%s", code, p.out.String())
		}
		var doc statusDoc
		if err := json.Unmarshal([]byte(strings.ReplaceAll(p.out.String(), "\r\n", "\n")), &doc); err != nil || len(doc.Groups) != 1 {
			t.Fatalf("status --json on a terminal: %v\n%q", err, p.out.String())
		}
		return doc.Groups[0].Desired
	}
	sets := func() []sim.Mutation { return mutations(s.Stats(), "SetDesiredCapacity") }

	// "n": nothing is sent, nothing journaled.
	from := desired()
	p := startPty(t, env, 24, 100, "scale", g, "--desired", fmt.Sprint(from+1), "--endpoint-url", url)
	p.expect("Apply? [y/N]", 30*time.Second)
	if !strings.Contains(p.out.String(), fmt.Sprintf("%s: desired %d → %d", g, from, from+1)) {
		t.Errorf("the question does not show the change:\n%q", p.out.String())
	}
	p.send("n\r")
	if code := p.exit(30 * time.Second); code == 0 {
		t.Errorf("answering n exited 0:\n%q", p.out.String())
	}
	if !strings.Contains(p.out.String(), "nothing was sent") {
		t.Errorf("answering n does not say nothing was sent:\n%q", p.out.String())
	}
	if n := len(sets()); n != 0 {
		t.Fatalf("answering n sent %d SetDesiredCapacity", n)
	}
	if j := readJournal(t, state); j != nil {
		t.Fatalf("answering n journaled %+v", j)
	}

	// "y": sent exactly once, with the value asked for.
	from = desired()
	p = startPty(t, env, 24, 100, "scale", g, "--desired", fmt.Sprint(from+1), "--endpoint-url", url)
	p.expect("Apply? [y/N]", 30*time.Second)
	p.send("y\r")
	if code := p.exit(30 * time.Second); code != 0 {
		t.Fatalf("answering y: exit %d\n%q", code, p.out.String())
	}
	got := sets()
	if len(got) != 1 || got[0].Group != g || got[0].Values["desired"] != float64(from+1) && got[0].Values["desired"] != from+1 {
		t.Fatalf("answering y: SetDesiredCapacity calls %+v, want one to %d", got, from+1)
	}
	if j := readJournal(t, state); len(j) != 2 || j[1].Result != "ok" {
		t.Errorf("journal after y: %+v", j)
	}

	// Someone else scales while the question is open: exit 3, nothing sent.
	from = desired()
	p = startPty(t, env, 24, 100, "scale", g, "--desired", fmt.Sprint(from+2), "--endpoint-url", url)
	p.expect("Apply? [y/N]", 30*time.Second)
	cfg := motoConfig(t)
	cfg.BaseEndpoint = sdk.String(url)
	if _, err := autoscaling.NewFromConfig(cfg).SetDesiredCapacity(context.Background(), &autoscaling.SetDesiredCapacityInput{
		AutoScalingGroupName: sdk.String(g), DesiredCapacity: sdk.Int32(int32(from + 1)),
	}); err != nil {
		t.Fatalf("the other operator's SetDesiredCapacity: %v", err)
	}
	p.send("y\r")
	if code := p.exit(30 * time.Second); code != exitConflict {
		t.Errorf("a change under the question: exit %d, want %d\n%q", code, exitConflict, p.out.String())
	}
	if !strings.Contains(p.out.String(), "since you looked; nothing was sent") {
		t.Errorf("the conflict is not worded as one:\n%q", p.out.String())
	}
	if got := sets(); len(got) != 2 { // the one above and the other operator's
		t.Errorf("SetDesiredCapacity calls after the conflict: %+v", got)
	}
	if j := readJournal(t, state); len(j) != 2 {
		t.Errorf("a conflict was journaled: %+v", j)
	}
}

// `hoist status` against the hostile fleet prints plain text only (not
// one ESC, C1 control or bidi override), and its columns stay aligned
// around emoji, 255-character names and escape-laden tiers.
func TestCLIStatusHostile(t *testing.T) {
	t.Parallel()
	_, url := newSim(t, sim.Options{Seed: 1, Fleet: "hostile"})
	_, env := isolatedEnv(t)
	r := runBinary(t, env, "", "status", "--endpoint-url", url)
	mustSucceed(t, r, "hoist status on the hostile fleet")
	if err := printableScreen(r.stdout); err != nil {
		t.Fatalf("status printed a control character: %v\n%q", err, r.stdout)
	}
	if strings.Contains(r.stdout, "\x1b") {
		t.Fatal("status printed an ESC")
	}
	lines := strings.Split(r.stdout, "\n")
	head := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "NAME ") })
	if head < 0 {
		t.Fatalf("no header row:\n%s", r.stdout)
	}
	// Each number ends where its heading ends, on every row: widths are
	// counted in cells, not bytes.
	var ends []int
	for _, h := range []string{"MIN", "DES", "MAX", "INS", "PEN", "UNH", "ALM"} {
		ends = append(ends, strings.Index(lines[head], " "+h+" ")+1+len(h))
	}
	number := regexp.MustCompile(`^ *\d+$`)
	rows := 0
	for _, row := range lines[head+1:] {
		if row == "" {
			break
		}
		rows++
		for _, end := range ends {
			if got, next := ansi.Cut(row, end-4, end), ansi.Cut(row, end, end+1); !number.MatchString(got) || next != " " {
				t.Errorf("no number ending at cell %d (%q, then %q):\n%s\n%s", end, got, next, lines[head], row)
			}
		}
	}
	if rows != 11 {
		t.Errorf("%d group rows, want the hostile fleet's 11:\n%s", rows, r.stdout)
	}
	if !strings.Contains(r.stdout, "evil-5000-targets") || !strings.Contains(r.stdout, "🔥🚀👟") {
		t.Errorf("the hostile names are not there, made harmless:\n%s", r.stdout)
	}

	// JSON keeps the data exact, but escaped: a C1 control or a bidi
	// override is \u009b or \u202e in the text, never the character.
	r = runBinary(t, env, "", "status", "--json", "--endpoint-url", url)
	mustSucceed(t, r, "hoist status --json on the hostile fleet")
	if err := printableScreen(strings.ReplaceAll(r.stdout, "\n", " ")); err != nil {
		t.Errorf("status --json printed a control character: %v", err)
	}
	var doc statusDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("status --json: %v", err)
	}
	found := false
	for _, g := range doc.Groups {
		found = found || strings.Contains(g.Name, "\u009b2J\u202e")
	}
	if !found {
		t.Error("status --json lost the groups' real names (the C1 and bidi characters are data, escaped, not dropped)")
	}
}

// A bastion rarely sets AWS_CA_BUNDLE (these test machines do): without
// it the SDK leaves its HTTP client to each service, and hoist must still
// have one.
func TestCLIWithoutCABundle(t *testing.T) {
	t.Parallel()
	_, url := newSim(t, sim.Options{Seed: 1})
	_, env := isolatedEnv(t, "AWS_CA_BUNDLE=")
	r := runBinary(t, env, "", "status", "--endpoint-url", url)
	mustSucceed(t, r, "hoist status without AWS_CA_BUNDLE")
	if !strings.Contains(r.stdout, "solemate-web-prod") {
		t.Errorf("status without AWS_CA_BUNDLE:\n%s", r.stdout)
	}
}

// A panic is a bug in hoist: one line, exit 1 (Go's own 2 would read as
// "input refused"), and the stack in the log for the bug report.
func TestCLICrashIsOneLine(t *testing.T) {
	state, _ := testDirs(t)
	var stderr strings.Builder
	code := crashed("runtime error: invalid memory address or nil pointer dereference",
		[]byte("goroutine 1 [running]:\nmain.main()\n\tmain.go:38 +0xe5\n"), &stderr)
	if code != exitFailure {
		t.Errorf("exit %d, want %d", code, exitFailure)
	}
	if s := stderr.String(); strings.Count(s, "\n") != 1 || !strings.HasPrefix(s, "hoist: internal error") || strings.Contains(s, "goroutine") {
		t.Errorf("stderr %q", s)
	}
	log, err := os.ReadFile(filepath.Join(state, "hoist", "hoist.log"))
	if err != nil || !strings.Contains(string(log), "goroutine 1 [running]") {
		t.Errorf("the stack is not in the log: %v %q", err, log)
	}
}
