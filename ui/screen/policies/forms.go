package policies

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
)

// What every policy form shares: what it reads of the group as it was
// when the form opened, its fields by name, the refusals of values AWS
// would refuse, the preview (the change, the alarms AWS will create,
// the cost at the target, warnings) and the proposal it submits.

// polCtx is what a policy form reads, as it was when the form opened.
type polCtx struct {
	group    model.Group
	snap     *model.Snapshot
	detail   *model.GroupDetail // nil before the first read
	readOnly bool
	from     *model.Policy // the policy edited; nil for a new one
}

// ctxOf is the form context of the screen's group; from is the policy
// edited (nil for a new one).
func (s *Screen) ctxOf(env *screen.Env, from *model.Policy) *polCtx {
	g, _ := env.Group(s.group)
	c := &polCtx{group: *g, snap: env.Snap, readOnly: env.ReadOnly, from: from}
	c.detail, _ = env.Detail(s.group)
	return c
}

// policyContext is what model.PolicyContext.Resolve checks a policy
// against: the target groups, and the metrics the group publishes when
// they were read (nil: not known, so nothing is refused for it).
func (c *polCtx) policyContext() model.PolicyContext {
	var metrics []model.MetricID
	if c.detail != nil && c.detail.Errors["metrics"] == "" {
		metrics = c.detail.Metrics
	}
	return model.PolicyContextOf(c.snap, &c.group, metrics)
}

// fromSpec is the edited policy's spec, nil for a new one.
func (c *polCtx) fromSpec() *model.PolicySpec {
	if c.from == nil {
		return nil
	}
	s := c.from.Spec
	return &s
}

// nameField is the policy's name: typed for a new policy, shown for one
// edited (AWS cannot rename a policy).
func (c *polCtx) nameField(suggest string) form.Field {
	if c.from != nil { // named in the title: AWS cannot rename a policy
		return form.Field{Label: "name", Kind: form.Choice, Value: c.from.Name, Options: []form.Option{{Value: c.from.Name}},
			Hidden: func(form.Values) bool { return true }}
	}
	return form.Field{Label: "name", Kind: form.Text, Value: suggest, Limit: 255, Check: checkName,
		Help: "the policy's name, unique in the group: 1 to 255 characters"}
}

func checkName(v form.Value) error {
	if err := (model.PolicySpec{Name: v.Text, Absent: true}).Validate(); err != nil {
		return errors.New(screen.Rule(err))
	}
	if strings.TrimSpace(v.Text) == "" {
		return errors.New("name the policy")
	}
	return nil
}

// stateField is enabled or disabled.
func (c *polCtx) stateField() form.Field {
	v := "enabled"
	if c.from != nil && !c.from.Enabled {
		v = "disabled"
	}
	return form.Field{Label: "state", Kind: form.Choice, Value: v, Options: []form.Option{
		{Value: "enabled", Note: "it acts"}, {Value: "disabled", Note: "kept, but it does nothing"}}}
}

func enabledOf(v form.Value) *bool {
	if v.Text == "disabled" {
		f := false
		return &f
	}
	return nil
}

// put resolves spec for the group and builds the PutPolicy that sends it
// whole, with the lines that explain it; a value AWS would refuse is the
// error's sentence.
func (c *polCtx) put(spec model.PolicySpec, linked *model.Alarm) (model.PutPolicy, []string, error) {
	to, warnings, err := c.policyContext().Resolve(spec)
	if err != nil {
		return model.PutPolicy{}, nil, errors.New(screen.Rule(err))
	}
	a := model.PutPolicy{Group: c.group.Name, From: c.fromSpec(), To: to}
	lines := c.explain(to, linked)
	for _, w := range warnings {
		lines = append(lines, "warning: "+w)
	}
	return a, lines, nil
}

// explain says what a policy will do: the alarms AWS creates for it (or
// the alarm that runs it), and what a target costs at today's load.
func (c *polCtx) explain(to model.PolicySpec, linked *model.Alarm) []string {
	var lines []string
	for _, al := range model.PreviewAlarms(to, c.group.Name, linked) {
		switch {
		case al.Missing:
			lines = append(lines, "warning: "+al.Name)
		case al.Created:
			lines = append(lines, "AWS creates alarm "+al.String())
		default:
			lines = append(lines, "alarm "+al.String())
		}
	}
	if to.Predictive != nil {
		lines = append(lines, predictiveNote(to.Predictive))
	}
	if l, ok := c.costLine(to); ok {
		lines = append(lines, l)
	}
	return lines
}

// preview is a form's preview of spec: the change, then what explain
// says; a refusal is the error.
func (c *polCtx) preview(spec model.PolicySpec, linked *model.Alarm) ([]string, error) {
	a, lines, err := c.put(spec, linked)
	if err != nil {
		return nil, err
	}
	head := "new policy: " + a.To.Summary()
	if a.From != nil {
		head = "changes: " + screen.ChangesLine(a.Changes())
		if len(a.Changes()) == 0 {
			head = "no change to the policy yet"
		}
	}
	return append([]string{head}, lines...), nil
}

// submit is a form's answer: the PutPolicy proposed with its lines (the
// form stays under the confirm), or the sentence of what AWS would
// refuse. att, when set, attaches an alarm once the policy exists.
func (c *polCtx) submit(spec model.PolicySpec, att *attach) (tea.Msg, error) {
	var linked *model.Alarm
	if att != nil {
		linked = att.preview()
	}
	a, lines, err := c.put(spec, linked)
	if err != nil {
		return nil, err
	}
	err = model.Validate(a, c.readOnly)
	if errors.Is(err, model.ErrNoChange) && att != nil && c.from != nil && att.needed(c.from) {
		return att.propose(c.group.Name, c.from.Name, c.from.ARN, c.readOnly) // only the alarm changes
	}
	switch {
	case errors.Is(err, model.ErrNoChange):
		return nil, errors.New("this is the policy as it is: nothing to change")
	case err != nil:
		return nil, errors.New(screen.Rule(err))
	}
	p := intent.Propose{Action: a, Notes: lines}
	if att != nil && (c.from == nil || att.needed(c.from)) {
		p.After = att.after(c.group.Name, spec.Name, c.readOnly)
		p.Notes = append(p.Notes, "then: "+att.describe()+" (a second confirm, once AWS has the policy)")
	}
	return p, nil
}

// predictiveNote says what a predictive policy does, by its mode.
func predictiveNote(p *model.PredictiveSpec) string {
	if p.PredictiveMode() == model.ForecastOnly {
		return "AWS creates no alarm: it forecasts load and capacity hourly from up to 14 days of history " +
			"(24 hours at least) and, ForecastOnly, never changes the group's capacity"
	}
	return "AWS creates no alarm: it forecasts hourly and, ForecastAndScale, raises the group's minimum capacity " +
		"ahead of each hour to the forecast (never lowering desired)"
}

func ptr[T any](v T) *T { return &v }
