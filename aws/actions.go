package aws

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/solemate/hoist/model"
)

// ErrOutcomeUnknown is the kind of error Act returns when a mutating call
// was sent but may or may not have applied: no answer came, or AWS
// answered with a server error (5xx).
var ErrOutcomeUnknown = errors.New("outcome unknown")

// ErrJournal is the kind of error Act returns when the journal cannot be
// written; nothing is sent without an intent on disk.
var ErrJournal = errors.New("journal unavailable")

// Act runs one action, in this order: the pure rules (read-only first),
// a fresh read of the group (and its policies when the action needs them),
// the conflict check, the intent fsync'd to the journal, the call sent
// exactly once, the outcome journaled, and a nudge to the poller.
//
// A *model.ConflictError or *model.ValidationError comes back untouched
// and nothing is journaled; model.ErrNoChange and model.ErrReadOnly too.
func (s *Session) Act(ctx context.Context, a model.Action, reason string) error {
	if err := model.Validate(a, s.ReadOnly()); err != nil {
		return err
	}
	if s.journal == nil {
		msg := "journal unavailable, so nothing was sent"
		if s.journalErr != nil {
			msg = fmt.Sprintf("%v: nothing was sent (hoist journals every action before sending it)", s.journalErr)
		}
		return &Error{Kind: ErrJournal, Msg: msg, cause: s.journalErr}
	}

	var now *model.Group
	var policy *astypes.ScalingPolicy
	if name := a.GroupName(); name != "" {
		res, err := s.describeGroups(ctx, []string{name})
		if err != nil {
			return err
		}
		for i := range res.groups {
			if res.groups[i].Name == name {
				now = &res.groups[i]
			}
		}
		if pn := policyOf(a); pn != "" && now != nil {
			ps, raw, err := s.describePolicies(ctx, name, pn)
			if err != nil {
				return err
			}
			now.Policies = ps[name]
			for i := range raw {
				if sdk.ToString(raw[i].PolicyName) == pn {
					policy = &raw[i]
				}
			}
		}
	}
	if m, ok := a.(model.MuteAlarm); ok {
		alarms, err := s.describeAlarms(ctx, m.Alarm)
		if err != nil {
			return err
		}
		if len(alarms) == 0 {
			return &model.ValidationError{Msg: fmt.Sprintf("alarm %q no longer exists", m.Alarm)}
		}
	}
	if err := model.CheckCurrent(a, now); err != nil {
		return err
	}

	intent := s.entry(a, reason)
	if err := s.journal.Append(intent); err != nil {
		return &Error{Kind: ErrJournal, Msg: err.Error() + ": nothing was sent", cause: err}
	}
	out := intent
	out.Phase = model.PhaseOutcome
	if !a.Mutating() {
		out.Time = s.clock.Now().UTC()
		out.Result = model.ResultOK
		if err := s.journal.Append(out); err != nil {
			return &Error{Kind: ErrJournal, Msg: err.Error(), cause: err}
		}
		return nil
	}

	// Once sent, wait for the answer even if the caller gives up: an
	// outcome we can journal is worth the few seconds. The call deadline
	// (CallTimeout) still bounds it.
	reqID, sendErr := s.send(context.WithoutCancel(ctx), a, policy, reason)
	out.Time = s.clock.Now().UTC()
	out.RequestID = reqID
	var ret error
	switch {
	case sendErr == nil:
		out.Result = model.ResultOK
	case maybeApplied(sendErr):
		out.Result = model.ResultUnknown
		out.Error = sendErr.Error()
		ret = unknownOutcome(a, sendErr)
	default:
		out.Result = model.ResultFailed
		out.Error = sendErr.Error()
		ret = sendErr
	}
	var he *Error
	if out.RequestID == "" && errors.As(sendErr, &he) {
		out.RequestID = he.RequestID
	}
	if err := s.journal.Append(out); err != nil {
		s.log.Error("journal outcome not written", "id", out.ID, "err", err.Error())
		if ret == nil {
			ret = &Error{Kind: ErrJournal, Msg: "the change was applied but its outcome could not be journaled: " + err.Error(), cause: err}
		}
	}
	s.log.Info("action", "id", out.ID, "kind", string(out.Kind), "target", out.Target,
		"before", out.Before, "after", out.After, "result", out.Result, "error", out.Error, "request_id", out.RequestID)
	s.nudge(a.GroupName())
	return ret
}

// unknownOutcome words a call that may or may not have applied.
func unknownOutcome(a model.Action, err error) error {
	why := fmt.Sprintf("no answer from AWS (%v)", err)
	var he *Error
	if errors.As(err, &he) && he.Status >= 500 {
		why = err.Error() // "AWS answered 503 to ...": after it may have applied
	}
	return &Error{Kind: ErrOutcomeUnknown, Op: opOf(err), cause: err,
		Msg: fmt.Sprintf("%s: %s: it may or may not have applied; check %s before trying again", model.Summary(a), why, a.Target())}
}

func opOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Op
	}
	return ""
}

// policyOf is the policy an action needs re-read, "" for none.
func policyOf(a model.Action) string {
	switch a := a.(type) {
	case model.EditPolicy:
		return a.Policy
	case model.DeletePolicy:
		return a.Policy
	case model.ExecutePolicy:
		return a.Policy
	}
	return ""
}

func (s *Session) entry(a model.Action, reason string) model.JournalEntry {
	now := s.clock.Now().UTC()
	return model.JournalEntry{
		ID:        newActionID(now),
		Time:      now,
		Phase:     model.PhaseIntent,
		Kind:      a.Kind(),
		Caller:    s.identity.ARN,
		Account:   s.identity.Account,
		Region:    s.region,
		Profile:   s.opts.Profile,
		Simulator: s.identity.IsSimulator(),
		Target:    a.Target(),
		Before:    a.Before(),
		After:     a.After(),
		Reason:    reason,
	}
}

// once makes a mutating call go out exactly once: the SDK retryer must not
// resend a change whose first attempt may have applied.
func once(o *autoscaling.Options) { o.Retryer = retry.AddWithMaxAttempts(o.Retryer, 1) }

func cwOnce(o *cloudwatch.Options) { o.Retryer = retry.AddWithMaxAttempts(o.Retryer, 1) }

func requestID(md middleware.Metadata) string {
	id, _ := awsmw.GetRequestIDMetadata(md)
	return id
}

// send makes the one call an action maps to.
func (s *Session) send(ctx context.Context, a model.Action, policy *astypes.ScalingPolicy, reason string) (string, error) {
	switch a := a.(type) {
	case model.SetDesired:
		return s.setDesired(ctx, a)
	case model.SetLimits:
		return s.setLimits(ctx, a)
	case model.SuspendProcesses:
		return s.suspend(ctx, a)
	case model.ResumeProcesses:
		return s.resume(ctx, a)
	case model.EditPolicy:
		return s.editPolicy(ctx, a, policy)
	case model.DeletePolicy:
		return s.deletePolicy(ctx, a)
	case model.ExecutePolicy:
		return s.executePolicy(ctx, a)
	case model.SetInstanceHealth:
		return s.setInstanceHealth(ctx, a)
	case model.TerminateInstance:
		return s.terminate(ctx, a)
	case model.EnterStandby:
		return s.enterStandby(ctx, a)
	case model.ExitStandby:
		return s.exitStandby(ctx, a)
	case model.MuteAlarm:
		return s.muteAlarm(ctx, a, reason)
	}
	return "", fmt.Errorf("hoist cannot send %s actions", a.Kind())
}

// setDesired sends the absolute value; with limits that move too it is
// one UpdateAutoScalingGroup so the three change together.
func (s *Session) setDesired(ctx context.Context, a model.SetDesired) (string, error) {
	if a.ChangesLimits() {
		to := a.To()
		return s.updateCapacity(ctx, a.Group, to)
	}
	o, err := s.asg.SetDesiredCapacity(ctx, &autoscaling.SetDesiredCapacityInput{
		AutoScalingGroupName: sdk.String(a.Group),
		DesiredCapacity:      sdk.Int32(int32(a.Desired)),
		HonorCooldown:        sdk.Bool(a.HonorCooldown),
	}, once)
	if err != nil {
		return "", classify("autoscaling:SetDesiredCapacity", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) setLimits(ctx context.Context, a model.SetLimits) (string, error) {
	return s.updateCapacity(ctx, a.Group, a.To)
}

func (s *Session) updateCapacity(ctx context.Context, group string, c model.Capacity) (string, error) {
	o, err := s.asg.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: sdk.String(group),
		MinSize:              sdk.Int32(int32(c.Min)),
		DesiredCapacity:      sdk.Int32(int32(c.Desired)),
		MaxSize:              sdk.Int32(int32(c.Max)),
	}, once)
	if err != nil {
		return "", classify("autoscaling:UpdateAutoScalingGroup", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) suspend(ctx context.Context, a model.SuspendProcesses) (string, error) {
	o, err := s.asg.SuspendProcesses(ctx, &autoscaling.SuspendProcessesInput{
		AutoScalingGroupName: sdk.String(a.Group), ScalingProcesses: a.Processes,
	}, once)
	if err != nil {
		return "", classify("autoscaling:SuspendProcesses", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) resume(ctx context.Context, a model.ResumeProcesses) (string, error) {
	// model.Validate refuses an empty list: an empty ScalingProcesses
	// would resume every process.
	o, err := s.asg.ResumeProcesses(ctx, &autoscaling.ResumeProcessesInput{
		AutoScalingGroupName: sdk.String(a.Group), ScalingProcesses: a.Processes,
	}, once)
	if err != nil {
		return "", classify("autoscaling:ResumeProcesses", err)
	}
	return requestID(o.ResultMetadata), nil
}

// PolicyInput rebuilds the PutScalingPolicy input that re-creates p as AWS
// holds it, with the operator's settings applied: PutScalingPolicy
// replaces the whole policy, so every field of its type is carried over.
// Fields of other types are left out: AWS rejects them, and emulators
// echo empty ones (moto returns an empty predictive configuration on
// every policy).
func PolicyInput(p *astypes.ScalingPolicy, set model.PolicySettings) *autoscaling.PutScalingPolicyInput {
	in := &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: p.AutoScalingGroupName,
		PolicyName:           p.PolicyName,
		PolicyType:           p.PolicyType,
		Enabled:              sdk.Bool(set.Enabled),
	}
	typ := sdk.ToString(p.PolicyType)
	if typ == "" {
		typ = model.PolicySimple
	}
	switch typ {
	case model.PolicySimple:
		in.AdjustmentType = p.AdjustmentType
		in.Cooldown = p.Cooldown
		in.ScalingAdjustment = p.ScalingAdjustment
		in.MinAdjustmentMagnitude = p.MinAdjustmentMagnitude
	case model.PolicyStep:
		in.AdjustmentType = p.AdjustmentType
		in.MetricAggregationType = p.MetricAggregationType
		in.StepAdjustments = p.StepAdjustments
		in.EstimatedInstanceWarmup = p.EstimatedInstanceWarmup
		in.MinAdjustmentMagnitude = p.MinAdjustmentMagnitude
	case model.PolicyTargetTracking:
		in.EstimatedInstanceWarmup = p.EstimatedInstanceWarmup
		if tt := p.TargetTrackingConfiguration; tt != nil {
			c := *tt
			c.TargetValue = sdk.Float64(set.TargetValue)
			c.DisableScaleIn = sdk.Bool(set.DisableScaleIn)
			in.TargetTrackingConfiguration = &c
		}
	case model.PolicyPredictive:
		in.PredictiveScalingConfiguration = p.PredictiveScalingConfiguration
	}
	return in
}

func (s *Session) editPolicy(ctx context.Context, a model.EditPolicy, p *astypes.ScalingPolicy) (string, error) {
	if p == nil {
		return "", &model.ValidationError{Msg: fmt.Sprintf("policy %q no longer exists on %s", a.Policy, a.Group)}
	}
	o, err := s.asg.PutScalingPolicy(ctx, PolicyInput(p, a.To), once)
	if err != nil {
		return "", classify("autoscaling:PutScalingPolicy", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) deletePolicy(ctx context.Context, a model.DeletePolicy) (string, error) {
	o, err := s.asg.DeletePolicy(ctx, &autoscaling.DeletePolicyInput{
		AutoScalingGroupName: sdk.String(a.Group), PolicyName: sdk.String(a.Policy),
	}, once)
	if err != nil {
		return "", classify("autoscaling:DeletePolicy", err)
	}
	return requestID(o.ResultMetadata), nil
}

// executePolicy runs a relative policy once; never retried (see once).
func (s *Session) executePolicy(ctx context.Context, a model.ExecutePolicy) (string, error) {
	o, err := s.asg.ExecutePolicy(ctx, &autoscaling.ExecutePolicyInput{
		AutoScalingGroupName: sdk.String(a.Group),
		PolicyName:           sdk.String(a.Policy),
		HonorCooldown:        sdk.Bool(a.HonorCooldown),
		MetricValue:          a.MetricValue,
		BreachThreshold:      a.Threshold,
	}, once)
	if err != nil {
		return "", classify("autoscaling:ExecutePolicy", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) setInstanceHealth(ctx context.Context, a model.SetInstanceHealth) (string, error) {
	o, err := s.asg.SetInstanceHealth(ctx, &autoscaling.SetInstanceHealthInput{
		InstanceId:               sdk.String(a.Instance),
		HealthStatus:             sdk.String(a.Health),
		ShouldRespectGracePeriod: sdk.Bool(a.RespectGrace),
	}, once)
	if err != nil {
		return "", classify("autoscaling:SetInstanceHealth", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) terminate(ctx context.Context, a model.TerminateInstance) (string, error) {
	o, err := s.asg.TerminateInstanceInAutoScalingGroup(ctx, &autoscaling.TerminateInstanceInAutoScalingGroupInput{
		InstanceId:                     sdk.String(a.Instance),
		ShouldDecrementDesiredCapacity: sdk.Bool(a.Decrement),
	}, once)
	if err != nil {
		return "", classify("autoscaling:TerminateInstanceInAutoScalingGroup", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) enterStandby(ctx context.Context, a model.EnterStandby) (string, error) {
	o, err := s.asg.EnterStandby(ctx, &autoscaling.EnterStandbyInput{
		AutoScalingGroupName:           sdk.String(a.Group),
		InstanceIds:                    []string{a.Instance},
		ShouldDecrementDesiredCapacity: sdk.Bool(a.Decrement),
	}, once)
	if err != nil {
		return "", classify("autoscaling:EnterStandby", err)
	}
	return requestID(o.ResultMetadata), nil
}

func (s *Session) exitStandby(ctx context.Context, a model.ExitStandby) (string, error) {
	o, err := s.asg.ExitStandby(ctx, &autoscaling.ExitStandbyInput{
		AutoScalingGroupName: sdk.String(a.Group), InstanceIds: []string{a.Instance},
	}, once)
	if err != nil {
		return "", classify("autoscaling:ExitStandby", err)
	}
	return requestID(o.ResultMetadata), nil
}

// MuteRuleInput is the PutAlarmMuteRule request that mutes alarm's actions
// for d starting at now (the server's clock): a one-off "at" schedule.
func MuteRuleInput(alarm string, d time.Duration, now time.Time, reason string) *cloudwatch.PutAlarmMuteRuleInput {
	now = now.UTC().Truncate(time.Minute)
	in := &cloudwatch.PutAlarmMuteRuleInput{
		Name: sdk.String("hoist-" + ruleName(alarm) + "-" + now.Format("20060102T1504")),
		Rule: &cwtypes.Rule{Schedule: &cwtypes.Schedule{
			Expression: sdk.String("at(" + now.Format("2006-01-02T15:04") + ")"),
			Duration:   sdk.String(isoDuration(d)),
		}},
		MuteTargets: &cwtypes.MuteTargets{AlarmNames: []string{alarm}},
		ExpireDate:  sdk.Time(now.Add(d + time.Minute)),
	}
	if reason != "" {
		if len(reason) > 1000 {
			reason = strings.ToValidUTF8(reason[:1000], "")
		}
		in.Description = sdk.String(reason)
	}
	return in
}

func (s *Session) muteAlarm(ctx context.Context, a model.MuteAlarm, reason string) (string, error) {
	o, err := s.cw.PutAlarmMuteRule(ctx, MuteRuleInput(a.Alarm, a.For, s.Now(), reason), cwOnce)
	if err != nil {
		return "", classify("cloudwatch:PutAlarmMuteRule", err)
	}
	return requestID(o.ResultMetadata), nil
}

// ruleName keeps the characters a rule name may hold.
func ruleName(alarm string) string {
	var b strings.Builder
	for _, r := range alarm {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 200 {
			break
		}
	}
	return b.String()
}

// isoDuration renders d (whole minutes) as ISO 8601: PT90M → PT1H30M, P2DT4H.
func isoDuration(d time.Duration) string {
	m := int(d / time.Minute)
	days, hours, mins := m/(24*60), m/60%24, m%60
	out := "P"
	if days > 0 {
		out += fmt.Sprintf("%dD", days)
	}
	if hours > 0 || mins > 0 {
		out += "T"
		if hours > 0 {
			out += fmt.Sprintf("%dH", hours)
		}
		if mins > 0 {
			out += fmt.Sprintf("%dM", mins)
		}
	}
	if out == "P" {
		out = "PT1M"
	}
	return out
}
