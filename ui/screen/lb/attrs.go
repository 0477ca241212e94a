package lb

import (
	"maps"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// The attribute keys the form sets, as docs/aws-facts.md's table of
// target group attributes lists them.
const (
	keyAlgorithm = "load_balancing.algorithm.type"
	keySticky    = "stickiness.enabled"
	keyStickType = "stickiness.type"
	keyDereg     = "deregistration_delay.timeout_seconds"
	keySlowStart = "slow_start.duration_seconds"
	keyCookie    = "stickiness.app_cookie.cookie_name"
)

// durationKey is the stickiness duration's key for a stickiness type.
func durationKey(typ string) string { return "stickiness." + typ + ".duration_seconds" }

// attrField is one field of the attributes form and the attribute it
// sets, which may depend on the other fields (the duration's key on the
// stickiness type).
type attrField struct {
	form.Field
	key func(vs form.Values) string
}

func fixed(k string) func(form.Values) string { return func(form.Values) string { return k } }

func check(protocol, key string) func(form.Value) error {
	return func(v form.Value) error { return model.CheckAttribute(protocol, key, v.Text) }
}

var onOff = []form.Option{{Value: "false", Label: "off"}, {Value: "true", Label: "on"}}

// attrFields are the attributes hoist changes on a target group of
// protocol, as AWS takes them there: an application load balancer's
// groups have an algorithm, cookie stickiness and slow start; a network
// one's only source-IP stickiness and the deregistration delay.
func attrFields(protocol string, cur map[string]string) []attrField {
	dereg := attrField{form.Field{Label: "deregistration (s)", Kind: form.Int, Value: firstOf(cur[keyDereg], "300"), Limit: 4,
		Help:  "the deregistration delay: how long a deregistered target drains its requests in flight before it leaves, 0 to 3600",
		Check: check(protocol, keyDereg)}, fixed(keyDereg)}
	if protocol != "HTTP" && protocol != "HTTPS" {
		return []attrField{
			{form.Field{Label: "stickiness", Kind: form.Choice, Value: firstOf(cur[keySticky], "false"), Options: onOff,
				Help: "source IP stickiness: each client's connections go to the same target"}, fixed(keySticky)},
			dereg,
		}
	}
	types := []form.Option{{Value: "lb_cookie", Note: "a cookie the load balancer sets"}}
	if cur[keyCookie] != "" || cur[keyStickType] == "app_cookie" {
		types = append(types, form.Option{Value: "app_cookie", Note: "the application's cookie " + text.Printable(cur[keyCookie])})
	}
	typ := firstOf(cur[keyStickType], "lb_cookie")
	return []attrField{
		{form.Field{Label: "algorithm", Kind: form.Choice, Value: firstOf(cur[keyAlgorithm], "round_robin"), Options: []form.Option{
			{Value: "round_robin", Label: "round robin", Note: "each target in turn"},
			{Value: "least_outstanding_requests", Label: "least outstanding requests", Note: "the fewest in flight: evens slow targets"},
			{Value: "weighted_random", Label: "weighted random", Note: "not with stickiness"},
		}, Help: "how the load balancer picks a target for each request"}, fixed(keyAlgorithm)},
		{form.Field{Label: "stickiness", Kind: form.Choice, Value: firstOf(cur[keySticky], "false"), Options: onOff,
			Help: "keep each client on one target; a few heavy clients then skew the load"}, fixed(keySticky)},
		{form.Field{Label: "sticky by", Kind: form.Choice, Value: typ, Options: types,
			Help: "which cookie keeps a client on its target"}, fixed(keyStickType)},
		{form.Field{Label: "sticky for (s)", Kind: form.Int, Value: firstOf(cur[durationKey(typ)], "86400"), Limit: 6,
			Help: "how long a client stays on its target, 1 to 604800 (a week)", Check: check(protocol, durationKey("lb_cookie"))},
			func(vs form.Values) string { return durationKey(vs[2].Text) }},
		dereg,
		{form.Field{Label: "slow start (s)", Kind: form.Int, Value: firstOf(cur[keySlowStart], "0"), Limit: 3,
			Help:  "a new target's share of requests ramps up over this long: 30 to 900, 0 for off",
			Check: check(protocol, keySlowStart)}, fixed(keySlowStart)},
	}
}

// editAttributes opens the attributes form of the target group acted on.
func (s *Screen) editAttributes(env *screen.Env) tea.Msg {
	tv, _ := s.actTG()
	tg := tv.TG
	arn, name, protocol, readOnly := tg.ARN, tg.Name, tg.Protocol, env.ReadOnly
	cur := maps.Clone(tg.Attributes)
	fs := attrFields(protocol, cur)
	build := func(vs form.Values) model.EditAttributes {
		a := model.EditAttributes{TargetGroup: arn, Name: name, Protocol: protocol, From: map[string]string{}, To: map[string]string{}}
		for i, f := range fs {
			k, v := f.key(vs), vs[i].Text
			was, ok := cur[k]
			if !ok {
				was = f.Value
			}
			if v != was {
				a.From[k], a.To[k] = cur[k], v
			}
		}
		if protocol != "HTTP" && protocol != "HTTPS" && a.To[keySticky] == "true" && cur[keyStickType] != "source_ip" {
			a.From[keyStickType], a.To[keyStickType] = cur[keyStickType], "source_ip"
		}
		return a
	}
	fields := make([]form.Field, len(fs))
	for i, f := range fs {
		fields[i] = f.Field
	}
	return screen.Open{Dialog: newForm("Attributes of "+text.Printable(name), fields,
		func(vs form.Values) ([]string, error) {
			a := build(vs)
			if len(a.To) == 0 {
				return []string{"no change yet"}, nil
			}
			if err := model.CheckAttributeSet(cur, a.To); err != nil {
				return nil, ruleOf(err)
			}
			return previewOf(a, attrNotes(a)...)
		},
		func(vs form.Values) (tea.Msg, error) {
			a := build(vs)
			if len(a.To) == 0 {
				return nil, ruleOf(model.ErrNoChange)
			}
			if err := model.CheckAttributeSet(cur, a.To); err != nil {
				return nil, ruleOf(err)
			}
			return proposeOf(a, readOnly)
		})}
}

// attrNotes say what the changed attributes will do.
func attrNotes(a model.EditAttributes) []string {
	var out []string
	if v, ok := a.To[keyDereg]; ok {
		out = append(out, "a target deregistered from now on drains for up to "+v+"s")
	}
	if v, ok := a.To[keySlowStart]; ok && v != "0" {
		out = append(out, "a new target takes its full share after "+v+"s")
	}
	if a.To[keyAlgorithm] == "least_outstanding_requests" {
		out = append(out, "slow targets get fewer requests; a new target can get a burst")
	}
	return out
}
