package screen

import (
	"strings"

	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
)

// Doc is a document a screen scrolls through (a report, a
// recommendation's detail): lines of exactly W cells, built once for a
// width, and the lines its sections start at, so tab can jump between
// them. Text added to it is plain and may come from AWS: it is
// sanitised here.
type Doc struct {
	env      *Env
	W        int
	Lines    []string
	Sections []int
	Names    []string // the sections' titles
}

// NewDoc starts a document w cells wide.
func NewDoc(env *Env, w int) *Doc { return &Doc{env: env, W: max(w, 1)} }

// Section starts a section: a blank line after what came before, then its
// title as a heading (a fixed title is written in capitals; a name from
// AWS keeps its case).
func (d *Doc) Section(title string) {
	if len(d.Lines) > 0 {
		d.Blank()
	}
	d.Sections = append(d.Sections, len(d.Lines))
	d.Names = append(d.Names, title)
	d.Lines = append(d.Lines, d.env.Styled(d.env.St.TierHeading, d.plain(title), d.W))
}

// Text adds plain text in ink, wrapped at the width.
func (d *Doc) Text(ink look.Ink, s string) {
	d.Lines = append(d.Lines, look.WrapStyled(ink, d.plain(s), d.W)...)
}

// Indented adds plain text in ink, wrapped, every line after the first
// under the first's text: "- scale-out 4 → 8 ... / (over 2m ...)".
func (d *Doc) Indented(ink look.Ink, lead, s string) {
	pad := strings.Repeat(" ", text.Width(lead))
	for i, l := range text.Wrap(d.plain(s), max(d.W-len(pad), 1)) {
		p := lead
		if i > 0 {
			p = pad
		}
		d.Lines = append(d.Lines, d.env.Styled(ink, p+l, d.W))
	}
}

// Pair adds a key and its value, the value wrapped under itself: "cost
// $120.99 in the window ...".
func (d *Doc) Pair(key string, keyW int, ink look.Ink, value string) {
	pad := strings.Repeat(" ", keyW+1)
	for i, l := range text.Wrap(d.plain(value), max(d.W-keyW-1, 1)) {
		line := d.env.NewLine(d.W)
		if i == 0 {
			line.Col(d.env.St.Muted, key, keyW+1)
		} else {
			line.Add(d.env.St.Base, pad)
		}
		d.Lines = append(d.Lines, line.Add(ink, l).String())
	}
}

// ascii is what --ascii writes for the few non-ASCII marks a report's
// text carries (box drawing and blocks are the charts' own).
var ascii = strings.NewReplacer("–", "-", "→", "->", "×", "x", "…", "~", "▼", "v", "·", "-")

// Plain is text from anywhere (AWS included) made safe to draw: the
// sanitiser, then ASCII only under --ascii.
func (e *Env) Plain(s string) string {
	s = text.Printable(s)
	if e.ASCII {
		s = ascii.Replace(s)
	}
	return s
}

func (d *Doc) plain(s string) string { return d.env.Plain(s) }

// Add adds lines already styled, each exactly W cells.
func (d *Doc) Add(lines ...string) { d.Lines = append(d.Lines, lines...) }

// Blank adds an empty line.
func (d *Doc) Blank() { d.Lines = append(d.Lines, d.env.Styled(d.env.St.Base, "", d.W)) }

// Cell is one cell of a table: plain text (sanitised when drawn) in an ink.
type Cell struct {
	Ink  look.Ink
	Text string
}

// Column is a table's column: its heading, right-aligned numbers, and
// how it gives way when the table is wider than the page: an Optional
// column is left out (the rightmost first), then a Flex one is cut.
type Column struct {
	Head     string
	Right    bool
	Flex     bool
	Optional bool
}

// Table adds a table: a heading line and a line per row, each column as
// wide as its widest cell, the Flex columns cut to fit the width.
func (d *Doc) Table(cols []Column, rows [][]Cell) {
	ws := make([]int, len(cols))
	for i, c := range cols {
		ws[i] = text.Width(d.plain(c.Head))
		for _, r := range rows {
			if i < len(r) {
				ws[i] = max(ws[i], text.Width(d.plain(r[i].Text)))
			}
		}
	}
	cols, rows, ws = dropColumns(cols, rows, ws, d.W)
	fitColumns(cols, ws, d.W)
	st := &d.env.St
	head := d.env.NewLine(d.W)
	for i, c := range cols {
		d.cell(head, Cell{st.Muted, d.plain(c.Head)}, ws[i], c.Right, i == len(cols)-1)
	}
	d.Lines = append(d.Lines, head.String())
	for _, r := range rows {
		l := d.env.NewLine(d.W)
		for i, c := range cols {
			x := Cell{st.Base, ""}
			if i < len(r) {
				x = r[i]
			}
			d.cell(l, Cell{x.Ink, d.plain(x.Text)}, ws[i], c.Right, i == len(cols)-1)
		}
		d.Lines = append(d.Lines, l.String())
	}
}

func (d *Doc) cell(l *look.Line, c Cell, w int, right, last bool) {
	if right {
		l.RCol(c.Ink, c.Text, w)
	} else {
		l.Col(c.Ink, c.Text, w)
	}
	if !last {
		l.Add(d.env.St.Base, "  ")
	}
}

// dropColumns leaves out Optional columns, the rightmost first, while
// the table is wider than w.
func dropColumns(cols []Column, rows [][]Cell, ws []int, w int) ([]Column, [][]Cell, []int) {
	width := func() int {
		t := 2 * (len(ws) - 1)
		for _, x := range ws {
			t += x
		}
		return t
	}
	for i := len(cols) - 1; i >= 0 && width() > w; i-- {
		if !cols[i].Optional {
			continue
		}
		cols = append(cols[:i:i], cols[i+1:]...)
		ws = append(ws[:i:i], ws[i+1:]...)
		out := make([][]Cell, len(rows))
		for j, r := range rows {
			if i < len(r) {
				r = append(r[:i:i], r[i+1:]...)
			}
			out[j] = r
		}
		rows = out
	}
	return cols, rows, ws
}

// fitColumns narrows the flex columns, the widest first, until the
// columns and their gaps fit in w (none below 6 cells).
func fitColumns(cols []Column, ws []int, w int) {
	total := 2 * (len(ws) - 1)
	for _, x := range ws {
		total += x
	}
	for total > w {
		widest := -1
		for i, c := range cols {
			if c.Flex && ws[i] > 6 && (widest < 0 || ws[i] > ws[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			return // the line cuts what is left
		}
		ws[widest]--
		total--
	}
}
