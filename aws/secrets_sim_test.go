package aws

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/smithy-go/logging"
)

// TestSDKLogsToHoistLog: the SDK's own log lines go to the session's
// logger, never to stderr, which is the console's terminal.
func TestSDKLogsToHoistLog(t *testing.T) {
	env := openSim(t, nil)
	c, ok := env.session.asg.(*autoscaling.Client)
	if !ok {
		t.Fatalf("the session's Auto Scaling client is a %T", env.session.asg)
	}
	c.Options().Logger.Logf(logging.Warn, "failed to discard remaining HTTP response body (%d)", 42)
	if !strings.Contains(env.logBuf.String(), "aws sdk: failed to discard remaining HTTP response body (42)") {
		t.Errorf("the SDK's warning did not reach hoist's log: %q", env.logBuf.String())
	}
}
