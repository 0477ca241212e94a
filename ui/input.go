package ui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
)

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// lineEdit is a one-line text field: type, backspace, ctrl+u clears. It is
// deliberately tiny (no cursor movement) so it renders the same in every
// test and never needs a blink timer.
type lineEdit struct {
	text string
	max  int
}

// key applies k; it reports whether k was consumed.
func (e *lineEdit) key(k tea.KeyPressMsg) bool {
	switch k.String() {
	case "backspace", "ctrl+h":
		if e.text != "" {
			_, n := utf8.DecodeLastRuneInString(e.text)
			e.text = e.text[:len(e.text)-n]
		}
		return true
	case "ctrl+u":
		e.text = ""
		return true
	case "space":
		e.insert(" ")
		return true
	}
	if k.Text != "" && k.Mod&^tea.ModShift == 0 {
		e.insert(k.Text)
		return true
	}
	return false
}

func (e *lineEdit) insert(s string) {
	s = Printable(s)
	limit := e.max
	if limit == 0 {
		limit = 256
	}
	for _, r := range s {
		if utf8.RuneCountInString(e.text) >= limit {
			return
		}
		e.text += string(r)
	}
}

// onKey routes a key press: help, then an open dialog, then the command
// line or filter being typed, then the key map.
func (m *Model) onKey(k tea.KeyPressMsg) tea.Cmd {
	if plain, ok := m.escThenKey(k); ok {
		return tea.Batch(m.onKey(tea.KeyPressMsg{Code: tea.KeyEscape}), m.onKey(plain))
	}
	key := k.String()
	if m.help {
		switch key {
		case "j", "down":
			m.helpScroll++
		case "k", "up":
			m.helpScroll = max(0, m.helpScroll-1)
		default:
			m.help = false
			m.helpScroll = 0
		}
		return nil
	}
	if m.dialog != nil {
		return m.dialog.key(m, k)
	}
	if m.command != nil {
		return m.commandKey(k)
	}
	if m.filtering {
		return m.filterKey(k)
	}
	if len(key) == 1 && key[0] >= '0' && key[0] <= '9' {
		if m.count < 1000 {
			m.count = m.count*10 + int(key[0]-'0')
		}
		return nil
	}
	ctxs := []string{ctxGlobal}
	if m.detail {
		ctxs = []string{ctxDetail, ctxGlobal}
	}
	b, ok := m.keys.lookup(key, ctxs...)
	if !ok {
		m.count = 0
		if b, ok := m.keys.lookup(key, ctxDetail); ok && !m.detail {
			m.setStatus(statusWarn, "%s %s: open a group's detail (%s) and select an instance first", key, b.Help, m.keys.keyOf("open"))
		} else if b, ok := m.keys.lookup(key, ctxPolicies); ok {
			m.setStatus(statusWarn, "%s %s: open the policies (%s) first", key, b.Help, m.keys.keyOf("policies"))
		}
		return nil
	}
	if why := m.disabledReason(b); why != "" {
		m.count = 0
		m.setStatus(statusWarn, "%s", why)
		return nil
	}
	cmd := b.run(m)
	if b.Action != "scale-out" && b.Action != "scale-in" {
		m.count = 0
	}
	return tea.Batch(cmd, m.showCmd())
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
	if _, bound := m.keys.lookup(k.String(), ctxGlobal, ctxDetail, ctxPolicies); bound {
		return k, false
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

// runBinding runs a binding of a dialog context, applying the same
// read-only and disabled checks as the main key map.
func (m *Model) runBinding(ctx, key string) (tea.Cmd, bool) {
	b, ok := m.keys.lookup(key, ctx)
	if !ok {
		return nil, false
	}
	if why := m.disabledReason(b); why != "" {
		m.setStatus(statusWarn, "%s", why)
		return nil, true
	}
	return b.run(m), true
}

func (m *Model) onPaste(s string) {
	switch {
	case m.dialog != nil:
		if e := m.dialog.edit(); e != nil {
			e.insert(s)
		}
	case m.command != nil:
		m.command.insert(s)
	case m.filtering:
		m.filter += Printable(s)
		m.rebuildRows()
	}
}

// --- filter ---

func (m *Model) startFilter() tea.Cmd {
	m.filtering = true
	m.focus = paneGroups
	m.detail = false
	return nil
}

func (m *Model) filterKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		m.filtering = false
		m.filter = ""
		m.rebuildRows()
	case "enter":
		m.filtering = false
		m.selectFirstGroup()
	case "up", "down":
		if k.String() == "up" {
			m.moveUp()
		} else {
			m.moveDown()
		}
	default:
		e := lineEdit{text: m.filter, max: 64}
		if e.key(k) {
			m.filter = e.text
			m.rebuildRows()
			m.selectFirstGroup()
		}
	}
	return m.showCmd()
}

// --- command line ---

func (m *Model) startCommand() tea.Cmd {
	m.command = &lineEdit{max: 128}
	return nil
}

func (m *Model) commandKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		m.command = nil
		return nil
	case "enter":
		line := m.command.text
		m.command = nil
		return m.runCommand(line)
	}
	m.command.key(k)
	return nil
}

// runCommand runs a command-line command: region, profile, tier, theme,
// readonly.
func (m *Model) runCommand(line string) tea.Cmd {
	f := strings.Fields(line)
	if len(f) == 0 {
		return nil
	}
	arg := ""
	if len(f) > 1 {
		arg = f[1]
	}
	switch f[0] {
	case "region":
		return m.switchTo(m.currentProfile(), arg, "region")
	case "profile":
		return m.switchTo(arg, m.currentRegion(), "profile")
	case "tier":
		m.tier = arg
		m.rebuildRows()
		m.selectFirstGroup()
		if arg == "" {
			m.setStatus(statusInfo, "showing every tier")
		} else {
			m.setStatus(statusInfo, "showing tier %s", arg)
		}
		return m.showCmd()
	case "theme":
		if arg == "" {
			m.setStatus(statusInfo, "themes: %s", strings.Join(m.themes.Names(), ", "))
			return nil
		}
		if _, ok := m.themes.Get(arg); !ok {
			m.setStatus(statusErr, "no theme %q (themes: %s)", arg, strings.Join(m.themes.Names(), ", "))
			return nil
		}
		m.themeName = arg
		m.applyLook()
		m.setStatus(statusOK, "theme %s", arg)
	case "readonly", "read-only", "ro":
		if arg != "" && arg != "on" && arg != "true" {
			m.setStatus(statusErr, "read-only can only be turned on in a session; restart hoist without --read-only to make changes")
			return nil
		}
		m.readOnly = true
		m.readOnlyWhy = "turned on with :readonly in this session"
		m.setStatus(statusWarn, "read-only: every mutating key is now disabled for this session")
	case "q", "quit":
		return m.quit()
	default:
		m.setStatus(statusErr, "unknown command %q: region, profile, tier, theme, readonly", f[0])
	}
	return nil
}

func (m *Model) currentProfile() string {
	if m.snap != nil {
		return m.snap.Profile
	}
	return ""
}

func (m *Model) currentRegion() string {
	if m.snap != nil {
		return m.snap.Region
	}
	return ""
}
