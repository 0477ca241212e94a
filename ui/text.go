package ui

import (
	"fmt"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Printable returns s with everything a terminal would interpret removed:
// escape sequences, C0 and C1 control characters, bidi controls and
// invalid UTF-8 (see ui/internal/text). Every string that came from AWS
// goes through it before it reaches the screen or the status table.
func Printable(s string) string { return text.Printable(s) }

// The sanitiser's plain-text measures, for text written outside the
// console (the CLI's status table): widths in terminal cells, and cuts
// that never split a wide rune. Text from AWS goes through Printable first.

// Width is s's width in terminal cells.
func Width(s string) int { return text.Width(s) }

// Truncate cuts plain text to at most w cells, ending it with tail when cut.
func Truncate(s string, w int, tail string) string { return text.Truncate(s, w, tail) }

// Fit truncates or pads plain text to exactly w cells.
func Fit(s string, w int, tail string) string { return text.Fit(s, w, tail) }

// TargetWhy is a target's health reason and AWS's description of it,
// printable: "Target.Timeout: Request timed out".
func TargetWhy(t model.Target) string { return screen.TargetWhy(t, true) }

// the same, under the names the root model's files use
func width(s string) int                        { return text.Width(s) }
func truncate(s string, w int, t string) string { return text.Truncate(s, w, t) }
func fit(s string, w int, t string) string      { return text.Fit(s, w, t) }

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}
