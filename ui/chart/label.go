package chart

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// clean passes a caller's label through its sanitiser, then keeps only
// printable runes: whatever the sanitiser missed, no control character,
// escape or bidi override reaches the terminal from a chart.
func (r *renderer) clean(s string) string {
	if r.spec.Sanitize != nil {
		s = r.spec.Sanitize(s)
	}
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			return ' '
		case c == ' ' || unicode.IsPrint(c):
			return c
		}
		return -1
	}, s)
}

// cut shortens printable text to at most n cells, ending it with tail
// when it cuts, and returns it with its width. A wide rune that
// straddles the edge is dropped.
func cut(s string, n int, tail string) (string, int) {
	if n <= 0 {
		return "", 0
	}
	w := ansi.StringWidth(s)
	if w <= n {
		return s, w
	}
	tw := ansi.StringWidth(tail)
	if tw >= n {
		tail, tw = "", 0
	}
	s = ansi.Truncate(s, n-tw, "")
	for ansi.StringWidth(s) > n-tw {
		rs := []rune(s)
		s = string(rs[:len(rs)-1])
	}
	if tail != "" {
		s = strings.TrimRight(s, " ") + tail
	}
	return s, ansi.StringWidth(s)
}
