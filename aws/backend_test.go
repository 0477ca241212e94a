package aws

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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
	if err := b.Act(ctx, ack, "", nil); err != nil {
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
	Act(ctx context.Context, a model.Action, reason string, sending func()) error
	Refresh(group string)
	Show(v model.Visible)
	Switch(ctx context.Context, profile, region string) error
	Journal(ctx context.Context, since time.Time) ([]model.JournalAction, error)
	SetReadOnly()
	SSLPolicies(ctx context.Context, lbType string) ([]model.SSLPolicy, error)
	Certificates(ctx context.Context) ([]model.Certificate, error)
}

var _ backendShape = (*Backend)(nil)

// TestBackendReadOnlyAcrossSwitch: a profile the config makes read-only
// opens a read-only session on :profile, and :readonly (SetReadOnly) holds
// in the adapter for this session and every one after it.
func TestBackendReadOnlyAcrossSwitch(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(cfg, []byte("[profile prod]\nregion = us-east-1\naws_access_key_id = AKIDPROD\naws_secret_access_key = prod\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfg)
	env := openSim(t, nil)
	b := NewBackend(env.session, PollerOptions{Cadence: cadences(time.Hour)})
	b.ReadOnlyFor = func(profile string) bool { return profile == "prod" }
	ctx := context.Background()
	t.Cleanup(func() { b.Session().Close() })
	act := func() error {
		g, err := b.Session().Groups(ctx, false, "solemate-web-prod")
		if err != nil {
			t.Fatal(err)
		}
		return b.Act(ctx, model.SetDesired{Group: g[0].Name, From: g[0].Capacity, Desired: g[0].Desired + 1}, "", nil)
	}
	if err := act(); err != nil {
		t.Fatalf("a writable session refused: %v", err)
	}
	if err := b.Switch(ctx, "prod", ""); err != nil {
		t.Fatal(err)
	}
	if !b.Session().ReadOnly() {
		t.Fatal("the read-only profile opened a writable session")
	}
	if err := act(); !errors.Is(err, model.ErrReadOnly) {
		t.Fatalf("on the read-only profile, Act: %v, want ErrReadOnly", err)
	}
	if err := b.Switch(ctx, "", "us-east-1"); err != nil {
		t.Fatal(err)
	}
	if b.Session().ReadOnly() {
		t.Fatal("a profile the config leaves writable opened read-only")
	}
	b.SetReadOnly()
	if err := act(); !errors.Is(err, model.ErrReadOnly) {
		t.Fatalf("after SetReadOnly, Act: %v, want ErrReadOnly", err)
	}
	if err := b.Switch(ctx, "", "us-east-1"); err != nil {
		t.Fatal(err)
	}
	if !b.Session().ReadOnly() {
		t.Fatal("SetReadOnly did not carry over a switch")
	}
	if err := act(); !errors.Is(err, model.ErrReadOnly) {
		t.Fatalf("after a switch, Act: %v, want ErrReadOnly", err)
	}
}
