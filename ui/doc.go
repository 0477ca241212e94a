// Package ui is hoist's console: one Bubble Tea v2 model (Model) holding
// the data, a stack of screens, an overlay of dialogs, the command line
// and the status line. It reads model values and sends model.Action
// values to the Backend interface declared here. It never imports the AWS
// SDK or hoist's aws package.
//
// # Where things are
//
//	ui/                 the root model: Update's routing (route.go), the
//	                    screen registry (screens.go), the root's bindings
//	                    (keys.go), proposing and sending actions (actions.go,
//	                    forms.go), scaling by hand and a conflict's way on
//	                    (scale.go), a tier's groups in one confirm (tier.go),
//	                    the command line, header and status bar
//	ui/screen           the Screen interface, the Env screens read, shared
//	                    formatting; one package per screen below it:
//	ui/screen/overview  the groups and the panes around them (home)
//	ui/screen/group     one group: instances, policies, schedule, activities
//	ui/screen/policies  one group's scaling policies: every kind created and
//	                    edited through forms, a predictive policy's forecast
//	ui/screen/schedule  one group's scheduled actions, their next runs
//	ui/screen/refresh   one group's instance refreshes and resize
//	ui/screen/lb        the load balancers: list, detail, a target group's
//	                    targets; their changes through forms (B, :lb)
//	ui/screen/help      every binding, generated from the key map; scrolls
//	ui/screen/errors    :errors, each data source's state and last error
//	ui/dialog           the overlay: confirm (guarded; of an action, of a
//	                    plan or of steps; a deletion's asks for the name), a
//	                    tier's confirm, the way on after a conflict
//	                    (stopped.go), input, choice, checklist, note
//	ui/form             multi-field forms on the overlay: typed, Choice and
//	                    Table fields, each explained, hidden while moot,
//	                    checked as they are left, with a preview
//	ui/chart            a pure chart renderer: the selected group's charts
//	                    (overview), the load balancer charts, a forecast over
//	                    load and capacity (policies)
//	ui/intent           what screens and dialogs ask the root to do
//	ui/internal/...     text (the sanitiser, cell widths), look (styles,
//	                    glyphs, boxes), keymap (bindings as data), lineedit
//	                    (the one-line field), fixture (test data)
//
// A new screen is a package under ui/screen and one line in screens.go;
// intent.Push{Screen: name} opens it, esc goes back one step. A screen
// about one group that draws more than the snapshot holds implements
// screen.DetailUser: while it is on top the root reads the group's detail
// (Backend.Detail) in a command, again every detailEvery (detail.go), and
// screens read it from Data.Details.
//
// # Three rules
//
//  1. Never do IO in Update or View. Every Backend call, and every log line
//     (a file write), happens inside a tea.Cmd; Update and View only read
//     the snapshot and the model's state (TestNoSyncBackendCalls proves it
//     for the Backend with a counting fake).
//  2. Never mutate model state inside a command. A command returns a message;
//     only Update changes the Model (screens and dialogs change their own
//     state only when the root's Update calls them).
//  3. Do not nest models. There is one tea.Model (*Model); screens, dialogs
//     and forms are plain structs with Update and View methods that the
//     root calls directly, once per message. They never call each other:
//     they answer with a request (ui/intent, screen.Open, dialog.Close,
//     dialog.Confirmed) that the root applies in the same Update.
//
// # A key press
//
// The path of "+" on the overview: route.go's onKey gives it to the front
// dialog if one is open (none), else resolves it in the key map along the
// top screen's contexts (overview, group, global): "+" is scale-out, a
// binding of the group context, so the root runs it (keys.go rootTable ->
// scale.go scaleBy) on the group the screen is about
// (screen.GroupScreen), or, on a tier's heading (screen.TierScreen), on
// every group under it (tier.go). scaleBy turns the count typed before
// it (5, 50%) into an intent.Scale, builds model.SetDesired with the
// absolute new value and proposes it with the Scale beside it:
// model.Validate, then a dialog.Confirm on the overlay. The confirm takes
// y only after its guard time; it answers dialog.Confirmed, and the
// root's run returns two commands: one calls Backend.Act (re-read,
// journal, send once, journal) and answers actionDoneMsg; the other waits
// for Act's sending func and answers sendingMsg, so the status line goes
// from "checking" to "sending". A conflict comes back with the group's
// capacity now; the root offers the same Scale re-based on it
// (dialog.Stopped).
//
// # Wiring (cmd/hoist)
//
//	themeSet := themes.Load(filepath.Dir(configPath)) // built-ins + user *.yaml
//	m := ui.New(backend, ui.Options{
//		ReadOnly: readOnly,          // --read-only or the profile's config
//		Theme:    cfg.Theme,         // "" follows the terminal background
//		Themes:   &themeSet,
//		ASCII:    ascii,             // --ascii
//		NoColor:  os.Getenv("NO_COLOR") != "",
//		Keys:     cfg.Keys,          // config.Load checked them with ValidateKeys
//		Alerts:   cfg.Alerts,
//		Bell:     cfg.Bell,
//		Stale:    3 * cfg.Refresh,
//		ConfirmGuard: cfg.ConfirmGuard,
//		Logger:   fileLogger,        // never the terminal
//	})
//	p := tea.NewProgram(m, ui.ProgramOptions(os.Getenv("NO_COLOR"))...)
//	poller.OnSnapshot(func(s model.Snapshot) { p.Send(ui.SnapshotMsg{Snapshot: s}) })
//	_, err := p.Run()
//
// The backend (aws.Regions: a session and poller per region) sends every
// snapshot with p.Send(ui.SnapshotMsg{...}), each naming its Region; the
// console keeps the newest of each region it watches (Options.Regions, then
// what :region and :profile switch to), drops snapshots of an older Session
// than the region's newest (a switch starts new sessions) and older
// generations of the same session.
//
// # Several regions
//
// Screens read one region's data at a time: Env.Snap is the region the
// screen on top is about (screen.Regional: a group's screen's region, the
// overview's selected group's), and Env.In(region) is another's. The
// overview lists every region's groups, by region then tier; alerts,
// costs and the journal are of every region. An action is proposed with
// the region of the data it was built from (intent.Propose.Region, "" for
// the screen's), the confirm says it and Backend.Act is called with it.
// The screens about a group (policies, scheduled actions, refresh) are of
// its region, the report and insights of the region they were opened in:
// each is a screen.Regional, its reads (Backend.Detail, ResizeState,
// FleetReport, IncidentReport) name that region, a group's detail is kept
// per region (Env.Details), and what it proposes goes there.
//
// `hoist status` prints its plain-text table from cmd/hoist, through
// Printable, Fit and Truncate (text.go).
package ui
