// Package chart draws time series for the terminal: a pure renderer,
// series in, lines out. The metrics pane, the load balancer screen and
// reports share it.
//
// Render takes a Spec (a time window, series of model points, and
// optionally a target line, a band such as min..max capacity, a forecast
// and annotations) and a size, and returns exactly h lines of exactly w
// cells, using the whole width:
//
//   - 1 row: a sparkline in block characters, one time bucket per cell.
//   - 2 rows or more: a braille line chart (2x4 dots per cell) with a
//     y-axis of round values and the unit, the target as a dashed line
//     with its value on the axis, the band as dots behind the lines;
//     from 3 rows a time axis in the caller's time zone; from 6 rows a
//     row of annotation labels; from 10 rows a ruled time axis.
//   - ASCII (Spec.ASCII, for --ascii): the same layout without box
//     drawing, block or braille characters.
//
// Gaps in the data are drawn as gaps, never as zeros: two points further
// apart than Series.Gap (by default 2.5 times the series' median spacing)
// are not joined. NaN and infinite values are left out. A forecast is
// dotted, the target dashed, the band and annotations have glyphs of their
// own, so a chart reads without colour (NO_COLOR).
//
// Colours come only from Spec.Inks, lipgloss styles the caller builds
// from its theme; the package holds no colour. Everything drawn derives
// from the numbers and the caller's labels (units, annotations, the
// target's label), which pass through Spec.Sanitize (ui.Printable) and
// then a guard that drops any non-printable rune.
//
// Example, the CPU chart of a group at 8 rows:
//
//	lines := chart.Render(chart.Spec{
//		From: now.Add(-3 * time.Hour), To: now.Add(time.Hour),
//		Series: []chart.Series{
//			{Points: cpu},
//			{Points: forecast, Forecast: true},
//		},
//		Target:      &chart.Target{Value: 60, Label: "target 60%"},
//		Annotations: []chart.Annotation{{T: scaledAt, Label: "you scaled here"}},
//		Unit:        "%",
//		Scale:       chart.Scale{Fixed: true, Min: 0, Max: 100},
//		Location:    loc,
//		Inks:        inks, // built once from the theme
//		Sanitize:    ui.Printable,
//	}, width, 8)
//
// The package imports model and lipgloss only; never the AWS SDK, hoist's
// aws package or the rest of ui (ui imports it).
package chart
