package insight

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"time"

	"github.com/solemate/hoist/model"
)

func recommendOne(g model.Group, s Series, w Window) []Recommendation {
	return Recommend([]GroupData{{Group: g, Series: s}}, prices(), Options{Window: w})
}

func changes(rs []Recommendation) []string {
	var out []string
	for _, r := range rs {
		for _, c := range r.Changes {
			out = append(out, c.String())
		}
	}
	return out
}

func kinds(rs []Recommendation) []string {
	var out []string
	for _, r := range rs {
		k := r.Kind
		if r.HeldBack != "" {
			k += " (held back)"
		}
		out = append(out, k)
	}
	return out
}

func TestRecommendationRules(t *testing.T) {
	fortnight := days(14)
	forecasting := model.Policy{Name: "forecast", Type: model.PolicyPredictive, Enabled: true,
		Predictive: &model.Predictive{Mode: "ForecastAndScale", Metric: "ASGCPUUtilization", TargetValue: 60}}
	withTags := func(g model.Group, kv ...string) model.Group {
		for i := 0; i+1 < len(kv); i += 2 {
			g.Tags[kv[i]] = kv[i+1]
		}
		return g
	}
	cases := []struct {
		name    string
		g       model.Group
		w       world
		kinds   []string
		changes []string
	}{
		{
			name: "no waste, no recommendation",
			g:    group("db", "data", "m6i.large", 2, 20, ttPolicy("cpu", 60), forecasting),
			w:    world{min: 2, max: 20, target: 60, work: diurnal(150, 600), mem: 60, p99: 80},
		},
		{
			name:    "minimum too high for the night",
			g:       group("db", "data", "m6i.large", 6, 20, ttPolicy("cpu", 60), forecasting),
			w:       world{min: 6, max: 20, target: 60, work: businessHours(120, 600), mem: 60, p99: 80},
			kinds:   []string{KindMinTooHigh},
			changes: []string{"~ group db min 6 → 3"},
		},
		{
			name:    "minimum too high for the quiet hours of a smooth daily curve",
			g:       group("db", "data", "m6i.large", 6, 20, ttPolicy("cpu", 60), forecasting),
			w:       world{min: 6, max: 20, target: 60, work: diurnal(100, 600), mem: 60, p99: 80},
			kinds:   []string{KindMinTooHigh},
			changes: []string{"~ group db min 6 → 4"},
		},
		{
			name:    "target too low, latency has room",
			g:       group("db", "data", "m6i.large", 2, 40, ttPolicy("cpu", 30), forecasting),
			w:       world{min: 2, max: 40, target: 30, work: diurnal(150, 600), mem: 60, p99: 80},
			kinds:   []string{KindTargetTooLow},
			changes: []string{"~ policy db cpu target 30 → 55"},
		},
		{
			name:    "target raised only as far as the busiest instance has room",
			g:       group("db", "data", "m6i.large", 2, 40, ttPolicy("cpu", 30), forecasting),
			w:       world{min: 2, max: 40, target: 30, work: diurnal(150, 600), mem: 60, p99: 80, busiest: 1.9},
			kinds:   []string{KindTargetTooLow},
			changes: []string{"~ policy db cpu target 30 → 42"},
		},
		{
			name:    "an even group is raised the whole step",
			g:       group("db", "data", "m6i.large", 2, 40, ttPolicy("cpu", 30), forecasting),
			w:       world{min: 2, max: 40, target: 30, work: diurnal(150, 600), mem: 60, p99: 80, busiest: 1.1},
			kinds:   []string{KindTargetTooLow},
			changes: []string{"~ policy db cpu target 30 → 55"},
		},
		{
			name: "target low but the busiest instance has no room",
			g:    group("db", "data", "m6i.large", 2, 40, ttPolicy("cpu", 30), forecasting),
			w:    world{min: 2, max: 40, target: 30, work: diurnal(150, 600), mem: 60, p99: 80, busiest: 2.7},
		},
		{
			name: "target low but latency has no room",
			g:    group("db", "data", "m6i.large", 2, 40, ttPolicy("cpu", 30), forecasting),
			w:    world{min: 2, max: 40, target: 30, work: diurnal(150, 600), mem: 60, p99: 600},
		},
		{
			name:  "guard rail: availability under 99.9% holds the minimum back",
			g:     group("db", "data", "m6i.large", 6, 20, ttPolicy("cpu", 60), forecasting),
			w:     world{min: 6, max: 20, target: 60, work: businessHours(120, 600), mem: 60, p99: 80, errShare: 0.002},
			kinds: []string{KindMinTooHigh + " (held back)"}, changes: []string{"~ group db min 6 → 3"},
		},
		{
			name:  "guard rail: p99 over a second holds the target back",
			g:     group("db", "data", "m6i.large", 2, 40, ttPolicy("cpu", 30), forecasting),
			w:     world{min: 2, max: 40, target: 30, work: diurnal(150, 600), mem: 60, p99: 1200},
			kinds: nil, // no latency headroom either: nothing to hold back
		},
		{
			name:  "scheduled scale-in for business hours",
			g:     group("db", "data", "m6i.large", 10, 10),
			w:     world{fixed: 10, target: 60, work: businessHours(60, 480), mem: 60, p99: 80},
			kinds: []string{KindScheduledScaleIn},
			changes: []string{
				"+ schedule db quiet-scale-in: recurrence 0 18 * * *, time_zone UTC, min 2, desired 2",
				"+ schedule db busy-scale-out: recurrence 0 8 * * 1-5, time_zone UTC, min 10, desired 10",
			},
		},
		{
			name:  "capacity too high for a group without dynamic scaling, then its quiet hours",
			g:     group("db", "data", "m6i.large", 8, 8),
			w:     world{fixed: 8, target: 60, work: diurnal(60, 240), mem: 60, p99: 80},
			kinds: []string{KindCapacityTooHigh, KindScheduledScaleIn},
			changes: []string{
				"~ group db min 8 → 5, desired 8 → 5",
				"+ schedule db quiet-scale-in: recurrence 0 4 * * *, time_zone UTC, min 3, desired 3",
				"+ schedule db busy-scale-out: recurrence 0 12 * * *, time_zone UTC, min 5, desired 5",
			},
		},
		{
			name:    "predictive scaling for a strong daily pattern",
			g:       group("db", "data", "m6i.large", 2, 20, ttPolicy("cpu", 60)),
			w:       world{min: 2, max: 20, target: 60, work: diurnal(150, 600), mem: 60, p99: 80},
			kinds:   []string{KindPredictive},
			changes: []string{"+ policy db predictive: type PredictiveScaling, metric ASGCPUUtilization, target 60, mode ForecastAndScale"},
		},
		{
			// Auto Scaling keeps the higher of the forecast's capacity and
			// target tracking's: a forecast at 30% would hold every
			// instance the raise to 55% saves.
			name:  "a forecast holds the target recommended above it",
			g:     group("db", "data", "m6i.large", 2, 40, ttPolicy("cpu", 30)),
			w:     world{min: 2, max: 40, target: 30, work: diurnal(150, 600), mem: 60, p99: 80},
			kinds: []string{KindTargetTooLow, KindPredictive},
			changes: []string{"~ policy db cpu target 30 → 55",
				"+ policy db predictive: type PredictiveScaling, metric ASGCPUUtilization, target 55, mode ForecastAndScale"},
		},
		{
			name: "a ForecastOnly policy at another target scales at the target tracking's",
			g: group("db", "data", "m6i.large", 2, 20, ttPolicy("cpu", 60), model.Policy{Name: "fc", Type: model.PolicyPredictive, Enabled: true,
				Predictive: &model.Predictive{Mode: "ForecastOnly", Metric: "ASGCPUUtilization", TargetValue: 40}}),
			w:       world{min: 2, max: 20, target: 60, work: diurnal(150, 600), mem: 60, p99: 80},
			kinds:   []string{KindPredictive},
			changes: []string{"~ policy db fc mode ForecastOnly → ForecastAndScale, target 40 → 60"},
		},
		{
			name: "no forecast for a group scaled on a queue: it has no CPU target of its own",
			g:    group("workers", "worker", "c6i.large", 1, 20, model.Policy{Name: "backlog-out", Type: model.PolicyStep, Enabled: true}),
			w:    world{min: 1, max: 20, target: 60, work: diurnal(60, 600), mem: 60, p99: 80},
		},
		{
			name: "ForecastOnly becomes ForecastAndScale",
			g: group("db", "data", "m6i.large", 2, 20, ttPolicy("cpu", 60), model.Policy{Name: "fc", Type: model.PolicyPredictive, Enabled: true,
				Predictive: &model.Predictive{Mode: "ForecastOnly", Metric: "ASGCPUUtilization"}}),
			w:       world{min: 2, max: 20, target: 60, work: diurnal(150, 600), mem: 60, p99: 80},
			kinds:   []string{KindPredictive},
			changes: []string{"~ policy db fc mode ForecastOnly → ForecastAndScale"},
		},
		{
			name:    "rightsize: low CPU and memory at the floor, one size down and newer",
			g:       group("db", "data", "m5.xlarge", 2, 20, ttPolicy("cpu", 60), forecasting),
			w:       world{min: 2, max: 20, target: 60, work: diurnal(20, 60), mem: 30, p99: 80},
			kinds:   []string{KindRightsize},
			changes: []string{"~ instance-type db instance_type m5.xlarge → m6a.large"},
		},
		{
			name:    "rightsize without memory: newer, same size",
			g:       group("db", "data", "m5.xlarge", 2, 20, ttPolicy("cpu", 60), forecasting),
			w:       world{min: 2, max: 20, target: 60, work: diurnal(20, 60), p99: 80},
			kinds:   []string{KindRightsize},
			changes: []string{"~ instance-type db instance_type m5.xlarge → m6a.xlarge"},
		},
		{
			name:    "graviton where the tags allow it",
			g:       withTags(group("db", "data", "m5.xlarge", 2, 20, ttPolicy("cpu", 60), forecasting), "Architecture", "x86_64,arm64"),
			w:       world{min: 2, max: 20, target: 60, work: diurnal(20, 60), mem: 30, p99: 80},
			kinds:   []string{KindGraviton},
			changes: []string{"~ instance-type db instance_type m5.xlarge → m6g.large"},
		},
		{
			name:    "a Graviton group stays on arm64, untagged",
			g:       group("db", "data", "r6g.xlarge", 2, 20, ttPolicy("cpu", 60), forecasting),
			w:       world{min: 2, max: 20, target: 60, work: diurnal(20, 60), mem: 30, p99: 80},
			kinds:   []string{KindRightsize},
			changes: []string{"~ instance-type db instance_type r6g.xlarge → r6g.large"},
		},
		{
			name:  "spot for a stateless tier",
			g:     group("web", "web", "m6i.large", 2, 20, ttPolicy("cpu", 60), forecasting),
			w:     world{min: 2, max: 20, target: 60, work: diurnal(150, 600), mem: 60, p99: 80},
			kinds: []string{KindSpot},
			changes: []string{"~ group web on_demand_base_capacity 0 → 2, on_demand_percentage_above_base 100 → 25, " +
				"spot_allocation_strategy none → price-capacity-optimized, instance_types m6i.large → m6i.large,m7i.large,m6a.large"},
		},
		{
			name: "no spot for a stateful tier, even tagged web",
			g:    withTags(group("web", "web", "m6i.large", 2, 20, ttPolicy("cpu", 60), forecasting), "Stateless", "false"),
			w:    world{min: 2, max: 20, target: 60, work: diurnal(150, 600), mem: 60, p99: 80},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := recommendOne(c.g, c.w.series(fortnight), fortnight)
			if got := strings.Join(kinds(rs), "; "); got != strings.Join(c.kinds, "; ") {
				t.Fatalf("kinds %q, want %q\n%v", got, strings.Join(c.kinds, "; "), changes(rs))
			}
			if got := strings.Join(changes(rs), "\n"); got != strings.Join(c.changes, "\n") {
				t.Fatalf("changes:\n%s\nwant:\n%s", got, strings.Join(c.changes, "\n"))
			}
			for _, r := range rs {
				if len(r.Evidence) == 0 || r.Risk == "" || r.Title == "" || r.ID != r.Kind+"/"+r.Group {
					t.Errorf("incomplete recommendation %+v", r)
				}
				if r.Kind != KindPredictive && r.SavingPerMonth < MinSavingPerMonth {
					t.Errorf("%s saves %v a month", r.Kind, r.SavingPerMonth)
				}
			}
		})
	}
}

// The minimum's saving is the instances it no longer holds at night:
// three fewer for half of every day.
func TestMinimumSavingIsTheNightsInstances(t *testing.T) {
	w := days(14)
	g := group("db", "data", "m6i.large", 6, 20, ttPolicy("cpu", 60))
	wd := world{min: 6, max: 20, target: 60, work: func(tm time.Time) float64 {
		if tm.Hour() < 12 {
			return 120 // 2 instances at 60%
		}
		return 600 // 10
	}, mem: 60, p99: 80}
	rs := recommendOne(g, wd.series(w), w)
	if len(rs) == 0 || rs[0].Kind != KindMinTooHigh {
		t.Fatalf("%v", kinds(rs))
	}
	want := 3 * 0.5 * HoursPerMonth * 0.096
	if math.Abs(rs[0].SavingPerMonth-want) > 1e-6 {
		t.Fatalf("saving %v, want %v", rs[0].SavingPerMonth, want)
	}
}

// Savings of one group add up: the target's saving is counted after the
// minimum's, so the two never claim the same instance.
func TestSavingsStackWithinAGroup(t *testing.T) {
	w := days(14)
	g := group("db", "data", "m6i.large", 6, 40, ttPolicy("cpu", 30), model.Policy{Name: "forecast", Type: model.PolicyPredictive,
		Enabled: true, Predictive: &model.Predictive{Mode: "ForecastAndScale"}})
	wd := world{min: 6, max: 40, target: 30, work: businessHours(60, 900), mem: 60, p99: 80}
	s := wd.series(w)
	rs := recommendOne(g, s, w)
	if got := strings.Join(kinds(rs), ","); got != KindMinTooHigh+","+KindTargetTooLow && got != KindTargetTooLow+","+KindMinTooHigh {
		t.Fatalf("kinds %s", got)
	}
	st := &state{d: &GroupData{Group: g, Series: s}, g: &g, w: w, ref: ReferenceOf(&g), prices: prices(), o: Options{Window: w, Guard: DefaultGuard()}}
	st.samples = samplesOf(&g, s, w, st.ref)
	for _, x := range st.samples {
		st.span += x.dt
	}
	both := currentConfig(&g, st.ref, prices())
	before := st.monthly(both)
	for _, r := range rs { // as the two recommendations say
		for _, f := range r.Changes[0].Fields {
			v, _ := strconv.ParseFloat(f.After, 64)
			switch f.Field {
			case "min":
				both.min = int(v)
			case "target":
				both.target = v
			}
		}
	}
	if both.min != 2 || both.target != 55 {
		t.Fatalf("min %d, target %v", both.min, both.target)
	}
	if sum := rs[0].SavingPerMonth + rs[1].SavingPerMonth; math.Abs(sum-(before-st.monthly(both))) > 1e-6 {
		t.Fatalf("savings %v + %v do not add up to both changes' %v", rs[0].SavingPerMonth, rs[1].SavingPerMonth, before-st.monthly(both))
	}
}
