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

// Stats is what GET /_sim/stats answers.
type Stats struct {
	Clock     time.Time                   `json:"clock"`
	Scenario  string                      `json:"scenario"`
	Requests  map[string]map[string]int64 `json:"requests"`  // service -> operation -> calls
	Errors    map[string]map[string]int64 `json:"errors"`    // service -> error code -> calls answered with it
	Injected  map[string]int64            `json:"injected"`  // fault kind -> calls (throttle, error, latency, outage, expired_token)
	Mutations []Mutation                  `json:"mutations"` // state changes applied, oldest first
	Groups    int                         `json:"groups"`
	Instances int                         `json:"instances"`
	Faults    map[string]any              `json:"faults,omitempty"`
	Ledger    *Ledger                     `json:"ledger,omitempty"` // as GET /_sim/ledger answers
}

// Mutation is one API call that changed state, so a test can check that an
// action was applied exactly once.
type Mutation struct {
	Time      time.Time      `json:"time"` // virtual
	RequestID string         `json:"request_id"`
	Service   string         `json:"service"`
	Operation string         `json:"operation"`
	Group     string         `json:"group,omitempty"`
	Values    map[string]any `json:"values,omitempty"`
}

const mutationCap = 10000

type statsState struct {
	mu        sync.Mutex
	requests  map[string]map[string]int64
	errors    map[string]map[string]int64
	mutations []Mutation
	seq       atomic.Int64
}

func (st *statsState) init() {
	st.requests = map[string]map[string]int64{}
	st.errors = map[string]map[string]int64{}
}

// countCall counts a call as it is dispatched (wire.Hooks.Intercept).
func (s *Simulator) countCall(service, op string) {
	st := &s.stats
	st.mu.Lock()
	defer st.mu.Unlock()
	m := st.requests[service]
	if m == nil {
		m = map[string]int64{}
		st.requests[service] = m
	}
	m[op]++
}

// countError counts the error code a call was answered with
// (wire.Hooks.Observe, after the answer is written).
func (s *Simulator) countError(service string, err error) {
	st := &s.stats
	st.mu.Lock()
	defer st.mu.Unlock()
	if err != nil {
		code := "InternalFailure"
		var ae smithy.APIError
		if errors.As(err, &ae) {
			code = ae.ErrorCode()
		}
		e := st.errors[service]
		if e == nil {
			e = map[string]int64{}
			st.errors[service] = e
		}
		e[code]++
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
	st := &s.stats
	st.mu.Lock()
	defer st.mu.Unlock()
	st.mutations = append(st.mutations, Mutation{Time: s.now, RequestID: s.requestID(ctx), Service: service, Operation: op, Group: group, Values: values})
	if len(st.mutations) > 2*mutationCap {
		st.mutations = append(st.mutations[:0:0], st.mutations[len(st.mutations)-mutationCap:]...)
	}
}

// Stats returns a copy of the counters, the clock and the mutations.
func (s *Simulator) Stats() Stats {
	s.mu.Lock()
	out := Stats{Clock: s.now, Scenario: s.scenario, Groups: len(s.groups)}
	for _, in := range s.instances {
		if in.state != lsTerminated {
			out.Instances++
		}
	}
	s.mu.Unlock()
	st := &s.stats
	st.mu.Lock()
	out.Requests = copy2(st.requests)
	out.Errors = copy2(st.errors)
	out.Mutations = append([]Mutation{}, st.mutations...)
	st.mu.Unlock()
	out.Injected = s.faults.injectedCopy()
	out.Faults = s.faults.describe()
	l := s.Ledger()
	out.Ledger = &l
	return out
}

func copy2(m map[string]map[string]int64) map[string]map[string]int64 {
	out := make(map[string]map[string]int64, len(m))
	for k, v := range m {
		c := make(map[string]int64, len(v))
		for k2, v2 := range v {
			c[k2] = v2
		}
		out[k] = c
	}
	return out
}
