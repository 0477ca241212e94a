package overview

import (
	"fmt"
	"sort"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

func (s *Screen) costLines(env *screen.Env, w, h int) []string {
	st := &env.St
	cs := env.Costs
	total := cs.Total.Total()
	var out []string
	add := func(l *look.Line) { out = append(out, l.String()) }
	kv := func(k string) *look.Line { return env.NewLine(w).Col(st.Muted, k, 11) }

	add(kv("now").Add(st.Emph, fmt.Sprintf("$%.2f/h", total)).Add(st.Muted, fmt.Sprintf("   24h $%.2f", model.Projected24h(total))))
	add(kv("mix").Add(st.Base, fmt.Sprintf("on-demand $%.2f/h  spot $%.2f/h", cs.Total.OnDemand, cs.Total.Spot)))
	add(hourAgoLine(env, kv("1h ago"), total))
	if p := env.Pending; p != nil {
		add(kv("pending").Add(st.Warn, fmt.Sprintf("%+.4f/h ", p.Delta)).Add(st.Base, env.Arrows(text.Printable(model.Summary(p.Action)))))
	}
	if cs.Total.Unpriced > 0 {
		add(kv("unpriced").Add(st.Warn, fmt.Sprintf("%d instance(s) of types not in the price table", cs.Total.Unpriced)))
	}
	if env.Multi() {
		out = append(out, look.Styled(st.Muted, "by region", w, ""))
		for _, r := range env.Regions {
			add(costRow(env, r.Name, r.Costs.Total, w))
		}
	}
	out = append(out, look.Styled(st.Muted, "by tier", w, ""))
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
		add(costRow(env, t.Tier, t, w))
	}
	if len(out) < h-footer-1 {
		out = append(out, look.Styled(st.Muted, "top groups", w, ""))
	}
	for _, g := range cs.Groups {
		if len(out) >= h-footer {
			break
		}
		add(costRow(env, g.Group, g, w))
	}
	for len(out) < h-footer {
		out = append(out, "")
	}
	out = append(out, costFooter(env, w)...)
	if len(out) > h {
		out = out[:h]
	}
	return out
}

// hourAgoLine compares the cost now with an hour ago, once the console
// has watched that long.
func hourAgoLine(env *screen.Env, l *look.Line, total float64) *look.Line {
	st := &env.St
	prev, ok := env.HourAgo(env.Now)
	if !ok {
		return l.Add(st.Subtle, "not watched for an hour yet")
	}
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
	return l.Add(st.Base, fmt.Sprintf("$%.2f/h  ", prev)).Add(ds, fmt.Sprintf("%+.2f/h%s", d, pct))
}

// costFooter is the price table's date and the console's own CloudWatch
// spend (in every region it watches).
func costFooter(env *screen.Env, w int) []string {
	st, s := &env.St, env.Snap
	if env.Multi() {
		return multiCostFooter(env, w)
	}
	pd := "prices " + text.Printable(s.Prices.Date) + " " + text.Printable(s.Prices.Region)
	if s.Prices.Estimated {
		pd += " (estimated from us-east-1)"
	}
	cw := model.CloudWatchSpend(s.MetricsPerCycle, s.MetricsEvery)
	return []string{env.Styled(st.Subtle, pd, w),
		env.NewLine(w).Col(st.Muted, "CloudWatch", 11).Add(st.Base, fmt.Sprintf("$%.4f/h", cw)).
			Add(st.Subtle, fmt.Sprintf("  (%d metrics every %s: this console's own spend)", s.MetricsPerCycle, model.ShortDuration(s.MetricsEvery))).String()}
}

// multiCostFooter is costFooter for several regions: each region's table,
// and the spend of every region's metrics.
func multiCostFooter(env *screen.Env, w int) []string {
	st := &env.St
	var tables []string
	cw, n := 0.0, 0
	for _, r := range env.Regions {
		p := r.Snap.Prices
		t := text.Printable(p.Region)
		if p.Estimated {
			t += " (estimated)"
		}
		tables = append(tables, t)
		cw += model.CloudWatchSpend(r.Snap.MetricsPerCycle, r.Snap.MetricsEvery)
		n += r.Snap.MetricsPerCycle
	}
	pd := "prices " + text.Printable(env.Regions[0].Snap.Prices.Date) + " " + strings.Join(tables, ", ")
	return []string{env.Styled(st.Subtle, pd, w),
		env.NewLine(w).Col(st.Muted, "CloudWatch", 11).Add(st.Base, fmt.Sprintf("$%.4f/h", cw)).
			Add(st.Subtle, fmt.Sprintf("  (%d metrics a cycle in %d regions: this console's own spend)", n, len(env.Regions))).String()}
}

func costRow(env *screen.Env, name string, c model.GroupCost, w int) *look.Line {
	st := &env.St
	l := env.NewLine(w)
	l.Add(st.Base, "  ")
	nw := max(w-28, 6)
	l.Col(st.Base, text.TruncateMiddle(text.Printable(name), nw, env.G.Ellipsis), nw)
	l.RCol(st.Emph, fmt.Sprintf("$%.2f/h", c.Total()), 10)
	if c.Spot > 0 {
		l.RCol(st.Muted, fmt.Sprintf("spot %.0f%%", c.Spot/c.Total()*100), 11)
	}
	return l
}
