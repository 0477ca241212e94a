package screen

import (
	"time"

	"github.com/solemate/hoist/model"
)

// What the console knows of one group beyond the snapshot, read for the
// screens about it (policies, scheduled actions, instance refreshes, the
// group's own): whole policies and their alarms, scheduled actions with
// their next runs, forecasts, refreshes, the launch template and the
// metrics the group publishes (model.GroupDetail).

// DetailState is one group's detail as last read.
type DetailState struct {
	Detail  model.GroupDetail
	Read    bool      // a read has succeeded
	At      time.Time // when the last read ended (the console's clock)
	Err     string    // the last read's error; "" after a success
	Loading bool      // a read is in flight
	Again   bool      // read again when the one in flight ends: it began before a change
}

// DetailUser is a screen that draws one group's detail: while it is on
// top, the root keeps that detail read.
type DetailUser interface {
	DetailGroup() string
}

// Detail is the detail of group, once read.
func (d *Data) Detail(group string) (*model.GroupDetail, bool) {
	st, ok := d.Details[group]
	if !ok || !st.Read {
		return nil, false
	}
	return &st.Detail, true
}

// DetailNote says how the detail of group stands when it is not read or
// its last read failed: "reading ...", "not read: ..."; "" when fresh.
func (d *Data) DetailNote(group string) string {
	st, ok := d.Details[group]
	switch {
	case !ok || !st.Read && st.Err == "":
		return "reading the group's policies, scheduled actions and refreshes ..."
	case st.Err != "" && !st.Read:
		return "not read: " + st.Err
	case st.Err != "":
		return "the last read failed (" + st.Err + "); showing the one before"
	}
	return ""
}

// PoliciesOf are the group's policies: the detail's, read on demand and
// fresher than the snapshot's (read every few minutes), else the
// snapshot's.
func (d *Data) PoliciesOf(group string) []model.Policy {
	if det, ok := d.Detail(group); ok {
		return det.Policies
	}
	if g, ok := d.Group(group); ok {
		return g.Policies
	}
	return nil
}
