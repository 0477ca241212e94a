package sim

import (
	"encoding/base64"
	"strconv"
	"strings"
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

// pageBounds applies a page size to n items from off; it returns the end
// and the next token (nil on the last page).
func pageBounds(op string, off, size, n int) (int, *string) {
	if off > n {
		off = n
	}
	end := off + size
	if end >= n {
		return n, nil
	}
	return end, pageToken(op, end)
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
