package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui"
)

func (a *app) scaleCommand() *cobra.Command {
	var desired, minSize, maxSize int
	var reason string
	var yes bool
	cmd := &cobra.Command{
		Use:   "scale GROUP --desired N [--min N] [--max N]",
		Short: "Set a group's desired capacity (and limits) to absolute values",
		Long: `Set a group's desired capacity, and optionally its min and max, to absolute
values. hoist reads the group, shows the change and its cost per hour, asks
for confirmation on a terminal (unless --yes), re-checks that nothing
changed meanwhile, journals the intent, sends the change once and journals
the outcome. Setting the value the group already has is a no-op.`,
		Args: exactArgs(1, "name one group"),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			if !f.Changed("desired") && !f.Changed("min") && !f.Changed("max") {
				return usagef("say what to set: --desired N (and optionally --min N, --max N)")
			}
			// Rules that need no AWS are checked before connecting, so a
			// typo is named as a typo even when AWS is unreachable.
			for _, v := range []struct {
				name string
				n    int
			}{{"desired", desired}, {"min", minSize}, {"max", maxSize}} {
				if f.Changed(v.name) {
					if err := model.CheckCapacity(v.name, v.n); err != nil {
						return err
					}
				}
			}
			return a.act(cmd.Context(), args[0], reason, yes, func(g *model.Group) model.Action {
				to := g.Capacity
				if f.Changed("desired") {
					to.Desired = desired
				}
				if f.Changed("min") {
					to.Min = minSize
				}
				if f.Changed("max") {
					to.Max = maxSize
				}
				if to.Min == g.Min && to.Max == g.Max {
					return model.SetDesired{Group: g.Name, From: g.Capacity, Desired: to.Desired}
				}
				return model.SetLimits{Group: g.Name, From: g.Capacity, To: to}
			})
		},
	}
	f := cmd.Flags()
	f.IntVar(&desired, "desired", 0, "desired capacity")
	f.IntVar(&minSize, "min", 0, "minimum size")
	f.IntVar(&maxSize, "max", 0, "maximum size")
	f.StringVar(&reason, "reason", "", "why, for the journal")
	f.BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func (a *app) processesCommand(verb string) *cobra.Command {
	var reason string
	var yes bool
	cmd := &cobra.Command{
		Use:   verb + " GROUP PROCESS...",
		Short: strings.ToUpper(verb[:1]) + verb[1:] + " Auto Scaling processes on a group",
		Long: verb + ` Auto Scaling processes on a group. The processes are: ` +
			strings.Join(model.Processes(), ", ") + `.
"freeze" stands for AlarmNotification and ScheduledActions: automatic scaling
stops, health replacement goes on.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usagef("name a group and at least one process (%s)", strings.Join(model.Processes(), ", "))
			}
			return nil
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return append(model.Processes(), "freeze"), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var procs []string
			for _, p := range args[1:] {
				switch {
				case p == "freeze":
					procs = append(procs, model.FreezeScaling()...)
				case !model.IsProcess(p):
					return usagef("unknown process %q: the processes are %s (or freeze)", p, strings.Join(model.Processes(), ", "))
				default:
					procs = append(procs, p)
				}
			}
			return a.act(cmd.Context(), args[0], reason, yes, func(g *model.Group) model.Action {
				if verb == "suspend" {
					return model.SuspendProcesses{Group: g.Name, Processes: procs, From: g.Suspended}
				}
				return model.ResumeProcesses{Group: g.Name, Processes: procs, From: g.Suspended}
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the journal")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

// act reads the group, builds the action from what it saw, validates it,
// confirms it and sends it through the adapter (which re-checks, journals
// and sends once).
func (a *app) act(ctx context.Context, group, reason string, yes bool, build func(*model.Group) model.Action) error {
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	g, err := lookupGroup(ctx, c.session, group)
	if err != nil {
		return err
	}
	act := build(g)
	return a.settle(ctx, c, act, reason, yes, func() string {
		line := ui.Printable(model.Summary(act))
		if d := model.CostDelta(act, g, c.session.Prices()); d != 0 {
			line += fmt.Sprintf("  (%+.3f $/h)", d)
		}
		return line
	})
}

// settle validates act, shows it (show words it), asks for confirmation
// on a terminal unless yes, and sends it through the adapter. An action
// that asks for what already holds is done with nothing sent.
func (a *app) settle(ctx context.Context, c *conn, act model.Action, reason string, yes bool, show func() string) error {
	return a.settleWith(ctx, c, act, reason, yes, show, confirm)
}

// asker shows the change in line and asks whether to send it.
type asker func(in io.Reader, out io.Writer, line string) (bool, error)

// settleWith is settle with the question ask puts (confirm's y/N, or
// confirmName's typed name).
func (a *app) settleWith(ctx context.Context, c *conn, act model.Action, reason string, yes bool, show func() string, ask asker) error {
	switch err := model.Validate(act, c.readOnly); {
	case errors.Is(err, model.ErrNoChange) && act.Before() == "":
		fmt.Fprintf(a.stdout, "%s: %s; nothing to do\n", ui.Printable(act.Target()), ui.Printable(alreadyWords(act)))
		return nil
	case errors.Is(err, model.ErrNoChange):
		fmt.Fprintf(a.stdout, "%s: already %s; nothing to do\n", ui.Printable(act.Target()), ui.Printable(act.Before()))
		return nil
	case err != nil:
		return withFlagHint(err, act)
	}
	line := show()
	if !yes {
		// Checked here, after the state is read and the change validated:
		// a script learns that desired is above max, or that nothing needs
		// doing, before it learns it should have passed --yes.
		if !isTerminal(a.stdin) {
			return usagef("not on a terminal, so hoist cannot ask: pass --yes to confirm")
		}
		ok, err := ask(a.stdin, a.stdout, line)
		if err != nil {
			return err
		}
		if !ok {
			return errCancelled
		}
	}
	if err := c.session.Act(ctx, act, reason, nil); err != nil {
		if errors.Is(err, model.ErrNoChange) {
			fmt.Fprintf(a.stdout, "%s: already so; nothing to do\n", ui.Printable(act.Target()))
			return nil
		}
		return err
	}
	if strings.Contains(line, "\n") {
		fmt.Fprintf(a.stdout, "%s\ndone\n", line)
		return nil
	}
	fmt.Fprintf(a.stdout, "%s  done\n", line)
	return nil
}

// withFlagHint says which flag fixes a desired value outside the limits;
// the error keeps its kind (and exit code).
func withFlagHint(err error, act model.Action) error {
	sd, ok := act.(model.SetDesired)
	switch {
	case !ok:
		return err
	case sd.Desired > sd.From.Max:
		return fmt.Errorf("%w (or pass --max %d too)", err, sd.Desired)
	case sd.Desired < sd.From.Min:
		return fmt.Errorf("%w (or pass --min %d too)", err, sd.Desired)
	}
	return err
}

// confirm shows the change and asks y/N.
func confirm(in io.Reader, out io.Writer, line string) (bool, error) {
	answer, err := ask(in, out, line, "Apply? [y/N] ")
	if err != nil {
		return false, err
	}
	switch strings.ToLower(answer) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

// confirmName asks for a name to be typed back before a deletion.
func confirmName(name string) asker {
	return func(in io.Reader, out io.Writer, line string) (bool, error) {
		answer, err := ask(in, out, line, "Type the name to delete it ("+ui.Printable(name)+"): ")
		if err != nil {
			return false, err
		}
		if answer != name {
			fmt.Fprintln(out, "the name does not match; nothing was sent")
			return false, nil
		}
		return true, nil
	}
}

// ask shows the change and asks question. On a terminal it first discards
// what was typed before the question (tcflush TCIFLUSH): a "y" or an enter
// already in the input buffer, typed ahead or pasted with the command, must
// not answer for a change the operator has not read.
func ask(in io.Reader, out io.Writer, line, question string) (string, error) {
	fmt.Fprintf(out, "%s\n", line)
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if err := flushInput(f); err != nil {
			return "", fmt.Errorf("cannot discard what was typed ahead on the terminal (%v): nothing was sent; pass --yes to confirm without asking", err)
		}
	}
	fmt.Fprint(out, question)
	answer, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && answer == "" {
		return "", errCancelled
	}
	return strings.TrimSpace(answer), nil
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// exactArgs is cobra.ExactArgs with a sentence of ours.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s (got %d arguments)", what, len(args))
		}
		return nil
	}
}
