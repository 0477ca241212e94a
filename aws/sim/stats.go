package sim

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go"
	"github.com/solemate/hoist/aws/sim/wire"
)

// Stats is what GET /_sim/stats answers. A Cloud's stats cover every
// region it has built, or one (GET /_sim/stats?region=us-west-2): then
// Requests, Errors, Mutations, Groups and Instances are that region's.
type Stats struct {
	Clock     time.Time                   `json:"clock"`
	Scenario  string                      `json:"scenario"`
	Region    string                      `json:"region,omitempty"` // the one region these are of; "" for all
	Requests  map[string]map[string]int64 `json:"requests"`         // service -> operation -> calls
	Errors    map[string]map[string]int64 `json:"errors"`           // service -> error code -> calls answered with it
	Injected  map[string]int64            `json:"injected"`         // fault kind -> calls (throttle, error, latency, outage, expired_token)
	Mutations []Mutation                  `json:"mutations"`        // state changes applied, oldest first
	Groups    int                         `json:"groups"`
	Instances int                         `json:"instances"`
	Faults    map[string]any              `json:"faults,omitempty"`
	Ledger    *Ledger                     `json:"ledger,omitempty"` // as GET /_sim/ledger answers (a Cloud's: the primary's, or the region's)
	// Regions are a Cloud's regions built so far (the others are built
	// on their first request).
	Regions map[string]RegionStats `json:"regions,omitempty"`
}

// RegionStats is one region of a Cloud at a glance.
type RegionStats struct {
	Groups    int    `json:"groups"`
	Instances int    `json:"instances"`
	Requests  int64  `json:"requests"`
	Fleet     string `json:"fleet"` // default, large, hostile, standby, empty
}

// Mutation is one API call that changed state, so a test can check that an
// action was applied exactly once.
type Mutation struct {
	Time      time.Time      `json:"time"` // virtual
	Region    string         `json:"region"`
	RequestID string         `json:"request_id"`
	Service   string         `json:"service"`
	Operation string         `json:"operation"`
	Group     string         `json:"group,omitempty"`
	Values    map[string]any `json:"values,omitempty"`
}

const mutationCap = 10000

// statsState counts per region (a Cloud's regions share one).
type statsState struct {
	mu        sync.Mutex
	requests  map[string]map[string]map[string]int64 // region -> service -> operation
	errors    map[string]map[string]map[string]int64 // region -> service -> code
	mutations []Mutation
	seq       atomic.Int64
}

func (st *statsState) init() {
	st.requests = map[string]map[string]map[string]int64{}
	st.errors = map[string]map[string]map[string]int64{}
}

func count(m map[string]map[string]map[string]int64, region, a, b string) {
	r := m[region]
	if r == nil {
		r = map[string]map[string]int64{}
		m[region] = r
	}
	x := r[a]
	if x == nil {
		x = map[string]int64{}
		r[a] = x
	}
	x[b]++
}

// countCall counts a call as it is dispatched (wire.Hooks.Intercept).
func (s *Simulator) countCall(service, op string) {
	st := s.stats
	st.mu.Lock()
	defer st.mu.Unlock()
	count(st.requests, s.region, service, op)
}

// countError counts the error code a call was answered with
// (wire.Hooks.Observe, after the answer is written).
func (s *Simulator) countError(service string, err error) {
	st := s.stats
	st.mu.Lock()
	defer st.mu.Unlock()
	if err != nil {
		code := "InternalFailure"
		var ae smithy.APIError
		if errors.As(err, &ae) {
			code = ae.ErrorCode()
		}
		count(st.errors, s.region, service, code)
	}
}

// requestID is the id the wire layer answers with (so a test can match a
// response to the mutation it caused); handlers called directly get one too.
func (s *Simulator) requestID(ctx context.Context) string {
	if c, ok := wire.CallFromContext(ctx); ok && c.RequestID != "" {
		return c.RequestID
	}
	return "direct-" + strconv.FormatInt(s.stats.seq.Add(1), 10)
}

// mutated records a state change. Called with s.mu held.
func (s *Simulator) mutated(ctx context.Context, service, op, group string, values map[string]any) {
	st := s.stats
	st.mu.Lock()
	defer st.mu.Unlock()
	st.mutations = append(st.mutations, Mutation{Time: s.now, Region: s.region, RequestID: s.requestID(ctx), Service: service, Operation: op, Group: group, Values: values})
	if len(st.mutations) > 2*mutationCap {
		st.mutations = append(st.mutations[:0:0], st.mutations[len(st.mutations)-mutationCap:]...)
	}
}

// Stats returns a copy of the counters, the clock and the mutations: of
// this simulator's region when it is one of a Cloud's.
func (s *Simulator) Stats() Stats {
	out := Stats{Region: s.region}
	out.Clock, out.Scenario, out.Groups, out.Instances = s.census()
	s.stats.fill(&out, func(r string) bool { return r == s.region })
	out.Injected = s.faults.injectedCopy()
	out.Faults = s.faults.describe()
	l := s.Ledger()
	out.Ledger = &l
	return out
}

// census is the clock, the scenario and how many groups and live
// instances the region has.
func (s *Simulator) census() (now time.Time, scenario string, groups, instances int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, in := range s.instances {
		if in.state != lsTerminated {
			instances++
		}
	}
	return s.now, s.scenario, len(s.groups), instances
}

// fill copies the counters and mutations of the regions in into out.
func (st *statsState) fill(out *Stats, in func(region string) bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	out.Requests, out.Errors = merged(st.requests, in), merged(st.errors, in)
	out.Mutations = []Mutation{}
	for _, m := range st.mutations {
		if in(m.Region) {
			out.Mutations = append(out.Mutations, m)
		}
	}
}

// requestsIn is how many calls region has answered.
func (st *statsState) requestsIn(region string) int64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	var n int64
	for _, ops := range st.requests[region] {
		for _, c := range ops {
			n += c
		}
	}
	return n
}

// merged sums the counters of the regions in.
func merged(m map[string]map[string]map[string]int64, in func(string) bool) map[string]map[string]int64 {
	out := map[string]map[string]int64{}
	for region, bySvc := range m {
		if !in(region) {
			continue
		}
		for k, v := range bySvc {
			c := out[k]
			if c == nil {
				c = make(map[string]int64, len(v))
				out[k] = c
			}
			for k2, v2 := range v {
				c[k2] += v2
			}
		}
	}
	return out
}
