package insight

import (
	"fmt"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// BenchmarkBuildReport1000Groups is the pure part of `hoist report` and
// `hoist recommend` on 1,000 groups: 14 days of 5-minute series each
// (4,032 points of CPU, memory, capacity, requests, 5xx and p99), and a
// scale-out a day per group.
func BenchmarkBuildReport1000Groups(b *testing.B) {
	w := days(14)
	var groups []GroupData
	var acts []model.Activity
	for i := range 1000 {
		name := fmt.Sprintf("g%04d", i)
		g := group(name, []string{"web", "app", "worker", "data"}[i%4], "m5.large", 4, 40, ttPolicy("cpu", 40))
		g.TargetGroupARNs = []string{"tg/" + name}
		s := world{min: 4, max: 40, target: 40, work: diurnal(100, 400+float64(i%7)*50), mem: 40, p99: 80}.series(w)
		groups = append(groups, GroupData{Group: g, Series: s})
		for d := range 14 {
			at := w.From.Add(time.Duration(d)*24*time.Hour + 18*time.Hour)
			c := fmt.Sprintf("At %s a monitor alarm %s-high in state ALARM triggered policy cpu changing the desired capacity from 4 to 6.  At %s an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 4 to 6.",
				at.Format(time.RFC3339), name, at.Format(time.RFC3339))
			for k := range 2 {
				acts = append(acts, model.Activity{Group: name, Cause: c, Description: "Launching a new EC2 instance: i-" + name + fmt.Sprint(d, k),
					Status: model.ActivitySuccessful, Start: at, End: at.Add(70 * time.Second)})
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		in := make([]GroupData, len(groups))
		copy(in, groups)
		r := BuildReport(ReportInput{Window: w, Generated: w.To, Groups: in, Activities: acts, Prices: prices()})
		if len(r.Groups) != 1000 {
			b.Fatal(len(r.Groups))
		}
	}
}
