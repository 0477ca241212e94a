package aws

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/solemate/hoist/model"
)

// BenchmarkPollCycle counts, at the proxy in front of moto, the requests of
// one cycle of every class for fleets of 10, 250 and 1,000 groups, with 40
// rows on screen and the first selected, beside the fewest requests for
// the same data (minimum, in bench_sim_test.go), per cycle and per hour at
// the default cadences. BenchmarkPollCycleSim does the same against the
// simulator up to 5,000 groups, with a naive poller beside it.
//
// moto differs from AWS in two ways that both figures follow: it returns
// every alarm in one page whatever MaxRecords says, and it has no alarm
// history (after the warm-up the poller pauses asking; on AWS it is one
// call).
func BenchmarkPollCycle(b *testing.B) {
	for _, n := range []int{10, 250, 1000} {
		b.Run(fmt.Sprintf("groups=%d", n), func(b *testing.B) {
			resetMoto(b)
			f := seedFleet(b, n)
			b.Logf("seeded %d groups and %d alarms in %s", n, f.Alarms, f.Seeded.Round(time.Millisecond))
			env := openTest(b, func(o *Options) { o.CallTimeout = time.Minute })
			rows := f.Groups[:min(rowsOnScreen, n)]
			v := model.Visible{Groups: rows, Selected: f.Groups[0], Range: time.Hour}
			pm := measurePoll(b, env.session, v, env.proxy.total.Load)

			cad := DefaultCadences()
			least := minimum(pm.w.snapshot(0, nil, 0), v, len(pm.w.metricSpecs(v)))
			// moto: one page of alarms whatever is asked, no history.
			least[taskAlarms], least[taskAlarmsFiring], least[taskAlarmHistory] = 1, 1, 0
			b.ReportMetric(pm.perCycle(), "calls/cycle")
			b.ReportMetric(float64(sum(least)), "min-calls/cycle")
			b.ReportMetric(pm.perHour(cad), "calls/hour")
			b.ReportMetric(pm.perHourOf(least, cad), "min-calls/hour")
			b.Logf("groups %d: requests per class per cycle %v (warm-up %v)", n, pm.avg, pm.warm)
		})
	}
}

func pages(items, size int) int { return max(1, (items+size-1)/size) }

// BenchmarkConvert1000Groups converts the simulator's 1,000 groups (about
// 10,000 instances), as DescribeAutoScalingGroups returned them, into model
// groups and assembles a snapshot. Beside it, fetch: the SDK decoding the
// same ten pages from loopback HTTP (recorded once from the simulator and
// replayed, so the server costs next to nothing), which hoist pays for
// those groups anyway.
func BenchmarkConvert1000Groups(b *testing.B) {
	pagesXML, raw := recordGroupPages(b, servedSim(b, 1000).url)
	replay := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		_, _ = w.Write(pagesXML[r.PostForm.Get("NextToken")])
	}))
	defer replay.Close()
	asg := autoscaling.NewFromConfig(simConfig(replay.URL))
	fetch := func() int {
		n := 0
		pg := autoscaling.NewDescribeAutoScalingGroupsPaginator(asg, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: sdk.Int32(100)})
		for pg.HasMorePages() {
			out, err := pg.NextPage(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			n += len(out.AutoScalingGroups)
		}
		return n
	}
	if n := fetch(); n != 1000 {
		b.Fatalf("replayed %d groups", n)
	}

	s := NewSessionFromClients(Options{JournalPath: b.TempDir() + "/j"}, "us-east-1", nil, nil, nil, nil, model.Identity{})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res := groupsResult{lt: map[string]ltRef{}}
		for i := range raw {
			res.groups = append(res.groups, ConvertGroup(&raw[i]))
		}
		w := newWorld(s)
		w.setGroups(res, time.Time{})
		snap := w.snapshot(1, nil, time.Minute)
		if len(snap.Groups) != 1000 {
			b.Fatal(len(snap.Groups))
		}
	}
	b.StopTimer()

	const fetches = 5
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	start := time.Now()
	for range fetches {
		fetch()
	}
	el := time.Since(start)
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(el.Nanoseconds())/1e6/fetches, "fetch-ms/op")
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/fetches, "fetch-B/op")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/fetches, "fetch-allocs/op")
}

// recordGroupPages reads every group from url 100 a page and returns each
// page's raw answer by the NextToken that asked for it, and the groups.
func recordGroupPages(b *testing.B, url string) (map[string][]byte, []astypes.AutoScalingGroup) {
	b.Helper()
	rec := &recorder{pages: map[string][]byte{}}
	cfg := simConfig(url)
	cfg.HTTPClient = rec
	asg := autoscaling.NewFromConfig(cfg)
	var raw []astypes.AutoScalingGroup
	pg := autoscaling.NewDescribeAutoScalingGroupsPaginator(asg, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: sdk.Int32(100)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		raw = append(raw, out.AutoScalingGroups...)
	}
	return rec.pages, raw
}

type recorder struct{ pages map[string][]byte }

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	form, _ := url.ParseQuery(string(body))
	req.Body = io.NopCloser(bytes.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	page, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.pages[form.Get("NextToken")] = page
	resp.Body = io.NopCloser(bytes.NewReader(page))
	return resp, nil
}
