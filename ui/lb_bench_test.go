package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/fixture"
)

// manyLBs is the load balancer fixture with n load balancers: the edge
// ALB's copies under names of their own, each with its listeners.
func manyLBs(n int) model.Snapshot {
	s := fixture.LBSnapshot(fixture.Now)
	edge := s.LoadBalancers[0]
	for i := len(s.LoadBalancers); i < n; i++ {
		lb := edge
		lb.Name = fmt.Sprintf("alb-%04d", i)
		lb.ARN = strings.Replace(edge.ARN, "edge-alb", lb.Name, 1)
		lb.Listeners = append([]model.Listener(nil), edge.Listeners...)
		for j := range lb.Listeners {
			lb.Listeners[j].ARN = strings.Replace(lb.Listeners[j].ARN, "edge-alb", lb.Name, 1)
		}
		s.LoadBalancers = append(s.LoadBalancers, lb)
	}
	return s
}

// BenchmarkLBFrame times the load balancer screen's frames at 200x60 with
// the detail of one load balancer open, and its work on each snapshot
// (the views of every load balancer rebuilt), at 10 and 250 load
// balancers.
func BenchmarkLBFrame(b *testing.B) {
	for _, n := range []int{10, 250} {
		b.Run(fmt.Sprintf("lbs=%d", n), func(b *testing.B) {
			s := manyLBs(n)
			m := New(&fixture.Backend{}, Options{Clock: func() time.Time { return fixture.Now }, Location: time.UTC})
			noTicks(m)
			m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
			m.Update(SnapshotMsg{Snapshot: s})
			press(m, "B", "enter")
			if !strings.Contains(plain(m), "CHARTS") {
				b.Fatal("no detail on screen")
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
			gen := s.Generation
			snaps := timeEach(max(b.N, 20), func() {
				gen++
				s.Generation = gen
				m.Update(SnapshotMsg{Snapshot: s})
			})
			reportFrames(b, "snapshot-", snaps)
		})
	}
}
