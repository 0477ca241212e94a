package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	"github.com/solemate/hoist/model/spec"
)

// recommendationFiles turns each recommendation the configuration files
// can say into a file of its own (a minimum, a policy's target or mode, a
// new policy or scheduled action), so `hoist plan -f DIR` reviews them
// and `hoist apply -f DIR` makes them. The others (an instance type, a
// Spot mix: vertical scaling) are returned as left out. Held-back
// recommendations are neither.
func recommendationFiles(recs []insight.Recommendation, live *model.LiveConfig) (files []spec.OutFile, left []insight.Recommendation) {
	for _, r := range recs {
		if r.HeldBack != "" {
			continue
		}
		b := spec.GroupBlock{Select: spec.Selector{Name: r.Group}}
		ok := true
		for _, c := range r.Changes {
			ok = ok && applyChange(&b, c, live)
		}
		if !ok {
			left = append(left, r)
			continue
		}
		files = append(files, spec.OutFile{Path: fileSafe(r.Kind + "-" + r.Group + ".yml"), File: spec.File{Groups: []spec.GroupBlock{b}}})
	}
	return files, left
}

// applyChange sets in b what c changes; false when the format cannot say it.
func applyChange(b *spec.GroupBlock, c insight.Change, live *model.LiveConfig) bool {
	switch {
	case c.Resource == insight.ResGroup && c.Op == insight.OpChange:
		for _, f := range c.Fields {
			n, err := strconv.Atoi(f.After)
			switch {
			case err != nil:
				return false
			case f.Field == "min":
				b.Min = &n
			case f.Field == "max":
				b.Max = &n
			case f.Field == "desired":
				b.Desired = &n
			default:
				return false
			}
		}
		return true
	case c.Resource == insight.ResPolicy && c.Op == insight.OpChange:
		return changePolicy(b, c, live)
	case c.Resource == insight.ResPolicy && c.Op == insight.OpAdd:
		p := model.PolicySpec{Name: c.Name, Predictive: &model.PredictiveSpec{}}
		for _, f := range c.Fields {
			switch f.Field {
			case "metric":
				p.Predictive.Metric = f.After
			case "mode":
				p.Predictive.Mode = f.After
			case "target":
				v, err := strconv.ParseFloat(f.After, 64)
				if err != nil {
					return false
				}
				p.Predictive.Target = v
			case "resource_label": // app/LB/ID/targetgroup/NAME/ID: the file names the target group
				parts := strings.Split(f.After, "/")
				if len(parts) < 6 || parts[3] != "targetgroup" {
					return false
				}
				p.Predictive.TargetGroup = parts[4]
			}
		}
		b.Policies = append(b.Policies, p)
		return true
	case c.Resource == insight.ResSchedule && c.Op == insight.OpAdd:
		return addSchedule(b, c)
	}
	return false
}

// changePolicy puts the whole policy as AWS holds it, with the field
// changed: a file's policy is the policy, not a patch.
func changePolicy(b *spec.GroupBlock, c insight.Change, live *model.LiveConfig) bool {
	for _, p := range live.Policies[c.Group] {
		if p.Name != c.Name {
			continue
		}
		p = p.Normal()
		for _, f := range c.Fields {
			switch {
			case f.Field == "target" && (p.TargetTracking != nil || p.Predictive != nil):
				v, err := strconv.ParseFloat(f.After, 64)
				if err != nil {
					return false
				}
				if p.TargetTracking != nil {
					p.TargetTracking.Target = v
				} else {
					p.Predictive.Target = v
				}
			case f.Field == "mode" && p.Predictive != nil:
				p.Predictive.Mode = f.After
			default:
				return false
			}
		}
		b.Policies = append(b.Policies, p)
		return true
	}
	return false
}

func addSchedule(b *spec.GroupBlock, c insight.Change) bool {
	s := model.ScheduleSpec{Name: c.Name}
	for _, f := range c.Fields {
		switch f.Field {
		case "recurrence":
			s.Recurrence = f.After
		case "time_zone":
			s.TimeZone = f.After
		case "start":
			s.Start = f.After
		case "min", "max", "desired":
			n, err := strconv.Atoi(f.After)
			if err != nil {
				return false
			}
			switch f.Field {
			case "min":
				s.Min = &n
			case "max":
				s.Max = &n
			default:
				s.Desired = &n
			}
		default:
			return false
		}
	}
	b.ScheduledActions = append(b.ScheduledActions, s)
	return true
}

// fileSafe keeps a file name to letters, digits, dot, dash and underscore:
// group names come from AWS.
func fileSafe(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, name)
}

// writeRecommendationFiles writes the files into dir (created if need be),
// each under a comment with its recommendation's title, saving and risk.
func writeRecommendationFiles(dir string, files []spec.OutFile, recs []insight.Recommendation, where model.Where) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	byPath := map[string]insight.Recommendation{}
	for _, r := range recs {
		byPath[fileSafe(r.Kind+"-"+r.Group+".yml")] = r
	}
	for _, f := range files {
		r := byPath[f.Path]
		var b bytes.Buffer
		fmt.Fprintf(&b, "# Recommended by hoist from %s: %s.\n", where, comment(r.Title))
		if r.SavingPerMonth > 0 {
			fmt.Fprintf(&b, "# Saves about $%.2f a month. ", r.SavingPerMonth)
		} else {
			b.WriteString("# ")
		}
		fmt.Fprintf(&b, "Risk: %s\n# Review: hoist plan -f %s; make it: hoist apply -f %s\n", comment(r.Risk), dir, dir)
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(f.File); err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f.Path), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// comment keeps text on its comment line: a newline in an AWS name
// would end it.
func comment(s string) string { return strings.Join(strings.Fields(s), " ") }
