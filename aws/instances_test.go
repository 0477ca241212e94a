package aws

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// The first cycle of a large fleet lists Auto Scaling instances 1,000 a
// page instead of asking for them 100 at a time; a few new instances are
// still asked for by id.
func TestInstancesOfALargeFleet(t *testing.T) {
	s, err := sim.New(sim.Options{Seed: 1, Fleet: "large", Groups: 1000})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	ctx := context.Background()
	sess, err := Open(ctx, Options{Endpoint: srv.URL, Region: "us-east-1", Credentials: SimulatorCredentials(),
		JournalPath: t.TempDir() + "/journal", CallTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	describes := func() int64 { return s.Stats().Requests["ec2"]["DescribeInstances"] }

	before := describes()
	snap, err := sess.Fetch(ctx, model.Visible{})
	if err != nil {
		t.Fatal(err)
	}
	fleet := 0
	var ids []string
	for _, g := range snap.Groups {
		for _, in := range g.Instances {
			fleet++
			ids = append(ids, in.ID)
			if in.Launched.IsZero() || in.Type == "" {
				t.Fatalf("%s in %s: no launch time or type after the first cycle", in.ID, g.Name)
			}
		}
	}
	if want := int64((fleet + 999) / 1000); describes()-before != want {
		t.Errorf("%d instances read in %d DescribeInstances calls, want %d pages", fleet, describes()-before, want)
	}

	before = describes()
	info, err := sess.describeInstances(ctx, ids[:150], fleet)
	if err != nil || len(info) != 150 {
		t.Fatalf("150 new instances: %d read, %v", len(info), err)
	}
	if n := describes() - before; n != 2 {
		t.Errorf("150 new instances of %d took %d calls, want 2 batches", fleet, n)
	}
}
