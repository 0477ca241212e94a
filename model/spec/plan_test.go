package spec

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

func changeKeys(p *Plan) []string {
	var out []string
	for _, c := range p.Changes {
		for _, f := range c.Fields {
			out = append(out, fmt.Sprintf("%s %s %s %s→%s", c.Op, c.Resource(), f.Field, f.Before, f.After))
		}
		if len(c.Fields) == 0 {
			out = append(out, fmt.Sprintf("%s %s", c.Op, c.Resource()))
		}
	}
	return out
}

// TestPlanFindsEachDrift: export the fixture, then change one value of
// each kind in AWS behind the files' back; the plan of the files is
// exactly the changes that put each back.
func TestPlanFindsEachDrift(t *testing.T) {
	base := fixtureLive()
	files := exported(t, base, ExportFilter{})
	live := fixtureLive()
	web, _ := live.Group("solemate-web-prod")
	web.Max = 45
	web.HealthCheckGrace *= 2
	db, _ := live.Group("solemate-db-replica-prod")
	db.Suspended = []string{"AZRebalance", "Launch"}
	live.Policies["solemate-web-prod"][0].TargetTracking.Target = 65
	live.Policies["solemate-workers-prod"] = live.Policies["solemate-workers-prod"][:1] // the simple policy was deleted
	live.Scheduled["solemate-db-replica-prod"][0].Min = ip(3)
	tg, _ := live.TargetGroup("solemate-web-tg")
	tg.HealthCheck.Interval = 30 * time.Second
	tg.Attributes["deregistration_delay.timeout_seconds"] = "300"
	live.Alarms[1].Threshold = 95
	live.Dashboards["hoist-web"] = `{"widgets":[]}`

	got := changeKeys(planFiles(t, live, files, PlanOptions{}))
	want := []string{
		"~ group solemate-web-prod max 45→40",
		"~ group solemate-web-prod health_check_grace_seconds 120→60",
		"~ target group solemate-web-tg health_check.interval_seconds 30→15",
		"~ target group solemate-web-tg attributes.deregistration_delay.timeout_seconds 300→30",
		"~ policy solemate-web-prod/solemate-web-cpu50-target-tracking target_tracking.target 65→50",
		"~ scheduled action solemate-db-replica-prod/solemate-db-business-hours-start min 3→4",
		"+ policy solemate-workers-prod/solemate-workers-backlog-simple-in simple.adjustment_type (unset)→ChangeInCapacity",
		"+ policy solemate-workers-prod/solemate-workers-backlog-simple-in simple.adjustment (unset)→-1",
		"+ policy solemate-workers-prod/solemate-workers-backlog-simple-in simple.cooldown_seconds (unset)→300",
		"+ policy solemate-workers-prod/solemate-workers-backlog-simple-in enabled (unset)→true",
		"~ alarm solemate-web-prod-cpu-high threshold 95→85",
		"~ dashboard hoist-web body " + model.DescribeBody(`{"widgets":[]}`) + "→" + model.DescribeBody(DashboardBody("web", live)),
		"~ group solemate-db-replica-prod suspended_processes AZRebalance, Launch→AZRebalance",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPlanOrder: capacity goes up first and comes down last, processes
// are suspended before anything else changes and resumed after, and the
// console's actions carry what was read.
func TestPlanOrder(t *testing.T) {
	live := fixtureLive()
	files := map[string]string{"a.yml": `
groups:
  - select: {name: solemate-app-prod}
    max: 10
    desired: 3
  - select: {name: solemate-web-prod}
    max: 60
    desired: 8
  - select: {name: solemate-cache-prod}
    suspend: [AlarmNotification]
  - select: {name: solemate-db-replica-prod}
    suspended_processes: []
    policies:
      - name: solemate-db-predictive-cpu40
        enabled: false
        predictive: {mode: ForecastOnly, metric: ASGCPUUtilization, target: 40}
`}
	p := planFiles(t, live, files, PlanOptions{})
	var order []string
	for _, c := range p.Changes {
		for _, a := range c.Actions {
			order = append(order, string(a.Kind())+" "+a.GroupName())
		}
	}
	want := []string{
		"set-limits solemate-web-prod",
		"suspend-processes solemate-cache-prod",
		"put-policy solemate-db-replica-prod",
		"set-limits solemate-app-prod",
		"resume-processes solemate-db-replica-prod",
	}
	if !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	web := p.Changes[0].Actions[0].(model.SetLimits)
	if web.From != (model.Capacity{Min: 2, Desired: 6, Max: 40}) || web.To != (model.Capacity{Min: 2, Desired: 8, Max: 60}) {
		t.Errorf("web: %+v", web)
	}
	edit, ok := p.Changes[2].Actions[0].(model.EditPolicy)
	if !ok || !edit.From.Enabled || edit.To.Enabled {
		t.Errorf("policy edit: %#v", p.Changes[2].Actions)
	}
	for _, a := range []model.Action{web, edit} {
		if err := model.Validate(a, false); err != nil {
			t.Errorf("%s: %v", model.Summary(a), err)
		}
	}
}

// TestPlanCost: a change of desired capacity is priced at the group's unit
// price, and the fleet's total moves by the same amount.
func TestPlanCost(t *testing.T) {
	live := fixtureLive()
	p := planFiles(t, live, map[string]string{"a.yml": "groups:\n  - select: {name: solemate-web-prod}\n    desired: 8\n"}, PlanOptions{})
	c := p.Changes[0]
	price := live.Prices.OnDemand["m6i.large"]
	if c.Cost == nil || !near(c.Cost.Before, 6*price) || !near(c.Cost.After, 8*price) {
		t.Fatalf("cost %+v, want %v → %v", c.Cost, 6*price, 8*price)
	}
	if !near(p.Cost.After-p.Cost.Before, 2*price) {
		t.Errorf("fleet cost %+v moves by %v, want %v", p.Cost, p.Cost.After-p.Cost.Before, 2*price)
	}
	if text := planText(p); !strings.Contains(text, "cost     $0.576/h → $0.768/h") || !strings.Contains(text, "(+$0.192/h)") {
		t.Errorf("render:\n%s", text)
	}
	// Limits that push desired along price what they push.
	p = planFiles(t, live, map[string]string{"a.yml": "groups:\n  - select: {name: solemate-web-prod}\n    max: 4\n"}, PlanOptions{})
	if got := changeKeys(p); !slices.Contains(got, "~ group solemate-web-prod desired 6→4") || p.Changes[0].Cost == nil {
		t.Errorf("max below desired: %v", got)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestPlanRefusedElsewhere: a plan made on the simulator is refused
// against AWS, and one made in one account or region against another.
func TestPlanRefusedElsewhere(t *testing.T) {
	p := &Plan{Where: model.Where{Account: acct, Region: region, Simulator: true}}
	for _, w := range []model.Where{
		{Account: acct, Region: region},
		{Account: "123456789012", Region: region},
		{Account: acct, Region: "eu-west-1", Simulator: true},
	} {
		if err := p.Check(w); err == nil || !strings.Contains(err.Error(), "this plan was made against the simulator's account") {
			t.Errorf("Check(%+v) = %v", w, err)
		}
	}
	if err := p.Check(p.Where); err != nil {
		t.Errorf("same place: %v", err)
	}
}

// TestPresetThenBase: the incident preset raises max and freezes scale-in
// through the console's own actions; applying the team's usual files
// afterwards (simulated here by changing live) puts both back.
func TestPresetThenBase(t *testing.T) {
	live := fixtureLive()
	preset := planFiles(t, live, exampleFiles(t, examplesDir+"/presets"), PlanOptions{})
	if pend := preset.Pending(); len(pend) > 0 {
		t.Fatalf("the preset needs actions hoist cannot send: %v", pend)
	}
	web, _ := live.Group("solemate-web-prod")
	web.Max = 60
	live.Policies["solemate-web-prod"][0].TargetTracking.DisableScaleIn = true
	got := changeKeys(planFiles(t, live, exampleFiles(t, examplesDir+"/scaling"), PlanOptions{}))
	for _, want := range []string{
		"~ group solemate-web-prod max 60→40",
		"~ policy solemate-web-prod/solemate-web-cpu50-target-tracking target_tracking.disable_scale_in true→false",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("base after preset lacks %q:\n%s", want, strings.Join(got, "\n"))
		}
	}
}
