package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/internal/fixture"
	"github.com/solemate/hoist/ui/screen/overview"
)

// newTwoRegions is a console watching us-east-1 (the fixture) and
// us-west-2 (its standby, where web-prod, api-internal, worker-orders and
// cache-warmers exist under the same names), us-west-2's snapshot first.
func newTwoRegions(t testing.TB, w, h int) (*Model, *fixture.Backend) {
	t.Helper()
	b := &fixture.Backend{}
	m := New(b, Options{Clock: func() time.Time { return fixture.Now }, Location: time.UTC,
		Regions: []string{"us-east-1", "us-west-2"}})
	noTicks(m)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m.Update(SnapshotMsg{Snapshot: fixture.Standby(fixture.Now)})
	m.Update(SnapshotMsg{Snapshot: fixture.Snapshot(fixture.Now, 0)})
	return m, b
}

// selectIn selects the group called name in region (its row, not the
// heading of its tier).
func selectIn(t testing.TB, m *Model, region, name string) {
	t.Helper()
	on := func() bool {
		g, ok := m.overview.SelectedGroup(m.env())
		return ok && g == name && m.overview.Region() == region
	}
	press(m, "g")
	for i := 0; i < 80 && !on(); i++ {
		m.Update(key("down"))
	}
	if !on() {
		t.Fatalf("cannot select %s in %s (at %s in %s)", name, region, m.overview.Selected(), m.overview.Region())
	}
}

func TestGoldenTwoRegions(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{120, 40}, {200, 60}} {
		name := fmt.Sprintf("regions_%dx%d", sz.w, sz.h)
		t.Run(name, func(t *testing.T) {
			m, _ := newTwoRegions(t, sz.w, sz.h)
			selectIn(t, m, "us-west-2", "web-prod")
			out := view(m)
			checkFrame(t, out, sz.w, sz.h)
			golden(t, name, out)
		})
	}
}

// TestRegionHeadingPinned: at 80x24 the list scrolls past a region's
// heading; the pane's first row is then that region's heading, so every
// row on screen is known to be of it, and the cursor's row is never the
// one the heading covers. Walked down the whole list and back.
func TestRegionHeadingPinned(t *testing.T) {
	m, _ := newTwoRegions(t, 80, 24)
	press(m, "g")
	seen := map[string]bool{}
	walk := func(k string) {
		for i := 0; i < 40; i++ {
			out := plain(m)
			region, sel := m.overview.Region(), m.overview.Selected()
			seen[region] = true
			lines := strings.Split(out, "\n")
			cur := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "▶ ") })
			if cur < 0 {
				t.Fatalf("%s in %s selected, no cursor on screen:\n%s", sel, region, out)
			}
			heading := ""
			for i := cur; i >= 0 && heading == ""; i-- {
				if strings.Contains(lines[i], "▼ us-") {
					heading = lines[i]
				}
			}
			if !strings.Contains(heading, "▼ "+region+" ") {
				t.Fatalf("%s in %s selected, the region heading above it is %q:\n%s", sel, region, heading, out)
			}
			m.Update(key(k))
		}
	}
	walk("down")
	walk("up")
	if !seen["us-west-2"] || !seen["us-east-1"] {
		t.Fatalf("the walk saw regions %v", seen)
	}
}

// TestTwoRegionsListByRegion: the groups are listed by region, then tier,
// us-east-1 first as watched although us-west-2 answered first; the header
// names both regions, each one's data age, and the cost of both.
func TestTwoRegionsListByRegion(t *testing.T) {
	m, _ := newTwoRegions(t, 200, 60)
	out := plain(m)
	east, west := strings.Index(out, "▼ us-east-1"), strings.Index(out, "▼ us-west-2")
	if east < 0 || west < east {
		t.Fatalf("region headings missing or out of order:\n%s", out)
	}
	if m.overview.Region() != "us-east-1" || m.overview.Selected() != "api-grpc" {
		t.Fatalf("first selection %s in %s, want the top of the list", m.overview.Selected(), m.overview.Region())
	}
	head := strings.Split(out, "\n")[0]
	east1, west2 := fixture.Snapshot(fixture.Now, 0), fixture.Standby(fixture.Now)
	total := east1.Costs().Total.Total() + west2.Costs().Total.Total()
	for _, want := range []string{"us-east-1 + us-west-2", "us-east-1 live <15s", "us-west-2 live <15s", fmt.Sprintf("$%.2f/h", total)} {
		if !strings.Contains(head, want) {
			t.Errorf("header %q lacks %q", head, want)
		}
	}
	if !strings.Contains(out, "Groups 16 in 2 regions") {
		t.Errorf("groups title:\n%s", out)
	}
}

// TestTwoRegionsActionsGoToTheirRegion: web-prod exists in both regions;
// scaling it in us-west-2 proposes from us-west-2's capacity, says
// us-west-2 in the confirm, is sent to us-west-2, and marks only that
// row in flight. The same keys on us-east-1's web-prod go to us-east-1.
func TestTwoRegionsActionsGoToTheirRegion(t *testing.T) {
	m, b := newTwoRegions(t, 200, 60)
	selectIn(t, m, "us-west-2", "web-prod")
	b.ActErr = nil
	press(m, "+")
	c, ok := m.front().(*dialog.Confirm)
	if !ok {
		t.Fatalf("+ opened %T (status %q)", m.front(), m.status)
	}
	if sd := c.Action().(model.SetDesired); sd.From.Desired != 2 || sd.Desired != 3 || c.Region != "us-west-2" {
		t.Fatalf("confirm of %+v in %q; want us-west-2's web-prod 2 -> 3", sd, c.Region)
	}
	if !strings.Contains(plain(m), "where  123456789012 us-west-2") {
		t.Fatalf("the confirm does not say us-west-2:\n%s", plain(m))
	}
	cmds := press(m, wait, "y")
	if n := strings.Count(plain(m), "ACTING"); n != 1 {
		t.Fatalf("%d rows marked ACTING, want us-west-2's web-prod only:\n%s", n, plain(m))
	}
	exec(m, cmds...)
	if a := b.Acts[len(b.Acts)-1]; a.Region != "us-west-2" {
		t.Fatalf("sent to %q", a.Region)
	}
	if !strings.Contains(m.status, "done: us-west-2 web-prod") {
		t.Fatalf("status %q does not name the region", m.status)
	}
	selectIn(t, m, "us-east-1", "web-prod")
	exec(m, press(m, "+", wait, "y")...)
	a := b.Acts[len(b.Acts)-1]
	if sd := a.Action.(model.SetDesired); a.Region != "us-east-1" || sd.From.Desired != 12 {
		t.Fatalf("us-east-1's web-prod: %+v to %q", sd, a.Region)
	}
	// enter opens the group's screen in its region; its keys act there
	press(m, "enter")
	if !strings.Contains(plain(m), "Group web-prod in us-east-1") {
		t.Fatalf("group screen:\n%s", plain(m))
	}
	press(m, "esc")
	selectIn(t, m, "us-west-2", "web-prod")
	press(m, "enter")
	exec(m, press(m, "-", wait, "y")...)
	if a := b.Acts[len(b.Acts)-1]; a.Region != "us-west-2" || a.Action.(model.SetDesired).Desired != 1 {
		t.Fatalf("from us-west-2's group screen: %+v", a)
	}
}

// TestTwoRegionsShowPerRegion: each region's poller is told its own rows
// and, only where it is, the selected group.
func TestTwoRegionsShowPerRegion(t *testing.T) {
	m, b := newTwoRegions(t, 200, 60)
	selectIn(t, m, "us-west-2", "web-prod")
	m.visible = map[string]model.Visible{} // as if nothing had been told
	exec(m, m.showCmd())
	last := map[string]model.Visible{}
	for i, v := range b.Shows {
		last[b.Shown[i]] = v
	}
	if last["us-west-2"].Selected != "web-prod" || last["us-east-1"].Selected != "" {
		t.Fatalf("selected per region: %+v", last)
	}
	for _, g := range last["us-west-2"].Groups {
		if g == "bastion" {
			t.Fatalf("us-west-2 was told of us-east-1's rows: %v", last["us-west-2"].Groups)
		}
	}
}

// TestTwoRegionsAlertsCarryTheirRegion: alerts of both regions are listed
// with their region; acknowledging one is journaled in its region.
func TestTwoRegionsAlertsCarryTheirRegion(t *testing.T) {
	m, b := newTwoRegions(t, 200, 60)
	press(m, "tab")
	for i := 0; i < 20; i++ {
		a, _ := m.overview.SelectedAlert(m.env())
		if a.Region == "us-west-2" {
			break
		}
		press(m, "down")
	}
	a, _ := m.overview.SelectedAlert(m.env())
	if a.Region != "us-west-2" || !strings.Contains(plain(m), "us-west-2 alarm web-prod-standby-requests-high") {
		t.Fatalf("selected alert %+v:\n%s", a, plain(m))
	}
	exec(m, press(m, "a")...)
	if got := b.Acts[len(b.Acts)-1]; got.Region != "us-west-2" || !m.data.Acked(a) {
		t.Fatalf("ack sent to %q, acknowledged %v", got.Region, m.data.Acked(a))
	}
	east := a
	east.Region = "us-east-1"
	if m.data.Acked(east) {
		t.Fatal("the acknowledgement covers the other region too")
	}
}

// TestRegionCommand: :region +X adds, -X removes, X switches; a typo is
// named on the status line and nothing is asked of the backend.
func TestRegionCommand(t *testing.T) {
	m, b := newTest(t, 160, 45, Options{Regions: []string{"us-east-1"}})
	press(m, ":", "region +us-eest-1", "enter")
	if !strings.Contains(m.status, `unknown region "us-eest-1" (did you mean us-east-1?)`) || len(b.Switches) != 0 {
		t.Fatalf("typo: status %q, switches %v", m.status, b.Switches)
	}
	exec(m, press(m, ":", "region +us-west-2", "enter")...)
	if b.Switches[0] != "prod/us-east-1,us-west-2" || !strings.Contains(m.status, "added us-west-2") {
		t.Fatalf("switches %v, status %q", b.Switches, m.status)
	}
	m.Update(SnapshotMsg{Snapshot: fixture.Standby(fixture.Now)})
	if !strings.Contains(plain(m), "▼ us-west-2") {
		t.Fatal("us-west-2 not listed after :region +us-west-2")
	}
	exec(m, press(m, ":", "region +us-east-7", "enter")...)
	if !strings.Contains(m.status, "newer region") {
		t.Fatalf("a region newer than the list: %q", m.status)
	}
	exec(m, press(m, ":", "region -us-west-2", "enter")...)
	if got := b.Switches[len(b.Switches)-1]; got != "prod/us-east-1" && got != "prod/us-east-1,us-east-7" {
		t.Fatalf("switches %v", b.Switches)
	}
	if strings.Contains(plain(m), "▼ us-west-2") || len(m.data.Regions) != 1 {
		t.Fatal("us-west-2 still listed after :region -us-west-2")
	}
	press(m, ":", "region -us-east-1", "enter")
	if len(m.regions) == 1 && !strings.Contains(m.status, "only region") {
		t.Fatalf("removing the last region: %q", m.status)
	}
}

// TestSwitchKeepsAnEarlySnapshot: the new region's first snapshot may come
// before the switch's answer; it is shown, not dropped.
func TestSwitchKeepsAnEarlySnapshot(t *testing.T) {
	m, _ := newTest(t, 160, 45, Options{Regions: []string{"us-east-1"}})
	cmds := press(m, ":", "region +us-west-2", "enter")
	m.Update(SnapshotMsg{Snapshot: fixture.Standby(fixture.Now)})
	exec(m, cmds...)
	if len(m.data.Regions) != 2 {
		t.Fatalf("regions shown after the switch: %d", len(m.data.Regions))
	}
}

// TestJournalOfEveryRegion: the timeline shows the actions of every region
// watched, each with its region.
func TestJournalOfEveryRegion(t *testing.T) {
	m, b := newTwoRegions(t, 200, 60)
	b.Journal_ = []model.JournalAction{
		{Intent: model.JournalEntry{ID: "1", Kind: model.KindSetDesired, Target: "web-prod", Region: "us-west-2", Before: "desired 1", After: "desired 2", Time: fixture.Now.Add(-11 * time.Minute)},
			Outcome: &model.JournalEntry{ID: "1", Phase: model.PhaseOutcome, Result: model.ResultOK}},
		{Intent: model.JournalEntry{ID: "2", Kind: model.KindSetDesired, Target: "api-internal", Region: "us-east-1", Before: "desired 3", After: "desired 4", Time: fixture.Now.Add(-9 * time.Minute)},
			Outcome: &model.JournalEntry{ID: "2", Phase: model.PhaseOutcome, Result: model.ResultOK}},
	}
	exec(m, m.readJournal())
	press(m, "v")
	out := ansi.Strip(strings.Join(m.overview.PaneBox(m.env(), overview.PaneTimeline, 120, 20), "\n"))
	for _, want := range []string{"us-west-2 web-prod set-desired web-prod", "us-east-1 api-internal set-desired api-internal"} {
		if !strings.Contains(out, want) {
			t.Errorf("timeline lacks %q:\n%s", want, out)
		}
	}
}

// TestTwoRegionsScreensOfAGroupActInItsRegion: the screens about a group
// (its policies, its instance refresh) read its detail in its region, say
// the region in their titles, and what they send (a deletion confirmed by
// its name typed back, a resize) goes there.
func TestTwoRegionsScreensOfAGroupActInItsRegion(t *testing.T) {
	m, b := newTwoRegions(t, 200, 60)
	selectIn(t, m, "us-west-2", "web-prod")
	exec(m, press(m, "P")...)
	if n := len(b.DetailRegions); n == 0 || b.DetailRegions[n-1] != "us-west-2" || b.Details[n-1] != "web-prod" {
		t.Fatalf("detail read of %v in %v", b.Details, b.DetailRegions)
	}
	if !strings.Contains(plain(m), "Policies of web-prod in us-west-2") {
		t.Fatalf("the policies screen does not say us-west-2:\n%s", plain(m))
	}
	exec(m, press(m, "D")...)
	d, ok := m.front().(*dialog.TypeName)
	if !ok || d.Region != "us-west-2" || !strings.Contains(plain(m), "where  123456789012 us-west-2") {
		t.Fatalf("the deletion's confirm (%T) is not of us-west-2:\n%s", m.front(), plain(m))
	}
	name := d.Action().Target()
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	exec(m, press(m, name, wait, "enter")...)
	if a := b.Acts[len(b.Acts)-1]; a.Region != "us-west-2" {
		t.Fatalf("the deletion %+v went to %q (status %q)", a.Action, a.Region, m.status)
	}
	press(m, "esc")
	selectIn(t, m, "us-west-2", "api-internal")
	exec(m, press(m, "R")...)
	if !strings.Contains(plain(m), "Instance refresh and resize of api-internal in us-west-2") {
		t.Fatalf("the refresh screen does not say us-west-2:\n%s", plain(m))
	}
	exec(m, press(m, "Z")...)
	setForm(t, m, "instance type=c6i.2xlarge")
	submitForm(t, m)
	if !strings.Contains(plain(m), "where  123456789012 us-west-2") {
		t.Fatalf("the resize confirm does not say us-west-2:\n%s", plain(m))
	}
	exec(m, press(m, wait, "y")...)
	if n := len(b.ResizeRegions); n != 1 || b.ResizeRegions[0] != "us-west-2" {
		t.Fatalf("resized in %v (%v)", b.ResizeRegions, b.Resizes)
	}
	if !strings.Contains(m.status, "done: resize of us-west-2 api-internal") {
		t.Fatalf("status %q", m.status)
	}
}

// TestTwoRegionsReportsOfTheirRegion: :report and the insights read the
// region the console is looking at, say it in their titles, and the
// insights' changes go there.
func TestTwoRegionsReportsOfTheirRegion(t *testing.T) {
	m, b := newTwoRegions(t, 200, 60)
	selectIn(t, m, "us-west-2", "web-prod")
	exec(m, press(m, ":", "report", "enter")...)
	if n := len(b.ReportRegions); n != 1 || b.ReportRegions[0] != "us-west-2" {
		t.Fatalf("reports read in %v", b.ReportRegions)
	}
	if !strings.Contains(plain(m), "Fleet report 24h in us-west-2") {
		t.Fatalf("the report does not say us-west-2:\n%s", plain(m))
	}
	press(m, "esc")
	selectIn(t, m, "us-east-1", "web-prod")
	exec(m, press(m, "I")...)
	if n := len(b.ReportRegions); b.ReportRegions[n-1] != "us-east-1" || !strings.Contains(plain(m), "Insights 14d in us-east-1") {
		t.Fatalf("insights read in %v:\n%s", b.ReportRegions, plain(m))
	}
	press(m, "a")
	if d, ok := m.front().(*dialog.ConfirmList); !ok || d.Region != "us-east-1" {
		t.Fatalf("no list confirm of us-east-1 (%T); status %q", m.front(), m.status)
	}
	exec(m, press(m, wait, "y")...)
	if a := b.Acts[len(b.Acts)-1]; a.Region != "us-east-1" || !strings.Contains(m.status, "done: 1 change: us-east-1 web-prod") {
		t.Fatalf("sent %+v to %q; status %q", a.Action, a.Region, m.status)
	}
}
