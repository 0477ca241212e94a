package main

import (
	"strings"
	"testing"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	"github.com/solemate/hoist/model/spec"
)

// Recommendations written as configuration files plan to exactly the
// changes they name; those the format cannot say yet, and held-back ones,
// are not written.
func TestRecommendationsAsFiles(t *testing.T) {
	where := model.Where{Account: "000000000000", Region: "us-east-1", Simulator: true}
	g := model.Group{Name: "db", Tier: "data", Capacity: model.Capacity{Min: 6, Desired: 6, Max: 20},
		HealthCheckType: "EC2", AZs: []string{"us-east-1a"}}
	live := &model.LiveConfig{Where: where, Groups: []model.Group{g},
		Policies: map[string][]model.PolicySpec{"db": {{Name: "cpu", TargetTracking: &model.TargetTrackingSpec{
			Metric: "ASGAverageCPUUtilization", Target: 30}}}},
		Scheduled: map[string][]model.ScheduleSpec{}}
	change := func(op, res, name string, fs ...model.FieldChange) insight.Change {
		return insight.Change{Op: op, Resource: res, Group: "db", Name: name, Fields: fs}
	}
	f := func(name, before, after string) model.FieldChange {
		return model.FieldChange{Field: name, Before: before, After: after}
	}
	recs := []insight.Recommendation{
		{ID: "min-too-high/db", Kind: insight.KindMinTooHigh, Group: "db", Title: "Lower the minimum", Risk: "r",
			Changes: []insight.Change{change("~", insight.ResGroup, "", f("min", "6", "3"))}},
		{ID: "target-too-low/db", Kind: insight.KindTargetTooLow, Group: "db", Title: "Raise the target", Risk: "r",
			Changes: []insight.Change{change("~", insight.ResPolicy, "cpu", f("target", "30", "55"))}},
		{ID: "scheduled-scale-in/db", Kind: insight.KindScheduledScaleIn, Group: "db", Title: "Schedule", Risk: "r",
			Changes: []insight.Change{change("+", insight.ResSchedule, "quiet-scale-in",
				f("recurrence", "", "0 20 * * *"), f("time_zone", "", "UTC"), f("min", "", "2"), f("desired", "", "2"))}},
		{ID: "predictive-scaling/db", Kind: insight.KindPredictive, Group: "db", Title: "Predict", Risk: "r",
			Changes: []insight.Change{change("+", insight.ResPolicy, "predictive",
				f("type", "", model.PolicyPredictive), f("metric", "", "ASGCPUUtilization"), f("target", "", "55"), f("mode", "", "ForecastAndScale"))}},
		{ID: "rightsize/db", Kind: insight.KindRightsize, Group: "db", Title: "Resize", Risk: "r",
			Changes: []insight.Change{change("~", insight.ResInstanceType, "", f("instance_type", "m5.xlarge", "m6a.large"))}},
		{ID: "min-too-high/db2", Kind: insight.KindMinTooHigh, Group: "db2", HeldBack: "availability", Risk: "r",
			Changes: []insight.Change{change("~", insight.ResGroup, "", f("min", "6", "3"))}},
	}
	files, left := recommendationFiles(recs, live)
	if len(files) != 4 || len(left) != 1 || left[0].ID != "rightsize/db" {
		t.Fatalf("%d files, left out %v", len(files), left)
	}
	dir := t.TempDir()
	if err := writeRecommendationFiles(dir, files, recs, where); err != nil {
		t.Fatal(err)
	}
	saved, err := readConfigFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := parseConfigFiles(saved)
	if err != nil {
		t.Fatalf("hoist's own files do not parse: %v", err)
	}
	desired, err := spec.Resolve(docs, live, spec.Options{ValidZone: validZone})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(spec.Render(spec.Compute(desired, live, spec.PlanOptions{})), "\n")
	for _, want := range []string{"~ group db", "6 → 3", "~ policy db/cpu", "30 → 55",
		"+ scheduled action db/quiet-scale-in", "+ policy db/predictive", "ForecastAndScale"} {
		if !strings.Contains(got, want) {
			t.Errorf("the plan of the files has no %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "db2") {
		t.Errorf("a held-back recommendation was written:\n%s", got)
	}
}

// A forecast switched to ForecastAndScale at the target recommended
// beside it is written as the whole policy with both fields changed.
func TestRecommendedForecastFile(t *testing.T) {
	live := &model.LiveConfig{Where: model.Where{Simulator: true}, Groups: []model.Group{{Name: "web"}},
		Policies: map[string][]model.PolicySpec{"web": {{Name: "fc", Predictive: &model.PredictiveSpec{
			Mode: "ForecastOnly", Metric: "ASGCPUUtilization", Target: 30}}}}}
	recs := []insight.Recommendation{{ID: "predictive-scaling/web", Kind: insight.KindPredictive, Group: "web",
		Changes: []insight.Change{{Op: "~", Resource: insight.ResPolicy, Group: "web", Name: "fc", Fields: []model.FieldChange{
			{Field: "mode", Before: "ForecastOnly", After: "ForecastAndScale"}, {Field: "target", Before: "30", After: "55"}}}}}}
	files, left := recommendationFiles(recs, live)
	if len(files) != 1 || len(left) != 0 || len(files[0].File.Groups[0].Policies) != 1 {
		t.Fatalf("%d files, left out %v", len(files), left)
	}
	if p := files[0].File.Groups[0].Policies[0].Predictive; p == nil || p.Mode != "ForecastAndScale" || p.Target != 55 || p.Metric != "ASGCPUUtilization" {
		t.Fatalf("policy written %+v", p)
	}
	if live.Policies["web"][0].Predictive.Target != 30 {
		t.Error("writing the file changed the live policy")
	}
}
