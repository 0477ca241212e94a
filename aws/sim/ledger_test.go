package sim

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// freeze stops everything that changes a group's instances.
func freeze(t *testing.T, s *Simulator, group string) {
	t.Helper()
	suspend(t, s, group, processNames...)
}

func TestLedgerStartsAtStartNotSpinUp(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	l := s.Ledger()
	if !l.SinceStart.From.Equal(DefaultStart) || l.SinceStart.Seconds != 0 || l.SinceStart.Total.CostUSD != 0 || l.SinceStart.Total.Requests != 0 {
		t.Fatalf("a new simulator's ledger has accrued: %+v", l.SinceStart)
	}
	if l.SinceMark != nil || l.P99ThresholdMS != 1000 {
		t.Fatalf("mark %v, threshold %v", l.SinceMark, l.P99ThresholdMS)
	}
}

// A frozen group's bill is its instances times their prices, Spot ones at
// the Spot price of their type and AZ for the hour.
func TestLedgerBillsInstanceSecondsAtTheirPrice(t *testing.T) {
	s := newSim(t, Options{Seed: 3})
	freeze(t, s, webGroup)
	g := asg(t, s, webGroup)
	var od, spot float64
	nSpot := 0
	hour := DefaultStart.Unix() / 3600
	for _, in := range g.Instances {
		x := s.instances[aws.ToString(in.InstanceId)]
		if x.spot {
			spot += s.spotPrice(x.itype, x.az, hour)
			nSpot++
		} else {
			od += typeInfo(x.itype).onDemand
		}
	}
	if nSpot == 0 || nSpot == len(g.Instances) {
		t.Fatalf("web has %d Spot of %d instances; the test needs both kinds", nSpot, len(g.Instances))
	}
	s.Advance(time.Hour)
	e := s.Ledger().SinceStart.Groups[webGroup]
	if !near(e.OnDemandUSD, od) || !near(e.SpotUSD, spot) || !near(e.CostUSD, od+spot) {
		t.Fatalf("web over an hour: on-demand %v spot %v, want %v and %v", e.OnDemandUSD, e.SpotUSD, od, spot)
	}
	if e.InstanceSeconds != float64(len(g.Instances))*3600 || e.SpotInstanceSeconds != float64(nSpot)*3600 {
		t.Fatalf("instance-seconds %v (spot %v), want %d x 3600 (%d)", e.InstanceSeconds, e.SpotInstanceSeconds, len(g.Instances), nSpot)
	}
	if e.Tier != "web" {
		t.Fatalf("tier %q", e.Tier)
	}
}

// The requests the ledger counts are those the load balancer published.
func TestLedgerRequestsAreWhatTheTargetGroupPublished(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	s.Advance(time.Hour)
	g := s.groups[webGroup]
	tg := s.tgs[g.tgARNs[0]]
	dims := []cwtypes.Dimension{
		{Name: aws.String("LoadBalancer"), Value: aws.String(tg.lbs[0].dimension)},
		{Name: aws.String("TargetGroup"), Value: aws.String(tg.dimension)},
	}
	sum := func(name string) float64 {
		out := must(cloudWatchAPI{s}.GetMetricData(bg, &cloudwatch.GetMetricDataInput{
			StartTime: aws.Time(DefaultStart), EndTime: aws.Time(DefaultStart.Add(time.Hour)),
			MetricDataQueries: []cwtypes.MetricDataQuery{{Id: aws.String("m"), MetricStat: &cwtypes.MetricStat{
				Metric: &cwtypes.Metric{Namespace: aws.String(nsALB), MetricName: aws.String(name), Dimensions: dims},
				Period: aws.Int32(3600), Stat: aws.String("Sum")}}}}))
		if len(out.MetricDataResults[0].Values) != 1 {
			t.Fatalf("%s: %d values", name, len(out.MetricDataResults[0].Values))
		}
		return out.MetricDataResults[0].Values[0]
	}
	e := s.Ledger().SinceStart.Groups[webGroup]
	if req := sum("RequestCount"); req == 0 || !near(e.Requests, req) {
		t.Fatalf("ledger requests %v, RequestCount over the hour %v", e.Requests, req)
	}
	if f := sum("HTTPCode_Target_5XX_Count"); !near(e.Failed, f) {
		t.Fatalf("ledger failed %v, HTTPCode_Target_5XX_Count %v", e.Failed, f)
	}
	if e.Minutes != 60 {
		t.Fatalf("%d minutes with requests in an hour", e.Minutes)
	}
	if _, ok := s.Ledger().SinceStart.Groups["solemate-workers-prod"]; !ok {
		t.Fatal("workers, with no load balancer, still have a bill")
	}
}

// A group held far below its load fails requests and is slow; the totals
// are the sum of the groups.
func TestLedgerCountsFailuresAndSlowMinutes(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	freeze(t, s, webGroup)
	s.groups[webGroup].min = 1
	setDesired(t, s, webGroup, 1)
	s.Advance(2 * time.Minute)
	m := s.MarkLedger(0)
	if m.SinceMark == nil || m.SinceMark.Total.CostUSD != 0 || !m.SinceMark.From.Equal(s.Now()) {
		t.Fatalf("a fresh mark: %+v", m.SinceMark)
	}
	if err := s.SetScenario("flash-sale"); err != nil {
		t.Fatal(err)
	}
	s.Advance(30 * time.Minute)
	l := s.Ledger()
	web := l.SinceMark.Groups[webGroup]
	if web.Availability > 0.99 || web.Failed <= 0 || web.MinutesP99Over == 0 || web.P99WorstMS <= 1000 {
		t.Fatalf("web at one instance in a flash sale: %+v", web)
	}
	var failed, req, cost float64
	over := 0
	for _, e := range l.SinceMark.Groups {
		failed += e.Failed
		req += e.Requests
		cost += e.CostUSD
		over += e.MinutesP99Over
	}
	tot := l.SinceMark.Total
	if !near(tot.Failed, failed) || !near(tot.Requests, req) || !near(tot.CostUSD, cost) || tot.MinutesP99Over != over {
		t.Fatalf("total %+v is not the sum of the groups", tot)
	}
	if l.SinceMark.Seconds != 1800 || l.SinceStart.Seconds != 1920 || l.SinceStart.Total.CostUSD <= tot.CostUSD {
		t.Fatalf("books: since start %vs $%v, since mark %vs $%v", l.SinceStart.Seconds, l.SinceStart.Total.CostUSD, l.SinceMark.Seconds, tot.CostUSD)
	}
}

func TestLedgerThresholdFromTheMark(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	freeze(t, s, webGroup)
	if err := s.SetScenario("flash-sale"); err != nil {
		t.Fatal(err)
	}
	s.MarkLedger(time.Minute) // nothing is that slow
	s.Advance(20 * time.Minute)
	l := s.Ledger()
	if l.P99ThresholdMS != 60000 || l.SinceMark.Total.MinutesP99Over != 0 {
		t.Fatalf("threshold %v: %d slow minutes", l.P99ThresholdMS, l.SinceMark.Total.MinutesP99Over)
	}
	s.MarkLedger(time.Millisecond) // everything is
	s.Advance(5 * time.Minute)
	if e := s.Ledger().SinceMark.Groups[webGroup]; e.MinutesP99Over != 5 || e.Minutes != 5 {
		t.Fatalf("at 1ms: %d of %d minutes slow", e.MinutesP99Over, e.Minutes)
	}
}

func TestLedgerControlSurface(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	s.Advance(10 * time.Minute)
	get := func(path string, v any) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	var l Ledger
	get("/_sim/ledger", &l)
	if l.SinceStart.Seconds != 600 || l.SinceStart.Total.CostUSD <= 0 || l.SinceStart.Total.Requests <= 0 || len(l.SinceStart.Groups) != 9 {
		t.Fatalf("ledger: %+v", l.SinceStart.Total)
	}
	var st Stats
	get("/_sim/stats", &st)
	if st.Ledger == nil || st.Ledger.SinceStart.Total.CostUSD != l.SinceStart.Total.CostUSD {
		t.Fatalf("stats carry the ledger: %+v", st.Ledger)
	}
	post := func(body string) int {
		resp, err := http.Post(srv.URL+"/_sim/ledger/mark", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for body, want := range map[string]int{``: 200, `{}`: 200, `{"p99_threshold":"750ms"}`: 200,
		`{"p99_threshold":"slow"}`: 400, `{"p99_threshold":"-1s"}`: 400, `{"threshold":"1s"}`: 400, `[`: 400} {
		if got := post(body); got != want {
			t.Errorf("mark %q: %d, want %d", body, got, want)
		}
	}
	get("/_sim/ledger", &l)
	if l.SinceMark == nil || l.P99ThresholdMS != 750 {
		t.Fatalf("after the marks: %v, threshold %v", l.SinceMark, l.P99ThresholdMS)
	}
}

// A group with no instance left: the load balancer answers every request
// itself (HTTPCode_ELB_5XX_Count), and the ledger counts them as requests
// served by nobody.
func TestLedgerCountsTheLoadBalancersOwn5xx(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	suspend(t, s, webGroup, "AlarmNotification", "ScheduledActions", "Launch", "ReplaceUnhealthy")
	must(autoScalingAPI{s}.UpdateAutoScalingGroup(bg, &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(webGroup), MinSize: aws.Int32(0), DesiredCapacity: aws.Int32(0)}))
	s.Advance(10 * time.Minute)
	s.MarkLedger(0)
	s.Advance(10 * time.Minute)
	e := s.Ledger().SinceMark.Groups[webGroup]
	if e.Requests == 0 || e.Failed < e.Requests*0.99 || e.InstanceSeconds != 0 {
		t.Fatalf("web with no instance: %+v", e)
	}
}

// A scale-out lasts from the raise of desired capacity to the last new
// target healthy, by the simulator's own record of when each turned
// healthy; the minutes in between count as scaling.
func TestLedgerTimesScaleOutsAndScalingMinutes(t *testing.T) {
	s := newSim(t, Options{Seed: 2})
	suspend(t, s, webGroup, "AlarmNotification", "ScheduledActions")
	s.Advance(5 * time.Minute)
	s.MarkLedger(0)
	before := map[string]bool{}
	for _, in := range s.groups[webGroup].insts {
		before[in.id] = true
	}
	raised := s.Now()
	setDesired(t, s, webGroup, int32(len(before)+3))
	s.Advance(10 * time.Minute)
	tg := s.tgs[s.groups[webGroup].tgARNs[0]]
	var last time.Time
	for _, in := range s.groups[webGroup].insts {
		if !before[in.id] {
			if h := tg.byID[in.id].tr.healthySince; h.After(last) {
				last = h
			}
		}
	}
	e := s.Ledger().SinceMark.Groups[webGroup]
	want := last.Sub(raised).Seconds()
	if e.ScaleOuts != 1 || e.ScaleOutWorstS < want || e.ScaleOutWorstS > want+10 || e.ScaleOutMedianS != e.ScaleOutWorstS {
		t.Fatalf("scale-outs %d, took %vs (median %vs); the last new target was healthy %vs after the raise",
			e.ScaleOuts, e.ScaleOutWorstS, e.ScaleOutMedianS, want)
	}
	if e.ScalingMinutes < int(want/60) || e.ScalingMinutes > int(want/60)+2 || e.ScalingRequests <= 0 || e.ScalingRequests >= e.Requests {
		t.Fatalf("%d scaling minutes (%v of %v requests) for a scale-out of %vs", e.ScalingMinutes, e.ScalingRequests, e.Requests, want)
	}
	if e.ScalingAvailability <= 0.999 || e.ScalingP99MeanMS <= 0 || e.ScalingP99WorstMS < e.ScalingP99MeanMS || e.P99MeanMS <= 0 {
		t.Fatalf("while scaling: %+v", e)
	}
	// a raise taken back before it served is no scale-out
	setDesired(t, s, webGroup, int32(len(before)+6))
	setDesired(t, s, webGroup, int32(len(before)+3))
	s.Advance(10 * time.Minute)
	if n := s.Ledger().SinceMark.Groups[webGroup].ScaleOuts; n != 1 {
		t.Fatalf("%d scale-outs after a raise taken back", n)
	}
}
