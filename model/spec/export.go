package spec

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/solemate/hoist/model"
)

// ExportFilter narrows an export to one group or one tier ("" for all).
type ExportFilter struct {
	Group, Tier string
}

// OutFile is one file an export writes, its path relative to the export
// directory.
type OutFile struct {
	Path string
	File File
	// Notes are comments at the top of the file.
	Notes []string
}

// Export writes the live configuration in the file format, one file per
// group (groups/NAME.yml: limits, settings, processes, policies and
// scheduled actions), the target groups in front of them
// (loadbalancer.yml), the alarms hoist manages (alerts/managed.yml) and its
// dashboards (dashboards.yml). Planning the export against the same live
// configuration changes nothing. Desired capacity is left out: the
// group's policies own it, and a file that pins it fights them.
func Export(live *model.LiveConfig, f ExportFilter) ([]OutFile, error) {
	var out []OutFile
	var tgARNs []string
	used := map[string]bool{}
	tiers := map[string]bool{}
	for i := range live.Groups {
		g := &live.Groups[i]
		if (f.Group != "" && g.Name != f.Group) || (f.Tier != "" && g.TierOrUntiered() != f.Tier) {
			continue
		}
		tiers[g.Tier] = true
		for _, arn := range g.TargetGroupARNs {
			if !slices.Contains(tgARNs, arn) {
				tgARNs = append(tgARNs, arn)
			}
		}
		out = append(out, OutFile{Path: "groups/" + fileName(g.Name, used) + ".yml", File: File{Groups: []GroupBlock{exportGroup(g, live)}}})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no group to export in %s%s", live.Where, filterText(f))
	}
	if tgs := exportTargetGroups(live, tgARNs); len(tgs) > 0 {
		out = append(out, OutFile{Path: "loadbalancer.yml", File: File{TargetGroups: tgs}})
	}
	if f.Group == "" && f.Tier == "" {
		if alarms := exportAlarms(live); len(alarms) > 0 {
			out = append(out, OutFile{Path: "alerts/managed.yml", File: File{Alerts: alarms}})
		}
	}
	if ds := exportDashboards(live, tiers); len(ds) > 0 {
		out = append(out, OutFile{Path: "dashboards.yml", File: File{Dashboards: ds}})
	}
	return out, nil
}

func filterText(f ExportFilter) string {
	switch {
	case f.Group != "":
		return " named " + f.Group
	case f.Tier != "":
		return " with tier " + f.Tier
	}
	return ""
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileName makes a group name safe as a file name, unique among used.
func fileName(name string, used map[string]bool) string {
	base := strings.Trim(unsafeName.ReplaceAllString(name, "_"), "._")
	if base == "" {
		base = "group"
	}
	if len(base) > 100 {
		base = base[:100]
	}
	n := base
	for i := 2; used[n]; i++ {
		n = fmt.Sprintf("%s-%d", base, i)
	}
	used[n] = true
	return n
}

func exportGroup(g *model.Group, live *model.LiveConfig) GroupBlock {
	s := model.GroupSettingsOf(g)
	s.Min, s.Max = &g.Min, &g.Max
	s.SuspendedProcesses = sortedSet(orEmpty(g.Suspended))
	if len(g.TerminationPolicies) == 0 {
		s.TerminationPolicies = nil
	}
	b := GroupBlock{Select: Selector{Name: g.Name}, GroupSettings: s}
	for _, p := range sortedByName(live.Policies[g.Name], func(p model.PolicySpec) string { return p.Name }) {
		b.Policies = append(b.Policies, compactPolicy(p.Normal()))
	}
	for _, a := range sortedByName(live.Scheduled[g.Name], func(a model.ScheduleSpec) string { return a.Name }) {
		a = a.Normal()
		if a.Recurrence != "" {
			a.Start = "" // the next run, as AWS reports it; not part of the action
		}
		b.ScheduledActions = append(b.ScheduledActions, a)
	}
	return b
}

func sortedByName[T any](s []T, name func(T) string) []T {
	out := slices.Clone(s)
	slices.SortFunc(out, func(a, b T) int { return strings.Compare(name(a), name(b)) })
	return out
}

// compactPolicy leaves out what AWS assumes anyway, so an exported file
// says only what was chosen.
func compactPolicy(p model.PolicySpec) model.PolicySpec {
	if p.Enabled != nil && *p.Enabled {
		p.Enabled = nil
	}
	if p.Step != nil && p.Step.MetricAggregation == "Average" {
		p.Step.MetricAggregation = ""
	}
	if p.Predictive != nil && p.Predictive.MaxCapacityBreach == "HonorMaxCapacity" {
		p.Predictive.MaxCapacityBreach = ""
	}
	if p.Predictive != nil && p.Predictive.SchedulingBufferSeconds != nil && *p.Predictive.SchedulingBufferSeconds == model.DefaultSchedulingBuffer {
		p.Predictive.SchedulingBufferSeconds = nil
	}
	return p
}

func exportTargetGroups(live *model.LiveConfig, arns []string) []TargetGroupBlock {
	var out []TargetGroupBlock
	for _, arn := range arns {
		tg, ok := live.TargetGroupByARN(arn)
		if !ok {
			continue
		}
		hc := model.HealthCheckSpecOf(tg.HealthCheck)
		b := TargetGroupBlock{Name: tg.Name, HealthCheck: &hc}
		for k, v := range tg.Attributes {
			if checkAttribute(tg, k, v) == nil {
				if b.Attributes == nil {
					b.Attributes = map[string]string{}
				}
				b.Attributes[k] = v
			}
		}
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b TargetGroupBlock) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// exportAlarms writes the alarms hoist manages; others belong to whoever
// made them (a target tracking policy, another tool) and stay out.
func exportAlarms(live *model.LiveConfig) []model.AlarmSpec {
	var out []model.AlarmSpec
	for _, a := range live.Alarms {
		if !a.Managed() {
			continue
		}
		s := a.AlarmSpec.Normal()
		if *s.DatapointsToAlarm == s.EvaluationPeriods {
			s.DatapointsToAlarm = nil
		}
		if s.TreatMissingData == "missing" {
			s.TreatMissingData = ""
		}
		if *s.ActionsEnabled {
			s.ActionsEnabled = nil
		}
		out = append(out, s)
	}
	return sortedByName(out, func(a model.AlarmSpec) string { return a.Name })
}

func exportDashboards(live *model.LiveConfig, tiers map[string]bool) []model.DashboardSpec {
	var out []model.DashboardSpec
	for name := range live.Dashboards {
		tier, ok := strings.CutPrefix(name, model.DashboardPrefix)
		if ok && tier != "" && tiers[tier] {
			out = append(out, model.DashboardSpec{Tier: tier})
		}
	}
	return sortedByName(out, func(d model.DashboardSpec) string { return d.Tier })
}

// ConsoleAlarmsFile is the console's rules as alarms (ConsoleAlarms), as
// the file an export adds: alerts/console.yml.
func ConsoleAlarmsFile(live *model.LiveConfig, f ExportFilter, th model.AlertThresholds, channels []string) OutFile {
	alarms, notes := ConsoleAlarms(live, f, th, channels)
	return OutFile{Path: "alerts/console.yml", File: File{Alerts: alarms},
		Notes: append([]string{"The console's own alert rules as CloudWatch alarms (hoist export --alarms)."}, notes...)}
}

// Notes are the notes of every file, in order.
func Notes(files []OutFile) []string {
	var out []string
	for _, o := range files {
		out = append(out, o.Notes...)
	}
	return out
}

// Merge puts exported files into one, for an export to standard output.
func Merge(files []OutFile) File {
	var f File
	for _, o := range files {
		f.Groups = append(f.Groups, o.File.Groups...)
		f.TargetGroups = append(f.TargetGroups, o.File.TargetGroups...)
		f.Alerts = append(f.Alerts, o.File.Alerts...)
		f.Dashboards = append(f.Dashboards, o.File.Dashboards...)
	}
	return f
}

// Marshal writes a file in the format, two-space indented, under a
// comment saying where it came from and the notes given.
func Marshal(f File, where model.Where, notes ...string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Exported by hoist from %s.\n", where)
	b.WriteString("# Schema: docs/schema/hoist.schema.json. Desired capacity is left out: the policies own it.\n")
	for _, n := range notes {
		b.WriteString("# " + n + "\n")
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
