package ui

import (
	"fmt"
	"sort"
	"time"

	"github.com/solemate/hoist/model"
)

// costPoint is the fleet's cost per hour at one snapshot, kept for "the
// change since an hour ago".
type costPoint struct {
	t     time.Time
	total float64
}

func (m *Model) recordCost(now time.Time) {
	total := m.costs.Total.Total()
	m.costHist = append(m.costHist, costPoint{now, total})
	// keep a little over an hour, at most one point per 10 s
	cut := 0
	for cut < len(m.costHist)-1 && now.Sub(m.costHist[cut+1].t) > 65*time.Minute {
		cut++
	}
	m.costHist = m.costHist[cut:]
	if n := len(m.costHist); n > 2 && m.costHist[n-2].t.Sub(m.costHist[n-3].t) < 10*time.Second {
		m.costHist = append(m.costHist[:n-2], m.costHist[n-1])
	}
}

// hourAgo is the cost an hour ago, if the console has watched that long.
func (m *Model) hourAgo() (float64, bool) {
	if len(m.costHist) == 0 {
		return 0, false
	}
	first := m.costHist[0]
	if m.now().Sub(first.t) < 55*time.Minute {
		return 0, false
	}
	return first.total, true
}

func (m *Model) costLines(w, h int) []string {
	st := &m.st
	s := m.snap
	cs := m.costs
	total := cs.Total.Total()
	var out []string
	add := func(l *lineBuilder) { out = append(out, l.String()) }
	kv := func(k string) *lineBuilder { return m.newLine(w).col(st.Muted, k, 11) }

	add(kv("now").add(st.Emph, fmt.Sprintf("$%.2f/h", total)).add(st.Muted, fmt.Sprintf("   24h $%.2f", model.Projected24h(total))))
	add(kv("mix").add(st.Base, fmt.Sprintf("on-demand $%.2f/h  spot $%.2f/h", cs.Total.OnDemand, cs.Total.Spot)))
	l := kv("1h ago")
	if prev, ok := m.hourAgo(); ok {
		d := total - prev
		ds := st.Muted
		switch {
		case d > 0.005:
			ds = st.CostUp
		case d < -0.005:
			ds = st.CostDown
		}
		pct := ""
		if prev > 0 {
			pct = fmt.Sprintf(" (%+.0f%%)", d/prev*100)
		}
		l.add(st.Base, fmt.Sprintf("$%.2f/h  ", prev)).add(ds, fmt.Sprintf("%+.2f/h%s", d, pct))
	} else {
		l.add(st.Subtle, "not watched for an hour yet")
	}
	add(l)
	if d, ok := m.dialog.(*confirmDialog); ok {
		add(kv("pending").add(st.Warn, fmt.Sprintf("%+.4f/h ", d.delta)).add(st.Base, m.arrows(Printable(model.Summary(d.action)))))
	}
	if cs.Total.Unpriced > 0 {
		add(kv("unpriced").add(st.Warn, fmt.Sprintf("%d instance(s) of types not in the price table", cs.Total.Unpriced)))
	}
	out = append(out, styled(st.Muted, "by tier", w, ""))
	tiers := make([]model.GroupCost, 0, len(cs.Tiers))
	for _, t := range cs.Tiers {
		tiers = append(tiers, t)
	}
	sort.Slice(tiers, func(i, j int) bool {
		if tiers[i].Total() != tiers[j].Total() {
			return tiers[i].Total() > tiers[j].Total()
		}
		return tiers[i].Tier < tiers[j].Tier
	})
	footer := 2
	for _, t := range tiers {
		if len(out) >= h-footer-1 {
			break
		}
		add(m.costRow(t.Tier, t, w))
	}
	if len(out) < h-footer-1 {
		out = append(out, styled(st.Muted, "top groups", w, ""))
	}
	for _, g := range cs.Groups {
		if len(out) >= h-footer {
			break
		}
		add(m.costRow(g.Group, g, w))
	}
	pd := "prices " + Printable(s.Prices.Date) + " " + Printable(s.Prices.Region)
	if s.Prices.Estimated {
		pd += " (estimated from us-east-1)"
	}
	for len(out) < h-footer {
		out = append(out, "")
	}
	out = append(out, styled(st.Subtle, pd, w, m.g.Ellipsis))
	cw := model.CloudWatchSpend(s.MetricsPerCycle, s.MetricsEvery)
	out = append(out, m.newLine(w).col(st.Muted, "CloudWatch", 11).add(st.Base, fmt.Sprintf("$%.4f/h", cw)).
		add(st.Subtle, fmt.Sprintf("  (%d metrics every %s: this console's own spend)", s.MetricsPerCycle, model.ShortDuration(s.MetricsEvery))).String())
	if len(out) > h {
		out = out[:h]
	}
	return out
}

func (m *Model) costRow(name string, c model.GroupCost, w int) *lineBuilder {
	st := &m.st
	l := m.newLine(w)
	l.add(st.Base, "  ")
	nw := max(w-28, 6)
	l.col(st.Base, truncateMiddle(Printable(name), nw, m.g.Ellipsis), nw)
	l.rcol(st.Emph, fmt.Sprintf("$%.2f/h", c.Total()), 10)
	if c.Spot > 0 {
		l.rcol(st.Muted, fmt.Sprintf("spot %.0f%%", c.Spot/c.Total()*100), 11)
	}
	return l
}
