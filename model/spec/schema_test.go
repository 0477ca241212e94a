package spec

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/solemate/hoist/model"
)

const schemaPath = "../../docs/schema/hoist.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return sch
}

// instance turns a YAML file into the JSON value an editor validates.
func instance(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if v == nil {
		v = map[string]any{}
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// repoYAML is every .yml file in the repository's docs, the example
// files and any other.
func repoYAML(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir("../../docs", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !(strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSchemaAcceptsEveryExample: the JSON Schema an editor uses accepts
// every example file in the repository and every file export writes, and
// hoist's own parser accepts them too.
func TestSchemaAcceptsEveryExample(t *testing.T) {
	sch := compileSchema(t)
	files := repoYAML(t)
	if len(files) < 10 {
		t.Fatalf("found only %d example files", len(files))
	}
	for name, b := range exported(t, fixtureLive(), ExportFilter{}) {
		files["export/"+name] = []byte(b)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := sch.Validate(instance(t, files[name])); err != nil {
			t.Errorf("%s: the schema refuses it: %v", name, err)
		}
		if _, err := Parse(name, files[name]); err != nil {
			t.Errorf("hoist refuses it: %v", err)
		}
	}
}

// TestSchemaRefusesWhatHoistRefuses: an unknown field, a value of the wrong
// kind and a value out of AWS's range fail in the editor as in hoist.
func TestSchemaRefusesWhatHoistRefuses(t *testing.T) {
	sch := compileSchema(t)
	for _, bad := range []string{
		"groups:\n  - select: {name: web}\n    maxx: 3\n",
		"groups:\n  - select: {name: web}\n    max: ten\n",
		"groups:\n  - select: {name: web}\n    min: -1\n",
		"groups:\n  - max: 3\n",
		"groups:\n  - select: {name: web}\n    suspend: [Scale]\n",
		"groups:\n  - select: {name: web}\n    policies: [{name: p, target_tracking: {metric: CPU, target: 50}}]\n",
		"groups:\n  - select: {name: web}\n    policies: [{name: p}]\n",
		"target_groups:\n  - name: tg\n    health_check: {interval_seconds: 400}\n",
		"target_groups:\n  - name: tg\n    attributes: {no.such.attribute: 1}\n",
		"alerts:\n  - {name: a, namespace: N, metric: M, statistic: Average, period_seconds: 45, evaluation_periods: 1, threshold: 1, comparison: GreaterThanThreshold}\n",
		"alerts:\n  - {name: a, namespace: N}\n",
		"alerts:\n  - {name: a, namespace: N, evaluation_periods: 1, threshold: 0, comparison: GreaterThanThreshold, metrics: [{id: e1, expression: m1, return_data: true}]}\n",
		"alerts:\n  - {name: a, evaluation_periods: 1, threshold: 0, comparison: GreaterThanThreshold, metrics: [{id: m1, expression: x, namespace: N, metric: M, statistic: Sum, period_seconds: 60}]}\n",
		"alerts:\n  - {name: a, evaluation_periods: 1, threshold: 0, comparison: GreaterThanThreshold, metrics: [{id: M1, namespace: N, metric: M, statistic: Sum, period_seconds: 60}]}\n",
		"dashboards:\n  - name: mine\n",
		"version: 2\n",
	} {
		if err := sch.Validate(instance(t, []byte(bad))); err == nil {
			t.Errorf("the schema accepts %q", bad)
		}
	}
}

// TestSchemaMatchesTypes: the schema names exactly the fields the Go types
// have, at every level, and the same choices where both list them.
func TestSchemaMatchesTypes(t *testing.T) {
	b, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	agree(t, root, root, reflect.TypeFor[File](), "file")

	defs := root["$defs"].(map[string]any)
	props := func(def string) map[string]any {
		return defs[def].(map[string]any)["properties"].(map[string]any)
	}
	attrs := props("targetGroupBlock")["attributes"].(map[string]any)["properties"].(map[string]any)
	sameSet(t, "target group attributes", slices.Collect(maps.Keys(attrs)), model.ManagedAttributes())
	for _, c := range []struct {
		what   string
		schema any
		goList []string
	}{
		{"target tracking metrics", props("targetTracking")["metric"], model.TargetTrackingMetrics},
		{"predictive metrics", props("predictive")["metric"], model.PredictiveMetrics},
		{"processes", defs["process"], model.Processes()},
		{"comparisons", props("alarm")["comparison"], model.Comparisons},
		{"adjustment types", defs["adjustmentType"], model.AdjustmentTypes},
	} {
		var enum []string
		for _, v := range c.schema.(map[string]any)["enum"].([]any) {
			enum = append(enum, v.(string))
		}
		sameSet(t, c.what, enum, c.goList)
	}
}

func sameSet(t *testing.T, what string, schema, goNames []string) {
	t.Helper()
	sort.Strings(schema)
	sort.Strings(goNames)
	if !slices.Equal(schema, goNames) {
		t.Errorf("%s: the schema has %v, the Go types %v", what, schema, goNames)
	}
}

// agree walks a Go type and its schema node together.
func agree(t *testing.T, root, node map[string]any, typ reflect.Type, path string) {
	t.Helper()
	for {
		ref, ok := node["$ref"].(string)
		if !ok {
			break
		}
		node = root["$defs"].(map[string]any)[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Struct:
		props, _ := node["properties"].(map[string]any)
		if node["additionalProperties"] != false {
			t.Errorf("%s: the schema takes unknown fields, hoist does not", path)
		}
		names, types := yamlFields(typ)
		sameSet(t, path, slices.Collect(maps.Keys(props)), names)
		for _, n := range names {
			if p, ok := props[n].(map[string]any); ok {
				agree(t, root, p, types[n], path+"."+n)
			}
		}
	case reflect.Slice:
		if items, ok := node["items"].(map[string]any); ok {
			agree(t, root, items, typ.Elem(), path+"[]")
		} else {
			t.Errorf("%s: the schema does not say what the list holds", path)
		}
	}
}
