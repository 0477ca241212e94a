package aws

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// forecastFleet is the simulator's default fleet with a ForecastOnly CPU
// policy on every group, run forecastRun past its start: the hours scored
// are the simulator's past (its backfilled fortnight), forecast from the
// hours before them and measured by CloudWatch.
type forecastFleet struct {
	s       *Session
	groups  []string
	specs   map[string]model.PolicySpec
	scoreAt time.Time
}

// forecastRun is how long the fleet runs live before scoring, so that its
// first live hour is recorded too; forecastScored is the part of hoist's
// accuracy window scored: its first day gives the naive baseline its
// yesterday.
const (
	forecastRun    = time.Hour
	forecastScored = model.AccuracyWindow - 24*time.Hour
)

var (
	forecastOnce sync.Once
	forecastSet  *forecastFleet
	forecastErr  error
)

func forecastSetup(b *testing.B) *forecastFleet {
	b.Helper()
	forecastOnce.Do(func() { forecastSet, forecastErr = newForecastFleet(b.TempDir()) })
	if forecastErr != nil {
		b.Fatal(forecastErr)
	}
	return forecastSet
}

func newForecastFleet(dir string) (*forecastFleet, error) {
	s, err := sim.New(sim.Options{Seed: 1})
	if err != nil {
		return nil, err
	}
	srv := httptest.NewServer(s.Handler()) // lives as long as the process
	ctx := context.Background()
	sess, err := Open(ctx, Options{Endpoint: srv.URL, JournalPath: filepath.Join(dir, "journal.jsonl"), Credentials: SimulatorCredentials()})
	if err != nil {
		return nil, err
	}
	gs, err := sess.Groups(ctx, false)
	if err != nil {
		return nil, err
	}
	f := &forecastFleet{s: sess, specs: map[string]model.PolicySpec{}}
	for _, g := range gs {
		spec := model.PolicySpec{Name: "bench-forecast", Predictive: &model.PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50}}
		if err := sess.Act(ctx, model.PutPolicy{Group: g.Name, To: spec}, "benchmark", nil); err != nil {
			return nil, err
		}
		f.groups = append(f.groups, g.Name)
		f.specs[g.Name] = spec
	}
	s.Advance(forecastRun)
	if _, err := sess.Groups(ctx, false); err != nil { // the server's clock, as its answers date it
		return nil, err
	}
	f.scoreAt = sess.Now()
	return f, nil
}

// BenchmarkForecastAccuracy: how accurate the forecast hoist shows is, as
// hoist scores it (model.MAPE: the mean absolute percentage error of the
// hourly load forecast against the load CloudWatch measured), per group of
// the simulator's default fleet over the last six days of its backfilled
// fortnight.
// Baseline: the seasonal naive forecast, each hour's load as measured the
// day before. ms/op is one Session.Forecast: the forecast and a week of
// one-minute load.
func BenchmarkForecastAccuracy(b *testing.B) {
	f := forecastSetup(b)
	for _, g := range f.groups {
		b.Run("group="+g, func(b *testing.B) {
			var fc model.Forecast
			for b.Loop() {
				var err error
				if fc, err = f.s.Forecast(context.Background(), g, f.specs[g], f.scoreAt); err != nil {
					b.Fatal(err)
				}
			}
			from := f.scoreAt.Add(-forecastScored)
			scored := model.MAPE(model.Since(fc.Load, from), model.Since(fc.Actual, from))
			naive := model.MAPE(yesterday(fc.Actual), model.Since(fc.Actual, from))
			if !scored.Known() || !naive.Known() {
				b.Fatalf("%s: nothing to score: %d forecast and %d measured hours", g, len(fc.Load), len(fc.Actual))
			}
			b.ReportMetric(scored.MAPE, "MAPE%")
			b.ReportMetric(naive.MAPE, "naive-MAPE%")
		})
	}
}

// yesterday is the seasonal naive forecast of hourly points: each hour's
// value a day later.
func yesterday(pts []model.Point) []model.Point {
	out := make([]model.Point, len(pts))
	for i, p := range pts {
		out[i] = model.Point{T: p.T.Add(24 * time.Hour), V: p.V}
	}
	return out
}
