package schedule

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/themes"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/fixture"
	"github.com/solemate/hoist/ui/internal/look"
)

func formOf(t *testing.T, group string, from *model.ScheduleSpec, mutate func(g *model.Group)) *formCtx {
	t.Helper()
	s := fixture.Snapshot(fixture.Now, 0)
	g, ok := s.Group(group)
	if !ok {
		t.Fatalf("no group %s", group)
	}
	c := *g
	if mutate != nil {
		mutate(&c)
	}
	zones := map[string]*time.Location{"UTC": time.UTC}
	for _, n := range []string{"America/New_York", "Asia/Tokyo"} {
		loc, err := time.LoadLocation(n)
		if err != nil {
			t.Skipf("no zone database: %v", err)
		}
		zones[n] = loc
	}
	return &formCtx{group: &c, from: from, now: fixture.Now, zones: zones}
}

func submitForm(t *testing.T, c *formCtx, set ...string) tea.Msg {
	t.Helper()
	f := c.form(Zones)
	for _, kv := range set {
		k, v, _ := strings.Cut(kv, "=")
		if !f.Set(k, v) {
			t.Fatalf("no field %q taking %q", k, v)
		}
	}
	th, _ := themes.Builtin("dark")
	lk := look.New(look.NewStyles(th, colorprofile.TrueColor), false)
	for range 30 {
		if m := f.Update(&dialog.Ctx{Look: &lk, Now: fixture.Now}, tea.KeyPressMsg{Code: tea.KeyEnter}); m != nil {
			return m
		}
	}
	t.Fatal("the form never answered")
	return nil
}

func forecastAndScale(g *model.Group) {
	g.Policies = append(g.Policies, model.Policy{Name: "fas", Type: model.PolicyPredictive, Enabled: true,
		Spec: model.PolicySpec{Name: "fas", Predictive: &model.PredictiveSpec{Metric: "ASGCPUUtilization", Target: 50, Mode: model.ForecastAndScale}}})
}

// Every refusal of the scheduled action form is a sentence; warnings do
// not refuse, they go to the confirm with the next five runs.
func TestScheduleFormRefusals(t *testing.T) {
	for _, c := range []struct {
		name   string
		mutate func(*model.Group)
		set    []string
		want   string   // the refusal; "" for a proposal
		notes  []string // in the confirm's notes
	}{
		{"a cron that never fires", nil, []string{"cron=0 0 31 2 *"}, `recurrence "0 0 31 2 *" never fires in UTC`, nil},
		{"a cron of four fields", nil, []string{"cron=0 8 * *"}, "a recurrence has 5 fields", nil},
		{"a descriptor", nil, []string{"cron=@daily"}, "use five fields", nil},
		{"a one-off in the past", nil, []string{"runs=once", "start=2026-11-01 08:00"}, "is in the past: a one-off action must be in the future", nil},
		{"a start that is not a time", nil, []string{"runs=once", "start=tomorrow"}, `start "tomorrow" is not a time such as 2026-12-24 18:00`, nil},
		{"a one-off with no start", nil, []string{"runs=once", "start="}, "say when it runs", nil},
		{"nothing set", nil, []string{"desired=", "min=", "max="}, "sets none of min, max and desired", nil},
		{"desired not a number", nil, []string{"desired=six"}, `"six" is not a whole number`, nil},
		{"a negative min", nil, []string{"min=-1"}, "min: min -1 is negative", nil},
		{"min above max", nil, []string{"min=9", "max=3"}, "min 9 is above max 3", nil},
		{"desired outside min and max", nil, []string{"desired=40"}, "",
			[]string{"warning: desired 40 is outside min 4 and max 24 as web-prod will have them then"}},
		{"fighting ForecastAndScale", forecastAndScale, nil, "", []string{"warning: web-prod has ForecastAndScale policy fas"}},
		{"weekday mornings in New York", nil, []string{"time zone=America/New_York", "cron=0 8 * * MON-FRI"}, "",
			[]string{"next runs (America/New_York, and UTC):", "Fri 2026-11-27 08:00 EST = Fri 13:00 UTC", "Mon 2026-11-30 08:00 EST = Mon 13:00 UTC"}},
		{"a one-off in Tokyo", nil, []string{"runs=once", "time zone=Asia/Tokyo", "start=2026-12-24 18:00"}, "",
			[]string{"Thu 2026-12-24 18:00 JST = Thu 09:00 UTC"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg := submitForm(t, formOf(t, "web-prod", nil, c.mutate), c.set...)
			switch m := msg.(type) {
			case intent.Status:
				if c.want == "" || !strings.Contains(m.Text, c.want) || m.Kind != intent.Err {
					t.Fatalf("refused with %q, want %q", m.Text, c.want)
				}
			case intent.Propose:
				if c.want != "" {
					t.Fatalf("proposed %s, want refused with %q", model.Summary(m.Action), c.want)
				}
				notes := strings.Join(m.Notes, "\n")
				for _, n := range c.notes {
					if !strings.Contains(notes, n) {
						t.Errorf("the confirm's notes lack %q:\n%s", n, notes)
					}
				}
			default:
				t.Fatalf("answered %#v", msg)
			}
		})
	}
}

// Editing keeps what the action does not show (its end) and refuses no
// change.
func TestScheduleFormEdits(t *testing.T) {
	d := 16
	from := model.ScheduleSpec{Name: "morning-peak", Recurrence: "0 7 * * MON-FRI", Desired: &d, End: "2027-01-01T00:00:00Z"}
	if st, ok := submitForm(t, formOf(t, "web-prod", &from, nil)).(intent.Status); !ok || !strings.Contains(st.Text, "nothing to change") {
		t.Fatalf("an unchanged action: %#v", st)
	}
	p := submitForm(t, formOf(t, "web-prod", &from, nil), "desired=18").(intent.Propose)
	a := p.Action.(model.PutScheduled)
	if a.To.End != from.End || *a.To.Desired != 18 || a.To.Recurrence != from.Recurrence || a.From.Name != "morning-peak" {
		t.Fatalf("%+v", a.To)
	}
}
