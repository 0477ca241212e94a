package overview

import (
	"fmt"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// A console that watches several regions lists the groups by region, then
// tier: a heading per region with its groups, cost and data age, so a name
// that exists in two regions is never read as one group, and the rows
// stay as wide as with one region. The selection is a region and a group;
// what the overview proposes goes to the selected group's region.

// Region is the selected group's region.
func (s *Screen) Region() string { return s.selRegion }

// regionsOf are the regions whose groups are listed, in the order watched;
// an Env without Regions (a test's) is its own region's.
func regionsOf(env *screen.Env) []screen.Region {
	var out []screen.Region
	for _, r := range env.Regions {
		if r.Snap != nil {
			out = append(out, r)
		}
	}
	if len(out) == 0 && env.Snap != nil {
		out = []screen.Region{{Name: env.Region, Snap: env.Snap, Inflight: env.Inflight, Details: env.Details}}
	}
	return out
}

// totalGroups is how many groups every region listed has.
func totalGroups(env *screen.Env) int {
	n := 0
	for _, r := range regionsOf(env) {
		n += len(r.Snap.Groups)
	}
	return n
}

// regionHeading is the heading of region's groups in list.
func regionHeading(env *screen.Env, region string, list []*model.Group) row {
	hr := row{region: region, regionHead: true, count: len(list)}
	for _, g := range list {
		hr.cost += model.CostOf(g, env.Snap.Prices).Total()
	}
	return hr
}

// regionHeadingLine draws "▾ us-west-2  US West (Oregon)  9 groups
// $1.63/h  live <15s": env is the region's; the age is as coarse as the
// header's while fresh, so an idle console redraws nothing for it.
func regionHeadingLine(env *screen.Env, r row, w int) string {
	st := &env.St
	l := env.NewLine(w)
	l.Add(st.Emph, fmt.Sprintf("%s %s", env.G.Down, text.Printable(r.region)))
	if info, ok := model.LookupRegion(r.region); ok {
		l.Add(st.Muted, "  "+info.Description)
	}
	l.Add(st.Muted, fmt.Sprintf("  %d group%s  $%.2f/h", r.count, screen.Plural(r.count), r.cost))
	if env.Snap != nil {
		f := screen.Freshness(env.Snap, env.Now, model.ClassGroups)
		ink, word := st.Muted, "live "+screen.CoarseAge(f.Age, env.Stale)
		if f.Stale(env.Stale) {
			ink, word = st.Warn, "stale "+model.ShortDuration(f.Age)
			if f.Reason != "" {
				word += ", " + f.Short()
			}
		}
		l.Add(ink, "  "+text.Printable(word))
	}
	return l.String()
}
