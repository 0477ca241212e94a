package insight

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// SlowResponse is the scaling response the product requires to beat:
// from the decision to scale to healthy capacity within two minutes.
const SlowResponse = 2 * time.Minute

// Origins: what set a scale-out going.
const (
	OriginBreach    = "breach"    // a CloudWatch alarm went to ALARM and invoked a policy
	OriginAction    = "action"    // someone acted through hoist (the journal names who)
	OriginRequest   = "request"   // a user request hoist did not send
	OriginScheduled = "scheduled" // a scheduled action
	OriginForecast  = "forecast"  // predictive scaling
	OriginOther     = "trigger"   // anything else Auto Scaling wrote
)

// The steps of a scale-out, in order.
const (
	StepDecision = "decision" // origin to the first launch
	StepBoot     = "boot"     // first launch to the last instance InService
	StepHealth   = "health checks"
)

// Response is one scale-out and how long each step took. A zero time is a
// step not reached (yet, or ever: see Failed).
type Response struct {
	Group  string    `json:"group"`
	From   int       `json:"from"`
	To     int       `json:"to"`
	Origin string    `json:"origin"`
	At     time.Time `json:"at"` // the origin's time
	// Alarm names the alarm of a breach; Who and Reason the journal's
	// caller and reason of an action.
	Alarm  string `json:"alarm,omitempty"`
	Who    string `json:"who,omitempty"`
	Reason string `json:"reason,omitempty"`

	Launched  time.Time `json:"launched"`
	InService time.Time `json:"in_service"`
	Healthy   time.Time `json:"healthy"`
	// HasTargets is false for a group behind no load balancer: it is done
	// when its instances are InService.
	HasTargets bool `json:"has_targets"`
	Launches   int  `json:"launches"`
	Failed     int  `json:"failed"` // launch activities that failed or were cancelled

	ran time.Time // when Auto Scaling changed the desired capacity
}

// Done is when the scale-out delivered: targets healthy, or instances
// InService for a group without targets.
func (r Response) Done() time.Time {
	if r.HasTargets {
		return r.Healthy
	}
	return r.InService
}

// Total is the whole response, from origin to done; ok is false while it
// is incomplete.
func (r Response) Total() (time.Duration, bool) {
	d := r.Done()
	if d.IsZero() {
		return 0, false
	}
	return d.Sub(r.At), true
}

// StepTime is one step of a response.
type StepTime struct {
	Step string        `json:"step"`
	Took time.Duration `json:"took_ns"`
	Done bool          `json:"done"`
}

// Steps lists the steps reached, in order.
func (r Response) Steps() []StepTime {
	marks := []struct {
		name string
		t    time.Time
	}{{StepDecision, r.Launched}, {StepBoot, r.InService}}
	if r.HasTargets {
		marks = append(marks, struct {
			name string
			t    time.Time
		}{StepHealth, r.Healthy})
	}
	var out []StepTime
	prev := r.At
	for _, m := range marks {
		if m.t.IsZero() {
			out = append(out, StepTime{Step: m.name})
			break
		}
		out = append(out, StepTime{Step: m.name, Took: max(0, m.t.Sub(prev)), Done: true})
		prev = m.t
	}
	return out
}

// Slowest is the step that took longest.
func (r Response) Slowest() StepTime {
	var best StepTime
	for _, s := range r.Steps() {
		if s.Done && s.Took > best.Took {
			best = s
		}
	}
	return best
}

// Slow reports whether the response took longer than SlowResponse, or is
// still incomplete after it.
func (r Response) Slow(now time.Time) bool {
	if d, ok := r.Total(); ok {
		return d > SlowResponse
	}
	return now.Sub(r.At) > SlowResponse
}

// Line renders the response as the timeline shows it:
// "scale-out 4 → 8: breach 13:34:00, launched +25s, in service +1m35s, healthy +2m10s".
func (r Response) Line(loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	var b strings.Builder
	fmt.Fprintf(&b, "scale-out %d → %d: %s %s", r.From, r.To, r.Origin, r.At.In(loc).Format("15:04:05"))
	if r.Who != "" {
		b.WriteString(" by " + r.Who)
	}
	step := func(word string, t time.Time) bool {
		if t.IsZero() {
			fmt.Fprintf(&b, ", %s not yet", word)
			return false
		}
		fmt.Fprintf(&b, ", %s +%s", word, model.ShortDuration(t.Sub(r.At)))
		return true
	}
	ok := step("launched", r.Launched) && step("in service", r.InService)
	if ok && r.HasTargets {
		step("healthy", r.Healthy)
	}
	if r.Failed > 0 {
		fmt.Fprintf(&b, ", %d of %d launches failed", r.Failed, r.Launches)
	}
	if d, done := r.Total(); done && d > SlowResponse {
		s := r.Slowest()
		fmt.Fprintf(&b, " (over 2m: %s took %s)", s.Step, model.ShortDuration(s.Took))
	}
	return b.String()
}

var (
	// "At 2026-11-27T13:34:00Z a monitor alarm X in state ALARM triggered
	// policy Y changing the desired capacity from 4 to 8."
	desiredRE = regexp.MustCompile(`At (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) (.*?) changing the desired capacity from (\d+) to (\d+)\.`)
	alarmRE   = regexp.MustCompile(`^a monitor alarm (.+) in state ALARM triggered policy `)
)

// trigger is the desired-capacity change an activity's cause names.
type trigger struct {
	at       time.Time
	text     string
	from, to int
}

func parseTrigger(cause string) (trigger, bool) {
	m := desiredRE.FindStringSubmatch(cause)
	if m == nil {
		return trigger{}, false
	}
	at, err := time.Parse(time.RFC3339, m[1])
	if err != nil {
		return trigger{}, false
	}
	from, _ := strconv.Atoi(m[3])
	to, _ := strconv.Atoi(m[4])
	return trigger{at: at, text: m[2], from: from, to: to}, true
}

// ResponseInput is what one group's scale-outs are measured from.
type ResponseInput struct {
	Group      string
	Activities []model.Activity      // any order; other groups' are ignored
	Alarms     []model.AlarmEvent    // alarm history
	Journal    []model.JournalAction // hoist's actions
	// Healthy is healthy targets over time; HasTargets says whether the
	// group is behind a load balancer at all.
	Healthy    []model.Point
	HasTargets bool
}

// breachLookback bounds how far before a policy ran its alarm's transition
// to ALARM may lie and still be this scale-out's breach: an alarm that has
// been in ALARM for longer invokes its policy again each minute, and each
// of those scale-outs starts when it was invoked.
const breachLookback = 5 * time.Minute

// actionLookback bounds how long before Auto Scaling changed the desired
// capacity hoist may have sent the call that did it.
const actionLookback = 2 * time.Minute

// ScalingResponses measures every scale-out of the group the activities
// record, oldest first. Launch activities are grouped by the desired
// change their cause names (AWS repeats the whole change in each).
func ScalingResponses(in ResponseInput) []Response {
	launches := map[trigger][]model.Activity{}
	var order []trigger
	for _, a := range in.Activities {
		if a.Group != in.Group || !strings.HasPrefix(a.Description, "Launching") {
			continue
		}
		t, ok := parseTrigger(a.Cause)
		if !ok || t.to <= t.from {
			continue // a replacement, not a scale-out
		}
		if _, seen := launches[t]; !seen {
			order = append(order, t)
		}
		launches[t] = append(launches[t], a)
	}
	out := make([]Response, 0, len(order))
	for _, k := range order {
		r := Response{Group: in.Group, From: k.from, To: k.to, HasTargets: in.HasTargets}
		originOf(&r, k, in)
		fromLaunches(&r, launches[k])
		if r.HasTargets && !r.InService.IsZero() {
			r.Healthy = reached(in.Healthy, r.Launched, float64(r.To))
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Response) int { return a.At.Compare(b.At) })
	return unclaim(out)
}

// unclaim gives one breach to one scale-out: an alarm that stays in
// ALARM invokes its policy again (step scaling adds a step), and each
// later scale-out starts when its policy ran, not at the breach the first
// one answered.
func unclaim(rs []Response) []Response {
	type breach struct {
		alarm string
		at    time.Time
	}
	claimed := map[breach]bool{}
	// the first invocation answers the breach, whatever order AWS listed them in
	slices.SortStableFunc(rs, func(a, b Response) int { return a.ran.Compare(b.ran) })
	for i := range rs {
		r := &rs[i]
		if r.Origin != OriginBreach {
			continue
		}
		b := breach{r.Alarm, r.At}
		if claimed[b] && !r.ran.IsZero() {
			r.At = r.ran
		}
		claimed[b] = true
	}
	slices.SortStableFunc(rs, func(a, b Response) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return a.From - b.From
	})
	return rs
}

// fromLaunches reads a scale-out's launch activities: the first start is
// the launch, and once every one has succeeded the last end is the moment
// all of it was InService.
func fromLaunches(r *Response, acts []model.Activity) {
	r.Launches = len(acts)
	var last time.Time
	done := true
	for _, a := range acts {
		if r.Launched.IsZero() || a.Start.Before(r.Launched) {
			r.Launched = a.Start
		}
		switch {
		case a.Status == model.ActivityFailed || a.Status == model.ActivityCancelled:
			r.Failed++
		case a.Status == model.ActivitySuccessful && !a.End.IsZero():
			if a.End.After(last) {
				last = a.End
			}
		default:
			done = false // still launching
		}
	}
	if done && r.Failed == 0 {
		r.InService = last
	}
}

// originOf names what started the scale-out and when.
func originOf(r *Response, t trigger, in ResponseInput) {
	r.At, r.ran, r.Origin = t.at, t.at, OriginOther
	switch {
	case alarmRE.MatchString(t.text):
		r.Origin = OriginBreach
		r.Alarm = alarmRE.FindStringSubmatch(t.text)[1]
		if at, ok := breachAt(in.Alarms, r.Alarm, t.at); ok {
			r.At = at
		}
	case strings.HasPrefix(t.text, "a user request"):
		r.Origin = OriginRequest
		if a, ok := actionFor(in.Journal, in.Group, t.at); ok {
			r.Origin, r.At = OriginAction, a.Intent.Time
			r.Who, r.Reason = Caller(a.Intent.Caller), a.Intent.Reason
		}
	case strings.HasPrefix(t.text, "a scheduled action"):
		r.Origin = OriginScheduled
	case strings.HasPrefix(t.text, "a predictive scaling action"):
		r.Origin = OriginForecast
	}
}

// breachAt is the alarm's latest transition to ALARM at or before the
// policy ran, within breachLookback.
func breachAt(hist []model.AlarmEvent, alarm string, ran time.Time) (time.Time, bool) {
	var best time.Time
	for _, e := range hist {
		if e.Alarm != alarm || e.NewState != model.AlarmAlarm || e.Time.After(ran) || ran.Sub(e.Time) > breachLookback {
			continue
		}
		if e.Time.After(best) {
			best = e.Time
		}
	}
	return best, !best.IsZero()
}

// actionFor is hoist's action on the group that most likely made a user
// request's change: the latest capacity action sent shortly before it.
func actionFor(j []model.JournalAction, group string, at time.Time) (model.JournalAction, bool) {
	var best model.JournalAction
	found := false
	for _, a := range j {
		e := a.Intent
		if e.Group() != group || e.Time.After(at.Add(time.Second)) || at.Sub(e.Time) > actionLookback {
			continue
		}
		if a.Outcome != nil && a.Outcome.Result == model.ResultFailed {
			continue
		}
		switch e.Kind {
		case model.KindSetDesired, model.KindSetLimits, model.KindExecutePolicy:
		default:
			continue
		}
		if !found || e.Time.After(best.Intent.Time) {
			best, found = a, true
		}
	}
	return best, found
}

// Caller shortens a caller ARN to the name an operator knows:
// "arn:aws:sts::1:assumed-role/oncall/alice" → "alice".
func Caller(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// reached is the first observation at or after from with at least want.
func reached(pts []model.Point, from time.Time, want float64) time.Time {
	for _, p := range pts {
		if !p.T.Before(from) && p.V >= want-0.01 {
			return p.T
		}
	}
	return time.Time{}
}

// ResponseSummary is a group's scale-outs over a window.
type ResponseSummary struct {
	Group      string        `json:"group"`
	Count      int           `json:"count"`
	Complete   int           `json:"complete"`
	Median     time.Duration `json:"median_ns"`
	Worst      time.Duration `json:"worst_ns"`
	OverLimit  int           `json:"over_2m"`
	Incomplete int           `json:"incomplete"`
	// Slow are the responses over SlowResponse (or incomplete after it),
	// oldest first.
	Slow []Response `json:"slow,omitempty"`
}

// Summarise sums up the responses that began in the window.
func Summarise(group string, rs []Response, w Window) ResponseSummary {
	s := ResponseSummary{Group: group}
	var totals []time.Duration
	for _, r := range rs {
		if !w.Contains(r.At) {
			continue
		}
		s.Count++
		d, ok := r.Total()
		if ok {
			s.Complete++
			totals = append(totals, d)
			s.Worst = max(s.Worst, d)
		} else {
			s.Incomplete++
		}
		if r.Slow(w.To) {
			s.OverLimit++
			s.Slow = append(s.Slow, r)
		}
	}
	s.Median = median(totals)
	return s
}
