package main

import (
	"context"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/themes"
	"github.com/solemate/hoist/ui"
)

// The adapter's Backend is what the console drives.
var _ ui.Backend = (*aws.Backend)(nil)

// runConsole is the full-screen console.
func (a *app) runConsole(cmd *cobra.Command, _ []string) error {
	ctx := cmd.Context()
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	_, cfgPath, _ := a.loadConfig()

	popts := aws.PollerOptions{}
	if r := c.cfg.Refresh; r > 0 {
		popts.Cadence = map[model.Class]time.Duration{model.ClassGroups: r, model.ClassActivities: r}
	}
	backend := aws.NewBackend(c.session, popts)
	backend.ReadOnlyFor = c.cfg.ReadOnlyFor

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
