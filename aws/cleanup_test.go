package aws

import (
	"context"
	"testing"

	"github.com/solemate/hoist/model"
)

// The launch templates with versions beyond their default and latest are
// read whole, in one DescribeLaunchTemplates for the lot; a template that
// no longer exists is skipped, by id or by name, even beside ones that do.
func TestSpareTemplateVersionsOnSimulator(t *testing.T) {
	env := openSim(t, nil)
	s, ctx := env.session, context.Background()
	snap, err := s.Fetch(ctx, model.Visible{All: true})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, g := range snap.Groups {
		refs = append(refs, g.Launch.TemplateID)
	}
	if len(refs) != 9 || refs[0] == "" {
		t.Fatalf("template refs %v", refs)
	}
	refs = append(refs, "lt-0123456789abcdef0", "name:gone-lt", "name:"+snap.Groups[0].Launch.TemplateName)
	before := s.Calls()
	lts, err := s.SpareTemplateVersions(ctx, refs)
	if err != nil {
		t.Fatal(err)
	}
	if len(lts) != 9 {
		t.Fatalf("%d templates with spare versions, want the fleet's 9 (each keeps 7)", len(lts))
	}
	for _, lt := range lts {
		if len(lt.Versions) != 7 || lt.Default != 7 || lt.Latest != 7 {
			t.Errorf("%s: %d versions, default %d, latest %d", lt.Name, len(lt.Versions), lt.Default, lt.Latest)
		}
	}
	// ids: one call fails on the unknown id, then 10 one by one; names: one call fails, then 2; 9 version reads
	if calls := s.Calls() - before; calls > 1+10+1+2+9 {
		t.Errorf("%d calls", calls)
	}
}
