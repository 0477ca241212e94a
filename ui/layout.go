package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Minimum terminal size; below it the console draws one line saying so.
const (
	MinWidth  = 60
	MinHeight = 15
)

// styled truncates plain text to w cells, pads it to exactly w and styles it.
func styled(st Ink, s string, w int, tail string) string {
	if w <= 0 {
		return ""
	}
	return st.Render(fit(s, w, tail))
}

// wrapStyled word-wraps plain text to w cells, each line padded to w.
func wrapStyled(st Ink, s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	var cur string
	for _, word := range strings.Fields(s) {
		for width(word) > w {
			if cur != "" {
				out = append(out, cur)
				cur = ""
			}
			head := truncate(word, w, "")
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
		case width(cur)+1+width(word) <= w:
			cur += " " + word
		default:
			out = append(out, cur)
			cur = word
		}
	}
	if cur != "" || len(out) == 0 {
		out = append(out, cur)
	}
	for i := range out {
		out[i] = styled(st, out[i], w, "")
	}
	return out
}

type lipglossStyle = Ink

// row builder: segments of styled plain text that never exceed max cells.
type lineBuilder struct {
	b        strings.Builder
	w, max   int
	bg       bool // draw on the selection background
	st       *Styles
	ellipsis string
}

func (m *Model) newLine(w int) *lineBuilder {
	return &lineBuilder{max: w, st: &m.st, ellipsis: m.g.Ellipsis}
}

// add appends plain text in style s, cut at the line's end.
func (l *lineBuilder) add(s Ink, text string) *lineBuilder {
	room := l.max - l.w
	if room <= 0 || text == "" {
		return l
	}
	text = truncate(text, room, l.ellipsis)
	if l.bg {
		s = l.st.selected(s)
	}
	l.b.WriteString(s.Render(text))
	l.w += width(text)
	return l
}

// col appends text fitted to exactly n cells (left aligned).
func (l *lineBuilder) col(s Ink, text string, n int) *lineBuilder {
	return l.add(s, fit(text, min(n, max(l.max-l.w, 0)), l.ellipsis))
}

// rcol appends text fitted to exactly n cells, right aligned.
func (l *lineBuilder) rcol(s Ink, text string, n int) *lineBuilder {
	return l.add(s, fitRight(text, min(n, max(l.max-l.w, 0)), l.ellipsis))
}

// String pads the line to its full width.
func (l *lineBuilder) String() string {
	if l.w < l.max {
		pad := strings.Repeat(" ", l.max-l.w)
		s := l.st.Base
		if l.bg {
			s = l.st.selected(s)
		}
		l.b.WriteString(s.Render(pad))
		l.w = l.max
	}
	return l.b.String()
}

func (m *Model) arrows(s string) string {
	if m.g.Arrow == "→" {
		return s
	}
	return strings.ReplaceAll(s, "→", m.g.Arrow)
}

// box frames body lines (each exactly w-2 cells) in a w x h box titled
// title. The focused pane has a heavy (ASCII: '=' and '#') border so focus
// reads without colour.
func (m *Model) box(title string, focused bool, w, h int, body []string) []string {
	if focused {
		return m.frame(title, m.st.BorderFocus, m.st.TitleFocus, true, w, h, body)
	}
	return m.frame(title, m.st.Border, m.st.Title, false, w, h, body)
}

// frame draws the box in border ink bs and title ink ts, heavy or light.
// The title is sanitised here too: dialog titles carry policy and alarm
// names from AWS.
func (m *Model) frame(title string, bs, ts Ink, heavy bool, w, h int, body []string) []string {
	if w < 2 || h < 2 {
		return blank(w, h)
	}
	g := m.g
	hz, vt, tl, tr, bl, br := g.H, g.V, g.TL, g.TR, g.BL, g.BR
	if heavy {
		hz, vt, tl, tr, bl, br = g.HF, g.VF, g.FTL, g.FTR, g.FBL, g.FBR
	}
	inner := w - 2
	t := truncate(" "+Printable(title)+" ", max(inner-2, 0), g.Ellipsis)
	top := bs.Render(tl+strings.Repeat(hz, min(1, inner))) + ts.Render(t) +
		bs.Render(strings.Repeat(hz, max(inner-1-width(t), 0))+tr)
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

func blank(w, h int) []string {
	out := make([]string, max(h, 0))
	for i := range out {
		out[i] = strings.Repeat(" ", max(w, 0))
	}
	return out
}

// hjoin puts columns of equal height side by side.
func hjoin(cols ...[]string) []string {
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

// layout is which panes are drawn where, for the current size.
type layout int

const (
	layoutTooSmall layout = iota
	layoutTabs            // < 100 columns: one pane at a time, tabs on top
	layoutTwo             // 100-159: groups and alerts left, a tabbed pane right
	layoutThree           // >= 160: everything at once
)

func (m *Model) layout() layout {
	switch {
	case m.width < MinWidth || m.height < MinHeight:
		return layoutTooSmall
	case m.width >= 160:
		return layoutThree
	case m.width >= 100:
		return layoutTwo
	}
	return layoutTabs
}

// render draws the whole screen: header, body, status bar. Every line is
// exactly m.width cells wide.
func (m *Model) render() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if m.layout() == layoutTooSmall {
		// Said in as few cells as possible, longest first, so the whole
		// sentence fits whatever the width.
		msg := fmt.Sprintf("terminal too small: %dx%d, hoist needs at least %dx%d", w, h, MinWidth, MinHeight)
		for _, shorter := range []string{
			fmt.Sprintf("terminal too small: %dx%d, need %dx%d", w, h, MinWidth, MinHeight),
			fmt.Sprintf("too small: need %dx%d", MinWidth, MinHeight),
			fmt.Sprintf("need %dx%d", MinWidth, MinHeight),
		} {
			if width(msg) <= w {
				break
			}
			msg = shorter
		}
		lines := blank(w, h)
		lines[0] = fit(msg, w, m.g.Ellipsis)
		return strings.Join(lines, "\n")
	}
	bodyH := h - 2
	var body []string
	switch {
	case m.help:
		body = m.box("Help", true, w, bodyH, m.helpLines(w-2, bodyH-2))
	case m.detail:
		body = m.box(m.detailTitle(), true, w, bodyH, m.detailLines(w-2, bodyH-2))
	default:
		body = m.renderBody(w, bodyH)
	}
	if m.dialog != nil {
		body = m.overlayDialog(body, w, bodyH)
	}
	lines := make([]string, 0, h)
	lines = append(lines, m.headerLine(w))
	lines = append(lines, body...)
	lines = append(lines, m.statusLine(w))
	return strings.Join(lines, "\n")
}

// paneBody draws one pane's body lines at inner size w x h.
func (m *Model) paneBody(p pane, w, h int) []string {
	switch p {
	case paneGroups:
		return m.groupsLines(w, h)
	case paneAlerts:
		return m.alertLines(w, h)
	case paneMetrics:
		return m.metricsLines(w, h)
	case paneTargets:
		return m.targetLines(w, h)
	case paneTimeline:
		return m.timelineLines(w, h)
	case paneCost:
		return m.costLines(w, h)
	}
	return nil
}

func (m *Model) paneBox(p pane, w, h int) []string {
	return m.box(m.paneTitle(p), m.focus == p, w, h, m.paneBody(p, w-2, h-2))
}

func (m *Model) paneTitle(p pane) string {
	switch p {
	case paneGroups:
		return m.groupsTitle()
	case paneAlerts:
		return m.alertsTitle()
	case paneMetrics:
		return m.metricsTitle()
	case paneTargets:
		return m.targetsTitle()
	case paneTimeline:
		return m.timelineTitle()
	}
	return "Cost"
}

func (m *Model) renderBody(w, h int) []string {
	if m.snap == nil {
		lines := blank(w, h)
		msg := "waiting for the first snapshot ..."
		lines[h/2] = fit(strings.Repeat(" ", max((w-len(msg))/2, 0))+msg, w, "")
		return lines
	}
	switch m.layout() {
	case layoutThree:
		w1 := w * 48 / 100
		w2 := (w - w1) / 2
		w3 := w - w1 - w2
		gh := h * 62 / 100
		mh := h * 55 / 100
		th := h * 58 / 100
		c1 := append(m.paneBox(paneGroups, w1, gh), m.paneBox(paneAlerts, w1, h-gh)...)
		c2 := append(m.paneBox(paneMetrics, w2, mh), m.paneBox(paneTargets, w2, h-mh)...)
		c3 := append(m.paneBox(paneTimeline, w3, th), m.paneBox(paneCost, w3, h-th)...)
		return hjoin(c1, c2, c3)
	case layoutTwo:
		w1 := w * 57 / 100
		gh := h * 65 / 100
		c1 := append(m.paneBox(paneGroups, w1, gh), m.paneBox(paneAlerts, w1, h-gh)...)
		right := m.rightTab()
		tabs := m.tabBar([]pane{paneMetrics, paneTargets, paneTimeline, paneCost}, right, w-w1)
		c2 := append([]string{tabs}, m.paneBox(right, w-w1, h-1)...)
		return hjoin(c1, c2)
	}
	all := []pane{paneGroups, paneAlerts, paneMetrics, paneTargets, paneTimeline, paneCost}
	return append([]string{m.tabBar(all, m.focus, w)}, m.paneBox(m.focus, w, h-1)...)
}

// rightTab is the pane shown on the right in the two-column layout: the
// focused one if it lives there, else the last one shown.
func (m *Model) rightTab() pane {
	if m.focus >= paneMetrics {
		return m.focus
	}
	return m.lastRight
}

func (m *Model) tabBar(ps []pane, active pane, w int) string {
	l := m.newLine(w)
	for _, p := range ps {
		name := paneNames[p]
		if n := m.unackedCount(); p == paneAlerts && n > 0 {
			name += fmt.Sprintf(" %d", n)
		}
		if p == active {
			l.add(m.st.TabActive, "["+name+"]")
		} else {
			l.add(m.st.TabIdle, " "+name+" ")
		}
		l.add(m.st.Base, " ")
	}
	return l.String()
}

// overlayDialog draws the open dialog centred over the body.
func (m *Model) overlayDialog(body []string, w, h int) []string {
	d := m.dialog
	dw := min(w-4, max(50, w*6/10))
	if dw < 20 {
		dw = w
	}
	inner := m.dialogLines(d, dw-4)
	dh := min(len(inner)+2, h)
	framed := m.frame(d.title(), m.st.DialogBorder, m.st.DialogTitle, true, dw, dh, inner)
	x := max((w-dw)/2, 0)
	y := max((h-dh)/2, 0)
	out := make([]string, len(body))
	copy(out, body)
	for i, line := range framed {
		if y+i >= len(out) {
			break
		}
		out[y+i] = splice(out[y+i], line, x, dw, w)
	}
	return out
}

func (m *Model) dialogLines(d dialog, w int) []string {
	var out []string
	for _, l := range d.lines(m, w) {
		if l == "" {
			l = strings.Repeat(" ", w)
		}
		out = append(out, " "+l+" ")
	}
	return out
}

// splice replaces cells [x, x+n) of a styled line of width total with over.
func splice(line, over string, x, n, total int) string {
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

func sortStrings(s []string) { sort.Strings(s) }
