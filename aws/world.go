package aws

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// world is everything the poller knows, owned by its loop goroutine. Each
// class replaces its part; snapshot assembles an immutable model.Snapshot.
// Slices handed to a snapshot are never written again: every change builds
// a new slice (copy on write).
type world struct {
	s *Session

	// groups are as DescribeAutoScalingGroups gave them, merged at once
	// with their policies, schedules, launch template types and what
	// DescribeInstances said of their instances: one copy, published as
	// it is. Each change builds a new slice, and a new instance slice for
	// a group whose instances change.
	groups    []model.Group
	groupLT   map[string]ltRef
	ltTypes   map[ltRef]string
	policies  map[string][]model.Policy
	scheduled map[string][]model.ScheduledAction

	// patched is when each group last re-read by name was read, so that a
	// sweep that began before is not taken over it.
	patched readTimes

	// Activities come from the account's latest page, the selected
	// group's, and groups refreshed after an action; activities merges
	// them, newest read first.
	actsAccount, actsSelected, actsRefreshed actsRead
	activities                               []model.Activity
	inProgress                               map[string]bool

	alarms        []model.Alarm // sorted by name
	alarmsPatched readTimes
	history       []model.AlarmEvent

	rawLBs     []model.LoadBalancer
	rawTGs     []model.TargetGroup
	listeners  map[string]listenersAt
	attrs      map[string]attrsAt
	targets    map[string]targetsAt
	lbs        []model.LoadBalancer
	tgs        []model.TargetGroup
	frontsDirt bool
	lb         lbDetails

	series          map[model.SeriesKey][]model.Point
	units           map[model.SeriesKey]string
	metricsPerCycle int

	prices     model.Prices
	generation uint64
}

type listenersAt struct {
	ls []model.Listener
	at time.Time
}
type attrsAt struct {
	m  map[string]string
	at time.Time
}
type targetsAt struct {
	ts []model.Target
	at time.Time
}

// detailsTTL is how long target group attributes and the certificate
// lists and rules of listeners on screen are kept before they are read
// again: they change rarely and cost one call each.
const detailsTTL = 5 * time.Minute

func newWorld(s *Session) *world {
	return &world{
		s:             s,
		groupLT:       map[string]ltRef{},
		ltTypes:       map[ltRef]string{},
		policies:      map[string][]model.Policy{},
		scheduled:     map[string][]model.ScheduledAction{},
		inProgress:    map[string]bool{},
		patched:       readTimes{},
		alarmsPatched: readTimes{},
		listeners:     map[string]listenersAt{},
		attrs:         map[string]attrsAt{},
		targets:       map[string]targetsAt{},
		lb:            newLBDetails(),
		prices:        s.prices,
	}
}

// setGroups takes a read of every group that began at started. Groups
// re-read by name since then keep that newer read.
func (w *world) setGroups(r groupsResult, started time.Time) {
	newer := w.patched.since(started)
	lt := r.lt
	for name := range newer {
		delete(lt, name)
		if ref, ok := w.groupLT[name]; ok {
			lt[name] = ref
		}
	}
	w.groupLT = lt
	w.merge(r.groups)
	w.groups = keepNewer(r.groups, w.groups, nameOfGroup, newer)
}

// patchGroups replaces the named groups with a read that began at started,
// keeping the rest. A named group absent from res stays as it was: only a
// read of every group removes one. A name read back from AWS is not always
// a name AWS finds (hostile text, characters XML cannot carry), and a
// list that drops those rows on every fast read and brings them back on
// every full one flickers under the cursor; a group really deleted goes
// with the next read of every group. A group read again since started
// keeps that newer read.
func (w *world) patchGroups(names []string, res groupsResult, started time.Time) {
	skip := w.patched.mark(names, started)
	lt := maps.Clone(w.groupLT)
	for _, n := range names {
		if skip[n] {
			continue
		}
		delete(lt, n)
		if ref, ok := res.lt[n]; ok {
			lt[n] = ref
		}
	}
	w.groupLT = lt
	w.merge(res.groups)
	w.groups = replaceByName(w.groups, res.groups, nil, nameOfGroup, skip)
}

// merge completes freshly read groups, which are the world's to change:
// their policies, schedules and launch template type, and their
// instances' launch time and lifecycle from the version read before.
func (w *world) merge(fresh []model.Group) {
	for i := range fresh {
		g := &fresh[i]
		w.mergeParts(g)
		if old, ok := w.group(g.Name); ok && len(old.Instances) > 0 && len(g.Instances) > 0 {
			known := make(map[string]*model.Instance, len(old.Instances))
			for j := range old.Instances {
				known[old.Instances[j].ID] = &old.Instances[j]
			}
			for j := range g.Instances {
				if o := known[g.Instances[j].ID]; o != nil && !o.Launched.IsZero() {
					carryInfo(&g.Instances[j], o.Launched, o.Spot, o.Type)
				}
			}
		}
	}
}

// mergeParts sets what other classes know of g.
func (w *world) mergeParts(g *model.Group) {
	g.Policies = w.policies[g.Name]
	g.Scheduled = w.scheduled[g.Name]
	if len(g.InstanceTypes) == 0 {
		if t, ok := w.ltTypes[w.groupLT[g.Name]]; ok {
			g.InstanceTypes = []string{t}
		}
	}
}

func carryInfo(in *model.Instance, launched time.Time, spot bool, typ string) {
	in.Launched, in.Spot = launched, spot
	if in.Type == "" {
		in.Type = typ
	}
}

func nameOfGroup(g *model.Group) string { return g.Name }

// group finds a raw group by name.
func (w *world) group(name string) (*model.Group, bool) {
	i, ok := slices.BinarySearchFunc(w.groups, name, func(g model.Group, n string) int { return strings.Compare(g.Name, n) })
	if !ok {
		return nil, false
	}
	return &w.groups[i], true
}

// scaling lists the groups of names that are scaling: an activity in
// progress, or instances launching or terminating (which shows even when
// the activity has left the account's latest page).
func (w *world) scaling(names []string) []string {
	var out []string
	for _, n := range names {
		if w.inProgress[n] {
			out = append(out, n)
			continue
		}
		if g, ok := w.group(n); ok {
			if c := g.Counts(); c.Pending > 0 || c.Terminating > 0 {
				out = append(out, n)
			}
		}
	}
	return out
}

// actsRead is one source of activities and when its read began.
type actsRead struct {
	acts []model.Activity
	at   time.Time
}

// setActivities takes the account's latest page. It supersedes refreshed
// groups' activities read before it began.
func (w *world) setActivities(acts []model.Activity, started time.Time) {
	w.actsAccount = actsRead{acts, started}
	if w.actsRefreshed.at.Before(started) {
		w.actsRefreshed = actsRead{}
	}
	w.mergeActivities()
}

// setSelectedActivities takes the selected group's latest page.
func (w *world) setSelectedActivities(group string, acts []model.Activity, started time.Time) {
	w.actsSelected = actsRead{acts, started}
	w.mergeActivities()
}

// setGroupActivities takes the activities of groups refreshed after an
// action, until the account's next page.
func (w *world) setGroupActivities(acts []model.Activity, started time.Time) {
	w.actsRefreshed = actsRead{acts, started}
	w.mergeActivities()
}

// mergeActivities joins the sources, the newest read of an activity
// winning, newest first.
func (w *world) mergeActivities() {
	srcs := []actsRead{w.actsAccount, w.actsSelected, w.actsRefreshed}
	slices.SortStableFunc(srcs, func(a, b actsRead) int { return b.at.Compare(a.at) })
	seen := map[string]bool{}
	var out []model.Activity
	for _, src := range srcs {
		for _, a := range src.acts {
			if !seen[a.ID] {
				seen[a.ID] = true
				out = append(out, a)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.After(out[j].Start)
		}
		return out[i].ID < out[j].ID
	})
	w.activities = out
	w.inProgress = map[string]bool{}
	for _, a := range out {
		if !a.Done() {
			w.inProgress[a.Group] = true
		}
	}
}

// setAlarms takes a read of every alarm that began at started. Alarms
// re-read by name since keep that newer read.
func (w *world) setAlarms(alarms []model.Alarm, started time.Time) {
	w.alarms = keepNewer(alarms, w.alarms, alarmName, w.alarmsPatched.since(started))
	w.groupHistory()
}

// patchAlarms takes alarms read by state or by name in a read that began
// at started; asked are names read by name, so one missing from read was
// deleted.
func (w *world) patchAlarms(read []model.Alarm, asked []string, started time.Time) {
	names := slices.Clone(asked)
	for i := range read {
		names = append(names, read[i].Name)
	}
	skip := w.alarmsPatched.mark(names, started)
	w.alarms = replaceByName(w.alarms, read, asked, alarmName, skip)
	w.groupHistory()
}

func alarmName(a *model.Alarm) string { return a.Name }

// firingAlarms names the alarms last seen in ALARM.
func (w *world) firingAlarms() []string {
	var out []string
	for i := range w.alarms {
		if w.alarms[i].State == model.AlarmAlarm {
			out = append(out, w.alarms[i].Name)
		}
	}
	return out
}

// alarmNamesOf names group's alarms.
func (w *world) alarmNamesOf(group string) []string {
	var out []string
	for i := range w.alarms {
		if w.alarms[i].Group == group {
			out = append(out, w.alarms[i].Name)
		}
	}
	return out
}

func (w *world) setHistory(hist []model.AlarmEvent) {
	w.history = hist
	w.groupHistory()
}

// groupHistory names each history event's group from its alarm, in a new
// slice: published snapshots hold the old one.
func (w *world) groupHistory() {
	if len(w.history) == 0 {
		return
	}
	group := make(map[string]string, len(w.alarms))
	for i := range w.alarms {
		group[w.alarms[i].Name] = w.alarms[i].Group
	}
	out := slices.Clone(w.history)
	for i := range out {
		out[i].Group = group[out[i].Alarm]
	}
	w.history = out
}

func (w *world) setLoadBalancers(lbs []model.LoadBalancer, tgs []model.TargetGroup) {
	w.rawLBs, w.rawTGs, w.frontsDirt = lbs, tgs, true
}

func (w *world) setPolicies(p map[string][]model.Policy, s map[string][]model.ScheduledAction, lt map[ltRef]string) {
	w.policies, w.scheduled = p, s
	if len(lt) > 0 {
		m := maps.Clone(w.ltTypes)
		maps.Copy(m, lt)
		w.ltTypes = m
	}
	out := slices.Clone(w.groups)
	for i := range out {
		w.mergeParts(&out[i])
	}
	w.groups = out
}

// addInstances takes what DescribeInstances said of instances, into the
// groups that hold them.
func (w *world) addInstances(info map[string]instanceInfo) {
	if len(info) == 0 {
		return
	}
	out := slices.Clone(w.groups)
	for i := range out {
		g := &out[i]
		var ins []model.Instance
		for j, in := range g.Instances {
			if v, ok := info[in.ID]; ok {
				if ins == nil {
					ins = slices.Clone(g.Instances)
				}
				carryInfo(&ins[j], v.Launched, v.Spot, v.Type)
			}
		}
		if ins != nil {
			g.Instances = ins
		}
	}
	w.groups = out
}

func (w *world) setSeries(series map[model.SeriesKey][]model.Point, units map[model.SeriesKey]string, n int) {
	if series != nil {
		w.series, w.units = series, units
	}
	w.metricsPerCycle = n
}

func (w *world) setSpot(spot map[string]float64) {
	if spot == nil {
		return
	}
	p := w.s.prices
	p.Spot = spot
	w.prices = p
}

// unknownInstances lists instance ids DescribeInstances has not told us
// about (every instance has a launch time), and counts the groups'
// instances.
func (w *world) unknownInstances() (ids []string, fleet int) {
	for i := range w.groups {
		g := &w.groups[i]
		fleet += len(g.Instances)
		for j := range g.Instances {
			if g.Instances[j].Launched.IsZero() {
				ids = append(ids, g.Instances[j].ID)
			}
		}
	}
	return ids, fleet
}

func (w *world) unknownLaunchTemplates() []ltRef {
	seen := map[ltRef]bool{}
	var out []ltRef
	for _, r := range w.groupLT {
		if _, ok := w.ltTypes[r]; !ok && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ref+out[i].version < out[j].ref+out[j].version })
	return out
}

// instanceTypes lists the types in use or launchable, for spot prices.
func (w *world) instanceTypes() []string {
	set := map[string]bool{}
	for _, g := range w.groups {
		for _, t := range g.InstanceTypes {
			set[t] = true
		}
		for _, in := range g.Instances {
			if in.Type != "" {
				set[in.Type] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// metricSpecs lists the queries for what is on screen: the overview
// series for each visible row, every detail series for the selected group.
func (w *world) metricSpecs(v model.Visible) []model.MetricSpec {
	snap := model.Snapshot{Groups: w.groups, TargetGroups: w.mergedTGs(), LoadBalancers: w.mergedLBs()}
	seen := map[model.SeriesKey]bool{}
	var out []model.MetricSpec
	add := func(name string, want []model.Metric) {
		g, ok := snap.Group(name)
		if !ok {
			return
		}
		tg, lb := snap.FrontOf(g)
		for _, sp := range model.MetricSpecs(g, tg, lb, want) {
			if !seen[sp.Key] {
				seen[sp.Key] = true
				out = append(out, sp)
			}
		}
	}
	if v.Selected != "" {
		add(v.Selected, model.DetailMetrics)
	}
	rows := v.Groups
	if v.All {
		rows = rows[:0:0]
		for _, g := range snap.Groups {
			rows = append(rows, g.Name)
		}
	}
	for _, name := range rows {
		add(name, v.RowMetrics())
	}
	for _, sp := range w.lbMetricSpecs(v) {
		if !seen[sp.Key] {
			seen[sp.Key] = true
			out = append(out, sp)
		}
	}
	return out
}

func (w *world) mergeFronts() {
	if !w.frontsDirt {
		return
	}
	lbs := make([]model.LoadBalancer, len(w.rawLBs))
	for i, lb := range w.rawLBs {
		if l, ok := w.listeners[lb.ARN]; ok {
			lb.Listeners, lb.ListenersRead = w.withDetails(l.ls), l.at
		}
		lbs[i] = lb
	}
	tgs := make([]model.TargetGroup, len(w.rawTGs))
	for i, tg := range w.rawTGs {
		if a, ok := w.attrs[tg.ARN]; ok {
			tg.Attributes = a.m
		}
		if t, ok := w.targets[tg.ARN]; ok {
			tg.Targets, tg.TargetsFetched = t.ts, t.at
		}
		tgs[i] = tg
	}
	w.lbs, w.tgs, w.frontsDirt = lbs, tgs, false
}

func (w *world) mergedLBs() []model.LoadBalancer { w.mergeFronts(); return w.lbs }
func (w *world) mergedTGs() []model.TargetGroup  { w.mergeFronts(); return w.tgs }

// snapshot assembles the next immutable snapshot.
func (w *world) snapshot(session uint64, fresh map[model.Class]model.Freshness, metricsEvery time.Duration) model.Snapshot {
	w.generation++
	s := w.s
	id := s.identity
	return model.Snapshot{
		Session:         session,
		Generation:      w.generation,
		Taken:           s.clock.Now(),
		Identity:        id,
		Region:          s.region,
		Profile:         s.opts.Profile,
		Endpoint:        s.endpoint,
		Simulator:       id.IsSimulator(),
		ReadOnly:        s.ReadOnly(),
		Skew:            s.Skew(),
		Groups:          w.groups,
		LoadBalancers:   w.mergedLBs(),
		TargetGroups:    w.mergedTGs(),
		Certificates:    w.certificates(),
		SSLPolicies:     w.lb.policies,
		Alarms:          w.alarms,
		AlarmHistory:    w.history,
		Activities:      w.activities,
		Series:          w.series,
		Units:           w.units,
		Prices:          w.prices,
		Fresh:           fresh,
		MetricsPerCycle: w.metricsPerCycle,
		MetricsEvery:    metricsEvery,
	}.Indexed()
}
