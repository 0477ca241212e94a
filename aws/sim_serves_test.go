package aws

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
)

// TestSimulatorServesEveryAdapterMethod calls every method of every client
// interface the Session holds (AutoScalingAPI, ELBAPI, CloudWatchAPI,
// EC2API, IAMAPI, STSAPI and any added later: they are found by reflection
// over Session's fields) against the simulator, with an empty input. The
// simulator may refuse the input, as AWS would; answering that it does not
// know the operation fails the test.
func TestSimulatorServesEveryAdapterMethod(t *testing.T) {
	env := openSim(t, nil)
	s := env.session
	// Unexported fields cannot be called through reflection: the clients
	// are listed here, and every client-interface field of Session must be.
	held := map[string]any{"asg": s.asg, "elb": s.elb, "cw": s.cw, "ec2": s.ec2, "iam": s.iam, "sts": s.sts, "acm": s.acm}
	st := reflect.TypeFor[Session]()
	clients := 0
	for f := range st.Fields() {
		if f.Type.Kind() != reflect.Interface || !strings.HasSuffix(f.Type.Name(), "API") {
			continue
		}
		clients++
		c, ok := held[f.Name]
		if !ok || reflect.ValueOf(c).IsNil() {
			t.Errorf("Session.%s (%s) is not covered: add it to this test's clients", f.Name, f.Type.Name())
			continue
		}
		client := reflect.ValueOf(c)
		for m := range f.Type.Methods() {
			t.Run(f.Type.Name()+"."+m.Name, func(t *testing.T) {
				in := reflect.New(m.Type.In(1).Elem()) // *XInput, zero
				args := []reflect.Value{reflect.ValueOf(context.Background()), in, sendUnvalidated(m.Type.In(2).Elem())}
				out := client.MethodByName(m.Name).Call(args)
				err, _ := out[1].Interface().(error)
				var ae smithy.APIError
				if errors.As(err, &ae) && (ae.ErrorCode() == "InvalidAction" || ae.ErrorCode() == "UnknownOperationException") {
					t.Fatalf("the simulator does not serve %s: %s", m.Name, ae.ErrorMessage())
				}
				if err != nil && !errors.As(err, &ae) {
					t.Fatalf("%s: not an API answer: %v", m.Name, err)
				}
			})
		}
	}
	if clients < 6 {
		t.Fatalf("found %d client interfaces on Session, want at least the six of session.go", clients)
	}
}

// sendUnvalidated is a func(*X.Options) for the client's Options type
// that drops the SDK's own check of required inputs, so that an empty
// input reaches the simulator.
func sendUnvalidated(optFunc reflect.Type) reflect.Value {
	drop := func(stack *middleware.Stack) error {
		_, err := stack.Initialize.Remove("OperationInputValidation")
		if err != nil && !strings.Contains(err.Error(), "not found") {
			return err
		}
		return nil
	}
	return reflect.MakeFunc(optFunc, func(args []reflect.Value) []reflect.Value {
		f := args[0].Elem().FieldByName("APIOptions")
		f.Set(reflect.Append(f, reflect.ValueOf(drop)))
		return nil
	})
}
