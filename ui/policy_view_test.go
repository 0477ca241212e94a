package ui

import (
	"fmt"
	"testing"

	"github.com/solemate/hoist/ui/internal/fixture"
)

// Goldens of the screens about one group, their detail read: the
// policies of every kind, a predictive policy's forecast drawn over load
// and capacity, the scheduled actions, the instance refresh, and a form.
func TestGoldenPolicyScreens(t *testing.T) {
	cases := []struct {
		name, group string
		keys        []string
		sizes       []struct{ w, h int }
	}{
		{"policy_screen", "web-prod", []string{"P"}, sizes},
		{"forecast", fixture.PredictiveGroup, []string{"P", "j"}, sizes},
		{"schedule", "web-prod", []string{"c"}, sizes[1:2]},
		{"refresh", "web-prod", []string{"R"}, sizes[1:2]},
		{"policy_form", "web-prod", []string{"P", "E"}, sizes[1:2]},
		{"step_form", "web-prod", []string{"P", "j", "E", "tab", "tab"}, sizes[:2]},
	}
	for _, c := range cases {
		for _, sz := range c.sizes {
			name := fmt.Sprintf("%s_%dx%d", c.name, sz.w, sz.h)
			t.Run(name, func(t *testing.T) {
				m, _ := newTest(t, sz.w, sz.h, Options{})
				selectGroup(t, m, c.group)
				for _, k := range c.keys {
					exec(m, press(m, k)...)
				}
				out := view(m)
				checkFrame(t, out, sz.w, sz.h)
				golden(t, name, out)
			})
		}
	}
}
