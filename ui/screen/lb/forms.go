package lb

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Every change on this screen goes through a form: each field says what
// it is and what AWS takes, and is checked as it is left with the model's
// own rule (the sentence `hoist lb` gives); the preview shows the change
// field by field, or the rule the values break together; submit proposes
// the action, which opens the confirm over the form (esc there comes back
// to it).

// ruleOf is a validation error as a form says it.
func ruleOf(err error) error {
	var ve *model.ValidationError
	switch {
	case errors.Is(err, model.ErrNoChange):
		return errors.New("these are the values it has: nothing to change")
	case errors.Is(err, model.ErrReadOnly):
		return errors.New("read-only: nothing is sent")
	case errors.As(err, &ve):
		return errors.New(ve.Msg)
	}
	return err
}

// previewOf is a form's preview of a: its changes field by field and
// notes, "no change yet", or the rule it breaks.
func previewOf(a model.Action, notes ...string) ([]string, error) {
	switch err := model.Validate(a, false); {
	case errors.Is(err, model.ErrNoChange):
		return []string{"no change yet"}, nil
	case err != nil:
		return nil, ruleOf(err)
	}
	var out []string
	for _, c := range a.Changes() {
		out = append(out, c.Field+"  "+firstOf(c.Before, "-")+" → "+firstOf(c.After, "-"))
	}
	return append(out, notes...), nil
}

// proposeOf is a form's submit of a: the confirm, unless a breaks a rule.
func proposeOf(a model.Action, readOnly bool) (tea.Msg, error) {
	if err := model.Validate(a, readOnly); err != nil {
		return nil, ruleOf(err)
	}
	return intent.Propose{Action: a}, nil
}

func secs(d time.Duration) string { return strconv.Itoa(int(d / time.Second)) }

func seconds(v form.Value) time.Duration { return time.Duration(v.Int) * time.Second }

// healthField is one field of the health check form and what it sets.
type healthField struct {
	form.Field
	set func(h *model.HealthCheck, v form.Value)
}

// healthFields are the health check's fields, each checked with AWS's
// range: the path and the success codes only for HTTP and HTTPS checks.
func healthFields(h model.HealthCheck, protocol string) []healthField {
	var fs []healthField
	if model.HTTPHealthCheck(h) {
		fs = append(fs, healthField{form.Field{Label: "path", Value: h.Path, Limit: 1024,
			Help:  "the path the load balancer requests on each target; it starts with /",
			Check: func(v form.Value) error { return model.CheckHealthPath(v.Text) }},
			func(h *model.HealthCheck, v form.Value) { h.Path = v.Text }})
	}
	fs = append(fs,
		healthField{form.Field{Label: "port", Value: firstOf(h.Port, "traffic-port"), Limit: 12,
			Help:  "traffic-port (the port each target takes traffic on) or a port, 1 to 65535",
			Check: func(v form.Value) error { return model.CheckHealthPort(v.Text) }},
			func(h *model.HealthCheck, v form.Value) { h.Port = v.Text }},
		healthField{form.Field{Label: "interval (s)", Kind: form.Int, Value: secs(h.Interval), Limit: 3,
			Help:  "seconds between checks of each target, 5 to 300",
			Check: func(v form.Value) error { return model.CheckHealthInterval(seconds(v)) }},
			func(h *model.HealthCheck, v form.Value) { h.Interval = seconds(v) }},
		healthField{form.Field{Label: "timeout (s)", Kind: form.Int, Value: secs(h.Timeout), Limit: 3,
			Help:  "seconds a check waits for an answer before it fails, 2 to 120 and less than the interval",
			Check: func(v form.Value) error { return model.CheckHealthTimeout(seconds(v)) }},
			func(h *model.HealthCheck, v form.Value) { h.Timeout = seconds(v) }},
		healthField{form.Field{Label: "healthy after", Kind: form.Int, Value: strconv.Itoa(h.HealthyThreshold), Limit: 2,
			Help:  "checks passed in a row before a target takes traffic, 2 to 10",
			Check: func(v form.Value) error { return model.CheckHealthThreshold("healthy", v.Int) }},
			func(h *model.HealthCheck, v form.Value) { h.HealthyThreshold = v.Int }},
		healthField{form.Field{Label: "unhealthy after", Kind: form.Int, Value: strconv.Itoa(h.UnhealthyThreshold), Limit: 2,
			Help:  "checks failed in a row before a target stops taking traffic, 2 to 10",
			Check: func(v form.Value) error { return model.CheckHealthThreshold("unhealthy", v.Int) }},
			func(h *model.HealthCheck, v form.Value) { h.UnhealthyThreshold = v.Int }})
	if model.HTTPHealthCheck(h) && h.Matcher != "" {
		hi := "499"
		if protocol != "HTTP" && protocol != "HTTPS" {
			hi = "599"
		}
		fs = append(fs, healthField{form.Field{Label: "success codes", Value: h.Matcher, Limit: 40,
			Help:  "HTTP codes that count as healthy: 200, 200-399 or 200,302, within 200-" + hi,
			Check: func(v form.Value) error { return model.CheckSuccessCodes(v.Text, protocol) }},
			func(h *model.HealthCheck, v form.Value) { h.Matcher = v.Text }})
	}
	return fs
}

// editHealthCheck opens the health check form of the target group acted
// on.
func (s *Screen) editHealthCheck(env *screen.Env) tea.Msg {
	tv, _ := s.actTG()
	tg := tv.TG
	arn, name, protocol, from, readOnly := tg.ARN, tg.Name, tg.Protocol, tg.HealthCheck, env.ReadOnly
	fs := healthFields(from, protocol)
	build := func(vs form.Values) model.EditHealthCheck {
		to := from
		for i, f := range fs {
			f.set(&to, vs[i])
		}
		return model.EditHealthCheck{TargetGroup: arn, Name: name, Protocol: protocol, From: from, To: to}
	}
	fields := make([]form.Field, len(fs))
	for i, f := range fs {
		fields[i] = f.Field
	}
	return screen.Open{Dialog: newForm("Health check of "+text.Printable(name), fields,
		func(vs form.Values) ([]string, error) {
			a := build(vs)
			return previewOf(a, healthTiming(a.To))
		},
		func(vs form.Values) (tea.Msg, error) { return proposeOf(build(vs), readOnly) })}
}

// healthTiming says how fast the health check turns a target.
func healthTiming(h model.HealthCheck) string {
	return fmt.Sprintf("a failing target stops taking traffic after %s (%d × %s); a new one takes it after %s",
		model.ShortDuration(time.Duration(h.UnhealthyThreshold)*h.Interval), h.UnhealthyThreshold, model.ShortDuration(h.Interval),
		model.ShortDuration(time.Duration(h.HealthyThreshold)*h.Interval))
}

// formWidth is the width the screen's forms ask for: their values are
// long names (security policies, certificates, attribute values).
const formWidth = 84

func newForm(head string, fields []form.Field, preview func(form.Values) ([]string, error), submit func(form.Values) (tea.Msg, error)) *form.Form {
	return form.New(head, fields, preview, submit).Wide(formWidth)
}
