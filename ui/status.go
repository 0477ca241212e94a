package ui

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// StatusTable writes the snapshot as a plain-text table for `hoist status`:
// no colour, no escape sequences, every AWS string through Printable, each
// line at most width cells (0: no limit). now is for the data age.
func StatusTable(w io.Writer, s *model.Snapshot, width int, now time.Time) error {
	bw := bufio.NewWriter(w)
	line := func(text string) {
		if width > 0 {
			text = truncate(text, width, "~")
		}
		bw.WriteString(strings.TrimRight(text, " ") + "\n")
	}
	acct := Printable(s.Identity.Account)
	if s.Identity.Alias != "" {
		acct += " (" + Printable(s.Identity.Alias) + ")"
	}
	age, problem := s.DataAge(now)
	head := fmt.Sprintf("account %s  region %s  %s", acct, Printable(s.Region), model.FreshnessLine(age, problem, 30*time.Second))
	if s.Simulator {
		head = "SIMULATOR  " + head
	}
	line(head)
	cs := s.Costs()
	line(fmt.Sprintf("cost $%.2f/h (on-demand $%.2f, spot $%.2f), 24h $%.2f, prices %s", cs.Total.Total(), cs.Total.OnDemand, cs.Total.Spot,
		model.Projected24h(cs.Total.Total()), Printable(s.Prices.Date)))
	nameW := 4
	for i := range s.Groups {
		nameW = max(nameW, min(width0(Printable(s.Groups[i].Name)), 48))
	}
	line("")
	line(fit("NAME", nameW, "~") + "  " + fit("TIER", 10, "~") + "   MIN  DES  MAX  INS  PEN  UNH   CPU     $/H  FLAGS")
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
			flags = append(flags, "SUSPENDED:"+Printable(strings.Join(g.Suspended, ",")))
		}
		line(fmt.Sprintf("%s  %s  %4d %4d %4d %4d %4d %4d %s %7.2f  %s",
			fit(Printable(g.Name), nameW, "~"), fit(Printable(g.TierOrUntiered()), 10, "~"),
			g.Min, g.Desired, g.Max, c.InService, c.Pending, c.Unhealthy, cpu, model.CostOf(g, s.Prices).Total(), strings.Join(flags, " ")))
	}
	var alarms []string
	for _, a := range s.Alarms {
		if a.State == model.AlarmAlarm {
			alarms = append(alarms, Printable(a.Name))
		}
	}
	if len(alarms) > 0 {
		line("")
		line(fmt.Sprintf("%d alarm(s) in ALARM: %s", len(alarms), strings.Join(alarms, ", ")))
	}
	return bw.Flush()
}

func width0(s string) int { return width(s) }
