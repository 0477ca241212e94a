package chart

import (
	"time"

	"charm.land/lipgloss/v2"
	"github.com/solemate/hoist/model"
)

// Spec is what one chart shows. The zero values of the optional fields
// leave their part out.
type Spec struct {
	// From and To are the window; the time axis runs from From at the
	// left edge to To at the right. To may lie past now, for a forecast.
	From, To time.Time

	// Series are drawn in order; where two share a cell the earlier
	// actual series is on top, and actual is on top of forecast.
	Series []Series

	// Target is a horizontal line, such as a target-tracking target.
	Target *Target

	// Band is a range drawn behind the series, such as min..max capacity.
	Band Band

	// Annotations mark moments: "you scaled here", "scale-out 4 → 8".
	Annotations []Annotation

	// Unit follows the y-axis labels: "%", "ms", "req".
	Unit string

	// Scale fixes or tightens the y-axis; the zero Scale fits the data.
	Scale Scale

	// Location is the time zone of the time-axis labels; nil is UTC.
	Location *time.Location

	// ASCII draws with ASCII only: no box drawing, block or braille.
	ASCII bool

	// Inks are the styles; the zero Inks draws plain text.
	Inks Inks

	// Sanitize cleans every label the caller passes (annotations, the
	// target's label, the unit) before it is measured and drawn; pass
	// ui.Printable. Whatever it returns, the chart then drops any rune
	// that is not printable, so nothing it draws can reach the terminal
	// as a control character or escape sequence.
	Sanitize func(string) string
}

// Series is one line of points.
type Series struct {
	Points []model.Point

	// Forecast draws the series in the forecast ink with its own glyphs
	// (dotted), so it reads apart from the actual line without colour.
	Forecast bool

	// Step holds each value until the next point (a capacity), instead of
	// joining points with straight lines.
	Step bool

	// Alt draws an actual series in Inks.Alt (a second line, such as
	// in-service beside desired).
	Alt bool

	// Gap is the longest spacing between two points that are still
	// joined; points further apart leave a gap. Zero derives it from the
	// data: 2.5 times the median spacing, and never less than one column.
	Gap time.Duration
}

// Target is a horizontal line at Value.
type Target struct {
	Value float64
	// Label, if any, is written at the end of the line where the plot is
	// empty ("target 60%").
	Label string
}

// Band is a range over time drawn behind the series. Lo and Hi are step
// series: each value holds until its next point, and the last until the
// end of the window.
type Band struct {
	Lo, Hi []model.Point
}

// Annotation marks one moment with a short label.
type Annotation struct {
	T     time.Time
	Label string
}

// Scale sets the y-axis range.
type Scale struct {
	// Fixed draws Min..Max whatever the data (values outside are drawn at
	// the edge). It is ignored unless Min < Max and both are finite.
	Fixed    bool
	Min, Max float64

	// Tight fits the data's own low..high; by default the axis starts
	// at zero for data that is all positive (or ends at zero for data
	// that is all negative), so a small change does not look large.
	Tight bool
}

// Inks are the semantic styles of a chart. Only colours and text
// attributes are used; a style that adds width (padding, margins,
// borders) is ignored. Alt and Over default to Line.
type Inks struct {
	Line       lipgloss.Style // actual series
	Alt        lipgloss.Style // actual series with Alt set
	Over       lipgloss.Style // actual series above the target
	Forecast   lipgloss.Style
	Target     lipgloss.Style // the target line, its label and its y-axis value
	Band       lipgloss.Style
	Axis       lipgloss.Style // axis lines and ticks
	Annotation lipgloss.Style
	Muted      lipgloss.Style // axis labels
}
