package ui

import (
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// Key contexts: where a binding applies. Detail bindings apply in a group's
// detail view, policy bindings in the policies dialog, global ones in the
// main view (and in the detail view, unless a detail binding shadows them).
const (
	ctxGlobal   = "global"
	ctxDetail   = "detail"
	ctxPolicies = "policies"
)

// Binding is one action the keyboard can take, as data: the help screen and
// the config's overrides are generated from and checked against this table.
type Binding struct {
	Action   string // name used in config overrides: "scale-out"
	Keys     []string
	Help     string
	Section  string // help heading
	Context  string
	Mutating bool // changes AWS: disabled under read-only, always confirmed
	// Disabled returns why the action cannot run now, "" when it can.
	Disabled func(m *Model) string
	run      func(m *Model) tea.Cmd
}

// defaultBindings is the key map of issue 4. Handlers live beside the
// feature they belong to (groups.go, dialogs.go, actions.go, ...).
func defaultBindings() []Binding {
	return []Binding{
		{Action: "up", Keys: []string{"up", "k"}, Help: "move up", Section: "Move", run: (*Model).moveUp},
		{Action: "down", Keys: []string{"down", "j"}, Help: "move down", Section: "Move", run: (*Model).moveDown},
		{Action: "page-up", Keys: []string{"pgup", "ctrl+b"}, Help: "page up", Section: "Move", run: (*Model).pageUp},
		{Action: "page-down", Keys: []string{"pgdown", "ctrl+f"}, Help: "page down", Section: "Move", run: (*Model).pageDown},
		{Action: "top", Keys: []string{"home", "g"}, Help: "first row", Section: "Move", run: (*Model).top},
		{Action: "bottom", Keys: []string{"end", "G"}, Help: "last row", Section: "Move", run: (*Model).bottom},
		{Action: "next-pane", Keys: []string{"tab"}, Help: "next pane", Section: "Move", run: (*Model).nextPane},
		{Action: "prev-pane", Keys: []string{"shift+tab"}, Help: "previous pane", Section: "Move", run: (*Model).prevPane},
		{Action: "open", Keys: []string{"enter"}, Help: "open the group's detail", Section: "Move", Disabled: needGroup, run: (*Model).openDetail},
		{Action: "back", Keys: []string{"esc"}, Help: "back / clear filter", Section: "Move", run: (*Model).back},
		{Action: "filter", Keys: []string{"/"}, Help: "filter groups (enter keeps, esc clears)", Section: "View", run: (*Model).startFilter},
		{Action: "command", Keys: []string{":"}, Help: "command line: region, profile, tier, theme, readonly", Section: "View", run: (*Model).startCommand},
		{Action: "sort", Keys: []string{"o"}, Help: "sort groups: tier, name, CPU", Section: "View", run: (*Model).cycleSort},
		{Action: "range-longer", Keys: []string{"]"}, Help: "metrics range longer (15m 1h 3h 24h)", Section: "View", run: (*Model).rangeLonger},
		{Action: "range-shorter", Keys: []string{"["}, Help: "metrics range shorter", Section: "View", run: (*Model).rangeShorter},
		{Action: "timeline-scope", Keys: []string{"v"}, Help: "timeline: selected group or all", Section: "View", run: (*Model).toggleTimelineScope},
		{Action: "refresh", Keys: []string{"r"}, Help: "refresh now", Section: "View", run: (*Model).refreshNow},
		{Action: "help", Keys: []string{"?"}, Help: "full help", Section: "View", run: (*Model).toggleHelp},
		{Action: "quit", Keys: []string{"q", "ctrl+c"}, Help: "quit (asks if an action is in flight)", Section: "View", run: (*Model).quit},

		{Action: "scale-out", Keys: []string{"+"}, Help: "scale out by one (5+ by five)", Section: "Scale", Mutating: true, Disabled: needGroup, run: (*Model).scaleOut},
		{Action: "scale-in", Keys: []string{"-"}, Help: "scale in by one (5- by five)", Section: "Scale", Mutating: true, Disabled: needGroup, run: (*Model).scaleIn},
		{Action: "set-desired", Keys: []string{"="}, Help: "set desired to a typed value", Section: "Scale", Mutating: true, Disabled: needGroup, run: (*Model).setDesiredDialog},
		{Action: "edit-limits", Keys: []string{"L"}, Help: "edit min / desired / max", Section: "Scale", Mutating: true, Disabled: needGroup, run: (*Model).limitsDialog},
		{Action: "suspend", Keys: []string{"S"}, Help: "suspend or resume processes", Section: "Scale", Mutating: true, Disabled: needGroup, run: (*Model).suspendDialog},
		{Action: "policies", Keys: []string{"P"}, Help: "the group's scaling policies", Section: "Scale", Disabled: needGroup, run: (*Model).policiesDialog},

		{Action: "ack", Keys: []string{"a"}, Help: "acknowledge the selected alert", Section: "Alerts", Disabled: needAlert, run: (*Model).ackSelected},
		{Action: "ack-all", Keys: []string{"A"}, Help: "acknowledge all visible alerts", Section: "Alerts", Disabled: needAlert, run: (*Model).ackAll},
		{Action: "mute", Keys: []string{"m"}, Help: "mute an alarm's actions for a while", Section: "Alerts", Mutating: true, Disabled: needAlarm, run: (*Model).muteDialog},

		{Action: "mark-unhealthy", Keys: []string{"h"}, Help: "mark the instance unhealthy", Section: "Group detail", Context: ctxDetail, Mutating: true, Disabled: needInstance, run: (*Model).markUnhealthy},
		{Action: "terminate", Keys: []string{"t"}, Help: "terminate the instance", Section: "Group detail", Context: ctxDetail, Mutating: true, Disabled: needInstance, run: (*Model).terminateDialog},
		{Action: "standby", Keys: []string{"b"}, Help: "enter or exit standby", Section: "Group detail", Context: ctxDetail, Mutating: true, Disabled: needInstance, run: (*Model).standbyDialog},

		{Action: "policy-target", Keys: []string{"e"}, Help: "edit the target value", Section: "Policies", Context: ctxPolicies, Mutating: true, Disabled: needPolicy, run: (*Model).policyTarget},
		{Action: "policy-scale-in", Keys: []string{"s"}, Help: "toggle disable-scale-in", Section: "Policies", Context: ctxPolicies, Mutating: true, Disabled: needPolicy, run: (*Model).policyScaleIn},
		{Action: "policy-enable", Keys: []string{"d"}, Help: "enable or disable", Section: "Policies", Context: ctxPolicies, Mutating: true, Disabled: needPolicy, run: (*Model).policyEnable},
		{Action: "policy-execute", Keys: []string{"x"}, Help: "execute a simple or step policy", Section: "Policies", Context: ctxPolicies, Mutating: true, Disabled: needPolicy, run: (*Model).policyExecute},
		{Action: "policy-delete", Keys: []string{"D"}, Help: "delete the policy", Section: "Policies", Context: ctxPolicies, Mutating: true, Disabled: needPolicy, run: (*Model).policyDelete},
	}
}

// Keymap is the bindings in force, with an index by context and key.
type Keymap struct {
	Bindings []Binding
	index    map[string]map[string]int // context -> key -> binding
}

// NewKeymap applies overrides (action name -> keys) to the defaults.
// Overrides must pass ValidateKeys; an invalid one is ignored here.
func NewKeymap(overrides map[string][]string) Keymap {
	bs := defaultBindings()
	if ValidateKeys(overrides) == nil {
		for i := range bs {
			if ks, ok := overrides[bs[i].Action]; ok {
				bs[i].Keys = append([]string(nil), ks...)
			}
		}
	}
	km := Keymap{Bindings: bs, index: map[string]map[string]int{}}
	for i, b := range bs {
		ctx := b.Context
		if ctx == "" {
			ctx = ctxGlobal
		}
		if km.index[ctx] == nil {
			km.index[ctx] = map[string]int{}
		}
		for _, k := range b.Keys {
			km.index[ctx][k] = i
		}
	}
	return km
}

// lookup finds the binding for key in the first context that has one.
func (km *Keymap) lookup(key string, ctxs ...string) (*Binding, bool) {
	for _, c := range ctxs {
		if i, ok := km.index[c][key]; ok {
			return &km.Bindings[i], true
		}
	}
	return nil, false
}

// Binding returns the binding of action.
func (km *Keymap) Binding(action string) (Binding, bool) {
	for _, b := range km.Bindings {
		if b.Action == action {
			return b, true
		}
	}
	return Binding{}, false
}

// keyOf is the first key of action, for hints.
func (km *Keymap) keyOf(action string) string {
	if b, ok := km.Binding(action); ok && len(b.Keys) > 0 {
		return b.Keys[0]
	}
	return "?"
}

// reserved keys are the digits, which type a count (5+ scales by five).
var reserved = map[string]bool{"0": true, "1": true, "2": true, "3": true, "4": true, "5": true, "6": true, "7": true, "8": true, "9": true}

// ValidateKeys checks config key overrides: known action names, at least
// one key each, no digit (digits are counts), and no key bound twice in one
// context after the overrides apply.
func ValidateKeys(overrides map[string][]string) error {
	bs := defaultBindings()
	byName := map[string]int{}
	for i, b := range bs {
		byName[b.Action] = i
	}
	names := make([]string, 0, len(overrides))
	for n := range overrides {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		i, ok := byName[n]
		if !ok {
			all := make([]string, 0, len(bs))
			for _, b := range bs {
				all = append(all, b.Action)
			}
			return fmt.Errorf("keys: no action %q (actions: %s)", n, strings.Join(all, ", "))
		}
		ks := overrides[n]
		if len(ks) == 0 {
			return fmt.Errorf("keys.%s: give at least one key", n)
		}
		for _, k := range ks {
			if strings.TrimSpace(k) == "" || reserved[k] || len(k) > 32 {
				return fmt.Errorf("keys.%s: %q cannot be bound (digits are counts)", n, k)
			}
		}
		bs[i].Keys = ks
	}
	seen := map[string]string{}
	for _, b := range bs {
		ctx := b.Context
		if ctx == "" {
			ctx = ctxGlobal
		}
		for _, k := range b.Keys {
			if prev, ok := seen[ctx+"\x00"+k]; ok {
				return fmt.Errorf("keys: %q is bound to both %s and %s", k, prev, b.Action)
			}
			seen[ctx+"\x00"+k] = b.Action
		}
	}
	return nil
}

func needGroup(m *Model) string {
	if _, ok := m.selectedGroup(); !ok {
		return "no group selected"
	}
	return ""
}

func needAlert(m *Model) string {
	if len(m.visibleAlerts()) == 0 {
		return "no alert to acknowledge"
	}
	return ""
}

func needAlarm(m *Model) string {
	a, ok := m.selectedAlert()
	if !ok || a.Alarm == "" {
		return "select a CloudWatch alarm in the alerts pane to mute it"
	}
	return ""
}

func needInstance(m *Model) string {
	if _, ok := m.selectedInstance(); !ok {
		return "select an instance in the group's detail (enter) first"
	}
	return ""
}

func needPolicy(m *Model) string {
	if _, ok := m.selectedPolicy(); !ok {
		return "no policy selected"
	}
	return ""
}

// disabledReason is why b cannot run now: read-only first, then the
// binding's own reason.
func (m *Model) disabledReason(b *Binding) string {
	if b.Mutating && m.readOnly {
		return "read-only: " + b.Help + " is disabled (" + m.readOnlyWhy + ")"
	}
	if b.Disabled != nil {
		return b.Disabled(m)
	}
	return ""
}
