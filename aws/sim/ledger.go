package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"slices"
	"time"
)

// The ledger is the simulator's own account of what the fleet cost and how
// it served, for proofs run from outside (GET /_sim/ledger): an optimisation
// is judged on it, never on what hoist itself measured.
//
//   - Cost: every instance EC2 reports running is billed per fine tick,
//     instance-seconds times its price: the catalog's on-demand price, or
//     for a Spot instance the Spot price of its type and AZ that hour (what
//     DescribeSpotPriceHistory answers).
//   - Requests: what each group's target groups published for the minute
//     (RequestCount, HTTPCode_Target_5XX_Count), plus the 5xx the load
//     balancer answered itself for that target group's requests (a timeout
//     on one of its targets, or no target to send to). CloudWatch publishes
//     those only per load balancer (HTTPCode_ELB_5XX_Count), so the ledger
//     takes them from the simulator's own routing: one group's overload
//     is never billed to its neighbours behind the same load balancer. A
//     request the load balancer turned away never reached RequestCount, so
//     it is added to the requests as well as to the failed. A target group
//     attached to several groups counts a share in each.
//   - p99: a minute counts as slow when the p99 of any of the group's target
//     groups' TargetResponseTime for that minute (as CloudWatch would
//     answer for a 60-second period) is above the threshold.
//
// Accounting starts at Options.Start (the spin-up before it is not billed)
// and, for the "since mark" book, at the last POST /_sim/ledger/mark. A
// minute is counted in a book when it ends after the book began.

// DefaultP99Threshold is the response time above which a minute counts as
// slow, unless a mark sets another.
const DefaultP99Threshold = time.Second

// Ledger is what GET /_sim/ledger answers (and Stats.Ledger holds).
type Ledger struct {
	Clock          time.Time   `json:"clock"`
	P99ThresholdMS float64     `json:"p99_threshold_ms"`
	SinceStart     LedgerBook  `json:"since_start"`
	SinceMark      *LedgerBook `json:"since_mark,omitempty"`
}

// LedgerBook is the accounts from one moment (the start or a mark) to the
// clock, in total and per group (groups deleted since keep their entry).
type LedgerBook struct {
	From    time.Time              `json:"from"`
	Seconds float64                `json:"seconds"`
	Total   LedgerEntry            `json:"total"`
	Groups  map[string]LedgerEntry `json:"groups"`
}

// LedgerEntry is one group's (or the fleet's) accounts.
type LedgerEntry struct {
	Tier                string  `json:"tier,omitempty"`
	InstanceSeconds     float64 `json:"instance_seconds"`      // on-demand and Spot
	SpotInstanceSeconds float64 `json:"spot_instance_seconds"` // the Spot part
	OnDemandUSD         float64 `json:"on_demand_usd"`
	SpotUSD             float64 `json:"spot_usd"`
	CostUSD             float64 `json:"cost_usd"`
	Requests            float64 `json:"requests"`
	Failed              float64 `json:"failed"`       // answered 5xx, by a target or the load balancer
	Availability        float64 `json:"availability"` // 1 - failed/requests; 1 with no requests
	Minutes             int     `json:"minutes"`      // minutes with requests
	MinutesP99Over      int     `json:"minutes_p99_over"`
	P99WorstMS          float64 `json:"p99_worst_ms"`
	P99MeanMS           float64 `json:"p99_mean_ms"` // the minutes' p99, averaged

	// While capacity changed (ledgerscale.go): minutes with an instance
	// pending or terminating, and what they served.
	ScalingMinutes        int     `json:"scaling_minutes"`
	ScalingRequests       float64 `json:"scaling_requests"`
	ScalingFailed         float64 `json:"scaling_failed"`
	ScalingAvailability   float64 `json:"scaling_availability"`
	ScalingMinutesP99Over int     `json:"scaling_minutes_p99_over"`
	ScalingP99WorstMS     float64 `json:"scaling_p99_worst_ms"`
	ScalingP99MeanMS      float64 `json:"scaling_p99_mean_ms"`
	// Scale-outs: from desired capacity raised to as many instances serving.
	ScaleOuts       int     `json:"scale_outs"`
	ScaleOutMedianS float64 `json:"scale_out_median_s"`
	ScaleOutWorstS  float64 `json:"scale_out_worst_s"`
	ScaleOutsOver2m int     `json:"scale_outs_over_2m"`

	p99Sum, scalingP99Sum float64
	p99N, scalingP99N     int
	scaleOuts             []float64 // seconds
}

type ledgerBook struct {
	from   time.Time
	groups map[string]*LedgerEntry
}

type ledgerState struct {
	on        bool
	threshold time.Duration
	start     *ledgerBook
	mark      *ledgerBook
	lastFine  time.Time
	hour      int64
	prices    map[priceKey]float64 // this hour's Spot prices

	// reused by every minute, so a minute allocates nothing in steady state
	owners map[string]int // target group ARN -> groups it is attached to
	served map[string]tgMinuteServed
	ser    map[tgLB]*tgLBSeries
}

type priceKey struct{ itype, az string }

func newLedgerBook(from time.Time) *ledgerBook {
	return &ledgerBook{from: from, groups: map[string]*LedgerEntry{}}
}

// ledgerOn starts the books at Options.Start; ticks before it (the spin-up)
// are not accounted. Called with s.mu held.
func (s *Simulator) ledgerOn() bool {
	l := &s.ledger
	if l.on {
		return true
	}
	start := s.opts.Start.UTC().Truncate(time.Second)
	if s.now.Before(start) {
		return false
	}
	l.on = true
	if l.threshold == 0 {
		l.threshold = DefaultP99Threshold
	}
	l.start = newLedgerBook(start)
	l.lastFine = start
	return true
}

func (l *ledgerState) books(f func(*ledgerBook)) {
	f(l.start)
	if l.mark != nil {
		f(l.mark)
	}
}

func (b *ledgerBook) entry(g *group) *LedgerEntry {
	e := b.groups[g.name]
	if e == nil {
		e = &LedgerEntry{Tier: tierOf(g)}
		b.groups[g.name] = e
	}
	return e
}

func tierOf(g *group) string {
	for _, t := range g.tags {
		if t.key == "Tier" {
			return t.value
		}
	}
	return ""
}

// ledgerFine bills every running instance for the time since the last
// fine tick. Called after each fine tick with s.mu held.
func (s *Simulator) ledgerFine() {
	if !s.ledgerOn() {
		return
	}
	l := &s.ledger
	dt := s.now.Sub(l.lastFine).Seconds()
	from := l.lastFine
	l.lastFine = s.now
	if dt <= 0 {
		return
	}
	s.ledgerScaling()
	// the tick is billed at the Spot price of the hour it began in
	if h := from.Unix() / 3600; h != l.hour || l.prices == nil {
		l.hour, l.prices = h, map[priceKey]float64{}
	}
	for _, name := range s.groupNames {
		g := s.groups[name]
		var od, spot, odUSD, spotUSD float64
		for _, in := range g.insts {
			if in.ec2State != "running" {
				continue
			}
			if in.spot {
				spot += dt
				spotUSD += dt / 3600 * l.spotPrice(s, in)
			} else {
				od += dt
				odUSD += dt / 3600 * typeInfo(in.itype).onDemand
			}
		}
		l.books(func(b *ledgerBook) {
			e := b.entry(g)
			e.InstanceSeconds += od + spot
			e.SpotInstanceSeconds += spot
			e.OnDemandUSD += odUSD
			e.SpotUSD += spotUSD
		})
	}
}

func (l *ledgerState) spotPrice(s *Simulator, in *instance) float64 {
	k := priceKey{in.itype, in.az}
	p, ok := l.prices[k]
	if !ok {
		p = s.spotPrice(in.itype, in.az, l.hour)
		l.prices[k] = p
	}
	return p
}

// tgMinuteServed is what one target group served in a minute.
type tgMinuteServed struct {
	requests, failed, p99 float64
	hasP99                bool
}

// tgLB is a target group behind one load balancer: the pair its metrics
// are published under.
type tgLB struct {
	tg *targetGroup
	lb *loadBalancer
}

// seriesRef caches a series the ledger reads, so a minute builds no keys;
// one not published yet is looked up again an hour later.
type seriesRef struct {
	s     *series
	tried int64 // the minute it was last looked up
	once  bool
}

// tgLBSeries is what the ledger reads of a pair.
type tgLBSeries struct{ req, errT, lat seriesRef }

// ledgerMinute adds the minute just published (the one before the clock's)
// to each group's requests, failures and slow minutes. Called after each
// minute tick with s.mu held.
func (s *Simulator) ledgerMinute() {
	if !s.ledgerOn() {
		return
	}
	l := &s.ledger
	mi := minuteOf(s.now) - 1
	if time.Unix(mi*60, 0).Before(l.start.from) {
		return
	}
	if l.owners == nil {
		l.owners, l.served = map[string]int{}, map[string]tgMinuteServed{}
	}
	clear(l.owners)
	for _, name := range s.groupNames {
		for _, arn := range s.groups[name].tgARNs {
			l.owners[arn]++
		}
	}
	s.servedByTG(mi)
	thr := float64(l.threshold) / float64(time.Millisecond)
	for _, name := range s.groupNames {
		g := s.groups[name]
		scaling := g.changing
		g.changing = false
		var req, failed, p99 float64
		slow, seen, hasP99 := false, false, false
		for _, arn := range g.tgARNs {
			m, ok := l.served[arn]
			if !ok {
				continue
			}
			share := 1 / float64(l.owners[arn])
			req += m.requests * share
			failed += m.failed * share
			if m.hasP99 {
				p99 = math.Max(p99, m.p99)
				slow = slow || m.p99 > thr
				hasP99 = true
			}
			seen = true
		}
		if !seen {
			continue
		}
		l.books(func(b *ledgerBook) {
			if time.Unix((mi+1)*60, 0).After(b.from) {
				b.entry(g).addMinute(req, failed, p99, hasP99, slow, scaling)
			}
		})
	}
}

// servedByTG fills l.served with the minute mi each application target
// group published, and the 5xx its load balancers answered themselves for
// its requests (publishELB keeps them per target group).
func (s *Simulator) servedByTG(mi int64) {
	l := &s.ledger
	clear(l.served)
	if l.ser == nil {
		l.ser = map[tgLB]*tgLBSeries{}
	}
	for _, tg := range s.tgOrder {
		for _, lb := range tg.lbs {
			if lb.typ != "application" {
				continue
			}
			k := tgLB{tg, lb}
			x := l.ser[k]
			if x == nil {
				x = &tgLBSeries{}
				l.ser[k] = x
			}
			dims := func() []dim { return []dim{{"LoadBalancer", lb.dimension}, {"TargetGroup", tg.dimension}} }
			req, _ := s.ledgerRead(&x.req, "RequestCount", "Sum", mi, dims)
			errT, _ := s.ledgerRead(&x.errT, "HTTPCode_Target_5XX_Count", "Sum", mi, dims)
			m := l.served[tg.arn]
			m.requests += req
			m.failed += errT
			if p, ok := s.ledgerRead(&x.lat, "TargetResponseTime", "p99", mi, dims); ok {
				m.p99 = math.Max(m.p99, p*1000)
				m.hasP99 = true
			}
			l.served[tg.arn] = m
		}
		if e := tg.tr.elb5xx; e.minute == mi && e.n > 0 && tg.hasALB() {
			m := l.served[tg.arn]
			m.requests += e.n
			m.failed += e.n
			l.served[tg.arn] = m
		}
	}
}

// ledgerRead reads one statistic of an ALB series for minute mi, finding
// the series the first time it exists.
func (s *Simulator) ledgerRead(ref *seriesRef, name, stat string, mi int64, dims func() []dim) (float64, bool) {
	if ref.s == nil {
		if ref.once && mi-ref.tried < 60 {
			return 0, false
		}
		ref.once, ref.tried = true, mi
		if ref.s = s.metrics.lookup(seriesKey(nsALB, name, sortDims(dims()))); ref.s == nil {
			return 0, false
		}
	}
	return s.metrics.statistic(ref.s, mi, 1, stat)
}

// Ledger returns the books as of the clock.
func (s *Simulator) Ledger() Ledger {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ledgerOn()
	l := &s.ledger
	out := Ledger{Clock: s.now, P99ThresholdMS: float64(l.threshold) / float64(time.Millisecond)}
	if l.start == nil { // only before Start, which New runs past
		return out
	}
	out.SinceStart = l.start.export(s.now)
	if l.mark != nil {
		b := l.mark.export(s.now)
		out.SinceMark = &b
	}
	return out
}

// MarkLedger starts a new "since mark" book at the clock; a positive
// threshold becomes the p99 threshold for the minutes that follow in both
// books.
func (s *Simulator) MarkLedger(threshold time.Duration) Ledger {
	s.mu.Lock()
	s.ledgerOn()
	if threshold > 0 {
		s.ledger.threshold = threshold
	}
	s.ledger.mark = newLedgerBook(s.now)
	s.mu.Unlock()
	return s.Ledger()
}

func (b *ledgerBook) export(now time.Time) LedgerBook {
	out := LedgerBook{From: b.from, Seconds: now.Sub(b.from).Seconds(), Groups: make(map[string]LedgerEntry, len(b.groups))}
	var t LedgerEntry
	for _, name := range slices.Sorted(maps.Keys(b.groups)) { // one order, so totals add up the same every time
		e := b.groups[name]
		x := *e
		x.scaleOuts = slices.Clone(e.scaleOuts)
		x.finish()
		out.Groups[name] = x
		t.merge(e)
	}
	t.finish()
	out.Total = t
	return out
}

// ledgerRoutes serves GET /_sim/ledger and POST /_sim/ledger/mark
// {"p99_threshold":"750ms"} (the body and its field are optional).
func ledgerRoutes(mux *http.ServeMux, in func(region string) (*Simulator, error)) {
	mux.HandleFunc("GET /_sim/ledger", func(w http.ResponseWriter, r *http.Request) {
		s, err := in(r.URL.Query().Get("region"))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, s.Ledger())
	})
	mux.HandleFunc("POST /_sim/ledger/mark", func(w http.ResponseWriter, r *http.Request) {
		s, err := in(r.URL.Query().Get("region"))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		var body struct {
			P99Threshold string `json:"p99_threshold"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil && !errors.Is(err, io.EOF) {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "mark takes an optional JSON object {\"p99_threshold\":\"750ms\"}: " + err.Error()})
			return
		}
		var thr time.Duration
		if body.P99Threshold != "" {
			d, err := time.ParseDuration(body.P99Threshold)
			if err != nil || d <= 0 || d > time.Minute {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("p99_threshold must be a duration between 1ms and 1m, got %q", body.P99Threshold)})
				return
			}
			thr = d
		}
		writeJSON(w, http.StatusOK, s.MarkLedger(thr))
	})
}
