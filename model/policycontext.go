package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Checking a policy against the group it is for: the target group a
// request-count policy follows is picked from the group's own, never
// typed as a label, and a memory or custom metric must have data.

// MetricID names one CloudWatch metric with its dimensions, as ListMetrics
// returns it.
type MetricID struct {
	Namespace  string      `json:"namespace"`
	Name       string      `json:"name"`
	Dimensions []Dimension `json:"dimensions,omitempty"`
}

// Matches reports whether m is namespace/name with exactly dims.
func (m MetricID) Matches(namespace, name string, dims map[string]string) bool {
	if m.Namespace != namespace || m.Name != name || len(m.Dimensions) != len(dims) {
		return false
	}
	for _, d := range m.Dimensions {
		if v, ok := dims[d.Name]; !ok || v != d.Value {
			return false
		}
	}
	return true
}

// CustomMetricOf is m as a custom metric with statistic stat.
func (m MetricID) CustomMetricOf(stat string) *CustomMetric {
	c := &CustomMetric{Namespace: m.Namespace, Metric: m.Name, Statistic: stat}
	if len(m.Dimensions) > 0 {
		c.Dimensions = map[string]string{}
		for _, d := range m.Dimensions {
			c.Dimensions[d.Name] = d.Value
		}
	}
	return c
}

// TargetGroupChoice is one target group a request-count policy of a group
// can follow: attached to the group, behind an Application Load Balancer.
type TargetGroupChoice struct {
	Name, ARN    string
	LoadBalancer string // its name
	Label        string // the resource label AWS takes
}

// PolicyContext is what checking a policy against its group needs.
type PolicyContext struct {
	Group *Group
	// TargetGroups and LoadBalancers are the account's, as the snapshot
	// holds them (only the group's own are used).
	TargetGroups  []TargetGroup
	LoadBalancers []LoadBalancer
	// Metrics are the metrics with data in the last two weeks for the
	// group's dimension (ListMetrics); nil when they were not read.
	Metrics []MetricID
}

// PolicyContextOf is the context of group g in snapshot s, with the
// metrics read for it (nil when not read).
func PolicyContextOf(s *Snapshot, g *Group, metrics []MetricID) PolicyContext {
	return PolicyContext{Group: g, TargetGroups: s.TargetGroups, LoadBalancers: s.LoadBalancers, Metrics: metrics}
}

// TargetGroupChoices lists the target groups a request-count policy of
// the group can follow, by name.
func (c PolicyContext) TargetGroupChoices() []TargetGroupChoice {
	var out []TargetGroupChoice
	if c.Group == nil {
		return nil
	}
	for _, tg := range c.TargetGroups {
		if !slices.Contains(c.Group.TargetGroupARNs, tg.ARN) {
			continue
		}
		for _, lbARN := range tg.LoadBalancerARNs {
			i := slices.IndexFunc(c.LoadBalancers, func(lb LoadBalancer) bool { return lb.ARN == lbARN })
			if i < 0 || c.LoadBalancers[i].Type != LBApplication {
				continue
			}
			out = append(out, TargetGroupChoice{Name: tg.Name, ARN: tg.ARN, LoadBalancer: c.LoadBalancers[i].Name,
				Label: ResourceLabelOf(lbARN, tg.ARN)})
			break
		}
	}
	slices.SortFunc(out, func(a, b TargetGroupChoice) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// pickTargetGroup is the choice named, or the group's only one.
func (c PolicyContext) pickTargetGroup(field, name string) (TargetGroupChoice, error) {
	choices := c.TargetGroupChoices()
	names := make([]string, len(choices))
	for i, ch := range choices {
		names[i] = ch.Name
	}
	switch {
	case len(choices) == 0:
		return TargetGroupChoice{}, fieldErr(field, "%s has no target group behind an Application Load Balancer, so it has no request count to follow", c.Group.Name)
	case name == "" && len(choices) > 1:
		return TargetGroupChoice{}, fieldErr(field, "%s has %d target groups: pick the one to follow (%s)", c.Group.Name, len(choices), strings.Join(names, ", "))
	case name == "":
		return choices[0], nil
	}
	for _, ch := range choices {
		if ch.Name == name || ch.ARN == name || ch.Label == name {
			return ch, nil
		}
	}
	return TargetGroupChoice{}, fieldErr(field, "target group %s is not one of %s's behind an Application Load Balancer (%s)",
		name, c.Group.Name, strings.Join(names, ", "))
}

// published reports whether the group publishes the metric, and whether
// that is known.
func (c PolicyContext) published(m *CustomMetric) (has, known bool) {
	if c.Metrics == nil {
		return false, false
	}
	for _, id := range c.Metrics {
		if id.Matches(m.Namespace, m.Metric, m.Dimensions) {
			return true, true
		}
	}
	return false, true
}

// Resolve checks spec against the group and returns it with the resource
// label of its target group filled in, and warnings that do not stop it.
// A memory policy on a group that publishes no memory metric is refused.
func (c PolicyContext) Resolve(spec PolicySpec) (PolicySpec, []string, error) {
	if err := spec.Validate(); err != nil {
		return spec, nil, err
	}
	if c.Group == nil {
		return spec, nil, invalid("no group to check policy %s against", spec.Name)
	}
	spec = spec.Normal()
	var warnings []string
	if t := spec.TargetTracking; t != nil {
		if needsTargetGroup(t.Metric) {
			ch, err := c.pickTargetGroup("target_tracking.target_group", firstNonEmpty(t.TargetGroup, t.ResourceLabel))
			if err != nil {
				return spec, nil, err
			}
			t.TargetGroup, t.ResourceLabel = ch.Name, ch.Label
		}
		if m := t.Custom; m != nil {
			w, err := c.checkCustom(m)
			if err != nil {
				return spec, nil, err
			}
			warnings = append(warnings, w...)
		}
	}
	if p := spec.Predictive; p != nil && spec.NeedsTargetGroup() {
		ch, err := c.pickTargetGroup("predictive.target_group", firstNonEmpty(p.TargetGroup, p.ResourceLabel))
		if err != nil {
			return spec, nil, err
		}
		p.TargetGroup, p.ResourceLabel = ch.Name, ch.Label
	}
	if p := spec.Predictive; p != nil && p.PredictiveMode() == ForecastAndScale && !hasDynamicPolicy(c.Group, spec.Name) {
		warnings = append(warnings, fmt.Sprintf("%s has no target tracking or step policy: ForecastAndScale only scales out, so nothing will scale it in", c.Group.Name))
	}
	return spec, warnings, nil
}

// checkCustom refuses a memory metric the group does not publish and
// warns of any other custom metric without data.
func (c PolicyContext) checkCustom(m *CustomMetric) ([]string, error) {
	has, known := c.published(m)
	if !known || has {
		return nil, nil
	}
	if m.IsMemory() {
		return nil, fieldErr("target_tracking.custom", "%s publishes no %s %s by AutoScalingGroupName (no data in the last two weeks): "+
			"install the CloudWatch agent with append_dimensions AutoScalingGroupName in its launch template before scaling on memory",
			c.Group.Name, MemoryNamespace, MemoryMetric)
	}
	return []string{fmt.Sprintf("%s with these dimensions has had no data in the last two weeks: the policy will not scale until it has",
		m.Name())}, nil
}

// hasDynamicPolicy reports whether g has an enabled target tracking or
// step policy other than the one named.
func hasDynamicPolicy(g *Group, except string) bool {
	for _, p := range g.Policies {
		if p.Name != except && p.Enabled && (p.Type == PolicyTargetTracking || p.Type == PolicyStep) {
			return true
		}
	}
	return false
}

// PublishesMemory reports whether the metrics hold the CloudWatch agent's
// memory metric of group.
func PublishesMemory(metrics []MetricID, group string) bool {
	m := MemoryMetricOf(group)
	return slices.ContainsFunc(metrics, func(id MetricID) bool { return id.Matches(m.Namespace, m.Metric, m.Dimensions) })
}

// CustomMetricsOf lists the metrics a custom metric picker offers: those
// with data for the group, sorted, each once.
func CustomMetricsOf(metrics []MetricID) []MetricID {
	out := slices.Clone(metrics)
	slices.SortFunc(out, func(a, b MetricID) int {
		if c := strings.Compare(a.Namespace, b.Namespace); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return slices.CompactFunc(out, func(a, b MetricID) bool {
		return a.Namespace == b.Namespace && a.Name == b.Name && maps.Equal(dimMap(a.Dimensions), dimMap(b.Dimensions))
	})
}

func dimMap(ds []Dimension) map[string]string {
	m := make(map[string]string, len(ds))
	for _, d := range ds {
		m[d.Name] = d.Value
	}
	return m
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
