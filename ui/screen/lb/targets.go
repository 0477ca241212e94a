package lb

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// targetsLines are the open target group: what it is, its health check
// and attributes, how long a target drains, then its targets (the
// selected one marked) and the instances of the groups behind it that
// are not registered.
func (s *Screen) targetsLines(env *screen.Env, w, h int) []string {
	st := &env.St
	tv, ok := s.openTG()
	if !ok {
		return []string{env.Styled(st.Warn, "the target group is gone from the latest snapshot; esc goes back", w)}
	}
	out := tgLines(env, tv, false, w)
	k := env.Keys.KeyOf
	out = append(out, wrapped(env, st.Muted, "      ", fmt.Sprintf("a target deregistered now drains for up to %s (the deregistration delay); %s drains the selected one, %s puts an instance back",
		model.ShortDuration(drainDelay(tv)), k("lb-deregister"), k("lb-register")), w, 6)...)
	rows := s.targetRows(env)
	if len(rows) == 0 {
		return append(out, env.Styled(st.Muted, "  no targets, and no instance of a group behind it", w))
	}
	head := env.NewLine(w).Add(st.Muted, "  ")
	head.Col(st.Muted, "TARGET", 21).Col(st.Muted, "PORT", 7).Col(st.Muted, "ZONE", 13).Col(st.Muted, "STATE", 20).Add(st.Muted, "WHY")
	out = append(out, head.String())
	n := max(h-len(out), 1)
	cur := indexOfRow(rows, s.target)
	start := max(0, min(cur-n/2, len(rows)-n))
	for i := start; i < len(rows) && i < start+n; i++ {
		out = append(out, targetLine(env, rows[i], i == cur, w))
	}
	return out
}

// targetLine is one target: id, port, zone, state and AWS's reason.
func targetLine(env *screen.Env, r targetRow, sel bool, w int) string {
	st := &env.St
	l := env.NewLine(w)
	l.BG = sel
	l.Add(st.Emph, mark(env, sel)).Col(st.Base, text.Printable(r.id), 21)
	if r.t == nil {
		l.Col(st.Muted, "", 7).Col(st.Muted, text.Printable(r.zone), 13).Col(st.Muted, "not registered", 20)
		return l.Add(st.Muted, "instance of "+text.Printable(r.group)+" ("+text.Printable(r.health)+")").String()
	}
	t := r.t
	l.Col(st.Base, strconv.Itoa(t.Port), 7).Col(st.Base, text.Printable(r.zone), 13).Col(env.TargetInk(t.State), text.Printable(t.State), 20)
	return l.Add(st.Muted, screen.TargetWhy(*t, true)).String()
}

// drainDelay is how long a deregistered target of tv drains: its
// deregistration delay, or AWS's default before the attributes are read.
func drainDelay(tv *model.TGView) time.Duration {
	if tv.Settings.Read {
		return tv.Settings.DeregistrationDelay
	}
	return 300 * time.Second
}

// registered are the ids of tg's targets that count as registered.
func registered(tg *model.TargetGroup) []string {
	var out []string
	for _, t := range tg.Targets {
		if model.Registered(t) {
			out = append(out, t.ID)
		}
	}
	return out
}

// register opens the form that puts an instance into the target group:
// one of the groups behind it that is not registered, or one draining
// (registering it again cancels the drain).
func (s *Screen) register(env *screen.Env) tea.Msg {
	tv, _ := s.actTG()
	tg := tv.TG
	var opts []form.Option
	for _, r := range rowsOf(env, tv) {
		switch {
		case r.t == nil:
			opts = append(opts, form.Option{Value: r.id, Note: text.Printable(r.zone + " " + r.group + " " + r.health)})
		case !model.Registered(*r.t):
			opts = append(opts, form.Option{Value: r.id, Note: text.Printable(r.zone) + " draining: registering cancels it"})
		}
	}
	if len(opts) == 0 {
		return intent.Status{Kind: intent.Info, Text: "every instance of the groups behind " + tg.Name + " is registered; hoist lb register takes any instance"}
	}
	first := opts[0].Value
	if i := slices.IndexFunc(opts, func(o form.Option) bool { return o.Value == s.target }); i >= 0 {
		first = opts[i].Value
	}
	arn, name, port, on, hc, readOnly := tg.ARN, tg.Name, tg.Port, registered(tg), tg.HealthCheck, env.ReadOnly
	build := func(vs form.Values) model.RegisterTargets {
		p := vs[1].Int
		if p == port {
			p = 0
		}
		return model.RegisterTargets{TargetGroup: arn, Name: name, Instances: []string{vs[0].Text}, Port: p, From: on}
	}
	return screen.Open{Dialog: newForm("Register with "+text.Printable(name), []form.Field{
		{Label: "instance", Kind: form.Choice, Value: first, Options: opts,
			Help: "an instance of the groups behind it that is not registered, or one draining"},
		{Label: "port", Kind: form.Int, Value: strconv.Itoa(port), Limit: 5,
			Help:  fmt.Sprintf("the port it takes traffic on; the target group's is %d", port),
			Check: func(v form.Value) error { return portCheck(v.Int) }},
	}, func(vs form.Values) ([]string, error) {
		return previewOf(build(vs), fmt.Sprintf("it takes traffic once %d health checks pass, after about %s",
			hc.HealthyThreshold, model.ShortDuration(time.Duration(hc.HealthyThreshold)*hc.Interval)))
	}, func(vs form.Values) (tea.Msg, error) { return proposeOf(build(vs), readOnly) })}
}

func portCheck(p int) error {
	if p < 1 || p > 65535 {
		return fmt.Errorf("port %d is not a port (1 to 65535)", p)
	}
	return nil
}

// deregister opens the form that drains a target out of the target group,
// the selected one first, saying how long it drains and what it leaves.
func (s *Screen) deregister(env *screen.Env) tea.Msg {
	tv, _ := s.actTG()
	tg := tv.TG
	var opts []form.Option
	for _, t := range tg.SortedTargets() {
		if model.Registered(t) {
			opts = append(opts, form.Option{Value: t.ID, Note: text.Printable(t.AZ + " " + t.State)})
		}
	}
	first := opts[0].Value
	if slices.ContainsFunc(opts, func(o form.Option) bool { return o.Value == s.target }) {
		first = s.target
	}
	arn, name, on, delay, readOnly := tg.ARN, tg.Name, registered(tg), drainDelay(tv), env.ReadOnly
	targets := slices.Clone(tg.Targets)
	build := func(vs form.Values) model.DeregisterTargets {
		return model.DeregisterTargets{TargetGroup: arn, Name: name, Instances: []string{vs[0].Text}, From: on, Delay: delay}
	}
	return screen.Open{Dialog: newForm("Deregister from "+text.Printable(name), []form.Field{
		{Label: "target", Kind: form.Choice, Value: first, Options: opts,
			Help: fmt.Sprintf("it stops taking new requests at once and drains for up to %s (the deregistration delay); an instance stays in its Auto Scaling group",
				model.ShortDuration(delay))},
	}, func(vs form.Values) ([]string, error) {
		return previewOf(build(vs), leaves(targets, vs[0].Text))
	}, func(vs form.Values) (tea.Msg, error) { return proposeOf(build(vs), readOnly) })}
}

// leaves says how many healthy targets stay when id goes.
func leaves(targets []model.Target, id string) string {
	healthy, zone, inZone := 0, "", 0
	for _, t := range targets {
		if t.ID == id {
			zone = t.AZ
		}
	}
	for _, t := range targets {
		if t.ID != id && t.State == model.TargetHealthy {
			healthy++
			if t.AZ == zone {
				inZone++
			}
		}
	}
	if healthy == 0 {
		return "it leaves no healthy target"
	}
	return fmt.Sprintf("%d healthy target%s stay, %d in %s", healthy, screen.Plural(healthy), inZone, text.Printable(firstOf(zone, "its zone")))
}
