package aws

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// servedCloud is the simulator every region of which the console sees:
// the default fleet in us-east-1 and its standby in us-west-2, built once
// per process; the benchmarks never advance its clock.
var servedCloud = sync.OnceValues(func() (*sim.Cloud, string) {
	c, err := sim.NewCloud(sim.Options{Seed: 1})
	if err != nil {
		panic(err)
	}
	return c, httptest.NewServer(c.Handler()).URL // lives as long as the process
})

// openServedIn opens a session on url in region.
func openServedIn(b *testing.B, url, region string) *Session {
	b.Helper()
	s, err := Open(context.Background(), Options{Endpoint: url, Region: region, Credentials: SimulatorCredentials(),
		JournalPath: b.TempDir() + "/journal", CallTimeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkPollCycleRegions counts, at the simulator, the requests of one
// poll cycle (after a warm-up, as BenchmarkPollCycleSim) of a console
// watching us-east-1 alone, then of one watching us-east-1 and us-west-2:
// every group of each region on screen, one selected in us-east-1, each
// region's poller on its own session, each region counted by the
// simulator's record of it (/_sim/stats?region=). The second adds
// us-west-2's cycle, measured here, to us-east-1's, measured by the first
// in the same run (b.Loop measures one thing per benchmark), and has it as
// its baseline.
func BenchmarkPollCycleRegions(b *testing.B) {
	c, url := servedCloud()
	cad := DefaultCadences()
	var east *pollMeasure
	measure := func(b *testing.B, region string) pollMeasure {
		s := openServedIn(b, url, region)
		pm := measurePoll(b, s, regionVisible(b, s, region == "us-east-1"), func() int64 { return regionRequests(c, region) })
		b.Logf("%s: requests per class per cycle %v", region, pm.avg)
		return pm
	}
	b.Run("us-east-1", func(b *testing.B) {
		pm := measure(b, "us-east-1")
		east = &pm
		b.ReportMetric(pm.perCycle(), "calls/cycle")
		b.ReportMetric(pm.perHour(cad), "calls/hour")
	})
	b.Run("us-east-1+us-west-2", func(b *testing.B) {
		if east == nil {
			b.Skip("needs us-east-1 measured first in the same run (-bench PollCycleRegions)")
		}
		west := measure(b, "us-west-2")
		b.ReportMetric(east.perCycle()+west.perCycle(), "calls/cycle")
		b.ReportMetric(east.perCycle(), "one-calls/cycle")
		b.ReportMetric(east.perHour(cad)+west.perHour(cad), "calls/hour")
		b.ReportMetric(east.perHour(cad), "one-calls/hour")
	})
}

// regionVisible is every group of the region on screen, the first selected
// when selected.
func regionVisible(b *testing.B, s *Session, selected bool) model.Visible {
	b.Helper()
	gs, err := s.Groups(context.Background(), false)
	if err != nil || len(gs) == 0 {
		b.Fatalf("%s: %d groups, %v", s.Region(), len(gs), err)
	}
	v := model.Visible{Range: time.Hour}
	for _, g := range gs {
		v.Groups = append(v.Groups, g.Name)
	}
	if selected {
		v.Selected = v.Groups[0]
	}
	return v
}

// regionRequests is how many requests the simulator has served in region.
func regionRequests(c *sim.Cloud, region string) int64 {
	st, err := c.StatsIn(region)
	if err != nil {
		return 0
	}
	n := int64(0)
	for _, ops := range st.Requests {
		for _, v := range ops {
			n += v
		}
	}
	return n
}
