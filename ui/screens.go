package ui

import (
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/screen"
	"github.com/solemate/hoist/ui/screen/errors"
	"github.com/solemate/hoist/ui/screen/group"
	"github.com/solemate/hoist/ui/screen/help"
	"github.com/solemate/hoist/ui/screen/insights"
	"github.com/solemate/hoist/ui/screen/lb"
	"github.com/solemate/hoist/ui/screen/overview"
	"github.com/solemate/hoist/ui/screen/plan"
	"github.com/solemate/hoist/ui/screen/policies"
	"github.com/solemate/hoist/ui/screen/refresh"
	"github.com/solemate/hoist/ui/screen/report"
	"github.com/solemate/hoist/ui/screen/schedule"
)

// entry is what the console knows of a screen: its name, its key
// contexts and their bindings, how an operator reaches its keys, and how
// to open it (in a region, about a group or with an argument, for a
// screen about one).
type entry struct {
	name     string
	contexts []string
	bindings []keymap.Spec
	reach    string // "open the policies (P) first"
	open     func(m *Model, region, group string) screen.Screen
}

// registry is every screen of the console, in one place (k9s registers
// its views the same way in internal/view/registrar.go). Adding a screen
// is a package under ui/screen and one line here; intent.Push{Screen:
// name} opens it. The bindings' order is the help's and the README's.
var registry = []entry{
	{overview.Name, overview.Contexts, overview.Bindings, "", func(m *Model, _, _ string) screen.Screen { return m.overview }},
	{group.Name, group.Contexts, group.Bindings, group.Reach, func(_ *Model, r, g string) screen.Screen { return group.New(r, g) }},
	{policies.Name, policies.Contexts, policies.Bindings, policies.Reach, func(_ *Model, r, g string) screen.Screen { return policies.New(r, g) }},
	{schedule.Name, schedule.Contexts, schedule.Bindings, schedule.Reach, func(_ *Model, r, g string) screen.Screen { return schedule.New(r, g) }},
	{refresh.Name, refresh.Contexts, refresh.Bindings, refresh.Reach, func(_ *Model, r, g string) screen.Screen { return refresh.New(r, g) }},
	{help.Name, nil, nil, "", func(*Model, string, string) screen.Screen { return help.New() }},
	{errors.Name, nil, nil, "", func(*Model, string, string) screen.Screen { return errors.New() }},
	{lb.Name, lb.Contexts, lb.Bindings, lb.Reach, func(m *Model, _, _ string) screen.Screen { return lb.New(m.overview.Range()) }},
	{plan.Name, plan.Contexts, plan.Bindings, plan.Reach, func(m *Model, _, _ string) screen.Screen { return m.plan.screen }},
	{report.Name, report.Contexts, report.Bindings, report.Reach, func(_ *Model, r, arg string) screen.Screen { return report.New(r, arg) }},
	{insights.Name, insights.Contexts, insights.Bindings, insights.Reach, func(_ *Model, r, arg string) screen.Screen { return insights.New(r, arg) }},
}

func lookupScreen(name string) (entry, bool) {
	for _, e := range registry {
		if e.name == name {
			return e, true
		}
	}
	return entry{}, false
}

// allSpecs are the root's bindings and every screen's, in help order.
func allSpecs() []keymap.Spec {
	specs := append([]keymap.Spec(nil), rootSpecs...)
	for _, e := range registry {
		specs = append(specs, e.bindings...)
	}
	return specs
}

// chains are the key contexts each screen reads together, Global last:
// a key may be bound once per chain.
func chains() [][]string {
	var out [][]string
	for _, e := range registry {
		out = append(out, append(append([]string(nil), e.contexts...), keymap.Global))
	}
	return out
}
