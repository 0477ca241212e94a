package model

import (
	"net/url"
	"strings"
)

// What hoist's simulator (aws/sim) answers with, and the only things that
// make hoist say SIMULATOR. A role or session named hoist-simulator in a real
// account proves nothing: only the exact identity, from a server that also
// sends the proof header, at an endpoint that is not AWS's.
const (
	// SimulatorAccount is the simulated account's id.
	SimulatorAccount = "000000000000"
	// SimulatorARN is the caller sts:GetCallerIdentity answers with.
	SimulatorARN = "arn:aws:sts::" + SimulatorAccount + ":assumed-role/hoist-simulator/oncall"
	// SimulatorHeader is on every HTTP answer of the simulator, with the
	// value SimulatorAccount. AWS, moto and LocalStack never send it.
	SimulatorHeader = "X-Hoist-Simulator"
)

// awsDNSSuffixes are the DNS suffixes of AWS's partitions, regional and
// dual-stack (aws-sdk-go-v2 internal/endpoints/awsrulesfn/partitions.json).
var awsDNSSuffixes = []string{
	"amazonaws.com", "api.aws", // aws, aws-us-gov
	"amazonaws.com.cn", "api.amazonwebservices.com.cn", // aws-cn
	"amazonaws.eu", "api.amazonwebservices.eu", // aws-eusc
	"c2s.ic.gov", "api.aws.ic.gov", // aws-iso
	"sc2s.sgov.gov", "api.aws.scloud", // aws-iso-b
	"cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", // aws-iso-e
	"csp.hci.ic.gov", "api.aws.hci.ic.gov", // aws-iso-f
}

// AWSEndpoint reports whether endpoint is, or may be, AWS's own: "" (no
// override, so the SDK resolves AWS's endpoints), a URL that does not
// parse, or a host under one of AWS's DNS suffixes.
func AWSEndpoint(endpoint string) bool {
	if endpoint == "" {
		return true
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Hostname() == "" {
		return true
	}
	h := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	for _, s := range awsDNSSuffixes {
		if h == s || strings.HasSuffix(h, "."+s) {
			return true
		}
	}
	return false
}

// RecognizeSimulator decides whether the other end is hoist's simulator:
// the endpoint the user named (--sim, --endpoint-url, AWS_ENDPOINT_URL) is
// not AWS's, the caller identity it answered is exactly the simulator's,
// and the same answer carried the proof header (proof is its value). Each
// alone can be imitated: a real role can be called hoist-simulator,
// LocalStack's default account is 000000000000, a proxy can add a header;
// all three together cannot happen on AWS. When in doubt the answer is no:
// a simulator shown as an endpoint is an inconvenience, production shown
// as SIMULATOR is a hazard.
func RecognizeSimulator(endpoint string, id Identity, proof string) bool {
	return !AWSEndpoint(endpoint) &&
		id.Account == SimulatorAccount && id.ARN == SimulatorARN &&
		proof == SimulatorAccount
}
