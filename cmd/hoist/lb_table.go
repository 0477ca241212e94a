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

// lbTable writes the load balancer view as plain text for `hoist lb`: no
// colour, every AWS string through ui.Printable, each line at most width
// cells (0: no limit).
func lbTable(w io.Writer, s *model.Snapshot, views []model.LBView, width int, now time.Time) error {
	bw := bufio.NewWriter(w)
	line := func(format string, args ...any) {
		text := strings.TrimRight(fmt.Sprintf(format, args...), " ")
		if width > 0 {
			text = ui.Truncate(text, width, "~")
		}
		bw.WriteString(text + "\n")
	}
	head := fmt.Sprintf("account %s  region %s  %s", ui.Printable(s.Identity.Account), ui.Printable(s.Region), countOf(len(views), "load balancer"))
	if s.Simulator {
		head = "SIMULATOR  " + head
	}
	line("%s", head)
	for _, v := range views {
		line("")
		lbLines(line, v)
	}
	if len(views) == 0 {
		line("")
		line("no load balancers in %s", ui.Printable(s.Region))
	}
	return bw.Flush()
}

type lineFunc func(format string, args ...any)

func lbLines(line lineFunc, v model.LBView) {
	lb := v.LB
	line("%s  %s  %s  %s  %s", ui.Printable(lb.Name), lb.Short(), ui.Printable(lb.Scheme), ui.Printable(lb.State), ui.Printable(strings.Join(lb.AZs, ",")))
	line("  dns %s", ui.Printable(lb.DNSName))
	for _, l := range v.Listeners {
		listenerLines(line, l)
	}
	for _, tv := range v.TargetGroups {
		tgLines(line, tv)
	}
	distLines(line, v)
	if !v.Detailed {
		line("  (details read for load balancers on screen: name it, or give none, for them all)")
	}
}

func listenerLines(line lineFunc, lv model.ListenerView) {
	l := lv.Listener
	rules := "rules ?"
	if l.RulesRead {
		rules = fmt.Sprintf("rules %d", l.Rules)
	}
	line("  listener %s:%d  %s  %s", l.Protocol, l.Port, ui.Printable(lv.Action), rules)
	if !l.Secure() {
		return
	}
	policy := "  policy " + ui.Printable(l.SSLPolicy)
	if lv.PolicyOutdated() {
		policy += "  OUTDATED: accepts " + lv.Policy.Oldest()
	}
	line("  %s", policy)
	for _, cv := range lv.Certificates {
		role := "sni    "
		if cv.Default {
			role = "default"
		}
		expiry := ": not read"
		if c := cv.Cert; c != nil && !c.NotAfter.IsZero() {
			flag := ""
			if cv.Expiry != "" {
				flag = " " + strings.ToUpper(cv.Expiry)
			}
			expiry = fmt.Sprintf(": %s%s (%s, %s)", daysWord(cv.DaysLeft), flag, strings.ToUpper(c.Source), c.NotAfter.UTC().Format("2006-01-02"))
		}
		line("    certificate %s %s%s", role, ui.Printable(cv.Name()), expiry)
	}
	if !l.CertificatesRead {
		line("    (only the default certificate read)")
	}
}

func tgLines(line lineFunc, tv model.TGView) {
	tg, h := tv.TG, tv.TG.HealthCheck
	groups := "no Auto Scaling group"
	if len(tv.Groups) > 0 {
		groups = "groups " + ui.Printable(strings.Join(tv.Groups, ","))
	}
	line("  target group %s  %s:%d  %s  %s", ui.Printable(tg.Name), tg.Protocol, tg.Port, ui.Printable(tg.TargetType), groups)
	what := h.Protocol
	if model.HTTPHealthCheck(h) {
		what += " " + ui.Printable(h.Path)
	}
	line("    health check %s on %s every %s, timeout %s", what, ui.Printable(h.Port), model.ShortDuration(h.Interval), model.ShortDuration(h.Timeout))
	codes := ""
	if model.HTTPHealthCheck(h) {
		codes = ", codes " + ui.Printable(h.Matcher)
	}
	line("      healthy after %d, unhealthy after %d%s", h.HealthyThreshold, h.UnhealthyThreshold, codes)
	if st := tv.Settings; st.Read {
		first, second := settingsWords(st)
		line("    %s", first)
		line("      %s", second)
	}
	if !tv.TargetsRead {
		return
	}
	c := tv.Counts
	line("    targets %d healthy, %d unhealthy, %d draining, %d initial", c.Healthy, c.Unhealthy, c.Draining, c.Initial)
	for _, z := range tv.Zones {
		line("      %s  %d of %d healthy; losing it leaves %d", ui.Printable(firstOf(z.Zone, "zone unknown")), z.Healthy, z.Healthy+z.Unhealthy+z.Other, z.LeftIfLost)
	}
}

// settingsWords are a target group's attributes in two lines: how it
// spreads requests, and how targets come and go.
func settingsWords(st model.TGSettings) (string, string) {
	sticky := "not sticky"
	if st.Stickiness {
		sticky = "sticky " + st.StickinessType
		if st.StickinessDuration > 0 {
			sticky += " " + model.ShortDuration(st.StickinessDuration)
		}
	}
	slow := "slow start off"
	if st.SlowStart > 0 {
		slow = "slow start " + model.ShortDuration(st.SlowStart)
	}
	return fmt.Sprintf("%s, %s, cross-zone %s", firstOf(st.Algorithm, "algorithm unknown"), sticky, st.CrossZone),
		fmt.Sprintf("deregistration delay %s, %s", model.ShortDuration(st.DeregistrationDelay), slow)
}

func countOf(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func distLines(line lineFunc, v model.LBView) {
	d := v.Distribution
	if !d.Read {
		return
	}
	e := d.Evenness
	if e.Even == 0 {
		line("  load over %s: %s by zone: none reported", model.ShortDuration(d.Window), d.Measure)
	} else {
		var zs []string
		for _, z := range d.Zones {
			zs = append(zs, fmt.Sprintf("%s %.0f%%", ui.Printable(z.Name), 100*z.Share))
		}
		line("  load over %s: %s by zone: %s", model.ShortDuration(d.Window), d.Measure, strings.Join(zs, " "))
		even := "too little load to judge how even it is"
		if e.Judged {
			even = fmt.Sprintf("the busiest, %s, takes %.1f× an even share", ui.Printable(e.Busiest), e.Ratio)
		}
		line("    %s", even)
	}
	for i, tg := range d.TargetGroups {
		line("    %s  %.0f requests (%.0f%%), %.0f per target", ui.Printable(tg.Name), tg.Total, 100*tg.Share, d.PerTarget[i].Total)
	}
	if o := v.Outage; o.Known {
		line("  losing %s would leave %s %d of %d healthy targets", ui.Printable(o.Zone), ui.Printable(o.TargetGroup), o.Left, o.Of)
	}
}
