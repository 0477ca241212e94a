package aws

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

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

// TargetGroupNamed reads one target group, by name or ARN, with its
// attributes and its targets' health: what an action on it is built from.
// One that does not exist is a *model.ValidationError.
func (s *Session) TargetGroupNamed(ctx context.Context, ref string) (*model.TargetGroup, error) {
	arn := ref
	if !strings.HasPrefix(ref, "arn:") {
		o, err := s.elb.DescribeTargetGroups(ctx, &elb.DescribeTargetGroupsInput{Names: []string{ref}})
		if apiCode(err) == "TargetGroupNotFound" || err == nil && len(o.TargetGroups) == 0 {
			return nil, notFound("target group", ref, s.region)
		}
		if err != nil {
			return nil, classify("elasticloadbalancing:DescribeTargetGroups", err)
		}
		arn = sdk.ToString(o.TargetGroups[0].TargetGroupArn)
	}
	f, err := s.readTargetGroupWith(ctx, model.Ref{Name: arn}, func(tg *model.TargetGroup) (err error) {
		if tg.Attributes, err = s.describeTargetGroupAttributes(ctx, arn); err != nil {
			return err
		}
		tg.Targets, err = s.describeTargetHealth(ctx, arn)
		tg.TargetsFetched = s.clock.Now()
		return err
	})
	if err != nil {
		return nil, err
	}
	if f.cur.TargetGroup == nil {
		return nil, notFound("target group", ref, s.region)
	}
	return f.cur.TargetGroup, nil
}

// ListenerNamed reads one listener, by ARN or as LOAD-BALANCER:PORT, with
// its whole certificate list, and the load balancer it belongs to (name,
// type and ARN only). One that does not exist is a
// *model.ValidationError.
func (s *Session) ListenerNamed(ctx context.Context, ref string) (*model.LoadBalancer, *model.Listener, error) {
	arn := ref
	if !strings.HasPrefix(ref, "arn:") {
		var err error
		if arn, err = s.listenerARN(ctx, ref); err != nil {
			return nil, nil, err
		}
	}
	f, err := s.readListener(ctx, model.Ref{Kind: model.RefListener, Name: arn})
	if err != nil {
		return nil, nil, err
	}
	if f.cur.Listener == nil {
		return nil, nil, notFound("listener", ref, s.region)
	}
	return lbOfListenerARN(arn), f.cur.Listener, nil
}

// listenerARN finds the ARN of the listener named LOAD-BALANCER:PORT.
func (s *Session) listenerARN(ctx context.Context, ref string) (string, error) {
	name, p, ok := strings.Cut(ref, ":")
	port, err := strconv.Atoi(p)
	if !ok || err != nil || name == "" {
		return "", &model.ValidationError{Msg: fmt.Sprintf("name a listener as LOAD-BALANCER:PORT (e.g. web-alb:443) or by its ARN, not %q", ref)}
	}
	o, err := s.elb.DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{name}})
	if apiCode(err) == "LoadBalancerNotFound" || err == nil && len(o.LoadBalancers) == 0 {
		return "", notFound("load balancer", name, s.region)
	}
	if err != nil {
		return "", classify("elasticloadbalancing:DescribeLoadBalancers", err)
	}
	ls, err := s.describeListeners(ctx, sdk.ToString(o.LoadBalancers[0].LoadBalancerArn))
	if err != nil {
		return "", err
	}
	var ports []string
	for _, l := range ls {
		if l.Port == port {
			return l.ARN, nil
		}
		ports = append(ports, strconv.Itoa(l.Port))
	}
	return "", &model.ValidationError{Msg: fmt.Sprintf("load balancer %s has no listener on port %d; it listens on %s", name, port, orNone(ports))}
}

// lbOfListenerARN is the load balancer a listener ARN names:
// ...:listener/app/NAME/ID/LISTENER-ID belongs to ...:loadbalancer/app/NAME/ID.
func lbOfListenerARN(arn string) *model.LoadBalancer {
	lb := &model.LoadBalancer{}
	head, rest, ok := strings.Cut(arn, ":listener/")
	parts := strings.Split(rest, "/")
	if !ok || len(parts) != 4 {
		return lb
	}
	lb.ARN = head + ":loadbalancer/" + strings.Join(parts[:3], "/")
	lb.Name, lb.Type = parts[1], model.LBApplication
	if parts[0] == "net" {
		lb.Type = model.LBNetwork
	}
	return lb
}

// notFound says a name matched nothing in the region.
func notFound(what, ref, region string) error {
	return &model.ValidationError{Msg: fmt.Sprintf("no %s %q in %s", what, ref, region)}
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "no port"
	}
	return strings.Join(s, ", ")
}

// LoadBalancers lists the load balancers and target groups, without
// their listeners or details: for completing names.
func (s *Session) LoadBalancers(ctx context.Context) ([]model.LoadBalancer, []model.TargetGroup, error) {
	return s.describeLoadBalancers(ctx)
}

// Listeners lists a load balancer's listeners, without their certificate
// lists or rules: for completing names.
func (s *Session) Listeners(ctx context.Context, lbARN string) ([]model.Listener, error) {
	return s.describeListeners(ctx, lbARN)
}
