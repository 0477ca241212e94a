package chart

import (
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// BenchmarkRender draws a day of 1-minute points (1,440) into a 200x10
// chart with a target line and colour inks, as the metrics pane would at
// 200 columns.
func BenchmarkRender(b *testing.B) {
	pts := make([]model.Point, 1440)
	from := now.Add(-24 * time.Hour)
	for i := range pts {
		t := from.Add(time.Duration(i) * time.Minute)
		pts[i] = model.Point{T: t, V: daily(t) + 4*noise(i)}
	}
	s := Spec{
		From: from, To: now,
		Series: []Series{{Points: pts}},
		Target: &Target{Value: 60, Label: "target 60%"},
		Unit:   "%",
		Scale:  Scale{Fixed: true, Min: 0, Max: 100},
		Inks:   colourInks(),
	}
	checkSize(b, Render(s, 200, 10), 200, 10)
	b.ReportAllocs()
	for b.Loop() {
		Render(s, 200, 10)
	}
}
