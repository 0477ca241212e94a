package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // time zones are checked on a bastion without a zone database too

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/spec"
	"github.com/solemate/hoist/ui"
)

// The configuration-as-files commands: export, plan and apply. The format,
// the plan and the export are pure (model/spec); this file reads and
// writes the files, reads AWS through the adapter and prints.

// readConfigFiles reads what -f names: files, or directories walked for
// .yml and .yaml files, each in name order.
func readConfigFiles(paths []string) ([]spec.SavedFile, error) {
	if len(paths) == 0 {
		return nil, usagef("name the configuration with -f FILE or -f DIR")
	}
	var out []spec.SavedFile
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, usagef("cannot read %s: %v", p, errors.Unwrap(err))
		}
		if !info.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, usagef("cannot read %s: %v", p, err)
			}
			out = append(out, spec.SavedFile{Name: p, Content: string(b)})
			continue
		}
		n := len(out)
		err = filepath.WalkDir(p, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !(strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")) {
				return err
			}
			b, err := os.ReadFile(path)
			out = append(out, spec.SavedFile{Name: path, Content: string(b)})
			return err
		})
		if err != nil {
			return nil, usagef("cannot read %s: %v", p, err)
		}
		if len(out) == n {
			return nil, usagef("%s has no .yml or .yaml files", p)
		}
	}
	return out, nil
}

func parseConfigFiles(files []spec.SavedFile) ([]*spec.Doc, error) {
	docs := make([]*spec.Doc, 0, len(files))
	for _, f := range files {
		d, err := spec.Parse(f.Name, []byte(f.Content))
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// planZone is a time zone for a plan's scheduled actions, nil when hoist
// does not know it.
func planZone(name string) *time.Location {
	loc, err := aws.Zone(name)
	if err != nil {
		return nil
	}
	return loc
}

// validZone reports whether AWS would know a time zone: an IANA name in
// the zone database (the system's, or the one built into hoist).
func validZone(z string) bool {
	if z == "" || z == "Local" {
		return false
	}
	_, err := time.LoadLocation(z)
	return err == nil
}

func whereOf(s *aws.Session) model.Where {
	return model.Where{Account: s.Identity().Account, Region: s.Region(), Simulator: s.Simulator()}
}

// makePlan reads the live configuration and plans the files against it.
func makePlan(ctx context.Context, s *aws.Session, docs []*spec.Doc, prune bool) (*spec.Plan, error) {
	var tgs []string
	for _, d := range docs {
		for _, b := range d.File.TargetGroups {
			tgs = append(tgs, b.Name)
		}
	}
	live, err := s.ReadConfig(ctx, tgs)
	if err != nil {
		return nil, err
	}
	desired, err := spec.Resolve(docs, &live, spec.Options{ValidZone: validZone})
	if err != nil {
		return nil, err
	}
	return spec.Compute(desired, &live, spec.PlanOptions{Prune: prune, Now: s.Now(), Zone: planZone}), nil
}

// planFiles plans the files at path (a file or a directory) on the
// console's session in region: :apply's planner. A file refused is one
// sentence naming the file and line; a region no longer watched is one
// too.
func planFiles(b *aws.Regions) func(ctx context.Context, region, path string) (*spec.Plan, error) {
	return func(ctx context.Context, region, path string) (*spec.Plan, error) {
		s, err := b.Session(region)
		if err != nil {
			return nil, err
		}
		files, err := readConfigFiles([]string{path})
		if err != nil {
			return nil, err
		}
		docs, err := parseConfigFiles(files)
		if err != nil {
			return nil, err
		}
		return makePlan(ctx, s, docs, false)
	}
}

// printLines writes lines holding names from AWS, made safe for a
// terminal.
func (a *app) printLines(lines []string) {
	for _, l := range lines {
		fmt.Fprintln(a.stdout, ui.Printable(l))
	}
}

func (a *app) planCommand() *cobra.Command {
	var files []string
	var detailed, prune bool
	var out string
	cmd := &cobra.Command{
		Use:   "plan -f FILE|DIR [--detailed-exitcode]",
		Short: "Show what applying configuration files would change",
		Long: `Compare configuration files with the live configuration and print the
difference per resource and field, in the order hoist apply would make it,
with the cost per hour before and after where capacity changes. Nothing is
changed. As Terraform's: exit 1 on error; with --detailed-exitcode, exit 0
when nothing would change and 2 when something would. See docs/examples
and docs/schema/hoist.schema.json for the format.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			err := a.runPlan(cmd.Context(), files, prune, out)
			var xe *exitError
			switch {
			case err == nil:
				return nil
			case errors.As(err, &xe) && xe.err == nil:
				if detailed {
					return err
				}
				return nil
			}
			return &exitError{code: exitFailure, err: err}
		},
	}
	// A flag error is an error too: exit 1, never the 2 that means
	// "changes" under --detailed-exitcode.
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &exitError{code: exitFailure, err: flagError(err)} })
	f := cmd.Flags()
	f.StringArrayVarP(&files, "file", "f", nil, "a configuration file or a directory of them (repeatable)")
	f.BoolVar(&detailed, "detailed-exitcode", false, "exit 0 when nothing would change, 2 when something would")
	f.BoolVar(&prune, "prune", false, "delete the alarms and dashboards hoist made that no file declares")
	f.StringVar(&out, "out", "", "also write the plan to this file, for hoist apply FILE")
	return cmd
}

// runPlan plans and prints; an exitError without err means "changes".
func (a *app) runPlan(ctx context.Context, paths []string, prune bool, out string) error {
	files, err := readConfigFiles(paths)
	if err != nil {
		return err
	}
	docs, err := parseConfigFiles(files) // before connecting: a typo is named even offline
	if err != nil {
		return err
	}
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	p, err := makePlan(ctx, c.session, docs, prune)
	if err != nil {
		return err
	}
	a.printLines(spec.Render(p))
	if out != "" {
		b, err := json.MarshalIndent(spec.Saved{Plan: p, Prune: prune, Files: files}, "", "  ")
		if err == nil {
			err = os.WriteFile(out, append(b, '\n'), 0o600)
		}
		if err != nil {
			return fmt.Errorf("writing the plan to %s: %w", out, err)
		}
	}
	if !p.Empty() {
		return &exitError{code: exitChanges}
	}
	return nil
}

// exitChanges is plan --detailed-exitcode's "something would change".
const exitChanges = 2

func (a *app) exportCommand() *cobra.Command {
	var dir, group, tier string
	var alarms bool
	var channels []string
	cmd := &cobra.Command{
		Use:   "export [--dir DIR] [--group G | --tier T] [--alarms [--channel ARN]...]",
		Short: "Write the live scaling configuration as configuration files",
		Long: `Write the live configuration in hoist's file format, so a team starts from
what it runs: one file per group (limits, settings, processes, policies and
scheduled actions), their target groups (loadbalancer.yml), the alarms
hoist manages and its dashboards. With --dir, into that directory (which
must not hold the files already); otherwise as one file on standard
output. Planning an export against the same account changes nothing.

--alarms adds the console's own alert rules as CloudWatch alarms
(alerts/console.yml, thresholds from the config's alerts section): at max
and desired not reached as metric math on the group metrics, CPU high,
and unhealthy targets per target group, each notifying the SNS topics
given with --channel. Applying the export then creates them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if group != "" && tier != "" {
				return usagef("--group and --tier both narrow the export: choose one")
			}
			if len(channels) > 0 && !alarms {
				return usagef("--channel names where the console's alarms notify: add --alarms")
			}
			return a.runExport(cmd.Context(), dir, spec.ExportFilter{Group: group, Tier: tier}, alarms, channels)
		},
	}
	f := cmd.Flags()
	f.StringVar(&dir, "dir", "", "write the files into this directory")
	f.StringVar(&group, "group", "", "only this group")
	f.StringVar(&tier, "tier", "", "only the groups of this tier")
	f.BoolVar(&alarms, "alarms", false, "add the console's alert rules as CloudWatch alarms (alerts/console.yml)")
	f.StringArrayVar(&channels, "channel", nil, "an SNS topic ARN the console's alarms notify (repeatable; with --alarms)")
	return cmd
}

// readLive connects and reads the live configuration (no target group
// attributes); the caller closes the connection.
func (a *app) readLive(ctx context.Context) (*conn, model.LiveConfig, error) {
	c, err := a.connect(ctx)
	if err != nil {
		return nil, model.LiveConfig{}, err
	}
	live, err := c.session.ReadConfig(ctx, nil)
	if err != nil {
		c.Close()
		return nil, live, err
	}
	return c, live, nil
}

func (a *app) runExport(ctx context.Context, dir string, f spec.ExportFilter, alarms bool, channels []string) error {
	c, live, err := a.readLive(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	var tgs []string
	for _, g := range live.Groups {
		if (f.Group == "" || g.Name == f.Group) && (f.Tier == "" || g.TierOrUntiered() == f.Tier) {
			for _, arn := range g.TargetGroupARNs {
				if tg, ok := live.TargetGroupByARN(arn); ok && !slices.Contains(tgs, tg.Name) {
					tgs = append(tgs, tg.Name)
				}
			}
		}
	}
	if err := c.session.ReadAttributes(ctx, &live, tgs); err != nil {
		return err
	}
	outs, err := spec.Export(&live, f)
	switch {
	case err != nil && f.Group != "":
		return fmt.Errorf("%w %q in %s", aws.ErrUnknownGroup, f.Group, live.Where)
	case err != nil:
		return usagef("%v", err)
	}
	if alarms {
		o := spec.ConsoleAlarmsFile(&live, f, c.cfg.Alerts, channels)
		for _, al := range o.File.Alerts {
			if err := al.Validate(); err != nil {
				return usagef("alarm %s: %v", al.Name, err)
			}
		}
		outs = append(outs, o)
	}
	if dir == "" {
		b, err := spec.Marshal(spec.Merge(outs), live.Where, spec.Notes(outs)...)
		if err != nil {
			return err
		}
		if terminalWidth(a.stdout) > 0 { // a terminal
			a.printLines(strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"))
			return nil
		}
		_, err = a.stdout.Write(b) // exact: a file keeps names as AWS has them
		return err
	}
	return a.writeExport(dir, outs, live.Where)
}

// writeExport writes the files under dir, refusing to overwrite any.
func (a *app) writeExport(dir string, outs []spec.OutFile, where model.Where) error {
	for _, o := range outs {
		if _, err := os.Stat(filepath.Join(dir, o.Path)); err == nil {
			return usagef("%s exists already: export into an empty directory, hoist overwrites nothing", filepath.Join(dir, o.Path))
		}
	}
	for _, o := range outs {
		path := filepath.Join(dir, o.Path)
		b, err := spec.Marshal(o.File, where, o.Notes...)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, ui.Printable(path))
	}
	return nil
}
