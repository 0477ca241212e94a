package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/model"
)

// completeRegions completes --region with AWS's regions (docs/regions.md),
// each with where it is; after a comma, the next region of a list
// (--region us-east-1,us-w<TAB>), leaving out those already named.
func completeRegions(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	done, last := "", toComplete
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		done, last = toComplete[:i+1], toComplete[i+1:]
	}
	named := model.ParseRegions(done)
	var out []string
	for _, r := range model.Regions() {
		if !strings.HasPrefix(r.Name, last) || containsString(named, r.Name) {
			continue
		}
		out = append(out, done+r.Name+"\t"+regionNote(r))
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// regionNote is a region's line in the completion menu: "US East (N.
// Virginia)", "Africa (Cape Town), opt-in", "China (Beijing), aws-cn".
func regionNote(r model.RegionInfo) string {
	note := r.Description
	if r.OptIn {
		note += ", opt-in"
	}
	if r.Partition != "aws" {
		note += ", " + r.Partition
	}
	return note
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
