package lb

import (
	"slices"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// item is one stop of the detail's cursor: a listener, a target group,
// or a section (the load, the charts) to scroll to.
type item struct {
	key string
	l   *model.ListenerView
	tg  *model.TGView
}

// The detail's sections the cursor stops at after the target groups.
const (
	keyLoad   = "\x00load"
	keyCharts = "\x00charts"
)

// itemsOf are v's stops: its listeners, its target groups, its load and
// its charts.
func itemsOf(v *model.LBView) []item {
	var out []item
	if v != nil {
		for i := range v.Listeners {
			out = append(out, item{key: v.Listeners[i].Listener.ARN, l: &v.Listeners[i]})
		}
		for i := range v.TargetGroups {
			out = append(out, item{key: v.TargetGroups[i].TG.ARN, tg: &v.TargetGroups[i]})
		}
	}
	return append(out, item{key: keyLoad}, item{key: keyCharts})
}

func indexOfItem(items []item, key string) int {
	return slices.IndexFunc(items, func(it item) bool { return it.key == key })
}

// selectedItem is the detail's selected stop (the first when none is).
func (s *Screen) selectedItem() (item, bool) {
	v, ok := s.selected()
	if !ok {
		return item{}, false
	}
	items := itemsOf(v)
	return items[max(indexOfItem(items, s.item), 0)], true
}

// openTG is the target group whose targets are open.
func (s *Screen) openTG() (*model.TGView, bool) {
	v, ok := s.selected()
	if !ok {
		return nil, false
	}
	for i := range v.TargetGroups {
		if v.TargetGroups[i].TG.ARN == s.tg {
			return &v.TargetGroups[i], true
		}
	}
	return nil, false
}

// actTG is the target group the target group bindings act on: the one
// whose targets are open, or the one selected in the detail; else why
// there is none.
func (s *Screen) actTG() (*model.TGView, string) {
	switch s.level {
	case levelTargets:
		if tv, ok := s.openTG(); ok {
			return tv, ""
		}
	case levelDetail:
		if it, ok := s.selectedItem(); ok && it.tg != nil {
			return it.tg, ""
		}
		return nil, "select a target group in the detail first"
	}
	return nil, "open a load balancer (enter) and select a target group first"
}

// actListener is the listener the listener bindings act on: the one
// selected in the detail; else why there is none.
func (s *Screen) actListener() (*model.ListenerView, string) {
	if s.level == levelDetail {
		if it, ok := s.selectedItem(); ok && it.l != nil {
			return it.l, ""
		}
		return nil, "select a listener in the detail first"
	}
	return nil, "open a load balancer (enter) and select a listener first"
}

func needTG(s *Screen, _ *screen.Env) string {
	_, why := s.actTG()
	return why
}

func needAttributes(s *Screen, _ *screen.Env) string {
	tv, why := s.actTG()
	if why == "" && !tv.Settings.Read {
		why = "the attributes of " + text.Printable(tv.TG.Name) + " are not read yet: they are read while its load balancer is on screen"
	}
	return why
}

func needInstanceTG(s *Screen, _ *screen.Env) string {
	tv, why := s.actTG()
	if why == "" && !instanceTargets(tv.TG) {
		why = text.Printable(tv.TG.Name) + " takes " + text.Printable(tv.TG.TargetType) + " targets: register them with hoist lb register"
	}
	return why
}

func instanceTargets(tg *model.TargetGroup) bool {
	return tg.TargetType == "" || tg.TargetType == "instance"
}

func needTarget(s *Screen, _ *screen.Env) string {
	tv, why := s.actTG()
	switch {
	case why != "":
		return why
	case !tv.TargetsRead:
		return "the targets of " + text.Printable(tv.TG.Name) + " are not read yet"
	case !slices.ContainsFunc(tv.TG.Targets, model.Registered):
		return text.Printable(tv.TG.Name) + " has no registered target to drain"
	}
	return ""
}

func needSecure(s *Screen, _ *screen.Env) string {
	lv, why := s.actListener()
	if why == "" && !lv.Listener.Secure() {
		why = text.Printable(lv.Name) + " listens on " + text.Printable(lv.Listener.Protocol) + ": only HTTPS and TLS listeners have a security policy and certificates"
	}
	return why
}

func needSNICert(s *Screen, env *screen.Env) string {
	if why := needSecure(s, env); why != "" {
		return why
	}
	lv, _ := s.actListener()
	switch {
	case !lv.Listener.CertificatesRead:
		return "the certificate list of " + text.Printable(lv.Name) + " is not read yet"
	case len(lv.Listener.Certificates) < 2:
		return text.Printable(lv.Name) + " serves only its default certificate, which is replaced (" + env.Keys.KeyOf("lb-tls") + "), never removed"
	}
	return ""
}

// targetRow is one row of a target group's targets: a registered target,
// or an instance of a group behind it that is not registered (one drained
// out, to put back).
type targetRow struct {
	id     string
	t      *model.Target // nil: not registered
	group  string        // the Auto Scaling group it belongs to, if known
	zone   string
	health string // the group's word on an instance not registered
}

// targetRows are the open target group's targets, worst first, then the
// instances of the groups behind it that are not registered.
func (s *Screen) targetRows(env *screen.Env) []targetRow {
	tv, ok := s.openTG()
	if !ok {
		return nil
	}
	return rowsOf(env, tv)
}

func rowsOf(env *screen.Env, tv *model.TGView) []targetRow {
	var out []targetRow
	in := map[string]bool{}
	groupOf := map[string]string{}
	for _, g := range tv.Groups {
		if grp, ok := env.Group(g); ok {
			for _, i := range grp.Instances {
				groupOf[i.ID] = g
			}
		}
	}
	sorted := tv.TG.SortedTargets()
	for i := range sorted {
		t := &sorted[i]
		in[t.ID] = true
		out = append(out, targetRow{id: t.ID, t: t, group: groupOf[t.ID], zone: t.AZ})
	}
	for _, g := range tv.Groups {
		grp, ok := env.Group(g)
		if !ok {
			continue
		}
		for _, i := range grp.Instances {
			if !in[i.ID] {
				out = append(out, targetRow{id: i.ID, group: g, zone: i.AZ, health: i.Lifecycle})
			}
		}
	}
	return out
}

func indexOfRow(rows []targetRow, id string) int {
	return max(slices.IndexFunc(rows, func(r targetRow) bool { return r.id == id }), 0)
}
