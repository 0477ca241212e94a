package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	"github.com/solemate/hoist/ui"
)

// Capacity planning from the command line (FR-4.5): hoist recommend
// --what-if "web +50%" asks what a lasting growth of a tier's (or a
// group's) load needs; --surge 3x --for 2h [--at TIME] what a surge does.
// Each group is judged at its busiest hour of the window (or the hour of
// --at) at its own target (insight.PlanCapacity).

// capacityQuestion is what the flags ask: the scenario and the groups.
type capacityQuestion struct {
	scenario insight.Scenario
	selector string // a tier or a group name; "" for every group
}

// parseCapacityQuestion reads --what-if, --surge, --for and --at; ok is
// false when none is given (recommend as usual).
func parseCapacityQuestion(whatIf, surge string, dur time.Duration, at string) (q capacityQuestion, ok bool, err error) {
	switch {
	case whatIf == "" && surge == "":
		if dur != 0 || at != "" {
			return q, false, usagef("--for and --at describe a --surge: say how big, such as --surge 3x --for 2h")
		}
		return q, false, nil
	case whatIf != "" && surge != "":
		return q, false, usagef("ask one question at a time: --what-if (a lasting growth) or --surge (for a while)")
	case whatIf != "":
		if dur != 0 || at != "" {
			return q, false, usagef("--for and --at go with --surge; --what-if is a lasting growth")
		}
		q.selector, q.scenario.Factor, err = parseGrowth(whatIf)
		return q, true, err
	}
	fields := strings.Fields(surge)
	if n := len(fields); n == 2 {
		q.selector, surge = fields[0], fields[1]
	} else if n != 1 {
		return q, false, usagef("--surge %q: say how big, such as 3x, or for a tier, \"web 3x\"", surge)
	}
	f, err := strconv.ParseFloat(strings.TrimRight(strings.TrimRight(surge, "x"), "×"), 64)
	if err != nil || f <= 1 || f > 100 || !strings.ContainsAny(surge, "x×") {
		return q, false, usagef("--surge %q: say the load's multiple, such as 3x (more than 1x, at most 100x)", surge)
	}
	if dur <= 0 {
		return q, false, usagef("--surge needs --for: how long it lasts, such as --for 2h")
	}
	q.scenario = insight.Scenario{Factor: f, For: dur}
	if at != "" {
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return q, false, usagef("--at %q: a time such as 2026-12-24T18:00:00Z", at)
		}
		q.scenario.At = t
	}
	return q, true, nil
}

// parseGrowth reads "web +50%", "+50%" or "checkout -20%".
func parseGrowth(s string) (selector string, factor float64, err error) {
	fields := strings.Fields(s)
	g := ""
	switch len(fields) {
	case 1:
		g = fields[0]
	case 2:
		selector, g = fields[0], fields[1]
	default:
		return "", 0, usagef("--what-if %q: say a tier or group and a change of its load, such as \"web +50%%\"", s)
	}
	v, ok := strings.CutSuffix(g, "%")
	n, perr := strconv.ParseFloat(v, 64)
	if !ok || perr != nil || !strings.HasPrefix(v, "+") && !strings.HasPrefix(v, "-") || n <= -100 || n > 10000 {
		return "", 0, usagef("--what-if %q: say the change as a signed percentage, such as +50%% or -20%%", s)
	}
	return selector, 1 + n/100, nil
}

// planCapacity answers q for the groups it selects.
func planCapacity(ctx context.Context, s *aws.Session, since time.Duration, q capacityQuestion) ([]insight.CapacityPlan, insight.Window, error) {
	var selected func(*model.Group) bool
	if q.selector != "" {
		selected = func(g *model.Group) bool { return g.Name == q.selector || g.TierOrUntiered() == q.selector }
	}
	plans, w, err := s.CapacityPlans(ctx, since, q.scenario, selected)
	if err == nil && len(plans) == 0 {
		err = usagef("no group is named %q or in a tier of that name", q.selector)
	}
	return plans, w, err
}

// capacityTable prints the plans: one row a group, then the changes.
func capacityTable(w io.Writer, q capacityQuestion, plans []insight.CapacityPlan, window insight.Window) error {
	who := "every group"
	if q.selector != "" {
		who = q.selector
	}
	when := ""
	if q.scenario.For == 0 {
		when = " at the busiest hour"
	}
	fmt.Fprintf(w, "Capacity for %s: %s%s. Each group's load is its p95 in that hour over the last %s, needed at its own target.\n\n",
		ui.Printable(who), q.scenario, when, model.ShortDuration(window.Duration()))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "GROUP\tTIER\tNOW\tNEEDED\tMAX\tPER ZONE\tTO LOSE A ZONE\tEXTRA $/H\tCOST")
	for _, p := range plans {
		if p.Note != "" {
			fmt.Fprintf(tw, "%s\t%s\t-\t-\t%d\t-\t-\t-\t%s\n", ui.Printable(p.Group), ui.Printable(p.Tier), p.Max, p.Note)
			continue
		}
		max := strconv.Itoa(p.Max)
		if !p.MaxAllows {
			max += " (too low)"
		}
		cost := fmt.Sprintf("$%.2f a month", p.Cost)
		if q.scenario.For > 0 {
			cost = fmt.Sprintf("$%.2f", p.Cost)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%d\t%d\t$%.3f\t%s\n", ui.Printable(p.Group), ui.Printable(p.Tier), p.Now, p.Needed, max,
			p.PerAZ, p.AZLoss, p.ExtraPerHour, cost)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range plans {
		for _, c := range p.Changes {
			fmt.Fprintf(w, "\n%s", ui.Printable(c.String()))
		}
	}
	if len(plans) > 0 {
		fmt.Fprintln(w)
	}
	return nil
}

// capacityRecommendations carries the plans' changes as recommendations,
// for recommend --plan to write as files.
func capacityRecommendations(plans []insight.CapacityPlan) []insight.Recommendation {
	var out []insight.Recommendation
	for _, p := range plans {
		if len(p.Changes) == 0 {
			continue
		}
		out = append(out, insight.Recommendation{ID: "capacity/" + p.Group, Kind: "capacity", Group: p.Group, Tier: p.Tier,
			Title:   fmt.Sprintf("Raise the maximum of %s for %s", p.Group, p.Scenario),
			Risk:    "A higher maximum lets a runaway policy or a bad deploy launch more instances before someone notices.",
			Changes: p.Changes})
	}
	return out
}
