// Package ui is hoist's console: one Bubble Tea v2 model with panes, dialogs,
// a keymap and a status bar. It reads model values and sends model.Action
// values to the Backend interface declared here. It never imports the AWS SDK
// or hoist's aws package.
//
// Three rules hold everywhere in this package:
//
//  1. Never do IO in Update or View. Every Backend call, and every log line
//     (a file write), happens inside a tea.Cmd; Update and View only read
//     the snapshot and the model's state (TestNoSyncBackendCalls proves it
//     for the Backend with a counting fake).
//  2. Never mutate model state inside a command. A command returns a message;
//     only Update changes the Model.
//  3. Do not nest models. There is one tea.Model (*Model); panes and dialogs
//     are plain structs and functions that render lines and handle keys for
//     it. No chains of Update calls.
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
//		Logger:   fileLogger,        // never the terminal
//	})
//	p := tea.NewProgram(m, ui.ProgramOptions(os.Getenv("NO_COLOR"))...)
//	poller.OnSnapshot(func(s model.Snapshot) { p.Send(ui.SnapshotMsg{Snapshot: s}) })
//	_, err := p.Run()
//
// The poller sends every snapshot with p.Send(ui.SnapshotMsg{...}); the
// console drops snapshots of an older Session than the newest it has seen
// (a :region or :profile switch starts a new session) and older generations
// of the same session. `hoist status` prints its plain-text table from
// cmd/hoist, through Printable, Fit and Truncate (text.go).
package ui
