package ui

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model"
)

func (m *Model) targetsTitle() string {
	t := "Targets"
	if m.selected != "" {
		t += " " + m.g.Sep + " " + Printable(m.selected)
	}
	return t
}

// targetLines lists each target group of the selected group with its load
// balancer and counts, then its targets unhealthy first.
func (m *Model) targetLines(w, h int) []string {
	st := &m.st
	g, ok := m.selectedGroup()
	if !ok {
		return []string{styled(st.Muted, "select a group", w, m.g.Ellipsis)}
	}
	tgs := m.snap.TargetGroupsOf(g)
	if len(tgs) == 0 {
		return []string{styled(st.Muted, "no target groups attached", w, m.g.Ellipsis)}
	}
	var out []string
	for _, tg := range tgs {
		if len(out) >= h {
			break
		}
		lbName, lbType := "no load balancer", ""
		if lb := m.snap.LoadBalancerOf(tg); lb != nil {
			lbName, lbType = Printable(lb.Name), lb.Short()
		}
		l := m.newLine(w)
		l.add(st.Emph, Printable(tg.Name)).add(st.Muted, "  "+lbType+" "+lbName)
		out = append(out, l.String())
		c := tg.Counts()
		l = m.newLine(w)
		l.add(st.Base, "  ")
		counts := fmt.Sprintf("%d healthy  %d unhealthy  %d draining  %d initial", c.Healthy, c.Unhealthy, c.Draining, c.Initial)
		// Narrow: healthy and unhealthy always, the others when not zero.
		full := 2+len(counts) <= w
		l.add(dimIfZero(st, c.Healthy, st.OK), fmt.Sprintf("%d healthy", c.Healthy)).add(st.Base, "  ")
		l.add(dimIfZero(st, c.Unhealthy, st.Err), fmt.Sprintf("%d unhealthy", c.Unhealthy))
		if full || c.Draining > 0 {
			l.add(st.Base, "  ").add(dimIfZero(st, c.Draining, st.Warn), fmt.Sprintf("%d draining", c.Draining))
		}
		if full || c.Initial > 0 {
			l.add(st.Base, "  ").add(dimIfZero(st, c.Initial, st.Info), fmt.Sprintf("%d initial", c.Initial))
		}
		out = append(out, l.String())
		if tg.TargetsFetched.IsZero() && len(tg.Targets) == 0 {
			out = append(out, styled(st.Subtle, "  target health not fetched yet", w, m.g.Ellipsis))
			continue
		}
		stateW := 0
		for _, t := range tg.Targets {
			stateW = max(stateW, width(Printable(t.State)))
		}
		for _, t := range tg.SortedTargets() {
			if len(out) >= h {
				break
			}
			s := st.Base
			switch t.State {
			case model.TargetUnhealthy, model.TargetUnavailable, model.TargetUnhealthyDraining:
				s = st.Err
			case model.TargetDraining:
				s = st.Warn
			case model.TargetInitial:
				s = st.Info
			case model.TargetHealthy:
				s = st.OK
			}
			reason := targetWhy(t, w > 90)
			l := m.newLine(w)
			l.add(st.Base, "  ")
			l.col(st.Base, Printable(t.ID), 20).add(st.Base, " ")
			if w >= wideTargets {
				l.col(st.Muted, Printable(t.AZ), 11).add(st.Base, " ")
				l.col(s, Printable(t.State), 18).add(st.Base, " ")
				l.add(st.Muted, reason)
				out = append(out, l.String())
				continue
			}
			// Narrow: the zone by its letter, and the reason (why it is
			// unhealthy: the point of the pane) on a line of its own when
			// it would be cut.
			l.add(st.Muted, shortAZ(Printable(t.AZ))+" ").col(s, Printable(t.State), stateW)
			if reason != "" && l.w+1+width(reason) > w && len(out)+1 < h {
				out = append(out, l.String())
				l = m.newLine(w)
				l.add(st.Base, "    ")
			} else if reason != "" {
				l.add(st.Base, " ")
			}
			l.add(st.Muted, reason)
			out = append(out, l.String())
		}
	}
	return out
}

// targetWhy is AWS's reason code for t's state, with its description when
// described.
func targetWhy(t model.Target, described bool) string {
	why := Printable(t.Reason)
	if described && t.Description != "" {
		why += ": " + Printable(t.Description)
	}
	return why
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
