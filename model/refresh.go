package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// What a group launches from (a launch template version, or a mixed
// instances policy's template and overrides), the template's versions,
// and instance refreshes (docs/aws-facts.md: Launch templates; a
// rollback's rules are under Scaling policies).

// LaunchSpec is what a group launches from.
type LaunchSpec struct {
	TemplateID   string `json:"template_id,omitempty"`
	TemplateName string `json:"template_name,omitempty"`
	// Version is as the group names it: "7", "$Latest" or "$Default"
	// ("" is $Default).
	Version string `json:"version,omitempty"`
	// Mixed: the template is a mixed instances policy's; Overrides are its
	// instance types (nil when it has none).
	Mixed     bool     `json:"mixed,omitempty"`
	Overrides []string `json:"overrides,omitempty"`
	// Complex says what of the overrides hoist cannot carry over when it
	// replaces them (weights, attribute-based types, templates of their
	// own); "" when none.
	Complex string `json:"complex,omitempty"`
}

// Ref names the template for the adapter: its id, or "name:" and its name.
func (l LaunchSpec) Ref() string {
	if l.TemplateID != "" {
		return l.TemplateID
	}
	if l.TemplateName != "" {
		return "name:" + l.TemplateName
	}
	return ""
}

// Pinned reports whether the group names a version number ($Latest and
// $Default move), as a rollback needs.
func (l LaunchSpec) Pinned() bool {
	_, err := strconv.ParseInt(l.Version, 10, 64)
	return err == nil
}

// Template names the template for a person: its name, else its id.
func (l LaunchSpec) Template() string { return firstNonEmpty(l.TemplateName, l.TemplateID) }

func (l LaunchSpec) String() string {
	if l.Ref() == "" {
		return "no launch template"
	}
	v := l.Version
	if v == "" {
		v = "$Default"
	}
	if _, err := strconv.Atoi(v); err == nil {
		v = "v" + v
	}
	s := l.Template() + " " + v
	if len(l.Overrides) > 0 {
		s += " with " + strings.Join(l.Overrides, ", ")
	}
	return s
}

// LaunchTemplate is an EC2 launch template with the versions read.
type LaunchTemplate struct {
	ID, Name        string
	Default, Latest int64
	// Versions are newest first.
	Versions []LaunchTemplateVersion
}

// LaunchTemplateVersion is one version of a launch template.
type LaunchTemplateVersion struct {
	Number       int64     `json:"number"`
	InstanceType string    `json:"instance_type,omitempty"`
	Image        string    `json:"image,omitempty"`
	Description  string    `json:"description,omitempty"`
	Created      time.Time `json:"created"`
	CreatedBy    string    `json:"created_by,omitempty"`
	Default      bool      `json:"default,omitempty"`
}

// Resolve turns a version as a group names it into its number.
func (t *LaunchTemplate) Resolve(v string) (int64, bool) {
	switch v {
	case "", "$Default":
		return t.Default, t.Default > 0
	case "$Latest":
		return t.Latest, t.Latest > 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n > 0
}

// Version returns version n, when it was read.
func (t *LaunchTemplate) Version(n int64) (LaunchTemplateVersion, bool) {
	i := slices.IndexFunc(t.Versions, func(v LaunchTemplateVersion) bool { return v.Number == n })
	if i < 0 {
		return LaunchTemplateVersion{}, false
	}
	return t.Versions[i], true
}

// Instance refresh statuses (types.InstanceRefreshStatus).
const (
	RefreshPending            = "Pending"
	RefreshInProgress         = "InProgress"
	RefreshSuccessful         = "Successful"
	RefreshFailed             = "Failed"
	RefreshCancelling         = "Cancelling"
	RefreshCancelled          = "Cancelled"
	RefreshRollbackInProgress = "RollbackInProgress"
	RefreshRollbackFailed     = "RollbackFailed"
	RefreshRollbackSuccessful = "RollbackSuccessful"
	RefreshBaking             = "Baking"
)

// InstanceRefresh is one instance refresh of a group.
type InstanceRefresh struct {
	ID           string           `json:"id"`
	Group        string           `json:"group"`
	Status       string           `json:"status"`
	StatusReason string           `json:"status_reason,omitempty"`
	Percent      int              `json:"percent_complete"`
	ToUpdate     int              `json:"instances_to_update"`
	Start        time.Time        `json:"start"`
	End          time.Time        `json:"end,omitzero"`
	Prefs        RefreshPrefs     `json:"preferences"`
	Desired      *LaunchSpec      `json:"desired_configuration,omitempty"`
	Rollback     *RefreshRollback `json:"rollback,omitempty"`
}

// RefreshRollback is the rollback of a refresh, once one started.
type RefreshRollback struct {
	Reason   string    `json:"reason,omitempty"`
	Start    time.Time `json:"start"`
	Percent  int       `json:"percent_complete"`
	ToUpdate int       `json:"instances_to_update"`
}

// Active reports whether the refresh still runs: a cancel or a rollback
// would stop it.
func (r InstanceRefresh) Active() bool {
	switch r.Status {
	case RefreshPending, RefreshInProgress, RefreshCancelling, RefreshRollbackInProgress, RefreshBaking:
		return true
	}
	return false
}

// Checkpoint reports whether the refresh waits at a checkpoint: its
// percentage reached one of its checkpoints short of 100.
func (r InstanceRefresh) Checkpoint() (int, bool) {
	for _, c := range r.Prefs.Checkpoints {
		if c == r.Percent && c < 100 && r.Status == RefreshInProgress {
			return c, true
		}
	}
	return 0, false
}

// Summary is the refresh in one line: "InProgress 40% (6 to update)".
func (r InstanceRefresh) Summary() string {
	s := fmt.Sprintf("%s %d%% (%d to update)", r.Status, r.Percent, r.ToUpdate)
	if r.Rollback != nil {
		s += fmt.Sprintf(", rollback %d%% (%d to update)", r.Rollback.Percent, r.Rollback.ToUpdate)
	}
	if c, ok := r.Checkpoint(); ok {
		s += fmt.Sprintf(", at checkpoint %d%%", c)
	}
	return s
}

// ActiveRefresh is the group's refresh that still runs, newest first.
func ActiveRefresh(rs []InstanceRefresh) (InstanceRefresh, bool) {
	for _, r := range rs {
		if r.Active() {
			return r, true
		}
	}
	return InstanceRefresh{}, false
}

// RefreshPrefs are an instance refresh's preferences; nil is AWS's
// default (90% healthy; the group's warm-up).
type RefreshPrefs struct {
	MinHealthy      *int  `json:"min_healthy_percentage,omitempty"`
	MaxHealthy      *int  `json:"max_healthy_percentage,omitempty"`
	WarmupSeconds   *int  `json:"instance_warmup_seconds,omitempty"`
	Checkpoints     []int `json:"checkpoint_percentages,omitempty"`
	CheckpointDelay *int  `json:"checkpoint_delay_seconds,omitempty"`
	SkipMatching    bool  `json:"skip_matching,omitempty"`
	AutoRollback    bool  `json:"auto_rollback,omitempty"`
}

// Validate refuses preferences StartInstanceRefresh refuses.
func (p RefreshPrefs) Validate() error {
	if v := p.MinHealthy; v != nil && (*v < 0 || *v > 100) {
		return fieldErr("min_healthy_percentage", "the minimum healthy percentage %d must be 0 to 100", *v)
	}
	if v := p.MaxHealthy; v != nil {
		switch {
		case *v < 100 || *v > 200:
			return fieldErr("max_healthy_percentage", "the maximum healthy percentage %d must be 100 to 200", *v)
		case p.MinHealthy == nil:
			return fieldErr("max_healthy_percentage", "a maximum healthy percentage needs a minimum one too")
		case *v-*p.MinHealthy > 100:
			return fieldErr("max_healthy_percentage", "the maximum healthy percentage %d is more than 100 above the minimum %d", *v, *p.MinHealthy)
		}
	}
	if err := secondsIn("instance_warmup_seconds", p.WarmupSeconds, 0, maxSeconds); err != nil {
		return err
	}
	for i, c := range p.Checkpoints {
		if c < 1 || c > 100 || i > 0 && c <= p.Checkpoints[i-1] {
			return fieldErr("checkpoint_percentages", "checkpoints must be percentages from 1 to 100, each higher than the one before (%v)", p.Checkpoints)
		}
	}
	if p.CheckpointDelay != nil && len(p.Checkpoints) == 0 {
		return fieldErr("checkpoint_delay_seconds", "a checkpoint delay needs checkpoints")
	}
	return secondsIn("checkpoint_delay_seconds", p.CheckpointDelay, 0, maxSeconds)
}

// String renders the preferences for a confirm line.
func (p RefreshPrefs) String() string {
	parts := []string{"min healthy " + intOr(p.MinHealthy, "90") + "%"}
	if p.MaxHealthy != nil {
		parts = append(parts, fmt.Sprintf("max healthy %d%%", *p.MaxHealthy))
	}
	parts = append(parts, "warm-up "+secondsOr(p.WarmupSeconds, "the group's"))
	if len(p.Checkpoints) > 0 {
		cs := make([]string, len(p.Checkpoints))
		for i, c := range p.Checkpoints {
			cs[i] = itoa(c) + "%"
		}
		parts = append(parts, "checkpoints "+strings.Join(cs, " ")+" (pause "+secondsOr(p.CheckpointDelay, "1h0m0s")+")")
	}
	if p.SkipMatching {
		parts = append(parts, "skip matching")
	}
	if p.AutoRollback {
		parts = append(parts, "auto rollback")
	}
	return strings.Join(parts, ", ")
}
