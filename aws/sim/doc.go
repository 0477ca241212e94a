// Package sim is an AWS-compatible simulator with a living fleet, served as
// an http.Handler. It answers the protocols the aws-sdk-go-v2 clients and the
// aws CLI send (through aws/sim/wire), over the SDK's own types, and moves on
// a virtual clock.
//
// It is a server: it never imports hoist's aws or ui packages.
//
// # Using it
//
//	s, _ := sim.New(sim.Options{Seed: 1, Scenario: "steady"})
//	srv := httptest.NewServer(s.Handler()) // or http.ListenAndServe
//	go s.Run(ctx)                          // real time x Options.Speed
//	s.Advance(5 * time.Minute)             // or step it, in tests
//
// Point an SDK client's BaseEndpoint (or the aws CLI's --endpoint-url) at
// the server. Any credentials sign; sts GetCallerIdentity answers
// arn:aws:sts::000000000000:assumed-role/hoist-simulator/oncall, and every
// answer carries X-Hoist-Simulator: 000000000000: hoist's adapter needs
// both, at an endpoint that is not AWS's, to say SIMULATOR
// (model.RecognizeSimulator; see identity.go).
//
// # Regions
//
// A Simulator is one region. A Cloud (NewCloud; what hoist --sim and hoist
// sim serve run) is the account in every region of the aws partition, as
// AWS's regions are separate: each region its own resources, ARNs,
// Availability Zones (us-west-2a ...), spot prices (onDemandIn) and
// metrics, behind one http.Handler that routes a request by its SigV4
// credential scope's region, as AWS's regional endpoints would. The regions
// share the virtual clock (Advance steps them together), the faults
// (Faults.Regions limits them to some), the stats (per region, and
// GET /_sim/stats?region=) and the control surface. The fleet lives in
// us-east-1; with the default fleet us-west-2 holds the standby (every
// tier at desired 1, db replicas at 2, one internet-facing load balancer),
// and region-failover rehearses moving to it. Every other region is an
// empty account region, built on its first request. A region AWS does not
// have (model's list, from the SDK's partitions), or one of another
// partition, is answered 403 SignatureDoesNotMatch (InvalidSignatureException
// in the JSON protocols) "Credential should be scoped to a valid region,
// not 'us-eest-1'", as an AWS endpoint answers a scope it does not serve.
//
//	c, _ := sim.NewCloud(sim.Options{Seed: 1})
//	srv := httptest.NewServer(c.Handler())
//	west, _ := c.Region("us-west-2")
//
// # Services and operations
//
// autoscaling: Describe/Create/Update/DeleteAutoScalingGroup(s),
// SetDesiredCapacity, DescribeAutoScalingInstances,
// DescribeScalingActivities, Put/Describe/Delete/ExecutePolicy,
// PutScheduledUpdateGroupAction, DescribeScheduledActions,
// DeleteScheduledAction, Suspend/ResumeProcesses, SetInstanceHealth,
// TerminateInstanceInAutoScalingGroup, Enter/ExitStandby,
// SetInstanceProtection, GetPredictiveScalingForecast,
// Start/Describe/Cancel/RollbackInstanceRefresh, DescribeLaunchConfigurations.
// elasticloadbalancingv2: Describe/Create/DeleteLoadBalancer(s),
// Describe/ModifyLoadBalancerAttributes,
// Describe/Create/Delete/ModifyTargetGroup(s),
// Describe/ModifyTargetGroupAttributes, Register/DeregisterTargets,
// DescribeTargetHealth, Describe/Create/ModifyListener(s), DescribeRules,
// Describe/Add/RemoveListenerCertificates, DescribeSSLPolicies (21
// predefined policies with AWS's protocols and ciphers), DescribeTags.
// Health checks and attributes are refused as ELB refuses them (timeout not
// below the interval, AWS's ranges, a path without '/', unknown or
// other-protocol attribute keys, stickiness types per protocol,
// stickiness with weighted random), as are unknown or expired certificates
// and unknown policies. acm (awsJson 1.1): ListCertificates (statuses,
// Includes filters, paging; only RSA_1024/RSA_2048 unless keyTypes asks),
// DescribeCertificate (InUseBy from the listeners; KeyAlgorithm spelled
// "RSA-2048" as the service answers it).
// ec2: DescribeInstances, DescribeInstanceTypes, DescribeSpotPriceHistory,
// DescribeAvailabilityZones, Create/Describe/ModifyLaunchTemplate(s),
// Create/DescribeLaunchTemplateVersion(s). cloudwatch: GetMetricData, GetMetricStatistics,
// ListMetrics, PutMetricData, DescribeAlarms, DescribeAlarmHistory,
// PutMetricAlarm, DeleteAlarms, SetAlarmState, Enable/DisableAlarmActions,
// Put/Get/List/DeleteAlarmMuteRule, Put/Get/ListDashboard(s),
// DeleteDashboards, Tag/UntagResource and ListTagsForResource (alarms and
// dashboards). sts: GetCallerIdentity.
// iam: ListAccountAliases (the account is "hoist-simulator").
// Page sizes, maxima and error codes are AWS's (see docs/aws-facts.md).
//
// # Fleets
//
// Every group launches from its own launch template, <group>-lt, with seven
// versions (each a new image); groups name version 7, and their instances
// report the version they came from. Templates of every group but workers
// install the CloudWatch agent in their user data.
//
// "default" is SoleMate's e-commerce platform in us-east-1a/b/c, tagged
// Tier/Service/Env: web (internet-facing ALB, HTTPS listener on
// ELBSecurityPolicy-TLS13-1-2-2021-06 with an Amazon-issued default
// certificate and an imported one that expires four days after start, lb
// cookie stickiness, target tracking CPU 50%, spot mix), app (internal ALB,
// least outstanding requests, an HTTPS listener still on
// ELBSecurityPolicy-2016-08 with a private ECDSA certificate, target
// tracking on ALBRequestCountPerTarget), catalog, cart (app cookie
// stickiness), checkout and search (weighted random with anomaly
// mitigation) (path rules on a shared ALB, target tracking on CPU), workers
// (step scaling out and simple scaling in on SoleMate/Workers
// ApproximateQueueBacklog, spot mix), cache (NLB, target tracking on CWAgent
// mem_used_percent; source IP stickiness) and db read replicas (NLB, business
// hours in New York by scheduled actions, a ForecastOnly predictive policy).
// ACM also holds an unused staging certificate and an expired one. "large" generates
// Options.Groups groups (up to 5,000, about ten instances each, ~52,000 in
// all at 5,000). "hostile" is the platform with escape sequences (CSI, OSC 52
// clipboard writes, C1 controls), control characters, right-to-left text and
// emoji in names, tags, alarm descriptions and activity messages, a
// 255-character group name, ~10 KB tag values and a group with 5,000 targets.
//
// # Scenarios
//
// steady, flash-sale, az-outage, bad-deploy, slow-leak and region-failover
// (a Cloud's primary degrades while its traffic moves to the standby); see
// SetScenario.
//
// # Dynamics
//
// Fine ticks of 10 s move instances (Pending -> InService after a boot
// delay, Terminating through deregistration delay and shutdown, Standby),
// run target health checks at their interval (initial -> healthy/unhealthy
// after the thresholds, with ELBv2's reason codes; an HTTP check times out
// behind a saturated target; draining, at once for a target with nothing in
// flight), Auto Scaling health checks after the grace period
// (ELB health acted on 30 s after a target turns unhealthy) and
// replacement, capacity reconciliation, instance refreshes and scheduled
// actions. Minute ticks compute traffic (a daily curve with smooth noise,
// a pure function of seed, group and time) and route it through the load
// balancers to targets (see lbtraffic.go: healthy targets or fail-open,
// a node per zone with or without cross-zone routing, round robin, least
// outstanding requests, weighted random with anomaly mitigation (three
// healthy targets or more, never most of the pool), slow start, a few
// heavy clients pinned by stickiness, one host in about twelve a quarter
// slower than its peers). Each instance's CPU is what its targets were sent (a group
// without a load balancer: an equal share per serving instance) over what
// its type serves (vCPUs times the type's speed: m5/c5/r5 0.9, sixth
// generation 1, m7i, c7i and Graviton3 1.15), so a new instance type moves
// CPU per request. Memory (CWAgent mem_used_percent by AutoScalingGroupName,
// only from instances whose launch template installs the agent), NetworkIn
// and NetworkOut, latency (the role's response time at rest, whose CPU part
// queues for the instance's vCPUs as they fill, M/M/c, and climbs past 97%)
// and 5xx from overload (past 90%) and queue backlog follow, and
// 1-minute metrics are published in AWS's namespaces and dimensions (ELB: by
// target group, load balancer and zone, see lbmetrics.go); then alarms
// evaluate (M of N, TreatMissingData, history) and invoke policies (target
// tracking with warm-up and DisableScaleIn, step, simple with cooldown),
// honouring suspended processes, scale-in protection and mute rules; then
// ForecastAndScale acts. The same seed and the same Advance calls give the
// same run.
//
// # History
//
// The account has a past from the first request: every series the
// simulator publishes (AWS/EC2, AWS/AutoScaling group metrics,
// AWS/ApplicationELB, AWS/NetworkELB, CWAgent, SoleMate/Workers) answers
// the minutes before it started from the same traffic model, back to its
// group's creation (90 days for the built fleets) and at most 455 days, at
// any fleet size. The past is computed when asked, not stored (history.go),
// so start-up and memory do not grow with it. CloudWatch's retention tiers
// hold: a query whose StartTime is older than 15 days must use a period
// that is a multiple of 300, older than 63 days a multiple of 3600, and
// sub-minute periods reach back 3 hours; otherwise it gets no data points,
// as from AWS. StartTime is rounded down to the minute, 5 minutes or hour
// by its age. The alarms are replayed over the last day (3 hours above 100
// groups, 1 hour above 1,000), so their states, reasons and
// DescribeAlarmHistory agree with the metrics; predictive scaling forecasts
// from the same past.
//
// # Control surface
//
// Under /_sim/ (see controlHandler): GET /_sim/stats, POST /_sim/clock
// {"advance":"5m"}, POST /_sim/scenario {"name":"flash-sale"}, GET/POST
// /_sim/faults {"throttle":{"autoscaling":0.3,"*":0.1},"error_rate":0.1,
// "latency":"3s","latency_rate":0.2,"outage_for":"60s","expired_token":true,
// "fail":{"PutMetricAlarm":1}} ({} clears), GET /_sim/ledger and POST /_sim/ledger/mark
// {"p99_threshold":"750ms"}: the simulator's own account, per group and in
// total, since Start and since the last mark, of the cost accrued
// (instance-seconds of running instances at on-demand or that hour's Spot
// price), the requests served and failed (5xx from targets or the load
// balancer) and the minutes whose p99 response time was over the threshold
// (ledger.go), and apart, the minutes while capacity changed (a scale-out
// under way, an instance pending or terminating) with what they served,
// and each scale-out's time from desired capacity raised to as many
// instances serving (ledgerscale.go). Throttling answers each service's own code (autoscaling and
// sts Throttling, elbv2, cloudwatch and acm ThrottlingException, ec2
// RequestLimitExceeded); error_rate answers 500 InternalFailure or 503
// ServiceUnavailable; latency sleeps in real time and gives up with the
// request; an outage answers 503 ServiceUnavailable for its window in real
// time; expired_token answers ExpiredToken (sts and acm
// ExpiredTokenException) to every access key seen before the fault was set;
// fail answers the next N calls of the named operations 500 InternalFailure
// before they apply (one change of a plan failing half way).
// Fault randomness comes from the seed.
//
// # Where it simplifies
//
//   - Metric retention: the minutes the simulator runs live are kept at one
//     minute for 15 days up to 100 groups, 6 hours up to 1,000 and 3 hours
//     beyond (to keep 5,000 groups in memory); live minutes older than that
//     are answered from the traffic model like the time before the start,
//     so a scenario's effect leaves the charts after those hours on a large
//     fleet. Series made by PutMetricData keep 15 days at any size. Older
//     data is not rolled up: 5-minute and hourly answers are aggregates of
//     1-minute values. Sub-minute periods read 1-minute data.
//   - The past (before the start) is the model's: the daily and weekly
//     curve in steady state (no scenario), a group with a dynamic policy at
//     the capacity that holds its target (scaling in only after 15 minutes
//     of lower load), one without at its built size; new instances pending
//     and leaving ones terminating for one minute; every target healthy,
//     spread evenly over the zones and sent an equal share (no stickiness,
//     slow hosts or weighted routing), no ALB rejections or NLB resets.
//     Per-instance series exist for the instances the simulator starts with
//     (from their launch), not for those gone before; a group's instances
//     serve at the mean speed of the types it started with, spread by the
//     live skew, and report memory if they run the agent. Scheduled
//     actions, alarm actions and scaling activities are not replayed:
//     activities start at the start. Where a group's built size differs
//     from the model's (its policy targets another utilisation), desired
//     capacity steps at the start.
//   - Percentiles of aggregated series (group CPU, PutMetricData sets,
//     TargetResponseTime over a minute's requests) are interpolated between
//     average and extremes; of single-source series they are exact over the
//     minute values.
//   - ELB metrics with an AvailabilityZone dimension count requests by the
//     zone of the node they entered (with cross-zone routing, every zone
//     alike) and hosts by their own zone; per-target request counts exist
//     only as each instance's CPUUtilization, as on AWS. Above 1,000 groups
//     target groups' metrics by zone are not published (memory). An ALB
//     takes one and a half times last minute's requests at once and rejects
//     connections beyond; NLB flows are connection pools plus short flows.
//   - ELB answers unverified against AWS keep AWS's codes with messages of
//     the simulator's (a health check path without '/', a bad matcher,
//     anomaly mitigation without weighted random, removing a default
//     certificate, protocol mismatches in ModifyListener).
//   - Metric math: + - * /, parentheses, METRICS(['filter']), SUM, AVG,
//     MIN, MAX, FILL, ABS. Series combine on shared timestamps.
//   - Target tracking scales proportionally (ceil(in-service x metric /
//     target)) and scales in by at most 10% per step, 5 minutes apart; step
//     scaling adds only a larger step while instances warm up.
//   - Predictive scaling forecasts once a group has 24 hours of history (an
//     empty forecast before, as AWS answers), from the same hour one and two
//     weeks back and of the three most recent days; ForecastAndScale raises
//     desired capacity SchedulingBufferTime before each hour and holds
//     dynamic scale-in above the forecast (PredictedCapacity) for the hour;
//     IncreaseMaxCapacity raises the maximum to the forecast plus
//     MaxCapacityBuffer. Customized predictive metrics forecast as CPU.
//   - PutScalingPolicy, PutMetricAlarm, PutScheduledUpdateGroupAction,
//     CreateAutoScalingGroup and StartInstanceRefresh refuse what the API
//     reference says AWS refuses (types, enums, ranges, step intervals,
//     resource labels of target groups the group does not have, alarm
//     actions outside the region), with AWS's codes; where AWS's wording
//     is not published the message is the simulator's own.
//   - The termination policy is AZ balance, then older launch template
//     version, then unhealthy, then oldest. Launches skip an AZ impaired by
//     az-outage (as an AZ impairment or zonal shift would).
//   - No lifecycle hooks, warm pools, capacity reservations or launch
//     configurations. Of a launch template's data only the instance type,
//     image and user data (the CloudWatch agent) change what a launch does.
package sim
