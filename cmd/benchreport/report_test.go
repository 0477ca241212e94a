package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const sample = `goos: linux
goarch: amd64
pkg: github.com/solemate/hoist/aws
BenchmarkPollCycleSim/groups=250-2   	      10	   1000000 ns/op	 5.000 calls/cycle	 3.000 min-calls/cycle	 501.0 naive-calls/cycle	 9.0 naive-ms/op	 200 B/op	 3 allocs/op
BenchmarkPollCycleSim/groups=250-2   	      10	   3000000 ns/op	 5.000 calls/cycle	 3.000 min-calls/cycle	 501.0 naive-calls/cycle	 9.0 naive-ms/op	 200 B/op	 3 allocs/op
BenchmarkPollCycleSim/groups=250-2   	      10	   2000000 ns/op	 7.000 calls/cycle	 3.000 min-calls/cycle	 501.0 naive-calls/cycle	 9.0 naive-ms/op	 200 B/op	 3 allocs/op
BenchmarkServe/op=X-2   	      10	   2000000 ns/op	 20.0 req/s	 5.0 need-req/s
pkg: github.com/solemate/hoist/ui
BenchmarkFrame/groups=10-2   	 100	 400000 ns/op	 0.2 p50-ms/frame	 5.0 p99-ms/frame	 0.02 table-p50-ms/frame	 0.1 table-p99-ms/frame	 0.04 table-ms/op	 1000 B/op	 10 allocs/op	 100 table-B/op	 2 table-allocs/op
`

func TestParseBenchmarks(t *testing.T) {
	figs, warnings, err := parseBenchmarks(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings %v", warnings)
	}
	byID := map[string]Figure{}
	for _, f := range figs {
		byID[f.ID()] = f
	}
	calls, ok := byID["aws.PollCycleSim/groups=250 calls/cycle"]
	if !ok {
		t.Fatalf("figures %v", byID)
	}
	if calls.Name != "groups=250" || !strings.HasPrefix(calls.Section, "API calls") || calls.Note == "" {
		t.Fatalf("name %q section %q", calls.Name, calls.Section)
	}
	if len(calls.Baselines) != 2 || calls.Baselines[0].Label != "minimum for the same data" || calls.Baselines[1].Label != "naive per-group poller" {
		t.Fatalf("baselines %+v", calls.Baselines)
	}
	if s := summarize(byID["aws.PollCycleSim/groups=250 ms/op"].Values); s.Median != 2 || s.Min != 1 || s.Max != 3 {
		t.Fatalf("ms/op stats %+v", s)
	}
	// B/op and allocs/op have no baseline there: not report figures.
	if _, ok := byID["aws.PollCycleSim/groups=250 B/op"]; ok {
		t.Error("B/op without a baseline was kept")
	}
	// Percentiles are figures, never baselines labelled p50 or p99.
	p99, ok := byID["ui.Frame/groups=10 p99-ms/frame"]
	if !ok || len(p99.Baselines) != 1 || p99.Baselines[0].Values[0] != 0.1 {
		t.Fatalf("p99 %+v (figures %v)", p99, byID)
	}
	if f := byID["ui.Frame/groups=10 allocs/op"]; len(f.Baselines) != 1 || f.Baselines[0].Values[0] != 2 {
		t.Fatalf("allocs/op %+v", f)
	}
	if f := byID["aws.Serve/op=X req/s"]; !f.HigherBetter() || f.Baselines[0].Label != "one console's need" {
		t.Fatalf("req/s %+v", f)
	}
	if _, _, err := parseBenchmarks(strings.NewReader("pkg: x\nBenchmarkLone-2 1 5 ns/op 3 things/op\n")); err != nil {
		t.Fatal(err)
	}
	_, warnings, _ = parseBenchmarks(strings.NewReader("pkg: x\nBenchmarkLone-2 1 5 ns/op 3 things/op\n"))
	if len(warnings) != 1 {
		t.Errorf("a figure without a baseline should warn: %v", warnings)
	}
	// a saving is judged against its goal, not a baseline
	saved, warnings, _ := parseBenchmarks(strings.NewReader("pkg: x/hoist\nBenchmarkSimulatedWeek/default-2 1 5 ns/op 41 %saved\n"))
	if len(warnings) != 0 || len(saved) != 1 {
		t.Errorf("a figure with a goal and no baseline: %v, warnings %v", saved, warnings)
	}
}

func TestRegressionsAndRoundTrip(t *testing.T) {
	r := Report{Runs: 3, Figures: []Figure{
		{Section: "s", Key: "a", Name: "a", Unit: "x", Values: []float64{10, 11, 12}, Baselines: []Baseline{{Label: "naive", Values: []float64{100}}}},
		{Section: "s", Key: "b", Name: "b", Unit: "x", Values: []float64{10, 10, 10}},
		{Section: "s", Key: "c", Name: "c", Unit: "req/s", Values: []float64{40, 41, 42}},
		{Section: "s", Key: "d", Name: "d", Unit: "req/s", Values: []float64{100, 100, 100}},
	}}
	prev := previous{
		"a x":     {Median: 5, Min: 4, Max: 6},    // doubled: worse
		"b x":     {Median: 9.5, Min: 9, Max: 11}, // within noise
		"c req/s": {Median: 80, Min: 78, Max: 82}, // halved rate: worse
		"d req/s": {Median: 50, Min: 45, Max: 55}, // doubled rate: better
	}
	r.markRegressions(prev)
	for i, want := range []bool{true, false, true, false} {
		if got := r.Figures[i].Worse != ""; got != want {
			t.Errorf("%s: marked %v, want %v (%q)", r.Figures[i].Key, got, want, r.Figures[i].Worse)
		}
	}
	md := r.Markdown()
	if !strings.Contains(md, "▲ a") || !strings.Contains(md, "0.11×") || !strings.Contains(md, "req/s (higher is better)") {
		t.Fatalf("markdown:\n%s", md)
	}
	path := t.TempDir() + "/B.md"
	if err := writeFile(path, md); err != nil {
		t.Fatal(err)
	}
	got, err := readPrevious(path)
	if err != nil || got["a x"].Median != 11 || got["c req/s"].Median != 41 {
		t.Fatalf("round trip: %v %v", got, err)
	}
	// A later run against that report: a's median back at 5 is better, not marked.
	r2 := Report{Figures: []Figure{{Key: "a", Unit: "x", Values: []float64{5}}}}
	r2.markRegressions(got)
	if r2.Figures[0].Worse != "" {
		t.Fatal("an improvement was marked")
	}
}

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 0.0282: "0.0282", 1.5: "1.5", 12: "12", 99.94: "99.9", 250: "250", 5062500: "5,062,500", -1234: "-1,234"} {
		if got := num(v); got != want {
			t.Errorf("num(%v) = %q, want %q", v, got, want)
		}
	}
}

// A first frame of hoist at 80x24 as it reaches the terminal (cut short):
// the selected row is split by an erase and a cursor move.
const firstFrame = "\x1b[38;5;75m\u2503\x1b[38;5;15;48;5;24;1m\u25b6 solemate-app-prod\x1b[38;5;252;22m\x1b[5X\x1b[5C 2/4/30   4\x1b[38;5;241m   0   0"

func TestGroupRow(t *testing.T) {
	if !groupRow([]byte(firstFrame)) {
		t.Error("the first frame's group row was not seen")
	}
	if !groupRow([]byte("\x1b[1m  team004-web-\u2026\x1b[m   1/12/100  12")) {
		t.Error("a large-fleet row cut short was not seen")
	}
	if !groupRow([]byte("\x1b[1m\u25b6 team00\u2026app-0001-prod    1/12/100  12")) {
		t.Error("a large-fleet row cut in the middle was not seen")
	}
	for _, s := range []string{
		" SIMULATOR  hoist \u2502 000000000000 \u2502 us-east-1 \u2502 live 0s", // header only
		"NAME         MIN/DES/MAX INS PEN UNH",                                  // column titles
		"alarm TargetTracking-solemate-cart-prod-AlarmLow 17:25",                // alert, no numbers
	} {
		if groupRow([]byte(s)) {
			t.Errorf("%q taken for a group row", s)
		}
	}
}

// Stopping a program in a pty stops what it started too, and the echo
// floor is measurable.
func TestPTYStopsItsChildren(t *testing.T) {
	ctx := context.Background()
	pidFile := t.TempDir() + "/pid"
	p, err := startPTY(ctx, 80, 24, []string{"sh", "-c", "sleep 300 & echo $! > " + pidFile + "; echo started; wait"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.waitFor(contains("started"), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	p.stop()
	deadline := time.Now().Add(5 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("the pty program's child %d outlived it", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	d, err := echoFloor(ctx)
	if err != nil || d <= 0 || d > time.Second {
		t.Fatalf("echo floor %v, %v", d, err)
	}
}

// The same row name in two terminal sections is two figures.
func TestTerminalKeysAreUnique(t *testing.T) {
	a := newAccumulator()
	a.add(secScale, "peak RSS, 1000 groups", "MiB", 90, base{"x", 1})
	a.add(secSim, "peak RSS, 1000 groups", "MiB", 220, base{"y", 2})
	figs := a.figures()
	if len(figs) != 2 || figs[0].ID() == figs[1].ID() {
		t.Fatalf("figures %+v", figs)
	}
}

// The reference for regressions is the report as last committed, not the
// file as the last (perhaps uncommitted) run left it.
func TestPreviousIsTheCommittedReport(t *testing.T) {
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=b", "-c", "user.email=b@example.com"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	path := filepath.Join(dir, "BENCHMARKS.md")
	report := func(v float64) string {
		r := Report{Runs: 1, Figures: []Figure{{Section: "s", Key: "a", Name: "a", Unit: "x", Values: []float64{v}}}}
		return r.Markdown()
	}
	if err := writeFile(path, report(11)); err != nil {
		t.Fatal(err)
	}
	if p, err := readPrevious(path); err != nil || len(p) != 0 {
		t.Fatalf("a report never committed is no reference: %v %v", p, err)
	}
	git("add", "BENCHMARKS.md")
	git("commit", "-q", "-m", "report")
	if err := writeFile(path, report(99)); err != nil {
		t.Fatal(err)
	}
	p, err := readPrevious(path)
	if err != nil || p["a x"].Median != 11 {
		t.Fatalf("previous %v, %v; want the committed median 11", p, err)
	}
	r := Report{Figures: []Figure{{Key: "a", Unit: "x", Values: []float64{20, 21, 22}}}}
	r.markRegressions(p)
	if !strings.Contains(r.Markdown(), "▲") {
		t.Fatal("a figure worse than the committed report is not marked")
	}
}

// A busier machine slows a figure and its same-run baseline alike: not a
// regression. The figure slowing alone is.
func TestRegressionsAgainstTheBaseline(t *testing.T) {
	with := func(v, base float64) Figure {
		return Figure{Key: "f", Unit: "ms", Values: []float64{v}, Baselines: []Baseline{{Label: "b", Values: []float64{base}}}}
	}
	prev := previous{"f ms": {Median: 10, Min: 9, Max: 11, Base: 1}}
	for _, c := range []struct {
		f    Figure
		want bool
	}{
		{with(15, 1.5), false}, // both 50% slower
		{with(15, 1), true},    // the figure alone
		{with(10.5, 1), false}, // within noise
	} {
		r := Report{Figures: []Figure{c.f}}
		r.markRegressions(prev)
		if got := r.Figures[0].Worse != ""; got != c.want {
			t.Errorf("%v against base %v: marked %v, want %v", c.f.Values, c.f.Baselines[0].Values, got, c.want)
		}
	}
	// The data line keeps the baseline's median for the next run.
	path := t.TempDir() + "/B.md"
	r := Report{Figures: []Figure{with(12, 2)}}
	if err := writeFile(path, r.Markdown()); err != nil {
		t.Fatal(err)
	}
	if p, err := readPrevious(path); err != nil || p["f ms"].Base != 2 {
		t.Fatalf("previous %v, %v", p, err)
	}
}

// TestGoalColumn: a section holding a figure with a goal gets a goal
// column saying whether the median meets it (at most, or at least for a
// figure better higher); every row of that table has
// the same number of cells, and a section without goals has no column.
func TestGoalColumn(t *testing.T) {
	r := Report{Runs: 3, Figures: []Figure{
		{Section: "minute", Key: "aws.PollMinuteSim/groups=1000", Name: "groups=1000", Unit: "calls/minute", Values: []float64{80, 81, 82},
			Baselines: []Baseline{{Label: "min", Values: []float64{79}}, {Label: "old", Values: []float64{286}}}},
		{Section: "minute", Key: "aws.PollMinuteSim/groups=5000", Name: "groups=5000", Unit: "calls/minute", Values: []float64{250, 260, 270}},
		{Section: "minute", Key: "aws.PollMinuteSim/groups=5000", Name: "groups=5000", Unit: "calls/fast-cycle", Values: []float64{1}},
		{Section: "other", Key: "x", Name: "x", Unit: "ms", Values: []float64{1}},
		{Section: "week", Key: "hoist.SimulatedWeek/default", Name: "default", Unit: "%saved", Values: []float64{25}},
		{Section: "week", Key: "hoist.SimulatedWeek/held-out", Name: "held-out", Unit: "%saved", Values: []float64{15}},
	}}
	md := r.Markdown()
	for _, want := range []string{"| goal |", "≤ 100 (met)", "≤ 200 (missed)", "≥ 20 (met)", "≥ 20 (missed)"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	for _, table := range strings.Split(md, "\n## ")[1:] {
		cells := -1
		for _, line := range strings.Split(table, "\n") {
			if !strings.HasPrefix(line, "|") {
				continue
			}
			n := strings.Count(line, "|")
			if cells >= 0 && n != cells {
				t.Errorf("a row with %d cells in a table of %d: %q", n, cells, line)
			}
			cells = n
		}
		if strings.HasPrefix(table, "other") && strings.Contains(table, "goal") {
			t.Error("a section without goals has a goal column")
		}
	}
}

// A saving and changes made are better higher, like rates; dollars,
// failures, minutes and seconds lower.
func TestHigherBetter(t *testing.T) {
	for unit, want := range map[string]bool{"req/s": true, "%saved": true, "changes": true, "%failed": false, "changes-through-sdk": false,
		"USD/week": false, "minutes-p99-over-1s": false, "scale-out-median-s": false, "ms/op": false} {
		if got := (Figure{Unit: unit}).HigherBetter(); got != want {
			t.Errorf("%s: higher better %v, want %v", unit, got, want)
		}
	}
}
