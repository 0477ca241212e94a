package screen

import "strings"

// Fill cuts or pads a screen's lines to n lines of w cells and adds last
// (its key hints) under them.
func Fill(out []string, n, w int, last string) []string {
	if n < 0 {
		return nil
	}
	if len(out) > n {
		out = out[:n]
	}
	for len(out) < n {
		out = append(out, strings.Repeat(" ", w))
	}
	return append(out, last)
}
