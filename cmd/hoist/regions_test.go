package main

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// simStatsIn is GET /_sim/stats?region=: one region's record.
func simStatsIn(t *testing.T, url, region string) sim.Stats {
	t.Helper()
	resp, err := http.Get(url + "/_sim/stats?region=" + region)
	if err != nil {
		t.Fatalf("GET /_sim/stats: %v", err)
	}
	defer resp.Body.Close()
	var st sim.Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil || st.Region != region {
		t.Fatalf("decoding /_sim/stats?region=%s: %v (%+v)", region, err, st)
	}
	return st
}

// A mistyped region is named before anything is sent, as one sentence
// with exit 2, wherever it came from; a region newer than hoist's list is
// used with a warning.
func TestCLIRegionTypo(t *testing.T) {
	t.Parallel()
	_, env := isolatedEnv(t)
	for _, tc := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"--region", "us-eest-1", "status"}, "", `hoist: unknown region "us-eest-1" (did you mean us-east-1?)` + "\n"},
		{[]string{"--region", "us-east-1,eu-wset-1", "status"}, "", `hoist: unknown region "eu-wset-1" (did you mean eu-west-1?)` + "\n"},
		{[]string{"--region", "mars", "scale", "g", "--desired", "2", "--yes"}, "", `hoist: unknown region "mars" (AWS regions are named like us-east-1)` + "\n"},
		// from the environment: the SDK's chain, checked before the first call
		{[]string{"--endpoint-url", "http://127.0.0.1:9", "status"}, "AWS_REGION=us-eest-1", `hoist: unknown region "us-eest-1" (did you mean us-east-1?)` + "\n"},
		{[]string{"--region", "us-east-1,us-west-2", "scale", "g", "--desired", "2", "--yes"}, "",
			"hoist: this command works in one region at a time, and --region names 2 (us-east-1, us-west-2)\n"},
	} {
		r := runBinary(t, withEnv(env, tc.env), "", tc.args...)
		if r.code != exitInvalid || r.stderr != tc.want || r.stdout != "" {
			t.Errorf("hoist %v: exit %d, stderr %q; want exit 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	url := simServe(t)
	r := runBinary(t, env, "", "--endpoint-url", url, "--region", "us-east-7", "status")
	if !strings.Contains(r.stderr, `hoist: warning: region "us-east-7" is not in hoist's list of AWS regions`) ||
		!strings.Contains(r.stderr, "the endpoint does not serve this region") {
		t.Errorf("a region newer than the list: exit %d, stderr %q", r.code, r.stderr)
	}
}

// --region completes AWS's regions, each with its place, opt-in marked;
// after a comma, the next of a list.
func TestCLIRegionCompletion(t *testing.T) {
	t.Parallel()
	r := runBinary(t, nil, "", "__complete", "--region", "")
	for _, want := range []string{"us-east-1\tUS East (N. Virginia)\n", "us-west-2\tUS West (Oregon)\n", "af-south-1\tAfrica (Cape Town), opt-in\n", "cn-north-1\tChina (Beijing), aws-cn\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("completion lacks %q:\n%s", want, r.stdout)
		}
	}
	if n := strings.Count(r.stdout, "\n") - 1; n != len(model.Regions()) { // the directive line
		t.Errorf("%d completions, want the %d regions", n, len(model.Regions()))
	}
	r = runBinary(t, nil, "", "__complete", "status", "--region", "us-east-1,us-we")
	if !strings.Contains(r.stdout, "us-east-1,us-west-1\t") || !strings.Contains(r.stdout, "us-east-1,us-west-2\t") || strings.Contains(r.stdout, "us-east-1,us-east-1") {
		t.Errorf("list completion:\n%s", r.stdout)
	}
}

// hoist status over two regions: each region's own groups, and --json one
// document per region with the total cost.
func TestCLIStatusTwoRegions(t *testing.T) {
	t.Parallel()
	url := simServe(t)
	_, env := isolatedEnv(t)
	r := runBinary(t, env, "", "--endpoint-url", url, "--region", "us-east-1,us-west-2", "status", "--json")
	mustSucceed(t, r, "status --region us-east-1,us-west-2 --json")
	var doc regionsDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Regions) != 2 {
		t.Fatalf("status --json: %v\n%s", err, r.stdout)
	}
	sum := 0.0
	for i, want := range []string{"us-east-1", "us-west-2"} {
		d := doc.Regions[i]
		sum += d.CostPerHour
		if d.Region != want || len(d.Groups) != 9 {
			t.Fatalf("region %d: %s with %d groups", i, d.Region, len(d.Groups))
		}
		for _, g := range d.Groups {
			if strings.HasSuffix(g.Name, "-standby") != (want == "us-west-2") {
				t.Errorf("%s lists %s", want, g.Name)
			}
		}
	}
	if diff := doc.CostPerHour - sum; diff > 0.001 || diff < -0.001 {
		t.Errorf("total %.4f, regions add up to %.4f", doc.CostPerHour, sum)
	}
	r = runBinary(t, env, "", "--endpoint-url", url, "--region", "us-east-1,us-west-2", "status", "--group", "solemate-web-standby")
	mustSucceed(t, r, "status --group in two regions")
	if !strings.Contains(r.stdout, "region us-west-2") || strings.Contains(r.stdout, "region us-east-1") {
		t.Errorf("--group over two regions shows its region only:\n%s", r.stdout)
	}
}

// A two-region console scales a group in us-west-2: the confirm says
// us-west-2, the simulator's us-west-2 applied exactly that change (and
// us-east-1 nothing), and the journal records us-west-2.
func TestConsoleTwoRegionsInTmux(t *testing.T) {
	t.Parallel()
	url := simServe(t)
	state, env := isolatedEnv(t)
	tm := newTmux(t, 160, 45, env, "--endpoint-url", url, "--region", "us-east-1,us-west-2")
	tm.waitScreen(20*time.Second, "both regions", func(s string) bool {
		return strings.Contains(s, "▼ us-east-1") && strings.Contains(s, "▼ us-west-2") && strings.Contains(s, "us-west-2 live")
	})
	const g = "solemate-web-standby"
	tm.selectGroup(g, "solemate-web-sta")
	tm.keys("+")
	screen := tm.waitText(5*time.Second, "Confirm")
	if !strings.Contains(screen, "desired 1 → 2") || !strings.Contains(line(screen, "where"), "us-west-2 (SIMULATOR)") {
		t.Fatalf("the confirm does not show us-west-2's change:\n%s", screen)
	}
	tm.waitText(5*time.Second, confirmReady)
	tm.keys("y")
	tm.waitScreen(15*time.Second, "the result", func(s string) bool {
		return strings.Contains(line(s, "done:"), "us-west-2 "+g+": desired 1 → 2")
	})
	west := mutations(simStatsIn(t, url, "us-west-2"), "SetDesiredCapacity")
	if len(west) != 1 || west[0].Group != g || west[0].Values["desired"] != float64(2) || west[0].Region != "us-west-2" {
		t.Fatalf("us-west-2 applied %+v, want one SetDesiredCapacity of %s to 2", west, g)
	}
	if east := simStatsIn(t, url, "us-east-1").Mutations; len(east) != 0 {
		t.Fatalf("us-east-1 applied %+v", east)
	}
	var regions []string
	for _, e := range journalRecords(t, state) {
		if e.Target == g {
			regions = append(regions, e.Phase+" "+e.Region)
		}
	}
	if strings.Join(regions, ",") != "intent us-west-2,outcome us-west-2" {
		t.Fatalf("journal of %s: %v", g, regions)
	}
	// The timeline shows the action with its region.
	tm.keys("Escape", "v")
	if !regexp.MustCompile(`hoist\s+us-west-2 solemate-w`).MatchString(tm.stable()) {
		t.Errorf("the timeline does not show the action in us-west-2:\n%s", tm.capture())
	}
	tm.quit()
}
