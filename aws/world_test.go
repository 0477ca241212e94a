package aws

import (
	"slices"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

func groupNames(gs []model.Group) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Name)
	}
	return out
}

// A read by name that finds fewer groups than it asked for removes none:
// the names a read of every group gave back are not always names AWS
// finds again (the hostile fleet's), and the list must not shrink to the
// groups found on every fast read. The next read of every group decides.
func TestPatchGroupsKeepsGroupsAReadByNameMissed(t *testing.T) {
	w := newWorld(&Session{})
	t0 := time.Date(2026, 12, 3, 3, 14, 0, 0, time.UTC)
	all := []model.Group{{Name: "a", Capacity: model.Capacity{Desired: 1}}, {Name: "b", Capacity: model.Capacity{Desired: 2}}, {Name: "c", Capacity: model.Capacity{Desired: 3}}}
	w.setGroups(groupsResult{groups: slices.Clone(all), lt: map[string]ltRef{}}, t0)

	w.patchGroups([]string{"a", "b", "c"}, groupsResult{groups: []model.Group{{Name: "b", Capacity: model.Capacity{Desired: 5}}}, lt: map[string]ltRef{}}, t0.Add(time.Second))
	if got, want := groupNames(w.groups), []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Fatalf("after a read by name that found only b: groups %v, want %v", got, want)
	}
	if g, _ := w.group("b"); g.Desired != 5 {
		t.Errorf("b was read again at desired 5, the list has %d", g.Desired)
	}

	// A group deleted goes with the next read of every group.
	w.setGroups(groupsResult{groups: []model.Group{{Name: "a", Capacity: model.Capacity{Desired: 1}}, {Name: "b", Capacity: model.Capacity{Desired: 5}}}, lt: map[string]ltRef{}}, t0.Add(2*time.Second))
	if got, want := groupNames(w.groups), []string{"a", "b"}; !slices.Equal(got, want) {
		t.Fatalf("after a read of every group without c: groups %v, want %v", got, want)
	}
}
