package intent

import "fmt"

// Scale is how an operator asked to change a group's desired capacity:
// by a number of instances (2+), by a share of the current desired
// (50%+), or to a value (=10). The console sends only absolute values;
// Scale travels beside the action it became, so that when the group
// changed before the action went out, the same intent can be re-based on
// the new current value: a step or a share moves from the new value, a
// value stays the value.
type Scale struct {
	Sign    int  // +1 scale out, -1 scale in, 0 set to To
	By      int  // instances, or a percentage when Percent
	Percent bool // By is a share of the current desired, in percent
	To      int  // the desired capacity asked for, when Sign is 0
}

// Desired is the desired capacity the intent asks for when the group's
// desired is cur. A share is rounded up and moves at least one instance
// (50% of 3 is 2; 10% of 4 is 1), as does a step of zero.
func (s Scale) Desired(cur int) int {
	switch {
	case s.Sign == 0:
		return s.To
	case s.Percent:
		return cur + s.Sign*max(ceilShare(cur, s.By), 1)
	}
	return cur + s.Sign*max(s.By, 1)
}

// Relative reports whether the intent moves from the current value
// rather than naming one.
func (s Scale) Relative() bool { return s.Sign != 0 }

// String is the intent as the operator typed it: "2+", "50%-", "=10".
func (s Scale) String() string {
	if s.Sign == 0 {
		return fmt.Sprintf("=%d", s.To)
	}
	op := "+"
	if s.Sign < 0 {
		op = "-"
	}
	if s.Percent {
		return fmt.Sprintf("%d%%%s", s.By, op)
	}
	return fmt.Sprintf("%d%s", max(s.By, 1), op)
}

// ceilShare is pct percent of n, rounded up, for n, pct >= 0.
func ceilShare(n, pct int) int {
	if n <= 0 || pct <= 0 {
		return 0
	}
	return (n*pct + 99) / 100
}
