package aws

import (
	"context"
	"errors"
	"fmt"

	"github.com/solemate/hoist/model"
)

// ResizeState reads what planning a resize of group needs: the group, its
// launch template's versions (none for a mixed instances policy's
// overrides) and its instance refreshes.
func (s *Session) ResizeState(ctx context.Context, group string) (model.ResizeState, error) {
	g, err := s.oneGroup(ctx, group)
	if err != nil {
		return model.ResizeState{}, err
	}
	st := model.ResizeState{Group: g, Prices: s.prices}
	if ref := g.Launch.Ref(); ref != "" && len(g.Launch.Overrides) == 0 {
		if st.Template, err = s.describeTemplate(ctx, ref); err != nil {
			return st, err
		}
	}
	st.Refreshes, err = s.describeRefreshes(ctx, group)
	return st, err
}

// resizeRounds bounds the re-planning: a resize has three steps.
const resizeRounds = 6

// Resize carries out a resize's steps one at a time, each through Act (its
// own re-read, conflict check and journal entries), planning again from
// AWS after each, until none is left; step, when not nil, is told of each
// before it is sent. A step that fails stops it with a *model.ResizeError
// saying what was applied and what was not; running it again does the
// rest. It returns the steps applied.
func (s *Session) Resize(ctx context.Context, group string, to []string, prefs model.RefreshPrefs, reason string, step func(model.ResizeStep)) ([]string, error) {
	var applied []string
	for range resizeRounds {
		st, err := s.ResizeState(ctx, group)
		if err != nil {
			return applied, stopped(group, applied, nil, err)
		}
		plan, err := model.PlanResize(st, to, prefs)
		if err != nil {
			return applied, stopped(group, applied, nil, err)
		}
		next, ok := plan.Next()
		switch {
		case plan.Done():
			return applied, nil
		case !ok:
			return applied, stopped(group, applied, plan.Pending(), fmt.Errorf("hoist found no way to %s", next.Desc))
		}
		if step != nil {
			step(next)
		}
		err = s.Act(ctx, next.Action, reason, nil)
		if err != nil && !errors.Is(err, model.ErrNoChange) {
			return applied, stopped(group, applied, plan.Pending(), err)
		}
		if err == nil {
			applied = append(applied, next.Desc)
		}
	}
	return applied, stopped(group, applied, nil, errors.New("the resize did not settle; check the group and its launch template"))
}

// stopped is a resize that ended before it was done. Nothing applied and
// nothing planned (an error before any step) is the cause itself.
func stopped(group string, applied, pending []string, err error) error {
	if len(applied) == 0 && len(pending) == 0 {
		return err
	}
	return &model.ResizeError{Group: group, Applied: applied, Pending: pending, Err: err}
}
