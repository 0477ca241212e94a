package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// The Go benchmarks in the report. Each reports a baseline beside every
// figure it means the report to hold; the others in the tree (the wire
// codecs', the simulator handlers', View's in fuzz_test.go) are for
// developers and stay out.
const (
	defaultBench = "^Benchmark(PollCycle|PollCycleSim|PollMinuteSim|PollCycleRegions|LBScreenSim|Serve|Convert1000Groups|Frame|ForecastAccuracy)$"
	defaultPkgs  = "./aws ./ui"
	// the slow ones run fewer times: simulated weeks and 1,000-group
	// reports take minutes each
	slowBench = "^Benchmark(SimulatedWeek|Insight1000Groups)$"
	slowPkgs  = "./cmd/hoist"
)

// goBenchmarks runs the Go benchmarks count times, one package at a time
// (go test runs packages in parallel otherwise, and two benchmarks on two
// cores disturb each other), and turns every reported unit into a figure.
func goBenchmarks(ctx context.Context, pkgs, pattern string, count int) ([]Figure, error) {
	args := []string{"test", "-p", "1", "-run", "^$", "-bench", pattern, "-benchmem", "-count", fmt.Sprint(count), "-timeout", "60m"}
	args = append(args, strings.Fields(pkgs)...)
	cmd := exec.CommandContext(ctx, "go", args...)
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(&out, os.Stderr)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	figs, warnings, err := parseBenchmarks(&out)
	for _, w := range warnings {
		fmt.Fprintln(os.Stderr, "benchreport:", w)
	}
	return figs, err
}

// percentile matches a unit prefix such as p50 or p99: "p99-ms/frame" is a
// figure of its own, never a baseline labelled p99 of ms/frame.
var percentile = regexp.MustCompile(`^p[0-9]+$`)

// automatic are the units go test reports for every benchmark. Without a
// baseline they are not report figures: a benchmark that wants one in the
// report reports "<label>-ms/op" (or B/op, allocs/op) beside it.
var automatic = map[string]bool{"ms/op": true, "B/op": true, "allocs/op": true}

// baselineOf splits a unit "<label>-<unit>" reported beside "<unit>".
func baselineOf(unit string, has func(string) bool) (label, of string, ok bool) {
	label, of, ok = strings.Cut(unit, "-")
	if !ok || percentile.MatchString(label) || !has(of) {
		return "", "", false
	}
	return label, of, true
}

// parseBenchmarks turns go test -bench output into figures. A unit
// "<label>-<unit>" reported beside "<unit>" by the same benchmark is that
// figure's baseline: a benchmark that reports calls/cycle and
// naive-calls/cycle is compared with its naive poller. Figures are grouped
// into sections by top-level benchmark, with the notes of sections.go.
func parseBenchmarks(r io.Reader) (figs []Figure, warnings []string, err error) {
	type key struct{ pkg, name, unit string }
	values := map[key][]float64{}
	var order []key
	br := benchfmt.NewReader(r, "go test")
	for br.Scan() {
		res, ok := br.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		pkg := path.Base(res.GetConfig("pkg"))
		name := withoutGomaxprocs(res.Name)
		for _, v := range res.Values {
			unit, val := v.Unit, v.Value
			if unit == "sec/op" { // report time in the unit the eye reads best
				unit, val = "ms/op", val*1e3
			}
			k := key{pkg, name, unit}
			if _, seen := values[k]; !seen {
				order = append(order, k)
			}
			values[k] = append(values[k], val)
		}
	}
	if err := br.Err(); err != nil {
		return nil, nil, fmt.Errorf("read benchmark output: %w", err)
	}

	isBaseline := map[key]bool{}
	for _, k := range order {
		has := func(u string) bool { _, ok := values[key{k.pkg, k.name, u}]; return ok }
		if _, _, ok := baselineOf(k.unit, has); ok {
			isBaseline[k] = true
		}
	}
	for _, k := range order {
		if isBaseline[k] {
			continue
		}
		top, sub, _ := strings.Cut(k.name, "/")
		sec := sectionFor(k.pkg, top)
		name := sub
		if name == "" {
			name = top
		}
		f := Figure{Section: sec.Title, Note: sec.Note, Name: name, Key: k.pkg + "." + k.name, Unit: k.unit, Values: values[k]}
		for _, b := range order {
			if b.pkg == k.pkg && b.name == k.name && isBaseline[b] && strings.HasSuffix(b.unit, "-"+k.unit) {
				f.Baselines = append(f.Baselines, Baseline{Label: sec.label(strings.TrimSuffix(b.unit, "-"+k.unit)), Values: values[b]})
			}
		}
		if len(f.Baselines) == 0 {
			if automatic[k.unit] {
				continue
			}
			if _, ok := goals[f.ID()]; !ok { // a goal is what a figure like a saving is judged against
				warnings = append(warnings, fmt.Sprintf("%s %s has no baseline", f.Key, f.Unit))
			}
		}
		figs = append(figs, f)
	}
	return figs, warnings, nil
}

// withoutGomaxprocs returns the benchmark's name without the Benchmark
// prefix and the -N that go test appends, so names match across machines.
func withoutGomaxprocs(n benchfmt.Name) string {
	base, parts := n.Parts()
	if len(parts) > 0 && bytes.HasPrefix(parts[len(parts)-1], []byte("-")) {
		parts = parts[:len(parts)-1]
	}
	return strings.TrimPrefix(string(bytes.Join(append([][]byte{base}, parts...), nil)), "Benchmark")
}
