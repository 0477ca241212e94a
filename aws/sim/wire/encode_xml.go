package wire

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"math"
	"math/big"
	"strconv"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
	smithytime "github.com/aws/smithy-go/time"
	"github.com/aws/smithy-go/traits"
)

// xmlSerializer is the ShapeSerializer of the awsquery and ec2query
// protocols. The root structure writes no element of its own (the envelope
// does); members are named by their direct xmlName, else the member name;
// list items by the list member's xmlName, else "member" (ec2 schemas name
// theirs "item"); flattened lists and maps repeat the member's own name.
type xmlSerializer struct {
	buf   *bytes.Buffer
	stack []xmlFrame
}

type xmlFrame struct {
	end       string // element that closes the frame; "" for the root and flattened collections
	item      string // list items and map entries
	list      bool
	mapKey    string // maps: key element
	mapValue  string // maps: value element
	isMap     bool
	openEntry bool
}

var _ smithy.ShapeSerializer = (*xmlSerializer)(nil)

func newXMLSerializer(buf *bytes.Buffer) *xmlSerializer { return &xmlSerializer{buf: buf} }

func (s *xmlSerializer) Bytes() []byte { return s.buf.Bytes() }

// name is the element for a value in the current context.
func (s *xmlSerializer) name(schema *smithy.Schema) string {
	if n := len(s.stack); n > 0 {
		top := &s.stack[n-1]
		switch {
		case top.list:
			return top.item
		case top.isMap:
			return top.mapValue
		}
	}
	return elementName(schema)
}

func elementName(schema *smithy.Schema) string {
	if schema == nil {
		return ""
	}
	if t, ok := smithy.SchemaDirectTrait[*traits.XMLName](schema); ok {
		return t.Name
	}
	return schema.MemberName()
}

func (s *xmlSerializer) start(name string) {
	s.buf.WriteByte('<')
	s.buf.WriteString(name)
	s.buf.WriteByte('>')
}

func (s *xmlSerializer) end(name string) {
	s.buf.WriteString("</")
	s.buf.WriteString(name)
	s.buf.WriteByte('>')
}

func (s *xmlSerializer) element(name, text string) {
	s.start(name)
	_ = xml.EscapeText(s.buf, []byte(text)) // a bytes.Buffer does not fail
	s.end(name)
}

func (s *xmlSerializer) scalar(schema *smithy.Schema, text string) {
	s.element(s.name(schema), text)
}

func (s *xmlSerializer) push(f xmlFrame) { s.stack = append(s.stack, f) }

func (s *xmlSerializer) pop() {
	n := len(s.stack)
	if n == 0 {
		return
	}
	f := s.stack[n-1]
	s.stack = s.stack[:n-1]
	if f.openEntry {
		s.end(f.item)
	}
	if f.end != "" {
		s.end(f.end)
	}
}

// WriteStruct writes no element for the root: the envelope does.
func (s *xmlSerializer) WriteStruct(schema *smithy.Schema) {
	if len(s.stack) == 0 {
		s.push(xmlFrame{})
		return
	}
	name := s.name(schema)
	s.start(name)
	s.push(xmlFrame{end: name})
}

func (s *xmlSerializer) CloseStruct() { s.pop() }

func (s *xmlSerializer) WriteUnion(schema, _ *smithy.Schema) { s.WriteStruct(schema) }

func (s *xmlSerializer) CloseUnion() { s.pop() }

func (s *xmlSerializer) WriteList(schema *smithy.Schema) {
	name := s.name(schema)
	if _, flat := smithy.SchemaTrait[*traits.XMLFlattened](schema); flat {
		s.push(xmlFrame{list: true, item: name})
		return
	}
	item := "member"
	if schema != nil {
		if n := elementName(schema.ListMember()); n != "" {
			item = n
		}
	}
	s.start(name)
	s.push(xmlFrame{list: true, item: item, end: name})
}

func (s *xmlSerializer) CloseList() { s.pop() }

func (s *xmlSerializer) WriteMap(schema *smithy.Schema) {
	name := s.name(schema)
	f := xmlFrame{isMap: true, item: "entry", end: name, mapKey: "key", mapValue: "value"}
	if schema != nil {
		if t, ok := smithy.SchemaDirectTrait[*traits.XMLName](schema.MapKey()); ok {
			f.mapKey = t.Name
		}
		if t, ok := smithy.SchemaDirectTrait[*traits.XMLName](schema.MapValue()); ok {
			f.mapValue = t.Name
		}
	}
	if _, flat := smithy.SchemaTrait[*traits.XMLFlattened](schema); flat {
		f.item, f.end = name, ""
	} else {
		s.start(name)
	}
	s.push(f)
}

// WriteKey opens the entry that the next key or the end of the map closes.
func (s *xmlSerializer) WriteKey(_ *smithy.Schema, key string) {
	n := len(s.stack)
	if n == 0 || !s.stack[n-1].isMap {
		return
	}
	f := &s.stack[n-1]
	if f.openEntry {
		s.end(f.item)
	}
	s.start(f.item)
	s.element(f.mapKey, key)
	f.openEntry = true
}

func (s *xmlSerializer) CloseMap() { s.pop() }

// The scalars.

func (s *xmlSerializer) WriteInt8(sc *smithy.Schema, v int8)   { s.scalar(sc, strconv.Itoa(int(v))) }
func (s *xmlSerializer) WriteInt16(sc *smithy.Schema, v int16) { s.scalar(sc, strconv.Itoa(int(v))) }
func (s *xmlSerializer) WriteInt32(sc *smithy.Schema, v int32) { s.scalar(sc, strconv.Itoa(int(v))) }
func (s *xmlSerializer) WriteInt64(sc *smithy.Schema, v int64) {
	s.scalar(sc, strconv.FormatInt(v, 10))
}
func (s *xmlSerializer) WriteFloat32(sc *smithy.Schema, v float32) {
	s.scalar(sc, formatFloat(float64(v), 32))
}
func (s *xmlSerializer) WriteFloat64(sc *smithy.Schema, v float64) { s.scalar(sc, formatFloat(v, 64)) }
func (s *xmlSerializer) WriteBool(sc *smithy.Schema, v bool)       { s.scalar(sc, strconv.FormatBool(v)) }
func (s *xmlSerializer) WriteString(sc *smithy.Schema, v string)   { s.scalar(sc, v) }

// No served shape has these.

func (s *xmlSerializer) WriteBigInt(*smithy.Schema, *big.Int)         {}
func (s *xmlSerializer) WriteBigFloat(*smithy.Schema, *big.Float)     {}
func (s *xmlSerializer) WriteDocument(*smithy.Schema, document.Value) {}
func (s *xmlSerializer) WriteNil(*smithy.Schema)                      {}

func formatFloat(v float64, bits int) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "Infinity"
	case math.IsInf(v, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(v, 'g', -1, bits)
}

func (s *xmlSerializer) WriteBlob(schema *smithy.Schema, v []byte) {
	if v != nil {
		s.scalar(schema, base64.StdEncoding.EncodeToString(v))
	}
}

// WriteTime writes ISO 8601 unless the member says otherwise.
func (s *xmlSerializer) WriteTime(schema *smithy.Schema, v time.Time) {
	format := ""
	if t, ok := smithy.SchemaTrait[*traits.TimestampFormat](schema); ok {
		format = t.Format
	}
	switch format {
	case "http-date":
		s.scalar(schema, smithytime.FormatHTTPDate(v))
	case "epoch-seconds":
		s.scalar(schema, strconv.FormatFloat(smithytime.FormatEpochSeconds(v), 'f', -1, 64))
	default:
		s.scalar(schema, smithytime.FormatDateTime(v))
	}
}
