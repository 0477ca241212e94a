// Command hoist is a terminal operations console for EC2 Auto Scaling.
//
// This package only wires: flags and the config file, the backend (AWS, or
// the embedded simulator when asked), the poller and the console. Every
// error reaches the operator as one sentence on stderr and a non-zero exit.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
)

// version is set by the linker (see Makefile).
var version = "dev"

// Exit codes: 1 for a failure, 2 for input hoist refused before acting,
// 3 when the state changed under the operator (nothing was sent).
const (
	exitFailure  = 1
	exitInvalid  = 2
	exitConflict = 3
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: tests call it directly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			code = crashed(r, debug.Stack(), stderr)
		}
	}()
	app := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := app.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var xe *exitError
	if errors.As(err, &xe) && xe.err == nil {
		return xe.code // an answer, not an error: plan --detailed-exitcode
	}
	fmt.Fprintln(stderr, "hoist: "+oneLine(err))
	return exitCode(err)
}

// exitError is an error with an exit code of its own; with no err it is an
// answer (exit 2: the plan has changes) and prints nothing.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// crashed reports a panic in one line and exits 1. A crash is a bug in
// hoist, not bad input, and Go's own exit code for a panic, 2, means
// "input refused, nothing sent" here: a script would read it wrongly.
// The stack goes to the log file, for the bug report.
func crashed(r any, stack []byte, stderr io.Writer) int {
	where := ""
	if dir, err := stateDir(); err == nil && os.MkdirAll(dir, 0o700) == nil {
		path := filepath.Join(dir, "hoist.log")
		if f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err == nil {
			_, werr := fmt.Fprintf(f, "time=%s level=ERROR msg=panic value=%q\n%s\n", time.Now().UTC().Format(time.RFC3339Nano), fmt.Sprint(r), stack)
			if f.Close() == nil && werr == nil {
				where = path
			}
		}
	}
	if where == "" {
		stderr.Write(stack)
		where = "the stack above"
	}
	fmt.Fprintf(stderr, "hoist: internal error, a bug in hoist (not your input): %s; details in %s\n", oneLine(fmt.Errorf("%v", r)), where)
	return exitFailure
}

// oneLine keeps an error to one line however deep its wrapping went: an
// operator at 3 a.m. reads the first line only.
func oneLine(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return s
}

// usageError is bad input caught before anything was sent.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// flagError words a flag parsing error for a person: pflag's own names the
// Go function that failed.
func flagError(err error) error {
	var iv *pflag.InvalidValueError
	if errors.As(err, &iv) {
		f := iv.GetFlag()
		kind := "a valid value"
		switch f.Value.Type() {
		case "int", "int32", "int64":
			kind = "a whole number"
		case "float64":
			kind = "a number"
		case "duration":
			kind = "a duration like 90s, 15m or 24h"
		case "span":
			kind = "a duration like 2h or days like 14d, from 1m to 455d"
		}
		return usagef("--%s must be %s, not %q", f.Name, kind, iv.GetValue())
	}
	return &usageError{err.Error()}
}

func exitCode(err error) int {
	var ue *usageError
	var ve *model.ValidationError
	var ce *model.ConflictError
	var xe *exitError
	switch {
	case errors.As(err, &xe):
		return xe.code
	case errors.As(err, &ce):
		return exitConflict
	case errors.As(err, &ue), errors.As(err, &ve), errors.Is(err, model.ErrReadOnly),
		errors.Is(err, aws.ErrUnknownGroup): // a typo in a name: nothing was sent
		return exitInvalid
	}
	return exitFailure
}

// app holds the global flags and the process's streams.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	profile, region, endpoint, configPath string
	readOnly                              bool

	simOn    bool
	scenario string
	speed    float64
	seed     int64

	theme string
	ascii bool

	console bool // running the console: warnings go to its status line
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "hoist",
		Short: "A terminal operations console for EC2 Auto Scaling",
		Long: `hoist shows Auto Scaling groups, their target health, metrics, alarms,
scaling activities and cost, live, and lets an on-call engineer act on them
safely: every change is absolute, confirmed, re-checked and journaled.

Run with no subcommand for the console. Use --sim to try it on the built-in
simulator; hoist never chooses the simulator on its own.`,
		Args:          a.noSubcommand,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE:          a.runConsole,
		// A config file named with --config is read before any command
		// runs, so a typo in its path or keys is refused everywhere.
		PersistentPreRunE: func(*cobra.Command, []string) error {
			if a.configPath == "" {
				return nil
			}
			_, _, err := a.loadConfig()
			return err
		},
	}
	root.SuggestionsMinimumDistance = 2
	// Flag errors ("unknown flag", "--desired ten") are usage errors: exit 2.
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return flagError(err) })

	pf := root.PersistentFlags()
	pf.StringVar(&a.profile, "profile", "", "AWS shared config profile (default: the SDK's default chain)")
	pf.StringVar(&a.region, "region", "", "AWS region, or several for the console and status (us-east-1,us-west-2); default: the profile's or $AWS_REGION")
	pf.StringVar(&a.endpoint, "endpoint-url", "", "send every AWS call to this endpoint (moto, LocalStack, hoist sim serve)")
	pf.BoolVar(&a.readOnly, "read-only", false, "refuse every change; enforced in the adapter, not only the screen")
	pf.StringVar(&a.configPath, "config", "", "config file (default $XDG_CONFIG_HOME/hoist/config.yaml)")
	pf.BoolVar(&a.simOn, "sim", false, "run on the built-in simulator instead of AWS")
	pf.StringVar(&a.scenario, "scenario", "steady", "simulator scenario: steady, flash-sale, az-outage, bad-deploy, slow-leak, region-failover")
	pf.Float64Var(&a.speed, "speed", 1, "simulator clock speed, times real time")
	pf.Int64Var(&a.seed, "seed", 1, "simulator seed: the same seed gives the same run")

	_ = root.RegisterFlagCompletionFunc("region", completeRegions)

	f := root.Flags()
	f.StringVar(&a.theme, "theme", "", "colour theme: dark, light, high-contrast or a user theme (default: follow the terminal)")
	f.BoolVar(&a.ascii, "ascii", false, "ASCII only: no box drawing or block characters")

	root.AddCommand(
		a.statusCommand(),
		a.scaleCommand(),
		a.processesCommand("suspend"),
		a.processesCommand("resume"),
		a.policyCommand(),
		a.scheduleCommand(),
		a.forecastCommand(),
		a.refreshCommand(),
		a.resizeCommand(),
		a.journalCommand(),
		a.exportCommand(),
		a.planCommand(),
		a.applyCommand(),
		a.lbCommand(),
		a.reportCommand(),
		a.recommendCommand(),
		a.dashboardCommand(),
		a.revertCommand(),
		a.simCommand(),
		&cobra.Command{
			Use:   "version",
			Short: "Print hoist's version",
			Args:  cobra.NoArgs,
			Run: func(cmd *cobra.Command, _ []string) {
				fmt.Fprintln(cmd.OutOrStdout(), "hoist", version)
			},
		},
	)
	return root
}

// noSubcommand refuses a mistyped subcommand as bad input (exit 2) and
// suggests the nearest one: at 3 a.m. "stauts" happens.
func (a *app) noSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(": did you mean %s?", strings.Join(s, " or "))
	} else {
		msg += ": see hoist --help"
	}
	return &usageError{msg}
}
