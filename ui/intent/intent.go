// Package intent holds the requests that screens, dialogs and forms hand
// to the root model instead of changing it: propose an action, send one,
// open or close a screen, say something on the status line. A component
// returns one of these (or a Batch of them) from its Update; the root
// model applies it at once, in the same Update, so a key's whole effect is
// visible when Update returns. Commands (tea.Cmd) stay the root's: a
// component never reaches the Backend.
//
// intent imports only model; everything in ui may import it.
package intent

import (
	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
)

// Propose validates a and, if it passes, opens the confirm dialog showing
// exactly that change. A rule break is a status line instead. Region is
// where it goes: "" for the region of the screen on top (the group's).
// Scale, when set, is how the operator asked for a SetDesired (2+, 50%+,
// =10), kept so that a conflict can re-base it. Notes explain the change
// under its fields (the alarms a policy makes, a schedule's next runs);
// TypeName, when set, is a name the operator types back to confirm (a
// deletion).
type Propose struct {
	Action   model.Action
	Region   string
	Scale    *Scale
	Notes    []string
	TypeName string
	// After, once the action succeeded, is asked of each read of the
	// group's detail until it answers ok, and its answer applied: a step
	// policy's alarm is attached once the new policy has an ARN.
	After func(d *model.GroupDetail) (tea.Msg, bool)
}

// ScaleTier scales every group of a tier (the groups listed under its
// heading, all of one region: "" for the region of the screen on top) by
// one intent, after one confirm that lists each group's change.
type ScaleTier struct {
	Region string
	Tier   string
	Groups []string
	Scale  Scale
}

// ProposePlan opens the one confirm of a whole plan: each change listed
// with its fields, the cost per hour the plan adds, where it goes. The
// answer (dialog.PlanConfirmed) applies the plan of the screen on top.
type ProposePlan struct {
	Title   string
	Changes []PlanChange
	Delta   float64
}

// PlanChange is one change of a plan as a confirm lists it: "~ group web"
// and its fields.
type PlanChange struct {
	Head   string
	Fields []model.FieldChange
}

// Send sends actions without a confirm dialog: only acknowledgements,
// which write the journal and change nothing in AWS. Regions[i] is where
// Actions[i] goes ("" or missing: the region of the screen on top).
type Send struct {
	Actions []model.Action
	Regions []string
}

// Push opens a screen by its registered name, about one group (of Region,
// "" for the region of the screen on top) when the screen is about one.
type Push struct{ Screen, Group, Region string }

// Pop closes the screen on top, back to the one below.
type Pop struct{}

// Kind is how a status message reads: information, success, warning, error.
type Kind int

// Status kinds.
const (
	Info Kind = iota
	OK
	Warn
	Err
)

// Status puts a sentence on the status line. Text is plain and may hold
// names from AWS: the root sanitises it.
type Status struct {
	Kind Kind
	Text string
}

// Choices asks the root to read what a listener may be given: the
// security policies of a kind of load balancer (LBType: application or
// network) and the account's issued certificates. The reads block, so
// the root makes them in a command; when they come back it applies
// Then's answer (a form to open), unless a dialog opened meanwhile.
type Choices struct {
	LBType string
	Then   func(policies []model.SSLPolicy, certs []model.Certificate) tea.Msg
}

// Batch is several requests, applied in order.
type Batch []tea.Msg

// Quit ends the program.
type Quit struct{}

// ProposeList validates actions that belong together (a recommendation,
// a capacity plan) and, if every one passes, opens one confirm listing
// them all, titled Title, its reason field holding Reason; its answer
// sends them in order to Region ("" for the region of the screen on
// top). A rule break is a status line instead.
type ProposeList struct {
	Title   string
	Actions []model.Action
	Region  string
	Reason  string
}

// Tell gives Msg to the open screen named Screen (a form's answer to the
// screen that opened it); nothing happens when it is no longer open.
type Tell struct {
	Screen string
	Msg    tea.Msg
}
