package spec

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// TestConsoleAlarms: the console's rules become valid alarms per group
// (at max and desired not reached by metric math, CPU) and per target
// group (unhealthy), with the config's thresholds and the channels given;
// a rule switched off makes none; failed activity is a note. The file
// they make parses, plans as creates, and once they exist plans nothing.
func TestConsoleAlarms(t *testing.T) {
	live := fixtureLive()
	th := model.DefaultAlertThresholds()
	th.CPUFor = 10 * time.Minute
	th.Disabled = []string{model.AlertNotReached}
	topic := "arn:aws:sns:us-east-1:000000000000:oncall"
	alarms, notes := ConsoleAlarms(live, ExportFilter{Tier: "web"}, th, []string{topic})
	var names []string
	for _, a := range alarms {
		names = append(names, a.Name)
		if err := a.Validate(); err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}
		if !slices.Equal(a.Channels, []string{topic}) {
			t.Errorf("%s notifies %v", a.Name, a.Channels)
		}
	}
	want := []string{"hoist-solemate-web-prod-at-max", "hoist-solemate-web-prod-cpu-high", "hoist-solemate-web-tg-unhealthy"}
	if !slices.Equal(names, want) {
		t.Fatalf("alarms %v, want %v", names, want)
	}
	atMax, cpu, unhealthy := alarms[0], alarms[1], alarms[2]
	if atMax.Metrics[2].Expression != "desired - max" || atMax.EvaluationPeriods != 5 || atMax.Comparison != "GreaterThanOrEqualToThreshold" {
		t.Errorf("at max: %+v", atMax)
	}
	if cpu.Threshold != 85 || cpu.EvaluationPeriods != 10 || cpu.PeriodSeconds != 60 {
		t.Errorf("cpu: %+v", cpu)
	}
	if unhealthy.Dimensions["TargetGroup"] != "targetgroup/solemate-web-tg/73e2d6bc24d8a067" || unhealthy.EvaluationPeriods != 2 {
		t.Errorf("unhealthy: %+v", unhealthy)
	}
	if len(notes) != 2 || !strings.Contains(notes[0], "failed-activity rule has no CloudWatch metric") {
		t.Errorf("notes %v", notes)
	}

	o := ConsoleAlarmsFile(live, ExportFilter{Tier: "web"}, th, nil)
	b, err := Marshal(o.File, live.Where, o.Notes...)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"alerts/console.yml": string(b)}
	p := planFiles(t, live, files, PlanOptions{})
	if add, change, del := p.Counts(); add != 3 || change+del != 0 || len(p.Pending()) > 0 {
		t.Fatalf("plan of the console's alarms:\n%s", planText(p))
	}
	for _, a := range o.File.Alerts {
		live.Alarms = append(live.Alarms, model.LiveAlarm{AlarmSpec: a.Normal(), Tags: map[string]string{model.ManagedTag: "true"}})
	}
	if p := planFiles(t, live, files, PlanOptions{}); !p.Empty() {
		t.Errorf("once they exist:\n%s", planText(p))
	}
}

func TestPeriods(t *testing.T) {
	for _, c := range []struct {
		d         time.Duration
		period, n int
	}{{0, 60, 1}, {90 * time.Second, 60, 2}, {5 * time.Minute, 60, 5}, {24 * time.Hour, 60, 1440}, {48 * time.Hour, 3600, 48}} {
		if p, n := periods(c.d); p != c.period || n != c.n {
			t.Errorf("periods(%s) = %d × %d, want %d × %d", c.d, n, p, c.n, c.period)
		}
	}
}

// TestDashboardPlan: hoist dashboard writes each tier's body, nothing when
// the body holds already, and refuses a tier no group has.
func TestDashboardPlan(t *testing.T) {
	live := fixtureLive()
	live.Dashboards["hoist-web"] = `{"widgets":[]}`
	p, err := DashboardPlan(live, DashboardTiers(live))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range p.Changes {
		got = append(got, string(c.Op)+" "+c.Name)
		if put, ok := c.Actions[0].(model.PutDashboard); !ok || model.Validate(put, false) != nil {
			t.Errorf("%s: %#v", c.Name, c.Actions)
		}
	}
	if strings.Join(got, ",") != "+ hoist-app,+ hoist-cache,+ hoist-data,+ hoist-services,~ hoist-web,+ hoist-worker" {
		t.Errorf("changes %v", got)
	}
	live.Dashboards["hoist-web"] = DashboardBody("web", live)
	if p, _ := DashboardPlan(live, []string{"web"}); !p.Empty() || p.Files[0] != "hoist's dashboard of tier web" {
		t.Errorf("a dashboard that holds: %v", changeKeys(p))
	}
	if _, err := DashboardPlan(live, []string{"nope"}); err == nil || !strings.Contains(err.Error(), `no group has tier "nope"`) {
		t.Errorf("an unknown tier: %v", err)
	}
	body := DashboardBody("web", live)
	for _, m := range []string{"GroupMinSize", "GroupDesiredCapacity", "GroupMaxSize", "GroupInServiceInstances", "CPUUtilization",
		"RequestCountPerTarget", "TargetResponseTime", "HTTPCode_Target_5XX_Count", "HealthyHostCount", "one more instance costs"} {
		if !strings.Contains(body, m) {
			t.Errorf("the web dashboard lacks %s", m)
		}
	}
}
