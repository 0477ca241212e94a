package config

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/solemate/hoist/model"
)

var (
	configType   = reflect.TypeFor[model.Config]()
	durationType = reflect.TypeFor[time.Duration]()
)

// checkNode walks the parsed document beside the Go type it will decode
// into, and words the first mistake for a person: an unknown key with its
// line, the keys allowed there and the nearest one; a value of the wrong
// kind with its line, its key and the kind wanted. path is the dotted key
// path so far ("profiles.prod"). Aliases are left to the decoder.
func checkNode(n *yaml.Node, t reflect.Type, path string) error {
	if n.Kind == yaml.DocumentNode {
		for _, c := range n.Content {
			if err := checkNode(c, t, path); err != nil {
				return err
			}
		}
		return nil
	}
	if n.Kind == yaml.AliasNode || n.ShortTag() == "!!null" {
		return nil
	}
	switch {
	case t.Kind() == reflect.Struct:
		return checkMapping(n, t, path)
	case t.Kind() == reflect.Map:
		if n.Kind != yaml.MappingNode {
			return wrongKind(n, t, path)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if err := checkNode(v, t.Elem(), join(path, k.Value)); err != nil {
				return err
			}
		}
		return nil
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return wrongKind(n, t, path)
		}
		for _, c := range n.Content {
			if err := checkNode(c, t.Elem(), path); err != nil {
				return err
			}
		}
		return nil
	}
	if n.Kind != yaml.ScalarNode || n.Decode(reflect.New(t).Interface()) != nil {
		return wrongKind(n, t, path)
	}
	return nil
}

// checkMapping checks a mapping against a struct's yaml keys.
func checkMapping(n *yaml.Node, t reflect.Type, path string) error {
	if n.Kind != yaml.MappingNode {
		return wrongKind(n, t, path)
	}
	fields := yamlFields(t)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" {
			continue // a merge key: the decoder checks what it merges
		}
		f, ok := fields[k.Value]
		if !ok {
			return unknownKey(k, t, path)
		}
		if err := checkNode(v, f, join(path, k.Value)); err != nil {
			return err
		}
	}
	return nil
}

// yamlFields maps a struct's yaml keys to their types.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		if name := keyOf(t.Field(i)); name != "" {
			out[name] = t.Field(i).Type
		}
	}
	return out
}

// yamlKeys are a struct's yaml keys in declaration order.
func yamlKeys(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if name := keyOf(t.Field(i)); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// keyOf is the yaml key of a field: its tag's name, or its lowercased name
// as the decoder takes it; "" for an unexported or skipped field.
func keyOf(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	switch name {
	case "-":
		return ""
	case "":
		return strings.ToLower(f.Name)
	}
	return name
}

func unknownKey(k *yaml.Node, t reflect.Type, path string) error {
	valid := yamlKeys(t)
	where := ""
	if path != "" {
		where = " in " + path
	}
	msg := fmt.Sprintf("line %d: unknown key %q%s", k.Line, k.Value, where)
	if near := nearest(k.Value, valid); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	}
	return fmt.Errorf("%s; the keys%s are %s", msg, where, strings.Join(valid, ", "))
}

func wrongKind(n *yaml.Node, t reflect.Type, path string) error {
	got := n.Value
	switch n.Kind {
	case yaml.MappingNode:
		got = "a mapping"
	case yaml.SequenceNode:
		got = "a list"
	default:
		got = fmt.Sprintf("%q", truncate(got, 40))
	}
	return fmt.Errorf("line %d: %s must be %s, not %s", n.Line, orTop(path), kindOf(t), got)
}

// kindOf words a Go type the way the config's reader thinks of it.
func kindOf(t reflect.Type) string {
	switch {
	case t == durationType:
		return "a duration like 10s, 5m or 1h"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "a whole number"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return "a number"
	case t.Kind() == reflect.String:
		return "a single value"
	case t.Kind() == reflect.Slice:
		return "a list like [a, b]"
	case t.Kind() == reflect.Struct:
		return "a mapping (keys: " + strings.Join(yamlKeys(t), ", ") + ")"
	}
	return "a mapping"
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orTop(path string) string {
	if path == "" {
		return "the file"
	}
	return path
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// nearest is the valid key a typo most likely meant: within two edits,
// or one for a short key; "" when none is that close.
func nearest(typo string, valid []string) string {
	best, bestD := "", 3
	for _, v := range valid {
		limit := 2
		if len(v) <= 4 {
			limit = 1
		}
		if d := model.EditDistance(strings.ToLower(typo), v); d <= limit && d < bestD {
			best, bestD = v, d
		}
	}
	return best
}
