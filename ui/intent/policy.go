package intent

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
)

// Requests of the policies, scheduled actions and instance refresh screens
// that need the root's commands: reads that block, and a resize, which is
// several actions in a row.

// Zones asks the root for time zones by their IANA names (loading one
// reads the zone database, so it happens in a command); Then's answer is
// applied when they come back, with the zones it could load.
type Zones struct {
	Names []string
	Then  func(zones map[string]*time.Location) tea.Msg
}

// ResizeState asks the root to read what planning a resize of Group needs
// (the group, its launch template's versions, its refreshes); Then's
// answer is applied when it comes back, unless a dialog opened meanwhile.
type ResizeState struct {
	Group  string
	Region string // "" for the region of the screen on top
	Then   func(st model.ResizeState) tea.Msg
}

// ProposeResize opens the confirm of a resize: its steps as PlanResize
// made them, the cost per hour before and after. Its answer runs the
// resize (Backend.Resize), which plans again from AWS before each step.
type ProposeResize struct {
	Plan   model.ResizePlan
	Prefs  model.RefreshPrefs
	Region string // "" for the region of the screen on top
}

// LoadDetail asks the root to read the detail of Group now (a screen
// about it opened, or an action on it ended).
type LoadDetail struct{ Group, Region string }
