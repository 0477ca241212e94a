// Package lb is the load balancer screen: every load balancer of the
// region, then the detail of the selected one (its listeners with their
// security policy and certificates, its target groups with their health
// check, attributes and targets by zone, its load by zone and target
// group, what losing a zone leaves, and its charts), then one target
// group's targets. enter goes one step in, esc one step back. The lb
// context's bindings change a target group's health check and attributes,
// register and deregister its targets, and change a listener's security
// policy and certificates, each through a form and the confirm; creating
// and deleting a load balancer shows the command that would, as
// `hoist lb create|delete` prints it.
//
// It draws model.LBViews, the data `hoist lb` prints, so the screen and
// the command line tell the same story.
package lb

import (
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Name is the screen's name in the registry.
const Name = "lb"

// Context is the key context of the load balancer bindings.
const Context = "lb"

// Reach says how an operator gets to this screen's keys.
const Reach = "open the load balancers (B, or :lb) first"

const section = "Load balancers"

// Bindings are the keys of the lb context.
var Bindings = []keymap.Spec{
	{Action: "lb-open", Keys: []string{"enter"}, Help: "in: a load balancer's detail, a target group's targets", Section: section, Context: Context},
	{Action: "lb-health-check", Keys: []string{"e"}, Help: "edit the target group's health check", Section: section, Context: Context, Mutating: true},
	{Action: "lb-attributes", Keys: []string{"a"}, Help: "edit the target group's attributes", Section: section, Context: Context, Mutating: true},
	{Action: "lb-register", Keys: []string{"i"}, Help: "register an instance (put one back)", Section: section, Context: Context, Mutating: true},
	{Action: "lb-deregister", Keys: []string{"d"}, Help: "deregister a target (drain it out)", Section: section, Context: Context, Mutating: true},
	{Action: "lb-tls", Keys: []string{"t"}, Help: "change the listener's TLS policy or default certificate", Section: section, Context: Context, Mutating: true},
	{Action: "lb-cert-add", Keys: []string{"c"}, Help: "add a certificate to the listener", Section: section, Context: Context, Mutating: true},
	{Action: "lb-cert-remove", Keys: []string{"C"}, Help: "remove a certificate from the listener", Section: section, Context: Context, Mutating: true},
	{Action: "lb-create", Keys: []string{"n"}, Help: "the command that would create a load balancer (hoist does not)", Section: section, Context: Context},
	{Action: "lb-delete", Keys: []string{"X"}, Help: "the command that would delete it (hoist does not)", Section: section, Context: Context},
	{Action: "lb-range-longer", Keys: []string{"]"}, Help: "chart and load range longer (15m 1h 3h 24h)", Section: section, Context: Context},
	{Action: "lb-range-shorter", Keys: []string{"["}, Help: "chart and load range shorter", Section: section, Context: Context},
}

var table = screen.Moves((*Screen).move, (*Screen).page).With(screen.Table[*Screen]{
	"back":             {Run: (*Screen).back},
	"lb-open":          {Run: (*Screen).open, Disabled: needLB},
	"lb-health-check":  {Run: (*Screen).editHealthCheck, Disabled: needTG},
	"lb-attributes":    {Run: (*Screen).editAttributes, Disabled: needAttributes},
	"lb-register":      {Run: (*Screen).register, Disabled: needInstanceTG},
	"lb-deregister":    {Run: (*Screen).deregister, Disabled: needTarget},
	"lb-tls":           {Run: (*Screen).editTLS, Disabled: needSecure},
	"lb-cert-add":      {Run: (*Screen).addCert, Disabled: needSecure},
	"lb-cert-remove":   {Run: (*Screen).removeCert, Disabled: needSNICert},
	"lb-create":        {Run: (*Screen).create},
	"lb-delete":        {Run: (*Screen).delete, Disabled: needLB},
	"lb-range-longer":  {Run: func(s *Screen, env *screen.Env) tea.Msg { return s.setRange(env, s.rangeIdx+1) }},
	"lb-range-shorter": {Run: func(s *Screen, env *screen.Env) tea.Msg { return s.setRange(env, s.rangeIdx-1) }},
})

// level is how far in the operator has gone.
type level int

const (
	levelList    level = iota // the load balancers
	levelDetail               // one load balancer's listeners, target groups, load and charts
	levelTargets              // one target group's targets
)

// Screen is the load balancer screen's state. Selections are held by ARN
// (or instance id), so a new snapshot that reorders or drops rows keeps
// the operator where they were, or as near as it can.
type Screen struct {
	w, h     int
	level    level
	rangeIdx int

	views  []model.LBView // rebuilt on every snapshot
	cursor int            // the selected load balancer's row, kept when it goes
	lb     string         // its ARN
	item   string         // the detail's selected item: a listener's or target group's ARN, or a section
	tg     string         // the target group whose targets are open
	target string         // the selected target's id
}

// New is the screen with the chart range r (1h when r is not one of
// model.Ranges).
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

// Title is the screen's title: where the operator is.
func (s *Screen) Title(env *screen.Env) string {
	t := "Load balancers"
	if env.Snap != nil {
		t += " " + text.Printable(env.Snap.Region)
	}
	if v, ok := s.selected(); ok && s.level > levelList {
		t += " " + env.G.Sep + " " + text.Printable(v.LB.Name)
	}
	if tv, ok := s.openTG(); ok && s.level == levelTargets {
		t += " " + env.G.Sep + " " + text.Printable(tv.TG.Name)
	}
	return t + " " + env.G.Sep + " " + screen.RangeName(s.Range())
}

// Contexts: the load balancer bindings.
func (s *Screen) Contexts() []string { return Contexts }

// Contexts are the screen's key contexts.
var Contexts = []string{Context}

// Handles reports whether the screen runs action.
func (s *Screen) Handles(action string) bool { return table.Handles(action) }

// Disabled is why action cannot run now.
func (s *Screen) Disabled(env *screen.Env, action string) string {
	return table.Disabled(s, env, action)
}

// Update runs an action, takes its size, or rebuilds from new data.
func (s *Screen) Update(env *screen.Env, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case screen.Action:
		return table.Run(s, env, msg.Name)
	case screen.Resized:
		s.w, s.h = msg.W, msg.H
	case screen.Refreshed:
		s.rebuild(env)
	}
	return nil
}

// Range is the window of the charts and the load figures.
func (s *Screen) Range() time.Duration { return model.Ranges[s.rangeIdx] }

// Show asks the poller for the selected load balancer's details and
// series over the screen's range.
func (s *Screen) Show(v *model.Visible) {
	if s.lb != "" {
		v.LoadBalancers = append(v.LoadBalancers, s.lb)
	}
	v.Range = s.Range()
}

// Sources are the data the screen draws: target health (read for the load
// balancer on screen every few seconds), the load balancers and their
// listeners, the series.
func (s *Screen) Sources() []model.Class {
	return []model.Class{model.ClassTargetHealth, model.ClassLoadBalancers, model.ClassListeners, model.ClassMetrics}
}

// Hints are the screen's key hints.
func (s *Screen) Hints(env *screen.Env) string {
	k := env.Keys.KeyOf
	switch s.level {
	case levelList:
		return " " + k("lb-open") + " detail " + k("back") + " back " + k("help") + " help "
	case levelDetail:
		return " " + k("lb-open") + " targets " + k("back") + " back " + k("help") + " help "
	}
	return " " + k("lb-deregister") + " drain " + k("lb-register") + " register " + k("back") + " back "
}

// rebuild reads the views from the snapshot and keeps the selections.
func (s *Screen) rebuild(env *screen.Env) {
	s.views = nil
	if env.Snap == nil {
		return
	}
	s.views = model.LBViews(env.Snap, model.LBViewOptions{Now: env.Now, Window: s.Range(), Alerts: env.Thresholds})
	i, found := s.indexOf(s.lb, s.cursor)
	s.cursor = i
	if !found && s.lb != "" {
		s.level = levelList // the one in detail is gone: back to the list, not into another's detail
	}
	if len(s.views) == 0 {
		s.lb, s.level = "", levelList
		return
	}
	s.lb = s.views[s.cursor].LB.ARN
	if s.level == levelTargets {
		if _, ok := s.openTG(); !ok {
			s.level = levelDetail
		}
	}
}

// indexOf is the row of the load balancer arn, else the row nearest to
// was and false.
func (s *Screen) indexOf(arn string, was int) (int, bool) {
	for i, v := range s.views {
		if v.LB.ARN == arn {
			return i, true
		}
	}
	return max(0, min(was, len(s.views)-1)), false
}

// selected is the selected load balancer's view.
func (s *Screen) selected() (*model.LBView, bool) {
	if len(s.views) == 0 {
		return nil, false
	}
	return &s.views[max(0, min(s.cursor, len(s.views)-1))], true
}

func (s *Screen) setRange(env *screen.Env, i int) tea.Msg {
	s.rangeIdx = max(0, min(i, len(model.Ranges)-1))
	s.rebuild(env)
	return intent.Status{Kind: intent.Info, Text: "load balancer charts and load over " + screen.RangeName(s.Range())}
}

func (s *Screen) page() int { return max(s.h/2, 1) }

// move steps the cursor of the level the operator is at.
func (s *Screen) move(env *screen.Env, d int) tea.Msg {
	switch s.level {
	case levelList:
		if len(s.views) > 0 {
			s.cursor = max(0, min(len(s.views)-1, s.cursor+d))
			s.lb = s.views[s.cursor].LB.ARN
		}
	case levelDetail:
		v, _ := s.selected()
		items := itemsOf(v)
		i := clampIndex(max(indexOfItem(items, s.item), 0)+d, len(items))
		s.item = items[i].key
	case levelTargets:
		rows := s.targetRows(env)
		if len(rows) > 0 {
			s.target = rows[clampIndex(indexOfRow(rows, s.target)+d, len(rows))].id
		}
	}
	return nil
}

func clampIndex(i, n int) int { return max(0, min(i, n-1)) }

// back goes one step out: from the targets to the detail, from the detail
// to the list, from the list off the screen.
func (s *Screen) back(*screen.Env) tea.Msg {
	switch s.level {
	case levelTargets:
		s.level = levelDetail
	case levelDetail:
		s.level = levelList
	default:
		return intent.Pop{}
	}
	return nil
}

// open goes one step in: from the list to the detail, from a target group
// in the detail to its targets.
func (s *Screen) open(env *screen.Env) tea.Msg {
	switch s.level {
	case levelList:
		s.level = levelDetail
		v, _ := s.selected()
		if items := itemsOf(v); indexOfItem(items, s.item) < 0 || s.item == "" {
			s.item = items[0].key
		}
	case levelDetail:
		it, _ := s.selectedItem()
		if it.tg == nil {
			return intent.Status{Kind: intent.Info, Text: "enter opens a target group's targets; move to one (" + env.Keys.KeyOf("down") + ")"}
		}
		s.level, s.tg, s.target = levelTargets, it.tg.TG.ARN, ""
	}
	return nil
}

// Select opens the detail of the load balancer named ref (its name or
// ARN, else the first whose name holds it), as :lb NAME asks.
func (s *Screen) Select(ref string) tea.Msg {
	i := slices.IndexFunc(s.views, func(v model.LBView) bool { return v.LB.Name == ref || v.LB.ARN == ref })
	if i < 0 {
		i = slices.IndexFunc(s.views, func(v model.LBView) bool { return strings.Contains(v.LB.Name, ref) })
	}
	if i < 0 {
		return intent.Status{Kind: intent.Warn, Text: "no load balancer " + strconv.Quote(ref) + " here"}
	}
	s.cursor, s.lb, s.level, s.item = i, s.views[i].LB.ARN, levelDetail, ""
	return nil
}

func needLB(s *Screen, env *screen.Env) string {
	if _, ok := s.selected(); !ok {
		return "no load balancer in " + regionOf(env)
	}
	return ""
}

func regionOf(env *screen.Env) string {
	if env.Snap == nil {
		return "this region"
	}
	return text.Printable(env.Snap.Region)
}
