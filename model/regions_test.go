package model

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckRegion(t *testing.T) {
	for _, tc := range []struct {
		name, err, warn string
	}{
		{name: "us-east-1"},
		{name: "us-west-2"},
		{name: "af-south-1"},
		{name: "us-gov-west-1"},
		{name: "cn-north-1"},
		{name: "us-eest-1", err: `unknown region "us-eest-1" (did you mean us-east-1?)`},
		{name: "us-east1", err: `unknown region "us-east1" (did you mean us-east-1?)`},
		{name: "useast-1", err: `unknown region "useast-1" (did you mean us-east-1?)`},
		{name: "US-EAST-1", err: `unknown region "US-EAST-1" (did you mean us-east-1?)`},
		{name: "eu-wset-1", err: `unknown region "eu-wset-1" (did you mean eu-west-1?)`},
		{name: "us-gov-wset-1", err: `unknown region "us-gov-wset-1" (did you mean us-gov-west-1?)`},
		{name: "mars-1", err: `unknown region "mars-1" (AWS regions are named like us-east-1)`},
		{name: "aws-global", err: `unknown region "aws-global"`},
		{name: "", err: `unknown region ""`},
		// newer than the list: allowed, with a warning
		{name: "us-east-7", warn: `region "us-east-7" is not in hoist's list`},
		{name: "ap-southeast-19", warn: "using it as a newer region"},
		{name: "eu-central-9", warn: "using it as a newer region"},
		{name: "us-gov-north-1", warn: "using it as a newer region"},
	} {
		warn, err := CheckRegion(tc.name)
		switch {
		case tc.err != "":
			var ve *ValidationError
			if err == nil || !errors.As(err, &ve) || !strings.HasPrefix(err.Error(), tc.err) {
				t.Errorf("CheckRegion(%q) = %q, %v; want the error %q", tc.name, warn, err, tc.err)
			}
		case err != nil:
			t.Errorf("CheckRegion(%q): %v", tc.name, err)
		case tc.warn == "" && warn != "":
			t.Errorf("CheckRegion(%q) warns %q", tc.name, warn)
		case !strings.Contains(warn, tc.warn):
			t.Errorf("CheckRegion(%q) warns %q, want %q", tc.name, warn, tc.warn)
		}
	}
}

func TestRegionList(t *testing.T) {
	rs := Regions()
	if len(rs) < 30 {
		t.Fatalf("only %d regions listed", len(rs))
	}
	for i, r := range rs {
		if i > 0 && rs[i-1].Name >= r.Name {
			t.Errorf("not sorted at %s", r.Name)
		}
		if strings.HasSuffix(r.Name, "-global") || r.Description == "" || r.Partition == "" {
			t.Errorf("bad row %+v", r)
		}
		if got, ok := LookupRegion(r.Name); !ok || got != r {
			t.Errorf("LookupRegion(%q) = %+v, %v", r.Name, got, ok)
		}
	}
	for name, optIn := range map[string]bool{"us-east-1": false, "eu-west-1": false, "ap-east-1": true, "il-central-1": true, "cn-north-1": false} {
		if r, ok := LookupRegion(name); !ok || r.OptIn != optIn {
			t.Errorf("%s: %+v, listed %v; want opt-in %v", name, r, ok, optIn)
		}
	}
}

func TestParseRegions(t *testing.T) {
	got := ParseRegions(" us-east-1, us-west-2,,us-east-1 ")
	if strings.Join(got, "|") != "us-east-1|us-west-2" {
		t.Fatalf("ParseRegions = %q", got)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"regoin", "region", 1}, {"us-eest-1", "us-east-1", 1}, {"abc", "", 3}, {"kitten", "sitting", 3}} {
		if d := EditDistance(tc.a, tc.b); d != tc.d {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, d, tc.d)
		}
	}
}
