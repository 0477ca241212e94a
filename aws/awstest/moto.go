// Package awstest holds test plumbing shared by hoist's packages: starting
// and resetting moto_server, the third-party AWS emulator the adapter is
// proven against. It is imported only by tests and imports no hoist
// package.
package awstest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// EnvMoto names the variable CI sets to a running moto_server.
const EnvMoto = "HOIST_MOTO_ENDPOINT"

// Moto is a moto_server: one CI started (EnvMoto), or one this process
// started and must stop.
type Moto struct {
	URL  string
	stop func()
}

// StartMoto returns the moto_server named by HOIST_MOTO_ENDPOINT, or starts
// one on a free loopback port, logging into dir. It fails with one clear
// sentence when moto_server is not installed: the adapter's tests are not
// to be skipped silently.
func StartMoto(dir string) (*Moto, error) {
	if u := os.Getenv(EnvMoto); u != "" {
		return &Moto{URL: u, stop: func() {}}, nil
	}
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, fmt.Errorf("moto_server is not on PATH: install moto 5.2.1 (pip install 'moto[server]==5.2.1') or export %s", EnvMoto)
	}
	addr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	host, port, _ := net.SplitHostPort(addr)
	logf, err := os.Create(filepath.Join(dir, "moto.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-H", host, "-p", port)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("starting moto_server: %w", err)
	}
	m := &Moto{URL: "http://" + addr, stop: func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		logf.Close()
	}}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(m.URL + "/moto-api/"); err == nil {
			resp.Body.Close()
			return m, nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	m.Stop()
	return nil, fmt.Errorf("moto_server did not answer on %s within 60s (log: %s)", m.URL, logf.Name())
}

// Stop stops a moto_server this process started; CI's is left running.
func (m *Moto) Stop() { m.stop() }

// Reset empties moto between tests.
func (m *Moto) Reset(t testing.TB) {
	t.Helper()
	resp, err := http.Post(m.URL+"/moto-api/reset", "application/json", nil)
	if err != nil {
		t.Fatalf("resetting moto: %v", err)
	}
	resp.Body.Close()
}

// FreeAddr returns a loopback address with a port nothing listens on.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free loopback port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}
