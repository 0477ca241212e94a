package insight

import (
	"go/build"
	"strings"
	"testing"
)

// TestImports keeps the package pure: model from this project and the
// standard library, nothing that does IO on AWS's behalf or draws.
func TestImports(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if strings.Contains(imp, ".") && imp != "github.com/solemate/hoist/model" {
			t.Errorf("model/insight imports %s", imp)
		}
		switch imp {
		case "os", "net/http", "io", "os/exec":
			t.Errorf("model/insight imports %s: it does no IO", imp)
		}
	}
}
