package chart

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// ink indexes the compiled styles of a chart.
type ink uint8

const (
	inkNone ink = iota
	inkLine
	inkAlt
	inkOver
	inkForecast
	inkTarget
	inkBand
	inkAxis
	inkAnnotation
	inkMuted
	numInks
)

// seq is a style reduced to the escape sequences around its text, so a
// run of cells costs a concatenation, not a lipgloss layout pass.
type seq struct{ pre, post string }

type palette [numInks]seq

func compile(in Inks) palette {
	var p palette
	p[inkLine] = seqOf(in.Line)
	p[inkAlt] = orElse(seqOf(in.Alt), p[inkLine])
	p[inkOver] = orElse(seqOf(in.Over), p[inkLine])
	p[inkForecast] = seqOf(in.Forecast)
	p[inkTarget] = seqOf(in.Target)
	p[inkBand] = seqOf(in.Band)
	p[inkAxis] = seqOf(in.Axis)
	p[inkAnnotation] = seqOf(in.Annotation)
	p[inkMuted] = seqOf(in.Muted)
	return p
}

func orElse(s, def seq) seq {
	if s == (seq{}) {
		return def
	}
	return s
}

// seqOf renders one cell and keeps what surrounds it, provided that is
// escape sequences only: a style with padding or a border would break the
// chart's width, so it is dropped.
func seqOf(st lipgloss.Style) seq {
	r := st.Render("x")
	i := strings.IndexByte(r, 'x')
	if i < 0 || strings.Count(r, "x") != 1 || ansi.StringWidth(r) != 1 {
		return seq{}
	}
	return seq{pre: r[:i], post: r[i+1:]}
}

// cell is one terminal cell. s is its text: one glyph, or a label that
// spans the cells after it, which then hold "" and are skipped.
type cell struct {
	s   string
	ink ink
}

// grid is h rows of w cells.
type grid struct {
	w, h  int
	cells []cell
}

func newGrid(w, h int) *grid {
	g := &grid{w: w, h: h, cells: make([]cell, w*h)}
	for i := range g.cells {
		g.cells[i].s = " "
	}
	return g
}

func (g *grid) at(x, y int) *cell { return &g.cells[y*g.w+x] }

func (g *grid) blank(x, y int) bool {
	c := g.at(x, y)
	return c.s == " " && c.ink == inkNone
}

// set draws a one-cell glyph.
func (g *grid) set(x, y int, s string, k ink) {
	if x < 0 || x >= g.w || y < 0 || y >= g.h {
		return
	}
	*g.at(x, y) = cell{s: s, ink: k}
}

// text writes label (printable, at most n cells wide where n is its
// measured width) from column x; the caller has checked it fits.
func (g *grid) text(x, y int, label string, n int, k ink) {
	if n <= 0 || x < 0 || x+n > g.w || y < 0 || y >= g.h {
		return
	}
	*g.at(x, y) = cell{s: label, ink: k}
	for i := 1; i < n; i++ {
		*g.at(x+i, y) = cell{ink: k}
	}
}

// free reports whether cells x..x+n-1 of row y are all blank.
func (g *grid) free(x, y, n int) bool {
	if x < 0 || x+n > g.w || y < 0 || y >= g.h {
		return false
	}
	for i := range n {
		if !g.blank(x+i, y) {
			return false
		}
	}
	return true
}

// lines renders the grid, one string per row, switching inks only where
// they change.
func (g *grid) lines(p *palette) []string {
	out := make([]string, g.h)
	var b strings.Builder
	for y := range g.h {
		b.Reset()
		b.Grow(g.w * 4)
		cur := inkNone
		for _, c := range g.cells[y*g.w : (y+1)*g.w] {
			if c.s == "" {
				continue
			}
			if c.ink != cur {
				b.WriteString(p[cur].post)
				b.WriteString(p[c.ink].pre)
				cur = c.ink
			}
			b.WriteString(c.s)
		}
		b.WriteString(p[cur].post)
		out[y] = b.String()
	}
	return out
}
