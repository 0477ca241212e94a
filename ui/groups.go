package ui

import (
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
)

// row is one line of the groups pane: a tier heading or a group.
type row struct {
	tier  string
	group *model.Group // nil for a tier heading
	count int          // groups under a heading
	cost  float64      // heading: the tier's cost per hour
	index int          // group rows: index into the selectable list
}

// rebuildRows recomputes the groups list from the snapshot, the filter, the
// tier and the sort, keeping the selection by group name.
func (m *Model) rebuildRows() {
	m.rows = m.rows[:0]
	if m.snap == nil {
		return
	}
	var list []*model.Group
	f := strings.ToLower(m.filter)
	for i := range m.snap.Groups {
		g := &m.snap.Groups[i]
		if m.tier != "" && !strings.EqualFold(g.TierOrUntiered(), m.tier) {
			continue
		}
		if f != "" && !strings.Contains(strings.ToLower(g.Name), f) &&
			!strings.Contains(strings.ToLower(g.Tier), f) && !strings.Contains(strings.ToLower(g.Service), f) {
			continue
		}
		list = append(list, g)
	}
	switch m.sort {
	case sortTier:
		sort.SliceStable(list, func(i, j int) bool {
			a, b := tierKey(list[i]), tierKey(list[j])
			if a != b {
				return a < b
			}
			return list[i].Name < list[j].Name
		})
	case sortName:
		sort.SliceStable(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	case sortCPU:
		sort.SliceStable(list, func(i, j int) bool {
			a, _ := m.cpuNow(list[i].Name)
			b, _ := m.cpuNow(list[j].Name)
			if a != b {
				return a > b
			}
			return list[i].Name < list[j].Name
		})
	}
	m.nameW, m.capsW, m.countW = 4, 11, 4
	for _, g := range list {
		m.nameW = max(m.nameW, min(width(Printable(g.Name)), 40))
		// Sizes are never cut: "1200/1500/2000" read as "1200/1500/20…"
		// is a wrong number, not a short one.
		m.capsW = max(m.capsW, len(fmt.Sprintf("%d/%d/%d", g.Min, g.Desired, g.Max)))
		m.countW = max(m.countW, 1+len(fmt.Sprint(max(g.Max, g.Desired, len(g.Instances)))))
	}
	idx := 0
	for i, g := range list {
		if m.sort == sortTier && (i == 0 || tierKey(list[i-1]) != tierKey(g)) {
			hr := row{tier: g.TierOrUntiered()}
			for _, o := range list[i:] {
				if tierKey(o) != tierKey(g) {
					break
				}
				hr.count++
				hr.cost += model.CostOf(o, m.snap.Prices).Total()
			}
			m.rows = append(m.rows, hr)
		}
		m.rows = append(m.rows, row{tier: g.TierOrUntiered(), group: g, index: idx})
		idx++
	}
	// keep the selection by name; fall back to the same position
	m.cursor = min(m.cursor, max(idx-1, 0))
	if m.selected != "" {
		for _, r := range m.rows {
			if r.group != nil && r.group.Name == m.selected {
				m.cursor = r.index
			}
		}
	}
	if g, ok := m.groupAt(m.cursor); ok {
		m.selected = g.Name
	} else if idx == 0 && m.filter == "" && m.tier == "" {
		m.selected = ""
	}
	m.clampScroll()
}

// tierKey sorts untiered groups last.
func tierKey(g *model.Group) string {
	if g.Tier == "" {
		return "\xff"
	}
	return strings.ToLower(g.Tier)
}

func (m *Model) groupCount() int {
	n := 0
	for _, r := range m.rows {
		if r.group != nil {
			n++
		}
	}
	return n
}

func (m *Model) groupAt(i int) (*model.Group, bool) {
	for _, r := range m.rows {
		if r.group != nil && r.index == i {
			return r.group, true
		}
	}
	return nil, false
}

func (m *Model) rowOf(i int) int {
	for k, r := range m.rows {
		if r.group != nil && r.index == i {
			return k
		}
	}
	return 0
}

// selectedGroup is the selected group as the current snapshot has it.
func (m *Model) selectedGroup() (*model.Group, bool) {
	if m.selected == "" {
		return nil, false
	}
	return m.group(m.selected)
}

func (m *Model) group(name string) (*model.Group, bool) {
	if m.snap == nil || name == "" {
		return nil, false
	}
	return m.snap.Group(name)
}

func (m *Model) selectFirstGroup() {
	m.cursor = 0
	m.scroll = 0
	if g, ok := m.groupAt(0); ok {
		m.selected = g.Name
	}
	m.clampScroll()
}

func (m *Model) setCursor(i int) {
	n := m.groupCount()
	if n == 0 {
		return
	}
	m.cursor = max(0, min(n-1, i))
	if g, ok := m.groupAt(m.cursor); ok {
		m.selected = g.Name
	}
	m.detailCursor = 0
	m.clampScroll()
}

// groupsHeight is the number of group rows the groups pane shows.
func (m *Model) groupsHeight() int {
	h := m.height - 2
	switch m.layout() {
	case layoutThree:
		h = h * 62 / 100
	case layoutTwo:
		h = h * 65 / 100
	default:
		h--
	}
	return max(h-3, 1) // borders and the column heading
}

// clampScroll keeps the cursor's row on screen.
func (m *Model) clampScroll() {
	h := m.groupsHeight()
	r := m.rowOf(m.cursor)
	if r < m.scroll {
		m.scroll = r
	}
	if r >= m.scroll+h {
		m.scroll = r - h + 1
	}
	// show the tier heading above the first group
	if m.scroll == 1 && r < h {
		m.scroll = 0
	}
	m.scroll = max(0, min(m.scroll, max(len(m.rows)-h, 0)))
}

func (m *Model) visibleGroupNames() []string {
	var out []string
	h := m.groupsHeight()
	for i := m.scroll; i < len(m.rows) && i < m.scroll+h; i++ {
		if g := m.rows[i].group; g != nil {
			out = append(out, g.Name)
		}
	}
	return out
}

// --- moves ---

func (m *Model) move(d int) {
	switch {
	case m.detail:
		n := 0
		if g, ok := m.selectedGroup(); ok {
			n = len(g.Instances)
		}
		m.detailCursor = max(0, min(n-1, m.detailCursor+d))
	case m.focus == paneAlerts:
		n := len(m.visibleAlerts())
		m.alertCursor = max(0, min(n-1, m.alertCursor+d))
	default:
		m.setCursor(m.cursor + d)
	}
}

func (m *Model) moveUp() tea.Cmd   { m.move(-1); return nil }
func (m *Model) moveDown() tea.Cmd { m.move(1); return nil }
func (m *Model) pageUp() tea.Cmd   { m.move(-m.groupsHeight()); return nil }
func (m *Model) pageDown() tea.Cmd { m.move(m.groupsHeight()); return nil }
func (m *Model) top() tea.Cmd      { m.move(-1 << 20); return nil }
func (m *Model) bottom() tea.Cmd   { m.move(1 << 20); return nil }

func (m *Model) cyclePane(d int) {
	if m.detail {
		return
	}
	m.focus = pane((int(m.focus) + d + int(paneCount)) % int(paneCount))
	if m.focus >= paneMetrics {
		m.lastRight = m.focus
	}
}

func (m *Model) nextPane() tea.Cmd { m.cyclePane(1); return nil }
func (m *Model) prevPane() tea.Cmd { m.cyclePane(-1); return nil }

func (m *Model) openDetail() tea.Cmd {
	if m.focus == paneAlerts {
		// enter on an alert jumps to its group
		if a, ok := m.selectedAlert(); ok && a.Group != "" {
			m.selected = a.Group
			m.rebuildRows()
		}
	}
	m.detail = true
	m.detailCursor = 0
	return nil
}

func (m *Model) back() tea.Cmd {
	switch {
	case m.detail:
		m.detail = false
	case m.filter != "":
		m.filter = ""
		m.rebuildRows()
	case m.tier != "":
		m.tier = ""
		m.rebuildRows()
	default:
		m.status = ""
	}
	return nil
}

func (m *Model) cycleSort() tea.Cmd {
	m.sort = (m.sort + 1) % 3
	m.rebuildRows()
	m.setStatus(statusInfo, "groups sorted by %s", sortNames[m.sort])
	return nil
}

func (m *Model) rangeLonger() tea.Cmd {
	m.rangeIdx = min(m.rangeIdx+1, len(model.Ranges)-1)
	m.setStatus(statusInfo, "metrics range %s", rangeName(model.Ranges[m.rangeIdx]))
	return nil
}

func (m *Model) rangeShorter() tea.Cmd {
	m.rangeIdx = max(m.rangeIdx-1, 0)
	m.setStatus(statusInfo, "metrics range %s", rangeName(model.Ranges[m.rangeIdx]))
	return nil
}

func (m *Model) toggleTimelineScope() tea.Cmd {
	m.timelineAll = !m.timelineAll
	return nil
}

func (m *Model) toggleHelp() tea.Cmd {
	m.help = !m.help
	m.helpScroll = 0
	return nil
}

// --- rendering ---

func (m *Model) groupsTitle() string {
	t := fmt.Sprintf("Groups %d", m.groupCount())
	if m.snap != nil && m.groupCount() != len(m.snap.Groups) {
		t = fmt.Sprintf("Groups %d of %d", m.groupCount(), len(m.snap.Groups))
	}
	if m.filter != "" {
		t += " /" + m.filter
	}
	if m.tier != "" {
		t += " tier " + m.tier
	}
	if m.sort != sortTier {
		t += " by " + sortNames[m.sort]
	}
	return t
}

type groupCols struct {
	name, spark, flags int
	caps, count        int // min/desired/max, and each instance count
	tgt                bool
}

// groupColumns shares w between the columns. The name is the row's
// identity, so it keeps up to 20 cells before the sparkline goes; the
// sparkline and flags shrink first, and grow with spare room.
func groupColumns(w, nameWant, capsW, countW int) groupCols {
	c := groupCols{spark: 24, flags: 16, tgt: true, caps: max(capsW, 11), count: max(countW, 4)}
	fixed := func() int {
		f := 2 + 1 + c.caps + 3*c.count + 1 + 5 + 1 + c.flags
		if c.spark > 0 {
			f += c.spark + 1
		}
		if c.tgt {
			f += 5
		}
		return f
	}
	want := max(8, min(nameWant, 32))
	for w-fixed() < want {
		switch {
		case c.spark > 8:
			c.spark--
		case c.flags > 7:
			c.flags--
		case want > 20:
			want--
		case c.spark > 0:
			c.spark = 0
		case want > 14:
			want--
		case c.tgt:
			c.tgt = false
		default:
			c.name = max(w-fixed(), 1)
			return c
		}
	}
	c.name = w - fixed()
	if extra := c.name - max(nameWant, want); extra > 0 {
		// room to spare: a longer sparkline
		switch {
		case c.spark > 0:
			c.spark += min(extra, 36-c.spark)
		case extra >= 7:
			c.spark = min(extra-1, 36)
		}
		c.name = w - fixed()
	}
	return c
}

func (m *Model) groupsLines(w, h int) []string {
	st := &m.st
	c := groupColumns(w, m.nameW, m.capsW, m.countW)
	out := make([]string, 0, h)
	hd := m.newLine(w)
	hd.col(st.Muted, "", 2).col(st.Muted, "NAME", c.name).add(st.Muted, " ").
		rcol(st.Muted, "MIN/DES/MAX", c.caps).rcol(st.Muted, "INS", c.count).rcol(st.Muted, "PEN", c.count).rcol(st.Muted, "UNH", c.count).add(st.Muted, " ")
	if c.spark > 0 {
		hd.col(st.Muted, "CPU "+rangeName(model.Ranges[m.rangeIdx]), c.spark).add(st.Muted, " ")
	}
	hd.rcol(st.Muted, "CPU", 5)
	if c.tgt {
		hd.rcol(st.Muted, "TGT", 5)
	}
	hd.add(st.Muted, " ").col(st.Muted, "FLAGS", c.flags)
	out = append(out, hd.String())
	if len(m.rows) == 0 {
		msg := "no groups"
		if m.filter != "" || m.tier != "" {
			msg = "no group matches; esc clears the filter"
		}
		out = append(out, styled(st.Muted, "  "+msg, w, m.g.Ellipsis))
		return out
	}
	scroll := max(0, min(m.scroll, len(m.rows)-1))
	for i := scroll; i < len(m.rows) && len(out) < h; i++ {
		r := m.rows[i]
		if r.group == nil {
			l := m.newLine(w)
			tier := Printable(r.tier)
			if tier == model.Untiered {
				tier = "untiered"
			}
			l.add(st.TierHeading, fmt.Sprintf("%s %s", m.g.Down, tier))
			l.add(st.Muted, fmt.Sprintf("  %d group%s  $%.2f/h", r.count, plural(r.count), r.cost))
			out = append(out, l.String())
			continue
		}
		out = append(out, m.groupRow(r.group, r.index == m.cursor, c, w))
	}
	return out
}

func (m *Model) groupRow(g *model.Group, sel bool, c groupCols, w int) string {
	st := &m.st
	l := m.newLine(w)
	l.bg = sel
	mark := "  "
	if sel {
		mark = m.g.Cursor + " "
	}
	cnt := g.Counts()
	l.col(st.Emph, mark, 2)
	nameSt := st.Base
	if sel {
		nameSt = st.Emph
	}
	l.col(nameSt, truncateMiddle(Printable(g.Name), c.name, m.g.Ellipsis), c.name).add(st.Base, " ")
	capSt := st.Base
	if g.AtMax() {
		capSt = st.Warn
	}
	l.rcol(capSt, fmt.Sprintf("%d/%d/%d", g.Min, g.Desired, g.Max), c.caps)
	insSt := st.Base
	if cnt.InService < g.Desired {
		insSt = st.Warn
	}
	l.rcol(insSt, fmt.Sprint(cnt.InService), c.count)
	l.rcol(dimIfZero(st, cnt.Pending, st.Info), fmt.Sprint(cnt.Pending), c.count)
	l.rcol(dimIfZero(st, cnt.Unhealthy, st.Err), fmt.Sprint(cnt.Unhealthy), c.count)
	l.add(st.Base, " ")
	pts := m.series(g.Name, model.MetricCPU)
	tgt, hasTgt := cpuTarget(g)
	if c.spark > 0 {
		m.sparkline(l, pts, c.spark, 0, 100, tgt, hasTgt)
		l.add(st.Base, " ")
	}
	if v, ok := model.Last(pts); ok {
		s := st.Base
		if v >= m.opts.Alerts.CPUPercent {
			s = st.Err
		} else if hasTgt && v > tgt {
			s = st.Warn
		}
		l.rcol(s, fmt.Sprintf("%.0f%%", v), 5)
	} else {
		l.rcol(st.Subtle, "-", 5)
	}
	if c.tgt {
		if p, ok := g.TargetTracking(); ok {
			l.rcol(st.Target, formatTarget(p.Target), 5)
		} else {
			l.rcol(st.Subtle, "-", 5)
		}
	}
	l.add(st.Base, " ")
	m.groupFlags(l, g, c.flags)
	return l.String()
}

func dimIfZero(st *Styles, n int, s lipglossStyle) lipglossStyle {
	if n == 0 {
		return st.Subtle
	}
	return s
}

// groupFlags writes the markers: action in flight, at max, scaling,
// suspended processes. Words, so they read without colour.
func (m *Model) groupFlags(l *lineBuilder, g *model.Group, w int) {
	st := &m.st
	start := l.w
	add := func(s lipglossStyle, text string) {
		if l.w > start {
			l.add(st.Base, " ")
		}
		l.add(s, text)
	}
	if _, ok := m.inflight[g.Name]; ok {
		add(st.Inflight, "ACTING")
	}
	if g.AtMax() {
		add(st.Warn, "MAX")
	}
	if m.snap.InProgress(g.Name) || g.Converging() {
		add(st.Info, "SCALING")
	}
	switch n := len(g.Suspended); {
	case g.ScalingFrozen() && n == len(model.FreezeScaling()):
		add(st.Warn, "FROZEN")
	case g.ScalingFrozen():
		add(st.Warn, fmt.Sprintf("FROZEN+%d", n-len(model.FreezeScaling())))
	case n > 0:
		add(st.Warn, fmt.Sprintf("SUSP%d", n))
	}
	if g.Status != "" {
		add(st.Err, Printable(g.Status))
	}
	l.col(st.Base, "", max(w-(l.w-start), 0))
}

// cpuTarget is the target of the group's CPU target-tracking policy.
func cpuTarget(g *model.Group) (float64, bool) {
	p, ok := g.TargetTracking()
	if !ok || p.Target.Metric != "ASGAverageCPUUtilization" {
		return 0, false
	}
	return p.Target.Value, true
}

func formatTarget(t *model.TargetTracking) string {
	if t == nil {
		return "-"
	}
	if t.Metric == "ASGAverageCPUUtilization" || model.PercentMetric(t.Metric) {
		return fmt.Sprintf("%g%%", t.Value)
	}
	return compact(t.Value)
}

// compact renders a number in at most 5 cells: 950, 1.2k, 35k, 1.2M.
func compact(v float64) string {
	a := v
	if a < 0 {
		a = -a
	}
	switch {
	case a >= 1e6:
		return fmt.Sprintf("%.1fM", v/1e6)
	case a >= 1e4:
		return fmt.Sprintf("%.0fk", v/1e3)
	case a >= 1e3:
		return fmt.Sprintf("%.1fk", v/1e3)
	case a >= 100 || a == float64(int64(a)):
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
