package aws

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/solemate/hoist/aws/awstest"
)

// The tests run against moto_server, the third-party AWS emulator: CI
// exports HOIST_MOTO_ENDPOINT; otherwise TestMain starts one on a free
// loopback port and stops it after.

// fakeSecret is the secret key of the tests' static credentials: no log
// line or journal record may ever contain it.
const (
	fakeKeyID  = "AKIAHOISTTESTKEY0001"
	fakeSecret = "hoistFakeSecretKEY/never+written+anywhere0"
)

var (
	motoURL  string
	testHome string
	// opsSeen collects the IAM action of every call the tests made, for
	// the IAM policy test.
	opsSeen sync.Map
)

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "aws tests:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	dir, err := os.MkdirTemp("", "hoist-aws-test-")
	if err != nil {
		return 1, err
	}
	defer os.RemoveAll(dir)
	testHome = dir
	env := map[string]string{
		"AWS_ACCESS_KEY_ID":           fakeKeyID,
		"AWS_SECRET_ACCESS_KEY":       fakeSecret,
		"AWS_REGION":                  "us-east-1",
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"XDG_STATE_HOME":              filepath.Join(dir, "state"),
		"HOME":                        dir,
	}
	for k, v := range env {
		os.Setenv(k, v)
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION"} {
		os.Unsetenv(k)
	}

	moto, err := awstest.StartMoto(dir)
	if err != nil {
		return 1, err
	}
	defer moto.Stop()
	motoURL = moto.URL
	os.Setenv(awstest.EnvMoto, moto.URL) // for child processes
	motoServer = moto
	return m.Run(), nil
}

// motoServer is the moto_server of this test run.
var motoServer *awstest.Moto

// resetMoto empties moto between tests.
func resetMoto(t testing.TB) { motoServer.Reset(t) }

// --- the loopback proxy: counts, records and injects faults ---

type fault int

const (
	faultNone fault = iota
	faultThrottle
	fault5xx
	faultSlow      // answer after proxy.slow
	faultDrop      // close the connection without forwarding
	faultDropAfter // forward (moto applies it), then close without answering
	faultExpired   // ExpiredToken, as AWS answers a stale session token
	fault4xx       // 400 ValidationError: AWS refused it, nothing forwarded
	fault5xxAfter  // forward (moto applies it), then answer 500 InternalFailure
)

type recorded struct {
	Op     string // IAM action: autoscaling:SetDesiredCapacity
	Body   string
	Header http.Header
}

type proxy struct {
	t      testing.TB
	srv    *httptest.Server
	target *url.URL
	rp     *httputil.ReverseProxy
	slow   time.Duration
	shift  atomic.Int64 // added to the Date header of moto's answers, in ns

	mu      sync.Mutex
	counts  map[string]int
	fwd     map[string]int // requests that reached moto
	srv2    *http.Server   // serving again after an outage
	reqs    []recorded
	decide  func(op string, n int, r *http.Request) fault // n: this op's count so far, from 1
	stubs   map[string]string                             // op → JSON body, for APIs moto lacks
	total   atomic.Int64
	faulted atomic.Int64
}

func newProxy(t testing.TB) *proxy { return newProxyTo(t, motoURL) }

// newProxyTo is a proxy in front of target (moto, or a simulator).
func newProxyTo(t testing.TB, target string) *proxy {
	u, _ := url.Parse(target)
	p := &proxy{t: t, target: u, counts: map[string]int{}, fwd: map[string]int{}, stubs: map[string]string{}, slow: 3 * time.Second}
	p.rp = httputil.NewSingleHostReverseProxy(u)
	p.rp.ErrorLog = log.New(io.Discard, "", 0)
	p.rp.ModifyResponse = func(resp *http.Response) error {
		if d := time.Duration(p.shift.Load()); d != 0 {
			if t, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
				resp.Header.Set("Date", t.Add(d).UTC().Format(http.TimeFormat))
			}
		}
		return nil
	}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(func() {
		p.srv.CloseClientConnections()
		p.srv.Close()
		p.mu.Lock()
		if p.srv2 != nil {
			p.srv2.Close()
		}
		p.mu.Unlock()
	})
	return p
}

func (p *proxy) URL() string { return p.srv.URL }

func (p *proxy) setFault(f func(op string, n int, r *http.Request) fault) {
	p.mu.Lock()
	p.decide = f
	p.mu.Unlock()
}

func (p *proxy) count(op string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.counts[op]
}

func (p *proxy) resetCounts() {
	p.mu.Lock()
	clear(p.counts)
	clear(p.fwd)
	p.reqs = nil
	p.mu.Unlock()
}

func (p *proxy) requests(op string) []recorded {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []recorded
	for _, r := range p.reqs {
		if r.Op == op {
			out = append(out, r)
		}
	}
	return out
}

func (p *proxy) summary() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var ks []string
	for k, v := range p.counts {
		ks = append(ks, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(ks)
	return strings.Join(ks, " ")
}

var scopeRE = regexp.MustCompile(`Credential=[^/]+/[0-9]+/[^/]+/([^/]+)/aws4_request`)

// requestOp names a request as its IAM action, from the signing scope and the
// query Action or the JSON target.
func requestOp(r *http.Request, body []byte) string {
	svc := ""
	if m := scopeRE.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		svc = m[1]
	}
	if svc == "monitoring" {
		svc = "cloudwatch"
	}
	if tgt := r.Header.Get("X-Amz-Target"); tgt != "" {
		_, op, _ := strings.Cut(tgt, ".")
		return svc + ":" + op
	}
	if v, err := url.ParseQuery(string(body)); err == nil && v.Get("Action") != "" {
		return svc + ":" + v.Get("Action")
	}
	return svc + ":?"
}

func (p *proxy) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	op := requestOp(r, body)
	svc, _, _ := strings.Cut(op, ":")
	p.mu.Lock()
	p.counts[op]++
	n := p.counts[op]
	p.reqs = append(p.reqs, recorded{Op: op, Body: string(body), Header: r.Header.Clone()})
	decide := p.decide
	stub, stubbed := p.stubs[op]
	p.mu.Unlock()
	p.total.Add(1)
	f := faultNone
	if decide != nil {
		f = decide(op, n, r)
	}
	if f != faultNone {
		p.faulted.Add(1)
	}
	switch f {
	case faultThrottle:
		writeThrottle(w, svc)
		return
	case faultExpired:
		if svc == "cloudwatch" {
			w.Header().Set("Content-Type", "application/x-amz-json-1.0")
			w.Header().Set("X-Amzn-Query-Error", "ExpiredToken;Sender")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"__type":"ExpiredToken","message":"The security token included in the request is expired"}`)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>fault-expired</RequestId></ErrorResponse>`)
		return
	case fault4xx:
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>refused by the test</Message></Error><RequestId>fault-4xx</RequestId></ErrorResponse>`)
		return
	case fault5xxAfter:
		p.forward(httptest.NewRecorder(), r, op)
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, `<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>failed after applying</Message></Error><RequestId>fault-5xx-after</RequestId></ErrorResponse>`)
		return
	case fault5xx:
		if svc == "cloudwatch" {
			w.Header().Set("Content-Type", "application/x-amz-json-1.0")
			w.Header().Set("X-Amzn-Query-Error", "ServiceUnavailable;Receiver")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"__type":"ServiceUnavailable","message":"Service is unavailable"}`)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>Service is unavailable</Message></Error><RequestId>fault-5xx</RequestId></ErrorResponse>`)
		return
	case faultSlow:
		select {
		case <-time.After(p.slow):
		case <-r.Context().Done():
			return
		}
	case faultDrop:
		hijackClose(w)
		return
	case faultDropAfter:
		rec := httptest.NewRecorder()
		p.forward(rec, r, op)
		hijackClose(w)
		return
	}
	if stubbed {
		if strings.HasPrefix(stub, "<") {
			w.Header().Set("Content-Type", "text/xml")
		} else {
			w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		}
		w.Header().Set("X-Amzn-Requestid", "stub-"+op)
		fmt.Fprint(w, stub)
		return
	}
	p.forward(w, r, op)
}

func (p *proxy) forward(w http.ResponseWriter, r *http.Request, op string) {
	p.mu.Lock()
	p.fwd[op]++
	p.mu.Unlock()
	p.rp.ServeHTTP(w, r)
}

// forwarded is how many op requests reached moto.
func (p *proxy) forwarded(op string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.fwd[op]
}

// outage stops the proxy listening (connections are refused) or, with
// false, listens again on the same address.
func (p *proxy) outage(down bool) {
	addr := strings.TrimPrefix(p.srv.URL, "http://")
	if down {
		p.srv.Listener.Close()
		p.srv.CloseClientConnections()
		p.mu.Lock()
		if p.srv2 != nil {
			p.srv2.Close()
			p.srv2 = nil
		}
		p.mu.Unlock()
		return
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		p.t.Fatalf("listening again on %s: %v", addr, err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(p.serve)}
	p.mu.Lock()
	p.srv2 = srv
	p.mu.Unlock()
	go srv.Serve(l)
}

// stub answers op with body instead of moto (which lacks it).
func (p *proxy) stub(op, body string) {
	p.mu.Lock()
	p.stubs[op] = body
	p.mu.Unlock()
}

func hijackClose(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			c.Close()
		}
	}
}

// writeThrottle answers in each service's own throttling shape.
func writeThrottle(w http.ResponseWriter, svc string) {
	switch svc {
	case "cloudwatch":
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amzn-Query-Error", "Throttling;Sender")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"__type":"com.amazonaws.cloudwatch#Throttling","message":"Rate exceeded"}`)
	case "ec2":
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>fault-throttle</RequestID></Response>`)
	default:
		code := "Throttling"
		if svc == "elasticloadbalancing" {
			code = "ThrottlingException"
		}
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>Rate exceeded</Message></Error><RequestId>fault-throttle</RequestId></ErrorResponse>`, code)
	}
}

// --- sessions ---

type testEnv struct {
	proxy   *proxy
	session *Session
	journal string
	logBuf  *syncBuffer
}

type syncBuffer = awstest.SyncBuffer

// openTest opens a session to moto through a fresh proxy, with a journal
// in the test's temp dir and a debug log captured for secret checks.
func openTest(t testing.TB, mod func(*Options)) *testEnv {
	t.Helper()
	p := newProxy(t)
	env := &testEnv{proxy: p, logBuf: &syncBuffer{}}
	env.journal = filepath.Join(t.TempDir(), "journal.jsonl")
	o := Options{
		Endpoint:    p.URL(),
		JournalPath: env.journal,
		Logger:      newTestLogger(env.logBuf),
		CallTimeout: 10 * time.Second,
		MaxBackoff:  20 * time.Millisecond,
		OnCall:      func(op string) { opsSeen.Store(op, true) },
	}
	if mod != nil {
		mod(&o)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := Open(ctx, o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	env.session = s
	return env
}

func newTestLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func isKind(err, kind error) bool { return err != nil && errors.Is(err, kind) }
