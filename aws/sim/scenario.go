package sim

import (
	"fmt"
	"math"
	"time"
)

// Scenarios are the named situations a simulator can be put in, live.
var Scenarios = []string{"steady", "flash-sale", "az-outage", "bad-deploy", "slow-leak"}

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
//   - bad-deploy: a new launch template version is rolled out to the web and
//     app tiers by instance refresh; its instances fail health checks
//     (Target.ResponseCodeMismatch) and are replaced, again and again.
//   - slow-leak: memory on cache instances climbs 0.35 points a minute.
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
	for _, gname := range s.groupNames { // a bad version is rolled back by the next one
		if g := s.groups[gname]; g.badVersion != "" {
			g.ltVersion = fmt.Sprint(atoiOr(g.ltVersion, 1) + 1)
			g.badVersion = ""
		}
	}
	switch name {
	case "az-outage":
		if len(s.azs) > 1 {
			s.impairedAZ = s.azs[1]
		}
	case "bad-deploy":
		for _, gname := range s.groupNames {
			g := s.groups[gname]
			if g.role.kind != "web" && g.role.kind != "app" {
				continue
			}
			g.ltVersion = fmt.Sprint(atoiOr(g.ltVersion, 1) + 1)
			g.badVersion = g.ltVersion
			s.startRefresh(g, 90, 60)
		}
	}
	return nil
}

func atoiOr(v string, def int) int {
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return def
		}
		n = n*10 + int(c-'0')
	}
	if v == "" {
		return def
	}
	return n
}

// scenarioMult is the traffic multiplier the scenario applies to a group.
func (s *Simulator) scenarioMult(g *group, t time.Time) float64 {
	if s.scenario != "flash-sale" || g.role.flash <= 1 || t.Before(s.scenarioStart) {
		return 1
	}
	ramp := math.Min(1, t.Sub(s.scenarioStart).Minutes()/5)
	return 1 + (g.role.flash-1)*ramp
}
