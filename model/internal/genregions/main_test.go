package main

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

// TestGeneratedListMatchesSDK fails when model/regions_gen.go is not what
// the SDK at go.mod's version lists: after an SDK upgrade, run
// go generate ./model.
func TestGeneratedListMatchesSDK(t *testing.T) {
	src, md, err := Generate()
	if err != nil {
		t.Skipf("the SDK's partition metadata is not readable here: %v", err)
	}
	for file, want := range map[string][]byte{"../../regions_gen.go": src, "../../../docs/regions.md": md} {
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the SDK's partitions (%s): run go generate ./model", file, firstDiff(got, want))
		}
	}
}

func TestRenderMarksOptInAndDropsGlobal(t *testing.T) {
	raw := []byte(`{"partitions":[
	 {"id":"aws","regionRegex":"^(us|af)\\-\\w+\\-\\d+$","regions":{
	   "aws-global":{"description":"aws global region"},
	   "us-east-1":{"description":"US East (N. Virginia)"},
	   "af-south-1":{"description":"Africa (Cape Town)"}}},
	 {"id":"aws-cn","regionRegex":"^cn\\-\\w+\\-\\d+$","regions":{"cn-north-1":{"description":"China (Beijing)"}}}]}`)
	rows, ps, err := parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	src, err := render(rows, ps, "v0")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`{Name: "af-south-1", Description: "Africa (Cape Town)", Partition: "aws", OptIn: true}`,
		`{Name: "us-east-1", Description: "US East (N. Virginia)", Partition: "aws", OptIn: false}`,
		`{Name: "cn-north-1", Description: "China (Beijing)", Partition: "aws-cn", OptIn: false}`,
	} {
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("generated source lacks %s:\n%s", want, src)
		}
	}
	if bytes.Contains(src, []byte("aws-global")) {
		t.Errorf("the global pseudo-region is listed:\n%s", src)
	}
}

func firstDiff(a, b []byte) string {
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(al) && i < len(bl); i++ {
		if !bytes.Equal(al[i], bl[i]) {
			return fmt.Sprintf("line %d: committed %q, SDK %q", i+1, al[i], bl[i])
		}
	}
	return "different lengths"
}
