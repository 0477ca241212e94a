package aws

import (
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/solemate/hoist/model"
)

// The world's load balancer part beyond what DescribeLoadBalancers and
// DescribeTargetGroups give: listeners' certificate lists and rules, the
// certificates and the security policies. Like the rest of the world it is
// owned by the poller's loop goroutine and copied on write.

// How long load balancer details are kept before they are read again.
// Certificates change rarely and cost a call each; so do the certificate
// lists of listeners that are not on screen. Security policies are AWS's
// own and change with AWS's releases.
const (
	certTTL     = time.Hour
	policiesTTL = 24 * time.Hour
)

// lbDetails is the world's load balancer details.
type lbDetails struct {
	certLists  map[string]certListAt // listener ARN → its certificates besides the default
	rules      map[string]rulesAt    // listener ARN → rules besides the default
	certs      map[string]model.Certificate
	policies   []model.SSLPolicy
	policiesAt time.Time
	// stale are load balancers whose listeners an action changed: the
	// next target-health cycle reads them again.
	stale map[string]bool

	published []model.Certificate // certs, sorted, as the last snapshot had them
	dirty     bool
}

type certListAt struct {
	certs []string
	at    time.Time
}

type rulesAt struct {
	n  int
	at time.Time
}

func newLBDetails() lbDetails {
	return lbDetails{certLists: map[string]certListAt{}, rules: map[string]rulesAt{},
		certs: map[string]model.Certificate{}, stale: map[string]bool{}}
}

// certsRead is when each certificate was last read (or tried), for the
// plans made on the loop goroutine and used by the jobs.
func (d *lbDetails) certsRead() map[string]time.Time {
	out := make(map[string]time.Time, len(d.certs))
	for arn, c := range d.certs {
		out[arn] = c.Read
	}
	return out
}

func (d *lbDetails) listsRead() map[string]time.Time {
	out := make(map[string]time.Time, len(d.certLists))
	for arn, l := range d.certLists {
		out[arn] = l.at
	}
	return out
}

// addCerts records certificates read; policies, when not nil, replace
// those held.
func (w *world) addCerts(certs []model.Certificate, policies []model.SSLPolicy, now time.Time) {
	for _, c := range certs {
		w.lb.certs[c.ARN] = c
		w.lb.dirty = true
	}
	if policies != nil {
		w.lb.policies, w.lb.policiesAt = policies, now
	}
}

// addCertLists records listeners' certificate lists and rule counts.
func (w *world) addCertLists(lists map[string][]string, rules map[string]int, now time.Time) {
	for arn, l := range lists {
		w.lb.certLists[arn] = certListAt{l, now}
	}
	for arn, n := range rules {
		w.lb.rules[arn] = rulesAt{n, now}
	}
	w.frontsDirt = true
}

// setListeners records every load balancer's listeners, as the listeners
// class read them.
func (w *world) setListeners(ls map[string][]model.Listener, now time.Time) {
	for lb, l := range ls {
		w.listeners[lb] = listenersAt{l, now}
		delete(w.lb.stale, lb)
	}
	w.frontsDirt = true
}

// forget drops what an action changed, so that it is read again at once:
// a target group's attributes, a listener's certificate list and its load
// balancer's listeners.
func (w *world) forget(refs []model.Ref) {
	for _, r := range refs {
		switch r.Kind {
		case model.RefTargetGroup, model.RefTargetGroupAttributes, model.RefTargets:
			delete(w.attrs, r.Name)
		case model.RefListener:
			if lb := w.lbOfListener(r.Name); lb != "" {
				w.lb.stale[lb] = true
			}
			delete(w.lb.certLists, r.Name)
		}
	}
}

func (w *world) lbOfListener(arn string) string {
	for lb, l := range w.listeners {
		if slices.ContainsFunc(l.ls, func(x model.Listener) bool { return x.ARN == arn }) {
			return lb
		}
	}
	return ""
}

// withDetails returns ls with the certificate lists and rule counts read
// for them: each listener's default certificate (from DescribeListeners)
// and then its list.
func (w *world) withDetails(ls []model.Listener) []model.Listener {
	out := make([]model.Listener, len(ls))
	for i, l := range ls {
		if cl, ok := w.lb.certLists[l.ARN]; ok {
			l.Certificates, l.CertificatesRead = withDefault(l.DefaultCertificate(), cl.certs), true
		}
		if r, ok := w.lb.rules[l.ARN]; ok {
			l.Rules, l.RulesRead = r.n, true
		}
		out[i] = l
	}
	return out
}

// withDefault is a listener's certificates: def first, then rest without it.
func withDefault(def string, rest []string) []string {
	out := make([]string, 0, len(rest)+1)
	if def != "" {
		out = append(out, def)
	}
	for _, c := range rest {
		if c != def {
			out = append(out, c)
		}
	}
	return out
}

// certificates are the certificates held, sorted by ARN.
func (w *world) certificates() []model.Certificate {
	if !w.lb.dirty {
		return w.lb.published
	}
	out := slices.Collect(maps.Values(w.lb.certs))
	sort.Slice(out, func(i, j int) bool { return out[i].ARN < out[j].ARN })
	w.lb.published, w.lb.dirty = out, false
	return out
}

// shownLBs are the load balancers on screen in detail.
func (w *world) shownLBs(v model.Visible) []*model.LoadBalancer {
	var out []*model.LoadBalancer
	for i := range w.rawLBs {
		if v.ShowsLoadBalancer(&w.rawLBs[i]) {
			out = append(out, &w.rawLBs[i])
		}
	}
	return out
}

// tgsOf are the target groups that forward from lb.
func (w *world) tgsOf(lb string) []*model.TargetGroup {
	var out []*model.TargetGroup
	for i := range w.rawTGs {
		if slices.Contains(w.rawTGs[i].LoadBalancerARNs, lb) {
			out = append(out, &w.rawTGs[i])
		}
	}
	return out
}

// lbMetricSpecs are the series of the load balancers on screen.
func (w *world) lbMetricSpecs(v model.Visible) []model.MetricSpec {
	var out []model.MetricSpec
	for _, lb := range w.shownLBs(v) {
		out = append(out, model.LBMetricSpecs(lb, w.tgsOf(lb.ARN))...)
	}
	return out
}

// targetGroupsOf is the ARNs of group's target groups.
func (w *world) targetGroupsOf(group string) []string {
	if g, ok := w.group(group); ok {
		return slices.Clone(g.TargetGroupARNs)
	}
	return nil
}
