package ui

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/fixture"
)

// BenchmarkFrame times every View() of a 200x60 console holding 10, 200
// and 1,000 groups and reports the median and 99th percentile frame, the
// mean, and the allocations per frame. Beside each: table, plainRows of
// the groups the frame shows, at the same width: the cheapest rendering of
// the rows on screen, with no colour, panes, sparklines or layout.
//
// Percentile units are named "p50-ms/frame"; the baseline's are
// "table-p50-ms/frame" (benchreport reads "<label>-<unit>" as a baseline
// of <unit>, and never takes pNN for a label).
func BenchmarkFrame(b *testing.B) {
	for _, n := range []int{10, 200, 1000} {
		b.Run(fmt.Sprintf("groups=%d", n), func(b *testing.B) {
			s := fixture.Snapshot(fixture.Now, max(n-12, 0))
			s.Groups = s.Groups[:n]
			m := New(&fixture.Backend{}, Options{Clock: func() time.Time { return fixture.Now }, Location: time.UTC})
			m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
			m.Update(SnapshotMsg{Snapshot: s})
			if got := len(m.View().Content); got == 0 {
				b.Fatal("empty frame")
			}

			frames := make([]time.Duration, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range frames {
				start := time.Now()
				_ = m.View()
				frames[i] = time.Since(start)
			}
			b.StopTimer()
			reportFrames(b, "", frames)

			onScreen := s
			names := m.overview.VisibleIn(s.Region).Groups
			onScreen.Groups = slices.DeleteFunc(slices.Clone(s.Groups), func(g model.Group) bool { return !slices.Contains(names, g.Name) })
			if len(onScreen.Groups) == 0 {
				b.Fatal("no group on screen")
			}
			var buf bytes.Buffer
			table := func() {
				buf.Reset()
				plainRows(&buf, &onScreen, 200)
			}
			reportFrames(b, "table-", timeEach(max(b.N, 200), table))
			b.ReportMetric(testing.AllocsPerRun(100, table), "table-allocs/op")
			b.ReportMetric(bytesPerRun(100, table), "table-B/op")
		})
	}
}

// plainRows writes each group as one plain line, cut to width: its name
// and tier through Printable, its sizes and counts. Any rendering of the
// rows on screen does at least this. (Until the CLI's table moved to
// cmd/hoist, the baseline was that table, with its header and alarms.)
func plainRows(buf *bytes.Buffer, s *model.Snapshot, width int) {
	for i := range s.Groups {
		g := &s.Groups[i]
		c := g.Counts()
		row := fmt.Sprintf("%s  %s  %d/%d/%d  %d %d %d", fit(Printable(g.Name), 48, "~"), fit(Printable(g.TierOrUntiered()), 10, "~"),
			g.Min, g.Desired, g.Max, c.InService, c.Pending, c.Unhealthy)
		buf.WriteString(truncate(row, width, "~"))
		buf.WriteByte('\n')
	}
}

// reportFrames reports the 50th and 99th percentile and the mean of d.
func reportFrames(b *testing.B, label string, d []time.Duration) {
	s := slices.Clone(d)
	slices.Sort(s)
	pct := func(p float64) float64 { return float64(s[min(len(s)-1, int(p*float64(len(s))))]) / 1e6 }
	total := time.Duration(0)
	for _, v := range s {
		total += v
	}
	b.ReportMetric(pct(0.50), label+"p50-ms/frame")
	b.ReportMetric(pct(0.99), label+"p99-ms/frame")
	if label != "" { // the frame's own mean is go test's sec/op
		b.ReportMetric(float64(total)/float64(len(s))/1e6, label+"ms/op")
	}
}

func timeEach(n int, f func()) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		start := time.Now()
		f()
		out[i] = time.Since(start)
	}
	return out
}

// bytesPerRun is like testing.AllocsPerRun, for bytes.
func bytesPerRun(runs int, f func()) float64 {
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / float64(runs)
}
