package policies

import (
	"errors"
	"fmt"
	"github.com/solemate/hoist/ui/screen"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/internal/text"
)

// The target tracking form: the metric (CPU, requests per target of a
// target group picked from the group's own, network in or out, the
// CloudWatch agent's memory, or a custom metric picked from those the
// group publishes, with its statistic and unit), the target, warm-up,
// scale-in and state.

// The metric choices, named as `hoist policy put --metric` names them.
var ttMetrics = []form.Option{
	{Value: "cpu", Label: "CPU", Note: model.MetricASGCPU},
	{Value: "requests", Label: "requests per target", Note: model.MetricALBRequestCountPerTarget},
	{Value: "network-in", Label: "network in", Note: model.MetricASGNetworkIn},
	{Value: "network-out", Label: "network out", Note: model.MetricASGNetworkOut},
	{Value: "memory", Label: "memory", Note: "CWAgent mem_used_percent"},
	{Value: "custom", Label: "a custom metric", Note: "one the group publishes"},
}

var ttPredefined = map[string]string{"cpu": model.MetricASGCPU, "requests": model.MetricALBRequestCountPerTarget,
	"network-in": model.MetricASGNetworkIn, "network-out": model.MetricASGNetworkOut}

// targetForm is the form of a target tracking policy: from, when set,
// the one edited; metric preselects the metric of a new one.
func (c *polCtx) targetForm(metric string) *form.Form {
	f := &screen.Fields{}
	t := &model.TargetTrackingSpec{Metric: ttPredefined[metric], Target: 50}
	var warm *int
	if from := c.fromSpec(); from != nil && from.TargetTracking != nil {
		t, warm, metric = from.TargetTracking, from.WarmupSeconds, metricKey(from.TargetTracking)
	}
	if metric == "memory" && t.Custom == nil {
		t.Target = 70
	}
	f.Add("name", c.nameField(c.group.Name+"-"+metric+"-target"))
	f.Add("metric", form.Field{Label: "metric", Kind: form.Choice, Value: metric, Options: c.metricOptions(),
		Help: "what the policy holds at its target: AWS adds and removes instances to keep it there"})
	f.Add("tg", c.targetGroupField(t, f))
	c.customFields(f, t.Custom)
	f.Add("target", form.Field{Label: "target", Kind: form.Number, Value: strconv.FormatFloat(t.Target, 'f', -1, 64), Limit: 12,
		Help: "the value to hold: a percentage for CPU and memory (above 0, at most 100), requests per target per minute, bytes per instance for network",
		Check: func(v form.Value) error {
			if v.Number <= 0 {
				return errors.New("a target must be above 0")
			}
			return nil
		}})
	f.Add("warmup", screen.SecondsField("warm-up", "how long a new instance's metrics are left out of the group's (EstimatedInstanceWarmup); blank: the group's default", warm))
	scaleIn := "on"
	if t.DisableScaleIn {
		scaleIn = "off"
	}
	f.Add("scalein", form.Field{Label: "scale-in", Kind: form.Choice, Value: scaleIn, Options: []form.Option{
		{Value: "on", Note: "it adds and removes instances"}, {Value: "off", Label: "off (disable scale-in)", Note: "it only adds; AWS creates no low alarm"}}})
	f.Add("state", c.stateField())
	spec := func(vs form.Values) model.PolicySpec { return c.ttSpec(f, vs) }
	return form.New(c.title("target tracking policy"), f.List,
		func(vs form.Values) ([]string, error) { return c.preview(spec(vs), nil) },
		func(vs form.Values) (tea.Msg, error) { return c.submit(spec(vs), nil) }).Wide(100)
}

// title is a form's title: new, or the policy edited.
func (c *polCtx) title(what string) string {
	if c.from != nil {
		return "Edit " + what + " " + text.Printable(c.from.Name) + " of " + text.Printable(c.group.Name)
	}
	return "New " + what + " for " + text.Printable(c.group.Name)
}

// metricKey is the metric choice a target tracking spec has.
func metricKey(t *model.TargetTrackingSpec) string {
	for k, m := range ttPredefined {
		if t.Metric == m {
			return k
		}
	}
	if t.Custom.IsMemory() {
		return "memory"
	}
	return "custom"
}

// metricOptions are the metrics, memory marked when the group is known
// not to publish it.
func (c *polCtx) metricOptions() []form.Option {
	out := append([]form.Option(nil), ttMetrics...)
	if c.detail != nil && c.detail.Metrics != nil && !model.PublishesMemory(c.detail.Metrics, c.group.Name) {
		out[4].Note = "not published by " + c.group.Name + ": refused"
	}
	if len(c.policyContext().TargetGroupChoices()) == 0 {
		out[1].Note = "no target group behind an ALB: refused"
	}
	return out
}

// targetGroupField picks the target group a request-count policy
// follows, from the group's own behind an Application Load Balancer.
func (c *polCtx) targetGroupField(t *model.TargetTrackingSpec, f *screen.Fields) form.Field {
	var opts []form.Option
	for _, ch := range c.policyContext().TargetGroupChoices() {
		opts = append(opts, form.Option{Value: ch.Name, Note: "behind " + ch.LoadBalancer})
	}
	return form.Field{Label: "target group", Kind: form.Choice, Value: model.TargetGroupOfLabel(t.ResourceLabel), Options: opts,
		Hidden: f.Unless("metric", "requests"),
		Help:   "the target group whose requests per target are held at the target; its resource label is built from it"}
}

// customFields are a custom metric's: picked from what the group
// publishes, with its statistic and unit.
func (c *polCtx) customFields(f *screen.Fields, cur *model.CustomMetric) {
	var opts []form.Option
	value := ""
	if c.detail != nil {
		for i, m := range model.CustomMetricsOf(c.detail.Metrics) {
			opts = append(opts, form.Option{Value: strconv.Itoa(i), Label: m.Namespace + " " + m.Name, Note: dimsOf(m.Dimensions)})
			if cur != nil && m.Matches(cur.Namespace, cur.Metric, cur.Dimensions) {
				value = strconv.Itoa(i)
			}
		}
	}
	help := "the metrics with data in the last two weeks by the group's AutoScalingGroupName (ListMetrics)"
	if len(opts) == 0 {
		help = "no metric of the group was read yet: wait for the screen to read them"
	}
	f.Add("custom", form.Field{Label: "custom metric", Kind: form.Choice, Value: value, Options: opts, Hidden: f.Unless("metric", "custom"), Help: help})
	stat, unit := "Average", ""
	if cur != nil {
		stat, unit = cur.Statistic, cur.Unit
	}
	f.Add("stat", form.Field{Label: "statistic", Kind: form.Choice, Value: stat, Options: options(model.MetricStatistics),
		Hidden: f.Unless("metric", "custom"), Help: "how the metric's datapoints are combined each minute"})
	f.Add("unit", form.Field{Label: "unit", Kind: form.Choice, Value: unit, Options: append([]form.Option{{Value: "", Label: "(as published)"}}, options(model.MetricUnits)...),
		Hidden: f.Unless("metric", "custom"), Help: "the unit of the datapoints, as CloudWatch has them"})
}

func options(vs []string) []form.Option {
	out := make([]form.Option, len(vs))
	for i, v := range vs {
		out[i] = form.Option{Value: v}
	}
	return out
}

func dimsOf(ds []model.Dimension) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Name + "=" + d.Value
	}
	return strings.Join(parts, ", ")
}

// ttSpec is the policy the values describe.
func (c *polCtx) ttSpec(f *screen.Fields, vs form.Values) model.PolicySpec {
	t := &model.TargetTrackingSpec{Target: f.V(vs, "target").Number, DisableScaleIn: f.V(vs, "scalein").Text == "off"}
	switch m := f.V(vs, "metric").Text; m {
	case "memory":
		t.Custom = model.MemoryMetricOf(c.group.Name)
	case "custom":
		t.Custom = c.customOf(f, vs)
	default:
		t.Metric = ttPredefined[m]
		if m == "requests" {
			t.TargetGroup = f.V(vs, "tg").Text
		}
	}
	name := f.V(vs, "name").Text
	return model.PolicySpec{Name: name, Enabled: enabledOf(f.V(vs, "state")), WarmupSeconds: screen.MustSeconds(f.V(vs, "warmup").Text), TargetTracking: t}
}

// customOf is the custom metric picked, with its statistic and unit; an
// empty one (nothing to pick) for Validate to refuse.
func (c *polCtx) customOf(f *screen.Fields, vs form.Values) *model.CustomMetric {
	i, err := strconv.Atoi(f.V(vs, "custom").Text)
	if c.detail == nil || err != nil {
		return &model.CustomMetric{Statistic: f.V(vs, "stat").Text}
	}
	ms := model.CustomMetricsOf(c.detail.Metrics)
	if i < 0 || i >= len(ms) {
		return &model.CustomMetric{Statistic: f.V(vs, "stat").Text}
	}
	m := ms[i].CustomMetricOf(f.V(vs, "stat").Text)
	m.Unit = f.V(vs, "unit").Text
	return m
}

// describe names a target tracking metric for a chooser.
func describe(key string) string {
	for _, o := range ttMetrics {
		if o.Value == key {
			return fmt.Sprintf("%s (%s)", o.Label, o.Note)
		}
	}
	return key
}
