package spec

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestRefusals: each bad input is one sentence naming the file and line,
// and no plan is made.
func TestRefusals(t *testing.T) {
	web := "groups:\n  - select: {tags: {Tier: web}}\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string // the whole message starts with this position and contains the rest
		pos   string
	}{
		{"not yaml", map[string]string{"a.yml": "groups:\n  - select: {name: x\n"}, "not valid YAML", "a.yml:"},
		{"unknown field", map[string]string{"a.yml": web + "    maxx: 3\n"},
			`unknown field "maxx" in an entry of groups: the fields are select, min, max, desired,`, "a.yml:3"},
		{"unknown nested field", map[string]string{"a.yml": web + "    policies:\n      - name: p\n        target_tracking: {metric: ASGAverageCPUUtilization, target: 5, scale_in: false}\n"},
			`unknown field "scale_in" in target_tracking: the fields are metric, target_group, custom, target, disable_scale_in`, "a.yml:5"},
		{"wrong kind", map[string]string{"a.yml": web + "    max: ten\n"}, `max must be a whole number, not "ten"`, "a.yml:3"},
		{"list expected", map[string]string{"a.yml": web + "    suspended_processes: Launch\n"}, "suspended_processes must be a list", "a.yml:3"},
		{"twice", map[string]string{"a.yml": web + "    max: 3\n    max: 4\n"}, "max is set twice", "a.yml:4"},
		{"second document", map[string]string{"a.yml": "version: 1\n---\nversion: 1\n"}, "a second YAML document", "a.yml:3"},
		{"version", map[string]string{"a.yml": "version: 2\n"}, "version 2 is not one this hoist reads", "a.yml:1"},
		{"no match", map[string]string{"a.yml": "groups:\n  - select: {tags: {Tier: nope}}\n    max: 3\n"},
			"select (tag Tier: nope) matches no group in the simulator's account 000000000000 in us-east-1", "a.yml:2"},
		{"bad pattern", map[string]string{"a.yml": "groups:\n  - select: {pattern: \"web-[\"}\n"}, "is not a valid pattern", "a.yml:2"},
		{"empty select", map[string]string{"a.yml": "groups:\n  - select: {}\n    max: 3\n"}, "select needs a name, a pattern or tags", "a.yml:2"},
		{"negative", map[string]string{"a.yml": web + "    min: -1\n"}, "min -1 is negative", "a.yml:3"},
		{"process", map[string]string{"a.yml": web + "    suspend: [Scale]\n"}, `process "Scale" is not one of Launch, Terminate`, "a.yml:3"},
		{"min above max", map[string]string{"a.yml": web + "    min: 50\n"}, "min of solemate-web-prod would be min 50 above max 40", "a.yml:3"},
		{"desired outside", map[string]string{"a.yml": web + "    desired: 41\n"}, "desired 41 of solemate-web-prod is outside min 2 and max 40", "a.yml:3"},
		{"conflict", map[string]string{"a.yml": web + "    max: 60\n", "b.yml": "groups:\n  - select: {name: solemate-web-prod}\n    max: 50\n"},
			"max of solemate-web-prod is set to 50 here but to 60 at a.yml:3", "b.yml:3"},
		{"policy conflict", map[string]string{
			"a.yml": web + "    policies:\n      - name: p\n        target_tracking: {metric: ASGAverageCPUUtilization, target: 50}\n",
			"b.yml": web + "    policies:\n      - name: p\n        target_tracking: {metric: ASGAverageCPUUtilization, target: 60}\n"},
			"policy p of solemate-web-prod is also set at a.yml:4, differently", "b.yml:4"},
		{"target range", map[string]string{"a.yml": web + "    policies:\n      - name: p\n        target_tracking: {metric: ASGAverageCPUUtilization, target: 150}\n"},
			"target 150 is above 100 for ASGAverageCPUUtilization, a percentage", "a.yml:5"},
		{"two kinds", map[string]string{"a.yml": web + "    policies:\n      - name: p\n        simple: {adjustment_type: ChangeInCapacity, adjustment: 1}\n        step: {adjustment_type: ChangeInCapacity, steps: [{adjustment: 1}]}\n"},
			"policy p must have exactly one of target_tracking, step, simple or predictive", "a.yml:4"},
		{"step gap", map[string]string{"a.yml": web + "    policies:\n      - name: p\n        step:\n          adjustment_type: ChangeInCapacity\n          steps: [{lower: 0, upper: 10, adjustment: 1}, {lower: 20, adjustment: 2}]\n"},
			"steps must meet without gaps or overlaps: one ends at 10 and the next starts at 20", "a.yml:7"},
		{"request label", map[string]string{"a.yml": "groups:\n  - select: {tags: {Tier: worker}}\n    policies:\n      - name: p\n        target_tracking: {metric: ALBRequestCountPerTarget, target: 100}\n"},
			"solemate-workers-prod has 0 target groups: name the one to follow with target_group", "a.yml:5"},
		{"cron", map[string]string{"a.yml": web + "    scheduled_actions:\n      - name: s\n        recurrence: \"0 25 * * *\"\n        min: 1\n"},
			`recurrence "0 25 * * *": hour field "25"`, "a.yml:5"},
		{"zone", map[string]string{"a.yml": web + "    scheduled_actions:\n      - name: s\n        recurrence: \"0 8 * * *\"\n        time_zone: Mars/Olympus\n        min: 1\n"},
			`time zone "Mars/Olympus" is not one AWS knows`, "a.yml:6"},
		{"period", map[string]string{"a.yml": "alerts:\n  - {name: a, namespace: AWS/EC2, metric: CPUUtilization, statistic: Average, period_seconds: 45, evaluation_periods: 1, threshold: 1, comparison: GreaterThanThreshold}\n"},
			"period_seconds 45 must be 10, 20, 30 or a multiple of 60", "a.yml:2"},
		{"alarm name per group", map[string]string{"a.yml": "groups:\n  - select: {pattern: \"solemate-*\"}\n    alerts:\n      - {name: cpu, namespace: AWS/EC2, metric: CPUUtilization, statistic: Average, period_seconds: 60, evaluation_periods: 1, threshold: 1, comparison: GreaterThanThreshold}\n"},
			`alarm name "cpu" would be the same for the 7 groups the block selects: put {group} in it`, "a.yml:4"},
		{"placeholder at top", map[string]string{"a.yml": "alerts:\n  - {name: \"{group}-x\", namespace: AWS/EC2, metric: CPUUtilization, statistic: Average, period_seconds: 60, evaluation_periods: 1, threshold: 1, comparison: GreaterThanThreshold}\n"},
			"{group} has nothing to stand for here", "a.yml:2"},
		{"unmanaged delete", map[string]string{"a.yml": "alerts:\n  - name: solemate-web-5xx-high\n    absent: true\n"},
			"alarm solemate-web-5xx-high was not made by hoist (it has no hoist:managed tag), and hoist deletes only its own alarms", "a.yml:3"},
		{"unknown target group", map[string]string{"a.yml": "target_groups:\n  - name: nope\n    attributes: {stickiness.enabled: true}\n"},
			`no target group named "nope"`, "a.yml:2"},
		{"attribute", map[string]string{"a.yml": "target_groups:\n  - name: solemate-web-tg\n    attributes: {stickiness.lb_cookie.duration_seconds: 0}\n"},
			`stickiness.lb_cookie.duration_seconds must be a whole number from 1 to 604800, not "0"`, "a.yml:3"},
		{"health check timeout", map[string]string{"a.yml": "target_groups:\n  - name: solemate-web-tg\n    health_check: {interval_seconds: 5}\n"},
			"the health check timeout (5s) must be less than the interval (5s)", "a.yml:3"},
		{"tcp path", map[string]string{"a.yml": "target_groups:\n  - name: solemate-cache-tg\n    health_check: {path: /x}\n"},
			"a TCP health check has no path or success codes", "a.yml:3"},
		{"attribute for the protocol", map[string]string{"a.yml": "target_groups:\n  - name: solemate-cache-tg\n    attributes: {load_balancing.algorithm.type: round_robin}\n"},
			`hoist does not change "load_balancing.algorithm.type" on a TCP target group`, "a.yml:3"},
		{"health check protocol", map[string]string{"a.yml": "target_groups:\n  - name: solemate-web-tg\n    health_check: {protocol: HTTPS}\n"},
			"hoist does not change a health check's protocol (HTTP to HTTPS)", "a.yml:3"},
		{"dashboard tier", map[string]string{"a.yml": "dashboards:\n  - tier: nope\n"}, `no group has tier "nope"`, "a.yml:2"},
		{"termination policies empty", map[string]string{"a.yml": web + "    termination_policies: []\n"}, "termination_policies needs at least one policy", "a.yml:3"},
		{"grace out of range", map[string]string{"a.yml": web + "    health_check_grace_seconds: -5\n"}, "health_check_grace_seconds is -5; AWS takes 0 to", "a.yml:3"},
		{"math alarm two returns", map[string]string{"a.yml": mathAlarmFile("    return_data: true", "")},
			"exactly one of the metrics of alarm m must have return_data: true", "a.yml:3"},
		{"math alarm expression with a metric", map[string]string{"a.yml": mathAlarmFile("", "    namespace: AWS/EC2")},
			"metric e1 is an expression, so it takes no namespace", "a.yml:11"},
		{"math alarm and a metric", map[string]string{"a.yml": mathAlarmFile("", "") + "    statistic: Maximum\n"},
			"alarm m has metrics, so it takes no namespace, metric, dimensions, statistic", "a.yml:3"},
		{"math alarm placeholder", map[string]string{"a.yml": strings.Replace(mathAlarmFile("", ""), "web-prod", "{grup}", 1)},
			"unknown placeholder {grup}", "a.yml:7"},
		{"target tracking alarm name", map[string]string{"a.yml": "alerts:\n  - {name: TargetTracking-web-AlarmHigh-1, namespace: AWS/EC2, metric: CPUUtilization, statistic: Average, period_seconds: 60, evaluation_periods: 1, threshold: 1, comparison: GreaterThanThreshold}\n"},
			"alarm names starting TargetTracking- belong to target tracking policies", "a.yml:2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var docs []*Doc
			var err error
			for _, name := range slices.Sorted(maps.Keys(tc.files)) {
				var d *Doc
				if d, err = Parse(name, []byte(tc.files[name])); err != nil {
					break
				}
				docs = append(docs, d)
			}
			if err == nil {
				_, err = Resolve(docs, fixtureLive(), Options{ValidZone: func(z string) bool { return !strings.HasPrefix(z, "Mars/") }})
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *spec.Error", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tc.pos) || !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("got  %q\nwant %s...%s, one line", msg, tc.pos, tc.want)
			}
		})
	}
}

// mathAlarmFile is a metric math alarm in a file, with extra lines after
// the first metric's and the expression's fields.
func mathAlarmFile(afterM1, afterE1 string) string {
	lines := []string{"alerts:", "  - name: m", "    metrics:",
		"      - id: m1", "        namespace: AWS/AutoScaling", "        metric: GroupDesiredCapacity",
		"        dimensions: {AutoScalingGroupName: \"web-prod\"}", "        statistic: Maximum", "        period_seconds: 60"}
	if afterM1 != "" {
		lines = append(lines, "    "+afterM1)
	}
	lines = append(lines, "      - id: e1", "        expression: m1 * 2", "        return_data: true")
	if afterE1 != "" {
		lines = append(lines, "    "+afterE1)
	}
	lines = append(lines, "    evaluation_periods: 5", "    threshold: 0", "    comparison: GreaterThanThreshold")
	return strings.Join(lines, "\n") + "\n"
}
