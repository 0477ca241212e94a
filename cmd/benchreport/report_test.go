package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
goarch: amd64
pkg: github.com/solemate/hoist/aws
BenchmarkPollCycle/groups=250-2   	      10	   1000000 ns/op	 5.000 calls/cycle	 3.000 min-calls/cycle	 501.0 naive-calls/cycle	 200 B/op	 3 allocs/op
BenchmarkPollCycle/groups=250-2   	      10	   3000000 ns/op	 5.000 calls/cycle	 3.000 min-calls/cycle	 501.0 naive-calls/cycle	 200 B/op	 3 allocs/op
BenchmarkPollCycle/groups=250-2   	      10	   2000000 ns/op	 7.000 calls/cycle	 3.000 min-calls/cycle	 501.0 naive-calls/cycle	 200 B/op	 3 allocs/op
`

func TestParseBenchmarks(t *testing.T) {
	figs, err := parseBenchmarks(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	byUnit := map[string]Figure{}
	for _, f := range figs {
		byUnit[f.Unit] = f
	}
	calls, ok := byUnit["calls/cycle"]
	if !ok || len(byUnit) != 4 { // ms/op, calls/cycle, B/op, allocs/op
		t.Fatalf("figures %v", byUnit)
	}
	if calls.Name != "PollCycle/groups=250" || calls.Section != "Go benchmarks: aws" {
		t.Fatalf("name %q section %q", calls.Name, calls.Section)
	}
	if len(calls.Baselines) != 2 || calls.Baselines[0].Label != "min" || calls.Baselines[1].Label != "naive" {
		t.Fatalf("baselines %+v", calls.Baselines)
	}
	if s := summarize(byUnit["ms/op"].Values); s.Median != 2 || s.Min != 1 || s.Max != 3 {
		t.Fatalf("ms/op stats %+v", s)
	}
}

func TestRegressionsAndRoundTrip(t *testing.T) {
	r := Report{Runs: 3, Figures: []Figure{
		{Section: "s", Name: "a", Unit: "x", Values: []float64{10, 11, 12}, Baselines: []Baseline{{Label: "naive", Values: []float64{100}}}},
		{Section: "s", Name: "b", Unit: "x", Values: []float64{10, 10, 10}},
	}}
	prev := previous{"a x": {Median: 5, Min: 4, Max: 6}, "b x": {Median: 9.5, Min: 9, Max: 11}}
	r.markRegressions(prev)
	if r.Figures[0].Worse == "" {
		t.Fatal("a doubled and should be marked")
	}
	if r.Figures[1].Worse != "" {
		t.Fatal("b is within noise and should not be marked")
	}
	md := r.Markdown()
	if !strings.Contains(md, "▲ a") || !strings.Contains(md, "0.11×") {
		t.Fatalf("markdown:\n%s", md)
	}
	dir := t.TempDir() + "/B.md"
	if err := writeFile(dir, md); err != nil {
		t.Fatal(err)
	}
	got, err := readPrevious(dir)
	if err != nil || got["a x"].Median != 11 {
		t.Fatalf("round trip: %v %v", got, err)
	}
}
