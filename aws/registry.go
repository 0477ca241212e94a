package aws

import (
	"context"
	"fmt"

	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/solemate/hoist/model"
)

// The action registry: how the adapter carries out each kind of action.
// A new kind is a type in model and one row here (and, for a new kind of
// state, one reader); Act itself never changes.

// fresh is what a re-read found: the model's view, for the conflict check,
// and where a send needs it the SDK's own record (PutScalingPolicy
// re-sends the whole policy as AWS holds it).
type fresh struct {
	cur    model.Current
	policy *astypes.ScalingPolicy
	alarm  *cwtypes.MetricAlarm      // RefAlarm: the alarm whole, re-sent by attach-alarm
	group  *astypes.AutoScalingGroup // RefLaunch: the group whole, for its mixed instances policy
}

// reader re-reads one kind of state just before sending.
type reader struct {
	ref  model.RefKind
	read func(s *Session, ctx context.Context, ref model.Ref) (fresh, error)
}

// sendFunc makes the one call of an action, given what was re-read and
// the operator's reason. It returns AWS's request id.
type sendFunc func(s *Session, ctx context.Context, a model.Action, f fresh, reason string) (string, error)

// actionSpec is one kind of action's entry: what it re-reads, the call it
// sends (nil for an action that only writes the journal), and the IAM
// actions that call may be (for the tests and docs/iam).
type actionSpec struct {
	read reader
	send sendFunc
	ops  []string
}

var (
	noState          = reader{model.RefNone, func(*Session, context.Context, model.Ref) (fresh, error) { return fresh{}, nil }}
	groupState       = reader{model.RefGroup, (*Session).readGroup}
	policyState      = reader{model.RefPolicy, (*Session).readPolicy}
	alarmState       = reader{model.RefAlarm, (*Session).readAlarmWhole}
	targetGroupState = reader{model.RefTargetGroup, (*Session).readTargetGroup}
	attributesState  = reader{model.RefTargetGroupAttributes, (*Session).readTargetGroupAttributes}
	targetsState     = reader{model.RefTargets, (*Session).readTargets}
	listenerState    = reader{model.RefListener, (*Session).readListener}
	scheduledState   = reader{model.RefScheduled, (*Session).readScheduled}
	refreshState     = reader{model.RefRefresh, (*Session).readRefresh}
	templateState    = reader{model.RefLaunchTemplate, (*Session).readLaunchTemplate}
	launchState      = reader{model.RefLaunch, (*Session).readLaunch}
	alarmConfigState = reader{model.RefAlarmConfig, (*Session).readAlarmConfig}
	dashboardState   = reader{model.RefDashboard, (*Session).readDashboard}
)

// registry maps every model.Kind to its spec (registry_test.go proves
// none is missing).
var registry = map[model.Kind]actionSpec{
	model.KindSetDesired: {groupState, sendAs((*Session).setDesired),
		[]string{"autoscaling:SetDesiredCapacity", "autoscaling:UpdateAutoScalingGroup"}},
	model.KindSetLimits:       {groupState, sendAs((*Session).setLimits), []string{"autoscaling:UpdateAutoScalingGroup"}},
	model.KindSuspend:         {groupState, sendAs((*Session).suspend), []string{"autoscaling:SuspendProcesses"}},
	model.KindResume:          {groupState, sendAs((*Session).resume), []string{"autoscaling:ResumeProcesses"}},
	model.KindEditPolicy:      {policyState, sendAs((*Session).editPolicy), []string{"autoscaling:PutScalingPolicy"}},
	model.KindDeletePolicy:    {policyState, sendAs((*Session).deletePolicy), []string{"autoscaling:DeletePolicy"}},
	model.KindExecutePolicy:   {policyState, sendAs((*Session).executePolicy), []string{"autoscaling:ExecutePolicy"}},
	model.KindSetHealth:       {groupState, sendAs((*Session).setInstanceHealth), []string{"autoscaling:SetInstanceHealth"}},
	model.KindTerminate:       {groupState, sendAs((*Session).terminate), []string{"autoscaling:TerminateInstanceInAutoScalingGroup"}},
	model.KindEnterStandby:    {groupState, sendAs((*Session).enterStandby), []string{"autoscaling:EnterStandby"}},
	model.KindExitStandby:     {groupState, sendAs((*Session).exitStandby), []string{"autoscaling:ExitStandby"}},
	model.KindAcknowledge:     {noState, nil, nil},
	model.KindMuteAlarm:       {alarmState, sendAs((*Session).muteAlarm), []string{"cloudwatch:PutAlarmMuteRule"}},
	model.KindEditHealthCheck: {targetGroupState, sendAs((*Session).editHealthCheck), []string{"elasticloadbalancing:ModifyTargetGroup"}},
	model.KindEditAttributes: {attributesState, sendAs((*Session).editAttributes),
		[]string{"elasticloadbalancing:ModifyTargetGroupAttributes"}},
	model.KindRegister:   {targetsState, sendAs((*Session).registerTargets), []string{"elasticloadbalancing:RegisterTargets"}},
	model.KindDeregister: {targetsState, sendAs((*Session).deregisterTargets), []string{"elasticloadbalancing:DeregisterTargets"}},
	model.KindEditListener: {listenerState, sendAs((*Session).editListener),
		[]string{"elasticloadbalancing:ModifyListener"}},
	model.KindAddCerts: {listenerState, sendAs((*Session).addListenerCerts),
		[]string{"elasticloadbalancing:AddListenerCertificates"}},
	model.KindRemoveCerts: {listenerState, sendAs((*Session).removeListenerCerts),
		[]string{"elasticloadbalancing:RemoveListenerCertificates"}},

	model.KindPutPolicy:   {policyState, sendAs((*Session).putPolicy), []string{"autoscaling:PutScalingPolicy"}},
	model.KindAttachAlarm: {alarmState, sendAs((*Session).attachAlarm), []string{"cloudwatch:PutMetricAlarm"}},
	model.KindPutScheduled: {scheduledState, sendAs((*Session).putScheduled),
		[]string{"autoscaling:PutScheduledUpdateGroupAction"}},
	model.KindDeleteScheduled:  {scheduledState, sendAs((*Session).deleteScheduled), []string{"autoscaling:DeleteScheduledAction"}},
	model.KindStartRefresh:     {refreshState, sendAs((*Session).startRefresh), []string{"autoscaling:StartInstanceRefresh"}},
	model.KindCancelRefresh:    {refreshState, sendAs((*Session).cancelRefresh), []string{"autoscaling:CancelInstanceRefresh"}},
	model.KindRollbackRefresh:  {refreshState, sendAs((*Session).rollbackRefresh), []string{"autoscaling:RollbackInstanceRefresh"}},
	model.KindCreateVersion:    {templateState, sendAs((*Session).createVersion), []string{"ec2:CreateLaunchTemplateVersion"}},
	model.KindSetLaunch:        {launchState, sendAs((*Session).setLaunch), []string{"autoscaling:UpdateAutoScalingGroup"}},
	model.KindSetGroupSettings: {groupState, sendAs((*Session).setGroupSettings), []string{"autoscaling:UpdateAutoScalingGroup"}},
	model.KindPutAlarm:         {alarmConfigState, sendAs((*Session).putAlarm), []string{"cloudwatch:PutMetricAlarm"}},
	model.KindTagAlarm:         {alarmConfigState, sendAs((*Session).tagAlarm), []string{"cloudwatch:TagResource"}},
	model.KindDeleteAlarm:      {alarmConfigState, sendAs((*Session).deleteAlarm), []string{"cloudwatch:DeleteAlarms"}},
	model.KindPutDashboard:     {dashboardState, sendAs((*Session).putDashboard), []string{"cloudwatch:PutDashboard"}},
	model.KindDeleteDashboard:  {dashboardState, sendAs((*Session).deleteDashboard), []string{"cloudwatch:DeleteDashboards"}},
}

// specOf is a's entry, refused when it is missing or does not match the
// action: a re-read of the wrong state must never pass for a check.
func specOf(a model.Action) (actionSpec, error) {
	spec, ok := registry[a.Kind()]
	switch {
	case !ok:
		return spec, fmt.Errorf("hoist cannot carry out %s actions: the adapter has no entry for them", a.Kind())
	case spec.read.ref != a.Precondition().Kind:
		return spec, fmt.Errorf("hoist cannot carry out %s actions: they need %q re-read, the adapter reads %q",
			a.Kind(), a.Precondition().Kind, spec.read.ref)
	case a.Mutating() && spec.send == nil:
		return spec, fmt.Errorf("hoist cannot send %s actions", a.Kind())
	}
	return spec, nil
}

// sendAs adapts a send for one action type to the registry's sendFunc.
func sendAs[A model.Action](f func(*Session, context.Context, A, fresh, string) (string, error)) sendFunc {
	return func(s *Session, ctx context.Context, a model.Action, fr fresh, reason string) (string, error) {
		x, ok := a.(A)
		if !ok {
			return "", fmt.Errorf("hoist cannot send a %T as a %s action", a, a.Kind())
		}
		return f(s, ctx, x, fr, reason)
	}
}

// --- readers ---

func (s *Session) readGroup(ctx context.Context, ref model.Ref) (fresh, error) {
	res, err := s.describeGroups(ctx, []string{ref.Group})
	if err != nil {
		return fresh{}, err
	}
	var f fresh
	for i := range res.groups {
		if res.groups[i].Name == ref.Group {
			f.cur.Group = &res.groups[i]
		}
	}
	return f, nil
}

// readPolicy reads the group and the one policy; the group's Policies
// hold it when it exists.
func (s *Session) readPolicy(ctx context.Context, ref model.Ref) (fresh, error) {
	f, err := s.readGroup(ctx, ref)
	if err != nil || f.cur.Group == nil {
		return f, err
	}
	ps, raw, err := s.describePolicies(ctx, ref.Group, ref.Name)
	if err != nil {
		return fresh{}, err
	}
	f.cur.Group.Policies = ps[ref.Group]
	for i := range raw {
		if raw[i].PolicyName != nil && *raw[i].PolicyName == ref.Name {
			f.policy = &raw[i]
		}
	}
	return f, nil
}

// ReadCurrent re-reads the state ref names, with the reader the registry
// uses for it: what a revert compares an earlier action's changes with.
func (s *Session) ReadCurrent(ctx context.Context, ref model.Ref) (model.Current, error) {
	for _, spec := range registry {
		if spec.read.ref == ref.Kind && ref.Kind != model.RefNone {
			f, err := spec.read.read(s, ctx, ref)
			return f.cur, err
		}
	}
	return model.Current{}, fmt.Errorf("hoist cannot read %q state", ref.Kind)
}
