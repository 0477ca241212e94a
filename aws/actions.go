package aws

import (
	"context"
	"errors"
	"fmt"

	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
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
// a fresh read of what the action's precondition names, the conflict
// check, the intent fsync'd to the journal, sending (when not nil) called,
// the one call sent exactly once, the outcome journaled, and a nudge to
// the poller. Which read and which call is the action kind's entry in the
// registry (registry.go).
//
// A *model.ConflictError or *model.ValidationError comes back untouched
// and nothing is journaled; model.ErrNoChange and model.ErrReadOnly too.
// sending is never called for an action that stops before the intent is
// journaled, nor for one that sends nothing (acknowledging an alert).
func (s *Session) Act(ctx context.Context, a model.Action, reason string, sending func()) error {
	spec, f, err := s.prepare(ctx, a)
	if err != nil {
		return err
	}
	intent := s.entry(ctx, a, reason)
	if err := s.journal.Append(intent); err != nil {
		return &Error{Kind: ErrJournal, Msg: err.Error() + ": nothing was sent", cause: err}
	}
	out := intent
	out.Phase, out.Changes, out.Apply, out.Ref = model.PhaseOutcome, nil, "", nil
	if !a.Mutating() {
		out.Time = s.clock.Now().UTC()
		out.Result = model.ResultOK
		if err := s.journal.Append(out); err != nil {
			return &Error{Kind: ErrJournal, Msg: err.Error(), cause: err}
		}
		return nil
	}
	if sending != nil {
		sending()
	}
	// Once sent, wait for the answer even if the caller gives up: an
	// outcome we can journal is worth the few seconds. The call deadline
	// (CallTimeout) still bounds it.
	reqID, sendErr := spec.send(s, context.WithoutCancel(ctx), a, f, reason)
	return s.finish(a, out, reqID, sendErr)
}

// prepare does everything that may stop an action before its intent is
// journaled: the pure rules (read-only first), the journal's presence, the
// registry entry, the re-read and the conflict check.
func (s *Session) prepare(ctx context.Context, a model.Action) (actionSpec, fresh, error) {
	if err := model.Validate(a, s.ReadOnly()); err != nil {
		return actionSpec{}, fresh{}, err
	}
	if s.journal == nil {
		msg := "journal unavailable, so nothing was sent"
		if s.journalErr != nil {
			msg = fmt.Sprintf("%v: nothing was sent (hoist journals every action before sending it)", s.journalErr)
		}
		return actionSpec{}, fresh{}, &Error{Kind: ErrJournal, Msg: msg, cause: s.journalErr}
	}
	spec, err := specOf(a)
	if err != nil {
		return actionSpec{}, fresh{}, err
	}
	f, err := spec.read.read(s, ctx, a.Precondition())
	if err != nil {
		return actionSpec{}, fresh{}, err
	}
	if err := model.CheckCurrent(a, f.cur); err != nil {
		return actionSpec{}, fresh{}, err
	}
	return spec, f, nil
}

// finish journals the outcome of a sent call and says what became of it:
// ok, failed (AWS refused it: a 4xx, or it never left), or unknown (no
// answer, or a 5xx: AWS may have applied it before failing).
func (s *Session) finish(a model.Action, out model.JournalEntry, reqID string, sendErr error) error {
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
	s.nudge(a.GroupName(), a.Precondition())
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

func (s *Session) entry(ctx context.Context, a model.Action, reason string) model.JournalEntry {
	now := s.clock.Now().UTC()
	var ref *model.Ref
	if r := a.Precondition(); r.Kind != model.RefNone {
		ref = &r
	}
	return model.JournalEntry{
		Apply:     model.ApplyOf(ctx),
		Ref:       ref,
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
		Changes:   a.Changes(),
		Reason:    reason,
	}
}

// once makes a mutating call go out exactly once: the SDK retryer must not
// resend a change whose first attempt may have applied. One per client,
// as each client has its own Options type.
func once(o *autoscaling.Options) { o.Retryer = retry.AddWithMaxAttempts(o.Retryer, 1) }

func cwOnce(o *cloudwatch.Options) { o.Retryer = retry.AddWithMaxAttempts(o.Retryer, 1) }

func elbOnce(o *elb.Options) { o.Retryer = retry.AddWithMaxAttempts(o.Retryer, 1) }

func ec2Once(o *ec2.Options) { o.Retryer = retry.AddWithMaxAttempts(o.Retryer, 1) }

func requestID(md middleware.Metadata) string {
	id, _ := awsmw.GetRequestIDMetadata(md)
	return id
}
