package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/screen"
)

// headerLine is the top line: loud badges first (they are never cut),
// then who and where, then data age and cost on the right.
func (m *Model) headerLine(w int) string {
	st := &m.look.St
	l := m.look.NewLine(w)
	if m.readOnly {
		l.Add(st.BadgeRO, " READ-ONLY ")
		l.Add(st.Header, " ")
	}
	if m.onSimulator() {
		l.Add(st.BadgeSim, " SIMULATOR ")
		l.Add(st.Header, " ")
	}
	if len(m.data.Regions) > 1 {
		return m.multiHeader(l, w)
	}
	left := m.identity()
	// The identity gives way to the data age, cost and alerts, and to the
	// first words of the reason ("throttled"); a long error gives way to
	// the identity after those.
	right := m.headerRight()
	if whole := w - l.W - 1 - width(left); width(right) > whole {
		right = m.shortenRight(right, min(max(whole, m.rightWant(right, 30)), w-l.W-1-8)) // 8: " hoist" and a bit
	}
	rightW := width(right)
	room := w - l.W - rightW - 1
	if room < 8 { // no room: drop the right side before the identity
		right, rightW = "", 0
		room = w - l.W
	}
	l.Col(st.Header, left, max(room, 0))
	if rightW > 0 {
		l.Add(st.Header, " ")
		m.addFreshness(l, right)
	}
	// pad with the header background
	if l.W < w {
		l.Add(st.Header, strings.Repeat(" ", w-l.W))
	}
	return l.String()
}

// onSimulator reports whether any region shown is on the simulator.
func (m *Model) onSimulator() bool {
	for _, r := range m.data.Regions {
		if s := r.Snap; s != nil && (s.Simulator || s.Identity.IsSimulator()) {
			return true
		}
	}
	s := m.snap()
	return s != nil && (s.Simulator || s.Identity.IsSimulator())
}

// identity is " hoist │ account (alias) │ region │ profile │ caller │ endpoint";
// with several regions, each is named in the region's place.
func (m *Model) identity() string {
	s := m.snap()
	if s == nil {
		return " hoist  " + m.look.G.Sep + " connecting ..."
	}
	acct := Printable(s.Identity.Account)
	if s.Identity.Alias != "" {
		acct += " (" + Printable(s.Identity.Alias) + ")"
	}
	where := Printable(s.Region)
	if len(m.data.Regions) > 1 {
		where = Printable(strings.Join(m.shown, " + "))
	}
	parts := []string{" hoist", acct, where}
	if s.Profile != "" {
		parts = append(parts, "profile "+Printable(s.Profile))
	}
	if s.Identity.ARN != "" {
		parts = append(parts, Printable(callerName(s.Identity.ARN)))
	}
	if s.Endpoint != "" {
		parts = append(parts, "endpoint "+Printable(s.Endpoint))
	}
	return strings.Join(parts, "  "+m.look.G.Sep+" ")
}

// sources are the data classes the screen on top draws as its own: the
// header's data age is theirs (the overview: the groups), not the oldest
// of everything; the panes say their own.
func (m *Model) sources() []model.Class {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if s, ok := m.stack[i].(interface{ Sources() []model.Class }); ok {
			return s.Sources()
		}
	}
	return []model.Class{model.ClassGroups}
}

// freshness is the header's "live 3s" or "stale 1m12s, throttled": the
// age of what the screen draws and, when that fails, its current reason;
// when only other data fails, how much ("2 failing", details in :errors).
func (m *Model) freshness() string {
	s, now := m.snap(), m.now()
	f := screen.Freshness(s, now, m.sources()...)
	if f.Stale(m.opts.Stale) {
		return model.FreshnessLine(f.Age, f.Short(), m.opts.Stale)
	}
	line := "live " + screen.CoarseAge(f.Age, m.opts.Stale)
	failing := screen.Failing(s)
	throttled := slices.ContainsFunc(failing, func(c model.Class) bool { return s.Fresh[c].Throttled })
	switch n := len(failing); {
	case n == 0:
	case throttled && n == 1:
		// AWS pushing back is worth a word of its own: the operator's
		// other tools share the same buckets.
		line += ", throttled (:errors)"
	case throttled:
		line += fmt.Sprintf(", throttled, %d failing (:errors)", n)
	default:
		line += fmt.Sprintf(", %d failing (:errors)", n)
	}
	return line
}

// The header's heartbeat. While the data is fresh its age reads in two
// coarse steps, "live <15s" (a refresh is never later than that: the
// stale age is three refreshes) and "live <30s" (one is late), so an idle
// console redraws nothing for it; at one second the clock cost more
// bytes than the whole screen's changes (issue 10: 26-31 B/s against
// watch's 6.5-8.4). Once stale the age counts by the second: then it is
// news.

// heartbeat is how long until the header's data age reads differently,
// in whichever region shown changes first: the moment one passes half the
// stale age, or turns stale, while the data is fresh; a second once one
// is stale (or before any data).
func (m *Model) heartbeat() time.Duration {
	snaps := []*model.Snapshot{m.snap()}
	if len(m.data.Regions) > 1 {
		snaps = snaps[:0]
		for _, r := range m.data.Regions {
			snaps = append(snaps, r.Snap)
		}
	}
	next := time.Duration(0)
	for _, s := range snaps {
		if s == nil {
			return time.Second
		}
		d := screen.Freshness(s, m.now(), m.sources()...).NextChange(m.opts.Stale)
		if next == 0 || d < next {
			next = d
		}
	}
	return next
}

// headerRight is "live 3s │ $12.34/h │ 3 alerts ".
func (m *Model) headerRight() string {
	if m.snap() == nil {
		return ""
	}
	parts := []string{m.freshness(), fmt.Sprintf("$%.2f/h", m.data.Costs.Total.Total())}
	if n := m.data.UnackedCount(); n > 0 {
		parts = append(parts, fmt.Sprintf("%d alert%s", n, screen.Plural(n)))
	}
	return strings.Join(parts, " "+m.look.G.Sep+" ") + " "
}

// shortenRight fits the header's right side into n cells. The error's
// wording goes first, then cost and alerts; the data age ("stale 1m12s")
// goes last: it is what an operator must see when something is wrong,
// and a long AWS error once pushed it off the screen altogether.
func (m *Model) shortenRight(right string, n int) string {
	sep := " " + m.look.G.Sep + " "
	fresh, rest, _ := strings.Cut(strings.TrimSuffix(right, " "), sep)
	age := fresh
	if i := strings.Index(fresh, ","); i >= 0 {
		age = fresh[:i] // "stale 1m12s"
	}
	cut := func(fit int) string {
		if width(fresh) > fit && fit < width(age)+4 { // ", x…" says nothing
			return age
		}
		return truncate(fresh, fit, m.look.G.Ellipsis)
	}
	if rest != "" {
		if fit := n - width(sep) - width(rest) - 1; fit >= width(age) {
			return cut(fit) + sep + rest + " "
		}
	}
	if n-1 < width(age) {
		return ""
	}
	return cut(n-1) + " "
}

// rightWant is the width of the right side with the reason after the
// data age cut to at most reason cells.
func (m *Model) rightWant(right string, reason int) int {
	sep := " " + m.look.G.Sep + " "
	fresh, rest, ok := strings.Cut(strings.TrimSuffix(right, " "), sep)
	age, _, _ := strings.Cut(fresh, ",")
	n := width(age) + min(width(fresh)-width(age), reason) + 1
	if ok {
		n += width(sep) + width(rest)
	}
	return n
}

// addFreshness draws the right side, colouring the data age.
func (m *Model) addFreshness(l *look.Line, right string) {
	st := &m.look.St
	fresh, rest, _ := strings.Cut(right, " "+m.look.G.Sep+" ")
	s := st.Header
	if strings.HasPrefix(fresh, "stale") {
		s = st.BadgeRO
	}
	l.Add(s, Printable(fresh))
	if rest != "" {
		l.Add(st.Header, " "+m.look.G.Sep+" "+rest)
	}
}

// callerName shortens an ARN to its last two path elements.
func callerName(arn string) string {
	if i := strings.LastIndex(arn, ":"); i >= 0 {
		arn = arn[i+1:]
	}
	parts := strings.Split(arn, "/")
	if len(parts) > 2 {
		parts = parts[len(parts)-2:]
	}
	return strings.Join(parts, "/")
}

// multiHeader is the header of a console that watches several regions:
// the identity with every region, then each region's data age, the total
// cost and the alerts. A stale region is never dropped: what gives way
// first is the reasons, then the live regions' ages, then the identity.
func (m *Model) multiHeader(l *look.Line, w int) string {
	st := &m.look.St
	tail := fmt.Sprintf("$%.2f/h", m.data.Costs.Total.Total())
	if n := m.data.UnackedCount(); n > 0 {
		tail += fmt.Sprintf(" %s %d alert%s", m.look.G.Sep, n, screen.Plural(n))
	}
	left := m.identity()
	leftMin := min(width(left), 24) // " hoist │ 000000000000": the rest gives way first
	var fresh []regionAge
	for _, detail := range []int{2, 1, 0} {
		fresh = m.regionAges(detail)
		if l.W+leftMin+1+agesWidth(fresh, m.look.G.Sep)+width(tail)+4 <= w || detail == 0 {
			break
		}
	}
	room := w - l.W - agesWidth(fresh, m.look.G.Sep) - width(tail) - 7
	if room < 8 {
		room = 8
	}
	l.Col(st.Header, left, min(room, width(left)))
	l.Add(st.Header, " "+m.look.G.Sep+" ")
	for i, a := range fresh {
		if i > 0 {
			l.Add(st.Header, " "+m.look.G.Sep+" ")
		}
		ink := st.Header
		if a.stale {
			ink = st.BadgeRO
		}
		l.Add(ink, a.text)
	}
	l.Add(st.Header, " "+m.look.G.Sep+" "+tail+" ")
	if l.W < w {
		l.Add(st.Header, strings.Repeat(" ", w-l.W))
	}
	return l.String()
}

// regionAge is one region's data age on the header: "us-west-2 live 3s".
type regionAge struct {
	text  string
	stale bool
}

// regionAges are every region's ages: detail 2 with the reason a stale
// region fails, 1 without it, 0 the live regions counted in one word.
func (m *Model) regionAges(detail int) []regionAge {
	now, live := m.now(), 0
	var out []regionAge
	for _, r := range m.data.Regions {
		f := screen.Freshness(r.Snap, now, m.sources()...)
		if !f.Stale(m.opts.Stale) {
			if detail == 0 {
				live++
				continue
			}
			out = append(out, regionAge{text: Printable(r.Name) + " live " + screen.CoarseAge(f.Age, m.opts.Stale)})
			continue
		}
		t := Printable(r.Name) + " stale " + model.ShortDuration(f.Age)
		if detail == 2 && f.Reason != "" {
			t += ", " + Printable(f.Short())
		}
		out = append(out, regionAge{text: t, stale: true})
	}
	if live > 0 {
		out = append(out, regionAge{text: fmt.Sprintf("%d live", live)})
	}
	return out
}

func agesWidth(as []regionAge, sep string) int {
	n := 0
	for i, a := range as {
		if i > 0 {
			n += width(sep) + 2
		}
		n += width(a.text)
	}
	return n
}
