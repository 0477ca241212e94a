package ui

import (
	"context"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
)

// Backend is everything the console needs from the outside world. The aws
// package implements it; tests use fakes. Methods that block are only ever
// called from a tea.Cmd, never from Update or View.
type Backend interface {
	// Act runs one confirmed action: re-read the current state, refuse on
	// conflict, journal the intent, send once, journal the outcome. It
	// blocks until done or ctx ends. Errors are plain sentences. sending,
	// when not nil, is called once, after the intent is journaled and just
	// before the call goes out (never when the checks stop the action).
	Act(ctx context.Context, a model.Action, reason string, sending func()) error
	// Refresh asks the poller to refresh group now ("" for everything).
	// It never blocks.
	Refresh(group string)
	// Show tells the poller what is on screen. It never blocks.
	Show(v model.Visible)
	// Switch reconnects to another profile and region. It blocks; on
	// success, snapshots of the new session follow.
	Switch(ctx context.Context, profile, region string) error
	// Journal returns the journal's actions since t in the current account
	// and region, oldest first. It blocks.
	Journal(ctx context.Context, since time.Time) ([]model.JournalAction, error)
	// SetReadOnly makes the adapter refuse every mutating action from now
	// on, in this session and the ones a Switch opens. It never blocks.
	SetReadOnly()
	// SSLPolicies lists the security policies a listener of a kind of
	// load balancer (application, network) may take. It blocks.
	SSLPolicies(ctx context.Context, lbType string) ([]model.SSLPolicy, error)
	// Certificates lists the account's issued ACM certificates, those a
	// listener may be given. It blocks.
	Certificates(ctx context.Context) ([]model.Certificate, error)

	// Detail reads what the screens about one group draw beyond the
	// snapshot: whole policies and their alarms, scheduled actions,
	// forecasts, instance refreshes, the launch template and the metrics
	// the group publishes. It blocks.
	Detail(ctx context.Context, group string) (model.GroupDetail, error)
	// ResizeState reads what planning a resize of group needs. It blocks.
	ResizeState(ctx context.Context, group string) (model.ResizeState, error)
	// Resize moves group to the instance types to, one action at a time
	// (each through Act), planning again from AWS before each; it returns
	// the steps it applied. It blocks.
	Resize(ctx context.Context, group string, to []string, prefs model.RefreshPrefs, reason string, step func(model.ResizeStep)) ([]string, error)
	// FleetReport reads what `hoist report --since` prints, over the
	// window since ending now on the server's clock. It blocks.
	FleetReport(ctx context.Context, since time.Duration) (insight.FleetReport, error)
	// IncidentReport reads what `hoist report incident --since` records.
	// It blocks.
	IncidentReport(ctx context.Context, since time.Duration) (insight.Incident, error)
}
