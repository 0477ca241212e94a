package model

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// A spec (a group's settings, an alarm, a policy) as leaves: one value per
// field, named by its path in the configuration files ("threshold",
// "dimensions.AutoScalingGroupName", "metrics.e1.expression"). Plans show
// changes in these names and the journal keeps them, so that a revert can
// put each value back (SetLeaf).

// Unset is how a field without a value is shown.
const Unset = "(unset)"

// None is how an empty list is shown.
const None = "(none)"

// Leaf is one set field of a spec: its path and its value as text.
type Leaf struct{ Path, Value string }

// Leaves lists the set leaves of a spec by their file-format paths, in
// declaration order: nil pointers and nil lists are left out (not set),
// maps become one leaf per key, and a list of items with an id (metric
// queries) one group of leaves per item.
func Leaves(v any) []Leaf {
	var out []Leaf
	leavesOf("", reflect.ValueOf(v), &out)
	return out
}

var (
	stepsType   = reflect.TypeFor[[]StepAdjustment]()
	queriesType = reflect.TypeFor[[]MetricQuery]()
)

func leavesOf(prefix string, v reflect.Value, out *[]Leaf) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			leavesOf(prefix, v.Elem(), out)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			switch {
			case name == "-" || name == "absent" || !f.IsExported():
			case f.Type.Kind() == reflect.Int && strings.Contains(opts, "omitempty") && v.Field(i).Int() == 0:
				// a count left out (a metric math alarm has no period of its own)
			case opts == "inline":
				leavesOf(prefix, v.Field(i), out)
			default:
				leavesOf(joinPath(prefix, name), v.Field(i), out)
			}
		}
	case reflect.Map:
		for _, k := range slices.Sorted(maps.Keys(v.Interface().(map[string]string))) {
			*out = append(*out, Leaf{prefix + "." + k, v.MapIndex(reflect.ValueOf(k)).String()})
		}
	case reflect.Slice:
		sliceLeaves(prefix, v, out)
	case reflect.String:
		*out = append(*out, Leaf{prefix, v.String()})
	case reflect.Int:
		*out = append(*out, Leaf{prefix, strconv.Itoa(int(v.Int()))})
	case reflect.Float64:
		*out = append(*out, Leaf{prefix, FormatNumber(v.Float())})
	case reflect.Bool:
		*out = append(*out, Leaf{prefix, strconv.FormatBool(v.Bool())})
	}
}

func sliceLeaves(prefix string, v reflect.Value, out *[]Leaf) {
	switch {
	case v.IsNil():
	case v.Type() == stepsType:
		*out = append(*out, Leaf{prefix, FormatSteps(v.Interface().([]StepAdjustment))})
	case v.Type() == queriesType:
		for _, q := range v.Interface().([]MetricQuery) {
			var qs []Leaf
			leavesOf(prefix+"."+q.ID, reflect.ValueOf(q), &qs)
			*out = append(*out, slices.DeleteFunc(qs, func(l Leaf) bool { return l.Path == prefix+"."+q.ID+".id" })...)
		}
	default:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = fmt.Sprint(v.Index(i).Interface())
		}
		*out = append(*out, Leaf{prefix, ListValue(parts)})
	}
}

func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// ListValue shows a list: "a, b", or None.
func ListValue(parts []string) string {
	if len(parts) == 0 {
		return None
	}
	return strings.Join(parts, ", ")
}

// FormatNumber shows a number as briefly as it reads exactly.
func FormatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// FormatSteps writes steps as intervals: "[0, 2000) +1; [2000, ∞) +4".
func FormatSteps(steps []StepAdjustment) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		lo, hi := "-∞", "∞"
		if s.Lower != nil {
			lo = FormatNumber(*s.Lower)
		}
		if s.Upper != nil {
			hi = FormatNumber(*s.Upper)
		}
		parts[i] = fmt.Sprintf("[%s, %s) %+d", lo, hi, s.Adjustment)
	}
	return strings.Join(parts, "; ")
}

// DiffLeaves is the fields whose values differ between before and after;
// a leaf on one side only is Unset on the other.
func DiffLeaves(before, after []Leaf) []FieldChange {
	b := map[string]string{}
	for _, x := range before {
		b[x.Path] = x.Value
	}
	seen := map[string]bool{}
	var out []FieldChange
	for _, x := range after {
		seen[x.Path] = true
		old, ok := b[x.Path]
		if !ok {
			old = Unset
		}
		if old != x.Value {
			out = append(out, FieldChange{Field: x.Path, Before: old, After: x.Value})
		}
	}
	for _, x := range before {
		if !seen[x.Path] {
			out = append(out, FieldChange{Field: x.Path, Before: x.Value, After: Unset})
		}
	}
	return out
}

// CreatedLeaves is every set, non-empty leaf of a new resource as a
// change from nothing (its name aside: the resource carries it).
func CreatedLeaves(after []Leaf) []FieldChange {
	var out []FieldChange
	for _, x := range after {
		if x.Value != "" && x.Path != "name" {
			out = append(out, FieldChange{Field: x.Path, Before: Unset, After: x.Value})
		}
	}
	return out
}

// OnlyLeaves keeps the leaves of all whose path is one of want's.
func OnlyLeaves(all, want []Leaf) []Leaf {
	keep := map[string]bool{}
	for _, x := range want {
		keep[x.Path] = true
	}
	var out []Leaf
	for _, x := range all {
		if keep[x.Path] {
			out = append(out, x)
		}
	}
	return out
}

// SetLeaf sets the field of the spec v points to that path names (as
// Leaves names it) from its text: the inverse of Leaves, for a revert.
// Unset clears the field.
func SetLeaf(v any, path, value string) error {
	return setLeaf(reflect.ValueOf(v).Elem(), path, value)
}

func setLeaf(v reflect.Value, path, value string) error {
	if v.Kind() != reflect.Struct {
		return fmt.Errorf("%s is not a field hoist can set", path)
	}
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if opts == "inline" {
			if err := setLeaf(v.Field(i), path, value); err == nil {
				return nil
			}
			continue
		}
		rest, ok := strings.CutPrefix(path, name)
		switch {
		case !ok || name == "" || name == "-":
		case rest == "":
			return setValue(v.Field(i), path, value)
		case rest[0] == '.' && f.Type.Kind() == reflect.Map:
			return setMapLeaf(v.Field(i), rest[1:], value)
		case rest[0] == '.' && f.Type == queriesType:
			return setQueryLeaf(v.Field(i), path, rest[1:], value)
		case rest[0] == '.':
			return setLeaf(reflect.Indirect(ensure(v.Field(i))), rest[1:], value)
		}
	}
	return fmt.Errorf("%s is not a field hoist can set", path)
}

// ensure allocates a nil pointer field, so a leaf under it can be set.
func ensure(f reflect.Value) reflect.Value {
	if f.Kind() == reflect.Pointer && f.IsNil() {
		f.Set(reflect.New(f.Type().Elem()))
	}
	return f
}

func setMapLeaf(m reflect.Value, key, value string) error {
	if value == Unset {
		if !m.IsNil() {
			m.SetMapIndex(reflect.ValueOf(key), reflect.Value{})
		}
		return nil
	}
	if m.IsNil() {
		m.Set(reflect.MakeMap(m.Type()))
	}
	m.SetMapIndex(reflect.ValueOf(key), reflect.ValueOf(value))
	return nil
}

// setQueryLeaf sets a field of the metric query "id.field", adding the
// query when there is none of that id.
func setQueryLeaf(qs reflect.Value, path, rest, value string) error {
	id, field, ok := strings.Cut(rest, ".")
	if !ok {
		return fmt.Errorf("%s is not a field hoist can set", path)
	}
	list := qs.Interface().([]MetricQuery)
	i := slices.IndexFunc(list, func(q MetricQuery) bool { return q.ID == id })
	if i < 0 {
		list, i = append(list, MetricQuery{ID: id}), len(list)
	}
	if err := SetLeaf(&list[i], field, value); err != nil {
		return err
	}
	qs.Set(reflect.ValueOf(list))
	return nil
}

func setValue(f reflect.Value, path, value string) error {
	if value == Unset {
		f.Set(reflect.Zero(f.Type()))
		return nil
	}
	if f.Kind() == reflect.Pointer {
		f = ensure(f).Elem()
	}
	var err error
	switch f.Kind() {
	case reflect.String:
		f.SetString(value)
	case reflect.Int:
		var n int
		n, err = strconv.Atoi(value)
		f.SetInt(int64(n))
	case reflect.Float64:
		var x float64
		x, err = strconv.ParseFloat(value, 64)
		f.SetFloat(x)
	case reflect.Bool:
		var b bool
		b, err = strconv.ParseBool(value)
		f.SetBool(b)
	case reflect.Slice:
		if f.Type().Elem().Kind() != reflect.String {
			return fmt.Errorf("%s is not a field hoist can set", path)
		}
		list := []string{}
		if value != None {
			list = strings.Split(value, ", ")
		}
		f.Set(reflect.ValueOf(list).Convert(f.Type()))
	default:
		return fmt.Errorf("%s is not a field hoist can set", path)
	}
	if err != nil {
		return fmt.Errorf("%s: %q is not a value of it", path, value)
	}
	return nil
}
