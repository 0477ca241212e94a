package insight

import (
	"slices"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// What the cleanup rules read beyond the groups' series, as specs for the
// adapter's MetricHistory and conversions of what it returns.

const (
	keyAlarmData model.Metric = "insight:alarm-data"
	keyLBHealthy model.Metric = "insight:lb-healthy"
	cleanupSep                = "\x00"
)

// AlarmDataSince is how long an alarm's metric must have had no data
// for the alarm to be reported: ListMetrics' two weeks.
const AlarmDataSince = CleanupAge

// AlarmMetricSpecs asks for the datapoints of every alarm's metric (one
// per distinct metric; metric-math alarms have none to ask for), to read
// over AlarmDataSince at a day: a metric with none no longer reports.
func AlarmMetricSpecs(alarms []model.Alarm) []model.MetricSpec {
	var out []model.MetricSpec
	seen := map[string]bool{}
	for _, a := range alarms {
		if a.Metric == "" {
			continue
		}
		id := MetricID(a.Namespace, a.Metric, a.Dimensions)
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, model.MetricSpec{Key: model.SeriesKey{Group: id, Metric: keyAlarmData}, Namespace: a.Namespace,
			Name: a.Metric, Dimensions: a.Dimensions, Stat: "SampleCount", Scale: 1})
	}
	return out
}

// ReportingOf is CleanupInput.Reporting from what AlarmMetricSpecs read:
// the metrics with a datapoint.
func ReportingOf(data map[model.SeriesKey][]model.Point) map[string]bool {
	out := map[string]bool{}
	for k, pts := range data {
		if k.Metric != keyAlarmData {
			continue
		}
		for _, p := range pts {
			if p.V > 0 {
				out[k.Group] = true
				break
			}
		}
	}
	return out
}

// LBHealthySpecs asks for the healthy hosts of every target group behind
// each load balancer (the most in a period), for CleanupInput.Healthy.
func LBHealthySpecs(lbs []model.LoadBalancer, tgs []model.TargetGroup) []model.MetricSpec {
	typ := map[string]string{}
	for _, lb := range lbs {
		typ[lb.ARN] = lb.Type
	}
	var out []model.MetricSpec
	for _, tg := range tgs {
		for _, arn := range tg.LoadBalancerARNs {
			t, ok := typ[arn]
			if !ok {
				continue
			}
			ns := "AWS/ApplicationELB"
			if t == model.LBNetwork {
				ns = "AWS/NetworkELB"
			}
			out = append(out, model.MetricSpec{Key: model.SeriesKey{Group: arn + cleanupSep + tg.ARN, Metric: keyLBHealthy},
				Namespace: ns, Name: "HealthyHostCount", Stat: "Maximum", Scale: 1, Dimensions: []model.Dimension{
					{Name: "TargetGroup", Value: model.TargetGroupDimension(tg.ARN)},
					{Name: "LoadBalancer", Value: model.LoadBalancerDimension(arn)},
				}})
		}
	}
	return out
}

// HealthyByLB sums what LBHealthySpecs read per load balancer and period:
// CleanupInput.Healthy. A load balancer whose target groups published
// nothing is present with no points (read, and never healthy).
func HealthyByLB(specs []model.MetricSpec, data map[model.SeriesKey][]model.Point) map[string][]model.Point {
	sums := map[string]map[time.Time]float64{}
	for _, sp := range specs {
		lb, _, _ := strings.Cut(sp.Key.Group, cleanupSep)
		if sums[lb] == nil {
			sums[lb] = map[time.Time]float64{}
		}
		for _, p := range data[sp.Key] {
			sums[lb][p.T] += p.V
		}
	}
	out := map[string][]model.Point{}
	for lb, byT := range sums {
		pts := []model.Point{}
		for t, v := range byT {
			pts = append(pts, model.Point{T: t, V: v})
		}
		slices.SortFunc(pts, func(a, b model.Point) int { return a.T.Compare(b.T) })
		out[lb] = pts
	}
	return out
}

// TemplateVersionsOf lists the versions of the templates the adapter read.
func TemplateVersionsOf(lts []model.LaunchTemplate) []TemplateVersion {
	var out []TemplateVersion
	for _, lt := range lts {
		for _, v := range lt.Versions {
			out = append(out, TemplateVersion{Template: templateName(lt), Version: int(v.Number),
				Default: v.Number == lt.Default || v.Default, Latest: v.Number == lt.Latest})
		}
	}
	return out
}

// TemplatesInUse are the versions the groups launch from, named as
// TemplateVersionsOf names their templates.
func TemplatesInUse(groups []model.Group, lts []model.LaunchTemplate) []TemplateRef {
	byID := map[string]string{}
	for _, lt := range lts {
		byID[lt.ID] = templateName(lt)
	}
	var out []TemplateRef
	for _, g := range groups {
		l := g.Launch
		name := l.TemplateName
		if n, ok := byID[l.TemplateID]; ok {
			name = n
		}
		if name == "" {
			continue
		}
		v := l.Version
		if v == "" {
			v = "$Default"
		}
		out = append(out, TemplateRef{Template: name, Version: v})
	}
	return out
}

// TemplateRefs are the groups' launch templates as the adapter reads them:
// an id, or "name:" and a name.
func TemplateRefs(groups []model.Group) []string {
	var out []string
	for _, g := range groups {
		switch l := g.Launch; {
		case l.TemplateID != "":
			out = append(out, l.TemplateID)
		case l.TemplateName != "":
			out = append(out, "name:"+l.TemplateName)
		}
	}
	return out
}

func templateName(lt model.LaunchTemplate) string {
	if lt.Name != "" {
		return lt.Name
	}
	return lt.ID
}

// UnattachedTargetGroups are the target groups no group sends its
// instances to: the ones whose targets cleanup must read (a group's own
// target group holds its instances).
func UnattachedTargetGroups(groups []model.Group, tgs []model.TargetGroup) []model.TargetGroup {
	attached := map[string]bool{}
	for _, g := range groups {
		for _, arn := range g.TargetGroupARNs {
			attached[arn] = true
		}
	}
	var out []model.TargetGroup
	for _, tg := range tgs {
		if !attached[tg.ARN] {
			out = append(out, tg)
		}
	}
	return out
}
