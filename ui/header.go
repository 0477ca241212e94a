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
	s := m.data.Snap
	if s != nil && (s.Simulator || s.Identity.IsSimulator()) {
		l.Add(st.BadgeSim, " SIMULATOR ")
		l.Add(st.Header, " ")
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

// identity is " hoist │ account (alias) │ region │ profile │ caller │ endpoint".
func (m *Model) identity() string {
	s := m.data.Snap
	if s == nil {
		return " hoist  " + m.look.G.Sep + " connecting ..."
	}
	acct := Printable(s.Identity.Account)
	if s.Identity.Alias != "" {
		acct += " (" + Printable(s.Identity.Alias) + ")"
	}
	parts := []string{" hoist", acct, Printable(s.Region)}
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
	s, now := m.data.Snap, m.now()
	f := screen.Freshness(s, now, m.sources()...)
	if f.Stale(m.opts.Stale) {
		return model.FreshnessLine(f.Age, f.Short(), m.opts.Stale)
	}
	line := "live " + coarseAge(f.Age, m.opts.Stale)
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

// coarseAge is a fresh age as the header says it: under half the stale
// age, or under the stale age.
func coarseAge(age, stale time.Duration) string {
	half := (stale / 2).Round(time.Second)
	if age < half {
		return "<" + model.ShortDuration(half)
	}
	return "<" + model.ShortDuration(stale)
}

// heartbeat is how long until the header's data age reads differently:
// the moment it passes half the stale age, or turns stale, while the data
// is fresh; a second once it is stale (or before any data).
func (m *Model) heartbeat() time.Duration {
	if m.data.Snap == nil {
		return time.Second
	}
	f := screen.Freshness(m.data.Snap, m.now(), m.sources()...)
	stale := m.opts.Stale
	if f.Stale(stale) || f.Age < 0 {
		return time.Second
	}
	next := stale - f.Age
	if half := (stale / 2).Round(time.Second); f.Age < half {
		next = half - f.Age
	}
	return max(next, 50*time.Millisecond)
}

// headerRight is "live 3s │ $12.34/h │ 3 alerts ".
func (m *Model) headerRight() string {
	if m.data.Snap == nil {
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
