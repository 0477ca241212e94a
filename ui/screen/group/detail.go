package group

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// instanceLines are the instances' heading and rows, the selected one in
// view, in at most h lines.
func (s *Screen) instanceLines(env *screen.Env, g *model.Group, w, h int) []string {
	st := &env.St
	out := []string{env.Styled(st.TierHeading, fmt.Sprintf("Instances %d", len(g.Instances)), w)}
	out = append(out, env.NewLine(w).Col(st.Muted, "  ID", 22).Col(st.Muted, "AZ", 12).Col(st.Muted, "TYPE", 12).
		Col(st.Muted, "LIFECYCLE", 18).Col(st.Muted, "HEALTH", 10).Col(st.Muted, "MARKET", 10).Add(st.Muted, "LAUNCHED").String())
	ins := s.instances(env)
	cur := max(0, min(s.cursor, len(ins)-1))
	start := max(0, cur-h+2)
	for i := start; i < len(ins) && i < start+h-1; i++ {
		in := ins[i]
		l := env.NewLine(w)
		l.BG = i == cur
		mark := "  "
		if i == cur {
			mark = env.G.Cursor + " "
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
		l.Add(st.Emph, mark).Col(st.Base, text.Printable(in.ID), 20).Col(st.Muted, text.Printable(in.AZ), 12).Col(st.Base, text.Printable(in.Type), 12).
			Col(ls, text.Printable(in.Lifecycle), 18).Col(hs, text.Printable(screen.HealthOf(in)), 10).Col(st.Base, market, 10).Add(st.Muted, env.Clock(in.Launched))
		out = append(out, l.String())
	}
	return out
}

func policyLines(env *screen.Env, g *model.Group, w int) []string {
	st := &env.St
	out := []string{env.Styled(st.TierHeading, fmt.Sprintf("Policies %d  (%s to edit)", len(g.Policies), env.Keys.KeyOf("policies")), w)}
	for _, p := range g.Policies {
		out = append(out, env.Styled(st.Base, fmt.Sprintf("  %s  %s  %s  %s", text.Printable(p.Name), screen.ShortPolicyType(p.Type), screen.PolicyState(p),
			strings.Join(screen.PolicyDetails(p), ", ")), w))
	}
	return out
}

func scheduledLines(env *screen.Env, g *model.Group, w int) []string {
	st := &env.St
	out := []string{env.Styled(st.TierHeading, fmt.Sprintf("Scheduled actions %d  (%s to edit)", len(g.Scheduled), env.Keys.KeyOf("scheduled")), w)}
	for _, a := range g.Scheduled {
		when := text.Printable(model.ScheduleSpecOf(a).Fields()[0].Value)
		next := ""
		if len(a.Upcoming) > 0 {
			next = "  next " + env.Clock(a.Upcoming[0])
		}
		out = append(out, env.Styled(st.Base, fmt.Sprintf("  %s  %s  min %s desired %s max %s%s", text.Printable(a.Name), when, optInt(a.Min), optInt(a.Desired), optInt(a.Max), next), w))
	}
	return out
}

// refreshLines say what instance refresh runs, as last read, and how to
// reach it: in a bad deploy the refresh that rolls the new version out.
func refreshLines(env *screen.Env, g *model.Group, w int) []string {
	d, ok := env.Detail(g.Name)
	if !ok {
		return nil
	}
	r, running := model.ActiveRefresh(d.Refreshes)
	if !running {
		return nil
	}
	to := ""
	if r.Desired != nil {
		to = " to " + r.Desired.String()
	}
	line := fmt.Sprintf("instance refresh %s%s, started %s  (%s: cancel, roll back)", r.Summary(), to, env.Clock(r.Start), env.Keys.KeyOf("refreshes"))
	return []string{env.Styled(env.St.Warn, text.Printable(line), w)}
}

func optInt(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func activityLines(env *screen.Env, g *model.Group, w int) []string {
	st := &env.St
	acts := env.Snap.ActivitiesOf(g.Name)
	out := []string{env.Styled(st.TierHeading, fmt.Sprintf("Activities %d", len(acts)), w)}
	now := env.ServerNow()
	for _, a := range acts {
		ink, _ := env.SevInk(a.Severity())
		switch {
		case a.Status == model.ActivitySuccessful:
			ink = st.Muted
		case a.Severity() == model.SeverityInfo:
			ink = st.Info // in progress
		}
		l := env.NewLine(w)
		l.Add(st.Muted, "  "+env.Clock(a.Start)+" ").Col(ink, text.Printable(a.Status), 12).
			Add(st.Muted, fmt.Sprintf("%6s ", model.ShortDuration(a.Duration(now)))).Add(st.Base, text.Printable(a.Description))
		if a.StatusMessage != "" {
			l.Add(st.Err, " "+text.Printable(a.StatusMessage))
		}
		l.Add(st.Subtle, "  cause: "+text.Printable(a.Cause))
		out = append(out, l.String())
	}
	return out
}
