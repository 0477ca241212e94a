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
	head := fmt.Sprintf("account %s  region %s  %d load balancers", ui.Printable(s.Identity.Account), ui.Printable(s.Region), len(views))
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
		expiry := "  not read"
		if c := cv.Cert; c != nil && !c.NotAfter.IsZero() {
			expiry = fmt.Sprintf("  %s  expires %s (%s)", strings.ToUpper(c.Source), c.NotAfter.UTC().Format("2006-01-02"), daysWord(cv.DaysLeft))
		}
		if cv.Expiry != "" {
			expiry += "  " + strings.ToUpper(cv.Expiry)
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
	hc := fmt.Sprintf("    health check %s port %s every %s timeout %s healthy %d unhealthy %d", h.Protocol, ui.Printable(h.Port),
		model.ShortDuration(h.Interval), model.ShortDuration(h.Timeout), h.HealthyThreshold, h.UnhealthyThreshold)
	if model.HTTPHealthCheck(h) {
		hc += fmt.Sprintf(" path %s codes %s", ui.Printable(h.Path), ui.Printable(h.Matcher))
	}
	line("%s", hc)
	if st := tv.Settings; st.Read {
		line("    %s", settingsWords(st))
	}
	if !tv.TargetsRead {
		return
	}
	c := tv.Counts
	line("    targets %d healthy, %d unhealthy, %d draining, %d initial", c.Healthy, c.Unhealthy, c.Draining, c.Initial)
	var zs []string
	for _, z := range tv.Zones {
		zs = append(zs, fmt.Sprintf("%s %d/%d (losing it leaves %d)", ui.Printable(firstOf(z.Zone, "zone unknown")), z.Healthy, z.Healthy+z.Unhealthy+z.Other, z.LeftIfLost))
	}
	if len(zs) > 0 {
		line("    healthy by zone: %s", strings.Join(zs, ", "))
	}
}

func settingsWords(st model.TGSettings) string {
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
	return fmt.Sprintf("%s, %s, deregistration delay %s, %s, cross-zone %s", firstOf(st.Algorithm, "algorithm unknown"), sticky,
		model.ShortDuration(st.DeregistrationDelay), slow, st.CrossZone)
}

func distLines(line lineFunc, v model.LBView) {
	d := v.Distribution
	if !d.Read {
		return
	}
	zs := []string{"none reported"}
	if e := d.Evenness; e.Even > 0 {
		zs = zs[:0]
		for _, z := range d.Zones {
			zs = append(zs, fmt.Sprintf("%s %.0f%%", ui.Printable(z.Name), 100*z.Share))
		}
	}
	e := d.Evenness
	even := "too little load to judge"
	if e.Judged {
		even = fmt.Sprintf("busiest %s at %.1f× an even share", ui.Printable(e.Busiest), e.Ratio)
	}
	line("  load over %s: %s by zone %s; %s", model.ShortDuration(d.Window), d.Measure, strings.Join(zs, " "), even)
	for i, tg := range d.TargetGroups {
		line("    %s  %.0f requests (%.0f%%), %.0f per target", ui.Printable(tg.Name), tg.Total, 100*tg.Share, d.PerTarget[i].Total)
	}
	if o := v.Outage; o.Known {
		line("  losing %s would leave %s %d of %d healthy targets", ui.Printable(o.Zone), ui.Printable(o.TargetGroup), o.Left, o.Of)
	}
}
