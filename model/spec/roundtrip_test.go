package spec

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// parseFiles parses files given by name, in name order.
func parseFiles(t *testing.T, files map[string]string) []*Doc {
	t.Helper()
	var docs []*Doc
	for _, name := range slices.Sorted(maps.Keys(files)) {
		d, err := Parse(name, []byte(files[name]))
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		docs = append(docs, d)
	}
	return docs
}

func planFiles(t *testing.T, live *model.LiveConfig, files map[string]string, o PlanOptions) *Plan {
	t.Helper()
	d, err := Resolve(parseFiles(t, files), live, Options{})
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	return Compute(d, live, o)
}

// exported is Export written out as the files it makes.
func exported(t *testing.T, live *model.LiveConfig, f ExportFilter) map[string]string {
	t.Helper()
	outs, err := Export(live, f)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, o := range outs {
		b, err := Marshal(o.File, live.Where)
		if err != nil {
			t.Fatal(err)
		}
		files[o.Path] = string(b)
	}
	return files
}

func planText(p *Plan) string { return strings.Join(Render(p), "\n") }

// TestExportPlansNothing: export the fixture, plan the export against the
// fixture, and nothing changes, whole or narrowed to a group or a tier,
// as separate files or merged into one.
func TestExportPlansNothing(t *testing.T) {
	live := fixtureLive()
	for _, f := range []ExportFilter{{}, {Group: "solemate-app-prod"}, {Tier: "data"}, {Tier: "cache"}} {
		files := exported(t, live, f)
		if p := planFiles(t, live, files, PlanOptions{}); !p.Empty() {
			t.Errorf("export %+v planned changes:\n%s\n%s", f, planText(p), files)
		}
	}
	outs, _ := Export(live, ExportFilter{})
	b, err := Marshal(Merge(outs), live.Where)
	if err != nil {
		t.Fatal(err)
	}
	if p := planFiles(t, live, map[string]string{"all.yml": string(b)}, PlanOptions{Prune: true}); !p.Empty() {
		t.Errorf("merged export planned changes:\n%s", planText(p))
	}
}

// TestExportRoundTripProperty perturbs the fixture at random (capacities,
// settings, processes, policy targets and kinds' options, schedules,
// health checks, attributes, managed alarms) and checks that export then
// plan is empty for every variant.
func TestExportRoundTripProperty(t *testing.T) {
	for seed := uint64(1); seed <= 200; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		live := fixtureLive()
		perturb(r, live)
		files := exported(t, live, ExportFilter{})
		p := planFiles(t, live, files, PlanOptions{Prune: true})
		if !p.Empty() {
			t.Fatalf("seed %d: export then plan is not empty:\n%s\nfiles:\n%v", seed, planText(p), files)
		}
	}
}

func perturb(r *rand.Rand, live *model.LiveConfig) {
	for i := range live.Groups {
		g := &live.Groups[i]
		g.Min = r.IntN(5)
		g.Max = g.Min + r.IntN(50)
		g.Desired = g.Min + r.IntN(g.Max-g.Min+1)
		g.HealthCheckGrace = g.HealthCheckGrace * timeScale(r)
		g.DefaultCooldown = g.DefaultCooldown * timeScale(r)
		if r.IntN(2) == 0 {
			g.TerminationPolicies = []string{"OldestLaunchTemplate", "Default"}
		}
		g.Suspended = nil
		for _, p := range model.Processes() {
			if r.IntN(6) == 0 {
				g.Suspended = append(g.Suspended, p)
			}
		}
	}
	for _, ps := range live.Policies {
		for i := range ps {
			p := &ps[i]
			p.Enabled = bp(r.IntN(4) != 0)
			if t := p.TargetTracking; t != nil {
				t.Target = float64(10+r.IntN(80)) + 0.5*float64(r.IntN(2))
				t.DisableScaleIn = r.IntN(2) == 0
			}
			if pr := p.Predictive; pr != nil && r.IntN(2) == 0 {
				pr.Mode, pr.MaxCapacityBreach, pr.MaxCapacityBuffer = "ForecastAndScale", "IncreaseMaxCapacity", ip(r.IntN(100))
				pr.SchedulingBufferSeconds = ip(r.IntN(3600))
			}
		}
	}
	for i, tg := range live.TargetGroups {
		live.TargetGroups[i].HealthCheck.Interval = time.Duration(10+r.IntN(200)) * time.Second
		if tg.Protocol == "HTTP" {
			tg.Attributes["stickiness.enabled"] = []string{"true", "false"}[r.IntN(2)]
		}
	}
	for i := range live.Alarms {
		a := &live.Alarms[i]
		a.Threshold = float64(r.IntN(1000)) / 4
		a.EvaluationPeriods = 1 + r.IntN(10)
		a.DatapointsToAlarm = ip(1 + r.IntN(a.EvaluationPeriods))
	}
}

func timeScale(r *rand.Rand) time.Duration { return time.Duration(r.IntN(4)) }
