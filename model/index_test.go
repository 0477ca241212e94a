package model

import "testing"

// TestIndexedLookups: an indexed snapshot finds target groups and load
// balancers by ARN exactly as the search does, absent ones included.
func TestIndexedLookups(t *testing.T) {
	plain := Snapshot{
		Groups:        []Group{{Name: "web", TargetGroupARNs: []string{"tg/b", "tg/missing", "tg/a"}}},
		TargetGroups:  []TargetGroup{{ARN: "tg/a", Name: "a", LoadBalancerARNs: []string{"lb/x"}}, {ARN: "tg/b", Name: "b", LoadBalancerARNs: []string{"lb/gone", "lb/y"}}},
		LoadBalancers: []LoadBalancer{{ARN: "lb/x"}, {ARN: "lb/y"}},
	}
	indexed := plain.Indexed()
	for _, arn := range []string{"tg/a", "tg/b", "tg/missing", ""} {
		p, pok := plain.TargetGroup(arn)
		i, iok := indexed.TargetGroup(arn)
		if pok != iok || (pok && p.ARN != i.ARN) {
			t.Errorf("TargetGroup(%q): search %v %v, index %v %v", arn, p, pok, i, iok)
		}
	}
	for _, arn := range []string{"lb/x", "lb/y", "lb/gone"} {
		p, pok := plain.LoadBalancer(arn)
		i, iok := indexed.LoadBalancer(arn)
		if pok != iok || (pok && p.ARN != i.ARN) {
			t.Errorf("LoadBalancer(%q): search %v %v, index %v %v", arn, p, pok, i, iok)
		}
	}
	g := &indexed.Groups[0]
	tg, lb := indexed.FrontOf(g)
	if tg == nil || tg.ARN != "tg/b" || lb == nil || lb.ARN != "lb/y" {
		t.Errorf("FrontOf: %v %v, want tg/b behind lb/y", tg, lb)
	}
	if n := len(indexed.TargetGroupsOf(g)); n != 2 {
		t.Errorf("TargetGroupsOf: %d, want 2", n)
	}
	// The index points into the snapshot's own slices.
	if tg != &indexed.TargetGroups[1] {
		t.Error("the indexed lookup returned a copy, not the snapshot's target group")
	}
}
