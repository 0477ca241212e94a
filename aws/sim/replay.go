package sim

import (
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// replayWindow is how much of the past the alarms are replayed over at
// start: the day before for small fleets, less for large ones to keep
// start-up fast (the console reads three hours of alarm history).
func replayWindow(groups int) int64 {
	switch {
	case groups <= 100:
		return 24 * 60
	case groups <= 1000:
		return 3 * 60
	}
	return 60
}

// replayAlarms evaluates every alarm once a minute over the last window
// minutes of history, as the live minute tick would have, without running
// its Auto Scaling actions (the history model already holds the capacity
// they kept), so that each alarm starts in the state its metrics put it in
// and its history (DescribeAlarmHistory) tells the same story as the
// charts. The alarms the fleet was built with are dated with their groups,
// long enough ago that AWS would have dropped their creation records (it
// keeps 30 days).
func (s *Simulator) replayAlarms(window int64) {
	h := s.hist
	if h == nil || len(s.alarmNames) == 0 {
		return
	}
	now := s.now
	born := now
	for _, hg := range h.groups {
		if hg.g.created.Before(born) {
			born = hg.g.created
		}
	}
	s.alarmHist = s.alarmHist[:0]
	s.replaying = true
	for _, name := range s.alarmNames {
		a := s.alarms[name]
		a.m.AlarmConfigurationUpdatedTimestamp = &born
		s.replayAlarm(a, h.end-window, h.end)
	}
	s.replaying, s.now = false, now
	sort.SliceStable(s.alarmHist, func(i, j int) bool { return s.alarmHist[i].at.Before(s.alarmHist[j].at) })
	if c := s.alarmHistCap(); len(s.alarmHist) > c {
		s.alarmHist = append(s.alarmHist[:0:0], s.alarmHist[len(s.alarmHist)-c:]...)
	}
}

// replayAlarm evaluates one alarm at each minute boundary in (from, to].
// The first evaluation sets its state without a record; a single-metric
// alarm reads its series once.
func (s *Simulator) replayAlarm(a *alarm, from, to int64) {
	m := &a.m
	n := int64(max(aws.ToInt32(m.EvaluationPeriods), 1))
	pm := alarmPeriod(m)
	ser := a.ser
	if ser == nil && len(m.Metrics) == 0 {
		ser = s.metrics.lookup(a.key)
		a.ser = ser
	}
	// the alarm's periods over the window, each computed once
	base := (from+1)/pm*pm - n*pm
	var periods []evalPoint
	if ser != nil {
		pts := make([]aggPt, to-base)
		s.metrics.read(ser, base, pts)
		stat := alarmStat(m)
		periods = make([]evalPoint, (to-base)/pm)
		for i := range periods {
			b := base + int64(i)*pm
			periods[i].t = mtime(b)
			periods[i].v, periods[i].has = statOf(pts[b-base:b-base+pm], ser.agg, stat)
		}
	}
	for t := from + 1; t <= to; t++ {
		s.now = time.Unix(t*60, 0).UTC()
		var data []evalPoint
		if ser != nil {
			first := (t/pm*pm - n*pm - base) / pm
			data = periods[first : first+n]
		} else {
			data = s.alarmData(a) // metric math, or a metric nobody publishes
		}
		if t > from+1 {
			s.judge(a, data)
			continue
		}
		// the state it was already in: no transition, no record
		if next, reason := s.verdict(a, data); next != m.StateValue {
			at := s.now
			m.StateValue, m.StateReason = next, &reason
			m.StateUpdatedTimestamp, m.StateTransitionedTimestamp = &at, &at
		}
	}
}
