package main

import "slices"

// section says what a group of figures measures and what each baseline
// means, in the report's words. The benchmarks' doc comments hold the
// details; these are the sentences a reader needs beside the table.
type section struct {
	Key   string // stable prefix of its figures' keys (terminal sections)
	Title string
	Note  string
	// Labels turn a baseline's unit label ("min", "naive") into what it is.
	Labels map[string]string
}

func (s section) label(l string) string {
	if d, ok := s.Labels[l]; ok {
		return d
	}
	return l
}

var sections = map[string]section{
	"aws.PollCycleSim": {
		Title: "API calls and CloudWatch spend per poll cycle (simulator, large fleet)",
		Note: "Requests counted by the simulator (`/_sim/stats`) for one cycle of every task of a steady poller after a warm-up " +
			"(every group, the rows on screen by name, the account's and the selected group's activities, every alarm, those in " +
			"ALARM and the selected group's, alarm history, metrics, target health, instances, load balancers, listeners, policies, prices), " +
			"with 40 rows on screen and one selected. Per hour: each task as often as the scheduler runs it with nothing scaling, " +
			"at the default cadences (groups, the rows and the account's activities 10 s, the selected group's 60 s, target health 15 s, alarms in ALARM, instances and " +
			"history 30 s, metrics 60 s, every alarm 5 min, load balancers, listeners and policies 5 min, prices 1 h), a list of the whole " +
			"fleet stretching its cadence for its pages (every group 3 pages a run, every alarm 20, those in ALARM 10, load " +
			"balancers 4, policies 10) " +
			"and the rows on screen read only between reads of every group; while a row on screen scales, its group is read by " +
			"name every 3 s: see the section above. " +
			"**minimum** is the fewest requests for the same data: every group at 100 a page and the rows at 50 names a call, one " +
			"page of the account's and one of the selected group's activities, every alarm, those in ALARM and the selected group's " +
			"at 100 a page, one page of history, the metrics on screen at 500 per " +
			"GetMetricData, one DescribeTargetHealth per target group of the selected group, load balancers and target groups at 400 " +
			"a page, one DescribeListeners per load balancer, policies and scheduled actions at 100 a page, one page of spot prices; " +
			"the selected group's target group attributes every 5 minutes in both per-hour figures; nothing for instances or launch templates, which a steady fleet does not add. " +
			"**naive** is a poller written in the benchmark that asks per group, as a quick script would: one DescribeAutoScalingGroups " +
			"per group (every 10 s), one GetMetricStatistics per metric per group for the series of hoist's metrics pane (every 60 s), " +
			"one DescribeTargetHealth per target group (every 15 s); it reads no alarms, activities, policies or prices, and on AWS " +
			"it could not keep those cadences: ELBv2 allows 10 describes a second per account (150 target groups every 15 s) and " +
			"GetMetricStatistics 400 a second (24,000 series a minute). " +
			"CloudWatch spend: GetMetricData at $0.01 per 1,000 metrics requested for hoist, GetMetricStatistics at $0.01 per 1,000 " +
			"requests for the naive poller (US East). ms/op is the time one full cycle takes against the in-process simulator.",
		Labels: map[string]string{
			"min":   "minimum for the same data",
			"naive": "naive per-group poller",
		},
	},
	"aws.LBScreenSim": {
		Title: "The load balancer screen: API calls and CloudWatch spend (simulator, 10 and 250 load balancers)",
		Note: "Requests counted by the simulator for one cycle of the classes behind the load balancer screen (groups, load " +
			"balancers and target groups, listeners, target health, metrics) after a warm-up, with the storefront's ALB on screen; " +
			"the account is the default fleet grown through the API to 10 or 250 load balancers, each with an HTTP and an HTTPS " +
			"listener. Per hour: each class's steady calls at the default cadences (listeners every 5 min), plus what the warm-up " +
			"read beyond them: certificate lists, certificates and security policies once an hour (policies are daily; counted " +
			"hourly), the on-screen load balancer's attributes, certificate lists and rules every 5 minutes. **minimum** is the " +
			"fewest requests for the same data, counted from the snapshot: one DescribeListeners per load balancer (it takes one), " +
			"load balancers and target groups at 400 a page, one DescribeTargetHealth per target group on screen, the series at " +
			"500 per GetMetricData, and in the warm-up one call per secure listener's certificate list, per certificate in use, " +
			"per on-screen target group's attributes and listener's rules, and one for the policies. CloudWatch spend: the " +
			"screen's own series (requests, p50/p99 response time, 5xx from targets and from the load balancer, rejected " +
			"connections, requests by zone and per target group) at $0.01 per 1,000 metrics every minute, whatever the number " +
			"of load balancers.",
		Labels: map[string]string{"min": "minimum for the same data"},
	},
	"aws.PollCycleRegions": {
		Title: "API calls per poll cycle: one region, and two (simulator, default fleet)",
		Note: "Requests counted by the simulator, region by region (`/_sim/stats?region=`), for one cycle of every resource " +
			"class after a warm-up, as above: a console on us-east-1 alone (9 groups, 5 load balancers), and one watching " +
			"us-east-1 and us-west-2 (the standby: 9 groups, 1 load balancer), every group on screen and one selected, in " +
			"us-east-1. Each region has its own session and poller, so its own call budget and pacing, as AWS's rate buckets " +
			"are per account and region: a second region adds its own cycle and takes nothing from the first's. " +
			"**one region** is us-east-1's count alone, measured in the same run.",
		Labels: map[string]string{"one": "one region (us-east-1 alone)"},
	},
	"aws.PollMinuteSim": {
		Title: "API calls a minute with scaling going on (simulator, large fleet)",
		Note: "What one console asks of `hoist sim serve --fleet large`-sized fleets (1,000 and 5,000 groups, steady scenario, so " +
			"some group is always scaling) per minute, counted at the simulator over three minutes of its time after a 40 s " +
			"warm-up (the first cycle of every class included), with 40 rows on screen and one selected: the poller's scheduler " +
			"and jobs on a stepped clock, each run taking no time, so the count is the schedule's and not the machine's. " +
			"**calls/fast-cycle** is one read of the groups on screen that are scaling (by name, 50 a call). " +
			"**minimum** is the same runs at the fewest pages each (the fast read's names at 50 a call; the alarms that just left " +
			"ALARM, read by name to learn their new state, are not in it). **ed51f89** is the schedule before fleet-scale polling " +
			"for the same data, computed from this run's pages: every page of groups and two of activities every 3 s while a row " +
			"on screen scales, every alarm and a page of history every 30 s, the other classes as now; issue 10 measured the real " +
			"binary at 225 requests a minute at 1,000 groups under it. The goals are issue 10's.",
		Labels: map[string]string{
			"min": "minimum for the same data",
			"old": "ed51f89's schedule, same data (computed)",
		},
	},
	"aws.PollCycle": {
		Title: "API calls per poll cycle (moto)",
		Note: "The same count as above, at a proxy in front of moto_server with a fleet the tests seed (3 tiers, one ALB, " +
			"a CPU alarm per group). moto returns every alarm in one page and has no alarm history, so both the figure and the " +
			"minimum count one alarms call. No naive poller here: moto answers too slowly for thousands of calls per run.",
		Labels: map[string]string{"min": "minimum for the same data"},
	},
	"aws.Serve": {
		Title: "Simulator: requests served per second (SDK over loopback HTTP)",
		Note: "One client at a time through the AWS SDK, client and server on the same 2 cores: a DescribeAutoScalingGroups page " +
			"of 100 groups (about 10 instances each), and a GetMetricData of 500 queries over an hour at one minute in JSON 1.0 " +
			"(what hoist speaks to an endpoint that is not AWS). **one console's need** is what one hoist asks of that call at the " +
			"default cadences, so the ratio is how many consoles the simulator could feed. **moto** answers the same page (100 " +
			"groups of 10 instances) from an account holding only those: moto slows so much as instances accumulate that seeding " +
			"the 10,000 instances of a 1,000-group account took over ten minutes, so there is no moto figure at 5,000 groups. " +
			"Nor for GetMetricData: moto scans every stored point for every query, and one 500-query call over 500 series of " +
			"60 points took 47 to 95 s on this machine.",
		Labels: map[string]string{
			"need": "one console's need",
			"moto": "moto_server, same request",
		},
	},
	"aws.Convert1000Groups": {
		Title: "Fetch-to-snapshot conversion, 1,000 groups / 10,000 instances",
		Note: "Converting the simulator's 1,000 groups (10,324 instances) from SDK structs to model groups and assembling a " +
			"snapshot, beside **SDK decode**: the SDK decoding the same ten DescribeAutoScalingGroups pages from loopback HTTP " +
			"(recorded from the simulator and replayed), which hoist pays for those groups anyway.",
		Labels: map[string]string{"fetch": "SDK decode of the same 10 pages"},
	},
	"aws.ForecastAccuracy": {
		Title: "Forecast accuracy (simulator, default fleet)",
		Note: "The accuracy figure hoist shows beside a predictive policy's forecast (`hoist forecast`, the policies screen): " +
			"the mean absolute percentage error of the hourly load forecast (GetPredictiveScalingForecast) against the load " +
			"CloudWatch measured, per group of the simulator's default fleet, each given a ForecastOnly CPU policy, scored " +
			"over the last six days of the simulator's backfilled fortnight (an hour after its start), as hoist scores its " +
			"accuracy window. **naive** is the seasonal naive forecast of the same hours: each hour's load as measured the " +
			"day before. Lower is better; a figure above its baseline means the forecast did worse than yesterday's load.",
		Labels: map[string]string{"naive": "seasonal naive (yesterday's load)"},
	},
	"hoist.SimulatedWeek": {
		Title: "The proof of issue 14: a simulated week before and after hoist recommend",
		Note: "The simulator's fleet left as teams commonly leave it (every minimum twice what the group ran at, every CPU " +
			"target-tracking target at 30%, no scheduled actions, x86 groups on fifth-generation types; Graviton groups keep " +
			"theirs) settles a day and runs a week: the **before** baseline. `hoist recommend --since 7d --plan DIR` reads that " +
			"week from CloudWatch; every recommendation not held back is made with hoist: `hoist apply -f` of its file (a " +
			"minimum, a target, a predictive policy, a scheduled action); an instance type with `hoist resize`; a Spot mix, " +
			"which no hoist command sets yet, through the SDK " +
			"(**changes-through-sdk**). After a day to settle, the same week runs again: the figure. Both weeks are judged by the " +
			"simulator's own ledger (`/_sim/ledger`), not by hoist: cost (instance-seconds at on-demand or that hour's Spot " +
			"price), the requests failed (a 5xx from a target or the load balancer; availability is 100% minus it, and the " +
			"goal of 99.9% a 0.1% failed), the same while capacity " +
			"changed (a scale-out under way, an instance pending or terminating), p99 response time while scaling (the " +
			"minutes' p99, averaged, and the worst), minutes with p99 over a second, and each scale-out from desired capacity " +
			"raised to as many instances healthy. **default** is the e-commerce fleet of 9 groups (seed 1); **held-out** is " +
			"40 groups of the generated large fleet (seed 7), which no rule was written for. Wall time is one simulated week " +
			"on the virtual clock, against the week it stands for. One run each: the ledger's figures are the same every run " +
			"(same seed, same run); the wall times are one run's on a shared machine.",
		Labels: map[string]string{
			"before":      "as teams leave it",
			"recommended": "recommended (not held back)",
			"all":         "every change made",
			"virtual":     "the week it simulates",
		},
	},
	"hoist.Insight1000Groups": {
		Title: "hoist report and hoist recommend on 1,000 groups (simulator)",
		Note: "The whole command in process against the simulator's large fleet of 1,000 groups (about 10,000 instances) an " +
			"hour after its start, the fortnight before being its backfilled history: `hoist report --since 24h --format json` " +
			"and `hoist recommend --since 14d --json`, reading CloudWatch, activities, alarm history and prices, then building. " +
			"Beside it, **status**: `hoist status --json` on the same fleet, one look at every group. One run each. The " +
			"simulator answers in the same process on the same cores: a CPU profile of recommend puts about 40% of its time " +
			"in the simulator computing the fortnight's series for GetMetricData, and a sixth in the SDK decoding them.",
		Labels: map[string]string{"status": "hoist status --json, same fleet"},
	},
	"ui.Frame": {
		Title: "View(): one 200x60 frame",
		Note: "Every View() of the console at 200x60 timed on its own (p50, p99 and mean), with allocations per frame, for " +
			"snapshots of 10, 200 and 1,000 groups. **plain rows** are the groups the frame shows, one plain line each (name " +
			"and tier through Printable, sizes and counts), at the same width: the cheapest rendering of the rows on screen, " +
			"without colour, panes, sparklines or layout.",
		Labels: map[string]string{"table": "plain rows of the same groups"},
	},
}

// sectionFor finds the section of a benchmark; an unknown one gets a
// section of its own named after it.
func sectionFor(pkg, top string) section {
	if s, ok := sections[pkg+"."+top]; ok {
		return s
	}
	return section{Title: "Go benchmark " + pkg + "." + top}
}

// sectionOrder is the report's order: what it costs to leave open, how it
// feels, then the parts and the simulator. Sections not listed follow.
var sectionOrder = []string{
	sections["hoist.SimulatedWeek"].Title,
	sections["aws.PollMinuteSim"].Title,
	sections["aws.PollCycleSim"].Title,
	sections["aws.PollCycle"].Title,
	sections["aws.PollCycleRegions"].Title,
	sections["aws.LBScreenSim"].Title,
	secBytes.Title,
	secScale.Title,
	sections["ui.Frame"].Title,
	sections["hoist.Insight1000Groups"].Title,
	sections["aws.Convert1000Groups"].Title,
	sections["aws.Serve"].Title,
	secSim.Title,
}

func rank(title string) int {
	if i := slices.Index(sectionOrder, title); i >= 0 {
		return i
	}
	return len(sectionOrder)
}

// unitOrder lists units in the order their rows appear in a section.
var unitOrder = []string{
	"calls/minute", "calls/fast-cycle", "calls/cycle", "calls/hour", "metrics/cycle", "USD/hour", "req/s",
	"B/s", "ms", "requests/min", "MiB", "% of a core",
	"p50-ms/frame", "p99-ms/frame", "ms/op", "B/op", "allocs/op", "MAPE%",
	"USD/week", "%saved", "%failed", "%failed-while-scaling", "p99-ms-while-scaling", "p99-ms-worst-while-scaling",
	"minutes-p99-over-1s", "scale-out-median-s", "scale-out-worst-s", "scale-outs-over-2m", "changes", "changes-through-sdk", "wall-s/week",
}

func unitRank(u string) int {
	if i := slices.Index(unitOrder, u); i >= 0 {
		return i
	}
	return len(unitOrder)
}
