package model

import (
	"testing"
	"time"
)

func TestParseSpan(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
		back string
	}{
		{"2h", 2 * time.Hour, "2h"}, {"90m", 90 * time.Minute, "90m"}, {"14d", 14 * 24 * time.Hour, "14d"},
		{"1d", 24 * time.Hour, "24h"}, {"1m", time.Minute, "1m"}, {"455d", MaxSpan, "455d"}, {"36h", 36 * time.Hour, "36h"},
	} {
		got, err := ParseSpan(c.in)
		if err != nil || got != c.want || SpanString(got) != c.back {
			t.Errorf("%s: %v, %v, %q", c.in, got, err, SpanString(got))
		}
	}
	for _, bad := range []string{"", "0d", "-1d", "456d", "30s", "soon", "2x", "456d", "11000h", "d"} {
		if d, err := ParseSpan(bad); err == nil {
			t.Errorf("%q: %v, no error", bad, d)
		}
	}
}
