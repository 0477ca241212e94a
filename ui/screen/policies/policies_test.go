package policies

import "testing"

func TestParseNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"60", 60, true}, {" 7.5 ", 7.5, true}, {"-2", -2, true}, {"1e3", 1000, true}, {"1.7e308", 1.7e308, true},
		{"5O", 0, false}, {"7.5x", 0, false}, {"NaN", 0, false}, {"Inf", 0, false}, {"", 0, false},
	} {
		v, err := ParseNumber(c.in)
		if (err == nil) != c.ok || (c.ok && v != c.want) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, ok %v", c.in, v, err, c.want, c.ok)
		}
	}
}
