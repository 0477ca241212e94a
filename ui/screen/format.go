package screen

import (
	"fmt"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
)

// Box frames a screen's body of inner size (w-2) x (h-2) in a focused box.
func Box(env *Env, title string, w, h int, body func(w, h int) []string) []string {
	return env.Box(title, true, w, h, body(w-2, h-2))
}

// Styled is look.Styled with the glyphs' ellipsis.
func (e *Env) Styled(st look.Ink, s string, w int) string {
	return look.Styled(st, s, w, e.G.Ellipsis)
}

// RangeName is a metrics range as the console writes it: 15m, 1h, 24h.
func RangeName(r time.Duration) string {
	if r >= time.Hour && r%time.Hour == 0 {
		return fmt.Sprintf("%dh", int(r.Hours()))
	}
	return fmt.Sprintf("%dm", int(r.Minutes()))
}

// ShortPolicyType is a policy type in a word.
func ShortPolicyType(t string) string {
	switch t {
	case model.PolicyTargetTracking:
		return "target-tracking"
	case model.PolicyStep:
		return "step"
	case model.PolicySimple:
		return "simple"
	case model.PolicyPredictive:
		return "predictive"
	}
	return text.Printable(t)
}

// PolicyDetails are the facts an engineer reads off a policy: what it
// tracks or how far it moves, and its timing.
func PolicyDetails(p model.Policy) []string {
	var d []string
	switch {
	case p.Target != nil:
		d = append(d, fmt.Sprintf("%s target %s", text.Printable(p.Target.Metric), FormatTarget(p.Target)))
		if p.Target.DisableScaleIn {
			d = append(d, "scale-in disabled")
		} else {
			d = append(d, "scale-in on")
		}
	case p.Predictive != nil:
		pd := text.Printable(p.Predictive.Metric) + " " + text.Printable(p.Predictive.Mode)
		if p.Predictive.TargetValue > 0 {
			pd += fmt.Sprintf(" target %g", p.Predictive.TargetValue)
		}
		d = append(d, pd)
	case len(p.Steps) > 0:
		d = append(d, fmt.Sprintf("%d steps (%s)", len(p.Steps), text.Printable(p.AdjustmentType)))
	case p.Type == model.PolicySimple:
		d = append(d, fmt.Sprintf("adjust %+d (%s)", p.ScalingAdjustment, text.Printable(p.AdjustmentType)))
	}
	if p.Cooldown > 0 {
		d = append(d, "cooldown "+model.ShortDuration(p.Cooldown))
	}
	if p.Warmup > 0 {
		d = append(d, "warmup "+model.ShortDuration(p.Warmup))
	}
	return d
}

// PolicyState is "enabled" or "DISABLED".
func PolicyState(p model.Policy) string {
	if p.Enabled {
		return "enabled"
	}
	return "DISABLED"
}

// CPUTarget is the target of the group's CPU target-tracking policy.
func CPUTarget(g *model.Group) (float64, bool) {
	p, ok := g.TargetTracking()
	if !ok || p.Target.Metric != "ASGAverageCPUUtilization" {
		return 0, false
	}
	return p.Target.Value, true
}

// FormatTarget is a target-tracking value: 60% for a percentage metric.
func FormatTarget(t *model.TargetTracking) string {
	if t == nil {
		return "-"
	}
	if t.Metric == "ASGAverageCPUUtilization" || model.PercentMetric(t.Metric) {
		return fmt.Sprintf("%g%%", t.Value)
	}
	return Compact(t.Value)
}

// Compact renders a number in at most 5 cells: 950, 1.2k, 35k, 1.2M.
func Compact(v float64) string {
	a := v
	if a < 0 {
		a = -a
	}
	switch {
	case a >= 1e6:
		return fmt.Sprintf("%.1fM", v/1e6)
	case a >= 1e4:
		return fmt.Sprintf("%.0fk", v/1e3)
	case a >= 1e3:
		return fmt.Sprintf("%.1fk", v/1e3)
	case a >= 100 || a == float64(int64(a)):
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// HealthOf is an instance's health as AWS would say it.
func HealthOf(in model.Instance) string {
	if in.Health == "" {
		return "Healthy"
	}
	return in.Health
}

// TargetWhy is AWS's reason code for t's state, with its description when
// described.
func TargetWhy(t model.Target, described bool) string {
	why := text.Printable(t.Reason)
	if described && t.Description != "" {
		why += ": " + text.Printable(t.Description)
	}
	return why
}

// TargetInk is the ink of a target's health state: bad red, draining a
// warning, initial information, healthy good.
func (e *Env) TargetInk(state string) look.Ink {
	switch state {
	case model.TargetUnhealthy, model.TargetUnavailable, model.TargetUnhealthyDraining:
		return e.St.Err
	case model.TargetDraining:
		return e.St.Warn
	case model.TargetInitial:
		return e.St.Info
	case model.TargetHealthy:
		return e.St.OK
	}
	return e.St.Base
}

// Plural is "s" unless n is 1.
func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
