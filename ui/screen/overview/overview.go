// Package overview is the console's home screen: the groups list and the
// panes around it (alerts, metrics, targets, timeline, cost), laid out by
// the terminal's width. It owns the selection, the filter, the sort, the
// metrics range and each pane's cursor. The group context's bindings
// (scale, limits, suspend, policies) act on its selected group; enter
// opens the group's own screen.
package overview

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/lineedit"
	"github.com/solemate/hoist/ui/screen"
)

// Name is the screen's name in the registry.
const Name = "overview"

// Context is the key context of the overview's own bindings.
const Context = "overview"

// Bindings are the overview's keys. The moves (up, down, ...) are global
// specs; the overview answers them by moving its focused pane's cursor.
var Bindings = []keymap.Spec{
	{Action: "next-pane", Keys: []string{"tab"}, Help: "next pane", Section: "Move", Context: Context},
	{Action: "prev-pane", Keys: []string{"shift+tab"}, Help: "previous pane", Section: "Move", Context: Context},
	{Action: "open", Keys: []string{"enter"}, Help: "open the group's detail", Section: "Move", Context: Context},
	{Action: "filter", Keys: []string{"/"}, Help: "filter groups (enter keeps, esc clears)", Section: "View", Context: Context},
	{Action: "sort", Keys: []string{"o"}, Help: "sort groups: tier, name, CPU", Section: "View", Context: Context},
	{Action: "range-longer", Keys: []string{"]"}, Help: "metrics range longer (15m 1h 3h 24h)", Section: "View", Context: Context},
	{Action: "range-shorter", Keys: []string{"["}, Help: "metrics range shorter", Section: "View", Context: Context},
	{Action: "timeline-scope", Keys: []string{"v"}, Help: "timeline: selected group or all", Section: "View", Context: Context},
	{Action: "ack", Keys: []string{"a"}, Help: "acknowledge the selected alert", Section: "Alerts", Context: Context},
	{Action: "ack-all", Keys: []string{"A"}, Help: "acknowledge all visible alerts", Section: "Alerts", Context: Context},
	{Action: "mute", Keys: []string{"m"}, Help: "mute an alarm's actions for a while", Section: "Alerts", Context: Context, Mutating: true},
	{Action: "alerts-info", Keys: []string{"i"}, Help: "scaling alarms (INFO, policies at work): folded into one line, or listed", Section: "Alerts", Context: Context},
}

var table = screen.Moves((*Screen).move, (*Screen).groupsHeight).With(screen.Table[*Screen]{
	"back":           {Run: (*Screen).back},
	"next-pane":      {Run: func(s *Screen, _ *screen.Env) tea.Msg { s.cyclePane(1); return nil }},
	"prev-pane":      {Run: func(s *Screen, _ *screen.Env) tea.Msg { s.cyclePane(-1); return nil }},
	"open":           {Run: (*Screen).open, Disabled: needGroup},
	"filter":         {Run: (*Screen).startFilter},
	"sort":           {Run: (*Screen).cycleSort},
	"range-longer":   {Run: func(s *Screen, _ *screen.Env) tea.Msg { return s.setRange(s.rangeIdx + 1) }},
	"range-shorter":  {Run: func(s *Screen, _ *screen.Env) tea.Msg { return s.setRange(s.rangeIdx - 1) }},
	"timeline-scope": {Run: func(s *Screen, _ *screen.Env) tea.Msg { s.timelineAll = !s.timelineAll; return nil }},
	"ack":            {Run: (*Screen).ackSelected, Disabled: needAlert},
	"ack-all":        {Run: (*Screen).ackAll, Disabled: needAlert},
	"mute":           {Run: (*Screen).muteDialog, Disabled: needAlarm},
	"alerts-info":    {Run: (*Screen).toggleInfo},
})

type sortMode int

const (
	sortTier sortMode = iota
	sortName
	sortCPU
)

var sortNames = [...]string{"tier", "name", "cpu"}

// Screen is the overview's state.
type Screen struct {
	w, h int // the area the overview draws in

	rows                 []row // the groups list as shown
	nameW, capsW, countW int   // widest name shown, "min/desired/max", instance count
	selected             string
	selRegion            string // the selected group's region
	moved                bool   // the operator has moved the selection
	cursor, scroll       int
	onTier               bool // the cursor is on the heading above the cursor's group
	focus                Pane
	sort                 sortMode
	filter               string
	filtering            bool
	filterEdit           lineedit.Field // the filter as it is typed; filter is its value
	tier                 string
	rangeIdx             int
	timelineAll          bool
	alertCursor          int
	showInfo             bool // scaling alarms one by one, not folded into one line
}

// New is the overview with the metrics range r (1h when r is not one of
// model.Ranges), drawing in 80x22 until it is told its size.
func New(r time.Duration) *Screen {
	s := &Screen{rangeIdx: 1, w: 80, h: 22}
	for i, x := range model.Ranges {
		if x == r {
			s.rangeIdx = i
		}
	}
	return s
}

// Name is the screen's name in the registry.
func (s *Screen) Name() string { return Name }

// Title is the overview's title (it draws its panes' frames itself).
func (s *Screen) Title(*screen.Env) string { return "Overview" }

// Contexts are the overview's key contexts: its own and the group's.
func (s *Screen) Contexts() []string { return Contexts }

// Contexts are the overview's key contexts, most specific first.
var Contexts = []string{Context, screen.GroupContext}

// Handles reports whether the overview runs action.
func (s *Screen) Handles(action string) bool { return table.Handles(action) }

// Disabled is why action cannot run now.
func (s *Screen) Disabled(env *screen.Env, action string) string {
	return table.Disabled(s, env, action)
}

// Captures takes every key while the filter is typed.
func (s *Screen) Captures(tea.KeyPressMsg) bool { return s.filtering }

// Update runs an action, a key of the filter, a paste into it, a resize or
// new data.
func (s *Screen) Update(env *screen.Env, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case screen.Action:
		return table.Run(s, env, msg.Name)
	case tea.KeyPressMsg:
		return s.filterKey(env, msg)
	case tea.PasteMsg:
		if s.filtering {
			s.filterEdit.Insert(msg.Content)
			s.filter = s.filterEdit.Value()
			s.rebuildRows(env)
		}
	case screen.Resized:
		s.w, s.h = msg.W, msg.H
		s.clampScroll()
	case screen.Refreshed:
		s.rebuildRows(env)
	}
	return nil
}

// SelectedGroup is the selected group, if the snapshot has it; none
// while the cursor is on a tier's heading.
func (s *Screen) SelectedGroup(env *screen.Env) (string, bool) {
	if _, ok := env.Group(s.selected); !ok || s.onTier {
		return "", false
	}
	return s.selected, true
}

// Sources are the data the overview draws as its own: the groups. The
// header shows their age; each pane's title says when its own is stale.
func (s *Screen) Sources() []model.Class { return []model.Class{model.ClassGroups} }

// Selected is the selected group's name.
func (s *Screen) Selected() string { return s.selected }

// Range is the metrics range shown.
func (s *Screen) Range() time.Duration { return model.Ranges[s.rangeIdx] }

// VisibleIn is what the overview shows of region, for Backend.Show.
func (s *Screen) VisibleIn(region string) model.Visible {
	v := model.Visible{Groups: s.visibleGroupNames(region), Range: s.Range()}
	if region == s.selRegion {
		v.Selected = s.selected
	}
	return v
}

// Filter is the filter in force and whether it is being typed.
func (s *Screen) Filter() (string, bool) { return s.filter, s.filtering }

// SetTier shows only the groups of tier ("" for all), selecting the first.
func (s *Screen) SetTier(env *screen.Env, tier string) {
	s.tier = tier
	s.rebuildRows(env)
	s.selectFirstGroup()
}

// Focus is the focused pane.
func (s *Screen) Focus() Pane { return s.focus }

// Hints are the overview's key hints.
func (s *Screen) Hints(env *screen.Env) string {
	k := env.Keys.KeyOf
	return " " + k("scale-out") + k("scale-in") + " scale " + k("help") + " help " + k("quit") + " quit "
}

func needGroup(s *Screen, env *screen.Env) string {
	if _, ok := s.SelectedGroup(env); !ok {
		return "no group selected"
	}
	return ""
}

func needAlert(_ *Screen, env *screen.Env) string {
	if len(env.Visible) == 0 {
		return "no alert to acknowledge"
	}
	return ""
}

func needAlarm(s *Screen, env *screen.Env) string {
	r, ok := s.selectedRow(env)
	if ok && r.folded {
		return "a folded line holds several alarms: " + env.Keys.KeyOf("alerts-info") + " lists them, then select one to mute"
	}
	if !ok || r.alerts[0].Alarm == "" {
		return "select a CloudWatch alarm in the alerts pane to mute it"
	}
	return ""
}

// open opens the selected group's screen; on an alert, its group's.
func (s *Screen) open(env *screen.Env) tea.Msg {
	if s.focus == PaneAlerts {
		if a, ok := s.selectedAlert(env); ok && a.Group != "" {
			s.selected, s.moved = a.Group, true
			if a.Region != "" {
				s.selRegion = a.Region
			}
			s.rebuildRows(env)
		}
	}
	return intent.Push{Screen: "group", Group: s.selected, Region: s.selRegion}
}

// back clears the filter, then the tier, then the status line.
func (s *Screen) back(env *screen.Env) tea.Msg {
	switch {
	case s.filter != "":
		s.filter = ""
		s.rebuildRows(env)
	case s.tier != "":
		s.tier = ""
		s.rebuildRows(env)
	default:
		return intent.Status{}
	}
	return nil
}

func (s *Screen) cycleSort(env *screen.Env) tea.Msg {
	s.sort = (s.sort + 1) % 3
	s.rebuildRows(env)
	return intent.Status{Kind: intent.Info, Text: "groups sorted by " + sortNames[s.sort]}
}

func (s *Screen) setRange(i int) tea.Msg {
	s.rangeIdx = max(0, min(i, len(model.Ranges)-1))
	return intent.Status{Kind: intent.Info, Text: "metrics range " + screen.RangeName(s.Range())}
}

func (s *Screen) cyclePane(d int) {
	s.focus = Pane((int(s.focus) + d + int(paneCount)) % int(paneCount))
}
