package aws

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// apiActions lists the IAM action of every SDK call hoist can make: the
// methods of the narrow client interfaces, which are the only way the
// package reaches AWS.
func apiActions() []string {
	var out []string
	for prefix, iface := range map[string]reflect.Type{
		"autoscaling":          reflect.TypeFor[AutoScalingAPI](),
		"elasticloadbalancing": reflect.TypeFor[ELBAPI](),
		"cloudwatch":           reflect.TypeFor[CloudWatchAPI](),
		"ec2":                  reflect.TypeFor[EC2API](),
		"sts":                  reflect.TypeFor[STSAPI](),
		"iam":                  reflect.TypeFor[IAMAPI](),
		"acm":                  reflect.TypeFor[ACMAPI](),
	} {
		for i := 0; i < iface.NumMethod(); i++ {
			out = append(out, prefix+":"+iface.Method(i).Name)
		}
	}
	sort.Strings(out)
	return out
}

func isRead(action string) bool {
	_, op, _ := strings.Cut(action, ":")
	return strings.HasPrefix(op, "Describe") || strings.HasPrefix(op, "Get") || strings.HasPrefix(op, "List")
}

func policyActions(t testing.TB, name string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("../docs/iam/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Statement []struct {
			Effect string
			Action []string
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]bool{}
	for _, s := range doc.Statement {
		if s.Effect != "Allow" {
			continue
		}
		for _, a := range s.Action {
			if strings.Contains(a, "*") {
				t.Errorf("%s grants a wildcard action %s: list each call", name, a)
			}
			out[a] = true
		}
	}
	return out
}

// TestIAMPolicies: every call hoist makes is granted by the matching
// policy, reads by both, mutations by the operator policy only, and
// neither grants anything hoist does not call.
func TestIAMPolicies(t *testing.T) {
	ro, op := policyActions(t, "readonly.json"), policyActions(t, "operator.json")
	used := map[string]bool{}
	for _, a := range apiActions() {
		used[a] = true
		if !op[a] {
			t.Errorf("operator.json lacks %s", a)
		}
		if isRead(a) && !ro[a] {
			t.Errorf("readonly.json lacks %s", a)
		}
		if !isRead(a) && ro[a] {
			t.Errorf("readonly.json grants the mutation %s", a)
		}
	}
	for a := range op {
		if !used[a] {
			t.Errorf("operator.json grants %s, which hoist never calls", a)
		}
	}
	for a := range ro {
		if !used[a] {
			t.Errorf("readonly.json grants %s, which hoist never calls", a)
		}
	}
}

// TestIAMCallsRecorded makes the calls of a full fetch and of every action
// kind and checks that each operation recorded on the wire (by the
// session's middleware) is in the operator policy, and each read in the
// read-only one: a call made outside the narrow interfaces would show here.
func TestIAMCallsRecorded(t *testing.T) {
	resetMoto(t)
	seedSmall(t)
	env := openTest(t, nil)
	env.proxy.stub("cloudwatch:PutAlarmMuteRule", `{}`)
	s, ctx := env.session, context.Background()
	if _, err := s.Fetch(ctx, model.Visible{Groups: []string{"web", "api"}, Selected: "web", Range: time.Hour}); err != nil {
		t.Fatal(err)
	}
	g := current(t, s, "web")
	for _, a := range everyAction(g) {
		s.Act(ctx, a, "iam", nil) // some fail on purpose (stale state); the calls are what count
	}
	ro, op := policyActions(t, "readonly.json"), policyActions(t, "operator.json")
	var seen []string
	opsSeen.Range(func(k, _ any) bool {
		seen = append(seen, k.(string))
		return true
	})
	sort.Strings(seen)
	if len(seen) < 20 {
		t.Fatalf("only %d operations recorded: %v", len(seen), seen)
	}
	for _, a := range seen {
		if !op[a] {
			t.Errorf("called %s, not in operator.json", a)
		}
		if isRead(a) && !ro[a] {
			t.Errorf("called %s, not in readonly.json", a)
		}
	}
	t.Logf("recorded %d operations: %s", len(seen), fmt.Sprint(seen))
}
