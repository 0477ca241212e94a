package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

func (a *app) simCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "The built-in AWS simulator",
		Args:  cobra.NoArgs,
	}
	var listen, fleet string
	var groups int
	var allowRemote bool
	serve := &cobra.Command{
		Use:   "serve",
		Short: "Serve the simulator for the aws CLI, another console or a test",
		Long: `Serve the simulator: an AWS-compatible account with a living fleet. Point
any AWS client at it; it accepts any credentials, e.g.

  export AWS_ACCESS_KEY_ID=sim AWS_SECRET_ACCESS_KEY=sim AWS_DEFAULT_REGION=us-east-1
  aws --endpoint-url http://127.0.0.1:4566 autoscaling describe-auto-scaling-groups
  hoist --endpoint-url http://127.0.0.1:4566

It answers in every region, routed by the signature's region: the fleet
in us-east-1 (or --region), with the default fleet a standby in us-west-2,
and every other region empty.

Control it under /_sim/: GET /_sim/stats (?region=us-west-2), POST
/_sim/clock, /_sim/scenario, /_sim/faults. It has no authentication, so it listens on loopback only
unless --allow-remote is given.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkLoopback(listen, allowRemote); err != nil {
				return err
			}
			if fleet == "large" && (groups < 1 || groups > 5000) {
				return usagef("--groups must be between 1 and 5000 for the large fleet (got %d)", groups)
			}
			// --region places the fleet (us-east-1 by default); the
			// simulator answers in every region all the same.
			primary := firstOf(a.region, "us-east-1")
			if _, err := model.CheckRegion(primary); err != nil {
				return err
			}
			if r, ok := model.LookupRegion(primary); !ok || r.Partition != "aws" {
				return usagef("--region %s: the simulated account's fleet lives in a region of the aws partition hoist knows, like us-east-1", primary)
			}
			s, err := sim.NewCloud(sim.Options{
				Seed: a.seed, Speed: a.speed, Scenario: a.scenario, Fleet: fleet, Groups: groups, Start: time.Now(), Region: primary,
			})
			if err != nil {
				return usagef("simulator: %v", err)
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", listen, err)
			}
			return serveSim(cmd.Context(), s, ln, func(addr string) {
				fmt.Fprintf(a.stderr, "hoist simulator on http://%s (fleet %s, scenario %s, speed %g, seed %d); Ctrl-C stops it\n",
					addr, fleet, a.scenario, a.speed, a.seed)
			})
		},
	}
	f := serve.Flags()
	f.StringVar(&listen, "listen", "127.0.0.1:4566", "address to listen on")
	f.StringVar(&fleet, "fleet", "default", "fleet: default (the e-commerce platform), large, hostile")
	f.IntVar(&groups, "groups", 1000, "groups in the large fleet (1 to 5000)")
	f.BoolVar(&allowRemote, "allow-remote", false, "allow a non-loopback address (the simulator has no authentication)")
	cmd.AddCommand(serve)
	return cmd
}

// serveSim runs the simulator's clock and HTTP server until ctx ends.
func serveSim(ctx context.Context, s *sim.Cloud, ln net.Listener, ready func(addr string)) error {
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go s.Run(runCtx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	ready(ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("simulator: %w", err)
	case <-ctx.Done():
	}
	shutdown, done := context.WithTimeout(context.Background(), 5*time.Second)
	defer done()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("simulator: shutdown: %w", err)
	}
	return nil
}

// checkLoopback refuses to serve the unauthenticated simulator beyond this
// machine unless told to.
func checkLoopback(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--listen %q is not host:port: %v", addr, err)
	}
	if allowRemote || host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return usagef("refusing to listen on %s: the simulator has no authentication; use a loopback address like 127.0.0.1:4566 or pass --allow-remote", addr)
}
