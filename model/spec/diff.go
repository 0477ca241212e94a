package spec

import (
	"fmt"
	"math"

	"github.com/solemate/hoist/model"
)

// Unset is how a field without a value is shown.
const Unset = model.Unset

// Leaves, diffs and their rendering are model's (model/specfields.go):
// actions name their field changes the way plans do.
var (
	flatten = model.Leaves
	diff    = model.DiffLeaves
	created = model.CreatedLeaves
	only    = model.OnlyLeaves
)

func listValue(parts []string) string { return model.ListValue(parts) }

// money writes an hourly cost: "$1.234/h".
func money(v float64) string {
	if math.Abs(v) < 0.0005 {
		v = 0
	}
	return fmt.Sprintf("$%.3f/h", v)
}
