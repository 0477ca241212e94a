package model

import (
	"math"
	"strings"
	"time"
)

// Point is one metric datapoint.
type Point struct {
	T time.Time `json:"time"`
	V float64   `json:"value"`
}

// Ring is a fixed-size ring buffer of points in time order. Putting a point
// whose timestamp is already held replaces it, so overlapping incremental
// fetches never duplicate data. The zero Ring holds nothing; use NewRing.
type Ring struct {
	buf  []Point
	head int // index of the oldest point
	n    int
}

// NewRing returns a ring that holds the newest size points.
func NewRing(size int) *Ring {
	if size < 1 {
		size = 1
	}
	return &Ring{buf: make([]Point, size)}
}

// Len is the number of points held.
func (r *Ring) Len() int { return r.n }

// Cap is the most points the ring holds.
func (r *Ring) Cap() int { return len(r.buf) }

func (r *Ring) at(i int) *Point { return &r.buf[(r.head+i)%len(r.buf)] }

// Put adds p, keeping time order. A point older than everything held in a
// full ring is dropped.
func (r *Ring) Put(p Point) {
	if math.IsNaN(p.V) || math.IsInf(p.V, 0) {
		return
	}
	// Find the insertion index, scanning from the newest end: fetches
	// almost always append or overwrite the last few points.
	i := r.n
	for i > 0 && r.at(i-1).T.After(p.T) {
		i--
	}
	if i > 0 && r.at(i-1).T.Equal(p.T) {
		*r.at(i - 1) = p
		return
	}
	if r.n == len(r.buf) {
		if i == 0 {
			return // older than all we keep
		}
		// Drop the oldest to make room; the insertion index shifts down.
		r.head = (r.head + 1) % len(r.buf)
		r.n--
		i--
	}
	// Shift the newer points up by one and place p.
	for j := r.n; j > i; j-- {
		*r.at(j) = *r.at(j - 1)
	}
	*r.at(i) = p
	r.n++
}

// Points returns a copy of the points, oldest first.
func (r *Ring) Points() []Point {
	out := make([]Point, r.n)
	for i := range out {
		out[i] = *r.at(i)
	}
	return out
}

// Last returns the newest point.
func (r *Ring) Last() (Point, bool) {
	if r.n == 0 {
		return Point{}, false
	}
	return *r.at(r.n - 1), true
}

// Since returns the points at or after t, oldest first.
func Since(pts []Point, t time.Time) []Point {
	for i, p := range pts {
		if !p.T.Before(t) {
			return pts[i:]
		}
	}
	return nil
}

// Last returns the newest value of a series.
func Last(pts []Point) (float64, bool) {
	if len(pts) == 0 {
		return 0, false
	}
	return pts[len(pts)-1].V, true
}

// Metric names a series the console shows for a group.
type Metric string

// The per-group series. Each maps to a CloudWatch metric in MetricSpecs.
const (
	MetricCPU          Metric = "cpu"
	MetricMemory       Metric = "memory"
	MetricRequests     Metric = "requests-per-target"
	MetricResponseTime Metric = "response-time"
	Metric5xx          Metric = "5xx"
	MetricHealthy      Metric = "healthy-hosts"
	MetricUnhealthy    Metric = "unhealthy-hosts"
	MetricDesired      Metric = "desired"
	MetricInService    Metric = "in-service"
	MetricMinSize      Metric = "min-size"
	MetricMaxSize      Metric = "max-size"
)

// SeriesKey identifies one series held by the poller.
type SeriesKey struct {
	Group  string
	Metric Metric
}

// MetricSpec is how to ask CloudWatch for one series.
type MetricSpec struct {
	Key        SeriesKey
	Namespace  string
	Name       string
	Dimensions []Dimension
	Stat       string
	Unit       string // for display: "%", "ms", "count", "req"
	Scale      float64
}

// OverviewMetrics are the series fetched for every visible group row.
var OverviewMetrics = []Metric{MetricCPU}

// DetailMetrics are the series fetched for the selected group.
var DetailMetrics = []Metric{
	MetricCPU, MetricRequests, MetricResponseTime, Metric5xx,
	MetricHealthy, MetricUnhealthy, MetricDesired, MetricInService,
	MetricMinSize, MetricMaxSize, // the capacity chart's min..max band
}

// MetricSpecs returns the CloudWatch queries behind the wanted series of g.
// Load balancer metrics use the group's first target group; a series with
// no source (an NLB has no response time, a group without a target group
// has no request count) is left out.
func MetricSpecs(g *Group, tg *TargetGroup, lb *LoadBalancer, want []Metric) []MetricSpec {
	byGroup := []Dimension{{Name: "AutoScalingGroupName", Value: g.Name}}
	var lbDims []Dimension
	ns := "AWS/ApplicationELB"
	if tg != nil && lb != nil {
		lbDims = []Dimension{
			{Name: "TargetGroup", Value: TargetGroupDimension(tg.ARN)},
			{Name: "LoadBalancer", Value: LoadBalancerDimension(lb.ARN)},
		}
		if lb.Type == LBNetwork {
			ns = "AWS/NetworkELB"
		}
	}
	var out []MetricSpec
	add := func(m Metric, namespace, name string, dims []Dimension, stat, unit string, scale float64) {
		out = append(out, MetricSpec{Key: SeriesKey{g.Name, m}, Namespace: namespace, Name: name,
			Dimensions: dims, Stat: stat, Unit: unit, Scale: scale})
	}
	for _, m := range want {
		switch m {
		case MetricCPU:
			add(m, "AWS/EC2", "CPUUtilization", byGroup, "Average", "%", 1)
		case MetricMemory:
			add(m, "CWAgent", "mem_used_percent", byGroup, "Average", "%", 1)
		case MetricDesired:
			add(m, "AWS/AutoScaling", "GroupDesiredCapacity", byGroup, "Average", "", 1)
		case MetricInService:
			add(m, "AWS/AutoScaling", "GroupInServiceInstances", byGroup, "Average", "", 1)
		case MetricMinSize:
			add(m, "AWS/AutoScaling", "GroupMinSize", byGroup, "Average", "", 1)
		case MetricMaxSize:
			add(m, "AWS/AutoScaling", "GroupMaxSize", byGroup, "Average", "", 1)
		case MetricHealthy:
			if lbDims != nil {
				add(m, ns, "HealthyHostCount", lbDims, "Average", "", 1)
			}
		case MetricUnhealthy:
			if lbDims != nil {
				add(m, ns, "UnHealthyHostCount", lbDims, "Average", "", 1)
			}
		case MetricRequests:
			if lbDims != nil && lb.Type == LBApplication {
				add(m, ns, "RequestCountPerTarget", lbDims[:1], "Sum", "req", 1)
			}
		case MetricResponseTime:
			if lbDims != nil && lb.Type == LBApplication {
				add(m, ns, "TargetResponseTime", lbDims, "Average", "ms", 1000)
			}
		case Metric5xx:
			if lbDims != nil && lb.Type == LBApplication {
				add(m, ns, "HTTPCode_Target_5XX_Count", lbDims, "Sum", "", 1)
			}
		}
	}
	return out
}

// TargetGroupDimension returns the TargetGroup dimension value CloudWatch
// uses for a target group ARN: "targetgroup/<name>/<id>".
func TargetGroupDimension(arn string) string {
	if i := strings.Index(arn, "targetgroup/"); i >= 0 {
		return arn[i:]
	}
	return arn
}

// LoadBalancerDimension returns the LoadBalancer dimension value CloudWatch
// uses for a load balancer ARN: "app/<name>/<id>" or "net/<name>/<id>".
func LoadBalancerDimension(arn string) string {
	if i := strings.Index(arn, "loadbalancer/"); i >= 0 {
		return arn[i+len("loadbalancer/"):]
	}
	return arn
}
