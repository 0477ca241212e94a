package aws

import (
	"context"
	"fmt"
	"net/http/httptest"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"

	"github.com/solemate/hoist/aws/internal/reqbody"
)

// Benchmarks against the simulator's large fleet, served in-process over
// loopback HTTP: the adapter reaches it exactly as it reaches AWS, and the
// simulator counts every request it serves.

// simServed is one large simulated account and its HTTP server. Building
// 5,000 groups takes seconds, so each size is built once per process and
// shared by every -count run; the benchmarks never advance its clock.
type simServed struct {
	s     *sim.Simulator
	url   string
	names []string // group names, sorted as AWS lists them
}

var (
	simServedMu sync.Mutex
	simServedBy = map[int]*simServed{}
)

func servedSim(b *testing.B, groups int) *simServed {
	b.Helper()
	simServedMu.Lock()
	defer simServedMu.Unlock()
	if s, ok := simServedBy[groups]; ok {
		return s
	}
	s, err := sim.New(sim.Options{Seed: 1, Fleet: "large", Groups: groups})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler()) // lives as long as the process
	ss := &simServed{s: s, url: srv.URL}
	c := autoscaling.NewFromConfig(simConfig(srv.URL))
	pg := autoscaling.NewDescribeAutoScalingGroupsPaginator(c, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: sdk.Int32(100)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		for _, g := range out.AutoScalingGroups {
			ss.names = append(ss.names, sdk.ToString(g.AutoScalingGroupName))
		}
	}
	sort.Strings(ss.names)
	simServedBy[groups] = ss
	return ss
}

// simConfig is an SDK config for the simulator as hoist builds one: the
// standard retryer, static keys, and reqbody around the HTTP client.
func simConfig(url string) sdk.Config {
	return sdk.Config{
		Region:       "us-east-1",
		Credentials:  SimulatorCredentials(),
		BaseEndpoint: sdk.String(url),
		HTTPClient:   reqbody.Client(nil),
	}
}

// openServed opens a session on a simulator served at url, as hoist opens
// one on --endpoint-url; the benchmark's cleanup closes it.
func openServed(b *testing.B, url string) *Session {
	b.Helper()
	s, err := Open(context.Background(), Options{Endpoint: url, Region: "us-east-1", Credentials: SimulatorCredentials(),
		JournalPath: b.TempDir() + "/journal", CallTimeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// served is how many requests the simulator has served.
func (ss *simServed) served() int64 {
	n := int64(0)
	for _, ops := range ss.s.Stats().Requests {
		for _, v := range ops {
			n += v
		}
	}
	return n
}

// rowsOnScreen is how many group rows a 120x40 console shows.
const rowsOnScreen = 40

// BenchmarkPollCycleSim counts, at the simulator, the requests of one cycle
// of every class (after a warm-up cycle) for 10 to 5,000 groups, with 40
// rows on screen and the first of them selected. Beside it:
//
//   - min: the fewest requests that fetch the same data (see minimum),
//   - naive: a poller that asks per group, as a quick script would: one
//     DescribeAutoScalingGroups per group, one GetMetricStatistics per
//     metric per group (the series of hoist's metrics pane that the group
//     has) and one DescribeTargetHealth per target group, at hoist's
//     cadences for the same data (10 s, 60 s and 15 s). It fetches less
//     than hoist: no alarms, activities, policies or prices.
//
// Per hour is each class's calls times its runs per hour at the default
// cadences, with no scaling activity on screen (while one is in progress,
// groups and activities go from every 10 s to every 3 s). CloudWatch spend
// is GetMetricData's $0.01 per 1,000 metrics requested for hoist and
// GetMetricStatistics's $0.01 per 1,000 requests for the naive poller.
func BenchmarkPollCycleSim(b *testing.B) {
	for _, n := range []int{10, 250, 1000, 5000} {
		b.Run(fmt.Sprintf("groups=%d", n), func(b *testing.B) {
			ss := servedSim(b, n)
			s := openServed(b, ss.url)
			rows := ss.names[:min(rowsOnScreen, n)]
			v := model.Visible{Groups: rows, Selected: rows[0], Range: time.Hour}
			pm := measurePoll(b, s, v, ss.served)

			cad := DefaultCadences()
			specs := len(pm.w.metricSpecs(v))
			snap := pm.w.snapshot(0, nil, 0)
			least := minimum(snap, v, specs)

			var ms0, ms1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms0)
			start := time.Now()
			naive := naivePoller{url: ss.url}.cycle(b, snap, s.Now())
			naiveTime := time.Since(start)
			runtime.ReadMemStats(&ms1)

			b.ReportMetric(pm.perCycle(), "calls/cycle")
			b.ReportMetric(float64(sum(least)), "min-calls/cycle")
			b.ReportMetric(float64(naive.total()), "naive-calls/cycle")
			b.ReportMetric(pm.perHour(cad), "calls/hour")
			b.ReportMetric(pm.perHourOf(least, cad), "min-calls/hour")
			b.ReportMetric(naive.perHour(cad), "naive-calls/hour")
			b.ReportMetric(float64(specs), "metrics/cycle")
			b.ReportMetric(float64(naive.metrics), "naive-metrics/cycle")
			b.ReportMetric(model.CloudWatchSpend(specs, cad[model.ClassMetrics]), "USD/hour")
			b.ReportMetric(float64(naive.metrics)*runsPerHour(cad[model.ClassMetrics])*model.CloudWatchPricePerMetric, "naive-USD/hour")
			b.ReportMetric(float64(naiveTime.Nanoseconds())/1e6, "naive-ms/op")
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc), "naive-B/op")
			b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs), "naive-allocs/op")
			b.Logf("groups %d: requests per class per cycle %v (warm-up %v); naive %+v", n, pm.avg, pm.warm, naive)
		})
	}
}

// pollMeasure is what measurePoll saw.
type pollMeasure struct {
	w    *world
	v    model.Visible
	avg  map[task]float64 // requests per task per steady run
	warm map[task]int     // requests per task in the warm-up cycle
}

// cycleTasks are the tasks of a steady cycle with nothing scaling: the
// one-shot tasks in their order, the rows on screen by name (which run
// between sweeps when the fleet is large), and the alarms in ALARM and the
// selected group's between full reads.
func cycleTasks() []task {
	return append(fetchOrder(), taskGroupsShown, taskAlarmsFiring, taskAlarmsSel)
}

// runTask runs one task to the end on the caller's goroutine and returns
// the requests the server saw.
func runTask(tb testing.TB, p *Poller, w *world, v model.Visible, t task, names []string, served func() int64) int {
	tb.Helper()
	var attempts atomic.Int64
	before := served()
	apply, err := p.job(dueJob{task: t, names: names}, w, v)(withCallCounter(context.Background(), &attempts))
	if err != nil {
		tb.Fatalf("%s: %v", t, err)
	}
	if apply != nil {
		apply(w)
	}
	n := served() - before
	if n != attempts.Load() {
		tb.Logf("%s: the server saw %d requests, the adapter counted %d attempts", t, n, attempts.Load())
	}
	return int(n)
}

// namesOf is what the scheduler would name for t with v on screen.
func namesOf(t task, v model.Visible) []string {
	switch t {
	case taskGroupsShown:
		return shownGroups(v)
	case taskActivitiesSel, taskAlarmsSel:
		return []string{v.Selected}
	}
	return nil
}

// measurePoll runs one warm-up cycle of every task (full metric ranges,
// every instance, launch templates, target group attributes and
// listeners), then timed steady cycles, counting the requests the server
// saw with served.
func measurePoll(b *testing.B, s *Session, v model.Visible, served func() int64) pollMeasure {
	return measureTasks(b, s, v, served, cycleTasks())
}

// measureClasses is measurePoll for the one-shot tasks of the classes
// given, in their order.
func measureClasses(b *testing.B, s *Session, v model.Visible, served func() int64, classes []model.Class) pollMeasure {
	ts := slices.DeleteFunc(fetchOrder(), func(t task) bool { return !slices.Contains(classes, taskSpecs[t].class) })
	return measureTasks(b, s, v, served, ts)
}

func measureTasks(b *testing.B, s *Session, v model.Visible, served func() int64, ts []task) pollMeasure {
	b.Helper()
	p := NewPoller(s, PollerOptions{Visible: v})
	pm := pollMeasure{w: newWorld(s), v: v, avg: map[task]float64{}, warm: map[task]int{}}
	for _, t := range ts {
		pm.warm[t] = runTask(b, p, pm.w, v, t, namesOf(t, v), served)
	}
	total := map[task]int{}
	cycles := 0
	b.ReportAllocs()
	// b.Loop, not b.N: go test then calls the benchmark once, so the
	// warm-up and the naive poller run once per -count, not per probe.
	for b.Loop() {
		for _, t := range ts {
			total[t] += runTask(b, p, pm.w, v, t, namesOf(t, v), served)
		}
		cycles++
	}
	for t, n := range total {
		pm.avg[t] = float64(n) / float64(cycles)
	}
	return pm
}

// classAvg and classWarm are avg and warm by class.
func (pm pollMeasure) classAvg() map[model.Class]float64 {
	out := map[model.Class]float64{}
	for t, a := range pm.avg {
		out[taskSpecs[t].class] += a
	}
	return out
}

func (pm pollMeasure) classWarm() map[model.Class]int {
	out := map[model.Class]int{}
	for t, n := range pm.warm {
		out[taskSpecs[t].class] += n
	}
	return out
}

func (pm pollMeasure) perCycle() float64 {
	t := 0.0
	for _, a := range pm.avg {
		t += a
	}
	return t
}

// details is what reading target group attributes and listeners costs:
// not part of a steady cycle, but done again when older than detailsTTL.
func (pm pollMeasure) details() float64 {
	return float64(pm.warm[taskTargetHealth]) - pm.avg[taskTargetHealth]
}

// runsPerHourOf is how often each task runs in an hour with nothing
// scaling, at the scheduler's cadences for the pages each took (a whole
// list stretches its cadence); a task covered by another runs in the
// gaps between that one's runs.
func (pm pollMeasure) runsPerHourOf(cad map[model.Class]time.Duration) map[task]float64 {
	sched := newScheduler(schedConfig{cadence: cad, fast: 3 * time.Second}, time.Time{})
	sched.view.rows, sched.view.selected = shownGroups(pm.v), pm.v.Selected
	for t, n := range pm.avg {
		sched.st[t].pages = int(n + 0.5)
	}
	runs := map[task]float64{}
	for t := range pm.avg {
		runs[t] = runsPerHour(sched.every(t))
	}
	for t := range pm.avg {
		for _, c := range taskSpecs[t].covers {
			runs[c] = max(0, runs[c]-runs[t])
		}
	}
	return runs
}

func (pm pollMeasure) perHour(cad map[model.Class]time.Duration) float64 {
	h := pm.details() * runsPerHour(detailsTTL)
	runs := pm.runsPerHourOf(cad)
	for t, a := range pm.avg {
		h += a * runs[t]
	}
	return h
}

// perHourOf is the hourly count of per-task cycle counts, run as often as
// hoist's, with the same attribute and listener refreshes.
func (pm pollMeasure) perHourOf(per map[task]int, cad map[model.Class]time.Duration) float64 {
	h := pm.details() * runsPerHour(detailsTTL)
	runs := pm.runsPerHourOf(cad)
	for t, n := range per {
		h += float64(n) * runs[t]
	}
	return h
}

func sum[K comparable](per map[K]int) int {
	t := 0
	for _, n := range per {
		t += n
	}
	return t
}

func runsPerHour(every time.Duration) float64 { return float64(time.Hour) / float64(every) }

// minimum is, per task, the fewest requests that fetch what one hoist
// cycle fetches: every group (100 a page) and the rows on screen (50 names
// a call), the account's latest activities and the selected group's (one
// page each), every alarm (100 a page), those in ALARM (100 a page), the
// selected group's (100 names a call) and one page of alarm history, the
// metrics on screen (500 a GetMetricData), target health of the selected
// group's target groups (one call each: no batch form), load balancers and
// target groups (400 a page), policies and scheduled actions (100 a page),
// one DescribeListeners per load balancer, and one page of spot prices. In
// a steady fleet no instance or launch template is new, so those cost
// nothing.
func minimum(snap model.Snapshot, v model.Visible, specs int) map[task]int {
	policies, scheduled, tgs, firing, selAlarms := 0, 0, 0, 0, 0
	for i := range snap.Groups {
		g := &snap.Groups[i]
		policies += len(g.Policies)
		scheduled += len(g.Scheduled)
		if g.Name == v.Selected {
			tgs = len(g.TargetGroupARNs)
		}
	}
	for _, a := range snap.Alarms {
		if a.State == model.AlarmAlarm {
			firing++
		}
		if a.Group == v.Selected {
			selAlarms++
		}
	}
	return map[task]int{
		taskGroups:        pages(len(snap.Groups), 100),
		taskGroupsShown:   pages(len(shownGroups(v)), groupNamesPerCall),
		taskActivities:    1,
		taskActivitiesSel: 1,
		taskAlarms:        pages(len(snap.Alarms), 100),
		taskAlarmsFiring:  pages(firing, 100),
		taskAlarmsSel:     (selAlarms + 99) / 100,
		taskAlarmHistory:  1,
		taskMetrics:       pages(specs, 500),
		taskTargetHealth:  tgs,
		taskInstances:     0,
		taskLoadBalancers: pages(len(snap.LoadBalancers), 400) + pages(len(snap.TargetGroups), 400),
		taskListeners:     len(snap.LoadBalancers), // DescribeListeners takes one load balancer
		taskPolicies:      pages(policies, 100) + pages(scheduled, 100),
		taskPrices:        1,
	}
}

// naivePoller asks per group, sequentially, through the same SDK.
type naivePoller struct {
	url string
}

type naiveCalls struct {
	describes, metrics, targetHealth int
}

func (n naiveCalls) total() int { return n.describes + n.metrics + n.targetHealth }

func (n naiveCalls) perHour(cad map[model.Class]time.Duration) float64 {
	return float64(n.describes)*runsPerHour(cad[model.ClassGroups]) +
		float64(n.metrics)*runsPerHour(cad[model.ClassMetrics]) +
		float64(n.targetHealth)*runsPerHour(cad[model.ClassTargetHealth])
}

func (nv naivePoller) cycle(b *testing.B, snap model.Snapshot, now time.Time) naiveCalls {
	b.Helper()
	ctx := context.Background()
	cfg := simConfig(nv.url)
	asg := autoscaling.NewFromConfig(cfg)
	lbc := elb.NewFromConfig(cfg)
	cw := cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) {
		o.Protocol = awsjson.New10(cwschemas.GraniteServiceVersion20100801)
	})
	var c naiveCalls
	end := now.Truncate(time.Minute)
	for i := range snap.Groups {
		g := &snap.Groups[i]
		if _, err := asg.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{g.Name}}); err != nil {
			b.Fatalf("naive DescribeAutoScalingGroups: %v", err)
		}
		c.describes++
		tg, lb := snap.FrontOf(g)
		for _, sp := range model.MetricSpecs(g, tg, lb, model.DetailMetrics) {
			dims := make([]cwtypes.Dimension, len(sp.Dimensions))
			for j, d := range sp.Dimensions {
				dims[j] = cwtypes.Dimension{Name: sdk.String(d.Name), Value: sdk.String(d.Value)}
			}
			if _, err := cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
				Namespace: sdk.String(sp.Namespace), MetricName: sdk.String(sp.Name), Dimensions: dims,
				StartTime: sdk.Time(end.Add(-time.Hour)), EndTime: sdk.Time(end), Period: sdk.Int32(60),
				Statistics: []cwtypes.Statistic{cwtypes.Statistic(sp.Stat)},
			}); err != nil {
				b.Fatalf("naive GetMetricStatistics: %v", err)
			}
			c.metrics++
		}
	}
	for _, tg := range snap.TargetGroups {
		if _, err := lbc.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: sdk.String(tg.ARN)}); err != nil {
			b.Fatalf("naive DescribeTargetHealth: %v", err)
		}
		c.targetHealth++
	}
	return c
}
