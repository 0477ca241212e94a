package aws

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFactsCited: every code comment that cites a section of
// docs/aws-facts.md ("docs/aws-facts.md: Rates") names a heading the file
// has, so a pointer is never to nothing.
func TestFactsCited(t *testing.T) {
	doc, err := os.ReadFile("../docs/aws-facts.md")
	if err != nil {
		t.Fatal(err)
	}
	headings := map[string]bool{}
	for _, l := range strings.Split(string(doc), "\n") {
		if h, ok := strings.CutPrefix(strings.TrimLeft(l, "#"), " "); ok && strings.HasPrefix(l, "#") {
			headings[h] = true
		}
	}
	cite := regexp.MustCompile(`docs/aws-facts\.md(?:: | \()([A-Z][a-z]+(?: [a-z]+)*)`)
	cited := 0
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range cite.FindAllStringSubmatch(string(src), -1) {
			cited++
			if !headings[m[1]] {
				t.Errorf("%s cites docs/aws-facts.md section %q, which has no such heading", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if cited == 0 {
		t.Fatal("no citation found: the pattern no longer matches the comments")
	}
}
