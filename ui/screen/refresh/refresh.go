// Package refresh is the screen of one group's instance refreshes and
// vertical scaling: what the group launches from (its launch template's
// version, instance type and image, and the versions before it), the
// refresh running (status, percentage, instances to update, checkpoints,
// the version it moves to and who made it) and the recent ones. Its
// bindings start a refresh, cancel or roll back the running one, and
// resize the group to another instance type (a new template version, the
// group on it, a refresh; the confirm shows the cost per hour before and
// after). A bad deploy reads here: the refresh that rolls a new version
// out, and the keys that stop it or take it back.
package refresh

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Name is the screen's name in the registry.
const Name = "refresh"

// Context is the key context of the refresh bindings.
const Context = "refresh"

// Reach says how an operator gets to this screen's keys.
const Reach = "open the group's instance refreshes (R) first"

// Bindings are the keys of the refresh context.
var Bindings = []keymap.Spec{
	{Action: "refresh-start", Keys: []string{"n"}, Help: "start an instance refresh (a form)", Section: "Instance refresh", Context: Context, Mutating: true},
	{Action: "refresh-cancel", Keys: []string{"C"}, Help: "cancel the running refresh (replaced instances stay)", Section: "Instance refresh", Context: Context, Mutating: true},
	{Action: "refresh-rollback", Keys: []string{"U"}, Help: "roll back the running refresh to the group's own version", Section: "Instance refresh", Context: Context, Mutating: true},
	{Action: "resize", Keys: []string{"Z"}, Help: "resize: another instance type (new template version, the group on it, a refresh)", Section: "Instance refresh", Context: Context, Mutating: true},
}

var table = screen.Table[*Screen]{
	"quit":             {Run: func(*Screen, *screen.Env) tea.Msg { return intent.Pop{} }},
	"refresh-start":    {Run: (*Screen).start, Disabled: needIdle},
	"refresh-cancel":   {Run: (*Screen).cancel, Disabled: needRunning},
	"refresh-rollback": {Run: (*Screen).rollback, Disabled: needRunning},
	"resize":           {Run: (*Screen).resize, Disabled: needIdle},
}

// Screen is the instance refreshes of one group.
type Screen struct {
	region string // the group's region
	group  string
}

// New is the refresh screen of group, in region.
func New(region, group string) *Screen { return &Screen{region: region, group: group} }

// Region is the group's region: the screen reads its data, and what it
// proposes goes there.
func (s *Screen) Region() string { return s.region }

// Name is the screen's name in the registry.
func (s *Screen) Name() string { return Name }

// Title names the group.
func (s *Screen) Title(env *screen.Env) string {
	return "Instance refresh and resize of " + text.Printable(s.group) + screen.InRegion(env, s.region)
}

// Contexts are the screen's key contexts.
var Contexts = []string{Context}

// Contexts: the refresh bindings.
func (s *Screen) Contexts() []string { return Contexts }

// DetailGroup is the group whose detail the screen draws.
func (s *Screen) DetailGroup() string { return s.group }

// Handles reports whether the screen runs action.
func (s *Screen) Handles(action string) bool { return table.Handles(action) }

// Disabled is why action cannot run now.
func (s *Screen) Disabled(env *screen.Env, action string) string {
	return table.Disabled(s, env, action)
}

// Update runs an action.
func (s *Screen) Update(env *screen.Env, msg tea.Msg) tea.Msg {
	if a, ok := msg.(screen.Action); ok {
		return table.Run(s, env, a.Name)
	}
	return nil
}

// Sources are the data the screen draws.
func (s *Screen) Sources() []model.Class {
	return []model.Class{model.ClassGroups, model.ClassActivities}
}

// Hints are the screen's key hints.
func (s *Screen) Hints(env *screen.Env) string {
	return " " + env.Keys.KeyOf("back") + " back " + env.Keys.KeyOf("help") + " help "
}

// running is the group's refresh that runs, as last read.
func (s *Screen) running(env *screen.Env) (model.InstanceRefresh, bool) {
	d, ok := env.Detail(s.group)
	if !ok {
		return model.InstanceRefresh{}, false
	}
	return model.ActiveRefresh(d.Refreshes)
}

func needRunning(s *Screen, env *screen.Env) string {
	if _, ok := env.Detail(s.group); !ok {
		return "the group's refreshes are not read yet"
	}
	if _, ok := s.running(env); !ok {
		return "no instance refresh of " + s.group + " is running"
	}
	return ""
}

func needIdle(s *Screen, env *screen.Env) string {
	if why := screen.NeedGroup(env, s.group); why != "" {
		return why
	}
	if _, ok := env.Detail(s.group); !ok {
		return "the group's refreshes are not read yet"
	}
	if r, ok := s.running(env); ok {
		return fmt.Sprintf("instance refresh %s is running (%s): cancel it (%s) or let it finish first", r.ID, r.Summary(), env.Keys.KeyOf("refresh-cancel"))
	}
	return ""
}

// cancel proposes cancelling the running refresh.
func (s *Screen) cancel(env *screen.Env) tea.Msg {
	r, _ := s.running(env)
	return intent.Propose{Action: model.CancelRefresh{Group: s.group, From: r},
		Notes: []string{"the instances it replaced stay replaced; the rest keep what they run"}}
}

// rollback proposes rolling the running refresh back.
func (s *Screen) rollback(env *screen.Env) tea.Msg {
	r, _ := s.running(env)
	g, _ := env.Group(s.group)
	notes := []string{"the instances it replaced are replaced again from what " + s.group + " launches from: " + g.Launch.String()}
	return intent.Propose{Action: model.RollbackRefresh{Group: s.group, From: r}, Notes: notes}
}
