package insights

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	md "github.com/solemate/hoist/report"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
)

// planned is the capacity form's answer to the screen: the plans it made.
type planned struct {
	plans []insight.CapacityPlan
	what  string
}

// planner answers a scenario for a group or a tier from the report's
// series and the groups as they are now.
type planner struct {
	rep  *insight.FleetReport
	snap *model.Snapshot
	now  time.Time
	loc  *time.Location
}

// planForm opens the capacity planning form: a group or tier, the load
// factor, how long (nothing for a lasting growth) and when. The preview
// answers as it is typed; submit lists the plans on the screen, where a
// applies the change that raises max.
func (s *Screen) planForm(env *screen.Env) tea.Msg {
	if env.Snap == nil {
		return intent.Status{Kind: intent.Warn, Text: "no data yet: capacity is planned on the groups as they are now"}
	}
	p := planner{rep: s.rep, snap: env.Snap, now: env.ServerNow(), loc: env.Loc}
	target := s.defaultTarget()
	fields := []form.Field{
		{Label: "group or tier", Kind: form.Text, Value: target, Limit: 255,
			Help:  "a group's name, or a tier to plan each of its groups",
			Check: func(v form.Value) error { _, err := p.groups(v.Text); return err }},
		{Label: env.Plain("load ×"), Kind: form.Number, Value: "1.3", Limit: 6,
			Help:  "the load against today's: 1.3 is a growth of 30%, 3 a flash sale at three times the load",
			Check: func(v form.Value) error { return checkFactor(v.Number) }},
		{Label: "for", Kind: form.Text, Limit: 8,
			Help:  "empty: a lasting growth; 2h: a surge that lasts two hours",
			Check: func(v form.Value) error { _, err := parseFor(v.Text); return err }},
		{Label: "at", Kind: form.Text, Limit: 16,
			Help:  "a surge's start, 18:00 or 2026-11-28 18:00 (" + zoneName(env.Loc, p.now) + "); empty: at the busiest hour seen",
			Check: func(v form.Value) error { _, err := p.parseAt(v.Text); return err }},
	}
	preview := func(vs form.Values) ([]string, error) {
		plans, _, err := p.plans(vs)
		if err != nil {
			return nil, err
		}
		lines := previewLines(plans, env.G.Arrow)
		for i := range lines {
			lines[i] = env.Plain(lines[i])
		}
		return lines, nil
	}
	submit := func(vs form.Values) (tea.Msg, error) {
		plans, what, err := p.plans(vs)
		if err != nil {
			return nil, err
		}
		return dialog.Close{Then: intent.Tell{Screen: Name, Msg: planned{plans: plans, what: what}}}, nil
	}
	return screen.Open{Dialog: form.New("Capacity planning", fields, preview, submit).Wide(90)}
}

// defaultTarget is the selected row's group, else the report's first.
func (s *Screen) defaultTarget() string {
	switch it := s.selected(); it.kind {
	case kindRec:
		return s.rep.Recommendations[it.i].Group
	case kindPlan:
		return s.plans[it.i].Group
	}
	if s.rep != nil && len(s.rep.Groups) > 0 {
		return s.rep.Groups[0].Utilisation.Group
	}
	return ""
}

func checkFactor(f float64) error {
	if f <= 0 || f > 100 {
		return errors.New("load × is a factor above 0 and at most 100: 1.3, 3")
	}
	return nil
}

func parseFor(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Minute || d > 7*24*time.Hour {
		return 0, fmt.Errorf("for is a duration from 1m to 168h, such as 2h, or empty for a lasting growth; not %q", v)
	}
	return d, nil
}

// parseAt reads a surge's start in the console's zone: "18:00" (the next
// one from now) or "2026-11-28 18:00"; zero when empty.
func (p planner) parseAt(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	now := p.now.In(p.loc)
	if t, err := time.ParseInLocation("2006-01-02 15:04", v, p.loc); err == nil {
		if !t.After(p.now) {
			return time.Time{}, fmt.Errorf("at %s has passed", v)
		}
		return t, nil
	}
	t, err := time.ParseInLocation("15:04", v, p.loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("at is 18:00 or 2026-11-28 18:00, or empty for the busiest hour; not %q", v)
	}
	at := time.Date(now.Year(), now.Month(), now.Day(), t.Hour(), t.Minute(), 0, 0, p.loc)
	if !at.After(p.now) {
		at = at.AddDate(0, 0, 1)
	}
	return at, nil
}

// groups are the groups a target names: the group of that name, or every
// group of that tier.
func (p planner) groups(target string) ([]*model.Group, error) {
	target = strings.TrimSpace(target)
	if g, ok := p.snap.Group(target); ok {
		return []*model.Group{g}, nil
	}
	var out []*model.Group
	for i := range p.snap.Groups {
		if g := &p.snap.Groups[i]; g.TierOrUntiered() == target {
			out = append(out, g)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no group or tier %q here", target)
	}
	return out, nil
}

// plans answers the form's values for each group named, and says what
// was asked ("web: 3× for 2h00m at the busiest hour").
func (p planner) plans(vs form.Values) ([]insight.CapacityPlan, string, error) {
	gs, err := p.groups(vs[0].Text)
	if err != nil {
		return nil, "", err
	}
	if err := checkFactor(vs[1].Number); err != nil {
		return nil, "", err
	}
	sc := insight.Scenario{Factor: vs[1].Number}
	if sc.For, err = parseFor(vs[2].Text); err != nil {
		return nil, "", err
	}
	if sc.At, err = p.parseAt(vs[3].Text); err != nil {
		return nil, "", err
	}
	if sc.For == 0 && !sc.At.IsZero() {
		return nil, "", errors.New("at is a surge's start: say for how long it lasts too")
	}
	var out []insight.CapacityPlan
	for _, g := range gs {
		out = append(out, p.plan(g, sc))
	}
	return out, strings.TrimSpace(vs[0].Text) + ": " + sc.String(), nil
}

// plan is one group's answer, from its series in the report.
func (p planner) plan(g *model.Group, sc insight.Scenario) insight.CapacityPlan {
	for _, gr := range p.rep.Groups {
		if gr.Utilisation.Group == g.Name {
			return insight.PlanCapacity(insight.GroupData{Group: *g, Series: gr.Series}, p.snap.Prices, sc, p.rep.Window)
		}
	}
	return insight.CapacityPlan{Group: g.Name, Tier: g.TierOrUntiered(), Scenario: sc.String(), Max: g.Max,
		Note: "not in the report (a group newer than it): r reads it again"}
}

// previewLines are the plans in a line or two each, at most six.
func previewLines(plans []insight.CapacityPlan, arrow string) []string {
	var out []string
	for i, p := range plans {
		if i == 6 {
			out = append(out, fmt.Sprintf("and %d more groups", len(plans)-i))
			break
		}
		out = append(out, planLines(p, arrow)...)
	}
	return out
}

// planLines say what a plan needs: the capacity at the target against
// now and max, the zones, the cost, and the change.
func planLines(p insight.CapacityPlan, arrow string) []string {
	if p.Note != "" {
		return []string{p.Group + ": " + p.Note}
	}
	at := fmt.Sprintf("%s %s", md.Number(p.Reference.Target), p.Reference.Metric)
	if p.Reference.Metric != insight.RefRequests {
		at = fmt.Sprintf("%s%% %s", md.Number(p.Reference.Target), p.Reference.Metric)
	}
	fits := fmt.Sprintf("max %d allows it", p.Max)
	if !p.MaxAllows {
		fits = fmt.Sprintf("max %d does not", p.Max)
	}
	first := fmt.Sprintf("%s: needs %d at %s (%d now); %s", p.Group, p.Needed, at, p.Now, fits)
	cost := md.Money(p.Cost) + " for the surge"
	if p.Scenario != "" && !strings.Contains(p.Scenario, " for ") {
		cost = md.Money(p.Cost) + " a month"
	}
	second := fmt.Sprintf("  %d a zone over %d; %d to carry it with a zone lost; +%s/h, %s", p.PerAZ, p.AZs, p.AZLoss, md.Money(p.ExtraPerHour), cost)
	out := []string{first, second}
	for _, c := range p.Changes {
		out = append(out, "  "+strings.ReplaceAll(c.String(), "→", arrow))
	}
	return out
}

func zoneName(loc *time.Location, now time.Time) string {
	if loc == nil || loc == time.UTC {
		return "UTC"
	}
	name, _ := now.In(loc).Zone()
	return name
}
