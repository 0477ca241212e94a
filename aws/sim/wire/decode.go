package wire

import (
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
	"github.com/aws/smithy-go/encoding/cbor"
	smithytime "github.com/aws/smithy-go/time"
	"github.com/aws/smithy-go/traits"
)

// dialect is how a request document lays out shapes.
type dialect int

const (
	// docDialect: JSON and CBOR. Structures and maps are objects keyed by
	// member name, lists are arrays.
	docDialect dialect = iota
	// queryDialect: awsquery forms. Keys are xmlName or member name; lists
	// are Name.member.N (or Name.N when flattened; "Name=" when empty);
	// maps are Name.entry.N.key / .value.
	queryDialect
	// ec2Dialect: ec2query forms. Keys are ec2QueryName (or the capitalised
	// xmlName or member name); every list is flat, Name.N.
	ec2Dialect
)

// treeDecoder is the ShapeDeserializer of every request protocol. Each
// protocol first parses its body into a tree of cbor.Values (CBOR natively,
// JSON by conversion, a form by splitting keys on "."); the decoder then
// walks the tree as the schema asks, in the protocol's dialect. Scalars are
// coerced leniently: a form carries only strings, JSON only numbers.
type treeDecoder struct {
	dialect dialect
	cur     cbor.Value
	stack   []frame
}

// frame is an open structure, list or map: what is left to read.
type frame struct {
	kind    frameKind
	members []*smithy.Schema // structures
	keys    []string         // maps
	vals    []cbor.Value
	i       int // the next value
}

type frameKind byte

const (
	structFrame frameKind = iota
	listFrame
	mapFrame
)

var _ smithy.ShapeDeserializer = (*treeDecoder)(nil)

func newTreeDecoder(d dialect, root cbor.Value) *treeDecoder {
	return &treeDecoder{dialect: d, cur: root}
}

func isNil(v cbor.Value) bool {
	switch v.(type) {
	case nil, *cbor.Nil, *cbor.Undefined:
		return true
	}
	return false
}

// errorf reports a problem at the current path, e.g.
// "MetricDataQueries[1].MetricStat.Period: expected an integer, got \"x\"".
func (d *treeDecoder) errorf(format string, args ...any) error {
	var path strings.Builder
	for _, f := range d.stack {
		if f.i == 0 {
			continue
		}
		switch f.kind {
		case structFrame:
			if path.Len() > 0 {
				path.WriteByte('.')
			}
			path.WriteString(f.members[f.i-1].MemberName())
		case mapFrame:
			fmt.Fprintf(&path, "[%q]", f.keys[f.i-1])
		default:
			fmt.Fprintf(&path, "[%d]", f.i-1)
		}
	}
	msg := fmt.Sprintf(format, args...)
	if path.Len() == 0 {
		return errors.New(msg)
	}
	return fmt.Errorf("%s: %s", path.String(), msg)
}

// next moves to the next value of the innermost open container, which must
// be of the given kind, and returns the container; at its end it closes it.
func (d *treeDecoder) next(kind frameKind) (frame, bool, error) {
	n := len(d.stack)
	if n == 0 || d.stack[n-1].kind != kind {
		return frame{}, false, errors.New("read out of order")
	}
	f := &d.stack[n-1]
	if f.i >= len(f.vals) {
		d.stack = d.stack[:n-1]
		return frame{}, false, nil
	}
	d.cur = f.vals[f.i]
	f.i++
	return *f, true, nil
}

// node returns the current value as a map; nil and an empty form value
// ("Name=") read as empty.
func (d *treeDecoder) node(what string) (cbor.Map, error) {
	switch v := d.cur.(type) {
	case cbor.Map:
		return v, nil
	case cbor.String:
		if v == "" && d.dialect != docDialect {
			return cbor.Map{}, nil
		}
	}
	if isNil(d.cur) {
		return cbor.Map{}, nil
	}
	return nil, d.errorf("expected %s, got %s", what, describe(d.cur))
}

func (d *treeDecoder) ReadStruct(s *smithy.Schema) error {
	m, err := d.node("a structure")
	if err != nil {
		return err
	}
	f := frame{kind: structFrame}
	if s != nil {
		for _, ms := range s.Members() {
			if v, ok := d.lookup(m, ms); ok && !isNil(v) {
				f.members = append(f.members, ms)
				f.vals = append(f.vals, v)
			}
		}
	}
	d.stack = append(d.stack, f)
	return nil
}

func (d *treeDecoder) ReadStructMember() (*smithy.Schema, error) {
	f, ok, err := d.next(structFrame)
	if !ok {
		return nil, err
	}
	return f.members[f.i-1], nil
}

// lookup finds a member's value under the dialect's name for it.
func (d *treeDecoder) lookup(m cbor.Map, ms *smithy.Schema) (cbor.Value, bool) {
	switch d.dialect {
	case queryDialect:
		if t, ok := smithy.SchemaTrait[*traits.XMLName](ms); ok {
			if v, ok := m[t.Name]; ok {
				return v, true
			}
		}
	case ec2Dialect:
		v, ok := m[ec2Name(ms)]
		return v, ok
	}
	v, ok := m[ms.MemberName()]
	return v, ok
}

func ec2Name(ms *smithy.Schema) string {
	if t, ok := smithy.SchemaTrait[*traits.EC2QueryName](ms); ok {
		return t.Name
	}
	if t, ok := smithy.SchemaTrait[*traits.XMLName](ms); ok {
		return capitalize(t.Name)
	}
	return capitalize(ms.MemberName())
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func (d *treeDecoder) ReadList(s *smithy.Schema) error {
	items, err := d.listItems(s)
	if err != nil {
		return err
	}
	d.stack = append(d.stack, frame{kind: listFrame, vals: items})
	return nil
}

func (d *treeDecoder) listItems(s *smithy.Schema) ([]cbor.Value, error) {
	if d.dialect == docDialect {
		if l, ok := d.cur.(cbor.List); ok || isNil(d.cur) {
			return l, nil
		}
		return nil, d.errorf("expected a list, got %s", describe(d.cur))
	}
	m, err := d.node("a list")
	if err != nil {
		return nil, err
	}
	if _, flat := smithy.SchemaTrait[*traits.XMLFlattened](s); !flat && d.dialect == queryDialect {
		m, _ = m[listMemberName(s)].(cbor.Map)
	}
	return numbered(m), nil
}

func listMemberName(s *smithy.Schema) string {
	if s != nil {
		if t, ok := smithy.SchemaTrait[*traits.XMLName](s.ListMember()); ok {
			return t.Name
		}
	}
	return "member"
}

// numbered returns the values of a form node's keys 1..N in numeric order.
// Other keys are ignored.
func numbered(m cbor.Map) []cbor.Value {
	type item struct {
		n int
		v cbor.Value
	}
	var items []item
	for k, v := range m {
		if n, err := strconv.Atoi(k); err == nil && n > 0 {
			items = append(items, item{n, v})
		}
	}
	slices.SortFunc(items, func(a, b item) int { return a.n - b.n })
	vals := make([]cbor.Value, len(items))
	for i, it := range items {
		vals[i] = it.v
	}
	return vals
}

func (d *treeDecoder) ReadListItem(*smithy.Schema) (bool, error) {
	_, ok, err := d.next(listFrame)
	return ok, err
}

func (d *treeDecoder) ReadMap(s *smithy.Schema) error {
	m, err := d.node("a map")
	if err != nil {
		return err
	}
	f := frame{kind: mapFrame}
	if d.dialect == docDialect {
		f.keys = slices.Sorted(maps.Keys(m))
		for _, k := range f.keys {
			f.vals = append(f.vals, m[k])
		}
	} else {
		f.keys, f.vals = queryEntries(m, s)
	}
	d.stack = append(d.stack, f)
	return nil
}

// queryEntries reads Name.entry.N.key / Name.entry.N.value (or flattened,
// Name.N.key), with the key and value names the schema gives.
func queryEntries(m cbor.Map, s *smithy.Schema) ([]string, []cbor.Value) {
	if _, flat := smithy.SchemaTrait[*traits.XMLFlattened](s); !flat {
		m, _ = m["entry"].(cbor.Map)
	}
	kn, vn := "key", "value"
	if s != nil {
		if t, ok := smithy.SchemaTrait[*traits.XMLName](s.MapKey()); ok {
			kn = t.Name
		}
		if t, ok := smithy.SchemaTrait[*traits.XMLName](s.MapValue()); ok {
			vn = t.Name
		}
	}
	var keys []string
	var vals []cbor.Value
	for _, e := range numbered(m) {
		em, _ := e.(cbor.Map)
		k, ok := em[kn].(cbor.String)
		if !ok {
			continue
		}
		keys, vals = append(keys, string(k)), append(vals, em[vn])
	}
	return keys, vals
}

func (d *treeDecoder) ReadMapKey(*smithy.Schema) (string, bool, error) {
	f, ok, err := d.next(mapFrame)
	if !ok {
		return "", false, err
	}
	return f.keys[f.i-1], true, nil
}

// No request shape the simulator serves has these.

func (d *treeDecoder) ReadUnion(s *smithy.Schema) (*smithy.Schema, error) {
	return nil, d.errorf("union %s: unions in requests are not supported", s.ID())
}
func (d *treeDecoder) ReadDocument(*smithy.Schema, *document.Value) error {
	return d.errorf("documents are not supported")
}
func (d *treeDecoder) ReadBigInt(*smithy.Schema, *big.Int) error {
	return d.errorf("BigInteger is not supported")
}
func (d *treeDecoder) ReadBigFloat(*smithy.Schema, *big.Float) error {
	return d.errorf("BigDecimal is not supported")
}

// The scalars. A form carries only strings, so every scalar may be one.

func (d *treeDecoder) ReadNil(*smithy.Schema) (bool, error) { return isNil(d.cur), nil }

func (d *treeDecoder) ReadString(_ *smithy.Schema, v *string) error {
	s, ok := d.cur.(cbor.String)
	if !ok {
		return d.errorf("expected a string, got %s", describe(d.cur))
	}
	*v = string(s)
	return nil
}

func (d *treeDecoder) ReadBool(_ *smithy.Schema, v *bool) error {
	switch b := d.cur.(type) {
	case cbor.Bool:
		*v = bool(b)
		return nil
	case cbor.String:
		if p, err := strconv.ParseBool(string(b)); err == nil {
			*v = p
			return nil
		}
	}
	return d.errorf("expected a boolean, got %s", describe(d.cur))
}

func (d *treeDecoder) ReadInt8(_ *smithy.Schema, v *int8) error {
	n, err := d.readInt(8)
	*v = int8(n)
	return err
}

func (d *treeDecoder) ReadInt16(_ *smithy.Schema, v *int16) error {
	n, err := d.readInt(16)
	*v = int16(n)
	return err
}

func (d *treeDecoder) ReadInt32(_ *smithy.Schema, v *int32) error {
	n, err := d.readInt(32)
	*v = int32(n)
	return err
}

func (d *treeDecoder) ReadInt64(_ *smithy.Schema, v *int64) (err error) {
	*v, err = d.readInt(64)
	return err
}

func (d *treeDecoder) readInt(bits int) (int64, error) {
	n, ok := asInt(d.cur)
	if limit := int64(1) << (bits - 1); ok && bits < 64 && (n < -limit || n >= limit) {
		ok = false
	}
	if !ok {
		return 0, d.errorf("expected an int%d, got %s", bits, describe(d.cur))
	}
	return n, nil
}

func asInt(v cbor.Value) (int64, bool) {
	switch x := v.(type) {
	case cbor.String:
		n, err := strconv.ParseInt(string(x), 10, 64)
		return n, err == nil
	case cbor.Uint, cbor.NegInt:
		n, err := cbor.AsInt64(x)
		return n, err == nil
	case cbor.Float64:
		return int64(x), float64(x) == math.Trunc(float64(x)) && math.Abs(float64(x)) <= 1<<53
	}
	return 0, false
}

func (d *treeDecoder) ReadFloat32(_ *smithy.Schema, v *float32) error {
	f, err := d.readFloat()
	*v = float32(f)
	return err
}

func (d *treeDecoder) ReadFloat64(_ *smithy.Schema, v *float64) (err error) {
	*v, err = d.readFloat()
	return err
}

func (d *treeDecoder) readFloat() (float64, error) {
	f, ok := asFloat(d.cur)
	if !ok {
		return 0, d.errorf("expected a number, got %s", describe(d.cur))
	}
	return f, nil
}

// asFloat reads a number, or a string: a form's, or JSON's NaN and Infinity.
func asFloat(v cbor.Value) (float64, bool) {
	switch x := v.(type) {
	case cbor.String:
		switch string(x) {
		case "NaN":
			return math.NaN(), true
		case "Infinity":
			return math.Inf(1), true
		case "-Infinity":
			return math.Inf(-1), true
		}
		f, err := strconv.ParseFloat(string(x), 64)
		return f, err == nil
	case cbor.Float32, cbor.Float64, cbor.Uint, cbor.NegInt:
		f, err := cbor.AsFloat64(x)
		return f, err == nil
	}
	return 0, false
}

// ReadTime reads a CBOR tag 1 or a JSON number of epoch seconds, or a
// string in the member's timestampFormat (ISO 8601 by default).
func (d *treeDecoder) ReadTime(s *smithy.Schema, v *time.Time) error {
	cur := d.cur
	if tag, ok := cur.(*cbor.Tag); ok && tag.ID == 1 {
		cur = tag.Value
	}
	format := "epoch-seconds"
	if str, ok := cur.(cbor.String); ok {
		format = "date-time"
		if t, ok := smithy.SchemaTrait[*traits.TimestampFormat](s); ok {
			format = t.Format
		}
		var err error
		switch format {
		case "http-date":
			*v, err = smithytime.ParseHTTPDate(string(str))
		case "date-time":
			*v, err = smithytime.ParseDateTime(string(str))
		}
		if format != "epoch-seconds" {
			if err != nil {
				return d.errorf("expected a %s timestamp, got %s", format, describe(cur))
			}
			return nil
		}
	}
	if f, ok := asFloat(cur); !ok || !setEpoch(v, f) {
		return d.errorf("expected an epoch-seconds timestamp, got %s", describe(cur))
	}
	return nil
}

// setEpoch sets v from epoch seconds, to the millisecond, if in range.
func setEpoch(v *time.Time, f float64) bool {
	if math.IsNaN(f) || math.Abs(f) > 1e13 {
		return false
	}
	*v = time.UnixMilli(int64(math.Round(f * 1e3))).UTC()
	return true
}

// ReadBlob reads CBOR bytes, or base64.
func (d *treeDecoder) ReadBlob(_ *smithy.Schema, v *[]byte) error {
	switch x := d.cur.(type) {
	case cbor.Slice:
		*v = slices.Clone([]byte(x))
		return nil
	case cbor.String:
		b, err := base64.StdEncoding.DecodeString(string(x))
		if err != nil {
			return d.errorf("blob: %v", err)
		}
		*v = b
		return nil
	}
	return d.errorf("expected a blob, got %s", describe(d.cur))
}

func describe(v cbor.Value) string {
	switch x := v.(type) {
	case cbor.String:
		return strconv.Quote(string(x))
	case cbor.Map:
		return "an object"
	case cbor.List:
		return "a list"
	case nil:
		return "nothing"
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", v), "cbor.")
}
