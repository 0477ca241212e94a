package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/spec"
	"github.com/solemate/hoist/ui"
)

func (a *app) applyCommand() *cobra.Command {
	var files []string
	var prune, yes bool
	var reason, revert string
	cmd := &cobra.Command{
		Use:   "apply -f FILE|DIR [--yes] | apply PLAN | apply --revert ID",
		Short: "Apply configuration files: show the plan, ask once, make each change",
		Long: `Make the plan of configuration files (or run a plan saved by hoist plan
--out), show it, ask once, then make each change through the same actions
as the console: re-read, conflict check, journal, sent once, refused under
--read-only. Capacity goes up first and down last, processes are suspended
first and resumed last. The first failure stops the apply, and hoist says
what was and was not applied. Applying the same files again changes
nothing. A saved plan is refused anywhere but the account, region and
endpoint kind it was made on, and when the live configuration has changed
since. A plan that needs an action hoist cannot send yet is refused whole.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if revert != "" {
				if len(files) > 0 || len(args) > 0 || prune {
					return usagef("--revert puts back an earlier apply: give no files, plan or --prune with it")
				}
				if reason == "" {
					reason = "hoist apply --revert " + revert
				}
				return a.runRevert(cmd.Context(), revert, yes, reason)
			}
			var saved *spec.Saved
			if len(args) == 1 {
				if len(files) > 0 {
					return usagef("give a saved plan or -f files, not both")
				}
				s, err := loadSaved(args[0])
				if err != nil {
					return err
				}
				saved = s
			}
			if reason == "" {
				reason = "hoist apply " + strings.Join(append(files, args...), " ")
			}
			return a.runApply(cmd.Context(), files, saved, prune, yes, reason)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&files, "file", "f", nil, "a configuration file or a directory of them (repeatable)")
	f.BoolVar(&prune, "prune", false, "delete the alarms and dashboards hoist made that no file declares")
	f.BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	f.StringVar(&reason, "reason", "", "why, for the journal (default: the command line)")
	f.StringVar(&revert, "revert", "", "put back what the apply (or action) with this journal id changed (as hoist revert ID)")
	return cmd
}

func loadSaved(path string) (*spec.Saved, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("cannot read the plan %s: %v", path, errors.Unwrap(err))
	}
	var s spec.Saved
	if err := json.Unmarshal(b, &s); err != nil || s.Plan == nil {
		return nil, usagef("%s is not a plan written by hoist plan --out", path)
	}
	return &s, nil
}

func (a *app) runApply(ctx context.Context, paths []string, saved *spec.Saved, prune, yes bool, reason string) error {
	var files []spec.SavedFile
	var err error
	if saved != nil {
		files, prune = saved.Files, saved.Prune
	} else if files, err = readConfigFiles(paths); err != nil {
		return err
	}
	docs, err := parseConfigFiles(files)
	if err != nil {
		return usagef("%v", err)
	}
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if saved != nil {
		if err := saved.Plan.Check(whereOf(c.session)); err != nil {
			return usagef("%v: nothing was sent", err)
		}
	}
	p, err := makePlan(ctx, c.session, docs, prune)
	if err != nil {
		var se *spec.Error
		if errors.As(err, &se) {
			return usagef("%v", err)
		}
		return err
	}
	if saved != nil && !spec.SameChanges(saved.Plan, p) {
		a.printLines(spec.Render(p))
		return &exitError{code: exitConflict, err: errors.New("the live configuration has changed since the plan was made (above is what the plan does now): nothing was sent; make the plan again")}
	}
	return a.confirmAndApply(ctx, c, p, yes, reason)
}

// confirmAndApply shows a plan, refuses it when hoist cannot carry it
// out whole, asks once (what was typed ahead is discarded; off a terminal
// only --yes confirms), and applies it.
func (a *app) confirmAndApply(ctx context.Context, c *conn, p *spec.Plan, yes bool, reason string) error {
	a.printLines(spec.Render(p))
	if p.Empty() {
		return nil
	}
	if err := checkApplicable(p, c.readOnly); err != nil {
		return err
	}
	if !yes {
		if !isTerminal(a.stdin) {
			return usagef("not on a terminal, so hoist cannot ask: pass --yes to confirm")
		}
		ok, err := confirm(a.stdin, a.stdout, "\n"+ui.Printable(fmt.Sprintf("These changes go to %s.", p.Where)))
		if err != nil {
			return err
		}
		if !ok {
			return errCancelled
		}
	}
	return a.applyPlan(ctx, c, p, reason)
}

// checkApplicable refuses, before asking, a plan hoist cannot carry out
// whole: one that needs an action hoist cannot send yet, or any change
// under --read-only.
func checkApplicable(p *spec.Plan, readOnly bool) error {
	if pend := p.Pending(); len(pend) > 0 {
		return usagef("hoist cannot yet send %s, so nothing was applied: apply the other changes from files without these", strings.Join(pend, "; "))
	}
	for _, ch := range p.Changes {
		for _, act := range ch.Actions {
			if err := model.Validate(act, readOnly); err != nil && !errors.Is(err, model.ErrNoChange) {
				return fmt.Errorf("%s: %w", ch.Resource(), err)
			}
		}
	}
	return nil
}

// applyPlan sends each change's actions in the plan's order and stops at
// the first failure, saying what was applied and what was not. The
// journal ties the actions together under one apply id, which a revert
// names.
func (a *app) applyPlan(ctx context.Context, c *conn, p *spec.Plan, reason string) error {
	id := aws.NewApplyID(time.Now())
	ctx = model.WithApply(ctx, id)
	var done []string
	for i, ch := range p.Changes {
		for j, act := range ch.Actions {
			err := c.session.Act(ctx, act, reason, nil)
			if err == nil || errors.Is(err, model.ErrNoChange) {
				continue
			}
			word := "failed:"
			if errors.Is(err, aws.ErrOutcomeUnknown) {
				word = "unknown:"
			}
			fmt.Fprintf(a.stdout, "%s %s %s: %s\n", word, ch.Op, ui.Printable(ch.Resource()), ui.Printable(oneLine(err)))
			if j > 0 {
				fmt.Fprintf(a.stdout, "        of its %d calls, the first %d were sent and applied (the journal has each)\n", len(ch.Actions), j)
			}
			a.applySummary(done, p.Changes[i+1:], id)
			return fmt.Errorf("apply stopped at %s: %w", ch.Resource(), err)
		}
		line := fmt.Sprintf("%s %s", ch.Op, ch.Resource())
		done = append(done, line)
		fmt.Fprintf(a.stdout, "done:   %s\n", ui.Printable(line))
	}
	fmt.Fprintf(a.stdout, "Applied %s (journal: apply %s; hoist revert %s puts them back).\n", changes(len(done)), id, id)
	return nil
}

func (a *app) applySummary(done []string, left []spec.Change, id string) {
	fmt.Fprintf(a.stdout, "Applied %s before it (listed above as done; journal: apply %s); not applied:\n", changes(len(done)), id)
	for _, ch := range left {
		fmt.Fprintf(a.stdout, "  %s %s\n", ch.Op, ui.Printable(ch.Resource()))
	}
	if len(left) == 0 {
		fmt.Fprintln(a.stdout, "  nothing else")
	}
}

func changes(n int) string {
	if n == 1 {
		return "1 change"
	}
	return fmt.Sprintf("%d changes", n)
}
