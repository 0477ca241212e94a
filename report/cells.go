package report

import (
	"time"

	"github.com/solemate/hoist/model/insight"
)

// The figures as the reports write them, for the console's report and
// insights screens, so a figure reads the same on screen and in the
// ticket.

// Money is dollars: $1,234.56, $0.42, $0.0031.
func Money(v float64) string { return money(v) }

// Number is a count or measure: 1,234 or 12.5.
func Number(v float64) string { return number(v) }

// Dist is a utilisation's p50 / p95 / max in percent, "–" unknown.
func Dist(d insight.Dist) string { return dist(d) }

// Served is a share of requests answered without a 5xx, "–" unknown.
func Served(s insight.Served) string { return served(s) }

// Latency is a p99's median in milliseconds, "–" unmeasured.
func Latency(l insight.LatencyStats) string { return latency(l) }

// Zones is the in-service instances per zone: "3/3/2", " uneven" added.
func Zones(d insight.Distribution) string { return zones(d) }

// Duration is a response time: "1m40s".
func Duration(d time.Duration) string { return dur(d) }

// Plural is "1 scale-out", "3 scale-outs".
func Plural(n int, word string) string { return plural(n, word) }
