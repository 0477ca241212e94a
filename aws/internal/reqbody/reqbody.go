// Package reqbody works around a race between smithy-go and net/http that
// closes connections under responses being read. Every SDK client hoist
// builds, and every SDK client the simulator's tests build, goes through it.
package reqbody

import (
	"bytes"
	"fmt"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"io"
	"net/http"
)

// Doer is the SDK's HTTP client interface (aws.HTTPClient).
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Client returns a Doer that hands net/http a request body of its own.
// inner nil is the SDK's default client.
func Client(inner Doer) Doer {
	if inner == nil {
		inner = awshttp.NewBuildableClient()
	}
	return client{inner: inner}
}

// client hands net/http a request body of its own.
//
// smithy-go wraps request bodies in a reader that, once closed, answers
// io.EOF, and it closes that reader as soon as Client.Do returns. net/http
// may return the response before its write loop has finished with the
// body; the write loop then reads io.EOF, takes it for a failed write and
// closes the connection under the response body still being read. hoist
// saw it as "use of closed network connection" on every few calls against
// a fast endpoint. AWS request bodies are small (a form or a JSON
// document), so reading one into memory per attempt is cheap; the SDK
// still rewinds its own stream between retries.
type client struct{ inner Doer }

func (c client) Do(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return c.inner.Do(r)
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, fmt.Errorf("read request body: %w", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	r.ContentLength = int64(len(b))
	return c.inner.Do(r)
}
