package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Pos is where a value was written: a file and a line (0 for the whole file).
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return p.File + ":" + strconv.Itoa(p.Line)
}

// Error is a configuration refused: one sentence that names the file and
// line it is about.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

func errorAt(p Pos, format string, args ...any) error {
	return &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

// Doc is one parsed file and the line each of its values was written on.
type Doc struct {
	Name  string
	File  File
	lines map[string]int // "groups[0].policies[1].target_tracking.target" → line
}

// Pos is where the value at path was written, or the nearest enclosing
// value that was.
func (d *Doc) Pos(path string) Pos {
	for p := path; ; {
		if l, ok := d.lines[p]; ok {
			return Pos{File: d.Name, Line: l}
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			return Pos{File: d.Name, Line: d.lines[""]}
		}
		p = p[:i]
	}
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse reads one file. It refuses what is not valid YAML, a field the
// format does not have (naming the ones it has), and a value of the wrong
// kind, each with the file and line; the values' ranges are checked when
// the files are resolved against the live groups.
func Parse(name string, data []byte) (*Doc, error) {
	d := &Doc{Name: name, lines: map[string]int{}}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return d, nil // empty, or only comments
		}
		return nil, yamlError(name, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, yamlError(name, err)
	case len(next.Content) > 0 && next.Content[0].Tag != "!!null":
		return nil, errorAt(Pos{name, next.Content[0].Line}, "a second YAML document: hoist reads one document per file, so put it in a file of its own")
	}
	if len(root.Content) == 0 {
		return d, nil
	}
	top := root.Content[0]
	d.lines[""] = top.Line
	if top.Tag == "!!null" {
		return d, nil
	}
	if err := d.check(top, reflect.TypeFor[File](), ""); err != nil {
		return nil, err
	}
	if err := top.Decode(&d.File); err != nil {
		return nil, errorAt(Pos{name, top.Line}, "%v", err)
	}
	if v := d.File.Version; v != 0 && v != Version {
		return nil, errorAt(d.Pos("version"), "version %d is not one this hoist reads (it reads version %d)", v, Version)
	}
	return d, nil
}

func yamlError(name string, err error) error {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return errorAt(Pos{name, line}, "not valid YAML: %s", m[2])
	}
	return errorAt(Pos{name, 0}, "not valid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// label is the name a message gives the value at path: its key.
func label(path string) string {
	if i := strings.LastIndex(path, "."); i >= 0 {
		path = path[i+1:]
	}
	if i := strings.Index(path, "["); i >= 0 {
		return "each entry of " + path[:i]
	}
	if path == "" {
		return "the file"
	}
	return path
}

// where names a mapping for an unknown-field message.
func where(path string) string {
	if path == "" {
		return "at the top of the file"
	}
	l := label(path)
	if e, ok := strings.CutPrefix(l, "each entry of "); ok {
		return "in an entry of " + e
	}
	return "in " + l
}

// yamlFields lists a struct's fields by their YAML names, inline fields
// flattened, in declaration order.
func yamlFields(t reflect.Type) (names []string, types map[string]reflect.Type) {
	types = map[string]reflect.Type{}
	for f := range t.Fields() {
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		switch {
		case tag == "-" || !f.IsExported():
			continue
		case opts == "inline":
			n, ts := yamlFields(f.Type)
			names = append(names, n...)
			for k, v := range ts {
				types[k] = v
			}
			continue
		case name == "":
			name = strings.ToLower(f.Name)
		}
		names = append(names, name)
		types[name] = f.Type
	}
	return names, types
}

// check walks n against the Go type it will decode into, recording lines
// and refusing unknown fields and values of the wrong kind.
func (d *Doc) check(n *yaml.Node, t reflect.Type, path string) error {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Tag == "!!null" {
		return nil
	}
	at := Pos{d.Name, n.Line}
	switch t.Kind() {
	case reflect.Pointer:
		return d.check(n, t.Elem(), path)
	case reflect.Struct:
		return d.checkStruct(n, t, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return errorAt(at, "%s must be a list (- item per line, or [a, b])", label(path))
		}
		for i, c := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			d.lines[p] = c.Line
			if err := d.check(c, t.Elem(), p); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		return d.checkMap(n, path)
	}
	return checkScalar(at, n, t.Kind(), path)
}

func (d *Doc) checkStruct(n *yaml.Node, t reflect.Type, path string) error {
	names, types := yamlFields(t)
	if n.Kind != yaml.MappingNode {
		return errorAt(Pos{d.Name, n.Line}, "%s must be a mapping of fields: %s", label(path), strings.Join(names, ", "))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		at := Pos{d.Name, k.Line}
		key := k.Value
		ft, ok := types[key]
		switch {
		case !ok:
			return errorAt(at, "unknown field %q %s: the fields are %s", key, where(path), strings.Join(names, ", "))
		case seen[key]:
			return errorAt(at, "%s is set twice %s", key, where(path))
		}
		seen[key] = true
		p := join(path, key)
		d.lines[p] = k.Line
		if err := d.check(v, ft, p); err != nil {
			return err
		}
	}
	return nil
}

// checkMap checks a map of strings (tags, dimensions, attributes): any
// scalar value is taken as its text, so `timeout_seconds: 30` is "30".
func (d *Doc) checkMap(n *yaml.Node, path string) error {
	if n.Kind != yaml.MappingNode {
		return errorAt(Pos{d.Name, n.Line}, "%s must be a mapping of names to values", label(path))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		at := Pos{d.Name, k.Line}
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			return errorAt(at, "each entry of %s must be name: value", label(path))
		}
		if seen[k.Value] {
			return errorAt(at, "%s is set twice in %s", k.Value, label(path))
		}
		seen[k.Value] = true
		k.Tag, v.Tag = "!!str", "!!str"
		d.lines[join(path, k.Value)] = k.Line
	}
	return nil
}

func checkScalar(at Pos, n *yaml.Node, kind reflect.Kind, path string) error {
	if n.Kind != yaml.ScalarNode {
		return errorAt(at, "%s must be a single value, not a list or mapping", label(path))
	}
	switch kind {
	case reflect.String:
		n.Tag = "!!str" // port: 80 is the text "80"
		return nil
	case reflect.Int:
		if n.Tag != "!!int" {
			return errorAt(at, "%s must be a whole number, not %q", label(path), n.Value)
		}
	case reflect.Float64:
		if !slices.Contains([]string{"!!int", "!!float"}, n.Tag) {
			return errorAt(at, "%s must be a number, not %q", label(path), n.Value)
		}
	case reflect.Bool:
		if n.Tag != "!!bool" {
			return errorAt(at, "%s must be true or false, not %q", label(path), n.Value)
		}
	}
	return nil
}
