// Package look is how the console draws: Styles built once from a theme's
// semantic tokens for one colour profile, reduced to Inks; the Glyphs of
// Unicode and ASCII mode; and the drawing primitives every screen and
// dialog uses (styled cells, line builders, framed boxes), each producing
// lines of an exact width. It imports only text, themes and ui/chart (for its inks) of this project.
package look

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/solemate/hoist/themes"
	"github.com/solemate/hoist/ui/chart"
)

// Styles are every style the console draws with, built once from a theme's
// semantic tokens for one colour profile. Components take styles from here
// and never hold a raw colour.
type Styles struct {
	selBg color.Color

	Base, Muted, Subtle, Emph Ink

	Header, BadgeRO, BadgeSim                        Ink
	Status, StatusOK, StatusWarn, StatusErr, KeyHint Ink

	Border, BorderFocus, Title, TitleFocus, TabActive, TabIdle Ink
	TierHeading                                                Ink

	OK, Warn, Err, Crit, Info, Inflight Ink
	Spark, SparkOver, Target            Ink
	CostUp, CostDown                    Ink
	AlertNew, AlertAcked                Ink
	DialogBorder, DialogTitle           Ink
	Cursor                              Ink // a text field's cursor cell

	// Chart are the chart renderer's styles (ui/chart takes lipgloss
	// styles); zero under NO_COLOR.
	Chart chart.Inks
}

// NewStyles builds the styles of theme t for profile p. Under the Ascii or
// NoTTY profile (NO_COLOR) no style carries a colour: state is carried by
// text and symbols, and selection by reverse video.
func NewStyles(t themes.Theme, p colorprofile.Profile) Styles {
	if p == colorprofile.Ascii || p == colorprofile.NoTTY {
		return noColorStyles()
	}
	complete := lipgloss.Complete(p)
	c := func(token string) color.Color {
		tc := t.Color(token)
		return complete(lipgloss.ANSIColor(tc.C16), lipgloss.ANSIColor(tc.C256), tc.RGBA())
	}
	fg := func(token string) lipgloss.Style { return lipgloss.NewStyle().Foreground(c(token)) }
	s := Styles{selBg: c("bgSelected")}
	mk := func(l lipgloss.Style) Ink { return newInk(l, l.Background(s.selBg)) }
	s.Base = mk(fg("fgBase"))
	s.Muted = mk(fg("fgMuted"))
	s.Subtle = mk(fg("fgSubtle"))
	s.Emph = mk(fg("fgEmphasis").Bold(true))
	s.Header = mk(fg("fgHeader").Background(c("bgHeader")))
	s.BadgeRO = mk(fg("badgeReadOnlyFg").Background(c("badgeReadOnlyBg")).Bold(true))
	s.BadgeSim = mk(fg("badgeSimFg").Background(c("badgeSimBg")).Bold(true))
	s.Status = mk(fg("fgStatus").Background(c("bgStatus")))
	s.StatusOK = mk(fg("success").Background(c("bgStatus")).Bold(true))
	s.StatusWarn = mk(fg("warning").Background(c("bgStatus")).Bold(true))
	s.StatusErr = mk(fg("error").Background(c("bgStatus")).Bold(true))
	s.KeyHint = mk(fg("keyHint").Background(c("bgStatus")))
	s.Border = mk(fg("border"))
	s.BorderFocus = mk(fg("borderFocus"))
	s.Title = mk(fg("fgMuted").Bold(true))
	s.TitleFocus = mk(fg("primary").Bold(true))
	s.TabActive = mk(fg("fgSelected").Background(c("bgSelected")).Bold(true))
	s.TabIdle = mk(fg("fgMuted"))
	s.TierHeading = mk(fg("tierHeading").Bold(true))
	s.OK = mk(fg("success"))
	s.Warn = mk(fg("warning"))
	s.Err = mk(fg("error"))
	s.Crit = mk(fg("critical").Bold(true))
	s.Info = mk(fg("info"))
	s.Inflight = mk(fg("inflight").Bold(true))
	s.Spark = mk(fg("spark"))
	s.SparkOver = mk(fg("sparkOver"))
	s.Target = mk(fg("target"))
	s.CostUp = mk(fg("costUp"))
	s.CostDown = mk(fg("costDown"))
	s.AlertNew = mk(fg("alertNew").Bold(true))
	s.AlertAcked = mk(fg("alertAcked"))
	s.DialogBorder = mk(fg("borderFocus"))
	s.DialogTitle = mk(fg("primary").Bold(true))
	s.Cursor = mk(fg("fgBase").Reverse(true))
	s.Chart = chart.Inks{Line: fg("spark"), Alt: fg("info"), Over: fg("sparkOver"), Forecast: fg("info"), Target: fg("target"),
		Band: fg("fgSubtle"), Axis: fg("border"), Annotation: fg("inflight").Bold(true), Muted: fg("fgMuted")}
	return s
}

func noColorStyles() Styles {
	p := lipgloss.NewStyle()
	mk := func(l lipgloss.Style) Ink { return newInk(l, l.Reverse(true)) }
	plain, bold, rev := mk(p), mk(p.Bold(true)), mk(p.Reverse(true))
	return Styles{
		Base: plain, Muted: plain, Subtle: plain, Emph: bold,
		Header: plain, BadgeRO: mk(p.Reverse(true).Bold(true)), BadgeSim: mk(p.Reverse(true).Bold(true)),
		Status: plain, StatusOK: bold, StatusWarn: bold, StatusErr: bold, KeyHint: plain,
		Border: plain, BorderFocus: bold, Title: plain, TitleFocus: bold, TabActive: rev, TabIdle: plain,
		TierHeading: bold,
		OK:          plain, Warn: bold, Err: bold, Crit: bold, Info: plain, Inflight: bold,
		Spark: plain, SparkOver: bold, Target: plain, CostUp: plain, CostDown: plain,
		AlertNew: bold, AlertAcked: plain,
		DialogBorder: bold, DialogTitle: bold, Cursor: rev,
	}
}

// Selected returns st drawn on the selection background.
func (s *Styles) Selected(st Ink) Ink {
	if st.sel != nil {
		return *st.sel
	}
	return st
}

// Ink is a style reduced to the escape sequences around its text, built
// once from a lipgloss.Style. Rendering a cell of text is then a string
// concatenation instead of a lipgloss layout pass. Text must be one line
// without tabs (all console text is: it has been through Printable and fit).
type Ink struct {
	pre, post string
	sel       *Ink // the same ink on the selection background
}

func newInk(l, sel lipgloss.Style) Ink {
	in := inkOf(l)
	s := inkOf(sel)
	in.sel = &s
	return in
}

func inkOf(l lipgloss.Style) Ink {
	r := l.Render("x")
	i := strings.IndexByte(r, 'x')
	if i < 0 {
		return Ink{}
	}
	return Ink{pre: r[:i], post: r[i+1:]}
}

// Open is the escape sequence the ink starts with ("" for plain text).
func (k Ink) Open() string { return k.pre }

// Render wraps text in the ink's sequences.
func (k Ink) Render(text string) string {
	if k.pre == "" || text == "" {
		return text
	}
	return k.pre + text + k.post
}

// Glyphs are the characters the console draws with; ASCII mode uses no box
// drawing or block characters.
type Glyphs struct {
	H, V, TL, TR, BL, BR      string // box
	HF, VF                    string // focused box edges
	FTL, FTR, FBL, FBR        string
	Spark                     []string // lowest to highest
	Ellipsis, Cursor, Arrow   string
	Down, Check, Uncheck, Sep string
}

// UnicodeGlyphs draw boxes and sparklines with Unicode characters.
var UnicodeGlyphs = Glyphs{
	H: "─", V: "│", TL: "┌", TR: "┐", BL: "└", BR: "┘",
	HF: "━", VF: "┃", FTL: "┏", FTR: "┓", FBL: "┗", FBR: "┛",
	Spark:    []string{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"},
	Ellipsis: "…", Cursor: "▶", Arrow: "→", Down: "▼",
	Check: "[x]", Uncheck: "[ ]", Sep: "│",
}

// ASCIIGlyphs draw with ASCII only (--ascii).
var ASCIIGlyphs = Glyphs{
	H: "-", V: "|", TL: "+", TR: "+", BL: "+", BR: "+",
	HF: "=", VF: "#", FTL: "#", FTR: "#", FBL: "#", FBR: "#",
	Spark:    []string{"_", ".", "-", "~", "=", "+", "*", "#"},
	Ellipsis: "~", Cursor: ">", Arrow: "->", Down: "v",
	Check: "[x]", Uncheck: "[ ]", Sep: "|",
}
