package model

import (
	"context"
	"sort"
	"strings"
	"time"
)

// Journal phases: an intent is written before the call, an outcome after.
const (
	PhaseIntent  = "intent"
	PhaseOutcome = "outcome"
)

// Journal results.
const (
	ResultOK     = "ok"
	ResultFailed = "failed"
	// ResultUnknown is written when the call was sent but no answer came
	// (a timeout, a dropped connection): it may or may not have applied.
	ResultUnknown = "unknown"
)

// JournalEntry is one record of the action journal (one JSON line).
type JournalEntry struct {
	ID        string    `json:"id"` // ties an intent to its outcome
	Time      time.Time `json:"time"`
	Phase     string    `json:"phase"`
	Kind      Kind      `json:"kind"`
	Caller    string    `json:"caller,omitempty"`
	Account   string    `json:"account,omitempty"`
	Region    string    `json:"region,omitempty"`
	Profile   string    `json:"profile,omitempty"`
	Simulator bool      `json:"simulator,omitempty"`
	Target    string    `json:"target"`
	Before    string    `json:"before,omitempty"`
	After     string    `json:"after,omitempty"`
	// Changes is the change field by field (intents only).
	Changes   []FieldChange `json:"changes,omitempty"`
	Reason    string        `json:"reason,omitempty"`
	Result    string        `json:"result,omitempty"`
	Error     string        `json:"error,omitempty"`
	RequestID string        `json:"request_id,omitempty"`
	// Apply ties together the actions of one hoist apply (or revert): a
	// revert names it (intents only).
	Apply string `json:"apply,omitempty"`
	// Ref is the state the action re-read before it was sent, so that a
	// revert can read it again (intents only).
	Ref *Ref `json:"ref,omitempty"`
}

type applyKey struct{}

// WithApply marks the actions sent under ctx as parts of one apply, so
// the journal ties them together under id.
func WithApply(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, applyKey{}, id)
}

// ApplyOf is the apply ctx marks its actions with, "" for none.
func ApplyOf(ctx context.Context) string {
	id, _ := ctx.Value(applyKey{}).(string)
	return id
}

// JournalAction is an intent with its outcome, if one was written.
type JournalAction struct {
	Intent  JournalEntry
	Outcome *JournalEntry
}

// Status is the action's result: ok, failed, unknown, or "outcome unknown"
// when no outcome was ever written (the process died mid-call).
func (a JournalAction) Status() string {
	if a.Outcome == nil {
		return "outcome unknown"
	}
	return a.Outcome.Result
}

// NeedsVerify reports whether an operator must check AWS to learn whether
// the action applied.
func (a JournalAction) NeedsVerify() bool {
	return a.Outcome == nil || a.Outcome.Result == ResultUnknown
}

// Group is the group part of the target ("web" of "web/i-0abc").
func (e JournalEntry) Group() string {
	group, _, _ := strings.Cut(e.Target, "/")
	return group
}

// OnSimulator reports whether the entry's action went to hoist's
// simulator. Entries keep the flag as the adapter decided it, but earlier
// builds marked any caller whose ARN held "/hoist-simulator/", a real role
// of that name too: an entry so marked in any account but the simulator's
// was production's, and is shown with production's.
func (e JournalEntry) OnSimulator() bool {
	return e.Simulator && e.Account == SimulatorAccount
}

// Where names the account and region an entry's action was sent to, and
// whether that was the simulator: "123456789012 eu-west-1", or
// "simulator 000000000000 us-east-1".
func (e JournalEntry) Where() string {
	w := e.Account + " " + e.Region
	if e.OnSimulator() {
		w = "simulator " + w
	}
	return strings.TrimSpace(w)
}

// JournalIn keeps the actions sent to this account and region, simulated or
// not: one machine's journal holds drills on the simulator and work in
// several accounts, and an unknown outcome or an acknowledgement from one
// must never be shown as if it were another's, nor a production change
// hidden as a drill (OnSimulator).
func JournalIn(acts []JournalAction, account, region string, simulator bool) []JournalAction {
	var out []JournalAction
	for _, a := range acts {
		e := a.Intent
		if e.Account == account && e.Region == region && e.OnSimulator() == simulator {
			out = append(out, a)
		}
	}
	return out
}

// PairJournal joins intents with their outcomes, oldest first. An outcome
// without an intent (a journal cut at the front) is kept as its own action.
func PairJournal(entries []JournalEntry) []JournalAction {
	var out []JournalAction
	index := map[string]int{}
	for _, e := range entries {
		switch e.Phase {
		case PhaseIntent:
			index[e.ID] = len(out)
			out = append(out, JournalAction{Intent: e})
		case PhaseOutcome:
			if i, ok := index[e.ID]; ok && out[i].Outcome == nil {
				o := e
				out[i].Outcome = &o
				continue
			}
			o := e
			out = append(out, JournalAction{Intent: e, Outcome: &o})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Intent.Time.Before(out[j].Intent.Time) })
	return out
}
