package insight

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// Kinds of cleanup finding.
const (
	FindEmptyTargetGroup = "empty-target-group"
	FindIdleLoadBalancer = "idle-load-balancer"
	FindGroupAtZero      = "group-at-zero"
	FindAlarmNoMetric    = "alarm-without-metric"
	FindUnusedLTVersion  = "unused-launch-template-version"
)

// CleanupAge is how long a resource must have been unused to be reported.
const CleanupAge = 14 * 24 * time.Hour

// What idle resources cost a month in us-east-1: a load balancer's hourly
// charge (its LCUs are zero when idle) and a standard-resolution alarm.
const (
	LoadBalancerPerMonth = 0.0225 * HoursPerMonth
	AlarmPerMonth        = 0.10
)

// Finding is something unused. It is reported, never deleted: Change is
// the removal a plan would make.
type Finding struct {
	Kind           string  `json:"kind"`
	Resource       string  `json:"resource"`
	Evidence       string  `json:"evidence"`
	SavingPerMonth float64 `json:"saving_per_month_usd"`
	Change         Change  `json:"change"`
}

// TemplateVersion is one version of a launch template.
type TemplateVersion struct {
	Template string `json:"template"`
	Version  int    `json:"version"`
	Default  bool   `json:"default"`
	Latest   bool   `json:"latest"`
}

// TemplateRef is a launch template version a group launches from:
// a number, "$Latest" or "$Default".
type TemplateRef struct {
	Template string `json:"template"`
	Version  string `json:"version"`
}

// CleanupInput is what the cleanup rules look at.
type CleanupInput struct {
	Window        Window
	Groups        []GroupData
	TargetGroups  []model.TargetGroup // with their targets fetched
	LoadBalancers []model.LoadBalancer
	// Healthy is each load balancer's healthy targets over the window
	// (HealthyHostCount of its target groups, summed), by ARN.
	Healthy map[string][]model.Point
	Alarms  []model.Alarm
	// Reporting holds the MetricID of every metric with data in the last
	// two weeks (what ListMetrics lists); nil when it was not read.
	Reporting map[string]bool
	Templates []TemplateVersion
	InUse     []TemplateRef
}

// MetricID names a metric by namespace, name and dimensions (in any
// order), to match an alarm with ListMetrics.
func MetricID(namespace, name string, dims []model.Dimension) string {
	parts := make([]string, 0, len(dims))
	for _, d := range dims {
		parts = append(parts, d.Name+"="+d.Value)
	}
	slices.Sort(parts)
	return namespace + "|" + name + "|" + strings.Join(parts, ",")
}

// Cleanup lists the unused resources, in a stable order.
func Cleanup(in CleanupInput) []Finding {
	var out []Finding
	for _, tg := range in.TargetGroups {
		if !tg.TargetsFetched.IsZero() && len(tg.Targets) == 0 {
			out = append(out, Finding{Kind: FindEmptyTargetGroup, Resource: tg.Name,
				Evidence: "no targets registered", Change: Change{Op: OpRemove, Resource: ResTargetGroup, Name: tg.Name}})
		}
	}
	if in.Window.Duration() >= CleanupAge {
		out = append(out, idleLoadBalancers(in)...)
		out = append(out, groupsAtZero(in)...)
	}
	if in.Reporting != nil {
		for _, a := range in.Alarms {
			if a.Metric == "" || in.Reporting[MetricID(a.Namespace, a.Metric, a.Dimensions)] {
				continue // a metric-math alarm, or one whose metric reports
			}
			out = append(out, Finding{Kind: FindAlarmNoMetric, Resource: a.Name, SavingPerMonth: AlarmPerMonth,
				Evidence: fmt.Sprintf("%s %s has had no datapoint for two weeks", a.Namespace, a.Metric),
				Change:   Change{Op: OpRemove, Resource: ResAlarm, Name: a.Name}})
		}
	}
	return append(out, unusedVersions(in)...)
}

func idleLoadBalancers(in CleanupInput) []Finding {
	var out []Finding
	for _, lb := range in.LoadBalancers {
		pts, seen := in.Healthy[lb.ARN]
		if !seen {
			continue // not read: say nothing
		}
		idle := true
		for _, p := range pts {
			if in.Window.Contains(p.T) && p.V > 0 {
				idle = false
				break
			}
		}
		if idle {
			out = append(out, Finding{Kind: FindIdleLoadBalancer, Resource: lb.Name, SavingPerMonth: LoadBalancerPerMonth,
				Evidence: fmt.Sprintf("no healthy target for %s", model.ShortDuration(in.Window.Duration())),
				Change:   Change{Op: OpRemove, Resource: ResLoadBalancer, Name: lb.Name}})
		}
	}
	return out
}

func groupsAtZero(c CleanupInput) []Finding {
	var out []Finding
	for _, d := range c.Groups {
		g := d.Group
		if g.Desired != 0 || len(g.Instances) > 0 {
			continue
		}
		w := c.Window
		at := in(d.Series.Desired, w)
		zero := len(at) > 0 && at[0].T.Sub(w.From) < time.Hour // zero since the window began
		for _, p := range at {
			if p.V > 0 {
				zero = false
				break
			}
		}
		if len(at) == 0 && !g.Created.IsZero() && w.To.Sub(g.Created) >= CleanupAge {
			zero = true // no metrics collection: judge by its age
		}
		if zero {
			out = append(out, Finding{Kind: FindGroupAtZero, Resource: g.Name,
				Evidence: fmt.Sprintf("desired capacity 0 for %s", model.ShortDuration(w.Duration())),
				Change:   Change{Op: OpRemove, Resource: ResGroup, Group: g.Name}})
		}
	}
	return out
}

// unusedVersions: one finding per template, naming every version of it
// that is neither its default nor its latest and that no group launches.
func unusedVersions(in CleanupInput) []Finding {
	used := map[string]bool{}
	for _, r := range in.InUse {
		used[r.Template+"\x00"+r.Version] = true
	}
	var order []string
	unused := map[string][]int{}
	for _, v := range in.Templates {
		n := strconv.Itoa(v.Version)
		if used[v.Template+"\x00"+n] || v.Default && used[v.Template+"\x00$Default"] || v.Latest && used[v.Template+"\x00$Latest"] {
			continue
		}
		if v.Default || v.Latest {
			continue // the versions a template resolves to stay
		}
		if _, ok := unused[v.Template]; !ok {
			order = append(order, v.Template)
		}
		unused[v.Template] = append(unused[v.Template], v.Version)
	}
	var out []Finding
	for _, t := range order {
		vs := unused[t]
		slices.Sort(vs)
		list, them := versionList(vs), "them"
		word := "versions "
		if len(vs) == 1 {
			word, them = "version ", "it"
		}
		out = append(out, Finding{Kind: FindUnusedLTVersion, Resource: t + " " + word + list,
			Evidence: "neither default nor latest, and no group launches " + them,
			Change:   Change{Op: OpRemove, Resource: ResLaunchTemplate, Name: t, Fields: []model.FieldChange{field("versions", list, "")}}})
	}
	return out
}

// versionList writes sorted version numbers with runs as ranges: "1-4, 6".
func versionList(vs []int) string {
	var parts []string
	for i := 0; i < len(vs); {
		j := i
		for j+1 < len(vs) && vs[j+1] == vs[j]+1 {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, strconv.Itoa(vs[i]))
		case j == i+1:
			parts = append(parts, strconv.Itoa(vs[i]), strconv.Itoa(vs[j]))
		default:
			parts = append(parts, strconv.Itoa(vs[i])+"-"+strconv.Itoa(vs[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}
