package ui

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/themes"
)

// Options configure the console. The zero value is a usable, writable
// console with the built-in themes following the terminal background.
type Options struct {
	// ReadOnly disables every mutating key; ReadOnlyWhy says why ("started
	// with --read-only", "profile prod is read-only in the config").
	ReadOnly    bool
	ReadOnlyWhy string
	// Theme names a theme of Themes; "" follows the terminal background
	// (dark or light).
	Theme  string
	Themes *themes.Set // nil: the built-ins
	ASCII  bool        // no box drawing or block characters
	// NoColor draws no colour at all (NO_COLOR set to any non-empty value).
	NoColor bool
	Keys    map[string][]string // overrides by action name
	Alerts  model.AlertThresholds
	Bell    bool // ring the bell when a new alert fires
	// Stale is the data age beyond which the header says "stale"
	// (default 30s).
	Stale time.Duration
	// Range is the initial metrics range (default 1h).
	Range time.Duration
	// JournalSince is how far back the journal is read at start
	// (default 7 days), for acknowledgements and unverified actions.
	JournalSince time.Duration
	// ActTimeout bounds one Backend.Act (default 2 minutes).
	ActTimeout time.Duration
	// ConfirmGuard is how long a confirm dialog must have been on screen
	// before y or enter sends (default model.DefaultConfirmGuard, 400ms):
	// a key typed ahead never confirms a change the operator has not seen.
	ConfirmGuard time.Duration
	// Clock and Location are for tests; default time.Now and time.Local.
	Clock    func() time.Time
	Location *time.Location
	Logger   *slog.Logger // nil: discard
}

// SnapshotMsg carries one poller snapshot into the program (p.Send).
type SnapshotMsg struct{ Snapshot model.Snapshot }

// Messages returned by the console's own commands.
type (
	actionDoneMsg struct {
		id     int
		action model.Action
		reason string
		err    error
	}
	journalLoadedMsg struct {
		actions []model.JournalAction
		err     error
	}
	switchedMsg struct {
		profile, region string
		err             error
	}
	tickMsg struct{}
	// guardPassedMsg redraws an open confirm when its guard time is up, so
	// it says it is ready; the key that confirms is judged by the clock.
	guardPassedMsg struct{}
)

// pane names the panes of the main view.
type pane int

const (
	paneGroups pane = iota
	paneAlerts
	paneMetrics
	paneTargets
	paneTimeline
	paneCost
	paneCount
)

var paneNames = [...]string{"Groups", "Alerts", "Metrics", "Targets", "Timeline", "Cost"}

type sortMode int

const (
	sortTier sortMode = iota
	sortName
	sortCPU
)

var sortNames = [...]string{"tier", "name", "cpu"}

type statusKind int

const (
	statusInfo statusKind = iota
	statusOK
	statusWarn
	statusErr
)

// Model is hoist's one tea.Model. All fields are owned by Update.
type Model struct {
	backend Backend
	opts    Options
	log     *slog.Logger
	keys    Keymap
	themes  themes.Set

	// look
	themeName string // chosen theme; "" follows the background
	dark      bool
	profile   colorprofile.Profile
	st        Styles
	g         Glyphs

	width, height int

	// data
	snap      *model.Snapshot
	session   uint64
	alerts    []model.Alert
	tracker   model.AlertTracker
	firstSeen map[string]time.Time // alert key -> when the console first saw it
	acks      map[string]bool      // AckTarget -> acknowledged
	costHist  []costPoint
	costs     model.Costs   // of the current snapshot, computed once
	alertView []model.Alert // visibleAlerts, recomputed when alerts or acks change
	journal   []model.JournalAction
	verify    []model.JournalAction
	local     []event // this session's action results
	readOnly  bool    // mutating keys are disabled
	// readOnlyPinned: --read-only or :readonly, whatever the session says;
	// otherwise readOnly follows the session (a read-only profile).
	readOnlyPinned bool
	readOnlyWhy    string

	// view state
	rows         []row // the groups list as shown
	nameW        int   // widest group name shown
	capsW        int   // widest "min/desired/max", at least its heading
	countW       int   // widest instance count column, with its gap
	selected     string
	cursor       int
	scroll       int
	focus        pane
	lastRight    pane // the right-hand tab shown in the two-column layout
	sort         sortMode
	filter       string
	filtering    bool
	tier         string
	rangeIdx     int
	timelineAll  bool
	alertCursor  int
	detail       bool
	detailCursor int
	help         bool
	helpScroll   int
	count        int
	command      *lineEdit
	filterEdit   lineEdit // the filter as it is typed; filter is its value
	dialog       dialog

	status     string
	statusKind statusKind

	inflight map[string]string // group (or target) -> summary
	nextID   int
	visible  model.Visible // last sent to Backend.Show

	// after is tea.Tick; tests replace it so that no command sleeps.
	after func(d time.Duration, msg tea.Msg) tea.Cmd
}

// New builds the console. It does no IO: the journal is read by the command
// Init returns.
func New(backend Backend, opts Options) *Model {
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Stale <= 0 {
		opts.Stale = 30 * time.Second
	}
	if opts.JournalSince <= 0 {
		opts.JournalSince = 7 * 24 * time.Hour
	}
	if opts.ActTimeout <= 0 {
		opts.ActTimeout = 2 * time.Minute
	}
	if opts.ConfirmGuard <= 0 {
		opts.ConfirmGuard = model.DefaultConfirmGuard
	}
	if opts.Alerts.CPUPercent == 0 && opts.Alerts.AtMax == 0 && opts.Alerts.CPUFor == 0 {
		opts.Alerts = model.DefaultAlertThresholds()
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m := &Model{
		backend:   backend,
		opts:      opts,
		log:       log,
		keys:      NewKeymap(opts.Keys),
		themeName: opts.Theme,
		dark:      true,
		profile:   colorprofile.TrueColor,
		firstSeen: map[string]time.Time{},
		acks:      map[string]bool{},
		inflight:  map[string]string{},
		readOnly:  opts.ReadOnly, readOnlyPinned: opts.ReadOnly,
		rangeIdx:  1,
		lastRight: paneMetrics,
		width:     80,
		height:    24,
		after: func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		},
	}
	if opts.Themes != nil {
		m.themes = *opts.Themes
	} else {
		m.themes = themes.Load("")
	}
	m.readOnlyWhy = opts.ReadOnlyWhy
	if m.readOnlyWhy == "" {
		m.readOnlyWhy = "hoist was started with --read-only"
	}
	for i, r := range model.Ranges {
		if r == opts.Range {
			m.rangeIdx = i
		}
	}
	if opts.NoColor {
		m.profile = colorprofile.Ascii
	}
	if _, ok := m.themes.Get(m.themeName); m.themeName != "" && !ok {
		m.setStatus(statusWarn, "no theme %q; using the default (themes: %s)", m.themeName, strings.Join(m.themes.Names(), ", "))
		m.themeName = ""
	}
	if len(m.themes.Errors) > 0 {
		m.setStatus(statusWarn, "theme file skipped: %v", m.themes.Errors[0])
	}
	m.applyLook()
	return m
}

// ProgramOptions are the tea.NewProgram options the console needs. noColor
// is the NO_COLOR environment variable: any non-empty value means no colour
// (Bubble Tea itself honours only some values).
func ProgramOptions(noColor string) []tea.ProgramOption {
	var opts []tea.ProgramOption
	if noColor != "" {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	return opts
}

func (m *Model) applyLook() {
	name := m.themeName
	if name == "" {
		name = themes.Default(m.dark)
	}
	t, ok := m.themes.Get(name)
	if !ok {
		t, _ = themes.Builtin(themes.Default(m.dark))
	}
	m.st = NewStyles(t, m.profile)
	m.g = unicodeGlyphs
	if m.opts.ASCII {
		m.g = asciiGlyphs
	}
}

func (m *Model) now() time.Time { return m.opts.Clock() }

// Init asks for the terminal background, reads the journal and starts the
// one-second clock of the header's data age.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.readJournal(), tick())
}

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{} })
}

// Update handles one message. It never does IO: everything that reaches
// the backend is returned as a tea.Cmd.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 0), max(msg.Height, 0)
		m.clampScroll()
		return m, m.showCmd()
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.applyLook()
	case tea.ColorProfileMsg:
		if !m.opts.NoColor {
			m.profile = msg.Profile
			m.applyLook()
		}
	case SnapshotMsg:
		return m, m.onSnapshot(msg.Snapshot)
	case tea.KeyPressMsg:
		return m, m.onKey(msg)
	case tea.PasteMsg:
		m.onPaste(msg.Content)
	case actionDoneMsg:
		return m, m.onActionDone(msg)
	case journalLoadedMsg:
		m.onJournal(msg)
	case switchedMsg:
		return m, m.onSwitched(msg)
	case tickMsg:
		return m, tick()
	case guardPassedMsg:
		// nothing to change: the frame drawn after it shows the confirm ready
	}
	return m, nil
}

// View renders the whole screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "hoist"
	return v
}

func (m *Model) setStatus(k statusKind, format string, args ...any) {
	m.statusKind = k
	m.status = Printable(sprintf(format, args...))
}

// readJournal is the command that reads the journal at start.
func (m *Model) readJournal() tea.Cmd {
	b, since := m.backend, m.now().Add(-m.opts.JournalSince)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		as, err := b.Journal(ctx, since)
		return journalLoadedMsg{actions: as, err: err}
	}
}

func (m *Model) onJournal(msg journalLoadedMsg) {
	if msg.err != nil {
		m.setStatus(statusWarn, "journal not read: %v", msg.err)
		return
	}
	m.journal = msg.actions
	m.verify = nil
	for _, a := range msg.actions {
		if a.Intent.Kind == model.KindAcknowledge && a.Status() == model.ResultOK {
			m.acks[a.Intent.Target] = true
		}
		if a.NeedsVerify() && a.Intent.Kind != model.KindAcknowledge {
			m.verify = append(m.verify, a)
		}
	}
	m.refreshAlerts()
	if n := len(m.verify); n > 0 {
		a := m.verify[n-1]
		more := ""
		if n > 1 {
			more = fmt.Sprintf(" (and %d more in Alerts)", n-1)
		}
		m.setStatus(statusErr, "VERIFY IN AWS: %s %s %s (%s at %s) may or may not have applied%s",
			Printable(a.Intent.Target), a.Intent.Kind, Printable(model.Change(a.Intent.Before, a.Intent.After)),
			a.Status(), m.clock(a.Intent.Time), more)
	}
}

// onSnapshot takes a new snapshot: drop stale sessions and generations,
// evaluate alerts, keep the selection by name.
func (m *Model) onSnapshot(s model.Snapshot) tea.Cmd {
	if s.Session < m.session {
		return nil
	}
	if m.snap != nil && s.Session == m.session && s.Generation < m.snap.Generation {
		return nil
	}
	switched := m.snap != nil && s.Session > m.session
	m.session = s.Session
	m.snap = &s
	now := m.now()
	if switched {
		m.setStatus(statusOK, "now on %s %s: %d groups", Printable(s.Identity.Account), Printable(s.Region), len(s.Groups))
		m.costHist = nil // "1h ago" compares this account with itself
	}
	// A profile the config makes read-only gives a read-only session; the
	// keys follow what the adapter enforces.
	if !m.readOnlyPinned && m.readOnly != s.ReadOnly {
		m.readOnly = s.ReadOnly
		m.readOnlyWhy = fmt.Sprintf("profile %s is read-only in the config", Printable(s.Profile))
	}
	alerts := m.tracker.Observe(m.snap, now, m.opts.Alerts)
	bell := false
	seen := map[string]bool{}
	for _, a := range alerts {
		k := a.Key()
		seen[k] = true
		if _, ok := m.firstSeen[k]; !ok {
			m.firstSeen[k] = now
			if !m.acks[k] && a.Severity != model.SeverityInfo {
				bell = true
			}
		}
	}
	for k := range m.firstSeen {
		if !seen[k] {
			delete(m.firstSeen, k)
		}
	}
	m.alerts = alerts
	m.costs = m.snap.Costs()
	m.refreshAlerts()
	m.recordCost(now)
	m.rebuildRows()
	var cmds []tea.Cmd
	if bell && m.opts.Bell {
		cmds = append(cmds, tea.Raw("\a"))
	}
	cmds = append(cmds, m.showCmd())
	return tea.Batch(cmds...)
}

// showCmd tells the backend what is on screen when that changed.
func (m *Model) showCmd() tea.Cmd {
	v := model.Visible{Groups: m.visibleGroupNames(), Selected: m.selected, Range: model.Ranges[m.rangeIdx]}
	if equalVisible(v, m.visible) {
		return nil
	}
	m.visible = v
	b := m.backend
	return func() tea.Msg { b.Show(v); return nil }
}

func equalVisible(a, b model.Visible) bool {
	if a.Selected != b.Selected || a.Range != b.Range || len(a.Groups) != len(b.Groups) {
		return false
	}
	for i := range a.Groups {
		if a.Groups[i] != b.Groups[i] {
			return false
		}
	}
	return true
}
