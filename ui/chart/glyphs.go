package chart

// glyphs are the characters one chart draws with. Every glyph is one cell
// wide. Forecast, target, band and annotation each have their own glyph,
// so a chart reads without colour (NO_COLOR); ASCII mode uses none of box
// drawing, block or braille characters.
type glyphs struct {
	braille bool // multi-row actual and forecast lines in braille dots (2x4 per cell)

	spark    []string  // sparkline levels, lowest first
	sparkFc  []string  // a forecast's sparkline levels, lowest first
	point    string    // ASCII: a column of an actual line
	joint    string    // ASCII: the rows between a column's low and high
	forecast string    // ASCII: a column of a forecast
	target   [4]string // by where the target falls in its cell, bottom quarter first
	band     string
	annot    string // an annotation's time, down the plot
	marker   string // an annotation's time, on the annotation row
	ellipsis string // ends a label that was cut

	axisV, axisTick    string // the y-axis, and where it has a label
	corner, rule, tick string // the time axis's rule: its left end, its line, a tick
}

var unicodeGlyphs = glyphs{
	braille:  true,
	spark:    []string{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"},
	sparkFc:  []string{"⣀", "⠤", "⠒", "⠉"},
	target:   [4]string{"▁", "┄", "┄", "▔"},
	band:     "·",
	annot:    "┊",
	marker:   "▼",
	ellipsis: "…",
	axisV:    "│",
	axisTick: "┤",
	corner:   "└",
	rule:     "─",
	tick:     "┬",
}

var asciiGlyphs = glyphs{
	spark:    []string{"_", ".", "-", "~", "=", "+", "*", "#"},
	sparkFc:  []string{",", "o", "O"},
	point:    "*",
	joint:    "|",
	forecast: "o",
	target:   [4]string{"_", "-", "-", "-"},
	band:     ".",
	annot:    ":",
	marker:   "v",
	ellipsis: "~",
	axisV:    "|",
	axisTick: "|",
	corner:   "+",
	rule:     "-",
	tick:     "+",
}

// brailleCell holds the 256 braille patterns, indexed by their dot bits.
var brailleCell = func() [256]string {
	var t [256]string
	for i := range t {
		t[i] = string(rune(0x2800 + i))
	}
	return t
}()

// brailleDot is the bit of the dot at sub-column x (0 left, 1 right) and
// sub-row y (0 bottom .. 3 top) of a braille cell.
var brailleDot = [2][4]uint8{
	{0x40, 0x04, 0x02, 0x01},
	{0x80, 0x20, 0x10, 0x08},
}
