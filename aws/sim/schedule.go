package sim

import (
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/robfig/cron/v3"
)

// putScheduled creates or replaces a scheduled action
// (PutScheduledUpdateGroupAction). Recurrence is a five-field cron
// expression in TimeZone (IANA name, default UTC).
func (s *Simulator) putScheduled(g *group, in *autoscaling.PutScheduledUpdateGroupActionInput) error {
	name := aws.ToString(in.ScheduledActionName)
	if name == "" {
		return apiErr("ValidationError", "1 validation error detected: Value null at 'scheduledActionName' failed to satisfy constraint: Member must not be null")
	}
	if len(name) > 255 {
		return apiErr("ValidationError", "1 validation error detected: Value at 'scheduledActionName' failed to satisfy constraint: Member must have length less than or equal to 255")
	}
	if in.MinSize == nil && in.MaxSize == nil && in.DesiredCapacity == nil {
		return apiErr("ValidationError", "At least one of MinSize, MaxSize or DesiredCapacity must be specified.")
	}
	if err := scheduledSizes(in.MinSize, in.MaxSize, in.DesiredCapacity); err != nil {
		return err
	}
	if in.Time != nil && in.StartTime != nil && !in.Time.Equal(*in.StartTime) {
		return apiErr("ValidationError", "Time and StartTime must not differ; Time is the older name of StartTime.")
	}
	if in.StartTime != nil && in.EndTime != nil && !in.EndTime.After(*in.StartTime) {
		return apiErr("ValidationError", "The end time must be after the start time.")
	}
	if in.EndTime != nil && !in.EndTime.After(s.now) {
		return apiErr("ValidationError", "Given end time is in the past")
	}
	a := &schedAction{name: name, g: g, min: in.MinSize, max: in.MaxSize, des: in.DesiredCapacity,
		recurrence: aws.ToString(in.Recurrence), tz: aws.ToString(in.TimeZone), startT: in.StartTime, endT: in.EndTime}
	if a.startT == nil {
		a.startT = in.Time
	}
	if g.sched(name) == nil && len(g.scheduled) >= 125 {
		return apiErr("LimitExceeded", "You have reached the limit of 125 scheduled actions for Auto Scaling group %s.", g.name)
	}
	if old := g.sched(name); old != nil {
		a.arn = old.arn
	} else {
		a.arn = fmt.Sprintf("arn:aws:autoscaling:%s:%s:scheduledUpdateGroupAction:%s:autoScalingGroupName/%s:scheduledActionName/%s", s.region, Account, s.uuid(), g.name, name)
	}
	if a.recurrence != "" {
		loc := time.UTC
		if a.tz != "" {
			var err error
			if loc, err = time.LoadLocation(a.tz); err != nil {
				return apiErr("ValidationError", "Invalid time zone: %s", a.tz)
			}
		}
		if strings.HasPrefix(a.recurrence, "@") {
			return apiErr("ValidationError", "Given recurrence string %q is invalid.", a.recurrence)
		}
		sched, err := cron.ParseStandard("CRON_TZ=" + loc.String() + " " + a.recurrence)
		if err != nil {
			return apiErr("ValidationError", "Given recurrence string %q is invalid.", a.recurrence)
		}
		a.sched = sched
		from := s.now
		if a.startT != nil && a.startT.After(from) {
			from = a.startT.Add(-time.Second)
		}
		a.next = sched.Next(from)
		if a.next.IsZero() {
			return apiErr("ValidationError", "Given recurrence string %q never occurs.", a.recurrence)
		}
		if a.endT != nil && a.endT.Before(a.next) {
			return apiErr("ValidationError", "End time %s is before the next recurrence.", isoTime(*a.endT))
		}
		a.startT = aws.Time(a.next)
	} else {
		if a.startT == nil {
			return apiErr("ValidationError", "Either StartTime or Recurrence must be specified.")
		}
		if a.startT.Before(s.now) {
			return apiErr("ValidationError", "Given start time is in the past")
		}
		a.next = *a.startT
	}
	for i, x := range g.scheduled {
		if x.name == name {
			g.scheduled[i] = a
			return nil
		}
	}
	g.scheduled = append(g.scheduled, a)
	return nil
}

func (g *group) sched(name string) *schedAction {
	for _, a := range g.scheduled {
		if a.name == name {
			return a
		}
	}
	return nil
}

// runSchedules fires the actions that are due. With ScheduledActions
// suspended, occurrences that fall in the suspension are skipped.
func (s *Simulator) runSchedules(g *group) {
	kept := g.scheduled[:0]
	for _, a := range g.scheduled {
		keep := true
		if !a.next.After(s.now) {
			if !g.isSuspended("ScheduledActions") && g.status == "" {
				s.applyScheduled(g, a)
			}
			if a.sched != nil {
				a.next = a.sched.Next(s.now)
				if a.endT != nil && a.next.After(*a.endT) {
					keep = false
				}
			} else {
				keep = false // one-time actions are deleted once they ran
			}
		}
		if keep {
			kept = append(kept, a)
		}
	}
	g.scheduled = kept
}

func (s *Simulator) applyScheduled(g *group, a *schedAction) {
	var parts []string
	newMin, newMax := g.min, g.max
	if a.min != nil {
		newMin = int(*a.min)
		parts = append(parts, fmt.Sprintf("min: %d", newMin))
	}
	if a.max != nil {
		newMax = int(*a.max)
		parts = append(parts, fmt.Sprintf("max: %d", newMax))
	}
	if newMin > newMax {
		s.newActivity(g, fmt.Sprintf("At %s a scheduled action %s failed: min %d is above max %d.", isoTime(s.now), a.name, newMin, newMax),
			"Updating AutoScalingGroup constraints", "{}", "Failed")
		return
	}
	g.min, g.max = newMin, newMax
	want := g.desired
	if a.des != nil {
		want = int(*a.des)
		parts = append(parts, fmt.Sprintf("desired: %d", want))
	}
	want = clampi(want, g.min, g.max)
	s.setDesired(g, want, "a scheduled action update of AutoScalingGroup constraints to "+strings.Join(parts, ", "))
}

// scheduledSizes checks the sizes a scheduled action sets against each
// other, as UpdateAutoScalingGroup would when it runs.
func scheduledSizes(lo, hi, desired *int32) error {
	for _, v := range []*int32{lo, hi, desired} {
		if v != nil && *v < 0 {
			return apiErr("ValidationError", "MinSize, MaxSize and DesiredCapacity must not be negative.")
		}
	}
	if lo != nil && hi != nil && *lo > *hi {
		return apiErr("ValidationError", "Max bound, %d, must be greater than or equal to min bound, %d", *hi, *lo)
	}
	if desired != nil && lo != nil && *desired < *lo {
		return apiErr("ValidationError", "Desired capacity:%d must be greater than or equal to the specified min size:%d", *desired, *lo)
	}
	if desired != nil && hi != nil && *desired > *hi {
		return apiErr("ValidationError", "Desired capacity:%d must be less than or equal to the specified max size:%d", *desired, *hi)
	}
	return nil
}
