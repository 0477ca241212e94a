package refresh

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/themes"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/fixture"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/screen"
)

func envOf(t *testing.T) *screen.Env {
	t.Helper()
	s := fixture.Snapshot(fixture.Now, 0)
	th, _ := themes.Builtin("dark")
	lk := look.New(look.NewStyles(th, colorprofile.TrueColor), false)
	km := keymap.New(Bindings, nil, nil)
	d := &screen.Data{Snap: &s, Details: map[string]*screen.DetailState{}}
	for _, g := range []string{"api-internal", "web-prod"} {
		det, err := fixture.Detail(&s, g, fixture.Now)
		if err != nil {
			t.Fatal(err)
		}
		d.Details[g] = &screen.DetailState{Detail: det, Read: true}
	}
	return &screen.Env{Look: &lk, Keys: &km, Data: d, Now: fixture.Now}
}

func answer(t *testing.T, f *form.Form, set ...string) tea.Msg {
	t.Helper()
	for _, kv := range set {
		k, v, _ := strings.Cut(kv, "=")
		if !f.Set(k, v) {
			t.Fatalf("no field %q taking %q", k, v)
		}
	}
	th, _ := themes.Builtin("dark")
	lk := look.New(look.NewStyles(th, colorprofile.TrueColor), false)
	for range 20 {
		if m := f.Update(&dialog.Ctx{Look: &lk, Now: fixture.Now}, tea.KeyPressMsg{Code: tea.KeyEnter}); m != nil {
			return m
		}
	}
	t.Fatal("the form never answered")
	return nil
}

// Every refusal of the start and resize forms is one sentence; what AWS
// takes is proposed.
func TestRefreshFormRefusals(t *testing.T) {
	env := envOf(t)
	s := New("us-east-1", "api-internal")
	start := func() *form.Form { return s.start(env).(screen.Open).Dialog.(*form.Form) }
	g, _ := env.Group("api-internal")
	st := model.ResizeState{Group: g, Template: env.Details["api-internal"].Detail.LaunchTemplate, Prices: env.Snap.Prices}
	resize := func() *form.Form { return resizeForm(st, false) }
	for _, c := range []struct {
		name string
		form func() *form.Form
		set  []string
		want string // "" for a proposal
	}{
		{"min healthy above 100", start, []string{"min healthy %=150"}, "the minimum healthy percentage 150 must be 0 to 100"},
		{"max healthy below 100", start, []string{"max healthy %=90"}, "the maximum healthy percentage 90 must be 100 to 200"},
		{"checkpoints out of order", start, []string{"checkpoints=50, 20"}, "each higher than the one before"},
		{"a checkpoint that is not a number", start, []string{"checkpoints=half"}, `checkpoint "half" is not a percentage`},
		{"a pause without checkpoints", start, []string{"checkpoint pause=10m"}, "a checkpoint delay needs checkpoints"},
		{"auto rollback without a version", start, []string{"auto rollback=on"}, "a rollback needs a refresh started with a desired configuration"},
		{"auto rollback to a version", start, []string{"auto rollback=on", "to=6"}, ""},
		{"a plain refresh", start, nil, ""},
		{"not an instance type", resize, []string{"instance type=large"}, `"large" is not an instance type like m6i.xlarge`},
		{"two types without a mixed instances policy", resize, []string{"instance type=c6i.large, c6i.xlarge"}, "runs one instance type, not 2"},
		{"the type it has", resize, nil, "already runs c6i.large: nothing to do"},
		{"a bigger type", resize, []string{"instance type=c6i.xlarge"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			switch m := answer(t, c.form(), c.set...).(type) {
			case intent.Status:
				if c.want == "" || !strings.Contains(m.Text, c.want) || m.Kind != intent.Err {
					t.Fatalf("refused with %q, want %q", m.Text, c.want)
				}
			case intent.Propose, intent.ProposeResize:
				if c.want != "" {
					t.Fatalf("proposed %#v, want refused with %q", m, c.want)
				}
			default:
				t.Fatalf("answered %#v", m)
			}
		})
	}
}
