package aws

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/solemate/hoist/model"
)

// TestBackendSwitch: a region switch opens a new session and restarts the
// poller under the next session number, on the same channel.
func TestBackendSwitch(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	base := goleak.IgnoreCurrent()
	b := NewBackend(env.session, PollerOptions{Cadence: cadences(time.Hour)})
	ch := b.Snapshots()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()

	next := func(what string, ok func(model.Snapshot) bool) model.Snapshot {
		t.Helper()
		deadline := time.After(20 * time.Second)
		for {
			select {
			case s := <-ch:
				if ok(s) {
					return s
				}
			case <-deadline:
				t.Fatalf("no snapshot with %s", what)
			}
		}
	}
	s1 := next("us-east-1 groups", func(s model.Snapshot) bool { return len(s.Groups) == 2 })
	if s1.Session != 1 || s1.Region != "us-east-1" {
		t.Fatalf("first session %d region %s", s1.Session, s1.Region)
	}
	b.Show(model.Visible{Groups: []string{"web"}, Selected: "web"})
	b.Refresh("web")
	// An acknowledgement journaled here is this account and region's ...
	ack := model.Acknowledge{Alert: "at-max", Group: "web", Since: time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)}
	if err := b.Act(ctx, ack, ""); err != nil {
		t.Fatal(err)
	}
	if acts, err := b.Journal(ctx, time.Time{}); err != nil || len(acts) != 1 || acts[0].Intent.Target != ack.Target() {
		t.Fatalf("journal in us-east-1: %v %v", acts, err)
	}

	if err := b.Switch(ctx, "", "us-west-2"); err != nil {
		t.Fatal(err)
	}
	s2 := next("session 2", func(s model.Snapshot) bool {
		return s.Session == 2 && !s.Fresh[model.ClassGroups].FetchedAt.IsZero()
	})
	if s2.Region != "us-west-2" || len(s2.Groups) != 0 {
		t.Errorf("after switch: region %s, %d groups (moto's us-west-2 is empty)", s2.Region, len(s2.Groups))
	}
	for i := 0; i < 3; i++ {
		select {
		case s := <-ch:
			if s.Session != 2 {
				t.Errorf("snapshot of session %d after the switch", s.Session)
			}
		case <-time.After(300 * time.Millisecond):
		}
	}
	// A failed switch keeps the current session.
	if err := b.Switch(ctx, "no-such-profile", "eu-west-1"); err == nil {
		t.Error("switch to a missing profile succeeded")
	}
	if b.Session().Region() != "us-west-2" {
		t.Errorf("failed switch changed the session to %s", b.Session().Region())
	}
	// ... and not us-west-2's, though the file holds it.
	acts, err := b.Journal(ctx, time.Time{})
	if err != nil || len(acts) != 0 {
		t.Errorf("us-west-2's journal shows us-east-1's actions: %v %v", acts, err)
	}

	cancel()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("backend did not stop")
	}
	b.Session().Close()
	goleak.VerifyNone(t, append(leakOpts, base)...)
}

// backendShape is ui.Backend's method set, restated so that aws need not
// import ui; cmd/hoist asserts the real interface.
type backendShape interface {
	Act(ctx context.Context, a model.Action, reason string) error
	Refresh(group string)
	Show(v model.Visible)
	Switch(ctx context.Context, profile, region string) error
	Journal(ctx context.Context, since time.Time) ([]model.JournalAction, error)
}

var _ backendShape = (*Backend)(nil)
