package aws

import (
	"slices"
	"strings"
	"time"
)

// readTimes is when each item re-read by name was read (the start of the
// read), so that an older read arriving later does not replace it.
type readTimes map[string]time.Time

// mark records a read of names that began at started, and returns the
// names a newer read has already replaced: their result is to be skipped.
func (r readTimes) mark(names []string, started time.Time) map[string]bool {
	skip := map[string]bool{}
	for _, n := range names {
		if at, ok := r[n]; ok && at.After(started) {
			skip[n] = true
			continue
		}
		r[n] = started
	}
	return skip
}

// since returns the names read after started, and forgets the others: a
// whole read that began at started supersedes them.
func (r readTimes) since(started time.Time) map[string]bool {
	newer := map[string]bool{}
	for n, at := range r {
		if at.After(started) {
			newer[n] = true
		} else {
			delete(r, n)
		}
	}
	return newer
}

// keepNewer returns full (a whole read, sorted by name) with the items of
// cur named in newer in place of full's: they were read after full began.
// An item of newer absent from cur was deleted since.
func keepNewer[T any](full, cur []T, name func(*T) string, newer map[string]bool) []T {
	if len(newer) == 0 {
		return full
	}
	out := make([]T, 0, len(full)+len(newer))
	for i := range full {
		if !newer[name(&full[i])] {
			out = append(out, full[i])
		}
	}
	for i := range cur {
		if newer[name(&cur[i])] {
			out = append(out, cur[i])
		}
	}
	sortByName(out, name)
	return out
}

// replaceByName returns list (sorted by name) with read's items in place
// of those of the same name, read's new items added, and the names in
// asked but not in read removed: deleted. Names in skip keep their item.
// list is not changed: a published snapshot may hold it.
func replaceByName[T any](list, read []T, asked []string, name func(*T) string, skip map[string]bool) []T {
	fresh := make(map[string]int, len(read))
	for i := range read {
		if n := name(&read[i]); !skip[n] {
			fresh[n] = i
		}
	}
	gone := map[string]bool{}
	for _, n := range asked {
		if _, ok := fresh[n]; !ok && !skip[n] {
			gone[n] = true
		}
	}
	out := make([]T, 0, len(list)+len(fresh))
	for i := range list {
		n := name(&list[i])
		if j, ok := fresh[n]; ok {
			out = append(out, read[j])
			delete(fresh, n)
		} else if !gone[n] {
			out = append(out, list[i])
		}
	}
	if len(fresh) > 0 {
		for _, j := range fresh {
			out = append(out, read[j])
		}
		sortByName(out, name)
	}
	return out
}

func sortByName[T any](xs []T, name func(*T) string) {
	slices.SortFunc(xs, func(a, b T) int { return strings.Compare(name(&a), name(&b)) })
}
