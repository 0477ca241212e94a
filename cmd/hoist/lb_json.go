package main

import (
	"math"
	"time"

	"github.com/solemate/hoist/model"
)

// The JSON shape of `hoist lb --json`: a contract for scripts, so fields
// are only ever added. Durations are whole seconds; a value hoist did not
// read (a load balancer not shown in detail) is left out rather than zero.

type lbDoc struct {
	Account       string    `json:"account"`
	Region        string    `json:"region"`
	Simulator     bool      `json:"simulator,omitempty"`
	Taken         time.Time `json:"taken"`
	WindowSeconds int       `json:"window_seconds"`
	LoadBalancers []lbJSON  `json:"load_balancers"`
}

type lbJSON struct {
	Name          string          `json:"name"`
	ARN           string          `json:"arn"`
	Type          string          `json:"type"`
	Scheme        string          `json:"scheme"`
	State         string          `json:"state"`
	DNSName       string          `json:"dns_name"`
	Zones         []string        `json:"availability_zones"`
	Detailed      bool            `json:"detailed"`
	Listeners     []listenerJSON  `json:"listeners"`
	TargetGroups  []tgJSON        `json:"target_groups"`
	Distribution  *distJSON       `json:"distribution,omitempty"`
	WorstZoneLoss *zoneOutageJSON `json:"worst_zone_loss,omitempty"`
}

type listenerJSON struct {
	ARN            string     `json:"arn"`
	Name           string     `json:"name"`
	Protocol       string     `json:"protocol"`
	Port           int        `json:"port"`
	DefaultAction  string     `json:"default_action"`
	TargetGroups   []string   `json:"default_target_groups,omitempty"`
	Rules          *int       `json:"rules,omitempty"`
	SSLPolicy      string     `json:"ssl_policy,omitempty"`
	Protocols      []string   `json:"ssl_protocols,omitempty"`
	PolicyOutdated bool       `json:"ssl_policy_outdated,omitempty"`
	CertsComplete  bool       `json:"certificates_complete,omitempty"` // the SNI list was read, not only the default
	Certificates   []certJSON `json:"certificates,omitempty"`
}

type certJSON struct {
	ARN      string     `json:"arn"`
	Default  bool       `json:"default"`
	Domain   string     `json:"domain,omitempty"`
	Source   string     `json:"source,omitempty"`
	Type     string     `json:"type,omitempty"`
	Status   string     `json:"status,omitempty"`
	NotAfter *time.Time `json:"not_after,omitempty"`
	DaysLeft *int       `json:"days_left,omitempty"`
	Expiry   string     `json:"expiry,omitempty"` // warning, critical
}

type tgJSON struct {
	Name              string            `json:"name"`
	ARN               string            `json:"arn"`
	Protocol          string            `json:"protocol"`
	Port              int               `json:"port"`
	TargetType        string            `json:"target_type"`
	HealthCheck       healthCheckJSON   `json:"health_check"`
	Settings          *settingsJSON     `json:"settings,omitempty"`
	Attributes        map[string]string `json:"attributes,omitempty"`
	AutoScalingGroups []string          `json:"auto_scaling_groups,omitempty"`
	Targets           *countsJSON       `json:"targets,omitempty"`
	Zones             []zoneJSON        `json:"zones,omitempty"`
}

type healthCheckJSON struct {
	Protocol           string `json:"protocol"`
	Path               string `json:"path,omitempty"`
	Port               string `json:"port"`
	IntervalSeconds    int    `json:"interval_seconds"`
	TimeoutSeconds     int    `json:"timeout_seconds"`
	HealthyThreshold   int    `json:"healthy_threshold"`
	UnhealthyThreshold int    `json:"unhealthy_threshold"`
	Matcher            string `json:"matcher,omitempty"`
}

type settingsJSON struct {
	Algorithm                  string `json:"algorithm"`
	Stickiness                 bool   `json:"stickiness"`
	StickinessType             string `json:"stickiness_type,omitempty"`
	StickinessSeconds          int    `json:"stickiness_seconds,omitempty"`
	DeregistrationDelaySeconds int    `json:"deregistration_delay_seconds"`
	SlowStartSeconds           int    `json:"slow_start_seconds"`
	CrossZone                  string `json:"cross_zone"`
}

type countsJSON struct {
	Healthy   int `json:"healthy"`
	Unhealthy int `json:"unhealthy"`
	Draining  int `json:"draining"`
	Initial   int `json:"initial"`
	Other     int `json:"other"`
}

type zoneJSON struct {
	Zone       string `json:"zone"`
	Healthy    int    `json:"healthy"`
	Unhealthy  int    `json:"unhealthy"`
	Other      int    `json:"other"`
	LeftIfLost int    `json:"healthy_left_if_lost"`
}

type zoneOutageJSON struct {
	Zone        string `json:"zone"`
	TargetGroup string `json:"target_group"`
	Left        int    `json:"healthy_left"`
	Of          int    `json:"healthy_of"`
}

type shareJSON struct {
	Name  string  `json:"name"`
	Total float64 `json:"total"`
	Share float64 `json:"share"`
}

type distJSON struct {
	Measure           string      `json:"measure"`
	Zones             []shareJSON `json:"zones"`
	TargetGroups      []shareJSON `json:"target_groups,omitempty"`
	RequestsPerTarget []shareJSON `json:"requests_per_target,omitempty"`
	Busiest           string      `json:"busiest_zone,omitempty"`
	BusiestShare      float64     `json:"busiest_share"`
	EvenShare         float64     `json:"even_share"`
	Ratio             float64     `json:"ratio"`
	Judged            bool        `json:"enough_load_to_judge"`
}

func lbDocOf(s *model.Snapshot, views []model.LBView, window time.Duration) lbDoc {
	doc := lbDoc{Account: s.Identity.Account, Region: s.Region, Simulator: s.Simulator, Taken: s.Taken,
		WindowSeconds: int(window / time.Second), LoadBalancers: []lbJSON{}}
	for _, v := range views {
		lb := v.LB
		j := lbJSON{Name: lb.Name, ARN: lb.ARN, Type: lb.Type, Scheme: lb.Scheme, State: lb.State, DNSName: lb.DNSName,
			Zones: lb.AZs, Detailed: v.Detailed, Listeners: []listenerJSON{}, TargetGroups: []tgJSON{}}
		for _, l := range v.Listeners {
			j.Listeners = append(j.Listeners, listenerJSONOf(l))
		}
		for _, tv := range v.TargetGroups {
			j.TargetGroups = append(j.TargetGroups, tgJSONOf(tv))
		}
		if d := v.Distribution; d.Read {
			j.Distribution = distJSONOf(d)
		}
		if o := v.Outage; o.Known {
			j.WorstZoneLoss = &zoneOutageJSON{Zone: o.Zone, TargetGroup: o.TargetGroup, Left: o.Left, Of: o.Of}
		}
		doc.LoadBalancers = append(doc.LoadBalancers, j)
	}
	return doc
}

func listenerJSONOf(lv model.ListenerView) listenerJSON {
	l := lv.Listener
	j := listenerJSON{ARN: l.ARN, Name: lv.Name, Protocol: l.Protocol, Port: l.Port, DefaultAction: lv.Action,
		TargetGroups: l.DefaultTargetGroups, SSLPolicy: l.SSLPolicy, PolicyOutdated: lv.PolicyOutdated(), CertsComplete: l.CertificatesRead}
	if l.RulesRead {
		n := l.Rules
		j.Rules = &n
	}
	if lv.Policy != nil {
		j.Protocols = lv.Policy.Protocols
	}
	for _, cv := range lv.Certificates {
		cj := certJSON{ARN: cv.ARN, Default: cv.Default, Expiry: cv.Expiry, Source: model.CertSource(cv.ARN)}
		if c := cv.Cert; c != nil {
			cj.Domain, cj.Type, cj.Status = c.Domain, c.Type, c.Status
			if !c.NotAfter.IsZero() {
				t, d := c.NotAfter.UTC(), cv.DaysLeft
				cj.NotAfter, cj.DaysLeft = &t, &d
			}
		}
		j.Certificates = append(j.Certificates, cj)
	}
	return j
}

func tgJSONOf(tv model.TGView) tgJSON {
	tg, h := tv.TG, tv.TG.HealthCheck
	j := tgJSON{Name: tg.Name, ARN: tg.ARN, Protocol: tg.Protocol, Port: tg.Port, TargetType: tg.TargetType,
		HealthCheck: healthCheckJSON{Protocol: h.Protocol, Path: h.Path, Port: h.Port, IntervalSeconds: secs(h.Interval),
			TimeoutSeconds: secs(h.Timeout), HealthyThreshold: h.HealthyThreshold, UnhealthyThreshold: h.UnhealthyThreshold, Matcher: h.Matcher},
		Attributes: tg.Attributes, AutoScalingGroups: tv.Groups}
	if st := tv.Settings; st.Read {
		j.Settings = &settingsJSON{Algorithm: st.Algorithm, Stickiness: st.Stickiness, StickinessType: st.StickinessType,
			StickinessSeconds: secs(st.StickinessDuration), DeregistrationDelaySeconds: secs(st.DeregistrationDelay),
			SlowStartSeconds: secs(st.SlowStart), CrossZone: st.CrossZone}
	}
	if tv.TargetsRead {
		c := tv.Counts
		j.Targets = &countsJSON{Healthy: c.Healthy, Unhealthy: c.Unhealthy, Draining: c.Draining, Initial: c.Initial, Other: c.Other}
		for _, z := range tv.Zones {
			j.Zones = append(j.Zones, zoneJSON{Zone: z.Zone, Healthy: z.Healthy, Unhealthy: z.Unhealthy, Other: z.Other, LeftIfLost: z.LeftIfLost})
		}
	}
	return j
}

func distJSONOf(d model.Distribution) *distJSON {
	shares := func(ps []model.Share) []shareJSON {
		out := make([]shareJSON, 0, len(ps))
		for _, p := range ps {
			out = append(out, shareJSON{Name: p.Name, Total: p.Total, Share: round4(p.Share)})
		}
		return out
	}
	e := d.Evenness
	return &distJSON{Measure: d.Measure, Zones: shares(d.Zones), TargetGroups: shares(d.TargetGroups), RequestsPerTarget: shares(d.PerTarget),
		Busiest: e.Busiest, BusiestShare: round4(e.Share), EvenShare: round4(e.Even), Ratio: round4(e.Ratio), Judged: e.Judged}
}

func secs(d time.Duration) int { return int(d / time.Second) }

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }
