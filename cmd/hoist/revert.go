package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/spec"
)

func (a *app) revertCommand() *cobra.Command {
	var yes bool
	var reason string
	cmd := &cobra.Command{
		Use:   "revert ID [--yes]",
		Short: "Put back what an earlier apply (or one action) changed, as a plan to confirm",
		Long: `Put back the values an earlier apply changed: ID is the apply's id (hoist
apply prints it; hoist journal --json has it as "apply") or one action's id.
hoist reads each action's field changes from the journal, re-reads what
each changed, and plans to set back every field still as the apply left
it, newest change first. A field that changed since is not put back and
is named; an alarm the apply created is deleted only if it is as the
apply left it; an alarm it deleted is created again from the journal.
The plan is shown and confirmed as hoist apply's, and sent the same way.
Same as hoist apply --revert ID.`,
		Args: exactArgs(1, "name what to revert: hoist revert ID, the apply id hoist apply printed (or an action's, from hoist journal --json)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if reason == "" {
				reason = "hoist revert " + args[0]
			}
			return a.runRevert(cmd.Context(), args[0], yes, reason)
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the journal (default: the command line)")
	return cmd
}

// runRevert plans the revert of id from the journal and the state now,
// and applies it once confirmed.
func (a *app) runRevert(ctx context.Context, id string, yes bool, reason string) error {
	path, err := aws.DefaultJournalPath()
	if err != nil {
		return err
	}
	entries, _, err := aws.ReadJournal(path, time.Time{})
	if err != nil {
		return err
	}
	batch := model.Batch(model.PairJournal(entries), id)
	if len(batch) == 0 {
		return usagef("the journal (%s) has no apply or action %s: hoist apply prints an apply's id, hoist journal --json every id", path, id)
	}
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	where := whereOf(c.session)
	for _, act := range batch {
		if e := act.Intent; e.Account != where.Account || e.Region != where.Region || e.OnSimulator() != where.Simulator {
			return usagef("%s was sent to %s, not %s: revert it there; nothing was sent", id, e.Where(), where)
		}
	}
	steps, err := revertSteps(ctx, c.session, model.RevertOrder(batch))
	if err != nil {
		return err
	}
	p := spec.RevertPlan(where, id, steps)
	if p.Empty() && p.Refused() {
		a.printLines(spec.Render(p))
		return &exitError{code: exitConflict, err: fmt.Errorf("every field %s changed has changed since: nothing was sent", id)}
	}
	return a.confirmAndApply(ctx, c, p, yes, reason)
}

// revertSteps re-reads what each action changed and works out its revert.
func revertSteps(ctx context.Context, s *aws.Session, acts []model.JournalAction) ([]spec.RevertStep, error) {
	var steps []spec.RevertStep
	for _, act := range acts {
		st := spec.RevertStep{Intent: act.Intent}
		switch {
		case act.Status() == model.ResultFailed:
			st.Skip = "AWS refused it, so it changed nothing"
		case act.Intent.Ref == nil:
			st.Skip = "its journal entry names no state to re-read (written before reverts)"
		}
		if st.Skip == "" {
			cur, err := s.ReadCurrent(ctx, *act.Intent.Ref)
			if err != nil {
				return nil, err
			}
			st.Reverted, err = model.RevertOf(act.Intent, cur)
			var ve *model.ValidationError
			switch {
			case errors.As(err, &ve):
				st.Skip = ve.Msg
			case err != nil:
				return nil, fmt.Errorf("%s: %w", act.Intent.Target, err)
			}
		}
		steps = append(steps, st)
	}
	return steps, nil
}
