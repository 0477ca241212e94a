package model

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

//go:generate go run ./internal/genregions -o regions_gen.go -doc ../docs/regions.md

// RegionInfo is one AWS region as the SDK's partition metadata lists it
// (regions_gen.go, generated from the aws-sdk-go-v2 at go.mod's version).
type RegionInfo struct {
	Name        string // "us-east-1"
	Description string // "US East (N. Virginia)"
	Partition   string // "aws", "aws-cn", "aws-us-gov", ...
	// OptIn: the region is disabled in an account until it is enabled
	// (the aws partition's regions launched after 20 March 2019).
	OptIn bool
}

type partitionPattern struct{ partition, pattern string }

var partitionRE = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(partitionPatterns))
	for i, p := range partitionPatterns {
		out[i] = regexp.MustCompile(p.pattern)
	}
	return out
}()

// Regions lists every AWS region hoist knows, by name.
func Regions() []RegionInfo { return slices.Clone(regionList) }

// LookupRegion returns the listed region called name.
func LookupRegion(name string) (RegionInfo, bool) {
	i := sort.Search(len(regionList), func(i int) bool { return regionList[i].Name >= name })
	if i < len(regionList) && regionList[i].Name == name {
		return regionList[i], true
	}
	return RegionInfo{}, false
}

// directions are the words AWS names a region's place in its area by.
var directions = []string{"central", "east", "north", "northeast", "northwest", "south", "southeast", "southwest", "west"}

// NewRegionLike reports whether name has the form of a region AWS may have
// opened after the list was generated: it matches a partition's region
// pattern and its place is a compass word (us-east-3, ap-southeast-9), so
// that "us-eest-1" is a typo and not a new region.
func NewRegionLike(name string) bool {
	parts := strings.Split(name, "-")
	if len(parts) < 3 || !slices.Contains(directions, parts[len(parts)-2]) {
		return false
	}
	for _, re := range partitionRE {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}

// CheckRegion judges a region name before anything is sent. A listed
// region passes. A name the list does not have but that has the form of a
// newer region passes with a warning, so hoist never blocks a region AWS
// opened after it was built. Anything else is a *ValidationError naming
// the region and, when one is close, the region meant:
// `unknown region "us-eest-1" (did you mean us-east-1?)`.
func CheckRegion(name string) (warning string, err error) {
	if _, ok := LookupRegion(name); ok {
		return "", nil
	}
	if NewRegionLike(name) {
		return fmt.Sprintf("region %q is not in hoist's list of AWS regions (from %s); using it as a newer region", name, RegionsSource), nil
	}
	if near := NearestRegion(name); near != "" {
		return "", invalid("unknown region %q (did you mean %s?)", name, near)
	}
	return "", invalid("unknown region %q (AWS regions are named like us-east-1)", name)
}

// NearestRegion is the listed region a typo most likely meant, "" when
// none is close: the fewest edits (a swap counts as one), at most a third
// of the name; among equals, a region every account has before an opt-in
// one.
func NearestRegion(typo string) string {
	typo = strings.ToLower(strings.TrimSpace(typo))
	best, bestD := "", max(2, len(typo)/3)+1
	bestOptIn := true
	for _, r := range regionList {
		d := EditDistance(typo, r.Name)
		if d < bestD || d == bestD && bestOptIn && !r.OptIn {
			best, bestD, bestOptIn = r.Name, d, r.OptIn
		}
	}
	return best
}

// EditDistance is the Levenshtein distance between a and b, counting an
// adjacent swap ("regoin") as one edit.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// ParseRegions splits a comma-separated list of regions ("us-east-1,
// us-west-2"), dropping blanks and repeats, in the order given.
func ParseRegions(list string) []string {
	var out []string
	for _, r := range strings.Split(list, ",") {
		if r = strings.TrimSpace(r); r != "" && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}
