package ui

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/lineedit"
	"github.com/solemate/hoist/ui/screen/errors"
	"github.com/solemate/hoist/ui/screen/lb"
)

func (m *Model) startCommand() tea.Cmd {
	e := lineedit.New("", 128)
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
	m.command.Key(k)
	return nil
}

// runCommand runs a command-line command: region, profile, tier, theme,
// readonly, errors, lb, apply FILE, report, insights, quit.
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
		return m.switchTo(m.current().Profile, arg, "region")
	case "profile":
		return m.switchTo(arg, m.current().Region, "profile")
	case "tier":
		m.overview.SetTier(m.env(), arg)
		if arg == "" {
			m.setStatus(intent.Info, "showing every tier")
		} else {
			m.setStatus(intent.Info, "showing tier %s", arg)
		}
	case "theme":
		m.theme(arg)
	case "readonly", "read-only", "ro":
		return m.readOnlyOn(arg)
	case "errors":
		return m.push(errors.Name, "")
	case "lb", "lbs", "load-balancers":
		cmd := m.openScreen(lb.Name)
		if s, ok := m.top().(*lb.Screen); ok && arg != "" {
			m.apply(s.Select(arg))
		}
		return cmd
	case "apply":
		return m.startApply(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "apply")))
	case "report":
		return m.openReport(f[1:])
	case "insights":
		return m.openInsights(f[1:])
	case "q", "quit":
		return m.quit()
	default:
		m.setStatus(intent.Err, "unknown command %q: region, profile, tier, theme, readonly, errors, lb, apply FILE, report, insights", f[0])
	}
	return nil
}

func (m *Model) theme(name string) {
	if name == "" {
		m.setStatus(intent.Info, "themes: %s", strings.Join(m.themes.Names(), ", "))
		return
	}
	if _, ok := m.themes.Get(name); !ok {
		m.setStatus(intent.Err, "no theme %q (themes: %s)", name, strings.Join(m.themes.Names(), ", "))
		return
	}
	m.themeName = name
	m.applyLook()
	m.setStatus(intent.OK, "theme %s", name)
}

// readOnlyOn turns read-only on for the rest of the session, in the
// adapter too. A session already read-only keeps the reason it was
// first given ("started with --read-only").
func (m *Model) readOnlyOn(arg string) tea.Cmd {
	if arg != "" && arg != "on" && arg != "true" {
		m.setStatus(intent.Err, "read-only can only be turned on in a session; restart hoist without --read-only to make changes")
		return nil
	}
	if !m.readOnly {
		m.readOnlyWhy = "turned on with :readonly in this session"
	}
	m.readOnly, m.readOnlyPinned = true, true
	m.setStatus(intent.Warn, "read-only: every mutating key is now disabled for this session (%s)", m.readOnlyWhy)
	b := m.backend
	return func() tea.Msg { b.SetReadOnly(); return nil } // the adapter refuses too
}

// current is the snapshot shown, or an empty one.
func (m *Model) current() model.Snapshot {
	if m.data.Snap != nil {
		return *m.data.Snap
	}
	return model.Snapshot{}
}

func (m *Model) switchTo(profile, region, what string) tea.Cmd {
	switch {
	case what == "region" && !model.ValidRegion(region):
		m.setStatus(intent.Err, ":region needs a region name like us-west-2")
		return nil
	case what == "profile" && !model.ValidProfile(profile):
		m.setStatus(intent.Err, ":profile needs a profile name")
		return nil
	case len(m.data.Inflight) > 0:
		m.setStatus(intent.Warn, "an action is in flight; switch when it has finished")
		return nil
	}
	m.setStatus(intent.Info, "switching to %s %s ...", profile, region)
	b := m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return switchedMsg{profile: profile, region: region, err: b.Switch(ctx, profile, region)}
	}
}

func (m *Model) onSwitched(msg switchedMsg) tea.Cmd {
	where := switchTarget(msg.profile, msg.region)
	if msg.err != nil {
		m.setStatus(intent.Err, "could not switch to %s: %v; still showing the previous account", where, msg.err)
		return nil
	}
	// Keep showing the old data until the new session's first snapshot;
	// its higher Session replaces everything. The journal is the new
	// account's: its acknowledgements and unknown outcomes, not the old's.
	m.setStatus(intent.OK, "switched to %s; waiting for data", where)
	// If the new journal cannot be read, nothing of the old one stays.
	m.data.Local, m.data.Acks, m.data.Journal, m.verify = nil, map[string]bool{}, nil, nil
	m.refreshAlerts()
	return m.readJournal()
}

// switchTarget names where a switch goes: "profile prod in eu-west-1".
func switchTarget(profile, region string) string {
	var parts []string
	if profile != "" {
		parts = append(parts, "profile "+Printable(profile))
	}
	if region != "" {
		if len(parts) > 0 {
			parts = append(parts, "in")
		}
		parts = append(parts, Printable(region))
	}
	if len(parts) == 0 {
		return "the default profile"
	}
	return strings.Join(parts, " ")
}
