package ui

import (
	"context"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
)

// Backend is everything the console needs from the outside world: one
// region or several, each with its own session and poller. The aws
// package implements it (aws.Regions); tests use fakes. Every call that
// concerns a region names it, so an action goes to the region of the data
// it was built from. Methods that block are only ever called from a
// tea.Cmd, never from Update or View.
type Backend interface {
	// Act runs one confirmed action in region: re-read the current state,
	// refuse on conflict, journal the intent, send once, journal the
	// outcome. It blocks until done or ctx ends. Errors are plain
	// sentences. sending, when not nil, is called once, after the intent
	// is journaled and just before the call goes out (never when the
	// checks stop the action).
	Act(ctx context.Context, region string, a model.Action, reason string, sending func()) error
	// Refresh asks region's poller ("" for every region's) to refresh
	// group now ("" for everything). It never blocks.
	Refresh(region, group string)
	// Show tells region's poller what of it is on screen. It never blocks.
	Show(region string, v model.Visible)
	// Switch watches regions (in that order) under profile: regions
	// already watched under the same profile go on, the others connect.
	// It blocks; on failure nothing changes; on success, snapshots of the
	// new sessions follow, each a higher Session than any before it in
	// its region.
	Switch(ctx context.Context, profile string, regions []string) error
	// Journal returns the journal's actions since t in the current account
	// and the regions watched, oldest first. It blocks.
	Journal(ctx context.Context, since time.Time) ([]model.JournalAction, error)
	// SetReadOnly makes the adapter refuse every mutating action from now
	// on, in every session and the ones a Switch opens. It never blocks.
	SetReadOnly()
	// SSLPolicies lists the security policies a listener of a kind of
	// load balancer (application, network) in region may take. It blocks.
	SSLPolicies(ctx context.Context, region, lbType string) ([]model.SSLPolicy, error)
	// Certificates lists the account's issued ACM certificates in region,
	// those a listener there may be given. It blocks.
	Certificates(ctx context.Context, region string) ([]model.Certificate, error)

	// Detail reads what the screens about one group of region draw beyond
	// the snapshot: whole policies and their alarms, scheduled actions,
	// forecasts, instance refreshes, the launch template and the metrics
	// the group publishes. It blocks.
	Detail(ctx context.Context, region, group string) (model.GroupDetail, error)
	// ResizeState reads what planning a resize of group in region needs.
	// It blocks.
	ResizeState(ctx context.Context, region, group string) (model.ResizeState, error)
	// Resize moves group of region to the instance types to, one action
	// at a time (each through Act), planning again from AWS before each;
	// it returns the steps it applied. It blocks.
	Resize(ctx context.Context, region, group string, to []string, prefs model.RefreshPrefs, reason string, step func(model.ResizeStep)) ([]string, error)
	// FleetReport reads what `hoist report --since` prints of region,
	// over the window since ending now on the server's clock. It blocks.
	FleetReport(ctx context.Context, region string, since time.Duration) (insight.FleetReport, error)
	// IncidentReport reads what `hoist report incident --since` records
	// of region. It blocks.
	IncidentReport(ctx context.Context, region string, since time.Duration) (insight.Incident, error)
}
