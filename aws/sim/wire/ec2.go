package wire

//go:generate go run ./internal/ec2names -o ec2names_gen.go DescribeInstances DescribeInstanceTypes DescribeSpotPriceHistory DescribeAvailabilityZones DescribeLaunchTemplates DescribeLaunchTemplateVersions CreateLaunchTemplate CreateLaunchTemplateVersion ModifyLaunchTemplate

import (
	"fmt"
	"reflect"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/traits"
)

// ec2 has no schemas in the SDK yet. ec2Schema builds them from the Go types
// and the generated ec2Names: each member carries its ec2QueryName (input)
// and xmlName (output), and list members are named "item". To serve another
// ec2 operation, add it to the go:generate line above and run go generate.

var scalarSchemas = map[reflect.Kind]*smithy.Schema{
	reflect.String:  prelude("String", smithy.ShapeTypeString),
	reflect.Bool:    prelude("Boolean", smithy.ShapeTypeBoolean),
	reflect.Int8:    prelude("Byte", smithy.ShapeTypeByte),
	reflect.Int16:   prelude("Short", smithy.ShapeTypeShort),
	reflect.Int32:   prelude("Integer", smithy.ShapeTypeInteger),
	reflect.Int64:   prelude("Long", smithy.ShapeTypeLong),
	reflect.Float32: prelude("Float", smithy.ShapeTypeFloat),
	reflect.Float64: prelude("Double", smithy.ShapeTypeDouble),
}

var (
	timestampSchema = prelude("Timestamp", smithy.ShapeTypeTimestamp)
	blobSchema      = prelude("Blob", smithy.ShapeTypeBlob)
)

func prelude(name string, t smithy.ShapeType) *smithy.Schema {
	return smithy.NewSchema(smithy.ShapeID{Namespace: "smithy.api", Name: name}, t, 0)
}

// ec2Schema returns the schema of an ec2 input or output struct type.
func ec2Schema(t reflect.Type) (*smithy.Schema, error) {
	if _, ok := ec2Names[t.Name()]; !ok {
		return nil, fmt.Errorf("ec2 type %s has no generated wire names; ec2names_gen.go covers %v", t.Name(), ec2Ops)
	}
	return ec2Shape(t, map[reflect.Type]*smithy.Schema{}), nil
}

func ec2Shape(t reflect.Type, seen map[reflect.Type]*smithy.Schema) *smithy.Schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return timestampSchema
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return blobSchema
	case t.Kind() == reflect.Slice:
		list := smithy.NewSchema(smithy.ShapeID{Namespace: "com.amazonaws.ec2", Name: t.Elem().Name() + "List"}, smithy.ShapeTypeList, 1)
		list.AddMember("member", ec2Shape(t.Elem(), seen), &traits.XMLName{Name: "item"})
		return list
	case t.Kind() == reflect.Map:
		m := smithy.NewSchema(smithy.ShapeID{Namespace: "com.amazonaws.ec2", Name: t.Elem().Name() + "Map"}, smithy.ShapeTypeMap, 2)
		m.AddMember("key", scalarSchemas[reflect.String])
		m.AddMember("value", ec2Shape(t.Elem(), seen))
		return m
	case t.Kind() == reflect.Struct:
		return ec2Struct(t, seen)
	}
	if s, ok := scalarSchemas[t.Kind()]; ok {
		return s
	}
	return scalarSchemas[reflect.String] // unreachable for SDK types
}

// ec2Struct adds a member for each field with a wire name. It is recorded
// before its members so that recursive shapes terminate.
func ec2Struct(t reflect.Type, seen map[reflect.Type]*smithy.Schema) *smithy.Schema {
	if s, ok := seen[t]; ok {
		return s
	}
	names := ec2Names[t.Name()]
	s := smithy.NewSchema(smithy.ShapeID{Namespace: "com.amazonaws.ec2", Name: t.Name()}, smithy.ShapeTypeStructure, len(names))
	seen[t] = s
	for f := range t.Fields() {
		n, ok := names[f.Name]
		if !ok {
			continue
		}
		var ts []smithy.Trait
		if n[0] != "" {
			ts = append(ts, &traits.EC2QueryName{Name: n[0]})
		}
		if n[1] != "" {
			ts = append(ts, &traits.XMLName{Name: n[1]})
		}
		s.AddMember(f.Name, ec2Shape(f.Type, seen), ts...)
	}
	return s
}
