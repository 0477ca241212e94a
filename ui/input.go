package ui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// lineEdit is a one-line text field. Editing is bubbles' textinput: left
// and right, home and end, ctrl+w and alt+backspace, ctrl+u and ctrl+k, a
// character limit. hoist draws the field itself (see render), in the
// theme's inks and with a steady cursor, so a frame depends only on the
// text and the cursor position and no blink timer runs. The zero value is
// an empty field of up to 256 characters.
type lineEdit struct {
	ti    textinput.Model
	limit int
	ready bool
}

// newLineEdit is a field holding text, the cursor at its end, of at most
// limit characters (0 for 256).
func newLineEdit(text string, limit int) lineEdit {
	e := lineEdit{limit: limit}
	e.init()
	e.ti.SetValue(Printable(text))
	e.ti.CursorEnd()
	return e
}

func (e *lineEdit) init() {
	if e.ready {
		return
	}
	e.ti = textinput.New()
	e.ti.Prompt = ""
	e.ti.CharLimit = 256
	if e.limit > 0 {
		e.ti.CharLimit = e.limit
	}
	e.ti.SetVirtualCursor(false)
	// Paste arrives as a bracketed paste (onPaste); ctrl+v would make
	// textinput read a clipboard, which a bastion over SSH does not have.
	e.ti.KeyMap.Paste.SetEnabled(false)
	// Up and down move in the list behind a filter, not through
	// suggestions, and tab belongs to the dialogs.
	e.ti.KeyMap.NextSuggestion.SetEnabled(false)
	e.ti.KeyMap.PrevSuggestion.SetEnabled(false)
	e.ti.KeyMap.AcceptSuggestion.SetEnabled(false)
	_ = e.ti.Focus() // the blink command of a virtual cursor we do not use
	e.ready = true
}

// Value is the text typed.
func (e *lineEdit) Value() string {
	e.init()
	return e.ti.Value()
}

// key applies k; it reports whether the text changed.
func (e *lineEdit) key(k tea.KeyPressMsg) bool {
	e.init()
	if k.String() == "space" {
		k.Text = " "
	}
	if k.Text != "" {
		if k.Mod&^tea.ModShift != 0 {
			return false // alt+x and the like are not text
		}
		k.Text = Printable(k.Text)
	}
	before := e.ti.Value()
	e.ti, _ = e.ti.Update(k) // no command without a virtual cursor
	return e.ti.Value() != before
}

// insert pastes s at the cursor.
func (e *lineEdit) insert(s string) {
	e.init()
	e.ti, _ = e.ti.Update(tea.PasteMsg{Content: Printable(s)})
}

// render draws prefix and the field in st, the cursor cell in cur, in
// exactly w cells. A text too long for w scrolls to keep the cursor in
// view, with an ellipsis where it is cut.
func (e *lineEdit) render(st, cur Ink, prefix string, w int, ellipsis string) string {
	e.init()
	rs := []rune(e.ti.Value())
	pos := min(max(e.ti.Position(), 0), len(rs))
	left, under, right := string(rs[:pos]), " ", ""
	if pos < len(rs) {
		under, right = string(rs[pos]), string(rs[pos+1:])
	}
	room := w - width(prefix) - width(under)
	if room < 0 {
		return styled(st, prefix, w, ellipsis)
	}
	if width(left) > room {
		// keep the end of what is before the cursor
		cut := ellipsis + ansi.TruncateLeft(left, width(left)-room+width(ellipsis), "")
		for width(cut) > room {
			_, n := utf8.DecodeRuneInString(cut[len(ellipsis):])
			cut = ellipsis + cut[len(ellipsis)+n:]
		}
		left = cut
	}
	right = fit(right, room-width(left), ellipsis)
	return st.Render(prefix+left) + cur.Render(under) + st.Render(right)
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
		m.filterEdit.insert(s)
		m.filter = m.filterEdit.Value()
		m.rebuildRows()
	}
}

// --- filter ---

func (m *Model) startFilter() tea.Cmd {
	m.filtering = true
	m.filterEdit = newLineEdit(m.filter, 64)
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
		if m.filterEdit.key(k) {
			m.filter = m.filterEdit.Value()
			m.rebuildRows()
			m.selectFirstGroup()
		}
	}
	return m.showCmd()
}

// --- command line ---

func (m *Model) startCommand() tea.Cmd {
	e := newLineEdit("", 128)
	m.command = &e
	return nil
}

func (m *Model) commandKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		m.command = nil
		return nil
	case "enter":
		line := m.command.Value()
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
		m.readOnly, m.readOnlyPinned = true, true
		m.readOnlyWhy = "turned on with :readonly in this session"
		m.setStatus(statusWarn, "read-only: every mutating key is now disabled for this session")
		b := m.backend
		return func() tea.Msg { b.SetReadOnly(); return nil } // the adapter refuses too
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
