package wire

import (
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Service is one AWS service the server answers.
type Service struct {
	Name string // signing name: "autoscaling", "elasticloadbalancing", "monitoring", "ec2", "sts", "acm", "iam"
	// Client is a typed nil SDK client, e.g. (*autoscaling.Client)(nil): its
	// methods func(ctx, *XInput, ...func(*Options)) (*XOutput, error) define
	// the operations.
	Client any
	// Impl holds the handlers: methods with the same names,
	// func(ctx context.Context, in *svc.XInput) (*svc.XOutput, error).
	Impl any
}

// Call identifies one request, for hooks.
type Call struct {
	Service     string // signing name as above
	Operation   string // e.g. "SetDesiredCapacity"
	Protocol    string // "awsquery", "ec2query", "json1.0", "json1.1", "rpcv2cbor", "query"
	AccessKeyID string // from the SigV4 Authorization header, "" if unsigned
	RequestID   string
}

// Hooks let the simulator observe and perturb calls.
type Hooks struct {
	// Intercept runs before dispatch. A non-nil error is answered in the
	// protocol's error shape and the handler is not called (fault injection).
	Intercept func(ctx context.Context, c Call) error
	// Observe runs after every call, with the error answered (if any) and duration.
	Observe func(c Call, err error, d time.Duration)
	// Now is the server's clock, used for the Date response header. nil = time.Now.
	Now func() time.Time
}

// maxBody bounds a request body; PutMetricData, the largest, allows 1 MB.
const maxBody = 16 << 20

type server struct {
	hooks     Hooks
	byName    map[string]*service // signing name
	byTarget  map[string]*service // JSON/CBOR service name, e.g. GraniteServiceVersion20100801
	byVersion map[string]*service // awsquery Version parameter
}

type service struct {
	serviceMeta
	ops map[string]*operation
}

// NewServer returns an http.Handler answering the given services.
func NewServer(hooks Hooks, services ...Service) (http.Handler, error) {
	s := &server{
		hooks:     hooks,
		byName:    map[string]*service{},
		byTarget:  map[string]*service{},
		byVersion: map[string]*service{},
	}
	if s.hooks.Now == nil {
		s.hooks.Now = time.Now
	}
	for _, sv := range services {
		meta, ok := knownServices[sv.Name]
		if !ok {
			return nil, fmt.Errorf("wire: unknown service %q (known: %s)", sv.Name, knownNames())
		}
		if _, dup := s.byName[sv.Name]; dup {
			return nil, fmt.Errorf("wire: service %q given twice", sv.Name)
		}
		ops, err := discover(meta, sv.Client, sv.Impl)
		if err != nil {
			return nil, fmt.Errorf("wire: service %s: %w", sv.Name, err)
		}
		svc := &service{serviceMeta: meta, ops: ops}
		s.byName[meta.name] = svc
		s.byVersion[meta.version] = svc
		if meta.target != "" {
			s.byTarget[meta.target] = svc
		}
	}
	return s, nil
}

// request is one decoded HTTP request on its way through the server.
type request struct {
	call  Call
	svc   *service
	proto protocol
	body  []byte
	form  url.Values
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	req := &request{call: Call{RequestID: newRequestID()}, proto: guessProtocol(r)}
	var answered error
	defer func() {
		if s.hooks.Observe != nil {
			s.hooks.Observe(req.call, answered, time.Since(start))
		}
	}()
	status, body, err := s.serve(r, req)
	if err != nil {
		we := toWireError(err)
		answered = we
		status, body = we.status, req.proto.encodeError(req, we)
		if req.svc != nil && req.svc.queryCompatible {
			w.Header().Set("X-Amzn-Query-Error", we.code+";"+we.faultName())
		}
	}
	s.write(w, req, status, body)
}

// serve routes, intercepts, decodes, dispatches and encodes one call. A
// panic (a handler's bug) is answered as an internal failure.
func (s *server) serve(r *http.Request, req *request) (status int, body []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			status, body, err = 0, nil, fmt.Errorf("%s %s panicked: %v", req.call.Service, req.call.Operation, p)
		}
	}()
	if err = s.route(r, req); err != nil {
		return 0, nil, err
	}
	op, ok := req.svc.ops[req.call.Operation]
	if !ok {
		return 0, nil, unknownOperation(req.proto, fmt.Sprintf("%s does not implement operation %q",
			req.svc.name, req.call.Operation))
	}
	ctx := context.WithValue(r.Context(), callKey{}, req.call)
	if s.hooks.Intercept != nil {
		if err = s.hooks.Intercept(ctx, req.call); err != nil {
			return 0, nil, err
		}
	}
	d, err := req.proto.decoder(req)
	if err != nil {
		return 0, nil, err
	}
	in, err := op.decode(d)
	if err != nil {
		return 0, nil, req.proto.malformed(fmt.Errorf("%s input: %w", op.name, err))
	}
	out, err := op.invoke(ctx, in)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, req.proto.encodeResult(req, op, out), nil
}

// route finds the service, protocol and operation of a request, and the
// caller's access key. The SigV4 credential scope names the service; without
// one, the CBOR path, the X-Amz-Target prefix or the Version parameter does.
func (s *server) route(r *http.Request, req *request) error {
	akid, scope := parseAuthorization(r.Header.Get("Authorization"))
	req.call.AccessKeyID = akid
	req.call.Protocol = req.proto.name()
	body, err := readBody(r)
	if err != nil {
		return req.proto.malformed(err)
	}
	req.body = body
	hint, op, err := req.proto.locate(r, req)
	if err != nil {
		return err
	}
	req.call.Operation = op
	req.svc = s.byName[scope]
	if req.svc == nil && scope == "" {
		req.svc = s.byTarget[hint]
		if req.svc == nil {
			req.svc = s.byVersion[hint]
		}
	}
	if req.svc == nil {
		return unknownOperation(req.proto, fmt.Sprintf("no service answers %q here (served: %s)",
			firstNonEmpty(scope, hint), s.servedNames()))
	}
	req.call.Service = req.svc.name
	if err := req.proto.accept(req); err != nil {
		return err
	}
	req.call.Protocol = req.proto.name()
	return nil
}

// readBody reads a request body of at most maxBody bytes, gunzipping it if
// it says so (the SDK compresses PutMetricData).
func readBody(r *http.Request) ([]byte, error) {
	var in io.Reader = r.Body
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		z, err := gzip.NewReader(r.Body)
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		defer z.Close()
		in = z
	}
	body, err := io.ReadAll(io.LimitReader(in, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if len(body) > maxBody {
		return nil, fmt.Errorf("body larger than %d bytes", maxBody)
	}
	return body, nil
}

func (s *server) write(w http.ResponseWriter, req *request, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", req.proto.contentType())
	h.Set("X-Amzn-RequestId", req.call.RequestID)
	h.Set("Date", s.hooks.Now().UTC().Format(http.TimeFormat))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if req.proto.name() == protoCBOR {
		h.Set("Smithy-Protocol", "rpc-v2-cbor")
	}
	w.WriteHeader(status)
	_, _ = w.Write(body) // the client is gone if this fails; nothing to add
}

func (s *server) servedNames() string {
	return strings.Join(slices.Sorted(maps.Keys(s.byName)), ", ")
}

// parseAuthorization extracts the access key id and the service of the
// credential scope from a SigV4 Authorization header:
//
//	AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/autoscaling/aws4_request, SignedHeaders=..., Signature=...
//
// The signature is not verified: this is a local simulator.
func parseAuthorization(h string) (akid, service string) {
	_, rest, ok := strings.Cut(h, "Credential=")
	if !ok {
		return "", ""
	}
	cred, _, _ := strings.Cut(rest, ",")
	parts := strings.Split(strings.TrimSpace(cred), "/")
	if len(parts) != 5 {
		return parts[0], ""
	}
	return parts[0], parts[3]
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

type callKey struct{}

// CallFromContext returns the Call a handler is serving.
func CallFromContext(ctx context.Context) (Call, bool) {
	c, ok := ctx.Value(callKey{}).(Call)
	return c, ok
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
