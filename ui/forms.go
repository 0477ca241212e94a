package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
)

// editLimits opens the limits form: min, desired and max, each a whole
// number checked as it is left, the change previewed as it is typed. Its
// submit opens the confirm over it; esc there comes back to the form.
func (m *Model) editLimits() tea.Cmd {
	g := m.group()
	name, from, region := g.Name, g.Capacity, m.focus()
	field := func(label string, v int) form.Field {
		return form.Field{Label: label, Kind: form.Int, Value: strconv.Itoa(v), Limit: 6,
			Check: func(x form.Value) error { return model.CheckCapacity(label, x.Int) }}
	}
	limits := func(vs form.Values) model.SetLimits {
		return model.SetLimits{Group: name, From: from, To: model.Capacity{Min: vs[0].Int, Desired: vs[1].Int, Max: vs[2].Int}}
	}
	readOnly := m.readOnly
	m.overlay.Push(form.New("Edit min / desired / max of "+Printable(name),
		[]form.Field{field("min", from.Min), field("desired", from.Desired), field("max", from.Max)},
		func(vs form.Values) ([]string, error) {
			a := limits(vs)
			switch err := model.Validate(a, false); {
			case errors.Is(err, model.ErrNoChange):
				return []string{"no change yet"}, nil
			case err != nil:
				return nil, ruleOf(err)
			}
			return []string{"will set " + limitChanges(a.From, a.To)}, nil
		},
		func(vs form.Values) (tea.Msg, error) {
			a := limits(vs)
			if err := model.Validate(a, readOnly); err != nil {
				return nil, ruleOf(err)
			}
			return intent.Propose{Action: a, Region: region}, nil
		}))
	return nil
}

// ruleOf is the sentence of a validation error for a form.
func ruleOf(err error) error {
	var ve *model.ValidationError
	switch {
	case errors.Is(err, model.ErrNoChange):
		return errors.New("these are the limits it has: nothing to change")
	case errors.As(err, &ve):
		return errors.New(ve.Msg)
	}
	return fmt.Errorf("%v", err)
}

// limitChanges names the limits that change: "max 10 → 14".
func limitChanges(from, to model.Capacity) string {
	var parts []string
	for _, f := range []struct {
		name     string
		was, now int
	}{{"min", from.Min, to.Min}, {"desired", from.Desired, to.Desired}, {"max", from.Max, to.Max}} {
		if f.was != f.now {
			parts = append(parts, fmt.Sprintf("%s %d → %d", f.name, f.was, f.now))
		}
	}
	return strings.Join(parts, ", ")
}
