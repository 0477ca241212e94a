package model

import (
	"sort"
	"time"
)

// Load balancer types, as AWS names them.
const (
	LBApplication = "application"
	LBNetwork     = "network"
)

// LoadBalancer is an ALB or NLB.
type LoadBalancer struct {
	ARN       string
	Name      string
	DNSName   string
	Type      string // application, network
	Scheme    string // internet-facing, internal
	State     string
	AZs       []string // the zones it has nodes in
	Listeners []Listener
	// ListenersRead is when Listeners was last read; zero when it was not.
	ListenersRead time.Time
}

// Short returns "ALB" or "NLB" (or the type as AWS gave it).
func (lb LoadBalancer) Short() string {
	switch lb.Type {
	case LBApplication:
		return "ALB"
	case LBNetwork:
		return "NLB"
	}
	return lb.Type
}

// Listener is a load balancer listener.
type Listener struct {
	ARN       string
	Port      int
	Protocol  string
	SSLPolicy string // HTTPS and TLS listeners only
	// Certificates are certificate ARNs, the default certificate first.
	// DescribeListeners gives only the default; the rest of the list (the
	// certificates served by SNI) is there when CertificatesRead.
	Certificates     []string
	CertificatesRead bool
	// DefaultAction is the default action's type (forward, redirect,
	// fixed-response, authenticate-oidc, ...) and DefaultDetail what it
	// does beside forwarding: "HTTPS:443 (301)", "404".
	DefaultAction       string
	DefaultDetail       string
	DefaultTargetGroups []string
	// Rules counts the listener's rules besides the default one, when
	// RulesRead.
	Rules     int
	RulesRead bool
}

// Secure reports whether the listener terminates TLS (HTTPS or TLS), so
// it has a security policy and certificates.
func (l Listener) Secure() bool { return l.Protocol == "HTTPS" || l.Protocol == "TLS" }

// DefaultCertificate is the listener's default certificate, "" for none.
func (l Listener) DefaultCertificate() string {
	if len(l.Certificates) == 0 {
		return ""
	}
	return l.Certificates[0]
}

// TargetGroup is a load balancer target group with the health of its
// targets, when fetched.
type TargetGroup struct {
	ARN              string
	Name             string
	Protocol         string
	Port             int
	TargetType       string
	LoadBalancerARNs []string
	HealthCheck      HealthCheck
	Attributes       map[string]string
	Targets          []Target
	// TargetsFetched is when Targets was last read; zero when target health
	// was not asked for (it is fetched only for target groups on screen).
	TargetsFetched time.Time
}

// HealthCheck is a target group's health check.
type HealthCheck struct {
	Protocol           string
	Path               string
	Port               string
	Interval, Timeout  time.Duration
	HealthyThreshold   int
	UnhealthyThreshold int
	// Matcher is the HTTP codes that count as healthy ("200", "200-399",
	// "200,302"); "" for a TCP health check or gRPC codes.
	Matcher string
}

// Target health states (docs/aws-facts.md: Target health).
const (
	TargetInitial           = "initial"
	TargetHealthy           = "healthy"
	TargetUnhealthy         = "unhealthy"
	TargetUnhealthyDraining = "unhealthy.draining"
	TargetDraining          = "draining"
	TargetUnused            = "unused"
	TargetUnavailable       = "unavailable"
)

// Target is one registered target and its health.
type Target struct {
	ID          string
	Port        int
	AZ          string
	State       string
	Reason      string // Elb.* or Target.* reason code
	Description string
}

// TargetCounts tallies targets by state.
type TargetCounts struct {
	Healthy, Unhealthy, Draining, Initial, Other int
}

// Counts tallies the target group's targets.
func (tg *TargetGroup) Counts() TargetCounts {
	var c TargetCounts
	for _, t := range tg.Targets {
		switch t.State {
		case TargetHealthy:
			c.Healthy++
		case TargetUnhealthy, TargetUnhealthyDraining, TargetUnavailable:
			c.Unhealthy++
		case TargetDraining:
			c.Draining++
		case TargetInitial:
			c.Initial++
		default:
			c.Other++
		}
	}
	return c
}

// stateRank orders target states worst first for display.
func stateRank(s string) int {
	switch s {
	case TargetUnhealthy, TargetUnavailable:
		return 0
	case TargetUnhealthyDraining:
		return 1
	case TargetDraining:
		return 2
	case TargetInitial:
		return 3
	case TargetHealthy:
		return 5
	}
	return 4
}

// SortedTargets returns the targets unhealthy first, then by AZ and id.
func (tg *TargetGroup) SortedTargets() []Target {
	out := append([]Target(nil), tg.Targets...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ra, rb := stateRank(a.State), stateRank(b.State); ra != rb {
			return ra < rb
		}
		if a.AZ != b.AZ {
			return a.AZ < b.AZ
		}
		return a.ID < b.ID
	})
	return out
}
