package schedule

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// The scheduled action form: one-off (a start time) or recurring (a
// five-field cron in a time zone, with an optional first and last day),
// and the min, desired and max it sets. Its preview is the next five runs
// in the zone and in UTC, or why it never runs, and what may stop it
// doing what it says.

// Zones are the time zones the form offers (hoist's choice: the zones of
// the regions' business hours), beside UTC, the console's own and the
// action's.
var Zones = []string{"UTC", "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
	"America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Mexico_City", "America/Sao_Paulo", "Europe/London",
	"Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Amsterdam", "Europe/Stockholm",
	"Europe/Warsaw", "Europe/Istanbul", "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Hong_Kong",
	"Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul", "Australia/Sydney", "Pacific/Auckland"}

// formCtx is what the form reads, as it was when it opened.
type formCtx struct {
	group    *model.Group // with the detail's policies
	from     *model.ScheduleSpec
	now      time.Time // the server's
	readOnly bool
	zones    map[string]*time.Location
}

// create asks for the zones, then opens the form of a new action.
func (s *Screen) create(env *screen.Env) tea.Msg { return s.openForm(env, nil) }

// edit opens the form of the selected action, filled with it.
func (s *Screen) edit(env *screen.Env) tea.Msg {
	a, _ := s.Selected(env)
	spec := model.ScheduleSpecOf(a)
	return s.openForm(env, &spec)
}

func (s *Screen) openForm(env *screen.Env, from *model.ScheduleSpec) tea.Msg {
	g, _ := env.Group(s.group)
	c := &formCtx{group: s.withPolicies(env, g), from: from, now: env.ServerNow(), readOnly: env.ReadOnly}
	names := slices.Clone(Zones)
	if from != nil && from.TimeZone != "" {
		names = append(names, from.TimeZone)
	}
	if env.Loc != nil && env.Loc.String() != "Local" {
		names = append(names, env.Loc.String())
	}
	return intent.Zones{Names: names, Then: func(z map[string]*time.Location) tea.Msg {
		c.zones = z
		return screen.Open{Dialog: c.form(names)}
	}}
}

// form is the scheduled action's form over the zones loaded.
func (c *formCtx) form(names []string) *form.Form {
	f := &screen.Fields{}
	add := f.Add
	v := func(vs form.Values, key string) string { return f.V(vs, key).Text }
	sp := c.seed()
	kind := "recurring"
	if sp.Recurrence == "" && sp.Start != "" {
		kind = "once"
	}
	add("name", c.nameField(sp.Name))
	add("kind", form.Field{Label: "runs", Kind: form.Choice, Value: kind, Options: []form.Option{
		{Value: "recurring", Note: "on a cron, in a time zone"}, {Value: "once", Note: "at a start time"}}})
	notKind := func(k string) func(form.Values) bool { return func(vs form.Values) bool { return v(vs, "kind") != k } }
	add("cron", form.Field{Label: "cron", Kind: form.Text, Value: sp.Recurrence, Limit: 64, Hidden: notKind("recurring"),
		Help:  "five fields: minute hour day-of-month month day-of-week, such as 0 8 * * MON-FRI (08:00 on weekdays)",
		Check: func(x form.Value) error { _, err := model.ParseCron(x.Text); return err }})
	add("zone", form.Field{Label: "time zone", Kind: form.Choice, Value: zoneOr(sp.TimeZone), Options: c.zoneOptions(names),
		Help: "the zone the cron runs in (a one-off's start typed without a zone is read in it too)"})
	add("start", form.Field{Label: "start", Kind: form.Text, Value: sp.Start, Limit: 25, Hidden: notKind("once"),
		Help: "when it runs: 2026-12-24 18:00 in the time zone above, or 2026-12-24T18:00:00Z"})
	add("first", form.Field{Label: "from", Kind: form.Text, Value: "", Limit: 25, Hidden: notKind("recurring"),
		Help: "optional: no run before this time"})
	add("until", form.Field{Label: "until", Kind: form.Text, Value: sp.End, Limit: 25, Hidden: notKind("recurring"),
		Help: "optional: no run after this time"})
	for _, k := range []struct {
		key string
		p   *int
	}{{"min", sp.Min}, {"desired", sp.Desired}, {"max", sp.Max}} {
		add(k.key, form.Field{Label: k.key, Kind: form.Text, Value: intText(k.p), Limit: 6, Check: checkCapacity(k.key),
			Help: "what the action sets it to; blank leaves it as it is then"})
	}
	spec := func(vs form.Values) (model.ScheduleSpec, *time.Location, error) { return c.spec(vs, v) }
	return form.New(c.title(), f.List,
		func(vs form.Values) ([]string, error) { return c.preview(spec(vs)) },
		func(vs form.Values) (tea.Msg, error) { return c.submit(spec(vs)) }).Wide(100)
}

func (c *formCtx) title() string {
	if c.from != nil {
		return "Edit scheduled action " + text.Printable(c.from.Name) + " of " + text.Printable(c.group.Name)
	}
	return "New scheduled action for " + text.Printable(c.group.Name)
}

// seed is the action the form starts from: the one edited, or a
// recurring one on weekday mornings.
func (c *formCtx) seed() model.ScheduleSpec {
	if c.from != nil {
		sp := *c.from
		if sp.Recurrence != "" {
			sp.Start = "" // AWS reports a recurring action's next run as its start
		}
		return sp
	}
	d := c.group.Desired
	return model.ScheduleSpec{Name: c.group.Name + "-morning", Recurrence: "0 8 * * MON-FRI", Desired: &d}
}

func zoneOr(z string) string {
	if z == "" {
		return "UTC"
	}
	return z
}

func intText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func (c *formCtx) nameField(name string) form.Field {
	if c.from != nil { // named in the title: AWS cannot rename a scheduled action
		return form.Field{Label: "name", Kind: form.Choice, Value: name, Options: []form.Option{{Value: name}},
			Hidden: func(form.Values) bool { return true }}
	}
	return form.Field{Label: "name", Kind: form.Text, Value: name, Limit: 255, Help: "the action's name, unique in the group",
		Check: func(v form.Value) error {
			if strings.TrimSpace(v.Text) == "" {
				return errors.New("name the scheduled action")
			}
			return nil
		}}
}

// zoneOptions are the zones loaded, with their offset now.
func (c *formCtx) zoneOptions(names []string) []form.Option {
	var out []form.Option
	seen := map[string]bool{}
	for _, n := range names {
		loc := c.zones[n]
		if loc == nil || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, form.Option{Value: n, Note: c.now.In(loc).Format("MST, 15:04 now")})
	}
	return out
}

func checkCapacity(what string) func(form.Value) error {
	return func(v form.Value) error {
		n, err := screen.OptInt(v.Text)
		if err != nil || n == nil {
			return err
		}
		return model.CheckCapacity(what, *n)
	}
}
