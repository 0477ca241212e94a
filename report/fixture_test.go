package report

import (
	"fmt"
	"math"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
)

// The fixture: a fortnight of a small fleet as teams leave it (a high
// minimum, a low target, an old type, all on demand), with one afternoon
// of scaling on its last day.
var (
	start = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC) // a Monday
	end   = start.Add(14 * 24 * time.Hour)
	last  = end.Add(-24 * time.Hour)
)

func at(h, m, s int) time.Time {
	return last.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second)
}

// load is work in CPU percent x instances: business hours on weekdays, a
// flash of extra load on the last afternoon.
func load(peak float64) func(time.Time) float64 {
	return func(t time.Time) float64 {
		v := peak * 0.15
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday && t.Hour() >= 8 && t.Hour() < 20 {
			v = peak * (0.6 + 0.4*math.Sin(math.Pi*float64(t.Hour()-8)/12))
		}
		if !t.Before(at(13, 35, 0)) && t.Before(at(14, 30, 0)) {
			v *= 1.8
		}
		return v
	}
}

type shape struct {
	min, max int
	target   float64
	work     func(time.Time) float64
	mem      float64
	p99      float64
	lb       bool
}

func seriesOf(sh shape, from, to time.Time) insight.Series {
	s := insight.Series{Period: 5 * time.Minute}
	for t := from; t.Before(to); t = t.Add(s.Period) {
		w := sh.work(t)
		n := math.Max(float64(sh.min), math.Min(float64(sh.max), math.Ceil(w/sh.target-1e-9)))
		s.Instances = append(s.Instances, model.Point{T: t, V: n})
		s.Desired = append(s.Desired, model.Point{T: t, V: n})
		s.CPU = append(s.CPU, model.Point{T: t, V: w / n})
		if sh.mem > 0 {
			s.Memory = append(s.Memory, model.Point{T: t, V: sh.mem})
		}
		if sh.lb {
			req := math.Round(w * 50)
			s.Requests = append(s.Requests, model.Point{T: t, V: req})
			e := 0.0
			if !t.Before(at(13, 35, 0)) && t.Before(at(13, 40, 0)) {
				e = math.Round(req * 0.02) // the scale-out was late
			}
			s.Target5xx = append(s.Target5xx, model.Point{T: t, V: e})
			p := sh.p99 * (1 + w/n/200)
			if e > 0 {
				p *= 6
			}
			s.P99 = append(s.P99, model.Point{T: t, V: math.Round(p)})
		}
	}
	return s
}

func tt(name string, target float64) model.Policy {
	return model.Policy{Name: name, Type: model.PolicyTargetTracking, Enabled: true,
		Target: &model.TargetTracking{Metric: "ASGAverageCPUUtilization", Value: target}}
}

func grp(name, tier, itype string, min, max int, lb bool, pols ...model.Policy) model.Group {
	g := model.Group{Name: name, Tier: tier, Tags: map[string]string{"Tier": tier},
		Capacity: model.Capacity{Min: min, Desired: min, Max: max}, Policies: pols, InstanceTypes: []string{itype},
		OnDemandPercent: 100, AZs: []string{"us-east-1a", "us-east-1b", "us-east-1c"}}
	if lb {
		g.TargetGroupARNs = []string{"arn:aws:elasticloadbalancing:us-east-1:0:targetgroup/" + name + "/1"}
	}
	for i := 0; i < min; i++ {
		g.Instances = append(g.Instances, model.Instance{ID: fmt.Sprintf("i-%s%d", name, i), Type: itype,
			AZ: g.AZs[i%3], Lifecycle: model.StateInService, Health: "Healthy"})
	}
	return g
}

func cause(hms time.Time, trigger string, from, to int, started time.Time) string {
	return fmt.Sprintf("At %s %s changing the desired capacity from %d to %d.  At %s an instance was started in response to a difference between desired and actual capacity, increasing the capacity from %d to %d.",
		hms.Format(time.RFC3339), trigger, from, to, started.Format(time.RFC3339), from, to)
}

func launch(group string, c string, startT time.Time, ends ...time.Time) []model.Activity {
	var out []model.Activity
	for i, e := range ends {
		out = append(out, model.Activity{ID: fmt.Sprintf("%s-%d-%d", group, startT.Unix(), i), Group: group, Cause: c,
			Description: fmt.Sprintf("Launching a new EC2 instance: i-%s%02d", group, 10+i), Status: model.ActivitySuccessful,
			Start: startT, End: e})
	}
	return out
}

type fixture struct {
	groups   []insight.GroupData
	acts     []model.Activity
	alarms   []model.AlarmEvent
	journal  []model.JournalAction
	prices   model.Prices
	cleanupI *insight.CleanupInput
}

func newFixture(webName string) fixture {
	p := model.BuiltinPrices("us-east-1")
	p.Spot["m5.large"] = 0.036
	web := grp(webName, "web", "m5.large", 6, 40, true, tt("web-cpu", 30))
	web.Tags["Name"] = webName
	workers := grp("workers", "worker", "c5.large", 2, 10, false, tt("workers-cpu", 60))
	db := grp("db", "data", "r6g.large", 2, 2, true)
	webS := seriesOf(shape{6, 40, 30, load(900), 35, 45, true}, start, end)
	webS.Healthy = []model.Point{{T: at(13, 36, 0), V: 6}, {T: at(13, 37, 0), V: 8}, {T: at(13, 37, 40), V: 12},
		{T: at(14, 1, 20), V: 14}}
	f := fixture{prices: p, groups: []insight.GroupData{
		{Group: web, Series: webS},
		{Group: workers, Series: seriesOf(shape{2, 10, 60, load(300), 0, 0, false}, start, end)},
		{Group: db, Series: seriesOf(shape{2, 2, 60, func(time.Time) float64 { return 80 }, 70, 4, true}, start, end)},
	}}
	alarm := "a monitor alarm " + webName + "-cpu-high in state ALARM triggered policy web-cpu"
	f.acts = append(f.acts, launch(webName, cause(at(13, 34, 0), alarm, 6, 12, at(13, 34, 25)), at(13, 34, 25),
		at(13, 35, 40), at(13, 35, 55), at(13, 36, 5), at(13, 36, 20), at(13, 36, 10), at(13, 36, 0))...)
	f.acts = append(f.acts, launch(webName, cause(at(14, 0, 1), "a user request explicitly set group desired capacity", 12, 14, at(14, 0, 3)), at(14, 0, 3),
		at(14, 0, 58), at(14, 1, 2))...)
	f.acts = append(f.acts, launch("workers", cause(at(13, 40, 0), "a monitor alarm workers-cpu-high in state ALARM triggered policy workers-cpu", 2, 3, at(13, 40, 12)),
		at(13, 40, 12), at(13, 41, 10))...)
	f.acts = append(f.acts, model.Activity{ID: "term", Group: webName, Description: "Terminating EC2 instance: i-" + webName + "10", Status: model.ActivitySuccessful,
		Start: at(14, 45, 0), End: at(14, 47, 0),
		Cause: fmt.Sprintf("At %s a monitor alarm %s-cpu-low in state ALARM triggered policy web-cpu changing the desired capacity from 14 to 13.  At %s instance i-%s10 was selected for termination.",
			at(14, 45, 0).Format(time.RFC3339), webName, at(14, 45, 0).Format(time.RFC3339), webName)})
	f.alarms = []model.AlarmEvent{
		{Alarm: webName + "-cpu-high", Group: webName, Time: at(13, 34, 0), Type: "StateUpdate", NewState: model.AlarmAlarm,
			Summary: "Alarm updated from OK to ALARM"},
		{Alarm: webName + "-cpu-high", Group: webName, Time: at(13, 52, 0), Type: "StateUpdate", NewState: model.AlarmOK,
			Summary: "Alarm updated from ALARM to OK"},
	}
	f.journal = []model.JournalAction{
		{Intent: model.JournalEntry{ID: "a1", Time: at(14, 0, 0), Phase: model.PhaseIntent, Kind: model.KindSetDesired, Target: webName,
			Caller: "arn:aws:sts::000000000000:assumed-role/oncall/alice", Before: "desired 12", After: "desired 14", Reason: "flash sale: get ahead of it"},
			Outcome: &model.JournalEntry{ID: "a1", Phase: model.PhaseOutcome, Result: model.ResultOK}},
		{Intent: model.JournalEntry{ID: "a2", Time: at(14, 20, 0), Phase: model.PhaseIntent, Kind: model.KindSetLimits, Target: "db",
			Caller: "arn:aws:sts::000000000000:assumed-role/oncall/bob", Before: "min 2 desired 2 max 2", After: "min 2 desired 2 max 4",
			Changes: []model.FieldChange{{Field: "max", Before: "2", After: "4"}}},
			Outcome: &model.JournalEntry{ID: "a2", Phase: model.PhaseOutcome, Result: model.ResultUnknown}},
	}
	f.cleanupI = &insight.CleanupInput{TargetGroups: []model.TargetGroup{{Name: "old-promo", TargetsFetched: end}}}
	return f
}

func (f fixture) report() insight.FleetReport {
	c := *f.cleanupI
	c.Window = insight.Window{From: start, To: end}
	return insight.BuildReport(insight.ReportInput{
		Source: insight.Source{Account: "000000000000", Region: "us-east-1", Simulator: true},
		Window: insight.Window{From: start, To: end}, Generated: end,
		Groups: f.groups, Activities: f.acts, Alarms: f.alarms, Journal: f.journal, Prices: f.prices, Cleanup: &c,
	})
}

func (f fixture) incident() insight.Incident {
	w := insight.Window{From: at(13, 0, 0), To: at(15, 0, 0)}
	ago := map[string]insight.Series{}
	for _, g := range f.groups {
		ago[g.Group.Name] = g.Series
	}
	return insight.BuildIncident(insight.IncidentInput{
		Source: insight.Source{Account: "000000000000", Region: "us-east-1", Simulator: true},
		Window: w, Generated: w.To, Groups: f.groups, WeekAgo: ago,
		Activities: f.acts, Alarms: f.alarms, Journal: f.journal, Prices: f.prices,
	})
}
