package ui

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/spec"
	"github.com/solemate/hoist/themes"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/lineedit"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/screen"
	"github.com/solemate/hoist/ui/screen/overview"
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
	// Planner makes the plan of configuration files (a file or a directory)
	// against the account the console is on, in region (the one the
	// operator is looking at), for :apply; nil: the console has no :apply.
	// It blocks and is only called from a tea.Cmd.
	Planner func(ctx context.Context, region, path string) (*spec.Plan, error)
	// Regions are the regions the backend watches at start, in order; nil
	// takes the first snapshot's region.
	Regions []string
	// Notice is said on the status line at start (a region newer than
	// hoist's list).
	Notice string
	// ReportDir is where the report screens write their Markdown
	// ($XDG_STATE_HOME/hoist/reports); "" cannot write one.
	ReportDir string
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
		region string
		reason string
		scale  *intent.Scale // how the operator asked for it, if a SetDesired
		batch  int           // the tier action it is part of; 0 for none
		err    error
	}
	// sendingMsg: the action's intent is journaled and its call goes out.
	sendingMsg struct {
		id     int
		region string
		action model.Action
	}
	journalLoadedMsg struct {
		actions []model.JournalAction
		err     error
	}
	switchedMsg struct {
		profile string
		regions []string
		what    string // what the command asked: "switched to us-west-2", "added us-west-2"
		err     error
	}
	tickMsg struct{}
	// guardPassedMsg redraws an open confirm when its guard time is up, so
	// it says it is ready; the key that confirms is judged by the clock.
	guardPassedMsg struct{}
)

// Model is hoist's one tea.Model: the data, a stack of screens (the
// overview at the bottom), the overlay of dialogs, the command line and
// the status line. All fields are owned by Update.
type Model struct {
	backend Backend
	opts    Options
	log     *slog.Logger
	keys    keymap.Keymap
	themes  themes.Set

	// look
	themeName string // chosen theme; "" follows the background
	dark      bool
	profile   colorprofile.Profile
	look      look.Look

	width, height int

	// data
	data     screen.Data
	regions  []string // watched, in order
	shown    []string // drawn: those watched with data, or after a switch the ones before until then
	byRegion map[string]*regionState
	floors   map[string]uint64 // sessions below are of a region watched before
	// switching: a Switch is in flight; snapshots of regions it may add
	// wait in early for its answer.
	switching bool
	early     []model.Snapshot
	verify    []model.JournalAction
	// readOnlyPinned: --read-only or :readonly, whatever the session says;
	// otherwise readOnly follows the session (a read-only profile).
	readOnly, readOnlyPinned bool
	readOnlyWhy              string

	// rooms
	stack    []screen.Screen // the overview first, the screen shown last
	overview *overview.Screen
	overlay  dialog.Overlay
	command  *lineedit.Field // the command line being typed
	plan     *planRun        // the plan of :apply, from when it is made

	count      int  // a count typed before + or -
	percent    bool // the count is a share: 50%+
	status     string
	statusKind intent.Kind

	nextID  int
	acting  map[int]bool             // ids of the actions sent and not yet answered
	tier    *tierRun                 // the tier action under way, if any
	visible map[string]model.Visible // last sent to Backend.Show, per region
	showing *latest                  // what the Show commands send: the newest, whichever runs last
	follow  *followUp                // what the last proposal asks for once it succeeded

	// after is tea.Tick; tests replace it so that no command sleeps.
	after func(d time.Duration, msg tea.Msg) tea.Cmd
	// applyID names an apply in the journal; tests fix it.
	applyID func(now time.Time) string
}

// New builds the console. It does no IO: the journal is read by the command
// Init returns.
func New(backend Backend, opts Options) *Model {
	opts = withDefaults(opts)
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m := &Model{
		backend: backend, opts: opts, log: log,
		keys:      newKeymap(opts.Keys),
		themeName: opts.Theme, dark: true, profile: colorprofile.TrueColor,
		readOnly: opts.ReadOnly, readOnlyPinned: opts.ReadOnly, readOnlyWhy: opts.ReadOnlyWhy,
		width: 80, height: 24, showing: &latest{v: map[string]model.Visible{}},
		regions: slices.Clone(opts.Regions), byRegion: map[string]*regionState{}, floors: map[string]uint64{},
		visible: map[string]model.Visible{},
		after: func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		},
		applyID: newApplyID,
	}
	m.acting = map[int]bool{}
	m.data = screen.Data{Acks: map[string]bool{}, FirstSeen: map[string]time.Time{}, Inflight: map[string]string{},
		Thresholds: opts.Alerts, Stale: opts.Stale}
	if opts.Notice != "" {
		m.setStatus(intent.Warn, "%s", opts.Notice)
	}
	if m.readOnlyWhy == "" {
		m.readOnlyWhy = "hoist was started with --read-only"
	}
	m.themes = themes.Load("")
	if opts.Themes != nil {
		m.themes = *opts.Themes
	}
	if opts.NoColor {
		m.profile = colorprofile.Ascii
	}
	if _, ok := m.themes.Get(m.themeName); m.themeName != "" && !ok {
		m.setStatus(intent.Warn, "no theme %q; using the default (themes: %s)", m.themeName, strings.Join(m.themes.Names(), ", "))
		m.themeName = ""
	}
	if len(m.themes.Errors) > 0 {
		m.setStatus(intent.Warn, "theme file skipped: %v", m.themes.Errors[0])
	}
	m.applyLook()
	m.overview = overview.New(opts.Range)
	m.stack = []screen.Screen{m.overview}
	m.resize()
	return m
}

func withDefaults(opts Options) Options {
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
	return opts
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
	m.look = look.New(look.NewStyles(t, m.profile), m.opts.ASCII)
}

func (m *Model) now() time.Time { return m.opts.Clock() }

// Init asks for the terminal background, reads the journal and starts the
// heartbeat of the header's data age.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.readJournal(), m.tick())
}

// tick is the header's heartbeat: the next tick when its data age will
// read differently (header.go), so an idle console draws nothing new in
// between.
func (m *Model) tick() tea.Cmd { return m.after(m.heartbeat(), tickMsg{}) }

// Update handles one message. It never does IO: everything that reaches
// the backend is returned as a tea.Cmd.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 0), max(msg.Height, 0)
		m.resize()
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
		m.onPaste(msg)
	case actionDoneMsg:
		return m, m.onActionDone(msg)
	case sendingMsg:
		m.onSending(msg)
	case journalLoadedMsg:
		m.onJournal(msg)
	case choicesMsg:
		return m, m.onChoices(msg)
	case switchedMsg:
		return m, m.onSwitched(msg)
	case tickMsg:
		return m, m.tick()
	case planMadeMsg:
		return m, m.onPlanMade(msg)
	case planStepMsg:
		return m, m.onPlanStep(msg)
	case guardPassedMsg:
		// nothing to change: the frame drawn after it shows the confirm ready
	case detailMsg:
		return m, msg.applyTo(m)
	default:
		return m, m.updateReport(msg)
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

// setStatus puts a sentence on the status line; names from AWS in it are
// sanitised here.
func (m *Model) setStatus(k intent.Kind, format string, args ...any) {
	m.statusKind = k
	m.status = Printable(sprintf(format, args...))
}

// env is what screens read, as of now: of the region the screen on top is
// about.
func (m *Model) env() *screen.Env { return m.envIn(m.focus()) }

// envIn is what screens read of region.
func (m *Model) envIn(region string) *screen.Env {
	d := m.data
	d.Region, d.Snap, d.Inflight, d.Details = region, nil, map[string]string{}, nil
	if rs := m.byRegion[region]; rs != nil {
		d.Snap, d.Inflight, d.Details = rs.snap, rs.inflight, rs.details
	}
	e := &screen.Env{Look: &m.look, Keys: &m.keys, Data: &d, Now: m.now(), Loc: m.opts.Location,
		ReadOnly: m.readOnly, ReadOnlyWhy: m.readOnlyWhy}
	if c, ok := m.overlay.Front().(*dialog.Confirm); ok && c.Action() != nil {
		e.Pending = &screen.Pending{Action: c.Action(), Delta: c.Delta()}
	}
	return e
}

// focus is the region the screen on top is about: a group's screen's own,
// else the overview's selected group's, else the first region shown.
func (m *Model) focus() string {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if r, ok := m.stack[i].(screen.Regional); ok && r.Region() != "" {
			return r.Region()
		}
	}
	if len(m.shown) > 0 {
		return m.shown[0]
	}
	if len(m.regions) > 0 {
		return m.regions[0]
	}
	return ""
}

// orFocus is region, or the focus when it is "" (a request that leaves
// the region to the screen on top).
func (m *Model) orFocus(region string) string {
	if region == "" {
		return m.focus()
	}
	return region
}

// snap is the focus region's snapshot, nil before it has one.
func (m *Model) snap() *model.Snapshot {
	if rs := m.byRegion[m.focus()]; rs != nil {
		return rs.snap
	}
	return nil
}

// dctx is what dialogs read, as of now.
func (m *Model) dctx() *dialog.Ctx { return &dialog.Ctx{Look: &m.look, Now: m.now()} }

// top is the screen shown.
func (m *Model) top() screen.Screen { return m.stack[len(m.stack)-1] }

// resize tells every screen the size of the area between the header and
// the status line.
func (m *Model) resize() {
	env := m.env()
	for _, s := range m.stack {
		s.Update(env, screen.Resized{W: m.width, H: max(m.height-2, 0)})
	}
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

// showCmd tells each region's poller what of it is on screen when that
// changed.
func (m *Model) showCmd() tea.Cmd {
	var changed []string
	for _, r := range m.regions {
		v := m.overview.VisibleIn(r)
		if r == m.focus() {
			// a screen that reads data of its own (the load balancers')
			// asks for it in the region it draws
			for _, s := range m.stack {
				if sh, ok := s.(screen.Shower); ok {
					sh.Show(&v)
				}
			}
		}
		if equalVisible(v, m.visible[r]) {
			continue
		}
		m.visible[r] = v
		m.showing.set(r, v)
		changed = append(changed, r)
	}
	for r := range m.visible {
		if !m.watching(r) {
			delete(m.visible, r)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	b, showing := m.backend, m.showing
	return func() tea.Msg {
		for _, r := range changed {
			showing.send(b, r)
		}
		return nil
	}
}

// latest is the newest Visible of each region for the Show commands.
// Bubble Tea runs each command in a goroutine of its own, so the Show of
// one key can run after the Show of the next (j j j on a list): each
// command sends the newest under the lock instead of its own, and the last
// to run sends what is on screen.
type latest struct {
	mu sync.Mutex
	v  map[string]model.Visible
}

func (l *latest) set(region string, v model.Visible) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.v[region] = v
}

func (l *latest) send(b Backend, region string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b.Show(region, l.v[region])
}

func equalVisible(a, b model.Visible) bool {
	return a.Selected == b.Selected && a.Range == b.Range && slices.Equal(a.Groups, b.Groups) && slices.Equal(a.LoadBalancers, b.LoadBalancers)
}
