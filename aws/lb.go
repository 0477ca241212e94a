package aws

import (
	"context"

	"github.com/solemate/hoist/model"
)

// What the command line and the load balancer screen ask of the adapter
// beyond the poller's snapshots.

// lbClasses are the classes the load balancer view needs: the groups (the
// Auto Scaling groups behind each target group, their instances' zones),
// load balancers and target groups, listeners and their certificates,
// target health and attributes, and the charts' series.
var lbClasses = []model.Class{model.ClassGroups, model.ClassLoadBalancers, model.ClassListeners,
	model.ClassTargetHealth, model.ClassMetrics}

// FetchLoadBalancers reads what the load balancer view shows, once, for
// one-shot commands (hoist lb): every load balancer with its listeners and
// certificates, and for those v shows in detail (v.LoadBalancers,
// v.AllLoadBalancers) their target groups' health and attributes, their
// listeners' certificate lists and rules and their series over v.Range.
// A failure to list groups fails the fetch; other classes record theirs
// in Snapshot.Fresh.
func (s *Session) FetchLoadBalancers(ctx context.Context, v model.Visible) (model.Snapshot, error) {
	return s.fetchClasses(ctx, v, lbClasses)
}

// SSLPolicies lists the security policies a listener of a load balancer
// type (application, network; "" for both) may take, by name.
func (s *Session) SSLPolicies(ctx context.Context, lbType string) ([]model.SSLPolicy, error) {
	return s.describeSSLPolicies(ctx, lbType)
}

// Certificates lists the account's issued ACM certificates of every key
// type, the certificates a listener may be given, by domain.
func (s *Session) Certificates(ctx context.Context) ([]model.Certificate, error) {
	return s.listCertificates(ctx, s.clock.Now())
}

// SSLPolicies lists the security policies of the current session, for
// the load balancer screen's choices.
func (b *Backend) SSLPolicies(ctx context.Context, lbType string) ([]model.SSLPolicy, error) {
	return b.Session().SSLPolicies(ctx, lbType)
}

// Certificates lists the current session's ACM certificates, for the load
// balancer screen's choices.
func (b *Backend) Certificates(ctx context.Context) ([]model.Certificate, error) {
	return b.Session().Certificates(ctx)
}
