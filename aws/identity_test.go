package aws

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/solemate/hoist/aws/sim"
	"github.com/solemate/hoist/model"
)

// TestSessionRecognizesSimulator: the session says simulator for the
// simulator on loopback, and not for the same simulator behind a proxy
// that drops its proof header (when in doubt, no).
func TestSessionRecognizesSimulator(t *testing.T) {
	e := openSim(t, nil)
	if !e.session.Simulator() || e.session.Identity().ARN != model.SimulatorARN {
		t.Errorf("the simulator on loopback: simulator %v, caller %s", e.session.Simulator(), e.session.Identity().ARN)
	}

	target, _ := url.Parse(e.url)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(r *http.Response) error { r.Header.Del(model.SimulatorHeader); return nil }
	strip := httptest.NewServer(rp)
	t.Cleanup(strip.Close)
	e2 := openSim(t, func(o *Options) { o.Endpoint = strip.URL })
	if e2.session.Simulator() || e2.session.Identity().Account != model.SimulatorAccount {
		t.Errorf("the simulator without its proof header: simulator %v, account %s", e2.session.Simulator(), e2.session.Identity().Account)
	}
}

// TestEndpointPinnedForEveryService: the endpoint a profile names
// (endpoint_url in the AWS config) is where every call goes, even with a
// service-specific AWS_ENDPOINT_URL_<SERVICE> that the SDK would otherwise
// prefer for that one service: the identity and the groups come from the
// endpoint the header names. Here the elsewhere is a simulator, whose
// answer would otherwise make a session on moto say SIMULATOR. (An
// endpoint from --endpoint-url or AWS_ENDPOINT_URL already wins in the
// SDK's own resolution.)
func TestEndpointPinnedForEveryService(t *testing.T) {
	resetMoto(t)
	s, err := sim.New(sim.Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	p := newProxy(t)
	cfgFile := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(cfgFile, []byte("[profile emu]\nendpoint_url = "+p.URL()+"\nregion = us-east-1\naws_access_key_id = "+fakeKeyID+"\naws_secret_access_key = "+fakeSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	t.Setenv("AWS_ENDPOINT_URL_STS", srv.URL)
	t.Setenv("AWS_ENDPOINT_URL_AUTO_SCALING", srv.URL)

	ctx := context.Background()
	session, err := Open(ctx, Options{Profile: "emu", JournalPath: filepath.Join(t.TempDir(), "j")})
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	if session.Endpoint() != p.URL() {
		t.Fatalf("endpoint %q, want the profile's %q", session.Endpoint(), p.URL())
	}
	if session.Simulator() || session.Identity().Account == model.SimulatorAccount {
		t.Errorf("STS went past the endpoint: caller %s, simulator %v", session.Identity().ARN, session.Simulator())
	}
	gs, err := session.Groups(ctx, false)
	if err != nil || len(gs) != 0 {
		t.Errorf("Auto Scaling went past the endpoint: %d groups (moto has none), %v", len(gs), err)
	}
	if p.count("sts:GetCallerIdentity") != 1 || p.count("autoscaling:DescribeAutoScalingGroups") == 0 {
		t.Errorf("calls at the endpoint: %s", p.summary())
	}
}
