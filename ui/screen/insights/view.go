package insights

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	md "github.com/solemate/hoist/report"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Title names the window and what it found.
func (s *Screen) Title(env *screen.Env) string {
	t := "Insights " + model.SpanString(s.since) + screen.InRegion(env, s.region)
	switch {
	case s.reading:
		return t + " " + env.G.Sep + " reading ..."
	case s.rep == nil:
		return t
	}
	tot := s.rep.Total
	n := len(s.rep.Recommendations) - tot.HeldBack
	return fmt.Sprintf("%s %s %d recommendation%s %s saving %s a month %s %d cleanup", t, env.G.Sep, n, screen.Plural(n),
		env.G.Sep, md.Money(tot.Saving), env.G.Sep, len(s.rep.Cleanup))
}

// View frames the list of insights and the selected one's detail: side
// by side from 120 columns, the detail below the list under that.
func (s *Screen) View(env *screen.Env, w, h int) []string {
	s.w, s.h = w, h
	return env.Box(s.Title(env), true, w, h, s.body(env, w-2, h-2))
}

func (s *Screen) body(env *screen.Env, w, h int) []string {
	st := &env.St
	if s.rep == nil {
		var lines []string
		switch {
		case s.err != nil:
			lines = look.WrapStyled(st.Err, text.Printable("could not read the insights: "+s.err.Error()), w)
			lines = append(lines, "", env.Styled(st.Subtle, env.Keys.KeyOf("refresh")+" reads them again", w))
		case s.reading:
			lines = []string{env.Styled(st.Muted, "reading "+model.SpanString(s.since)+" of metrics, activities and alarms for the recommendations ...", w)}
		default:
			lines = []string{env.Styled(st.Muted, "not read yet: "+env.Keys.KeyOf("refresh")+" reads them", w)}
		}
		return fill(lines, w, h)
	}
	if w >= 118 {
		lw := w * 2 / 5
		sep := make([]string, h)
		for i := range sep {
			sep[i] = env.Styled(st.Subtle, " "+env.G.V+" ", 3)
		}
		return look.HJoin(fill(s.list(env, lw, h), lw, h), sep, fill(s.detail(env, w-lw-3), w-lw-3, h))
	}
	lh := min(max(h*2/5, 5), h)
	out := fill(s.list(env, w, lh), w, lh)
	if h-lh > 1 {
		out = append(out, env.Styled(st.Subtle, strings.Repeat(env.G.H, w), w))
		out = append(out, fill(s.detail(env, w), w, h-lh-1)...)
	}
	return fill(out, w, h)
}

// list is the rows under their section headings, scrolled so the
// selected one shows.
func (s *Screen) list(env *screen.Env, w, h int) []string {
	st := &env.St
	var lines []string
	at := -1
	last := kind(-1)
	for i, it := range s.items {
		if it.kind != last {
			lines = append(lines, env.Styled(st.TierHeading, s.heading(it.kind), w))
			last = it.kind
		}
		if i == s.cursor {
			at = len(lines)
		}
		lines = append(lines, s.row(env, it, i == s.cursor, w))
	}
	if len(s.items) == 0 {
		lines = append(lines, env.Styled(st.Muted, "no recommendation and nothing to clean up: the metrics show no waste they can prove", w))
	}
	if len(s.plans) == 0 {
		lines = append(lines, "", env.Styled(st.Subtle, env.Keys.KeyOf("insights-plan")+" plans capacity for a growth or a surge", w))
	}
	top := max(0, min(at-h/2, len(lines)-h))
	return lines[top:]
}

func (s *Screen) heading(k kind) string {
	switch k {
	case kindRec:
		return "RECOMMENDATIONS"
	case kindFinding:
		return "CLEANUP (reported only)"
	}
	return "CAPACITY PLANS"
}

// row is one row: a tag (the saving, held back, unused, what a plan
// needs), a word for its kind, and its group or resource.
func (s *Screen) row(env *screen.Env, it item, sel bool, w int) string {
	st := &env.St
	l := env.NewLine(w)
	l.BG = sel
	mark := "  "
	if sel {
		mark = env.G.Cursor + " "
	}
	l.Add(st.Emph, mark)
	tagInk, tag, what, name := st.Base, "", "", ""
	switch it.kind {
	case kindRec:
		r := s.rep.Recommendations[it.i]
		what, name = kindWord(r.Kind), r.Group
		switch {
		case r.HeldBack != "":
			tagInk, tag = st.Warn, "held back"
		case r.SavingPerMonth > 0:
			tagInk, tag = st.OK, md.Money(r.SavingPerMonth)+"/mo"
		default:
			tagInk, tag = st.Info, "speed"
		}
	case kindFinding:
		f := s.rep.Cleanup[it.i]
		tagInk, tag, what, name = st.Warn, "unused", findingWord(f.Kind), f.Resource
	case kindPlan:
		p := s.plans[it.i]
		tagInk, tag, what, name = st.OK, fmt.Sprintf("needs %d", p.Needed), shortScenario(p.Scenario), p.Group
		switch {
		case p.Note != "":
			tagInk, tag = st.Muted, "no data"
		case !p.MaxAllows:
			tagInk, tag = st.Warn, fmt.Sprintf("max %d<%d", p.Max, p.Needed)
		}
	}
	l.RCol(tagInk, env.Plain(tag), 11).Add(st.Base, "  ").Col(st.Muted, env.Plain(what), 11)
	ink := st.Base
	if sel {
		ink = st.Emph
	}
	return l.Add(ink, env.Plain(name)).String()
}

// shortScenario is a scenario in a few cells: "6× 2h00m", "load +30%".
func shortScenario(s string) string {
	s, _, _ = strings.Cut(s, " at ")
	return strings.Replace(s, " for ", " ", 1)
}

// findingWord is a cleanup finding's kind in a word for the list.
func findingWord(kind string) string {
	switch kind {
	case insight.FindEmptyTargetGroup:
		return "target grp"
	case insight.FindIdleLoadBalancer:
		return "idle LB"
	case insight.FindGroupAtZero:
		return "at zero"
	case insight.FindAlarmNoMetric:
		return "alarm"
	case insight.FindUnusedLTVersion:
		return "template"
	}
	return kind
}

// kindWord is a recommendation's kind in a word for the list.
func kindWord(kind string) string {
	switch kind {
	case insight.KindMinTooHigh:
		return "minimum"
	case insight.KindTargetTooLow:
		return "target"
	case insight.KindScheduledScaleIn:
		return "schedule"
	case insight.KindPredictive:
		return "predictive"
	case insight.KindRightsize:
		return "rightsize"
	case insight.KindGraviton:
		return "graviton"
	case insight.KindSpot:
		return "spot"
	}
	return kind
}

// detail is the selected row in full, what applying it would do on the
// line under its title (in view however short the screen).
func (s *Screen) detail(env *screen.Env, w int) []string {
	st := &env.St
	d := screen.NewDoc(env, w)
	it := s.selected()
	switch it.kind {
	case kindRec:
		r := s.rep.Recommendations[it.i]
		d.Text(st.Emph, fmt.Sprintf("%d. %s", it.i+1, r.Title))
		s.applyLine(env, d)
		d.Recommendation(-1, r)
	case kindFinding:
		f := s.rep.Cleanup[it.i]
		d.Text(st.Emph, f.Resource)
		s.applyLine(env, d)
		d.Pair("finding", 9, st.Warn, f.Kind)
		d.Pair("evidence", 9, st.Base, f.Evidence)
		if f.SavingPerMonth > 0 {
			d.Pair("saves", 9, st.OK, md.Money(f.SavingPerMonth)+" a month")
		}
		d.Pair("change", 9, st.Info, f.Change.String())
	case kindPlan:
		p := s.plans[it.i]
		d.Text(st.Emph, p.Scenario+" on "+p.Group+" ("+p.Tier+")")
		s.applyLine(env, d)
		for _, l := range planLines(p, env.G.Arrow) {
			d.Text(st.Base, l)
		}
	default:
		return nil
	}
	return d.Lines
}

// applyLine says what a would send, or why it cannot.
func (s *Screen) applyLine(env *screen.Env, d *screen.Doc) {
	st := &env.St
	a := s.toApply(env)
	key := env.Keys.KeyOf("insights-apply")
	switch {
	case a.why != "":
		d.Text(st.Muted, a.why)
	case env.ReadOnly:
		d.Text(st.Muted, key+" is disabled: read-only ("+env.ReadOnlyWhy+")")
	default:
		n := len(a.actions)
		d.Text(st.Info, fmt.Sprintf("%s applies it: %d change%s in one confirm, each re-checked and journaled", key, n, screen.Plural(n)))
	}
}

// fill cuts or pads lines to exactly h lines of w cells.
func fill(lines []string, w, h int) []string {
	if len(lines) > h {
		lines = lines[:h]
	}
	out := make([]string, 0, h)
	for _, l := range lines {
		if l == "" {
			l = strings.Repeat(" ", w)
		}
		out = append(out, l)
	}
	for len(out) < h {
		out = append(out, strings.Repeat(" ", w))
	}
	return out
}
