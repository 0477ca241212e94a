package wire

import (
	"context"
	"fmt"
	"reflect"

	smithy "github.com/aws/smithy-go"
)

// operation is one served operation: the SDK's input and output types, the
// handler, and the schemas that drive (de)serialization where the SDK types
// have no method for it.
type operation struct {
	name      string
	in, out   reflect.Type // struct types
	handler   reflect.Value
	inSchema  *smithy.Schema
	outSchema *smithy.Schema
	reflectIn bool // the input has no Deserialize method (or is ec2's)
}

var (
	contextType = reflect.TypeFor[context.Context]()
	errorType   = reflect.TypeFor[error]()
)

// discover lists the client's operations that impl implements. An impl
// method that looks like a handler but names no operation, or names one
// with the wrong types, is an error: it would otherwise never be called.
func discover(meta serviceMeta, client, impl any) (map[string]*operation, error) {
	ct := reflect.TypeOf(client)
	if ct == nil || ct.Kind() != reflect.Pointer || ct.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("client must be a typed nil SDK client such as (*autoscaling.Client)(nil), got %T", client)
	}
	iv := reflect.ValueOf(impl)
	if !iv.IsValid() {
		return nil, fmt.Errorf("no Impl")
	}
	ops := map[string]*operation{}
	for m := range ct.Methods() {
		in, out, ok := clientOperation(m.Type)
		if !ok {
			continue
		}
		h := iv.MethodByName(m.Name)
		if !h.IsValid() {
			continue
		}
		want := reflect.FuncOf([]reflect.Type{contextType, reflect.PointerTo(in)},
			[]reflect.Type{reflect.PointerTo(out), errorType}, false)
		if h.Type() != want {
			return nil, fmt.Errorf("%T.%s is %s, want %s", impl, m.Name, h.Type(), want)
		}
		op, err := newOperation(meta, m.Name, in, out, h)
		if err != nil {
			return nil, err
		}
		ops[m.Name] = op
	}
	for m := range iv.Type().Methods() {
		if _, ok := ops[m.Name]; !ok && looksLikeHandler(m.Type) {
			return nil, fmt.Errorf("%T.%s looks like a handler but %s has no such operation", impl, m.Name, ct)
		}
	}
	if len(ops) == 0 {
		return nil, fmt.Errorf("%T implements no operation of %s", impl, ct)
	}
	return ops, nil
}

// clientOperation matches func(*Client, context.Context, *XInput, ...func(*Options)) (*XOutput, error).
func clientOperation(t reflect.Type) (in, out reflect.Type, ok bool) {
	if t.NumIn() != 4 || !t.IsVariadic() || t.In(1) != contextType || t.NumOut() != 2 || t.Out(1) != errorType {
		return nil, nil, false
	}
	if !isStructPointer(t.In(2)) || !isStructPointer(t.Out(0)) {
		return nil, nil, false
	}
	return t.In(2).Elem(), t.Out(0).Elem(), true
}

// looksLikeHandler matches a method func(recv, context.Context, *T) (*U, error).
func looksLikeHandler(t reflect.Type) bool {
	return t.NumIn() == 3 && t.In(1) == contextType && isStructPointer(t.In(2)) &&
		t.NumOut() == 2 && isStructPointer(t.Out(0)) && t.Out(1) == errorType
}

func isStructPointer(t reflect.Type) bool {
	return t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct
}

func newOperation(meta serviceMeta, name string, in, out reflect.Type, h reflect.Value) (*operation, error) {
	op := &operation{name: name, in: in, out: out, handler: h}
	if meta.ec2 {
		var err error
		if op.inSchema, err = ec2Schema(in); err != nil {
			return nil, fmt.Errorf("operation %s: %w", name, err)
		}
		if op.outSchema, err = ec2Schema(out); err != nil {
			return nil, fmt.Errorf("operation %s: %w", name, err)
		}
		op.reflectIn = true
		return op, nil
	}
	inV, outV := reflect.New(in).Interface(), reflect.New(out).Interface()
	inSer, ok1 := inV.(smithy.Serializable)
	outSer, ok2 := outV.(smithy.Serializable)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("operation %s: %s or %s has no Serialize method (SDK too old for schemas?)", name, in, out)
	}
	op.inSchema, op.outSchema = recordSchema(inSer), recordSchema(outSer)
	_, hasDeserialize := inV.(smithy.Deserializable)
	op.reflectIn = !hasDeserialize
	return op, nil
}

// decode reads a new input from d.
func (op *operation) decode(d smithy.ShapeDeserializer) (reflect.Value, error) {
	v := reflect.New(op.in)
	if !op.reflectIn {
		return v, v.Interface().(smithy.Deserializable).Deserialize(d)
	}
	if op.inSchema == nil {
		return v, nil // a Unit input has nothing to read
	}
	return v, readShape(d, op.inSchema, v.Elem())
}

// invoke calls the handler. A nil output with a nil error is an empty output.
func (op *operation) invoke(ctx context.Context, in reflect.Value) (reflect.Value, error) {
	res := op.handler.Call([]reflect.Value{reflect.ValueOf(ctx), in})
	if err, _ := res[1].Interface().(error); err != nil {
		return reflect.Value{}, err
	}
	if res[0].IsNil() {
		return reflect.New(op.out), nil
	}
	return res[0], nil
}

// serialize writes an output (a pointer) to s.
func (op *operation) serialize(s smithy.ShapeSerializer, out reflect.Value) {
	if ser, ok := out.Interface().(smithy.Serializable); ok {
		ser.Serialize(s)
		return
	}
	writeShape(s, op.outSchema, out)
}
