package chart_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/chart"
)

// A group's CPU over the last hour with its target-tracking target, a
// forecast running on past now, and the moment the operator scaled.
func ExampleRender() {
	now := time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)
	var cpu, forecast []model.Point
	for i := 60; i > 0; i-- {
		t := now.Add(-time.Duration(i) * time.Minute)
		v := 35.0 + float64(60-i)
		if i < 15 {
			v = 95 - 2*float64(15-i)
		}
		cpu = append(cpu, model.Point{T: t, V: v})
	}
	for i := -15; i <= 30; i += 5 {
		forecast = append(forecast, model.Point{T: now.Add(time.Duration(i) * time.Minute), V: 70 - float64(i)})
	}
	spec := chart.Spec{
		From: now.Add(-time.Hour), To: now.Add(30 * time.Minute),
		Series: []chart.Series{
			{Points: cpu},
			{Points: forecast, Forecast: true},
		},
		Target:      &chart.Target{Value: 60},
		Annotations: []chart.Annotation{{T: now.Add(-15 * time.Minute), Label: "you scaled here"}},
		Unit:        "%",
		Scale:       chart.Scale{Fixed: true, Min: 0, Max: 100},
	}
	// Every line is exactly 50 cells; the example trims the spaces at the
	// right, which a test's output cannot hold.
	fmt.Println("CPU, 7 rows:")
	for _, l := range chart.Render(spec, 50, 7) {
		fmt.Println(strings.TrimRight(l, " "))
	}
	fmt.Println("CPU, 1 row:")
	fmt.Println(chart.Render(spec, 50, 1)[0])
	// Output:
	// CPU, 7 rows:
	//                            ▼ you scaled here
	// 100%┤                      ⣰⡲⡤⣄⡀
	//  60%┤▁▁▁▁▁▁▁▁▁▁▁▁⣀⣀⣠⠤⠤⠖⠒⠚⠉⠉⠁▁▁▁⠉⠙⠲⠦⠂⠄⠄⡀⡀⡀▁▁▁▁▁▁▁▁▁
	//  50%┤  ⣀⣀⣠⠤⠤⠖⠒⠚⠉⠉⠁         ┊             ⠁⠁⠂⠂⠂⠄⠄⡀⡀
	//     │⠉⠉⠁                   ┊
	//   0%┤                      ┊
	//    14:00          14:30          15:00
	// CPU, 1 row:
	// ▃▄▄▄▄▄▄▄▅▅▅▅▅▅▅▆▆▆▆▆▆▆▇▇▇▇█▇▇▇▇▆▆⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠤⠤⠤⠤⠤
}
