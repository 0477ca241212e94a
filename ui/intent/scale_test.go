package intent

import "testing"

func TestScaleDesired(t *testing.T) {
	for _, c := range []struct {
		s    Scale
		cur  int
		want int
		str  string
	}{
		{Scale{Sign: 1, By: 1}, 4, 5, "1+"},
		{Scale{Sign: 1}, 4, 5, "1+"}, // no count: one
		{Scale{Sign: -1, By: 2}, 4, 2, "2-"},
		{Scale{Sign: 1, By: 50, Percent: true}, 4, 6, "50%+"},
		{Scale{Sign: 1, By: 50, Percent: true}, 3, 5, "50%+"},  // 1.5 rounds up to 2
		{Scale{Sign: 1, By: 10, Percent: true}, 4, 5, "10%+"},  // 0.4 rounds up to 1
		{Scale{Sign: 1, By: 50, Percent: true}, 0, 1, "50%+"},  // at least one
		{Scale{Sign: -1, By: 50, Percent: true}, 8, 4, "50%-"}, // exact
		{Scale{Sign: -1, By: 50, Percent: true}, 1, 0, "50%-"},
		{Scale{Sign: -1, By: 33, Percent: true}, 10, 6, "33%-"}, // 3.3 rounds up to 4
		{Scale{Sign: 1, By: 200, Percent: true}, 8, 24, "200%+"},
		{Scale{To: 10}, 4, 10, "=10"},
		{Scale{To: 10}, 8, 10, "=10"}, // a value stays the value
	} {
		if got := c.s.Desired(c.cur); got != c.want {
			t.Errorf("%s from %d: %d, want %d", c.s, c.cur, got, c.want)
		}
		if got := c.s.String(); got != c.str {
			t.Errorf("%+v reads %q, want %q", c.s, got, c.str)
		}
		if c.s.Relative() != (c.s.Sign != 0) {
			t.Errorf("%s: relative %v", c.s, c.s.Relative())
		}
	}
}
