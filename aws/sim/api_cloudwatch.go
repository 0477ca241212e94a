package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// cloudWatchAPI holds the CloudWatch handlers.
type cloudWatchAPI struct{ s *Simulator }

const svcCW = "monitoring"

func unitFor(name string) cwtypes.StandardUnit {
	switch name {
	case "CPUUtilization", "mem_used_percent":
		return cwtypes.StandardUnitPercent
	case "TargetResponseTime":
		return cwtypes.StandardUnitSeconds
	case "NetworkIn", "NetworkOut":
		return cwtypes.StandardUnitBytes
	}
	if strings.HasPrefix(name, "Group") || strings.Contains(name, "Count") || strings.HasSuffix(name, "Backlog") {
		return cwtypes.StandardUnitCount
	}
	return cwtypes.StandardUnitNone
}

func mtime(m int64) time.Time { return time.Unix(m*60, 0).UTC() }

func (a cloudWatchAPI) GetMetricData(ctx context.Context, in *cloudwatch.GetMetricDataInput) (*cloudwatch.GetMetricDataOutput, error) {
	s := a.s
	if in.StartTime == nil || in.EndTime == nil {
		return nil, apiErr("ValidationError", "StartTime and EndTime are required.")
	}
	if len(in.MetricDataQueries) == 0 {
		return nil, apiErr("ValidationError", "1 validation error detected: Value null at 'metricDataQueries' failed to satisfy constraint: Member must not be null")
	}
	maxDP := 100800
	if in.MaxDatapoints != nil {
		if *in.MaxDatapoints < 1 {
			return nil, apiErr("ValidationError", "MaxDatapoints must be positive.")
		}
		maxDP = int(*in.MaxDatapoints)
	}
	off, ok := parseToken("gmd", in.NextToken)
	if !ok {
		return nil, apiErr("InvalidNextToken", "The service cannot process the NextToken.")
	}
	desc := in.ScanBy != cwtypes.ScanByTimestampAscending
	s.mu.Lock()
	res, err := s.runQueries(in.MetricDataQueries, *in.StartTime, *in.EndTime, true)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	out := &cloudwatch.GetMetricDataOutput{MetricDataResults: make([]cwtypes.MetricDataResult, 0, len(res)), Messages: []cwtypes.MessageData{}}
	skip, budget, cut := off, maxDP, false
	for _, r := range res {
		if !r.ret {
			continue
		}
		n := len(r.ts)
		mr := cwtypes.MetricDataResult{Id: aws.String(r.id), Label: aws.String(r.label), StatusCode: cwtypes.StatusCodeComplete,
			Timestamps: []time.Time{}, Values: []float64{}, Messages: []cwtypes.MessageData{}}
		from := min(skip, n)
		skip -= from
		take := min(n-from, budget)
		for k := from; k < from+take; k++ {
			i := k
			if desc {
				i = n - 1 - k
			}
			mr.Timestamps = append(mr.Timestamps, mtime(r.ts[i]))
			mr.Values = append(mr.Values, r.vals[i])
		}
		budget -= take
		if from+take < n {
			mr.StatusCode = cwtypes.StatusCodePartialData
			cut = true
		}
		out.MetricDataResults = append(out.MetricDataResults, mr)
	}
	if cut {
		out.NextToken = pageToken("gmd", off+maxDP)
	}
	return out, nil
}

func (a cloudWatchAPI) GetMetricStatistics(ctx context.Context, in *cloudwatch.GetMetricStatisticsInput) (*cloudwatch.GetMetricStatisticsOutput, error) {
	s := a.s
	if in.Namespace == nil || in.MetricName == nil || in.StartTime == nil || in.EndTime == nil || in.Period == nil {
		return nil, apiErr("ValidationError", "Namespace, MetricName, StartTime, EndTime and Period are required.")
	}
	if len(in.Statistics) == 0 && len(in.ExtendedStatistics) == 0 {
		return nil, apiErr("InvalidParameterCombination", "Must specify either Statistics or ExtendedStatistics, but not both.")
	}
	p := int64(*in.Period)
	if !queryPeriod(p) {
		return nil, apiErr("InvalidParameterValue", "The parameter Period must be a multiple of 60.")
	}
	pm := max(p/60, 1)
	from, to := minuteOf(*in.StartTime), (in.EndTime.Unix()+59)/60
	if to <= from {
		return nil, apiErr("InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.")
	}
	if n := (to - from + pm - 1) / pm; n > 1440 {
		return nil, apiErr("InvalidParameterCombination", "You have requested up to %d datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.", n)
	}
	for _, x := range in.ExtendedStatistics {
		if _, ok := parsePercentile(x); !ok {
			return nil, apiErr("InvalidParameterValue", "The parameter ExtendedStatistics contains an invalid percentile %q.", x)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ser := s.metrics.lookup(seriesKey(*in.Namespace, *in.MetricName, cwDims(in.Dimensions)))
	out := &cloudwatch.GetMetricStatisticsOutput{Label: in.MetricName, Datapoints: []cwtypes.Datapoint{}}
	from, kept := s.retained(*in.StartTime, p)
	if ser == nil || !kept {
		return out, nil
	}
	base := s.statSeries(ser, from, to, pm, "SampleCount")
	for _, b := range base.ts {
		dp := cwtypes.Datapoint{Timestamp: aws.Time(mtime(b)), Unit: unitFor(*in.MetricName)}
		for _, st := range in.Statistics {
			v, _ := s.metrics.statistic(ser, b, int(pm), string(st))
			switch st {
			case cwtypes.StatisticAverage:
				dp.Average = aws.Float64(v)
			case cwtypes.StatisticSum:
				dp.Sum = aws.Float64(v)
			case cwtypes.StatisticMinimum:
				dp.Minimum = aws.Float64(v)
			case cwtypes.StatisticMaximum:
				dp.Maximum = aws.Float64(v)
			case cwtypes.StatisticSampleCount:
				dp.SampleCount = aws.Float64(v)
			}
		}
		if len(in.ExtendedStatistics) > 0 {
			dp.ExtendedStatistics = map[string]float64{}
			for _, x := range in.ExtendedStatistics {
				v, _ := s.metrics.statistic(ser, b, int(pm), x)
				dp.ExtendedStatistics[x] = v
			}
		}
		out.Datapoints = append(out.Datapoints, dp)
	}
	return out, nil
}

func (a cloudWatchAPI) ListMetrics(ctx context.Context, in *cloudwatch.ListMetricsInput) (*cloudwatch.ListMetricsOutput, error) {
	s := a.s
	off, ok := parseToken("lm", in.NextToken)
	if !ok {
		return nil, apiErr("InvalidNextToken", "The service cannot process the NextToken.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	since := minuteOf(s.now.Add(-14 * 24 * time.Hour))
	if in.RecentlyActive == cwtypes.RecentlyActivePt3h {
		since = minuteOf(s.now.Add(-3 * time.Hour))
	}
	ns, name := aws.ToString(in.Namespace), aws.ToString(in.MetricName)
	var list []*series
	for _, x := range s.metrics.list() {
		if s.metrics.lastMinute(x) < since || (ns != "" && x.ns != ns) || (name != "" && x.name != name) {
			continue
		}
		match := true
		for _, f := range in.Dimensions {
			found := false
			for _, d := range x.dims {
				if d.name == aws.ToString(f.Name) && (f.Value == nil || d.value == *f.Value) {
					found = true
				}
			}
			if !found {
				match = false
				break
			}
		}
		if match {
			list = append(list, x)
		}
	}
	page, next := pageOf("lm", list, off, 500)
	out := &cloudwatch.ListMetricsOutput{Metrics: []cwtypes.Metric{}, NextToken: next}
	for _, x := range page {
		m := cwtypes.Metric{Namespace: aws.String(x.ns), MetricName: aws.String(x.name), Dimensions: []cwtypes.Dimension{}}
		for _, d := range x.dims {
			m.Dimensions = append(m.Dimensions, cwtypes.Dimension{Name: aws.String(d.name), Value: aws.String(d.value)})
		}
		out.Metrics = append(out.Metrics, m)
	}
	return out, nil
}

func (a cloudWatchAPI) PutMetricData(ctx context.Context, in *cloudwatch.PutMetricDataInput) (*cloudwatch.PutMetricDataOutput, error) {
	s := a.s
	ns := aws.ToString(in.Namespace)
	if ns == "" {
		return nil, apiErr("MissingParameter", "The parameter Namespace is required.")
	}
	if strings.HasPrefix(ns, "AWS/") {
		return nil, apiErr("InvalidParameterValue", "The value AWS/ for parameter Namespace is invalid.")
	}
	if len(in.MetricData) > 1000 {
		return nil, apiErr("InvalidParameterValue", "The collection MetricData must not have a size greater than 1000.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, d := range in.MetricData {
		if d.MetricName == nil {
			return nil, apiErr("MissingParameter", "The parameter MetricData.member.%d.MetricName is required.", i+1)
		}
		t := s.now
		if d.Timestamp != nil {
			t = *d.Timestamp
		}
		if t.Before(s.now.Add(-14*24*time.Hour)) || t.After(s.now.Add(2*time.Hour)) {
			return nil, apiErr("InvalidParameterValue", "The parameter MetricData.member.%d.Timestamp must be within the past two weeks and at most two hours in the future.", i+1)
		}
		ser := s.metrics.get(ns, *d.MetricName, true, cwDims(d.Dimensions)...)
		if ser.first < 0 && ser.hist == nil {
			ser.win = putWindow // yours: 15 days at one minute, whatever the fleet
		}
		mi := minuteOf(t)
		switch {
		case d.StatisticValues != nil:
			sv := d.StatisticValues
			s.metrics.add(ser, mi, aws.ToFloat64(sv.Sum), aws.ToFloat64(sv.Minimum), aws.ToFloat64(sv.Maximum), uint32(aws.ToFloat64(sv.SampleCount)))
		case len(d.Values) > 0:
			for k, v := range d.Values {
				c := 1.0
				if k < len(d.Counts) {
					c = d.Counts[k]
				}
				s.metrics.add(ser, mi, v*c, v, v, uint32(math.Max(1, c)))
			}
		case d.Value != nil:
			s.metrics.add(ser, mi, *d.Value, *d.Value, *d.Value, 1)
		default:
			return nil, apiErr("InvalidParameterCombination", "The parameters MetricData.member.%d.Value and MetricData.member.%d.StatisticValues are mutually exclusive and you specified none.", i+1, i+1)
		}
	}
	return &cloudwatch.PutMetricDataOutput{}, nil
}

// ---- alarms ----

func (s *Simulator) alarmCopy(al *alarm) cwtypes.MetricAlarm {
	m := al.m
	m.EvaluationState = ""
	if m.Dimensions == nil {
		m.Dimensions = []cwtypes.Dimension{}
	}
	return m
}

func (a cloudWatchAPI) DescribeAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput) (*cloudwatch.DescribeAlarmsOutput, error) {
	s := a.s
	off, size, err := cwPage("alarms", in.NextToken, in.MaxRecords, 50, 100)
	if err != nil {
		return nil, err
	}
	wantMetric, err := describeAlarmsFilters(in)
	if err != nil {
		return nil, err
	}
	out := &cloudwatch.DescribeAlarmsOutput{MetricAlarms: []cwtypes.MetricAlarm{}, CompositeAlarms: []cwtypes.CompositeAlarm{}}
	// the simulator keeps no composite alarms: a metric alarm has no
	// children and no parents
	if !wantMetric || in.ChildrenOfAlarmName != nil || in.ParentsOfAlarmName != nil {
		return out, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prefix, actPrefix := aws.ToString(in.AlarmNamePrefix), aws.ToString(in.ActionPrefix)
	var list []*alarm
	for _, n := range s.alarmNames {
		al := s.alarms[n]
		if len(in.AlarmNames) > 0 && !contains(in.AlarmNames, n) || !strings.HasPrefix(n, prefix) {
			continue
		}
		if in.StateValue != "" && al.m.StateValue != in.StateValue {
			continue
		}
		if actPrefix != "" && !slices.ContainsFunc(al.m.AlarmActions, func(x string) bool { return strings.HasPrefix(x, actPrefix) }) {
			continue
		}
		list = append(list, al)
	}
	page, next := pageOf("alarms", list, off, size)
	out.NextToken = next
	for _, al := range page {
		out.MetricAlarms = append(out.MetricAlarms, s.alarmCopy(al))
	}
	return out, nil
}

// describeAlarmsFilters validates DescribeAlarms' filters as CloudWatch
// does and says whether metric alarms are asked for (AlarmTypes omitted
// means metric alarms only).
func describeAlarmsFilters(in *cloudwatch.DescribeAlarmsInput) (bool, error) {
	if len(in.AlarmNames) > 100 {
		return false, apiErr("ValidationError", "1 validation error detected: Value at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to 100")
	}
	if len(in.AlarmNames) > 0 && in.AlarmNamePrefix != nil {
		return false, apiErr("InvalidParameterCombination", "AlarmNamePrefix and AlarmNames cannot be specified together.")
	}
	for field, v := range map[string]*string{"alarmNamePrefix": in.AlarmNamePrefix, "actionPrefix": in.ActionPrefix,
		"childrenOfAlarmName": in.ChildrenOfAlarmName, "parentsOfAlarmName": in.ParentsOfAlarmName} {
		if v != nil && *v == "" {
			return false, apiErr("ValidationError", "1 validation error detected: Value '' at '%s' failed to satisfy constraint: Member must have length greater than or equal to 1", field)
		}
	}
	if in.ChildrenOfAlarmName != nil || in.ParentsOfAlarmName != nil {
		if in.ChildrenOfAlarmName != nil && in.ParentsOfAlarmName != nil || len(in.AlarmNames) > 0 || in.AlarmNamePrefix != nil ||
			len(in.AlarmTypes) > 0 || in.ActionPrefix != nil || in.StateValue != "" {
			return false, apiErr("ValidationError", "With ChildrenOfAlarmName or ParentsOfAlarmName, no other parameters can be specified except MaxRecords and NextToken.")
		}
	}
	if st := string(in.StateValue); st != "" && !contains(enumStrings(cwtypes.StateValue("").Values()), st) {
		return false, cwEnumErr(st, "stateValue", enumStrings(cwtypes.StateValue("").Values()))
	}
	wantMetric := len(in.AlarmTypes) == 0
	types := enumStrings(cwtypes.AlarmType("").Values())
	for _, t := range in.AlarmTypes {
		if !contains(types, string(t)) {
			return false, cwEnumErr(string(t), "alarmTypes.member", types)
		}
		wantMetric = wantMetric || t == cwtypes.AlarmTypeMetricAlarm
	}
	return wantMetric, nil
}

func (a cloudWatchAPI) DescribeAlarmHistory(ctx context.Context, in *cloudwatch.DescribeAlarmHistoryInput) (*cloudwatch.DescribeAlarmHistoryOutput, error) {
	s := a.s
	off, size, err := cwPage("hist", in.NextToken, in.MaxRecords, 100, 100)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	name := aws.ToString(in.AlarmName)
	var list []alarmHistory
	for _, h := range s.alarmHist {
		if name != "" && h.name != name || in.HistoryItemType != "" && h.typ != in.HistoryItemType {
			continue
		}
		if in.StartDate != nil && h.at.Before(*in.StartDate) || in.EndDate != nil && h.at.After(*in.EndDate) {
			continue
		}
		list = append(list, h)
	}
	if in.ScanBy != cwtypes.ScanByTimestampAscending {
		for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
			list[i], list[j] = list[j], list[i]
		}
	}
	page, next := pageOf("hist", list, off, size)
	out := &cloudwatch.DescribeAlarmHistoryOutput{AlarmHistoryItems: []cwtypes.AlarmHistoryItem{}, NextToken: next}
	for _, h := range page {
		item := cwtypes.AlarmHistoryItem{AlarmName: aws.String(h.name), AlarmType: cwtypes.AlarmTypeMetricAlarm, HistoryItemType: h.typ,
			HistorySummary: aws.String(h.summary), Timestamp: aws.Time(h.at)}
		if h.data != "" {
			item.HistoryData = aws.String(h.data)
		}
		out.AlarmHistoryItems = append(out.AlarmHistoryItems, item)
	}
	return out, nil
}

func (a cloudWatchAPI) PutMetricAlarm(ctx context.Context, in *cloudwatch.PutMetricAlarmInput) (*cloudwatch.PutMetricAlarmOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.putAlarm(in); err != nil {
		return nil, err
	}
	s.mutated(ctx, svcCW, "PutMetricAlarm", "", map[string]any{"alarm": aws.ToString(in.AlarmName), "threshold": aws.ToFloat64(in.Threshold)})
	return &cloudwatch.PutMetricAlarmOutput{}, nil
}

func (a cloudWatchAPI) DeleteAlarms(ctx context.Context, in *cloudwatch.DeleteAlarmsInput) (*cloudwatch.DeleteAlarmsOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range in.AlarmNames {
		if s.alarms[n] == nil {
			return nil, apiErr("ResourceNotFound", "The following alarms could not be found: [%s]", n)
		}
	}
	for _, n := range in.AlarmNames {
		s.deleteAlarm(n)
	}
	s.mutated(ctx, svcCW, "DeleteAlarms", "", map[string]any{"alarms": in.AlarmNames})
	return &cloudwatch.DeleteAlarmsOutput{}, nil
}

func (a cloudWatchAPI) SetAlarmState(ctx context.Context, in *cloudwatch.SetAlarmStateInput) (*cloudwatch.SetAlarmStateOutput, error) {
	s := a.s
	switch in.StateValue {
	case cwtypes.StateValueOk, cwtypes.StateValueAlarm, cwtypes.StateValueInsufficientData:
	default:
		return nil, apiErr("ValidationError", "1 validation error detected: Value '%s' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]", in.StateValue)
	}
	if d := aws.ToString(in.StateReasonData); d != "" && !json.Valid([]byte(d)) {
		return nil, apiErr("InvalidFormat", "StateReasonData is not valid JSON.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	al := s.alarms[aws.ToString(in.AlarmName)]
	if al == nil {
		return nil, apiErr("ResourceNotFound", "Alarm %s not found", aws.ToString(in.AlarmName))
	}
	if al.m.StateValue != in.StateValue {
		s.transition(al, in.StateValue, aws.ToString(in.StateReason), nil)
		if in.StateValue == cwtypes.StateValueAlarm {
			s.runActions(al, al.m.AlarmActions, true)
		}
	}
	s.mutated(ctx, svcCW, "SetAlarmState", "", map[string]any{"alarm": aws.ToString(in.AlarmName), "state": string(in.StateValue)})
	return &cloudwatch.SetAlarmStateOutput{}, nil
}

func (s *Simulator) setActions(ctx context.Context, op string, names []string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range names {
		if al := s.alarms[n]; al != nil {
			al.m.ActionsEnabled = aws.Bool(on)
			s.history(n, cwtypes.HistoryItemTypeConfigurationUpdate, fmt.Sprintf("Alarm actions %s", map[bool]string{true: "enabled", false: "disabled"}[on]), "")
		}
	}
	s.mutated(ctx, svcCW, op, "", map[string]any{"alarms": names})
}

func (a cloudWatchAPI) EnableAlarmActions(ctx context.Context, in *cloudwatch.EnableAlarmActionsInput) (*cloudwatch.EnableAlarmActionsOutput, error) {
	a.s.setActions(ctx, "EnableAlarmActions", in.AlarmNames, true)
	return &cloudwatch.EnableAlarmActionsOutput{}, nil
}

func (a cloudWatchAPI) DisableAlarmActions(ctx context.Context, in *cloudwatch.DisableAlarmActionsInput) (*cloudwatch.DisableAlarmActionsOutput, error) {
	a.s.setActions(ctx, "DisableAlarmActions", in.AlarmNames, false)
	return &cloudwatch.DisableAlarmActionsOutput{}, nil
}

// ---- mute rules ----

func (a cloudWatchAPI) PutAlarmMuteRule(ctx context.Context, in *cloudwatch.PutAlarmMuteRuleInput) (*cloudwatch.PutAlarmMuteRuleOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.putMuteRule(in); err != nil {
		return nil, err
	}
	values := map[string]any{"rule": aws.ToString(in.Name), "alarms": in.MuteTargets.AlarmNames, "expression": aws.ToString(in.Rule.Schedule.Expression), "duration": aws.ToString(in.Rule.Schedule.Duration)}
	s.mutated(ctx, svcCW, "PutAlarmMuteRule", "", values)
	return &cloudwatch.PutAlarmMuteRuleOutput{}, nil
}

func (a cloudWatchAPI) GetAlarmMuteRule(ctx context.Context, in *cloudwatch.GetAlarmMuteRuleInput) (*cloudwatch.GetAlarmMuteRuleOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.muteRules[aws.ToString(in.AlarmMuteRuleName)]
	if r == nil {
		return nil, apiErr("ResourceNotFoundException", "Alarm mute rule %s not found", aws.ToString(in.AlarmMuteRuleName))
	}
	out := &cloudwatch.GetAlarmMuteRuleOutput{AlarmMuteRuleArn: aws.String(r.arn), Name: aws.String(r.name), Rule: r.ruleRaw,
		MuteTargets: &cwtypes.MuteTargets{AlarmNames: r.alarms}, StartDate: r.start, ExpireDate: r.exp,
		LastUpdatedTimestamp: aws.Time(r.updated), Status: r.status(s.now), MuteType: aws.String(r.muteType())}
	if r.desc != "" {
		out.Description = aws.String(r.desc)
	}
	return out, nil
}

func (r *muteRule) muteType() string {
	if !r.oneShotTime.IsZero() {
		return "ONE_TIME"
	}
	return "RECURRING"
}

func (a cloudWatchAPI) ListAlarmMuteRules(ctx context.Context, in *cloudwatch.ListAlarmMuteRulesInput) (*cloudwatch.ListAlarmMuteRulesOutput, error) {
	s := a.s
	off, size, err := cwPage("mute", in.NextToken, in.MaxRecords, 100, 100)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.muteRules))
	for n := range s.muteRules {
		names = append(names, n)
	}
	sort.Strings(names)
	var list []*muteRule
	for _, n := range names {
		r := s.muteRules[n]
		if an := aws.ToString(in.AlarmName); an != "" {
			hit := false
			for _, x := range r.alarms {
				if x == an {
					hit = true
				}
			}
			if !hit {
				continue
			}
		}
		if len(in.Statuses) > 0 {
			hit := false
			for _, st := range in.Statuses {
				if st == r.status(s.now) {
					hit = true
				}
			}
			if !hit {
				continue
			}
		}
		list = append(list, r)
	}
	page, next := pageOf("mute", list, off, size)
	out := &cloudwatch.ListAlarmMuteRulesOutput{AlarmMuteRuleSummaries: []cwtypes.AlarmMuteRuleSummary{}, NextToken: next}
	for _, r := range page {
		out.AlarmMuteRuleSummaries = append(out.AlarmMuteRuleSummaries, cwtypes.AlarmMuteRuleSummary{AlarmMuteRuleArn: aws.String(r.arn),
			ExpireDate: r.exp, LastUpdatedTimestamp: aws.Time(r.updated), MuteType: aws.String(r.muteType()), Status: r.status(s.now)})
	}
	return out, nil
}

func (a cloudWatchAPI) DeleteAlarmMuteRule(ctx context.Context, in *cloudwatch.DeleteAlarmMuteRuleInput) (*cloudwatch.DeleteAlarmMuteRuleOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	name := aws.ToString(in.AlarmMuteRuleName)
	if s.muteRules[name] == nil {
		return nil, apiErr("ResourceNotFoundException", "Alarm mute rule %s not found", name)
	}
	delete(s.muteRules, name)
	s.mutated(ctx, svcCW, "DeleteAlarmMuteRule", "", map[string]any{"rule": name})
	return &cloudwatch.DeleteAlarmMuteRuleOutput{}, nil
}
