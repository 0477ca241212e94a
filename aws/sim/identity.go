package sim

import (
	"context"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/solemate/hoist/model"
)

// How the simulator tells a client what it is (model.RecognizeSimulator):
// GetCallerIdentity answers the simulator's exact caller, and every answer
// carries the X-Hoist-Simulator header. The adapter needs both, at an
// endpoint that is not AWS's, before it says SIMULATOR.

// stsAPI answers GetCallerIdentity with the simulator's caller, whatever
// keys signed the request.
type stsAPI struct{ s *Simulator }

func (stsAPI) GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput) (*sts.GetCallerIdentityOutput, error) {
	return &sts.GetCallerIdentityOutput{
		Account: aws.String(Account),
		Arn:     aws.String(model.SimulatorARN),
		UserId:  aws.String("AROAHOISTSIMULATOR:oncall"),
	}, nil
}

// proveIdentity puts the proof header on every answer of h, the AWS APIs'
// and the control surface's, errors and throttling included.
func proveIdentity(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(model.SimulatorHeader, Account)
		h.ServeHTTP(w, r)
	})
}
