package ui

import "github.com/solemate/hoist/model"

// The sanitiser's plain-text measures, for text written outside the
// console (the CLI's status table): widths in terminal cells, and cuts
// that never split a wide rune. Text from AWS goes through Printable first.

// Width is s's width in terminal cells.
func Width(s string) int { return width(s) }

// Truncate cuts plain text to at most w cells, ending it with tail when cut.
func Truncate(s string, w int, tail string) string { return truncate(s, w, tail) }

// Fit truncates or pads plain text to exactly w cells.
func Fit(s string, w int, tail string) string { return fit(s, w, tail) }

// TargetWhy is a target's health reason and AWS's description of it,
// printable: "Target.Timeout: Request timed out".
func TargetWhy(t model.Target) string { return targetWhy(t, true) }
