package aws

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
)

// OpenRegions opens a session per region, at the same time, with o
// otherwise the same. Any failure closes the others and names its region
// when there are several.
func OpenRegions(ctx context.Context, o Options, regions []string) ([]*Session, error) {
	if len(regions) == 0 {
		regions = []string{o.Region}
	}
	out := make([]*Session, len(regions))
	errs := make([]error, len(regions))
	var wg sync.WaitGroup
	for i, r := range regions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ro := o
			ro.Region = r
			out[i], errs[i] = Open(ctx, ro)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err == nil {
			continue
		}
		for _, s := range out {
			if s != nil {
				_ = s.Close()
			}
		}
		if len(regions) > 1 {
			return nil, &regionError{region: regions[i], err: err}
		}
		return nil, err
	}
	return out, nil
}

// regionError names the region an error came from; it keeps the error's
// kind.
type regionError struct {
	region string
	err    error
}

func (e *regionError) Error() string { return e.region + ": " + e.err.Error() }
func (e *regionError) Unwrap() error { return e.err }

// Regions is the console's backend over one or more regions: a Backend per
// region (its own session, poller, pacing and call budget, as AWS's rate
// buckets are per account and region), whose snapshots it forwards, each
// keeping its Region. It has ui.Backend's method set (cmd/hoist asserts
// it): every call names its region, so an action goes where the group it
// was built from lives, and the console never learns of the SDK.
//
// Session numbers are the console's: each region backend has an epoch of
// its own, higher than every earlier one's, and its snapshots carry
// epoch<<32 | its session, so a snapshot of a region watched before, or of
// the profile before a switch, is older than any of the new one's.
type Regions struct {
	opts  Options
	popts PollerOptions
	out   chan model.Snapshot

	// ReadOnlyFor reports whether the config makes profile read-only, as
	// Backend.ReadOnlyFor.
	ReadOnlyFor func(profile string) bool
	readOnly    atomic.Bool

	switching sync.Mutex // one Switch at a time
	mu        sync.Mutex
	ctx       context.Context // Run's
	list      []*regional     // in the order watched
	epoch     uint64
}

// regional is one region's backend and the goroutines that run it.
type regional struct {
	region string
	epoch  uint64
	b      *Backend
	stop   context.CancelFunc
	done   chan struct{}
}

// NewRegions wraps open sessions, one per region, all of one profile; Run
// starts their pollers.
func NewRegions(sessions []*Session, o PollerOptions) *Regions {
	r := &Regions{opts: sessions[0].opts, popts: o, out: make(chan model.Snapshot, 4*len(sessions))}
	for _, s := range sessions {
		r.list = append(r.list, r.wrap(s))
	}
	return r
}

func (r *Regions) wrap(s *Session) *regional {
	r.epoch++
	return &regional{region: s.Region(), epoch: r.epoch, b: NewBackend(s, r.popts)}
}

// Snapshots delivers every region's snapshots; consumers tell them apart by
// Region and drop those of a Session older than the region's newest.
func (r *Regions) Snapshots() <-chan model.Snapshot { return r.out }

// Watched are the regions watched, in order.
func (r *Regions) Watched() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, len(r.list))
	for i, x := range r.list {
		out[i] = x.region
	}
	return out
}

// Run runs every region's poller until ctx ends.
func (r *Regions) Run(ctx context.Context) error {
	r.mu.Lock()
	if r.ctx != nil {
		r.mu.Unlock()
		return errors.New("backend already running")
	}
	r.ctx = ctx
	for _, x := range r.list {
		r.startLocked(x)
	}
	r.mu.Unlock()
	<-ctx.Done()
	r.mu.Lock()
	list := slices.Clone(r.list)
	r.mu.Unlock()
	for _, x := range list {
		<-x.done
	}
	return nil
}

// startLocked runs x's poller and forwards its snapshots.
func (r *Regions) startLocked(x *regional) {
	ctx, cancel := context.WithCancel(r.ctx)
	x.stop, x.done = cancel, make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		_ = x.b.Run(ctx)
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case s := <-x.b.Snapshots():
				s.Session = x.epoch<<32 | s.Session
				select {
				case r.out <- s:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(x.done)
	}()
}

// in is region's backend, nil when it is not watched.
func (r *Regions) in(region string) *regional {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.list {
		if x.region == region {
			return x
		}
	}
	return nil
}

// watched is region's backend, or an error when region is not watched
// (any more: what asks was built from its data).
func (r *Regions) watched(region string) (*Backend, error) {
	x := r.in(region)
	if x == nil {
		return nil, &Error{Kind: ErrNoRegion, Msg: fmt.Sprintf("%s is not watched any more", region)}
	}
	return x.b, nil
}

// Session is region's session (the console's :apply plans on it), or an
// error when region is not watched.
func (r *Regions) Session(region string) (*Session, error) {
	b, err := r.watched(region)
	if err != nil {
		return nil, err
	}
	return b.Session(), nil
}

// Act runs a confirmed action in region (see Session.Act). A region no
// longer watched gets nothing: the action was built from its data.
func (r *Regions) Act(ctx context.Context, region string, a model.Action, reason string, sending func()) error {
	x := r.in(region)
	if x == nil {
		return &Error{Kind: ErrNoRegion, Msg: fmt.Sprintf("%s is not watched any more: nothing was sent", region)}
	}
	return x.b.Act(ctx, a, reason, sending)
}

// Refresh nudges region's poller ("" for every region's); it never blocks.
func (r *Regions) Refresh(region, group string) {
	r.mu.Lock()
	list := slices.Clone(r.list)
	r.mu.Unlock()
	for _, x := range list {
		if region == "" || x.region == region {
			x.b.Refresh(group)
		}
	}
}

// Show tells region's poller what of it is on screen; it never blocks.
func (r *Regions) Show(region string, v model.Visible) {
	if x := r.in(region); x != nil {
		x.b.Show(v)
	}
}

// SetReadOnly makes every region's session, and every session a Switch
// opens after it, refuse mutating actions.
func (r *Regions) SetReadOnly() {
	r.readOnly.Store(true)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.list {
		x.b.SetReadOnly()
	}
}

// Switch watches regions under profile: a region already watched under
// the same profile goes on as it was; the others open first, and only
// when they all have does anything change (on failure the console goes on
// as it was).
func (r *Regions) Switch(ctx context.Context, profile string, regions []string) error {
	if len(regions) == 0 {
		return errors.New("no region to watch")
	}
	r.switching.Lock()
	defer r.switching.Unlock()
	o := r.opts
	samePro := o.Profile == profile
	o.Profile = profile
	o.ReadOnly = o.ReadOnly || r.readOnly.Load() || (r.ReadOnlyFor != nil && r.ReadOnlyFor(profile))
	var open []string
	for _, reg := range regions {
		if x := r.in(reg); x == nil || !samePro {
			open = append(open, reg)
		}
	}
	sessions, err := r.openAll(ctx, o, open)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.opts = o
	next, gone := r.arrange(regions, sessions, samePro)
	r.list = next
	if r.ctx != nil {
		for _, x := range next {
			if x.done == nil {
				r.startLocked(x)
			}
		}
	}
	r.mu.Unlock()
	// Stopped without the lock, so Show and Refresh never wait on them.
	for _, x := range gone {
		if x.stop != nil {
			x.stop()
			<-x.done
		}
		_ = x.b.Session().Close()
	}
	return nil
}

func (r *Regions) openAll(ctx context.Context, o Options, regions []string) (map[string]*Session, error) {
	out := map[string]*Session{}
	if len(regions) == 0 {
		return out, nil
	}
	ss, err := OpenRegions(ctx, o, regions)
	if err != nil {
		return nil, err
	}
	for _, s := range ss {
		if r.readOnly.Load() { // SetReadOnly during Open
			s.SetReadOnly()
		}
		out[s.Region()] = s
	}
	return out, nil
}

// arrange is the new list in the order asked, reusing what is kept, and
// what goes.
func (r *Regions) arrange(regions []string, opened map[string]*Session, keep bool) (next, gone []*regional) {
	old := map[string]*regional{}
	for _, x := range r.list {
		old[x.region] = x
	}
	for _, reg := range regions {
		if s, ok := opened[reg]; ok {
			next = append(next, r.wrap(s))
			continue
		}
		if x := old[reg]; x != nil && keep {
			next = append(next, x)
			delete(old, reg)
		}
	}
	for _, x := range r.list {
		if _, ok := old[x.region]; ok {
			gone = append(gone, x)
		}
	}
	return next, gone
}

// Journal returns the journal's actions since t sent to the account in any
// region watched, oldest first.
func (r *Regions) Journal(ctx context.Context, since time.Time) ([]model.JournalAction, error) {
	r.mu.Lock()
	list := slices.Clone(r.list)
	r.mu.Unlock()
	s := list[0].b.Session()
	j := s.Journal()
	if j == nil {
		return nil, &Error{Kind: ErrJournal, Msg: "journal unavailable"}
	}
	acts, _, err := j.Actions(ctx, since)
	if err != nil {
		return nil, err
	}
	var out []model.JournalAction
	for _, x := range list {
		xs := x.b.Session()
		out = append(out, model.JournalIn(acts, xs.identity.Account, xs.region, xs.identity.IsSimulator())...)
	}
	slices.SortStableFunc(out, func(a, b model.JournalAction) int { return a.Intent.Time.Compare(b.Intent.Time) })
	return out, nil
}

// Close closes every region's session; call it after Run has returned.
func (r *Regions) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.list {
		_ = x.b.Session().Close()
	}
}

// SSLPolicies lists the security policies of a kind of load balancer in
// region, for the load balancer screen's choices.
func (r *Regions) SSLPolicies(ctx context.Context, region, lbType string) ([]model.SSLPolicy, error) {
	b, err := r.watched(region)
	if err != nil {
		return nil, err
	}
	return b.SSLPolicies(ctx, lbType)
}

// Certificates lists region's ACM certificates, for the load balancer
// screen's choices.
func (r *Regions) Certificates(ctx context.Context, region string) ([]model.Certificate, error) {
	b, err := r.watched(region)
	if err != nil {
		return nil, err
	}
	return b.Certificates(ctx)
}

// Detail reads what the screens about group in region draw beyond the
// snapshot (see Backend.Detail).
func (r *Regions) Detail(ctx context.Context, region, group string) (model.GroupDetail, error) {
	b, err := r.watched(region)
	if err != nil {
		return model.GroupDetail{}, err
	}
	return b.Detail(ctx, group)
}

// ResizeState reads what planning a resize of group in region needs.
func (r *Regions) ResizeState(ctx context.Context, region, group string) (model.ResizeState, error) {
	b, err := r.watched(region)
	if err != nil {
		return model.ResizeState{}, err
	}
	return b.ResizeState(ctx, group)
}

// Resize moves group in region to the instance types to (see
// Backend.Resize): every step goes to region, as Act's actions do.
func (r *Regions) Resize(ctx context.Context, region, group string, to []string, prefs model.RefreshPrefs, reason string, step func(model.ResizeStep)) ([]string, error) {
	b, err := r.watched(region)
	if err != nil {
		return nil, err
	}
	return b.Resize(ctx, group, to, prefs, reason, step)
}

// FleetReport reads region's fleet report over since (hoist report).
func (r *Regions) FleetReport(ctx context.Context, region string, since time.Duration) (insight.FleetReport, error) {
	b, err := r.watched(region)
	if err != nil {
		return insight.FleetReport{}, err
	}
	return b.FleetReport(ctx, since)
}

// IncidentReport reads region's incident record over since (hoist report
// incident).
func (r *Regions) IncidentReport(ctx context.Context, region string, since time.Duration) (insight.Incident, error) {
	b, err := r.watched(region)
	if err != nil {
		return insight.Incident{}, err
	}
	return b.IncidentReport(ctx, since)
}
