package overview

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

func (s *Screen) targetsTitle(env *screen.Env) string {
	t := "Targets"
	if s.selected != "" {
		t += " " + env.G.Sep + " " + text.Printable(s.selected) + screen.InRegion(env, s.selRegion)
	}
	return t
}

// targetLines lists each target group of the selected group with its load
// balancer and counts, then its targets unhealthy first.
func (s *Screen) targetLines(env *screen.Env, w, h int) []string {
	st := &env.St
	g, ok := env.Group(s.selected)
	if !ok {
		return []string{env.Styled(st.Muted, "select a group", w)}
	}
	tgs := env.Snap.TargetGroupsOf(g)
	if len(tgs) == 0 {
		return []string{env.Styled(st.Muted, "no target groups attached", w)}
	}
	var out []string
	for _, tg := range tgs {
		if len(out) >= h {
			break
		}
		lbName, lbType := "no load balancer", ""
		if lb := env.Snap.LoadBalancerOf(tg); lb != nil {
			lbName, lbType = text.Printable(lb.Name), lb.Short()
		}
		out = append(out, env.NewLine(w).Add(st.Emph, text.Printable(tg.Name)).Add(st.Muted, "  "+lbType+" "+lbName).String())
		out = append(out, targetCounts(env, tg.Counts(), w))
		if tg.TargetsFetched.IsZero() && len(tg.Targets) == 0 {
			out = append(out, env.Styled(st.Subtle, "  target health not fetched yet", w))
			continue
		}
		out = targetRows(env, out, tg, w, h)
	}
	return out
}

// targetCounts is the counts line. Narrow: healthy and unhealthy always,
// the others when not zero.
func targetCounts(env *screen.Env, c model.TargetCounts, w int) string {
	st := &env.St
	l := env.NewLine(w)
	l.Add(st.Base, "  ")
	counts := fmt.Sprintf("%d healthy  %d unhealthy  %d draining  %d initial", c.Healthy, c.Unhealthy, c.Draining, c.Initial)
	full := 2+len(counts) <= w
	l.Add(dimIfZero(st, c.Healthy, st.OK), fmt.Sprintf("%d healthy", c.Healthy)).Add(st.Base, "  ")
	l.Add(dimIfZero(st, c.Unhealthy, st.Err), fmt.Sprintf("%d unhealthy", c.Unhealthy))
	if full || c.Draining > 0 {
		l.Add(st.Base, "  ").Add(dimIfZero(st, c.Draining, st.Warn), fmt.Sprintf("%d draining", c.Draining))
	}
	if full || c.Initial > 0 {
		l.Add(st.Base, "  ").Add(dimIfZero(st, c.Initial, st.Info), fmt.Sprintf("%d initial", c.Initial))
	}
	return l.String()
}

// targetRows appends tg's targets, unhealthy first, while there is room.
func targetRows(env *screen.Env, out []string, tg *model.TargetGroup, w, h int) []string {
	st := &env.St
	stateW := 0
	for _, t := range tg.Targets {
		stateW = max(stateW, text.Width(text.Printable(t.State)))
	}
	for _, t := range tg.SortedTargets() {
		if len(out) >= h {
			break
		}
		ink := env.TargetInk(t.State)
		reason := screen.TargetWhy(t, w > 90)
		l := env.NewLine(w)
		l.Add(st.Base, "  ")
		l.Col(st.Base, text.Printable(t.ID), 20).Add(st.Base, " ")
		if w >= wideTargets {
			l.Col(st.Muted, text.Printable(t.AZ), 11).Add(st.Base, " ")
			l.Col(ink, text.Printable(t.State), 18).Add(st.Base, " ")
			out = append(out, l.Add(st.Muted, reason).String())
			continue
		}
		// Narrow: the zone by its letter, and the reason (why it is
		// unhealthy: the point of the pane) on a line of its own when
		// it would be cut.
		l.Add(st.Muted, shortAZ(text.Printable(t.AZ))+" ").Col(ink, text.Printable(t.State), stateW)
		if reason != "" && l.W+1+text.Width(reason) > w && len(out)+1 < h {
			out = append(out, l.String())
			l = env.NewLine(w)
			l.Add(st.Base, "    ")
		} else if reason != "" {
			l.Add(st.Base, " ")
		}
		out = append(out, l.Add(st.Muted, reason).String())
	}
	return out
}

// wideTargets is the pane width from which a target's zone, state and
// reason sit in aligned columns.
const wideTargets = 2 + 20 + 1 + 11 + 1 + 18 + 1 + 30

// shortAZ is a zone's name without its region ("us-east-1a" → "1a"); the
// region is in the header.
func shortAZ(az string) string {
	if i := strings.LastIndexByte(az, '-'); i >= 0 && i < len(az)-1 {
		return az[i+1:]
	}
	return az
}
