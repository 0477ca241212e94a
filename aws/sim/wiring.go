package sim

import (
	"context"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// service is one AWS service the simulator answers: its signing name, a
// typed nil SDK client whose methods define the operations, and the
// handlers.
type service struct {
	name   string
	client any
	impl   any
}

func (s *Simulator) services() []service {
	return []service{
		{"autoscaling", (*autoscaling.Client)(nil), autoScalingAPI{s}},
		{"elasticloadbalancing", (*elb.Client)(nil), elbv2API{s}},
		{"monitoring", (*cloudwatch.Client)(nil), cloudWatchAPI{s}},
		{"ec2", (*ec2.Client)(nil), ec2API{s}},
		{"sts", (*sts.Client)(nil), stsAPI{s}},
	}
}

// awsHandler serves the AWS protocols. Until the wire package lands it
// answers 501 for every AWS call.
func (s *Simulator) awsHandler() http.Handler {
	svcs := s.services()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "AWS protocols not wired yet", http.StatusNotImplemented)
		_, _ = svcs, s.beforeCall
		_ = s.afterCall
	})
}

// beforeCall is the engine's wire.Hooks.Intercept: it hands the request id
// and access key to the handler through the context and injects faults.
func (s *Simulator) beforeCall(ctx context.Context, service, op, accessKey, requestID string) error {
	if ri, ok := ctx.Value(reqKey{}).(*reqInfo); ok {
		ri.id, ri.accessKey = requestID, accessKey
	}
	return s.intercept(ctx, service, op, accessKey)
}

// afterCall is wire.Hooks.Observe.
func (s *Simulator) afterCall(service, op string, err error) { s.observe(service, op, err) }
