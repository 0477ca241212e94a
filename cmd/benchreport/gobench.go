package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// goBenchmarks runs the Go benchmarks count times and turns every reported
// unit into a figure. A unit "<label>-<unit>" reported beside "<unit>" by
// the same benchmark is that figure's baseline: a benchmark that reports
// calls/cycle and naive-calls/cycle is compared with its naive poller.
func goBenchmarks(ctx context.Context, pkgs, pattern string, count int) ([]Figure, error) {
	args := []string{"test", "-run", "^$", "-bench", pattern, "-benchmem", "-count", fmt.Sprint(count), "-timeout", "60m"}
	args = append(args, strings.Fields(pkgs)...)
	cmd := exec.CommandContext(ctx, "go", args...)
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(&out, os.Stderr)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return parseBenchmarks(&out)
}

func parseBenchmarks(r io.Reader) ([]Figure, error) {
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
		return nil, fmt.Errorf("read benchmark output: %w", err)
	}

	var figs []Figure
	isBaseline := map[key]bool{}
	for _, k := range order {
		if _, unit, ok := strings.Cut(k.unit, "-"); ok {
			if _, has := values[key{k.pkg, k.name, unit}]; has {
				isBaseline[k] = true
			}
		}
	}
	for _, k := range order {
		if isBaseline[k] {
			continue
		}
		f := Figure{Section: "Go benchmarks: " + k.pkg, Name: k.name, Unit: k.unit, Values: values[k]}
		for _, b := range order {
			if b.pkg == k.pkg && b.name == k.name && isBaseline[b] && strings.HasSuffix(b.unit, "-"+k.unit) {
				f.Baselines = append(f.Baselines, Baseline{Label: strings.TrimSuffix(b.unit, "-"+k.unit), Values: values[b]})
			}
		}
		figs = append(figs, f)
	}
	return figs, nil
}

// withoutGomaxprocs returns the benchmark's name without the -N that go
// test appends, so names match across machines.
func withoutGomaxprocs(n benchfmt.Name) string {
	base, parts := n.Parts()
	if len(parts) > 0 && bytes.HasPrefix(parts[len(parts)-1], []byte("-")) {
		parts = parts[:len(parts)-1]
	}
	return string(bytes.Join(append([][]byte{base}, parts...), nil))
}
