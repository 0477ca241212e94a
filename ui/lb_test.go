package ui

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/internal/fixture"
	"github.com/solemate/hoist/ui/screen/lb"
)

// newLBTest is a console on the load balancer fixture (every load
// balancer's details read) with the load balancer screen open.
func newLBTest(t testing.TB, w, h int, opts Options) (*Model, *fixture.Backend) {
	t.Helper()
	m, b := newTest(t, w, h, opts)
	m.Update(SnapshotMsg{Snapshot: fixture.LBSnapshot(fixture.Now)})
	press(m, "B")
	if !m.onScreen(lb.Name) {
		t.Fatalf("B opened %s", m.top().Name())
	}
	return m, b
}

// The fixture's edge-alb detail, in cursor order: its two listeners, its
// four target groups by name (web-prod-tg fifth down), the load and the
// charts.
const toHTTPS = "j"

// down is n presses of j.
func down(n int) []string { return slices.Repeat([]string{"j"}, n) }

// keysThen is a key list: the moves, then the rest.
func keysThen(moves []string, rest ...string) []string { return append(slices.Clone(moves), rest...) }

// formText is the form (or note) in front, drawn wide enough that no
// sentence wraps, and the status line.
func formText(m *Model) string {
	f := m.front()
	if f == nil {
		return m.status
	}
	return ansi.Strip(strings.Join(f.View(m.dctx(), 400), "\n")) + "\n" + m.status
}

func tgOf(t testing.TB, name string) model.TargetGroup {
	t.Helper()
	s := fixture.LBSnapshot(fixture.Now)
	tg, err := s.FindTargetGroup(name)
	if err != nil {
		t.Fatal(err)
	}
	return *tg
}

func TestGoldenLB(t *testing.T) {
	for _, sz := range sizes {
		for _, light := range []bool{false, true} {
			name := fmt.Sprintf("lb_%dx%d_%s", sz.w, sz.h, map[bool]string{false: "dark", true: "light"}[light])
			t.Run(name, func(t *testing.T) {
				m, _ := newLBTest(t, sz.w, sz.h, Options{})
				withTheme(m, light)
				press(m, "enter")
				out := view(m)
				checkFrame(t, out, sz.w, sz.h)
				golden(t, name, out)
			})
		}
	}
}

func TestGoldenLBOther(t *testing.T) {
	for _, c := range []struct {
		name string
		opts Options
		keys []string
	}{
		{"lb_list_120x40", Options{}, nil},
		{"lb_nlb_120x40", Options{}, []string{"j", "enter"}},
		{"lb_load_80x24", Options{}, keysThen(down(7), "enter")},
		{"lb_targets_120x40", Options{}, keysThen(append([]string{"enter"}, down(5)...), "enter")},
		{"lb_healthcheck_120x40", Options{}, keysThen(append([]string{"enter"}, down(5)...), "e", "tab", "tab", "ctrl+u", "10", "tab")},
		{"lb_confirm_120x40", Options{}, keysThen(append([]string{"enter"}, down(5)...), "e", "tab", "tab", "ctrl+u", "10", "enter", "enter", "enter", "enter", "enter")},
		{"lb_attributes_120x40", Options{}, keysThen(append([]string{"enter"}, down(5)...), "a")},
		{"lb_ascii_nocolor_120x40", Options{ASCII: true, NoColor: true}, []string{"enter"}},
		{"lb_readonly_120x40", Options{ReadOnly: true}, keysThen(append([]string{"enter"}, down(5)...), "e")},
	} {
		t.Run(c.name, func(t *testing.T) {
			var w, h int
			fmt.Sscanf(c.name[strings.LastIndex(c.name, "_")+1:], "%dx%d", &w, &h)
			m, _ := newLBTest(t, w, h, c.opts)
			for _, k := range c.keys {
				exec(m, press(m, k)...)
			}
			out := view(m)
			checkFrame(t, out, w, h)
			golden(t, c.name, out)
		})
	}
}

// The TLS form is drawn once the policies and certificates are read.
func TestGoldenLBTLSForm(t *testing.T) {
	m, b := newLBTest(t, 120, 40, Options{})
	press(m, "enter", toHTTPS)
	if b.CallCount() != 0 {
		t.Fatal("the backend was called before t")
	}
	exec(m, press(m, "t")...)
	if _, ok := m.front().(*form.Form); !ok {
		t.Fatalf("no TLS form after the choices came: %T, status %q", m.front(), m.status)
	}
	out := view(m)
	checkFrame(t, out, 120, 40)
	golden(t, "lb_tls_120x40", out)
}

func TestLBEveryLevelFits(t *testing.T) {
	for _, keys := range [][]string{nil, {"enter"}, keysThen(append([]string{"enter"}, down(5)...), "enter"), {"j", "enter", "j", "j", "j"}} {
		m, _ := newLBTest(t, 80, 24, Options{})
		press(m, keys...)
		for w := 60; w <= 220; w += 9 {
			for h := 15; h <= 70; h += 6 {
				m.Update(tea.WindowSizeMsg{Width: w, Height: h})
				checkFrame(t, view(m), w, h)
			}
		}
	}
}

// One step in and out: the list, the detail, a target group's targets,
// and esc back to the overview.
func TestLBLevels(t *testing.T) {
	m, _ := newLBTest(t, 120, 40, Options{})
	screen := func() string { return plain(m) }
	if !strings.Contains(screen(), "NAME") || !strings.Contains(screen(), "edge-alb") || !strings.Contains(screen(), "grpc-nlb") {
		t.Fatalf("no list:\n%s", screen())
	}
	press(m, "enter")
	if !strings.Contains(screen(), "Load balancers us-east-1 │ edge-alb") {
		t.Fatalf("enter did not open edge-alb:\n%s", screen())
	}
	press(m, "enter")
	if !strings.Contains(m.status, "enter opens a target group's targets") {
		t.Errorf("enter on a listener: status %q", m.status)
	}
	press(m, down(5)...)
	press(m, "enter")
	if !strings.Contains(screen(), "│ web-prod-tg │") || !strings.Contains(screen(), "Target.ResponseCodeMismatch") {
		t.Fatalf("enter did not open web-prod-tg's targets:\n%s", screen())
	}
	for i, want := range []string{"│ edge-alb │", "NAME", ""} {
		press(m, "esc")
		if want == "" {
			if !m.onScreen("overview") {
				t.Fatalf("esc %d: on %s, want the overview", i+1, m.top().Name())
			}
			continue
		}
		if !m.onScreen(lb.Name) || !strings.Contains(screen(), want) {
			t.Fatalf("esc %d: on %s without %q:\n%s", i+1, m.top().Name(), want, screen())
		}
	}
}

// B from any screen, and :lb, go to the one load balancer screen.
func TestLBIsReachedByKeyAndCommand(t *testing.T) {
	m, _ := newTest(t, 120, 40, Options{})
	selectGroup(t, m, "web-prod")
	press(m, "enter", "B")
	if !m.onScreen(lb.Name) || len(m.stack) != 3 {
		t.Fatalf("B on a group: %s, %d screens", m.top().Name(), len(m.stack))
	}
	press(m, "B")
	if len(m.stack) != 3 {
		t.Fatalf("B on the load balancers stacked another: %d screens", len(m.stack))
	}
	press(m, "esc", "esc", ":", "lb", "enter")
	if !m.onScreen(lb.Name) || len(m.stack) != 2 {
		t.Fatalf(":lb: %s, %d screens", m.top().Name(), len(m.stack))
	}
	if h := HelpText(); !strings.Contains(h, "Load balancers\n") || !strings.Contains(h, "edit the target group's health check  [mutating]") ||
		!strings.Contains(h, "load balancers: listeners, certificates") {
		t.Fatalf("the help does not list the load balancer keys:\n%s", h)
	}
}

// The load balancer on screen is what the poller reads in detail, over
// the screen's range; leaving the screen stops it.
func TestLBTellsThePollerWhatIsOnScreen(t *testing.T) {
	m, b := newLBTest(t, 120, 40, Options{})
	s := fixture.LBSnapshot(fixture.Now)
	last := func() model.Visible {
		t.Helper()
		m.showing.send(b, m.focus()) // what the last Show command sends
		return b.Shows[len(b.Shows)-1]
	}
	if v := last(); !reflect.DeepEqual(v.LoadBalancers, []string{s.LoadBalancers[0].ARN}) || v.Range != time.Hour {
		t.Fatalf("shown %v over %s, want edge-alb over 1h", v.LoadBalancers, v.Range)
	}
	press(m, "j", "]")
	if v := last(); !reflect.DeepEqual(v.LoadBalancers, []string{s.LoadBalancers[1].ARN}) || v.Range != 3*time.Hour {
		t.Fatalf("shown %v over %s, want grpc-nlb over 3h", v.LoadBalancers, v.Range)
	}
	press(m, "esc")
	if v := last(); len(v.LoadBalancers) != 0 {
		t.Fatalf("off the screen, still shown %v", v.LoadBalancers)
	}
}

// A health check interval changed through the form: the confirm shows the
// field's change, a second enter typed ahead does not send it, y after
// the guard sends exactly that change.
func TestLBHealthCheckThroughTheForm(t *testing.T) {
	m, b := newLBTest(t, 120, 40, Options{})
	press(m, "enter")
	press(m, down(5)...)
	press(m, "e", "tab", "tab", "ctrl+u", "10")
	press(m, "enter", "enter", "enter", "enter", "enter", "enter") // the last one typed ahead
	d, ok := m.front().(*dialog.Confirm)
	if !ok {
		t.Fatalf("no confirm: %T, status %q\n%s", m.front(), m.status, plain(m))
	}
	if !strings.Contains(plain(m), "health check interval 30s → 10s") || !strings.Contains(plain(m), "press y again") {
		t.Fatalf("the confirm lacks the change or the guard's word:\n%s", plain(m))
	}
	if len(b.Acts) != 0 {
		t.Fatal("the enter typed ahead sent the change")
	}
	cmds := press(m, wait, "y")
	if !strings.Contains(plain(m), "in flight: targetgroup/web-prod-tg: health check interval 30s → 10s") {
		t.Fatalf("the target group does not say its change is in flight:\n%s", plain(m))
	}
	exec(m, cmds...)
	tg := tgOf(t, "web-prod-tg")
	to := tg.HealthCheck
	to.Interval = 10 * time.Second
	want := model.EditHealthCheck{TargetGroup: tg.ARN, Name: tg.Name, Protocol: "HTTP", From: tg.HealthCheck, To: to}
	if len(b.Acts) != 1 || !reflect.DeepEqual(b.Acts[0].Action, want) || d.Action() != want {
		t.Fatalf("sent %+v, want %+v", b.Acts, want)
	}
	if !strings.Contains(m.status, "done: targetgroup/web-prod-tg: health check interval 30s → 10s") {
		t.Errorf("status %q", m.status)
	}
}

// Every form refuses what AWS would, with the model's sentence, and
// opens no confirm.
func TestLBFormsRefuseWhatAWSRefuses(t *testing.T) {
	webProd := append([]string{"enter"}, down(5)...)
	grpc := []string{"j", "enter", "j"}
	for _, c := range []struct {
		name string
		keys []string
		want string
	}{
		{"interval too short", keysThen(webProd, "e", "tab", "tab", "ctrl+u", "4", "tab"), "interval must be 5s to 300s, not 4s"},
		{"interval not a number", keysThen(webProd, "e", "tab", "tab", "ctrl+u", "ten", "tab"), `"ten" is not a whole number`},
		{"timeout too long", keysThen(webProd, "e", "tab", "tab", "tab", "ctrl+u", "121", "tab"), "timeout must be 2s to 120s, not 121s"},
		{"timeout not under the interval", keysThen(webProd, "e", "tab", "tab", "ctrl+u", "10", "tab", "ctrl+u", "10", "tab"),
			"timeout (10s) must be less than the interval (10s)"},
		{"healthy threshold", keysThen(webProd, "e", "tab", "tab", "tab", "tab", "ctrl+u", "1", "tab"), "healthy threshold must be 2 to 10 checks, not 1"},
		{"unhealthy threshold", keysThen(webProd, "e", "shift+tab", "shift+tab", "ctrl+u", "11", "tab"), "unhealthy threshold must be 2 to 10 checks, not 11"},
		{"path", keysThen(webProd, "e", "ctrl+u", "healthz", "tab"), `must start with /, not "healthz"`},
		{"port", keysThen(webProd, "e", "tab", "ctrl+u", "70000", "tab"), `traffic-port or 1 to 65535, not "70000"`},
		{"success codes", keysThen(webProd, "e", "shift+tab", "ctrl+u", "200-550", "enter"), `success codes "200-550" are outside 200-499`},
		{"weighted random with stickiness", keysThen(webProd, "a", "left"), "stickiness and the weighted random algorithm cannot both be on"},
		{"deregistration delay", keysThen(webProd, "a", "tab", "tab", "tab", "tab", "ctrl+u", "4000", "tab"), "from 0 to 3600"},
		{"slow start", keysThen(webProd, "a", "shift+tab", "ctrl+u", "10", "enter"), "from 30 to 900 (0 turns it off)"},
		{"stickiness duration", keysThen(webProd, "a", "tab", "tab", "tab", "ctrl+u", "0", "tab"), "from 1 to 604800"},
		{"NLB deregistration delay", keysThen(grpc, "a", "tab", "ctrl+u", "-1", "enter"), "from 0 to 3600"},
		{"register on no port", keysThen([]string{"enter", "j", "j", "enter"}, "i", "tab", "ctrl+u", "0", "enter"), "port 0 is not a port"},
		{"unchanged", keysThen(webProd, "e", "enter", "enter", "enter", "enter", "enter", "enter", "enter"), "nothing to change"},
		{"attributes unchanged", keysThen(webProd, "a", "enter", "enter", "enter", "enter", "enter", "enter"), "nothing to change"},
		{"load balancer name", []string{"n", "-bad", "tab"}, `"-bad" is not a load balancer name`},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, b := newLBTest(t, 120, 40, Options{})
			for _, k := range c.keys {
				exec(m, press(m, k)...)
			}
			if _, ok := m.front().(*dialog.Confirm); ok {
				t.Fatalf("a confirm opened:\n%s", plain(m))
			}
			if _, ok := m.front().(*form.Form); !ok {
				t.Fatalf("the form closed: %T, status %q", m.front(), m.status)
			}
			if got := formText(m); !strings.Contains(got, c.want) {
				t.Fatalf("the form does not say %q:\n%s", c.want, got)
			}
			if len(b.Acts) != 0 {
				t.Fatalf("sent %+v", b.Acts)
			}
		})
	}
}

// A network load balancer's target group has only stickiness (by source
// IP) and the deregistration delay; turning stickiness on sends the type
// it takes.
func TestLBAttributesOfEachKind(t *testing.T) {
	m, b := newLBTest(t, 120, 40, Options{})
	press(m, "enter")
	press(m, down(5)...)
	for _, k := range []string{"a", "right", "enter", "enter", "enter", "enter", "enter", "enter", wait, "y"} {
		exec(m, press(m, k)...)
	}
	tg := tgOf(t, "web-prod-tg")
	want := model.EditAttributes{TargetGroup: tg.ARN, Name: tg.Name, Protocol: "HTTP",
		From: map[string]string{"load_balancing.algorithm.type": "round_robin"},
		To:   map[string]string{"load_balancing.algorithm.type": "least_outstanding_requests"}}
	if got := lastAct(t, b); !reflect.DeepEqual(got, want) {
		t.Fatalf("sent %+v, want %+v", got, want)
	}

	m, b = newLBTest(t, 120, 40, Options{})
	press(m, "j", "enter", "j", "a")
	if out := formText(m); strings.Contains(out, "algorithm") || strings.Contains(out, "slow start") || !strings.Contains(out, "deregistration") {
		t.Fatalf("the NLB form offers what an NLB group lacks:\n%s", out)
	}
	for _, k := range []string{"right", "enter", "enter", wait, "y"} {
		exec(m, press(m, k)...)
	}
	tg = tgOf(t, "api-grpc-tg")
	want = model.EditAttributes{TargetGroup: tg.ARN, Name: tg.Name, Protocol: "TCP",
		From: map[string]string{"stickiness.enabled": "true"}, To: map[string]string{"stickiness.enabled": "false"}}
	if got := lastAct(t, b); !reflect.DeepEqual(got, want) {
		t.Fatalf("sent %+v, want %+v", got, want)
	}
}

// Drain a target out of a target group, saying how long it drains, and
// put one back.
func TestLBDrainAndPutBack(t *testing.T) {
	m, b := newLBTest(t, 120, 40, Options{})
	press(m, "enter", "j", "j", "enter", "j", "d")
	tg := tgOf(t, "api-internal-tg")
	sorted := tg.SortedTargets()
	if sorted[0].State != model.TargetDraining {
		t.Fatalf("the fixture's first target is %s", sorted[0].State)
	}
	out := formText(m)
	if !strings.Contains(out, "drains for up to 30s") || !strings.Contains(out, "target "+sorted[1].ID+" registered → deregistered after draining up to 30s") {
		t.Fatalf("the form does not say how long it drains:\n%s", out)
	}
	exec(m, press(m, "enter", wait, "y")...)
	var on []string
	for _, x := range tg.Targets {
		if model.Registered(x) {
			on = append(on, x.ID)
		}
	}
	want := model.DeregisterTargets{TargetGroup: tg.ARN, Name: tg.Name, Instances: []string{sorted[1].ID}, From: on, Delay: 30 * time.Second}
	if got := lastAct(t, b); !reflect.DeepEqual(got, want) {
		t.Fatalf("sent %+v, want %+v", got, want)
	}
	// the draining one is offered to put back: registering cancels the drain
	exec(m, press(m, "i", "enter", "enter", wait, "y")...)
	reg := model.RegisterTargets{TargetGroup: tg.ARN, Name: tg.Name, Instances: []string{sorted[0].ID}, From: on}
	if got := lastAct(t, b); !reflect.DeepEqual(got, reg) {
		t.Fatalf("sent %+v, want %+v", got, reg)
	}
}

// A listener's security policy, its default certificate and its SNI
// certificates, chosen from what the backend lists.
func TestLBListenerChanges(t *testing.T) {
	m, b := newLBTest(t, 120, 40, Options{})
	s := fixture.LBSnapshot(fixture.Now)
	l := s.LoadBalancers[0].Listeners[1]
	certs := fixture.AccountCertificates(fixture.Now)
	press(m, "enter", toHTTPS)
	exec(m, press(m, "t")...)
	exec(m, press(m, "right", "enter", "enter", wait, "y")...)
	want := model.EditListener{Listener: l.ARN, Name: "edge-alb:443", Protocol: "HTTPS",
		From: model.ListenerTLS{Policy: "ELBSecurityPolicy-2016-08", Certificate: certs[0].ARN},
		To:   model.ListenerTLS{Policy: "ELBSecurityPolicy-FS-1-2-Res-2020-10", Certificate: certs[0].ARN}}
	if got := lastAct(t, b); !reflect.DeepEqual(got, want) {
		t.Fatalf("sent %+v, want %+v", got, want)
	}
	exec(m, press(m, "c")...)
	if out := formText(m); strings.Contains(out, "api.acme.example") || !strings.Contains(out, "shop.acme.example (4f5a6b7c)") {
		t.Fatalf("the add form offers a certificate the listener serves, or not the renewed one:\n%s", out)
	}
	exec(m, press(m, "right", "enter", wait, "y")...)
	add := model.AddListenerCertificates{Listener: l.ARN, Name: "edge-alb:443", Protocol: "HTTPS", Certificates: []string{certs[4].ARN}, From: l.Certificates}
	if got := lastAct(t, b); !reflect.DeepEqual(got, add) {
		t.Fatalf("sent %+v, want %+v", got, add)
	}
	exec(m, press(m, "C", "enter", wait, "y")...)
	rm := model.RemoveListenerCertificates{Listener: l.ARN, Name: "edge-alb:443", Protocol: "HTTPS", Certificates: []string{certs[1].ARN}, From: l.Certificates}
	if got := lastAct(t, b); !reflect.DeepEqual(got, rm) {
		t.Fatalf("sent %+v, want %+v", got, rm)
	}
	// a plain HTTP listener has none of it
	press(m, "k", "t")
	if !strings.Contains(m.status, "edge-alb:80 listens on HTTP") || m.front() != nil {
		t.Fatalf("t on HTTP:80: status %q, %T", m.status, m.front())
	}
}

// The choices failing to come is a sentence, and no form.
func TestLBChoicesFailing(t *testing.T) {
	m, b := newLBTest(t, 120, 40, Options{})
	b.ChoicesErr = errors.New("AccessDenied: acm:ListCertificates")
	press(m, "enter", toHTTPS)
	exec(m, press(m, "t")...)
	if m.front() != nil || !strings.Contains(m.status, "could not read the choices: AccessDenied") {
		t.Fatalf("status %q, %T", m.status, m.front())
	}
}

// Under --read-only every changing key of the screen says why it is
// disabled and opens nothing; the commands that would create or delete a
// load balancer are still shown (they send nothing).
func TestLBReadOnly(t *testing.T) {
	m, b := newLBTest(t, 120, 40, Options{ReadOnly: true})
	press(m, "enter", toHTTPS)
	for _, k := range []string{"t", "c", "C", "j", "e", "a", "i", "enter", "d"} {
		m.status = ""
		exec(m, press(m, k)...)
		if k == "j" || k == "enter" {
			continue
		}
		if m.front() != nil || !strings.Contains(m.status, "read-only:") || !strings.Contains(m.status, "--read-only") {
			t.Fatalf("%s under read-only: status %q, %T", k, m.status, m.front())
		}
	}
	press(m, "X")
	if out := formText(m); !strings.Contains(out, "aws elbv2 delete-load-balancer --region us-east-1 --load-balancer-arn") {
		t.Fatalf("X does not show the command:\n%s", out)
	}
	if len(b.Acts) != 0 {
		t.Fatalf("read-only sent %+v", b.Acts)
	}
}

// Creating and deleting load balancers shows the aws CLI command that
// would, as `hoist lb create|delete` prints it, and sends nothing.
func TestLBCreateAndDeleteShowTheCommand(t *testing.T) {
	m, b := newLBTest(t, 120, 40, Options{})
	press(m, "n", "new-alb", "tab", "right", "tab", "right", "tab", "subnet-1,subnet-2")
	if out := formText(m); !strings.Contains(out, "aws elbv2 create-load-balancer --region us-east-1 --name new-alb --type network --scheme internal --subnets subnet-1 subnet-2") {
		t.Fatalf("the preview is not the command:\n%s", out)
	}
	press(m, "enter")
	if _, ok := m.front().(*dialog.Note); !ok || !strings.Contains(formText(m), "hoist does not create load balancers") {
		t.Fatalf("no note: %T\n%s", m.front(), formText(m))
	}
	press(m, "esc", "X")
	if out := formText(m); !strings.Contains(out, model.DeleteLBCommand(&fixture.LBSnapshot(fixture.Now).LoadBalancers[0], "us-east-1")) {
		t.Fatalf("X does not show the delete command:\n%s", out)
	}
	if len(b.Acts) != 0 {
		t.Fatal("sent an action")
	}
}

// What comes from AWS on this screen (names, DNS names, domains, policy
// names, reasons) never reaches the terminal as a control sequence.
func TestLBHostileNamesRenderSafely(t *testing.T) {
	s := fixture.LBSnapshot(fixture.Now)
	evil := "lb\x1b]52;c;cm0=\x07\u202Eevil\x1b[2J\u009b31m"
	lb0 := &s.LoadBalancers[0]
	lb0.Name, lb0.DNSName, lb0.State, lb0.Scheme, lb0.AZs = evil, evil, evil, evil, []string{evil}
	lb0.Listeners[1].SSLPolicy, lb0.Listeners[0].DefaultDetail = evil, evil
	s.SSLPolicies[0].Name = evil
	for i := range s.Certificates {
		s.Certificates[i].Domain = evil
	}
	for i := range s.TargetGroups {
		tg := &s.TargetGroups[i]
		tg.Name, tg.TargetType, tg.HealthCheck.Path, tg.HealthCheck.Matcher = evil, evil, evil, evil
		tg.Attributes["stickiness.type"] = evil
		for j := range tg.Targets {
			tg.Targets[j].Reason, tg.Targets[j].Description = evil, evil
		}
	}
	for _, sz := range sizes {
		m, _ := newTest(t, sz.w, sz.h, Options{})
		m.Update(SnapshotMsg{Snapshot: s})
		var views []string
		for _, k := range []string{"B", "enter", "j", "j", "j", "enter", "esc", "t", "esc", "j", "e", "esc", "a", "esc"} {
			exec(m, press(m, k)...)
			views = append(views, view(m))
		}
		for i, v := range views {
			checkFrame(t, v, sz.w, sz.h)
			for _, r := range sgr.ReplaceAllString(v, "") {
				if r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r >= 0x202a && r <= 0x202e) {
					t.Fatalf("%dx%d view %d: %U reached the screen", sz.w, sz.h, i, r)
				}
			}
		}
	}
}

// Update and View never call the backend from the load balancer screen:
// the choices of a listener's forms are read by a command.
func TestLBNoSyncBackendCalls(t *testing.T) {
	m, b := newLBTest(t, 160, 45, Options{})
	var cmds []tea.Cmd
	for _, k := range []string{"enter", "j", "t", "c", "esc", "C", "esc", "j", "e", "esc", "a", "esc", "enter", "d", "esc", "i", "esc",
		"esc", "]", "[", "n", "esc", "X", "esc", "j", "enter", "esc", "r", "esc"} {
		cmds = append(cmds, press(m, k)...)
		_ = m.View()
	}
	if n := b.CallCount(); n != 0 {
		t.Fatalf("Update/View called the backend %d times", n)
	}
	exec(m, cmds...)
	if b.CallCount() == 0 || len(b.Shows) == 0 {
		t.Fatalf("the commands did not reach the backend: %+v", b)
	}
}

// A load balancer gone from the snapshot while its detail is open takes
// the operator back to the list, not into another one's detail.
func TestLBGoneWhileOpen(t *testing.T) {
	m, _ := newLBTest(t, 120, 40, Options{})
	press(m, "enter")
	s := fixture.LBSnapshot(fixture.Now)
	s.Generation = 3
	s.LoadBalancers = s.LoadBalancers[1:]
	m.Update(SnapshotMsg{Snapshot: s})
	if out := plain(m); strings.Contains(out, "│ grpc-nlb │") || !strings.Contains(out, "NAME") || !strings.Contains(out, "▶ grpc-nlb") {
		t.Fatalf("not back on the list with grpc-nlb selected:\n%s", out)
	}
}

// :lb NAME opens that load balancer's detail.
func TestLBCommandNamesOne(t *testing.T) {
	m, _ := newTest(t, 120, 40, Options{})
	m.Update(SnapshotMsg{Snapshot: fixture.LBSnapshot(fixture.Now)})
	press(m, ":", "lb grpc", "enter")
	if !m.onScreen(lb.Name) || !strings.Contains(plain(m), "Load balancers us-east-1 │ grpc-nlb │") {
		t.Fatalf(":lb grpc did not open grpc-nlb:\n%s", plain(m))
	}
	press(m, ":", "lb nope", "enter")
	if !strings.Contains(m.status, `no load balancer "nope" here`) {
		t.Fatalf("status %q", m.status)
	}
}

// --ascii: no box drawing, block, braille or arrow characters on any
// level of the screen or its forms.
func TestLBASCII(t *testing.T) {
	m, _ := newLBTest(t, 160, 45, Options{ASCII: true})
	for _, keys := range [][]string{nil, {"enter"}, {"j", "j", "j", "enter"}, {"esc", "esc", "j", "e"}, {"esc", "a"}, {"esc", "k", "t"}, {"esc", "c"}} {
		for _, k := range keys {
			exec(m, press(m, k)...)
		}
		for _, r := range plain(m) {
			if r >= 0x2500 && r <= 0x259F || r >= 0x2800 && r <= 0x28FF || r == '…' || r == '▶' || r == '→' || r == '←' {
				t.Fatalf("ASCII mode drew %q after %v:\n%s", r, keys, plain(m))
			}
		}
	}
}
