package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/lineedit"
	"github.com/solemate/hoist/ui/screen"
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
		return m.regionCommand(arg)
	case "profile":
		if !model.ValidProfile(arg) {
			m.setStatus(intent.Err, ":profile needs a profile name")
			return nil
		}
		return m.switchTo(arg, m.regions, "switched to "+switchTarget(arg, strings.Join(m.regions, ", ")), "")
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
		return m.push(errors.Name, "", "")
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
	if s := m.snap(); s != nil {
		return *s
	}
	return model.Snapshot{}
}

// regionCommand is :region: "X" (or "X,Y") watches those regions, "+X"
// adds one, "-X" removes one; alone, it says what is watched. Each region
// is checked before anything is asked of the backend.
func (m *Model) regionCommand(arg string) tea.Cmd {
	if arg == "" {
		m.setStatus(intent.Info, "watching %s (:region X switches, :region +X adds, :region -X removes)", strings.Join(m.regions, ", "))
		return nil
	}
	op, list := arg[0], arg
	if op == '+' || op == '-' {
		list = arg[1:]
	}
	names := model.ParseRegions(list)
	if len(names) == 0 {
		m.setStatus(intent.Err, ":region needs a region name like us-west-2")
		return nil
	}
	var warns []string
	for _, r := range names {
		w, err := model.CheckRegion(r)
		if err != nil {
			m.setStatus(intent.Err, "%v: nothing changed", err)
			return nil
		}
		if w != "" {
			warns = append(warns, w)
		}
	}
	next, what := names, "switched to "+switchTarget("", strings.Join(names, ", "))
	switch op {
	case '+':
		next, what = slices.Clone(m.regions), "added "+strings.Join(names, ", ")
		for _, r := range names {
			if !slices.Contains(next, r) {
				next = append(next, r)
			}
		}
	case '-':
		next = slices.DeleteFunc(slices.Clone(m.regions), func(r string) bool { return slices.Contains(names, r) })
		what = "stopped watching " + strings.Join(names, ", ")
		if len(next) == 0 {
			m.setStatus(intent.Err, "%s is the only region watched: :region X switches to another", strings.Join(names, ", "))
			return nil
		}
	}
	if slices.Equal(next, m.regions) {
		m.setStatus(intent.Info, "already watching %s", strings.Join(m.regions, ", "))
		return nil
	}
	return m.switchTo(m.current().Profile, next, what, strings.Join(warns, "; "))
}

func (m *Model) switchTo(profile string, regions []string, what, warn string) tea.Cmd {
	if m.inflightCount() > 0 {
		m.setStatus(intent.Warn, "an action is in flight; switch when it has finished")
		return nil
	}
	m.setStatus(intent.Info, "%s ...", what)
	m.switching = true
	b, regions := m.backend, slices.Clone(regions)
	if warn != "" {
		what += " (" + warn + ")"
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return switchedMsg{profile: profile, regions: regions, what: what, err: b.Switch(ctx, profile, regions)}
	}
}

func (m *Model) onSwitched(msg switchedMsg) tea.Cmd {
	early := m.early
	m.switching, m.early = false, nil
	if msg.err != nil {
		m.setStatus(intent.Err, "could not do it (%s): %v; still showing %s", strings.TrimPrefix(msg.what, "switched to "), msg.err, strings.Join(m.regions, ", "))
		return nil
	}
	// Keep showing the old data until a new session's first snapshot. The
	// journal is read again for the new account and regions: its
	// acknowledgements and unknown outcomes, not the old ones'.
	samePro := msg.profile == m.current().Profile
	m.regions = msg.regions
	kind := intent.OK
	if strings.Contains(msg.what, "(") {
		kind = intent.Warn
	}
	if strings.HasPrefix(msg.what, "stopped") {
		m.setStatus(kind, "%s", msg.what)
	} else {
		m.setStatus(kind, "%s; waiting for data", msg.what)
	}
	// If the new journal cannot be read, nothing of the old one stays.
	m.data.Acks, m.data.Journal, m.verify = map[string]bool{}, nil, nil
	m.data.Local = slices.DeleteFunc(m.data.Local, func(e screen.Event) bool { return !samePro || !m.watching(e.Region) })
	m.syncRegions()
	m.refreshAlerts()
	m.refreshScreens()
	cmds := []tea.Cmd{m.readJournal()}
	for _, s := range early {
		cmds = append(cmds, m.onSnapshot(s))
	}
	return tea.Batch(append(cmds, m.showCmd())...)
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
