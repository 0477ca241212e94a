package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Report is everything BENCHMARKS.md holds.
type Report struct {
	Date    time.Time
	Machine string
	Runs    int
	Took    time.Duration // the whole run, Go benchmarks and terminal
	Figures []Figure
}

const dataMarker = "<!-- benchreport:data "

// previous holds the last report's medians and ranges by figure key.
type previous map[string]Stats

// readPrevious reads the medians of the last committed report at path
// (git show HEAD:path), so a report written but not committed is not the
// reference; outside a git work tree, the file itself. No report, no
// reference.
func readPrevious(path string) (previous, error) {
	dir, file := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	b, err := exec.Command("git", "-C", dir, "show", "HEAD:./"+file).Output()
	if err != nil {
		if exec.Command("git", "-C", dir, "rev-parse", "--is-inside-work-tree").Run() == nil {
			return previous{}, nil // in git, never committed
		}
		b, err = os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return previous{}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read the last report: %w", err)
		}
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

// markRegressions flags figures whose median is worse than the last
// report's by more than the slack and outside the last report's range:
// higher for most figures, lower for rates (HigherBetter). Where both
// reports hold the figure's first baseline, its ratio to that baseline
// must be worse by the slack too: the baseline ran on the same machine in
// the same runs, so a machine that is merely busier or slower than last
// time (this one is shared) slows both and marks nothing.
func (r *Report) markRegressions(prev previous) {
	for i := range r.Figures {
		f := &r.Figures[i]
		p, ok := prev[f.ID()]
		if !ok || p.Median == 0 {
			continue
		}
		now := summarize(f.Values)
		worse := func(now, was float64) bool {
			if f.HigherBetter() {
				return now < was/regressionSlack
			}
			return now > was*regressionSlack
		}
		bad := worse(now.Median, p.Median) && now.Median > p.Max
		if f.HigherBetter() {
			bad = worse(now.Median, p.Median) && now.Median < p.Min
		}
		if base := f.baseMedian(); bad && p.Base > 0 && base > 0 {
			bad = worse(now.Median/base, p.Median/p.Base)
		}
		if bad {
			f.Worse = fmt.Sprintf("worse than last report: %s → %s", num(p.Median), num(now.Median))
		}
	}
}

// Markdown renders the report.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# hoist benchmarks\n\n")
	fmt.Fprintf(&b, "Written by `make bench` on %s. Machine: %s. ", r.Date.Format("2006-01-02 15:04 UTC"), r.Machine)
	if r.Took > 0 {
		fmt.Fprintf(&b, "The run took %s. ", r.Took.Round(time.Second))
	}
	fmt.Fprintf(&b, "Each figure is the median of %d runs, with min and max; each baseline was measured in the same runs "+
		"(its median is shown). Ratio = figure median / baseline median. Lower is better except where the unit says "+
		"\"higher is better\". A figure marked ▲ got worse than the last committed report: by more than %d%%, outside "+
		"its range, and against its baseline too (so a machine merely busier than last time marks nothing).\n", r.Runs, int(math.Round((regressionSlack-1)*100)))

	sections := map[string][]Figure{}
	var order []string
	for _, f := range r.Figures {
		if _, ok := sections[f.Section]; !ok {
			order = append(order, f.Section)
		}
		sections[f.Section] = append(sections[f.Section], f)
	}
	// Sections in the order a reader asks (sectionOrder), then rows by
	// unit so one quantity reads down a column of sizes.
	slices.SortStableFunc(order, func(a, b string) int { return rank(a) - rank(b) })
	for _, sec := range order {
		figs := sections[sec]
		slices.SortStableFunc(figs, func(a, b Figure) int { return unitRank(a.Unit) - unitRank(b.Unit) })
		fmt.Fprintf(&b, "\n## %s\n\n", sec)
		if figs[0].Note != "" {
			fmt.Fprintf(&b, "%s\n\n", figs[0].Note)
		}
		writeTable(&b, figs)
	}

	data := previous{}
	for _, f := range r.Figures {
		st := summarize(f.Values)
		st.Base = f.baseMedian()
		data[f.ID()] = st
	}
	js, _ := json.Marshal(data)
	fmt.Fprintf(&b, "\n%s%s -->\n", dataMarker, js)
	return b.String()
}

// writeTable writes one section's figures, with a goal column when one of
// them has a goal.
func writeTable(b *strings.Builder, figs []Figure) {
	withGoals := slices.ContainsFunc(figs, func(f Figure) bool { _, ok := f.goal(); return ok })
	head, rule := "| figure | unit | median | min | max | baseline | baseline median | ratio |", "|---|---|--:|--:|--:|---|--:|--:|"
	if withGoals {
		head, rule = head+" goal |", rule+"---|"
	}
	fmt.Fprintf(b, "%s\n%s\n", head, rule)
	for _, f := range figs {
		s := summarize(f.Values)
		name, unit := f.Name, f.Unit
		if f.Worse != "" {
			name = "▲ " + name + " (" + f.Worse + ")"
		}
		if f.HigherBetter() {
			unit += " (higher is better)"
		}
		goal := ""
		if withGoals {
			g, _ := f.goal()
			goal = " " + g + " |"
		}
		lead := fmt.Sprintf("| %s | %s | %s | %s | %s |", name, unit, num(s.Median), num(s.Min), num(s.Max))
		if len(f.Baselines) == 0 {
			fmt.Fprintf(b, "%s (none) | | |%s\n", lead, goal)
			continue
		}
		for i, bl := range f.Baselines {
			bs := summarize(bl.Values)
			ratio := "∞"
			switch {
			case bs.Median != 0:
				ratio = fmt.Sprintf("%s×", num(s.Median/bs.Median))
			case s.Median == 0:
				ratio = "–"
			}
			if i > 0 {
				lead = "| | | | | |"
				if withGoals {
					goal = " |"
				}
			}
			fmt.Fprintf(b, "%s %s | %s | %s |%s\n", lead, bl.Label, num(bs.Median), ratio, goal)
		}
	}
}

// num prints three significant figures, whole numbers in full with
// thousands separators.
func num(v float64) string {
	a := math.Abs(v)
	switch {
	case v == 0:
		return "0"
	case a >= 1000:
		return thousands(int64(math.Round(v)))
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
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
