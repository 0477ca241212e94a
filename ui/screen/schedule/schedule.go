// Package schedule is the screen of one group's scheduled actions: each
// one-off or recurring action (a cron in its time zone) with the min,
// desired and max it sets and its next runs in its zone and in UTC, and
// the bindings that create, edit (through a form that shows the next five
// runs before confirming, refuses a cron that never fires and warns when
// the action would fight a ForecastAndScale policy or set desired outside
// min and max) and delete one (its name typed back).
package schedule

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Name is the screen's name in the registry.
const Name = "schedule"

// Context is the key context of the scheduled action bindings.
const Context = "schedule"

// Reach says how an operator gets to this screen's keys.
const Reach = "open the group's scheduled actions (c) first"

// Bindings are the keys of the schedule context.
var Bindings = []keymap.Spec{
	{Action: "schedule-new", Keys: []string{"n"}, Help: "create a scheduled action, one-off or recurring (a form)", Section: "Scheduled actions", Context: Context, Mutating: true},
	{Action: "schedule-edit", Keys: []string{"E", "enter"}, Help: "edit the scheduled action (a form)", Section: "Scheduled actions", Context: Context, Mutating: true},
	{Action: "schedule-delete", Keys: []string{"D"}, Help: "delete the scheduled action (its name typed back)", Section: "Scheduled actions", Context: Context, Mutating: true},
}

var table = screen.Moves((*Screen).move, func(*Screen) int { return 5 }).With(screen.Table[*Screen]{
	"quit":            {Run: func(*Screen, *screen.Env) tea.Msg { return intent.Pop{} }},
	"schedule-new":    {Run: (*Screen).create, Disabled: needGroup},
	"schedule-edit":   {Run: (*Screen).edit, Disabled: needAction},
	"schedule-delete": {Run: (*Screen).delete, Disabled: needAction},
})

// Screen is the scheduled actions of one group.
type Screen struct {
	region string // the group's region
	group  string
	cursor int
}

// New is the scheduled actions screen of group, in region.
func New(region, group string) *Screen { return &Screen{region: region, group: group} }

// Region is the group's region: the screen reads its data, and what it
// proposes goes there.
func (s *Screen) Region() string { return s.region }

// Name is the screen's name in the registry.
func (s *Screen) Name() string { return Name }

// Title names the group.
func (s *Screen) Title(env *screen.Env) string {
	return "Scheduled actions of " + text.Printable(s.group) + screen.InRegion(env, s.region)
}

// Contexts are the screen's key contexts.
var Contexts = []string{Context}

// Contexts: the schedule bindings.
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
func (s *Screen) Sources() []model.Class { return []model.Class{model.ClassGroups} }

// Hints are the screen's key hints.
func (s *Screen) Hints(env *screen.Env) string {
	return " " + env.Keys.KeyOf("back") + " back " + env.Keys.KeyOf("help") + " help "
}

// actions are the group's scheduled actions: the detail's when read
// (fresh, with their next runs), else the snapshot's.
func (s *Screen) actions(env *screen.Env) []model.ScheduledAction {
	if d, ok := env.Detail(s.group); ok {
		return d.Scheduled
	}
	if g, ok := env.Group(s.group); ok {
		return g.Scheduled
	}
	return nil
}

// Selected is the action under the cursor.
func (s *Screen) Selected(env *screen.Env) (model.ScheduledAction, bool) {
	return screen.Pick(s.actions(env), s.cursor)
}

func (s *Screen) move(env *screen.Env, d int) tea.Msg {
	s.cursor = screen.Step(s.cursor, d, len(s.actions(env)))
	return nil
}

func needAction(s *Screen, env *screen.Env) string {
	if _, ok := s.Selected(env); !ok {
		return "no scheduled action selected"
	}
	return ""
}

func needGroup(s *Screen, env *screen.Env) string { return screen.NeedGroup(env, s.group) }

// delete proposes deleting the selected action, its name typed back.
func (s *Screen) delete(env *screen.Env) tea.Msg {
	a, _ := s.Selected(env)
	spec := model.ScheduleSpecOf(a)
	return intent.Propose{Action: model.DeleteScheduled{Group: s.group, From: spec}, Notes: []string{spec.Summary()}, TypeName: a.Name}
}

// View frames the list and the selected action.
func (s *Screen) View(env *screen.Env, w, h int) []string {
	return env.Box(s.Title(env), true, w, h, s.lines(env, w-2, h-2))
}

func (s *Screen) lines(env *screen.Env, w, h int) []string {
	st := &env.St
	k := env.Keys.KeyOf
	hint := look.Styled(st.KeyHint, fmt.Sprintf("%s new  %s edit  %s delete  %s back", k("schedule-new"), k("schedule-edit"), k("schedule-delete"), k("back")), w, env.G.Ellipsis)
	var out []string
	if note := env.DetailNote(s.group); note != "" {
		out = append(out, env.Styled(st.Muted, text.Printable(note), w))
	}
	as := s.actions(env)
	if len(as) == 0 {
		out = append(out, env.Styled(st.Muted, "no scheduled actions: "+k("schedule-new")+" creates one", w))
		return screen.Fill(out, h-1, w, hint)
	}
	out = append(out, env.NewLine(w).Col(st.Muted, "  NAME", min(34, w/3)).Col(st.Muted, " WHEN", min(44, w/3)+1).
		Col(st.Muted, "MIN", 5).Col(st.Muted, "DES", 5).Col(st.Muted, "MAX", 5).Add(st.Muted, "NEXT RUN").String())
	rows := min(len(as), max((h-len(out))/2, 3))
	out = append(out, s.rowLines(env, as, w, rows)...)
	out = append(out, env.Styled(st.Subtle, strings.Repeat(env.G.H, w), w))
	a, _ := s.Selected(env)
	out = append(out, s.detailLines(env, a, w)...)
	return screen.Fill(out, h-1, w, hint)
}

// rowLines are the actions in n rows, the selected one in view.
func (s *Screen) rowLines(env *screen.Env, as []model.ScheduledAction, w, n int) []string {
	st := &env.St
	cur := max(0, min(s.cursor, len(as)-1))
	start := max(0, min(cur-n/2, len(as)-n))
	var out []string
	for i := start; i < len(as) && i < start+n; i++ {
		a := as[i]
		l := env.NewLine(w)
		mark, ink := "  ", st.Base
		if i == cur {
			mark, ink, l.BG = env.G.Cursor+" ", st.Emph, true
		}
		next := "none in 24 h"
		if len(a.Upcoming) > 0 {
			next = s.when(env, a, a.Upcoming[0])
		}
		l.Add(st.Emph, mark).Col(ink, text.Printable(a.Name), min(32, w/3-2)).Add(st.Base, " ").
			Col(st.Base, text.Printable(model.ScheduleSpecOf(a).Fields()[0].Value), min(44, w/3)).Add(st.Base, " ").
			Col(st.Base, opt(a.Min), 5).Col(st.Base, opt(a.Desired), 5).Col(st.Base, opt(a.Max), 5).Add(st.Info, next)
		out = append(out, l.String())
	}
	return out
}

func opt(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

// when is a run in the action's zone and in UTC: "Mon 08:00 EST (13:00 UTC)".
func (s *Screen) when(env *screen.Env, a model.ScheduledAction, t time.Time) string {
	u := t.UTC().Format("Mon 15:04") + " UTC"
	if loc := env.Zones[a.TimeZone]; loc != nil && loc != time.UTC && a.TimeZone != "" {
		return t.In(loc).Format("Mon 15:04 MST") + " (" + u + ")"
	}
	return u
}

// detailLines are the selected action: its next five runs in its zone
// and in UTC, and what may stop it doing what it says.
func (s *Screen) detailLines(env *screen.Env, a model.ScheduledAction, w int) []string {
	st := &env.St
	spec := model.ScheduleSpecOf(a)
	out := []string{env.Styled(st.Emph, text.Printable(a.Name)+": "+text.Printable(spec.Summary()), w)}
	loc := time.UTC
	if a.TimeZone != "" && a.TimeZone != "UTC" {
		loc = env.Zones[a.TimeZone]
	}
	if loc == nil {
		return append(out, env.Styled(st.Muted, "time zone "+text.Printable(a.TimeZone)+" not loaded yet", w))
	}
	runs, err := spec.Runs(loc, env.ServerNow(), 5)
	if err != nil {
		return append(out, env.Styled(st.Warn, text.Printable(screen.Rule(err)), w))
	}
	for _, l := range RunLines(runs, loc) {
		out = append(out, env.Styled(st.Base, "  "+l, w))
	}
	g, _ := env.Group(s.group)
	for _, warn := range model.ScheduleWarnings(spec, s.withPolicies(env, g)) {
		for _, l := range text.Wrap("warning: "+warn, max(w-2, 10)) {
			out = append(out, env.Styled(st.Warn, "  "+l, w))
		}
	}
	return out
}

// withPolicies is g with the policies the detail read, fresher than the
// snapshot's: a ForecastAndScale policy just made counts.
func (s *Screen) withPolicies(env *screen.Env, g *model.Group) *model.Group {
	if g == nil {
		return nil
	}
	c := *g
	c.Policies = env.PoliciesOf(s.group)
	return &c
}

// RunLines are runs as the confirm and the screen list them: in the
// zone, and in UTC beside it.
func RunLines(runs []model.ScheduleRun, loc *time.Location) []string {
	var out []string
	if loc == time.UTC {
		out = append(out, "next runs (UTC):")
	} else {
		out = append(out, fmt.Sprintf("next runs (%s, and UTC):", loc))
	}
	for _, r := range runs {
		l := "  " + r.Local.In(loc).Format("Mon 2006-01-02 15:04 MST")
		if loc != time.UTC {
			l += " = " + r.UTC.Format("Mon 15:04 UTC")
		}
		out = append(out, l)
	}
	return out
}
