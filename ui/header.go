package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// headerLine is the top line: loud badges first (they are never cut),
// then who and where, then data age and cost on the right.
func (m *Model) headerLine(w int) string {
	st := &m.st
	l := m.newLine(w)
	if m.readOnly {
		l.add(st.BadgeRO, " READ-ONLY ")
		l.add(st.Header, " ")
	}
	if m.snap != nil && (m.snap.Simulator || m.snap.Identity.IsSimulator()) {
		l.add(st.BadgeSim, " SIMULATOR ")
		l.add(st.Header, " ")
	}
	left := " hoist"
	if s := m.snap; s != nil {
		acct := Printable(s.Identity.Account)
		if s.Identity.Alias != "" {
			acct += " (" + Printable(s.Identity.Alias) + ")"
		}
		parts := []string{left, acct, Printable(s.Region)}
		if s.Profile != "" {
			parts = append(parts, "profile "+Printable(s.Profile))
		}
		if s.Identity.ARN != "" {
			parts = append(parts, Printable(callerName(s.Identity.ARN)))
		}
		if s.Endpoint != "" {
			parts = append(parts, "endpoint "+Printable(s.Endpoint))
		}
		left = strings.Join(parts, "  "+m.g.Sep+" ")
	} else {
		left += "  " + m.g.Sep + " connecting ..."
	}
	// The identity gives way to the data age, cost and alerts, and to the
	// first words of the reason ("throttled"); a long error gives way to
	// the identity after those.
	right := m.headerRight()
	if whole := w - l.w - 1 - width(left); width(right) > whole {
		right = m.shortenRight(right, min(max(whole, m.rightWant(right, 30)), w-l.w-1-8)) // 8: " hoist" and a bit
	}
	rightW := width(right)
	room := w - l.w - rightW - 1
	if room < 8 { // no room: drop the right side before the identity
		right, rightW = "", 0
		room = w - l.w
	}
	l.col(st.Header, left, max(room, 0))
	if rightW > 0 {
		l.add(st.Header, " ")
		m.addFreshness(l, right)
	}
	// pad with the header background
	if l.w < w {
		l.add(st.Header, strings.Repeat(" ", w-l.w))
	}
	return l.String()
}

// headerRight is "live 3s │ $12.34/h │ 3 alerts ".
func (m *Model) headerRight() string {
	if m.snap == nil {
		return ""
	}
	age, problem := m.snap.DataAge(m.now())
	parts := []string{model.FreshnessLine(age, problem, m.opts.Stale)}
	parts = append(parts, fmt.Sprintf("$%.2f/h", m.costs.Total.Total()))
	if n := m.unackedCount(); n > 0 {
		parts = append(parts, fmt.Sprintf("%d alert%s", n, plural(n)))
	}
	return strings.Join(parts, " "+m.g.Sep+" ") + " "
}

// shortenRight fits the header's right side into n cells. The error's
// wording goes first, then cost and alerts; the data age ("stale 1m12s")
// goes last: it is what an operator must see when something is wrong,
// and a long AWS error once pushed it off the screen altogether.
func (m *Model) shortenRight(right string, n int) string {
	sep := " " + m.g.Sep + " "
	fresh, rest, _ := strings.Cut(strings.TrimSuffix(right, " "), sep)
	age := fresh
	if i := strings.Index(fresh, ","); i >= 0 {
		age = fresh[:i] // "stale 1m12s"
	}
	cut := func(fit int) string {
		if width(fresh) > fit && fit < width(age)+4 { // ", x…" says nothing
			return age
		}
		return truncate(fresh, fit, m.g.Ellipsis)
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
	sep := " " + m.g.Sep + " "
	fresh, rest, ok := strings.Cut(strings.TrimSuffix(right, " "), sep)
	age, _, _ := strings.Cut(fresh, ",")
	n := width(age) + min(width(fresh)-width(age), reason) + 1
	if ok {
		n += width(sep) + width(rest)
	}
	return n
}

// addFreshness draws the right side, colouring the data age.
func (m *Model) addFreshness(l *lineBuilder, right string) {
	st := &m.st
	fresh, rest, _ := strings.Cut(right, " "+m.g.Sep+" ")
	s := st.Header
	if strings.HasPrefix(fresh, "stale") {
		s = st.BadgeRO
	}
	l.add(s, Printable(fresh))
	if rest != "" {
		l.add(st.Header, " "+m.g.Sep+" "+rest)
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

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// statusLine is the bottom line: the command line or filter being typed,
// else the last status message, with key hints on the right.
func (m *Model) statusLine(w int) string {
	st := &m.st
	l := m.newLine(w)
	switch {
	case m.command != nil:
		return st.StatusWarn.Render(":") + m.command.render(st.Status, st.Cursor, "", w-1, m.g.Ellipsis)
	case m.filtering:
		hint := "  (enter keep, esc clear)"
		if w-1-width(hint) < 10 {
			hint = ""
		}
		return st.StatusWarn.Render("/") + m.filterEdit.render(st.Status, st.Cursor, "", w-1-width(hint), m.g.Ellipsis) + st.Status.Render(hint)
	default:
		msg := m.status
		hint := m.hints()
		msgW := w - width(hint)
		if msgW < 20 || (msg != "" && 1+width(msg) > msgW) {
			// A message outranks the key hints, which ? repeats.
			hint, msgW = "", w
		}
		s := st.Status
		switch m.statusKind {
		case statusOK:
			s = st.StatusOK
		case statusWarn:
			s = st.StatusWarn
		case statusErr:
			s = st.StatusErr
		}
		prefix := ""
		if m.count > 0 {
			prefix = fmt.Sprintf("%d", m.count)
		}
		if n := len(m.inflight); n > 0 && msg == "" {
			msg = fmt.Sprintf("%d action(s) in flight", n)
		}
		if prefix != "" {
			l.add(st.StatusWarn, prefix+" ")
			msgW -= len(prefix) + 1
		}
		l.col(s, " "+m.arrows(msg), max(msgW, 0))
		l.add(st.KeyHint, hint)
	}
	if l.w < w {
		l.add(st.Status, strings.Repeat(" ", w-l.w))
	}
	return l.String()
}

func (m *Model) hints() string {
	k := m.keys.keyOf
	if m.detail {
		return fmt.Sprintf(" %s health %s terminate %s standby %s back %s help ", k("mark-unhealthy"), k("terminate"), k("standby"), k("back"), k("help"))
	}
	return fmt.Sprintf(" %s scale %s help %s quit ", k("scale-out")+k("scale-in"), k("help"), k("quit"))
}

// clock renders a time in the console's location: the time of day when it
// is today, and with its day when it is not, so that "launched 07:43" or an
// unknown outcome "at 17:29" from last week is never read as this morning.
func (m *Model) clock(t time.Time) string { return m.stamp(t, "15:04:05") }

// clockShort is clock to the minute.
func (m *Model) clockShort(t time.Time) string { return m.stamp(t, "15:04") }

func (m *Model) stamp(t time.Time, today string) string {
	if t.IsZero() {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '-'
			}
			return r
		}, today)
	}
	lt, now := t.In(m.opts.Location), m.now().In(m.opts.Location)
	y, mo, d := lt.Date()
	ny, nmo, nd := now.Date()
	switch age := now.Sub(lt); {
	case y == ny && mo == nmo && d == nd:
		return lt.Format(today)
	case age > 0 && age < 6*24*time.Hour:
		return lt.Format("Mon 15:04")
	default:
		return lt.Format("Jan 2 15:04")
	}
}
