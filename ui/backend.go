package ui

import (
	"context"
	"time"

	"github.com/solemate/hoist/model"
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
}
