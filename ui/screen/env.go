package screen

import (
	"strings"
	"time"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
)

// Env is what a screen reads: built by the root model for each Update and
// View, never kept. Screens read it; only the root changes what it points
// to.
type Env struct {
	*look.Look
	Keys *keymap.Keymap
	*Data
	Now time.Time
	Loc *time.Location
	// ReadOnly: mutating bindings are disabled, for ReadOnlyWhy.
	ReadOnly    bool
	ReadOnlyWhy string
	// Pending is the change the open confirm would send, if one is open.
	Pending *Pending
}

// Pending is the action of the open confirm and what it costs per hour.
type Pending struct {
	Action model.Action
	Delta  float64
}

// Data is what the root model knows and every screen may draw: the
// snapshots and what the console derived from them, the journal and this
// session's actions. The root owns it and changes it only in Update.
//
// A console watches one region or several. Snap, Region, Inflight and
// Details are of one region, the one the screen is about (the selected
// group's); the root builds an Env per region with In. Regions, Alerts,
// Visible, Costs and the journal are of every region watched.
type Data struct {
	Snap   *model.Snapshot // Region's; nil before its first snapshot
	Region string
	// Regions are every region watched that has data, in the order
	// watched: one for a single-region console.
	Regions []Region
	// Alerts are the snapshots' alerts as the trackers see them, each
	// with its Region.
	Alerts []model.Alert
	// Visible are what the alerts pane lists: unknown outcomes from the
	// journal and the alerts, unacknowledged first.
	Visible   []model.Alert
	Acks      map[string]bool      // AlertKey -> acknowledged
	FirstSeen map[string]time.Time // AlertKey -> when the console first saw it
	Journal   []model.JournalAction
	Local     []Event           // this session's action results
	Inflight  map[string]string // in Region: group (or target) -> summary of the action in flight
	Costs     model.Costs       // of every region watched
	CostHist  []CostPoint
	// Thresholds are the console's alert rules (CPU percent colours rows).
	Thresholds model.AlertThresholds
	// Stale is the data age beyond which data reads as stale.
	Stale time.Duration
	// Details are the details of Region's groups read for the screens
	// about them.
	Details map[string]*DetailState
	// Zones are the time zones loaded (loading one is IO) by IANA name,
	// nil for a name Go does not know.
	Zones map[string]*time.Location
}

// Region is one watched region's data.
type Region struct {
	Name     string
	Snap     *model.Snapshot
	Inflight map[string]string
	Details  map[string]*DetailState
	Costs    model.Costs
}

// Multi reports whether the console watches several regions.
func (d *Data) Multi() bool { return len(d.Regions) > 1 }

// RegionNamed is the watched region called name.
func (d *Data) RegionNamed(name string) (Region, bool) {
	for _, r := range d.Regions {
		if r.Name == name {
			return r, true
		}
	}
	return Region{}, false
}

// In is the Env of region: its snapshot and actions in flight, the rest
// shared.
func (e *Env) In(region string) *Env {
	if region == e.Region {
		return e
	}
	c, d := *e, *e.Data
	r, _ := d.RegionNamed(region)
	d.Snap, d.Region, d.Inflight, d.Details = r.Snap, region, r.Inflight, r.Details
	if d.Inflight == nil {
		d.Inflight = map[string]string{}
	}
	c.Data = &d
	return &c
}

// InRegion is " in us-west-2" for a title when the console watches several
// regions, "" when it watches one.
func InRegion(env *Env, region string) string {
	if !env.Multi() || region == "" {
		return ""
	}
	return " in " + text.Printable(region)
}

// AlertKey is the key of an alert in Acks and FirstSeen: its region's and
// its own, so an acknowledgement in one region never covers another's.
func AlertKey(a model.Alert) string { return a.Region + "|" + a.Key() }

// Acked reports whether a has been acknowledged.
func (d *Data) Acked(a model.Alert) bool { return d.Acks[AlertKey(a)] }

// Event is one line of the timeline.
type Event struct {
	T      time.Time
	Region string // where it happened ("" for the only region)
	Group  string
	Kind   string // scaling, alarm, alert, hoist
	Sev    string
	Text   string // untrusted parts not yet sanitised
}

// CostPoint is the fleet's cost per hour at one snapshot, kept for "the
// change since an hour ago".
type CostPoint struct {
	T     time.Time
	Total float64
}

// Group is the named group as the current snapshot has it.
func (d *Data) Group(name string) (*model.Group, bool) {
	if d.Snap == nil || name == "" {
		return nil, false
	}
	return d.Snap.Group(name)
}

// UnackedCount counts the alerts that want a person: neither acknowledged
// nor informational (a scaling alarm doing its job).
func (d *Data) UnackedCount() int {
	n := 0
	for _, a := range d.Visible {
		if !d.Acked(a) && a.Severity != model.SeverityInfo {
			n++
		}
	}
	return n
}

// HourAgo is the cost an hour ago, if the console has watched that long.
func (d *Data) HourAgo(now time.Time) (float64, bool) {
	if len(d.CostHist) == 0 {
		return 0, false
	}
	first := d.CostHist[0]
	if now.Sub(first.T) < 55*time.Minute {
		return 0, false
	}
	return first.Total, true
}

// ServerNow is now on the server's clock (the simulator's may run fast).
func (e *Env) ServerNow() time.Time { return e.ServerTime(e.Now) }

// ServerTime puts a time of this machine's clock (hoist's own actions and
// journal) on the server's clock. Every time on screen is on the server's
// clock: AWS's timestamps are, and so are the messages that quote them
// ("At 2026-11-27T10:15:00Z a monitor alarm ..."), and a simulator run
// with --speed keeps moving away from this machine's clock.
func (d *Data) ServerTime(local time.Time) time.Time {
	if d.Snap == nil {
		return local
	}
	return local.Add(d.Snap.Skew)
}

// Clock renders a time in the console's location: the time of day when
// it is today, and with its day when it is not, so that "launched 07:43"
// or an unknown outcome "at 17:29" from last week is never read as this
// morning.
func (e *Env) Clock(t time.Time) string { return e.stamp(t, "15:04:05") }

// ClockShort is Clock to the minute.
func (e *Env) ClockShort(t time.Time) string { return e.stamp(t, "15:04") }

func (e *Env) stamp(t time.Time, today string) string {
	if t.IsZero() {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '-'
			}
			return r
		}, today)
	}
	lt, now := t.In(e.Loc), e.ServerNow().In(e.Loc)
	y, mo, d := lt.Date()
	ny, nmo, nd := now.Date()
	switch age := now.Sub(lt); {
	case y == ny && mo == nmo && d == nd:
		return lt.Format(today)
	case age > 0 && age < 6*24*time.Hour:
		return lt.Format("Mon 15:04")
	default:
		return lt.Format("Jan 2 15:04")
	}
}

// SevInk is the ink and the word (readable without colour) of a severity.
func (e *Env) SevInk(sev string) (look.Ink, string) {
	switch sev {
	case model.SeverityCritical:
		return e.St.Crit, "CRIT"
	case model.SeverityInfo:
		return e.St.AlertAcked, "INFO"
	}
	return e.St.Warn, "WARN"
}

// StaleMark is " stale 1m43s, throttled" when the classes a pane draws
// are failing, "" otherwise: each pane says the age of what it draws once
// it stops being refreshed. Age alone marks nothing: classes are read on
// cadences from seconds (groups) to an hour (prices), which the poller
// knows and the console does not.
func (e *Env) StaleMark(classes ...model.Class) string {
	if e.Snap == nil {
		return ""
	}
	f := Freshness(e.Snap, e.Now, classes...)
	if f.Reason == "" {
		return ""
	}
	return " stale " + model.ShortDuration(f.Age) + ", " + f.Short()
}
