package lb

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// doc is the detail as lines, with where each cursor stop's block starts
// and ends, so the area shown can follow the cursor.
type doc struct {
	lines   []string
	anchors map[string][2]int
}

func (d *doc) add(l ...string) { d.lines = append(d.lines, l...) }

// block records that the lines added since start are key's.
func (d *doc) block(key string, start int) { d.anchors[key] = [2]int{start, len(d.lines)} }

// wideCols is the width from which the charts have a column of their own.
const wideCols = 160

// detailArea is the selected load balancer's detail in w x h: the text
// scrolled to the cursor, and at wideCols or more the charts beside it.
func (s *Screen) detailArea(env *screen.Env, w, h int) []string {
	v, ok := s.selected()
	if !ok || h <= 0 {
		return nil
	}
	if w < wideCols {
		return s.scrolled(env, s.detailDoc(env, v, w, true), h)
	}
	cw := w * 45 / 100
	left := fill(env, s.scrolled(env, s.detailDoc(env, v, w-cw-2, false), h), w-cw-2, h)
	right := fill(env, chartColumn(env, v, s.Range(), cw, h), cw, h)
	gap := look.Blank(2, h)
	return look.HJoin(left, gap, right)
}

// scrolled is h lines of d: from the top, or, with the cursor in the
// detail, from just above its block when that would not show whole.
func (s *Screen) scrolled(env *screen.Env, d *doc, h int) []string {
	top := 0
	if s.level == levelDetail {
		if it, ok := s.selectedItem(); ok {
			if a, ok := d.anchors[it.key]; ok && a[1] > h {
				top = max(a[0]-1, 0)
			}
		}
	}
	top = max(0, min(top, len(d.lines)-h))
	end := min(len(d.lines), top+h)
	return d.lines[top:end]
}

// detailDoc is v in lines w wide: its header, listeners, target groups,
// load and (with charts) its charts. The cursor's stop is marked when the
// operator is in the detail.
func (s *Screen) detailDoc(env *screen.Env, v *model.LBView, w int, charts bool) *doc {
	d := &doc{anchors: map[string][2]int{}}
	cur := ""
	if s.level == levelDetail {
		it, _ := s.selectedItem()
		cur = it.key
	}
	d.add(headerLines(env, v, w)...)
	d.add(heading(env, "LISTENERS", w))
	if len(v.Listeners) == 0 {
		d.add(env.Styled(env.St.Muted, "  none", w))
	}
	for i := range v.Listeners {
		lv := &v.Listeners[i]
		start := len(d.lines)
		d.add(listenerLines(env, lv, cur == lv.Listener.ARN, w)...)
		d.block(lv.Listener.ARN, start)
	}
	d.add(heading(env, "TARGET GROUPS", w))
	if len(v.TargetGroups) == 0 {
		d.add(env.Styled(env.St.Muted, "  none", w))
	}
	for i := range v.TargetGroups {
		tv := &v.TargetGroups[i]
		start := len(d.lines)
		d.add(tgLines(env, tv, cur == tv.TG.ARN, w)...)
		d.block(tv.TG.ARN, start)
	}
	start := len(d.lines)
	d.add(loadLines(env, v, cur == keyLoad, w)...)
	d.block(keyLoad, start)
	start = len(d.lines)
	if charts {
		d.add(heading(env, mark(env, cur == keyCharts)+"CHARTS", w))
		d.add(chartGrid(env, v, s.Range(), w)...)
	}
	d.block(keyCharts, start)
	return d
}

// mark is the cursor's mark before a stop, or its width in spaces.
func mark(env *screen.Env, on bool) string {
	if on {
		return env.G.Cursor + " "
	}
	return "  "
}

func heading(env *screen.Env, s string, w int) string {
	return env.Styled(env.St.TierHeading, s, w)
}

// wrapped is lead then s word-wrapped in ink to w cells, the lines after
// the first indented by indent spaces.
func wrapped(env *screen.Env, ink look.Ink, lead, s string, w, indent int) []string {
	first := text.Wrap(s, max(w-text.Width(lead), 1))
	out := []string{env.Styled(ink, lead+first[0], w)}
	if len(first) == 1 {
		return out
	}
	rest := strings.TrimSpace(strings.TrimPrefix(strings.Join(strings.Fields(s), " "), first[0]))
	for _, l := range text.Wrap(rest, max(w-indent, 1)) {
		out = append(out, env.Styled(ink, strings.Repeat(" ", indent)+l, w))
	}
	return out
}

// headerLines are the load balancer's name, type, scheme and state, its
// zones (on the first line when they fit) and its DNS name.
func headerLines(env *screen.Env, v *model.LBView, w int) []string {
	st := &env.St
	lb := v.LB
	l := env.NewLine(w)
	l.Add(st.Emph, text.Printable(lb.Name)).Add(st.Base, "  "+lb.Short()+"  "+text.Printable(lb.Scheme)+"  ")
	stateSt := st.OK
	if lb.State != "active" {
		stateSt = st.Warn
	}
	l.Add(stateSt, text.Printable(firstOf(lb.State, "state unknown")))
	zones := text.Printable(strings.Join(lb.AZs, " "))
	var out []string
	if l.W+9+text.Width(zones) <= w {
		out = []string{l.Add(st.Muted, "  zones "+zones).String()}
	} else {
		out = append([]string{l.String()}, wrapped(env, st.Muted, "zones ", zones, w, 6)...)
	}
	out = append(out, wrapped(env, st.Muted, "dns ", text.Printable(lb.DNSName), w, 4)...)
	if !v.Detailed {
		out = append(out, env.Styled(st.Subtle, "reading its target groups, certificates and rules ...", w))
	}
	return out
}

func firstOf(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// listenerLines are a listener's protocol, port, default action and
// rules, and for HTTPS and TLS its security policy and certificates with
// their days left: flagged under the warning threshold, loud under the
// critical one.
func listenerLines(env *screen.Env, lv *model.ListenerView, sel bool, w int) []string {
	st := &env.St
	l := lv.Listener
	row := env.NewLine(w)
	row.BG = sel
	row.Add(st.Emph, mark(env, sel)).Add(st.Emph, fmt.Sprintf("%-10s", text.Printable(fmt.Sprintf("%s:%d", l.Protocol, l.Port))))
	rules := "rules ?"
	if l.RulesRead {
		rules = fmt.Sprintf("rules %d", l.Rules)
	}
	row.Add(st.Base, " "+text.Printable(firstOf(lv.Action, "no default action"))).Add(st.Muted, "  "+rules)
	out := []string{row.String()}
	out = append(out, inflight(env, model.EditListener{Name: lv.Name}.Target(), w)...)
	if !l.Secure() {
		return out
	}
	policy := env.NewLine(w).Add(st.Base, "      policy "+text.Printable(l.SSLPolicy))
	switch {
	case lv.PolicyOutdated():
		policy.Add(st.Warn, "  OUTDATED: accepts "+lv.Policy.Oldest())
	case lv.Policy != nil:
		policy.Add(st.Muted, "  "+strings.Join(lv.Policy.Protocols, " "))
	}
	out = append(out, policy.String())
	for _, cv := range lv.Certificates {
		out = append(out, certLine(env, cv, w))
	}
	if !l.CertificatesRead {
		out = append(out, env.Styled(st.Subtle, "      (only the default certificate read)", w))
	}
	return out
}

// certLine is one certificate: default or served by SNI, its name, its
// days left and date, where it lives, and its flag.
func certLine(env *screen.Env, cv model.CertView, w int) string {
	st := &env.St
	role := "sni    "
	if cv.Default {
		role = "default"
	}
	l := env.NewLine(w).Add(st.Muted, "      "+role+" ").Add(st.Base, text.Printable(cv.Name()))
	c := cv.Cert
	if c == nil || c.NotAfter.IsZero() {
		return l.Add(st.Subtle, "  expiry not read").String()
	}
	ink := st.Base
	switch cv.Expiry {
	case model.ExpiryUrgent:
		ink = st.Crit
	case model.ExpirySoon:
		ink = st.Warn
	}
	l.Add(ink, "  "+daysWord(cv.DaysLeft))
	if cv.Expiry != model.ExpiryOK {
		l.Add(ink, " "+strings.ToUpper(cv.Expiry))
	}
	return l.Add(st.Muted, "  "+c.NotAfter.UTC().Format("2006-01-02")+"  "+strings.ToUpper(c.Source)).String()
}

func daysWord(days int) string {
	switch {
	case days < 0:
		return fmt.Sprintf("expired %d day%s ago", -days, screen.Plural(-days))
	case days == 1:
		return "1 day left"
	}
	return fmt.Sprintf("%d days left", days)
}
