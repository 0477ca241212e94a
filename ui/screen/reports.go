package screen

import (
	"time"

	"github.com/solemate/hoist/model/insight"
)

// The requests of the screens drawn from a report (report, insights):
// reading one blocks (Backend.FleetReport, IncidentReport) and writing
// one is a file, so a screen asks the root, which does both in commands.

// ReadReport asks the root to read a report of Region over the window
// Since ending now: the fleet report (hoist report) or the incident
// record (hoist report incident).
type ReadReport struct {
	Region   string // "" for the region of the screen on top
	Since    time.Duration
	Incident bool
}

// ReportRead is a report the root read for a ReadReport. The root gives
// it to every screen open; a screen takes the one it asked for.
type ReportRead struct {
	ReadReport
	Fleet    *insight.FleetReport // for a fleet report
	Incident *insight.Incident    // for an incident record
	Err      error
}

// SaveReport asks the root to write a report's Markdown to a file of its
// own under the state directory, for an on-call engineer to paste into a
// ticket, and to say where. Render renders it (package report) with times
// in loc; it runs in the command, not in Update.
type SaveReport struct {
	Name   string // the file's name without .md: "incident-2h-20261127-0314"
	Render func(loc *time.Location) string
}
