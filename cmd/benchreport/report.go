package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Report is everything BENCHMARKS.md holds.
type Report struct {
	Date    time.Time
	Machine string
	Runs    int
	Figures []Figure
}

const dataMarker = "<!-- benchreport:data "

// previous holds the last report's medians and ranges by figure key.
type previous map[string]Stats

func readPrevious(path string) (previous, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return previous{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the last report: %w", err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, dataMarker); ok {
			p := previous{}
			if err := json.Unmarshal([]byte(strings.TrimSuffix(rest, " -->")), &p); err != nil {
				return nil, fmt.Errorf("the last report's data line is damaged: %w", err)
			}
			return p, nil
		}
	}
	return previous{}, nil
}

// regressionSlack is how much worse a median may be before it is marked:
// run-to-run noise on a shared 2-core machine is around 5-10%.
const regressionSlack = 1.10

// markRegressions flags figures whose median is worse (every figure here is
// lower-is-better) than the last report's by more than the slack and
// outside its range.
func (r *Report) markRegressions(prev previous) {
	for i := range r.Figures {
		f := &r.Figures[i]
		p, ok := prev[f.Key()]
		if !ok || p.Median == 0 {
			continue
		}
		now := summarize(f.Values)
		if now.Median > p.Median*regressionSlack && now.Median > p.Max {
			f.Worse = fmt.Sprintf("worse than last report (%s → %s)", num(p.Median), num(now.Median))
		}
	}
}

// Markdown renders the report.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# hoist benchmarks\n\n")
	fmt.Fprintf(&b, "Written by `make bench` on %s. Machine: %s. ", r.Date.Format("2006-01-02 15:04 UTC"), r.Machine)
	fmt.Fprintf(&b, "Each figure is the median of %d runs, with min and max; each baseline was measured in the same run. ", r.Runs)
	fmt.Fprintf(&b, "Lower is better everywhere; ratio = figure / baseline. A figure marked ▲ got worse than the last committed report.\n")

	sections := map[string][]Figure{}
	var order []string
	for _, f := range r.Figures {
		if _, ok := sections[f.Section]; !ok {
			order = append(order, f.Section)
		}
		sections[f.Section] = append(sections[f.Section], f)
	}
	for _, sec := range order {
		fmt.Fprintf(&b, "\n## %s\n\n", sec)
		fmt.Fprintf(&b, "| figure | unit | median | min | max | baseline | baseline median | ratio |\n")
		fmt.Fprintf(&b, "|---|---|--:|--:|--:|---|--:|--:|\n")
		for _, f := range sections[sec] {
			s := summarize(f.Values)
			name := f.Name
			if f.Worse != "" {
				name = "▲ " + name + " (" + f.Worse + ")"
			}
			if len(f.Baselines) == 0 {
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | | | |\n", name, f.Unit, num(s.Median), num(s.Min), num(s.Max))
				continue
			}
			for i, bl := range f.Baselines {
				bs := summarize(bl.Values)
				ratio := "∞"
				if bs.Median != 0 {
					ratio = fmt.Sprintf("%.3g×", s.Median/bs.Median)
				}
				if i == 0 {
					fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", name, f.Unit, num(s.Median), num(s.Min), num(s.Max), bl.Label, num(bs.Median), ratio)
				} else {
					fmt.Fprintf(&b, "| | | | | | %s | %s | %s |\n", bl.Label, num(bs.Median), ratio)
				}
			}
		}
	}

	data := previous{}
	for _, f := range r.Figures {
		data[f.Key()] = summarize(f.Values)
	}
	js, _ := json.Marshal(data)
	fmt.Fprintf(&b, "\n%s%s -->\n", dataMarker, js)
	return b.String()
}

func num(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 100 || v <= -100:
		return fmt.Sprintf("%.0f", v)
	case v >= 1 || v <= -1:
		return fmt.Sprintf("%.3g", v)
	}
	return fmt.Sprintf("%.3g", v)
}

// machine describes the CPU, cores and Go version.
func machine() string {
	cpu := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	rev := "unknown commit"
	if out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		rev = "commit " + strings.TrimSpace(string(out))
	}
	return fmt.Sprintf("%s, %d cores, %s, %s", cpu, runtime.NumCPU(), runtime.Version(), rev)
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }
