// Package text is the console's plain-text layer: the sanitiser every string
// from AWS goes through (Printable), and cell-width measuring, cutting and
// wrapping. It knows nothing of styles; it imports no project package.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Printable returns s with everything a terminal would interpret removed:
// escape sequences (CSI, OSC including OSC 52 clipboard writes, DCS, APC,
// PM, SOS), C0 and C1 control characters, DEL, bidi embedding, override
// and isolate characters, and invalid UTF-8 (shown as U+FFFD). Tabs and
// newlines become spaces. Every string that came from AWS goes through it
// before it reaches the screen or the status table.
func Printable(s string) string {
	if isPlainASCII(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.ContainsAny(s, "\x1b\u009b\u009d\u0090\u009e\u009f\u0098") {
		s = stripSequences(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case unicode.IsControl(r), IsBidiControl(r), r == '\u2028', r == '\u2029', r == '\uFEFF':
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// IsBidiControl reports the characters that reorder text (Trojan Source):
// LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, and the marks LRM, RLM, ALM.
// Right-to-left letters themselves are kept.
func IsBidiControl(r rune) bool {
	switch {
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	case r == '\u200E', r == '\u200F', r == '\u061C':
		return true
	}
	return false
}

// stripSequences removes escape sequences, including 8-bit C1 introducers
// written as UTF-8 runes (U+009B CSI, U+009D OSC, U+0090 DCS, ...), which
// ansi.Strip alone would leave behind for some terminals to obey.
func stripSequences(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case '\x1b':
			i = skipEscape(rs, i+1)
		case '\u009b': // CSI
			i = skipCSI(rs, i+1)
		case '\u009d', '\u0090', '\u009e', '\u009f', '\u0098': // OSC, DCS, PM, APC, SOS
			i = skipString(rs, i+1)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// skipEscape skips the sequence after an ESC at rs[i-1] and returns the
// index of its last rune.
func skipEscape(rs []rune, i int) int {
	if i >= len(rs) {
		return i - 1
	}
	switch rs[i] {
	case '[':
		return skipCSI(rs, i+1)
	case ']', 'P', '^', '_', 'X':
		return skipString(rs, i+1)
	}
	// nF sequences: intermediates 0x20-0x2f then one final byte.
	for i < len(rs) && rs[i] >= 0x20 && rs[i] <= 0x2f {
		i++
	}
	if i >= len(rs) {
		return len(rs) - 1
	}
	return i // the final byte
}

func skipCSI(rs []rune, i int) int {
	for ; i < len(rs); i++ {
		if rs[i] >= 0x40 && rs[i] <= 0x7e {
			return i
		}
		if rs[i] < 0x20 || rs[i] > 0x7e { // malformed: stop here, drop the intro
			return i - 1
		}
	}
	return len(rs) - 1
}

// skipString skips an OSC/DCS/APC/PM/SOS body up to BEL, ST (ESC \) or
// U+009C; an unterminated one runs to the end of the string.
func skipString(rs []rune, i int) int {
	for ; i < len(rs); i++ {
		switch rs[i] {
		case '\a', '\u009c':
			return i
		case '\x1b':
			if i+1 < len(rs) && rs[i+1] == '\\' {
				return i + 1
			}
			return i
		}
	}
	return len(rs) - 1
}

// width is the display width of plain (already printable) text, counting
// wide characters (CJK, emoji) as two cells.
func Width(s string) int {
	if isPlainASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

// truncate cuts plain text to at most w cells, ending it with tail when cut.
func Truncate(s string, w int, tail string) string {
	if w <= 0 {
		return ""
	}
	if Width(s) <= w {
		return s
	}
	if Width(tail) > w {
		tail = ""
	}
	out := ansi.Truncate(s, w, tail)
	// A wide rune that straddles the edge is dropped by Truncate; never
	// return more than w cells.
	for Width(out) > w {
		rs := []rune(out)
		out = string(rs[:len(rs)-1])
	}
	return out
}

// TruncateMiddle shortens s to w cells by cutting its middle, keeping a
// third for the start and two for the end: names of a fleet share a prefix
// ("solemate-...") and differ towards the end ("-cart-prod", "-cart-staging").
func TruncateMiddle(s string, w int, mid string) string {
	n := Width(s)
	if n <= w {
		return s
	}
	room := w - Width(mid)
	if room < 2 {
		return Truncate(s, w, mid)
	}
	head := Truncate(s, room/3, "")
	tail := ansi.TruncateLeft(s, n-(room-Width(head)), "")
	for Width(tail) > room-Width(head) { // a wide rune on the cut
		_, size := utf8.DecodeRuneInString(tail)
		tail = tail[size:]
	}
	return head + mid + tail
}

// fit truncates or pads plain text to exactly w cells.
func Fit(s string, w int, tail string) string {
	s = Truncate(s, w, tail)
	if n := Width(s); n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// FitRight is fit, aligned right.
func FitRight(s string, w int, tail string) string {
	s = Truncate(s, w, tail)
	if n := Width(s); n < w {
		s = strings.Repeat(" ", w-n) + s
	}
	return s
}

// Wrap word-wraps plain text into lines of at most w cells; a word longer
// than a line is cut across lines. It returns at least one line.
func Wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	var cur string
	for _, word := range strings.Fields(s) {
		for Width(word) > w {
			if cur != "" {
				out = append(out, cur)
				cur = ""
			}
			head := Truncate(word, w, "")
			out = append(out, head)
			word = word[len(head):]
			if head == "" {
				word = ""
			}
		}
		switch {
		case word == "":
		case cur == "":
			cur = word
		case Width(cur)+1+Width(word) <= w:
			cur += " " + word
		default:
			out = append(out, cur)
			cur = word
		}
	}
	if cur != "" || len(out) == 0 {
		out = append(out, cur)
	}
	return out
}
