package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/solemate/hoist/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// tableNow is the table tests' clock.
var tableNow = time.Date(2026, 11, 27, 3, 14, 15, 0, time.UTC)

// tableSnapshot is a small account for the status table: a group at max
// with a spot mix and CPU, one scaling with suspended processes, one with
// a target group read target by target (60 targets, some unhealthy), an
// untiered one with a name wider than the column, and 23 alarms in ALARM.
func tableSnapshot() model.Snapshot {
	tgARN := "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/6d0ecf831eec9f09"
	lbARN := "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/edge-alb/50dc6c495c0c9188"
	s := model.Snapshot{
		Taken: tableNow,
		Identity: model.Identity{Account: "123456789012", Alias: "acme-prod",
			ARN: "arn:aws:sts::123456789012:assumed-role/oncall/jane.doe"},
		Region:        "us-east-1",
		Prices:        model.BuiltinPrices("us-east-1"),
		Series:        map[model.SeriesKey][]model.Point{},
		Fresh:         map[model.Class]model.Freshness{},
		LoadBalancers: []model.LoadBalancer{{ARN: lbARN, Name: "edge-alb", Type: model.LBApplication}},
	}
	s.Prices.Spot = map[string]float64{"m5.large": 0.038}
	for _, c := range model.Classes {
		s.Fresh[c] = model.Freshness{FetchedAt: tableNow.Add(-4 * time.Second)}
	}
	instances := func(n int, itype string, spot int) []model.Instance {
		var out []model.Instance
		for i := range n {
			out = append(out, model.Instance{ID: fmt.Sprintf("i-%017x", i+1), AZ: "us-east-1a", Type: itype,
				Lifecycle: model.StateInService, Health: "Healthy", Spot: i < spot})
		}
		return out
	}
	s.Groups = []model.Group{
		{Name: "batch-etl", Tier: "batch", Capacity: model.Capacity{Min: 0, Desired: 4, Max: 12}, Instances: instances(2, "r6i.xlarge", 0),
			Suspended: []string{"AlarmNotification", "ScheduledActions"}, OnDemandPercent: 100},
		{Name: "web-prod", Tier: "web", Capacity: model.Capacity{Min: 2, Desired: 6, Max: 20}, Instances: instances(6, "m6i.large", 0),
			TargetGroupARNs: []string{tgARN}, OnDemandPercent: 100},
		{Name: "worker-orders", Tier: "worker", Capacity: model.Capacity{Min: 2, Desired: 10, Max: 10}, Instances: instances(10, "m5.large", 5),
			OnDemandPercent: 50},
		{Name: "zz-" + strings.Repeat("very-long-name-", 5) + "end", Capacity: model.Capacity{Min: 1, Desired: 1, Max: 1},
			Instances: instances(1, "t3.micro", 0), OnDemandPercent: 100},
	}
	s.Series[model.SeriesKey{Group: "worker-orders", Metric: model.MetricCPU}] = []model.Point{{T: tableNow.Add(-time.Minute), V: 93.4}}
	s.Series[model.SeriesKey{Group: "web-prod", Metric: model.MetricCPU}] = []model.Point{{T: tableNow.Add(-time.Minute), V: 41}}
	tg := model.TargetGroup{ARN: tgARN, Name: "web-tg", LoadBalancerARNs: []string{lbARN}, TargetsFetched: tableNow}
	for i := range 60 {
		t := model.Target{ID: fmt.Sprintf("i-%017x", i+1), AZ: "us-east-1b", State: model.TargetHealthy}
		if i%20 == 7 {
			t.State, t.Reason, t.Description = model.TargetUnhealthy, "Target.Timeout", "Request timed out"
		}
		tg.Targets = append(tg.Targets, t)
	}
	s.TargetGroups = []model.TargetGroup{tg}
	for i := range 23 {
		s.Alarms = append(s.Alarms, model.Alarm{Name: fmt.Sprintf("alarm-%02d", i), Group: []string{"web-prod", ""}[i%2],
			State: model.AlarmAlarm, StateUpdated: tableNow.Add(-time.Duration(i+1) * time.Minute)})
	}
	s.Alarms = append(s.Alarms, model.Alarm{Name: "quiet", Group: "web-prod", State: model.AlarmOK})
	return s
}

// TestStatusTable: the table `hoist status` prints, whole and with target
// health, against golden files; no escape sequence, no line wider than
// asked, and the SIMULATOR mark only for the simulator.
func TestStatusTable(t *testing.T) {
	for _, c := range []struct {
		name    string
		width   int
		targets bool
		sim     bool
	}{
		{"status_table", 100, false, false},
		{"status_table_targets", 0, true, false},
		{"status_table_simulator_60", 60, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := tableSnapshot()
			s.Simulator = c.sim
			var b strings.Builder
			if err := statusTable(&b, &s, c.width, tableNow, c.targets); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if strings.ContainsRune(out, '\x1b') {
				t.Fatal("an escape in the status table")
			}
			for _, l := range strings.Split(out, "\n") {
				if c.width > 0 && ansi.StringWidth(l) > c.width {
					t.Errorf("line wider than %d: %q", c.width, l)
				}
			}
			if got := strings.HasPrefix(out, "SIMULATOR  account 123456789012 (acme-prod)"); got != c.sim {
				t.Errorf("SIMULATOR mark %v, want %v:\n%s", got, c.sim, out)
			}
			path := filepath.Join("testdata", c.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			} else if want, err := os.ReadFile(path); err != nil || string(want) != out {
				t.Errorf("%s differs (go test ./cmd/hoist -run TestStatusTable -update rewrites it): %v\n--- got\n%s\n--- want\n%s", path, err, out, want)
			}
		})
	}
}
