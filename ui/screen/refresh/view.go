package refresh

import (
	"fmt"
	"sort"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// View frames what the group launches from, its refreshes and the keys.
func (s *Screen) View(env *screen.Env, w, h int) []string {
	return env.Box(s.Title(env), true, w, h, s.lines(env, w-2, h-2))
}

func (s *Screen) lines(env *screen.Env, w, h int) []string {
	st := &env.St
	k := env.Keys.KeyOf
	hint := look.Styled(st.KeyHint, fmt.Sprintf("%s start  %s cancel  %s roll back  %s resize  %s back",
		k("refresh-start"), k("refresh-cancel"), k("refresh-rollback"), k("resize"), k("back")), w, env.G.Ellipsis)
	var out []string
	if note := env.DetailNote(s.group); note != "" {
		out = append(out, env.Styled(st.Muted, text.Printable(note), w))
	}
	g, ok := env.Group(s.group)
	if !ok {
		return screen.Fill(append(out, env.Styled(st.Warn, "the group is gone from the latest snapshot; esc goes back", w)), h-1, w, hint)
	}
	d, _ := env.Detail(s.group)
	out = append(out, launchLines(env, g, d, w)...)
	out = append(out, "")
	if d == nil {
		return screen.Fill(out, h-1, w, hint)
	}
	if r, ok := model.ActiveRefresh(d.Refreshes); ok {
		out = append(out, s.runningLines(env, d, r, w)...)
	} else {
		out = append(out, env.Styled(st.OK, "no instance refresh running: "+k("refresh-start")+" starts one, "+k("resize")+" changes the instance type", w))
	}
	out = append(out, "")
	out = append(out, recentLines(env, d, w)...)
	return screen.Fill(out, h-1, w, hint)
}

// launchLines: what the group launches from, its instances by type, and
// the template's recent versions (who made them, when, with what).
func launchLines(env *screen.Env, g *model.Group, d *model.GroupDetail, w int) []string {
	st := &env.St
	out := []string{env.Styled(st.Emph, "launches from "+text.Printable(g.Launch.String()), w)}
	out = append(out, env.Styled(st.Base, "instances: "+typeCounts(g), w))
	if d == nil || d.LaunchTemplate == nil {
		return out
	}
	lt := d.LaunchTemplate
	cur, _ := lt.Resolve(g.Launch.Version)
	for i, v := range lt.Versions {
		if i == 4 {
			break
		}
		mark, ink := "  ", st.Muted
		if v.Number == cur {
			mark, ink = env.G.Cursor+" ", st.Base
		}
		line := fmt.Sprintf("%sv%d  %s  %s  %s  created %s by %s", mark, v.Number, text.Printable(v.InstanceType), text.Printable(v.Image),
			text.Printable(v.Description), env.ClockShort(v.Created), text.Printable(shortARN(v.CreatedBy)))
		out = append(out, env.Styled(ink, line, w))
	}
	return out
}

// typeCounts are the group's live instances by type: "10 m6i.xlarge".
func typeCounts(g *model.Group) string {
	n := map[string]int{}
	for _, in := range g.Instances {
		if in.Lifecycle != model.StateTerminated {
			n[in.Type]++
		}
	}
	var parts []string
	for t, c := range n {
		parts = append(parts, fmt.Sprintf("%d %s", c, text.Printable(t)))
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// shortARN is the last part of an ARN: a role's or user's name.
func shortARN(arn string) string {
	if i := strings.LastIndex(arn, "/"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// runningLines are the refresh that runs: its progress, preferences,
// where it moves the group, and AWS's reason.
func (s *Screen) runningLines(env *screen.Env, d *model.GroupDetail, r model.InstanceRefresh, w int) []string {
	st := &env.St
	ink := st.Info
	if r.Status == model.RefreshRollbackInProgress || r.Status == model.RefreshCancelling {
		ink = st.Warn
	}
	out := wrapped(env, ink, "", fmt.Sprintf("instance refresh %s: %s", text.Printable(r.ID), text.Printable(r.Summary())), w)
	pct, what := r.Percent, "replacing instances with what the group launches from"
	if r.Desired != nil {
		what = "moving the group to " + text.Printable(r.Desired.String()) + versionNote(d, r.Desired)
	}
	if r.Rollback != nil {
		pct, what = r.Rollback.Percent, "rolling back: what it replaced goes back to what the group launches from"
	}
	out = append(out, env.Styled(st.Base, "  "+progressBar(env, pct, min(40, w/3))+fmt.Sprintf(" %d%%  started %s (%s ago)",
		pct, env.Clock(r.Start), model.ShortDuration(env.ServerNow().Sub(r.Start))), w))
	out = append(out, wrapped(env, st.Base, "  ", what, w)...)
	out = append(out, wrapped(env, st.Muted, "  ", r.Prefs.String(), w)...)
	out = append(out, wrapped(env, st.Muted, "  ", text.Printable(r.StatusReason), w)...)
	if r.Rollback != nil {
		out = append(out, env.Styled(st.Warn, fmt.Sprintf("  rollback %d%% (%d to update): %s", r.Rollback.Percent, r.Rollback.ToUpdate, text.Printable(r.Rollback.Reason)), w))
	}
	return out
}

// wrapped is s wrapped to w under indent, never cut: what an operator
// stopping a bad deploy reads.
func wrapped(env *screen.Env, ink look.Ink, indent, s string, w int) []string {
	var out []string
	if s == "" {
		return nil
	}
	for _, l := range text.Wrap(s, max(w-len(indent), 10)) {
		out = append(out, env.Styled(ink, indent+l, w))
	}
	return out
}

// versionNote says who made the version a refresh moves to, and when.
func versionNote(d *model.GroupDetail, l *model.LaunchSpec) string {
	if d.LaunchTemplate == nil {
		return ""
	}
	n, ok := d.LaunchTemplate.Resolve(l.Version)
	v, found := d.LaunchTemplate.Version(n)
	if !ok || !found {
		return ""
	}
	return fmt.Sprintf(" (%s, image %s, by %s)", v.Description, v.Image, shortARN(v.CreatedBy))
}

func progressBar(env *screen.Env, pct, n int) string {
	full := max(0, min(n, pct*n/100))
	on, off := "█", "░"
	if env.ASCII {
		on, off = "#", "."
	}
	return strings.Repeat(on, full) + strings.Repeat(off, n-full)
}

// recentLines are the refreshes that ended, newest first.
func recentLines(env *screen.Env, d *model.GroupDetail, w int) []string {
	st := &env.St
	out := []string{env.Styled(st.TierHeading, "Recent refreshes", w)}
	n := 0
	for _, r := range d.Refreshes {
		if r.Active() {
			continue
		}
		n++
		ink := st.Muted
		if r.Status == model.RefreshFailed || r.Status == model.RefreshRollbackFailed {
			ink = st.Err
		}
		end := "-"
		if !r.End.IsZero() {
			end = env.ClockShort(r.End)
		}
		out = append(out, env.Styled(ink, fmt.Sprintf("  %s  %s %d%%  %s → %s  %s  %s", shortID(r.ID), text.Printable(r.Status), r.Percent,
			env.ClockShort(r.Start), end, r.Prefs.String(), text.Printable(r.StatusReason)), w))
	}
	if n == 0 {
		out = append(out, env.Styled(st.Muted, "  none in the last weeks", w))
	}
	return out
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
