package look

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/ui/internal/text"
)

// Look is one way of drawing: the styles of a theme and profile, and the
// glyphs of Unicode or ASCII mode. The root model builds it when the theme,
// the profile or the background changes; everything else only reads it.
type Look struct {
	St    Styles
	G     Glyphs
	ASCII bool // no box drawing, block or braille characters
}

// New is the look of styles st with Unicode glyphs, or ASCII ones.
func New(st Styles, ascii bool) Look {
	g := UnicodeGlyphs
	if ascii {
		g = ASCIIGlyphs
	}
	return Look{St: st, G: g, ASCII: ascii}
}

// Styled truncates plain text to w cells, pads it to exactly w and styles it.
func Styled(st Ink, s string, w int, tail string) string {
	if w <= 0 {
		return ""
	}
	return st.Render(text.Fit(s, w, tail))
}

// WrapStyled word-wraps plain text to w cells, each line padded to w.
func WrapStyled(st Ink, s string, w int) []string {
	out := text.Wrap(s, w)
	for i := range out {
		out[i] = Styled(st, out[i], w, "")
	}
	return out
}

// Line builds one line from segments of styled plain text; it never
// exceeds its width, and String pads it to exactly that width.
type Line struct {
	b        strings.Builder
	W, max   int  // cells written, cells in all
	BG       bool // draw on the selection background
	st       *Styles
	ellipsis string
}

// NewLine starts a line of w cells.
func (l *Look) NewLine(w int) *Line {
	return &Line{max: w, st: &l.St, ellipsis: l.G.Ellipsis}
}

// Add appends plain text in style s, cut at the line's end.
func (l *Line) Add(s Ink, t string) *Line {
	room := l.max - l.W
	if room <= 0 || t == "" {
		return l
	}
	t = text.Truncate(t, room, l.ellipsis)
	if l.BG {
		s = l.st.Selected(s)
	}
	l.b.WriteString(s.Render(t))
	l.W += text.Width(t)
	return l
}

// Col appends text fitted to exactly n cells (left aligned).
func (l *Line) Col(s Ink, t string, n int) *Line {
	return l.Add(s, text.Fit(t, min(n, max(l.max-l.W, 0)), l.ellipsis))
}

// RCol appends text fitted to exactly n cells, right aligned.
func (l *Line) RCol(s Ink, t string, n int) *Line {
	return l.Add(s, text.FitRight(t, min(n, max(l.max-l.W, 0)), l.ellipsis))
}

// Room is how many cells are left.
func (l *Line) Room() int { return max(l.max-l.W, 0) }

// String pads the line to its full width.
func (l *Line) String() string {
	if l.W < l.max {
		pad := strings.Repeat(" ", l.max-l.W)
		s := l.st.Base
		if l.BG {
			s = l.st.Selected(s)
		}
		l.b.WriteString(s.Render(pad))
		l.W = l.max
	}
	return l.b.String()
}

// Arrows draws "→" as the glyphs have it ("->" in ASCII mode).
func (l *Look) Arrows(s string) string {
	if l.G.Arrow == "→" {
		return s
	}
	return strings.ReplaceAll(s, "→", l.G.Arrow)
}

// Box frames body lines (each exactly w-2 cells) in a w x h box titled
// title. The focused box has a heavy (ASCII: '=' and '#') border so focus
// reads without colour.
func (l *Look) Box(title string, focused bool, w, h int, body []string) []string {
	if focused {
		return l.Frame(title, l.St.BorderFocus, l.St.TitleFocus, true, w, h, body)
	}
	return l.Frame(title, l.St.Border, l.St.Title, false, w, h, body)
}

// Frame draws the box in border ink bs and title ink ts, heavy or light.
// The title is sanitised here too: titles carry names from AWS.
func (l *Look) Frame(title string, bs, ts Ink, heavy bool, w, h int, body []string) []string {
	if w < 2 || h < 2 {
		return Blank(w, h)
	}
	g := l.G
	hz, vt, tl, tr, bl, br := g.H, g.V, g.TL, g.TR, g.BL, g.BR
	if heavy {
		hz, vt, tl, tr, bl, br = g.HF, g.VF, g.FTL, g.FTR, g.FBL, g.FBR
	}
	inner := w - 2
	t := text.Truncate(" "+text.Printable(title)+" ", max(inner-2, 0), g.Ellipsis)
	top := bs.Render(tl+strings.Repeat(hz, min(1, inner))) + ts.Render(t) +
		bs.Render(strings.Repeat(hz, max(inner-1-text.Width(t), 0))+tr)
	if inner < 1 {
		top = bs.Render(tl + tr)
	}
	out := make([]string, 0, h)
	out = append(out, top)
	left, right := bs.Render(vt), bs.Render(vt)
	for i := 0; i < h-2; i++ {
		line := ""
		if i < len(body) {
			line = body[i]
		}
		if line == "" {
			line = strings.Repeat(" ", inner)
		}
		out = append(out, left+line+right)
	}
	out = append(out, bs.Render(bl+strings.Repeat(hz, inner)+br))
	return out
}

// Blank is h lines of w spaces.
func Blank(w, h int) []string {
	out := make([]string, max(h, 0))
	for i := range out {
		out[i] = strings.Repeat(" ", max(w, 0))
	}
	return out
}

// HJoin puts columns of equal height side by side.
func HJoin(cols ...[]string) []string {
	h := 0
	for _, c := range cols {
		h = max(h, len(c))
	}
	out := make([]string, h)
	for i := range out {
		var b strings.Builder
		for _, c := range cols {
			if i < len(c) {
				b.WriteString(c[i])
			}
		}
		out[i] = b.String()
	}
	return out
}

// Splice replaces cells [x, x+n) of a styled line of width total with over.
func Splice(line, over string, x, n, total int) string {
	left := ansi.Truncate(line, x, "")
	if lw := ansi.StringWidth(left); lw < x {
		left += strings.Repeat(" ", x-lw)
	}
	right := ansi.TruncateLeft(line, x+n, "")
	if rw := ansi.StringWidth(right); rw < total-x-n {
		right = strings.Repeat(" ", total-x-n-rw) + right
	}
	return left + "\x1b[m" + over + "\x1b[m" + right
}
