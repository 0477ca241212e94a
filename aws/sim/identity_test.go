package sim

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/solemate/hoist/model"
)

// TestIdentityProof: the simulator answers exactly the identity and the
// header model.RecognizeSimulator asks for, on success, on an AWS error
// and on the control surface, so a client on any path can tell it apart.
func TestIdentityProof(t *testing.T) {
	_, srv := served(t, Options{Seed: 1})
	c := sdkClients(srv.URL, "AKIDTEST")
	bg := context.Background()

	id, err := c.sts.GetCallerIdentity(bg, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(id.Account) != model.SimulatorAccount || aws.ToString(id.Arn) != model.SimulatorARN || Account != model.SimulatorAccount {
		t.Errorf("caller %s in %s, want %s", aws.ToString(id.Arn), aws.ToString(id.Account), model.SimulatorARN)
	}
	raw, ok := awsmw.GetRawResponse(id.ResultMetadata).(*smithyhttp.Response)
	if !ok || raw.Header.Get(model.SimulatorHeader) != model.SimulatorAccount {
		t.Errorf("GetCallerIdentity's answer lacks %s: %v", model.SimulatorHeader, raw)
	}

	// An error answer carries it too.
	_, err = c.asg.SetDesiredCapacity(bg, &autoscaling.SetDesiredCapacityInput{AutoScalingGroupName: aws.String("no-such-group"), DesiredCapacity: aws.Int32(1)})
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) || re.Response.Header.Get(model.SimulatorHeader) != model.SimulatorAccount {
		t.Errorf("an error answer lacks %s: %v", model.SimulatorHeader, err)
	}

	resp, err := http.Get(srv.URL + "/_sim/stats")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get(model.SimulatorHeader) != model.SimulatorAccount {
		t.Errorf("/_sim/stats lacks %s", model.SimulatorHeader)
	}
}
