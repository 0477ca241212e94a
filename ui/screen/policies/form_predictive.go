package policies

import (
	"errors"
	"github.com/solemate/hoist/ui/screen"
	"strconv"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/form"
)

// The predictive scaling form: a metric pair (a preset) or a scaling and
// a load metric, the target, the mode, the scheduling buffer and what to
// do at max capacity. A group without a predictive policy is offered one
// prefilled ForecastOnly: the low-risk way to see what prediction would do.

// pairSplit is the metric choice of a scaling and a load metric.
const pairSplit = "split"

var predictiveMetrics = []form.Option{
	{Value: "ASGCPUUtilization", Label: "CPU", Note: "scaling on average CPU, load as total CPU"},
	{Value: "ASGNetworkIn", Label: "network in", Note: "average and total bytes in"},
	{Value: "ASGNetworkOut", Label: "network out", Note: "average and total bytes out"},
	{Value: model.MetricPairALBRequestCount, Label: "requests", Note: "requests per target and in all, of a target group"},
	{Value: pairSplit, Label: "a scaling and a load metric", Note: "chosen apart"},
}

// predictiveForm is the form of a predictive policy; seed prefills a new
// one (nil: CPU at 50).
func (c *polCtx) predictiveForm(seed *model.PolicySpec) *form.Form {
	f := &screen.Fields{}
	p := &model.PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50, Mode: model.ForecastOnly}
	name := c.group.Name + "-predictive"
	switch from := c.fromSpec(); {
	case from != nil && from.Predictive != nil:
		p = from.Predictive
	case seed != nil:
		p, name = seed.Predictive, seed.Name
	}
	metric := p.Metric
	if metric == "" {
		metric = pairSplit
	}
	f.Add("name", c.nameField(name))
	f.Add("metric", form.Field{Label: "metrics", Kind: form.Choice, Value: metric, Options: predictiveMetrics,
		Help: "what the forecast is of (the load) and what capacity is sized by (the scaling metric)"})
	split := f.Unless("metric", pairSplit)
	f.Add("scaling", form.Field{Label: "scaling metric", Kind: form.Choice, Value: p.ScalingMetric, Options: options(model.TargetTrackingMetrics), Hidden: split})
	f.Add("load", form.Field{Label: "load metric", Kind: form.Choice, Value: p.LoadMetric, Options: options(model.PredictiveLoadMetrics), Hidden: split})
	f.Add("tg", c.predictiveTargetGroup(f, p))
	f.Add("target", form.Field{Label: "target", Kind: form.Number, Value: strconv.FormatFloat(p.Target, 'f', -1, 64), Limit: 12,
		Help:  "the scaling metric's value each instance is sized for: capacity = forecast load / target",
		Check: positive})
	f.Add("mode", form.Field{Label: "mode", Kind: form.Choice, Value: p.PredictiveMode(), Options: []form.Option{
		{Value: model.ForecastOnly, Note: "forecasts only: nothing scales (the low-risk start)"},
		{Value: model.ForecastAndScale, Note: "raises capacity ahead of each hour to the forecast"}}})
	f.Add("buffer", screen.SecondsField("scheduling buffer", "how long before each forecast hour the capacity is launched (0 to 3599 s); blank: AWS's 5 minutes", p.SchedulingBufferSeconds))
	breach := p.MaxCapacityBreach
	if breach == "" {
		breach = model.HonorMaxCapacity
	}
	f.Add("breach", form.Field{Label: "at max capacity", Kind: form.Choice, Value: breach, Options: []form.Option{
		{Value: model.HonorMaxCapacity, Note: "the forecast never raises capacity above max"},
		{Value: model.IncreaseMaxCapacity, Note: "max may rise with the forecast, by the buffer below"}}})
	f.Add("maxbuf", form.Field{Label: "max capacity buffer", Kind: form.Int, Value: intText(p.MaxCapacityBuffer, "10"), Limit: 4,
		Hidden: f.Unless("breach", model.IncreaseMaxCapacity), Help: "percent above the forecast capacity max may rise to (0 to 100)"})
	f.Add("state", c.stateField())
	spec := func(vs form.Values) model.PolicySpec { return c.predictiveSpec(f, vs) }
	return form.New(c.title("predictive scaling policy"), f.List,
		func(vs form.Values) ([]string, error) { return c.preview(spec(vs), nil) },
		func(vs form.Values) (tea.Msg, error) { return c.submit(spec(vs), nil) }).Wide(100)
}

func positive(v form.Value) error {
	if v.Number <= 0 {
		return errors.New("a target must be above 0")
	}
	return nil
}

func intText(p *int, none string) string {
	if p == nil {
		return none
	}
	return strconv.Itoa(*p)
}

// predictiveTargetGroup picks the target group of the request metrics.
func (c *polCtx) predictiveTargetGroup(f *screen.Fields, p *model.PredictiveSpec) form.Field {
	var opts []form.Option
	for _, ch := range c.policyContext().TargetGroupChoices() {
		opts = append(opts, form.Option{Value: ch.Name, Note: "behind " + ch.LoadBalancer})
	}
	hidden := func(vs form.Values) bool {
		m, s, l := f.V(vs, "metric").Text, f.V(vs, "scaling").Text, f.V(vs, "load").Text
		if m != pairSplit {
			return m != model.MetricPairALBRequestCount
		}
		return s != model.MetricALBRequestCountPerTarget && l != model.MetricLoadALBRequestCount
	}
	return form.Field{Label: "target group", Kind: form.Choice, Value: model.TargetGroupOfLabel(p.ResourceLabel), Options: opts, Hidden: hidden,
		Help: "the target group whose requests are forecast"}
}

// predictiveSpec is the policy the values describe.
func (c *polCtx) predictiveSpec(f *screen.Fields, vs form.Values) model.PolicySpec {
	p := &model.PredictiveSpec{Target: f.V(vs, "target").Number, Mode: f.V(vs, "mode").Text,
		SchedulingBufferSeconds: screen.MustSeconds(f.V(vs, "buffer").Text), MaxCapacityBreach: f.V(vs, "breach").Text}
	if m := f.V(vs, "metric").Text; m == pairSplit {
		p.ScalingMetric, p.LoadMetric = f.V(vs, "scaling").Text, f.V(vs, "load").Text
	} else {
		p.Metric = m
	}
	if p.MaxCapacityBreach == model.IncreaseMaxCapacity {
		n := f.V(vs, "maxbuf").Int
		p.MaxCapacityBuffer = &n
	}
	spec := model.PolicySpec{Name: f.V(vs, "name").Text, Enabled: enabledOf(f.V(vs, "state")), Predictive: p}
	if spec.NeedsTargetGroup() {
		p.TargetGroup = f.V(vs, "tg").Text
	}
	return spec
}

// forecastOnlySeed is the ForecastOnly policy offered to a group without
// a predictive one: on CPU at the group's CPU target, else 50.
func forecastOnlySeed(g *model.Group) *model.PolicySpec {
	target := 50.0
	if p, ok := g.TargetTracking(); ok && p.Target.Metric == model.MetricASGCPU {
		target = p.Target.Value
	}
	return &model.PolicySpec{Name: g.Name + "-forecast-only",
		Predictive: &model.PredictiveSpec{Metric: "ASGCPUUtilization", Target: target, Mode: model.ForecastOnly}}
}
