package lb

import (
	"fmt"
	"sort"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// View frames the screen: the list of load balancers on top, the level
// the operator is at below it.
func (s *Screen) View(env *screen.Env, w, h int) []string {
	return env.Box(s.Title(env)+env.StaleMark(s.Sources()...), true, w, h, s.body(env, w-2, h-2))
}

func (s *Screen) body(env *screen.Env, w, h int) []string {
	st := &env.St
	if env.Snap == nil {
		return fill(env, []string{env.Styled(st.Muted, "waiting for the first data", w)}, w, h)
	}
	if len(s.views) == 0 {
		return fill(env, []string{
			env.Styled(st.Muted, "no load balancers in "+regionOf(env), w), "",
			env.Styled(st.Subtle, env.Keys.KeyOf("lb-create")+" shows the command that would create one", w),
		}, w, h)
	}
	out := s.listLines(env, w, s.listRows(h))
	out = append(out, env.Styled(st.Subtle, strings.Repeat(env.G.H, w), w))
	rest := max(h-len(out), 0)
	if s.level == levelTargets {
		out = append(out, s.targetsLines(env, w, rest)...)
	} else {
		out = append(out, s.detailArea(env, w, rest)...)
	}
	return fill(env, out, w, h)
}

// fill cuts or pads lines to exactly h lines of w cells.
func fill(env *screen.Env, lines []string, w, h int) []string {
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, env.Styled(env.St.Base, "", w))
	}
	return lines
}

// listRows is the height of the list, heading included: the whole list
// when the operator is choosing, the selected row alone below it when
// the terminal is short.
func (s *Screen) listRows(h int) int {
	all := len(s.views) + 1
	if s.level == levelList {
		return min(all, max(h*2/5, 3))
	}
	if h < 36 {
		return 1
	}
	return min(all, max(h/4, 3))
}

// listCols are the list's column widths; 0 leaves a column out.
type listCols struct {
	name, scheme, state, zones, health, issues, dns int
}

func (s *Screen) cols(env *screen.Env, w int) listCols {
	c := listCols{name: 8, state: 6, zones: 5, health: 7}
	for i := range s.views {
		v := &s.views[i]
		if healthy, all, _, read := targetTotals(v); read {
			c.health = max(c.health, len(fmt.Sprintf("%d/%d", healthy, all)))
		}
		c.name = max(c.name, text.Width(text.Printable(v.LB.Name)))
		c.state = max(c.state, text.Width(text.Printable(v.LB.State)))
		c.zones = max(c.zones, text.Width(zoneList(env, v.LB.AZs)))
	}
	c.name = min(c.name, 28, max(w/3, 8))
	fixed := 2 + c.name + 1 + 5 + c.state + 2 + c.zones + 2 + c.health + 1
	if w-fixed >= 17+24 {
		c.scheme = 17
	}
	c.issues = w - fixed - c.scheme
	if c.issues > 70 {
		c.issues = 34
		c.dns = w - fixed - c.scheme - c.issues
	}
	return c
}

// listLines are the heading and the rows that fit in h lines, the
// selected one in view; a single line is the selected row alone.
func (s *Screen) listLines(env *screen.Env, w, h int) []string {
	st := &env.St
	c := s.cols(env, w)
	if h <= 1 {
		v, _ := s.selected()
		return []string{s.listRow(env, v, true, c, w)}
	}
	l := env.NewLine(w)
	l.Col(st.Muted, "", 2).Col(st.Muted, "NAME", c.name+1).Col(st.Muted, "TYPE", 5)
	if c.scheme > 0 {
		l.Col(st.Muted, "SCHEME", c.scheme)
	}
	l.Col(st.Muted, "STATE", c.state+2).Col(st.Muted, "ZONES", c.zones+2).Col(st.Muted, "HEALTHY", c.health+1).Col(st.Muted, "ISSUES", c.issues)
	if c.dns > 0 {
		l.Col(st.Muted, "DNS NAME", c.dns)
	}
	out := []string{l.String()}
	n := h - 1
	start := max(0, min(s.cursor-n/2, len(s.views)-n))
	for i := start; i < len(s.views) && i < start+n; i++ {
		out = append(out, s.listRow(env, &s.views[i], i == s.cursor, c, w))
	}
	return out
}

// listRow is one load balancer: name, type, scheme, state, zones, its
// healthy targets of all (when read), its issues worst first, its DNS
// name.
func (s *Screen) listRow(env *screen.Env, v *model.LBView, sel bool, c listCols, w int) string {
	st := &env.St
	lb := v.LB
	l := env.NewLine(w)
	l.BG = sel
	mark, nameSt := "  ", st.Base
	if sel {
		mark, nameSt = env.G.Cursor+" ", st.Emph
	}
	l.Col(st.Emph, mark, 2)
	l.Col(nameSt, text.TruncateMiddle(text.Printable(lb.Name), c.name, env.G.Ellipsis), c.name+1)
	l.Col(st.Base, lb.Short(), 5)
	if c.scheme > 0 {
		l.Col(st.Base, text.Printable(lb.Scheme), c.scheme)
	}
	stateSt := st.Base
	if lb.State != "active" {
		stateSt = st.Warn
	}
	l.Col(stateSt, text.Printable(lb.State), c.state+2)
	l.Col(st.Base, zoneList(env, lb.AZs), c.zones+2)
	healthy, all, bad, read := targetTotals(v)
	switch {
	case !read:
		l.Col(st.Subtle, "-", c.health+1)
	case bad > 0:
		l.Col(st.Err, fmt.Sprintf("%d/%d", healthy, all), c.health+1)
	case healthy < all:
		l.Col(st.Warn, fmt.Sprintf("%d/%d", healthy, all), c.health+1)
	default:
		l.Col(st.OK, fmt.Sprintf("%d/%d", healthy, all), c.health+1)
	}
	issueCells(env, l, issuesOf(v, env.Thresholds), c.issues)
	if c.dns > 0 {
		l.Col(st.Muted, text.Printable(lb.DNSName), c.dns)
	}
	return l.String()
}

// zoneList names zones short when they share the region: "a b c".
func zoneList(env *screen.Env, zones []string) string {
	region := ""
	if env.Snap != nil {
		region = env.Snap.Region
	}
	parts := make([]string, 0, len(zones))
	for _, z := range zones {
		if short, ok := strings.CutPrefix(z, region); ok && region != "" && len(short) <= 2 {
			z = short
		}
		parts = append(parts, text.Printable(z))
	}
	return strings.Join(parts, " ")
}

// targetTotals are the healthy, registered and unhealthy targets of v's
// target groups, when their health was read.
func targetTotals(v *model.LBView) (healthy, all, unhealthy int, read bool) {
	read = len(v.TargetGroups) > 0
	for _, tv := range v.TargetGroups {
		read = read && tv.TargetsRead
		c := tv.Counts
		healthy += c.Healthy
		unhealthy += c.Unhealthy
		all += c.Healthy + c.Unhealthy + c.Draining + c.Initial + c.Other
	}
	return healthy, all, unhealthy, read
}

// issue is one thing wrong with a load balancer, in a word or two.
type issue struct {
	sev  string
	text string
}

// issuesOf are what is wrong with v, worst first: its state, certificates
// expiring, targets unhealthy, a zone whose loss leaves nothing, an old
// security policy, uneven load.
func issuesOf(v *model.LBView, th model.AlertThresholds) []issue {
	var out []issue
	if v.LB.State != "active" && v.LB.State != "" {
		out = append(out, issue{model.SeverityCritical, text.Printable(v.LB.State)})
	}
	for _, lv := range v.Listeners {
		for _, cv := range lv.Certificates {
			if cv.Expiry != model.ExpiryOK {
				out = append(out, issue{cv.Expiry, "cert " + daysShort(cv.DaysLeft)})
			}
		}
		if lv.PolicyOutdated() {
			out = append(out, issue{model.SeverityWarning, "accepts " + lv.Policy.Oldest()})
		}
	}
	if _, _, bad, read := targetTotals(v); read && bad > 0 {
		out = append(out, issue{model.SeverityCritical, fmt.Sprintf("%d unhealthy", bad)})
	}
	if o := v.Outage; o.Known && o.Left == 0 {
		out = append(out, issue{model.SeverityCritical, "zone loss leaves 0"})
	}
	if e := v.Distribution.Evenness; e.Judged && e.Ratio >= unevenRatio(th) {
		out = append(out, issue{model.SeverityWarning, fmt.Sprintf("uneven %.1f×", e.Ratio)})
	}
	sort.SliceStable(out, func(i, j int) bool { return sevRank(out[i].sev) > sevRank(out[j].sev) })
	return out
}

func unevenRatio(th model.AlertThresholds) float64 {
	if th.UnevenRatio == 0 {
		return model.DefaultUnevenRatio
	}
	return th.UnevenRatio
}

func sevRank(sev string) int {
	switch sev {
	case model.SeverityCritical:
		return 2
	case model.SeverityWarning:
		return 1
	}
	return 0
}

// daysShort is a certificate's days left in a few cells: "4d", "expired".
func daysShort(days int) string {
	if days < 0 {
		return "expired"
	}
	return fmt.Sprintf("%dd", days)
}

// issueCells draws issues into n cells, each in its severity's ink, with
// "ok" when there are none.
func issueCells(env *screen.Env, l *look.Line, is []issue, n int) {
	st := &env.St
	start := l.W
	if len(is) == 0 {
		l.Col(st.Subtle, "ok", n)
		return
	}
	for i, is := range is {
		sep := ""
		if i > 0 {
			sep = ", "
		}
		ink, _ := env.SevInk(is.sev)
		if is.sev == model.SeverityCritical {
			ink = st.Crit
		}
		if l.W-start+text.Width(sep+is.text) > n {
			break
		}
		l.Add(st.Base, sep).Add(ink, is.text)
	}
	if pad := n - (l.W - start); pad > 0 {
		l.Add(st.Base, strings.Repeat(" ", pad))
	}
}
