package insight

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// refWords names the reference metric in evidence: its CloudWatch name and
// how a target on it reads.
func refWords(r Reference) (metric, at string) {
	switch r.Metric {
	case RefMemory:
		return "mem_used_percent", num(r.Target) + "% memory"
	case RefRequests:
		return "RequestCountPerTarget", num(r.Target) + " requests per target a minute"
	}
	return "CPUUtilization", num(r.Target) + "% CPU"
}

// atTarget words the target a minimum is judged at: the group's own, or
// the one a recommendation before raised it to.
func atTarget(st *state, at string) string {
	if st.cfg.target != st.ref.Target {
		return fmt.Sprintf("%s%% CPU (the target recommended above)", num(st.cfg.target))
	}
	return at
}

// minTooHigh: a group that scales itself but sits at its minimum much of
// the time, when far fewer instances would have carried the load of its
// quietest hours (the night, most often): the minimum is the floor for
// them, and target tracking adds what the rest of the day needs.
func minTooHigh(st *state) (Recommendation, config, bool) {
	g := st.g
	if !st.cfg.dynamic {
		return Recommendation{}, config{}, false
	}
	atMin := 0
	for _, x := range st.samples {
		if x.desired <= float64(g.Min)+0.01 {
			atMin++
		}
	}
	share := float64(atMin) / float64(len(st.samples))
	from, to, needs := quietestHours(st.samples, st.cfg.target)
	if share < AtMinShare || len(needs) == 0 {
		return Recommendation{}, config{}, false
	}
	p95 := pct(needs, 95)
	newMin := max(floor(g), int(math.Ceil(p95*Headroom-1e-9)))
	if newMin >= st.cfg.min {
		return Recommendation{}, config{}, false
	}
	next := st.cfg
	next.min = newMin
	metric, at := refWords(st.ref)
	return st.rec(KindMinTooHigh,
		fmt.Sprintf("Lower the minimum of %s from %d to %d", g.Name, g.Min, newMin),
		fmt.Sprintf("A surge from the new floor of %d waits for new instances: %s.", newMin, st.responseRisk()),
		[]Evidence{
			st.evidence("GroupDesiredCapacity", "at its minimum of %d for %s of the window", g.Min, Percent(share)),
			st.evidence(metric, "in its quietest hours, %02d:00-%02d:00 UTC, the load needed %s instances at %s (p95); %d keeps %s headroom",
				from, to, num(p95), atTarget(st, at), newMin, Percent(Headroom-1)),
		},
		Change{Op: OpChange, Resource: ResGroup, Group: g.Name, Fields: []model.FieldChange{field("min", itoa(g.Min), itoa(newMin))}},
	), next, true
}

// quietestHours is the run of MinQuietHours hours of the day (UTC) whose
// load was lowest on average over the window, and the instances each
// period in them needed at target, sorted.
func quietestHours(samples []sample, target float64) (from, to int, needs []float64) {
	var mean [24]struct{ sum, n float64 }
	for _, x := range samples {
		if x.hasWork {
			h := x.t.UTC().Hour()
			mean[h].sum += x.exactNeed(target)
			mean[h].n++
		}
	}
	best := math.Inf(1)
	for start := range 24 {
		sum, ok := 0.0, true
		for k := range MinQuietHours {
			m := mean[(start+k)%24]
			ok = ok && m.n > 0
			if m.n > 0 {
				sum += m.sum / m.n
			}
		}
		if ok && sum < best {
			best, from = sum, start
		}
	}
	if math.IsInf(best, 1) {
		return 0, 0, nil
	}
	to = (from + MinQuietHours) % 24
	for _, x := range samples {
		if h := (x.t.UTC().Hour() - from + 24) % 24; x.hasWork && h < MinQuietHours {
			needs = append(needs, x.exactNeed(target))
		}
	}
	slices.Sort(needs)
	return from, to, needs
}

// targetTooLow: a CPU target-tracking target so low that instances idle,
// when latency shows room to run them hotter and the busiest instance
// room to run at the higher target: the target is the group's average,
// and an instance that takes more than its share (sticky clients, a slow
// host) runs that much above it.
func targetTooLow(st *state) (Recommendation, config, bool) {
	g := st.g
	if p, ok := g.Policy(st.ref.Policy); !ok || p.Type != model.PolicyTargetTracking || !st.cfg.dynamic || st.ref.Metric != RefCPU || st.cfg.target >= LowCPUTarget {
		return Recommendation{}, config{}, false
	}
	newT := math.Min(RecommendedCPUTarget, st.cfg.target+TargetStep)
	var busy, spread []float64
	p99 := newCursor(st.d.Series.P99, st.d.Series.period(st.d.Series.P99))
	busiest := newCursor(st.d.Series.CPUMax, st.d.Series.period(st.d.Series.CPUMax))
	for _, x := range st.samples {
		if x.hasCPU && x.cpu >= st.cfg.target*0.9 {
			if v, ok := p99.at(x.t); ok {
				busy = append(busy, v)
			}
			if v, ok := busiest.at(x.t); ok && x.cpu > 0 {
				spread = append(spread, v/x.cpu)
			}
		}
	}
	var hot []Evidence
	if len(spread) > 0 {
		slices.Sort(spread)
		ratio := math.Max(1, pct(spread, BusiestPercentile))
		if newT = math.Min(newT, math.Floor(BusiestCPU/ratio)); newT <= st.cfg.target {
			return Recommendation{}, config{}, false // the busiest instance has no room
		}
		hot = append(hot, st.evidence("CPUUtilization Maximum", "the busiest instance ran at %s× the group's average (p%d of the periods at the target): near %s%% at a target of %s%%",
			num(math.Round(ratio*100)/100), BusiestPercentile, num(math.Round(ratio*newT)), num(newT)))
	}
	latency := "p99 not measured: the group is behind no load balancer"
	if len(busy) > 0 {
		l := latencyOf(busy)
		if l.Median > st.o.Guard.P99/2 {
			return Recommendation{}, config{}, false // no latency headroom
		}
		latency = fmt.Sprintf("p99 %s ms typical (worst %s ms) while CPU was at its target, under half the %s limit",
			num(l.Median), num(l.Worst), model.ShortDuration(time.Duration(st.o.Guard.P99*float64(time.Millisecond))))
	} else if len(in(st.d.Series.P99, st.w)) > 0 {
		latency = "p99 not measured at the target: CPU never reached it"
	}
	next := st.cfg
	next.target = newT
	cpu := st.cpu
	return st.rec(KindTargetTooLow,
		fmt.Sprintf("Raise the CPU target of policy %s of %s from %s%% to %s%%", st.ref.Policy, g.Name, num(st.cfg.target), num(newT)),
		fmt.Sprintf("Instances run hotter (CPU near %s%% instead of %s%%), leaving less margin for a surge: %s.", num(newT), num(st.cfg.target), st.responseRisk()),
		append([]Evidence{
			st.evidence("CPUUtilization", "p50 %s%%, p95 %s%% against a target of %s%%", num(cpu.P50), num(cpu.P95), num(st.cfg.target)),
			st.evidence("TargetResponseTime p99", "%s", latency),
		}, hot...),
		Change{Op: OpChange, Resource: ResPolicy, Group: g.Name, Name: st.ref.Policy,
			Fields: []model.FieldChange{field("target", num(st.cfg.target), num(newT))}},
	), next, true
}

// capacityTooHigh: a group with no dynamic scaling held at more instances
// than its busiest periods needed: the capacity it keeps all day is cut
// to that need with headroom (a schedule may cut the quiet hours further).
func capacityTooHigh(st *state) (Recommendation, config, bool) {
	g := st.g
	if st.cfg.dynamic || len(g.Scheduled) > 0 || st.span < 24*time.Hour {
		return Recommendation{}, config{}, false
	}
	var needs []float64
	held := 0.0
	for _, x := range st.samples {
		held = math.Max(held, x.n)
		if x.hasWork {
			needs = append(needs, x.exactNeed(st.cfg.target))
		}
	}
	if len(needs) == 0 {
		return Recommendation{}, config{}, false
	}
	slices.Sort(needs)
	p95 := pct(needs, 95)
	capacity := max(floor(g), int(math.Ceil(p95*Headroom-1e-9)))
	if capacity >= g.Desired || float64(capacity) >= held {
		return Recommendation{}, config{}, false
	}
	next := st.cfg
	next.fixed = capacity
	next.min = min(st.cfg.min, capacity)
	metric, at := refWords(st.ref)
	fields := []model.FieldChange{field("desired", itoa(g.Desired), itoa(capacity))}
	if next.min != g.Min {
		fields = append([]model.FieldChange{field("min", itoa(g.Min), itoa(next.min))}, fields...)
	}
	return st.rec(KindCapacityTooHigh,
		fmt.Sprintf("Hold %s at %d instances instead of %d", g.Name, capacity, g.Desired),
		fmt.Sprintf("It has no dynamic scaling: a load above what %d instances carry at %s waits for someone to raise it.", capacity, at),
		[]Evidence{
			st.evidence("GroupInServiceInstances", "held at up to %s with no policy that follows the load", plural(int(held), "instance")),
			st.evidence(metric, "the load needed %s instances at %s (p95 over the window); %d keeps %s headroom",
				num(p95), at, capacity, Percent(Headroom-1)),
		},
		Change{Op: OpChange, Resource: ResGroup, Group: g.Name, Fields: fields},
	), next, true
}

// scheduledScaleIn: a group with no dynamic scaling whose load keeps
// business hours while its capacity does not.
func scheduledScaleIn(st *state) (Recommendation, config, bool) {
	g := st.g
	if st.cfg.dynamic || len(g.Scheduled) > 0 || st.span < 3*24*time.Hour {
		return Recommendation{}, config{}, false
	}
	var hours [24][]float64
	var weekend []float64
	for _, x := range st.samples {
		if !x.hasWork {
			continue
		}
		t := x.t.UTC()
		if t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
			weekend = append(weekend, x.need(st.cfg.target))
			continue
		}
		hours[t.Hour()] = append(hours[t.Hour()], x.need(st.cfg.target))
	}
	var need [24]float64
	peak := 0.0
	for h := range hours {
		slices.Sort(hours[h])
		if len(hours[h]) > 0 {
			need[h] = pct(hours[h], 95)
		}
		peak = math.Max(peak, need[h])
	}
	from, n := quietRun(need, peak)
	if n < MinQuietHours {
		return Recommendation{}, config{}, false
	}
	slices.Sort(weekend)
	q := &quietHours{From: from, To: (from + n) % 24,
		Weekends: len(weekend) > 0 && pct(weekend, 95) <= QuietShare*peak}
	quietNeed, quietCap, busyCap, quietN := 0.0, 0.0, 0.0, 0
	for _, x := range st.samples {
		if q.contains(x.t) {
			quietNeed = math.Max(quietNeed, x.exactNeed(st.cfg.target))
			quietCap += x.n
			quietN++
		} else {
			busyCap = math.Max(busyCap, x.n)
		}
	}
	q.Cap = max(floor(g), int(math.Ceil(quietNeed*Headroom-1e-9)))
	if quietN == 0 || float64(q.Cap) >= quietCap/float64(quietN)-0.5 {
		return Recommendation{}, config{}, false
	}
	next := st.cfg
	next.quiet = q
	days := "* * *"
	if q.Weekends {
		days = "* * 1-5"
	}
	if st.cfg.fixed > 0 { // held at a lower capacity recommended above
		busyCap = math.Min(busyCap, float64(st.cfg.fixed))
	}
	busy := max(int(busyCap), st.cfg.min)
	metric, at := refWords(st.ref)
	when := fmt.Sprintf("%02d:00-%02d:00 UTC", q.From, q.To)
	if q.Weekends {
		when += " and weekends"
	}
	return st.rec(KindScheduledScaleIn,
		fmt.Sprintf("Scale %s in to %d from %s on a schedule", g.Name, q.Cap, when),
		"If the load comes earlier or stays later than the schedule, the group is short until someone scales it: it has no dynamic scaling policy.",
		[]Evidence{
			st.evidence(metric, "the busiest weekday hour needed %s at %s (p95); %s needed at most %s",
				plural(int(peak), "instance"), at, when, num(quietNeed)+" instances"),
			st.evidence("GroupInServiceInstances", "%s ran %s on average in those hours", g.Name, plural(int(math.Round(quietCap/float64(quietN))), "instance")),
		},
		Change{Op: OpAdd, Resource: ResSchedule, Group: g.Name, Name: "quiet-scale-in", Fields: []model.FieldChange{
			set("recurrence", fmt.Sprintf("0 %d * * *", q.From)), set("time_zone", "UTC"),
			set("min", itoa(min(st.cfg.min, q.Cap))), set("desired", itoa(q.Cap))}},
		Change{Op: OpAdd, Resource: ResSchedule, Group: g.Name, Name: "busy-scale-out", Fields: []model.FieldChange{
			set("recurrence", fmt.Sprintf("0 %d %s", q.To, days)), set("time_zone", "UTC"),
			set("min", itoa(st.cfg.min)), set("desired", itoa(busy))}},
	), next, true
}

// quietRun finds the longest run of quiet hours, wrapping midnight.
func quietRun(need [24]float64, peak float64) (from, n int) {
	if peak <= 0 {
		return 0, 0
	}
	quiet := func(h int) bool { return need[h%24] <= QuietShare*peak }
	for start := 0; start < 24; start++ {
		if !quiet(start) || quiet(start+23) { // runs start after a busy hour
			continue
		}
		k := 0
		for k < 24 && quiet(start+k) {
			k++
		}
		if k > n {
			from, n = start, k
		}
	}
	return from, n
}

// predictive: a group that scales itself by target tracking, with a
// strong daily pattern and no ForecastAndScale policy. It saves nothing;
// capacity arrives before the daily rise instead of after the alarm. The
// forecast holds the target tracking's own target: a group scaled on
// anything else (a queue's backlog) has no target the team chose, and a
// forecast at hoist's default would only add instances. It is the target
// as the recommendations before it leave it (a raised CPU target), since
// Auto Scaling keeps the higher of the forecast's capacity and target
// tracking's: a forecast at the old, lower target would hold every
// instance the raise was to save.
func predictive(st *state) (Recommendation, bool) {
	g := st.g
	if tt, ok := g.Policy(st.ref.Policy); !ok || tt.Type != model.PolicyTargetTracking || !st.cfg.dynamic || st.ref.Metric == RefMemory {
		return Recommendation{}, false
	}
	var only *model.Policy
	for i, p := range g.Policies {
		if p.Type == model.PolicyPredictive && p.Predictive != nil {
			if p.Predictive.Mode == "ForecastAndScale" {
				return Recommendation{}, false
			}
			only = &g.Policies[i]
		}
	}
	corr, ratio, hours := dailyPattern(st.samples)
	if hours < 7*24 || corr < DailyPattern || ratio < PeakToTrough {
		return Recommendation{}, false
	}
	s := Summarise(g.Name, st.d.Responses, st.w)
	benefit := "capacity for the daily rise is launched ahead of it instead of after the alarm"
	if s.OverLimit > 0 {
		benefit += fmt.Sprintf(" (%s over 2 minutes in the window)", plural(s.OverLimit, "scale-out"))
	}
	metric, at := refWords(st.ref)
	target, holds := st.cfg.target, ""
	if target != st.ref.Target {
		holds = "; the forecast holds " + atTarget(st, at)
	}
	r := st.rec(KindPredictive, fmt.Sprintf("Let predictive scaling launch the daily capacity of %s ahead of the load", g.Name),
		"When a day breaks the pattern (a holiday, a launch) the forecast launches capacity that is not needed, or too little, and target tracking still adds what it misses.",
		[]Evidence{st.evidence(metric, "load correlates %s with the same hour a day earlier over %d days; the daily peak is %s× the trough%s",
			num(corr), hours/24, num(ratio), holds)})
	r.Benefit = benefit
	pair := "ASGCPUUtilization"
	if st.ref.Metric == RefRequests {
		pair = "ALBRequestCount"
	}
	if only != nil {
		fs := []model.FieldChange{field("mode", only.Predictive.Mode, "ForecastAndScale")}
		if pr := only.Predictive; pr.Metric == pair && pr.TargetValue > 0 && pr.TargetValue != target {
			fs = append(fs, field("target", num(pr.TargetValue), num(target)))
		}
		r.Changes = []Change{{Op: OpChange, Resource: ResPolicy, Group: g.Name, Name: only.Name, Fields: fs}}
	} else {
		fs := []model.FieldChange{set("type", model.PolicyPredictive), set("metric", pair), set("target", num(target)), set("mode", "ForecastAndScale")}
		if tt, ok := g.Policy(st.ref.Policy); ok && pair == "ALBRequestCount" && tt.Target != nil {
			fs = append(fs, set("resource_label", tt.Target.ResourceLabel)) // the target group the requests are counted at
		}
		r.Changes = []Change{{Op: OpAdd, Resource: ResPolicy, Group: g.Name, Name: "predictive", Fields: fs}}
	}
	return r, true
}

// dailyPattern is the hourly load's correlation with itself a day
// earlier, the mean daily profile's peak over its trough, and how many
// hours of load it saw.
func dailyPattern(samples []sample) (corr, ratio float64, hours int) {
	type acc struct{ work, dt float64 }
	byHour := map[int64]*acc{}
	for _, x := range samples {
		if !x.hasWork {
			continue
		}
		h := x.t.Unix() / 3600
		a := byHour[h]
		if a == nil {
			a = &acc{}
			byHour[h] = a
		}
		a.work += x.work * x.dt.Seconds()
		a.dt += x.dt.Seconds()
	}
	load := func(h int64) (float64, bool) {
		a := byHour[h]
		if a == nil || a.dt == 0 {
			return 0, false
		}
		return a.work / a.dt, true
	}
	var xs, ys []float64
	var prof [24]struct{ sum, n float64 }
	for h := range byHour {
		v, _ := load(h)
		prof[h%24].sum += v
		prof[h%24].n++
		if u, ok := load(h - 24); ok {
			xs, ys = append(xs, v), append(ys, u)
		}
	}
	lo, hi := math.Inf(1), 0.0
	for _, p := range prof {
		if p.n > 0 {
			lo, hi = math.Min(lo, p.sum/p.n), math.Max(hi, p.sum/p.n)
		}
	}
	if lo > 0 && !math.IsInf(lo, 1) {
		ratio = hi / lo
	}
	return pearson(xs, ys), ratio, len(byHour)
}

func pearson(xs, ys []float64) float64 {
	n := float64(len(xs))
	if n < 2 {
		return 0
	}
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range xs {
		dx, dy := xs[i]-mx, ys[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// truthy reads a tag value that means yes.
func truthy(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "1", "allowed", "ready", "ok":
		return true
	}
	return false
}
