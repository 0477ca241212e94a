package sim

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// Scenarios are the named situations a simulator can be put in, live.
var Scenarios = []string{"steady", "flash-sale", "az-outage", "bad-deploy", "slow-leak", "region-failover"}

func validScenario(name string) bool {
	for _, n := range Scenarios {
		if n == name {
			return true
		}
	}
	return false
}

// SetScenario switches the scenario now:
//   - steady: the daily curve only; an impaired AZ recovers.
//   - flash-sale: traffic on web, app and checkout climbs to 5x within five minutes.
//   - az-outage: the second AZ's instances fail health checks (ALB
//     Target.Timeout, NLB Target.FailedHealthChecks) and EC2 status checks;
//     launches avoid that AZ, so replacements come up in the others.
//   - bad-deploy: a new launch template version (a broken image) is rolled
//     out to the web and app tiers by instance refresh with that version as
//     its desired configuration; its instances fail health checks
//     (Target.ResponseCodeMismatch) and are replaced, again and again, until
//     the refresh fails, is cancelled or is rolled back. Leaving the
//     scenario repairs the image.
//   - slow-leak: memory on cache instances climbs 0.35 points a minute.
//   - region-failover (a Cloud's regions together): the primary region
//     loses its second AZ at once, its internet-facing load balancer's
//     targets fail health checks (503) from 3 minutes, and from 5 minutes
//     DNS failover moves the traffic to the standby region over 5 minutes,
//     so the standby's groups must scale out (see failover.go).
func (s *Simulator) SetScenario(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.setScenarioLocked(name)
}

func (s *Simulator) setScenarioLocked(name string) error {
	if !validScenario(name) {
		return fmt.Errorf("sim: unknown scenario %q (want one of %v)", name, Scenarios)
	}
	s.scenario = name
	s.scenarioStart = s.now
	s.impairedAZ = ""
	s.repairImages()
	switch name {
	case "az-outage":
		if len(s.azs) > 1 {
			s.impairedAZ = s.azs[1]
		}
	case "region-failover":
		if !s.standby && len(s.groups) > 0 && len(s.azs) > 1 {
			s.impairedAZ = s.azs[1]
		}
	case "bad-deploy":
		for _, gname := range s.groupNames {
			if g := s.groups[gname]; g.role.kind == "web" || g.role.kind == "app" {
				s.badDeploy(g)
			}
		}
	}
	return nil
}

// badDeploy releases a new launch template version with a broken image and
// rolls it out by an instance refresh with that version as its desired
// configuration, as a deploy pipeline does: the refresh can be cancelled or
// rolled back.
func (s *Simulator) badDeploy(g *group) {
	if g.activeRefresh() != nil {
		return
	}
	cur, _ := g.spec().resolve()
	data := ec2types.ResponseLaunchTemplateData{ImageId: aws.String("ami-0" + s.hexID(16))}
	v := g.lt.addVersion(cur, data, "release "+strconv.Itoa(len(g.lt.versions)+1), fmt.Sprintf("arn:aws:iam::%s:role/solemate-deploy", Account), s.now)
	s.badImages[aws.ToString(data.ImageId)] = true
	prefs := refreshPrefs{minHealthy: 90, warmup: 60, raw: astypes.RefreshPreferences{SkipMatching: aws.Bool(false), AutoRollback: aws.Bool(false)}}
	s.startRefresh(g, prefs, &launchSpec{lt: g.lt, version: strconv.FormatInt(v.number, 10), types: overrideTypes(g.mixed)})
	if r := g.activeRefresh(); r != nil && g.mixed != nil {
		r.mixedWant = withSpec(g.mixed, r.desired.asgSpec())
	}
}

// repairImages: leaving bad-deploy fixes its images (the simulator's
// shortcut for "the next release works").
func (s *Simulator) repairImages() {
	if len(s.badImages) == 0 {
		return
	}
	clear(s.badImages)
	for _, in := range s.instances {
		in.broken = false
	}
}

// scenarioMult is the traffic multiplier the scenario applies to a group.
func (s *Simulator) scenarioMult(g *group, t time.Time) float64 {
	if s.scenario == "region-failover" && !t.Before(s.scenarioStart) {
		return s.failoverMult(t)
	}
	if s.scenario != "flash-sale" || g.role.flash <= 1 || t.Before(s.scenarioStart) {
		return 1
	}
	ramp := math.Min(1, t.Sub(s.scenarioStart).Minutes()/5)
	return 1 + (g.role.flash-1)*ramp
}
