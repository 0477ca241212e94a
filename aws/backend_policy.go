package aws

import (
	"context"

	"github.com/solemate/hoist/model"
)

// What the policies screen asks of the backend, on the current session:
// the group's detail (for the group on screen only; forecasts and the
// metric list are kept a while, see detail.go), and the resize, which is
// several actions in a row (resize.go).

// Detail reads the policies screen of group.
func (b *Backend) Detail(ctx context.Context, group string) (model.GroupDetail, error) {
	return b.Session().Detail(ctx, group)
}

// ResizeState reads what planning a resize of group needs.
func (b *Backend) ResizeState(ctx context.Context, group string) (model.ResizeState, error) {
	return b.Session().ResizeState(ctx, group)
}

// Resize carries out a resize step by step (see Session.Resize).
func (b *Backend) Resize(ctx context.Context, group string, to []string, prefs model.RefreshPrefs, reason string, step func(model.ResizeStep)) ([]string, error) {
	return b.Session().Resize(ctx, group, to, prefs, reason, step)
}
