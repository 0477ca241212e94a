package wire

import (
	"math"
	"math/big"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
	"github.com/aws/smithy-go/encoding/cbor"
	smithyjson "github.com/aws/smithy-go/encoding/json"
	smithytime "github.com/aws/smithy-go/time"
	"github.com/aws/smithy-go/traits"
)

// docSerializer is the ShapeSerializer of the JSON and CBOR protocols. It
// builds a tree of cbor.Values: CBOR encodes it as is, JSON renders it (tag 1
// timestamps as epoch seconds, byte strings as base64).
type docSerializer struct {
	json       bool // timestamps with a timestampFormat trait become strings
	root       cbor.Value
	rootSchema *smithy.Schema
	started    bool
	stack      []docFrame
}

// docFrame is an open structure, list or map and where it goes when closed.
type docFrame struct {
	value  cbor.Value // cbor.Map or cbor.List
	isMap  bool       // a map, whose keys come from WriteKey
	key    string     // the frame's own key in its parent
	mapKey string     // the pending key of a map
}

var _ smithy.ShapeSerializer = (*docSerializer)(nil)

// recordSchema returns the schema a value serializes itself with: its
// structure schema, or nil for a Unit shape. Inputs without Deserialize,
// and modelled errors, reveal their schema this way.
func recordSchema(v smithy.Serializable) *smithy.Schema {
	s := &docSerializer{}
	v.Serialize(s)
	return s.rootSchema
}

// slot is the key under which a value goes in the open frame.
func (s *docSerializer) slot(schema *smithy.Schema) string {
	if n := len(s.stack); n > 0 && s.stack[n-1].isMap {
		return s.stack[n-1].mapKey
	}
	if schema == nil {
		return ""
	}
	return schema.MemberName()
}

func (s *docSerializer) put(key string, v cbor.Value) {
	n := len(s.stack)
	if n == 0 {
		s.root = v
		return
	}
	switch c := s.stack[n-1].value.(type) {
	case cbor.Map:
		c[key] = v
	case cbor.List:
		s.stack[n-1].value = append(c, v)
	}
}

func (s *docSerializer) open(schema *smithy.Schema, v cbor.Value, isMap bool) {
	if !s.started {
		s.started, s.rootSchema = true, schema
	}
	s.stack = append(s.stack, docFrame{value: v, isMap: isMap, key: s.slot(schema)})
}

func (s *docSerializer) close() {
	n := len(s.stack)
	if n == 0 {
		return
	}
	f := s.stack[n-1]
	s.stack = s.stack[:n-1]
	s.put(f.key, f.value)
}

func (s *docSerializer) scalar(schema *smithy.Schema, v cbor.Value) {
	s.put(s.slot(schema), v)
}

// Bytes returns the CBOR encoding.
func (s *docSerializer) Bytes() []byte {
	if s.root == nil {
		return nil
	}
	return cbor.Encode(s.root)
}

// JSON renders the tree as JSON.
func (s *docSerializer) JSON() []byte {
	enc := smithyjson.NewEncoder()
	if s.root == nil {
		enc.Value.Object().Close()
	} else {
		writeJSON(enc.Value, s.root)
	}
	return enc.Bytes()
}

func writeJSON(jv smithyjson.Value, v cbor.Value) {
	switch x := v.(type) {
	case cbor.Map:
		o := jv.Object()
		for k, e := range x {
			writeJSON(o.Key(k), e)
		}
		o.Close()
	case cbor.List:
		a := jv.Array()
		for _, e := range x {
			writeJSON(a.Value(), e)
		}
		a.Close()
	case cbor.String:
		jv.String(string(x))
	case cbor.Uint:
		jv.ULong(uint64(x))
	case cbor.NegInt:
		jv.Long(-int64(x))
	case cbor.Float64:
		writeJSONFloat(jv, float64(x))
	case cbor.Bool:
		jv.Boolean(bool(x))
	case cbor.Slice:
		jv.Base64EncodeBytes(x)
	case *cbor.Tag:
		writeJSON(jv, x.Value)
	default:
		jv.Null()
	}
}

// writeJSONFloat writes NaN and the infinities as the strings awsJson uses.
func writeJSONFloat(jv smithyjson.Value, f float64) {
	switch {
	case math.IsNaN(f):
		jv.String("NaN")
	case math.IsInf(f, 1):
		jv.String("Infinity")
	case math.IsInf(f, -1):
		jv.String("-Infinity")
	default:
		jv.Double(f)
	}
}

func intValue(v int64) cbor.Value {
	if v < 0 {
		return cbor.NegInt(uint64(-v))
	}
	return cbor.Uint(uint64(v))
}

// The scalars.

func (s *docSerializer) WriteInt8(sc *smithy.Schema, v int8)       { s.scalar(sc, intValue(int64(v))) }
func (s *docSerializer) WriteInt16(sc *smithy.Schema, v int16)     { s.scalar(sc, intValue(int64(v))) }
func (s *docSerializer) WriteInt32(sc *smithy.Schema, v int32)     { s.scalar(sc, intValue(int64(v))) }
func (s *docSerializer) WriteInt64(sc *smithy.Schema, v int64)     { s.scalar(sc, intValue(v)) }
func (s *docSerializer) WriteFloat32(sc *smithy.Schema, v float32) { s.scalar(sc, cbor.Float64(v)) }
func (s *docSerializer) WriteFloat64(sc *smithy.Schema, v float64) { s.scalar(sc, cbor.Float64(v)) }
func (s *docSerializer) WriteBool(sc *smithy.Schema, v bool)       { s.scalar(sc, cbor.Bool(v)) }
func (s *docSerializer) WriteString(sc *smithy.Schema, v string)   { s.scalar(sc, cbor.String(v)) }

// No served shape has these.

func (s *docSerializer) WriteBigInt(*smithy.Schema, *big.Int)         {}
func (s *docSerializer) WriteBigFloat(*smithy.Schema, *big.Float)     {}
func (s *docSerializer) WriteDocument(*smithy.Schema, document.Value) {}

func (s *docSerializer) WriteBlob(schema *smithy.Schema, v []byte) {
	if v != nil {
		s.scalar(schema, cbor.Slice(v))
	}
}

// WriteTime writes a tag 1 epoch (float seconds, to the millisecond), or in
// JSON the member's timestampFormat if it has one.
func (s *docSerializer) WriteTime(schema *smithy.Schema, v time.Time) {
	if t, ok := smithy.SchemaTrait[*traits.TimestampFormat](schema); ok && s.json {
		switch t.Format {
		case "date-time":
			s.scalar(schema, cbor.String(smithytime.FormatDateTime(v)))
			return
		case "http-date":
			s.scalar(schema, cbor.String(smithytime.FormatHTTPDate(v)))
			return
		}
	}
	s.scalar(schema, &cbor.Tag{ID: 1, Value: cbor.Float64(float64(v.UnixMilli()) / 1e3)})
}

// WriteNil keeps a null map value.
func (s *docSerializer) WriteNil(schema *smithy.Schema) {
	if n := len(s.stack); n > 0 && s.stack[n-1].isMap {
		s.scalar(schema, &cbor.Nil{})
	}
}

// The containers.

func (s *docSerializer) WriteStruct(sc *smithy.Schema)   { s.open(sc, cbor.Map{}, false) }
func (s *docSerializer) CloseStruct()                    { s.close() }
func (s *docSerializer) WriteUnion(sc, _ *smithy.Schema) { s.open(sc, cbor.Map{}, false) }
func (s *docSerializer) CloseUnion()                     { s.close() }
func (s *docSerializer) WriteList(sc *smithy.Schema)     { s.open(sc, cbor.List{}, false) }
func (s *docSerializer) CloseList()                      { s.close() }
func (s *docSerializer) WriteMap(sc *smithy.Schema)      { s.open(sc, cbor.Map{}, true) }
func (s *docSerializer) CloseMap()                       { s.close() }

func (s *docSerializer) WriteKey(_ *smithy.Schema, key string) {
	if n := len(s.stack); n > 0 {
		s.stack[n-1].mapKey = key
	}
}
