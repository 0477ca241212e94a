// Command benchreport runs hoist's benchmarks and whole-binary measurements
// and writes BENCHMARKS.md: each figure the median of several runs with its
// min and max, beside a baseline measured in the same run, as a ratio, and
// marked where it got worse than the last committed report.
//
// Run it with `make bench`. It needs the hoist binary (built by make), the
// aws CLI and watch for the terminal baseline, and nothing else.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	var o options
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "report to write (its previous version is the reference for regressions)")
	flag.StringVar(&o.bin, "bin", "bin/hoist", "hoist binary to measure")
	flag.IntVar(&o.count, "count", 5, "runs of every figure (the median is reported)")
	flag.StringVar(&o.bench, "bench", defaultBench, "go test -bench pattern: the benchmarks the report holds")
	flag.StringVar(&o.pkgs, "pkgs", defaultPkgs, "packages whose benchmarks run")
	flag.StringVar(&o.slowBench, "slow-bench", slowBench, "go test -bench pattern of the slow benchmarks, run -slow-count times (\"\": none)")
	flag.StringVar(&o.slowPkgs, "slow-pkgs", slowPkgs, "packages whose slow benchmarks run")
	flag.IntVar(&o.slowCount, "slow-count", 1, "runs of every slow figure")
	flag.DurationVar(&o.window, "window", 30*time.Second, "how long each terminal measurement counts bytes")
	flag.BoolVar(&o.skipTerminal, "skip-terminal", false, "skip the whole-binary measurements")
	flag.BoolVar(&o.skipGo, "skip-go", false, "skip the Go benchmarks")
	flag.StringVar(&o.only, "only", "", "terminal figures of one kind only: bytes (bytes per second to the terminal)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

type options struct {
	out, bin, bench, pkgs string
	only                  string // "bytes": only the bytes-per-second figures
	slowBench, slowPkgs   string
	count, slowCount      int
	window                time.Duration
	skipTerminal, skipGo  bool
}

func run(ctx context.Context, o options) error {
	if o.only != "" && o.only != "bytes" {
		return fmt.Errorf("-only %q: the one kind is bytes", o.only)
	}
	start := time.Now()
	prev, err := readPrevious(o.out)
	if err != nil {
		return err
	}
	var figs []Figure
	if !o.skipGo {
		fmt.Fprintln(os.Stderr, "benchreport: running Go benchmarks")
		f, err := goBenchmarks(ctx, o.pkgs, o.bench, o.count)
		if err != nil {
			return err
		}
		figs = append(figs, f...)
		if o.slowBench != "" {
			fmt.Fprintln(os.Stderr, "benchreport: running the simulated weeks and the 1,000-group reports")
			f, err := goBenchmarks(ctx, o.slowPkgs, o.slowBench, o.slowCount)
			if err != nil {
				return err
			}
			figs = append(figs, f...)
		}
	}
	if !o.skipTerminal {
		fmt.Fprintln(os.Stderr, "benchreport: measuring the binary in a terminal")
		f, err := terminalFigures(ctx, o)
		if err != nil {
			return err
		}
		figs = append(figs, f...)
	}
	rep := Report{Date: time.Now().UTC(), Machine: machine(), Runs: o.count, Took: time.Since(start), Figures: figs}
	rep.markRegressions(prev)
	return writeFile(o.out, rep.Markdown())
}
