package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui"
)

// statusTable writes the snapshot as a plain-text table for `hoist status`:
// no colour, no escape sequences, every AWS string through ui.Printable,
// each line at most width cells (0: no limit). now is for the data age.
// With targets, each group's target health follows, target by target,
// unhealthy first with its reason.
func statusTable(w io.Writer, s *model.Snapshot, width int, now time.Time, targets bool) error {
	bw := bufio.NewWriter(w)
	line := func(text string) {
		if width > 0 {
			text = ui.Truncate(text, width, "~")
		}
		bw.WriteString(strings.TrimRight(text, " ") + "\n")
	}
	acct := ui.Printable(s.Identity.Account)
	if s.Identity.Alias != "" {
		acct += " (" + ui.Printable(s.Identity.Alias) + ")"
	}
	age, problem := s.DataAge(now)
	head := fmt.Sprintf("account %s  region %s  %s", acct, ui.Printable(s.Region), model.FreshnessLine(age, problem, 30*time.Second))
	if s.Simulator {
		head = "SIMULATOR  " + head
	}
	line(head)
	cs := s.Costs()
	line(fmt.Sprintf("cost $%.2f/h (on-demand $%.2f, spot $%.2f), 24h $%.2f, prices %s", cs.Total.Total(), cs.Total.OnDemand, cs.Total.Spot,
		model.Projected24h(cs.Total.Total()), ui.Printable(s.Prices.Date)))
	nameW := 4
	for i := range s.Groups {
		nameW = max(nameW, min(ui.Width(ui.Printable(s.Groups[i].Name)), 48))
	}
	line("")
	line(ui.Fit("NAME", nameW, "~") + "  " + ui.Fit("TIER", 10, "~") + "   MIN  DES  MAX  INS  PEN  UNH  TARGETS h/u  ALM   CPU     $/H  FLAGS")
	for i := range s.Groups {
		g := &s.Groups[i]
		c := g.Counts()
		cpu := "    -"
		if v, ok := model.Last(s.Series[model.SeriesKey{Group: g.Name, Metric: model.MetricCPU}]); ok {
			cpu = fmt.Sprintf("%4.0f%%", v)
		}
		var flags []string
		if g.AtMax() {
			flags = append(flags, "MAX")
		}
		if s.InProgress(g.Name) || g.Converging() {
			flags = append(flags, "SCALING")
		}
		if len(g.Suspended) > 0 {
			flags = append(flags, "SUSPENDED:"+ui.Printable(strings.Join(g.Suspended, ",")))
		}
		targets := "-"
		if tc, ok := s.TargetHealthOf(g); ok {
			targets = fmt.Sprintf("%d/%d", tc.Healthy, tc.Unhealthy)
		}
		firing := 0
		for _, a := range s.AlarmsOf(g.Name) {
			if a.State == model.AlarmAlarm {
				firing++
			}
		}
		line(fmt.Sprintf("%s  %s  %4d %4d %4d %4d %4d %4d  %11s %4d %s %7.2f  %s",
			ui.Fit(ui.Printable(g.Name), nameW, "~"), ui.Fit(ui.Printable(g.TierOrUntiered()), 10, "~"),
			g.Min, g.Desired, g.Max, c.InService, c.Pending, c.Unhealthy, targets, firing, cpu,
			model.CostOf(g, s.Prices).Total(), strings.Join(flags, " ")))
	}
	if targets {
		for i := range s.Groups {
			statusTargets(line, s, &s.Groups[i])
		}
	}
	statusAlarms(line, s, now)
	return bw.Flush()
}

// statusAlarms lists the alarms in ALARM, at most twenty.
func statusAlarms(line func(string), s *model.Snapshot, now time.Time) {
	var firing []model.Alarm
	for _, a := range s.Alarms {
		if a.State == model.AlarmAlarm {
			firing = append(firing, a)
		}
	}
	if len(firing) > 0 {
		line("")
		line(fmt.Sprintf("%d alarm(s) in ALARM:", len(firing)))
		const most = 20
		for i, a := range firing {
			if i == most {
				line(fmt.Sprintf("  and %d more", len(firing)-most))
				break
			}
			since := ""
			if !a.StateUpdated.IsZero() {
				since = "  for " + model.ShortDuration(now.Sub(a.StateUpdated))
			}
			line(fmt.Sprintf("  %s  (%s)%s", ui.Printable(a.Name), ui.Printable(firstOf(a.Group, "no group")), since))
		}
	}
}

// statusTargets lists g's target groups and their targets, the unhealthy
// first with AWS's reason, for `hoist status --group`.
func statusTargets(line func(string), s *model.Snapshot, g *model.Group) {
	line("")
	line("Target health of " + ui.Printable(g.Name) + ":")
	tgs := s.TargetGroupsOf(g)
	if len(tgs) == 0 {
		line("  no target groups attached")
		return
	}
	const most = 50
	for _, tg := range tgs {
		lb := "no load balancer"
		if l := s.LoadBalancerOf(tg); l != nil {
			lb = l.Short() + " " + ui.Printable(l.Name)
		}
		c := tg.Counts()
		line(fmt.Sprintf("  %s  %s  %d healthy  %d unhealthy  %d draining  %d initial",
			ui.Printable(tg.Name), lb, c.Healthy, c.Unhealthy, c.Draining, c.Initial))
		if tg.TargetsFetched.IsZero() {
			line("    target health not read")
			continue
		}
		ts := tg.SortedTargets()
		for i, t := range ts {
			if i == most {
				line(fmt.Sprintf("    and %d more", len(ts)-most))
				break
			}
			line(strings.TrimRight(fmt.Sprintf("    %-19s  %-10s  %-10s  %s", ui.Printable(t.ID), ui.Printable(t.AZ), ui.Printable(t.State), ui.TargetWhy(t)), " "))
		}
	}
}
