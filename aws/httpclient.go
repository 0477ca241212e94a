package aws

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// httpDoer is the SDK's HTTP client interface.
type httpDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// ownBodyClient hands net/http a request body of its own.
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
type ownBodyClient struct{ inner httpDoer }

func (c ownBodyClient) Do(r *http.Request) (*http.Response, error) {
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
