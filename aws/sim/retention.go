package sim

import "time"

// CloudWatch's retention tiers (GetMetricData and GetMetricStatistics,
// "Amazon CloudWatch retains metric data as follows"): sub-minute data for
// 3 hours, 1-minute data for 15 days, 5-minute for 63 days and hourly for
// 455 days. Older data is rolled up, so a query whose StartTime is older
// than a tier must ask for a period that is a multiple of the next tier's;
// otherwise CloudWatch returns no data points for it (it is not an error).
const (
	subMinuteKept = 3 * time.Hour
	minuteKept    = 15 * 24 * time.Hour
	fiveMinKept   = 63 * 24 * time.Hour
	hourKept      = 455 * 24 * time.Hour
)

// putWindow is the ring of a series PutMetricData creates: AWS's 15 days
// at one minute at any fleet size (the fleet's own series keep less when
// the fleet is large; the history model answers for the rest).
const putWindow = int(minuteKept / time.Minute)

// retained applies the tiers to a query of period seconds starting at
// start: the first minute to read (StartTime rounded down as CloudWatch
// rounds it: to the minute under 15 days, to 5 minutes under 63, to the
// hour beyond; never before the oldest hour kept), and whether the period
// may read data that old.
func (s *Simulator) retained(start time.Time, period int64) (from int64, ok bool) {
	age := s.now.Sub(start)
	switch {
	case age > fiveMinKept:
		from, ok = start.Unix()/3600*60, period%3600 == 0
	case age > minuteKept:
		from, ok = start.Unix()/300*5, period%300 == 0
	default:
		from, ok = minuteOf(start), period >= 60 || age <= subMinuteKept
	}
	return max(from, minuteOf(s.now.Add(-hourKept))), ok
}

// queryPeriod: a multiple of 60, or 1, 5, 10, 20 or 30 seconds (for
// high-resolution metrics).
func queryPeriod(p int64) bool {
	switch p {
	case 1, 5, 10, 20, 30:
		return true
	}
	return p > 0 && p%60 == 0
}
