package aws

import (
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// TestRegionsBackend drives the console's backend over two regions of the
// simulator: snapshots of each, each region's own session numbers, an
// action sent where it is asked to go and nowhere else, the journal of the
// regions watched, and a switch that drops one region and adds another.
func TestRegionsBackend(t *testing.T) {
	c, err := sim.NewCloud(sim.Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(c.Handler())
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	o := Options{Endpoint: srv.URL, Credentials: SimulatorCredentials(), JournalPath: filepath.Join(t.TempDir(), "journal.jsonl")}
	ss, err := OpenRegions(ctx, o, []string{"us-east-1", "us-west-2"})
	if err != nil {
		t.Fatal(err)
	}
	b := NewRegions(ss, PollerOptions{})
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = b.Run(runCtx) }()
	defer func() { stop(); <-done; b.Close() }()

	first := waitRegions(t, b, "us-east-1", "us-west-2")
	if first["us-east-1"].Session == first["us-west-2"].Session {
		t.Fatalf("both regions under session %d", first["us-east-1"].Session)
	}
	westSnap := first["us-west-2"]
	g, ok := westSnap.Group("solemate-web-standby")
	if !ok {
		t.Fatalf("us-west-2's snapshot lacks its standby: %d groups", len(westSnap.Groups))
	}
	act := model.SetDesired{Group: g.Name, From: g.Capacity, Desired: g.Desired + 1}
	if err := b.Act(ctx, "us-east-1", act, "", nil); err == nil {
		t.Fatal("us-west-2's group was acted on in us-east-1")
	}
	if err := b.Act(ctx, "eu-west-1", act, "", nil); err == nil || !strings.Contains(err.Error(), "not watched") {
		t.Fatalf("a region not watched: %v", err)
	}
	if err := b.Act(ctx, "us-west-2", act, "drill", nil); err != nil {
		t.Fatal(err)
	}
	west, _ := c.StatsIn("us-west-2")
	east, _ := c.StatsIn("us-east-1")
	if len(west.Mutations) != 1 || west.Mutations[0].Group != g.Name || len(east.Mutations) != 0 {
		t.Fatalf("mutations: us-west-2 %+v, us-east-1 %+v", west.Mutations, east.Mutations)
	}
	j, err := b.Journal(ctx, time.Time{})
	if err != nil || len(j) != 1 || j[0].Intent.Region != "us-west-2" || j[0].Status() != model.ResultOK {
		t.Fatalf("journal: %+v, %v", j, err)
	}

	if err := b.Switch(ctx, "", []string{"us-east-1", "eu-west-1"}); err != nil {
		t.Fatal(err)
	}
	if got := b.Watched(); !slices.Equal(got, []string{"us-east-1", "eu-west-1"}) {
		t.Fatalf("watched after the switch: %v", got)
	}
	after := waitRegions(t, b, "eu-west-1")
	if after["eu-west-1"].Session <= first["us-west-2"].Session {
		t.Fatalf("eu-west-1's session %d is not newer than every earlier one", after["eu-west-1"].Session)
	}
	if j, _ := b.Journal(ctx, time.Time{}); len(j) != 0 {
		t.Fatalf("the journal of the regions watched shows %+v", j)
	}
	if err := b.Switch(ctx, "", []string{"us-east-1", "us-eest-1"}); err == nil || !strings.Contains(err.Error(), `unknown region "us-eest-1"`) {
		t.Fatalf("a switch to a typo: %v", err)
	}
	var ve *model.ValidationError
	if err := b.Switch(ctx, "", []string{"us-eest-1"}); !errors.As(err, &ve) {
		t.Fatalf("a typo is not a validation error: %v", err)
	}
	if got := b.Watched(); !slices.Equal(got, []string{"us-east-1", "eu-west-1"}) {
		t.Fatalf("a failed switch changed what is watched: %v", got)
	}
}

// waitRegions reads snapshots until each region named has sent one with
// its groups read, and returns the newest of every region seen.
func waitRegions(t *testing.T, b *Regions, regions ...string) map[string]model.Snapshot {
	t.Helper()
	got := map[string]model.Snapshot{}
	deadline := time.After(30 * time.Second)
	for {
		missing := false
		for _, r := range regions {
			if _, ok := got[r]; !ok {
				missing = true
			}
		}
		if !missing {
			return got
		}
		select {
		case s := <-b.Snapshots():
			if !s.Fresh[model.ClassGroups].FetchedAt.IsZero() {
				got[s.Region] = s
			}
		case <-deadline:
			t.Fatalf("no snapshot of every region of %v within 30 s: %d seen", regions, len(got))
		}
	}
}
