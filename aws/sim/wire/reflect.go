package wire

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	smithy "github.com/aws/smithy-go"
)

// Reflection stands in for the Deserialize methods the SDK does not generate
// (CloudWatch, ELBv2 and STS inputs, a few Auto Scaling ones, all of ec2) and
// for ec2's missing Serialize: a schema says what to read or write, and the
// Go field of a member is the one named like it.

var timeType = reflect.TypeFor[time.Time]()

// readShape reads the value of schema s from d into v (settable).
func readShape(d smithy.ShapeDeserializer, s *smithy.Schema, v reflect.Value) error {
	if s == nil {
		return fmt.Errorf("no schema for %s", v.Type())
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	switch s.Type() {
	case smithy.ShapeTypeStructure:
		return readStruct(d, s, v)
	case smithy.ShapeTypeList, smithy.ShapeTypeSet:
		return readList(d, s, v)
	case smithy.ShapeTypeMap:
		return readMap(d, s, v)
	case smithy.ShapeTypeUnion, smithy.ShapeTypeDocument:
		return fmt.Errorf("%s: unions and documents are not supported in requests", s.ID())
	}
	return readScalar(d, s, v)
}

func readStruct(d smithy.ShapeDeserializer, s *smithy.Schema, v reflect.Value) error {
	if v.Kind() != reflect.Struct {
		return fmt.Errorf("structure %s into %s", s.ID(), v.Type())
	}
	return smithy.ReadStruct(d, s, func(m *smithy.Schema) error {
		i, ok := fieldIndex(v.Type(), m.MemberName())
		if !ok {
			return fmt.Errorf("%s has no field for member %s", v.Type(), m.MemberName())
		}
		return readShape(d, m, v.Field(i))
	})
}

func readList(d smithy.ShapeDeserializer, s *smithy.Schema, v reflect.Value) error {
	if v.Kind() != reflect.Slice || s.ListMember() == nil {
		return fmt.Errorf("list %s into %s", s.ID(), v.Type())
	}
	v.Set(reflect.MakeSlice(v.Type(), 0, 0)) // present, even if empty
	return smithy.ReadList(d, s, func() error {
		e := reflect.New(v.Type().Elem()).Elem()
		if err := readShape(d, s.ListMember(), e); err != nil {
			return err
		}
		v.Set(reflect.Append(v, e))
		return nil
	})
}

func readMap(d smithy.ShapeDeserializer, s *smithy.Schema, v reflect.Value) error {
	if v.Kind() != reflect.Map || v.Type().Key().Kind() != reflect.String || s.MapValue() == nil {
		return fmt.Errorf("map %s into %s", s.ID(), v.Type())
	}
	v.Set(reflect.MakeMap(v.Type()))
	return smithy.ReadMap(d, s, func(k string) error {
		e := reflect.New(v.Type().Elem()).Elem()
		if err := readShape(d, s.MapValue(), e); err != nil {
			return err
		}
		v.SetMapIndex(reflect.ValueOf(k).Convert(v.Type().Key()), e)
		return nil
	})
}

func readScalar(d smithy.ShapeDeserializer, s *smithy.Schema, v reflect.Value) error {
	var err error
	switch {
	case v.Type() == timeType:
		err = d.ReadTime(s, v.Addr().Interface().(*time.Time))
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8:
		var b []byte
		err = d.ReadBlob(s, &b)
		v.SetBytes(b)
	case v.Kind() == reflect.String:
		var x string
		err = d.ReadString(s, &x)
		v.SetString(x)
	case v.Kind() == reflect.Bool:
		var x bool
		err = d.ReadBool(s, &x)
		v.SetBool(x)
	case v.CanInt():
		err = readInt(d, s, v)
	case v.CanFloat():
		var x float64
		err = d.ReadFloat64(s, &x)
		v.SetFloat(x)
	default:
		err = fmt.Errorf("%s into %s is not supported", s.ID(), v.Type())
	}
	return err
}

func readInt(d smithy.ShapeDeserializer, s *smithy.Schema, v reflect.Value) error {
	var n int64
	var err error
	switch v.Kind() {
	case reflect.Int8:
		var x int8
		err, n = d.ReadInt8(s, &x), int64(x)
	case reflect.Int16:
		var x int16
		err, n = d.ReadInt16(s, &x), int64(x)
	case reflect.Int32:
		var x int32
		err, n = d.ReadInt32(s, &x), int64(x)
	default:
		err = d.ReadInt64(s, &n)
	}
	v.SetInt(n)
	return err
}

// writeShape writes v (an ec2 output) as schema s. Nil pointers, slices and
// maps and zero scalars are absent members.
func writeShape(ser smithy.ShapeSerializer, s *smithy.Schema, v reflect.Value) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if s == nil {
		ser.WriteStruct(nil)
		ser.CloseStruct()
		return
	}
	switch s.Type() {
	case smithy.ShapeTypeStructure:
		writeStruct(ser, s, v)
	case smithy.ShapeTypeList, smithy.ShapeTypeSet:
		ser.WriteList(s)
		for i := range v.Len() {
			writeShape(ser, s.ListMember(), v.Index(i))
		}
		ser.CloseList()
	case smithy.ShapeTypeMap:
		ser.WriteMap(s)
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			ser.WriteKey(s.MapKey(), k.String())
			writeShape(ser, s.MapValue(), v.MapIndex(k))
		}
		ser.CloseMap()
	default:
		writeScalar(ser, s, v)
	}
}

func writeStruct(ser smithy.ShapeSerializer, s *smithy.Schema, v reflect.Value) {
	ser.WriteStruct(s)
	for f, fv := range v.Fields() {
		m := s.Member(f.Name)
		if m == nil || !f.IsExported() || absent(fv) {
			continue
		}
		writeShape(ser, m, fv)
	}
	ser.CloseStruct()
}

// absent reports a member that is not set: nil, or the zero of a
// non-pointer scalar such as an enum.
func absent(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return v.IsNil()
	case reflect.Struct:
		return false
	}
	return v.IsZero()
}

func writeScalar(ser smithy.ShapeSerializer, s *smithy.Schema, v reflect.Value) {
	switch {
	case v.Type() == timeType:
		ser.WriteTime(s, v.Interface().(time.Time))
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8:
		ser.WriteBlob(s, v.Bytes())
	case v.Kind() == reflect.String:
		ser.WriteString(s, v.String())
	case v.Kind() == reflect.Bool:
		ser.WriteBool(s, v.Bool())
	case v.CanInt():
		ser.WriteInt64(s, v.Int())
	case v.CanFloat():
		ser.WriteFloat64(s, v.Float())
	}
}

// fieldIndex finds the field for a member: the same name, else the same
// name ignoring case (Smithy members are sometimes lowerCamel).
func fieldIndex(t reflect.Type, member string) (int, bool) {
	fields := structFields(t)
	if i, ok := fields[member]; ok {
		return i, true
	}
	i, ok := fields[strings.ToLower(member)]
	return i, ok
}

var fieldCache sync.Map // reflect.Type -> map[string]int

func structFields(t reflect.Type) map[string]int {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() {
			m[f.Name] = i
			if _, taken := m[strings.ToLower(f.Name)]; !taken {
				m[strings.ToLower(f.Name)] = i
			}
		}
	}
	fieldCache.Store(t, m)
	return m
}
