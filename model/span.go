package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxSpan is the longest window a report reads: CloudWatch keeps hourly
// data 455 days.
const MaxSpan = 455 * 24 * time.Hour

// ParseSpan reads a report's window as an operator types it: a Go
// duration ("2h", "90m") or whole days ("14d"), from a minute to 455 days.
func ParseSpan(v string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n <= 0 || time.Duration(n)*24*time.Hour > MaxSpan {
			return 0, errors.New("not a number of days between 1 and 455")
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	t, err := time.ParseDuration(v)
	if err != nil || t < time.Minute || t > MaxSpan {
		return 0, errors.New("not a duration between 1m and 455d")
	}
	return t, nil
}

// SpanString writes a window back the way ParseSpan reads it: "14d",
// "24h", "90m".
func SpanString(d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}
