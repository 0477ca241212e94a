package aws

import (
	"context"
	"sort"
	"strconv"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/solemate/hoist/model"
)

// Reads of the past, for reports (hoist report, recommend): every
// activity and alarm transition in a window, and metrics over days at a
// coarse period. The console's poller never calls these.

// maxHistoryPages bounds a history read, so a report on a busy account
// ends: at 100 a page, the last 10,000 activities or alarm transitions.
const maxHistoryPages = 100

// ActivitiesBetween returns the account's scaling activities that started
// in [from, to), newest first. Auto Scaling lists them newest first, so
// the pages stop at the first one older than from.
func (s *Session) ActivitiesBetween(ctx context.Context, from, to time.Time) ([]model.Activity, error) {
	var out []model.Activity
	in := &autoscaling.DescribeScalingActivitiesInput{MaxRecords: sdk.Int32(activitiesPageSize)}
	for page := 0; page < maxHistoryPages; page++ {
		o, err := s.asg.DescribeScalingActivities(ctx, in)
		if err != nil {
			return nil, classify("autoscaling:DescribeScalingActivities", err)
		}
		older := false
		for i := range o.Activities {
			a := ConvertActivity(&o.Activities[i])
			switch {
			case a.Start.Before(from):
				older = true
			case a.Start.Before(to):
				out = append(out, a)
			}
		}
		if older || o.NextToken == nil {
			break
		}
		in.NextToken = o.NextToken
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.After(out[j].Start) })
	return out, nil
}

// AlarmHistoryBetween returns the alarms' state changes in [from, to),
// oldest first. They are read newest first, so on an account that flaps
// more than the page limit allows it is the oldest that are left out.
func (s *Session) AlarmHistoryBetween(ctx context.Context, from, to time.Time) ([]model.AlarmEvent, error) {
	var out []model.AlarmEvent
	pg := cloudwatch.NewDescribeAlarmHistoryPaginator(s.cw, &cloudwatch.DescribeAlarmHistoryInput{
		HistoryItemType: cwtypes.HistoryItemTypeStateUpdate,
		StartDate:       sdk.Time(from),
		EndDate:         sdk.Time(to),
		MaxRecords:      sdk.Int32(alarmsPageSize),
		ScanBy:          cwtypes.ScanByTimestampDescending,
	})
	for page := 0; pg.HasMorePages() && page < maxHistoryPages; page++ {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return nil, classify("cloudwatch:DescribeAlarmHistory", err)
		}
		for i := range o.AlarmHistoryItems {
			out = append(out, ConvertAlarmEvent(&o.AlarmHistoryItems[i]))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, nil
}

// MetricHistory reads specs over [from, to) at period: as many queries a
// GetMetricData call as its 100,800-datapoint limit allows (at most 500),
// every page. It returns each series oldest first and how many metrics it
// requested (what CloudWatch bills). A series with no data is absent.
func (s *Session) MetricHistory(ctx context.Context, specs []model.MetricSpec, from, to time.Time, period time.Duration) (map[model.SeriesKey][]model.Point, int, error) {
	if period < time.Minute {
		period = time.Minute
	}
	points := int(to.Sub(from)/period) + 1
	perCall := min(metricQueriesPerGet, max(1, metricPointsPerGet/points))
	out := map[model.SeriesKey][]model.Point{}
	requested := 0
	for i := 0; i < len(specs); i += perCall {
		batch := specs[i:min(i+perCall, len(specs))]
		requested += len(batch)
		if err := s.metricHistoryBatch(ctx, batch, from, to, period, out); err != nil {
			return out, requested, err
		}
	}
	for k, pts := range out {
		sort.Slice(pts, func(i, j int) bool { return pts[i].T.Before(pts[j].T) })
		out[k] = pts
	}
	return out, requested, nil
}

func (s *Session) metricHistoryBatch(ctx context.Context, batch []model.MetricSpec, from, to time.Time, period time.Duration, out map[model.SeriesKey][]model.Point) error {
	qs := make([]cwtypes.MetricDataQuery, len(batch))
	for i, sp := range batch {
		qs[i] = specQuery("m"+strconv.Itoa(i), sp, period)
	}
	pg := cloudwatch.NewGetMetricDataPaginator(s.cw, &cloudwatch.GetMetricDataInput{
		MetricDataQueries: qs, StartTime: sdk.Time(from), EndTime: sdk.Time(to), ScanBy: cwtypes.ScanByTimestampAscending,
	})
	for pg.HasMorePages() {
		o, err := pg.NextPage(ctx)
		if err != nil {
			return classify("cloudwatch:GetMetricData", err)
		}
		for _, r := range o.MetricDataResults {
			i, err := strconv.Atoi(sdk.ToString(r.Id)[1:])
			if err != nil || i < 0 || i >= len(batch) {
				continue
			}
			sp := batch[i]
			scale := sp.Scale
			if scale == 0 {
				scale = 1
			}
			for k := range r.Timestamps {
				if k < len(r.Values) {
					out[sp.Key] = append(out[sp.Key], model.Point{T: r.Timestamps[k], V: r.Values[k] * scale})
				}
			}
		}
	}
	return nil
}

// specQuery is one GetMetricData query for a spec.
func specQuery(id string, sp model.MetricSpec, period time.Duration) cwtypes.MetricDataQuery {
	dims := make([]cwtypes.Dimension, len(sp.Dimensions))
	for j, d := range sp.Dimensions {
		dims[j] = cwtypes.Dimension{Name: sdk.String(d.Name), Value: sdk.String(d.Value)}
	}
	return cwtypes.MetricDataQuery{
		Id: sdk.String(id),
		MetricStat: &cwtypes.MetricStat{
			Metric: &cwtypes.Metric{Namespace: sdk.String(sp.Namespace), MetricName: sdk.String(sp.Name), Dimensions: dims},
			Period: sdk.Int32(int32(period / time.Second)),
			Stat:   sdk.String(sp.Stat),
		},
		ReturnData: sdk.Bool(true),
	}
}
