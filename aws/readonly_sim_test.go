package aws

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// simEnv is a session on an in-process simulator served over HTTP, as the
// adapter meets it in production through --endpoint-url.
type simEnv struct {
	sim     *sim.Simulator
	url     string
	session *Session
	journal string
	logBuf  *syncBuffer
}

// openSim serves a simulator (its clock still: no dynamics unless the
// test advances it) and opens a session on it with the test's fake
// credentials from the environment.
func openSim(t testing.TB, mod func(*Options)) *simEnv {
	t.Helper()
	return openSimWith(t, sim.Options{Seed: 3}, nil, mod)
}

// openSimWith is openSim with the simulator's options, and wrap (if not
// nil) around its handler to watch the requests.
func openSimWith(t testing.TB, so sim.Options, wrap func(http.Handler) http.Handler, mod func(*Options)) *simEnv {
	t.Helper()
	s, err := sim.New(so)
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
	})
	env := &simEnv{sim: s, url: srv.URL, logBuf: &syncBuffer{}, journal: filepath.Join(t.TempDir(), "journal.jsonl")}
	o := Options{
		Endpoint:    srv.URL,
		JournalPath: env.journal,
		Logger:      newTestLogger(env.logBuf),
		CallTimeout: 10 * time.Second,
		MaxBackoff:  20 * time.Millisecond,
	}
	if mod != nil {
		mod(&o)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	env.session, err = Open(ctx, o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { env.session.Close() })
	return env
}

// simRequests is every request the simulator has counted, by service and
// operation, and their total.
func simRequests(s *sim.Simulator) (map[string]int64, int64) {
	out := map[string]int64{}
	var n int64
	for svc, ops := range s.Stats().Requests {
		for op, c := range ops {
			out[svc+":"+op] += c
			n += c
		}
	}
	return out, n
}

// TestReadOnlyAgainstSimulator: under ReadOnly, every mutating action kind
// is refused by the adapter itself, through Session.Act and Backend.Act,
// before any request leaves: the simulator's own request counters do not
// move and the journal stays empty. Acknowledging an alert changes
// nothing in AWS, so read-only allows it: it is journaled locally and
// sends nothing either.
func TestReadOnlyAgainstSimulator(t *testing.T) {
	env := openSim(t, func(o *Options) { o.ReadOnly = true })
	ctx := context.Background()
	gs, err := env.session.Groups(ctx, true, "solemate-web-prod")
	if err != nil {
		t.Fatal(err)
	}
	g := gs[0]
	if len(g.Instances) == 0 {
		t.Fatal("the simulator's web group has no instances")
	}
	backend := NewBackend(env.session, PollerOptions{})
	acts := everyAction(g)
	kinds := map[model.Kind]bool{}
	for _, a := range acts {
		kinds[a.Kind()] = true
	}
	if len(kinds) != len(model.Kinds()) {
		t.Fatalf("everyAction covers %d kinds, want all %d", len(kinds), len(model.Kinds()))
	}

	for _, via := range []struct {
		name string
		act  func(model.Action) error
	}{
		{"Session.Act", func(a model.Action) error { return env.session.Act(ctx, a, "read-only drill", nil) }},
		{"Backend.Act", func(a model.Action) error { return backend.Act(ctx, a, "read-only drill", nil) }},
	} {
		before, total := simRequests(env.sim)
		for _, a := range acts {
			if !a.Mutating() {
				continue
			}
			if err := via.act(a); !errors.Is(err, model.ErrReadOnly) {
				t.Errorf("%s %s under read-only: err = %v, want ErrReadOnly", via.name, a.Kind(), err)
			}
		}
		after, total2 := simRequests(env.sim)
		if total2 != total {
			for op, n := range after {
				if n != before[op] {
					t.Errorf("%s: %s reached the simulator %d times under read-only", via.name, op, n-before[op])
				}
			}
		}
		if es, _, _ := env.session.Journal().Read(time.Time{}); len(es) != 0 {
			t.Errorf("%s: %d journal records under read-only, want none: %+v", via.name, len(es), es)
		}
	}
	if m := env.sim.Stats().Mutations; len(m) != 0 {
		t.Errorf("the simulator applied %d mutations under read-only: %+v", len(m), m)
	}

	// The acknowledgement: journaled, nothing sent.
	_, total := simRequests(env.sim)
	ack := acts[len(acts)-1]
	if ack.Mutating() {
		t.Fatalf("the last of everyAction is %s, not the acknowledgement", ack.Kind())
	}
	if err := backend.Act(ctx, ack, "", nil); err != nil {
		t.Fatalf("acknowledge under read-only: %v", err)
	}
	if _, n := simRequests(env.sim); n != total {
		t.Errorf("acknowledging sent %d requests", n-total)
	}
	if as, _, _ := env.session.Journal().Actions(ctx, time.Time{}); len(as) != 1 || as[0].Intent.Kind != model.KindAcknowledge {
		t.Errorf("journal after the acknowledgement: %+v", as)
	}
}
