package policies

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// edit proposes the selected policy with its settings changed by change.
func (s *Screen) edit(env *screen.Env, change func(*model.PolicySettings)) tea.Msg {
	p, _ := s.Selected(env)
	from := model.SettingsOf(p)
	to := from
	change(&to)
	metric := ""
	if p.Target != nil {
		metric = p.Target.Metric
	}
	return intent.Propose{Action: model.EditPolicy{Group: s.group, Policy: p.Name, Type: p.Type, Metric: metric, From: from, To: to}}
}

func (s *Screen) scaleIn(env *screen.Env) tea.Msg {
	return s.edit(env, func(ps *model.PolicySettings) { ps.DisableScaleIn = !ps.DisableScaleIn })
}

func (s *Screen) enable(env *screen.Env) tea.Msg {
	return s.edit(env, func(ps *model.PolicySettings) { ps.Enabled = !ps.Enabled })
}

func (s *Screen) target(env *screen.Env) tea.Msg {
	p, _ := s.Selected(env)
	if p.Type != model.PolicyTargetTracking {
		return intent.Status{Kind: intent.Warn, Text: fmt.Sprintf("%s is %s: only target-tracking policies have a target value", p.Name, p.Type)}
	}
	group, pol := s.group, p
	return screen.Open{Dialog: dialog.NewInput("Target value of "+p.Name,
		fmt.Sprintf("%s now targets %s = %g. New target:", p.Name, p.Target.Metric, p.Target.Value), "", 12,
		func(typed string) tea.Msg {
			v, err := ParseNumber(typed)
			if err != nil {
				return dialog.Close{Then: intent.Status{Kind: intent.Err, Text: fmt.Sprintf("target %q is not a number", typed)}}
			}
			from := model.SettingsOf(pol)
			to := from
			to.TargetValue = v
			return dialog.Close{Then: intent.Propose{Action: model.EditPolicy{Group: group, Policy: pol.Name, Type: pol.Type, Metric: pol.Target.Metric, From: from, To: to}}}
		})}
}

func (s *Screen) execute(env *screen.Env) tea.Msg {
	g, _ := env.Group(s.group)
	p, _ := s.Selected(env)
	a := model.ExecutePolicy{Group: g.Name, Policy: p.Name, Type: p.Type, From: g.Capacity}
	if p.Type != model.PolicyStep {
		return intent.Propose{Action: a}
	}
	return screen.Open{Dialog: dialog.NewInput("Execute "+p.Name,
		"A step policy picks its step from a metric value. Metric value:", "", 12,
		func(typed string) tea.Msg {
			v, err := ParseNumber(typed)
			if err != nil {
				return dialog.Close{Then: intent.Status{Kind: intent.Err, Text: fmt.Sprintf("metric value %q is not a number", typed)}}
			}
			a.MetricValue = &v
			return dialog.Close{Then: intent.Propose{Action: a}}
		})}
}

// delete proposes deleting the policy, its name to be typed back.
func (s *Screen) delete(env *screen.Env) tea.Msg {
	p, _ := s.Selected(env)
	notes := []string{summary(p)}
	if p.Type == model.PolicyTargetTracking {
		notes = append(notes, "AWS deletes the alarms it made for it")
	}
	return intent.Propose{Action: model.DeletePolicy{Group: s.group, Policy: p.Name, Type: p.Type}, Notes: notes, TypeName: p.Name}
}

// create asks which kind of policy, then opens its form.
func (s *Screen) create(env *screen.Env) tea.Msg {
	c := s.ctxOf(env, nil)
	var opts []dialog.Option
	for _, k := range []struct{ key, metric string }{{"c", "cpu"}, {"r", "requests"}, {"i", "network-in"}, {"o", "network-out"}, {"m", "memory"}, {"u", "custom"}} {
		opts = append(opts, dialog.Option{Key: k.key, Label: "target tracking: " + describe(k.metric), Then: screen.Open{Dialog: c.targetForm(k.metric)}})
	}
	opts = append(opts,
		dialog.Option{Key: "s", Label: "step scaling: steps by how far past an alarm's threshold", Then: screen.Open{Dialog: c.stepForm()}},
		dialog.Option{Key: "a", Label: "simple scaling: one adjustment per alarm, then a cooldown", Then: screen.Open{Dialog: c.simpleForm()}},
		dialog.Option{Key: "p", Label: "predictive scaling: capacity from a forecast of load", Then: screen.Open{Dialog: c.predictiveForm(nil)}})
	return screen.Open{Dialog: dialog.NewChoice("New policy for "+text.Printable(s.group), "Which kind of scaling policy?", opts...)}
}

// editWhole opens the selected policy's form, filled with it.
func (s *Screen) editWhole(env *screen.Env) tea.Msg {
	p, _ := s.Selected(env)
	if p.Spec.Type() == "" {
		return intent.Status{Kind: intent.Warn, Text: p.Name + " was read without its whole configuration; refresh and try again"}
	}
	if p.Spec.Opaque != "" {
		return intent.Status{Kind: intent.Warn, Text: fmt.Sprintf("%s uses %s, which hoist cannot edit without losing it: change it with the AWS console or CLI", p.Name, p.Spec.Opaque)}
	}
	c := s.ctxOf(env, &p)
	switch p.Spec.Type() {
	case model.PolicyTargetTracking:
		return screen.Open{Dialog: c.targetForm("")}
	case model.PolicyStep:
		return screen.Open{Dialog: c.stepForm()}
	case model.PolicySimple:
		return screen.Open{Dialog: c.simpleForm()}
	}
	return screen.Open{Dialog: c.predictiveForm(nil)}
}

// forecastOnly opens the predictive form prefilled ForecastOnly.
func (s *Screen) forecastOnly(env *screen.Env) tea.Msg {
	g, _ := env.Group(s.group)
	return screen.Open{Dialog: s.ctxOf(env, nil).predictiveForm(forecastOnlySeed(g))}
}

// ParseNumber reads a finite decimal number typed into a field: "5O",
// "7.5x", NaN and Inf are not numbers.
func ParseNumber(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}
