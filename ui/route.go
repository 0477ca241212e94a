package ui

import (
	"fmt"
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/screen"
)

// onKey routes a key press: the front dialog, else the command line being
// typed, else the screens.
func (m *Model) onKey(k tea.KeyPressMsg) tea.Cmd {
	if plain, ok := m.escThenKey(k); ok {
		return tea.Batch(m.onKey(tea.KeyPressMsg{Code: tea.KeyEscape}), m.onKey(plain))
	}
	var cmd tea.Cmd
	switch {
	case m.overlay.Front() != nil:
		cmd = m.apply(m.overlay.Front().Update(m.dctx(), k))
	case m.command != nil:
		cmd = m.commandKey(k)
	default:
		cmd = m.screenKey(k)
	}
	return tea.Batch(cmd, m.showCmd())
}

// screenKey gives a key to the screen on top: raw while it captures keys,
// else as the binding the key map resolves (a count's digits aside).
func (m *Model) screenKey(k tea.KeyPressMsg) tea.Cmd {
	top := m.top()
	if c, ok := top.(screen.Capturer); ok && c.Captures(k) {
		return m.apply(top.Update(m.env(), k))
	}
	key := k.String()
	if m.countKey(key) {
		return nil
	}
	spec, at := m.resolve(key)
	if spec == nil {
		m.count, m.percent = 0, false
		m.unbound(key)
		return nil
	}
	for len(m.stack)-1 > at {
		m.pop() // the key belongs to a screen below: back to it
	}
	cmd := m.runSpec(spec)
	if spec.Action != "scale-out" && spec.Action != "scale-in" {
		m.count, m.percent = 0, false
	}
	return cmd
}

// countKey takes the count typed before + or -: digits, and a % after
// them that makes it a share (50%+). A digit after the % starts a new
// count.
func (m *Model) countKey(key string) bool {
	switch {
	case len(key) == 1 && key[0] >= '0' && key[0] <= '9':
		if m.percent {
			m.count, m.percent = 0, false
		}
		if m.count < 1000 {
			m.count = m.count*10 + int(key[0]-'0')
		}
		return true
	case key == "%" && m.count > 0 && !m.percent:
		m.percent = true
		return true
	}
	return false
}

// resolve finds key's binding in the chain of the screen on top, else in
// the chain of the nearest screen below that binds it; at is that
// screen's index in the stack.
func (m *Model) resolve(key string) (*keymap.Spec, int) {
	for i := len(m.stack) - 1; i >= 0; i-- {
		chain := append(append([]string(nil), m.stack[i].Contexts()...), keymap.Global)
		if i < len(m.stack)-1 {
			chain = m.stack[i].Contexts() // a global key stays with the screen on top
		}
		if spec, ok := m.keys.Lookup(key, chain...); ok {
			return spec, i
		}
	}
	return nil, 0
}

// unbound says how to reach a key bound on a screen that is not open.
func (m *Model) unbound(key string) {
	for _, e := range registry {
		if e.reach == "" {
			continue
		}
		if b, ok := m.keys.Lookup(key, e.contexts...); ok {
			m.setStatus(intent.Warn, "%s %s: %s", key, b.Help, e.reach)
			return
		}
	}
}

// runSpec runs a binding on the screen on top, or in the root model,
// unless it is disabled now.
func (m *Model) runSpec(spec *keymap.Spec) tea.Cmd {
	top, env := m.top(), m.env()
	if why := m.disabledReason(spec, top, env); why != "" {
		m.count, m.percent = 0, false
		m.setStatus(intent.Warn, "%s", why)
		return nil
	}
	if top.Handles(spec.Action) {
		return m.apply(top.Update(env, screen.Action{Name: spec.Action}))
	}
	if b, ok := rootTable[spec.Action]; ok {
		return b.run(m)
	}
	return nil
}

// disabledReason is why spec cannot run now: read-only first, then the
// binding's own reason.
func (m *Model) disabledReason(spec *keymap.Spec, top screen.Screen, env *screen.Env) string {
	if spec.Mutating && m.readOnly {
		what, _, _ := strings.Cut(spec.Help, " (") // the help's first words: "scale out by one"
		what, _, _ = strings.Cut(what, ";")
		return "read-only: " + what + " is disabled (" + m.readOnlyWhy + ")"
	}
	if top.Handles(spec.Action) {
		return top.Disabled(env, spec.Action)
	}
	if b, ok := rootTable[spec.Action]; ok && b.disabled != nil {
		return b.disabled(m)
	}
	return ""
}

// escThenKey undoes the terminal's Esc ambiguity. Esc is the byte ESC and
// Alt+x is ESC x, so Esc followed quickly by a key (a fast typist, or both
// keys in one SSH packet on a slow link) arrives as one alt+key. Read that
// way, "esc / web-prod enter" lost both the esc and the /, and the name
// typed after them ran as commands: its "-" opened scale-in and enter
// confirmed it. hoist binds no alt keys unless the config does, so an
// unbound alt+key is taken as Esc and then the key.
func (m *Model) escThenKey(k tea.KeyPressMsg) (tea.KeyPressMsg, bool) {
	if k.Mod&tea.ModAlt == 0 {
		return k, false
	}
	for _, s := range m.keys.Specs {
		for _, bound := range s.Keys {
			if bound == k.String() {
				return k, false
			}
		}
	}
	plain := k
	plain.Mod &^= tea.ModAlt
	r := k.Code
	if plain.Mod&tea.ModShift != 0 && k.ShiftedCode != 0 {
		r = k.ShiftedCode
	}
	if plain.Mod&^tea.ModShift == 0 && r >= ' ' && r <= unicode.MaxRune && unicode.IsPrint(r) {
		plain.Text = string(r)
	}
	return plain, true
}

// apply carries out what a screen or a dialog asked for.
func (m *Model) apply(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case nil:
		return nil
	case intent.Batch:
		var cmds []tea.Cmd
		for _, x := range msg {
			cmds = append(cmds, m.apply(x))
		}
		return tea.Batch(cmds...)
	case intent.Propose:
		return m.proposeWith(msg)
	case intent.ScaleTier:
		return m.scaleTier(msg.Region, msg.Tier, msg.Groups, msg.Scale)
	case intent.Send:
		return m.send(msg.Actions, msg.Regions)
	case intent.Push:
		return m.push(msg.Screen, msg.Region, msg.Group)
	case intent.Pop:
		m.pop()
	case intent.Status:
		m.setStatus(msg.Kind, "%s", msg.Text)
	case intent.Quit:
		return tea.Quit
	case intent.Choices:
		return m.readChoices(msg)
	case screen.Open:
		m.overlay.Push(msg.Dialog)
	case dialog.Close:
		m.overlay.Pop()
		return m.apply(msg.Then)
	case dialog.Confirmed:
		m.overlay.Clear()
		return m.run(msg.Action, msg.Region, msg.Reason, msg.Scale)
	case intent.LoadDetail, intent.Zones, intent.ResizeState, intent.ProposeResize:
		return m.policyRequest(msg)
	case detailMsg:
		return msg.applyTo(m)
	case dialog.ConfirmedAll:
		m.overlay.Clear()
		return m.startTier(msg)
	case dialog.Resume:
		m.overlay.Clear()
		return m.resumeTier(msg)
	case intent.ProposePlan:
		return m.proposePlan(msg)
	case dialog.PlanConfirmed:
		m.overlay.Clear()
		return m.runPlan(msg.Reason)
	default:
		if cmd, ok := m.applyReport(msg); ok {
			return cmd
		}
		m.log.Error("a request nothing handles", "type", fmt.Sprintf("%T", msg))
	}
	return nil
}

// push opens the registered screen name (about group, in region: "" for
// the region of the screen on top) on top.
func (m *Model) push(name, region, group string) tea.Cmd {
	e, ok := lookupScreen(name)
	if !ok {
		return nil
	}
	if region == "" {
		region = m.focus()
	}
	s := e.open(m, region, group)
	env := m.envIn(region)
	s.Update(env, screen.Resized{W: m.width, H: max(m.height-2, 0)})
	s.Update(env, screen.Refreshed{})
	m.stack = append(m.stack, s)
	return m.detailDue()
}

// pop closes the screen on top; the overview stays.
func (m *Model) pop() {
	if len(m.stack) > 1 {
		m.stack = m.stack[:len(m.stack)-1]
	}
}

// back goes back one step: a screen closes; on the overview (which
// handles back itself) it clears the filter.
func (m *Model) back() tea.Cmd {
	m.pop()
	return nil
}

// onPaste pastes into the front dialog's field, the command line, or the
// screen (the filter).
func (m *Model) onPaste(p tea.PasteMsg) {
	switch {
	case m.overlay.Front() != nil:
		if f := m.overlay.Front().Field(); f != nil {
			f.Insert(p.Content)
		}
	case m.command != nil:
		m.command.Insert(p.Content)
	default:
		m.apply(m.top().Update(m.env(), p))
	}
}
