package sim

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

func cwDim(name, value string) []cwtypes.Dimension {
	return []cwtypes.Dimension{{Name: aws.String(name), Value: aws.String(value)}}
}

func metricQuery(id, ns, name, stat string, period int32, dims []cwtypes.Dimension) cwtypes.MetricDataQuery {
	return cwtypes.MetricDataQuery{Id: aws.String(id), MetricStat: &cwtypes.MetricStat{
		Metric: &cwtypes.Metric{Namespace: aws.String(ns), MetricName: aws.String(name), Dimensions: dims},
		Period: aws.Int32(period), Stat: aws.String(stat)}}
}

// fleetQueries asks for every series the default fleet publishes per
// group, target group and load balancer (not per instance).
func fleetQueries(s *Simulator, period int32) []cwtypes.MetricDataQuery {
	var qs []cwtypes.MetricDataQuery
	add := func(ns, name, stat string, dims []cwtypes.Dimension) {
		qs = append(qs, metricQuery(fmt.Sprintf("q%d", len(qs)), ns, name, stat, period, dims))
	}
	for _, name := range s.groupNames {
		g := s.groups[name]
		gd := cwDim("AutoScalingGroupName", name)
		add(nsEC2, "CPUUtilization", "Average", gd)
		add(nsEC2, "NetworkIn", "Sum", gd)
		if slices.ContainsFunc(g.insts, func(in *instance) bool { return in.agent }) {
			add(nsAgent, "mem_used_percent", "Maximum", gd)
		}
		for _, m := range []string{"GroupDesiredCapacity", "GroupInServiceInstances", "GroupTotalInstances", "GroupMaxSize"} {
			add(nsASG, m, "Average", gd)
		}
		if g.queue != "" {
			add(nsWorkers, "ApproximateQueueBacklog", "Average", cwDim("QueueName", g.queue))
		}
	}
	for _, tg := range s.tgOrder {
		for _, lb := range tg.lbs {
			d := []cwtypes.Dimension{cwDim("LoadBalancer", lb.dimension)[0], cwDim("TargetGroup", tg.dimension)[0]}
			if lb.typ == "application" {
				add(nsALB, "HealthyHostCount", "Minimum", d)
				add(nsALB, "RequestCount", "Sum", d)
				add(nsALB, "TargetResponseTime", "p90", d)
				add(nsALB, "RequestCountPerTarget", "Sum", cwDim("TargetGroup", tg.dimension))
			} else {
				add(nsNLB, "HealthyHostCount", "Minimum", d)
			}
		}
	}
	for _, lb := range s.lbOrder {
		inZone := []cwtypes.Dimension{cwDim("AvailabilityZone", s.azs[0])[0], cwDim("LoadBalancer", lb.dimension)[0]}
		if lb.typ == "application" {
			add(nsALB, "RequestCount", "Sum", cwDim("LoadBalancer", lb.dimension))
			add(nsALB, "TargetResponseTime", "Average", inZone)
		} else {
			add(nsNLB, "ActiveFlowCount", "Average", cwDim("LoadBalancer", lb.dimension))
			add(nsNLB, "NewFlowCount", "Sum", inZone)
		}
	}
	return qs
}

// getAll pages GetMetricData through the SDK and returns values by query id.
func getAll(t *testing.T, cw *cloudwatch.Client, qs []cwtypes.MetricDataQuery, start, end time.Time) map[string]cwtypes.MetricDataResult {
	t.Helper()
	out := map[string]cwtypes.MetricDataResult{}
	pg := cloudwatch.NewGetMetricDataPaginator(cw, &cloudwatch.GetMetricDataInput{MetricDataQueries: qs,
		StartTime: aws.Time(start), EndTime: aws.Time(end), ScanBy: cwtypes.ScanByTimestampAscending})
	for pg.HasMorePages() {
		page, err := pg.NextPage(bg)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.MetricDataResults {
			o := out[*r.Id]
			o.Id, o.Label = r.Id, r.Label
			o.Timestamps = append(o.Timestamps, r.Timestamps...)
			o.Values = append(o.Values, r.Values...)
			out[*r.Id] = o
		}
	}
	return out
}

// The day before the simulator starts is there at one minute, for every
// series of the default fleet, through the SDK, the same for the same seed.
func TestDayOfHistoryAtOneMinuteAtStart(t *testing.T) {
	s, srv := served(t, Options{Seed: 1})
	cw := sdkClients(srv.URL, "AKIDHIST").cw
	now := s.Now()
	qs := fleetQueries(s, 60)
	if len(qs) < 60 {
		t.Fatalf("only %d series to ask for", len(qs))
	}
	res := getAll(t, cw, qs, now.Add(-24*time.Hour), now)
	for _, q := range qs {
		r := res[*q.Id]
		if len(r.Values) != 1440 {
			t.Fatalf("%s %v: %d points over the last 24 h, want 1440", *q.MetricStat.Metric.MetricName, q.MetricStat.Metric.Dimensions, len(r.Values))
		}
		for i, ts := range r.Timestamps {
			if want := now.Add(-24 * time.Hour).Add(time.Duration(i) * time.Minute); !ts.Equal(want) {
				t.Fatalf("%s point %d at %s, want %s", *r.Label, i, ts, want)
			}
		}
	}
	_, srv2 := served(t, Options{Seed: 1})
	again := getAll(t, sdkClients(srv2.URL, "AKIDHIST").cw, qs, now.Add(-24*time.Hour), now)
	for id, r := range res {
		for i, v := range r.Values {
			if again[id].Values[i] != v {
				t.Fatalf("%s differs between two simulators with the same seed at %s", *r.Label, r.Timestamps[i])
			}
		}
	}
}

// The model's traffic is the live engine's traffic: for the minutes the
// simulator has run live, what the model would say of every target
// group's and load balancer's request and flow counts is exactly what was
// published (by zone they differ: the model spreads evenly what sticky
// clients and flow hashing spread unevenly live).
func TestHistoryModelMatchesLiveTraffic(t *testing.T) {
	s := newSim(t, Options{Seed: 3})
	s.Advance(10 * time.Minute)
	s.mu.Lock()
	defer s.mu.Unlock()
	from, to := s.metrics.histEnd, minuteOf(s.now)
	buf := make([]aggPt, to-from)
	checked := 0
	for _, x := range s.metrics.list() {
		if x.hist == nil || (x.name != "RequestCount" && x.name != "ActiveFlowCount" && x.name != "NewFlowCount") ||
			slices.ContainsFunc(x.dims, func(d dim) bool { return d.name == "AvailabilityZone" }) {
			continue
		}
		x.hist.fill(from, buf)
		for i, p := range buf {
			live, ok := s.metrics.point(x, from+int64(i))
			if !ok || p.n == 0 || live.sum != p.sum {
				t.Fatalf("%s %v at %s: model %v, live %v (%v)", x.name, x.dims, mtime(from+int64(i)), p.sum, live.sum, ok)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Fatalf("only %d minutes compared", checked)
	}
}

// The past is a function of the minute alone: reading a series three hours
// at once or a minute at a time gives the same values.
func TestHistoryReadsAlike(t *testing.T) {
	s := newSim(t, Options{Seed: 5})
	s.mu.Lock()
	defer s.mu.Unlock()
	from := s.metrics.histEnd - 3*60
	whole, single := make([]aggPt, 3*60), make([]aggPt, 1)
	kinds := map[string]bool{}
	for _, x := range s.metrics.list() {
		if x.hist == nil {
			continue
		}
		kinds[x.ns+" "+x.name] = true
		s.metrics.read(x, from, whole)
		for i, p := range whole {
			s.metrics.read(x, from+int64(i), single)
			if single[0] != p {
				t.Fatalf("%s %v at %s: %v read alone, %v in three hours", x.name, x.dims, mtime(from+int64(i)), single[0], p)
			}
		}
	}
	if len(kinds) < 15 {
		t.Fatalf("history for only %d kinds of series: %v", len(kinds), kinds)
	}
}

// The series agree with one another in the past: a group's in-service
// instances are its target group's healthy hosts, its load balancer counts
// the requests of its target groups, and CPU follows load over capacity.
func TestHistorySeriesAgree(t *testing.T) {
	s, srv := served(t, Options{Seed: 1})
	cw := sdkClients(srv.URL, "AKIDHIST").cw
	now := s.Now()
	app := s.groups["solemate-app-prod"]
	tg := s.tgs[app.tgARNs[0]]
	lb := tg.lbs[0]
	pair := []cwtypes.Dimension{cwDim("LoadBalancer", lb.dimension)[0], cwDim("TargetGroup", tg.dimension)[0]}
	gd := cwDim("AutoScalingGroupName", app.name)
	res := getAll(t, cw, []cwtypes.MetricDataQuery{
		metricQuery("ins", nsASG, "GroupInServiceInstances", "Average", 300, gd),
		metricQuery("des", nsASG, "GroupDesiredCapacity", "Maximum", 300, gd),
		metricQuery("healthy", nsALB, "HealthyHostCount", "Average", 300, pair),
		metricQuery("tgreq", nsALB, "RequestCount", "Sum", 300, pair),
		metricQuery("lbreq", nsALB, "RequestCount", "Sum", 300, cwDim("LoadBalancer", lb.dimension)),
		metricQuery("rpt", nsALB, "RequestCountPerTarget", "Sum", 300, cwDim("TargetGroup", tg.dimension)),
		metricQuery("cpu", nsEC2, "CPUUtilization", "Average", 300, gd),
	}, now.Add(-7*24*time.Hour), now.Add(-time.Hour))
	n := len(res["ins"].Values)
	if n != 7*24*12-12 {
		t.Fatalf("%d five-minute points over the week", n)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range n {
		ins, healthy := res["ins"].Values[i], res["healthy"].Values[i]
		if ins != healthy || ins > res["des"].Values[i] {
			t.Fatalf("at %s: in service %v, healthy hosts %v, desired %v", res["ins"].Timestamps[i], ins, healthy, res["des"].Values[i])
		}
		if res["tgreq"].Values[i] != res["lbreq"].Values[i] {
			t.Fatalf("at %s: target group %v requests, its only load balancer %v", res["ins"].Timestamps[i], res["tgreq"].Values[i], res["lbreq"].Values[i])
		}
		perTarget := res["tgreq"].Values[i] / ins
		if d := res["rpt"].Values[i] - perTarget; math.Abs(d) > 0.2*perTarget {
			t.Fatalf("at %s: %v requests per target, %v requests over %v in service", res["ins"].Timestamps[i], res["rpt"].Values[i], res["tgreq"].Values[i], ins)
		}
		lo, hi = math.Min(lo, res["des"].Values[i]), math.Max(hi, res["des"].Values[i])
		if cpu := res["cpu"].Values[i]; cpu < 10 || cpu > 90 {
			t.Fatalf("at %s: CPU %v%% while target tracking holds 50%%", res["ins"].Timestamps[i], cpu)
		}
	}
	if hi-lo < 2 {
		t.Fatalf("desired stayed between %v and %v over a week of daily peaks", lo, hi)
	}
}

// CloudWatch's retention: 1-minute data for 15 days, 5-minute for 63,
// hourly for 455; a period too fine for the start's age returns no data,
// and the start is rounded down to the tier.
func TestRetentionTiers(t *testing.T) {
	s, srv := served(t, Options{Seed: 1})
	cw := sdkClients(srv.URL, "AKIDHIST").cw
	now := s.Now()
	gd := cwDim("AutoScalingGroupName", webGroup)
	stats := func(start, end time.Time, period int32) []cwtypes.Datapoint {
		t.Helper()
		out, err := cw.GetMetricStatistics(bg, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String(nsEC2), MetricName: aws.String("CPUUtilization"),
			Dimensions: gd, StartTime: aws.Time(start), EndTime: aws.Time(end), Period: aws.Int32(period), Statistics: []cwtypes.Statistic{"Average"}})
		if err != nil {
			t.Fatal(err)
		}
		return out.Datapoints
	}
	data := func(start, end time.Time, period int32) cwtypes.MetricDataResult {
		t.Helper()
		return getAll(t, cw, []cwtypes.MetricDataQuery{metricQuery("m", nsEC2, "CPUUtilization", "Average", period, gd)}, start, end)["m"]
	}
	day := 24 * time.Hour
	cases := []struct {
		name       string
		ago, span  time.Duration
		period     int32
		want       int
		firstAlign time.Duration
	}{
		{"14 days at 1 minute", 14 * day, time.Hour, 60, 60, time.Minute},
		{"20 days at 1 minute", 20 * day, time.Hour, 60, 0, 0},
		{"20 days at 5 minutes", 20*day + 2*time.Minute + 34*time.Second, time.Hour, 300, 13, 5 * time.Minute},
		{"70 days at 5 minutes", 70 * day, 6 * time.Hour, 300, 0, 0},
		{"70 days at 1 hour", 70*day + 17*time.Minute, 6 * time.Hour, 3600, 7, time.Hour},
		{"4 hours at 10 seconds", 4 * time.Hour, time.Hour, 10, 0, 0},
		{"1 hour at 10 seconds", time.Hour, 30 * time.Minute, 10, 30, time.Minute},
	}
	for _, c := range cases {
		start := now.Add(-c.ago)
		dps := stats(start, start.Add(c.span), c.period)
		res := data(start, start.Add(c.span), c.period)
		if len(dps) != c.want || len(res.Values) != c.want {
			t.Errorf("%s: GetMetricStatistics %d points, GetMetricData %d, want %d", c.name, len(dps), len(res.Values), c.want)
			continue
		}
		if c.want > 0 {
			first := res.Timestamps[0]
			if !first.Equal(start.Truncate(c.firstAlign)) {
				t.Errorf("%s: first point at %s, want the start rounded down to %s", c.name, first, start.Truncate(c.firstAlign))
			}
		}
	}
	// the group is 90 days old: nothing before that, hourly after
	old := data(now.Add(-100*day), now.Add(-80*day), 3600)
	if len(old.Values) == 0 || old.Timestamps[0].Before(s.groups[webGroup].created.Truncate(time.Hour)) {
		t.Fatalf("%d hourly points, the first at %v, for a group created %v", len(old.Values), old.Timestamps, s.groups[webGroup].created)
	}
}

func TestRetainedRule(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	now := s.Now() // 2026-11-27T10:00:00Z
	at := func(ago time.Duration) time.Time { return now.Add(-ago).Add(-(2*time.Minute + 34*time.Second)) }
	day := 24 * time.Hour
	cases := []struct {
		ago    time.Duration
		period int64
		ok     bool
		round  time.Duration
	}{
		{time.Hour, 1, true, time.Minute},
		{3*time.Hour + time.Minute, 30, false, time.Minute},
		{3*time.Hour + time.Minute, 60, true, time.Minute},
		{14 * day, 120, true, time.Minute},
		{16 * day, 60, false, 5 * time.Minute},
		{16 * day, 600, true, 5 * time.Minute},
		{62 * day, 900, true, 5 * time.Minute},
		{64 * day, 900, false, time.Hour},
		{64 * day, 7200, true, time.Hour},
	}
	for _, c := range cases {
		from, ok := s.retained(at(c.ago), c.period)
		if ok != c.ok || mtime(from) != at(c.ago).Truncate(c.round) {
			t.Errorf("%s ago at %ds: from %s ok %v, want %s %v", c.ago, c.period, mtime(from), ok, at(c.ago).Truncate(c.round), c.ok)
		}
	}
	if from, _ := s.retained(now.Add(-500*day), 3600); mtime(from).Before(now.Add(-455 * day)) {
		t.Errorf("reads from %s, older than 455 days", mtime(from))
	}
	for p, want := range map[int64]bool{1: true, 5: true, 10: true, 20: true, 30: true, 60: true, 300: true, 45: false, 90: false, 0: false, -60: false} {
		if queryPeriod(p) != want {
			t.Errorf("queryPeriod(%d) = %v", p, !want)
		}
	}
}

// The forecast's past is the metrics' past: the hourly load predictive
// scaling reads equals the request count CloudWatch shows for that hour.
func TestForecastHistoryMatchesMetrics(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	app := s.groups["solemate-app-prod"]
	tg := s.tgs[app.tgARNs[0]]
	pair := []cwtypes.Dimension{cwDim("LoadBalancer", tg.lbs[0].dimension)[0], cwDim("TargetGroup", tg.dimension)[0]}
	for _, back := range []int64{25, 24 * 7, 24 * 14} {
		hour := hourOf(s.Now()) - back
		s.mu.Lock()
		load, ok := s.hourLoad(app, hour)
		s.mu.Unlock()
		if !ok {
			t.Fatalf("no load for the hour %d hours back", back)
		}
		out := must(cloudWatchAPI{s}.GetMetricStatistics(bg, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String(nsALB), MetricName: aws.String("RequestCount"),
			Dimensions: pair, StartTime: aws.Time(time.Unix(hour*3600, 0)), EndTime: aws.Time(time.Unix(hour*3600+3600, 0)),
			Period: aws.Int32(3600), Statistics: []cwtypes.Statistic{"Sum"}}))
		if len(out.Datapoints) != 1 {
			t.Fatalf("%d datapoints for the hour", len(out.Datapoints))
		}
		if perSecond := *out.Datapoints[0].Sum / 3600; math.Abs(perSecond-load) > 0.01 {
			t.Fatalf("%d hours back: the forecast reads %.3f requests a second, CloudWatch shows %.3f", back, load, perSecond)
		}
	}
}

// An alarm's history before the start quotes the datapoints CloudWatch
// returns for the same minutes.
func TestAlarmHistoryMatchesMetrics(t *testing.T) {
	s, srv := served(t, Options{Seed: 1})
	c := sdkClients(srv.URL, "AKIDHIST")
	now := s.Now()
	pg := cloudwatch.NewDescribeAlarmHistoryPaginator(c.cw, &cloudwatch.DescribeAlarmHistoryInput{HistoryItemType: cwtypes.HistoryItemTypeStateUpdate,
		StartDate: aws.Time(now.Add(-24 * time.Hour)), EndDate: aws.Time(now.Add(-spinUp))})
	checked := 0
	for pg.HasMorePages() {
		page, err := pg.NextPage(bg)
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range page.AlarmHistoryItems {
			var hd struct {
				NewState struct {
					StateReasonData struct {
						StartDate        []string  `json:"startDate"`
						RecentDatapoints []float64 `json:"recentDatapoints"`
					} `json:"stateReasonData"`
				} `json:"newState"`
			}
			if err := json.Unmarshal([]byte(aws.ToString(item.HistoryData)), &hd); err != nil {
				t.Fatal(err)
			}
			al := must(c.cw.DescribeAlarms(bg, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{*item.AlarmName}})).MetricAlarms[0]
			if al.MetricName == nil {
				continue
			}
			rd := hd.NewState.StateReasonData
			for i, ts := range rd.StartDate {
				if checked >= 200 {
					return
				}
				at, err := time.Parse("2006-01-02T15:04:05.000+0000", ts)
				if err != nil {
					t.Fatal(err)
				}
				q := metricQuery("m", *al.Namespace, *al.MetricName, string(al.Statistic), *al.Period, al.Dimensions)
				got := getAll(t, c.cw, []cwtypes.MetricDataQuery{q}, at, at.Add(time.Duration(*al.Period)*time.Second))["m"]
				if len(got.Values) != 1 || math.Abs(got.Values[0]-rd.RecentDatapoints[i]) > 0.001 {
					t.Fatalf("%s at %s quotes %v; CloudWatch has %v", *item.AlarmName, at, rd.RecentDatapoints[i], got.Values)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no alarm changed state in the day before the start")
	}
}

// History is computed, not stored: after building 1,000 groups the rings
// hold only the minutes run live, however much history the model answers.
func TestHistoryIsNotStored(t *testing.T) {
	s := newSim(t, Options{Seed: 1, Fleet: "large", Groups: 1000})
	s.mu.Lock()
	defer s.mu.Unlock()
	live := int(minuteOf(s.now)-s.metrics.histEnd) + 1
	withHistory := 0
	for _, x := range s.metrics.series {
		if n := len(x.v) + len(x.a); n > live {
			t.Fatalf("%s %v holds %d minutes after %d live", x.name, x.dims, n, live)
		}
		if x.hist != nil {
			withHistory++
		}
	}
	if withHistory < len(s.metrics.series)*9/10 {
		t.Fatalf("only %d of %d series have history", withHistory, len(s.metrics.series))
	}
}

// BenchmarkNew builds a simulator: start-up time, and the heap it keeps
// (MiB-kept) with 455 days of history to answer.
func BenchmarkNew(b *testing.B) {
	for _, c := range []struct {
		fleet  string
		groups int
	}{{"default", 0}, {"large", 1000}, {"large", 5000}} {
		b.Run(fmt.Sprintf("fleet=%s/groups=%d", c.fleet, c.groups), func(b *testing.B) {
			var kept *Simulator
			for b.Loop() {
				kept = newSim(b, Options{Seed: 1, Fleet: c.fleet, Groups: c.groups})
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "MiB-kept")
			runtime.KeepAlive(kept)
		})
	}
}

// BenchmarkHistoryQuery reads a day of history at one minute for 500
// series of a large fleet, as a console opening the 24 h range would.
func BenchmarkHistoryQuery(b *testing.B) {
	s := large(b, 1000)
	api := cloudWatchAPI{s}
	now := s.Now()
	in := &cloudwatch.GetMetricDataInput{MetricDataQueries: metricQueries(s), StartTime: aws.Time(now.Add(-24 * time.Hour)), EndTime: aws.Time(now)}
	b.ReportAllocs()
	for b.Loop() {
		out := must(api.GetMetricData(bg, in))
		if n := len(out.MetricDataResults[0].Values); n != 1440 {
			b.Fatalf("%d points", n)
		}
	}
}
