package sim

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Page tokens are opaque to clients: an offset into the filtered, ordered
// result, tagged with the operation so one call's token fails on another.
func pageToken(op string, off int) *string {
	t := base64.RawURLEncoding.EncodeToString([]byte(op + ":" + strconv.Itoa(off)))
	return &t
}

func parseToken(op string, tok *string) (int, bool) {
	if tok == nil || *tok == "" {
		return 0, true
	}
	b, err := base64.RawURLEncoding.DecodeString(*tok)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(b), op+":")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// pageOf is the page of list that starts at off (size items at most), and
// the token of the next page (nil on the last).
func pageOf[T any](op string, list []T, off, size int) ([]T, *string) {
	off = min(off, len(list))
	end := off + size
	if end >= len(list) {
		return list[off:], nil
	}
	return list[off:end], pageToken(op, end)
}

// asgPage reads an Auto Scaling describe's MaxRecords (default def, at most
// maxv) and NextToken.
func asgPage(op string, tok *string, req *int32, def, maxv int) (off, size int, err error) {
	return openPage(op, tok, req, def, maxv, "maxRecords",
		apiErr("InvalidNextToken", "The token '%s' is invalid.", aws.ToString(tok)))
}

// cwPage reads a CloudWatch describe's MaxRecords and NextToken.
func cwPage(op string, tok *string, req *int32, def, maxv int) (off, size int, err error) {
	return openPage(op, tok, req, def, maxv, "maxRecords",
		apiErr("InvalidNextToken", "The service cannot process the NextToken."))
}

// openPage validates a page size and parses a page token, answering
// badToken for a token this simulator did not hand out for op.
func openPage(op string, tok *string, req *int32, def, maxv int, field string, badToken error) (off, size int, err error) {
	size, err = pageSize(req, def, maxv, field)
	if err != nil {
		return 0, 0, err
	}
	off, ok := parseToken(op, tok)
	if !ok {
		return 0, 0, badToken
	}
	return off, size, nil
}

// pageSize validates a requested page size against AWS's default and max.
func pageSize(req *int32, def, maxv int, field string) (int, error) {
	if req == nil {
		return def, nil
	}
	v := int(*req)
	if v < 1 || v > maxv {
		return 0, apiErr("ValidationError", "1 validation error detected: Value '%d' at '%s' failed to satisfy constraint: Member must have value between 1 and %d", v, field, maxv)
	}
	return v, nil
}
