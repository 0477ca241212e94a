package aws

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/solemate/hoist/model"
)

func putCPU(t *testing.T, r rawClients, group string, at time.Time, v float64) {
	t.Helper()
	if _, err := r.cw.PutMetricData(context.Background(), &cloudwatch.PutMetricDataInput{
		Namespace: sdk.String("AWS/EC2"),
		MetricData: []cwtypes.MetricDatum{{
			MetricName: sdk.String("CPUUtilization"), Timestamp: sdk.Time(at), Value: sdk.Float64(v),
			Dimensions: []cwtypes.Dimension{{Name: sdk.String("AutoScalingGroupName"), Value: sdk.String(group)}},
		}},
	}); err != nil {
		t.Fatal(err)
	}
}

type metricWindow struct{ Start, End time.Time }

func windowsOf(t *testing.T, reqs []recorded) []metricWindow {
	t.Helper()
	var out []metricWindow
	for _, r := range reqs {
		var in struct{ StartTime, EndTime float64 }
		if err := json.Unmarshal([]byte(r.Body), &in); err != nil {
			t.Fatalf("GetMetricData body: %v", err)
		}
		out = append(out, metricWindow{time.Unix(int64(in.StartTime), 0), time.Unix(int64(in.EndTime), 0)})
	}
	return out
}

// TestMetricsIncremental: metric windows are cut on the server's clock (a
// Date header 30 minutes ahead), the first cycle reads the whole range and
// later ones only the last minutes, merged into the ring.
func TestMetricsIncremental(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	const ahead = 30 * time.Minute
	env.proxy.shift.Store(int64(ahead))
	s, r, ctx := env.session, newRaw(t), context.Background()

	v := model.Visible{Groups: []string{"web"}, Range: time.Hour}
	p := NewPoller(s, PollerOptions{Visible: v})
	w := newWorld(s)
	run := func(c task) {
		t.Helper()
		var n atomic.Int64
		apply, err := p.job(dueJob{task: c}, w, v)(withCallCounter(ctx, &n))
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if apply != nil {
			apply(w)
		}
	}
	run(taskGroups)
	run(taskLoadBalancers)
	if sk := s.Skew(); sk < ahead-5*time.Second || sk > ahead+5*time.Second {
		t.Fatalf("skew = %s, want about %s", sk, ahead)
	}
	serverNow := s.Now()
	for i := 40; i >= 2; i-- {
		putCPU(t, r, "web", serverNow.Add(-time.Duration(i)*time.Minute).Truncate(time.Minute), float64(i))
	}
	run(taskMetrics)
	key := model.SeriesKey{Group: "web", Metric: model.MetricCPU}
	first := len(w.series[key])
	if first < 35 {
		t.Fatalf("first cycle: %d points, want the whole hour (39)", first)
	}
	if w.units[key] != "%" || w.metricsPerCycle != 1 {
		t.Errorf("unit %q, %d metrics per cycle", w.units[key], w.metricsPerCycle)
	}

	putCPU(t, r, "web", serverNow.Add(-time.Minute).Truncate(time.Minute), 99)
	run(taskMetrics)
	if got := len(w.series[key]); got != first+1 {
		t.Errorf("after the incremental cycle: %d points, want %d (merged, not replaced)", got, first+1)
	}
	if last, _ := model.Last(w.series[key]); last != 99 {
		t.Errorf("newest point = %v, want 99", last)
	}

	ws := windowsOf(t, env.proxy.requests("cloudwatch:GetMetricData"))
	if len(ws) != 2 {
		t.Fatalf("%d GetMetricData calls", len(ws))
	}
	if d := ws[0].End.Sub(serverNow); d < -2*time.Minute || d > 2*time.Minute {
		t.Errorf("window ends %s from the server's now: cut on the local clock?", d)
	}
	if got := ws[0].End.Sub(ws[0].Start); got != time.Hour {
		t.Errorf("first window spans %s, want the hour shown", got)
	}
	if got := ws[1].End.Sub(ws[1].Start); got > 10*time.Minute {
		t.Errorf("incremental window spans %s, want only the last minutes", got)
	}
	snap := w.snapshot(1, nil, time.Minute)
	if snap.Skew < ahead-5*time.Second {
		t.Errorf("snapshot skew = %s", snap.Skew)
	}
}

// activityXML is a DescribeScalingActivities answer with one activity in
// progress: moto records no activities, so the proxy stands in for AWS.
const activityXML = `<DescribeScalingActivitiesResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
<DescribeScalingActivitiesResult><Activities><member>
<ActivityId>act-1</ActivityId><AutoScalingGroupName>web</AutoScalingGroupName>
<StatusCode>InProgress</StatusCode><Progress>30</Progress><StartTime>2026-11-27T10:00:00Z</StartTime>
<Cause>At 2026-11-27T10:00:00Z a user request update of AutoScalingGroup constraints</Cause>
<Description>Launching a new EC2 instance: i-0abc</Description>
</member></Activities></DescribeScalingActivitiesResult>
<ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></DescribeScalingActivitiesResponse>`

// TestPollerFastWhileActivity: a visible group with an activity in progress
// is polled at the fast cadence.
func TestPollerFastWhileActivity(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	env.proxy.stub("autoscaling:DescribeScalingActivities", activityXML)
	p := NewPoller(env.session, PollerOptions{Cadence: cadences(time.Hour), Fast: 200 * time.Millisecond,
		Visible: model.Visible{Groups: []string{"web"}}})
	stop := runPoller(t, p)
	defer stop()
	snap := waitSnap(t, p, 20*time.Second, "an activity in progress", func(s model.Snapshot) bool { return s.InProgress("web") })
	a := snap.ActivitiesOf("web")[0]
	if a.Progress != 30 || a.Done() || !strings.HasPrefix(a.Description, "Launching") {
		t.Errorf("activity = %+v", a)
	}
	before := env.proxy.count("autoscaling:DescribeAutoScalingGroups")
	time.Sleep(1500 * time.Millisecond)
	if n := env.proxy.count("autoscaling:DescribeAutoScalingGroups") - before; n < 4 {
		t.Errorf("%d group describes in 1.5s with an activity in progress; want the fast cadence", n)
	}
}
