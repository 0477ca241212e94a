package aws

import (
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/solemate/hoist/model"
)

// world is everything the poller knows, owned by its loop goroutine. Each
// class replaces its part; snapshot assembles an immutable model.Snapshot.
// Slices handed to a snapshot are never written again: every change builds
// a new slice (copy on write).
type world struct {
	s *Session

	rawGroups  []model.Group // as DescribeAutoScalingGroups gave them
	groupLT    map[string]ltRef
	ltTypes    map[ltRef]string
	policies   map[string][]model.Policy
	scheduled  map[string][]model.ScheduledAction
	instances  map[string]instanceInfo
	groups     []model.Group // merged, published
	groupsDirt bool

	activities []model.Activity
	inProgress map[string]bool

	alarms  []model.Alarm
	history []model.AlarmEvent

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
		s:          s,
		groupLT:    map[string]ltRef{},
		ltTypes:    map[ltRef]string{},
		policies:   map[string][]model.Policy{},
		scheduled:  map[string][]model.ScheduledAction{},
		instances:  map[string]instanceInfo{},
		inProgress: map[string]bool{},
		listeners:  map[string]listenersAt{},
		attrs:      map[string]attrsAt{},
		targets:    map[string]targetsAt{},
		lb:         newLBDetails(),
		prices:     s.prices,
	}
}

func (w *world) setGroups(r groupsResult) {
	w.rawGroups = r.groups
	w.groupLT = r.lt
	w.groupsDirt = true
}

// patchGroups replaces the named groups with a fresh read, keeping the
// rest; a named group absent from res has been deleted.
func (w *world) patchGroups(names []string, res groupsResult) {
	byName := map[string]model.Group{}
	for _, g := range res.groups {
		byName[g.Name] = g
	}
	out := make([]model.Group, 0, len(w.rawGroups)+len(res.groups))
	seen := map[string]bool{}
	for _, g := range w.rawGroups {
		if slices.Contains(names, g.Name) {
			if ng, ok := byName[g.Name]; ok {
				out = append(out, ng)
			}
			seen[g.Name] = true
			continue
		}
		out = append(out, g)
	}
	for _, g := range res.groups {
		if !seen[g.Name] {
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	lt := maps.Clone(w.groupLT)
	maps.Copy(lt, res.lt)
	w.rawGroups, w.groupLT, w.groupsDirt = out, lt, true
}

func (w *world) setActivities(acts []model.Activity) {
	w.activities = acts
	w.inProgress = map[string]bool{}
	for _, a := range acts {
		if !a.Done() {
			w.inProgress[a.Group] = true
		}
	}
}

// mergeActivities folds a group's fresh activities into the account's.
func (w *world) mergeActivities(acts []model.Activity) {
	byID := map[string]model.Activity{}
	for _, a := range w.activities {
		byID[a.ID] = a
	}
	for _, a := range acts {
		byID[a.ID] = a
	}
	out := make([]model.Activity, 0, len(byID))
	for _, a := range byID {
		out = append(out, a)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.After(out[j].Start)
		}
		return out[i].ID < out[j].ID
	})
	w.setActivities(out)
}

func (w *world) setAlarms(alarms []model.Alarm, hist []model.AlarmEvent, histOK bool) {
	w.alarms = alarms
	if !histOK {
		return
	}
	group := make(map[string]string, len(alarms))
	for _, a := range alarms {
		group[a.Name] = a.Group
	}
	for i := range hist {
		hist[i].Group = group[hist[i].Alarm] // hist is fresh: ours to fill
	}
	w.history = hist
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
	w.groupsDirt = true
}

func (w *world) addInstances(info map[string]instanceInfo) {
	if len(info) == 0 {
		return
	}
	// Keep only instances still in a group, so the map does not grow
	// forever on a fleet that churns.
	live := map[string]bool{}
	for _, g := range w.rawGroups {
		for _, in := range g.Instances {
			live[in.ID] = true
		}
	}
	m := make(map[string]instanceInfo, len(live))
	for id, v := range w.instances {
		if live[id] {
			m[id] = v
		}
	}
	maps.Copy(m, info)
	w.instances = m
	w.groupsDirt = true
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
// about, and counts the groups' instances.
func (w *world) unknownInstances() (ids []string, fleet int) {
	for _, g := range w.rawGroups {
		fleet += len(g.Instances)
		for _, in := range g.Instances {
			if _, ok := w.instances[in.ID]; !ok {
				ids = append(ids, in.ID)
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
	for _, g := range w.mergedGroups() {
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
	snap := model.Snapshot{Groups: w.mergedGroups(), TargetGroups: w.mergedTGs(), LoadBalancers: w.mergedLBs()}
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

// mergedGroups joins groups with their policies, schedules, launch
// template types and instance details, rebuilding only when a part changed.
func (w *world) mergedGroups() []model.Group {
	if !w.groupsDirt {
		return w.groups
	}
	out := make([]model.Group, len(w.rawGroups))
	for i, g := range w.rawGroups {
		g.Policies = w.policies[g.Name]
		g.Scheduled = w.scheduled[g.Name]
		if len(g.InstanceTypes) == 0 {
			if t, ok := w.ltTypes[w.groupLT[g.Name]]; ok {
				g.InstanceTypes = []string{t}
			}
		}
		if len(g.Instances) > 0 {
			ins := make([]model.Instance, len(g.Instances))
			for j, in := range g.Instances {
				if info, ok := w.instances[in.ID]; ok {
					in.Launched = info.Launched
					in.Spot = info.Spot
					if in.Type == "" {
						in.Type = info.Type
					}
				}
				ins[j] = in
			}
			g.Instances = ins
		}
		out[i] = g
	}
	w.groups, w.groupsDirt = out, false
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
		Groups:          w.mergedGroups(),
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
	}
}
