package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/ui/internal/fixture"
)

// BenchmarkForecastFrame times the policies screen's frames at 200x60
// with a predictive policy selected: its two forecast charts, three days
// wide, drawn over load and capacity.
func BenchmarkForecastFrame(b *testing.B) {
	m, _ := newTest(b, 200, 60, Options{})
	selectGroup(b, m, fixture.PredictiveGroup)
	exec(m, press(m, "P")...)
	press(m, "j")
	if !strings.Contains(plain(m), "accuracy") {
		b.Fatal("no forecast on screen")
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
}
