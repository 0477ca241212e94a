package screen

import "strings"

// Fill cuts or pads a screen's lines to n lines of w cells and adds last
// (its key hints) under them.
func Fill(out []string, n, w int, last string) []string {
	if n < 0 {
		return nil
	}
	if len(out) > n {
		out = out[:n]
	}
	for len(out) < n {
		out = append(out, strings.Repeat(" ", w))
	}
	return append(out, last)
}

// Pick is the item under cursor (kept within the list), false for an
// empty list: lists re-read under a cursor shrink.
func Pick[T any](xs []T, cursor int) (T, bool) {
	if len(xs) == 0 {
		var zero T
		return zero, false
	}
	return xs[max(0, min(cursor, len(xs)-1))], true
}

// Step moves cursor by d within a list of n.
func Step(cursor, d, n int) int { return max(0, min(n-1, cursor+d)) }

// NeedGroup is why a binding on group cannot run: it is gone from the
// snapshot; "" while it is there.
func NeedGroup(env *Env, group string) string {
	if _, ok := env.Group(group); !ok {
		return group + " is gone from the latest snapshot"
	}
	return ""
}
