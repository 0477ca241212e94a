package spec

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/solemate/hoist/model"
)

// largeLive is the fixture's groups repeated to n groups (names made
// unique), with their policies and scheduled actions.
func largeLive(n int) *model.LiveConfig {
	base := fixtureLive()
	live := *base
	live.Groups, live.Policies, live.Scheduled = nil, map[string][]model.PolicySpec{}, map[string][]model.ScheduleSpec{}
	for i := 0; len(live.Groups) < n; i++ {
		for _, g := range base.Groups {
			if len(live.Groups) == n {
				break
			}
			name := fmt.Sprintf("%s-%04d", g.Name, i)
			ng := g
			ng.Name = name
			live.Groups = append(live.Groups, ng)
			live.Policies[name] = base.Policies[g.Name]
			live.Scheduled[name] = base.Scheduled[g.Name]
		}
	}
	slices.SortFunc(live.Groups, func(a, b model.Group) int { return strings.Compare(a.Name, b.Name) })
	live.Dashboards = map[string]string{"hoist-web": DashboardBody("web", &live)}
	return &live
}

// BenchmarkExportPlan: export 1,000 groups, parse the files, resolve and
// plan them against the same fleet (what hoist plan does after reading).
func BenchmarkExportPlan(b *testing.B) {
	live := largeLive(1000)
	outs, err := Export(live, ExportFilter{})
	if err != nil {
		b.Fatal(err)
	}
	var files [][]byte
	for _, o := range outs {
		data, err := Marshal(o.File, live.Where)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
	}
	b.ResetTimer()
	for b.Loop() {
		var docs []*Doc
		for i, f := range files {
			d, err := Parse(fmt.Sprint(i), f)
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, d)
		}
		d, err := Resolve(docs, live, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if p := Compute(d, live, PlanOptions{}); !p.Empty() {
			b.Fatal("not empty")
		}
	}
}
