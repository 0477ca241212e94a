package sim

import (
	"testing"

	"github.com/solemate/hoist/model"
)

// TestCatalogIsPriced keeps the simulator's instance types and the console's
// built-in us-east-1 table in step: a demo fleet that shows "unpriced"
// instances, or a cost that disagrees with what the simulator charges,
// teaches the wrong thing.
func TestCatalogIsPriced(t *testing.T) {
	prices := model.BuiltinPrices("us-east-1")
	for _, it := range catalog {
		got, ok := prices.OnDemand[it.name]
		if !ok {
			t.Errorf("%s: in the simulator's catalog but not in model's us-east-1 price table", it.name)
			continue
		}
		if got != it.onDemand {
			t.Errorf("%s: simulator charges $%.4f/h, model's table says $%.4f/h", it.name, it.onDemand, got)
		}
	}
}
