package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/solemate/hoist/model"
)

func (m *Model) detailTitle() string {
	return "Group " + Printable(m.selected)
}

// instances are the selected group's instances in display order.
func (m *Model) instances() []model.Instance {
	g, ok := m.selectedGroup()
	if !ok {
		return nil
	}
	out := append([]model.Instance(nil), g.Instances...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].AZ != out[j].AZ {
			return out[i].AZ < out[j].AZ
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func (m *Model) selectedInstance() (model.Instance, bool) {
	if !m.detail {
		return model.Instance{}, false
	}
	ins := m.instances()
	if len(ins) == 0 {
		return model.Instance{}, false
	}
	return ins[max(0, min(m.detailCursor, len(ins)-1))], true
}

func (m *Model) selectedPolicy() (model.Policy, bool) {
	d, ok := m.dialog.(*policiesDialog)
	if !ok {
		return model.Policy{}, false
	}
	ps := d.policies(m)
	if len(ps) == 0 {
		return model.Policy{}, false
	}
	return ps[max(0, min(d.cursor, len(ps)-1))], true
}

// detailLines: a summary, the instances (selectable), policies, scheduled
// actions and recent activities.
func (m *Model) detailLines(w, h int) []string {
	st := &m.st
	g, ok := m.selectedGroup()
	if !ok {
		return []string{styled(st.Warn, "the group is gone from the latest snapshot; esc goes back", w, m.g.Ellipsis)}
	}
	var out []string
	c := g.Counts()
	cost := model.CostOf(g, m.snap.Prices)
	sum := fmt.Sprintf("tier %s  min %d desired %d max %d  in service %d pending %d unhealthy %d standby %d  $%.2f/h  health check %s",
		Printable(g.TierOrUntiered()), g.Min, g.Desired, g.Max, c.InService, c.Pending, c.Unhealthy, c.Standby, cost.Total(), Printable(g.HealthCheckType))
	out = append(out, styled(st.Emph, sum, w, m.g.Ellipsis))
	if len(g.Suspended) > 0 {
		out = append(out, styled(st.Warn, "suspended: "+Printable(strings.Join(g.Suspended, ", ")), w, m.g.Ellipsis))
	}
	if s, ok := m.inflight[g.Name]; ok {
		out = append(out, styled(st.Inflight, "in flight: "+m.arrows(Printable(s)), w, m.g.Ellipsis))
	}
	// Share the height: instances get what the other sections leave.
	pol, sch, act := m.policyLines(g, w), m.scheduledLines(g, w), m.activityLines(g, w)
	rest := len(pol) + len(sch) + min(len(act), 6) + 4
	instH := max(h-len(out)-rest, 4)
	out = append(out, styled(st.TierHeading, fmt.Sprintf("Instances %d", len(g.Instances)), w, ""))
	out = append(out, m.newLine(w).col(st.Muted, "  ID", 22).col(st.Muted, "AZ", 12).col(st.Muted, "TYPE", 12).
		col(st.Muted, "LIFECYCLE", 18).col(st.Muted, "HEALTH", 10).col(st.Muted, "MARKET", 10).add(st.Muted, "LAUNCHED").String())
	ins := m.instances()
	cur := max(0, min(m.detailCursor, len(ins)-1))
	start := max(0, cur-instH+2)
	for i := start; i < len(ins) && i < start+instH-1; i++ {
		in := ins[i]
		l := m.newLine(w)
		l.bg = i == cur
		mark := "  "
		if i == cur {
			mark = m.g.Cursor + " "
		}
		hs := st.OK
		if in.Health == model.HealthUnhealthy {
			hs = st.Err
		}
		ls := st.Base
		switch {
		case strings.HasPrefix(in.Lifecycle, model.StatePending):
			ls = st.Info
		case strings.HasPrefix(in.Lifecycle, model.StateTerminating), in.Lifecycle == model.StateStandby:
			ls = st.Warn
		}
		market := "on-demand"
		if in.Spot {
			market = "spot"
		}
		if in.Protected {
			market += " prot"
		}
		l.add(st.Emph, mark).col(st.Base, Printable(in.ID), 20).col(st.Muted, Printable(in.AZ), 12).col(st.Base, Printable(in.Type), 12).
			col(ls, Printable(in.Lifecycle), 18).col(hs, Printable(healthOf(in)), 10).col(st.Base, market, 10).add(st.Muted, m.clock(in.Launched))
		out = append(out, l.String())
	}
	for _, sec := range [][]string{pol, sch} {
		out = append(out, sec...)
	}
	for _, l := range act {
		if len(out) >= h {
			break
		}
		out = append(out, l)
	}
	if len(out) > h {
		out = out[:h]
	}
	return out
}

func (m *Model) policyLines(g *model.Group, w int) []string {
	st := &m.st
	out := []string{styled(st.TierHeading, fmt.Sprintf("Policies %d  (%s to edit)", len(g.Policies), m.keys.keyOf("policies")), w, "")}
	for _, p := range g.Policies {
		state := "enabled"
		if !p.Enabled {
			state = "DISABLED"
		}
		out = append(out, styled(st.Base, fmt.Sprintf("  %s  %s  %s  %s", Printable(p.Name), shortPolicyType(p.Type), state,
			strings.Join(policyDetails(p), ", ")), w, m.g.Ellipsis))
	}
	return out
}

func (m *Model) scheduledLines(g *model.Group, w int) []string {
	st := &m.st
	out := []string{styled(st.TierHeading, fmt.Sprintf("Scheduled actions %d", len(g.Scheduled)), w, "")}
	for _, s := range g.Scheduled {
		when := Printable(s.Recurrence)
		if when == "" {
			when = s.Start.UTC().Format("2006-01-02 15:04Z")
		}
		out = append(out, styled(st.Base, fmt.Sprintf("  %s  %s  min %s desired %s max %s", Printable(s.Name), when, optInt(s.Min), optInt(s.Desired), optInt(s.Max)), w, m.g.Ellipsis))
	}
	return out
}

func optInt(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func (m *Model) activityLines(g *model.Group, w int) []string {
	st := &m.st
	acts := m.snap.ActivitiesOf(g.Name)
	out := []string{styled(st.TierHeading, fmt.Sprintf("Activities %d", len(acts)), w, "")}
	now := m.serverNow()
	for _, a := range acts {
		s, _ := m.sevInk(a.Severity())
		switch {
		case a.Status == model.ActivitySuccessful:
			s = st.Muted
		case a.Severity() == model.SeverityInfo:
			s = st.Info // in progress
		}
		l := m.newLine(w)
		l.add(st.Muted, "  "+m.clock(a.Start.Add(-m.snap.Skew))+" ").col(s, Printable(a.Status), 12).
			add(st.Muted, fmt.Sprintf("%6s ", model.ShortDuration(a.Duration(now)))).add(st.Base, Printable(a.Description))
		if a.StatusMessage != "" {
			l.add(st.Err, " "+Printable(a.StatusMessage))
		}
		l.add(st.Subtle, "  cause: "+Printable(a.Cause))
		out = append(out, l.String())
	}
	return out
}

// policyDetails are the facts an engineer reads off a policy: what it
// tracks or how far it moves, and its timing.
func policyDetails(p model.Policy) []string {
	var d []string
	switch {
	case p.Target != nil:
		d = append(d, fmt.Sprintf("%s target %s", Printable(p.Target.Metric), formatTarget(p.Target)))
		if p.Target.DisableScaleIn {
			d = append(d, "scale-in disabled")
		} else {
			d = append(d, "scale-in on")
		}
	case p.Predictive != nil:
		pd := Printable(p.Predictive.Metric) + " " + Printable(p.Predictive.Mode)
		if p.Predictive.TargetValue > 0 {
			pd += fmt.Sprintf(" target %g", p.Predictive.TargetValue)
		}
		d = append(d, pd)
	case len(p.Steps) > 0:
		d = append(d, fmt.Sprintf("%d steps (%s)", len(p.Steps), Printable(p.AdjustmentType)))
	case p.Type == model.PolicySimple:
		d = append(d, fmt.Sprintf("adjust %+d (%s)", p.ScalingAdjustment, Printable(p.AdjustmentType)))
	}
	if p.Cooldown > 0 {
		d = append(d, "cooldown "+model.ShortDuration(p.Cooldown))
	}
	if p.Warmup > 0 {
		d = append(d, "warmup "+model.ShortDuration(p.Warmup))
	}
	return d
}
