package spec

import (
	"fmt"
	"strings"
)

// Render writes the plan as Terraform writes one: a header saying where it
// was made, each change in the order apply makes it (+ create, ~ change,
// - delete) with its fields, then the counts, the fleet's cost per hour
// before and after, and notes. The lines hold names from AWS: the caller
// makes them safe for a terminal.
func Render(p *Plan) []string {
	if p.Empty() {
		return append(RenderHead(p), RenderNotes(p)...)
	}
	out := RenderHead(p)
	for _, c := range p.Changes {
		out = append(out, RenderChange(c)...)
	}
	return append(out, RenderFoot(p)...)
}

// RenderHead is the plan's first lines: where it was made and from what,
// or that nothing changes.
func RenderHead(p *Plan) []string {
	files := fmt.Sprintf("%d files", len(p.Files))
	if len(p.Files) == 1 {
		files = p.Files[0]
	}
	if p.Empty() {
		return []string{fmt.Sprintf("No changes: %s matches %s.", p.Where, files)}
	}
	return []string{fmt.Sprintf("Plan for %s, from %s, in the order apply makes it:", p.Where, files), ""}
}

// RenderFoot is the plan's last lines: the counts, the cost before and
// after, what hoist cannot send yet, and the notes.
func RenderFoot(p *Plan) []string {
	add, change, del := p.Counts()
	out := []string{"", fmt.Sprintf("Plan: %d to add, %d to change, %d to delete.", add, change, del)}
	if p.Cost.Before != p.Cost.After {
		out = append(out, fmt.Sprintf("Cost: %s → %s (%s).", money(p.Cost.Before), money(p.Cost.After), signedMoney(p.Cost.After-p.Cost.Before)))
	}
	if pend := p.Pending(); len(pend) > 0 {
		out = append(out, PendingSentence(pend))
	}
	return append(out, RenderNotes(p)...)
}

// PendingSentence says which calls a plan needs that hoist cannot send.
func PendingSentence(pend []string) string {
	return fmt.Sprintf("hoist apply cannot yet send %s: this plan can be reviewed, not applied.", strings.Join(pend, "; "))
}

// RenderNotes are the plan's notes, a line each.
func RenderNotes(p *Plan) []string {
	var out []string
	for _, n := range p.Notes {
		out = append(out, "Note: "+n+".")
	}
	return out
}

func signedMoney(v float64) string {
	if v < 0 {
		return "-" + money(-v)
	}
	return "+" + money(v)
}

// RenderChange is one change: its resource, then each field before and
// after (a created resource's fields after only), then its cost.
func RenderChange(c Change) []string {
	out := []string{fmt.Sprintf("  %s %s", c.Op, c.Resource())}
	width := 0
	for _, f := range c.Fields {
		width = max(width, len(f.Field))
	}
	if c.Cost != nil {
		width = max(width, len("cost"))
	}
	for _, f := range c.Fields {
		v := f.Before + " → " + f.After
		if c.Op == Create {
			v = f.After
		}
		out = append(out, fmt.Sprintf("      %-*s  %s", width, f.Field, v))
	}
	if c.Cost != nil {
		out = append(out, fmt.Sprintf("      %-*s  %s → %s", width, "cost", money(c.Cost.Before), money(c.Cost.After)))
	}
	return out
}
