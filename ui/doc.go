// Package ui is hoist's console: one Bubble Tea v2 model with panes, dialogs,
// a keymap and a status bar. It reads model values and sends model.Action
// values to an interface declared here; it never imports the AWS SDK, and
// Update and View never do IO.
package ui
