package form

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/internal/lineedit"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
)

// A Table field: a few rows of a few cells, each cell a line editor, such
// as a step policy's steps (lower bound, upper bound, adjustment). tab and
// shift+tab step through the cells, up and down through the rows, and
// past either end to the next or previous field; ctrl+n adds a row under
// the cursor, ctrl+x removes the row.

// tableHint is the keys of a focused table.
const tableHint = "tab cell  ctrl+n add row  ctrl+x remove row  enter next  esc cancel"

// cellLimit is the most characters a cell takes.
const cellLimit = 12

type table struct {
	cols     []string
	cells    [][]lineedit.Field
	row, col int
	max      int
}

func newTable(s Field) *table {
	t := &table{cols: s.Columns, max: s.MaxRows}
	if t.max <= 0 {
		t.max = 20
	}
	for _, r := range s.Rows {
		t.cells = append(t.cells, t.newRow(r))
	}
	if len(t.cells) == 0 {
		t.cells = append(t.cells, t.newRow(nil))
	}
	return t
}

func (t *table) newRow(vals []string) []lineedit.Field {
	row := make([]lineedit.Field, len(t.cols))
	for i := range row {
		v := ""
		if i < len(vals) {
			v = vals[i]
		}
		row[i] = lineedit.New(v, cellLimit)
	}
	return row
}

// cell is the cell with the cursor.
func (t *table) cell() *lineedit.Field { return &t.cells[t.row][t.col] }

// rows are the cells' text, trimmed; rows left wholly empty are dropped.
func (t *table) rows() [][]string {
	var out [][]string
	for _, r := range t.cells {
		vals := make([]string, len(r))
		empty := true
		for i := range r {
			vals[i] = strings.TrimSpace(r[i].Value())
			empty = empty && vals[i] == ""
		}
		if !empty {
			out = append(out, vals)
		}
	}
	return out
}

// enter puts the cursor on the first cell coming forward, the last
// coming back.
func (t *table) enter(d int) {
	if d >= 0 {
		t.row, t.col = 0, 0
		return
	}
	t.row, t.col = len(t.cells)-1, len(t.cols)-1
}

// keyResult is what a key did in a table.
type keyResult int

const (
	keyNotMine   keyResult = iota // the form's: enter, esc
	keyEdited                     // a cell's text or the rows changed
	keyMoved                      // the cursor moved inside the table
	keyLeaveNext                  // past the last cell or row
	keyLeaveBack                  // before the first
)

// key takes a key while the table has the cursor.
func (t *table) key(k tea.KeyPressMsg) keyResult {
	last := len(t.cells)*len(t.cols) - 1
	at := t.row*len(t.cols) + t.col
	switch k.String() {
	case "enter", "esc":
		return keyNotMine
	case "tab":
		return t.moveTo(at+1, last)
	case "shift+tab":
		return t.moveTo(at-1, last)
	case "down":
		return t.moveTo(at+len(t.cols), last)
	case "up":
		return t.moveTo(at-len(t.cols), last)
	case "ctrl+n":
		if len(t.cells) >= t.max {
			return keyMoved
		}
		t.cells = append(t.cells[:t.row+1], append([][]lineedit.Field{t.newRow(nil)}, t.cells[t.row+1:]...)...)
		t.row, t.col = t.row+1, 0
		return keyEdited
	case "ctrl+x":
		if len(t.cells) == 1 {
			t.cells[0] = t.newRow(nil)
		} else {
			t.cells = append(t.cells[:t.row], t.cells[t.row+1:]...)
		}
		t.row, t.col = min(t.row, len(t.cells)-1), 0
		return keyEdited
	}
	if t.cell().Key(k) {
		return keyEdited
	}
	return keyMoved
}

func (t *table) moveTo(at, last int) keyResult {
	switch {
	case at > last:
		return keyLeaveNext
	case at < 0:
		return keyLeaveBack
	}
	t.row, t.col = at/len(t.cols), at%len(t.cols)
	return keyMoved
}

// lines draw the table under its label: a header of the columns and a
// row per line, the cell with the cursor drawn as a field.
func (t *table) lines(c *dialog.Ctx, focused bool, prefix string, w int) []string {
	st := &c.St
	lead := "  "
	if focused {
		lead = c.G.Cursor + " "
	}
	pad := strings.Repeat(" ", text.Width(prefix))
	cw := max(min((w-text.Width(lead+prefix))/max(len(t.cols), 1), cellLimit+2), 4)
	head := c.NewLine(w)
	head.Add(st.Base, lead+prefix)
	for _, name := range t.cols {
		head.Col(st.Muted, name, cw)
	}
	out := []string{head.String()}
	for r, row := range t.cells {
		var b strings.Builder
		used := min(2+len(pad), w)
		b.WriteString(look.Styled(st.Base, "  "+pad, used, ""))
		for i := range row {
			n := min(cw, w-used)
			if n <= 0 {
				break
			}
			if focused && r == t.row && i == t.col && n > 1 {
				b.WriteString(row[i].Render(st.Emph, st.Cursor, "", n-1, c.G.Ellipsis) + look.Styled(st.Base, " ", 1, ""))
			} else {
				v := row[i].Value()
				if v == "" {
					v = "-"
				}
				b.WriteString(look.Styled(st.Base, v, n, c.G.Ellipsis))
			}
			used += n
		}
		if used < w {
			b.WriteString(look.Styled(st.Base, "", w-used, ""))
		}
		out = append(out, b.String())
	}
	return out
}
