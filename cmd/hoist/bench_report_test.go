package main

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/sim"
)

// BenchmarkInsight1000Groups times `hoist report` and `hoist recommend`,
// the whole command in this process (reading CloudWatch, the activities,
// alarm history and prices from the simulator, then building), on the
// simulator's large fleet of 1,000 groups an hour after its start (the
// fortnight before it is the simulator's backfilled history), beside
// `hoist status --json` on the same fleet: one look at every group.
func BenchmarkInsight1000Groups(b *testing.B) {
	hs := insightSim.get(b)
	ctx := context.Background()
	timed := func(args ...string) time.Duration {
		t0 := time.Now()
		if _, errs, code := hoistRun(ctx, hs.URL, args...); code != 0 {
			b.Fatalf("hoist %v: exit %d: %s", args, code, errs)
		}
		return time.Since(t0)
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"report/groups=1000", []string{"report", "--since", "24h", "--format", "json"}},
		{"recommend/groups=1000", []string{"recommend", "--since", "14d", "--json"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var took, status time.Duration
			for b.Loop() {
				took += timed(c.args...)
				status += timed("status", "--json")
			}
			b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "ms")
			b.ReportMetric(float64(status.Milliseconds())/float64(b.N), "status-ms")
		})
	}
}

// insightSim is the 1,000-group simulator, built once for every run of
// the benchmark (-count) in this process: building it and its history
// takes longer than the commands measured.
var insightSim lazySim

type lazySim struct {
	once sync.Once
	srv  *httptest.Server
	err  error
}

func (l *lazySim) get(tb testing.TB) *httptest.Server {
	l.once.Do(func() {
		s, err := sim.New(sim.Options{Seed: 1, Fleet: "large", Groups: 1000})
		if err != nil {
			l.err = err
			return
		}
		s.Advance(time.Hour)
		l.srv = httptest.NewServer(s.Handler()) // lives as long as the test binary
	})
	if l.err != nil {
		tb.Fatal(l.err)
	}
	return l.srv
}
