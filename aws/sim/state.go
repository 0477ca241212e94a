package sim

import (
	"time"

	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/robfig/cron/v3"
)

// Process names Auto Scaling can suspend.
var processNames = []string{
	"Launch", "Terminate", "AddToLoadBalancer", "AlarmNotification", "AZRebalance",
	"HealthCheck", "InstanceRefresh", "ReplaceUnhealthy", "ScheduledActions",
}

// Lifecycle states used by the engine (Auto Scaling's spelling).
const (
	lsPending         = "Pending"
	lsInService       = "InService"
	lsTerminating     = "Terminating"
	lsTerminatingWait = "Terminating:Wait"
	lsTerminated      = "Terminated"
	lsEnteringStandby = "EnteringStandby"
	lsStandby         = "Standby"
)

type tag struct {
	key, value string
	propagate  bool
}

// role is how a group's workload behaves: its traffic, what one vCPU can
// serve, its memory, and how it reacts to scenarios.
type role struct {
	kind       string  // web, app, service, worker, cache, db, generic
	peakRPS    float64 // group load at the daily peak (requests or jobs per second)
	rpsPerVCPU float64 // what one vCPU serves at 100% CPU
	latency    float64 // seconds, unloaded target response time
	memBase    float64 // mem_used_percent of an idle instance
	memLoad    float64 // added at full utilisation
	boot       time.Duration
	flash      float64 // flash-sale multiplier
	phase      float64 // hours the daily curve is shifted by
}

type group struct {
	name, arn     string
	idx           uint64
	min, max      int
	desired       int
	defaultCool   int
	hcType        string
	hcGrace       int
	defaultWarmup int // -1 when unset
	azs           []string
	subnets       map[string]string
	tags          []tag
	tgARNs        []string
	lt            *launchTemplate
	ltVersion     string // as the group names it: "7", "$Latest", "$Default", "" (unshown $Default)
	mixed         *astypes.MixedInstancesPolicy
	suspended     map[string]string
	newProtected  bool
	termPolicies  []string
	created       time.Time
	role          *role
	maxLifetime   int32
	capacityRebal bool
	cooldownUntil time.Time
	insts         []*instance // launch order, live ones and those leaving
	policies      []*policy
	scheduled     []*schedAction
	activities    []*activity // newest last, bounded
	refreshes     []*refresh  // newest last
	status        string      // "" or "Delete in progress"
	backlog       float64
	hourly        hourlyHist
	lastServing   int
	cause         string // pending desired-change sentence for the next activities
	predicted     int    // predictive scaling's capacity for this hour
	queue         string // workers: the queue whose backlog they drain
	ser           *groupSeries
	scaleOuts     []scaleOut // raises of desired capacity not yet serving (ledgerscale.go)
	changing      bool       // an instance arrived or left during the ledger's minute
}

type instance struct {
	id          string
	g           *group
	az, subnet  string
	itype       string
	spot        bool
	state       string // Auto Scaling lifecycle state
	health      string // Healthy / Unhealthy
	protected   bool
	launched    time.Time
	readyAt     time.Time // boot done
	inService   time.Time
	leaveAt     time.Time // Terminating/EnteringStandby: when the step completes
	goneAt      time.Time // when it reached Terminated
	ec2State    string
	ip          string
	broken      bool // bad deploy: fails health checks
	act         *activity
	cpu, mem    float64
	lt          *launchTemplate
	ltVersion   string // the version number it was launched from
	imageID     string
	agent       bool   // the CloudWatch agent runs on it
	unhealthyBy string // "ELB" or "EC2" or "user", for the activity cause
	cpuSer      *series
	regs        []reg // target registrations, for cheap health lookups
	tr          instTraffic
}

type activity struct {
	id, group, groupARN string
	cause, desc         string
	details             string
	start, end          time.Time
	status              astypes.ScalingActivityStatusCode
	progress            int32
	statusMsg           string
}

type loadBalancer struct {
	arn, name, id string
	typ           string // application, network
	scheme        string
	dns           string
	created       time.Time
	azs           []string
	listeners     []*listener
	tags          []tag
	sgs           []string
	dimension     string            // app/<name>/<id> or net/<name>/<id>
	attrs         map[string]string // nil until read or changed: lbAttrs fills ELB's defaults
	tr            lbTraffic
}

type listener struct {
	arn      string
	lb       *loadBalancer
	port     int32
	protocol string
	sslPol   string
	certs    []string
	defaultT string // target group ARN of the default forward action ("" = fixed response)
	redirect bool
	actions  []elbtypes.Action // default actions as ModifyListener set them; nil = derived from defaultT/redirect
	rules    []*lbRule
}

type lbRule struct {
	arn      string
	priority string
	path     string
	tgARN    string
}

type targetGroup struct {
	arn, name, id string
	protocol      string
	port          int32
	vpc           string
	hcPath        string
	hcProtocol    string
	hcPort        string
	hcInterval    int32
	hcTimeout     int32
	healthyThresh int32
	unhealthyThr  int32
	matcher       string
	hcEnabled     bool
	targetType    string
	lbs           []*loadBalancer
	attrs         map[string]string
	attrOrder     []string
	targets       []*target
	byID          map[string]*target
	tags          []tag
	dimension     string // targetgroup/<name>/<id>
	tr            tgTraffic
}

type reg struct {
	tg *targetGroup
	t  *target
}

type target struct {
	id        string
	port      int32
	az        string
	inst      *instance
	state     string
	reason    string
	desc      string
	ok, fail  int32
	nextCheck time.Time
	drainEnd  time.Time
	badSince  time.Time // when it turned unhealthy
	tr        targetTraffic
}

type policy struct {
	name, arn string
	g         *group
	typ       string // TargetTrackingScaling, StepScaling, SimpleScaling, PredictiveScaling
	adjType   string
	adj       *int32
	steps     []astypes.StepAdjustment
	minMag    *int32
	cooldown  *int32
	warmup    *int32
	enabled   bool
	aggType   string
	tt        *astypes.TargetTrackingConfiguration
	pred      *astypes.PredictiveScalingConfiguration
	ttAlarms  []string
	lastScale time.Time
	lastStep  int32
}

type schedAction struct {
	name, arn     string
	g             *group
	min, max, des *int32
	recurrence    string
	tz            string
	startT, endT  *time.Time
	next          time.Time
	sched         cron.Schedule
}

type refresh struct {
	id         string
	g          *group
	status     string
	reason     string
	start, end time.Time
	minHealthy int32
	warmup     int32
	total      int
	replaced   map[string]bool
	cutoff     time.Time
	waitUntil  time.Time
	desired    *launchSpec                   // DesiredConfiguration; nil when none was given
	mixedWant  *astypes.MixedInstancesPolicy // its MixedInstancesPolicy, if it gave one
	prefs      astypes.RefreshPreferences
	checkpoint int       // index of the next checkpoint in prefs.CheckpointPercentages
	pauseUntil time.Time // waiting at a checkpoint
	rollback   *rollback
}

// rollback is a refresh being undone: instances launched from the desired
// configuration are replaced from the group's own.
type rollback struct {
	reason   string
	start    time.Time
	total    int
	replaced map[string]bool
}

type alarm struct {
	m          cwtypes.MetricAlarm
	key        string // series key for single-metric alarms
	ser        *series
	ttPolicy   *policy
	lastAction time.Time
	tags       []cwtypes.Tag
}

type alarmHistory struct {
	name    string
	typ     cwtypes.HistoryItemType
	summary string
	data    string
	at      time.Time
}

type muteRule struct {
	name, arn   string
	desc        string
	expr        string
	duration    time.Duration
	alarms      []string
	start, exp  *time.Time
	updated     time.Time
	ruleRaw     *cwtypes.Rule
	oneShotTime time.Time
	sched       cron.Schedule
}

// hourlyHist keeps per-hour average load (requests or jobs per second) and
// capacity (instances) of a group for the predictive forecast: 15 days, so a
// forecast always has 14 days behind it.
type hourlyHist struct {
	last    int64 // newest hour stored (hours since the Unix epoch); 0 = none
	load    [histHours]float32
	capa    [histHours]float32
	accHour int64
	accLoad float64
	accCap  float64
	accN    int
}

const histHours = 15 * 24
