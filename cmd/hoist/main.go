// Command hoist is a terminal operations console for EC2 Auto Scaling.
// This package only wires: flags and config, the backend, the poller, the UI.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// version is set by the linker (see Makefile).
var version = "dev"

func main() {
	root := &cobra.Command{
		Use:           "hoist",
		Short:         "A terminal operations console for EC2 Auto Scaling",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(&cobra.Command{
		Use:   "version",
		Short: "Print hoist's version",
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintln(cmd.OutOrStdout(), "hoist", version)
		},
	})
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "hoist:", err)
		os.Exit(1)
	}
}
