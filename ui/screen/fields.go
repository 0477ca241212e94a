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

// Fields are a form's fields by key, so that a field's Hidden and the
// values read by key do not depend on the fields' order.
type Fields struct {
	List []form.Field
	at   map[string]int
}

// Add appends field fl under key.
func (f *Fields) Add(key string, fl form.Field) {
	if f.at == nil {
		f.at = map[string]int{}
	}
	f.at[key] = len(f.List)
	f.List = append(f.List, fl)
}

// V is the value of field key in vs (the zero Value when the form has
// no such field).
func (f *Fields) V(vs form.Values, key string) form.Value {
	if i, ok := f.at[key]; ok && i < len(vs) {
		return vs[i]
	}
	return form.Value{}
}

// Unless hides a field unless field key has one of values.
func (f *Fields) Unless(key string, values ...string) func(form.Values) bool {
	return func(vs form.Values) bool {
		v := f.V(vs, key).Text
		for _, w := range values {
			if v == w {
				return false
			}
		}
		return true
	}
}
