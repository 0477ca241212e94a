package sim

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestPageOf(t *testing.T) {
	list := []int{0, 1, 2, 3, 4, 5, 6}
	var got []int
	tok := (*string)(nil)
	for pages := 0; ; pages++ {
		off, ok := parseToken("t", tok)
		if !ok || pages > 10 {
			t.Fatalf("token %v after %d pages", tok, pages)
		}
		var page []int
		page, tok = pageOf("t", list, off, 3)
		got = append(got, page...)
		if tok == nil {
			break
		}
	}
	if !slices.Equal(got, list) {
		t.Errorf("paged %v, want %v", got, list)
	}
	if page, next := pageOf("t", list, 99, 3); len(page) != 0 || next != nil {
		t.Errorf("past the end: %v %v", page, next)
	}
	if page, next := pageOf("t", list, 4, 3); len(page) != 3 || next != nil {
		t.Errorf("an exact last page: %v %v", page, next)
	}
}

// TestPageErrors: each service answers a bad token and a bad page size in
// its own words, as AWS does.
func TestPageErrors(t *testing.T) {
	other := pageToken("other-op", 3)
	_, _, err := asgPage("asg", other, nil, 50, 100)
	wantErr(t, err, "InvalidNextToken", "The token '")
	_, _, err = cwPage("alarms", aws.String("garbage"), nil, 50, 100)
	wantErr(t, err, "InvalidNextToken", "cannot process the NextToken")
	_, _, err = elbPage("lb", other, nil)
	wantErr(t, err, "ValidationError", "Invalid value for Marker")
	_, _, err = asgPage("asg", nil, aws.Int32(101), 50, 100)
	wantErr(t, err, "ValidationError", "between 1 and 100")
	off, size, err := elbPage("lb", pageToken("lb", 400), nil)
	if err != nil || off != 400 || size != 400 {
		t.Errorf("elbPage: %d %d %v", off, size, err)
	}
}
