package sim

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/solemate/hoist/model"
)

// StandbyRegion is where a Cloud keeps the default fleet's standby (or
// us-east-1 when the primary is us-west-2).
const StandbyRegion = "us-west-2"

// Cloud is the simulated account in every AWS region, as AWS's regions
// are: separate resources, ARNs, Availability Zones, prices and metrics per
// region, behind one http.Handler that routes each request by the region
// of its SigV4 credential scope, as AWS's regional endpoints would. The
// regions share the virtual clock (they move in step), the faults, the
// stats and the /_sim/ control surface.
//
// The fleet lives in the primary region (Options.Region, us-east-1 by
// default); with the default fleet, StandbyRegion holds the standby (its
// tiers at low desired capacity, one load balancer, read replicas of the
// data tier), so region-failover can be rehearsed. Every other region of
// the aws partition is an empty account region, built on its first
// request. A region AWS does not have is refused as AWS's endpoints refuse
// a credential scoped to it.
type Cloud struct {
	opts    Options
	primary string
	faults  *faultState
	stats   *statsState

	runMu sync.Mutex // Advance and building a region: every region's clock moves together

	mu       sync.Mutex
	regions  map[string]*Simulator
	fleets   map[string]string
	scenario string
	refuse   *Simulator // answers refusals in the protocol's shape (the primary)
}

// NewCloud builds the primary region's fleet and, with the default fleet,
// the standby; other regions come on their first request.
func NewCloud(opts Options) (*Cloud, error) {
	opts = opts.withDefaults()
	if err := servable(opts.Region); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	c := &Cloud{opts: opts, primary: opts.Region, faults: &faultState{}, stats: &statsState{},
		regions: map[string]*Simulator{}, fleets: map[string]string{}, scenario: opts.Scenario}
	c.faults.init(opts.Seed)
	c.stats.init()
	p, err := newSimulator(opts, c.faults, c.stats)
	if err != nil {
		return nil, err
	}
	c.regions[c.primary], c.fleets[c.primary], c.refuse = p, opts.Fleet, p
	if opts.Fleet == "default" {
		standby := StandbyRegion
		if c.primary == standby {
			standby = "us-east-1"
		}
		o := opts
		o.Region, o.Fleet = standby, "standby"
		s, err := newSimulator(o, c.faults, c.stats)
		if err != nil {
			return nil, err
		}
		c.regions[standby], c.fleets[standby] = s, o.Fleet
	}
	return c, nil
}

// servable says why the simulated account cannot be in region: one AWS
// does not have, or one of another partition.
func servable(region string) error {
	r, ok := model.LookupRegion(region)
	switch {
	case !ok:
		return fmt.Errorf("credential should be scoped to a valid region, not '%s': %s is not an AWS region", region, region)
	case r.Partition != "aws":
		return fmt.Errorf("credential should be scoped to a valid region, not '%s': %s is in the %s partition and the simulated account is in aws", region, region, r.Partition)
	}
	return nil
}

// Primary is the region the fleet lives in.
func (c *Cloud) Primary() *Simulator {
	s, _ := c.Region(c.primary)
	return s
}

// Region is the simulator of region, built (empty) on first use.
func (c *Cloud) Region(region string) (*Simulator, error) {
	c.mu.Lock()
	s := c.regions[region]
	c.mu.Unlock()
	if s != nil {
		return s, nil
	}
	if err := servable(region); err != nil {
		return nil, err
	}
	// Built between two steps of the clock, at its time.
	c.runMu.Lock()
	defer c.runMu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.regions[region]; s != nil {
		return s, nil
	}
	o := c.opts
	o.Region, o.Fleet, o.Scenario, o.Start = region, "empty", c.scenario, c.refuse.Now()
	s, err := newSimulator(o, c.faults, c.stats)
	if err != nil {
		return nil, err
	}
	c.regions[region], c.fleets[region] = s, o.Fleet
	return s, nil
}

// built lists the regions built so far, by name.
func (c *Cloud) built() []*Simulator {
	c.mu.Lock()
	defer c.mu.Unlock()
	names := make([]string, 0, len(c.regions))
	for n := range c.regions {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]*Simulator, len(names))
	for i, n := range names {
		out[i] = c.regions[n]
	}
	return out
}

// Now is the virtual clock.
func (c *Cloud) Now() time.Time { return c.refuse.Now() }

// Advance steps every region's clock by d, in fine ticks, so that no region
// runs ahead of another.
func (c *Cloud) Advance(d time.Duration) {
	c.runMu.Lock()
	defer c.runMu.Unlock()
	end := c.refuse.Now().Add(d)
	for now := c.refuse.Now(); now.Before(end); {
		now = now.Add(fineTick)
		if now.After(end) {
			now = end
		}
		for _, s := range c.built() {
			if ahead := now.Sub(s.Now()); ahead > 0 {
				s.Advance(ahead)
			}
		}
	}
}

// Run advances the clock in real time x Speed until ctx ends.
func (c *Cloud) Run(ctx context.Context) { runClock(ctx, c.opts.Speed, c.Advance) }

// SetScenario switches every region to the scenario; region-failover gives
// each its part (see failover.go).
func (c *Cloud) SetScenario(name string) error {
	if !validScenario(name) {
		return fmt.Errorf("sim: unknown scenario %q (want one of %v)", name, Scenarios)
	}
	c.runMu.Lock()
	defer c.runMu.Unlock()
	c.mu.Lock()
	c.scenario = name
	c.mu.Unlock()
	for _, s := range c.built() {
		if err := s.SetScenario(name); err != nil {
			return err
		}
	}
	return nil
}

// SetFaults replaces the faults of every region (or of Faults.Regions).
func (c *Cloud) SetFaults(f Faults) { c.refuse.SetFaults(f) }

func (c *Cloud) faultState() *faultState { return c.faults }

// simIn is region's simulator, the primary's for "".
func (c *Cloud) simIn(region string) (*Simulator, error) {
	if region == "" {
		region = c.primary
	}
	return c.Region(region)
}

// Stats are every built region's counters, with each region at a glance.
func (c *Cloud) Stats() Stats {
	st, _ := c.statsFor("")
	return st
}

// StatsIn are one region's counters, mutations, groups and instances.
func (c *Cloud) StatsIn(region string) (Stats, error) { return c.statsFor(region) }

func (c *Cloud) statsFor(region string) (Stats, error) {
	if region != "" {
		c.mu.Lock()
		s := c.regions[region]
		c.mu.Unlock()
		if s == nil {
			if err := servable(region); err != nil {
				return Stats{}, err
			}
			return Stats{Region: region, Clock: c.Now(), Scenario: c.scenarioName(), Requests: map[string]map[string]int64{},
				Errors: map[string]map[string]int64{}, Mutations: []Mutation{}, Injected: c.faults.injectedCopy()}, nil
		}
		return s.Stats(), nil
	}
	out := Stats{Clock: c.Now(), Scenario: c.scenarioName(), Regions: map[string]RegionStats{}}
	for _, s := range c.built() {
		_, _, g, n := s.census()
		out.Groups += g
		out.Instances += n
		c.mu.Lock()
		fleet := c.fleets[s.region]
		c.mu.Unlock()
		out.Regions[s.region] = RegionStats{Groups: g, Instances: n, Requests: c.stats.requestsIn(s.region), Fleet: fleet}
	}
	c.stats.fill(&out, func(string) bool { return true })
	out.Injected = c.faults.injectedCopy()
	out.Faults = c.faults.describe()
	l := c.refuse.Ledger()
	out.Ledger = &l
	return out, nil
}

func (c *Cloud) scenarioName() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.scenario
}

// Handler serves every region's AWS APIs, routed by the credential scope's
// region (unsigned requests go to the primary), and the /_sim/ control
// surface.
func (c *Cloud) Handler() http.Handler {
	ctl := controlHandler(c)
	return proveIdentity(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_sim/") {
			ctl.ServeHTTP(w, r)
			return
		}
		region := scopeRegion(r.Header.Get("Authorization"))
		if region == "" {
			region = c.primary
		}
		s, err := c.Region(region)
		if err != nil {
			// Answered in the protocol's shape by a region that exists.
			r = r.WithContext(context.WithValue(r.Context(), refusalKey{}, err))
			s = c.refuse
		}
		s.aws.ServeHTTP(w, r)
	}))
}

// scopeRegion is the region of a SigV4 Authorization header's credential
// scope (Credential=AKID/20240101/us-west-2/autoscaling/aws4_request), ""
// when there is none.
func scopeRegion(h string) string {
	_, rest, ok := strings.Cut(h, "Credential=")
	if !ok {
		return ""
	}
	cred, _, _ := strings.Cut(rest, ",")
	parts := strings.Split(strings.TrimSpace(cred), "/")
	if len(parts) != 5 {
		return ""
	}
	return parts[2]
}

type refusalKey struct{}

// refusal is the error a request for a region AWS does not have is
// answered with, as AWS answers a credential scoped to a region its
// endpoint does not serve: 403 SignatureDoesNotMatch (InvalidSignatureException
// for the JSON protocols), "Credential should be scoped to a valid region,
// not 'us-eest-1'."
func refusal(ctx context.Context, protocol string) error {
	err, ok := ctx.Value(refusalKey{}).(error)
	if !ok {
		return nil
	}
	code := "SignatureDoesNotMatch"
	if strings.HasPrefix(protocol, "json") || protocol == "rpcv2cbor" {
		code = "InvalidSignatureException"
	}
	msg := err.Error()
	return apiErr(code, "%s", strings.ToUpper(msg[:1])+msg[1:])
}
