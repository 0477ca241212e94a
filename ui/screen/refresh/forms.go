package refresh

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// The forms of the refresh screen: start an instance refresh, and resize
// the group to another instance type.

// healthFields are the minimum healthy percentage and the warm-up.
func healthFields(p *screen.Fields) {
	p.Add("min", form.Field{Label: "min healthy %", Kind: form.Int, Value: "90", Limit: 3,
		Help: "the share of desired capacity kept in service while instances are replaced (0 to 100)"})
	p.Add("warmup", screen.SecondsField("warm-up", "how long a new instance warms up before the next is replaced; blank: the group's", nil))
}

// prefs are the preferences the values describe; an error is a value that
// cannot be read.
func prefsOf(p *screen.Fields, vs form.Values) (model.RefreshPrefs, error) {
	n := p.V(vs, "min").Int
	r := model.RefreshPrefs{MinHealthy: &n, WarmupSeconds: screen.MustSeconds(p.V(vs, "warmup").Text),
		SkipMatching: p.V(vs, "skip").Text == "on", AutoRollback: p.V(vs, "rollback").Text == "on"}
	var err error
	if r.MaxHealthy, err = screen.OptInt(p.V(vs, "max").Text); err != nil {
		return r, err
	}
	r.CheckpointDelay = screen.MustSeconds(p.V(vs, "delay").Text)
	r.Checkpoints, err = checkpoints(p.V(vs, "checkpoints").Text)
	return r, err
}

// checkpoints reads "50, 100" as percentages.
func checkpoints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(strings.TrimSuffix(f, "%"))
		if err != nil {
			return nil, fmt.Errorf("checkpoint %q is not a percentage such as 50", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// start opens the form of a new instance refresh.
func (s *Screen) start(env *screen.Env) tea.Msg {
	g, _ := env.Group(s.group)
	d, _ := env.Detail(s.group)
	group, launch, readOnly := g.Name, g.Launch, env.ReadOnly
	p := &screen.Fields{}
	p.Add("to", form.Field{Label: "to", Kind: form.Choice, Options: versionOptions(g, d),
		Help: "a launch template version makes the refresh move the group to it when it succeeds, and lets it be rolled back"})
	healthFields(p)
	p.Add("max", form.Field{Label: "max healthy %", Kind: form.Text, Limit: 3,
		Help: "optional: how far above desired capacity replacements may launch first (100 to 200)"})
	p.Add("checkpoints", form.Field{Label: "checkpoints", Kind: form.Text, Limit: 24,
		Help: "optional: percentages to pause at, ascending, such as 20, 50, 100"})
	p.Add("delay", screen.SecondsField("checkpoint pause", "how long each checkpoint pauses; blank: AWS's hour", nil))
	onOff := []form.Option{{Value: "off"}, {Value: "on"}}
	p.Add("skip", form.Field{Label: "skip matching", Kind: form.Choice, Value: "off", Options: onOff,
		Help: "on: leave alone the instances that already run what the group launches"})
	p.Add("rollback", form.Field{Label: "auto rollback", Kind: form.Choice, Value: "off", Options: onOff,
		Help: "on: roll back by itself if the refresh fails (needs a version above, on a group that names a version number)"})
	act := func(vs form.Values) (model.StartRefresh, error) {
		prefs, err := prefsOf(p, vs)
		a := model.StartRefresh{Group: group, Prefs: prefs, Launch: launch}
		if v := p.V(vs, "to").Text; v != "" {
			to := launch
			to.Version = v
			a.Desired = &to
		}
		if err == nil {
			err = model.Validate(a, readOnly)
		}
		if err != nil {
			return a, errors.New(screen.Rule(err))
		}
		return a, nil
	}
	return screen.Open{Dialog: form.New("Start an instance refresh of "+text.Printable(group), p.List,
		func(vs form.Values) ([]string, error) {
			a, err := act(vs)
			return []string{a.After()}, err
		},
		func(vs form.Values) (tea.Msg, error) {
			a, err := act(vs)
			return intent.Propose{Action: a}, err
		}).Wide(100)}
}

// versionOptions are what a refresh may move the group to: nothing (what
// it launches from), or one of its template's versions.
func versionOptions(g *model.Group, d *model.GroupDetail) []form.Option {
	out := []form.Option{{Value: "", Label: "what it launches from", Note: g.Launch.String() + "; no rollback"}}
	if d == nil || d.LaunchTemplate == nil {
		return out
	}
	for _, v := range d.LaunchTemplate.Versions {
		out = append(out, form.Option{Value: strconv.FormatInt(v.Number, 10), Label: fmt.Sprintf("v%d", v.Number),
			Note: strings.TrimSpace(v.InstanceType + " " + v.Image + " " + v.Description)})
	}
	return out
}

// resize reads the group's launch template, then opens the resize form.
func (s *Screen) resize(env *screen.Env) tea.Msg {
	readOnly := env.ReadOnly
	return intent.ResizeState{Group: s.group, Then: func(st model.ResizeState) tea.Msg {
		return screen.Open{Dialog: resizeForm(st, readOnly)}
	}}
}

// resizeForm asks for the instance type (or a mixed instances policy's
// types) and the refresh's health; its preview is PlanResize's steps and
// the cost per hour before and after.
func resizeForm(st model.ResizeState, readOnly bool) *form.Form {
	g := st.Group
	p := &screen.Fields{}
	cur := strings.Join(g.InstanceTypes, ", ")
	p.Add("types", form.Field{Label: "instance type", Kind: form.Text, Value: cur, Limit: 80,
		Help: "the type to run, such as m6i.xlarge; for a mixed instances policy, its types in order, comma-separated (now " + cur + ")",
		Check: func(v form.Value) error {
			for _, t := range splitTypes(v.Text) {
				if err := model.CheckInstanceType(t); err != nil {
					return errors.New(screen.Rule(err))
				}
			}
			return nil
		}})
	healthFields(p)
	plan := func(vs form.Values) (model.ResizePlan, model.RefreshPrefs, error) {
		prefs, err := prefsOf(p, vs)
		if err != nil {
			return model.ResizePlan{}, prefs, err
		}
		pl, err := model.PlanResize(st, splitTypes(p.V(vs, "types").Text), prefs)
		if err != nil {
			return pl, prefs, errors.New(screen.Rule(err))
		}
		return pl, prefs, nil
	}
	return form.New("Resize "+text.Printable(g.Name), p.List,
		func(vs form.Values) ([]string, error) {
			pl, _, err := plan(vs)
			return planLines(pl), err
		},
		func(vs form.Values) (tea.Msg, error) {
			pl, prefs, err := plan(vs)
			switch {
			case err != nil:
				return nil, err
			case pl.Done():
				return nil, fmt.Errorf("%s already runs %s: nothing to do", g.Name, strings.Join(pl.Types, ", "))
			case readOnly:
				return nil, errors.New("read-only: nothing sent")
			}
			return intent.ProposeResize{Plan: pl, Prefs: prefs}, nil
		}).Wide(100)
}

func splitTypes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

// planLines are a resize's steps and its cost per hour.
func planLines(p model.ResizePlan) []string {
	out := []string{fmt.Sprintf("cost $%.3f/h → $%.3f/h (%+.3f $/h)", p.Before, p.After, p.After-p.Before)}
	if !p.Priced {
		out[0] += " as far as priced: a type is not in hoist's price table"
	}
	for i, s := range p.Steps {
		state := "to do"
		if s.Done {
			state = "done"
		}
		out = append(out, fmt.Sprintf("%d. %s (%s)", i+1, s.Desc, state))
	}
	return out
}
