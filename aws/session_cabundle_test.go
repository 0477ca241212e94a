package aws

import (
	"context"
	"testing"
)

// Without AWS_CA_BUNDLE (most bastions) the SDK builds no HTTP client of
// its own; the session must still call out rather than panic.
func TestOpenWithoutCABundle(t *testing.T) {
	t.Setenv("AWS_CA_BUNDLE", "")
	env := openTest(t, nil)
	if _, err := env.session.Groups(context.Background(), false); err != nil {
		t.Fatalf("Groups without AWS_CA_BUNDLE: %v", err)
	}
}
