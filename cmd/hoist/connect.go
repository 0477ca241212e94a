package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/config"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui"
)

// conn is what every subcommand that talks to AWS needs: a session per
// region, in the order --region gave them.
type conn struct {
	session  *aws.Session   // the first region's
	sessions []*aws.Session // every region's
	cfg      model.Config
	readOnly bool
	logger   *slog.Logger
	warnings []string // said before the first call (a region newer than hoist's list)
	closers  []func()
}

func (c *conn) Close() {
	for _, s := range c.sessions {
		_ = s.Close()
	}
	for i := len(c.closers) - 1; i >= 0; i-- {
		c.closers[i]()
	}
}

// loadConfig reads the config file: the one --config names, which must
// exist, or the default one, which may be absent (the defaults). Key
// overrides are checked against the console's bindings.
func (a *app) loadConfig() (model.Config, string, error) {
	path, named := a.configPath, a.configPath != ""
	if !named {
		if path = config.DefaultPath(); path == "" {
			return model.DefaultConfig(), "", nil
		}
	}
	cfg, err := config.Load(path, named, ui.ValidateKeys)
	if err != nil {
		return model.Config{}, path, &usageError{err.Error()}
	}
	return cfg, path, nil
}

// regions are the regions a command works in, each checked before
// anything is sent: --region (a comma-separated list), else the profile's,
// else the config's; one "" when none is set (the SDK's chain decides, and
// the adapter checks what it finds). Warnings name regions newer than
// hoist's list, which are used all the same.
func (a *app) regions(cfg model.Config, profile string) (regions, warnings []string, err error) {
	regions = model.ParseRegions(a.region)
	if len(regions) == 0 {
		regions = []string{firstOf(cfg.Profiles[profile].Region, cfg.Region)}
	}
	for _, r := range regions {
		if r == "" {
			continue
		}
		w, err := model.CheckRegion(r)
		if err != nil {
			return nil, nil, err
		}
		if w != "" {
			warnings = append(warnings, w)
		}
	}
	return regions, warnings, nil
}

// connect opens a session to AWS, to the endpoint given, or to an
// in-process simulator with --sim, in the one region the command works in.
func (a *app) connect(ctx context.Context) (*conn, error) { return a.open(ctx, false) }

// connectRegions opens a session per region --region names.
func (a *app) connectRegions(ctx context.Context) (*conn, error) { return a.open(ctx, true) }

func (a *app) open(ctx context.Context, several bool) (*conn, error) {
	cfg, _, err := a.loadConfig()
	if err != nil {
		return nil, err
	}
	if a.simOn && a.endpoint != "" {
		return nil, usagef("--sim and --endpoint-url both name an endpoint: choose one")
	}
	profile := firstOf(a.profile, cfg.Profile)
	regions, warnings, err := a.regions(cfg, profile)
	if err != nil {
		return nil, err
	}
	if len(regions) > 1 && !several {
		return nil, usagef("this command works in one region at a time, and --region names %d (%s)", len(regions), strings.Join(regions, ", "))
	}
	c := &conn{cfg: cfg, readOnly: a.readOnly || cfg.ReadOnlyFor(profile), warnings: warnings}
	if !a.console { // the console says them on its status line
		for _, w := range warnings {
			fmt.Fprintln(a.stderr, "hoist: warning: "+w)
		}
	}
	logger, closeLog, err := openLog()
	if err != nil {
		return nil, err
	}
	c.logger = logger
	c.closers = append(c.closers, closeLog)
	opts := aws.Options{Profile: profile, Endpoint: a.endpoint, ReadOnly: c.readOnly, Logger: logger}
	if a.simOn {
		url, stop, err := startSim(ctx, sim.Options{Seed: a.seed, Speed: a.speed, Scenario: a.scenario, Start: time.Now()})
		if err != nil {
			c.Close()
			return nil, err
		}
		c.closers = append(c.closers, stop)
		opts.Endpoint, opts.Profile, opts.Credentials = url, "", aws.SimulatorCredentials()
		for i, r := range regions {
			regions[i] = firstOf(r, "us-east-1")
		}
	}
	if c.sessions, err = aws.OpenRegions(ctx, opts, regions); err != nil {
		c.Close()
		return nil, err
	}
	c.session = c.sessions[0]
	if a.simOn && !c.session.Simulator() {
		// The simulator started here did not prove itself: a bug, and the
		// screen must not run on it without saying SIMULATOR.
		c.Close()
		return nil, fmt.Errorf("the built-in simulator did not identify itself (caller %s): a bug in hoist", c.session.Identity().ARN)
	}
	return c, nil
}

// startSim runs the simulator, every region of it, in this process on a
// loopback port.
func startSim(ctx context.Context, o sim.Options) (url string, stop func(), err error) {
	s, err := sim.NewCloud(o)
	if err != nil {
		return "", nil, usagef("simulator: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("simulator: listen on loopback: %w", err)
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	go s.Run(runCtx)
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() {
		cancel()
		_ = srv.Close()
	}, nil
}

// openLog opens hoist's log file under the state directory: logs never go
// to the screen. When the directory cannot be made, logs are dropped
// rather than refusing to start during an incident.
func openLog() (*slog.Logger, func(), error) {
	dir, err := stateDir()
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil)), func() {}, nil
	}
	f, err := os.OpenFile(filepath.Join(dir, "hoist.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil)), func() {}, nil
	}
	return slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelInfo})), func() { f.Close() }, nil
}

func stateDir() (string, error) {
	p, err := aws.DefaultJournalPath()
	if err != nil {
		return "", err
	}
	return filepath.Dir(p), nil
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// lookupGroup reads one group fresh, or says plainly that it does not exist.
func lookupGroup(ctx context.Context, s *aws.Session, name string) (*model.Group, error) {
	gs, err := s.Groups(ctx, false, name)
	if err != nil {
		return nil, err
	}
	if len(gs) == 0 {
		return nil, fmt.Errorf("%w %q in %s", aws.ErrUnknownGroup, name, s.Region())
	}
	return &gs[0], nil
}

var errCancelled = errors.New("cancelled: nothing was sent")
