package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	md "github.com/solemate/hoist/report"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/internal/fixture"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
	"github.com/solemate/hoist/ui/screen/insights"
	"github.com/solemate/hoist/ui/screen/report"
)

// The reports the tests read, built before any test runs (see
// fixture.WarmReports).
func init() {
	day := 24 * time.Hour
	fixture.WarmReports([]time.Duration{6 * time.Hour, day, 3 * day, 7 * day, 14 * day}, []time.Duration{90 * time.Minute, 2 * time.Hour, 6 * time.Hour})
}

// openReport types :report with args and runs what it asks for (the read).
func openReport(t testing.TB, m *Model, args string) {
	t.Helper()
	exec(m, press(m, ":", "report "+args, "enter")...)
	if !m.onScreen(report.Name) {
		t.Fatalf(":report %s opened %s; status %q", args, m.top().Name(), m.status)
	}
}

// openInsights presses I and runs the read.
func openInsights(t testing.TB, m *Model) {
	t.Helper()
	exec(m, press(m, "I")...)
	if !m.onScreen(insights.Name) {
		t.Fatalf("I opened %s; status %q", m.top().Name(), m.status)
	}
}

func TestGoldenReport(t *testing.T) {
	for _, sz := range sizes {
		for _, c := range []struct{ name, args string }{{"report", ""}, {"report_incident", "incident"}} {
			name := fmt.Sprintf("%s_%dx%d", c.name, sz.w, sz.h)
			t.Run(name, func(t *testing.T) {
				m, _ := newTest(t, sz.w, sz.h, Options{})
				openReport(t, m, c.args)
				out := view(m)
				checkFrame(t, out, sz.w, sz.h)
				golden(t, name, out)
			})
		}
	}
}

func TestGoldenInsights(t *testing.T) {
	for _, sz := range sizes {
		name := fmt.Sprintf("insights_%dx%d", sz.w, sz.h)
		t.Run(name, func(t *testing.T) {
			m, _ := newTest(t, sz.w, sz.h, Options{})
			openInsights(t, m)
			out := view(m)
			checkFrame(t, out, sz.w, sz.h)
			golden(t, name, out)
		})
	}
}

func TestGoldenReportOther(t *testing.T) {
	for _, c := range []struct {
		name string
		opts Options
		keys []string
	}{
		{"report_sections_120x40", Options{}, []string{":", "report", "enter", "tab", "tab"}},
		{"report_incident_timeline_80x24", Options{}, []string{":", "report incident", "enter", "tab"}},
		{"report_ascii_nocolor_120x40", Options{ASCII: true, NoColor: true}, []string{":", "report incident", "enter", "tab", "tab"}},
		{"insights_confirm_120x40", Options{}, []string{"I", "a"}},
		{"insights_plan_form_120x40", Options{}, []string{"I", "c", "tab", "ctrl+u", "3", "tab", "2h", "tab", "18:00"}},
		{"insights_plan_80x24", Options{}, []string{"I", "c", "tab", "ctrl+u", "3", "tab", "2h", "tab", "18:00", "enter"}},
		{"insights_readonly_120x40", Options{ReadOnly: true}, []string{"I", "a"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var w, h int
			fmt.Sscanf(c.name[strings.LastIndex(c.name, "_")+1:], "%dx%d", &w, &h)
			m, _ := newTest(t, w, h, c.opts)
			for _, k := range c.keys {
				exec(m, press(m, k)...)
			}
			out := view(m)
			checkFrame(t, out, w, h)
			golden(t, c.name, out)
		})
	}
}

// Every size, every section: the frame is exactly the terminal's.
func TestReportScreensFit(t *testing.T) {
	m, _ := newTest(t, 80, 24, Options{})
	openReport(t, m, "incident")
	exec(m, press(m, "I")...)
	for _, screen := range []string{report.Name, insights.Name} {
		for w := 20; w <= 220; w += 9 {
			for h := 6; h <= 70; h += 7 {
				m.Update(tea.WindowSizeMsg{Width: w, Height: h})
				for range 4 {
					press(m, "tab")
					checkFrame(t, view(m), w, h)
				}
			}
		}
		if screen == insights.Name {
			break
		}
		exec(m, press(m, "esc", "I")...)
	}
}

// :report reads in a command: until it comes back the screen and the
// status line say it is reading, and nothing was read by Update.
func TestReportReadsInACommand(t *testing.T) {
	m, b := newTest(t, 120, 40, Options{})
	cmds := press(m, ":", "report incident 6h", "enter")
	if len(b.Reports) != 0 {
		t.Fatal("Update read the report")
	}
	if out := plain(m); !strings.Contains(out, "reading the incident record of the last 6h") || !strings.Contains(m.status, "reading") {
		t.Fatalf("no reading state; status %q:\n%s", m.status, out)
	}
	exec(m, cmds...)
	if !reflect.DeepEqual(b.Reports, []string{"incident 6h0m0s"}) {
		t.Fatalf("read %v", b.Reports)
	}
	out := plain(m)
	for _, want := range []string{"Incident record 6h", "SUMMARY", "groups involved", "api-public, web-prod, worker-orders", "outcome unknown  1 of hoist's actions"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q:\n%s", want, out)
		}
	}
	if strings.Contains(m.status, "reading") {
		t.Errorf("status still %q", m.status)
	}
}

// The fleet report shows what hoist report prints: the scaling response
// with the ones over 2 minutes and their slowest step, availability and
// p99 while scaling, tiers, groups, charts, recommendations, cleanup.
func TestReportShowsTheSections(t *testing.T) {
	m, _ := newTest(t, 200, 60, Options{})
	openReport(t, m, "")
	s := m.top().(*report.Screen)
	var all strings.Builder
	for i := 0; i < 20; i++ {
		all.WriteString(plain(m))
		press(m, "pgdown")
	}
	doc := all.String()
	for _, want := range []string{
		"SCALING RESPONSE", "worker-orders           1   2m50s  2m50s        1",
		"! api-public: scale-out 6 → 9: breach 02:29:00, launched +30s, in service +2m20s, healthy +2m50s (over 2m: boot took 1m50s)",
		"AVAILABILITY AND PERFORMANCE DURING SCALING", "UTILISATION AND COST BY TIER", "GROUPS: UTILISATION, COST AND DISTRIBUTION",
		"CHARTS", "RECOMMENDATIONS", "1. Lower the minimum of web-prod from 4 to 2", "CLEANUP", "old-promo-tg",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("no %q in the report", want)
		}
	}
	if s.Query().Since != 24*time.Hour || s.Query().Incident {
		t.Errorf("query %+v", s.Query())
	}
}

func TestReportArguments(t *testing.T) {
	m, b := newTest(t, 120, 40, Options{})
	for _, c := range []struct {
		args, read, status string
	}{
		{"", "fleet 24h0m0s", ""},
		{"incident", "incident 2h0m0s", ""},
		{"7d", "fleet 168h0m0s", ""},
		{"incident 90m", "incident 1h30m0s", ""},
		{"soon", "", "takes incident and a window"},
		{"0d", "", "between 1 and 455"},
	} {
		b.Reports = nil
		m.status = ""
		exec(m, press(m, "esc", ":", strings.TrimSpace("report "+c.args), "enter")...)
		switch {
		case c.read != "" && (len(b.Reports) != 1 || b.Reports[0] != c.read):
			t.Errorf(":report %s read %v, want %s", c.args, b.Reports, c.read)
		case c.status != "" && (!strings.Contains(m.status, c.status) || len(b.Reports) != 0 || m.statusKind != 3):
			t.Errorf(":report %s: status %q, read %v", c.args, m.status, b.Reports)
		}
	}
}

// i switches kind and [ ] the window, each reading again; r reads again;
// a report that fails says so on the status line and on the screen.
func TestReportKeys(t *testing.T) {
	m, b := newTest(t, 120, 40, Options{})
	openReport(t, m, "")
	for _, k := range []string{"]", "[", "[", "i", "]", "r"} {
		exec(m, press(m, k)...)
	}
	want := []string{"fleet 24h0m0s", "fleet 72h0m0s", "fleet 24h0m0s", "fleet 6h0m0s", "incident 2h0m0s", "incident 6h0m0s", "incident 6h0m0s"}
	if !reflect.DeepEqual(b.Reports, want) {
		t.Fatalf("read %v, want %v", b.Reports, want)
	}
	b.ReportErr = errors.New("ThrottlingException: Rate exceeded")
	exec(m, press(m, "i")...)
	if m.statusKind != 3 || !strings.Contains(m.status, "could not read the report: ThrottlingException: Rate exceeded") {
		t.Fatalf("status %q", m.status)
	}
	if out := plain(m); !strings.Contains(out, "could not read the fleet report of the last 24h: ThrottlingException") || !strings.Contains(out, "r reads it again") {
		t.Fatalf("the screen does not say the read failed:\n%s", out)
	}
	exec(m, press(m, "w")...)
	if !strings.Contains(m.status, "nothing to write yet") {
		t.Fatalf("w with no report: status %q", m.status)
	}
	b.ReportErr = nil
	exec(m, press(m, "r")...)
	if !strings.Contains(plain(m), "Fleet report 24h to 03:14") {
		t.Fatalf("r did not read it again:\n%s", plain(m))
	}
}

// w writes the Markdown hoist report prints to a new file under the
// report directory, in a command, and says where; twice keeps both.
func TestReportWritesTheMarkdown(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reports")
	m, _ := newTest(t, 120, 40, Options{ReportDir: dir})
	openReport(t, m, "incident")
	cmds := press(m, "w")
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Update wrote to %s: %v", dir, err)
	}
	exec(m, cmds...)
	path := filepath.Join(dir, "incident-2h-20261127-0314.md")
	if m.statusKind != 1 || !strings.Contains(m.status, "wrote "+path) {
		t.Fatalf("status %q", m.status)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := md.Incident(fixture.Incident(fixture.Now, 2*time.Hour), md.Options{Location: time.UTC, Sanitize: text.Printable})
	if string(got) != want {
		t.Fatalf("the file is not hoist report incident's Markdown:\n%s", got)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	exec(m, press(m, "w")...)
	if !strings.Contains(m.status, "incident-2h-20261127-0314-2.md") {
		t.Fatalf("the second write: %q", m.status)
	}

	m, _ = newTest(t, 120, 40, Options{})
	openReport(t, m, "")
	exec(m, press(m, "w")...)
	if m.statusKind != 3 || !strings.Contains(m.status, "no state directory") {
		t.Fatalf("no report directory: status %q", m.status)
	}
}

// Update and View never call the backend nor write a file from the
// report and insights screens: reads, writes and actions are commands.
func TestReportNoSyncBackendCalls(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reports")
	m, b := newTest(t, 160, 45, Options{ReportDir: dir})
	var cmds []tea.Cmd
	run := func(keys ...string) {
		for _, k := range keys {
			cmds = append(cmds, press(m, k)...)
			_ = m.View()
		}
	}
	run(":", "report incident", "enter", "tab", "j", "pgdown", "G", "g", "]", "[", "i", "r", "w", "esc", ":", "insights", "enter", "I")
	rep := fixture.FleetReport(fixture.Now, insights.DefaultSince) // as the read would bring it
	m.Update(screen.ReportRead{ReadReport: screen.ReadReport{Since: insights.DefaultSince}, Fleet: &rep})
	run("j", "k", "tab", "shift+tab", "a", wait, "y", "c", "tab", "ctrl+u", "3", "enter", "enter", "enter", "a", wait, "y", "w", "r", "esc")
	if n := b.CallCount(); n != 0 {
		t.Fatalf("Update/View called the backend %d times", n)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Update wrote a file: %v", err)
	}
	exec(m, cmds...)
	if b.CallCount() == 0 || len(b.Reports) == 0 {
		t.Fatalf("the commands did not reach the backend: %+v", b)
	}
}

func TestInsightsApplyARecommendation(t *testing.T) {
	m, b := newTest(t, 120, 40, Options{})
	openInsights(t, m)
	if out := plain(m); !strings.Contains(out, "$180.07/mo  minimum    web-prod") || !strings.Contains(out, "a applies it: 1 change in one confirm") {
		t.Fatalf("the list or the detail:\n%s", out)
	}
	press(m, "a")
	d, ok := m.front().(*dialog.ConfirmList)
	if !ok {
		t.Fatalf("no list confirm; status %q", m.status)
	}
	want := model.SetLimits{Group: "web-prod", From: model.Capacity{Min: 4, Desired: 12, Max: 24}, To: model.Capacity{Min: 2, Desired: 12, Max: 24}}
	if !reflect.DeepEqual(d.Actions(), []model.Action{want}) {
		t.Fatalf("the confirm lists %+v", d.Actions())
	}
	if out := plain(m); !strings.Contains(out, "change min 4 → 2") || !strings.Contains(out, "hoist recommendation min-too-high/web-prod") {
		t.Fatalf("the confirm:\n%s", out)
	}
	press(m, "y") // typed ahead: swallowed
	if m.front() == nil || len(b.Acts) != 0 {
		t.Fatal("a y inside the guard time sent the recommendation")
	}
	exec(m, press(m, wait, "y")...)
	if len(b.Acts) != 1 || !reflect.DeepEqual(b.Acts[0].Action, want) || b.Acts[0].Reason != "hoist recommendation min-too-high/web-prod" {
		t.Fatalf("sent %+v", b.Acts)
	}
	if m.statusKind != 1 || !strings.Contains(m.status, "done: 1 change: web-prod: min 4 desired 12 max 24 → min 2 desired 12 max 24") {
		t.Fatalf("status %q", m.status)
	}
}

// What the console cannot send says why, and nothing opens.
func TestInsightsSaysWhyNot(t *testing.T) {
	m, b := newTest(t, 120, 40, Options{})
	openInsights(t, m)
	for _, c := range []struct{ row, why string }{
		{"rightsize", "hoist resize makes it"},
		{"unused", "cleanup is reported only"},
	} {
		for i := 0; i < 20 && !strings.Contains(lineWith(plain(m), "▶"), c.row); i++ {
			press(m, "j")
		}
		press(m, "a")
		if m.front() != nil || !strings.Contains(m.status, c.why) {
			t.Errorf("%s: status %q, dialog %v", c.row, m.status, m.front())
		}
		m.overlay.Clear()
	}
	if len(b.Acts) != 0 {
		t.Fatalf("sent %+v", b.Acts)
	}
}

// A capacity plan for a surge that max does not allow raises max ahead
// of it with two scheduled actions, sent as one confirmed list.
func TestInsightsCapacityPlan(t *testing.T) {
	m, b := newTest(t, 120, 40, Options{})
	openInsights(t, m)
	press(m, "c", "ctrl+u", "worker-orders", "tab", "ctrl+u", "3", "tab", "2h", "tab", "18:00")
	f := formText(m)
	for _, want := range []string{"worker-orders: needs 12 at 70% cpu (4 now); max 10 does not", "+ schedule worker-orders surge-raise-max: start 2026-11-27T17:30:00Z, max 12"} {
		if !strings.Contains(f, want) {
			t.Fatalf("the preview has no %q:\n%s", want, f)
		}
	}
	press(m, "enter")
	if m.front() != nil || !strings.Contains(m.status, "capacity plan: worker-orders: 3× for 2h00m at 2026-11-27 18:00 UTC") {
		t.Fatalf("the form did not submit: %q", m.status)
	}
	press(m, "a", wait)
	exec(m, press(m, "y")...)
	if len(b.Acts) != 2 || b.Acts[0].Action.Kind() != model.KindPutScheduled || b.Acts[1].Action.Target() != "worker-orders/surge-restore-max" {
		t.Fatalf("sent %+v", b.Acts)
	}
	for _, bad := range []struct{ field, value, why string }{
		{"group or tier", "nope", `no group or tier "nope"`},
		{"load ×", "0", "a factor above 0"},
		{"for", "forever", "a duration from 1m"},
		{"at", "noon", "at is 18:00"},
	} {
		m.overlay.Clear()
		press(m, "c")
		for i := 0; i < 4 && !strings.Contains(lineWith(formText(m), "▶"), bad.field); i++ {
			press(m, "tab")
		}
		press(m, "ctrl+u", bad.value, "tab")
		if f := formText(m); !strings.Contains(f, bad.why) {
			t.Errorf("%s %q: %s", bad.field, bad.value, f)
		}
	}
}

// A list stops at the first action that fails, says what was and was not
// sent, and clears what it held in flight.
func TestInsightsListStopsAtAFailure(t *testing.T) {
	m, b := newTest(t, 120, 40, Options{})
	openInsights(t, m)
	press(m, "c", "ctrl+u", "worker-orders", "tab", "ctrl+u", "3", "tab", "2h", "tab", "18:00", "enter", "a", wait)
	b.ActErr = errors.New("ValidationError: max too high")
	exec(m, press(m, "y")...)
	if len(b.Acts) != 1 || m.statusKind != 3 || !strings.Contains(m.status, "stopped at 1 of 2") || !strings.Contains(m.status, "0 sent before it, 1 not sent") {
		t.Fatalf("sent %d; status %q", len(b.Acts), m.status)
	}
	if len(m.data.Inflight) != 0 {
		t.Fatalf("still in flight: %v", m.data.Inflight)
	}
}

// lineWith is the first line of s holding sub, "" when none does.
func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

// Under --ascii every page of both reports and the insights is ASCII.
func TestReportASCII(t *testing.T) {
	m, _ := newTest(t, 100, 30, Options{ASCII: true, NoColor: true})
	check := func(what string) {
		t.Helper()
		for range 30 {
			for i, r := range plain(m) {
				if r > 127 {
					t.Fatalf("%s: %q at %d:\n%s", what, r, i, plain(m))
				}
			}
			press(m, "pgdown", "j")
		}
	}
	openReport(t, m, "")
	check("the fleet report")
	openReport(t, m, "incident")
	check("the incident record")
	openInsights(t, m)
	exec(m, press(m, "c", "tab", "ctrl+u", "3", "tab", "2h", "enter", "enter")...)
	press(m, "g")
	check("the insights")
	press(m, "G", "a")
	check("a capacity plan's confirm")
}
