package model

import (
	"strings"
	"time"
)

// The load balancer screen's series: asked for only for the load
// balancers on screen (Visible.LoadBalancers), so the console's
// CloudWatch spend does not grow with the number of load balancers.
const (
	MetricLBRequests     Metric = "elb-requests"             // RequestCount, Sum
	MetricLBPerTarget    Metric = "elb-requests-per-target"  // RequestCountPerTarget, Sum
	MetricLBResponseP50  Metric = "elb-response-p50"         // TargetResponseTime p50, ms
	MetricLBResponseP99  Metric = "elb-response-p99"         // TargetResponseTime p99, ms
	MetricLBTarget5xx    Metric = "elb-target-5xx"           // HTTPCode_Target_5XX_Count, Sum
	MetricLBELB5xx       Metric = "elb-5xx"                  // HTTPCode_ELB_5XX_Count, Sum
	MetricLBRejected     Metric = "elb-rejected-connections" // RejectedConnectionCount, Sum
	MetricLBActiveFlows  Metric = "elb-active-flows"         // NLB ActiveFlowCount, Average
	MetricLBTargetResets Metric = "elb-target-resets"        // NLB TCP_Target_Reset_Count, Sum
	MetricLBResets       Metric = "elb-resets"               // NLB TCP_ELB_Reset_Count, Sum
)

// lbScopeMark starts the Group of a load balancer series key: no Auto
// Scaling group name can hold a NUL (their pattern starts at U+0020), so
// the two kinds of key never meet.
const lbScopeMark = "\x00elb"

// LBSeriesKey is the key of a load balancer series: the whole load
// balancer (tg and zone ""), one of its zones, or one of its target
// groups (the RequestCountPerTarget series has tg and no lb).
func LBSeriesKey(lb, tg, zone string, m Metric) SeriesKey {
	return SeriesKey{Group: lbScopeMark + "\x00" + lb + "\x00" + tg + "\x00" + zone, Metric: m}
}

// LBScope reads a key made by LBSeriesKey; ok is false for a group's key.
func LBScope(k SeriesKey) (lb, tg, zone string, ok bool) {
	rest, ok := strings.CutPrefix(k.Group, lbScopeMark+"\x00")
	if !ok {
		return "", "", "", false
	}
	parts := strings.SplitN(rest, "\x00", 3)
	if len(parts) != 3 {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

// LBChart is one chart of the load balancer screen: a title, its unit and
// the series drawn in it.
type LBChart struct {
	Title  string
	Unit   string
	Series []LBChartSeries
}

// LBChartSeries is one line of an LBChart.
type LBChartSeries struct {
	Label string
	Key   SeriesKey
}

// LBCharts are the charts of a load balancer: requests, response time
// (p50 and p99), 5xx from the targets and from the load balancer itself
// and rejected connections for an ALB; active flows and TCP resets for an
// NLB.
func LBCharts(lb *LoadBalancer) []LBChart {
	k := func(m Metric) SeriesKey { return LBSeriesKey(lb.ARN, "", "", m) }
	if lb.Type == LBNetwork {
		return []LBChart{
			{"active flows", "", []LBChartSeries{{"active", k(MetricLBActiveFlows)}}},
			{"TCP resets", "", []LBChartSeries{{"by targets", k(MetricLBTargetResets)}, {"by the load balancer", k(MetricLBResets)}}},
		}
	}
	return []LBChart{
		{"requests", "req", []LBChartSeries{{"requests", k(MetricLBRequests)}}},
		{"target response time", "ms", []LBChartSeries{{"p50", k(MetricLBResponseP50)}, {"p99", k(MetricLBResponseP99)}}},
		{"HTTP 5xx", "", []LBChartSeries{{"from targets", k(MetricLBTarget5xx)}, {"from the load balancer", k(MetricLBELB5xx)}}},
		{"rejected connections", "", []LBChartSeries{{"rejected", k(MetricLBRejected)}}},
	}
}

// LBMetricSpecs are the CloudWatch queries behind a load balancer's
// charts and load distribution: its own series, its requests (active
// flows on an NLB) by zone, and for an ALB each target group's requests
// and requests per target. tgs are the target groups it forwards to.
func LBMetricSpecs(lb *LoadBalancer, tgs []*TargetGroup) []MetricSpec {
	lbDim := Dimension{Name: "LoadBalancer", Value: LoadBalancerDimension(lb.ARN)}
	ns := "AWS/ApplicationELB"
	if lb.Type == LBNetwork {
		ns = "AWS/NetworkELB"
	}
	var out []MetricSpec
	add := func(key SeriesKey, name, stat, unit string, scale float64, dims ...Dimension) {
		out = append(out, MetricSpec{Key: key, Namespace: ns, Name: name, Dimensions: dims, Stat: stat, Unit: unit, Scale: scale})
	}
	whole := func(m Metric) SeriesKey { return LBSeriesKey(lb.ARN, "", "", m) }
	if lb.Type == LBNetwork {
		add(whole(MetricLBActiveFlows), "ActiveFlowCount", "Average", "", 1, lbDim)
		add(whole(MetricLBTargetResets), "TCP_Target_Reset_Count", "Sum", "", 1, lbDim)
		add(whole(MetricLBResets), "TCP_ELB_Reset_Count", "Sum", "", 1, lbDim)
		for _, z := range lb.AZs {
			add(LBSeriesKey(lb.ARN, "", z, MetricLBActiveFlows), "ActiveFlowCount", "Average", "", 1, lbDim, zoneDim(z))
		}
		return out
	}
	add(whole(MetricLBRequests), "RequestCount", "Sum", "req", 1, lbDim)
	add(whole(MetricLBResponseP50), "TargetResponseTime", "p50", "ms", 1000, lbDim)
	add(whole(MetricLBResponseP99), "TargetResponseTime", "p99", "ms", 1000, lbDim)
	add(whole(MetricLBTarget5xx), "HTTPCode_Target_5XX_Count", "Sum", "", 1, lbDim)
	add(whole(MetricLBELB5xx), "HTTPCode_ELB_5XX_Count", "Sum", "", 1, lbDim)
	add(whole(MetricLBRejected), "RejectedConnectionCount", "Sum", "", 1, lbDim)
	for _, z := range lb.AZs {
		add(LBSeriesKey(lb.ARN, "", z, MetricLBRequests), "RequestCount", "Sum", "req", 1, lbDim, zoneDim(z))
	}
	for _, tg := range tgs {
		tgDim := Dimension{Name: "TargetGroup", Value: TargetGroupDimension(tg.ARN)}
		add(LBSeriesKey(lb.ARN, tg.ARN, "", MetricLBRequests), "RequestCount", "Sum", "req", 1, tgDim, lbDim)
		add(LBSeriesKey("", tg.ARN, "", MetricLBPerTarget), "RequestCountPerTarget", "Sum", "req", 1, tgDim)
	}
	return out
}

func zoneDim(z string) Dimension { return Dimension{Name: "AvailabilityZone", Value: z} }

// Share is one part of a load balancer's load over a window: a zone or a
// target group, its total and its share of the whole (0 to 1).
type Share struct {
	Name  string // the zone, or the target group's name
	ARN   string // the target group's ARN; "" for a zone
	Total float64
	Share float64
}

// Evenness compares the busiest part of the load with an even share:
// Ratio 1 is perfectly even, 2 is twice an even share.
type Evenness struct {
	Busiest string  // the busiest zone
	Share   float64 // its share, 0 to 1
	Even    float64 // an even share: 1 / the load balancer's zones
	Ratio   float64 // Share / Even
	Judged  bool    // enough load to judge (unevenMinimum over the window)
}

// unevenMinimum is the least load over a window (requests, or flow
// minutes on an NLB) for its spread to mean anything: at a handful of
// requests any split looks uneven.
const unevenMinimum = 1000

// Distribution is how a load balancer's load spread over the window:
// requests by zone and by target group and requests per target for an
// ALB, active flows by zone for an NLB. Read is false when its series
// were not fetched (it was not on screen).
type Distribution struct {
	Window       time.Duration
	Measure      string // "requests" or "active flows"
	Zones        []Share
	TargetGroups []Share
	// PerTarget is each target group's requests per target (the sum of
	// RequestCountPerTarget over the window), in the order of TargetGroups.
	PerTarget []Share
	Evenness  Evenness
	Read      bool
}

// DistributionOf is lb's load over the window ending at serverNow (0: all
// the points held), from the series in s. tgs are its target groups.
func DistributionOf(s *Snapshot, lb *LoadBalancer, tgs []*TargetGroup, window time.Duration, serverNow time.Time) Distribution {
	d := Distribution{Window: window, Measure: "requests"}
	m := MetricLBRequests
	if lb.Type == LBNetwork {
		d.Measure, m = "active flows", MetricLBActiveFlows
	}
	from := time.Time{}
	if window > 0 {
		from = serverNow.Add(-window)
	}
	total := func(k SeriesKey) (float64, bool) {
		pts, ok := s.Series[k]
		if !ok {
			return 0, false
		}
		v := 0.0
		for _, p := range Since(pts, from) {
			v += p.V
		}
		return v, true
	}
	for _, z := range lb.AZs {
		if v, ok := total(LBSeriesKey(lb.ARN, "", z, m)); ok {
			d.Zones = append(d.Zones, Share{Name: z, Total: v})
			d.Read = true
		}
	}
	for _, tg := range tgs {
		if v, ok := total(LBSeriesKey(lb.ARN, tg.ARN, "", m)); ok {
			d.TargetGroups = append(d.TargetGroups, Share{Name: tg.Name, ARN: tg.ARN, Total: v})
			per, _ := total(LBSeriesKey("", tg.ARN, "", MetricLBPerTarget))
			d.PerTarget = append(d.PerTarget, Share{Name: tg.Name, ARN: tg.ARN, Total: per})
		}
	}
	shares(d.Zones)
	shares(d.TargetGroups)
	d.Evenness = evenness(d.Zones)
	return d
}

// shares fills each part's share of the whole.
func shares(ps []Share) {
	sum := 0.0
	for _, p := range ps {
		sum += p.Total
	}
	for i := range ps {
		if sum > 0 {
			ps[i].Share = ps[i].Total / sum
		}
	}
}

// evenness compares the busiest zone with an even share among the load
// balancer's zones: a zone that took nothing counts, as its node is in
// the load balancer's DNS name all the same.
func evenness(zones []Share) Evenness {
	var e Evenness
	sum := 0.0
	for _, z := range zones {
		sum += z.Total
		if z.Total > 0 && (e.Busiest == "" || z.Share > e.Share) {
			e.Busiest, e.Share = z.Name, z.Share
		}
	}
	if sum <= 0 {
		return Evenness{}
	}
	e.Even = 1 / float64(len(zones))
	e.Ratio = e.Share / e.Even
	e.Judged = len(zones) > 1 && sum >= unevenMinimum
	return e
}
