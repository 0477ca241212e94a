package reqbody

import (
	"bytes"
	"context"
	"errors"
	"net/url"

	smithyhttp "github.com/aws/smithy-go/transport/http"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// closingBody behaves like smithy-go's safe reader: after Close, reads
// answer io.EOF.
type closingBody struct {
	mu     sync.Mutex
	r      io.Reader
	closed bool
}

func (b *closingBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, io.EOF
	}
	return b.r.Read(p)
}

func (b *closingBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return nil
}

type recordingDoer struct{ got *http.Request }

func (d *recordingDoer) Do(r *http.Request) (*http.Response, error) {
	d.got = r
	return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
}

// The SDK closing its request body after Do returns must not take away
// what net/http is still writing.
func TestOwnBodySurvivesTheSDKClosingItsBody(t *testing.T) {
	const form = "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-id"
	sdkBody := &closingBody{r: strings.NewReader(form)}
	req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:1/", sdkBody)
	inner := &recordingDoer{}
	if _, err := Client(inner).Do(req); err != nil {
		t.Fatal(err)
	}
	sdkBody.Close() // what smithy-go does as soon as Do returns
	got, err := io.ReadAll(inner.got.Body)
	if err != nil || string(got) != form {
		t.Fatalf("net/http would write %q (%v), want the whole form", got, err)
	}
	again, _ := inner.got.GetBody()
	if b, _ := io.ReadAll(again); string(b) != form || inner.got.ContentLength != int64(len(form)) {
		t.Fatalf("GetBody gives %q, length %d", b, inner.got.ContentLength)
	}
}

func TestNilInnerIsTheSDKDefault(t *testing.T) {
	if _, ok := Client(nil).(client).inner.(interface {
		Do(*http.Request) (*http.Response, error)
	}); !ok {
		t.Fatal("no default client")
	}
}

// The race needs smithy-go's own request body to answer io.EOF once the
// SDK has closed it. If a smithy-go upgrade changes that, this fails and
// says the workaround may be obsolete.
func TestSmithyBodyStillFailsAfterClose(t *testing.T) {
	sr := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	sr.Method = http.MethodPost
	sr.URL, _ = url.Parse("http://127.0.0.1/")
	sr.ContentLength = 5
	var err error
	if sr, err = sr.SetStream(bytes.NewReader([]byte("hello"))); err != nil {
		t.Fatal(err)
	}
	body := sr.Build(context.Background()).Body
	body.Close() // what smithy-go does as soon as Client.Do returns
	if _, err := io.Copy(io.Discard, body); !errors.Is(err, io.EOF) {
		t.Fatalf("smithy-go's closed body no longer fails io.Copy (%v): the workaround may be obsolete", err)
	}
}
