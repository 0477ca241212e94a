package sim

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// How long instances take once a decision is made (AWS is in this range).
const (
	shutdownTime     = 20 * time.Second
	standbyExitDelay = 10 * time.Second
	goneRetention    = time.Hour // terminated instances stay visible in DescribeInstances
)

// activityCap bounds the activities kept per group; AWS keeps six weeks.
func (s *Simulator) activityCap() int {
	if len(s.groups) > 100 {
		return 20
	}
	return 500
}

func (s *Simulator) newActivity(g *group, cause, desc, details string, status astypes.ScalingActivityStatusCode) *activity {
	a := &activity{
		id: s.uuid(), group: g.name, groupARN: g.arn,
		cause: cause, desc: desc, details: details,
		start: s.now, status: status, progress: 0,
	}
	if status == astypes.ScalingActivityStatusCodeSuccessful || status == astypes.ScalingActivityStatusCodeFailed || status == astypes.ScalingActivityStatusCodeCancelled {
		a.end = s.now
		a.progress = 100
	}
	g.activities = append(g.activities, a)
	if c := s.activityCap(); len(g.activities) > c {
		g.activities = append(g.activities[:0:0], g.activities[len(g.activities)-c:]...)
	}
	s.activities = append(s.activities, a)
	if c := s.activityCap() * 40; len(s.activities) > c*2 {
		s.activities = append(s.activities[:0:0], s.activities[len(s.activities)-c:]...)
	}
	return a
}

func finish(a *activity, now time.Time, code astypes.ScalingActivityStatusCode, msg string) {
	if a == nil || !a.end.IsZero() {
		return
	}
	a.status = code
	a.end = now
	a.progress = 100
	if msg != "" {
		a.statusMsg = msg
	}
}

// ---- desired capacity ----

// setDesired changes the group's desired capacity with a reason worded as
// AWS words it ("a user request explicitly set group desired capacity") and
// remembers the sentence for the activities that follow.
func (s *Simulator) setDesired(g *group, n int, reason string) {
	if n == g.desired {
		return
	}
	text := fmt.Sprintf("At %s %s changing the desired capacity from %d to %d.", isoTime(s.now), reason, g.desired, n)
	s.scaleOutStarts(g, n)
	g.desired = n
	g.cause = text
	s.reconcile(g)
}

func (g *group) active() (n int) {
	for _, in := range g.insts {
		if in.state == lsPending || in.state == lsInService {
			n++
		}
	}
	return n
}

func (g *group) count(state string) (n int) {
	for _, in := range g.insts {
		if in.state == state {
			n++
		}
	}
	return n
}

func (g *group) isSuspended(p string) bool {
	_, ok := g.suspended[p]
	return ok
}

// reconcile launches or terminates to meet desired capacity, as Auto
// Scaling does in response to "a difference between desired and actual
// capacity".
func (s *Simulator) reconcile(g *group) {
	prefix := ""
	if g.cause != "" {
		prefix = g.cause + "  "
		g.cause = ""
	}
	target := g.desired
	if g.status != "" {
		target = 0
	}
	act := g.active()
	from := act // AWS states the whole change in each activity it leads to
	if act < target && !g.isSuspended("Launch") {
		for act < target {
			cause := fmt.Sprintf("%sAt %s an instance was started in response to a difference between desired and actual capacity, increasing the capacity from %d to %d.",
				prefix, isoTime(s.now), from, target)
			if s.launch(g, cause) == nil {
				break
			}
			act++
		}
	}
	if act > target && !g.isSuspended("Terminate") {
		for act > target {
			victim := s.pickVictim(g)
			if victim == nil {
				break
			}
			cause := fmt.Sprintf("%sAt %s an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from %d to %d.  At %s instance %s was selected for termination.",
				prefix, isoTime(s.now), from, target, isoTime(s.now), victim.id)
			s.terminate(victim, cause)
			act--
		}
	}
}

// ---- launch ----

// launchAZ picks the usable AZ with the fewest active instances, as Auto
// Scaling balances; an AZ impaired by the az-outage scenario is skipped.
func (s *Simulator) launchAZ(g *group) string {
	counts := map[string]int{}
	for _, in := range g.insts {
		if in.state == lsPending || in.state == lsInService {
			counts[in.az]++
		}
	}
	best, bestN := "", 1<<30
	for _, az := range g.azs {
		if az == s.impairedAZ {
			continue
		}
		if counts[az] < bestN {
			best, bestN = az, counts[az]
		}
	}
	return best
}

// nextIsSpot decides on-demand or spot for a new instance from the
// group's MixedInstancesPolicy distribution.
func (g *group) nextIsSpot() bool {
	if g.mixed == nil || g.mixed.InstancesDistribution == nil {
		return false
	}
	d := g.mixed.InstancesDistribution
	base := 0
	if d.OnDemandBaseCapacity != nil {
		base = int(*d.OnDemandBaseCapacity)
	}
	pct := 100
	if d.OnDemandPercentageAboveBaseCapacity != nil {
		pct = int(*d.OnDemandPercentageAboveBaseCapacity)
	}
	od, spot := 0, 0
	for _, in := range g.insts {
		if in.state == lsPending || in.state == lsInService {
			if in.spot {
				spot++
			} else {
				od++
			}
		}
	}
	if od < base {
		return false
	}
	above := od - base
	total := above + spot + 1
	// on-demand if that keeps the on-demand share at or below pct
	return (above+1)*100 > pct*total
}

func (s *Simulator) newInstance(g *group, az string) *instance {
	sp := g.launching()
	v, types := sp.resolve()
	in := &instance{
		id: s.instanceID(), g: g, az: az, subnet: g.subnets[az],
		itype: types[len(g.insts)%len(types)], spot: g.nextIsSpot(),
		state: lsPending, health: "Healthy", protected: g.newProtected,
		launched: s.now, ec2State: "pending",
		lt: sp.lt, ltVersion: strconv.FormatInt(v.number, 10), imageID: aws.ToString(v.data.ImageId),
		agent: sp.lt.agentInstalled(v),
		ip:    fmt.Sprintf("10.%d.%d.%d", 10+azIndex(az), s.rng.IntN(256), 4+s.rng.IntN(250)),
	}
	if in.imageID == "" {
		in.imageID = "ami-0" + strings.Repeat("0", 16)
	}
	boot := g.role.boot
	boot += time.Duration(s.rng.IntN(20)) * time.Second
	in.readyAt = s.now.Add(boot)
	in.broken = s.badImages[in.imageID]
	s.instances[in.id] = in
	s.instOrder = append(s.instOrder, in)
	g.insts = append(g.insts, in)
	return in
}

func azIndex(az string) int {
	if az == "" {
		return 0
	}
	return int(az[len(az)-1]-'a') & 7
}

func (s *Simulator) launch(g *group, cause string) *instance {
	az := s.launchAZ(g)
	if az == "" {
		return nil
	}
	in := s.newInstance(g, az)
	details := fmt.Sprintf(`{"Subnet ID":"%s","Availability Zone":"%s"}`, in.subnet, az)
	in.act = s.newActivity(g, cause, "Launching a new EC2 instance: "+in.id, details, astypes.ScalingActivityStatusCodePreInService)
	in.act.progress = 30
	return in
}

// ---- terminate ----

// pickVictim follows the default termination policy closely enough: the
// AZ with the most instances, then instances of an older launch template
// version, then the oldest; protected instances are never chosen.
func (s *Simulator) pickVictim(g *group) *instance {
	counts := map[string]int{}
	var cands []*instance
	for _, in := range g.insts {
		if in.state == lsPending || in.state == lsInService {
			counts[in.az]++
			if !in.protected {
				cands = append(cands, in)
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	newest := len(g.termPolicies) > 0 && g.termPolicies[0] == "NewestInstance"
	cur := g.launching()
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if counts[a.az] != counts[b.az] {
			return counts[a.az] > counts[b.az]
		}
		av, bv := !cur.matches(a), !cur.matches(b)
		if av != bv {
			return av
		}
		if a.health != b.health {
			return a.health == "Unhealthy"
		}
		if newest {
			return a.launched.After(b.launched)
		}
		return a.launched.Before(b.launched)
	})
	return cands[0]
}

// terminate starts taking an instance out: deregistration (draining for
// the target group's delay), then shutdown.
func (s *Simulator) terminate(in *instance, cause string) *activity {
	g := in.g
	if in.act != nil && in.act.end.IsZero() {
		finish(in.act, s.now, astypes.ScalingActivityStatusCodeCancelled, "Instance was taken out of service before it was in service.")
	}
	drainEnd := s.deregisterAll(in)
	in.state = lsTerminating
	in.leaveAt = drainEnd
	status := astypes.ScalingActivityStatusCodeInProgress
	if drainEnd.After(s.now) {
		status = astypes.ScalingActivityStatusCodeWaitingForELBConnectionDraining
	}
	details := fmt.Sprintf(`{"Subnet ID":"%s","Availability Zone":"%s"}`, in.subnet, in.az)
	in.act = s.newActivity(g, cause, "Terminating EC2 instance: "+in.id, details, status)
	in.act.progress = 50
	return in.act
}

// ---- the fine tick: lifecycle, health, capacity ----

func (s *Simulator) fineTick() {
	for _, tg := range s.tgOrder {
		s.checkTargets(tg)
	}
	for _, name := range s.groupNames {
		g := s.groups[name]
		s.lifecycle(g)
		s.healthCheck(g)
		s.runRefresh(g)
		s.reconcile(g)
		s.runSchedules(g)
		if g.status != "" && len(g.insts) == 0 {
			s.removeGroup(g)
		}
	}
	s.gcInstances()
}

func (s *Simulator) lifecycle(g *group) {
	kept := g.insts[:0]
	for _, in := range g.insts {
		switch in.state {
		case lsPending:
			if in.ec2State == "pending" && !s.now.Before(in.launched.Add(15*time.Second)) {
				in.ec2State = "running"
			}
			if !s.now.Before(in.readyAt) {
				in.ec2State = "running"
				in.state = lsInService
				in.inService = s.now
				finish(in.act, s.now, astypes.ScalingActivityStatusCodeSuccessful, "")
				if !g.isSuspended("AddToLoadBalancer") {
					s.registerAll(in)
				}
			}
		case lsTerminating:
			if !s.now.Before(in.leaveAt) {
				in.state = lsTerminatingWait // shutting down
				in.ec2State = "shutting-down"
				in.leaveAt = s.now.Add(shutdownTime)
			}
		case lsTerminatingWait:
			if !s.now.Before(in.leaveAt) {
				in.state = lsTerminated
				in.ec2State = "terminated"
				in.goneAt = s.now
				finish(in.act, s.now, astypes.ScalingActivityStatusCodeSuccessful, "")
				continue // leaves the group
			}
		case lsEnteringStandby:
			if !s.now.Before(in.leaveAt) {
				in.state = lsStandby
				finish(in.act, s.now, astypes.ScalingActivityStatusCodeSuccessful, "")
			}
		}
		kept = append(kept, in)
	}
	for i := len(kept); i < len(g.insts); i++ {
		g.insts[i] = nil
	}
	g.insts = kept
}

// healthCheck marks instances Unhealthy from EC2 status (an impaired AZ)
// or, for ELB health checks, from their targets, after the grace period,
// and replaces them unless ReplaceUnhealthy is suspended.
func (s *Simulator) healthCheck(g *group) {
	for _, in := range g.insts {
		if in.state != lsInService {
			continue
		}
		if in.health == "Healthy" && !g.isSuspended("HealthCheck") &&
			!s.now.Before(in.inService.Add(time.Duration(g.hcGrace)*time.Second)) {
			if s.azImpaired(in) {
				in.health, in.unhealthyBy = "Unhealthy", "EC2"
			} else if g.hcType == "ELB" && s.anyTargetUnhealthy(in) {
				in.health, in.unhealthyBy = "Unhealthy", "ELB"
			}
		}
		if in.health == "Unhealthy" && !g.isSuspended("ReplaceUnhealthy") && !g.isSuspended("Terminate") {
			var why string
			switch in.unhealthyBy {
			case "ELB":
				why = "an ELB system health check failure"
			case "EC2":
				why = "an EC2 instance status checks failure"
			default:
				why = "a user health-check"
			}
			s.terminate(in, fmt.Sprintf("At %s an instance was taken out of service in response to %s.", isoTime(s.now), why))
		}
	}
}

// azImpaired: EC2 status checks fail in an impaired AZ a few minutes after
// the outage starts (load balancer health checks notice sooner).
func (s *Simulator) azImpaired(in *instance) bool {
	return s.impairedAZ != "" && in.az == s.impairedAZ && s.now.Sub(s.scenarioStart) >= 3*time.Minute
}

// gcInstances forgets terminated instances an hour after they went.
func (s *Simulator) gcInstances() {
	if len(s.instOrder) == 0 || s.now.Second() != 0 || s.now.Minute()%5 != 0 {
		return
	}
	s.instOrder = slices.DeleteFunc(s.instOrder, func(in *instance) bool {
		gone := in.state == lsTerminated && s.now.Sub(in.goneAt) > goneRetention
		if gone {
			delete(s.instances, in.id)
		}
		return gone
	})
}

// warmupFor is p's instance warm-up: the policy's own, else the group's
// default instance warmup, else 300 s as AWS uses.
func (g *group) warmupFor(p *policy) time.Duration {
	if p != nil && p.warmup != nil {
		return time.Duration(*p.warmup) * time.Second
	}
	if g.defaultWarmup >= 0 {
		return time.Duration(g.defaultWarmup) * time.Second
	}
	return 300 * time.Second
}

func (s *Simulator) warmingCount(g *group, p *policy) (warm, notWarm int) {
	w := g.warmupFor(p)
	for _, in := range g.insts {
		switch in.state {
		case lsPending:
			warm++
		case lsInService:
			if s.now.Sub(in.inService) < w {
				warm++
			} else {
				notWarm++
			}
		}
	}
	return
}

// removeGroup drops a group whose deletion has finished.
func (s *Simulator) removeGroup(g *group) {
	delete(s.groups, g.name)
	s.groupNames = removeSorted(s.groupNames, g.name)
	for _, p := range g.policies {
		for _, a := range p.ttAlarms {
			s.deleteAlarm(a)
		}
	}
}
