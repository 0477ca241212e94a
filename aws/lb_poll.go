package aws

import (
	"context"
	"slices"
	"time"

	"github.com/solemate/hoist/model"
)

// The load balancer jobs of the poller. The listeners class reads every
// load balancer's listeners on the slow load balancer cadence, and the
// certificates they serve and the security policies on long ones; the
// target-health class reads the details of what is on screen: the
// selected group's target groups, and for the load balancers on screen
// their target groups' health and attributes and their listeners'
// certificate lists and rules (docs/aws-facts.md: Rates).

// jobFunc is the IO part of a poller job.
type jobFunc = func(context.Context) (func(*world), error)

// due reports whether something read at (zero: never) is older than ttl.
func due(at time.Time, ttl time.Duration, now time.Time) bool {
	return at.IsZero() || now.Sub(at) > ttl
}

// certPlan is what the certificate reads need from the world, taken on
// the loop goroutine.
type certPlan struct {
	now         time.Time
	certsRead   map[string]time.Time // certificate ARN → when it was read
	listsRead   map[string]time.Time // listener ARN → when its certificate list was read
	listed      []string             // the certificates on the lists held
	policiesDue bool
}

func (w *world) certPlan(now time.Time) certPlan {
	cp := certPlan{now: now, certsRead: w.lb.certsRead(), listsRead: w.lb.listsRead(), policiesDue: due(w.lb.policiesAt, policiesTTL, now)}
	for _, l := range w.lb.certLists {
		cp.listed = append(cp.listed, l.certs...)
	}
	return cp
}

// listenersYield is one listeners cycle's reads.
type listenersYield struct {
	listeners map[string][]model.Listener // load balancer ARN → listeners
	lists     map[string][]string         // listener ARN → certificates besides the default
	rules     map[string]int
	certs     []model.Certificate
	policies  []model.SSLPolicy // nil when not read
}

func (y *listenersYield) apply(w *world, now time.Time) {
	w.setListeners(y.listeners, now)
	w.addCertLists(y.lists, y.rules, now)
	w.addCerts(y.certs, y.policies, now)
}

// listenersJob reads every load balancer's listeners; the certificate
// lists of secure listeners, the certificates they serve and the security
// policies when those are due.
func (p *Poller) listenersJob(w *world) jobFunc {
	s := p.s
	lbs := make([]string, 0, len(w.rawLBs))
	for _, lb := range w.rawLBs {
		lbs = append(lbs, lb.ARN)
	}
	plan := w.certPlan(s.clock.Now())
	return func(ctx context.Context) (func(*world), error) {
		y := listenersYield{listeners: map[string][]model.Listener{}}
		err := s.readListeners(ctx, lbs, y.listeners)
		var secure []string
		for _, ls := range y.listeners {
			for _, l := range ls {
				if l.Secure() && due(plan.listsRead[l.ARN], certTTL, plan.now) {
					secure = append(secure, l.ARN)
				}
			}
		}
		y.lists = s.readCertLists(ctx, secure)
		y.certs = s.readCerts(ctx, certsInUse(y.listeners, y.lists, plan.listed), plan)
		if plan.policiesDue && anySecure(y.listeners) {
			y.policies = s.readPolicies(ctx)
		}
		return func(w *world) { y.apply(w, plan.now) }, err
	}
}

func anySecure(ls map[string][]model.Listener) bool {
	for _, l := range ls {
		if slices.ContainsFunc(l, model.Listener.Secure) {
			return true
		}
	}
	return false
}

// readListeners reads the listeners of each load balancer into out; one
// deleted meanwhile is left out. It stops at the first other error.
func (s *Session) readListeners(ctx context.Context, lbs []string, out map[string][]model.Listener) error {
	for _, lb := range lbs {
		ls, err := s.describeListeners(ctx, lb)
		if apiCode(err) == "LoadBalancerNotFound" {
			continue
		}
		if err != nil {
			return err
		}
		out[lb] = ls
	}
	return nil
}

// readCertLists reads listeners' certificate lists. They only add to the
// listeners, so a failure is logged, not the class's: the lists are
// tried again next cycle.
func (s *Session) readCertLists(ctx context.Context, listeners []string) map[string][]string {
	out := map[string][]string{}
	for _, arn := range listeners {
		_, rest, err := s.describeListenerCertificates(ctx, arn)
		if err != nil {
			s.log.Info("listener certificates not read", "listener", arn, "err", err.Error())
			if IsThrottled(err) {
				break
			}
			continue
		}
		out[arn] = rest
	}
	return out
}

// certsInUse is every certificate the listeners serve: their defaults and
// their lists, read now or before.
func certsInUse(ls map[string][]model.Listener, lists map[string][]string, listed []string) []string {
	var out []string
	add := func(c string) {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, l := range ls {
		for _, x := range l {
			add(x.DefaultCertificate())
		}
	}
	for _, l := range lists {
		for _, c := range l {
			add(c)
		}
	}
	for _, c := range listed {
		add(c)
	}
	slices.Sort(out)
	return out
}

// readCerts reads the certificates among arns that are due: ACM ones one
// by one, IAM ones with one listing. A certificate that could not be read
// is recorded as read with nothing known, and tried again when due; after
// throttling the rest wait for the next cycle.
func (s *Session) readCerts(ctx context.Context, arns []string, plan certPlan) []model.Certificate {
	var out []model.Certificate
	iamDue := false
	for _, arn := range arns {
		if !due(plan.certsRead[arn], certTTL, plan.now) {
			continue
		}
		switch model.CertSource(arn) {
		case model.CertIAM:
			iamDue = s.iam != nil
		case model.CertACM:
			if s.acm == nil { // a session over fakes (NewSessionFromClients)
				continue
			}
			c, err := s.describeCertificate(ctx, arn, plan.now)
			if err != nil {
				s.log.Info("certificate not read", "certificate", arn, "err", err.Error())
				if IsThrottled(err) {
					return out
				}
			}
			out = append(out, c)
		}
	}
	if iamDue {
		out = append(out, s.readServerCerts(ctx, arns, plan.now)...)
	}
	return out
}

// readServerCerts lists the IAM server certificates and returns those of
// arns; one IAM does not list is returned with nothing known.
func (s *Session) readServerCerts(ctx context.Context, arns []string, now time.Time) []model.Certificate {
	all, err := s.describeServerCertificates(ctx, now)
	if err != nil {
		s.log.Info("IAM server certificates not read", "err", err.Error())
		if IsThrottled(err) {
			return nil
		}
	}
	var out []model.Certificate
	for _, arn := range arns {
		if model.CertSource(arn) != model.CertIAM {
			continue
		}
		i := slices.IndexFunc(all, func(c model.Certificate) bool { return c.ARN == arn })
		if i < 0 {
			out = append(out, model.Certificate{ARN: arn, Source: model.CertIAM, Read: now})
			continue
		}
		out = append(out, all[i])
	}
	return out
}

// readPolicies reads every security policy; nil when that failed (they
// are tried again next cycle).
func (s *Session) readPolicies(ctx context.Context) []model.SSLPolicy {
	ps, err := s.describeSSLPolicies(ctx, "")
	if err != nil {
		s.log.Info("security policies not read", "err", err.Error())
		return nil
	}
	if ps == nil {
		ps = []model.SSLPolicy{}
	}
	return ps
}

// detailsJob is one target-health cycle: what planDetails names.
func (p *Poller) detailsJob(w *world, v model.Visible) jobFunc {
	s := p.s
	plan := w.planDetails(v, s.clock.Now())
	return func(ctx context.Context) (func(*world), error) {
		d, err := s.fetchTargetDetails(ctx, plan)
		return func(w *world) { w.setTargetDetails(d, s.clock.Now()) }, err
	}
}

// detailsPlan is what one target-health cycle reads.
type detailsPlan struct {
	targets   []string // target groups whose target health is read
	attrs     []string // target groups whose attributes are due
	lists     []string // listeners whose certificate lists are due
	rules     []string // listeners whose rules are due
	listeners []string // load balancers whose listeners an action changed
	certs     certPlan
}

// planDetails decides what the target-health cycle reads: target health
// of the selected group's target groups and of the target groups of the
// load balancers on screen; attributes, certificate lists and rules of
// those when older than detailsTTL.
func (w *world) planDetails(v model.Visible, now time.Time) detailsPlan {
	dp := detailsPlan{targets: w.targetGroupsOf(v.Selected), certs: w.certPlan(now)}
	for _, lb := range w.shownLBs(v) {
		for _, tg := range w.tgsOf(lb.ARN) {
			if !slices.Contains(dp.targets, tg.ARN) {
				dp.targets = append(dp.targets, tg.ARN)
			}
		}
		if w.lb.stale[lb.ARN] {
			dp.listeners = append(dp.listeners, lb.ARN)
		}
		for _, l := range w.listeners[lb.ARN].ls {
			if l.Secure() && due(w.lb.certLists[l.ARN].at, detailsTTL, now) {
				dp.lists = append(dp.lists, l.ARN)
			}
			if due(w.lb.rules[l.ARN].at, detailsTTL, now) {
				dp.rules = append(dp.rules, l.ARN)
			}
		}
	}
	for _, tg := range dp.targets {
		if a, ok := w.attrs[tg]; !ok || now.Sub(a.at) > detailsTTL {
			dp.attrs = append(dp.attrs, tg)
		}
	}
	return dp
}

// detailsWaiting reports whether listeners on screen have details due:
// their load balancer's listeners have just been read for the first time,
// or have changed.
func (w *world) detailsWaiting(v model.Visible, now time.Time) bool {
	dp := w.planDetails(v, now)
	return len(dp.lists)+len(dp.rules) > 0
}

// targetDetails is one target-health cycle's yield.
type targetDetails struct {
	targets map[string][]model.Target
	attrs   map[string]map[string]string
	listenersYield
}

// fetchTargetDetails reads what plan names. Target health and attributes
// failing fail the cycle; the rest only add to them and are logged.
func (s *Session) fetchTargetDetails(ctx context.Context, plan detailsPlan) (targetDetails, error) {
	d := targetDetails{targets: map[string][]model.Target{}, attrs: map[string]map[string]string{},
		listenersYield: listenersYield{listeners: map[string][]model.Listener{}, rules: map[string]int{}}}
	var firstErr error
	keep := func(err error) {
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	for _, tg := range plan.targets {
		ts, err := s.describeTargetHealth(ctx, tg)
		keep(err)
		if err == nil {
			d.targets[tg] = ts
		}
	}
	for _, tg := range plan.attrs {
		a, err := s.describeTargetGroupAttributes(ctx, tg)
		keep(err)
		if err == nil {
			d.attrs[tg] = a
		}
	}
	keep(s.readListeners(ctx, plan.listeners, d.listeners))
	lists := plan.lists
	for _, ls := range d.listeners {
		for _, l := range ls {
			if l.Secure() && !slices.Contains(lists, l.ARN) {
				lists = append(lists, l.ARN)
			}
		}
	}
	d.lists = s.readCertLists(ctx, lists)
	for _, arn := range plan.rules {
		n, err := s.describeRuleCount(ctx, arn)
		if err != nil {
			s.log.Info("listener rules not read", "listener", arn, "err", err.Error())
			continue
		}
		d.rules[arn] = n
	}
	d.certs = s.readCerts(ctx, newCerts(d.listeners, d.lists, plan.certs), plan.certs)
	return d, firstErr
}

// newCerts are the certificates just read on listeners that hoist has not
// read yet: a certificate an action put on a listener is read at once,
// not on the next listeners cycle.
func newCerts(ls map[string][]model.Listener, lists map[string][]string, plan certPlan) []string {
	return slices.DeleteFunc(certsInUse(ls, lists, nil), func(c string) bool { return !plan.certsRead[c].IsZero() })
}

func (w *world) setTargetDetails(d targetDetails, now time.Time) {
	for tg, ts := range d.targets {
		w.targets[tg] = targetsAt{ts, now}
	}
	for tg, a := range d.attrs {
		w.attrs[tg] = attrsAt{a, now}
	}
	if len(d.listeners) > 0 {
		w.setListeners(d.listeners, now)
	}
	w.addCertLists(d.lists, d.rules, now)
	w.addCerts(d.certs, nil, now)
	w.frontsDirt = true
}
