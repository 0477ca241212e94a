package insight

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

func TestActionsOfChanges(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	tt := ttPolicy("cpu", 30)
	tt.Target.ResourceLabel = ""
	fc := model.PolicySpec{Name: "forecast", Predictive: &model.PredictiveSpec{Mode: "ForecastOnly", Metric: "ASGCPUUtilization", Target: 60}}
	forecast := model.Policy{Name: "forecast", Type: model.PolicyPredictive, Enabled: true,
		Predictive: &model.Predictive{Mode: "ForecastOnly", Metric: "ASGCPUUtilization", TargetValue: 60}, Spec: fc}
	g := group("web", "web", "m5.large", 6, 20, tt, forecast)
	g.Desired = 8
	nine, two, six := 9, 2, 6
	label := "app/edge/1/targetgroup/web-tg/2"
	cases := []struct {
		name string
		cs   []Change
		want []model.Action
		err  string
	}{
		{"a minimum", []Change{{Op: OpChange, Resource: ResGroup, Group: "web", Fields: []model.FieldChange{field("min", "6", "2")}}},
			[]model.Action{model.SetLimits{Group: "web", From: g.Capacity, To: model.Capacity{Min: 2, Desired: 8, Max: 20}}}, ""},
		{"max raised ahead of a surge", []Change{{Op: OpChange, Resource: ResGroup, Group: "web", Fields: []model.FieldChange{field("max", "20", "36")}}},
			[]model.Action{model.SetLimits{Group: "web", From: g.Capacity, To: model.Capacity{Min: 6, Desired: 8, Max: 36}}}, ""},
		{"a target", []Change{{Op: OpChange, Resource: ResPolicy, Group: "web", Name: "cpu", Fields: []model.FieldChange{field("target", "30", "55")}}},
			[]model.Action{model.EditPolicy{Group: "web", Policy: "cpu", Type: model.PolicyTargetTracking, Metric: "ASGAverageCPUUtilization",
				From: model.PolicySettings{Enabled: true, TargetValue: 30}, To: model.PolicySettings{Enabled: true, TargetValue: 55}}}, ""},
		{"a predictive mode", []Change{{Op: OpChange, Resource: ResPolicy, Group: "web", Name: "forecast", Fields: []model.FieldChange{field("mode", "ForecastOnly", "ForecastAndScale")}}},
			[]model.Action{model.PutPolicy{Group: "web", From: &fc, To: model.PolicySpec{Name: "forecast",
				Predictive: &model.PredictiveSpec{Mode: "ForecastAndScale", Metric: "ASGCPUUtilization", Target: 60}}}}, ""},
		{"a new predictive policy on requests", []Change{{Op: OpAdd, Resource: ResPolicy, Group: "web", Name: "predictive", Fields: []model.FieldChange{
			set("type", model.PolicyPredictive), set("metric", "ALBRequestCount"), set("target", "6000"), set("mode", "ForecastAndScale"), set("resource_label", label)}}},
			[]model.Action{model.PutPolicy{Group: "web", To: model.PolicySpec{Name: "predictive", Predictive: &model.PredictiveSpec{
				Mode: "ForecastAndScale", Metric: "ALBRequestCount", Target: 6000, TargetGroup: "web-tg", ResourceLabel: label}}}}, ""},
		{"a schedule, and the limits first", []Change{
			{Op: OpAdd, Resource: ResSchedule, Group: "web", Name: "quiet", Fields: []model.FieldChange{
				set("recurrence", "0 20 * * *"), set("time_zone", "UTC"), set("min", "2"), set("desired", "2")}},
			{Op: OpChange, Resource: ResGroup, Group: "web", Fields: []model.FieldChange{field("max", "20", "9")}}},
			[]model.Action{
				model.SetLimits{Group: "web", From: g.Capacity, To: model.Capacity{Min: 6, Desired: 8, Max: 9}},
				model.PutScheduled{Group: "web", To: model.ScheduleSpec{Name: "quiet", Recurrence: "0 20 * * *", TimeZone: "UTC", Min: &two, Desired: &two}, Now: now}}, ""},
		{"a surge's schedules", []Change{
			{Op: OpAdd, Resource: ResSchedule, Group: "web", Name: "surge-raise-max", Fields: []model.FieldChange{set("start", "2026-11-28T17:30:00Z"), set("max", "9")}},
			{Op: OpAdd, Resource: ResSchedule, Group: "web", Name: "surge-restore-max", Fields: []model.FieldChange{set("start", "2026-11-28T20:30:00Z"), set("max", "6")}}},
			[]model.Action{
				model.PutScheduled{Group: "web", To: model.ScheduleSpec{Name: "surge-raise-max", Start: "2026-11-28T17:30:00Z", Max: &nine}, Now: now},
				model.PutScheduled{Group: "web", To: model.ScheduleSpec{Name: "surge-restore-max", Start: "2026-11-28T20:30:00Z", Max: &six}, Now: now}}, ""},
		{"an instance type", []Change{{Op: OpChange, Resource: ResInstanceType, Group: "web", Fields: []model.FieldChange{field("instance_type", "m5.large", "m7i.large")}}},
			nil, "hoist resize"},
		{"a Spot mix, with a minimum: nothing", []Change{
			{Op: OpChange, Resource: ResGroup, Group: "web", Fields: []model.FieldChange{field("min", "6", "2")}},
			{Op: OpChange, Resource: ResGroup, Group: "web", Fields: []model.FieldChange{field("on_demand_base_capacity", "0", "2")}}},
			nil, "Spot mix"},
		{"another group's change", []Change{{Op: OpChange, Resource: ResGroup, Group: "db", Fields: []model.FieldChange{field("min", "6", "2")}}},
			nil, "not to group web"},
		{"a policy gone", []Change{{Op: OpChange, Resource: ResPolicy, Group: "web", Name: "gone", Fields: []model.FieldChange{field("target", "30", "55")}}},
			nil, "no longer on web"},
		{"a schedule in another zone", []Change{{Op: OpAdd, Resource: ResSchedule, Group: "web", Name: "q", Fields: []model.FieldChange{
			set("recurrence", "0 20 * * *"), set("time_zone", "Europe/Paris")}}}, nil, "UTC only"},
		{"a cleanup removal", []Change{{Op: OpRemove, Resource: ResTargetGroup, Group: "web", Name: "old"}}, nil, "cannot make"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Actions(c.cs, &g, now)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) || got != nil {
					t.Fatalf("got %v, %v; want no actions and an error with %q", got, err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got  %#v\nwant %#v", got, c.want)
			}
			for _, a := range got {
				if err := model.Validate(a, false); err != nil {
					t.Errorf("%s: %v", model.Summary(a), err)
				}
				if err := model.Validate(a, true); !errors.Is(err, model.ErrReadOnly) {
					t.Errorf("%s under read-only: %v", model.Summary(a), err)
				}
			}
		})
	}
	if _, err := Actions(nil, nil, now); err == nil {
		t.Error("no group: no error")
	}
}

// Every recommendation the rules make for the synthetic fleets turns into
// actions that pass the model's checks, or says in one sentence why the
// console cannot make it.
func TestRecommendationsBecomeActions(t *testing.T) {
	fortnight := days(14)
	g := group("web", "web", "m5.large", 6, 40, ttPolicy("cpu", 30))
	s := world{min: 6, max: 40, target: 30, work: businessHours(120, 600), mem: 30, p99: 80}.series(fortnight)
	recs := recommendOne(g, s, fortnight)
	if len(recs) == 0 {
		t.Fatal("no recommendation to turn into actions")
	}
	for _, r := range recs {
		as, err := Actions(r.Changes, &g, fortnight.To)
		switch {
		case r.Kind == KindRightsize || r.Kind == KindGraviton || r.Kind == KindSpot:
			if err == nil {
				t.Errorf("%s: actions %v for what the console cannot send", r.ID, as)
			}
		case err != nil:
			t.Errorf("%s: %v", r.ID, err)
		default:
			for _, a := range as {
				if err := model.Validate(a, false); err != nil {
					t.Errorf("%s: %s: %v", r.ID, model.Summary(a), err)
				}
			}
		}
	}
}
