package overview

import (
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// row is one line of the groups pane: a region heading (a console that
// watches several regions lists each region's groups under it), a tier
// heading or a group.
type row struct {
	region     string // the region of the group, or the region the heading is of
	regionHead bool
	tier       string
	group      *model.Group // nil for a heading
	count      int          // groups under a heading
	desired    int          // tier heading: the desired capacity of its groups
	cost       float64      // heading: the tier's (region's) cost per hour
	index      int          // group rows: index into the selectable list
}

// rebuildRows recomputes the groups list from the snapshots, the filter,
// the tier and the sort, keeping the selection by region and group name.
func (s *Screen) rebuildRows(env *screen.Env) {
	s.rows = s.rows[:0]
	s.nameW, s.capsW, s.countW = 4, 11, 4
	idx := 0
	for _, r := range regionsOf(env) {
		renv := env.In(r.Name)
		list := s.matching(renv)
		s.sortGroups(renv, list)
		s.measure(list)
		if env.Multi() {
			s.rows = append(s.rows, regionHeading(renv, r.Name, list))
		}
		idx = s.addGroupRows(renv, r.Name, list, idx)
	}
	s.keepSelection(env, idx)
}

// measure widens the columns for list.
func (s *Screen) measure(list []*model.Group) {
	for _, g := range list {
		s.nameW = max(s.nameW, min(text.Width(text.Printable(g.Name)), 40))
		// Sizes are never cut: "1200/1500/2000" read as "1200/1500/20…"
		// is a wrong number, not a short one.
		s.capsW = max(s.capsW, len(fmt.Sprintf("%d/%d/%d", g.Min, g.Desired, g.Max)))
		s.countW = max(s.countW, 1+len(fmt.Sprint(max(g.Max, g.Desired, len(g.Instances)))))
	}
}

// addGroupRows adds region's groups in list, under tier headings when
// sorted by tier; idx is the selectable index of the first.
func (s *Screen) addGroupRows(env *screen.Env, region string, list []*model.Group, idx int) int {
	for i, g := range list {
		if s.sort == sortTier && (i == 0 || tierKey(list[i-1]) != tierKey(g)) {
			hr := row{region: region, tier: g.TierOrUntiered()}
			for _, o := range list[i:] {
				if tierKey(o) != tierKey(g) {
					break
				}
				hr.count++
				hr.desired += o.Desired
				hr.cost += model.CostOf(o, env.Snap.Prices).Total()
			}
			s.rows = append(s.rows, hr)
		}
		s.rows = append(s.rows, row{region: region, tier: g.TierOrUntiered(), group: g, index: idx})
		idx++
	}
	return idx
}

// keepSelection keeps the selected group by region and name; it falls
// back to the same position. Until the operator moves, several regions'
// list starts at its top, whichever region answered first.
func (s *Screen) keepSelection(env *screen.Env, n int) {
	s.cursor = min(s.cursor, max(n-1, 0))
	switch {
	case s.filter != "" || s.tier != "":
		s.moved = true // what the operator narrowed to is a choice
	case env.Multi() && !s.moved:
		s.cursor, s.selected = 0, ""
	}
	if s.selected != "" {
		for _, r := range s.rows {
			if r.group != nil && r.group.Name == s.selected && (s.selRegion == "" || r.region == s.selRegion) {
				s.cursor = r.index
				break
			}
		}
	}
	if r, ok := s.rowAt(s.cursor); ok {
		s.selected, s.selRegion = r.group.Name, r.region
	} else if n == 0 && s.filter == "" && s.tier == "" {
		s.selected = ""
	}
	if s.onTier && !s.headed(s.cursor) {
		s.onTier = false
	}
	s.clampScroll()
}

// tierHead reports whether row r is a tier's heading (not a region's).
func (s *Screen) tierHead(r int) bool {
	return r >= 0 && r < len(s.rows) && s.rows[r].group == nil && !s.rows[r].regionHead
}

// headed reports whether group i is the first under a tier heading.
func (s *Screen) headed(i int) bool {
	r := s.rowOf(i)
	return s.tierHead(r-1) && s.rows[r].group != nil && s.rows[r].index == i
}

// curRow is the row the cursor is on: a group's, or the heading above it.
func (s *Screen) curRow() int {
	r := s.rowOf(s.cursor)
	if s.onTier && r > 0 {
		r--
	}
	return r
}

// moveRow moves the cursor d rows, headings included: a tier heading is a
// place the cursor can rest (+, - and = then act on the whole tier, in
// its region). A region's heading is not: the cursor passes over it.
func (s *Screen) moveRow(d int) {
	if len(s.rows) == 0 {
		return
	}
	r, ok := s.pastRegionHead(max(0, min(len(s.rows)-1, s.curRow()+d)), d)
	if !ok {
		return
	}
	if s.tierHead(r) && r+1 < len(s.rows) && s.rows[r+1].group != nil {
		s.setCursor(s.rows[r+1].index)
		s.onTier = true
		s.clampScroll()
		return
	}
	s.setCursor(s.rows[r].index)
}

// pastRegionHead is row r, or when r is a region's heading the nearest
// row past it that is not one, looking the way the cursor moves (d) and
// then the other; false when there is none.
func (s *Screen) pastRegionHead(r, d int) (int, bool) {
	step := 1
	if d < 0 {
		step = -1
	}
	for _, st := range []int{step, -step} {
		for i := r; i >= 0 && i < len(s.rows); i += st {
			if !s.rows[i].regionHead {
				return i, true
			}
		}
	}
	return 0, false
}

// SelectedTier is the tier whose heading the cursor is on, and the groups
// listed under it: all of one region (Region), since with several
// regions each lists its own tiers under its heading.
func (s *Screen) SelectedTier(*screen.Env) (string, []string, bool) {
	if !s.onTier {
		return "", nil, false
	}
	r := s.curRow()
	var groups []string
	for _, row := range s.rows[r+1:] {
		if row.group == nil {
			break
		}
		groups = append(groups, row.group.Name)
	}
	return s.rows[r].tier, groups, len(groups) > 0
}

// matching are the snapshot's groups the tier and the filter let through.
func (s *Screen) matching(env *screen.Env) []*model.Group {
	var list []*model.Group
	f := strings.ToLower(s.filter)
	for i := range env.Snap.Groups {
		g := &env.Snap.Groups[i]
		if s.tier != "" && !strings.EqualFold(g.TierOrUntiered(), s.tier) {
			continue
		}
		if f != "" && !strings.Contains(strings.ToLower(g.Name), f) &&
			!strings.Contains(strings.ToLower(g.Tier), f) && !strings.Contains(strings.ToLower(g.Service), f) {
			continue
		}
		list = append(list, g)
	}
	return list
}

func (s *Screen) sortGroups(env *screen.Env, list []*model.Group) {
	switch s.sort {
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
			a, _ := cpuNow(env, list[i].Name)
			b, _ := cpuNow(env, list[j].Name)
			if a != b {
				return a > b
			}
			return list[i].Name < list[j].Name
		})
	}
}

// tierKey sorts untiered groups last.
func tierKey(g *model.Group) string {
	if g.Tier == "" {
		return "\xff"
	}
	return strings.ToLower(g.Tier)
}

// GroupCount is how many groups the list shows.
func (s *Screen) GroupCount() int {
	n := 0
	for _, r := range s.rows {
		if r.group != nil {
			n++
		}
	}
	return n
}

// GroupAt is the i-th group of the list as shown.
func (s *Screen) GroupAt(i int) (*model.Group, bool) { return s.groupAt(i) }

func (s *Screen) groupAt(i int) (*model.Group, bool) {
	r, ok := s.rowAt(i)
	return r.group, ok
}

// rowAt is the row of the i-th group of the list as shown.
func (s *Screen) rowAt(i int) (row, bool) {
	for _, r := range s.rows {
		if r.group != nil && r.index == i {
			return r, true
		}
	}
	return row{}, false
}

func (s *Screen) rowOf(i int) int {
	for k, r := range s.rows {
		if r.group != nil && r.index == i {
			return k
		}
	}
	return 0
}

func (s *Screen) selectFirstGroup() {
	s.cursor, s.onTier = 0, false
	s.scroll = 0
	if r, ok := s.rowAt(0); ok {
		s.selected, s.selRegion = r.group.Name, r.region
	}
	s.clampScroll()
}

func (s *Screen) setCursor(i int) {
	n := s.GroupCount()
	if n == 0 {
		return
	}
	s.moved = true
	s.cursor, s.onTier = max(0, min(n-1, i)), false
	if r, ok := s.rowAt(s.cursor); ok {
		s.selected, s.selRegion = r.group.Name, r.region
	}
	s.clampScroll()
}

// groupsHeight is the number of group rows the groups pane shows.
func (s *Screen) groupsHeight() int {
	return max(Layout(s.w, s.h)[PaneGroups].H-3, 1) // borders and the column heading
}

// clampScroll keeps the cursor's row on screen.
func (s *Screen) clampScroll() {
	h := s.groupsHeight()
	r := s.curRow()
	if r < s.scroll {
		s.scroll = r
	}
	if r >= s.scroll+h {
		s.scroll = r - h + 1
	}
	// show the headings above the first group
	if s.scroll <= 2 && r < h && s.scroll < len(s.rows) && s.rows[s.scroll].group == nil {
		s.scroll = 0
	} else if s.scroll == 1 && r < h {
		s.scroll = 0
	}
	s.scroll = max(0, min(s.scroll, max(len(s.rows)-h, 0)))
	if s.pinned(s.scroll, h) && r == s.scroll {
		s.scroll-- // the pinned heading covers the first row: not the cursor's
	}
}

// pinned reports whether the groups list, scrolled to scroll in h rows,
// draws its first rows' region heading in place of its first row: with
// several regions, a list scrolled past a region's heading still says
// whose groups these are.
func (s *Screen) pinned(scroll, h int) bool {
	return h >= 2 && scroll > 0 && scroll < len(s.rows) && s.rows[0].regionHead && !s.rows[scroll].regionHead
}

// regionHeadOf is the heading row of row i's region.
func (s *Screen) regionHeadOf(i int) row {
	for ; i >= 0; i-- {
		if s.rows[i].regionHead {
			return s.rows[i]
		}
	}
	return row{}
}

// visibleGroupNames are region's groups in view.
func (s *Screen) visibleGroupNames(region string) []string {
	var out []string
	h := s.groupsHeight()
	for i := s.scroll; i < len(s.rows) && i < s.scroll+h; i++ {
		if g := s.rows[i].group; g != nil && s.rows[i].region == region {
			out = append(out, g.Name)
		}
	}
	return out
}

// move moves the focused pane's cursor: the alerts', or the groups'.
func (s *Screen) move(env *screen.Env, d int) tea.Msg {
	if s.focus == PaneAlerts {
		s.alertCursor = max(0, min(len(s.alertRows(env))-1, s.alertCursor+d))
		return nil
	}
	s.moveRow(d)
	return nil
}

// --- rendering ---

func (s *Screen) groupsTitle(env *screen.Env) string {
	t := fmt.Sprintf("Groups %d", s.GroupCount())
	if all := totalGroups(env); all > 0 && s.GroupCount() != all {
		t = fmt.Sprintf("Groups %d of %d", s.GroupCount(), all)
	}
	if env.Multi() {
		t += fmt.Sprintf(" in %d regions", len(env.Regions))
	}
	if s.filter != "" {
		t += " /" + s.filter
	}
	if s.tier != "" {
		t += " tier " + s.tier
	}
	if s.sort != sortTier {
		t += " by " + sortNames[s.sort]
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

func (s *Screen) groupsLines(env *screen.Env, w, h int) []string {
	st := &env.St
	c := groupColumns(w, s.nameW, s.capsW, s.countW)
	out := make([]string, 0, h)
	hd := env.NewLine(w)
	hd.Col(st.Muted, "", 2).Col(st.Muted, "NAME", c.name).Add(st.Muted, " ").
		RCol(st.Muted, "MIN/DES/MAX", c.caps).RCol(st.Muted, "INS", c.count).RCol(st.Muted, "PEN", c.count).RCol(st.Muted, "UNH", c.count).Add(st.Muted, " ")
	if c.spark > 0 {
		hd.Col(st.Muted, "CPU "+screen.RangeName(s.Range()), c.spark).Add(st.Muted, " ")
	}
	hd.RCol(st.Muted, "CPU", 5)
	if c.tgt {
		hd.RCol(st.Muted, "TGT", 5)
	}
	hd.Add(st.Muted, " ").Col(st.Muted, "FLAGS", c.flags)
	out = append(out, hd.String())
	if len(s.rows) == 0 {
		msg := "no groups"
		if s.filter != "" || s.tier != "" {
			msg = "no group matches; esc clears the filter"
		}
		return append(out, env.Styled(st.Muted, "  "+msg, w))
	}
	scroll := max(0, min(s.scroll, len(s.rows)-1))
	if s.pinned(scroll, h-1) { // h-1: the column heading is one of h
		hr := s.regionHeadOf(scroll)
		out = append(out, regionHeadingLine(env.In(hr.region), hr, w))
		scroll++
	}
	for i := scroll; i < len(s.rows) && len(out) < h; i++ {
		r := s.rows[i]
		switch {
		case r.regionHead:
			out = append(out, regionHeadingLine(env.In(r.region), r, w))
		case r.group == nil:
			out = append(out, s.headingRow(env, r, s.onTier && i == s.curRow(), w))
		case env.In(r.region).Snap != nil: // a region dropped since the rows were built has none
			out = append(out, s.groupRow(env.In(r.region), r.group, r.index == s.cursor && !s.onTier, c, w))
		}
	}
	return out
}

// headingRow is a tier's heading: its groups, their desired total and
// cost. Selected, it says what the scale keys do there.
func (s *Screen) headingRow(env *screen.Env, r row, sel bool, w int) string {
	st := &env.St
	l := env.NewLine(w)
	l.BG = sel
	tier := text.Printable(r.tier)
	if tier == model.Untiered {
		tier = "untiered"
	}
	mark := env.G.Down
	if sel {
		mark = env.G.Cursor
	}
	if env.Multi() {
		l.Add(st.Base, "  ") // under its region's heading
	}
	l.Add(st.TierHeading, fmt.Sprintf("%s %s", mark, tier))
	l.Add(st.Muted, fmt.Sprintf("  %d group%s  desired %d  $%.2f/h", r.count, screen.Plural(r.count), r.desired, r.cost))
	if sel {
		k := env.Keys.KeyOf
		l.Add(st.KeyHint, fmt.Sprintf("  %s %s %s: every group", k("scale-out"), k("scale-in"), k("set-desired")))
	}
	return l.String()
}

func (s *Screen) groupRow(env *screen.Env, g *model.Group, sel bool, c groupCols, w int) string {
	st := &env.St
	l := env.NewLine(w)
	l.BG = sel
	mark, nameSt := "  ", st.Base
	if sel {
		mark, nameSt = env.G.Cursor+" ", st.Emph
	}
	cnt := g.Counts()
	l.Col(st.Emph, mark, 2)
	l.Col(nameSt, text.TruncateMiddle(text.Printable(g.Name), c.name, env.G.Ellipsis), c.name).Add(st.Base, " ")
	capSt := st.Base
	if g.AtMax() {
		capSt = st.Warn
	}
	l.RCol(capSt, fmt.Sprintf("%d/%d/%d", g.Min, g.Desired, g.Max), c.caps)
	insSt := st.Base
	if cnt.InService < g.Desired {
		insSt = st.Warn
	}
	l.RCol(insSt, fmt.Sprint(cnt.InService), c.count)
	l.RCol(dimIfZero(st, cnt.Pending, st.Info), fmt.Sprint(cnt.Pending), c.count)
	l.RCol(dimIfZero(st, cnt.Unhealthy, st.Err), fmt.Sprint(cnt.Unhealthy), c.count)
	l.Add(st.Base, " ")
	s.cpuCells(env, l, g, c)
	l.Add(st.Base, " ")
	groupFlags(env, l, g, c.flags)
	return l.String()
}

// cpuCells are the CPU sparkline, the CPU now and the target.
func (s *Screen) cpuCells(env *screen.Env, l *look.Line, g *model.Group, c groupCols) {
	st := &env.St
	pts := s.series(env, g.Name, model.MetricCPU)
	tgt, hasTgt := screen.CPUTarget(g)
	if c.spark > 0 {
		s.sparkline(env, l, pts, c.spark, 0, 100, tgt, hasTgt)
		l.Add(st.Base, " ")
	}
	if v, ok := model.Last(pts); ok {
		ink := st.Base
		if v >= env.Thresholds.CPUPercent {
			ink = st.Err
		} else if hasTgt && v > tgt {
			ink = st.Warn
		}
		l.RCol(ink, fmt.Sprintf("%.0f%%", v), 5)
	} else {
		l.RCol(st.Subtle, "-", 5)
	}
	if c.tgt {
		if p, ok := g.TargetTracking(); ok {
			l.RCol(st.Target, screen.FormatTarget(p.Target), 5)
		} else {
			l.RCol(st.Subtle, "-", 5)
		}
	}
}

func dimIfZero(st *look.Styles, n int, s look.Ink) look.Ink {
	if n == 0 {
		return st.Subtle
	}
	return s
}

// groupFlags writes the markers: action in flight, at max, scaling,
// suspended processes. Words, so they read without colour.
func groupFlags(env *screen.Env, l *look.Line, g *model.Group, w int) {
	st := &env.St
	start := l.W
	add := func(s look.Ink, t string) {
		if l.W > start {
			l.Add(st.Base, " ")
		}
		l.Add(s, t)
	}
	if _, ok := env.Inflight[g.Name]; ok {
		add(st.Inflight, "ACTING")
	}
	if g.AtMax() {
		add(st.Warn, "MAX")
	}
	if env.Snap.InProgress(g.Name) || g.Converging() {
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
		add(st.Err, text.Printable(g.Status))
	}
	l.Col(st.Base, "", max(w-(l.W-start), 0))
}
