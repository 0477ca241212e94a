package main

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/model"
)

// Creating and deleting load balancers belongs to infrastructure-as-code:
// hoist prints the aws CLI command that would do it, sends nothing, and
// exits 2 so that a script does not take it for done.

func lbCreateCommand(a *app) *cobra.Command {
	var typ, scheme string
	var subnets []string
	cmd := &cobra.Command{
		Use:   "create NAME [--type application|network] [--scheme internet-facing|internal] [--subnets S,S]",
		Short: "Print the aws CLI command that would create a load balancer (hoist does not)",
		Args:  exactArgs(1, "name the load balancer"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains([]string{model.LBApplication, model.LBNetwork}, typ) {
				return usagef("--type must be application or network, not %q", typ)
			}
			if !slices.Contains([]string{"internet-facing", "internal"}, scheme) {
				return usagef("--scheme must be internet-facing or internal, not %q", scheme)
			}
			region := firstOf(a.region, "REGION")
			fmt.Fprintln(a.stdout, model.CreateLBCommand(args[0], typ, scheme, subnets, region))
			return iacRefusal("create")
		},
	}
	cmd.Flags().StringVar(&typ, "type", model.LBApplication, "application or network")
	cmd.Flags().StringVar(&scheme, "scheme", "internet-facing", "internet-facing or internal")
	cmd.Flags().StringSliceVar(&subnets, "subnets", nil, "subnets, one per zone")
	return cmd
}

func lbDeleteCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:               "delete LOAD-BALANCER",
		Short:             "Print the aws CLI command that would delete a load balancer (hoist does not)",
		Args:              exactArgs(1, "name one load balancer"),
		ValidArgsFunction: a.completeLBs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.connect(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			lbs, _, err := c.session.LoadBalancers(cmd.Context())
			if err != nil {
				return err
			}
			snap := model.Snapshot{LoadBalancers: lbs, Region: c.session.Region()}
			lb, err := snap.FindLoadBalancer(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, model.DeleteLBCommand(lb, c.session.Region()))
			return iacRefusal("delete")
		},
	}
}

func iacRefusal(verb string) error {
	return usagef("hoist does not %s load balancers, which is infrastructure-as-code's job: the aws CLI command above would; nothing was sent", verb)
}
