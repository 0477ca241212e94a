package spec

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/solemate/hoist/model"
)

// Unset is how a field without a value is shown.
const Unset = "(unset)"

// kv is one leaf of a flattened spec.
type kv struct{ k, v string }

// flatten lists the set leaves of a spec by their file-format paths, in
// declaration order: nil pointers and nil lists are left out (not set),
// maps become one leaf per key.
func flatten(v any) []kv {
	var out []kv
	flattenValue("", reflect.ValueOf(v), &out)
	return out
}

var stepsType = reflect.TypeFor[[]model.StepAdjustment]()

func flattenValue(prefix string, v reflect.Value, out *[]kv) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			flattenValue(prefix, v.Elem(), out)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			switch {
			case name == "-" || name == "absent" || !f.IsExported():
			case opts == "inline":
				flattenValue(prefix, v.Field(i), out)
			default:
				flattenValue(join(prefix, name), v.Field(i), out)
			}
		}
	case reflect.Map:
		for _, k := range slices.Sorted(maps.Keys(v.Interface().(map[string]string))) {
			*out = append(*out, kv{prefix + "." + k, v.MapIndex(reflect.ValueOf(k)).String()})
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		if v.Type() == stepsType {
			*out = append(*out, kv{prefix, formatSteps(v.Interface().([]model.StepAdjustment))})
			return
		}
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = fmt.Sprint(v.Index(i).Interface())
		}
		*out = append(*out, kv{prefix, listValue(parts)})
	case reflect.String:
		*out = append(*out, kv{prefix, v.String()})
	case reflect.Int:
		*out = append(*out, kv{prefix, strconv.Itoa(int(v.Int()))})
	case reflect.Float64:
		*out = append(*out, kv{prefix, formatNumber(v.Float())})
	case reflect.Bool:
		*out = append(*out, kv{prefix, strconv.FormatBool(v.Bool())})
	}
}

func listValue(parts []string) string {
	if len(parts) == 0 {
		return "(none)"
	}
	return strings.Join(parts, ", ")
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// formatSteps writes steps as intervals: "[0, 2000) +1; [2000, ∞) +4".
func formatSteps(steps []model.StepAdjustment) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		lo, hi := "-∞", "∞"
		if s.Lower != nil {
			lo = formatNumber(*s.Lower)
		}
		if s.Upper != nil {
			hi = formatNumber(*s.Upper)
		}
		parts[i] = fmt.Sprintf("[%s, %s) %+d", lo, hi, s.Adjustment)
	}
	return strings.Join(parts, "; ")
}

// diff is the fields whose values differ between before and after; a leaf
// on one side only is Unset on the other.
func diff(before, after []kv) []model.FieldChange {
	b := map[string]string{}
	for _, x := range before {
		b[x.k] = x.v
	}
	seen := map[string]bool{}
	var out []model.FieldChange
	for _, x := range after {
		seen[x.k] = true
		old, ok := b[x.k]
		if !ok {
			old = Unset
		}
		if old != x.v {
			out = append(out, model.FieldChange{Field: x.k, Before: old, After: x.v})
		}
	}
	for _, x := range before {
		if !seen[x.k] {
			out = append(out, model.FieldChange{Field: x.k, Before: x.v, After: Unset})
		}
	}
	return out
}

// created is every set, non-empty leaf of a new resource as a change from
// nothing.
func created(after []kv) []model.FieldChange {
	var out []model.FieldChange
	for _, x := range after {
		if x.v != "" && x.k != "name" {
			out = append(out, model.FieldChange{Field: x.k, Before: Unset, After: x.v})
		}
	}
	return out
}

// only keeps the leaves of all whose path is one of want's.
func only(all, want []kv) []kv {
	keep := map[string]bool{}
	for _, x := range want {
		keep[x.k] = true
	}
	var out []kv
	for _, x := range all {
		if keep[x.k] {
			out = append(out, x)
		}
	}
	return out
}

// money writes an hourly cost: "$1.234/h".
func money(v float64) string {
	if math.Abs(v) < 0.0005 {
		v = 0
	}
	return fmt.Sprintf("$%.3f/h", v)
}
