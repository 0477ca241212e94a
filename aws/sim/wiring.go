package sim

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/solemate/hoist/aws/sim/wire"
)

// services are the AWS services the simulator answers: signing name, a
// typed nil SDK client whose methods define the operations, and the
// handlers.
func (s *Simulator) services() []wire.Service {
	return []wire.Service{
		{Name: "autoscaling", Client: (*autoscaling.Client)(nil), Impl: autoScalingAPI{s}},
		{Name: "elasticloadbalancing", Client: (*elb.Client)(nil), Impl: elbv2API{s}},
		{Name: "monitoring", Client: (*cloudwatch.Client)(nil), Impl: cloudWatchAPI{s}},
		{Name: "ec2", Client: (*ec2.Client)(nil), Impl: ec2API{s}},
		{Name: "sts", Client: (*sts.Client)(nil), Impl: stsAPI{s}},
		{Name: "acm", Client: (*acm.Client)(nil), Impl: acmAPI{s}},
		{Name: "iam", Client: (*iam.Client)(nil), Impl: iamAPI{s}},
	}
}

// newAWSHandler builds the wire server with the engine's hooks: faults
// before dispatch, stats after, and the virtual clock for the Date header.
func (s *Simulator) newAWSHandler() (http.Handler, error) {
	h, err := wire.NewServer(wire.Hooks{
		// Calls are counted before dispatch, so the count is in the stats
		// by the time the client has its answer; error codes are counted
		// after the answer is written.
		Intercept: func(ctx context.Context, c wire.Call) error {
			s.countCall(c.Service, c.Operation)
			if err := refusal(ctx, c.Protocol); err != nil {
				return err // a Cloud's request for a region AWS does not have
			}
			return s.intercept(ctx, c.Service, c.Operation, c.AccessKeyID)
		},
		Observe: func(c wire.Call, err error, _ time.Duration) { s.countError(c.Service, err) },
		Now:     s.Now,
	}, s.services()...)
	if err != nil {
		return nil, fmt.Errorf("sim: wire: %w", err)
	}
	return h, nil
}
