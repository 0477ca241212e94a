package ui

import (
	"errors"
	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
	"github.com/solemate/hoist/ui/screen/group"
	"github.com/solemate/hoist/ui/screen/insights"
	"github.com/solemate/hoist/ui/screen/lb"
	"github.com/solemate/hoist/ui/screen/overview"
	"github.com/solemate/hoist/ui/screen/plan"
	"github.com/solemate/hoist/ui/screen/policies"
	"github.com/solemate/hoist/ui/screen/refresh"
	"github.com/solemate/hoist/ui/screen/schedule"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/fixture"
)

// TestNoSyncBackendCalls drives Update and View through every binding and
// dialog without running a single command: the backend must not have been
// called. Then it runs the commands and sees the calls happen.
func TestNoSyncBackendCalls(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	var cmds []tea.Cmd
	cmds = append(cmds, m.Init())
	seq := []string{"j", "k", "tab", "shift+tab", "enter", "h", "esc", "enter", "t", "d", "y", "esc", "b", "r", "esc",
		"/", "web", "enter", "esc", ":", "tier web", "enter", "r", "5", "+", "tab", wait, "y", "-", wait, "enter", "=", "7", "enter", wait, "y",
		"L", "tab", "tab", "ctrl+u", "30", "enter", "esc", "enter", wait, "y", "S", "f", "enter", wait, "y",
		":", "errors", "enter", "j", "esc", "enter", "P", "esc", "?", "G", "esc", "esc", "P", "j", "s", wait, "y", "P", "e", "50", "enter", wait, "y", "tab", "a", "A", "m", "1", wait, "y",
		"[", "]", "o", "v", "?", "esc", "o", "o", "shift+tab", "shift+tab", "g", "5", "0", "%", "+", wait, "y", "i", "i", // 50%+ on a tier heading
		":", "region us-west-2", "enter", "q"}
	sawTier := false
	for _, k := range seq {
		cmds = append(cmds, press(m, k)...)
		_ = m.View()
		if _, ok := m.front().(*dialog.TierConfirm); ok {
			sawTier = true
		}
	}
	if !sawTier {
		t.Fatal("the sequence never reached a tier's confirm")
	}
	m.Update(SnapshotMsg{Snapshot: fixture.Snapshot(fixture.Now, 0)})
	m.Update(tea.WindowSizeMsg{Width: 90, Height: 30})
	_ = m.View()
	if n := b.CallCount(); n != 0 {
		t.Fatalf("Update/View called the backend %d times synchronously", n)
	}
	exec(m, cmds...)
	if b.CallCount() == 0 || len(b.Acts) == 0 || len(b.Shows) == 0 || len(b.Refreshs) == 0 {
		t.Fatalf("commands did not reach the backend: %+v", b)
	}
}

func TestScaleOutWithCountSendsOneAbsoluteAction(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	selectGroup(t, m, "web-prod")
	press(m, "5", "+")
	d, ok := m.front().(*dialog.Confirm)
	if !ok {
		t.Fatalf("no confirm dialog; status %q", m.status)
	}
	if !strings.Contains(plain(m), "change desired 12 → 17") || !strings.Contains(plain(m), "+$0.9600/h") {
		t.Fatalf("dialog does not show the change and cost:\n%s", plain(m))
	}
	if d.Delta() <= 0 {
		t.Fatal("no cost delta")
	}
	press(m, "tab", "surge from campaign", "tab", wait)
	cmds := press(m, "y")
	if m.front() != nil {
		t.Fatal("dialog still open")
	}
	if !strings.Contains(plain(m), "ACTING") {
		t.Fatal("row does not say an action is in flight")
	}
	exec(m, cmds...)
	if len(b.Acts) != 1 {
		t.Fatalf("%d actions sent, want 1", len(b.Acts))
	}
	want := model.SetDesired{Group: "web-prod", From: model.Capacity{Min: 4, Desired: 12, Max: 24}, Desired: 17}
	if got := b.Acts[0]; !reflect.DeepEqual(got.Action, want) || got.Reason != "surge from campaign" {
		t.Fatalf("sent %#v reason %q, want %#v", got.Action, got.Reason, want)
	}
	if !strings.Contains(m.status, "done") || strings.Contains(plain(m), "ACTING") {
		t.Fatalf("status %q after success", m.status)
	}
	if len(b.Refreshs) == 0 || b.Refreshs[len(b.Refreshs)-1] != "web-prod" {
		t.Fatal("no refresh of the group after the action")
	}
	// the timeline shows it
	m.overview.Update(m.env(), screen.Action{Name: "timeline-scope"})
	found := false
	for _, e := range m.overview.Events(m.env()) {
		if strings.Contains(e.Text, "desired 12 → 17 done") {
			found = true
		}
	}
	if !found {
		t.Fatal("result not on the timeline")
	}
}

func TestScaleInAndCancel(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	selectGroup(t, m, "web-prod")
	exec(m, press(m, "-", "n")...)
	exec(m, press(m, "-", "esc")...)
	if len(b.Acts) != 0 || m.front() != nil {
		t.Fatal("cancel sent something")
	}
	exec(m, press(m, "2", "-", wait, "enter")...)
	if a := lastAct(t, b).(model.SetDesired); a.Desired != 10 {
		t.Fatalf("desired %d, want 10", a.Desired)
	}
}

func TestRuleBreakIsAStatusLine(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	selectGroup(t, m, "worker-orders") // 2/10/10
	press(m, "+")
	if m.front() != nil {
		t.Fatal("a dialog opened for an invalid action")
	}
	if want := "desired 11 is above max 10: raise max first or press L"; m.status != want {
		t.Fatalf("status %q, want %q", m.status, want)
	}
	press(m, "=", "abc", "enter")
	if !strings.Contains(m.status, "not a whole number") {
		t.Fatalf("status %q", m.status)
	}
	// The limits form: min, desired, max; a rule the values break
	// together is said on the form and the status line, and the form stays.
	press(m, "L", "ctrl+u", "5", "tab", "ctrl+u", "4", "tab", "enter")
	if _, ok := m.front().(*form.Form); !ok || !strings.Contains(m.status, "below min 5") || !strings.Contains(plain(m), "below min 5") {
		t.Fatalf("form %T, status %q:\n%s", m.front(), m.status, plain(m))
	}
	if len(b.Acts) != 0 {
		t.Fatal("invalid actions were sent")
	}
	press(m, "esc")
	press(m, "L", "tab", "tab", "ctrl+u", "14", "enter")
	d, ok := m.front().(*dialog.Confirm)
	if !ok {
		t.Fatalf("no dialog: %q", m.status)
	}
	want := model.SetLimits{Group: "worker-orders", From: model.Capacity{Min: 2, Desired: 10, Max: 10}, To: model.Capacity{Min: 2, Desired: 10, Max: 14}}
	if !reflect.DeepEqual(d.Action(), want) {
		t.Fatalf("limits action %#v", d.Action())
	}
	// esc on the confirm goes back one step: to the form, values kept.
	press(m, "esc")
	if f, ok := m.front().(*form.Form); !ok || f.Focus() != 2 {
		t.Fatalf("esc on the confirm left %T", m.front())
	}
	exec(m, press(m, "enter", wait, "y")...)
	if m.front() != nil || len(b.Acts) != 1 || !reflect.DeepEqual(lastAct(t, b), model.Action(want)) {
		t.Fatalf("after y: dialog %T, acts %+v", m.front(), b.Acts)
	}
}

func TestSetDesiredDialog(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	selectGroup(t, m, "api-public")
	exec(m, press(m, "=", "20", "enter", wait, "y")...)
	if a := lastAct(t, b).(model.SetDesired); a.Desired != 20 || a.From.Desired != 9 {
		t.Fatalf("%#v", a)
	}
}

func TestConflictShowsAsConflict(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	b.ActErr = &model.ConflictError{What: "desired", Saw: "12", Now: "14"}
	selectGroup(t, m, "web-prod")
	exec(m, press(m, "+", wait, "y")...)
	if m.statusKind != intent.Err || !strings.HasPrefix(m.status, "CONFLICT: desired changed from 12 to 14") {
		t.Fatalf("status %q", m.status)
	}
	b.ActErr = errors.New("AccessDenied: not allowed to SetDesiredCapacity")
	exec(m, press(m, "+", wait, "y")...)
	if !strings.Contains(m.status, "failed") || !strings.Contains(m.status, "AccessDenied") {
		t.Fatalf("status %q", m.status)
	}
}

func TestReadOnlyDisablesEveryMutatingKey(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{ReadOnly: true})
	if !strings.Contains(plain(m), "READ-ONLY") {
		t.Fatal("no READ-ONLY badge")
	}
	selectGroup(t, m, "web-prod")
	for _, bd := range m.keys.Specs {
		if !bd.Mutating {
			continue
		}
		press(m, "esc", "esc")
		m.overlay.Clear()
		switch bd.Context {
		case group.Context:
			press(m, "enter")
		case policies.Context:
			press(m, "P")
		case lb.Context:
			press(m, "B")
		case plan.Context: // :apply itself is refused under read-only: the screen as a plan left it
			m.plan = &planRun{screen: plan.New("incident.yml", testPlan()), region: "us-east-1"}
			m.push(plan.Name, "", "")
		case schedule.Context:
			press(m, "c")
		case refresh.Context:
			press(m, "R")
		case insights.Context:
			exec(m, press(m, "I")...)
		}
		if bd.Action == "mute" {
			m.focusPane(overview.PaneAlerts)
		}
		m.status = ""
		cmds := press(m, bd.Keys[0])
		exec(m, cmds...)
		if _, ok := m.front().(*dialog.Confirm); ok {
			t.Fatalf("%s opened a confirm dialog under read-only", bd.Action)
		}
		if !strings.Contains(m.status, "read-only") {
			t.Fatalf("%s: status %q does not say why", bd.Action, m.status)
		}
		m.focusPane(overview.PaneGroups)
	}
	if len(b.Acts) != 0 {
		t.Fatalf("read-only sent %d actions", len(b.Acts))
	}
	// acknowledging writes only the journal: allowed
	m.focusPane(overview.PaneAlerts)
	exec(m, press(m, "esc", "a")...)
	if len(b.Acts) != 1 || b.Acts[0].Action.Kind() != model.KindAcknowledge {
		t.Fatalf("ack under read-only: %+v", b.Acts)
	}
}

func TestReadOnlyCommandOnlyTurnsOn(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	press(m, ":", "readonly off", "enter")
	if m.readOnly || !strings.Contains(m.status, "can only be turned on") {
		t.Fatalf("readonly off: %v %q", m.readOnly, m.status)
	}
	press(m, ":", "readonly", "enter")
	if !m.readOnly {
		t.Fatal(":readonly did not turn read-only on")
	}
	selectGroup(t, m, "web-prod")
	exec(m, press(m, "+", wait, "y")...)
	if len(b.Acts) != 0 || !strings.Contains(m.status, ":readonly") {
		t.Fatalf("status %q acts %d", m.status, len(b.Acts))
	}
}

func TestCommands(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	press(m, ":", "tier web", "enter")
	if m.overview.GroupCount() != 2 || m.overview.Selected() != "web-canary" {
		t.Fatalf("tier web: %d groups, selected %q", m.overview.GroupCount(), m.overview.Selected())
	}
	press(m, ":", "tier", "enter")
	if m.overview.GroupCount() != 12 {
		t.Fatal(":tier did not clear")
	}
	press(m, ":", "theme high-contrast", "enter")
	if m.themeName != "high-contrast" {
		t.Fatal(":theme")
	}
	press(m, ":", "theme nope", "enter")
	if !strings.Contains(m.status, "no theme") {
		t.Fatal(m.status)
	}
	exec(m, press(m, ":", "region us-west-2", "enter")...)
	exec(m, press(m, ":", "profile staging", "enter")...)
	if !reflect.DeepEqual(b.Switches, []string{"prod/us-west-2", "staging/us-west-2"}) {
		t.Fatalf("switches %v", b.Switches)
	}
	press(m, ":", "region mars", "enter")
	if !strings.Contains(m.status, `unknown region "mars"`) {
		t.Fatal(m.status)
	}
	press(m, ":", "bogus", "enter")
	if !strings.Contains(m.status, "unknown command") {
		t.Fatal(m.status)
	}
}

func TestSessionAndGenerationOrder(t *testing.T) {
	m, _ := newTest(t, 160, 45, Options{})
	exec(m, press(m, ":", "region us-west-2", "enter")...)
	s := fixture.Snapshot(fixture.Now, 0)
	s.Session, s.Generation = 2, 1
	s.Region = "us-west-2"
	m.Update(SnapshotMsg{Snapshot: s})
	old := fixture.Snapshot(fixture.Now, 0) // session 1
	m.Update(SnapshotMsg{Snapshot: old})
	if m.snap().Region != "us-west-2" || len(m.data.Regions) != 1 {
		t.Fatal("a snapshot of an older session replaced the new one")
	}
	s.Generation = 5
	m.Update(SnapshotMsg{Snapshot: s})
	stale := s
	stale.Generation = 4
	stale.Region = "eu-west-1"
	m.Update(SnapshotMsg{Snapshot: stale})
	if m.snap().Generation != 5 {
		t.Fatal("an older generation replaced a newer one")
	}
}

func TestFilter(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	selectGroup(t, m, "web-prod")
	press(m, "/", "a", "p")
	if n := m.overview.GroupCount(); n != 3 {
		t.Fatalf("filter 'ap' shows %d groups", n)
	}
	press(m, "i", "-", "i")
	if n := m.overview.GroupCount(); n != 1 || m.overview.Selected() != "api-internal" {
		t.Fatalf("filter 'api-i': %d groups, selected %q", n, m.overview.Selected())
	}
	press(m, "backspace", "backspace", "enter")
	if m.isFiltering() || m.filterText() != "api" || m.overview.Selected() != "api-grpc" {
		t.Fatalf("enter: filtering %v filter %q selected %q", m.isFiltering(), m.filterText(), m.overview.Selected())
	}
	// keys act on the list again, within the filter
	press(m, "j")
	if m.overview.Selected() != "api-internal" {
		t.Fatalf("j after filter selected %q", m.overview.Selected())
	}
	press(m, "esc")
	if m.filterText() != "" || m.overview.GroupCount() != 12 || m.overview.Selected() != "api-internal" {
		t.Fatalf("esc: filter %q, %d groups, selected %q", m.filterText(), m.overview.GroupCount(), m.overview.Selected())
	}
	press(m, "/", "zzz")
	if !strings.Contains(plain(m), "no group matches") {
		t.Fatal("empty filter result not explained")
	}
	press(m, "esc")
	if m.filterText() != "" || m.isFiltering() {
		t.Fatal("esc while typing did not clear")
	}
	exec(m, press(m, "j")...)
	if len(b.Shows) == 0 || b.Shows[len(b.Shows)-1].Selected != m.overview.Selected() {
		t.Fatal("Backend.Show not told the selection")
	}
}

func TestSelectionKeptByNameAcrossReorder(t *testing.T) {
	m, _ := newTest(t, 160, 45, Options{})
	selectGroup(t, m, "worker-media")
	s := fixture.Snapshot(fixture.Now, 0)
	s.Generation = 2
	// a new group sorts before it and the groups move tiers
	extra := s.Groups[0]
	extra.Name, extra.Tier = "aaa-new", "web"
	s.Groups = append([]model.Group{extra}, s.Groups...)
	for i := range s.Groups {
		if s.Groups[i].Name == "worker-media" {
			s.Groups[i].Tier = "api"
		}
	}
	m.Update(SnapshotMsg{Snapshot: s})
	if m.overview.Selected() != "worker-media" {
		t.Fatalf("selection moved to %q", m.overview.Selected())
	}
	if !strings.Contains(plain(m), m.look.G.Cursor+" worker-media") {
		t.Fatalf("the cursor is not on worker-media:\n%s", plain(m))
	}
}

func TestMovesPanesRangeSortHelp(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	first := m.overview.Selected()
	press(m, "j")
	if m.overview.Selected() == first {
		t.Fatal("j did not move")
	}
	press(m, "k")
	if m.overview.Selected() != first {
		t.Fatal("k did not move back")
	}
	press(m, "G")
	if m.overview.Selected() != "cache-warmers" {
		t.Fatalf("G: %q", m.overview.Selected())
	}
	press(m, "g")
	if m.overview.Selected() != first {
		t.Fatal("g")
	}
	press(m, "tab")
	if m.overview.Focus() != overview.PaneAlerts {
		t.Fatal("tab")
	}
	press(m, "shift+tab")
	if m.overview.Focus() != overview.PaneGroups {
		t.Fatal("shift+tab")
	}
	press(m, "]")
	if m.overview.Range() != 3*time.Hour || !strings.Contains(plain(m), "Metrics 3h") {
		t.Fatal("] did not lengthen the range")
	}
	press(m, "[", "[", "[")
	if m.overview.Range() != 15*time.Minute {
		t.Fatal("[")
	}
	press(m, "o")
	if !strings.Contains(plain(m), " by name ") || strings.Contains(plain(m), "untiered") {
		t.Fatal("o: sort by name")
	}
	press(m, "o")
	if g, _ := m.overview.GroupAt(0); g.Name != "worker-orders" {
		t.Fatalf("sort by cpu first %q", g.Name)
	}
	press(m, "o", "v")
	if !m.overview.TimelineAll() {
		t.Fatal("v")
	}
	press(m, "?")
	if !strings.Contains(plain(m), "scale out by one") || !strings.Contains(plain(m), "[changes AWS, confirmed]") {
		t.Fatal("help not generated from bindings")
	}
	press(m, "esc")
	if m.onScreen("help") {
		t.Fatal("help did not close")
	}
	exec(m, press(m, "r")...)
	if len(b.Refreshs) != 1 || b.Refreshs[0] != "" {
		t.Fatalf("r: %v", b.Refreshs)
	}
	press(m, "enter")
	if !m.onScreen("group") || !strings.Contains(plain(m), "Instances 12") && !strings.Contains(plain(m), "Instances") {
		t.Fatal("enter did not open the detail")
	}
	press(m, "esc")
	if m.onScreen("group") {
		t.Fatal("esc did not close the detail")
	}
}

func TestInstanceActions(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	selectGroup(t, m, "web-prod")
	press(m, "h")
	if !strings.Contains(m.status, "detail") {
		t.Fatalf("h outside detail: %q", m.status)
	}
	press(m, "enter", "j")
	in, _ := m.selectedInstance()
	exec(m, press(m, "h", wait, "y")...)
	if a := lastAct(t, b).(model.SetInstanceHealth); a.Instance != in.ID || a.Health != model.HealthUnhealthy || a.From != "Healthy" {
		t.Fatalf("%#v", a)
	}
	exec(m, press(m, "t", "d", wait, "y")...)
	if a := lastAct(t, b).(model.TerminateInstance); !a.Decrement || a.Instance != in.ID || a.From.Desired != 12 {
		t.Fatalf("%#v", a)
	}
	exec(m, press(m, "b", "r", wait, "y")...)
	if a := lastAct(t, b).(model.EnterStandby); a.Decrement || a.Instance != in.ID {
		t.Fatalf("%#v", a)
	}
	if len(b.Acts) != 3 {
		t.Fatalf("%d acts", len(b.Acts))
	}
}

func TestSuspendChecklist(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	selectGroup(t, m, "web-prod")
	exec(m, press(m, "S", "f", "enter", wait, "y")...)
	a := lastAct(t, b).(model.SuspendProcesses)
	if !reflect.DeepEqual(a.Processes, []string{"AlarmNotification", "ScheduledActions"}) {
		t.Fatalf("%#v", a)
	}
	selectGroup(t, m, "batch-etl")
	// AlarmNotification is 4th: uncheck it to resume
	exec(m, press(m, "S", "j", "j", "j", "space", "enter", wait, "y")...)
	r := lastAct(t, b).(model.ResumeProcesses)
	if !reflect.DeepEqual(r.Processes, []string{"AlarmNotification"}) {
		t.Fatalf("%#v", r)
	}
	press(m, "S", "space", "j", "j", "j", "space", "enter")
	if !strings.Contains(m.status, "two steps") {
		t.Fatalf("mixed: %q", m.status)
	}
}

func TestPolicies(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	selectGroup(t, m, "web-prod")
	exec(m, press(m, "P", "e", "50", "enter", wait, "y")...)
	a := lastAct(t, b).(model.EditPolicy)
	if a.Policy != "web-prod-cpu-tt" || a.From.TargetValue != 60 || a.To.TargetValue != 50 || !a.To.Enabled {
		t.Fatalf("%#v", a)
	}
	exec(m, press(m, "P", "s", wait, "y")...)
	if a := lastAct(t, b).(model.EditPolicy); !a.To.DisableScaleIn {
		t.Fatalf("%#v", a)
	}
	press(m, "P", "e", "150", "enter")
	if !strings.Contains(m.status, "above 100") {
		t.Fatalf("target 150: %q", m.status)
	}
	exec(m, press(m, "P", "j", "x", "75", "enter", wait, "y")...)
	if a := lastAct(t, b).(model.ExecutePolicy); a.Policy != "web-prod-step-out" || a.MetricValue == nil || *a.MetricValue != 75 {
		t.Fatalf("%#v", a)
	}
	exec(m, press(m, "P", "j", "j", "d", wait, "y")...)
	if a := lastAct(t, b).(model.EditPolicy); a.Policy != "web-prod-manual-bump" || !a.To.Enabled {
		t.Fatalf("%#v", a)
	}
	n := len(b.Acts)
	exec(m, press(m, "P", "j", "j", "D", wait, "enter")...)
	if len(b.Acts) != n || m.front() == nil {
		t.Fatal("a deletion was confirmed without its name typed back")
	}
	exec(m, press(m, "web-prod-manual-bump", "enter")...)
	if a := lastAct(t, b).(model.DeletePolicy); a.Policy != "web-prod-manual-bump" {
		t.Fatalf("%#v", a)
	}
}

func TestAlertsAckMuteAndRefire(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	if !strings.Contains(plain(m), "NEW") {
		t.Fatal("new alerts not highlighted")
	}
	press(m, "tab")
	first, _ := m.overview.SelectedAlert(m.env())
	exec(m, press(m, "a")...)
	ack := lastAct(t, b).(model.Acknowledge)
	if ack.Target() != first.Key() {
		t.Fatalf("ack target %q, want %q", ack.Target(), first.Key())
	}
	if !m.data.Acked(first) || !strings.Contains(plain(m), "ack ") {
		t.Fatal("acknowledged alert not shown as acknowledged")
	}
	// mute the selected alarm
	press(m, "g")
	sel, _ := m.overview.SelectedAlert(m.env())
	if sel.Alarm == "" {
		t.Fatalf("selected %+v", sel)
	}
	exec(m, press(m, "m", "2", wait, "y")...)
	if mu := lastAct(t, b).(model.MuteAlarm); mu.Alarm != sel.Alarm || mu.For != time.Hour {
		t.Fatalf("%#v", mu)
	}
	exec(m, press(m, "A")...)
	if m.data.UnackedCount() != 0 {
		t.Fatalf("A left %d unacknowledged", m.data.UnackedCount())
	}
	// the alarm clears and fires again: a new firing, not acknowledged
	s := fixture.Snapshot(fixture.Now, 0)
	s.Generation = 2
	s.Alarms[0].StateUpdated = fixture.Now.Add(time.Minute)
	m.Update(SnapshotMsg{Snapshot: s})
	if m.data.UnackedCount() != 1 {
		t.Fatalf("refired alarm: %d unacknowledged", m.data.UnackedCount())
	}
}

func TestAcksAndUnknownOutcomesFromJournal(t *testing.T) {
	b := &fixture.Backend{}
	s := fixture.Snapshot(fixture.Now, 0)
	var tr model.AlertTracker
	alerts := tr.Observe(&s, fixture.Now, model.DefaultAlertThresholds())
	ackd := alerts[0]
	ackd.Region = s.Region
	b.Journal_ = []model.JournalAction{
		{Intent: model.JournalEntry{ID: "1", Kind: model.KindAcknowledge, Target: ackd.Key(), Region: "us-east-1", Time: fixture.Now.Add(-time.Hour)},
			Outcome: &model.JournalEntry{ID: "1", Phase: model.PhaseOutcome, Result: model.ResultOK}},
		{Intent: model.JournalEntry{ID: "2", Kind: model.KindSetDesired, Target: "web-prod", Region: "us-east-1", Before: "desired 10", After: "desired 12", Time: fixture.Now.Add(-20 * time.Minute)}},
	}
	m := New(b, Options{Clock: func() time.Time { return fixture.Now }, Location: time.UTC})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 45})
	exec(m, m.readJournal())
	m.Update(SnapshotMsg{Snapshot: s})
	if !m.data.Acked(ackd) {
		t.Fatal("acknowledgement not read back from the journal")
	}
	if !strings.Contains(m.status, "VERIFY IN AWS") || !strings.Contains(plain(m), "VERIFY IN AWS") {
		t.Fatalf("unknown outcome not flagged: %q", m.status)
	}
}

func TestQuitAsksWhenActionInFlight(t *testing.T) {
	m, _ := newTest(t, 160, 45, Options{})
	if cmd := press(m, "q")[0]; cmd == nil {
		t.Fatal("q with nothing in flight did not quit")
	}
	selectGroup(t, m, "web-prod")
	press(m, "+", wait, "y") // not executed: still in flight
	press(m, "q")
	if _, ok := m.front().(*dialog.Choice); !ok || !strings.Contains(plain(m), "in flight") {
		t.Fatal("q did not ask")
	}
	press(m, "n")
	if m.front() != nil {
		t.Fatal("n did not stay")
	}
	press(m, "q", "y")
}

func TestBell(t *testing.T) {
	b := &fixture.Backend{}
	m := New(b, Options{Bell: true, Clock: func() time.Time { return fixture.Now }})
	_, cmd := m.Update(SnapshotMsg{Snapshot: fixture.Snapshot(fixture.Now, 0)})
	if cmd == nil {
		t.Fatal("no command for the bell")
	}
}

func TestKeyOverrides(t *testing.T) {
	for _, ok := range []map[string][]string{
		{"scale-out": {"ctrl+up", "+"}},
		{"policy-delete": {"+"}}, // the policies screen does not read the group's keys
	} {
		if err := ValidateKeys(ok); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []map[string][]string{
		{"nope": {"x"}},
		{"scale-out": {}},
		{"scale-out": {"5"}},
		{"scale-out": {"j"}}, // j is "down"
		{"sort": {"r"}},      // r is refresh, in every screen: the overview would read both
		{"mark-unhealthy": {"+"}},
	} {
		if err := ValidateKeys(bad); err == nil {
			t.Fatalf("%v accepted", bad)
		}
	}
	m, b := newTest(t, 160, 45, Options{Keys: map[string][]string{"scale-out": {"u"}}})
	selectGroup(t, m, "web-prod")
	press(m, "+")
	if m.front() != nil {
		t.Fatal("+ still bound after override")
	}
	exec(m, press(m, "u", wait, "y")...)
	if len(b.Acts) != 1 {
		t.Fatal("override key did not scale")
	}
	if !strings.Contains(HelpText(), "scale-out") {
		t.Fatal("HelpText")
	}
}

func TestKeysBeforeFirstSnapshot(t *testing.T) {
	b := &fixture.Backend{}
	m := New(b, Options{Clock: func() time.Time { return fixture.Now }})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if !strings.Contains(plain(m), "waiting for the first snapshot") {
		t.Fatal("no waiting line")
	}
	for _, k := range fuzzKeys {
		press(m, k)
		checkFrame(t, view(m), 120, 40)
	}
	if b.CallCount() != 0 {
		t.Fatal("backend called synchronously")
	}
}

func TestTimelineMergesSources(t *testing.T) {
	b := &fixture.Backend{}
	b.Journal_ = []model.JournalAction{{
		Intent:  model.JournalEntry{ID: "9", Kind: model.KindSetDesired, Target: "api-public", Before: "desired 6", After: "desired 9", Time: fixture.Now.Add(-3 * time.Minute)},
		Outcome: &model.JournalEntry{ID: "9", Phase: model.PhaseOutcome, Result: model.ResultOK}}}
	m := New(b, Options{Clock: func() time.Time { return fixture.Now }, Location: time.UTC})
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	exec(m, m.readJournal())
	m.Update(SnapshotMsg{Snapshot: fixture.Snapshot(fixture.Now, 0)})
	selectGroup(t, m, "api-public")
	kinds := map[string]bool{}
	var last time.Time
	for i, e := range m.overview.Events(m.env()) {
		kinds[e.Kind] = true
		if i > 0 && e.T.After(last) {
			t.Fatal("timeline not newest first")
		}
		last = e.T
		if e.Group != "api-public" {
			t.Fatalf("event of %s in api-public's timeline", e.Group)
		}
	}
	for _, k := range []string{"scaling", "alarm", "alert", "hoist"} {
		if !kinds[k] {
			t.Fatalf("no %s event: %v", k, kinds)
		}
	}
	press(m, "v")
	if !strings.Contains(plain(m), "Timeline │ all") {
		t.Fatal("v did not widen the timeline")
	}
}

// TestSwitchRereadsTheJournal: after :region or :profile the journal is
// read again (the backend scopes it to the new account and region), so the
// old account's acknowledgements, unknown outcomes and this session's
// events there no longer show.
func TestSwitchRereadsTheJournal(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	s := fixture.Snapshot(fixture.Now, 0)
	var tr model.AlertTracker
	ackd := tr.Observe(&s, fixture.Now, model.DefaultAlertThresholds())[0]
	ackd.Region = s.Region
	b.Journal_ = []model.JournalAction{
		{Intent: model.JournalEntry{ID: "1", Kind: model.KindAcknowledge, Target: ackd.Key(), Region: "us-east-1", Time: fixture.Now.Add(-time.Hour)},
			Outcome: &model.JournalEntry{ID: "1", Phase: model.PhaseOutcome, Result: model.ResultOK}},
		{Intent: model.JournalEntry{ID: "2", Kind: model.KindSetDesired, Target: "web-prod", Region: "us-east-1", Before: "desired 10", After: "desired 12", Time: fixture.Now.Add(-20 * time.Minute)}},
	}
	exec(m, m.readJournal())
	selectGroup(t, m, "web-prod")
	exec(m, press(m, "+", wait, "y")...)
	if !m.data.Acked(ackd) || len(m.verify) != 1 || len(m.data.Local) == 0 {
		t.Fatalf("before the switch: acks %v, %d to verify, %d local events", m.data.Acks, len(m.verify), len(m.data.Local))
	}
	b.Journal_ = nil // the new account's journal is empty
	exec(m, press(m, ":", "region us-west-2", "enter")...)
	if m.data.Acked(ackd) || len(m.verify) != 0 || len(m.data.Journal) != 0 || len(m.data.Local) != 0 {
		t.Fatalf("after the switch: acks %v, %d to verify, %d journal, %d local events", m.data.Acks, len(m.verify), len(m.data.Journal), len(m.data.Local))
	}
}

// TestReadOnlyFollowsTheAdapter: :readonly turns the adapter read-only too,
// and a read-only session (a profile the config marks so) disables the
// mutating keys until a writable one follows.
func TestReadOnlyFollowsTheAdapter(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{})
	s := fixture.Snapshot(fixture.Now, 0)
	s.Generation, s.ReadOnly, s.Profile = 2, true, "prod"
	m.Update(SnapshotMsg{Snapshot: s})
	selectGroup(t, m, "web-prod")
	press(m, "+")
	if m.front() != nil || !strings.Contains(m.status, "profile prod is read-only") {
		t.Fatalf("read-only session: dialog %v, status %q", m.front(), m.status)
	}
	s.Generation, s.ReadOnly = 3, false
	m.Update(SnapshotMsg{Snapshot: s})
	press(m, "+")
	if _, ok := m.front().(*dialog.Confirm); !ok {
		t.Fatalf("writable again, but + opened %T (status %q)", m.front(), m.status)
	}
	press(m, "esc")
	exec(m, press(m, ":", "readonly", "enter")...)
	if !b.ReadOnly {
		t.Fatal(":readonly left the adapter writable")
	}
	s.Generation = 4 // a snapshot taken before the adapter turned
	m.Update(SnapshotMsg{Snapshot: s})
	if !m.readOnly {
		t.Fatal("a writable session's snapshot undid :readonly")
	}
}

// TestDialogTitlesAreSanitised: a dialog's title carries a policy name from
// AWS; an OSC 52 clipboard write in it must not reach the terminal.
func TestDialogTitlesAreSanitised(t *testing.T) {
	m, _ := newTest(t, 160, 45, Options{})
	s := fixture.Snapshot(fixture.Now, 0)
	s.Generation = 2
	for i := range s.Groups {
		if s.Groups[i].Name == "web-prod" {
			s.Groups[i].Policies[0].Name = "evil\x1b]52;c;QUFBQQ==\x07\u009b31m"
		}
	}
	m.Update(SnapshotMsg{Snapshot: s})
	selectGroup(t, m, "web-prod")
	press(m, "P", "e")
	if _, ok := m.front().(*dialog.Input); !ok {
		t.Fatalf("P e opened %T", m.front())
	}
	out := view(m)
	if strings.Contains(out, "]52;") || strings.Contains(out, "\u009b") || !strings.Contains(ansi.Strip(out), "Target value of evil") {
		t.Errorf("the title was not sanitised:\n%q", out)
	}
}

// TestSwitchForgetsTheOldAccountsCost: after a switch, "1h ago" compares
// the new account with itself, not with the old one.
func TestSwitchForgetsTheOldAccountsCost(t *testing.T) {
	m, _ := newTest(t, 160, 45, Options{})
	if len(m.data.CostHist) == 0 {
		t.Fatal("no cost history from the first snapshot")
	}
	s := fixture.Snapshot(fixture.Now, 0)
	s.Session, s.Generation = 2, 1
	m.Update(SnapshotMsg{Snapshot: s})
	if len(m.data.CostHist) != 1 {
		t.Errorf("after a switch the cost history holds %d points, want the new session's one", len(m.data.CostHist))
	}
}
