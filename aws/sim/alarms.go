package sim

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/robfig/cron/v3"
)

// alarmHistCap bounds the alarm history kept (AWS keeps 30 days); state
// updates carry kilobytes of JSON, so large fleets keep fewer.
func (s *Simulator) alarmHistCap() int {
	if len(s.groups) > 100 {
		return 4000
	}
	return 20000
}

func (s *Simulator) alarmARN(name string) string {
	return fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm:%s", s.region, Account, name)
}

// putAlarm creates or replaces a metric alarm, as PutMetricAlarm does.
// A new alarm starts in INSUFFICIENT_DATA; an update keeps its state.
func (s *Simulator) putAlarm(in *cloudwatch.PutMetricAlarmInput) (*alarm, error) {
	if err := s.validateAlarm(in); err != nil {
		return nil, err
	}
	name := aws.ToString(in.AlarmName)
	dtA := in.DatapointsToAlarm
	a := s.alarms[name]
	isNew := a == nil
	if isNew {
		a = &alarm{}
		a.m.StateValue = cwtypes.StateValueInsufficientData
		a.m.StateReason = aws.String("Unchecked: Initial alarm creation")
		a.m.StateUpdatedTimestamp = aws.Time(s.now)
		a.m.StateTransitionedTimestamp = aws.Time(s.now)
		a.tags = append([]cwtypes.Tag(nil), in.Tags...) // an update's tags are ignored, as AWS does
	}
	actionsEnabled := true
	if in.ActionsEnabled != nil {
		actionsEnabled = *in.ActionsEnabled
	}
	treat := in.TreatMissingData
	if treat == nil {
		treat = aws.String("missing")
	}
	m := &a.m
	m.AlarmName = aws.String(name)
	m.AlarmArn = aws.String(s.alarmARN(name))
	m.AlarmDescription = in.AlarmDescription
	m.ActionsEnabled = aws.Bool(actionsEnabled)
	m.AlarmActions = append([]string{}, in.AlarmActions...)
	m.OKActions = append([]string{}, in.OKActions...)
	m.InsufficientDataActions = append([]string{}, in.InsufficientDataActions...)
	m.ComparisonOperator = in.ComparisonOperator
	m.DatapointsToAlarm = dtA
	m.Dimensions = append([]cwtypes.Dimension{}, in.Dimensions...)
	m.EvaluationPeriods = in.EvaluationPeriods
	m.ExtendedStatistic = in.ExtendedStatistic
	m.MetricName = in.MetricName
	m.Metrics = in.Metrics
	m.Namespace = in.Namespace
	m.Period = in.Period
	m.Statistic = in.Statistic
	m.Threshold = in.Threshold
	m.ThresholdMetricId = in.ThresholdMetricId
	m.TreatMissingData = treat
	m.Unit = in.Unit
	m.EvaluateLowSampleCountPercentile = in.EvaluateLowSampleCountPercentile
	m.AlarmConfigurationUpdatedTimestamp = aws.Time(s.now)
	a.key = seriesKey(aws.ToString(in.Namespace), aws.ToString(in.MetricName), cwDims(in.Dimensions))
	a.ser = nil
	s.alarms[name] = a
	if isNew {
		s.alarmNames = insertSorted(s.alarmNames, name)
		s.history(name, cwtypes.HistoryItemTypeConfigurationUpdate, fmt.Sprintf("Alarm %q created", name), "")
	} else {
		s.history(name, cwtypes.HistoryItemTypeConfigurationUpdate, fmt.Sprintf("Alarm %q updated", name), "")
	}
	return a, nil
}

func cwDims(ds []cwtypes.Dimension) []dim {
	out := make([]dim, 0, len(ds))
	for _, d := range ds {
		out = append(out, dim{aws.ToString(d.Name), aws.ToString(d.Value)})
	}
	return sortDims(out)
}

func (s *Simulator) deleteAlarm(name string) bool {
	if _, ok := s.alarms[name]; !ok {
		return false
	}
	delete(s.alarms, name)
	s.alarmNames = removeSorted(s.alarmNames, name)
	s.history(name, cwtypes.HistoryItemTypeConfigurationUpdate, fmt.Sprintf("Alarm %q deleted", name), "")
	return true
}

func (s *Simulator) history(name string, typ cwtypes.HistoryItemType, summary, data string) {
	s.alarmHist = append(s.alarmHist, alarmHistory{name: name, typ: typ, summary: summary, data: data, at: s.now})
	if c := s.alarmHistCap(); len(s.alarmHist) > 2*c && !s.replaying {
		s.alarmHist = append(s.alarmHist[:0:0], s.alarmHist[len(s.alarmHist)-c:]...)
	}
}

// evaluateAlarms runs once a minute over every alarm in name order.
func (s *Simulator) evaluateAlarms() {
	for _, name := range s.alarmNames {
		s.evaluate(s.alarms[name])
	}
}

type evalPoint struct {
	t   time.Time
	v   float64
	has bool
}

// alarmData returns the last n complete periods of the alarm's metric,
// newest last.
func (s *Simulator) alarmData(a *alarm) []evalPoint {
	m := &a.m
	n := int(aws.ToInt32(m.EvaluationPeriods))
	pm := alarmPeriod(m)
	end := minuteOf(s.now) / pm * pm
	start := end - int64(n)*pm
	out := make([]evalPoint, n)
	for i := range out {
		out[i].t = time.Unix((start+int64(i)*pm)*60, 0).UTC()
	}
	if len(m.Metrics) > 0 {
		res, err := s.runQueries(m.Metrics, time.Unix(start*60, 0), time.Unix(end*60, 0), false)
		if err != nil {
			return out
		}
		for _, r := range res {
			if !r.ret {
				continue
			}
			for k, ts := range r.ts {
				i := int((ts - start) / pm)
				if i >= 0 && i < n {
					out[i].v, out[i].has = r.vals[k], true
				}
			}
			break
		}
		return out
	}
	if a.ser == nil {
		a.ser = s.metrics.lookup(a.key)
	}
	ser := a.ser
	if ser == nil {
		return out
	}
	stat := alarmStat(m)
	var buf [64]aggPt
	pts := sized(buf[:], int64(n)*pm)
	s.metrics.read(ser, start, pts) // one read: history is computed once per window
	for i := range out {
		out[i].v, out[i].has = statOf(pts[int64(i)*pm:int64(i+1)*pm], ser.agg, stat)
	}
	return out
}

// alarmPeriod is the alarm's period in minutes (at least one).
func alarmPeriod(m *cwtypes.MetricAlarm) int64 {
	period := int64(aws.ToInt32(m.Period))
	for _, q := range m.Metrics {
		if q.Period != nil {
			period = int64(*q.Period)
		}
		if q.MetricStat != nil && q.MetricStat.Period != nil {
			period = int64(*q.MetricStat.Period)
		}
	}
	return max(period/60, 1)
}

// alarmStat is the statistic a single-metric alarm evaluates.
func alarmStat(m *cwtypes.MetricAlarm) string {
	if m.ExtendedStatistic != nil {
		return *m.ExtendedStatistic
	}
	return string(m.Statistic)
}

func breaches(op cwtypes.ComparisonOperator, v, th float64) bool {
	switch op {
	case cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold:
		return v >= th
	case cwtypes.ComparisonOperatorGreaterThanThreshold:
		return v > th
	case cwtypes.ComparisonOperatorLessThanThreshold:
		return v < th
	case cwtypes.ComparisonOperatorLessThanOrEqualToThreshold:
		return v <= th
	}
	return false
}

func opWords(op cwtypes.ComparisonOperator) string {
	switch op {
	case cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold:
		return "greater than or equal to"
	case cwtypes.ComparisonOperatorGreaterThanThreshold:
		return "greater than"
	case cwtypes.ComparisonOperatorLessThanThreshold:
		return "less than"
	case cwtypes.ComparisonOperatorLessThanOrEqualToThreshold:
		return "less than or equal to"
	}
	return string(op)
}

// evaluate decides the alarm's state from its datapoints ("M out of N")
// and TreatMissingData, records transitions, and runs its actions.
func (s *Simulator) evaluate(a *alarm) { s.judge(a, s.alarmData(a)) }

// judge is evaluate on the given datapoints.
func (s *Simulator) judge(a *alarm, pts []evalPoint) {
	if next, reason := s.verdict(a, pts); next != a.m.StateValue {
		s.transition(a, next, reason, pts)
	}
	// Auto Scaling policies are invoked on the transition and then every
	// period while the alarm stays in ALARM.
	if a.m.StateValue == cwtypes.StateValueAlarm && !s.replaying {
		s.runActions(a, a.m.AlarmActions, false)
	}
}

// verdict is the state the datapoints put the alarm in and, when that is
// a change, the reason.
func (s *Simulator) verdict(a *alarm, pts []evalPoint) (cwtypes.StateValue, string) {
	m := &a.m
	n := len(pts)
	need := n
	if m.DatapointsToAlarm != nil {
		need = int(*m.DatapointsToAlarm)
	}
	th := aws.ToFloat64(m.Threshold)
	treat := aws.ToString(m.TreatMissingData)
	bad, present := 0, 0
	for i := n - 1; i >= 0; i-- {
		p := pts[i]
		if !p.has {
			if treat == "breaching" {
				bad++
			}
			continue
		}
		present++
		if breaches(m.ComparisonOperator, p.v, th) {
			bad++
		}
	}
	var next cwtypes.StateValue
	switch {
	case bad >= need:
		next = cwtypes.StateValueAlarm
	case present == 0 && treat == "ignore":
		next = m.StateValue
	case present == 0 && treat == "missing":
		next = cwtypes.StateValueInsufficientData
	default:
		next = cwtypes.StateValueOk
	}
	if next == m.StateValue {
		return next, ""
	}
	if next == cwtypes.StateValueInsufficientData {
		return next, fmt.Sprintf("Insufficient Data: %d datapoints were unknown.", n)
	}
	var shown []string
	for i := n - 1; i >= 0; i-- {
		if p := pts[i]; p.has {
			shown = append(shown, fmt.Sprintf("%s (%s)", strconv.FormatFloat(round3(p.v), 'f', -1, 64), p.t.Format("02/01/06 15:04:05")))
		}
	}
	count := bad
	word := "were"
	if next == cwtypes.StateValueOk {
		count = n - bad
		word = "were not"
	}
	return next, fmt.Sprintf("Threshold Crossed: %d out of the last %d datapoints [%s] %s %s the threshold (%s) (minimum %d datapoints for %s -> %s transition).",
		count, n, strings.Join(shown, ", "), word, opWords(m.ComparisonOperator), strconv.FormatFloat(th, 'f', 1, 64), need, m.StateValue, next)
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// transition moves an alarm to a new state with a history record.
func (s *Simulator) transition(a *alarm, next cwtypes.StateValue, reason string, pts []evalPoint) {
	m := &a.m
	old := m.StateValue
	oldReason := aws.ToString(m.StateReason)
	type stateJSON struct {
		StateValue      string          `json:"stateValue"`
		StateReason     string          `json:"stateReason"`
		StateReasonData json.RawMessage `json:"stateReasonData,omitempty"`
	}
	var recent []float64
	var ts []string
	for _, p := range pts {
		if p.has {
			recent = append(recent, round3(p.v))
			ts = append(ts, p.t.Format("2006-01-02T15:04:05.000+0000"))
		}
	}
	data, _ := json.Marshal(map[string]any{
		"version": "1.0", "queryDate": s.now.Format("2006-01-02T15:04:05.000+0000"),
		"startDate": ts, "statistic": m.Statistic, "period": aws.ToInt32(m.Period),
		"recentDatapoints": recent, "threshold": aws.ToFloat64(m.Threshold),
	})
	m.StateValue = next
	m.StateReason = aws.String(reason)
	m.StateReasonData = aws.String(string(data))
	m.StateUpdatedTimestamp = aws.Time(s.now)
	m.StateTransitionedTimestamp = aws.Time(s.now)
	hd, _ := json.Marshal(map[string]any{
		"version":   "1.0",
		"oldState":  stateJSON{StateValue: string(old), StateReason: oldReason},
		"newState":  stateJSON{StateValue: string(next), StateReason: reason, StateReasonData: data},
		"alarmName": aws.ToString(m.AlarmName),
	})
	s.history(aws.ToString(m.AlarmName), cwtypes.HistoryItemTypeStateUpdate,
		fmt.Sprintf("Alarm updated from %s to %s", old, next), string(hd))
	switch next {
	case cwtypes.StateValueOk:
		s.runActions(a, m.OKActions, true)
	case cwtypes.StateValueInsufficientData:
		s.runActions(a, m.InsufficientDataActions, true)
	}
	if next == cwtypes.StateValueAlarm {
		a.lastAction = time.Time{}
		for _, arn := range m.AlarmActions {
			if !strings.HasPrefix(arn, "arn:aws:autoscaling:") && s.actionsLive(a) {
				s.history(aws.ToString(m.AlarmName), cwtypes.HistoryItemTypeAction, "Successfully executed action "+arn, "")
			}
		}
	}
}

// actionsLive: actions enabled and no mute rule covering now.
func (s *Simulator) actionsLive(a *alarm) bool {
	if !aws.ToBool(a.m.ActionsEnabled) {
		return false
	}
	return s.mutedBy(aws.ToString(a.m.AlarmName)) == ""
}

func (s *Simulator) runActions(a *alarm, actions []string, transition bool) {
	if len(actions) == 0 || !s.actionsLive(a) {
		return
	}
	for _, arn := range actions {
		if !strings.HasPrefix(arn, "arn:aws:autoscaling:") {
			if transition {
				s.history(aws.ToString(a.m.AlarmName), cwtypes.HistoryItemTypeAction, "Successfully executed action "+arn, "")
			}
			continue
		}
		p := s.policyByARN(arn)
		if p == nil || s.replaying { // the history model already scaled
			continue
		}
		s.alarmInvokes(p, a)
	}
}

// ---- mute rules ----

var atExpr = regexp.MustCompile(`^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::\d{2})?\)$`)
var cronExpr = regexp.MustCompile(`^cron\((.+)\)$`)
var isoDur = regexp.MustCompile(`^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

func parseISODuration(v string) (time.Duration, error) {
	m := isoDur.FindStringSubmatch(v)
	if m == nil || v == "P" || v == "PT" {
		return 0, fmt.Errorf("invalid duration %q", v)
	}
	var d time.Duration
	units := []time.Duration{24 * time.Hour, time.Hour, time.Minute, time.Second}
	for i, u := range units {
		if m[i+1] != "" {
			n, _ := strconv.Atoi(m[i+1])
			d += time.Duration(n) * u
		}
	}
	return d, nil
}

// active reports whether the rule mutes alarms at t.
func (r *muteRule) active(t time.Time) bool {
	if r.start != nil && t.Before(*r.start) {
		return false
	}
	if r.exp != nil && !t.Before(*r.exp) {
		return false
	}
	if !r.oneShotTime.IsZero() {
		return !t.Before(r.oneShotTime) && t.Before(r.oneShotTime.Add(r.duration))
	}
	if r.sched == nil {
		return false
	}
	o := r.sched.Next(t.Add(-r.duration))
	return !o.After(t)
}

func (s *Simulator) mutedBy(alarm string) string {
	if len(s.muteRules) == 0 {
		return ""
	}
	names := make([]string, 0, len(s.muteRules))
	for n := range s.muteRules {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		r := s.muteRules[n]
		for _, a := range r.alarms {
			if a == alarm && r.active(s.now) {
				return n
			}
		}
	}
	return ""
}

func (s *Simulator) putMuteRule(in *cloudwatch.PutAlarmMuteRuleInput) error {
	name := aws.ToString(in.Name)
	if name == "" {
		return apiErr("ValidationError", "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null")
	}
	if in.Rule == nil || in.Rule.Schedule == nil || in.Rule.Schedule.Expression == nil || in.Rule.Schedule.Duration == nil {
		return apiErr("ValidationError", "1 validation error detected: Value null at 'rule.schedule' failed to satisfy constraint: Member must not be null")
	}
	if in.MuteTargets == nil || len(in.MuteTargets.AlarmNames) == 0 {
		return apiErr("ValidationError", "MuteTargets must name at least one alarm.")
	}
	dur, err := parseISODuration(*in.Rule.Schedule.Duration)
	if err != nil || dur < time.Minute || dur > 15*24*time.Hour {
		return apiErr("ValidationError", "Duration %q must be an ISO 8601 duration between PT1M and P15D.", *in.Rule.Schedule.Duration)
	}
	loc := time.UTC
	if tz := aws.ToString(in.Rule.Schedule.Timezone); tz != "" {
		if loc, err = time.LoadLocation(tz); err != nil {
			return apiErr("ValidationError", "Invalid timezone %q.", tz)
		}
	}
	r := &muteRule{
		name: name, arn: fmt.Sprintf("arn:aws:cloudwatch:%s:%s:alarm-mute-rule:%s", s.region, Account, name),
		desc: aws.ToString(in.Description), expr: *in.Rule.Schedule.Expression, duration: dur,
		alarms: append([]string{}, in.MuteTargets.AlarmNames...), start: in.StartDate, exp: in.ExpireDate,
		updated: s.now, ruleRaw: in.Rule,
	}
	if m := atExpr.FindStringSubmatch(r.expr); m != nil {
		t, err := time.ParseInLocation("2006-01-02T15:04", m[1], loc)
		if err != nil {
			return apiErr("ValidationError", "Invalid schedule expression %q.", r.expr)
		}
		r.oneShotTime = t
	} else if m := cronExpr.FindStringSubmatch(r.expr); m != nil {
		sched, err := cron.ParseStandard("CRON_TZ=" + loc.String() + " " + m[1])
		if err != nil {
			return apiErr("ValidationError", "Invalid schedule expression %q: %v", r.expr, err)
		}
		r.sched = sched
	} else {
		return apiErr("ValidationError", "Invalid schedule expression %q: use at(yyyy-MM-ddThh:mm) or cron(...).", r.expr)
	}
	s.muteRules[name] = r
	for _, a := range r.alarms {
		s.history(a, cwtypes.HistoryItemTypeConfigurationUpdate, fmt.Sprintf("Alarm mute rule %q put", name), "")
	}
	return nil
}

func (r *muteRule) status(t time.Time) cwtypes.AlarmMuteRuleStatus {
	if r.active(t) {
		return cwtypes.AlarmMuteRuleStatusActive
	}
	if r.exp != nil && !t.Before(*r.exp) {
		return cwtypes.AlarmMuteRuleStatusExpired
	}
	if !r.oneShotTime.IsZero() && !t.Before(r.oneShotTime.Add(r.duration)) {
		return cwtypes.AlarmMuteRuleStatusExpired
	}
	return cwtypes.AlarmMuteRuleStatusScheduled
}
