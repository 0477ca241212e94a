// Package group is one group's screen: a summary, its instances (one
// selected: the instance context's bindings act on it), its policies,
// scheduled actions and recent activities. The group context's bindings
// (scale, limits, suspend, policies) act on its group here as on the
// overview.
package group

import (
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Name is the screen's name in the registry.
const Name = "group"

// Context is the key context of the instance bindings.
const Context = "instance"

// Reach says how an operator gets to this screen's keys.
const Reach = "open a group's detail (enter) and select an instance first"

// Bindings are the keys of the instance context.
var Bindings = []keymap.Spec{
	{Action: "mark-unhealthy", Keys: []string{"h"}, Help: "mark the instance unhealthy", Section: "Group detail", Context: Context, Mutating: true},
	{Action: "terminate", Keys: []string{"t"}, Help: "terminate the instance", Section: "Group detail", Context: Context, Mutating: true},
	{Action: "standby", Keys: []string{"b"}, Help: "enter or exit standby", Section: "Group detail", Context: Context, Mutating: true},
}

var table = screen.Moves((*Screen).move, func(s *Screen) int { return s.h / 2 }).With(screen.Table[*Screen]{
	"mark-unhealthy": {Run: (*Screen).markUnhealthy, Disabled: needInstance},
	"terminate":      {Run: (*Screen).terminate, Disabled: needInstance},
	"standby":        {Run: (*Screen).standby, Disabled: needInstance},
})

// Screen is one group's screen.
type Screen struct {
	region string // the group's region
	group  string
	cursor int // the selected instance
	h      int // the height of its area
}

// New is the screen of group, in region.
func New(region, group string) *Screen { return &Screen{region: region, group: group} }

// Region is the group's region: the screen reads its data, and what it
// proposes goes there.
func (s *Screen) Region() string { return s.region }

// Name is the screen's name in the registry.
func (s *Screen) Name() string { return Name }

// Title names the group.
func (s *Screen) Title(env *screen.Env) string {
	return "Group " + text.Printable(s.group) + screen.InRegion(env, s.region)
}

// Contexts: the instance bindings, then the group's.
func (s *Screen) Contexts() []string { return Contexts }

// Contexts are the screen's key contexts, most specific first.
var Contexts = []string{Context, screen.GroupContext}

// Handles reports whether the screen runs action.
func (s *Screen) Handles(action string) bool { return table.Handles(action) }

// Disabled is why action cannot run now.
func (s *Screen) Disabled(env *screen.Env, action string) string {
	return table.Disabled(s, env, action)
}

// Update runs an action.
func (s *Screen) Update(env *screen.Env, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case screen.Action:
		return table.Run(s, env, msg.Name)
	case screen.Resized:
		s.h = msg.H
	}
	return nil
}

// DetailGroup is the group whose detail (its instance refresh) the
// screen draws.
func (s *Screen) DetailGroup() string { return s.group }

// SelectedGroup is the screen's group, while the snapshot has it.
func (s *Screen) SelectedGroup(env *screen.Env) (string, bool) {
	if _, ok := env.Group(s.group); !ok {
		return "", false
	}
	return s.group, true
}

// Sources are the data the screen draws: the group and its activities.
func (s *Screen) Sources() []model.Class {
	return []model.Class{model.ClassGroups, model.ClassActivities}
}

// Hints are the screen's key hints.
func (s *Screen) Hints(env *screen.Env) string {
	k := env.Keys.KeyOf
	return fmt.Sprintf(" %s health %s terminate %s standby %s back %s help ", k("mark-unhealthy"), k("terminate"), k("standby"), k("back"), k("help"))
}

// instances are the group's instances in display order.
func (s *Screen) instances(env *screen.Env) []model.Instance {
	g, ok := env.Group(s.group)
	if !ok {
		return nil
	}
	out := append([]model.Instance(nil), g.Instances...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].AZ != out[j].AZ {
			return out[i].AZ < out[j].AZ
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// SelectedInstance is the instance under the cursor.
func (s *Screen) SelectedInstance(env *screen.Env) (model.Instance, bool) {
	ins := s.instances(env)
	if len(ins) == 0 {
		return model.Instance{}, false
	}
	return ins[max(0, min(s.cursor, len(ins)-1))], true
}

func (s *Screen) move(env *screen.Env, d int) tea.Msg {
	s.cursor = max(0, min(len(s.instances(env))-1, s.cursor+d))
	return nil
}

func needInstance(s *Screen, env *screen.Env) string {
	if _, ok := s.SelectedInstance(env); !ok {
		return "select an instance in the group's detail (enter) first"
	}
	return ""
}

func (s *Screen) markUnhealthy(env *screen.Env) tea.Msg {
	in, _ := s.SelectedInstance(env)
	return intent.Propose{Action: model.SetInstanceHealth{Group: s.group, Instance: in.ID, From: screen.HealthOf(in), Health: model.HealthUnhealthy, RespectGrace: false}}
}

func (s *Screen) terminate(env *screen.Env) tea.Msg {
	g, _ := env.Group(s.group)
	in, _ := s.SelectedInstance(env)
	name, from, id := g.Name, g.Capacity, in.ID
	return screen.Open{Dialog: dialog.NewChoice("Terminate "+id, "Terminate "+id+" of "+name+":",
		dialog.Option{Key: "r", Label: "terminate and let the group replace it",
			Then: intent.Propose{Action: model.TerminateInstance{Group: name, Instance: id, From: from}}},
		dialog.Option{Key: "d", Label: "terminate and decrement desired",
			Then: intent.Propose{Action: model.TerminateInstance{Group: name, Instance: id, From: from, Decrement: true}}})}
}

func (s *Screen) standby(env *screen.Env) tea.Msg {
	g, _ := env.Group(s.group)
	in, _ := s.SelectedInstance(env)
	name, from, id := g.Name, g.Capacity, in.ID
	if in.Lifecycle == model.StateStandby {
		return intent.Propose{Action: model.ExitStandby{Group: name, Instance: id, From: from}}
	}
	return screen.Open{Dialog: dialog.NewChoice("Standby "+id, "Move "+id+" of "+name+" to standby:",
		dialog.Option{Key: "r", Label: "and launch a replacement",
			Then: intent.Propose{Action: model.EnterStandby{Group: name, Instance: id, From: from}}},
		dialog.Option{Key: "d", Label: "and decrement desired",
			Then: intent.Propose{Action: model.EnterStandby{Group: name, Instance: id, From: from, Decrement: true}}})}
}

// View frames the detail.
func (s *Screen) View(env *screen.Env, w, h int) []string {
	return env.Box(s.Title(env), true, w, h, s.lines(env, w-2, h-2))
}

// lines: a summary, the instances (selectable), policies, scheduled
// actions and recent activities.
func (s *Screen) lines(env *screen.Env, w, h int) []string {
	st := &env.St
	g, ok := env.Group(s.group)
	if !ok {
		return []string{env.Styled(st.Warn, "the group is gone from the latest snapshot; esc goes back", w)}
	}
	out := []string{env.Styled(st.Emph, summary(env, g), w)}
	if len(g.Suspended) > 0 {
		out = append(out, env.Styled(st.Warn, "suspended: "+text.Printable(strings.Join(g.Suspended, ", ")), w))
	}
	if a, ok := env.Inflight[g.Name]; ok {
		out = append(out, env.Styled(st.Inflight, "in flight: "+env.Arrows(text.Printable(a)), w))
	}
	out = append(out, refreshLines(env, g, w)...)
	// Share the height: instances get what the other sections leave.
	pol, sch, act := policyLines(env, g, w), scheduledLines(env, g, w), activityLines(env, g, w)
	rest := len(pol) + len(sch) + min(len(act), 6) + 4
	out = append(out, s.instanceLines(env, g, w, max(h-len(out)-rest, 4))...)
	out = append(out, pol...)
	out = append(out, sch...)
	for _, l := range act {
		if len(out) >= h {
			break
		}
		out = append(out, l)
	}
	if len(out) > h {
		out = out[:h]
	}
	return out
}

func summary(env *screen.Env, g *model.Group) string {
	c := g.Counts()
	cost := model.CostOf(g, env.Snap.Prices)
	return fmt.Sprintf("tier %s  min %d desired %d max %d  in service %d pending %d unhealthy %d standby %d  $%.2f/h  health check %s",
		text.Printable(g.TierOrUntiered()), g.Min, g.Desired, g.Max, c.InService, c.Pending, c.Unhealthy, c.Standby, cost.Total(), text.Printable(g.HealthCheckType))
}
