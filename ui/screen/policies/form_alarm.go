package policies

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
)

// The alarm that runs a step or simple policy: one of the group's alarms
// chosen, or a new one described; attached (PutMetricAlarm with the
// policy among its actions) in a second confirm once AWS has the policy
// and its ARN.

// The alarm choice's special values.
const (
	alarmNone = ""     // none yet
	alarmNew  = "+new" // create one
)

// attach is the alarm a step or simple policy is to be run by.
type attach struct {
	name string
	from *model.Alarm // the alarm chosen, as seen; nil to create New
	new  *model.Alarm
}

// pendingARN stands for the policy's ARN while the policy does not
// exist yet: enough for the alarm's own checks.
const pendingARN = "arn:aws:autoscaling:::scalingPolicy:pending"

// preview is the alarm as PreviewAlarms shows it.
func (a *attach) preview() *model.Alarm {
	if a.from != nil {
		return a.from
	}
	n := *a.new
	n.Name = a.name
	return &n
}

// action is the AttachAlarm of the policy with arn.
func (a *attach) action(group, policy, arn string) model.AttachAlarm {
	return model.AttachAlarm{Group: group, Policy: policy, PolicyARN: arn, Alarm: a.name, From: a.from, New: a.new}
}

// needed reports whether the policy p still needs attaching.
func (a *attach) needed(p *model.Policy) bool {
	if a.from == nil {
		return true
	}
	return !slices.Contains(a.from.Actions, p.ARN) && !slices.Contains(p.Alarms, a.name)
}

func (a *attach) describe() string {
	if a.from == nil {
		return "create alarm " + a.name + " to run it"
	}
	return "make alarm " + a.name + " run it"
}

// check refuses an alarm PutMetricAlarm would refuse, before the policy
// is sent.
func (a *attach) check(group, policy string) error {
	err := model.Validate(a.action(group, policy, pendingARN), false)
	if err != nil && !errors.Is(err, model.ErrNoChange) {
		return errors.New(screen.Rule(err))
	}
	return nil
}

// propose proposes attaching the alarm to the existing policy arn.
func (a *attach) propose(group, policy, arn string, readOnly bool) (tea.Msg, error) {
	act := a.action(group, policy, arn)
	switch err := model.Validate(act, readOnly); {
	case errors.Is(err, model.ErrNoChange):
		return nil, errors.New("alarm " + a.name + " already runs " + policy + ": nothing to change")
	case err != nil:
		return nil, errors.New(screen.Rule(err))
	}
	return intent.Propose{Action: act}, nil
}

// after is the follow-up of the policy's proposal: once AWS lists the
// policy with its ARN, propose attaching the alarm.
func (a *attach) after(group, policy string, readOnly bool) func(*model.GroupDetail) (tea.Msg, bool) {
	return func(d *model.GroupDetail) (tea.Msg, bool) {
		for _, p := range d.Policies {
			if p.Name == policy && p.ARN != "" {
				msg, err := a.propose(group, policy, p.ARN, readOnly)
				if err != nil {
					return intent.Status{Kind: intent.Info, Text: err.Error()}, true
				}
				return msg, true
			}
		}
		return nil, false
	}
}

// alarmFields are the alarm choice and, for a new alarm, its metric,
// statistic, comparison, threshold, period and evaluations.
func (c *polCtx) alarmFields(f *screen.Fields, suggest string) {
	opts := []form.Option{{Value: alarmNone, Label: "none yet", Note: "the policy runs only when executed (x)"},
		{Value: alarmNew, Label: "a new alarm", Note: "described below, created for it"}}
	value := alarmNew
	for _, a := range c.alarms() {
		opts = append(opts, form.Option{Value: a.Name, Note: fmt.Sprintf("%s %s %s %s", a.Metric, model.ComparisonSymbol(a.Comparison),
			strconv.FormatFloat(a.Threshold, 'f', -1, 64), a.State)})
	}
	if c.from != nil {
		value = alarmNone
		if len(c.from.Alarms) > 0 {
			value = c.from.Alarms[0]
		}
	}
	f.Add("alarm", form.Field{Label: "alarm", Kind: form.Choice, Value: value, Options: opts,
		Help: "a step or simple policy runs when an alarm goes to ALARM: choose one of the group's, or describe a new one"})
	isNew := f.Unless("alarm", alarmNew)
	f.Add("aname", form.Field{Label: "alarm name", Kind: form.Text, Value: suggest, Limit: 255, Hidden: isNew,
		Check: func(v form.Value) error { return checkAlarmName(v.Text) }, Help: "the new alarm's name, unique in the region"})
	f.Add("ametric", form.Field{Label: "alarm metric", Kind: form.Choice, Options: c.alarmMetricOptions(), Hidden: isNew,
		Help: "the metric the alarm watches: those the group publishes"})
	f.Add("astat", form.Field{Label: "statistic", Kind: form.Choice, Value: "Average", Options: options(model.MetricStatistics), Hidden: isNew})
	f.Add("acmp", form.Field{Label: "comparison", Kind: form.Choice, Value: "GreaterThanOrEqualToThreshold", Options: comparisonOptions(), Hidden: isNew})
	f.Add("athreshold", form.Field{Label: "threshold", Kind: form.Number, Value: "70", Limit: 14, Hidden: isNew,
		Help: "the step bounds are relative to it: a step from 0 to 20 runs while the metric is 0 to 20 above it"})
	f.Add("aperiod", form.Field{Label: "period", Kind: form.Choice, Value: "60", Options: []form.Option{
		{Value: "60", Label: "1m"}, {Value: "300", Label: "5m"}, {Value: "900", Label: "15m"}, {Value: "3600", Label: "1h"}}, Hidden: isNew})
	f.Add("aevals", form.Field{Label: "evaluations", Kind: form.Int, Value: "3", Limit: 4, Hidden: isNew,
		Help: "how many periods in a row must breach before it goes to ALARM (a day's worth at most)"})
}

func checkAlarmName(s string) error {
	if strings.TrimSpace(s) == "" || len(s) > 255 || strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return errors.New("an alarm's name is 1 to 255 characters with no control characters")
	}
	return nil
}

func comparisonOptions() []form.Option {
	out := make([]form.Option, len(model.Comparisons))
	for i, c := range model.Comparisons {
		out[i] = form.Option{Value: c, Label: model.ComparisonSymbol(c), Note: c}
	}
	return out
}

// alarms are the alarms a step or simple policy of the group may be run
// by: the group's own, target tracking's excepted (AWS owns them).
func (c *polCtx) alarms() []model.Alarm {
	var out []model.Alarm
	seen := map[string]bool{}
	var all []model.Alarm
	if c.detail != nil {
		all = append(all, c.detail.Alarms...)
	}
	if c.snap != nil {
		all = append(all, c.snap.Alarms...)
	}
	for _, a := range all {
		if seen[a.Name] || a.Group != c.group.Name || strings.HasPrefix(a.Name, "TargetTracking-") {
			continue
		}
		seen[a.Name] = true
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b model.Alarm) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// alarmMetrics are what a new alarm may watch: the group's CPU, and the
// metrics it publishes.
func (c *polCtx) alarmMetrics() []model.MetricID {
	out := []model.MetricID{{Namespace: "AWS/EC2", Name: "CPUUtilization", Dimensions: []model.Dimension{{Name: "AutoScalingGroupName", Value: c.group.Name}}}}
	if c.detail != nil {
		for _, m := range model.CustomMetricsOf(c.detail.Metrics) {
			if !(m.Namespace == out[0].Namespace && m.Name == out[0].Name) {
				out = append(out, m)
			}
		}
	}
	return out
}

func (c *polCtx) alarmMetricOptions() []form.Option {
	ms := c.alarmMetrics()
	out := make([]form.Option, len(ms))
	for i, m := range ms {
		out[i] = form.Option{Value: strconv.Itoa(i), Label: m.Namespace + " " + m.Name, Note: dimsOf(m.Dimensions)}
	}
	return out
}

// attachOf is the alarm the values choose; nil for none.
func (c *polCtx) attachOf(f *screen.Fields, vs form.Values) *attach {
	switch name := f.V(vs, "alarm").Text; name {
	case alarmNone:
		return nil
	case alarmNew:
		ms := c.alarmMetrics()
		i, _ := strconv.Atoi(f.V(vs, "ametric").Text)
		m := ms[max(0, min(i, len(ms)-1))]
		period, _ := strconv.Atoi(f.V(vs, "aperiod").Text)
		return &attach{name: strings.TrimSpace(f.V(vs, "aname").Text), new: &model.Alarm{Namespace: m.Namespace, Metric: m.Name, Dimensions: m.Dimensions,
			Statistic: f.V(vs, "astat").Text, Comparison: f.V(vs, "acmp").Text, Threshold: f.V(vs, "athreshold").Number,
			Period: time.Duration(period) * time.Second, Evaluations: f.V(vs, "aevals").Int, Group: c.group.Name}}
	default:
		for _, a := range c.alarms() {
			if a.Name == name {
				return &attach{name: name, from: &a}
			}
		}
		return &attach{name: name, from: &model.Alarm{Name: name}}
	}
}
