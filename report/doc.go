// Package report renders hoist's reports (model/insight's FleetReport and
// Incident) as Markdown that reads well pasted into a ticket or a chat:
// tables, and charts in Unicode block and braille characters inside code
// fences, without colour or escape sequences. The JSON form is the
// insight values themselves (docs/report-json.md).
//
// It is pure: values in, text out, no IO and no clock. It imports model,
// model/insight and ui/chart (the chart renderer, without inks); never
// the AWS SDK, hoist's aws package or the rest of ui. Every string that
// came from AWS passes through Options.Sanitize (ui.Printable) and then a
// guard that drops control characters, so nothing in a report can act on
// a terminal.
package report
