package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/themes"
	"github.com/solemate/hoist/ui"
)

// The adapter's Regions (a Backend per region) is what the console drives.
var _ ui.Backend = (*aws.Regions)(nil)

// consoleGCPercent is the console's garbage collection target. Its live
// heap is small (a snapshot of the account, about 25 MB at 1,000 groups)
// and, between reads of the whole fleet, it allocates little; at Go's
// default of 100 the heap still grows to twice the live data while a read
// is decoded, which on a bastion shared by the on-call team is memory for
// nothing. 50 costs a little GC work in those reads and keeps peak RSS
// about a sixth lower (BENCHMARKS.md: peak RSS).
const consoleGCPercent = 50

// tightenGC sets consoleGCPercent unless GOGC says otherwise.
func tightenGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(consoleGCPercent)
	}
}

// runConsole is the full-screen console.
func (a *app) runConsole(cmd *cobra.Command, _ []string) error {
	ctx := cmd.Context()
	a.console = true
	c, err := a.connectRegions(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	_, cfgPath, _ := a.loadConfig()
	tightenGC()

	popts := aws.PollerOptions{}
	if r := c.cfg.Refresh; r > 0 {
		popts.Cadence = map[model.Class]time.Duration{model.ClassGroups: r, model.ClassActivities: r}
	}
	backend := aws.NewRegions(c.sessions, popts)
	backend.ReadOnlyFor = c.cfg.ReadOnlyFor
	c.sessions = nil // the backend's now: a switch closes what it drops
	defer backend.Close()

	themeSet := themes.Load(filepath.Dir(cfgPath))
	reportDir := "" // the report screens' Markdown goes beside the journal
	if dir, err := stateDir(); err == nil {
		reportDir = filepath.Join(dir, "reports")
	}
	m := ui.New(backend, ui.Options{
		ReadOnly: c.readOnly,
		Theme:    firstOf(a.theme, c.cfg.Theme),
		Themes:   &themeSet,
		ASCII:    a.ascii || c.cfg.ASCII,
		NoColor:  os.Getenv("NO_COLOR") != "",
		Keys:     c.cfg.Keys,
		Alerts:   c.cfg.Alerts,
		Bell:     c.cfg.Bell,
		Stale:    3 * c.cfg.Refresh,
		Logger:   c.logger,
		// y and enter count only after a confirm has been on screen this long
		ConfirmGuard: c.cfg.ConfirmGuard,
		Planner:      planFiles(backend),
		Regions:      backend.Watched(),
		Notice:       strings.Join(c.warnings, "; "),
		ReportDir:    reportDir,
	})
	p := tea.NewProgram(m, append(ui.ProgramOptions(os.Getenv("NO_COLOR")), tea.WithContext(ctx))...)

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	go func() { _ = backend.Run(runCtx) }()
	go func() {
		for {
			select {
			case s := <-backend.Snapshots():
				p.Send(ui.SnapshotMsg{Snapshot: s})
			case <-runCtx.Done():
				return
			}
		}
	}()
	_, err = p.Run()
	return err
}
