package spec

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/solemate/hoist/model"
)

// widget is one CloudWatch dashboard widget.
type widget struct {
	Type       string `json:"type"`
	X          int    `json:"x"`
	Y          int    `json:"y"`
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	Properties any    `json:"properties"`
}

type metricProps struct {
	Title   string  `json:"title"`
	Region  string  `json:"region"`
	View    string  `json:"view"`
	Stat    string  `json:"stat"`
	Period  int     `json:"period"`
	Metrics [][]any `json:"metrics"`
}

type textProps struct {
	Markdown string `json:"markdown"`
}

// DashboardBody builds hoist's CloudWatch dashboard for a tier: the
// console's charts for each of the tier's groups (capacity: min, desired,
// max and in service; CPU, requests per target, response time, 5xx and
// healthy hosts) and the cost annotation: what one more instance costs. It depends only on the live configuration, so the
// same fleet always gives the same body.
func DashboardBody(tier string, live *model.LiveConfig) string {
	var groups []*model.Group
	for i := range live.Groups {
		if live.Groups[i].Tier == tier {
			groups = append(groups, &live.Groups[i])
		}
	}
	charts := []struct {
		title, stat string
		metrics     func(g *model.Group) [][]any
	}{
		{"Capacity: min, desired, max and in service", "Average", func(g *model.Group) [][]any {
			var out [][]any
			for _, m := range []string{"GroupMinSize", "GroupDesiredCapacity", "GroupMaxSize", "GroupInServiceInstances"} {
				out = append(out, []any{"AWS/AutoScaling", m, "AutoScalingGroupName", g.Name})
			}
			return out
		}},
		{"CPU %", "Average", func(g *model.Group) [][]any {
			return [][]any{{"AWS/EC2", "CPUUtilization", "AutoScalingGroupName", g.Name}}
		}},
		{"Requests per target", "Sum", albMetric(live, "RequestCountPerTarget", false)},
		{"Response time p99 (s)", "p99", albMetric(live, "TargetResponseTime", true)},
		{"5xx from targets", "Sum", albMetric(live, "HTTPCode_Target_5XX_Count", true)},
		{"Healthy hosts", "Minimum", func(g *model.Group) [][]any { return healthyHosts(live, g) }},
	}
	var ws []widget
	for _, c := range charts {
		var ms [][]any
		for _, g := range groups {
			ms = append(ms, c.metrics(g)...)
		}
		if len(ms) == 0 {
			continue
		}
		n := len(ws)
		ws = append(ws, widget{Type: "metric", X: 12 * (n % 2), Y: 6 * (n / 2), Width: 12, Height: 6,
			Properties: metricProps{Title: c.title, Region: live.Where.Region, View: "timeSeries", Stat: c.stat, Period: 60, Metrics: ms}})
	}
	ws = append(ws, widget{Type: "text", X: 0, Y: 6 * ((len(ws) + 1) / 2), Width: 24, Height: 2,
		Properties: textProps{Markdown: costNote(tier, groups, live.Prices)}})
	b, _ := json.Marshal(struct {
		Widgets []widget `json:"widgets"`
	}{ws})
	return string(b)
}

// albMetric charts an application load balancer metric of each group's
// target groups; withLB adds the LoadBalancer dimension.
func albMetric(live *model.LiveConfig, metric string, withLB bool) func(g *model.Group) [][]any {
	return func(g *model.Group) [][]any {
		var out [][]any
		for _, arn := range g.TargetGroupARNs {
			tg, ok := live.TargetGroupByARN(arn)
			if !ok || len(tg.LoadBalancerARNs) == 0 || !strings.HasPrefix(model.ARNDimension(tg.LoadBalancerARNs[0]), "app/") {
				continue
			}
			m := []any{"AWS/ApplicationELB", metric, "TargetGroup", model.ARNDimension(arn)}
			if withLB {
				m = append(m, "LoadBalancer", model.ARNDimension(tg.LoadBalancerARNs[0]))
			}
			out = append(out, m)
		}
		return out
	}
}

func healthyHosts(live *model.LiveConfig, g *model.Group) [][]any {
	var out [][]any
	for _, arn := range g.TargetGroupARNs {
		tg, ok := live.TargetGroupByARN(arn)
		if !ok || len(tg.LoadBalancerARNs) == 0 {
			continue
		}
		lb := model.ARNDimension(tg.LoadBalancerARNs[0])
		ns := "AWS/ApplicationELB"
		if strings.HasPrefix(lb, "net/") {
			ns = "AWS/NetworkELB"
		}
		out = append(out, []any{ns, "HealthyHostCount", "TargetGroup", model.ARNDimension(arn), "LoadBalancer", lb})
	}
	return out
}

// costNote says what one more instance of each group costs on demand: the
// figure a scaling decision weighs. Prices of the day (spot) are left out
// so that the body does not change with them.
func costNote(tier string, groups []*model.Group, p model.Prices) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s tier**, written by hoist: one more instance costs, on demand (prices of %s):", tier, p.Date)
	for _, g := range groups {
		if len(g.InstanceTypes) == 0 {
			continue
		}
		t := g.InstanceTypes[0]
		if v, ok := p.OnDemand[t]; ok {
			fmt.Fprintf(&b, " %s %s %s;", g.Name, t, money(v))
		}
	}
	return strings.TrimSuffix(b.String(), ";")
}

// DashboardTiers are the tiers of the live groups, sorted: each has a
// dashboard. Untiered groups have none.
func DashboardTiers(live *model.LiveConfig) []string {
	var out []string
	for _, g := range live.Groups {
		if g.Tier != "" && !slices.Contains(out, g.Tier) {
			out = append(out, g.Tier)
		}
	}
	slices.Sort(out)
	return out
}

// DashboardPlan writes hoist's dashboard of each tier (hoist dashboard
// --apply): a plan of the dashboards whose body would change.
func DashboardPlan(live *model.LiveConfig, tiers []string) (*Plan, error) {
	what := fmt.Sprintf("hoist's dashboards of %d tiers", len(tiers))
	if len(tiers) == 1 {
		what = "hoist's dashboard of tier " + tiers[0]
	}
	p := &Plan{Where: live.Where, Files: []string{what}}
	fleet := model.CostOfFleet(live.Groups, live.Prices).Total.Total()
	p.Cost = CostChange{Before: fleet, After: fleet}
	known := DashboardTiers(live)
	for _, t := range tiers {
		if !slices.Contains(known, t) {
			return nil, fmt.Errorf("no group has tier %q in %s (the tiers are %s)", t, live.Where, strings.Join(known, ", "))
		}
		if c, ok := DashboardChange(model.DashboardSpec{Tier: t}.DashboardName(), t, live); ok {
			p.add(c)
		}
	}
	return p, nil
}
