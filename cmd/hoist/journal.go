package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui"
)

func (a *app) journalCommand() *cobra.Command {
	var asJSON bool
	var since time.Duration
	cmd := &cobra.Command{
		Use:   "journal",
		Short: "Show the actions this machine's hoist has taken",
		Long: `Show the action journal: every change hoist sent, with who, when, what it
was before and after, why, and how it ended. An intent with no outcome (the
process died mid-call) shows as "outcome unknown": check AWS to learn
whether it applied.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if since < 0 {
				return usagef("--since must be a positive duration like 24h")
			}
			path, err := aws.DefaultJournalPath()
			if err != nil {
				return err
			}
			var from time.Time
			if since > 0 {
				from = time.Now().Add(-since)
			}
			entries, bad, err := aws.ReadJournal(path, from)
			if err != nil {
				return err
			}
			actions := model.PairJournal(entries)
			out := cmd.OutOrStdout()
			if asJSON {
				for _, act := range actions {
					if err := writeJSON(out, journalLine(act), ""); err != nil {
						return err
					}
				}
			} else {
				printJournal(out, actions)
			}
			if bad > 0 {
				fmt.Fprintf(a.stderr, "hoist: %d damaged journal lines in %s were skipped\n", bad, path)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per action")
	cmd.Flags().DurationVar(&since, "since", 0, "only actions newer than this (e.g. 24h); default all")
	return cmd
}

type journalJSON struct {
	model.JournalEntry
	Status      string     `json:"status"`
	Finished    *time.Time `json:"finished,omitempty"`
	NeedsVerify bool       `json:"needs_verify,omitempty"`
}

func journalLine(act model.JournalAction) journalJSON {
	j := journalJSON{JournalEntry: act.Intent, Status: act.Status(), NeedsVerify: act.NeedsVerify()}
	j.Phase = ""
	// An old entry marked simulator in a real account was production's.
	j.Simulator = act.Intent.OnSimulator()
	if o := act.Outcome; o != nil {
		t := o.Time
		j.Finished = &t
		j.Error = o.Error
		j.RequestID = o.RequestID
		j.Result = o.Result
	}
	return j
}

func printJournal(w interface{ Write([]byte) (int, error) }, actions []model.JournalAction) {
	if len(actions) == 0 {
		fmt.Fprintln(w, "The journal is empty.")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tWHERE\tCALLER\tTARGET\tCHANGE\tSTATUS\tREASON / ERROR")
	verify := 0
	for _, act := range actions {
		in := act.Intent
		status := act.Status()
		if act.NeedsVerify() {
			verify++
			status += " (verify in AWS)"
		}
		note := in.Reason
		if act.Outcome != nil && act.Outcome.Error != "" {
			note = act.Outcome.Error
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			in.Time.Local().Format("2006-01-02 15:04:05"), ui.Printable(in.Where()), ui.Printable(shortCaller(in.Caller)), ui.Printable(in.Target),
			ui.Printable(model.Change(in.Before, in.After)), status, ui.Printable(note))
	}
	tw.Flush()
	if verify > 0 {
		fmt.Fprintf(w, "\n%d action(s) may or may not have applied: check them in AWS before acting again.\n", verify)
	}
}

// shortCaller keeps the last part of an ARN: the user or role session.
func shortCaller(arn string) string {
	for i := len(arn) - 1; i >= 0; i-- {
		if arn[i] == '/' || arn[i] == ':' {
			return arn[i+1:]
		}
	}
	return arn
}
