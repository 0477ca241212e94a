package ui

import (
	"image/color"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/solemate/hoist/themes"
)

// Styles are every style the console draws with, built once from a theme's
// semantic tokens for one colour profile. Components take styles from here
// and never hold a raw colour.
type Styles struct {
	NoColor bool
	selBg   color.Color

	Base, Muted, Subtle, Emph lipgloss.Style

	Header, HeaderDim, BadgeRO, BadgeSim             lipgloss.Style
	Status, StatusOK, StatusWarn, StatusErr, KeyHint lipgloss.Style

	Border, BorderFocus, Title, TitleFocus, TabActive, TabIdle lipgloss.Style
	TierHeading, Selected                                      lipgloss.Style

	OK, Warn, Err, Crit, Info, Inflight lipgloss.Style
	Spark, SparkOver, Target            lipgloss.Style
	CostUp, CostDown                    lipgloss.Style
	AlertNew, AlertAcked, FilterMatch   lipgloss.Style
	Dialog, DialogBorder, DialogTitle   lipgloss.Style
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
	s.Base = fg("fgBase")
	s.Muted = fg("fgMuted")
	s.Subtle = fg("fgSubtle")
	s.Emph = fg("fgEmphasis").Bold(true)
	s.Header = fg("fgHeader").Background(c("bgHeader"))
	s.HeaderDim = s.Header
	s.BadgeRO = fg("badgeReadOnlyFg").Background(c("badgeReadOnlyBg")).Bold(true)
	s.BadgeSim = fg("badgeSimFg").Background(c("badgeSimBg")).Bold(true)
	s.Status = fg("fgStatus").Background(c("bgStatus"))
	s.StatusOK = fg("success").Background(c("bgStatus")).Bold(true)
	s.StatusWarn = fg("warning").Background(c("bgStatus")).Bold(true)
	s.StatusErr = fg("error").Background(c("bgStatus")).Bold(true)
	s.KeyHint = fg("keyHint").Background(c("bgStatus"))
	s.Border = fg("border")
	s.BorderFocus = fg("borderFocus")
	s.Title = fg("fgMuted").Bold(true)
	s.TitleFocus = fg("primary").Bold(true)
	s.TabActive = fg("fgSelected").Background(c("bgSelected")).Bold(true)
	s.TabIdle = fg("fgMuted")
	s.TierHeading = fg("tierHeading").Bold(true)
	s.Selected = fg("fgSelected").Background(c("bgSelected"))
	s.OK = fg("success")
	s.Warn = fg("warning")
	s.Err = fg("error")
	s.Crit = fg("critical").Bold(true)
	s.Info = fg("info")
	s.Inflight = fg("inflight").Bold(true)
	s.Spark = fg("spark")
	s.SparkOver = fg("sparkOver")
	s.Target = fg("target")
	s.CostUp = fg("costUp")
	s.CostDown = fg("costDown")
	s.AlertNew = fg("alertNew").Bold(true)
	s.AlertAcked = fg("alertAcked")
	s.FilterMatch = fg("filterMatch").Bold(true)
	s.Dialog = fg("fgBase")
	s.DialogBorder = fg("borderFocus")
	s.DialogTitle = fg("primary").Bold(true)
	return s
}

func noColorStyles() Styles {
	p := lipgloss.NewStyle()
	b := p.Bold(true)
	r := p.Reverse(true)
	return Styles{
		NoColor: true,
		Base:    p, Muted: p, Subtle: p, Emph: b,
		Header: p, HeaderDim: p, BadgeRO: r.Bold(true), BadgeSim: r.Bold(true),
		Status: p, StatusOK: b, StatusWarn: b, StatusErr: b, KeyHint: p,
		Border: p, BorderFocus: b, Title: p, TitleFocus: b, TabActive: r, TabIdle: p,
		TierHeading: b, Selected: r,
		OK: p, Warn: b, Err: b, Crit: b, Info: p, Inflight: b,
		Spark: p, SparkOver: b, Target: p, CostUp: p, CostDown: p,
		AlertNew: b, AlertAcked: p, FilterMatch: b.Underline(true),
		Dialog: p, DialogBorder: b, DialogTitle: b,
	}
}

// selected returns st drawn on the selection background.
func (s *Styles) selected(st lipgloss.Style) lipgloss.Style {
	if s.NoColor {
		return st.Reverse(true)
	}
	return st.Background(s.selBg)
}

// Glyphs are the characters the console draws with; ASCII mode uses no box
// drawing or block characters.
type Glyphs struct {
	H, V, TL, TR, BL, BR     string // box
	HF, VF                   string // focused box edges
	FTL, FTR, FBL, FBR       string
	Spark                    []string // lowest to highest
	Ellipsis, Cursor, Arrow  string
	Up, Down, Check, Uncheck string
	Dot, Sep                 string
}

var unicodeGlyphs = Glyphs{
	H: "─", V: "│", TL: "┌", TR: "┐", BL: "└", BR: "┘",
	HF: "━", VF: "┃", FTL: "┏", FTR: "┓", FBL: "┗", FBR: "┛",
	Spark:    []string{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"},
	Ellipsis: "…", Cursor: "▶", Arrow: "→", Up: "▲", Down: "▼",
	Check: "[x]", Uncheck: "[ ]", Dot: "•", Sep: "│",
}

var asciiGlyphs = Glyphs{
	H: "-", V: "|", TL: "+", TR: "+", BL: "+", BR: "+",
	HF: "=", VF: "#", FTL: "#", FTR: "#", FBL: "#", FBR: "#",
	Spark:    []string{"_", ".", "-", "~", "=", "+", "*", "#"},
	Ellipsis: "~", Cursor: ">", Arrow: "->", Up: "^", Down: "v",
	Check: "[x]", Uncheck: "[ ]", Dot: "*", Sep: "|",
}
