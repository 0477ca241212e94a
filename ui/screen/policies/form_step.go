package policies

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/screen"
)

// The step and simple scaling forms: the adjustment type, the steps as a
// small table (lower and upper bound relative to the alarm's threshold,
// the adjustment) or the one adjustment and its cooldown, and the alarm
// that runs the policy, chosen or created.

func adjustmentField(v string) form.Field {
	if v == "" {
		v = "ChangeInCapacity"
	}
	return form.Field{Label: "adjustment type", Kind: form.Choice, Value: v, Options: []form.Option{
		{Value: "ChangeInCapacity", Note: "add or remove this many instances"},
		{Value: "ExactCapacity", Note: "set desired to exactly this"},
		{Value: "PercentChangeInCapacity", Note: "add or remove this percent of the group"}}}
}

func magnitudeField(f *screen.Fields, v *int) form.Field {
	val := ""
	if v != nil {
		val = strconv.Itoa(*v)
	}
	return form.Field{Label: "min magnitude", Kind: form.Text, Value: val, Limit: 6, Hidden: f.Unless("adj", "PercentChangeInCapacity"),
		Help: "with a percentage, the fewest instances a change adds or removes; blank for none",
		Check: func(v form.Value) error {
			n, err := screen.OptInt(v.Text)
			if err == nil && n != nil && *n < 1 {
				return errors.New("the least change must be at least 1 instance")
			}
			return err
		}}
}

// stepForm is the form of a step scaling policy.
func (c *polCtx) stepForm() *form.Form {
	f := &screen.Fields{}
	s := &model.StepSpec{AdjustmentType: "ChangeInCapacity", Steps: []model.StepAdjustment{
		{Lower: ptr(0.0), Upper: ptr(20.0), Adjustment: 1}, {Lower: ptr(20.0), Adjustment: 3}}}
	var warm *int
	if from := c.fromSpec(); from != nil && from.Step != nil {
		s, warm = from.Step, from.WarmupSeconds
	}
	f.Add("name", c.nameField(c.group.Name+"-step"))
	f.Add("adj", adjustmentField(s.AdjustmentType))
	f.Add("steps", form.Field{Label: "steps", Kind: form.Table, Columns: []string{"lower", "upper", "adjustment"}, Rows: stepRows(s.Steps), MaxRows: 20,
		Help:  "bounds relative to the alarm's threshold, a blank bound open (0 to 20 above: +1; 20 and more: +3); steps meet without gaps",
		Check: func(v form.Value) error { _, err := parseSteps(v.Rows); return err }})
	agg := s.MetricAggregation
	if agg == "" {
		agg = "Average"
	}
	f.Add("agg", form.Field{Label: "aggregation", Kind: form.Choice, Value: agg, Options: options([]string{"Average", "Minimum", "Maximum"}),
		Help: "how the alarm's metric is combined across the group to pick a step"})
	f.Add("mag", magnitudeField(f, s.MinAdjustmentMagnitude))
	f.Add("warmup", screen.SecondsField("warm-up", "how long a new instance is left out of the next step's count; blank: the group's default", warm))
	c.alarmFields(f, c.group.Name+"-step-alarm")
	f.Add("state", c.stateField())
	spec := func(vs form.Values) model.PolicySpec {
		steps, _ := parseSteps(f.V(vs, "steps").Rows)
		mag, _ := screen.OptInt(f.V(vs, "mag").Text)
		st := &model.StepSpec{AdjustmentType: f.V(vs, "adj").Text, MetricAggregation: f.V(vs, "agg").Text, Steps: steps, MinAdjustmentMagnitude: mag}
		if st.AdjustmentType != "PercentChangeInCapacity" {
			st.MinAdjustmentMagnitude = nil
		}
		return model.PolicySpec{Name: f.V(vs, "name").Text, Enabled: enabledOf(f.V(vs, "state")), WarmupSeconds: screen.MustSeconds(f.V(vs, "warmup").Text), Step: st}
	}
	return c.alarmedForm("step scaling policy", f, spec)
}

// simpleForm is the form of a simple scaling policy.
func (c *polCtx) simpleForm() *form.Form {
	f := &screen.Fields{}
	s := &model.SimpleSpec{AdjustmentType: "ChangeInCapacity", Adjustment: 1}
	if from := c.fromSpec(); from != nil && from.Simple != nil {
		s = from.Simple
	}
	f.Add("name", c.nameField(c.group.Name+"-simple"))
	f.Add("adj", adjustmentField(s.AdjustmentType))
	f.Add("adjustment", form.Field{Label: "adjustment", Kind: form.Text, Value: fmt.Sprintf("%+d", s.Adjustment), Limit: 8,
		Help:  "+2 adds two instances, -1 removes one; with ExactCapacity, the desired capacity; with a percentage, percent of the group",
		Check: func(v form.Value) error { _, err := screen.OptInt(v.Text); return err }})
	f.Add("cooldown", screen.SecondsField("cooldown", "how long after it runs before it may run again; blank: the group's default cooldown", s.CooldownSeconds))
	f.Add("mag", magnitudeField(f, s.MinAdjustmentMagnitude))
	c.alarmFields(f, c.group.Name+"-simple-alarm")
	f.Add("state", c.stateField())
	spec := func(vs form.Values) model.PolicySpec {
		n, _ := screen.OptInt(f.V(vs, "adjustment").Text)
		mag, _ := screen.OptInt(f.V(vs, "mag").Text)
		sp := &model.SimpleSpec{AdjustmentType: f.V(vs, "adj").Text, CooldownSeconds: screen.MustSeconds(f.V(vs, "cooldown").Text), MinAdjustmentMagnitude: mag}
		if n != nil {
			sp.Adjustment = *n
		}
		if sp.AdjustmentType != "PercentChangeInCapacity" {
			sp.MinAdjustmentMagnitude = nil
		}
		return model.PolicySpec{Name: f.V(vs, "name").Text, Enabled: enabledOf(f.V(vs, "state")), Simple: sp}
	}
	return c.alarmedForm("simple scaling policy", f, spec)
}

// alarmedForm is a step or simple policy's form: its preview and submit
// with the alarm that runs it.
func (c *polCtx) alarmedForm(what string, f *screen.Fields, spec func(form.Values) model.PolicySpec) *form.Form {
	withAlarm := func(vs form.Values) (model.PolicySpec, *attach, error) {
		sp, att := spec(vs), c.attachOf(f, vs)
		if att != nil {
			if err := att.check(c.group.Name, sp.Name); err != nil {
				return sp, nil, err
			}
		}
		return sp, att, nil
	}
	return form.New(c.title(what), f.List,
		func(vs form.Values) ([]string, error) {
			sp, att, err := withAlarm(vs)
			if err != nil {
				return nil, err
			}
			var linked *model.Alarm
			if att != nil {
				linked = att.preview()
			}
			return c.preview(sp, linked)
		},
		func(vs form.Values) (tea.Msg, error) {
			sp, att, err := withAlarm(vs)
			if err != nil {
				return nil, err
			}
			return c.submit(sp, att)
		}).Wide(100)
}

// stepRows are steps as the table shows them.
func stepRows(steps []model.StepAdjustment) [][]string {
	bound := func(b *float64) string {
		if b == nil {
			return ""
		}
		return strconv.FormatFloat(*b, 'f', -1, 64)
	}
	out := make([][]string, len(steps))
	for i, s := range steps {
		out[i] = []string{bound(s.Lower), bound(s.Upper), fmt.Sprintf("%+d", s.Adjustment)}
	}
	return out
}

// parseSteps reads the table: numbers or blanks for the bounds, a whole
// number for the adjustment; the rules between steps are the model's.
func parseSteps(rows [][]string) ([]model.StepAdjustment, error) {
	if len(rows) == 0 {
		return nil, errors.New("a step policy needs at least one step")
	}
	var out []model.StepAdjustment
	for i, r := range rows {
		var s model.StepAdjustment
		for j, b := range []**float64{&s.Lower, &s.Upper} {
			if r[j] == "" {
				continue
			}
			v, err := strconv.ParseFloat(r[j], 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("step %d: %q is not a number (leave a bound blank for none)", i+1, r[j])
			}
			*b = &v
		}
		n, err := strconv.Atoi(strings.TrimPrefix(r[2], "+"))
		if err != nil {
			return nil, fmt.Errorf("step %d: the adjustment %q is not a whole number such as +2 or -1", i+1, r[2])
		}
		s.Adjustment = n
		out = append(out, s)
	}
	if err := (&model.PolicySpec{Name: "p", Step: &model.StepSpec{AdjustmentType: "ChangeInCapacity", Steps: out}}).Validate(); err != nil {
		return nil, errors.New(screen.Rule(err))
	}
	return out, nil
}
