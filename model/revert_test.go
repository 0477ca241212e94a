package model

import (
	"strings"
	"testing"
	"time"
)

// intentOf is the journal intent of a, as the adapter writes it.
func intentOf(a Action) JournalEntry {
	ref := a.Precondition()
	return JournalEntry{Kind: a.Kind(), Target: a.Target(), Before: a.Before(), After: a.After(), Changes: a.Changes(), Ref: &ref}
}

// TestRevert: each revertible kind puts back what it changed when the
// field is still as it left it, refuses a field that changed since, and
// needs nothing when the field is back already.
func TestRevert(t *testing.T) {
	g := &Group{Name: "web", Capacity: Capacity{Min: 2, Desired: 6, Max: 60}, HealthCheckType: "ELB", HealthCheckGrace: 90 * time.Second,
		DefaultCooldown: 300 * time.Second, TerminationPolicies: []string{"Default"}, Suspended: []string{"AZRebalance"},
		Policies: []Policy{{Name: "cpu", Type: PolicyTargetTracking, Enabled: true, Target: &TargetTracking{Metric: "ASGAverageCPUUtilization", Value: 60}}}}
	raised := intentOf(SetLimits{Group: "web", From: Capacity{2, 6, 40}, To: Capacity{2, 6, 60}})
	r, err := RevertOf(raised, Current{Group: g})
	if a, ok := r.Action.(SetLimits); err != nil || !ok || a.To != (Capacity{2, 6, 40}) || len(r.Refused) > 0 {
		t.Errorf("max back: %+v %v", r, err)
	}
	both := intentOf(SetLimits{Group: "web", From: Capacity{2, 4, 40}, To: Capacity{2, 8, 60}})
	r, _ = RevertOf(both, Current{Group: g}) // desired moved on to 6 since
	if a, ok := r.Action.(SetLimits); !ok || a.To != (Capacity{2, 6, 40}) || len(r.Refused) != 1 || !strings.Contains(r.Refused[0], "desired: now 6, the apply left 8") {
		t.Errorf("desired changed since: %+v", r)
	}
	r, _ = RevertOf(intentOf(SuspendProcesses{Group: "web", Processes: []string{"AZRebalance"}}), Current{Group: g})
	if a, ok := r.Action.(ResumeProcesses); !ok || a.Processes[0] != "AZRebalance" {
		t.Errorf("suspend back: %+v", r)
	}
	r, _ = RevertOf(intentOf(SetGroupSettings{Group: "web", From: GroupSettings{HealthCheckGraceSeconds: ptr(60)}, To: GroupSettings{HealthCheckGraceSeconds: ptr(90)}}), Current{Group: g})
	if a, ok := r.Action.(SetGroupSettings); !ok || *a.To.HealthCheckGraceSeconds != 60 || a.To.DefaultCooldownSeconds != nil {
		t.Errorf("settings back: %+v", r)
	}
	r, _ = RevertOf(intentOf(EditPolicy{Group: "web", Policy: "cpu", Type: PolicyTargetTracking, From: PolicySettings{Enabled: true, TargetValue: 50},
		To: PolicySettings{Enabled: true, TargetValue: 60}}), Current{Group: g})
	if a, ok := r.Action.(EditPolicy); !ok || a.To.TargetValue != 50 || a.From.TargetValue != 60 {
		t.Errorf("policy back: %+v", r)
	}
	r, _ = RevertOf(raised, Current{Group: &Group{Name: "web", Capacity: Capacity{2, 6, 40}}})
	if r.Action != nil || len(r.Refused) > 0 {
		t.Errorf("already back: %+v", r)
	}
}

// TestRevertAlarms: a created alarm is deleted if unchanged since, an
// update is put back field by field, a deleted alarm is created again
// whole from its journal entry, metric math included; adoption is kept.
func TestRevertAlarms(t *testing.T) {
	m := mathAlarm()
	created := intentOf(PutAlarm{To: m})
	tagged := map[string]string{ManagedTag: "true"}
	r, _ := RevertOf(created, Current{AlarmConfig: &LiveAlarm{AlarmSpec: m.Normal(), Tags: tagged}})
	if a, ok := r.Action.(DeleteAlarm); !ok || a.From.Name != m.Name {
		t.Errorf("created: %+v", r)
	}
	edited := m.Normal()
	edited.EvaluationPeriods = 10
	r, _ = RevertOf(created, Current{AlarmConfig: &LiveAlarm{AlarmSpec: edited, Tags: tagged}})
	if r.Action != nil || len(r.Refused) != 1 || !strings.Contains(r.Note, "not deleted") {
		t.Errorf("created, edited since: %+v", r)
	}
	from := exampleAlarm()
	to := exampleAlarm()
	to.Threshold, to.Channels = 90, []string{"arn:aws:sns:us-east-1:1:x"}
	r, _ = RevertOf(intentOf(PutAlarm{From: &from, To: to}), Current{AlarmConfig: &LiveAlarm{AlarmSpec: to.Normal(), Tags: tagged}})
	if a, ok := r.Action.(PutAlarm); !ok || !SameAlarm(a.To, from) {
		t.Errorf("updated: %+v", r)
	}
	r, _ = RevertOf(intentOf(DeleteAlarm{From: m}), Current{})
	if a, ok := r.Action.(PutAlarm); !ok || a.From != nil || !SameAlarm(a.To, m) {
		t.Errorf("deleted: %+v\n%+v", r.Action, m)
	}
	if r, _ := RevertOf(intentOf(TagAlarm{Alarm: "a"}), Current{}); r.Action != nil || r.Note == "" {
		t.Errorf("adopted: %+v", r)
	}
	body := `{"widgets":[]}`
	r, _ = RevertOf(intentOf(PutDashboard{Name: "hoist-web", To: body}), Current{Dashboard: &body})
	if _, ok := r.Action.(DeleteDashboard); !ok {
		t.Errorf("dashboard: %+v", r)
	}
}

// TestSetLeafInvertsLeaves: every leaf of a spec set on an empty one
// gives the spec back.
func TestSetLeafInvertsLeaves(t *testing.T) {
	for _, a := range []AlarmSpec{exampleAlarm(), mathAlarm()} {
		a = a.Normal()
		b := AlarmSpec{}
		for _, l := range Leaves(a) {
			if err := SetLeaf(&b, l.Path, l.Value); err != nil {
				t.Fatal(err)
			}
		}
		if !SameAlarm(a, b) {
			t.Errorf("%s: %v", a.Name, DiffLeaves(Leaves(a), Leaves(b.Normal())))
		}
	}
	s := exampleSettings()
	var got GroupSettings
	for _, l := range Leaves(s) {
		if err := SetLeaf(&got, l.Path, l.Value); err != nil {
			t.Fatal(err)
		}
	}
	if d := DiffLeaves(Leaves(s), Leaves(got)); len(d) > 0 {
		t.Errorf("settings: %v", d)
	}
	if err := SetLeaf(&got, "no_such_field", "1"); err == nil {
		t.Error("an unknown field was set")
	}
}
