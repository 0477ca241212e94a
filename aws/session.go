package aws

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"

	"github.com/solemate/hoist/aws/internal/reqbody"
	"github.com/solemate/hoist/model"
)

// Options configure a Session. The zero value uses the SDK's default
// credential chain and region.
type Options struct {
	Profile string // shared config profile; "" for the default chain
	Region  string // "" for the profile's or the environment's region
	// Endpoint replaces every service's endpoint (--endpoint-url). When
	// empty, AWS_ENDPOINT_URL is honoured by the SDK itself.
	Endpoint string
	// ReadOnly refuses every mutating action before anything is sent.
	ReadOnly bool
	// Logger receives one line per failed call and per action; nil discards.
	Logger *slog.Logger

	// JournalPath is the action journal; "" for DefaultJournalPath. A
	// session that cannot open its journal still reads but refuses actions.
	JournalPath string

	// CallTimeout bounds every API call (default 20 s), retries included.
	CallTimeout time.Duration
	// MaxAttempts is the SDK retryer's attempts for reads (default 3).
	// Mutating calls are always sent once.
	MaxAttempts int
	// MaxBackoff caps the retryer's backoff between attempts (default 20 s).
	MaxBackoff time.Duration
	// Pacing keeps describe calls inside half of the account's shared rate
	// buckets (see paceRuleFor); the default paces against AWS only.
	Pacing Pacing
	// Clock is the local clock; nil for the real one.
	Clock Clock
	// OnCall, when set, is told the IAM action name
	// ("autoscaling:SetDesiredCapacity") of every call; the IAM policy
	// test uses it.
	OnCall func(action string)
	// Credentials replaces the default credential chain; the in-process
	// simulator uses SimulatorCredentials so no AWS setup is needed.
	Credentials sdk.CredentialsProvider
}

// setDefaults fills what the zero Options leave unset.
func (o *Options) setDefaults() {
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 20 * time.Second
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = retry.DefaultMaxAttempts
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = retry.DefaultMaxBackoff
	}
}

// SimulatorCredentials are the fixed keys hoist signs with when it runs the
// simulator in-process. The simulator checks no signature; these only make
// the requests well formed.
func SimulatorCredentials() sdk.CredentialsProvider {
	return sdk.CredentialsProviderFunc(func(context.Context) (sdk.Credentials, error) {
		return sdk.Credentials{AccessKeyID: "AKIDHOISTSIMULATOR", SecretAccessKey: "simulator", Source: "hoist --sim"}, nil
	})
}

// The narrow interfaces below list exactly the SDK calls hoist makes, per
// client; docs/iam/*.json must grant each of them (see iam_test.go).

// AutoScalingAPI is the part of the Auto Scaling client hoist uses.
type AutoScalingAPI interface {
	DescribeAutoScalingGroups(context.Context, *autoscaling.DescribeAutoScalingGroupsInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error)
	DescribeScalingActivities(context.Context, *autoscaling.DescribeScalingActivitiesInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeScalingActivitiesOutput, error)
	DescribePolicies(context.Context, *autoscaling.DescribePoliciesInput, ...func(*autoscaling.Options)) (*autoscaling.DescribePoliciesOutput, error)
	DescribeScheduledActions(context.Context, *autoscaling.DescribeScheduledActionsInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeScheduledActionsOutput, error)
	DescribeInstanceRefreshes(context.Context, *autoscaling.DescribeInstanceRefreshesInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeInstanceRefreshesOutput, error)
	GetPredictiveScalingForecast(context.Context, *autoscaling.GetPredictiveScalingForecastInput, ...func(*autoscaling.Options)) (*autoscaling.GetPredictiveScalingForecastOutput, error)

	SetDesiredCapacity(context.Context, *autoscaling.SetDesiredCapacityInput, ...func(*autoscaling.Options)) (*autoscaling.SetDesiredCapacityOutput, error)
	UpdateAutoScalingGroup(context.Context, *autoscaling.UpdateAutoScalingGroupInput, ...func(*autoscaling.Options)) (*autoscaling.UpdateAutoScalingGroupOutput, error)
	SuspendProcesses(context.Context, *autoscaling.SuspendProcessesInput, ...func(*autoscaling.Options)) (*autoscaling.SuspendProcessesOutput, error)
	ResumeProcesses(context.Context, *autoscaling.ResumeProcessesInput, ...func(*autoscaling.Options)) (*autoscaling.ResumeProcessesOutput, error)
	PutScalingPolicy(context.Context, *autoscaling.PutScalingPolicyInput, ...func(*autoscaling.Options)) (*autoscaling.PutScalingPolicyOutput, error)
	DeletePolicy(context.Context, *autoscaling.DeletePolicyInput, ...func(*autoscaling.Options)) (*autoscaling.DeletePolicyOutput, error)
	ExecutePolicy(context.Context, *autoscaling.ExecutePolicyInput, ...func(*autoscaling.Options)) (*autoscaling.ExecutePolicyOutput, error)
	SetInstanceHealth(context.Context, *autoscaling.SetInstanceHealthInput, ...func(*autoscaling.Options)) (*autoscaling.SetInstanceHealthOutput, error)
	TerminateInstanceInAutoScalingGroup(context.Context, *autoscaling.TerminateInstanceInAutoScalingGroupInput, ...func(*autoscaling.Options)) (*autoscaling.TerminateInstanceInAutoScalingGroupOutput, error)
	EnterStandby(context.Context, *autoscaling.EnterStandbyInput, ...func(*autoscaling.Options)) (*autoscaling.EnterStandbyOutput, error)
	ExitStandby(context.Context, *autoscaling.ExitStandbyInput, ...func(*autoscaling.Options)) (*autoscaling.ExitStandbyOutput, error)
	PutScheduledUpdateGroupAction(context.Context, *autoscaling.PutScheduledUpdateGroupActionInput, ...func(*autoscaling.Options)) (*autoscaling.PutScheduledUpdateGroupActionOutput, error)
	DeleteScheduledAction(context.Context, *autoscaling.DeleteScheduledActionInput, ...func(*autoscaling.Options)) (*autoscaling.DeleteScheduledActionOutput, error)
	StartInstanceRefresh(context.Context, *autoscaling.StartInstanceRefreshInput, ...func(*autoscaling.Options)) (*autoscaling.StartInstanceRefreshOutput, error)
	CancelInstanceRefresh(context.Context, *autoscaling.CancelInstanceRefreshInput, ...func(*autoscaling.Options)) (*autoscaling.CancelInstanceRefreshOutput, error)
	RollbackInstanceRefresh(context.Context, *autoscaling.RollbackInstanceRefreshInput, ...func(*autoscaling.Options)) (*autoscaling.RollbackInstanceRefreshOutput, error)
}

// ELBAPI is the part of the Elastic Load Balancing v2 client hoist uses.
type ELBAPI interface {
	DescribeLoadBalancers(context.Context, *elb.DescribeLoadBalancersInput, ...func(*elb.Options)) (*elb.DescribeLoadBalancersOutput, error)
	DescribeTargetGroups(context.Context, *elb.DescribeTargetGroupsInput, ...func(*elb.Options)) (*elb.DescribeTargetGroupsOutput, error)
	DescribeListeners(context.Context, *elb.DescribeListenersInput, ...func(*elb.Options)) (*elb.DescribeListenersOutput, error)
	DescribeTargetGroupAttributes(context.Context, *elb.DescribeTargetGroupAttributesInput, ...func(*elb.Options)) (*elb.DescribeTargetGroupAttributesOutput, error)
	DescribeTargetHealth(context.Context, *elb.DescribeTargetHealthInput, ...func(*elb.Options)) (*elb.DescribeTargetHealthOutput, error)
	DescribeListenerCertificates(context.Context, *elb.DescribeListenerCertificatesInput, ...func(*elb.Options)) (*elb.DescribeListenerCertificatesOutput, error)
	DescribeRules(context.Context, *elb.DescribeRulesInput, ...func(*elb.Options)) (*elb.DescribeRulesOutput, error)
	DescribeSSLPolicies(context.Context, *elb.DescribeSSLPoliciesInput, ...func(*elb.Options)) (*elb.DescribeSSLPoliciesOutput, error)

	ModifyTargetGroup(context.Context, *elb.ModifyTargetGroupInput, ...func(*elb.Options)) (*elb.ModifyTargetGroupOutput, error)
	ModifyTargetGroupAttributes(context.Context, *elb.ModifyTargetGroupAttributesInput, ...func(*elb.Options)) (*elb.ModifyTargetGroupAttributesOutput, error)
	RegisterTargets(context.Context, *elb.RegisterTargetsInput, ...func(*elb.Options)) (*elb.RegisterTargetsOutput, error)
	DeregisterTargets(context.Context, *elb.DeregisterTargetsInput, ...func(*elb.Options)) (*elb.DeregisterTargetsOutput, error)
	ModifyListener(context.Context, *elb.ModifyListenerInput, ...func(*elb.Options)) (*elb.ModifyListenerOutput, error)
	AddListenerCertificates(context.Context, *elb.AddListenerCertificatesInput, ...func(*elb.Options)) (*elb.AddListenerCertificatesOutput, error)
	RemoveListenerCertificates(context.Context, *elb.RemoveListenerCertificatesInput, ...func(*elb.Options)) (*elb.RemoveListenerCertificatesOutput, error)
}

// ACMAPI is the part of the Certificate Manager client hoist uses: the
// expiry of the certificates listeners serve, and the account's
// certificates to choose from.
type ACMAPI interface {
	DescribeCertificate(context.Context, *acm.DescribeCertificateInput, ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error)
	ListCertificates(context.Context, *acm.ListCertificatesInput, ...func(*acm.Options)) (*acm.ListCertificatesOutput, error)
}

// CloudWatchAPI is the part of the CloudWatch client hoist uses.
type CloudWatchAPI interface {
	DescribeAlarms(context.Context, *cloudwatch.DescribeAlarmsInput, ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error)
	DescribeAlarmHistory(context.Context, *cloudwatch.DescribeAlarmHistoryInput, ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmHistoryOutput, error)
	GetMetricData(context.Context, *cloudwatch.GetMetricDataInput, ...func(*cloudwatch.Options)) (*cloudwatch.GetMetricDataOutput, error)
	ListTagsForResource(context.Context, *cloudwatch.ListTagsForResourceInput, ...func(*cloudwatch.Options)) (*cloudwatch.ListTagsForResourceOutput, error)
	ListDashboards(context.Context, *cloudwatch.ListDashboardsInput, ...func(*cloudwatch.Options)) (*cloudwatch.ListDashboardsOutput, error)
	GetDashboard(context.Context, *cloudwatch.GetDashboardInput, ...func(*cloudwatch.Options)) (*cloudwatch.GetDashboardOutput, error)
	ListMetrics(context.Context, *cloudwatch.ListMetricsInput, ...func(*cloudwatch.Options)) (*cloudwatch.ListMetricsOutput, error)

	PutAlarmMuteRule(context.Context, *cloudwatch.PutAlarmMuteRuleInput, ...func(*cloudwatch.Options)) (*cloudwatch.PutAlarmMuteRuleOutput, error)
	PutMetricAlarm(context.Context, *cloudwatch.PutMetricAlarmInput, ...func(*cloudwatch.Options)) (*cloudwatch.PutMetricAlarmOutput, error)
	TagResource(context.Context, *cloudwatch.TagResourceInput, ...func(*cloudwatch.Options)) (*cloudwatch.TagResourceOutput, error)
	DeleteAlarms(context.Context, *cloudwatch.DeleteAlarmsInput, ...func(*cloudwatch.Options)) (*cloudwatch.DeleteAlarmsOutput, error)
	PutDashboard(context.Context, *cloudwatch.PutDashboardInput, ...func(*cloudwatch.Options)) (*cloudwatch.PutDashboardOutput, error)
	DeleteDashboards(context.Context, *cloudwatch.DeleteDashboardsInput, ...func(*cloudwatch.Options)) (*cloudwatch.DeleteDashboardsOutput, error)
}

// EC2API is the part of the EC2 client hoist uses.
type EC2API interface {
	DescribeInstances(context.Context, *ec2.DescribeInstancesInput, ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error)
	DescribeLaunchTemplateVersions(context.Context, *ec2.DescribeLaunchTemplateVersionsInput, ...func(*ec2.Options)) (*ec2.DescribeLaunchTemplateVersionsOutput, error)
	DescribeLaunchTemplates(context.Context, *ec2.DescribeLaunchTemplatesInput, ...func(*ec2.Options)) (*ec2.DescribeLaunchTemplatesOutput, error)
	DescribeSpotPriceHistory(context.Context, *ec2.DescribeSpotPriceHistoryInput, ...func(*ec2.Options)) (*ec2.DescribeSpotPriceHistoryOutput, error)

	CreateLaunchTemplateVersion(context.Context, *ec2.CreateLaunchTemplateVersionInput, ...func(*ec2.Options)) (*ec2.CreateLaunchTemplateVersionOutput, error)
}

// IAMAPI is the part of the IAM client hoist uses: the account alias, the
// name an engineer recognises an account by, and the expiry of IAM server
// certificates a listener still serves.
type IAMAPI interface {
	ListAccountAliases(context.Context, *iam.ListAccountAliasesInput, ...func(*iam.Options)) (*iam.ListAccountAliasesOutput, error)
	ListServerCertificates(context.Context, *iam.ListServerCertificatesInput, ...func(*iam.Options)) (*iam.ListServerCertificatesOutput, error)
}

// STSAPI is the part of the STS client hoist uses.
type STSAPI interface {
	GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// Session is one connection to one account and region: the SDK clients,
// who we are, the server's clock and the journal.
type Session struct {
	opts     Options
	log      *slog.Logger
	clock    Clock
	region   string
	endpoint string

	asg AutoScalingAPI
	elb ELBAPI
	cw  CloudWatchAPI
	ec2 EC2API
	sts STSAPI
	iam IAMAPI
	acm ACMAPI

	creds    *sdk.CredentialsCache
	identity model.Identity
	prices   model.Prices

	skew  atomic.Int64 // server clock minus ours, in ns
	calls atomic.Int64 // HTTP attempts made
	pace  *pacer       // nil when calls are not paced

	readOnly atomic.Bool // turned on after Open (SetReadOnly)

	journal    *Journal
	journalErr error

	mu      sync.Mutex
	nudgers []func(group string, ref model.Ref)

	detail detailCache // forecasts and metric lists of the groups on screen (detail.go)
}

// Open resolves credentials and region, builds the clients and asks STS who
// we are. Its errors are sentences an operator can act on.
func Open(ctx context.Context, o Options) (*Session, error) {
	o.setDefaults()
	// An endpoint override (flag or AWS_ENDPOINT_URL) applies to the
	// credential chain too, so a profile that assumes a role does so at
	// the same endpoint instead of reaching for AWS's STS.
	endpoint := o.Endpoint
	if endpoint == "" {
		endpoint = os.Getenv("AWS_ENDPOINT_URL")
	}
	load := func(ctx context.Context) (sdk.Config, error) {
		// The SDK's own log lines (an undrained body, a clock skew) go to
		// hoist's log: its default logger writes to stderr, which is the
		// console's screen.
		fns := []func(*config.LoadOptions) error{config.WithLogger(sdkLogger{l: o.Logger})}
		if endpoint != "" {
			// The SDK resolves BaseEndpoint after credentials, so the
			// role providers' STS clients get the override per call.
			ep := func(so *sts.Options) { so.BaseEndpoint = sdk.String(endpoint) }
			fns = append(fns,
				config.WithBaseEndpoint(endpoint),
				config.WithAssumeRoleCredentialOptions(func(ro *stscreds.AssumeRoleOptions) {
					ro.Client = stsAt{ro.Client, ep}
				}),
				config.WithWebIdentityRoleCredentialOptions(func(wo *stscreds.WebIdentityRoleOptions) {
					wo.Client = stsWebAt{wo.Client, ep}
				}),
			)
		}
		if o.Profile != "" {
			fns = append(fns, config.WithSharedConfigProfile(o.Profile))
		}
		if o.Region != "" {
			fns = append(fns, config.WithRegion(o.Region))
		}
		return config.LoadDefaultConfig(ctx, fns...)
	}
	cfg, err := load(ctx)
	if err != nil {
		var missing config.SharedConfigProfileNotExistError
		if errors.As(err, &missing) {
			return nil, &Error{Kind: ErrNoCredentials, Op: "config", cause: err,
				Msg: fmt.Sprintf("no profile named %q in the AWS config or credentials files", o.Profile)}
		}
		return nil, classify("config", fmt.Errorf("loading AWS config: %w", err))
	}
	if err := checkRegion(&cfg, endpoint, o.Logger); err != nil {
		return nil, err
	}
	s := &Session{opts: o, log: o.Logger, clock: o.Clock, region: cfg.Region}

	// The SDK resolves env and file credentials once, when config loads,
	// into a static provider. Reloading the config inside the cache's
	// provider means that after an expired token (which invalidates the
	// cache, see trackCall) refreshed keys, files or SSO tokens are read
	// again without a restart.
	var provider sdk.CredentialsProvider = credentialsFunc(func(ctx context.Context) (sdk.Credentials, error) {
		c, err := load(ctx)
		if err != nil {
			return sdk.Credentials{}, err
		}
		if c.Credentials == nil {
			return sdk.Credentials{}, errors.New("no credential provider found")
		}
		return c.Credentials.Retrieve(ctx)
	})
	if o.Credentials != nil {
		provider = o.Credentials
	}
	s.creds = sdk.NewCredentialsCache(provider)
	cfg.Credentials = s.creds
	cfg.Retryer = func() sdk.Retryer {
		return retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = o.MaxAttempts
			so.MaxBackoff = o.MaxBackoff
		})
	}
	cfg.APIOptions = append(cfg.APIOptions, s.addMiddleware)
	// The SDK sets a client only when it must (AWS_CA_BUNDLE) and
	// otherwise leaves each service to build its default; reqbody wraps
	// whichever it is.
	cfg.HTTPClient = reqbody.Client(cfg.HTTPClient)

	s.endpoint = endpoint
	if s.endpoint == "" && cfg.BaseEndpoint != nil {
		s.endpoint = *cfg.BaseEndpoint
	}
	if s.endpoint != "" {
		u, err := url.Parse(s.endpoint)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, &Error{Kind: ErrUnreachable, Msg: fmt.Sprintf("endpoint %q is not a URL like http://127.0.0.1:4566", s.endpoint)}
		}
		cfg.BaseEndpoint = sdk.String(s.endpoint)
	}
	if paced(o.Pacing, s.endpoint) {
		s.pace = newPacer()
	}
	s.newClients(cfg)

	if err := s.whoAmI(ctx); err != nil {
		return nil, err
	}
	s.identity.Alias = s.accountAlias(ctx)

	s.prices = model.BuiltinPrices(s.region)

	s.journal, s.journalErr = OpenJournal(o.JournalPath)
	if s.journalErr != nil {
		s.log.Warn("journal unavailable; actions are refused", "err", s.journalErr)
	}
	s.log.Info("session open", "region", s.region, "profile", o.Profile, "endpoint", s.endpoint,
		"account", s.identity.Account, "caller", s.identity.ARN, "simulator", s.Simulator())
	return s, nil
}

// checkRegion settles the region the config resolved, before the first
// call: us-east-1 for a local emulator given none (it answers any region;
// asking for one would only be in the way), an error without one, and a
// typo named wherever the region came from (a region newer than hoist's
// list is used all the same, with a warning in the log).
func checkRegion(cfg *sdk.Config, endpoint string, log *slog.Logger) error {
	if cfg.Region == "" && isLoopback(endpoint) {
		cfg.Region = "us-east-1"
	}
	if cfg.Region == "" {
		return &Error{Kind: ErrNoRegion, Msg: "no AWS region: pass --region or set AWS_REGION (or region in the profile)"}
	}
	warn, err := model.CheckRegion(cfg.Region)
	if warn != "" {
		log.Warn(warn)
	}
	return err
}

// newClients builds the SDK clients. With an endpoint override every client
// is pinned to it after the SDK's own resolution, which lets a
// service-specific AWS_ENDPOINT_URL_<SERVICE> or services section win over
// a profile's endpoint_url: the endpoint the header names, and where the
// simulator is recognised, is where every call goes.
func (s *Session) newClients(cfg sdk.Config) {
	var at *string
	if s.endpoint != "" {
		at = sdk.String(s.endpoint)
	}
	pin := func(p **string) {
		if at != nil {
			*p = at
		}
	}
	s.asg = autoscaling.NewFromConfig(cfg, func(o *autoscaling.Options) { pin(&o.BaseEndpoint) })
	s.elb = elb.NewFromConfig(cfg, func(o *elb.Options) { pin(&o.BaseEndpoint) })
	s.ec2 = ec2.NewFromConfig(cfg, func(o *ec2.Options) { pin(&o.BaseEndpoint) })
	s.sts = sts.NewFromConfig(cfg, func(o *sts.Options) { pin(&o.BaseEndpoint) })
	s.iam = iam.NewFromConfig(cfg, func(o *iam.Options) { pin(&o.BaseEndpoint) })
	s.acm = acm.NewFromConfig(cfg, func(o *acm.Options) { pin(&o.BaseEndpoint) })
	s.cw = cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) {
		pin(&o.BaseEndpoint)
		if !model.AWSEndpoint(s.endpoint) {
			// moto and most emulators do not answer the SDK's default
			// rpcv2-CBOR; JSON 1.0 is what the aws CLI sends too.
			o.Protocol = awsjson.New10(cwschemas.GraniteServiceVersion20100801)
		}
	})
}

// whoAmI asks STS who the session acts as, and decides from the endpoint,
// that answer and the header it came with whether the other end is hoist's
// simulator (model.RecognizeSimulator). Nothing else ever makes the
// session, its snapshots or its journal entries say simulator.
func (s *Session) whoAmI(ctx context.Context) error {
	out, err := s.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return classify("sts:GetCallerIdentity", err)
	}
	s.identity = model.Identity{
		Account: sdk.ToString(out.Account),
		ARN:     sdk.ToString(out.Arn),
		UserID:  sdk.ToString(out.UserId),
	}
	proof := ""
	if raw, ok := awsmw.GetRawResponse(out.ResultMetadata).(*smithyhttp.Response); ok {
		proof = raw.Header.Get(model.SimulatorHeader)
	}
	s.identity.Simulator = model.RecognizeSimulator(s.endpoint, s.identity, proof)
	return nil
}

// accountAlias is the account's alias, or "" when it has none or hoist may
// not read it: the alias is a help, never a reason to refuse to start.
func (s *Session) accountAlias(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	out, err := s.iam.ListAccountAliases(ctx, &iam.ListAccountAliasesInput{}, func(o *iam.Options) { o.RetryMaxAttempts = 1 })
	if err != nil {
		s.log.Info("no account alias", "err", err.Error())
		return ""
	}
	if len(out.AccountAliases) == 0 {
		return ""
	}
	return out.AccountAliases[0]
}

// NewSessionFromClients builds a Session over given clients, for tests and
// benchmarks that count or fake calls. It makes no call.
func NewSessionFromClients(o Options, region string, asg AutoScalingAPI, elbc ELBAPI, cw CloudWatchAPI, e EC2API, id model.Identity) *Session {
	o.setDefaults()
	s := &Session{opts: o, log: o.Logger, clock: o.Clock, region: region,
		asg: asg, elb: elbc, cw: cw, ec2: e, identity: id, prices: model.BuiltinPrices(region)}
	s.journal, s.journalErr = OpenJournal(o.JournalPath)
	return s
}

// stsAt and stsWebAt send the credential chain's role calls to the
// endpoint override.
type stsAt struct {
	stscreds.AssumeRoleAPIClient
	ep func(*sts.Options)
}

func (c stsAt) AssumeRole(ctx context.Context, in *sts.AssumeRoleInput, fns ...func(*sts.Options)) (*sts.AssumeRoleOutput, error) {
	return c.AssumeRoleAPIClient.AssumeRole(ctx, in, append(fns, c.ep)...)
}

type stsWebAt struct {
	stscreds.AssumeRoleWithWebIdentityAPIClient
	ep func(*sts.Options)
}

func (c stsWebAt) AssumeRoleWithWebIdentity(ctx context.Context, in *sts.AssumeRoleWithWebIdentityInput, fns ...func(*sts.Options)) (*sts.AssumeRoleWithWebIdentityOutput, error) {
	return c.AssumeRoleWithWebIdentityAPIClient.AssumeRoleWithWebIdentity(ctx, in, append(fns, c.ep)...)
}

type credentialsFunc func(context.Context) (sdk.Credentials, error)

func (f credentialsFunc) Retrieve(ctx context.Context) (sdk.Credentials, error) { return f(ctx) }

// isLoopback reports whether endpoint is on this machine.
func isLoopback(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Identity is who the session acts as.
func (s *Session) Identity() model.Identity { return s.identity }

// Region is the session's region.
func (s *Session) Region() string { return s.region }

// Endpoint is the endpoint override, "" for AWS itself.
func (s *Session) Endpoint() string { return s.endpoint }

// ReadOnly reports whether the session refuses mutating actions.
func (s *Session) ReadOnly() bool { return s.opts.ReadOnly || s.readOnly.Load() }

// SetReadOnly makes the session refuse mutating actions from now on. There
// is no way back: a session turned read-only stays so.
func (s *Session) SetReadOnly() { s.readOnly.Store(true) }

// Simulator reports whether the other end is hoist's simulator, as whoAmI
// decided it when the session opened.
func (s *Session) Simulator() bool { return s.identity.IsSimulator() }

// Skew is the server's clock minus ours, from the last answer's Date header.
func (s *Session) Skew() time.Duration { return time.Duration(s.skew.Load()) }

// Now is the server's idea of now: metric windows are cut on it.
func (s *Session) Now() time.Time { return s.clock.Now().Add(s.Skew()) }

// Calls is how many HTTP attempts the session has made.
func (s *Session) Calls() int64 { return s.calls.Load() }

// Journal is the session's action journal, nil if it could not be opened.
func (s *Session) Journal() *Journal { return s.journal }

// Prices is the on-demand table in use (built in, with any overlay).
func (s *Session) Prices() model.Prices { return s.prices }

// Close releases the journal.
func (s *Session) Close() error {
	if s.journal != nil {
		return s.journal.Close()
	}
	return nil
}

// onAct registers a function told about every action sent, so a poller can
// refresh the group fast and read again what the action changed.
func (s *Session) onAct(f func(group string, ref model.Ref)) func() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nudgers = append(s.nudgers, f)
	i := len(s.nudgers) - 1
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.nudgers[i] = nil
	}
}

func (s *Session) nudge(group string, ref model.Ref) {
	s.mu.Lock()
	fns := append([]func(string, model.Ref){}, s.nudgers...)
	s.mu.Unlock()
	for _, f := range fns {
		if f != nil {
			f(group, ref)
		}
	}
}

// --- middleware: deadline, call counting, server clock, expired tokens ---

type callCounterKey struct{}

// withCallCounter makes every HTTP attempt under ctx count into n.
func withCallCounter(ctx context.Context, n *atomic.Int64) context.Context {
	return context.WithValue(ctx, callCounterKey{}, n)
}

type pollerCallKey struct{}

// forPoller marks ctx as a poller cycle's. The SDK does not retry a
// throttled call under it: the poller's next cycle is the retry, after a
// backoff, so throttling lowers the calls hoist makes instead of adding
// to them, and the console can say it is throttled.
func forPoller(ctx context.Context) context.Context {
	return context.WithValue(ctx, pollerCallKey{}, true)
}

// noRetry stops the SDK's retryer, which asks RetryableError first.
type noRetry struct{ error }

func (e noRetry) Unwrap() error        { return e.error }
func (e noRetry) RetryableError() bool { return false }

func isThrottleCode(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && throttleCodes[ae.ErrorCode()]
}

func (s *Session) addMiddleware(stack *middleware.Stack) error {
	// Initialize runs once per call, outside the retry loop: the deadline
	// covers all attempts and the error seen is the final one.
	err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("hoistCall",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			ctx, cancel := context.WithTimeout(ctx, s.opts.CallTimeout)
			defer cancel()
			if r := s.opts.OnCall; r != nil {
				r(iamPrefix(middleware.GetServiceID(ctx)) + ":" + middleware.GetOperationName(ctx))
			}
			out, md, err := next.HandleInitialize(ctx, in)
			if t, ok := awsmw.GetServerTime(md); ok {
				s.observeServerTime(t)
			}
			if err != nil && isExpired(err) {
				// Drop cached credentials: the next call reloads them.
				s.creds.Invalidate()
			}
			return out, md, err
		}), middleware.Before)
	if err != nil {
		return err
	}
	// Finalize after the retry middleware runs once per attempt.
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("hoistAttempt",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			if s.pace != nil {
				// Per attempt: a retry draws from the bucket like any call.
				// The request is signed already; a wait is bounded by the
				// call's deadline, far inside a signature's validity.
				err := s.pace.wait(ctx, iamPrefix(middleware.GetServiceID(ctx)), middleware.GetOperationName(ctx))
				if err != nil {
					return middleware.FinalizeOutput{}, middleware.Metadata{}, err
				}
			}
			s.calls.Add(1)
			if n, ok := ctx.Value(callCounterKey{}).(*atomic.Int64); ok {
				n.Add(1)
			}
			out, md, err := next.HandleFinalize(ctx, in)
			if err != nil && ctx.Value(pollerCallKey{}) != nil && isThrottleCode(err) {
				err = noRetry{err}
			}
			return out, md, err
		}), middleware.After)
}

func iamPrefix(serviceID string) string {
	switch serviceID {
	case "Auto Scaling":
		return "autoscaling"
	case "Elastic Load Balancing v2":
		return "elasticloadbalancing"
	case "CloudWatch":
		return "cloudwatch"
	case "EC2":
		return "ec2"
	case "STS":
		return "sts"
	}
	return strings.ToLower(serviceID)
}

// observeServerTime keeps the skew between the server's Date header and
// our clock. The header has one-second resolution, so skews under two
// seconds are noise and read as none.
func (s *Session) observeServerTime(server time.Time) {
	skew := server.Sub(s.clock.Now())
	if skew > -2*time.Second && skew < 2*time.Second {
		skew = 0
	}
	s.skew.Store(int64(skew))
}

// ErrNoRegion is the kind of error Open returns without a region.
var ErrNoRegion = errors.New("no region")

// sdkLogger carries the SDK's log lines into hoist's slog logger, naming
// the call they came from.
type sdkLogger struct {
	l  *slog.Logger
	op string
}

func (s sdkLogger) Logf(c logging.Classification, format string, v ...any) {
	level := slog.LevelDebug
	if c == logging.Warn {
		level = slog.LevelWarn
	}
	s.l.Log(context.Background(), level, "sdk: "+fmt.Sprintf(format, v...), "op", s.op)
}

// WithContext is called by the SDK per operation (logging.ContextLogger).
func (s sdkLogger) WithContext(ctx context.Context) logging.Logger {
	if op := middleware.GetOperationName(ctx); op != "" {
		s.op = iamPrefix(middleware.GetServiceID(ctx)) + ":" + op
	}
	return s
}
