package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// Shell completion of load balancer, target group and listener names:
// one describe each, within a few seconds, or nothing.

const completeWithin = 5 * time.Second

// completeFrom connects (with the command line's flags) and returns what
// list finds; any failure completes nothing.
func (a *app) completeFrom(cmd *cobra.Command, list func(context.Context, *conn) ([]string, error)) []string {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, completeWithin)
	defer cancel()
	c, err := a.connect(ctx)
	if err != nil {
		return nil
	}
	defer c.Close()
	out, err := list(ctx, c)
	if err != nil {
		return nil
	}
	return out
}

// completeLBs completes load balancer names.
func (a *app) completeLBs(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	return a.completeFrom(cmd, func(ctx context.Context, c *conn) ([]string, error) {
		lbs, _, err := c.session.LoadBalancers(ctx)
		var out []string
		for _, lb := range lbs {
			out = append(out, lb.Name)
		}
		return out, err
	}), cobra.ShellCompDirectiveNoFileComp
}

// completeTargetGroups completes the first argument with target group
// names.
func (a *app) completeTargetGroups(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return a.completeFrom(cmd, func(ctx context.Context, c *conn) ([]string, error) {
		_, tgs, err := c.session.LoadBalancers(ctx)
		var out []string
		for _, tg := range tgs {
			out = append(out, tg.Name)
		}
		return out, err
	}), cobra.ShellCompDirectiveNoFileComp
}

// completeListeners completes LOAD-BALANCER: and then its ports.
func (a *app) completeListeners(cmd *cobra.Command, args []string, partial string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	name, _, typed := strings.Cut(partial, ":")
	if !typed {
		lbs, _ := a.completeLBs(cmd, args, partial)
		for i := range lbs {
			lbs[i] += ":"
		}
		return lbs, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
	return a.completeFrom(cmd, func(ctx context.Context, c *conn) ([]string, error) {
		lbs, _, err := c.session.LoadBalancers(ctx)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, lb := range lbs {
			if lb.Name != name {
				continue
			}
			ls, err := c.session.Listeners(ctx, lb.ARN)
			for _, l := range ls {
				out = append(out, fmt.Sprintf("%s:%d", lb.Name, l.Port))
			}
			return out, err
		}
		return nil, nil
	}), cobra.ShellCompDirectiveNoFileComp
}
