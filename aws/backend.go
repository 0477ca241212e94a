package aws

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/solemate/hoist/model"
)

// Backend is what the console drives: one session and its poller, which a
// profile or region switch replaces while the Snapshots channel stays the
// same. It has ui.Backend's method set (cmd/hoist asserts it).
type Backend struct {
	opts  Options
	popts PollerOptions
	out   chan model.Snapshot

	switching sync.Mutex // one Switch at a time
	mu        sync.Mutex
	ctx       context.Context // Run's
	session   *Session
	poller    *Poller
	stop      context.CancelFunc
	done      chan struct{}
	num       uint64

	// ReadOnlyFor reports whether the config makes profile read-only; a
	// Switch to such a profile opens a read-only session. nil: none is.
	ReadOnlyFor func(profile string) bool
	readOnly    atomic.Bool // SetReadOnly was called: every session after is read-only
}

// NewBackend wraps an open session; Run starts its poller.
func NewBackend(s *Session, o PollerOptions) *Backend {
	out := make(chan model.Snapshot, 1)
	o.Out = out
	o.Session = 1
	return &Backend{opts: s.opts, popts: o, out: out, session: s, num: 1, poller: NewPoller(s, o)}
}

// Snapshots delivers the newest snapshot of whichever session is current;
// consumers drop snapshots whose Session is older than the newest seen.
func (b *Backend) Snapshots() <-chan model.Snapshot { return b.out }

// SetReadOnly makes this session, and every session a Switch opens after
// it, refuse mutating actions in the adapter (the console's :readonly).
func (b *Backend) SetReadOnly() {
	b.readOnly.Store(true)
	b.Session().SetReadOnly()
}

// Session is the current session.
func (b *Backend) Session() *Session {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.session
}

// Run runs the current poller (and any that replace it) until ctx ends.
func (b *Backend) Run(ctx context.Context) error {
	b.mu.Lock()
	if b.ctx != nil {
		b.mu.Unlock()
		return errors.New("backend already running")
	}
	b.ctx = ctx
	b.startLocked()
	b.mu.Unlock()
	<-ctx.Done()
	b.mu.Lock()
	done := b.done
	b.mu.Unlock()
	<-done
	return nil
}

func (b *Backend) startLocked() {
	pctx, cancel := context.WithCancel(b.ctx)
	done := make(chan struct{})
	p := b.poller
	b.stop, b.done = cancel, done
	go func() {
		defer close(done)
		_ = p.Run(pctx)
	}()
}

// Act runs a confirmed action on the current session; sending (may be
// nil) is called just before the call goes out (see Session.Act).
func (b *Backend) Act(ctx context.Context, a model.Action, reason string, sending func()) error {
	return b.Session().Act(ctx, a, reason, sending)
}

// Refresh nudges the current poller; it never blocks.
func (b *Backend) Refresh(group string) {
	b.mu.Lock()
	p := b.poller
	b.mu.Unlock()
	p.Refresh(group)
}

// Show tells the current poller what is on screen; it never blocks.
func (b *Backend) Show(v model.Visible) {
	b.mu.Lock()
	b.popts.Visible = v
	p := b.poller
	b.mu.Unlock()
	p.Show(v)
}

// Switch opens a session for profile and region and, once it is up, stops
// the old poller and starts a new one under the next session number. On
// failure the current session goes on.
func (b *Backend) Switch(ctx context.Context, profile, region string) error {
	b.switching.Lock()
	defer b.switching.Unlock()
	o := b.opts
	o.Profile, o.Region = profile, region
	o.ReadOnly = o.ReadOnly || b.readOnly.Load() || (b.ReadOnlyFor != nil && b.ReadOnlyFor(profile))
	ns, err := Open(ctx, o)
	if err != nil {
		return err
	}
	b.mu.Lock()
	old, stop, done := b.session, b.stop, b.done
	b.num++
	popts := b.popts
	popts.Session = b.num
	b.session = ns
	if b.readOnly.Load() { // SetReadOnly during Open
		ns.SetReadOnly()
	}
	b.poller = NewPoller(ns, popts)
	b.mu.Unlock()
	// Wait for the old poller without the lock, so Show and Refresh never
	// block behind it; what they tell the new poller waits in its fields.
	if stop != nil {
		stop()
		<-done
		b.mu.Lock()
		// Drop a snapshot of the old session still waiting to be read.
		select {
		case <-b.out:
		default:
		}
		b.startLocked()
		b.mu.Unlock()
	}
	_ = old.Close()
	return nil
}

// Journal returns the journal's actions since t in the session's account
// and region, oldest first.
func (b *Backend) Journal(ctx context.Context, since time.Time) ([]model.JournalAction, error) {
	s := b.Session()
	j := s.Journal()
	if j == nil {
		return nil, &Error{Kind: ErrJournal, Msg: "journal unavailable"}
	}
	acts, _, err := j.Actions(ctx, since)
	if err != nil {
		return nil, err
	}
	return model.JournalIn(acts, s.identity.Account, s.region, s.identity.IsSimulator()), nil
}
