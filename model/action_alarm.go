package model

import "time"

// Actions on alerts and CloudWatch alarms.

// Acknowledge records that an operator has seen an alert. It changes
// nothing in AWS (CloudWatch has no acknowledgement), so read-only allows it
// and nothing is re-read. It names one firing: if the alert clears and
// fires again, the new firing (a new Since) is not acknowledged.
type Acknowledge struct {
	Alert string    // alert id
	Group string    // "" for an account-wide alert
	Since time.Time // when this firing began
	Text  string
}

// AckTarget is the journal target of an acknowledgement of one firing:
// "group/alert@since". The console matches it to know what is acknowledged.
func AckTarget(group, alert string, since time.Time) string {
	t := alert + "@" + since.UTC().Format(time.RFC3339)
	if group != "" {
		t = group + "/" + t
	}
	return t
}

func (a Acknowledge) Kind() Kind { return KindAcknowledge }

// GroupName is "": an acknowledgement needs no re-read of the group.
func (a Acknowledge) GroupName() string { return "" }
func (a Acknowledge) Target() string    { return AckTarget(a.Group, a.Alert, a.Since) }
func (a Acknowledge) Mutating() bool    { return false }
func (a Acknowledge) Precondition() Ref { return Ref{} }
func (a Acknowledge) Before() string    { return "firing" }
func (a Acknowledge) After() string     { return "acknowledged" }
func (a Acknowledge) Changes() []FieldChange {
	return []FieldChange{{Field: "alert " + a.Alert, Before: a.Before(), After: a.After()}}
}
func (a Acknowledge) validate() error         { return checkName("alert", a.Alert) }
func (a Acknowledge) check(cur Current) error { return nil }

// MuteAlarm mutes an alarm's actions for a window (PutAlarmMuteRule). The
// alarm keeps evaluating; only its actions are held. The alarm is re-read
// so that a deleted one is refused rather than muted by a dangling rule.
type MuteAlarm struct {
	Alarm string
	For   time.Duration
}

// MaxMute is the longest mute the console offers.
const MaxMute = 7 * 24 * time.Hour

func (a MuteAlarm) Kind() Kind        { return KindMuteAlarm }
func (a MuteAlarm) GroupName() string { return "" }
func (a MuteAlarm) Target() string    { return a.Alarm }
func (a MuteAlarm) Mutating() bool    { return true }
func (a MuteAlarm) Precondition() Ref { return Ref{Kind: RefAlarm, Name: a.Alarm} }
func (a MuteAlarm) Before() string    { return "actions on" }
func (a MuteAlarm) After() string     { return "actions muted for " + ShortDuration(a.For) }
func (a MuteAlarm) Changes() []FieldChange {
	return []FieldChange{{Field: "actions", Before: "on", After: "muted for " + ShortDuration(a.For)}}
}
func (a MuteAlarm) check(cur Current) error {
	_, err := cur.alarm(a.Alarm)
	return err
}
func (a MuteAlarm) validate() error {
	if err := checkName("alarm", a.Alarm); err != nil {
		return err
	}
	if a.For < time.Minute || a.For > MaxMute {
		return invalid("mute for between 1 minute and %s, not %s", ShortDuration(MaxMute), ShortDuration(a.For))
	}
	return nil
}
