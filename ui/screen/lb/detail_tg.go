package lb

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// tgLines are a target group: its protocol, port, target type, the
// groups behind it and its targets by state; its health check; the
// attributes that matter in an incident; its healthy targets by zone and
// what losing each zone leaves.
func tgLines(env *screen.Env, tv *model.TGView, sel bool, w int) []string {
	st := &env.St
	tg := tv.TG
	row := env.NewLine(w)
	row.BG = sel
	row.Add(st.Emph, mark(env, sel)).Add(st.Emph, text.Printable(tg.Name))
	row.Add(st.Base, fmt.Sprintf("  %s:%d  %s", text.Printable(tg.Protocol), tg.Port, text.Printable(firstOf(tg.TargetType, "instance"))))
	row.Add(st.Muted, "  "+behind(tv))
	out := []string{row.String()}
	out = append(out, inflight(env, model.EditHealthCheck{Name: tg.Name}.Target(), w)...)
	out = append(out, countsLine(env, tv, "      ", w))
	out = append(out, wrapped(env, st.Base, "      health check ", healthWords(tg.HealthCheck), w, 8)...)
	if tv.Settings.Read {
		out = append(out, wrapped(env, st.Base, "      ", settingsWords(tv.Settings), w, 8)...)
	} else {
		out = append(out, env.Styled(st.Subtle, "      attributes not read yet", w))
	}
	if tv.TargetsRead {
		out = append(out, zoneLines(env, tv, w)...)
	}
	return out
}

// inflight is the line saying what is in flight on target (an action's
// Target: the same for every action on one target group or listener).
func inflight(env *screen.Env, target string, w int) []string {
	a, ok := env.Inflight[target]
	if !ok {
		return nil
	}
	return wrapped(env, env.St.Inflight, "      in flight: ", env.Arrows(text.Printable(a)), w, 8)
}

// behind names the Auto Scaling groups that register into a target group.
func behind(tv *model.TGView) string {
	if len(tv.Groups) == 0 {
		return "no Auto Scaling group"
	}
	return "groups " + text.Printable(strings.Join(tv.Groups, ", "))
}

// countsLine is a target group's targets by state, the bad ones loud.
func countsLine(env *screen.Env, tv *model.TGView, indent string, w int) string {
	st := &env.St
	l := env.NewLine(w).Add(st.Base, indent)
	if !tv.TargetsRead {
		return l.Add(st.Subtle, "targets not read yet").String()
	}
	c := tv.Counts
	ink := func(n int, bad look.Ink) look.Ink {
		if n == 0 {
			return st.Muted
		}
		return bad
	}
	l.Add(ink(c.Healthy, st.OK), fmt.Sprintf("%d healthy", c.Healthy)).Add(st.Base, "  ")
	l.Add(ink(c.Unhealthy, st.Err), fmt.Sprintf("%d unhealthy", c.Unhealthy)).Add(st.Base, "  ")
	l.Add(ink(c.Draining, st.Warn), fmt.Sprintf("%d draining", c.Draining)).Add(st.Base, "  ")
	l.Add(ink(c.Initial, st.Info), fmt.Sprintf("%d initial", c.Initial))
	if c.Other > 0 {
		l.Add(st.Muted, fmt.Sprintf("  %d other", c.Other))
	}
	return l.String()
}

// healthWords are a health check in a line, with how long a target takes
// to turn healthy and unhealthy (threshold x interval).
func healthWords(h model.HealthCheck) string {
	what := text.Printable(h.Protocol)
	if model.HTTPHealthCheck(h) {
		what += " " + text.Printable(h.Path)
	}
	s := fmt.Sprintf("%s on %s every %s, timeout %s; healthy after %d (%s), unhealthy after %d (%s)",
		what, text.Printable(firstOf(h.Port, "traffic-port")), model.ShortDuration(h.Interval), model.ShortDuration(h.Timeout),
		h.HealthyThreshold, model.ShortDuration(time.Duration(h.HealthyThreshold)*h.Interval),
		h.UnhealthyThreshold, model.ShortDuration(time.Duration(h.UnhealthyThreshold)*h.Interval))
	if model.HTTPHealthCheck(h) && h.Matcher != "" {
		s += "; codes " + text.Printable(h.Matcher)
	}
	return s
}

// settingsWords are a target group's attributes in the words `hoist lb`
// uses: how it spreads requests, and how targets come and go.
func settingsWords(st model.TGSettings) string {
	sticky := "not sticky"
	if st.Stickiness {
		sticky = "sticky " + text.Printable(st.StickinessType)
		if st.StickinessDuration > 0 {
			sticky += " " + model.ShortDuration(st.StickinessDuration)
		}
	}
	slow := "slow start off"
	if st.SlowStart > 0 {
		slow = "slow start " + model.ShortDuration(st.SlowStart)
	}
	return fmt.Sprintf("%s, %s, cross-zone %s; deregistration delay %s, %s", text.Printable(firstOf(st.Algorithm, "algorithm unknown")),
		sticky, text.Printable(st.CrossZone), model.ShortDuration(st.DeregistrationDelay), slow)
}

// zoneLines are the healthy targets by zone and what losing each leaves,
// packed into as few lines as the width allows.
func zoneLines(env *screen.Env, tv *model.TGView, w int) []string {
	st := &env.St
	var out []string
	l := env.NewLine(w).Add(st.Muted, "      zones ")
	for _, z := range tv.Zones {
		all := z.Healthy + z.Unhealthy + z.Other
		cell := fmt.Sprintf("%s %d/%d healthy, loss leaves %d", text.Printable(firstOf(z.Zone, "zone unknown")), z.Healthy, all, z.LeftIfLost)
		if l.W > 12 && l.W+2+text.Width(cell) > w {
			out = append(out, l.String())
			l = env.NewLine(w).Add(st.Base, "            ")
		} else if l.W > 12 {
			l.Add(st.Base, "  ")
		}
		ink := st.Base
		switch {
		case z.LeftIfLost == 0 && tv.Counts.Healthy > 0:
			ink = st.Crit
		case z.Healthy < all:
			ink = st.Warn
		}
		l.Add(ink, cell)
	}
	return append(out, l.String())
}

// loadLines are the load over the window: by zone and by target group,
// drawn; requests per target; the evenness figure; the worst zone loss.
func loadLines(env *screen.Env, v *model.LBView, sel bool, w int) []string {
	st := &env.St
	d := v.Distribution
	out := []string{heading(env, mark(env, sel)+"LOAD over "+screen.RangeName(d.Window)+": "+d.Measure, w)}
	if !d.Read {
		return append(out, env.Styled(st.Subtle, "  not read yet: its series are read while it is on screen", w))
	}
	labelW, tailW := 4, 0
	for i, p := range append(append([]model.Share(nil), d.Zones...), d.TargetGroups...) {
		labelW = max(labelW, min(text.Width(text.Printable(p.Name)), 24))
		tailW = max(tailW, text.Width(shareTail(p, perTarget(d, i-len(d.Zones)))))
	}
	bar := barSize{label: labelW, bar: max(min(w-12-labelW-2-tailW, 40), 4)}
	for i, z := range d.Zones {
		out = append(out, shareLine(env, pick(i == 0, "  by zone   ", "            "), z, "", bar, w))
	}
	out = append(out, wrapped(env, evenInk(env, d.Evenness), "  evenness  ", evenWords(env, d.Evenness), w, 12)...)
	for i, tg := range d.TargetGroups {
		out = append(out, shareLine(env, pick(i == 0, "  by group  ", "            "), tg, perTarget(d, i), bar, w))
	}
	if o := v.Outage; o.Known {
		ink := st.Base
		if o.Left == 0 {
			ink = st.Crit
		} else if o.Left*2 < o.Of {
			ink = st.Warn
		}
		out = append(out, wrapped(env, ink, "  outage    ", fmt.Sprintf("losing %s would leave %s %d of %d healthy targets",
			text.Printable(o.Zone), text.Printable(o.TargetGroup), o.Left, o.Of), w, 12)...)
	}
	return out
}

func pick(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// perTarget is ", 23k per target" for the i-th target group of d; ""
// for a zone (i < 0) or when it was not read.
func perTarget(d model.Distribution, i int) string {
	if i < 0 || i >= len(d.PerTarget) {
		return ""
	}
	return ", " + screen.Compact(d.PerTarget[i].Total) + " per target"
}

// barSize are the widths of the load's names and bars, shared by every
// row so that bars compare.
type barSize struct{ label, bar int }

// shareTail is what follows a bar: the share and the total.
func shareTail(p model.Share, tail string) string {
	return fmt.Sprintf(" %3.0f%%  %s%s", 100*p.Share, screen.Compact(p.Total), tail)
}

// shareLine is one part of the load: its name, a bar of its share, the
// share and its total.
func shareLine(env *screen.Env, lead string, p model.Share, tail string, b barSize, w int) string {
	st := &env.St
	l := env.NewLine(w).Add(st.Muted, lead)
	l.Col(st.Base, text.Printable(p.Name), b.label).Add(st.Base, "  ")
	full := int(math.Round(p.Share * float64(b.bar)))
	fullG, emptyG := "█", "░"
	if env.ASCII {
		fullG, emptyG = "#", "."
	}
	l.Add(st.Spark, strings.Repeat(fullG, full)).Add(st.Subtle, strings.Repeat(emptyG, b.bar-full))
	return l.Add(st.Emph, fmt.Sprintf(" %3.0f%%", 100*p.Share)).Add(st.Muted, "  "+screen.Compact(p.Total)+tail).String()
}

// evenWords is the one evenness figure: the busiest zone's share against
// an even one, and where the alert fires.
func evenWords(env *screen.Env, e model.Evenness) string {
	if e.Even == 0 {
		return "no load reported by zone"
	}
	if !e.Judged {
		return "too little load to judge how even it is"
	}
	return fmt.Sprintf("the busiest zone, %s, takes %.1f× an even share (%.0f%% against %.0f%%); the alert fires at %.1f×",
		text.Printable(e.Busiest), e.Ratio, 100*e.Share, 100*e.Even, unevenRatio(env.Thresholds))
}

func evenInk(env *screen.Env, e model.Evenness) look.Ink {
	if e.Judged && e.Ratio >= unevenRatio(env.Thresholds) {
		return env.St.Warn
	}
	return env.St.Base
}
