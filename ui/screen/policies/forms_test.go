package policies

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/themes"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/fixture"
	"github.com/solemate/hoist/ui/internal/look"
)

// ctxFor is the form context of group in the fixture, its detail read;
// policy names the policy edited ("" for a new one).
func ctxFor(t *testing.T, group, policy string) *polCtx {
	t.Helper()
	s := fixture.Snapshot(fixture.Now, 0)
	g, ok := s.Group(group)
	if !ok {
		t.Fatalf("no group %s", group)
	}
	d, err := fixture.Detail(&s, group, fixture.Now)
	if err != nil {
		t.Fatal(err)
	}
	c := &polCtx{group: *g, snap: &s, detail: &d}
	if policy != "" {
		p, ok := g.Policy(policy)
		if !ok {
			t.Fatalf("no policy %s", policy)
		}
		c.from = &p
	}
	return c
}

func dctx() *dialog.Ctx {
	th, _ := themes.Builtin("dark")
	lk := look.New(look.NewStyles(th, colorprofile.TrueColor), false)
	return &dialog.Ctx{Look: &lk, Now: fixture.Now}
}

// submit sets fields (label=value), then presses enter until the form
// answers.
func submit(t *testing.T, f *form.Form, set ...string) tea.Msg {
	t.Helper()
	for _, kv := range set {
		k, v, _ := strings.Cut(kv, "=")
		if !f.Set(k, v) {
			t.Fatalf("no field %q taking %q", k, v)
		}
	}
	for range 40 {
		if m := f.Update(dctx(), tea.KeyPressMsg{Code: tea.KeyEnter}); m != nil {
			return m
		}
	}
	t.Fatal("the form never answered")
	return nil
}

// Every refusal of a policy form is one sentence, and nothing is
// proposed; values AWS takes are proposed whole.
func TestPolicyFormRefusals(t *testing.T) {
	for _, c := range []struct {
		name, group, policy string
		form                func(c *polCtx) *form.Form
		set                 []string
		want                string // the refusal; "" for a proposal
	}{
		{"memory without the agent's metric", "web-prod", "", tt("memory"), nil,
			"web-prod publishes no CWAgent mem_used_percent by AutoScalingGroupName"},
		{"memory where the agent publishes it", fixture.MemoryGroup, "", tt("memory"), nil, ""},
		{"requests without a target group", "worker-orders", "", tt("requests"), nil,
			"worker-orders has no target group behind an Application Load Balancer"},
		{"requests on the group's target group", "web-prod", "", tt("requests"), []string{"target=1000"}, ""},
		{"requests behind an NLB", "api-grpc", "", tt("requests"), nil, "no target group behind an Application Load Balancer"},
		{"a target of 0", "web-prod", "", tt("cpu"), []string{"target=0"}, "a target must be above 0"},
		{"CPU above 100", "web-prod", "", tt("cpu"), []string{"target=150"}, "target 150 is above 100 for ASGAverageCPUUtilization, a percentage"},
		{"a warm-up that is not a duration", "web-prod", "", tt("cpu"), []string{"warm-up=soon"}, `"soon" is not a duration such as 90s, 2m or 120`},
		{"a warm-up in fractions of a second", "web-prod", "", tt("cpu"), []string{"warm-up=1.5s"}, "1.5s is not whole seconds"},
		{"no name", "web-prod", "", tt("cpu"), []string{"name="}, `policy name "" must be 1 to 255 characters`},
		{"a custom metric with no data", "worker-orders", "", tt("custom"), nil, ""},
		{"nothing changed", "web-prod", "web-prod-cpu-tt", tt(""), nil, "this is the policy as it is: nothing to change"},
		{"a step with a gap", "worker-orders", "", step, []string{"steps=0,10,+1;20,,+3"},
			"steps must meet without gaps or overlaps: one ends at 10 and the next starts at 20"},
		{"a step open at both ends", "worker-orders", "", step, []string{"steps=,,+1"}, "a step cannot be open at both ends"},
		{"a step adjustment that is not whole", "worker-orders", "", step, []string{"steps=0,,+1.5"}, `the adjustment "+1.5" is not a whole number`},
		{"a step bound that is not a number", "worker-orders", "", step, []string{"steps=zero,,+1"}, `"zero" is not a number`},
		{"an exact capacity below 0", "worker-orders", "", step, []string{"adjustment type=ExactCapacity", "steps=0,,-1"},
			"an ExactCapacity adjustment -1 cannot be negative"},
		{"a new alarm without a name", "worker-orders", "", step, []string{"alarm name="}, "an alarm's name is 1 to 255 characters"},
		{"a new alarm evaluating too long", "worker-orders", "", step, []string{"period=3600", "evaluations=200"},
			"200 periods of 1h0m0s is longer than the 168h0m0s an alarm may evaluate"},
		{"a step policy and its new alarm", "worker-orders", "", step, nil, ""},
		{"a simple adjustment that is not whole", "worker-orders", "", simple, []string{"adjustment=two"}, `"two" is not a whole number`},
		{"a negative cooldown", "worker-orders", "", simple, []string{"cooldown=-5"}, "-5 is negative"},
		{"a min magnitude below 1", "worker-orders", "", simple, []string{"adjustment type=PercentChangeInCapacity", "min magnitude=0"},
			"the least change must be at least 1 instance"},
		{"a scheduling buffer of an hour", "web-prod", "", predictive, []string{"scheduling buffer=1h"},
			"predictive.scheduling_buffer_seconds is 3600; AWS takes 0 to 3599"},
		{"a max capacity buffer above 100", "web-prod", "", predictive, []string{"at max capacity=IncreaseMaxCapacity", "max capacity buffer=150"},
			"predictive.max_capacity_buffer is 150; AWS takes 0 to 100"},
		{"request forecasts without a target group", "worker-orders", "", predictive, []string{"metrics=ALBRequestCount"},
			"worker-orders has no target group behind an Application Load Balancer"},
		{"ForecastOnly on CPU", "web-prod", "", predictive, nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			pc := ctxFor(t, c.group, c.policy)
			msg := submit(t, c.form(pc), c.set...)
			switch m := msg.(type) {
			case intent.Status:
				if c.want == "" || !strings.Contains(m.Text, c.want) {
					t.Fatalf("refused with %q, want %q", m.Text, c.want)
				}
				if strings.Contains(m.Text, "\n") || m.Kind != intent.Err {
					t.Fatalf("the refusal is not one sentence on the status line: %#v", m)
				}
			case intent.Propose:
				if c.want != "" {
					t.Fatalf("proposed %s, want refused with %q", model.Summary(m.Action), c.want)
				}
				if err := model.Validate(m.Action, false); err != nil {
					t.Fatalf("proposed an action its own rules refuse: %v", err)
				}
			default:
				t.Fatalf("answered %#v", msg)
			}
		})
	}
}

func tt(metric string) func(c *polCtx) *form.Form {
	return func(c *polCtx) *form.Form { return c.targetForm(metric) }
}

func step(c *polCtx) *form.Form       { return c.stepForm() }
func simple(c *polCtx) *form.Form     { return c.simpleForm() }
func predictive(c *polCtx) *form.Form { return c.predictiveForm(nil) }

// A new target tracking policy is proposed whole, with the alarms AWS
// will create and what its target costs at today's CPU in the confirm.
func TestTargetTrackingProposal(t *testing.T) {
	c := ctxFor(t, "web-prod", "web-prod-cpu-tt") // CPU 71 at target 60, 12 in service
	p, ok := submit(t, c.targetForm(""), "target=70", "warm-up=2m").(intent.Propose)
	if !ok {
		t.Fatal("not proposed")
	}
	a := p.Action.(model.PutPolicy)
	if a.To.TargetTracking.Target != 70 || *a.To.WarmupSeconds != 120 || a.From == nil || a.From.TargetTracking.Target != 60 {
		t.Fatalf("%+v", a.To)
	}
	notes := strings.Join(p.Notes, "\n")
	for _, want := range []string{"AWS creates alarm TargetTracking-web-prod-AlarmHigh-<id>", "> 70 for 3 of 3", "< 63 for 15 of 15",
		"target 60 → 70 at today's ASGAverageCPUUtilization of 71: it needs 1 fewer instance", "-0.192 $/h"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the confirm's notes lack %q:\n%s", want, notes)
		}
	}
}

// A request-count policy follows the target group picked, its resource
// label built from it, never typed.
func TestRequestCountPicksTargetGroup(t *testing.T) {
	c := ctxFor(t, "web-prod", "")
	p := submit(t, c.targetForm("requests"), "target=900").(intent.Propose)
	tt := p.Action.(model.PutPolicy).To.TargetTracking
	if tt.TargetGroup != "web-prod-tg" || !strings.HasPrefix(tt.ResourceLabel, "app/edge-alb/") || !strings.Contains(tt.ResourceLabel, "/targetgroup/web-prod-tg/") {
		t.Fatalf("%+v", tt)
	}
}

// A step policy's new alarm is attached once AWS lists the policy: the
// follow-up proposes AttachAlarm with the policy's ARN.
func TestStepPolicyAttachesItsAlarm(t *testing.T) {
	c := ctxFor(t, "worker-orders", "")
	p := submit(t, c.stepForm(), "name=orders-out", "threshold=500").(intent.Propose)
	if p.After == nil {
		t.Fatal("no follow-up to attach the alarm")
	}
	d := &model.GroupDetail{}
	if _, ok := p.After(d); ok {
		t.Fatal("the follow-up ran before the policy exists")
	}
	d.Policies = []model.Policy{{Name: "orders-out", ARN: "arn:aws:autoscaling:us-east-1:1:scalingPolicy:x:autoScalingGroupName/worker-orders:policyName/orders-out"}}
	msg, ok := p.After(d)
	att, isProp := msg.(intent.Propose)
	if !ok || !isProp {
		t.Fatalf("follow-up answered %#v", msg)
	}
	a := att.Action.(model.AttachAlarm)
	if a.PolicyARN != d.Policies[0].ARN || a.New == nil || a.New.Threshold != 500 || a.New.Period != time.Minute || a.Alarm != "worker-orders-step-alarm" {
		t.Fatalf("%+v", a)
	}
}

// The ForecastOnly policy offered to a group without a predictive one is
// prefilled: CPU at the group's CPU target.
func TestForecastOnlySeed(t *testing.T) {
	c := ctxFor(t, "web-prod", "")
	p := submit(t, c.predictiveForm(forecastOnlySeed(&c.group))).(intent.Propose)
	pr := p.Action.(model.PutPolicy).To.Predictive
	if pr.Mode != model.ForecastOnly || pr.Metric != "ASGCPUUtilization" || pr.Target != 60 {
		t.Fatalf("%+v", pr)
	}
	if !strings.Contains(strings.Join(p.Notes, " "), "never changes the group's capacity") {
		t.Fatalf("notes %q", p.Notes)
	}
}
