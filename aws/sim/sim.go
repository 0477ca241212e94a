package sim

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Account is the simulated account id; every ARN carries it.
const Account = "000000000000"

// DefaultStart is the virtual time of a simulator created with a zero
// Options.Start: Black Friday morning, so tests read the same clock every run.
var DefaultStart = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// Tick lengths. Instance lifecycle and health checks move in fine ticks,
// traffic, metrics, alarms and policies in minute ticks, so results never
// depend on how Advance is sliced.
const (
	fineTick   = 10 * time.Second
	minuteTick = time.Minute
	spinUp     = 2 * time.Minute // simulated before Start: live data and alarms evaluated on it
)

// Options configures a Simulator.
type Options struct {
	Seed     int64     // same seed, same run
	Speed    float64   // virtual seconds per real second when running (default 1)
	Scenario string    // "steady" (default), "flash-sale", "az-outage", "bad-deploy", "slow-leak", "region-failover"
	Fleet    string    // "default" (the e-commerce platform), "large" (Groups generated), "hostile"; "standby", "empty" (see Cloud)
	Groups   int       // for Fleet "large": up to 5000
	Start    time.Time // virtual time at creation; zero = DefaultStart
	Region   string    // default "us-east-1"; a Cloud's primary region
}

// Simulator is a simulated AWS account with a living fleet. All state sits
// behind one mutex: handlers are cheap and the dynamics run in short ticks.
type Simulator struct {
	mu     sync.Mutex
	opts   Options
	region string
	now    time.Time
	rng    *rand.Rand // dynamics only; faults draw from their own source
	seed   uint64

	groups     map[string]*group
	groupNames []string // sorted, as AWS lists groups
	groupSeq   int

	instances map[string]*instance
	instOrder []*instance // launch order, for DescribeInstances

	lbs      map[string]*loadBalancer
	lbOrder  []*loadBalancer
	tgs      map[string]*targetGroup
	tgOrder  []*targetGroup
	listener map[string]*listener
	acm      acmState

	alarms     map[string]*alarm
	alarmNames []string // sorted
	alarmHist  []alarmHistory
	muteRules  map[string]*muteRule
	dashboards map[string]*dashboard

	lts       map[string]*launchTemplate // by id
	ltNames   map[string]*launchTemplate
	ltOrder   []*launchTemplate // creation order, as EC2 lists them
	badImages map[string]bool   // images whose instances fail health checks (bad-deploy)

	activities []*activity // all groups, oldest first (bounded)

	metrics *metricStore
	hist    *history // the past, from the traffic model
	// replaying: alarms are evaluated over history (no actions run)
	replaying bool
	azs       []string

	scenario      string
	scenarioStart time.Time
	impairedAZ    string

	nextFine   time.Time
	nextMinute time.Time

	standby bool // the standby platform of a Cloud's failover region

	faults *faultState // a Cloud's regions share their faults and stats
	stats  *statsState
	ledger ledgerState // cost and service since start and since a mark (ledger.go), per region

	runMu sync.Mutex // serialises Advance callers so ticks never interleave
	aws   http.Handler
}

// New builds a simulator with its fleet, backfilled history and a short
// spin-up so that metrics and alarms already have data at Start.
func New(opts Options) (*Simulator, error) {
	return newSimulator(opts, nil, nil)
}

// withDefaults fills what the zero Options leave unset.
func (o Options) withDefaults() Options {
	if o.Speed == 0 {
		o.Speed = 1
	}
	if o.Region == "" {
		o.Region = "us-east-1"
	}
	if o.Fleet == "" {
		o.Fleet = "default"
	}
	if o.Scenario == "" {
		o.Scenario = "steady"
	}
	if o.Start.IsZero() {
		o.Start = DefaultStart
	}
	return o
}

// newSimulator builds one region; a Cloud passes the faults and stats its
// regions share, New passes none and the simulator has its own.
func newSimulator(opts Options, faults *faultState, stats *statsState) (*Simulator, error) {
	opts = opts.withDefaults()
	if opts.Speed < 0 {
		return nil, fmt.Errorf("sim: speed must be positive, got %v", opts.Speed)
	}
	if !validScenario(opts.Scenario) {
		return nil, fmt.Errorf("sim: unknown scenario %q (want one of %v)", opts.Scenario, Scenarios)
	}
	start := opts.Start.UTC().Truncate(time.Second)
	s := &Simulator{
		opts:       opts,
		region:     opts.Region,
		seed:       uint64(opts.Seed),
		rng:        rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed_0f_5011e)),
		groups:     map[string]*group{},
		instances:  map[string]*instance{},
		lbs:        map[string]*loadBalancer{},
		tgs:        map[string]*targetGroup{},
		listener:   map[string]*listener{},
		alarms:     map[string]*alarm{},
		muteRules:  map[string]*muteRule{},
		dashboards: map[string]*dashboard{},
		lts:        map[string]*launchTemplate{},
		ltNames:    map[string]*launchTemplate{},
		badImages:  map[string]bool{},
		scenario:   "steady",
		azs:        []string{opts.Region + "a", opts.Region + "b", opts.Region + "c"},
	}
	if s.faults, s.stats = faults, stats; faults == nil {
		s.faults, s.stats = &faultState{}, &statsState{}
		s.faults.init(opts.Seed)
		s.stats.init()
	}
	// The fleet is built as it stood spinUp before Start; the engine then
	// runs up to Start.
	s.now = start.Add(-spinUp)
	s.nextFine = s.now.Add(fineTick)
	s.nextMinute = s.now.Truncate(time.Minute).Add(time.Minute)
	var err error
	switch opts.Fleet {
	case "default":
		err = s.buildDefaultFleet()
	case "large":
		n := opts.Groups
		if n <= 0 {
			n = 1000
		}
		if n > 5000 {
			return nil, fmt.Errorf("sim: large fleet takes at most 5000 groups, got %d", n)
		}
		err = s.buildLargeFleet(n)
	case "hostile":
		err = s.buildHostileFleet()
	case "standby":
		s.standby = true
		s.buildStandbyFleet()
	case "empty":
	default:
		return nil, fmt.Errorf("sim: unknown fleet %q (want default, large or hostile)", opts.Fleet)
	}
	if err != nil {
		return nil, err
	}
	s.metrics = newMetricStore(windowFor(len(s.groups)))
	s.buildHistory()
	s.advanceLocked(spinUp)
	if err := s.setScenarioLocked(opts.Scenario); err != nil {
		return nil, err
	}
	if s.aws, err = s.newAWSHandler(); err != nil {
		return nil, err
	}
	return s, nil
}

// windowFor sizes the 1-minute metric window: 15 days (AWS's 1-minute
// retention) for small fleets, hours for large ones so 5,000 groups fit in
// memory. Hourly load and capacity history is kept separately for forecasts.
func windowFor(groups int) int {
	switch {
	case groups <= 100:
		return 15 * 24 * 60
	case groups <= 1000:
		return 6 * 60
	default:
		return 3 * 60
	}
}

// Now is the virtual clock.
func (s *Simulator) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// Advance steps the virtual clock by d, running every tick on the way.
func (s *Simulator) Advance(d time.Duration) {
	s.runMu.Lock()
	defer s.runMu.Unlock()
	end := s.Now().Add(d)
	for {
		s.mu.Lock()
		if !s.now.Before(end) {
			s.mu.Unlock()
			return
		}
		s.stepLocked(end)
		s.mu.Unlock()
	}
}

func (s *Simulator) advanceLocked(d time.Duration) {
	end := s.now.Add(d)
	for s.now.Before(end) {
		s.stepLocked(end)
	}
}

// stepLocked runs the next due tick (or moves the clock to end if none is
// due before it). The lock is released between steps by callers so handlers
// interleave with a long Advance.
func (s *Simulator) stepLocked(end time.Time) {
	next := s.nextFine
	if s.nextMinute.Before(next) {
		next = s.nextMinute
	}
	if next.After(end) {
		s.now = end
		return
	}
	s.now = next
	if !s.nextFine.After(next) {
		s.fineTick()
		s.ledgerFine()
		s.nextFine = s.nextFine.Add(fineTick)
	}
	if !s.nextMinute.After(next) {
		s.minuteTick()
		s.ledgerMinute()
		s.nextMinute = s.nextMinute.Add(minuteTick)
	}
}

// Run advances the clock in real time × Speed until ctx ends.
func (s *Simulator) Run(ctx context.Context) { runClock(ctx, s.opts.Speed, s.Advance) }

// runClock calls advance with the real time passed × speed, in whole
// seconds, until ctx ends.
func runClock(ctx context.Context, speed float64, advance func(time.Duration)) {
	const step = 100 * time.Millisecond
	t := time.NewTicker(step)
	defer t.Stop()
	last := time.Now()
	var carry time.Duration
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			elapsed := now.Sub(last)
			last = now
			carry += time.Duration(float64(elapsed) * speed)
			if carry >= time.Second {
				d := carry.Truncate(time.Second)
				carry -= d
				advance(d)
			}
		}
	}
}

// ---- identifiers and deterministic randomness ----

func (s *Simulator) hexID(n int) string {
	b := make([]byte, (n+1)/2)
	for i := 0; i < len(b); i += 8 {
		var w [8]byte
		binary.LittleEndian.PutUint64(w[:], s.rng.Uint64())
		copy(b[i:], w[:])
	}
	return hex.EncodeToString(b)[:n]
}

func (s *Simulator) uuid() string {
	h := s.hexID(32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

func (s *Simulator) instanceID() string { return "i-0" + s.hexID(16) }

// mix is splitmix64: stateless noise keyed by (seed, things), so traffic at
// a given minute is the same whether it is backfilled or simulated live.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// unit returns a deterministic value in [0,1) for the keys.
func (s *Simulator) unit(keys ...uint64) float64 {
	h := mix(s.seed)
	for _, k := range keys {
		h = mix(h ^ k)
	}
	return float64(h>>11) / (1 << 53)
}

func strHash(str string) uint64 {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(str); i++ {
		h ^= uint64(str[i])
		h *= 1099511628211
	}
	return h
}

func clampf(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

func clampi(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func insertSorted(list []string, name string) []string {
	i := sort.SearchStrings(list, name)
	list = append(list, "")
	copy(list[i+1:], list[i:])
	list[i] = name
	return list
}

func removeSorted(list []string, name string) []string {
	i := sort.SearchStrings(list, name)
	if i < len(list) && list[i] == name {
		return append(list[:i], list[i+1:]...)
	}
	return list
}

func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
