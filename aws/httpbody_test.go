package aws

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// closedEOF is a request body as the SDK hands it to net/http: once the
// SDK has closed it (when the response arrives), WriteTo answers io.EOF.
type closedEOF struct {
	r      io.Reader
	closed bool
}

func (b *closedEOF) Read(p []byte) (int, error) {
	if b.closed {
		return 0, io.EOF
	}
	return b.r.Read(p)
}

func (b *closedEOF) WriteTo(w io.Writer) (int64, error) {
	if b.closed {
		return 0, io.EOF
	}
	return io.Copy(w, b.r)
}

func (b *closedEOF) Close() error { b.closed = true; return nil }

type doFunc func(*http.Request) (*http.Response, error)

func (f doFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// net/http's last read of a request body, after its Content-Length, is an
// io.Copy: through requestBodies a body closed by then ends cleanly
// instead of failing the request write (and the connection under the
// response).
func TestRequestBodiesEndCleanlyAfterClose(t *testing.T) {
	var seen io.ReadCloser
	c := requestBodies{doFunc(func(r *http.Request) (*http.Response, error) { seen = r.Body; return nil, nil })}
	body := &closedEOF{r: strings.NewReader("Action=DescribeAutoScalingGroups")}
	req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/", body)
	if _, err := c.Do(req); err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, io.LimitReader(seen, 6)); err != nil {
		t.Fatal(err)
	}
	body.Close()
	if _, err := io.Copy(io.Discard, seen); err != nil {
		t.Fatalf("reading the rest of a closed body: %v", err)
	}
	// Unwrapped, the same body fails that copy: what the wrapper is for.
	raw := &closedEOF{r: strings.NewReader("x"), closed: true}
	if _, err := io.Copy(io.Discard, raw); !errors.Is(err, io.EOF) {
		t.Fatalf("the SDK-like body no longer fails io.Copy (%v): the workaround may be obsolete", err)
	}
	if _, err := c.Do(&http.Request{Body: http.NoBody}); err != nil || seen != http.NoBody {
		t.Fatalf("NoBody must pass untouched: %v", err)
	}
}
