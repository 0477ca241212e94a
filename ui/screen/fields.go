package screen

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/solemate/hoist/ui/form"
)

// Fields more than one screen's forms take.

// SecondsField is a duration in whole seconds, blank for AWS's default.
func SecondsField(label, help string, v *int) form.Field {
	val := ""
	if v != nil {
		val = (time.Duration(*v) * time.Second).String()
	}
	return form.Field{Label: label, Kind: form.Text, Value: val, Limit: 12, Help: help,
		Check: func(x form.Value) error { _, err := ParseSeconds(x.Text); return err }}
}

// ParseSeconds reads "", "120", "120s", "2m" or "1h30m" as whole seconds
// (nil for blank).
func ParseSeconds(s string) (*int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n < 0 {
			return nil, fmt.Errorf("%d is negative: a duration is 0 or more seconds", n)
		}
		return &n, nil
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return nil, fmt.Errorf("%q is not a duration such as 90s, 2m or 120", s)
	case d < 0:
		return nil, fmt.Errorf("%s is negative: a duration is 0 or more seconds", s)
	case d%time.Second != 0:
		return nil, fmt.Errorf("%s is not whole seconds: AWS takes seconds", s)
	case d > math.MaxInt32*time.Second:
		return nil, fmt.Errorf("%s is longer than AWS takes", s)
	}
	n := int(d / time.Second)
	return &n, nil
}

// MustSeconds is ParseSeconds of a value already checked.
func MustSeconds(s string) *int {
	n, _ := ParseSeconds(s)
	return n
}
