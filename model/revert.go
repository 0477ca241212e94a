package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Reverting an action from its journal entry: the entry's field changes
// say what the action left (After) and what was there before (Before);
// the state re-read now (for the entry's Ref) says what holds. A field
// still as the action left it is put back; a field that changed since is
// refused (and named), never overwritten.

// Reverted is what a revert of one journaled action comes to: the action
// that puts it back (nil when nothing can or need be), the fields refused
// because they changed since, and a note when the kind is not reverted.
type Reverted struct {
	Action  Action
	Refused []string // "max: now 50, the apply left 60"
	Note    string
}

// reverter builds the revert of one kind of action from its intent and
// the state now.
type reverter func(e JournalEntry, cur Current) (Reverted, error)

var reverters = map[Kind]reverter{
	KindSetDesired:       revertCapacity,
	KindSetLimits:        revertCapacity,
	KindSuspend:          revertProcesses,
	KindResume:           revertProcesses,
	KindSetGroupSettings: revertSettings,
	KindEditPolicy:       revertPolicy,
	KindEditHealthCheck:  revertHealthCheck,
	KindEditAttributes:   revertAttributes,
	KindPutAlarm:         revertPutAlarm,
	KindDeleteAlarm:      revertDeleteAlarm,
	KindPutDashboard:     revertPutDashboard,
	KindPutPolicy:        revertPutPolicy,
	KindPutScheduled:     revertPutScheduled,
}

// notReverted says why a kind has no revert.
var notReverted = map[Kind]string{
	KindTagAlarm:        "adopting an alarm is kept: hoist does not remove its tag",
	KindDeletePolicy:    "a deleted policy is not in the journal whole: apply the file that declared it",
	KindDeleteDashboard: "a deleted dashboard's body is not in the journal: hoist dashboard --apply writes it again",
	KindDeleteScheduled: "a deleted scheduled action is put back by applying the file that declared it",
	KindAcknowledge:     "an acknowledgement changed nothing in AWS",
}

// RevertOf is the revert of the journaled action e against cur, the state
// re-read now for e.Ref.
func RevertOf(e JournalEntry, cur Current) (Reverted, error) {
	if f, ok := reverters[e.Kind]; ok {
		return f(e, cur)
	}
	if why, ok := notReverted[e.Kind]; ok {
		return Reverted{Note: why}, nil
	}
	return Reverted{Note: fmt.Sprintf("%s actions are not reverted", e.Kind)}, nil
}

// putBack walks e's changes against the values now: a field still as the
// action left it goes back (set), one that changed since is refused.
func putBack(e JournalEntry, now func(field string) (string, bool), set func(field, value string) error) ([]string, bool, error) {
	var refused []string
	moved := false
	for _, c := range e.Changes {
		v, ok := now(c.Field)
		switch {
		case !ok:
			continue
		case v == c.Before:
			continue // back already
		case v != c.After:
			refused = append(refused, fmt.Sprintf("%s: now %s, the apply left %s", c.Field, v, c.After))
			continue
		}
		if err := set(c.Field, c.Before); err != nil {
			return nil, false, err
		}
		moved = true
	}
	return refused, moved, nil
}

func revertCapacity(e JournalEntry, cur Current) (Reverted, error) {
	g, err := cur.group(e.Ref.Group)
	if err != nil {
		return Reverted{}, err
	}
	to := g.Capacity
	field := map[string]*int{"min": &to.Min, "desired": &to.Desired, "max": &to.Max}
	now := map[string]string{"min": itoa(g.Min), "desired": itoa(g.Desired), "max": itoa(g.Max)}
	refused, moved, err := putBack(e, lookup(now), func(f, v string) error {
		n, err := strconv.Atoi(v)
		*field[f] = n
		return err
	})
	r := Reverted{Refused: refused}
	if err != nil || !moved {
		return r, err
	}
	r.Action = SetLimits{Group: g.Name, From: g.Capacity, To: to}
	return r, nil
}

func lookup(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func revertProcesses(e JournalEntry, cur Current) (Reverted, error) {
	g, err := cur.group(e.Ref.Group)
	if err != nil {
		return Reverted{}, err
	}
	var suspend, resume []string
	now := func(f string) (string, bool) {
		p, ok := strings.CutPrefix(f, "process ")
		if !ok {
			return "", false
		}
		if g.IsSuspended(p) {
			return "suspended", true
		}
		return "running", true
	}
	refused, _, err := putBack(e, now, func(f, v string) error {
		p := strings.TrimPrefix(f, "process ")
		if v == "suspended" {
			suspend = append(suspend, p)
		} else {
			resume = append(resume, p)
		}
		return nil
	})
	r := Reverted{Refused: refused}
	switch {
	case len(suspend) > 0:
		r.Action = SuspendProcesses{Group: g.Name, Processes: suspend, From: g.Suspended}
	case len(resume) > 0:
		r.Action = ResumeProcesses{Group: g.Name, Processes: resume, From: g.Suspended}
	}
	return r, err
}

func revertSettings(e JournalEntry, cur Current) (Reverted, error) {
	g, err := cur.group(e.Ref.Group)
	if err != nil {
		return Reverted{}, err
	}
	from := GroupSettingsOf(g)
	now := map[string]string{}
	for _, l := range Leaves(from) {
		now[l.Path] = l.Value
	}
	var to GroupSettings
	refused, moved, err := putBack(e, lookup(now), func(f, v string) error { return SetLeaf(&to, f, v) })
	r := Reverted{Refused: refused}
	if err != nil || !moved {
		return r, err
	}
	r.Action = SetGroupSettings{Group: g.Name, From: from, To: to}
	return r, nil
}

func revertPolicy(e JournalEntry, cur Current) (Reverted, error) {
	_, p, err := policyOf(cur, e.Ref.Group, e.Ref.Name)
	if err != nil {
		return Reverted{}, err
	}
	from := SettingsOf(p)
	to := from
	metric := ""
	if p.Target != nil {
		metric = p.Target.Metric
	}
	a := EditPolicy{Group: e.Ref.Group, Policy: p.Name, Type: p.Type, Metric: metric, From: from}
	now := map[string]string{"state": enabledString(from.Enabled), "target value": formatFloat(from.TargetValue),
		"scale-in": scaleInString(from.DisableScaleIn)}
	refused, moved, err := putBack(e, lookup(now), func(f, v string) error {
		switch f {
		case "state":
			to.Enabled = v == "enabled"
		case "target value":
			x, err := strconv.ParseFloat(v, 64)
			to.TargetValue = x
			return err
		case "scale-in":
			to.DisableScaleIn = v == "off"
		}
		return nil
	})
	r := Reverted{Refused: refused}
	if err != nil || !moved {
		return r, err
	}
	a.To = to
	r.Action = a
	return r, nil
}

// healthFields are EditHealthCheck's field names and where each lives.
func healthFields(h *HealthCheck) map[string]any {
	return map[string]any{"health check path": &h.Path, "health check port": &h.Port, "health check interval": &h.Interval,
		"health check timeout": &h.Timeout, "healthy threshold": &h.HealthyThreshold, "unhealthy threshold": &h.UnhealthyThreshold,
		"success codes": &h.Matcher}
}

func revertHealthCheck(e JournalEntry, cur Current) (Reverted, error) {
	tg, err := cur.targetGroup(e.Ref.Name, e.Target)
	if err != nil {
		return Reverted{}, err
	}
	to := tg.HealthCheck
	now := map[string]string{}
	for name, p := range healthFields(&tg.HealthCheck) {
		now[name] = fieldText(p)
	}
	set := healthFields(&to)
	refused, moved, err := putBack(e, lookup(now), func(f, v string) error { return setText(set[f], v) })
	r := Reverted{Refused: refused}
	if err != nil || !moved {
		return r, err
	}
	r.Action = EditHealthCheck{TargetGroup: tg.ARN, Name: tg.Name, Protocol: tg.Protocol, From: tg.HealthCheck, To: to}
	return r, nil
}

func fieldText(p any) string {
	switch p := p.(type) {
	case *string:
		return *p
	case *int:
		return itoa(*p)
	case *time.Duration:
		return seconds(*p)
	}
	return ""
}

func setText(p any, v string) error {
	var err error
	switch p := p.(type) {
	case *string:
		*p = v
	case *int:
		*p, err = strconv.Atoi(v)
	case *time.Duration:
		var n int
		n, err = strconv.Atoi(strings.TrimSuffix(v, "s"))
		*p = time.Duration(n) * time.Second
	}
	return err
}

func revertAttributes(e JournalEntry, cur Current) (Reverted, error) {
	tg, err := cur.targetGroup(e.Ref.Name, e.Target)
	if err != nil {
		return Reverted{}, err
	}
	from, to := map[string]string{}, map[string]string{}
	var unset []string
	now := func(k string) (string, bool) { v, ok := tg.Attributes[k]; return v, ok }
	refused, moved, err := putBack(e, now, func(k, v string) error {
		if v == "" {
			unset = append(unset, k)
			return nil
		}
		from[k], to[k] = tg.Attributes[k], v
		return nil
	})
	for _, k := range unset {
		refused = append(refused, k+": it had no value before, and hoist sets attributes, it does not unset them")
	}
	r := Reverted{Refused: refused}
	if err != nil || !moved || len(to) == 0 {
		return r, err
	}
	r.Action = EditAttributes{TargetGroup: tg.ARN, Name: tg.Name, Protocol: tg.Protocol, From: from, To: to}
	return r, nil
}

// revertPutAlarm deletes an alarm the apply created, if it is as the
// apply left it, or puts back the fields an update changed.
func revertPutAlarm(e JournalEntry, cur Current) (Reverted, error) {
	now := alarmNow(cur, e.Ref.Name)
	if now == nil {
		return Reverted{Note: fmt.Sprintf("alarm %s no longer exists: nothing to put back", e.Ref.Name)}, nil
	}
	values := map[string]string{}
	for _, l := range Leaves(now.AlarmSpec.Normal()) {
		values[l.Path] = l.Value
	}
	if e.Before == "absent" {
		var refused []string
		for _, c := range e.Changes {
			if v, ok := values[c.Field]; ok && v != c.After {
				refused = append(refused, fmt.Sprintf("%s: now %s, the apply left %s", c.Field, v, c.After))
			}
		}
		if len(refused) > 0 {
			return Reverted{Refused: refused, Note: fmt.Sprintf("alarm %s changed since the apply created it, so it is not deleted", now.Name)}, nil
		}
		return Reverted{Action: DeleteAlarm{From: now.AlarmSpec}}, nil
	}
	to := now.AlarmSpec.Normal()
	refused, moved, err := putBack(e, lookup(values), func(f, v string) error { return SetLeaf(&to, f, v) })
	r := Reverted{Refused: refused}
	if err != nil || !moved {
		return r, err
	}
	from := now.AlarmSpec
	r.Action = PutAlarm{From: &from, To: to}
	return r, nil
}

// revertDeleteAlarm creates again an alarm the apply deleted, from every
// field its journal entry kept.
func revertDeleteAlarm(e JournalEntry, cur Current) (Reverted, error) {
	if now := alarmNow(cur, e.Ref.Name); now != nil {
		return Reverted{Note: fmt.Sprintf("alarm %s exists again: it is not created over", e.Ref.Name)}, nil
	}
	to := AlarmSpec{Name: e.Ref.Name}
	for _, c := range e.Changes {
		if err := SetLeaf(&to, c.Field, c.Before); err != nil {
			return Reverted{}, err
		}
	}
	return Reverted{Action: PutAlarm{To: to}}, nil
}

// revertPutDashboard deletes a dashboard the apply created, if its body
// is still the one written; an earlier body is not kept.
func revertPutDashboard(e JournalEntry, cur Current) (Reverted, error) {
	if len(e.Changes) != 1 || e.Changes[0].Before != Unset {
		return Reverted{Note: "a dashboard's earlier body is not in the journal: hoist dashboard --apply rebuilds it"}, nil
	}
	now := cur.Dashboard
	switch {
	case now == nil:
		return Reverted{Note: fmt.Sprintf("dashboard %s no longer exists: nothing to put back", e.Ref.Name)}, nil
	case DescribeBody(*now) != e.Changes[0].After:
		return Reverted{Refused: []string{fmt.Sprintf("body: now %s, the apply left %s", DescribeBody(*now), e.Changes[0].After)}}, nil
	}
	return Reverted{Action: DeleteDashboard{Name: e.Ref.Name, From: *now}}, nil
}

// createdSince lists the fields of a created resource that changed since
// the action made it: fields now, against the journaled changes.
func createdSince(e JournalEntry, now []PolicyField) []string {
	var refused []string
	for _, c := range e.Changes {
		for _, f := range now {
			if f.Name == c.Field && f.Value != c.After {
				refused = append(refused, fmt.Sprintf("%s: now %s, the apply left %s", c.Field, f.Value, c.After))
			}
		}
	}
	return refused
}

// revertPutPolicy deletes a policy the apply created, if it is as the
// apply left it; a policy replaced whole is put back by the files.
func revertPutPolicy(e JournalEntry, cur Current) (Reverted, error) {
	if !strings.HasPrefix(e.Before, "no policy ") {
		return Reverted{Note: "a policy is put whole and its earlier form is not in the journal: apply the files it came from"}, nil
	}
	g, err := cur.group(e.Ref.Group)
	if err != nil {
		return Reverted{}, err
	}
	p, ok := g.Policy(e.Ref.Name)
	if !ok {
		return Reverted{Note: fmt.Sprintf("policy %s no longer exists: nothing to put back", e.Ref.Name)}, nil
	}
	if refused := createdSince(e, p.Spec.Fields()); len(refused) > 0 {
		return Reverted{Refused: refused, Note: fmt.Sprintf("policy %s changed since the apply created it, so it is not deleted", p.Name)}, nil
	}
	return Reverted{Action: DeletePolicy{Group: g.Name, Policy: p.Name, Type: p.Type}}, nil
}

// revertPutScheduled deletes a scheduled action the apply created, if it
// is as the apply left it.
func revertPutScheduled(e JournalEntry, cur Current) (Reverted, error) {
	if !strings.HasPrefix(e.Before, "no scheduled action ") {
		return Reverted{Note: "a scheduled action is put whole and its earlier form is not in the journal: apply the files it came from"}, nil
	}
	g, err := cur.group(e.Ref.Group)
	if err != nil {
		return Reverted{}, err
	}
	a, ok := g.ScheduledAction(e.Ref.Name)
	if !ok {
		return Reverted{Note: fmt.Sprintf("scheduled action %s no longer exists: nothing to put back", e.Ref.Name)}, nil
	}
	now := ScheduleSpecOf(a)
	if refused := createdSince(e, now.Fields()); len(refused) > 0 {
		return Reverted{Refused: refused, Note: fmt.Sprintf("scheduled action %s changed since the apply created it, so it is not deleted", a.Name)}, nil
	}
	return Reverted{Action: DeleteScheduled{Group: g.Name, From: now}}, nil
}

// RevertOrder is the order a revert undoes a batch: the newest first, so
// that what went up first comes down last.
func RevertOrder(acts []JournalAction) []JournalAction {
	out := slices.Clone(acts)
	slices.Reverse(out)
	return out
}

// Batch is the journal's actions that id names: one action by its id, or
// every action of one apply.
func Batch(acts []JournalAction, id string) []JournalAction {
	var out []JournalAction
	for _, a := range acts {
		if a.Intent.ID == id || (a.Intent.Apply != "" && a.Intent.Apply == id) {
			out = append(out, a)
		}
	}
	return out
}
