package policies

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// View frames the list and the selected policy.
func (s *Screen) View(env *screen.Env, w, h int) []string {
	return env.Box(s.Title(env), true, w, h, s.lines(env, w-2, h-2))
}

// lines: the policies, one a line (a share of the height at most), the
// selected one whole under them, and the keys.
func (s *Screen) lines(env *screen.Env, w, h int) []string {
	st := &env.St
	hint := s.hint(env, w)
	ps := s.policies(env)
	var out []string
	if note := env.DetailNote(s.group); note != "" {
		out = append(out, env.Styled(st.Muted, text.Printable(note), w))
	}
	if len(ps) == 0 {
		out = append(out, env.Styled(st.Muted, "no scaling policies: "+env.Keys.KeyOf("policy-new")+" creates one", w))
		out = append(out, s.noForecast(env, w)...)
		return screen.Fill(append(out, ""), h-1, w, hint)
	}
	rows := min(len(ps), max((h-len(out))/3, 3))
	out = append(out, s.listLines(env, ps, w, rows)...)
	out = append(out, env.Styled(st.Subtle, strings.Repeat(env.G.H, w), w))
	room := h - len(out) - 1
	p, _ := s.Selected(env)
	out = append(out, s.detailLines(env, p, w, room)...)
	return screen.Fill(out, h-1, w, hint)
}

// hint is the policy keys in a line.
func (s *Screen) hint(env *screen.Env, w int) string {
	k := env.Keys.KeyOf
	return look.Styled(env.St.KeyHint, fmt.Sprintf("%s new  %s edit  %s target  %s scale-in  %s enable/disable  %s execute  %s delete  %s forecast-only  %s back",
		k("policy-new"), k("policy-edit"), k("policy-target"), k("policy-scale-in"), k("policy-enable"), k("policy-execute"),
		k("policy-delete"), k("policy-forecast-only"), k("back")), w, env.G.Ellipsis)
}

// listLines are the policies in n rows, the selected one in view.
func (s *Screen) listLines(env *screen.Env, ps []model.Policy, w, n int) []string {
	st := &env.St
	cur := max(0, min(s.cursor, len(ps)-1))
	start := max(0, min(cur-n/2, len(ps)-n))
	var out []string
	for i := start; i < len(ps) && i < start+n; i++ {
		p := ps[i]
		l := env.NewLine(w)
		mark, ink := "  ", st.Base
		if i == cur {
			mark, ink = env.G.Cursor+" ", st.Selected(st.Emph)
			l.BG = true
		}
		state, sink := screen.PolicyState(p), st.OK
		if !p.Enabled {
			sink = st.Warn
		}
		l.Add(st.Emph, mark).Col(ink, text.Printable(p.Name), min(36, w/3)).Add(st.Base, " ").
			Col(st.Info, screen.ShortPolicyType(p.Type), 16).Col(sink, state, 9).Add(st.Muted, text.Printable(summary(p)))
		out = append(out, l.String())
	}
	return out
}

// summary is a policy in a line: its whole spec's, or its fields'.
func summary(p model.Policy) string {
	if p.Spec.Type() != "" {
		s := p.Spec.Summary()
		if p.Spec.WarmupSeconds != nil {
			s += fmt.Sprintf(", warm-up %ds", *p.Spec.WarmupSeconds)
		}
		return strings.TrimSuffix(s, " (disabled)")
	}
	return strings.Join(screen.PolicyDetails(p), ", ")
}

// detailLines are the selected policy whole: its fields, then its alarms
// or its forecast, in h lines at most.
func (s *Screen) detailLines(env *screen.Env, p model.Policy, w, h int) []string {
	st := &env.St
	if h <= 0 {
		return nil
	}
	out := []string{env.Styled(st.Emph, text.Printable(p.Name)+": "+text.Printable(summary(p)), w)}
	out = append(out, fieldLines(env, p, w)...)
	switch {
	case p.Spec.Predictive != nil:
		out = append(out, s.forecastLines(env, p, w, h-len(out))...)
	default:
		out = append(out, s.alarmLines(env, p, w)...)
		if !s.hasPredictive(env) {
			out = append(out, s.noForecast(env, w)...)
		}
	}
	return out
}

// fieldLines are the policy's fields, several to a line.
func fieldLines(env *screen.Env, p model.Policy, w int) []string {
	if p.Spec.Type() == "" {
		return []string{env.Styled(env.St.Muted, "  "+strings.Join(screen.PolicyDetails(p), ", "), w)}
	}
	if p.Spec.Opaque != "" {
		return []string{env.Styled(env.St.Warn, "  uses "+text.Printable(p.Spec.Opaque)+": hoist shows it but does not edit it whole", w)}
	}
	var parts []string
	for _, f := range p.Spec.Fields() {
		if f.Name != "type" {
			parts = append(parts, f.Name+" "+f.Value)
		}
	}
	var out []string
	for _, l := range text.Wrap(strings.Join(parts, " · "), max(w-2, 10)) {
		out = append(out, env.Styled(env.St.Base, "  "+text.Printable(l), w))
	}
	return out
}

// alarmLines are the alarms that run the policy, as AWS holds them now.
func (s *Screen) alarmLines(env *screen.Env, p model.Policy, w int) []string {
	st := &env.St
	if len(p.Alarms) == 0 {
		if p.Type == model.PolicyStep || p.Type == model.PolicySimple {
			return []string{env.Styled(st.Warn, "  no alarm runs it, so it never runs by itself: "+env.Keys.KeyOf("policy-edit")+" to choose or create one", w)}
		}
		return nil
	}
	d, _ := env.Detail(s.group)
	out := []string{env.Styled(st.Muted, "alarms", w)}
	for _, name := range p.Alarms {
		l := env.NewLine(w)
		l.Add(st.Base, "  ").Col(st.Base, text.Printable(name), min(text.Width(text.Printable(name)), w/2)).Add(st.Base, "  ")
		if d != nil {
			if a, ok := d.Alarm(name); ok {
				ink := st.OK
				if a.State == model.AlarmAlarm {
					ink = st.Warn
				}
				l.Col(ink, text.Printable(a.State), 6)
				l.Add(st.Muted, fmt.Sprintf("%s %s %s %s", text.Printable(a.Metric), model.ComparisonSymbol(a.Comparison),
					screen.Compact(a.Threshold), evaluations(a)))
			}
		}
		out = append(out, l.String())
	}
	return out
}

func evaluations(a model.Alarm) string {
	if a.Evaluations == 0 || a.Period == 0 {
		return ""
	}
	return fmt.Sprintf("for %d × %s", a.Evaluations, model.ShortDuration(a.Period))
}

// hasPredictive reports whether the group has a predictive policy.
func (s *Screen) hasPredictive(env *screen.Env) bool {
	for _, p := range s.policies(env) {
		if p.Type == model.PolicyPredictive {
			return true
		}
	}
	return false
}

// noForecast offers a ForecastOnly policy to a group without a
// predictive one: the low-risk way to see what prediction would do.
func (s *Screen) noForecast(env *screen.Env, w int) []string {
	msg := fmt.Sprintf("no predictive policy: %s creates a ForecastOnly one, the low-risk way to see what prediction would do: "+
		"AWS forecasts load and capacity from the group's history and this screen draws them, but it never scales the group",
		env.Keys.KeyOf("policy-forecast-only"))
	out := []string{""}
	for _, l := range text.Wrap(msg, max(w, 10)) {
		out = append(out, env.Styled(env.St.Info, l, w))
	}
	return out
}
